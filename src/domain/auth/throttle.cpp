// Fixed-window throttle counters (see throttle.hpp).
#include "domain/auth/throttle.hpp"

#include <algorithm>

#include "core/time.hpp"

namespace gonghui::auth {

Result<int64_t> take_attempt(store::Tx& tx, const std::string& key, int max, int64_t window_ms,
                             int64_t now) {
  // A window starts over once it has passed and the key is not locked; the attempt that
  // reaches `max` sets the lock, later ones only count (they never push the lock further).
  constexpr std::string_view kTake =
      "INSERT INTO throttle (key, failures, window_start, locked_until) VALUES (?, 1, ?, ?) "
      "ON CONFLICT (key) DO UPDATE SET "
      "failures = CASE WHEN ? - throttle.window_start > ? AND throttle.locked_until <= ? "
      "THEN 1 ELSE throttle.failures + 1 END, "
      "window_start = CASE WHEN ? - throttle.window_start > ? AND throttle.locked_until <= ? "
      "THEN CAST(? AS BIGINT) ELSE throttle.window_start END, "
      "locked_until = CASE WHEN ? - throttle.window_start > ? AND throttle.locked_until <= ? "
      "THEN CAST(? AS BIGINT) WHEN throttle.failures + 1 = ? THEN CAST(? AS BIGINT) "
      "ELSE throttle.locked_until END "
      "RETURNING failures, locked_until";
  const int64_t lock_at_first = max <= 1 ? now + window_ms : 0;
  GH_ASSIGN(store::Rows rows,
            tx.query(kTake, {key, now, lock_at_first, now, window_ms, now, now, window_ms, now, now,
                             now, window_ms, now, lock_at_first, int64_t{max}, now + window_ms}));
  if (rows.empty() || rows[0].integer(0) <= max) {
    return int64_t{0};
  }
  return std::max<int64_t>(1, (rows[0].integer(1) - now + 999) / 1000);
}

Status give_back_attempt(store::Tx& tx, const std::string& key, int max) {
  GH_TRY(
      tx.exec("UPDATE throttle SET failures = failures - 1, "
              "locked_until = CASE WHEN failures - 1 < ? THEN 0 ELSE locked_until END "
              "WHERE key = ? AND failures > 0",
              {int64_t{max}, key}));
  return Status::Ok();
}

int64_t Pacing::delay_after(int64_t count) const {
  if (count < free) {
    return 0;
  }
  // Doubling stops once past the cap, so that the shift never overflows.
  int64_t delay = base_ms;
  for (int64_t i = free; i < count && delay < max_ms; ++i) {
    delay *= 2;
  }
  return std::min(delay, max_ms);
}

Result<int64_t> take_paced_attempt(store::Tx& tx, const std::string& key, const Pacing& pacing,
                                   int64_t now) {
  // While a wait runs the row is left as it is (the attempt is not counted); otherwise the
  // window starts over once it has passed, or the attempt is counted in it.
  constexpr std::string_view kTake =
      "INSERT INTO throttle (key, failures, window_start, locked_until) VALUES (?, 1, ?, 0) "
      "ON CONFLICT (key) DO UPDATE SET "
      "failures = CASE WHEN throttle.locked_until > ? THEN throttle.failures "
      "WHEN ? - throttle.window_start > ? THEN 1 ELSE throttle.failures + 1 END, "
      "window_start = CASE WHEN throttle.locked_until > ? THEN throttle.window_start "
      "WHEN ? - throttle.window_start > ? THEN CAST(? AS BIGINT) "
      "ELSE throttle.window_start END "
      "RETURNING failures, locked_until";
  GH_ASSIGN(store::Rows rows, tx.query(kTake, {key, now, now, now, pacing.window_ms, now, now,
                                               pacing.window_ms, now}));
  if (rows.empty()) {
    return Error::internal("the throttle row was not written");
  }
  const int64_t locked_until = rows[0].integer(1);
  if (locked_until > now) {
    return std::max<int64_t>(1, (locked_until - now + 999) / 1000);
  }
  const int64_t delay = pacing.delay_after(rows[0].integer(0));
  if (delay > 0) {
    GH_TRY(tx.exec("UPDATE throttle SET locked_until = ? WHERE key = ?", {now + delay, key}));
  }
  return int64_t{0};
}

Status take(store::Db& db, const Limit& limit, std::string_view who, int64_t* retry_after_s) {
  int64_t wait = 0;
  const std::string key = std::string(limit.name) + ":" + std::string(who);
  GH_TRY(db.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(wait, take_attempt(tx, key, limit.max, limit.window_ms, Timestamp::now().ms));
    return Status::Ok();
  }));
  if (retry_after_s != nullptr) {
    *retry_after_s = wait;
  }
  if (wait > 0) {
    return Error{ErrorKind::kTooManyRequests,
                 "rate_limited",
                 "too many requests; try again in " + std::to_string(wait) + " s",
                 {}};
  }
  return Status::Ok();
}

}  // namespace gonghui::auth
