// Time-based messages (booking reminders, expiring vouchers, campaigns opening that a member
// asked about), members' 开始提醒 requests, and the runner that posts what is due and
// delivers notices. Any instance may run it: every message it posts has its dedupe key, so
// two instances racing post it once.
#include <algorithm>
#include <iostream>
#include <limits>

#include "core/thread_name.hpp"
#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/message/message.hpp"

namespace gonghui::message {
namespace {

using store::Rows;

constexpr int64_t kHourMs = 3600LL * 1000;

// Bookings (not cancelled) of published campaigns whose slot starts in [?, ?) and that have
// no reminder yet: entry id, member id, campaign id, campaign title, slot start.
constexpr std::string_view kDueBookings =
    "SELECT e.id, e.member_id, c.id, c.title, s.starts_at FROM campaign_slots s "
    "JOIN campaigns c ON c.id = s.campaign_id "
    "JOIN campaign_entries e ON e.campaign_id = s.campaign_id AND e.slot_id = s.id "
    "WHERE s.starts_at >= ? AND s.starts_at < ? AND c.status = 'published' "
    "AND e.refunded = 0 AND e.cancelled_at = 0 AND NOT EXISTS (SELECT 1 FROM messages g "
    "WHERE g.member_id = e.member_id AND g.dedupe_key = 'booking_reminder:' || "
    "CAST(e.id AS TEXT))";

// Issued vouchers expiring in (?, ?] not yet warned of: voucher id, member id, prize name,
// campaign title, expiry.
constexpr std::string_view kDueVouchers =
    "SELECT v.id, v.member_id, p.name, c.title, v.expires_at FROM vouchers v "
    "JOIN campaign_prizes p ON p.id = v.prize_id JOIN campaigns c ON c.id = v.campaign_id "
    "WHERE v.expires_at > ? AND v.expires_at <= ? AND v.status = 'issued' "
    "AND NOT EXISTS (SELECT 1 FROM messages g WHERE g.member_id = v.member_id "
    "AND g.dedupe_key = 'voucher_expiring:' || CAST(v.id AS TEXT))";

// Reminders of published campaigns open at ?: member id, campaign id, campaign title.
constexpr std::string_view kDueOpenings =
    "SELECT r.member_id, c.id, c.title FROM campaign_reminders r "
    "JOIN campaigns c ON c.id = r.campaign_id "
    "WHERE c.status = 'published' AND c.opens_at <= ? AND c.closes_at > ?";

// Booking reminders: from kReminderHour local time, for slots starting the next local day.
Result<int64_t> remind_bookings(store::Tx& tx, int64_t now) {
  const int64_t today = local_day(now);
  if (now < local_day_start(today) + kReminderHour * kHourMs) {
    return int64_t{0};
  }
  GH_ASSIGN(Rows rows,
            tx.query(kDueBookings, {local_day_start(today + 1), local_day_start(today + 2)}));
  int64_t posted = 0;
  for (const auto& r : rows) {
    const std::string body = "您预约的「" + r.text(3) + "」将于 " +
                             format_local_minute(r.integer(4)) + " 开始，请按时到场。";
    GH_ASSIGN(bool added, post(tx, r.integer(1), "booking_reminder", "明天有预约", body,
                               "/campaigns/" + std::to_string(r.integer(2)),
                               "booking_reminder:" + std::to_string(r.integer(0))));
    posted += added ? 1 : 0;
  }
  return posted;
}

Result<int64_t> warn_expiring(store::Tx& tx, int64_t now) {
  GH_ASSIGN(Rows rows, tx.query(kDueVouchers, {now, now + kExpiryWarningMs}));
  int64_t posted = 0;
  for (const auto& r : rows) {
    const std::string body = "您在「" + r.text(3) + "」获得的「" + r.text(2) + "」券将于 " +
                             format_local_minute(r.integer(4)) + " 过期，请尽快使用。";
    GH_ASSIGN(bool added, post(tx, r.integer(1), "voucher_expiring", "券即将过期", body,
                               "/me/vouchers", "voucher_expiring:" + std::to_string(r.integer(0))));
    posted += added ? 1 : 0;
  }
  return posted;
}

// A reminder is used up by its message.
Result<int64_t> announce_openings(store::Tx& tx, int64_t now) {
  GH_ASSIGN(Rows rows, tx.query(kDueOpenings, {now, now}));
  int64_t posted = 0;
  for (const auto& r : rows) {
    const int64_t campaign_id = r.integer(1);
    GH_ASSIGN(bool added, post(tx, r.integer(0), "campaign_opening", "活动开始了",
                               "您关注的「" + r.text(2) + "」已开始，快去参加吧。",
                               "/campaigns/" + std::to_string(campaign_id),
                               "campaign_opening:" + std::to_string(campaign_id)));
    posted += added ? 1 : 0;
    GH_TRY(tx.exec("DELETE FROM campaign_reminders WHERE campaign_id = ? AND member_id = ?",
                   {campaign_id, r.integer(0)}));
  }
  return posted;
}

Result<int64_t> member_id_of(const Principal& member) {
  const RoleGrant* grant = member.grant(Role::kMember);
  if (grant == nullptr || grant->member_id == 0) {
    return Error::forbidden("only members are reminded");
  }
  return grant->member_id;
}

}  // namespace

Result<int64_t> post_due(store::Db& db, int64_t now) {
  int64_t posted = 0;
  using Producer = Result<int64_t> (*)(store::Tx&, int64_t);
  for (Producer produce : {remind_bookings, warn_expiring, announce_openings}) {
    int64_t made = 0;
    GH_TRY(db.write([&](store::Tx& tx) -> Status {
      GH_ASSIGN(made, produce(tx, now));
      return Status::Ok();
    }));
    posted += made;
  }
  return posted;
}

Result<bool> reminded(store::Tx& tx, const Principal& member, int64_t campaign_id) {
  GH_ASSIGN(int64_t member_id, member_id_of(member));
  GH_TRY(campaign::get(tx, member, campaign_id));
  GH_ASSIGN(Rows rows,
            tx.query("SELECT 1 FROM campaign_reminders WHERE campaign_id = ? AND member_id = ?",
                     {campaign_id, member_id}));
  return !rows.empty();
}

Result<bool> set_reminder(store::Tx& tx, const Principal& member, int64_t campaign_id, bool on,
                          int64_t now) {
  GH_ASSIGN(int64_t member_id, member_id_of(member));
  GH_ASSIGN(campaign::Campaign c, campaign::get(tx, member, campaign_id));
  if (!on) {
    GH_TRY(tx.exec("DELETE FROM campaign_reminders WHERE campaign_id = ? AND member_id = ?",
                   {campaign_id, member_id}));
    return false;
  }
  if (c.input.opens_at <= now) {
    return Error::conflict("already_open", "this campaign has already opened");
  }
  GH_TRY(
      tx.exec("INSERT INTO campaign_reminders (campaign_id, member_id, created_at) "
              "VALUES (?, ?, ?) ON CONFLICT (campaign_id, member_id) DO NOTHING",
              {campaign_id, member_id, now}));
  return true;
}

// ---- MessageRunner -------------------------------------------------------------------------

MessageRunner::MessageRunner(store::Db& db, Options options, sms::Sender* sender)
    : db_(db),
      options_(std::move(options)),
      sender_(sender),
      job_due_at_(options_.jobs.size(), 0),
      thread_(start_named_thread("gh-message", [this] { loop(); })) {}

MessageRunner::~MessageRunner() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void MessageRunner::submit(int64_t notice_id) {
  {
    std::lock_guard lock(mu_);
    if (!queued_.insert(notice_id).second) {
      return;
    }
    queue_.push_back(notice_id);
  }
  cv_.notify_all();
}

bool MessageRunner::stopping() {
  std::lock_guard lock(mu_);
  return stopping_;
}

void MessageRunner::sweep(int64_t stale_before) {
  Status listed = db_.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(Rows rows, tx.query("SELECT id FROM message_notices WHERE status = 'running' "
                                  "AND updated_at < ? ORDER BY id",
                                  {stale_before}));
    for (const auto& row : rows) {
      submit(row.integer(0));
    }
    return Status::Ok();
  });
  if (!listed.ok()) {
    std::cerr << "messages: cannot list running notices: " << listed.error().message << std::endl;
  }
  auto posted = post_due(db_, Timestamp::now().ms);
  if (!posted.ok()) {
    std::cerr << "messages: " << posted.error().message << std::endl;
  }
  if (sender_ != nullptr) {
    auto texted = send_texts(db_, *sender_, Timestamp::now().ms);
    if (!texted.ok()) {
      std::cerr << "messages: texts: " << texted.error().message << std::endl;
    }
  }
}

