#include "domain/report/rollup.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <iostream>
#include <map>

#include "core/thread_name.hpp"
#include "core/time.hpp"
#include "domain/purchase/purchase.hpp"

namespace gonghui::report {
namespace {

// Reads a decimal integer at the front of `text` and drops it; false if there is none.
bool take_integer(std::string_view& text, int64_t& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc()) return false;
  text.remove_prefix(static_cast<size_t>(end - text.data()));
  return true;
}

// Drops `separator` from the front of `text`; false if it is not there.
bool take(std::string_view& text, char separator) {
  if (text.empty() || text.front() != separator) return false;
  text.remove_prefix(1);
  return true;
}

// Campaigns that have settled enough to be worth a rollup and have none.
constexpr std::string_view kMissing =
    "SELECT c.id FROM campaigns c WHERE c.status IN ('published', 'drawn')"
    " AND (c.kind <> 'lottery' OR c.status = 'drawn') AND c.closes_at < ?"
    " AND NOT EXISTS (SELECT 1 FROM campaign_rollups r WHERE r.campaign_id = c.id)"
    " ORDER BY c.id LIMIT ?";

Status store_rollup(store::Tx& tx, const Rollup& r) {
  // Another instance may have stored the same rollup meanwhile: equal by construction.
  GH_TRY(
      tx.exec("INSERT INTO campaign_rollups (campaign_id, vouchers, first_created, last_created,"
              " tallies, members, built_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
              " ON CONFLICT (campaign_id) DO NOTHING",
              {r.campaign_id, r.vouchers, r.first_created, r.last_created,
               encode_tallies(r.tallies), encode_members(r.members), Timestamp::now().ms}));
  return Status::Ok();
}

}  // namespace

Result<Rollup> compute_rollup(store::Tx& tx, int64_t campaign_id) {
  Rollup r;
  r.campaign_id = campaign_id;
  std::map<std::pair<int64_t, int64_t>, Tally> tallies;
  GH_TRY(
      tx.each("SELECT prize_id, status, created_at, member_id FROM vouchers"
              " WHERE campaign_id = ? AND status IN ('issued', 'redeemed')",
              {campaign_id}, [&](const store::RowView& row) {
                const int64_t prize = row.integer(0), created = row.integer(2);
                const int64_t day = local_day(created);
                Tally& t = tallies[{prize, day}];
                t.prize_id = prize;
                t.day = day;
                ++t.live;
                t.redeemed += row.text(1) == "redeemed";
                r.first_created = r.vouchers == 0 ? created : std::min(r.first_created, created);
                r.last_created = r.vouchers == 0 ? created : std::max(r.last_created, created);
                ++r.vouchers;
                r.members.push_back(row.integer(3));
              }));
  for (auto& [key, t] : tallies) r.tallies.push_back(t);
  std::sort(r.members.begin(), r.members.end());
  r.members.erase(std::unique(r.members.begin(), r.members.end()), r.members.end());
  return r;
}

std::string encode_tallies(const std::vector<Tally>& tallies) {
  std::string out;
  for (const Tally& t : tallies) {
    if (!out.empty()) out += ';';
    out += std::to_string(t.prize_id) + ':' + std::to_string(t.day) + ':' + std::to_string(t.live) +
           ':' + std::to_string(t.redeemed);
  }
  return out;
}

std::string encode_members(const std::vector<int64_t>& members) {
  std::string out;
  int64_t previous = 0;
  for (size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(i == 0 ? members[i] : members[i] - previous);
    previous = members[i];
  }
  return out;
}

bool decode_tallies(std::string_view text, std::vector<Tally>& out) {
  while (!text.empty()) {
    Tally t;
    if (!take_integer(text, t.prize_id) || !take(text, ':') || !take_integer(text, t.day) ||
        !take(text, ':') || !take_integer(text, t.live) || !take(text, ':') ||
        !take_integer(text, t.redeemed)) {
      return false;
    }
    out.push_back(t);
    if (!text.empty() && (!take(text, ';') || text.empty())) return false;
  }
  return true;
}

