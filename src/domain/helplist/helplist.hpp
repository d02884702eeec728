// 帮促清单: a union paired with a village (结对共建) lists what the village needs and follows each
// need to delivery.
//
// A pairing has its union, village, special fund, first secretary (第一书记) if any, visits
// (走访) and the households in need. Household personal data (names, ID numbers, phones,
// addresses) is sealed before it reaches a statement (domain/sealing, context
// `helplist_household:<id>`) and opened only for the pairing's admins — those whose subtree holds
// the pairing's union; everyone else, anonymous readers included, sees counts only.
//
// A need moves 待认领 open → 实施中 in_progress → 已完成 done → 已验收 accepted; a rejected
// acceptance sends it back to in_progress. Each move is a conditional UPDATE on the state read
// (409 wrong_status when another request moved it first) and a timeline entry
// (helplist_progress) in the same transaction; progress updates add text, photos and the quantity
// delivered. A need is met by purchases of the village's produce (a purchase record linked to
// one need at most), fund payments, donations in kind and volunteer tasks members sign up for
// (hours recorded per volunteer). Outcomes (income added a year, jobs) are recorded with their
// evidence. Every admin write is audited without personal data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::helplist {

// Tables helplist_* (versions 1310-1349).
std::vector<store::Migration> migrations();

// ---- Names ----------------------------------------------------------------------------------

enum class PairingStatus { kActive, kEnded };
inline constexpr EnumNames<PairingStatus, 2> kPairingStatusNames{{"active", "ended"},
                                                                 PairingStatus::kActive};
constexpr const auto& enum_names(PairingStatus) { return kPairingStatusNames; }

// 住房修缮 路灯 道路 助学 大病帮扶 文化 产业 其他
enum class Category {
  kHousing,
  kStreetLights,
  kRoads,
  kEducation,
  kIllness,
  kCulture,
  kIndustry,
  kOther
};
inline constexpr EnumNames<Category, 8> kCategoryNames{
    {"housing", "street_lights", "roads", "education", "illness", "culture", "industry", "other"},
    Category::kOther};
constexpr const auto& enum_names(Category) { return kCategoryNames; }

// 待认领 实施中 已完成 已验收
enum class NeedStatus { kOpen, kInProgress, kDone, kAccepted };
inline constexpr EnumNames<NeedStatus, 4> kNeedStatusNames{
    {"open", "in_progress", "done", "accepted"}, NeedStatus::kOpen};
constexpr const auto& enum_names(NeedStatus) { return kNeedStatusNames; }

enum class FulfilmentKind { kPurchase, kFund, kInKind };
inline constexpr EnumNames<FulfilmentKind, 3> kFulfilmentKindNames{{"purchase", "fund", "in_kind"},
                                                                   FulfilmentKind::kFund};
constexpr const auto& enum_names(FulfilmentKind) { return kFulfilmentKindNames; }

enum class OutcomeKind { kIncome, kJobs, kOther };
inline constexpr EnumNames<OutcomeKind, 3> kOutcomeKindNames{{"income", "jobs", "other"},
                                                             OutcomeKind::kOther};
constexpr const auto& enum_names(OutcomeKind) { return kOutcomeKindNames; }

// ---- Records --------------------------------------------------------------------------------

struct NeedCounts {
  int64_t open = 0, in_progress = 0, done = 0, accepted = 0;
};

struct Progress {
  int64_t id = 0;
  int64_t at = 0;
  std::string kind;  // created claimed progress completed accepted rejected
  std::string text;
  std::vector<int64_t> photo_ids;
  int64_t delivered_quantity = 0;
  std::string actor_name;
};

struct Fulfilment {
  int64_t id = 0;
  int64_t need_id = 0;
  FulfilmentKind kind = FulfilmentKind::kFund;
  int64_t purchase_id = 0;
  std::string purchase_title;  // product and supplier of a linked purchase
  int64_t amount_fen = 0;
  std::string description;
  std::string donor;
  int64_t recorded_on = 0;  // local midnight, UTC ms
  std::string created_by_name;
};

struct Task {
  int64_t id = 0;
  int64_t need_id = 0;
  int64_t pairing_id = 0;
  std::string village;
  int64_t org_id = 0;  // the pairing's union
  std::string title;
  std::string place;
  int64_t starts_at = 0;
  int64_t slots = 0;
  int64_t taken = 0;
  int64_t volunteer_minutes = 0;
  NeedStatus need_status = NeedStatus::kOpen;
  bool signed_up = false;  // for a member's reads
  // Open to sign-ups: places left, not started, and its need open or in progress.
  bool open(int64_t now) const;
};