int64_t MessageRunner::run_due_jobs() {
  int64_t next = std::numeric_limits<int64_t>::max();
  for (size_t i = 0; i < options_.jobs.size(); ++i) {
    const PeriodicJob& job = options_.jobs[i];
    if (Timestamp::now().ms >= job_due_at_[i]) {
      if (Status done = job.run(); !done.ok()) {
        std::cerr << job.name << ": " << done.error().message << std::endl;
      }
      job_due_at_[i] = Timestamp::now().ms + job.every_ms;
    }
    next = std::min(next, job_due_at_[i]);
  }
  return next;
}

void MessageRunner::loop() {
  // Notices left running by a crash or restart are finished first.
  sweep(std::numeric_limits<int64_t>::max());
  int64_t next_sweep = Timestamp::now().ms + options_.sweep_ms;
  int64_t next_job = run_due_jobs();
  for (;;) {
    if (Timestamp::now().ms >= next_sweep) {
      sweep(Timestamp::now().ms - options_.stale_ms);
      next_sweep = Timestamp::now().ms + options_.sweep_ms;
    }
    if (Timestamp::now().ms >= next_job) {
      next_job = run_due_jobs();
    }
    int64_t id = 0;
    {
      std::unique_lock lock(mu_);
      const int64_t wait =
          std::max<int64_t>(0, std::min(next_sweep, next_job) - Timestamp::now().ms);
      if (!cv_.wait_for(lock, std::chrono::milliseconds(wait),
                        [this] { return stopping_ || !queue_.empty(); })) {
        continue;  // time to sweep or to run a job
      }
      if (stopping_) {
        return;
      }
      id = queue_.front();
      queue_.pop_front();
      queued_.erase(id);
    }
    // Chunk by chunk, checking for shutdown between chunks; a busy chunk means another
    // instance is on it, which will finish it (or a later sweep will).
    while (!stopping()) {
      auto n = notice_chunk(db_, id);
      if (!n.ok() || n->done) {
        if (!n.ok() && n.error().code != "notice_busy") {
          std::cerr << "messages: notice " << id << " paused: " << n.error().message << std::endl;
        }
        break;
      }
    }
  }
}

}  // namespace gonghui::message