bool decode_members(std::string_view text, std::vector<int64_t>& out) {
  int64_t value = 0;
  for (bool first = true; !text.empty(); first = false) {
    int64_t delta = 0;
    if (!take_integer(text, delta) || (!first && delta <= 0)) return false;
    value = first ? delta : value + delta;
    out.push_back(value);
    if (!text.empty() && (!take(text, ',') || text.empty())) return false;
  }
  return true;
}

Result<int64_t> build_rollups(store::Db& db, int64_t closed_before, int64_t vouchers_per_tx,
                              const std::function<bool()>& stop) {
  constexpr int64_t kCampaignsPerTx = 200;
  int64_t built = 0;
  while (!stop || !stop()) {
    // Looked for outside a write first, so that a sweep with nothing to do takes no lock.
    bool any = false;
    GH_TRY(db.read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows, tx.query(kMissing, {closed_before, int64_t{1}}));
      any = !rows.empty();
      return Status::Ok();
    }));
    if (!any) return built;
    int64_t stored = 0;
    GH_TRY(db.write([&](store::Tx& tx) -> Status {
      stored = 0;
      // On PostgreSQL, voucher writers commit concurrently: a share lock waits for those in
      // flight and holds off new ones until this commits, so that no voucher changes between
      // reading it and storing the rollup (a later change fires the trigger that deletes
      // it). On SQLite this transaction is already the only writer.
      if (tx.engine() == "postgresql") GH_TRY(tx.script("LOCK TABLE vouchers IN SHARE MODE"));
      GH_ASSIGN(store::Rows rows, tx.query(kMissing, {closed_before, kCampaignsPerTx}));
      int64_t read = 0;
      for (const auto& row : rows) {
        GH_ASSIGN(Rollup r, compute_rollup(tx, row.integer(0)));
        GH_TRY(store_rollup(tx, r));
        ++stored;
        read += r.vouchers;
        if (read >= vouchers_per_tx) break;
      }
      return Status::Ok();
    }));
    built += stored;
    if (stored == 0) break;
  }
  return built;
}

Result<ledger::CheckItem> check_rollups(store::Db& db) {
  ledger::CheckItem item{"every campaign rollup equals its vouchers", 0, "rollups", {}, 0};
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT campaign_id, vouchers, first_created, last_created, tallies,"
                       " members FROM campaign_rollups ORDER BY campaign_id"));
    for (const auto& row : rows) {
      ++item.checked;
      Rollup stored;
      stored.campaign_id = row.integer(0);
      stored.vouchers = row.integer(1);
      stored.first_created = row.integer(2);
      stored.last_created = row.integer(3);
      const bool readable = decode_tallies(row.text(4), stored.tallies) &&
                            decode_members(row.text(5), stored.members);
      GH_ASSIGN(Rollup actual, compute_rollup(tx, stored.campaign_id));
      if (!readable || !(stored == actual)) {
        if (++item.violation_count <= 20) {
          item.violations.push_back(
              "campaign " + row.text(0) + ": rollup " +
              (readable ? "has " + std::to_string(stored.vouchers) + " vouchers and " +
                              std::to_string(stored.members.size()) + " members"
                        : std::string("is unreadable")) +
              ", its vouchers give " + std::to_string(actual.vouchers) + " and " +
              std::to_string(actual.members.size()));
        }
      }
    }
    return Status::Ok();
  }));
  return item;
}

RollupRunner::RollupRunner(store::Db& db, Options options)
    : db_(db), options_(options), thread_(start_named_thread("gh-rollup", [this] { loop(); })) {}

RollupRunner::~RollupRunner() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void RollupRunner::loop() {
  int64_t wait = options_.delay_ms;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (cv_.wait_for(lock, std::chrono::milliseconds(wait), [this] { return stopping_; })) {
        return;
      }
    }
    auto built = build_rollups(db_, Timestamp::now().ms - options_.settle_ms, 20'000, [this] {
      std::lock_guard lock(mu_);
      return stopping_;
    });
    if (!built.ok()) {
      std::cerr << "rollups: " << built.error().message << std::endl;
    }
    wait = options_.sweep_ms;
  }
}

}  // namespace gonghui::report