struct Need {
  int64_t id = 0;
  int64_t pairing_id = 0;
  Category category = Category::kOther;
  std::string title;
  std::string description;
  int64_t target_quantity = 0;
  std::string unit;
  int64_t delivered_quantity = 0;
  int64_t budget_fen = 0;
  int64_t deadline = 0;  // local midnight, 0 for none
  std::string responsible;
  NeedStatus status = NeedStatus::kOpen;
  int64_t completed_by = 0;  // the account that marked it done
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t households = 0;
  int64_t funded_fen = 0;
  int64_t volunteer_minutes = 0;
  std::vector<int64_t> household_ids;  // filled for the pairing's admins only
  std::vector<Progress> progress;
  std::vector<Fulfilment> fulfilments;
  std::vector<Task> tasks;
};

struct Visit {
  int64_t id = 0;
  int64_t visited_on = 0;
  std::string visitors;
  int64_t households_visited = 0;
  std::string notes;  // empty for readers who are not the pairing's admins
  std::string created_by_name;
};

struct Outcome {
  int64_t id = 0;
  int64_t need_id = 0;
  std::string title;
  OutcomeKind kind = OutcomeKind::kOther;
  int64_t income_fen_per_year = 0;
  int64_t quantity = 0;
  std::string unit;
  std::string evidence;
  std::vector<int64_t> photo_ids;
  int64_t recorded_on = 0;
  std::string by;
};

struct Pairing {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_name;
  std::string village;
  std::string region;
  std::string description;
  int64_t fund_fen = 0;
  int64_t started_on = 0;
  std::string secretary_name;
  std::string secretary_org;
  std::string secretary_phone;  // empty for readers who are not the pairing's admins
  PairingStatus status = PairingStatus::kActive;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // Aggregates.
  NeedCounts needs;
  int64_t spent_fen = 0;
  int64_t households = 0;
  int64_t visits = 0;
  int64_t volunteer_minutes = 0;
  int64_t income_fen_per_year = 0;
  // Filled by reads of one pairing.
  bool can_manage = false;
  std::vector<Need> needs_list;
  std::vector<Visit> visits_list;
  std::vector<Outcome> outcomes;
};

// ---- Pairings -------------------------------------------------------------------------------

struct PairingInput {
  int64_t org_id = 0;
  std::string village;          // 1-40
  std::string region;           // 1-60
  std::string description;      // at most 2000
  int64_t fund_fen = 0;         // 0..10^11
  int64_t started_on = 0;       // local midnight
  std::string secretary_name;   // at most 30
  std::string secretary_org;    // at most 60
  std::string secretary_phone;  // empty or a mainland mobile
  PairingStatus status = PairingStatus::kActive;
};
// An admin creates or replaces a pairing of a union in their subtree. 400 naming the field
// (org_id unknown_org, village/region required/too_long, description/secretary_* too_long,
// fund_fen invalid_amount, secretary_phone invalid_phone); Forbidden outside the subtree;
// NotFound (update). Audited as pairing.create / pairing.update.
Result<Pairing> create_pairing(store::Tx& tx, const Principal& admin, const PairingInput& input,
                               int64_t now);
Result<Pairing> update_pairing(store::Tx& tx, const Principal& admin, int64_t id,
                               const PairingInput& input, int64_t now);
// Pairings with their aggregates, active first, then by village. For anyone (admin null) all of
// them; for an admin, those of their subtree.
Result<std::vector<Pairing>> list_pairings(store::Tx& tx, const Principal* admin);
// One pairing with its needs (progress, fulfilments, tasks), visits and outcomes. `viewer` null
// or not an admin of the pairing: household_ids, visit notes and the secretary's phone are left
// out. With `require_admin`, Forbidden unless the viewer is an admin of the pairing. NotFound.
Result<Pairing> get_pairing(store::Tx& tx, const Principal* viewer, int64_t id, bool require_admin);

struct VisitInput {
  int64_t visited_on = 0;  // local midnight, not in the future
  std::string visitors;    // 1-200
  int64_t households_visited = 0;
  std::string notes;  // at most 2000
};
// An admin of the pairing records a visit. 400 visited_on (in_future), visitors, notes. Audited
// as pairing.visit (without the notes).
Result<Visit> add_visit(store::Tx& tx, const Principal& admin, int64_t pairing_id,
                        const VisitInput& input, int64_t now);

