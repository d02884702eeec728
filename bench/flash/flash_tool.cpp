// The database side of bench/flash and bench/crash.
//   flash_tool setup  --db URL --members N --tokens FILE [--stock N]
//       A fresh database: one union with N active members holding points, an open points
//       lottery and an open claim campaign, and one session per member whose bearer token is
//       written to FILE (one per line). Prints `lottery=ID claim=ID stock=N`.
//   flash_tool grow   --db URL --entries N [--campaigns 36]
//       A database a union has used for years: N more lottery entries (1 ticket, 1 point
//       each, by members picked at random) in CAMPAIGNS lotteries made for them, written in
//       bulk (not over HTTP) through campaign::EntryGroup, 10,000 to a commit; the lotteries
//       are then closed. Prints `GROW entries=N seconds=S`.
//   flash_tool verify --db URL --lottery ID --claim ID [--entries-min N --entries-max N]
//                     [--vouchers-min N --vouchers-max N] [--stock N]
//       Counts what the database holds and checks it against the answers the load generator
//       saw: entries of the lottery and vouchers of the claim within [min, max], stock exact
//       (vouchers + remaining = stock, never more vouchers than stock), every entry paid for
//       (points spent = points cost × tickets). With --acknowledged FILE (entry ids, one per
//       line, from flash_pace), every one of them must be in the database exactly once.
//       Exits non-zero on any violation.
//   flash_tool group --db URL --campaign ID [--size 64] [--groups 200]
//       The writer's CPU time per entry for groups of SIZE run by campaign::EntryGroup one
//       after another in one thread: the cost of the grouped write itself.
//   flash_tool inproc --db URL --campaign ID [--threads 64] [--seconds 10] [--grouped 1]
//       The same entries without HTTP: THREADS threads call campaign::enter through Db::write
//       for SECONDS, to tell the database's share of the time from the server's; with
//       --grouped 1, through Db::write_grouped and campaign::EntryGroup as the server does.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/app.hpp"
#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/org/org.hpp"

namespace {

using namespace gonghui;
using Clock = std::chrono::steady_clock;

constexpr int64_t kPoints = 100000;  // each member's starting balance
constexpr int64_t kDayMs = 86400000;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

[[noreturn]] void fail(const std::string& what, const Error& error) {
  std::fprintf(stderr, "flash_tool: %s: %s (%s)\n", what.c_str(), error.message.c_str(),
               error.code.c_str());
  std::exit(2);
}

void must(const Status& status, const std::string& what) {
  if (!status.ok()) fail(what, status.error());
}

std::map<std::string, std::string> parse_flags(int argc, char** argv) {
  std::map<std::string, std::string> flags;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    if (name.rfind("--", 0) != 0) {
      std::fprintf(stderr, "flash_tool: expected --flag value, got %s\n", argv[i]);
      std::exit(2);
    }
    flags[name.substr(2)] = argv[i + 1];
  }
  return flags;
}

int64_t flag_int(const std::map<std::string, std::string>& flags, const std::string& name,
                 int64_t fallback) {
  const auto it = flags.find(name);
  return it == flags.end() ? fallback : std::atoll(it->second.c_str());
}

std::unique_ptr<store::Db> open_db(const std::map<std::string, std::string>& flags) {
  const auto it = flags.find("db");
  if (it == flags.end()) {
    std::fprintf(stderr, "flash_tool: --db URL is required\n");
    std::exit(2);
  }
  app::Config config;
  config.db = it->second;
  return app::open_database(config);
}

// A published campaign of the root union, open from a day ago for 30 days, 1 point a ticket.
Result<campaign::Campaign> open_campaign(store::Tx& tx, const Principal& platform, int64_t org_id,
                                         campaign::Kind kind, std::string title, int64_t limit,
                                         campaign::Prize prize, int64_t now) {
  campaign::CampaignInput in;
  in.org_id = org_id;
  in.kind = kind;
  in.title = std::move(title);
  in.brand = "连工助农";
  in.opens_at = now - kDayMs;
  in.closes_at = now + 30 * kDayMs;
  in.points_cost = 1;
  in.per_member_limit = limit;
  in.beacon_source = in.kind == campaign::Kind::kLottery ? "drand quicknet round after close" : "";
  in.prizes = {std::move(prize)};
  GH_ASSIGN(campaign::Campaign c, campaign::create(tx, platform, in));
  return campaign::publish(tx, platform, c.id);
}

