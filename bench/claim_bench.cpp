// Giveaway claims under concurrency: many clients claim one campaign's stock through several
// "instances" (separate Db handles with their own connection pools, as separate gonghui
// processes would have) and the bench prints claims/s, p50 and p99 per scenario, then checks
// that exactly the stock was issued. Runs on SQLite, and on PostgreSQL when
// GONGHUI_BENCH_POSTGRES_URL is set (a throwaway database: it is filled, not cleaned).
//   build/release/bench/claim_bench [claims=20000] [clients=128] [instances=2]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/app.hpp"
#include "bench_support.hpp"
#include "core/crypto.hpp"
#include "core/id.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/org/org.hpp"

namespace {

using namespace gonghui;
using bench::Clock;
using bench::ms_since;
using bench::must;

constexpr int64_t kMembers = 4000;

struct World {
  org::Org root, district;
  Principal platform;
  std::vector<int64_t> members;
};

World populate(store::Db& db) {
  World w;
  std::vector<int64_t> bases;
  must(db.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(w.root, org::create_root(tx, {"总工会", org::Kind::kFederation, "", ""}));
    GH_ASSIGN(w.district,
              org::create(tx, w.root.id, {"江北区总工会", org::Kind::kDistrict, "", ""}));
    for (int b = 0; b < 10; ++b) {
      GH_ASSIGN(org::Org base, org::create(tx, w.district.id,
                                           {"基层" + std::to_string(b), org::Kind::kBase, "", ""}));
      bases.push_back(base.id);
    }
    const int64_t account = new_id();
    GH_TRY(
        tx.exec("INSERT INTO accounts (id, phone, name, password_hash, disabled, demo, "
                "created_at, updated_at) VALUES (?, '13800000000', 'bench', '', 0, 0, 0, 0)",
                {account}));
    w.platform.account_id = account;
    w.platform.name = "bench";
    w.platform.roles.push_back({Role::kPlatformAdmin, w.root.id, 0, 0});
    for (int64_t i = 0; i < kMembers; ++i) {
      const int64_t member_account = new_id(), member = new_id();
      char phone[32], card[32];
      std::snprintf(phone, sizeof phone, "13%09lld", static_cast<long long>(i + 1));
      std::snprintf(card, sizeof card, "C%010lld", static_cast<long long>(i));
      GH_TRY(
          tx.exec("INSERT INTO accounts (id, phone, name, password_hash, disabled, demo, "
                  "created_at, updated_at) VALUES (?, ?, '会员', '', 0, 0, 0, 0)",
                  {member_account, std::string(phone)}));
      GH_TRY(
          tx.exec("INSERT INTO members (id, account_id, org_id, name, phone, card_no, "
                  "status, created_at, updated_at) VALUES (?, ?, ?, '会员', ?, ?, "
                  "'active', 0, 0)",
                  {member, member_account, bases[static_cast<size_t>(i) % bases.size()],
                   std::string(phone), std::string(card)}));
      w.members.push_back(member);
    }
    return Status::Ok();
  }),
       "populate");
  // Points for the paid scenario: one grant to the whole district.
  ledger::Grant grant;
  must(db.write([&](store::Tx& tx) -> Status {
    ledger::GrantInput input;
    input.org_id = w.district.id;
    input.amount = 1'000'000;
    input.reason = "bench";
    GH_ASSIGN(grant, ledger::start_grant(tx, w.platform, input, "bench-grant"));
    return Status::Ok();
  }),
       "grant");
  must(ledger::run_grant(db, grant.id).ok() ? Status::Ok() : Error::internal("run_grant"),
       "run grant");
  return w;
}

struct Outcome {
  double seconds = 0;
  int64_t ok = 0, sold_out = 0, other = 0;
  double p50 = 0, p99 = 0;
  std::string first_error;
};

