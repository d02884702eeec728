// 招聘会 (job fairs) and 创业指导 (mentors' consultation slots), both built on booking campaigns.
// A fair is a booking campaign with one slot (the fair's hours, its capacity the places) whose
// voucher is the admission ticket checked in at the door; a mentor's slots are a booking
// campaign's slots of one place each. Places, per-member limits, cancellation cut-offs, the
// vouchers and the evening-before reminder are the campaign's; this module keeps what a fair
// or a mentor adds (place, coordinates, employers, the mentor's profile and notes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/principal.hpp"
#include "domain/campaign/voucher.hpp"
#include "domain/jobs/jobs.hpp"
#include "domain/merchant/merchant.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::fair {

// Tables job_fairs, job_fair_employers (1230), mentors, mentor_campaigns, mentor_notes (1231).
std::vector<store::Migration> migrations();

// ---- Job fairs -------------------------------------------------------------------------------

// Shown: upcoming before it starts, open while it runs, finished after, or cancelled.
enum class FairStatus { kUpcoming, kOpen, kFinished, kCancelled };
inline constexpr EnumNames<FairStatus, 4> kFairStatusNames{
    {"upcoming", "open", "finished", "cancelled"}, FairStatus::kUpcoming};
constexpr const auto& enum_names(FairStatus) { return kFairStatusNames; }

struct FairInput {
  int64_t org_id = 0;  // the organising union; 0: the admin's own
  std::string title;
  std::string description;
  std::string place;
  merchant::Location location;
  int64_t starts_at = 0;
  int64_t ends_at = 0;
  int64_t registration_opens_at = 0;  // 0: now
  int64_t capacity = 0;
  std::vector<int64_t> employer_ids;  // approved employers, in the order shown
};

// What an edit may change: the times are the campaign's and stay as they are.
struct FairEdit {
  std::string title;
  std::string description;
  std::string place;
  merchant::Location location;
  int64_t capacity = 0;
  std::vector<int64_t> employer_ids;
};

struct FairEmployer {
  int64_t id = 0;
  std::string name;
  std::vector<jobs::Job> jobs;  // its published jobs
};

// A member's registration: the booking and its ticket.
struct Registration {
  int64_t entry_id = 0;
  campaign::Voucher ticket;  // with its token
};

struct Fair {
  int64_t id = 0;
  std::string org_name;
  int64_t campaign_id = 0;
  int64_t slot_id = 0;
  FairInput input;
  int64_t registered = 0;  // places taken
  int64_t checked_in = 0;  // admins in scope only; 0 for others
  bool cancelled = false;
  int64_t created_at = 0;
  std::vector<FairEmployer> employers;          // filled by get()
  std::optional<Registration> my_registration;  // the calling member's, by get()
  FairStatus status(int64_t now) const;
};

// An admin in scope of the organising union (Forbidden otherwise) makes the fair and its
// booking campaign (published, free, one place per member, cancellable until two hours before
// the start). 400 naming the field: title/place required or too_long, starts_at/ends_at
// invalid_window (ends before it starts, or already over), capacity invalid_capacity (1..100000),
// lat/lng invalid_coordinate, employer_ids unknown_employer (not an approved employer) or
// too_many (over 50). Audited (job_fair.create, and the campaign's create and publish).
Result<Fair> create(store::Tx& tx, const Principal& admin, const FairInput& input, int64_t now);
// Edits a fair that is neither cancelled nor over: the same field errors as create(), and
// capacity below_registered (fewer places than registrations; one conditional update, so a
// registration racing the edit cannot be squeezed out). Admins in scope (Forbidden), Conflict
// wrong_status. Audited (job_fair.update).
Result<Fair> update(store::Tx& tx, const Principal& admin, int64_t id, const FairEdit& edit,
                    int64_t now);
// Fairs soonest first: those not yet over (with `include_past`, every fair, newest first), at
// most 200. Employers are not filled.
Result<std::vector<Fair>> list(store::Tx& tx, bool include_past, int64_t now);
// One fair with its employers and their published jobs; the caller's registration if a member;
// the check-in count if an admin in scope. NotFound if absent.
Result<Fair> get(store::Tx& tx, const Principal& principal, int64_t id, int64_t now);
// Cancels the fair's campaign (tickets void). Admins in scope (Forbidden), Conflict
// wrong_status once cancelled or over. Audited (job_fair.cancel).
Result<Fair> cancel(store::Tx& tx, const Principal& admin, int64_t id, int64_t now);
// A member books the fair's slot (campaign::book: Conflict slot_full, slot_started,
// limit_reached when registered already, not_open / campaign_cancelled; Forbidden not_eligible
// outside the organiser's subtree). Returns the fair as get() sees it.
Result<Fair> register_member(store::Tx& tx, const Principal& member, int64_t id, int64_t now);
// The member's registration is cancelled (campaign::cancel_booking: Conflict cancel_too_late,
// already_redeemed); NotFound if the member holds none.
Result<Fair> unregister(store::Tx& tx, const Principal& member, int64_t id, int64_t now);

