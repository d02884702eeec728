// 我的: what a member keeps for themselves across the app — favourite merchants, their entries
// in every campaign, feedback to their union (and its answer), and the union's hotline.
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

namespace gonghui::mine {

// Tables member_favourites, feedback and hotlines (versions 830-839).
std::vector<store::Migration> migrations();

// ---- Favourite merchants (收藏) --------------------------------------------------------------

struct Favourite {
  int64_t merchant_id = 0;
  std::string name;
  std::string category;
  std::string address;
  std::vector<int64_t> photo_ids;  // the merchant's photos
  int64_t created_at = 0;
};

// Marks a merchant as a favourite of the calling member; doing it again changes nothing.
// NotFound (merchant) for no such merchant; Forbidden for a caller who is not a member.
Status add_favourite(store::Tx& tx, const Principal& member, int64_t merchant_id, int64_t now);
// Removes the mark; it is not an error if there was none.
Status remove_favourite(store::Tx& tx, const Principal& member, int64_t merchant_id);
// The calling member's favourites, newest first.
Result<std::vector<Favourite>> favourites(store::Tx& tx, const Principal& member);
// Whether the calling member has marked the merchant.
Result<bool> is_favourite(store::Tx& tx, const Principal& member, int64_t merchant_id);

// ---- My entries across campaigns -------------------------------------------------------------

// What became of an entry, for the member: waiting for the draw, won, not won, claimed (a
// claim's voucher issued), booked, cancelled (by the member or with the campaign).
enum class EntryState { kWaiting, kWon, kNotWon, kClaimed, kBooked, kCancelled };
inline constexpr EnumNames<EntryState, 6> kEntryStateNames{
    {"waiting", "won", "not_won", "claimed", "booked", "cancelled"}, EntryState::kWaiting};
constexpr const auto& enum_names(EntryState) { return kEntryStateNames; }

struct MyEntry {
  int64_t id = 0;
  int64_t campaign_id = 0;
  std::string campaign_title;
  std::string campaign_kind;    // lottery, claim, booking, distribution
  std::string campaign_status;  // draft, published, drawn, cancelled
  int64_t tickets = 0;
  int64_t points = 0;
  int64_t slot_starts_at = 0;  // bookings
  int64_t slot_ends_at = 0;
  int64_t cancelled_at = 0;
  bool refunded = false;
  int64_t vouchers = 0;  // vouchers issued for the entry, void ones left out
  int64_t created_at = 0;
  EntryState state = EntryState::kWaiting;
};

struct EntryPage {
  std::vector<MyEntry> items;
  int64_t next_cursor = 0;  // 0 on the last page
};

// The calling member's entries in every campaign, newest first: `limit` of them with ids
// below `before_id` (0 for the newest). Forbidden for a caller who is not a member.
Result<EntryPage> my_entries(store::Tx& tx, const Principal& member, int64_t before_id,
                             int64_t limit);

// ---- 意见反馈 ----------------------------------------------------------------------------------

enum class FeedbackStatus { kOpen, kAnswered };
inline constexpr EnumNames<FeedbackStatus, 2> kFeedbackStatusNames{{"open", "answered"},
                                                                   FeedbackStatus::kOpen};
constexpr const auto& enum_names(FeedbackStatus) { return kFeedbackStatusNames; }

struct Feedback {
  int64_t id = 0;
  int64_t member_id = 0;
  int64_t org_id = 0;  // the member's union when it was sent
  std::string org_name;
  std::string member_name;
  std::string member_phone;
  std::string body;
  int64_t photo_id = 0;  // 0: none
  FeedbackStatus status = FeedbackStatus::kOpen;
  std::string answer;
  std::string answered_by_name;
  int64_t answered_at = 0;
  int64_t created_at = 0;
};

inline constexpr size_t kFeedbackMinChars = 5;
inline constexpr size_t kFeedbackMaxChars = 500;
inline constexpr size_t kAnswerMaxChars = 500;

// A member sends feedback to their union: `body` of 5 to 500 characters (after trimming),
// optionally a photo uploaded before (POST /photos). 400 naming the field: body (required,
// too_short, too_long), photo_id (unknown_photo); Forbidden for a caller who is not a member.
Result<Feedback> send_feedback(store::Tx& tx, const Principal& member, std::string body,
                               int64_t photo_id, int64_t now);
// The calling member's feedback, newest first, with the answers.
Result<std::vector<Feedback>> my_feedback(store::Tx& tx, const Principal& member);

struct FeedbackFilter {
  std::optional<FeedbackStatus> status;
  int64_t before_id = 0;  // paging: newest first, ids below this
  int64_t limit = 50;
};
struct FeedbackPage {
  std::vector<Feedback> items;
  int64_t next_cursor = 0;
};
// Feedback sent to unions in the admin's subtree, newest first. Forbidden for non-admins.
Result<FeedbackPage> list_feedback(store::Tx& tx, const Principal& admin,
                                   const FeedbackFilter& filter);
// An admin of the feedback's union (or a union above it) answers it: `answer` of 1 to 500
// characters. 400 naming answer (required, too_long); NotFound (feedback); Forbidden outside
// the admin's subtree; 409 already_answered. Audited as feedback.answer. The one place an
// answer is given, so everything an answer sets off (a message to the member) starts here.
Result<Feedback> answer_feedback(store::Tx& tx, const Principal& admin, int64_t feedback_id,
                                 std::string answer, int64_t now);

// ---- The union's service hotline -------------------------------------------------------------

inline constexpr std::string_view kDefaultHotline = "12351";

// The hotline members of the federation call: the one the platform admin set, else 12351.
Result<std::string> hotline(store::Tx& tx);
// The platform admin sets the federation's hotline: 3 to 20 digits, with '-' between groups
// allowed. 400 hotline (invalid_hotline); Forbidden for anyone else. Audited.
Result<std::string> set_hotline(store::Tx& tx, const Principal& admin, std::string number);

}  // namespace gonghui::mine