// The platform administrator flash_tool setup made, with the root union.
Principal platform_admin(store::Tx& tx, int64_t root_id) {
  Principal platform;
  auto rows = tx.query("SELECT id FROM accounts WHERE phone = '12000000000'");
  if (rows.ok() && !rows->empty()) platform.account_id = (*rows)[0].integer(0);
  platform.name = "压测管理员";
  platform.roles.push_back({Role::kPlatformAdmin, root_id, 0, 0});
  return platform;
}

int setup(const std::map<std::string, std::string>& flags) {
  const int64_t members = flag_int(flags, "members", 100000);
  const int64_t stock = flag_int(flags, "stock", 300000);
  const auto tokens_path = flags.count("tokens") ? flags.at("tokens") : "tokens.txt";
  auto db = open_db(flags);
  const auto started = Clock::now();

  org::Org root;
  std::vector<int64_t> bases;
  Principal platform;
  must(db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(root, org::create_root(tx, {"压测市总工会", org::Kind::kFederation, "", ""}));
    GH_ASSIGN(org::Org district,
              org::create(tx, root.id, {"压测区总工会", org::Kind::kDistrict, "", ""}));
    for (int b = 0; b < 20; ++b) {
      GH_ASSIGN(
          org::Org base,
          org::create(tx, district.id, {"基层工会" + std::to_string(b), org::Kind::kBase, "", ""}));
      bases.push_back(base.id);
    }
    // The platform administrator exists as an account so that audit entries name it.
    const int64_t account = new_id();
    GH_TRY(
        tx.exec("INSERT INTO accounts (id, phone, name, password_hash, disabled, demo, "
                "created_at, updated_at) VALUES (?, '12000000000', '压测管理员', '', 0, 0, 0, 0)",
                {account}));
    platform.account_id = account;
    platform.name = "压测管理员";
    platform.roles.push_back({Role::kPlatformAdmin, root.id, 0, 0});
    return Status::Ok();
  }),
       "unions");

  // Members and their sessions go in directly; sign-in (argon2id) is not what is measured.
  const int64_t now = Timestamp::now().ms;
  std::ofstream tokens(tokens_path);
  for (int64_t start = 0; start < members; start += 20000) {
    std::vector<std::string> batch;
    must(db->write([&](store::Tx& tx) -> Status {
      batch.clear();
      for (int64_t i = start; i < std::min(members, start + 20000); ++i) {
        const int64_t account = new_id();
        char phone[32], card[32];
        std::snprintf(phone, sizeof phone, "13%09lld", static_cast<long long>(i));
        std::snprintf(card, sizeof card, "F%010lld", static_cast<long long>(i));
        GH_TRY(
            tx.exec("INSERT INTO accounts (id, phone, name, password_hash, disabled, demo, "
                    "created_at, updated_at) VALUES (?, ?, '会员', '', 0, 0, ?, ?)",
                    {account, std::string(phone), now, now}));
        GH_TRY(
            tx.exec("INSERT INTO members (id, account_id, org_id, name, phone, card_no, "
                    "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)",
                    {new_id(), account, bases[static_cast<size_t>(i) % bases.size()],
                     std::string("会员") + std::to_string(i), std::string(phone), std::string(card),
                     now, now}));
        std::string token = crypto::base64url(crypto::random_bytes(32));
        GH_TRY(
            tx.exec("INSERT INTO sessions (id, account_id, token_hash, csrf, created_at, "
                    "expires_at, revoked_at, client_address) VALUES (?, ?, ?, ?, ?, ?, 0, "
                    "'127.0.0.1')",
                    {new_id(), account, crypto::sha256_hex(token),
                     crypto::base64url(crypto::random_bytes(18)), now, now + 7 * kDayMs}));
        batch.push_back(std::move(token));
      }
      return Status::Ok();
    }),
         "members");
    for (const auto& token : batch) tokens << token << '\n';
  }
  tokens.close();

  // Points for everyone, through the ledger's own grant (idempotent, in chunks).
  ledger::Grant grant;
  must(db->write([&](store::Tx& tx) -> Status {
    ledger::GrantInput in;
    in.org_id = root.id;
    in.amount = kPoints;
    in.reason = "压测积分";
    GH_ASSIGN(grant, ledger::start_grant(tx, platform, in, "flash-setup-grant"));
    return Status::Ok();
  }),
       "grant");
  auto granted = ledger::run_grant(*db, grant.id);
  if (!granted.ok()) fail("grant", granted.error());

  int64_t lottery = 0, claim = 0;
  must(db->write([&](store::Tx& tx) -> Status {
    auto make = [&](campaign::Kind kind, std::string title, int64_t limit,
                    campaign::Prize prize) -> Result<campaign::Campaign> {
      return open_campaign(tx, platform, root.id, kind, std::move(title), limit, std::move(prize),
                           now);
    };
    campaign::Prize melon;
    melon.name = "麒麟西瓜一箱";
    melon.quantity = melon.remaining = 1000;
    melon.value_fen = 8800;
    GH_ASSIGN(campaign::Campaign l,
              make(campaign::Kind::kLottery, "瓜分幸福·压测抽奖", 1000, melon));
    campaign::Prize grapes;
    grapes.name = "阳光玫瑰葡萄一盒";
    grapes.quantity = grapes.remaining = stock;
    grapes.value_fen = 6000;
    GH_ASSIGN(campaign::Campaign c,
              make(campaign::Kind::kClaim, "萄你欢心·压测限量领", 1000, grapes));
    lottery = l.id;
    claim = c.id;
    return Status::Ok();
  }),
       "campaigns");
  std::fprintf(stderr, "flash_tool: %lld members with %lld points and sessions in %.1f s\n",
               static_cast<long long>(members), static_cast<long long>(kPoints),
               seconds_since(started));
  std::printf("lottery=%lld claim=%lld stock=%lld\n", static_cast<long long>(lottery),
              static_cast<long long>(claim), static_cast<long long>(stock));
  return 0;
}

