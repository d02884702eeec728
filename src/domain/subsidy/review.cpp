// 求学圆梦 review chain (base → district → city), bulk approval and payouts.
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/org/org.hpp"
#include "domain/subsidy/internal.hpp"

namespace gonghui::subsidy {
namespace {

constexpr int64_t kMaxBulk = 200;

Error wrong_state() {
  return Error::conflict("wrong_state", "the application is not waiting for this");
}

// The union the admin acts for on an application at its step: Forbidden outside the admin's
// subtree, 409 wrong_state when no union acts on it now, 403 wrong_level when the step belongs
// to another union than the admin's.
Result<org::Org> reviewer(store::Tx& tx, const Principal& admin, const Application& a) {
  GH_TRY(org::require_in_scope(tx, admin, a.org_id));
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  const std::optional<Tier> step = step_of(a.status);
  if (!step) {
    return wrong_state();
  }
  const bool acts = internal::acts_at_step(scope, a);
  if (!acts) {
    static constexpr const char* kWho[] = {"", "the base union", "the district union",
                                           "the city union"};
    return Error{ErrorKind::kForbidden, "wrong_level",
                 std::string("this step is reviewed by ") + kWho[static_cast<size_t>(*step)], ""};
  }
  return scope;
}

// The state an approval at `step` leads to.
State approved_state(Tier step) {
  switch (step) {
    case Tier::kBase:
      return State::kBaseApproved;
    case Tier::kDistrict:
      return State::kDistrictApproved;
    default:
      return State::kApproved;
  }
}

Status audit_move(store::Tx& tx, const Principal& admin, std::string_view action,
                  const Application& before, const Application& after, std::string_view note) {
  return audit::record(tx, admin, action, "subsidy_application", std::to_string(before.id),
                       before.org_id, boost::json::object{{"status", enum_name(before.status)}},
                       boost::json::object{{"status", enum_name(after.status)}, {"note", note}});
}

Result<std::string> short_text(const std::string& text, std::string_view field, bool required) {
  return internal::text_field(text, field, 200, required);
}

}  // namespace

Result<Application> approve(store::Tx& tx, const Principal& admin, int64_t id,
                            const std::string& note_text, int64_t now) {
  GH_ASSIGN(std::string note, short_text(note_text, "note", false));
  GH_ASSIGN(Application before, internal::load(tx, id));
  GH_ASSIGN(org::Org scope, reviewer(tx, admin, before));
  const Tier step = *step_of(before.status);
  if (before.status == State::kApproved) {
    return wrong_state();  // the city's step to pay, not to approve
  }
  const State next = approved_state(step);
  // The state moves only from the one read: of two reviewers at once, one moves it.
  GH_ASSIGN(int64_t moved,
            tx.exec("UPDATE subsidy_applications SET status = ?, updated_at = ?, "
                    "approved_at = ? WHERE id = ? AND status = ?",
                    {std::string(enum_name(next)), now, next == State::kApproved ? now : 0, id,
                     std::string(enum_name(before.status))}));
  if (moved == 0) {
    return wrong_state();
  }
  if (step == Tier::kDistrict) {
    // A place of the district's quota, taken only while one is left: on PostgreSQL a second
    // approval waits for the first's row lock and then sees its count.
    GH_ASSIGN(int64_t taken,
              tx.exec("UPDATE subsidy_quotas SET used = used + 1 WHERE round_id = ? AND "
                      "org_id = ? AND used < quota",
                      {before.round_id, before.district_id}));
    if (taken == 0) {
      return Error::conflict("quota_full", before.district_name + " has used its quota");
    }
  }
  GH_ASSIGN(Application after, internal::load(tx, id));
  GH_TRY(audit_move(tx, admin, "subsidy.approve", before, after, note));
  GH_TRY(internal::record_event(tx, after, "approved", step, scope.name, note, admin, now));
  GH_ASSIGN(after.timeline, internal::timeline(tx, id));
  after.can_review = internal::acts_at_step(scope, after);
  return after;
}

Result<Application> return_application(store::Tx& tx, const Principal& admin, int64_t id,
                                       const std::string& reason_text, int64_t now) {
  GH_ASSIGN(std::string reason, short_text(reason_text, "reason", true));
  GH_ASSIGN(Application before, internal::load(tx, id));
  GH_ASSIGN(org::Org scope, reviewer(tx, admin, before));
  if (before.status == State::kApproved) {
    return wrong_state();
  }
  const Tier step = *step_of(before.status);
  GH_ASSIGN(int64_t moved,
            tx.exec("UPDATE subsidy_applications SET status = 'returned', returned_by = ?, "
                    "return_reason = ?, updated_at = ? WHERE id = ? AND status = ?",
                    {std::string(enum_name(step)), reason, now, id,
                     std::string(enum_name(before.status))}));
  if (moved == 0) {
    return wrong_state();
  }
  if (before.status == State::kDistrictApproved) {
    // The district's approval held a place of its quota: give it back.
    GH_TRY(
        tx.exec("UPDATE subsidy_quotas SET used = used - 1 WHERE round_id = ? AND org_id = ? "
                "AND used > 0",
                {before.round_id, before.district_id}));
  }
  GH_ASSIGN(Application after, internal::load(tx, id));
  GH_TRY(audit_move(tx, admin, "subsidy.return", before, after, reason));
  GH_TRY(internal::record_event(tx, after, "returned", step, scope.name, reason, admin, now));
  GH_ASSIGN(after.timeline, internal::timeline(tx, id));
  return after;
}

Result<std::vector<BulkResult>> bulk_approve(store::Tx& tx, const Principal& admin,
                                             int64_t round_id, const std::vector<int64_t>& ids,
                                             const std::string& note, int64_t now) {
  GH_ASSIGN(Round round, get_round(tx, admin, round_id));  // a draft is the city's alone
  if (ids.empty()) {
    return Error::invalid("application_ids", "required", "name the applications to approve");
  }
  if (static_cast<int64_t>(ids.size()) > kMaxBulk) {
    return Error::invalid("application_ids", "too_many", "at most 200 at once");
  }
  GH_TRY(short_text(note, "note", false));
  if (round.status != RoundStatus::kApproved) {
    return Error::conflict("round_not_approved",
                           "bulk approval waits until the city union has approved the round");
  }
  std::vector<BulkResult> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    BulkResult result{id, std::nullopt, std::nullopt};
    // Each in its own savepoint: one that fails leaves nothing behind, the others stand.
    const Status done = tx.isolated([&](store::Tx& inner) -> Status {
      GH_ASSIGN(Application a, internal::load(inner, id));
      if (a.round_id != round_id) {
        return Error::not_found("application");
      }
      GH_ASSIGN(Application after, approve(inner, admin, id, note, now));
      result.status = after.status;
      return Status::Ok();
    });
    if (!done.ok()) {
      result.status.reset();
      result.error = done.error();
    }
    out.push_back(std::move(result));
  }
  return out;
}

