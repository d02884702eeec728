// A points grant to a whole federation: how long recording it (one statement fixes the
// recipients) and carrying it out (chunk by chunk) take for N members, and how long
// `gonghui check`'s ledger invariants then take. SQLite, and PostgreSQL too when
// GONGHUI_BENCH_POSTGRES_URL is set.
//   build/release/bench/grant_bench [members=200000]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "app/app.hpp"
#include "bench_support.hpp"
#include "core/crypto.hpp"
#include "core/id.hpp"
#include "domain/auth/auth.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/org/org.hpp"
#include "store/batch.hpp"

namespace {

using namespace gonghui;
using bench::Clock;
using bench::ms_since;
using bench::must;

void run(const std::string& url, int64_t member_count) {
  auto db = app::open_database([&] {
    app::Config config;
    config.db = url;
    return config;
  }());
  std::printf("engine %s, %lld members\n", std::string(db->engine()).c_str(),
              static_cast<long long>(member_count));
  org::Org root;
  std::vector<int64_t> bases;
  Principal platform;
  must(db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(root, org::create_root(tx, {"总工会", org::Kind::kFederation, "", ""}));
    GH_ASSIGN(auth::Account admin, auth::create_account(tx, "13800000000", "平台", "", false));
    const RoleGrant grant{Role::kPlatformAdmin, root.id, 0, 0};
    GH_TRY(auth::grant_role(tx, admin.id, grant));
    platform.account_id = admin.id;
    platform.name = admin.name;
    platform.roles.push_back(grant);
    GH_ASSIGN(org::Org district, org::create(tx, root.id, {"区", org::Kind::kDistrict, "", ""}));
    for (int b = 0; b < 3; ++b) {
      GH_ASSIGN(org::Org base, org::create(tx, district.id,
                                           {"基层" + std::to_string(b), org::Kind::kBase, "", ""}));
      bases.push_back(base.id);
    }
    return Status::Ok();
  }),
       "unions");
  for (int64_t start = 0; start < member_count; start += 20000) {
    const int64_t end = std::min(member_count, start + 20000);
    must(db->write([&](store::Tx& tx) -> Status {
      return store::in_slices(
          static_cast<size_t>(end - start), [&](size_t begin, size_t n) -> Status {
            store::Params accounts, members;
            for (size_t k = begin; k < begin + n; ++k) {
              const int64_t i = start + static_cast<int64_t>(k);
              const int64_t account = new_id();
              const std::string phone = std::to_string(15000000000 + i);
              accounts.insert(accounts.end(), {account, phone, std::string("会员")});
              members.insert(members.end(), {new_id(), account, bases[i % 3], std::string("会员"),
                                             phone, "C" + std::to_string(i)});
            }
            GH_TRY(
                tx.exec("INSERT INTO accounts (id, phone, name, password_hash, disabled, "
                        "demo, created_at, updated_at) VALUES " +
                            store::repeated("(?, ?, ?, '', 0, 0, 0, 0)", n),
                        accounts));
            GH_TRY(
                tx.exec("INSERT INTO members (id, account_id, org_id, name, phone, "
                        "card_no, status, created_at, updated_at) VALUES " +
                            store::repeated("(?, ?, ?, ?, ?, ?, 'active', 0, 0)", n),
                        members));
            return Status::Ok();
          });
    }),
         "members");
  }
  ledger::GrantInput input;
  input.org_id = root.id;
  input.amount = 100;
  input.reason = "劳动节福利";
  ledger::Grant grant;
  const auto t0 = Clock::now();
  must(db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(grant, ledger::start_grant(tx, platform, input, "labour-day"));
    return Status::Ok();
  }),
       "start grant");
  const double recorded = ms_since(t0);
  const auto t1 = Clock::now();
  auto finished = ledger::run_grant(*db, grant.id);
  must(finished.ok() ? Status::Ok() : Status(finished.error()), "run grant");
  const double granted = ms_since(t1);
  const auto t2 = Clock::now();
  auto items = ledger::check(*db);
  must(items.ok() ? Status::Ok() : Status(items.error()), "check");
  int64_t violations = 0;
  for (const auto& item : *items) violations += item.violation_count;
  std::printf(
      "  recorded %.0f ms, granted %lld in %.0f ms (%.0f members/s), check %.0f ms, "
      "%lld violations\n",
      recorded, static_cast<long long>(finished->granted), granted,
      static_cast<double>(finished->granted) / (granted / 1000), ms_since(t2),
      static_cast<long long>(violations));
}

}  // namespace

int main(int argc, char** argv) {
  crypto::init();
  const int64_t members = argc > 1 ? std::atoll(argv[1]) : 200000;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("gonghui-grant-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  run("sqlite:" + (dir / "bench.db").string(), members);
  std::filesystem::remove_all(dir);
  if (const char* pg = std::getenv("GONGHUI_BENCH_POSTGRES_URL")) {
    run(pg, members);
  }
  return 0;
}
