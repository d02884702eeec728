// 求学圆梦: the union pays frontline workers part of the cost of a higher diploma.
//
// The city union (the platform admin, or an admin of the federation itself) sets up a round:
// a year, application windows, the degree levels it pays and how much, how many people each
// district union may approve (its quota) and who may apply (frontline members, membership
// of at least N months; a level is paid once per member, ever). Members apply with their
// school, major, enrolment report (a sealed document, domain/document) and bank details,
// which are sealed (domain/sealing) and shown only masked.
//
// An application climbs a review chain: the member's base union, then the district union
// (the union directly under the federation on the member's path, within its quota), then the
// city union; each approves or returns it with a reason. A returned application may be edited
// and resubmitted by the member and starts again at the base union. The member sees every step
// on a timeline and gets a message at each. The city then records the payment, once, and
// exports the payout list (with full account numbers) for the bank.
//
// Quotas hold under any concurrency: the district's approval takes a place with a conditional
// UPDATE of the quota's `used` counter (`used < quota`, and a CHECK) in the same transaction as
// the application's conditional state change, so two instances approving at once can never
// pass the quota. "Once per level" is a unique index over a member's applications that are not
// withdrawn; "paid once" is the payout's primary key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::ledger {
struct CheckItem;
}

namespace gonghui::subsidy {

// Tables subsidy_rounds, subsidy_windows, subsidy_levels, subsidy_quotas,
// subsidy_applications, subsidy_events, subsidy_payouts (versions 1102-1119).
std::vector<store::Migration> migrations();

// ---- Names ----------------------------------------------------------------------------------

// 学历层次: 大专, 本科, 研究生.
enum class Degree { kJuniorCollege, kBachelor, kPostgraduate };
inline constexpr EnumNames<Degree, 3> kDegreeNames{{"junior_college", "bachelor", "postgraduate"},
                                                   Degree::kJuniorCollege};
constexpr const auto& enum_names(Degree) { return kDegreeNames; }

enum class RoundStatus { kDraft, kOpen, kApproved };
inline constexpr EnumNames<RoundStatus, 3> kRoundStatusNames{{"draft", "open", "approved"},
                                                             RoundStatus::kDraft};
constexpr const auto& enum_names(RoundStatus) { return kRoundStatusNames; }

// An application's state (`status` in the API).
enum class State {
  kSubmitted,         // waiting for the base union
  kBaseApproved,      // waiting for the district union
  kDistrictApproved,  // waiting for the city union
  kApproved,          // waiting for payment
  kPaid,
  kReturned,  // sent back to the member with a reason
  kWithdrawn,
};
inline constexpr EnumNames<State, 7> kStateNames{{"submitted", "base_approved", "district_approved",
                                                  "approved", "paid", "returned", "withdrawn"},
                                                 State::kSubmitted};
constexpr const auto& enum_names(State) { return kStateNames; }

// Who acts on an application: the member, or the union at one step of the chain.
enum class Tier { kMember, kBase, kDistrict, kCity };
inline constexpr EnumNames<Tier, 4> kTierNames{{"member", "base", "district", "city"},
                                               Tier::kMember};
constexpr const auto& enum_names(Tier) { return kTierNames; }

// The union that acts next on an application in `state`: base, district or city (city also
// for approved, which it pays); nullopt when returned, paid or withdrawn.
std::optional<Tier> step_of(State state);

// ---- Rounds ---------------------------------------------------------------------------------

struct Window {
  int64_t opens_at = 0;
  int64_t closes_at = 0;
};
struct LevelAmount {
  Degree level = Degree::kJuniorCollege;
  int64_t amount_fen = 0;
};
struct Quota {
  int64_t org_id = 0;  // a district union (directly under the federation)
  std::string org_name;
  int64_t quota = 0;
  int64_t used = 0;
};
struct StatusCounts {
  int64_t submitted = 0, base_approved = 0, district_approved = 0, approved = 0, paid = 0,
          returned = 0, withdrawn = 0;
};

struct Round {
  int64_t id = 0;
  int64_t year = 0;
  std::string title;
  std::string description;
  RoundStatus status = RoundStatus::kDraft;
  std::vector<Window> windows;      // by opening time
  std::vector<LevelAmount> levels;  // in Degree order
  std::vector<Quota> quotas;        // by union name
  bool frontline_only = false;
  int64_t min_membership_months = 0;
  int64_t created_at = 0;
  std::string created_by_name;
  int64_t opened_at = 0;  // 0 while draft
  int64_t approved_at = 0;
  std::string approved_by_name;
  // For an admin's reads: the applications of the admin's subtree, and what was paid to them.
  StatusCounts counts;
  int64_t paid_fen = 0;

