// Needs on a help list: writing them, moving them through their states, progress updates and
// how they are met.
#include <set>

#include "core/id.hpp"
#include "core/json.hpp"
#include "domain/audit/audit.hpp"
#include "domain/helplist/internal.hpp"
#include "domain/merchant/photo.hpp"
#include "domain/org/org.hpp"

namespace gonghui::helplist {
namespace {

namespace bj = boost::json;

constexpr int64_t kMaxQuantity = 1'000'000'000;
constexpr int64_t kMaxFen = 100'000'000'000;

Result<NeedInput> checked(store::Tx& tx, int64_t pairing_id, NeedInput in) {
  GH_ASSIGN(in.title, json::checked_text(in.title, "title", 60));
  GH_ASSIGN(in.description, json::checked_text(in.description, "description", 2000, false));
  GH_ASSIGN(in.unit, json::checked_text(in.unit, "unit", 8));
  GH_ASSIGN(in.responsible, json::checked_text(in.responsible, "responsible", 60, false));
  if (in.target_quantity < 1 || in.target_quantity > kMaxQuantity) {
    return Error::invalid("target_quantity", "invalid_quantity", "1 to 10^9");
  }
  if (in.budget_fen < 0 || in.budget_fen > kMaxFen) {
    return Error::invalid("budget_fen", "invalid_amount", "0 to 10^11");
  }
  if (in.household_ids.size() > 500) {
    return Error::invalid("household_ids", "too_many", "at most 500 households");
  }
  std::set<int64_t> distinct(in.household_ids.begin(), in.household_ids.end());
  in.household_ids.assign(distinct.begin(), distinct.end());
  for (int64_t household : in.household_ids) {
    GH_ASSIGN(store::Rows found, tx.query("SELECT 1 FROM helplist_households WHERE id = ? AND "
                                          "pairing_id = ?",
                                          {household, pairing_id}));
    if (found.empty()) {
      return Error::invalid("household_ids", "unknown_household",
                            "no household of this pairing has that id");
    }
  }
  return in;
}

Status write_households(store::Tx& tx, int64_t need_id, const std::vector<int64_t>& households) {
  GH_TRY(tx.exec("DELETE FROM helplist_need_households WHERE need_id = ?", {need_id}));
  for (int64_t household : households) {
    GH_TRY(tx.exec("INSERT INTO helplist_need_households (need_id, household_id) VALUES (?, ?)",
                   {need_id, household}));
  }
  return Status::Ok();
}

bj::object snapshot(const Need& n) {
  return {{"category", enum_name(n.category)},
          {"title", n.title},
          {"target_quantity", n.target_quantity},
          {"unit", n.unit},
          {"delivered_quantity", n.delivered_quantity},
          {"budget_fen", n.budget_fen},
          {"status", enum_name(n.status)}};
}

// The need as its admins read it after a write.
Result<Need> reread(store::Tx& tx, int64_t id) {
  GH_ASSIGN(Need n, internal::load_need(tx, id));
  GH_TRY(internal::fill_need(tx, n, true));
  return n;
}

// Moves a need from `from` to `to` with a conditional UPDATE, appends `kind` to its timeline and
// audits `action`. 409 wrong_status when it is in another state, or was moved first.
Result<Need> move(store::Tx& tx, const Principal& admin, const internal::NeedOf& of,
                  NeedStatus from, NeedStatus to, std::string_view kind, const std::string& text,
                  std::string_view action, int64_t now) {
  if (of.need.status != from) {
    return Error::conflict("wrong_status", "the need is " + std::string(enum_name(of.need.status)));
  }
  GH_ASSIGN(int64_t changed,
            tx.exec("UPDATE helplist_needs SET status = ?, updated_at = ?, completed_by = CASE "
                    "WHEN ? = 1 THEN ? ELSE completed_by END WHERE id = ? AND status = ?",
                    {std::string(enum_name(to)), now, int64_t{to == NeedStatus::kDone},
                     admin.account_id, of.need.id, std::string(enum_name(from))}));
  if (changed == 0) return Error::conflict("wrong_status", "the need was moved by another request");
  GH_TRY(internal::record_progress(tx, of.need.id, kind, text, {}, 0, admin, now));
  GH_ASSIGN(Need after, reread(tx, of.need.id));
  GH_TRY(audit::record(tx, admin, action, "need", id_string(of.need.id), of.pairing.org_id,
                       snapshot(of.need), snapshot(after)));
  return after;
}

}  // namespace

Result<Need> add_need(store::Tx& tx, const Principal& admin, int64_t pairing_id,
                      const NeedInput& input, int64_t now) {
  GH_ASSIGN(Pairing p, internal::pairing_for_admin(tx, admin, pairing_id));
  if (p.status == PairingStatus::kEnded) {
    return Error::conflict("pairing_ended", "the pairing has ended");
  }
  GH_ASSIGN(NeedInput in, checked(tx, pairing_id, input));
  const int64_t id = new_id();
  GH_TRY(
      tx.exec("INSERT INTO helplist_needs (id, pairing_id, category, title, description, "
              "target_quantity, unit, delivered_quantity, budget_fen, deadline, responsible, "
              "status, completed_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, "
              "?, ?, 'open', 0, ?, ?)",
              {id, pairing_id, std::string(enum_name(in.category)), in.title, in.description,
               in.target_quantity, in.unit, in.budget_fen, in.deadline, in.responsible, now, now}));
  GH_TRY(write_households(tx, id, in.household_ids));
  GH_TRY(internal::record_progress(tx, id, "created", "", {}, 0, admin, now));
  GH_ASSIGN(Need n, reread(tx, id));
  GH_TRY(audit::record(tx, admin, "need.create", "need", id_string(id), p.org_id, nullptr,
                       snapshot(n)));
  return n;
}

Result<Need> update_need(store::Tx& tx, const Principal& admin, int64_t id, const NeedInput& input,
                         int64_t now) {
  GH_ASSIGN(internal::NeedOf of, internal::need_for_admin(tx, admin, id));
  if (of.need.status != NeedStatus::kOpen && of.need.status != NeedStatus::kInProgress) {
    return Error::conflict("wrong_status", "a done or accepted need is not changed");
  }
  GH_ASSIGN(NeedInput in, checked(tx, of.need.pairing_id, input));
  if (in.target_quantity < of.need.delivered_quantity) {
    return Error::invalid("target_quantity", "target_below_delivered",
                          "more than that has been delivered already");
  }
  GH_TRY(
      tx.exec("UPDATE helplist_needs SET category = ?, title = ?, description = ?, "
              "target_quantity = ?, unit = ?, budget_fen = ?, deadline = ?, responsible = ?, "
              "updated_at = ? WHERE id = ?",
              {std::string(enum_name(in.category)), in.title, in.description, in.target_quantity,
               in.unit, in.budget_fen, in.deadline, in.responsible, now, id}));
  GH_TRY(write_households(tx, id, in.household_ids));
  GH_ASSIGN(Need after, reread(tx, id));
  GH_TRY(audit::record(tx, admin, "need.update", "need", id_string(id), of.pairing.org_id,
                       snapshot(of.need), snapshot(after)));
  return after;
}

Result<Need> claim_need(store::Tx& tx, const Principal& admin, int64_t id,
                        const std::string& responsible_in, int64_t now) {
  GH_ASSIGN(internal::NeedOf of, internal::need_for_admin(tx, admin, id));
  GH_ASSIGN(std::string responsible, json::checked_text(responsible_in, "responsible", 60, false));
  if (responsible.empty()) responsible = of.need.responsible;
  if (responsible.empty()) {
    GH_ASSIGN(org::Org own, org::admin_scope(tx, admin));
    responsible = own.name;
  }
  if (of.need.status == NeedStatus::kOpen) {
    GH_TRY(tx.exec("UPDATE helplist_needs SET responsible = ? WHERE id = ? AND status = 'open'",
                   {responsible, id}));
  }
  return move(tx, admin, of, NeedStatus::kOpen, NeedStatus::kInProgress, "claimed", responsible,
              "need.claim", now);
}

Result<Need> complete_need(store::Tx& tx, const Principal& admin, int64_t id,
                           const std::string& note_in, int64_t now) {
  GH_ASSIGN(internal::NeedOf of, internal::need_for_admin(tx, admin, id));
  GH_ASSIGN(std::string note, json::checked_text(note_in, "note", 500, false));
  if (of.need.status == NeedStatus::kInProgress && of.need.delivered_quantity == 0) {
    return Error::conflict("nothing_delivered", "record what was delivered first");
  }
  return move(tx, admin, of, NeedStatus::kInProgress, NeedStatus::kDone, "completed", note,
              "need.complete", now);
}

Result<Need> accept_need(store::Tx& tx, const Principal& admin, int64_t id,
                         const std::string& note_in, int64_t now) {
  GH_ASSIGN(internal::NeedOf of, internal::need_for_admin(tx, admin, id));
  GH_ASSIGN(std::string note, json::checked_text(note_in, "note", 500, false));
  if (of.need.status == NeedStatus::kDone && of.need.completed_by == admin.account_id) {
    return Error{
        ErrorKind::kForbidden, "own_completion", "another admin accepts what you completed", {}};
  }
  return move(tx, admin, of, NeedStatus::kDone, NeedStatus::kAccepted, "accepted", note,
              "need.accept", now);
}

Result<Need> reject_need(store::Tx& tx, const Principal& admin, int64_t id,
                         const std::string& reason_in, int64_t now) {
  GH_ASSIGN(internal::NeedOf of, internal::need_for_admin(tx, admin, id));
  GH_ASSIGN(std::string reason, json::checked_text(reason_in, "reason", 500));
  return move(tx, admin, of, NeedStatus::kDone, NeedStatus::kInProgress, "rejected", reason,
              "need.reject", now);
}

Result<Need> add_progress(store::Tx& tx, const Principal& admin, int64_t id,
                          const ProgressInput& in, int64_t now) {
  GH_ASSIGN(internal::NeedOf of, internal::need_for_admin(tx, admin, id));
  GH_ASSIGN(std::string text, json::checked_text(in.text, "text", 1000));
  if (in.photo_ids.size() > 9) return Error::invalid("photo_ids", "too_many", "at most 9 photos");
  GH_TRY(merchant::check_photo_ids(tx, in.photo_ids, "photo_ids"));
  if (in.delivered_quantity < 0 ||
      of.need.delivered_quantity + in.delivered_quantity > of.need.target_quantity) {
    return Error::invalid("delivered_quantity", "invalid_quantity",
                          "the need's deliveries may not pass its target");
  }
  if (of.need.status != NeedStatus::kInProgress) {
    return Error::conflict("wrong_status", "progress is recorded while the need is in progress");
  }
  GH_ASSIGN(int64_t changed,
            tx.exec("UPDATE helplist_needs SET delivered_quantity = delivered_quantity + ?, "
                    "updated_at = ? WHERE id = ? AND status = 'in_progress'",
                    {in.delivered_quantity, now, id}));
  if (changed == 0) return Error::conflict("wrong_status", "the need was moved by another request");
  GH_TRY(internal::record_progress(tx, id, "progress", text, in.photo_ids, in.delivered_quantity,
                                   admin, now));
  GH_ASSIGN(Need after, reread(tx, id));
  GH_TRY(audit::record(tx, admin, "need.progress", "need", id_string(id), of.pairing.org_id,
                       snapshot(of.need), snapshot(after)));
  return after;
}

Result<Need> add_fulfilment(store::Tx& tx, const Principal& admin, int64_t id,
                            const FulfilmentInput& in, int64_t now) {
  GH_ASSIGN(internal::NeedOf of, internal::need_for_admin(tx, admin, id));
  if (of.need.status == NeedStatus::kAccepted) {
    return Error::conflict("wrong_status", "an accepted need is closed");
  }
  GH_ASSIGN(std::string description, json::checked_text(in.description, "description", 200,
                                                        in.kind == FulfilmentKind::kInKind));
  GH_ASSIGN(std::string donor, json::checked_text(in.donor, "donor", 60, false));
  if (in.recorded_on > now) {
    return Error::invalid("recorded_on", "in_future", "recorded_on is in the future");
  }
  int64_t amount = in.amount_fen;
  int64_t purchase = 0;
  if (in.kind == FulfilmentKind::kPurchase) {
    if (in.purchase_id == 0)
      return Error::invalid("purchase_id", "required", "purchase_id is required");
    GH_ASSIGN(store::Rows found,
              tx.query("SELECT org_id, total_fen FROM purchases WHERE id = ?", {in.purchase_id}));
    if (found.empty()) {
      return Error::invalid("purchase_id", "unknown_purchase", "no purchase has that id");
    }
    GH_TRY(org::require_in_scope(tx, admin, found[0].integer(0)));
    purchase = in.purchase_id;
    amount = found[0].integer(1);
    GH_ASSIGN(store::Rows linked, tx.query("SELECT 1 FROM helplist_fulfilments WHERE "
                                           "purchase_id = ?",
                                           {purchase}));
    if (!linked.empty()) {
      return Error::conflict("purchase_linked", "the purchase already meets a need", "purchase_id");
    }
  } else if (amount <= 0 || amount > kMaxFen) {
    return Error::invalid("amount_fen", "invalid_amount", "amount_fen must be above 0");
  }
  const int64_t fulfilment = new_id();
  GH_TRY(
      tx.exec("INSERT INTO helplist_fulfilments (id, need_id, kind, purchase_id, amount_fen, "
              "description, donor, recorded_on, created_by_name, created_at) VALUES (?, ?, ?, "
              "?, ?, ?, ?, ?, ?, ?)",
              {fulfilment, id, std::string(enum_name(in.kind)), purchase, amount, description,
               donor, in.recorded_on, admin.name, now}));
  GH_ASSIGN(Need after, reread(tx, id));
  GH_TRY(audit::record(
      tx, admin, "need.fulfilment", "need", id_string(id), of.pairing.org_id, nullptr,
      bj::object{
          {"fulfilment_id", id_string(fulfilment)},
          {"kind", enum_name(in.kind)},
          {"purchase_id", purchase == 0 ? bj::value(nullptr) : bj::value(id_string(purchase))},
          {"amount_fen", amount}}));
  return after;
}

}  // namespace gonghui::helplist
