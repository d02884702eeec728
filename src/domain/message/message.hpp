// Messages (消息中心): what a member is told, one row per (member, event), listed newest first
// with an unread count. Events post in their own transaction (the row is the outbox: it commits
// or rolls back with the event), and the unique (member_id, dedupe_key) makes a retried or
// raced event a no-op, so each event yields its message exactly once on any number of
// instances. Time-based messages (booking reminders, expiring vouchers, campaign openings) and
// admin notices to a subtree are produced by a runner any instance may run.
#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::sms {
class Sender;
}

namespace gonghui::message {

// The kinds of message; a module that posts a new kind adds it here.
inline constexpr std::array<std::string_view, 13> kKinds = {"points",
                                                            "lottery_result",
                                                            "booking_reminder",
                                                            "voucher_expiring",
                                                            "campaign_opening",
                                                            "application_status",
                                                            "notice",
                                                            "feedback_answer",
                                                            "training",
                                                            "subsidy_status",
                                                            "job",
                                                            "station_problem",
                                                            "volunteer"};
bool known_kind(std::string_view kind);

// Longest title, body and link a message may carry (characters).
inline constexpr size_t kMaxTitle = 100;
inline constexpr size_t kMaxBody = 2000;
inline constexpr size_t kMaxLink = 300;

// messages, message_notices, message_notice_members, campaign_reminders (versions 800-809).
std::vector<store::Migration> migrations();

// Posts a message to a member in the caller's transaction; a second post with the same
// (member_id, dedupe_key) is a no-op returning false. `link` is a path of the member app
// ("/me/vouchers") or empty. InvalidArgument for an unknown kind, an empty title or dedupe key,
// or text over the limits above (field names the argument).
Result<bool> post(store::Tx& tx, int64_t member_id, std::string_view kind, std::string_view title,
                  std::string_view body, std::string_view link, std::string_view dedupe_key);

// One message to post with post_all.
struct Draft {
  int64_t member_id = 0;
  std::string title;
  std::string body;
  std::string link;
};
// Posts `kind` to many members in the caller's transaction with multi-row statements (each
// member once per `dedupe_key`, as post()). Returns how many were new.
Result<int64_t> post_all(store::Tx& tx, std::string_view kind, const std::vector<Draft>& drafts,
                         std::string_view dedupe_key);

// post() to the active member whose phone is `phone`, for an applicant known only by the
// number on a form; false (nothing posted) if no active member has it.
Result<bool> post_to_phone(store::Tx& tx, std::string_view phone, std::string_view kind,
                           std::string_view title, std::string_view body, std::string_view link,
                           std::string_view dedupe_key);

// ---- A member's messages -------------------------------------------------------------------

struct Message {
  int64_t id = 0;
  int64_t member_id = 0;
  std::string kind;
  std::string title;
  std::string body;
  std::string link;
  int64_t created_at = 0;
  int64_t read_at = 0;  // 0 while unread
};

struct MessagePage {
  std::vector<Message> items;  // newest first
  int64_t next_cursor = 0;     // pass as before_id for the next page; 0 at the end
};
// The member's own messages with id < before_id (0: from the newest), at most `limit`;
// only unread ones if `unread_only`.
Result<MessagePage> list(store::Tx& tx, int64_t member_id, int64_t before_id, int64_t limit,
                         bool unread_only);
Result<int64_t> unread_count(store::Tx& tx, int64_t member_id);
// Marks one of the member's messages read (again: no change) and returns it. NotFound for a
// message that is not the member's.
Result<Message> mark_read(store::Tx& tx, int64_t member_id, int64_t id, int64_t now);
// Marks all the member's messages read; returns how many were unread.
Result<int64_t> mark_all_read(store::Tx& tx, int64_t member_id, int64_t now);

// ---- Notices from admins -------------------------------------------------------------------

struct NoticeInput {
  int64_t org_id = 0;  // the subtree whose active members receive it; 0: the admin's scope
  std::string title;   // 1..kMaxTitle
  std::string body;    // 1..kMaxBody
  std::string link;    // optional, a path of the member app starting with '/'
};

struct Notice {
  int64_t id = 0;
  int64_t org_id = 0;  // the subtree it went to
  std::string title;
  std::string body;
  std::string link;
  bool done = false;
  int64_t recipients = 0;  // active members of the subtree when it was sent
  int64_t delivered = 0;   // of them, whose message is posted so far
  int64_t cursor = 0;      // the last member id delivered to
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t finished_at = 0;
  int64_t read = 0;       // members who have read it (filled by get/list)
  bool replayed = false;  // start_notice found it under the same idempotency key
};

// Members per delivery transaction.
inline constexpr int64_t kNoticeChunk = 2000;

// How many members a notice to `input.org_id` would reach, checking the input as
// start_notice does. An admin in scope; Forbidden outside it.
Result<int64_t> preview_notice(store::Tx& tx, const Principal& admin, const NoticeInput& input);
// Records a notice and its recipients (the subtree's active members now); delivery is by
// deliver_notice. InvalidArgument for title, body, link or org_id (unknown_org); Forbidden for
// a union outside the admin's scope; the same `idempotency_key` from the same admin returns
// the first notice (replayed), Conflict idempotency_conflict if the input differs. Audited.
Result<Notice> start_notice(store::Tx& tx, const Principal& admin, const NoticeInput& input,
                            std::string_view idempotency_key);
// Posts the notice to its next `chunk` recipients in one write transaction (racing workers:
// Unavailable notice_busy, rolled back); marks it done after the last. Each recipient gets it
// once however often this is called or interrupted.
Result<Notice> notice_chunk(store::Db& db, int64_t notice_id, int64_t chunk = kNoticeChunk);
// Calls notice_chunk until the notice is done or deadline_ms (UTC ms, 0: none) has passed.
Result<Notice> deliver_notice(store::Db& db, int64_t notice_id, int64_t deadline_ms = 0,
                              int64_t chunk = kNoticeChunk);
// A notice sent to a union in the admin's scope, with its read count. NotFound otherwise.
Result<Notice> get_notice(store::Tx& tx, const Principal& admin, int64_t id);
struct NoticePage {
  std::vector<Notice> items;  // newest first
  int64_t next_cursor = 0;
};
// Notices sent to unions in the admin's scope, with their read counts.
Result<NoticePage> list_notices(store::Tx& tx, const Principal& admin, int64_t before_id,
                                int64_t limit);

// ---- 开始提醒: a member asks to be told when a campaign opens ---------------------------------

// Whether the member asked to be reminded of this campaign (NotFound if they may not see it).
Result<bool> reminded(store::Tx& tx, const Principal& member, int64_t campaign_id);
// Asks (on = true) or stops asking (false) to be told when a campaign the member may see opens.
// Conflict already_open when asking about a campaign that has opened; NotFound as campaign::get.
Result<bool> set_reminder(store::Tx& tx, const Principal& member, int64_t campaign_id, bool on,
                          int64_t now);

// ---- Time-based messages -------------------------------------------------------------------

// Local hour (Asia/Shanghai) from which a booking of the next day is reminded.
inline constexpr int64_t kReminderHour = 18;
// Vouchers still issued this close to expiry are warned of.
inline constexpr int64_t kExpiryWarningMs = 3LL * 24 * 3600 * 1000;

// Posts every time-based message due at `now` and not yet posted: bookings of the next local
// day once it is kReminderHour, vouchers expiring within kExpiryWarningMs, campaigns a member
// asked about that have opened. Safe to run on several instances at once (the unique key
// keeps each message single). Returns how many were posted.
Result<int64_t> post_due(store::Db& db, int64_t now);

// ---- Messages that also go by text ----------------------------------------------------------

// Sends by text (`sender`) the messages of the last `window_ms` whose kind goes by SMS
// (sms::sends_by_sms, the platform's setting per kind) and that were not sent yet, at most
// `limit`: each is first claimed in the table message_texts and committed, then sent, so
// that runners on several instances never text a member twice (a send that fails is logged
// and not retried: a missed text is better than two). Returns how many were sent.
Result<int64_t> send_texts(store::Db& db, sms::Sender& sender, int64_t now,
                           int64_t window_ms = 24LL * 3600 * 1000, int64_t limit = 200);

// Runs post_due every `sweep_ms` and delivers notices: those submitted, and at start and
// every sweep those left running (a crash, or another instance that stopped) and not moved
// for `stale_ms`. Also runs the periodic jobs it is given. The destructor stops after the
// current transaction or job and joins.
class MessageRunner {
 public:
  // Work another module has the runner's thread do (app.cpp registers it; this module knows
  // nothing of what it does), given the time; it logs its own failures. With every_ms 0 it
  // runs after each sweep, in order (e.g. lapsing what is overdue); otherwise every every_ms
  // on its own, first at start (e.g. publishing scheduled news, at a shorter pace than the
  // sweep's).
  struct PeriodicJob {
    std::function<void(int64_t now)> run;
    int64_t every_ms = 0;
  };
  struct Options {
    int64_t sweep_ms = 60'000;
    int64_t stale_ms = 60'000;
    std::vector<PeriodicJob> jobs;
  };
  explicit MessageRunner(store::Db& db) : MessageRunner(db, Options{}) {}
  // With a `sender`, every sweep also sends the messages that go by text (send_texts).
  MessageRunner(store::Db& db, Options options, sms::Sender* sender = nullptr);
  ~MessageRunner();
  MessageRunner(const MessageRunner&) = delete;
  MessageRunner& operator=(const MessageRunner&) = delete;

  // Queues a notice for delivery (no-op if already queued).
  void submit(int64_t notice_id);

 private:
  void loop();
  void sweep(int64_t stale_before);
  // Runs the jobs of their own pace that are due; returns when the next one is (UTC ms).
  int64_t run_due_jobs();
  bool stopping();

  store::Db& db_;
  Options options_;
  sms::Sender* sender_ = nullptr;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;            // under mu_
  std::deque<int64_t> queue_;        // under mu_
  std::set<int64_t> queued_;         // under mu_
  std::vector<int64_t> job_due_at_;  // per job of options_.jobs; the runner's thread only
  std::thread thread_;
};

}  // namespace gonghui::message
