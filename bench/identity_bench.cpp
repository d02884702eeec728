// Figures for the identity targets: subtree and member-list queries at 10,000 unions and
// 1,000,000 members, and a 100,000-row roster import. Prints medians and p99s; run on
// SQLite, and also on PostgreSQL when GONGHUI_BENCH_POSTGRES_URL is set.
//   build/release/bench/identity_bench [members=1000000]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "bench_support.hpp"
#include "core/crypto.hpp"
#include "core/id.hpp"
#include "domain/member/member.hpp"
#include "domain/org/org.hpp"

namespace {

using namespace gonghui;
using bench::Clock;
using bench::ms_since;
using bench::must;

struct Figures {
  double p50, p99;
};
Figures percentiles(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return {samples[samples.size() / 2], samples[samples.size() * 99 / 100]};
}

void run(const std::string& url, int64_t member_count) {
  auto db = app::open_database([&] {
    app::Config config;
    config.db = url;
    return config;
  }());
  std::printf("engine %s\n", std::string(db->engine()).c_str());
  org::Org root, first_district;
  std::vector<int64_t> bases;
  Principal platform;
  auto started = Clock::now();
  must(db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(root, org::create_root(tx, {"总工会", org::Kind::kFederation, "", ""}));
    platform.account_id = 1;
    platform.name = "bench";
    platform.roles.push_back({Role::kPlatformAdmin, root.id, 0, 0});
    for (int d = 0; d < 100; ++d) {
      GH_ASSIGN(org::Org district,
                org::create(tx, root.id, {"区" + std::to_string(d), org::Kind::kDistrict, "", ""}));
      if (d == 0) first_district = district;
      for (int b = 0; b < 99; ++b) {
        GH_ASSIGN(
            org::Org base,
            org::create(tx, district.id, {"基层" + std::to_string(b), org::Kind::kBase, "", ""}));
        bases.push_back(base.id);
      }
    }
    return Status::Ok();
  }),
       "unions");
  // Members go in directly (the import path is measured separately below).
  for (int64_t start = 0; start < member_count; start += 50000) {
    must(db->write([&](store::Tx& tx) -> Status {
      for (int64_t i = start; i < std::min(member_count, start + 50000); ++i) {
        const int64_t account = new_id();
        char phone[32], card[32];
        std::snprintf(phone, sizeof phone, "13%09lld", static_cast<long long>(i));
        std::snprintf(card, sizeof card, "C%010lld", static_cast<long long>(i));
        GH_TRY(
            tx.exec("INSERT INTO accounts (id, phone, name, password_hash, disabled, demo, "
                    "created_at, updated_at) VALUES (?, ?, ?, '', 0, 0, 0, 0)",
                    {account, std::string(phone), std::string("会员")}));
        GH_TRY(
            tx.exec("INSERT INTO members (id, account_id, org_id, name, phone, card_no, "
                    "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'active', 0, 0)",
                    {new_id(), account, bases[static_cast<size_t>(i) % bases.size()],
                     std::string("会员") + std::to_string(i % 1000), std::string(phone),
                     std::string(card)}));
      }
      return Status::Ok();
    }),
         "members");
  }
  std::printf("  setup: %zu unions, %lld members in %.1f s\n", bases.size() + 101,
              static_cast<long long>(member_count), ms_since(started) / 1000);

  std::vector<double> subtree_ms, list_ms, search_ms;
  for (int i = 0; i < 200; ++i) {
    auto t = Clock::now();
    must(db->read([&](store::Tx& tx) -> Status {
      return org::subtree(tx, first_district.id).ok() ? Status::Ok() : Error::internal("subtree");
    }),
         "subtree");
    subtree_ms.push_back(ms_since(t));
    t = Clock::now();
    must(db->read([&](store::Tx& tx) -> Status {
      member::ListFilter filter;
      filter.org_id = first_district.id;
      return member::list(tx, platform, filter).ok() ? Status::Ok() : Error::internal("list");
    }),
         "list");
    list_ms.push_back(ms_since(t));
    t = Clock::now();
    must(db->read([&](store::Tx& tx) -> Status {
      member::ListFilter filter;
      filter.q = "C00000" + std::to_string(1000 + i);
      return member::list(tx, platform, filter).ok() ? Status::Ok() : Error::internal("q");
    }),
         "search");
    search_ms.push_back(ms_since(t));
  }
  auto print = [](const char* name, const std::vector<double>& samples) {
    Figures f = percentiles(samples);
    std::printf("  %-44s p50 %7.2f ms   p99 %7.2f ms\n", name, f.p50, f.p99);
  };
  print("subtree of a district (99 unions)", subtree_ms);
  print("member list, district subtree, first 50", list_ms);
  print("member search by card number, whole tree", search_ms);

  std::string csv = "name,phone,card_no,org\n";
  for (int i = 0; i < 100000; ++i) {
    char line[96];
    std::snprintf(line, sizeof line, "导入%d,15%09d,IMP%07d,%lld\n", i, i, i,
                  static_cast<long long>(bases[static_cast<size_t>(i) % bases.size()]));
    csv += line;
  }
  auto t = Clock::now();
  auto report = member::import_csv(*db, platform, csv);
  if (!report.ok() || !report->problems.empty()) {
    std::fprintf(stderr, "import failed\n");
    std::exit(1);
  }
  std::printf("  roster import of 100,000 rows: %.2f s (%lld created)\n", ms_since(t) / 1000,
              static_cast<long long>(report->created));
}

}  // namespace

int main(int argc, char** argv) {
  crypto::init();
  const int64_t members = argc > 1 ? std::atoll(argv[1]) : 1000000;
  const auto path = std::filesystem::temp_directory_path() / "gonghui_identity_bench.db";
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path.string() + suffix);
  }
  run("sqlite:" + path.string(), members);
  if (const char* pg = std::getenv("GONGHUI_BENCH_POSTGRES_URL"); pg && *pg) {
    run(pg, members);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path.string() + suffix);
  }
  return 0;
}