int grow(const std::map<std::string, std::string>& flags) {
  const int64_t total = flag_int(flags, "entries", 0);
  const int64_t campaigns = std::max<int64_t>(flag_int(flags, "campaigns", 36), 1);
  constexpr int64_t kPerCommit = 10000;
  auto db = open_db(flags);
  const auto started = Clock::now();
  const int64_t now = Timestamp::now().ms;
  std::vector<int64_t> members, lotteries;
  must(db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(org::Org root, org::root(tx));
    GH_ASSIGN(store::Rows rows, tx.query("SELECT id FROM members WHERE status = 'active'"));
    for (const auto& row : rows) members.push_back(row.integer(0));
    const Principal platform = platform_admin(tx, root.id);
    for (int64_t i = 0; i < campaigns; ++i) {
      campaign::Prize prize;
      prize.name = "往年抽奖奖品";
      prize.quantity = prize.remaining = 10;
      prize.value_fen = 5000;
      GH_ASSIGN(campaign::Campaign c,
                open_campaign(tx, platform, root.id, campaign::Kind::kLottery,
                              "往年抽奖" + std::to_string(i + 1), 1000, std::move(prize), now));
      lotteries.push_back(c.id);
    }
    return Status::Ok();
  }),
       "grow campaigns");
  if (members.empty()) {
    std::fprintf(stderr, "flash_tool: no active members (run setup first)\n");
    return 2;
  }
  std::mt19937_64 random(20261207);
  campaign::EntryGroup entry_group;
  int64_t written = 0;
  while (written < total) {
    const int64_t n = std::min(kPerCommit, total - written);
    std::vector<std::shared_ptr<campaign::EntryWrite>> writes;
    std::vector<store::GroupedWrite*> raw;
    for (int64_t i = 0; i < n; ++i) {
      writes.push_back(std::make_shared<campaign::EntryWrite>(
          members[random() % members.size()], lotteries[(written + i) % campaigns], 1));
      raw.push_back(writes.back().get());
    }
    must(db->write([&](store::Tx& tx) { return entry_group.run(tx, raw); }), "grow entries");
    for (const auto& w : writes) {
      if (!w->result.ok()) fail("grow entry", w->result.error());
    }
    written += n;
    if (written % 1000000 == 0) {
      std::fprintf(stderr, "flash_tool: %lld entries in %.0f s\n", static_cast<long long>(written),
                   seconds_since(started));
    }
  }
  // Closed, as a past year's lotteries are.
  must(db->write([&](store::Tx& tx) -> Status {
    for (int64_t id : lotteries) {
      GH_TRY(tx.exec("UPDATE campaigns SET opens_at = ?, closes_at = ? WHERE id = ?",
                     {now - 400 * kDayMs, now - 370 * kDayMs, id}));
    }
    return Status::Ok();
  }),
       "grow close");
  std::printf("GROW entries=%lld seconds=%.1f\n", static_cast<long long>(written),
              seconds_since(started));
  return 0;
}