Result<Application> record_payout(store::Tx& tx, const Principal& admin, int64_t id,
                                  const PayoutInput& input, int64_t now) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  if (scope.parent_id != 0) {
    return Error::forbidden("only the city union records payments");
  }
  if (input.paid_on > now) {
    return Error::invalid("paid_on", "in_future", "paid_on may not be in the future");
  }
  GH_ASSIGN(std::string reference,
            internal::text_field(input.transfer_ref, "transfer_ref", 64, true));
  GH_ASSIGN(Application before, internal::load(tx, id));
  if (before.status == State::kPaid) {
    return Error::conflict("already_paid", "this application has been paid");
  }
  if (before.status != State::kApproved) {
    return wrong_state();
  }
  if (input.amount_fen < 1 || input.amount_fen > before.amount_fen) {
    return Error::invalid(
        "amount_fen", "invalid_amount",
        "1 to the application's amount (" + std::to_string(before.amount_fen) + " fen)");
  }
  // The application is the payout's key: a second payment of it cannot be stored.
  auto stored = tx.exec(
      "INSERT INTO subsidy_payouts (id, application_id, round_id, member_id, org_id, level, "
      "amount_fen, paid_on, transfer_ref, recorded_by, recorded_by_name, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {new_id(), id, before.round_id, before.member_id, before.org_id,
       std::string(enum_name(before.level)), input.amount_fen, input.paid_on, reference,
       admin.account_id, admin.name, now});
  if (!stored.ok()) {
    return stored.error().code == store::kUniqueViolation
               ? Error::conflict("already_paid", "this application has been paid")
               : std::move(stored).error();
  }
  GH_ASSIGN(int64_t moved, tx.exec("UPDATE subsidy_applications SET status = 'paid', "
                                   "updated_at = ? WHERE id = ? AND status = 'approved'",
                                   {now, id}));
  if (moved == 0) {
    return Error::conflict("already_paid", "this application has been paid");
  }
  GH_ASSIGN(Application after, internal::load(tx, id));
  GH_TRY(audit::record(tx, admin, "subsidy.payout", "subsidy_application", std::to_string(id),
                       before.org_id, boost::json::object{{"status", enum_name(before.status)}},
                       boost::json::object{{"status", "paid"},
                                           {"paid_on", format_local_date(input.paid_on)},
                                           {"amount_fen", input.amount_fen},
                                           {"transfer_ref", reference}}));
  GH_TRY(internal::record_event(tx, after, "paid", Tier::kCity, scope.name, reference, admin, now));
  GH_ASSIGN(after.timeline, internal::timeline(tx, id));
  return after;
}

}  // namespace gonghui::subsidy