// `claims` claims from `clients` threads spread over the instances; stock `stock`.
Outcome run_scenario(std::vector<std::unique_ptr<store::Db>>& instances, const World& w,
                     int64_t stock, int64_t cost, int64_t rows, int64_t claims, int clients) {
  const int64_t now = Timestamp::now().ms;
  campaign::CampaignInput in;
  in.org_id = w.district.id;
  in.kind = campaign::Kind::kClaim;
  in.title = "限量领取";
  in.opens_at = now - 60'000;
  in.closes_at = now + 3'600'000;
  in.points_cost = cost;
  in.per_member_limit = 1000;
  in.prizes = {{0, 1, "西瓜", stock, stock, 3000, 0, 0}};
  in.stock_rows = rows;
  campaign::Campaign c;
  must(instances[0]->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(c, campaign::create(tx, w.platform, in));
    GH_ASSIGN(c, campaign::publish(tx, w.platform, c.id));
    return Status::Ok();
  }),
       "campaign");
  std::atomic<int64_t> next{0};
  std::mutex mu;
  Outcome out;
  std::vector<double> latencies;
  latencies.reserve(static_cast<size_t>(claims));
  std::vector<std::thread> threads;
  const auto started = Clock::now();
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      store::Db& db = *instances[static_cast<size_t>(t) % instances.size()];
      std::vector<double> mine;
      int64_t ok = 0, sold_out = 0, other = 0;
      std::string first_error;
      for (;;) {
        const int64_t i = next++;
        if (i >= claims) {
          break;
        }
        const int64_t member = w.members[static_cast<size_t>(i % kMembers)];
        const auto t0 = Clock::now();
        Status status = db.write([&](store::Tx& tx) -> Status {
          auto entered = campaign::enter(tx, member, c.id, 1, Timestamp::now().ms);
          return entered.ok() ? Status::Ok() : Status(std::move(entered).error());
        });
        mine.push_back(ms_since(t0));
        if (status.ok()) {
          ++ok;
        } else if (status.error().code == "sold_out") {
          ++sold_out;
        } else {
          ++other;
          if (first_error.empty()) {
            first_error = status.error().code + ": " + status.error().message;
          }
        }
      }
      std::lock_guard lock(mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
      out.ok += ok;
      out.sold_out += sold_out;
      out.other += other;
      if (out.first_error.empty()) {
        out.first_error = first_error;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  out.seconds = ms_since(started) / 1000;
  std::sort(latencies.begin(), latencies.end());
  out.p50 = latencies[latencies.size() / 2];
  out.p99 = latencies[latencies.size() * 99 / 100];
  // Exactness: the vouchers issued are exactly the stock (or the successful claims).
  int64_t vouchers = -1;
  must(instances[0]->read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT COUNT(*) FROM vouchers WHERE campaign_id = ?", {c.id}));
    vouchers = rows[0].integer(0);
    return Status::Ok();
  }),
       "count");
  if (vouchers != out.ok || vouchers > stock) {
    std::fprintf(stderr, "EXACTNESS VIOLATED: %lld vouchers, %lld successful claims, stock %lld\n",
                 static_cast<long long>(vouchers), static_cast<long long>(out.ok),
                 static_cast<long long>(stock));
    std::exit(1);
  }
  return out;
}

void run(const std::string& url, int64_t claims, int clients, int instance_count) {
  app::Config config;
  config.db = url;
  std::vector<std::unique_ptr<store::Db>> instances;
  instances.push_back(app::open_database(config));
  const bool sqlite = instances[0]->engine() == "sqlite";
  // SQLite has one writer per file: a second process would only queue behind it.
  for (int i = 1; i < (sqlite ? 1 : instance_count); ++i) {
    instances.push_back(store::open(url));
  }
  std::printf("engine %s, %zu instance(s), %d clients, %lld claims per scenario\n",
              std::string(instances[0]->engine()).c_str(), instances.size(), clients,
              static_cast<long long>(claims));
  const auto setup = Clock::now();
  const World w = populate(*instances[0]);
  std::printf("  setup: %lld members with points in %.1f s\n", static_cast<long long>(kMembers),
              ms_since(setup) / 1000);
  struct Scenario {
    std::string name;
    int64_t stock;
    int64_t cost;
    int64_t rows;
  };
  std::vector<Scenario> scenarios;
  for (int64_t rows : {int64_t{1}, campaign::kStockRows}) {
    const std::string suffix = ", " + std::to_string(rows) + " stock row" + (rows > 1 ? "s" : "");
    scenarios.push_back({"free, stock = claims" + suffix, claims, 0, rows});
    scenarios.push_back({"free, stock = claims / 4" + suffix, claims / 4, 0, rows});
    scenarios.push_back({"10 points, stock = claims" + suffix, claims, 10, rows});
  }
  for (const Scenario& s : scenarios) {
    // Median of 3 runs by throughput.
    std::vector<Outcome> runs;
    for (int r = 0; r < 3; ++r) {
      runs.push_back(run_scenario(instances, w, s.stock, s.cost, s.rows, claims, clients));
    }
    std::sort(runs.begin(), runs.end(),
              [&](const Outcome& a, const Outcome& b) { return a.seconds < b.seconds; });
    const Outcome& m = runs[1];
    std::printf("  %-38s %8.0f claims/s  p50 %7.2f ms  p99 %7.2f ms  (%lld ok, %lld sold out",
                s.name.c_str(), static_cast<double>(claims) / m.seconds, m.p50, m.p99,
                static_cast<long long>(m.ok), static_cast<long long>(m.sold_out));
    if (m.other) {
      std::printf(", %lld other: %s", static_cast<long long>(m.other), m.first_error.c_str());
    }
    std::printf("; runs %.0f/%.0f/%.0f claims/s)\n", claims / runs[2].seconds,
                claims / runs[1].seconds, claims / runs[0].seconds);
  }
}

}  // namespace

int main(int argc, char** argv) {
  crypto::init();
  const int64_t claims = argc > 1 ? std::atoll(argv[1]) : 20000;
  const int clients = argc > 2 ? std::atoi(argv[2]) : 128;
  const int instances = argc > 3 ? std::atoi(argv[3]) : 2;
  const auto path = std::filesystem::temp_directory_path() / "gonghui_claim_bench.db";
  auto remove = [&] {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path.string() + suffix);
    }
  };
  remove();
  if (!std::getenv("GONGHUI_BENCH_SKIP_SQLITE")) {
    run("sqlite:" + path.string(), claims, clients, instances);
  }
  if (const char* pg = std::getenv("GONGHUI_BENCH_POSTGRES_URL"); pg && *pg) {
    run(pg, claims, clients, instances);
  }
  remove();
  return 0;
}
