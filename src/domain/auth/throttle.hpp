// Fixed-window counters in the database's throttle table, shared by every instance: sign-in
// attempts, anonymous writes and uploads are each counted before any work is done for them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "store/db.hpp"

namespace gonghui::auth {

// Takes one attempt under a throttle key in one statement, so that attempts arriving at
// several instances at once are all counted: the `max`-th attempt in a window locks the key
// for `window_ms` from then (later attempts only count; they never push the lock further).
// Returns 0 if this attempt may go ahead, else the seconds until the key opens again.
Result<int64_t> take_attempt(store::Tx& tx, const std::string& key, int max, int64_t window_ms,
                             int64_t now);
// Gives one attempt back (it turned out to be a success), unlocking the key if it is then
// below its limit again.
Status give_back_attempt(store::Tx& tx, const std::string& key, int max);

// A limit that slows attempts down rather than locking them out, for a key many people may
// share (a client address behind carrier-grade NAT): `free` attempts per window go ahead at
// once; from the `free`-th on, each attempt that goes ahead makes the next one wait
// `base_ms`, doubling with each further attempt up to `max_ms`.
struct Pacing {
  int free = 30;
  int64_t window_ms = 15LL * 60 * 1000;
  int64_t base_ms = 1000;
  int64_t max_ms = 60000;
  // The wait set by the attempt that brought the window's count to `count`: 0 below `free`.
  int64_t delay_after(int64_t count) const;
};
// Takes one attempt under a paced key in the caller's transaction. An attempt earlier than
// the wait set by the one before is not counted and returns the seconds left to wait; else
// the attempt is counted (and sets the next wait) and 0 is returned. The row stays locked
// until the transaction ends, so attempts arriving at several instances at once are paced
// one after the other. give_back_attempt(tx, key, pacing.free) gives it back.
Result<int64_t> take_paced_attempt(store::Tx& tx, const std::string& key, const Pacing& pacing,
                                   int64_t now);

// A limit on some use: at most `max` per `window_ms` for each key it is taken under.
struct Limit {
  std::string_view name;  // the key's prefix, e.g. "write"
  int max = 0;
  int64_t window_ms = 0;
};
// Takes one use of `limit` for `who` (an address, an account, or "all") in its own write;
// 429 rate_limited with the seconds to wait in the message if the limit is reached.
// `retry_after_s`, if given, receives those seconds.
Status take(store::Db& db, const Limit& limit, std::string_view who,
            int64_t* retry_after_s = nullptr);

}  // namespace gonghui::auth
