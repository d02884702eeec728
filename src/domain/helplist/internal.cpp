// Loading pairings and needs with their parts, and who administers a pairing.
#include "domain/helplist/internal.hpp"

#include "core/id.hpp"
#include "domain/org/org.hpp"

namespace gonghui::helplist {

bool Task::open(int64_t now) const {
  return taken < slots && now < starts_at &&
         (need_status == NeedStatus::kOpen || need_status == NeedStatus::kInProgress);
}

namespace internal {
namespace {

constexpr std::string_view kSelectProgress =
    "SELECT id, at, kind, text, photo_ids, delivered_quantity, actor_name FROM helplist_progress";
using ProgressFields =
    store::Fields<&Progress::id, &Progress::at, &Progress::kind, &Progress::text,
                  &Progress::photo_ids, &Progress::delivered_quantity, &Progress::actor_name>;
static_assert(ProgressFields::matches(kSelectProgress));

constexpr std::string_view kSelectFulfilment =
    "SELECT f.id, f.need_id, f.kind, f.purchase_id, COALESCE(pu.product_name || ' · ' || "
    "pu.supplier_name, ''), f.amount_fen, f.description, f.donor, f.recorded_on, "
    "f.created_by_name FROM helplist_fulfilments f LEFT JOIN purchases pu ON pu.id = f.purchase_id";
using FulfilmentFields =
    store::Fields<&Fulfilment::id, &Fulfilment::need_id, &Fulfilment::kind,
                  &Fulfilment::purchase_id, &Fulfilment::purchase_title, &Fulfilment::amount_fen,
                  &Fulfilment::description, &Fulfilment::donor, &Fulfilment::recorded_on,
                  &Fulfilment::created_by_name>;
static_assert(FulfilmentFields::matches(kSelectFulfilment));

constexpr std::string_view kSelectTask =
    "SELECT t.id, t.need_id, n.pairing_id, p.village, p.org_id, t.title, t.place, t.starts_at, "
    "t.slots, t.taken, n.status FROM helplist_tasks t JOIN helplist_needs n ON n.id = t.need_id "
    "JOIN helplist_pairings p ON p.id = n.pairing_id";
using TaskFields = store::Fields<&Task::id, &Task::need_id, &Task::pairing_id, &Task::village,
                                 &Task::org_id, &Task::title, &Task::place, &Task::starts_at,
                                 &Task::slots, &Task::taken, &Task::need_status>;
static_assert(TaskFields::matches(kSelectTask));

int64_t first(const store::Rows& rows) { return rows.empty() ? 0 : rows[0].integer(0); }

}  // namespace

Result<std::vector<Pairing>> pairings_where(store::Tx& tx, const std::string& where,
                                            const store::Params& params) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kSelectPairing) + " " + where, params));
  std::vector<Pairing> out;
  for (const store::Row& row : rows) out.push_back(PairingFields::read(row));
  return out;
}

Result<Pairing> load_pairing(store::Tx& tx, int64_t id) {
  GH_ASSIGN(std::vector<Pairing> found, pairings_where(tx, "WHERE p.id = ?", {id}));
  if (found.empty()) return Error::not_found("pairing");
  return std::move(found.front());
}

Status fill_aggregates(store::Tx& tx, Pairing& p) {
  GH_ASSIGN(store::Rows counts,
            tx.query("SELECT status, COUNT(*) FROM helplist_needs WHERE pairing_id = ? GROUP BY "
                     "status",
                     {p.id}));
  p.needs = {};
  for (const store::Row& row : counts) {
    const auto status = parse_enum<NeedStatus>(row.text(0));
    int64_t& slot = !status                              ? p.needs.open
                    : *status == NeedStatus::kInProgress ? p.needs.in_progress
                    : *status == NeedStatus::kDone       ? p.needs.done
                    : *status == NeedStatus::kAccepted   ? p.needs.accepted
                                                         : p.needs.open;
    slot = row.integer(1);
  }
  GH_ASSIGN(store::Rows households,
            tx.query("SELECT COUNT(*) FROM helplist_households WHERE pairing_id = ?", {p.id}));
  p.households = first(households);
  GH_ASSIGN(store::Rows visits,
            tx.query("SELECT COUNT(*) FROM helplist_visits WHERE pairing_id = ?", {p.id}));
  p.visits = first(visits);
  GH_ASSIGN(store::Rows spent,
            tx.query("SELECT COALESCE(SUM(f.amount_fen), 0) FROM helplist_fulfilments f JOIN "
                     "helplist_needs n ON n.id = f.need_id WHERE n.pairing_id = ? AND f.kind IN "
                     "('purchase', 'fund')",
                     {p.id}));
  p.spent_fen = first(spent);
  GH_ASSIGN(store::Rows minutes,
            tx.query("SELECT COALESCE(SUM(v.minutes), 0) FROM helplist_volunteers v JOIN "
                     "helplist_tasks t ON t.id = v.task_id JOIN helplist_needs n ON n.id = "
                     "t.need_id WHERE n.pairing_id = ?",
                     {p.id}));
  p.volunteer_minutes = first(minutes);
  GH_ASSIGN(store::Rows income,
            tx.query("SELECT COALESCE(SUM(income_fen_per_year), 0) FROM helplist_outcomes WHERE "
                     "pairing_id = ?",
                     {p.id}));
  p.income_fen_per_year = first(income);
  return Status::Ok();
}

