// Pairings: writing them, reading them for anyone or their admins, visits and outcomes.
#include <algorithm>

#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/auth/auth.hpp"
#include "domain/helplist/internal.hpp"
#include "domain/merchant/photo.hpp"
#include "domain/org/org.hpp"

namespace gonghui::helplist {
namespace {

namespace bj = boost::json;

constexpr int64_t kMaxFundFen = 100'000'000'000;

bj::object snapshot(const Pairing& p) {
  return {{"org_id", id_string(p.org_id)},
          {"village", p.village},
          {"region", p.region},
          {"fund_fen", p.fund_fen},
          {"status", enum_name(p.status)},
          {"secretary_name", p.secretary_name}};
}

// The input checked, texts trimmed.
Result<PairingInput> checked(store::Tx& tx, const Principal& admin, PairingInput in) {
  auto org = org::require_in_scope(tx, admin, in.org_id);
  if (!org.ok() && org.error().kind == ErrorKind::kNotFound) {
    return Error::invalid("org_id", "unknown_org", "no union has that id");
  }
  GH_TRY(org);
  GH_ASSIGN(in.village, json::checked_text(in.village, "village", 40));
  GH_ASSIGN(in.region, json::checked_text(in.region, "region", 60));
  GH_ASSIGN(in.description, json::checked_text(in.description, "description", 2000, false));
  GH_ASSIGN(in.secretary_name, json::checked_text(in.secretary_name, "secretary_name", 30, false));
  GH_ASSIGN(in.secretary_org, json::checked_text(in.secretary_org, "secretary_org", 60, false));
  if (in.fund_fen < 0 || in.fund_fen > kMaxFundFen) {
    return Error::invalid("fund_fen", "invalid_amount", "fund_fen is 0 to 10^11");
  }
  if (!in.secretary_phone.empty() && !auth::valid_phone(in.secretary_phone)) {
    return Error::invalid("secretary_phone", "invalid_phone", "not a mainland mobile number");
  }
  return in;
}

Status check_day(int64_t day, int64_t now, std::string_view field) {
  if (day > now) {
    return Error::invalid(std::string(field), "in_future",
                          std::string(field) + " is in the future");
  }
  return Status::Ok();
}

}  // namespace

Result<Pairing> create_pairing(store::Tx& tx, const Principal& admin, const PairingInput& input,
                               int64_t now) {
  GH_ASSIGN(PairingInput in, checked(tx, admin, input));
  const int64_t id = new_id();
  GH_TRY(
      tx.exec("INSERT INTO helplist_pairings (id, org_id, village, region, description, "
              "fund_fen, started_on, secretary_name, secretary_org, secretary_phone, status, "
              "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {id, in.org_id, in.village, in.region, in.description, in.fund_fen, in.started_on,
               in.secretary_name, in.secretary_org, in.secretary_phone,
               std::string(enum_name(in.status)), now, now}));
  GH_ASSIGN(Pairing p, internal::load_pairing(tx, id));
  GH_TRY(audit::record(tx, admin, "pairing.create", "pairing", id_string(id), p.org_id, nullptr,
                       snapshot(p)));
  return get_pairing(tx, &admin, id, true);
}

Result<Pairing> update_pairing(store::Tx& tx, const Principal& admin, int64_t id,
                               const PairingInput& input, int64_t now) {
  GH_ASSIGN(Pairing before, internal::pairing_for_admin(tx, admin, id));
  GH_ASSIGN(PairingInput in, checked(tx, admin, input));
  GH_TRY(
      tx.exec("UPDATE helplist_pairings SET org_id = ?, village = ?, region = ?, "
              "description = ?, fund_fen = ?, started_on = ?, secretary_name = ?, "
              "secretary_org = ?, secretary_phone = ?, status = ?, updated_at = ? WHERE id = ?",
              {in.org_id, in.village, in.region, in.description, in.fund_fen, in.started_on,
               in.secretary_name, in.secretary_org, in.secretary_phone,
               std::string(enum_name(in.status)), now, id}));
  GH_ASSIGN(Pairing after, internal::load_pairing(tx, id));
  GH_TRY(audit::record(tx, admin, "pairing.update", "pairing", id_string(id), after.org_id,
                       snapshot(before), snapshot(after)));
  return get_pairing(tx, &admin, id, true);
}

Result<std::vector<Pairing>> list_pairings(store::Tx& tx, const Principal* admin) {
  std::vector<Pairing> found;
  const std::string order =
      " ORDER BY CASE WHEN p.status = 'active' THEN 0 ELSE 1 END, p.village, p.id";
  if (admin == nullptr) {
    GH_ASSIGN(found, internal::pairings_where(tx, order, {}));
  } else {
    GH_ASSIGN(org::Org scope, org::admin_scope(tx, *admin));
    const org::PathRange range = org::range_of(scope.path);
    GH_ASSIGN(found, internal::pairings_where(tx, "WHERE o.path >= ? AND o.path < ?" + order,
                                              {range.lower, range.upper}));
  }
  for (Pairing& p : found) {
    GH_TRY(internal::fill_aggregates(tx, p));
    if (admin == nullptr) p.secretary_phone.clear();
  }
  return found;
}