struct CheckIn {
  int64_t voucher_id = 0;
  std::string member_name;  // masked
  int64_t redeemed_at = 0;
};
// At the door: an admin in scope of the organiser (Forbidden otherwise; NotFound for an absent
// fair) redeems a ticket of this fair by its QR token or code (campaign::redeem_found: Conflict
// already_redeemed, voucher_void, voucher_expired; NotFound if no ticket of this fair matches;
// 400 invalid_token, or required naming "token" when neither is given). Audited
// (job_fair.check_in).
Result<CheckIn> check_in(store::Tx& tx, const Principal& admin, int64_t id, std::string_view code,
                         std::string_view token, int64_t now);

// ---- 创业指导 mentors ------------------------------------------------------------------------

enum class MentorKind { kModelWorker, kExpert };
inline constexpr EnumNames<MentorKind, 2> kMentorKindNames{{"model_worker", "expert"},
                                                           MentorKind::kExpert};
constexpr const auto& enum_names(MentorKind) { return kMentorKindNames; }

struct MentorInput {
  int64_t org_id = 0;  // 0: the admin's own union
  std::string name;
  std::string phone;  // the number the mentor signs in with
  MentorKind kind = MentorKind::kExpert;
  std::string title;
  std::string intro;
  int64_t model_worker_id = 0;
};

struct MentorSlot {
  int64_t campaign_id = 0;
  int64_t slot_id = 0;
  int64_t starts_at = 0;
  int64_t ends_at = 0;
  std::string place;
  bool free = false;
};

struct Mentor {
  int64_t id = 0;
  std::string org_name;
  MentorInput input;
  int64_t created_at = 0;
  std::vector<MentorSlot> slots;  // upcoming (not yet started), soonest first
};

struct MentorBooking {
  int64_t entry_id = 0;
  int64_t mentor_id = 0;
  std::string mentor_name;
  std::string member_name;
  std::string member_phone;  // masked
  int64_t starts_at = 0;
  int64_t ends_at = 0;
  std::string place;
  bool cancelled = false;
  std::string note;
  int64_t noted_at = 0;
};

// An admin in scope (Forbidden otherwise) adds a mentor. 400 naming the field: name/title
// required or too_long, phone invalid_phone, model_worker_id unknown_model_worker. Audited
// (mentor.create).
Result<Mentor> create_mentor(store::Tx& tx, const Principal& admin, const MentorInput& input,
                             int64_t now);
// Every mentor with upcoming slots; one mentor (NotFound if absent).
Result<std::vector<Mentor>> mentors(store::Tx& tx, int64_t now);
Result<Mentor> mentor(store::Tx& tx, int64_t id, int64_t now);

struct SlotTime {
  int64_t starts_at = 0;
  int64_t ends_at = 0;
};
// An admin in scope of the mentor's union publishes 1..50 future slots at `place` as one
// booking campaign (one place per slot, one booking per member, cancellable until two hours
// before). 400: slots required / too_many / invalid_window, place required / too_long.
// Audited (through campaign.create and mentor.slots).
Result<Mentor> add_slots(store::Tx& tx, const Principal& admin, int64_t mentor_id,
                         const std::string& place, const std::vector<SlotTime>& slots, int64_t now);
// The same, by the mentor (whoever signs in with the mentor's number; NotFound not_a_mentor for
// anyone else) for their own profile. Audited as the mentor.
Result<Mentor> add_own_slots(store::Tx& tx, const Principal& mentor, const std::string& place,
                             const std::vector<SlotTime>& slots, int64_t now);
// A member books a slot of the mentor (400 unknown_slot if it is not theirs; the campaign's
// Conflict slot_full, slot_started, limit_reached).
Result<MentorBooking> book_mentor(store::Tx& tx, const Principal& member, int64_t mentor_id,
                                  int64_t slot_id, int64_t now);
// The member's bookings, newest slot first (names masked).
Result<std::vector<MentorBooking>> my_bookings(store::Tx& tx, const Principal& member);
// The member gives a booking up (campaign::cancel_booking: cancel_too_late, already_cancelled;
// NotFound for another's).
Result<MentorBooking> cancel_booking(store::Tx& tx, const Principal& member, int64_t entry_id,
                                     int64_t now);
// The bookings of the mentor whose number the caller signed in with, soonest first
// (NotFound not_a_mentor for anyone else).
Result<std::vector<MentorBooking>> mentoring(store::Tx& tx, const Principal& principal);
// That mentor records a note (1..1000 characters) once the slot has started: NotFound for
// another mentor's booking, Conflict not_yet_held before the start, already_cancelled.
Result<MentorBooking> write_note(store::Tx& tx, const Principal& principal, int64_t entry_id,
                                 const std::string& note, int64_t now);

}  // namespace gonghui::fair
