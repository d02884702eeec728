// The impact report over 1,000,000 vouchers and 100,000 purchases, built directly with SQL:
// median of 7 runs per engine, SQLite and PostgreSQL (GONGHUI_BENCH_POSTGRES_URL, e.g.
// `postgresql://` inside pg_virtualenv), with the same data on both and a check that both
// give the same figures. Target: under 300 ms on each.
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>

#include "api/impact_render.hpp"
#include "app/app.hpp"
#include "core/id.hpp"
#include "domain/org/org.hpp"
#include "domain/purchase/purchase.hpp"
#include "domain/report/report.hpp"
#include "domain/report/rollup.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

using namespace gonghui;

namespace {

constexpr int kDistricts = 10, kBasesPerDistrict = 10, kCampaigns = 2000;
int64_t g_vouchers = 1000000, g_purchases = 100000;
constexpr int kRuns = 7;

// CPU time of this process (all threads), so that a shared machine's load can be told apart
// from the report's own work on SQLite, which runs in-process.
double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

void must(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, s.error().message.c_str());
    std::exit(1);
  }
}

// Inserts rows in multi-row statements of `per` rows, `per_tx` rows per transaction.
void insert_rows(store::Db& db, const std::string& head, const std::string& one, int64_t count,
                 const std::function<void(int64_t, store::Params&)>& row) {
  const int64_t per = 200, per_tx = 20000;
  for (int64_t start = 0; start < count; start += per_tx) {
    must(db.write([&](store::Tx& tx) -> Status {
      for (int64_t i = start; i < std::min(count, start + per_tx); i += per) {
        const int64_t n = std::min(per, std::min(count, start + per_tx) - i);
        std::string sql = head;
        store::Params params;
        for (int64_t k = 0; k < n; ++k) {
          sql += (k ? "," : "") + one;
          row(i + k, params);
        }
        GH_TRY(tx.exec(sql, params));
      }
      return Status::Ok();
    }),
         "insert");
  }
}