int verify(const std::map<std::string, std::string>& flags) {
  auto db = open_db(flags);
  const int64_t lottery = flag_int(flags, "lottery", 0), claim = flag_int(flags, "claim", 0);
  const int64_t stock = flag_int(flags, "stock", -1);
  int64_t entries = 0, tickets = 0, entry_points = 0, spent = 0, vouchers = 0, remaining = 0,
          claim_entries = 0, all_points = 0;
  must(db->read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT COUNT(*), COALESCE(SUM(tickets), 0), COALESCE(SUM(points), 0) "
                       "FROM campaign_entries WHERE campaign_id = ?",
                       {lottery}));
    entries = rows[0].integer(0);
    tickets = rows[0].integer(1);
    entry_points = rows[0].integer(2);
    GH_ASSIGN(rows, tx.query("SELECT COUNT(*) FROM campaign_entries "
                             "WHERE campaign_id = ?",
                             {claim}));
    claim_entries = rows[0].integer(0);
    GH_ASSIGN(rows, tx.query("SELECT COUNT(*) FROM vouchers WHERE campaign_id = ?", {claim}));
    vouchers = rows[0].integer(0);
    GH_ASSIGN(org::Org root, org::root(tx));
    Principal platform;
    platform.roles.push_back({Role::kPlatformAdmin, root.id, 0, 0});
    GH_ASSIGN(campaign::Campaign c, campaign::get(tx, platform, claim));
    for (const auto& p : c.prizes) remaining += p.remaining;
    GH_ASSIGN(rows, tx.query("SELECT COALESCE(SUM(amount), 0) FROM ledger_transfers "
                             "WHERE kind = 'spend'"));
    spent = rows[0].integer(0);
    // Every campaign's (flash_tool grow adds past lotteries).
    GH_ASSIGN(rows, tx.query("SELECT COALESCE(SUM(points), 0) FROM campaign_entries"));
    all_points = rows[0].integer(0);
    return Status::Ok();
  }),
       "count");
  int failures = 0;
  auto check = [&](bool ok, const std::string& what) {
    std::printf("  %-4s %s\n", ok ? "ok" : "FAIL", what.c_str());
    failures += ok ? 0 : 1;
  };
  auto within = [&](const char* what, int64_t value, const char* min_flag, const char* max_flag) {
    const int64_t lo = flag_int(flags, min_flag, value), hi = flag_int(flags, max_flag, value);
    check(value >= lo && value <= hi, std::string(what) + " " + std::to_string(value) +
                                          " within the acknowledged range [" + std::to_string(lo) +
                                          ", " + std::to_string(hi) + "]");
  };
  within("lottery entries", entries, "entries-min", "entries-max");
  within("claim vouchers", vouchers, "vouchers-min", "vouchers-max");
  check(claim_entries == vouchers, "one voucher per claim (" + std::to_string(claim_entries) +
                                       " claims, " + std::to_string(vouchers) + " vouchers)");
  if (stock >= 0) {
    check(vouchers + remaining == stock, "stock exact: " + std::to_string(vouchers) +
                                             " vouchers + " + std::to_string(remaining) +
                                             " left = " + std::to_string(stock));
    check(vouchers <= stock, "not oversold");
  }
  if (flags.count("acknowledged")) {
    std::ifstream in(flags.at("acknowledged"));
    std::vector<int64_t> ids;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) ids.push_back(std::atoll(line.c_str()));
    }
    int64_t found = 0, distinct = 0;
    std::sort(ids.begin(), ids.end());
    must(db->read([&](store::Tx& tx) -> Status {
      for (size_t i = 0; i < ids.size(); ++i) {
        if (i > 0 && ids[i] == ids[i - 1]) continue;
        ++distinct;
        GH_ASSIGN(store::Rows rows,
                  tx.query("SELECT COUNT(*) FROM campaign_entries WHERE id = ?", {ids[i]}));
        found += rows[0].integer(0);
      }
      return Status::Ok();
    }),
         "acknowledged");
    check(found == static_cast<int64_t>(ids.size()) && distinct == found,
          "every acknowledged entry is stored exactly once: " + std::to_string(found) + " of " +
              std::to_string(ids.size()));
  }
  check(entry_points == tickets, "each lottery ticket cost one point");
  check(spent == all_points, "points spent " + std::to_string(spent) + " = entries' points " +
                                 std::to_string(all_points));
  return failures == 0 ? 0 : 1;
}

// Every member's id, in id order.
std::vector<int64_t> member_ids(store::Db& db) {
  std::vector<int64_t> members;
  must(db.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT id FROM members ORDER BY id"));
    for (const auto& r : rows) members.push_back(r.integer(0));
    return Status::Ok();
  }),
       "members");
  return members;
}