Result<bool> administers(store::Tx& tx, const Principal* principal, int64_t org_id) {
  if (principal == nullptr) return false;
  if (!principal->has(Role::kOrgAdmin) && !principal->has(Role::kPlatformAdmin)) {
    return false;
  }
  auto in_scope = org::require_in_scope(tx, *principal, org_id);
  if (in_scope.ok()) return true;
  if (in_scope.error().kind == ErrorKind::kForbidden) return false;
  return in_scope.error();
}

Result<Need> load_need(store::Tx& tx, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kSelectNeed) + " WHERE n.id = ?", {id}));
  if (rows.empty()) return Error::not_found("need");
  return NeedFields::read(rows[0]);
}

Result<Pairing> pairing_for_admin(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Pairing p, load_pairing(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, p.org_id));
  return p;
}

Result<NeedOf> need_for_admin(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Need need, load_need(tx, id));
  GH_ASSIGN(Pairing p, pairing_for_admin(tx, admin, need.pairing_id));
  return NeedOf{std::move(need), std::move(p)};
}

Status fill_need(store::Tx& tx, Need& n, bool with_households) {
  GH_ASSIGN(store::Rows households,
            tx.query("SELECT household_id FROM helplist_need_households WHERE need_id = ? ORDER "
                     "BY household_id",
                     {n.id}));
  n.households = static_cast<int64_t>(households.size());
  n.household_ids.clear();
  if (with_households) {
    for (const store::Row& row : households) n.household_ids.push_back(row.integer(0));
  }
  GH_ASSIGN(store::Rows progress,
            tx.query(std::string(kSelectProgress) + " WHERE need_id = ? ORDER BY id", {n.id}));
  n.progress.clear();
  for (const store::Row& row : progress) n.progress.push_back(ProgressFields::read(row));
  GH_ASSIGN(
      store::Rows fulfilments,
      tx.query(std::string(kSelectFulfilment) + " WHERE f.need_id = ? ORDER BY f.id", {n.id}));
  n.fulfilments.clear();
  n.funded_fen = 0;
  for (const store::Row& row : fulfilments) {
    n.fulfilments.push_back(FulfilmentFields::read(row));
    if (n.fulfilments.back().kind != FulfilmentKind::kInKind) {
      n.funded_fen += n.fulfilments.back().amount_fen;
    }
  }
  GH_ASSIGN(n.tasks, tasks_where(tx, "WHERE t.need_id = ? ORDER BY t.starts_at, t.id", {n.id}));
  n.volunteer_minutes = 0;
  for (const Task& t : n.tasks) n.volunteer_minutes += t.volunteer_minutes;
  return Status::Ok();
}

Result<std::vector<Need>> needs_of(store::Tx& tx, int64_t pairing_id, bool with_households) {
  GH_ASSIGN(
      store::Rows rows,
      tx.query(std::string(kSelectNeed) + " WHERE n.pairing_id = ? ORDER BY n.id", {pairing_id}));
  std::vector<Need> out;
  for (const store::Row& row : rows) {
    out.push_back(NeedFields::read(row));
    GH_TRY(fill_need(tx, out.back(), with_households));
  }
  return out;
}

Status record_progress(store::Tx& tx, int64_t need_id, std::string_view kind, std::string_view text,
                       const std::vector<int64_t>& photo_ids, int64_t delivered,
                       const Principal& actor, int64_t now) {
  GH_TRY(
      tx.exec("INSERT INTO helplist_progress (id, need_id, at, kind, text, photo_ids, "
              "delivered_quantity, actor_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              {new_id(), need_id, now, std::string(kind), std::string(text),
               store::join_ids(photo_ids), delivered, actor.name}));
  return Status::Ok();
}

Result<std::vector<Task>> tasks_where(store::Tx& tx, const std::string& where,
                                      const store::Params& params) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kSelectTask) + " " + where, params));
  std::vector<Task> out;
  for (const store::Row& row : rows) {
    out.push_back(TaskFields::read(row));
    GH_ASSIGN(
        store::Rows minutes,
        tx.query("SELECT COALESCE(SUM(minutes), 0) FROM helplist_volunteers WHERE task_id = ?",
                 {out.back().id}));
    out.back().volunteer_minutes = first(minutes);
  }
  return out;
}

}  // namespace internal
}  // namespace gonghui::helplist