// Builds the data on one engine, runs the report kRuns times and returns its CSV rendering
// (which names unions, not ids, so both engines' renderings must be equal).
std::string run(const std::string& engine, const std::string& url) {
  auto db = store::open(url);
  must(store::migrate(*db, app::all_migrations()).ok() ? Status::Ok()
                                                       : Status(Error::internal("migrate")),
       "migrate");
  std::vector<int64_t> bases;
  Principal platform;
  auto t0 = std::chrono::steady_clock::now();
  must(db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(org::Org root,
              org::create_root(tx, {"示范市总工会", org::Kind::kFederation, "", ""}));
    platform.account_id = 1;
    platform.roles.push_back({Role::kPlatformAdmin, root.id, 0, 0});
    for (int d = 0; d < kDistricts; ++d) {
      GH_ASSIGN(org::Org district,
                org::create(tx, root.id, {"区" + std::to_string(d), org::Kind::kDistrict, "", ""}));
      for (int b = 0; b < kBasesPerDistrict; ++b) {
        GH_ASSIGN(org::Org base, org::create(tx, district.id,
                                             {"基层" + std::to_string(d) + "-" + std::to_string(b),
                                              org::Kind::kBase, "", ""}));
        bases.push_back(base.id);
      }
    }
    return Status::Ok();
  }),
       "tree");
  const int64_t from = report::default_from(), span = int64_t{5} * 365 * 86400000;
  std::mt19937_64 random(7);
  std::vector<int64_t> campaigns(kCampaigns), prizes(kCampaigns);
  for (int i = 0; i < kCampaigns; ++i) campaigns[i] = new_id(), prizes[i] = new_id();
  const char* kinds[] = {"lottery", "claim", "booking", "distribution"};
  const char* statuses[] = {"published", "drawn", "published", "cancelled"};
  insert_rows(*db,
              "INSERT INTO campaigns (id, org_id, kind, title, description, brand, tags, opens_at,"
              " closes_at, points_cost, per_member_limit, one_prize_per_member, voucher_valid_days,"
              " status, secret, commitment, beacon_source, beacon_value, created_by, created_at,"
              " updated_at, published_at, drawn_at, cancelled_at) VALUES ",
              "(?, ?, ?, 't', '', '连工助农', '[]', ?, ?, 0, 1, 0, 30, ?, '', '', '', '', 0, 0, 0, "
              "0, 0, 0)",
              kCampaigns, [&](int64_t i, store::Params& p) {
                const int64_t opens = from + span * i / kCampaigns;
                // A lottery holding vouchers has been drawn.
                std::string status = statuses[(i / 4) % 4];
                if (i % 4 == 0 && status == "published") status = "drawn";
                p.insert(p.end(), {campaigns[i], bases[i % bases.size()], std::string(kinds[i % 4]),
                                   opens, opens + 7 * 86400000LL, std::move(status)});
              });
  insert_rows(*db,
              "INSERT INTO campaign_prizes (id, campaign_id, tier, name, quantity, remaining,"
              " value_fen, merchant_id, product_id) VALUES ",
              "(?, ?, 1, 'p', 1000, 500, ?, 0, 0)", kCampaigns, [&](int64_t i, store::Params& p) {
                p.insert(p.end(), {prizes[i], campaigns[i], int64_t{1000 + i % 5000}});
              });
  insert_rows(
      *db,
      "INSERT INTO vouchers (id, code, campaign_id, prize_id, member_id, entry_id, merchant_id,"
      " expires_at, status, redeemed_at, redeemed_by, redeemed_by_name, created_at) VALUES ",
      "(?, ?, ?, ?, ?, 0, 0, 0, ?, 0, 0, '', ?)", g_vouchers, [&](int64_t i, store::Params& p) {
        const int64_t c = static_cast<int64_t>(random() % kCampaigns);
        const int64_t id = new_id();
        p.insert(p.end(), {id, "V" + std::to_string(id), campaigns[c], prizes[c],
                           static_cast<int64_t>(random() % 200000) + 1,
                           std::string(i % 10 < 7   ? "redeemed"
                                       : i % 10 < 9 ? "issued"
                                                    : "void"),
                           from + span * c / kCampaigns +
                               static_cast<int64_t>(random() % (3 * 86400000LL))});
      });
  insert_rows(
      *db,
      "INSERT INTO purchases (id, org_id, merchant_id, supplier_name, product_id, product_name,"
      " product_kind, quantity, unit, unit_price_fen, total_fen, funding_source, purchased_on,"
      " invoice_ref, counterpart_region, handed_out, created_by, created_at) VALUES ",
      "(?, ?, 0, '农场', 0, '草莓', 'fruit', 10, '箱', 5000, 50000, '', ?, '', ?, 0, 0, 0)",
      g_purchases, [&](int64_t i, store::Params& p) {
        p.insert(p.end(), {new_id(), bases[random() % bases.size()],
                           from + static_cast<int64_t>(random() % span),
                           std::string(i % 50 == 0 ? "赣州" : "")});
      });
  auto vacuum = [&] {
    if (engine != "postgresql") return;
    // What autovacuum does soon after a bulk load: the visibility map lets the voucher pass
    // read the index alone, and the planner gets statistics.
    // VACUUM runs outside any transaction, so straight through libpq.
    PGconn* conn = PQconnectdb(url.c_str());
    PGresult* result = PQexec(conn, "VACUUM ANALYZE");
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      std::fprintf(stderr, "vacuum: %s\n", PQresultErrorMessage(result));
      std::exit(1);
    }
    PQclear(result);
    PQfinish(conn);
  };
  vacuum();
  const double build_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  report::Impact last;
  auto report_once = [&] {
    must(db->read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(last, report::impact(tx, platform, std::nullopt, from, from + span));
      return Status::Ok();
    }),
         "report");
  };
  // Once from the vouchers alone, as before any rollup exists; then the settled campaigns'
  // rollups are built, as the server does in the background, and must not change a figure.
  auto start = std::chrono::steady_clock::now();
  report_once();
  const double without_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const std::string without = api::impact_csv(last);
  start = std::chrono::steady_clock::now();
  auto built = report::build_rollups(*db, from + span + 30 * 86400000LL);
  must(built.ok() ? Status::Ok() : Status(built.error()), "rollups");
  const double rollup_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  vacuum();
  std::vector<double> ms, cpu;
  for (int run = 0; run < kRuns; ++run) {
    start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_ms();
    report_once();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
    cpu.push_back(cpu_ms() - cpu_start);
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  std::printf(
      "%-10s data built in %.1f s; report over %lld vouchers, %lld purchases: median %.0f ms"
      " (min %.0f, max %.0f; this process's CPU median %.0f ms); portions %lld, members %lld,"
      " funds_fen %lld\n",
      engine.c_str(), build_s, static_cast<long long>(g_vouchers),
      static_cast<long long>(g_purchases), ms[kRuns / 2], ms.front(), ms.back(), cpu[kRuns / 2],
      static_cast<long long>(last.core.portions), static_cast<long long>(last.core.members_reached),
      static_cast<long long>(last.core.funds_fen));
  // The first page of a drill-down, as the dashboard asks for it.
  std::vector<double> drill;
  for (const std::string figure : {"portions", "members_reached", "redeemed", "funds_fen"}) {
    for (int run = 0; run < 3; ++run) {
      start = std::chrono::steady_clock::now();
      must(db->read([&](store::Tx& tx) -> Status {
        report::RecordQuery q{figure, "", std::nullopt, from, from + span, 0, 50};
        GH_ASSIGN(report::Records r, report::records(tx, platform, q));
        if (r.items.size() != 50) return Error::internal("a drill-down page is short");
        return Status::Ok();
      }),
           "records");
      drill.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
    }
  }
  std::sort(drill.begin(), drill.end());
  std::printf(
      "%-10s first drill-down page (50 records; portions, members_reached, redeemed,"
      " funds_fen; 3 runs each): median %.0f ms, max %.0f ms\n",
      engine.c_str(), drill[drill.size() / 2], drill.back());
  std::printf(
      "%-10s %lld campaign rollups built in %.1f s; one report from the vouchers alone took"
      " %.0f ms; figures with and without rollups: %s\n",
      engine.c_str(), static_cast<long long>(*built), rollup_s, without_ms,
      api::impact_csv(last) == without ? "identical" : "DIFFERENT");
  std::fflush(stdout);
  if (api::impact_csv(last) != without) std::exit(1);
  return api::impact_csv(last);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) g_vouchers = std::atoll(argv[1]);
  if (argc > 2) g_purchases = std::atoll(argv[2]);
  const std::string path = "/tmp/gonghui-report-bench-" + std::to_string(getpid()) + ".db";
  const std::string sqlite_figures = run("sqlite", "sqlite:" + path);
  std::remove(path.c_str());
  std::remove((path + "-wal").c_str());
  std::remove((path + "-shm").c_str());
  const char* pg = std::getenv("GONGHUI_BENCH_POSTGRES_URL");
  if (pg == nullptr) {
    std::printf(
        "postgresql skipped: set GONGHUI_BENCH_POSTGRES_URL (inside pg_virtualenv:"
        " postgresql://)\n");
    return 0;
  }
  const bool same = run("postgresql", pg) == sqlite_figures;
  std::printf("figures on both engines: %s\n", same ? "identical" : "DIFFERENT");
  return same ? 0 : 1;
}