struct OutcomeInput {
  int64_t need_id = 0;  // 0: the pairing as a whole
  std::string title;    // 1-60
  OutcomeKind kind = OutcomeKind::kOther;
  int64_t income_fen_per_year = 0;  // above 0 for kIncome
  int64_t quantity = 0;
  std::string unit;      // at most 8
  std::string evidence;  // 1-500
  std::vector<int64_t> photo_ids;
  int64_t recorded_on = 0;
  std::string by;  // at most 60
};
// An admin of the pairing records an outcome. 400 naming the field; audited as pairing.outcome.
Result<Outcome> add_outcome(store::Tx& tx, const Principal& admin, int64_t pairing_id,
                            const OutcomeInput& input, int64_t now);

// ---- Households (sealed) --------------------------------------------------------------------

struct HouseholdInput {
  std::string name;       // 1-30
  std::string id_number;  // empty or 18 characters, the last a digit or X
  std::string phone;      // empty or a mainland mobile
  std::string address;    // 1-120
  std::string situation;  // at most 500
};
struct Household {
  int64_t id = 0;
  HouseholdInput data;  // opened
  std::vector<int64_t> need_ids;
};
// An admin of the pairing adds a household, sealed. 400 naming the field. Audited as
// pairing.household_add with the household's id only.
Result<Household> add_household(store::Tx& tx, const Principal& admin, int64_t pairing_id,
                                const HouseholdInput& input, int64_t now);
struct HouseholdUpdate {
  HouseholdInput data;
  bool keep_id_number = false;  // readers see it masked: left out, it stays as it was
  bool keep_phone = false;
};
// An admin of the pairing replaces a household's data, sealed again. 400 naming the field;
// NotFound for a household of another pairing. Audited as pairing.household_update (id only).
Result<Household> update_household(store::Tx& tx, const Principal& admin, int64_t pairing_id,
                                   int64_t household_id, const HouseholdUpdate& update);
// An admin of the pairing removes a household no need serves (409 household_linked otherwise:
// take it off the needs first). Audited as pairing.household_remove (id only).
Status remove_household(store::Tx& tx, const Principal& admin, int64_t pairing_id,
                        int64_t household_id);
// The pairing's households opened, for its admins only (Forbidden otherwise). Audited as
// pairing.households_read (personal data leaves the database), so it runs in a write.
Result<std::vector<Household>> list_households(store::Tx& tx, const Principal& admin,
                                               int64_t pairing_id);

// ---- Needs ----------------------------------------------------------------------------------

struct NeedInput {
  Category category = Category::kOther;
  std::string title;            // 1-60
  std::string description;      // at most 2000
  int64_t target_quantity = 0;  // 1..10^9
  std::string unit;             // 1-8
  int64_t budget_fen = 0;
  int64_t deadline = 0;                // local midnight or 0
  std::string responsible;             // at most 60
  std::vector<int64_t> household_ids;  // households of the pairing, at most 500
};
// An admin of the pairing adds a need (open). 400 naming the field; 409 pairing_ended. Audited
// as need.create.
Result<Need> add_need(store::Tx& tx, const Principal& admin, int64_t pairing_id,
                      const NeedInput& input, int64_t now);
// An admin of the pairing changes an open or in-progress need (409 wrong_status otherwise; 400
// target_quantity target_below_delivered). Audited as need.update.
Result<Need> update_need(store::Tx& tx, const Principal& admin, int64_t id, const NeedInput& input,
                         int64_t now);
// The transitions, each by an admin of the pairing (Forbidden otherwise), NotFound, 409
// wrong_status from any other state. claim: open → in_progress (responsible, at most 60, replaces
// the need's when given). complete: in_progress → done (409 nothing_delivered while nothing is).
// accept: done → accepted (403 own_completion for the admin who completed it). reject: done →
// in_progress with a reason (1-500). Audited as need.claim|complete|accept|reject.
Result<Need> claim_need(store::Tx& tx, const Principal& admin, int64_t id,
                        const std::string& responsible, int64_t now);
Result<Need> complete_need(store::Tx& tx, const Principal& admin, int64_t id,
                           const std::string& note, int64_t now);
Result<Need> accept_need(store::Tx& tx, const Principal& admin, int64_t id, const std::string& note,
                         int64_t now);
Result<Need> reject_need(store::Tx& tx, const Principal& admin, int64_t id,
                         const std::string& reason, int64_t now);

