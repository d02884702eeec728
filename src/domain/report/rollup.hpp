// Campaign rollups: a settled campaign's vouchers summarised once (counts per prize and day,
// its distinct holders, the span of issue times), so that the impact report reads a row per
// campaign instead of every voucher. A rollup is a cache of the vouchers, never a source:
// database triggers delete a campaign's rollup whenever one of its vouchers is written, and
// the report reads the vouchers of any campaign without one (or whose vouchers straddle the
// report's range), so its figures are the same with or without rollups.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "domain/ledger/ledger.hpp"
#include "store/db.hpp"

namespace gonghui::report {

struct Tally {
  int64_t prize_id = 0;
  int64_t day = 0;       // days since 1970-01-01 in Asia/Shanghai
  int64_t live = 0;      // vouchers issued or redeemed (not void)
  int64_t redeemed = 0;  // of them, redeemed
  bool operator==(const Tally&) const = default;
};

struct Rollup {
  int64_t campaign_id = 0;
  int64_t vouchers = 0;       // live vouchers
  int64_t first_created = 0;  // the earliest and latest issue time among them (0 if none)
  int64_t last_created = 0;
  std::vector<Tally> tallies;    // by prize, then day
  std::vector<int64_t> members;  // distinct holders, ascending
  bool operator==(const Rollup&) const = default;
};

// The rollup of a campaign computed from its vouchers now.
Result<Rollup> compute_rollup(store::Tx& tx, int64_t campaign_id);

// Stored form: tallies as "prize:day:live:redeemed" joined by ';', members as the first id
// and then the differences to the previous one, joined by ','.
std::string encode_tallies(const std::vector<Tally>& tallies);
std::string encode_members(const std::vector<int64_t>& members);
// Decoders append to `out`; false if the text is malformed.
bool decode_tallies(std::string_view text, std::vector<Tally>& out);
bool decode_members(std::string_view text, std::vector<int64_t>& out);

// Builds the missing rollups of published or drawn campaigns (lotteries once drawn) that
// closed before `closed_before`, in transactions of at most ~`vouchers_per_tx` vouchers
// read, so that the writer is never held long; `stop`, if given, is asked between
// transactions. Returns how many were built.
Result<int64_t> build_rollups(store::Db& db, int64_t closed_before,
                              int64_t vouchers_per_tx = 20'000,
                              const std::function<bool()>& stop = {});

// `gonghui check`: every stored rollup equals the one computed from its vouchers.
Result<ledger::CheckItem> check_rollups(store::Db& db);

// Builds rollups in the background: `delay_ms` after start, then every `sweep_ms`, for
// campaigns closed at least `settle_ms` ago. Several instances may run one each. The
// destructor stops after the current transaction and joins.
class RollupRunner {
 public:
  struct Options {
    int64_t delay_ms = 10'000;
    int64_t sweep_ms = 300'000;
    int64_t settle_ms = 86'400'000;
  };
  explicit RollupRunner(store::Db& db) : RollupRunner(db, Options{}) {}
  RollupRunner(store::Db& db, Options options);
  ~RollupRunner();
  RollupRunner(const RollupRunner&) = delete;
  RollupRunner& operator=(const RollupRunner&) = delete;

 private:
  void loop();

  store::Db& db_;
  Options options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // under mu_
  std::thread thread_;
};

}  // namespace gonghui::report
