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