struct ProgressInput {
  std::string text;                // 1-1000
  std::vector<int64_t> photo_ids;  // at most 9 uploaded photos
  int64_t delivered_quantity = 0;  // >= 0; the need's total may not pass its target
};
// An admin of the pairing adds a progress update to an in-progress need (409 wrong_status).
// 400 text, photo_ids, delivered_quantity (invalid_quantity). Audited as need.progress.
Result<Need> add_progress(store::Tx& tx, const Principal& admin, int64_t id,
                          const ProgressInput& input, int64_t now);

struct FulfilmentInput {
  FulfilmentKind kind = FulfilmentKind::kFund;
  int64_t purchase_id = 0;  // kPurchase: a purchase in the admin's subtree
  int64_t amount_fen = 0;   // kFund, kInKind: above 0
  std::string description;  // at most 200; required for kInKind
  std::string donor;        // at most 60
  int64_t recorded_on = 0;  // local midnight, not in the future
};
// An admin of the pairing records how a need is met (not once accepted: 409 wrong_status). 400
// purchase_id (required, unknown_purchase), amount_fen (invalid_amount), description, donor,
// recorded_on (in_future); 403 for a purchase outside the subtree; 409 purchase_linked when the
// purchase already meets a need. Audited as need.fulfilment.
Result<Need> add_fulfilment(store::Tx& tx, const Principal& admin, int64_t id,
                            const FulfilmentInput& input, int64_t now);

// ---- Volunteers -----------------------------------------------------------------------------

struct TaskInput {
  std::string title;      // 1-60
  std::string place;      // at most 120
  int64_t starts_at = 0;  // in the future
  int64_t slots = 0;      // 1-500
};
// An admin of the pairing adds a volunteer task to an open or in-progress need. 400 naming the
// field (starts_at in_past, slots invalid_field); 409 wrong_status. Audited as
// need.volunteer_task.
Result<Task> add_task(store::Tx& tx, const Principal& admin, int64_t need_id,
                      const TaskInput& input, int64_t now);
// Tasks a member may join — of pairings whose union is on the member's path (their union or one
// above it) — starting from now on, soonest first, with signed_up. Forbidden for non-members.
Result<std::vector<Task>> tasks_for_member(store::Tx& tx, const Principal& member, int64_t now);
// The member signs up (one place each; the places are taken by a conditional UPDATE, so never
// more than slots) or withdraws before the start. NotFound also for a task the member may not
// join; 409 task_full, task_closed, already_signed_up / not_signed_up, task_started.
Result<Task> sign_up(store::Tx& tx, const Principal& member, int64_t task_id, int64_t now);
Result<Task> withdraw(store::Tx& tx, const Principal& member, int64_t task_id, int64_t now);

struct MySignUp {
  Task task;
  int64_t signed_up_at = 0;
  int64_t minutes = 0;  // recorded by the pairing's admins after the task
};
struct MyVolunteering {
  std::vector<MySignUp> items;  // latest start first
  int64_t total_minutes = 0;
};
// The member's sign-ups, past and coming, with the minutes recorded and their total. Forbidden
// for non-members.
Result<MyVolunteering> my_volunteering(store::Tx& tx, const Principal& member);

struct Volunteer {
  int64_t member_id = 0;
  std::string name;
  std::string phone;  // in full here; masked when rendered
  std::string org_name;
  int64_t signed_up_at = 0;
  int64_t minutes = 0;
};
// The task's volunteers for an admin of the pairing.
Result<std::vector<Volunteer>> volunteers(store::Tx& tx, const Principal& admin, int64_t task_id);
// An admin of the pairing records a volunteer's minutes (0-1440) once the task has started (409
// task_not_started); NotFound for a member who did not sign up. Audited as need.volunteer_hours.
Result<Volunteer> record_minutes(store::Tx& tx, const Principal& admin, int64_t task_id,
                                 int64_t member_id, int64_t minutes, int64_t now);

// ---- Figures --------------------------------------------------------------------------------

struct CategoryFigures {
  Category category = Category::kOther;
  int64_t needs = 0, accepted = 0, target_quantity = 0, delivered_quantity = 0;
  std::string unit;  // when every need of the category has the same unit, else empty
};
struct Figures {
  int64_t pairings = 0, fund_fen = 0, spent_fen = 0, needs = 0, needs_accepted = 0;
  int64_t households = 0, visits = 0, volunteer_minutes = 0, volunteers = 0;
  int64_t income_fen_per_year = 0;
  std::vector<CategoryFigures> by_category;  // in Category order, categories with needs only
};
// Figures of the pairings of unions under `org_id` (default the admin's scope). Forbidden
// outside the subtree.
Result<Figures> figures(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id);

}  // namespace gonghui::helplist
