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