int inproc(const std::map<std::string, std::string>& flags) {
  auto db = open_db(flags);
  const int64_t campaign_id = flag_int(flags, "campaign", 0);
  const int threads = static_cast<int>(flag_int(flags, "threads", 64));
  const double seconds = static_cast<double>(flag_int(flags, "seconds", 10));
  const std::vector<int64_t> members = member_ids(*db);
  const bool grouped = flag_int(flags, "grouped", 0) != 0;
  campaign::EntryGroup group;
  std::atomic<int64_t> ok{0}, failed{0};
  const auto started = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      size_t next = static_cast<size_t>(t) * 7919 % members.size();
      while (seconds_since(started) < seconds) {
        const int64_t member = members[next];
        next = (next + 104729) % members.size();
        Status s = Status::Ok();
        if (grouped) {
          // As the server runs an entry without an Idempotency-Key: with the others waiting.
          auto write = std::make_shared<campaign::EntryWrite>(member, campaign_id, 1);
          std::promise<Status> answered;
          db->write_grouped(group, write,
                            [&answered](Status status) { answered.set_value(std::move(status)); });
          s = answered.get_future().get();
          if (s.ok() && !write->result.ok()) s = write->result.error();
        } else {
          s = db->write([&](store::Tx& tx) -> Status {
            auto entered = campaign::enter(tx, member, campaign_id, 1, Timestamp::now().ms);
            if (!entered.ok()) return std::move(entered).error();
            return Status::Ok();
          });
        }
        if (!s.ok() && failed.fetch_add(1, std::memory_order_relaxed) == 0) {
          std::fprintf(stderr, "first failure: %s\n", s.error().message.c_str());
        }
        if (s.ok()) ok.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  for (auto& thread : pool) thread.join();
  const double elapsed = seconds_since(started);
  const auto stats = db->stats();
  std::printf(
      "INPROC grouped=%d threads=%d entries=%lld failed=%lld per_s=%.0f commits=%lld "
      "writes_per_commit=%.1f\n",
      grouped ? 1 : 0, threads, static_cast<long long>(ok.load()),
      static_cast<long long>(failed.load()), static_cast<double>(ok.load()) / elapsed,
      static_cast<long long>(stats.commits),
      stats.commits ? static_cast<double>(stats.writes) / static_cast<double>(stats.commits) : 0.0);
  return 0;
}

// The writer's own work for a group, without HTTP, threads or waiting: groups of SIZE
// entries by different members, one after another, each run by EntryGroup in one write.
// Prints the CPU time per entry (the writer thread is this one), which a busy machine
// disturbs less than throughput.
int group(const std::map<std::string, std::string>& flags) {
  auto db = open_db(flags);
  const int64_t campaign_id = flag_int(flags, "campaign", 0);
  const size_t size = static_cast<size_t>(flag_int(flags, "size", 64));
  const int64_t groups = flag_int(flags, "groups", 200);
  const std::vector<int64_t> members = member_ids(*db);
  campaign::EntryGroup entry_group;
  size_t next = 0;
  int64_t ok = 0;
  double cpu_seconds = 0;
  double write_seconds = 0;  // each write from its call to its answer (commit and sync too)
  for (int64_t g = 0; g < groups; ++g) {
    std::vector<std::shared_ptr<campaign::EntryWrite>> writes;
    std::vector<store::GroupedWrite*> raw;
    for (size_t i = 0; i < size; ++i) {
      writes.push_back(std::make_shared<campaign::EntryWrite>(members[next], campaign_id, 1));
      raw.push_back(writes.back().get());
      next = (next + 104729) % members.size();
    }
    // The writer thread's CPU time for the write, from inside it.
    const auto began = Clock::now();
    must(db->write([&](store::Tx& tx) -> Status {
      timespec begin{}, end{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &begin);
      Status status = entry_group.run(tx, raw);
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end);
      cpu_seconds += static_cast<double>(end.tv_sec - begin.tv_sec) +
                     static_cast<double>(end.tv_nsec - begin.tv_nsec) / 1e9;
      return status;
    }),
         "group");
    write_seconds += seconds_since(began);
    for (const auto& w : writes) ok += w->result.ok() ? 1 : 0;
  }
  const double entries = static_cast<double>(groups * static_cast<int64_t>(size));
  std::printf(
      "GROUP size=%zu groups=%lld entries_ok=%lld run_us_per_entry=%.2f "
      "write_us_per_entry=%.2f\n",
      size, static_cast<long long>(groups), static_cast<long long>(ok), cpu_seconds * 1e6 / entries,
      write_seconds * 1e6 / entries);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  const auto flags = parse_flags(argc, argv);
  if (command == "setup") return setup(flags);
  if (command == "verify") return verify(flags);
  if (command == "grow") return grow(flags);
  if (command == "inproc") return inproc(flags);
  if (command == "group") return group(flags);
  std::fprintf(stderr, "usage: flash_tool setup|grow|verify|inproc|group --db URL [flags]\n");
  return 2;
}
