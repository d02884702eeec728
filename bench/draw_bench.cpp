// Figures for the lottery draw (gonghui-draw-v1, docs/draw.md): 50,000 winners drawn from
// 1,000,000 entries of 1-5 tickets each with the pure draw in domain/campaign/draw.hpp, the
// entries digest on its own, and verify_bundle over the same data as an audit bundle.
// Prints the median and max of 5 runs each; the target for the draw is under 1 s.
//   build/release/bench/draw_bench [entries=1000000] [winners=50000]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "domain/campaign/draw.hpp"

namespace {

using namespace gonghui;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

template <typename F>
void report(const char* what, int runs, F fn) {
  std::vector<double> samples;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    fn();
    samples.push_back(ms_since(start));
  }
  std::sort(samples.begin(), samples.end());
  std::printf("%-44s median %9.1f ms   max %9.1f ms   (%d runs)\n", what,
              samples[samples.size() / 2], samples.back(), runs);
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t n_entries = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
  const int64_t n_winners = argc > 2 ? std::atoll(argv[2]) : 50'000;
  constexpr int kRuns = 5;

  campaign::DrawInput input;
  input.secret = crypto::random_bytes(32);
  input.beacon = "drand quicknet round 1234567: 5f2e9c";
  input.one_prize_per_member = true;
  std::mt19937_64 rng(20260501);
  std::uniform_int_distribution<int> tickets(1, 5);
  input.entries.reserve(static_cast<size_t>(n_entries));
  int64_t total_tickets = 0;
  for (int64_t i = 0; i < n_entries; ++i) {
    char ref[17];
    std::snprintf(ref, sizeof ref, "%016llx", static_cast<unsigned long long>(rng()));
    input.entries.push_back({1'000'000'000 + i, ref, tickets(rng)});
    total_tickets += input.entries.back().tickets;
  }
  // Three tiers, like a real campaign: a few big prizes, then many small ones.
  input.prizes = {{1, "麒麟西瓜一箱", 100},
                  {2, "葡萄采摘双人券", 4'900},
                  {3, "有机蔬菜礼包", n_winners - 5'000}};
  std::printf("draw_bench: %lld entries, %lld tickets, %lld winners in 3 tiers\n",
              static_cast<long long>(n_entries), static_cast<long long>(total_tickets),
              static_cast<long long>(n_winners));

  campaign::DrawResult result;
  report("entries digest (entry_lines + SHA-256)", kRuns, [&] {
    const std::string digest = crypto::sha256_hex(campaign::entry_lines(input.entries));
    if (digest.size() != 64) std::abort();
  });
  report("run_draw (digest, seed, shuffle, winners)", kRuns,
         [&] { result = campaign::run_draw(input); });
  if (static_cast<int64_t>(result.winners.size()) != n_winners) {
    std::fprintf(stderr, "expected %lld winners, got %zu\n", static_cast<long long>(n_winners),
                 result.winners.size());
    return 1;
  }

  // The same data as the public audit bundle, as GET /campaigns/{id}/audit publishes it.
  boost::json::object bundle;
  {
    boost::json::array entries, prizes, winners;
    entries.reserve(input.entries.size());
    for (const auto& e : input.entries) {
      entries.push_back({{"entry_id", std::to_string(e.entry_id)},
                         {"member_ref", e.member_ref},
                         {"tickets", e.tickets}});
    }
    for (const auto& p : input.prizes) {
      prizes.push_back({{"tier", p.tier}, {"name", p.name}, {"quantity", p.quantity}});
    }
    for (const auto& w : result.winners) {
      winners.push_back({{"tier", w.tier},
                         {"entry_id", std::to_string(w.entry_id)},
                         {"member_ref", w.member_ref}});
    }
    bundle = {{"algorithm", campaign::kDrawAlgorithm},
              {"campaign_id", "1"},
              {"commitment", result.commitment},
              {"secret", crypto::hex(input.secret)},
              {"beacon_source", "drand"},
              {"beacon_value", input.beacon},
              {"entries", std::move(entries)},
              {"entries_digest", result.entries_digest},
              {"seed", result.seed},
              {"prizes", std::move(prizes)},
              {"one_prize_per_member", true},
              {"winners", std::move(winners)}};
  }
  const boost::json::value value(std::move(bundle));
  std::vector<std::string> problems;
  report("verify_bundle (parsed bundle, recompute all)", kRuns,
         [&] { problems = campaign::verify_bundle(value); });
  if (!problems.empty()) {
    std::fprintf(stderr, "bundle does not verify: %s\n", problems[0].c_str());
    return 1;
  }
  std::string text;
  report("serialize + parse + verify_bundle (as the CLI)", kRuns, [&] {
    text = boost::json::serialize(value);
    problems = campaign::verify_bundle(boost::json::parse(text));
  });
  std::printf("bundle size: %.1f MB; verified\n", static_cast<double>(text.size()) / 1e6);
  return 0;
}