  bool window_open(int64_t now) const;
  // The level's amount, or nullopt if the round does not pay it.
  std::optional<int64_t> amount_of(Degree level) const;
};

// A round as written; in an update, unset fields keep their value.
struct RoundInput {
  std::optional<int64_t> year;                     // 2000-2100
  std::optional<std::string> title;                // 1-60 characters
  std::optional<std::string> description;          // at most 2,000 characters
  std::optional<std::vector<Window>> windows;      // 1-4, each closing after it opens, apart
  std::optional<std::vector<LevelAmount>> levels;  // 1-3 levels, each once, 1-10,000,000 fen
  std::optional<std::vector<Quota>> quotas;        // org_id and quota (0-100,000) of each district
  std::optional<bool> frontline_only;
  std::optional<int64_t> min_membership_months;  // 0-600
};

// Whether the principal is the city union: the platform admin, or an org admin of the
// federation (the root) itself.
Result<bool> is_city(store::Tx& tx, const Principal& principal);

// The city union creates a draft round; year, title, windows, levels and quotas are required.
// 400 naming the field: year (required, invalid_year), title (required, too_long), description
// (too_long), windows (required, too_many, invalid_window, overlapping_windows), levels
// (required, duplicate_level, invalid_amount), quotas (required,
// not_a_district, duplicate_district, invalid_quota), min_membership_months (invalid_months).
// Forbidden for anyone else. Audited as subsidy.round_create.
Result<Round> create_round(store::Tx& tx, const Principal& admin, const RoundInput& input);
// The city union changes a round. Draft: anything. Open: title, description, windows and
// quotas (400 quota_below_used for a quota under what the district has used, or a district
// left out that has applications under way); other fields 409 round_not_draft. Approved: 409
// round_approved. Errors of fields as create_round. Audited as subsidy.round_update.
Result<Round> update_round(store::Tx& tx, const Principal& admin, int64_t id,
                           const RoundInput& input);
// The city union opens a draft round to members. 409 round_not_draft. Audited.
Result<Round> open_round(store::Tx& tx, const Principal& admin, int64_t id);
// The city union approves an open round, which allows bulk approval. 409 round_not_open.
// Audited as subsidy.round_approve.
Result<Round> approve_round(store::Tx& tx, const Principal& admin, int64_t id);
// Rounds for an admin, newest year first (drafts only for the city union), with the counts of
// the admin's subtree. Forbidden for non-admins.
Result<std::vector<Round>> list_rounds(store::Tx& tx, const Principal& admin);
// One round for an admin. NotFound (also a draft for an admin below the city union).
Result<Round> get_round(store::Tx& tx, const Principal& admin, int64_t id);

// ---- Member side ----------------------------------------------------------------------------

// Why a member may not apply for a level (as the error code of apply()).
enum class Ineligible {
  kMemberInactive,
  kNotFrontline,
  kMembershipTooShort,
  kDistrictNotInRound,
  kAlreadyApplied,
  kAlreadyFunded,
};
inline constexpr EnumNames<Ineligible, 6> kIneligibleNames{
    {"member_inactive", "not_frontline", "membership_too_short", "district_not_in_round",
     "already_applied", "already_funded"},
    Ineligible::kMemberInactive};
constexpr const auto& enum_names(Ineligible) { return kIneligibleNames; }

struct MemberLevel {
  Degree level = Degree::kJuniorCollege;
  int64_t amount_fen = 0;
  std::optional<Ineligible> ineligible;  // nullopt: may apply (while a window is open)
};
struct MemberRound {
  Round round;  // without counts
  bool window_open = false;
  std::vector<MemberLevel> levels;
};
// The open and approved rounds, newest first, with the calling member's eligibility per
// level. Forbidden for a caller who is not a member.
Result<std::vector<MemberRound>> rounds_for_member(store::Tx& tx, const Principal& member,
                                                   int64_t now);

struct BankDetails {
  std::string bank_name;       // 2-40 characters
  std::string account_no;      // 12-30 digits (spaces are dropped)
  std::string account_holder;  // 1-30 characters
};

struct ApplicationInput {
  int64_t round_id = 0;
  Degree level = Degree::kJuniorCollege;
  std::string school;  // 1-60 characters
  std::string major;   // 1-60 characters
  int64_t document_id = 0;
  BankDetails bank;
};

struct Event {
  int64_t id = 0;
  int64_t at = 0;
  std::string action;  // submitted, resubmitted, approved, returned, withdrawn, paid
  Tier tier = Tier::kMember;
  std::string org_name;  // the acting union; empty for the member
  std::string note;      // a return's reason, an approver's note, a payout's transfer reference
  std::string actor_name;
};

struct Application {
  int64_t id = 0;
  int64_t round_id = 0;
  std::string round_title;
  int64_t year = 0;
  int64_t member_id = 0;
  std::string member_name;
  std::string member_phone;  // in full here; masked when rendered
  int64_t org_id = 0;        // the member's base union when they applied
  std::string org_name;
  int64_t district_id = 0;
  std::string district_name;
  Degree level = Degree::kJuniorCollege;
  int64_t amount_fen = 0;
  std::string school;
  std::string major;
  int64_t document_id = 0;
  std::string bank_sealed;  // BankDetails, sealed; shown through masked_bank()
  State status = State::kSubmitted;
  std::string returned_by;  // base, district, city or ""
  std::string return_reason;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t payout_id = 0;  // 0 until paid; then the payment:
  int64_t paid_on = 0;    // the day's local start (UTC ms)
  int64_t paid_fen = 0;
  std::string transfer_ref;
  std::vector<Event> timeline;  // oldest first; filled by reads of one application
  bool can_review = false;      // for an admin's reads: the caller's union is at `step`
};

// The masked bank details an application shows: bank name, "**** 0123", "陈*梅".
struct MaskedBank {
  std::string bank_name;
  std::string account;
  std::string holder;
};
Result<MaskedBank> masked_bank(store::Tx& tx, const Application& application);

// The calling member applies for a level of an open or approved round while one of its windows
// is open. 400 naming the field: level (level_not_in_round), school, major (required, too_long),
// document_id (unknown_document: none, or not uploaded by this member), bank_name,
// account_holder (required, too_long), account_no (required, invalid_account_no). NotFound
// (round) for a draft or unknown round. 409 window_closed (field round_id); 409 with field level
// and the Ineligible code. Posts a message; the timeline starts with "submitted".
Result<Application> apply(store::Tx& tx, const Principal& member, const ApplicationInput& input,
                          int64_t now);

// What a member changes when resubmitting; unset fields keep their value, and the bank details
// change together when `bank` is set.
struct Resubmission {
  std::optional<std::string> school;
  std::optional<std::string> major;
  std::optional<int64_t> document_id;
  std::optional<BankDetails> bank;
};
// The calling member edits a returned application and sends it again (to the base union).
// NotFound for another member's application; 409 wrong_state unless returned; field errors as
// apply().
Result<Application> resubmit(store::Tx& tx, const Principal& member, int64_t id,
                             const Resubmission& changes, int64_t now);
// The calling member withdraws a submitted or returned application (409 wrong_state
// otherwise); the level may then be applied for again.
Result<Application> withdraw(store::Tx& tx, const Principal& member, int64_t id, int64_t now);
// The calling member's applications, newest first, each with its timeline.
Result<std::vector<Application>> my_applications(store::Tx& tx, const Principal& member);
// One of the calling member's applications with its timeline; NotFound for anyone else's.
Result<Application> my_application(store::Tx& tx, const Principal& member, int64_t id);

// ---- Review and payout ----------------------------------------------------------------------

// The admin approves at the application's step: the base union submitted ones, the district
// union base_approved ones (taking a place of its quota; 409 quota_full when none is left),
// the city union district_approved ones. NotFound; Forbidden outside the admin's subtree; 403
// wrong_level inside it when the step belongs to another union; 409 wrong_state when nothing
// waits for a review; 400 note (too_long, over 200 characters). Audited as subsidy.approve;
// posts a message to the member.
Result<Application> approve(store::Tx& tx, const Principal& admin, int64_t id,
                            const std::string& note, int64_t now);
// The admin returns the application to the member at its step, with a reason (1-200
// characters: 400 reason required, too_long). A return at the city's step gives the district
// its quota place back. Errors otherwise as approve(). Audited as subsidy.return; posts a message.
Result<Application> return_application(store::Tx& tx, const Principal& admin, int64_t id,
                                       const std::string& reason, int64_t now);

struct BulkResult {
  int64_t id = 0;
  std::optional<State> status;  // the new state, or nullopt …
  std::optional<Error> error;   // … with the error approve() gave
};
// approve() for each id of the round, each on its own (a failure leaves that one as it was).
// 409 round_not_approved until the city union has approved the round; NotFound (round, also a
// draft for an admin below the city union); 400 application_ids (required, too_many over 200).
Result<std::vector<BulkResult>> bulk_approve(store::Tx& tx, const Principal& admin,
                                             int64_t round_id, const std::vector<int64_t>& ids,
                                             const std::string& note, int64_t now);

struct PayoutInput {
  int64_t paid_on = 0;  // a day's local start; not in the future
  int64_t amount_fen = 0;
  std::string transfer_ref;  // 1-64 characters
};
// The city union records the payment of an approved application, once. Forbidden for anyone
// else; 409 already_paid; 409 wrong_state unless approved; 400 paid_on (in_future), amount_fen
// (invalid_amount: 1 to the application's amount), transfer_ref (required, too_long). Audited as
// subsidy.payout; posts a message.
Result<Application> record_payout(store::Tx& tx, const Principal& admin, int64_t id,
                                  const PayoutInput& input, int64_t now);

// ---- Admin reads ----------------------------------------------------------------------------

struct ApplicationFilter {
  std::optional<int64_t> round_id;
  std::optional<State> status;
  std::optional<Degree> level;
  std::optional<int64_t> org_id;  // a union in the admin's subtree
  bool awaiting_me = false;       // only those at the caller's own step
  int64_t before_id = 0;          // paging: newest first, ids below this
  int64_t limit = 50;
};
struct ApplicationPage {
  std::vector<Application> items;  // without timelines
  int64_t next_cursor = 0;
};
// Applications in the admin's subtree. Forbidden for non-admins or an org_id outside it.
Result<ApplicationPage> list_applications(store::Tx& tx, const Principal& admin,
                                          const ApplicationFilter& filter);
// One application with its timeline. NotFound; Forbidden outside the admin's subtree.
Result<Application> get_application(store::Tx& tx, const Principal& admin, int64_t id);
// The application's enrolment document with its bytes, for an admin in scope.
Result<std::pair<std::string, std::string>> application_document(store::Tx& tx,
                                                                 const Principal& admin,
                                                                 int64_t id);

// One row of the payout list for the bank.
struct PayoutRow {
  Application application;
  BankDetails bank;  // opened: the full account number
};
// The city union's payout list of a round: applications approved (waiting for payment), paid,
// or both (nullopt), in the order approved. Forbidden for anyone else; NotFound (round).
// Audited as subsidy.payout_export (the full account numbers leave the system), so it runs in
// a write transaction.
Result<std::vector<PayoutRow>> payout_list(store::Tx& tx, const Principal& admin, int64_t round_id,
                                           std::optional<State> status);

// For `gonghui check`: every quota's `used` equals the applications holding a place in it
// (district_approved, approved, paid) and is within the quota.
Result<ledger::CheckItem> check_quotas(store::Db& db);

}  // namespace gonghui::subsidy