Result<Pairing> get_pairing(store::Tx& tx, const Principal* viewer, int64_t id,
                            bool require_admin) {
  GH_ASSIGN(Pairing p, internal::load_pairing(tx, id));
  GH_ASSIGN(p.can_manage, internal::administers(tx, viewer, p.org_id));
  if (require_admin && !p.can_manage) return Error::forbidden("not an admin of this pairing");
  GH_TRY(internal::fill_aggregates(tx, p));
  GH_ASSIGN(p.needs_list, internal::needs_of(tx, id, p.can_manage));
  GH_ASSIGN(store::Rows visits,
            tx.query("SELECT id, visited_on, visitors, households_visited, notes, "
                     "created_by_name FROM helplist_visits WHERE pairing_id = ? ORDER BY "
                     "visited_on DESC, id DESC",
                     {id}));
  for (const store::Row& row : visits) {
    p.visits_list.push_back({row.integer(0), row.integer(1), row.text(2), row.integer(3),
                             p.can_manage ? row.text(4) : std::string(), row.text(5)});
  }
  GH_ASSIGN(store::Rows outcomes,
            tx.query("SELECT id, need_id, title, kind, income_fen_per_year, quantity, unit, "
                     "evidence, photo_ids, recorded_on, by_whom FROM helplist_outcomes WHERE "
                     "pairing_id = ? ORDER BY recorded_on, id",
                     {id}));
  for (const store::Row& row : outcomes) {
    Outcome o{row.integer(0),      row.integer(1), row.text(2),
              OutcomeKind::kOther, row.integer(4), row.integer(5),
              row.text(6),         row.text(7),    store::split_ids(row.text(8)),
              row.integer(9),      row.text(10)};
    o.kind = parse_enum<OutcomeKind>(row.text(3)).value_or(OutcomeKind::kOther);
    p.outcomes.push_back(std::move(o));
  }
  if (!p.can_manage) p.secretary_phone.clear();
  return p;
}

Result<Visit> add_visit(store::Tx& tx, const Principal& admin, int64_t pairing_id,
                        const VisitInput& input, int64_t now) {
  GH_ASSIGN(Pairing p, internal::pairing_for_admin(tx, admin, pairing_id));
  GH_TRY(check_day(input.visited_on, now, "visited_on"));
  GH_ASSIGN(std::string visitors, json::checked_text(input.visitors, "visitors", 200));
  GH_ASSIGN(std::string notes, json::checked_text(input.notes, "notes", 2000, false));
  if (input.households_visited < 0 || input.households_visited > 10000) {
    return Error::invalid("households_visited", "invalid_field", "0 to 10000");
  }
  Visit v{new_id(), input.visited_on, visitors, input.households_visited, notes, admin.name};
  GH_TRY(
      tx.exec("INSERT INTO helplist_visits (id, pairing_id, visited_on, visitors, "
              "households_visited, notes, created_by_name, created_at) VALUES (?, ?, ?, ?, ?, "
              "?, ?, ?)",
              {v.id, pairing_id, v.visited_on, v.visitors, v.households_visited, v.notes,
               admin.name, now}));
  GH_TRY(audit::record(tx, admin, "pairing.visit", "pairing", id_string(pairing_id), p.org_id,
                       nullptr,
                       bj::object{{"visit_id", id_string(v.id)},
                                  {"visited_on", format_local_date(v.visited_on)},
                                  {"households_visited", v.households_visited}}));
  return v;
}

Result<Outcome> add_outcome(store::Tx& tx, const Principal& admin, int64_t pairing_id,
                            const OutcomeInput& in, int64_t now) {
  GH_ASSIGN(Pairing p, internal::pairing_for_admin(tx, admin, pairing_id));
  Outcome o;
  o.id = new_id();
  GH_ASSIGN(o.title, json::checked_text(in.title, "title", 60));
  GH_ASSIGN(o.evidence, json::checked_text(in.evidence, "evidence", 500));
  GH_ASSIGN(o.by, json::checked_text(in.by, "by", 60, false));
  GH_ASSIGN(o.unit, json::checked_text(in.unit, "unit", 8, false));
  if (in.kind == OutcomeKind::kIncome
          ? in.income_fen_per_year <= 0 || in.income_fen_per_year > kMaxFundFen
          : in.income_fen_per_year < 0 || in.income_fen_per_year > kMaxFundFen) {
    return Error::invalid("income_fen_per_year", "invalid_amount",
                          "an income outcome adds more than 0 a year");
  }
  if (in.quantity < 0 || in.quantity > 1'000'000'000) {
    return Error::invalid("quantity", "invalid_quantity", "0 to 10^9");
  }
  if (in.photo_ids.size() > 9) return Error::invalid("photo_ids", "too_many", "at most 9 photos");
  GH_TRY(merchant::check_photo_ids(tx, in.photo_ids, "photo_ids"));
  GH_TRY(check_day(in.recorded_on, now, "recorded_on"));
  if (in.need_id != 0) {
    auto need = internal::load_need(tx, in.need_id);
    if (!need.ok() || need->pairing_id != pairing_id) {
      return Error::invalid("need_id", "unknown_need", "no need of this pairing has that id");
    }
  }
  o.need_id = in.need_id;
  o.kind = in.kind;
  o.income_fen_per_year = in.income_fen_per_year;
  o.quantity = in.quantity;
  o.photo_ids = in.photo_ids;
  o.recorded_on = in.recorded_on;
  GH_TRY(
      tx.exec("INSERT INTO helplist_outcomes (id, pairing_id, need_id, title, kind, "
              "income_fen_per_year, quantity, unit, evidence, photo_ids, recorded_on, by_whom, "
              "created_by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {o.id, pairing_id, o.need_id, o.title, std::string(enum_name(o.kind)),
               o.income_fen_per_year, o.quantity, o.unit, o.evidence, store::join_ids(o.photo_ids),
               o.recorded_on, o.by, admin.name, now}));
  GH_TRY(audit::record(tx, admin, "pairing.outcome", "pairing", id_string(pairing_id), p.org_id,
                       nullptr,
                       bj::object{{"outcome_id", id_string(o.id)},
                                  {"title", o.title},
                                  {"income_fen_per_year", o.income_fen_per_year}}));
  return o;
}

}  // namespace gonghui::helplist
