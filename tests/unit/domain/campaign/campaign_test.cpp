// Campaigns on both engines: claims never oversell, limits hold under concurrency, refused
// entries debit nothing, cancellation refunds once, draws verify, vouchers redeem once.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <boost/json.hpp>

#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/draw.hpp"
#include "domain/ledger/ledger_fixture.hpp"
#include "domain/merchant/merchant.hpp"

namespace gonghui::campaign {
namespace {

constexpr int64_t kHour = 3'600'000;

class CampaignTest : public ledger::LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    const int64_t now = Timestamp::now().ms;
    for (int i = 0; i < 2; ++i) {
      auto m = in_tx([&](store::Tx& tx) -> Result<merchant::Merchant> {
        merchant::MerchantFields f{i ? "城南果园" : "阳光葡萄采摘园",
                                   "orchard",
                                   "江北区",
                                   {30000000, 120000000},
                                   "场长",
                                   "0571-88000000",
                                   "LICENCE12" + std::to_string(i),
                                   "",
                                   "",
                                   "",
                                   "",
                                   {}};
        GH_ASSIGN(merchant::Application a, merchant::apply(tx, 0, f));
        return merchant::approve(tx, tree_.platform, a.id, now - 86'400'000,
                                 now + int64_t{86'400'000} * 365);
      });
      ASSERT_TRUE(m.ok()) << m.error().message;
      merchants_[i] = m->id;
    }
  }

  CampaignInput input(Kind kind, int64_t quantity, int64_t cost, int64_t limit = 1) {
    const int64_t now = Timestamp::now().ms;
    CampaignInput in;
    in.org_id = tree_.district_a.id;
    in.kind = kind;
    in.title = "萄你欢心";
    in.brand = "连工助农";
    in.opens_at = now - kHour;
    in.closes_at = now + kHour;
    in.points_cost = cost;
    in.per_member_limit = limit;
    in.prizes = {{0, 1, "葡萄采摘券", quantity, quantity, 5000, merchants_[0], 0}};
    return in;
  }

  Campaign make(const CampaignInput& in, bool published = true) {
    auto c = in_tx([&](store::Tx& tx) -> Result<Campaign> {
      GH_ASSIGN(Campaign made, create(tx, tree_.admin_a, in));
      return published ? publish(tx, tree_.admin_a, made.id) : Result<Campaign>(made);
    });
    EXPECT_TRUE(c.ok()) << c.error().message;
    return c.ok() ? *c : Campaign{};
  }

  // Members entering a free lottery at once from many threads (see the test of that name).
  void free_lottery_race();

  Result<Entry> enter_now(int64_t member, int64_t campaign, int64_t tickets = 1,
                          int64_t now = Timestamp::now().ms) {
    return in_tx([&](store::Tx& tx) { return enter(tx, member, campaign, tickets, now); });
  }

  int64_t count(const std::string& sql, const store::Params& params) {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows, tx.query(sql, params));
      n = rows[0].integer(0);
      return Status::Ok();
    }));
    return n;
  }

  // What is left of a campaign's stock: its prize rows and their buckets.
  int64_t stock_left(int64_t campaign_id) {
    return count(
        "SELECT COALESCE(SUM(p.remaining), 0) + (SELECT COALESCE(SUM(s.remaining), 0) "
        "FROM campaign_stock s JOIN campaign_prizes q ON q.id = s.prize_id "
        "WHERE q.campaign_id = ?) FROM campaign_prizes p WHERE p.campaign_id = ?",
        {campaign_id, campaign_id});
  }

  void expect_stock_check_passes() {
    auto item = check_stock(db());
    ASSERT_TRUE(item.ok()) << item.error().message;
    EXPECT_EQ(item->violation_count, 0) << (item->violations.empty() ? "" : item->violations[0]);
  }

  Principal staff(int which) {
    Principal p;
    p.account_id = 900 + which;
    p.name = which ? "城南店员" : "果园店员";
    p.roles.push_back({Role::kMerchantStaff, 0, merchants_[which], 0});
    return p;
  }

  int64_t merchants_[2] = {};
};

TEST_P(CampaignTest, APrizeNamesOnlyAMerchantInForceOnTheOrganisersLine) {
  const int64_t now = Timestamp::now().ms;
  auto sign = [&](int64_t org_id, const std::string& licence, int64_t start, int64_t end) {
    auto m = in_tx([&](store::Tx& tx) -> Result<merchant::Merchant> {
      merchant::MerchantFields f{"城南蔬菜基地",
                                 "farm",
                                 "城南区",
                                 {30000000, 120000000},
                                 "场长",
                                 "0571-88000001",
                                 licence,
                                 "",
                                 "",
                                 "",
                                 "",
                                 {}};
      GH_ASSIGN(merchant::Application a, merchant::apply(tx, org_id, f));
      return merchant::approve(tx, tree_.platform, a.id, start, end);
    });
    EXPECT_TRUE(m.ok()) << m.error().message;
    return m.ok() ? m->id : 0;
  };
  const int64_t other_district = sign(tree_.district_b.id, "LICENCE901", now - kHour, now + kHour);
  const int64_t ended = sign(0, "LICENCE902", now - 2 * kHour, now - kHour);
  const int64_t suspended = sign(tree_.district_a.id, "LICENCE903", now - kHour, now + kHour);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return merchant::set_suspended(tx, tree_.platform, suspended, true);
              }).ok());
  const std::vector<std::pair<int64_t, std::string>> refused = {
      {other_district, "merchant_out_of_scope"},
      {ended, "merchant_not_in_force"},
      {suspended, "merchant_not_in_force"},
      {987654321, "unknown_merchant"}};
  for (const auto& [merchant_id, code] : refused) {
    CampaignInput in = input(Kind::kClaim, 5, 0);
    in.prizes[0].merchant_id = merchant_id;
    auto made = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, in); });
    ASSERT_FALSE(made.ok()) << code;
    EXPECT_EQ(made.error().code, code);
    EXPECT_EQ(made.error().field, "prizes");
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM campaigns", {}), 0);
  // A merchant signed by the federation above, or by the organiser itself, is fine.
  const int64_t own = sign(tree_.district_a.id, "LICENCE904", now - kHour, now + kHour);
  for (int64_t merchant_id : {merchants_[0], own}) {
    CampaignInput in = input(Kind::kClaim, 5, 0);
    in.prizes[0].merchant_id = merchant_id;
    auto made = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, in); });
    EXPECT_TRUE(made.ok()) << made.error().message;
  }
}

TEST_P(CampaignTest, ClaimStockIsSpreadOverRowsAndEveryUnitCanBeClaimed) {
  CampaignInput in = input(Kind::kClaim, 10, 0, 100);
  in.prizes.push_back({0, 2, "西瓜", 3, 3, 3000, merchants_[1], 0});
  in.stock_rows = kStockRows;  // the PostgreSQL default, on both engines
  const Campaign c = make(in);
  ASSERT_EQ(c.prizes.size(), 2u);
  EXPECT_EQ(c.prizes[0].stock_rows, kStockRows);
  EXPECT_EQ(c.prizes[0].remaining, 10);
  EXPECT_EQ(c.prizes[1].stock_rows, 3) << "never more rows than units";
  EXPECT_EQ(count("SELECT COUNT(*) FROM campaign_stock s JOIN campaign_prizes p ON "
                  "p.id = s.prize_id WHERE p.campaign_id = ?",
                  {c.id}),
            kStockRows - 1 + 2);
  const int64_t member = add_member(tree_.base_a1.id);
  // Whichever rows the claims start at, every unit goes: tier 1 first, then tier 2.
  for (int i = 0; i < 13; ++i) {
    auto e = enter_now(member, c.id);
    ASSERT_TRUE(e.ok()) << i << ": " << e.error().message;
    ASSERT_TRUE(e->voucher);
    EXPECT_EQ(e->voucher->tier, i < 10 ? 1 : 2) << i;
    EXPECT_EQ(e->voucher->merchant_id, merchants_[i < 10 ? 0 : 1]) << i;
  }
  auto sold_out = enter_now(member, c.id);
  ASSERT_FALSE(sold_out.ok());
  EXPECT_EQ(sold_out.error().code, "sold_out");
  EXPECT_EQ(stock_left(c.id), 0);
  auto loaded = in_tx([&](store::Tx& tx) { return get(tx, tree_.admin_a, c.id); });
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->prizes[0].remaining, 0);
  EXPECT_EQ(loaded->prizes[1].remaining, 0);
  expect_stock_check_passes();
}

TEST_P(CampaignTest, EachEngineSpreadsClaimStockItsOwnWay) {
  const Campaign c = make(input(Kind::kClaim, 100, 0));
  EXPECT_EQ(c.prizes[0].stock_rows, GetParam() == "postgresql" ? kStockRows : 1);
  const Campaign lottery = make(input(Kind::kLottery, 100, 0));
  EXPECT_EQ(lottery.prizes[0].stock_rows, 1) << "only claims race for stock";
}

TEST_P(CampaignTest, StockCheckFindsAPrizeWithMoreVouchersThanStockTaken) {
  CampaignInput in = input(Kind::kClaim, 5, 0, 5);
  in.stock_rows = kStockRows;
  const Campaign c = make(in);
  const int64_t member = add_member(tree_.base_a1.id);
  ASSERT_TRUE(enter_now(member, c.id).ok());
  expect_stock_check_passes();
  // Put one unit back without taking its voucher away: one voucher more than stock taken.
  ASSERT_TRUE(
      db().write([&](store::Tx& tx) -> Status {
            GH_TRY(tx.exec(
                "UPDATE campaign_prizes SET remaining = remaining + 1 WHERE campaign_id = ? "
                "AND remaining < quantity",
                {c.id}));
            return Status::Ok();
          })
          .ok());
  auto item = check_stock(db());
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->violation_count, 1);
  ASSERT_EQ(item->violations.size(), 1u);
  EXPECT_NE(item->violations[0].find("vouchers 1"), std::string::npos) << item->violations[0];
}

TEST_P(CampaignTest, SixtyFourThreadsNeverOversellAStockOfHundred) {
  const Campaign c = make(input(Kind::kClaim, 100, 10));
  std::vector<int64_t> members;
  for (int i = 0; i < 192; ++i) {
    members.push_back(add_member(i % 2 ? tree_.base_a1.id : tree_.base_a2.id));
  }
  ledger::GrantInput g;
  g.member_ids = members;
  g.amount = 100;
  g.reason = "活动积分";
  grant(g);

  std::atomic<int> claimed{0}, sold_out{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 64; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = t; i < members.size(); i += 64) {
        auto e = enter_now(members[i], c.id);
        if (e.ok() && e->voucher) {
          ++claimed;
        } else if (!e.ok() && e.error().code == "sold_out") {
          ++sold_out;
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(claimed.load(), 100);
  EXPECT_EQ(sold_out.load(), 92);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM vouchers WHERE campaign_id = ?", {c.id}), 100);
  EXPECT_EQ(stock_left(c.id), 0);
  EXPECT_EQ(count("SELECT COALESCE(SUM(amount), 0) FROM ledger_transfers WHERE kind = 'spend'", {}),
            1000);
  int64_t total = 0;
  for (int64_t m : members) {
    total += balance_of(m);
  }
  EXPECT_EQ(total, 192 * 100 - 1000);
  expect_check_passes();
}

TEST_P(CampaignTest, PerMemberLimitHoldsUnderConcurrency) {
  const Campaign c = make(input(Kind::kLottery, 1, 5, 3));
  const int64_t m = add_member(tree_.base_a1.id);
  grant_to(m, 1000);
  std::atomic<int> ok{0}, limited{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      auto e = enter_now(m, c.id);
      if (e.ok()) {
        ++ok;
      } else if (e.error().code == "limit_reached") {
        ++limited;
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(ok.load(), 3);
  EXPECT_EQ(limited.load(), 13);
  EXPECT_EQ(balance_of(m), 1000 - 15);
  auto many = enter_now(add_member(tree_.base_a1.id), c.id, 4);
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().field, "tickets");
  expect_check_passes();
}

// A free lottery takes no points, so no balance row orders a member's entries: on
// PostgreSQL the lock on the member's row does (each entry counts the tickets of the
// entries committed before it).
TEST_P(CampaignTest, PerMemberLimitOfAFreeLotteryHoldsUnderConcurrency) {
  // Five rounds (a race is not lost every time): in each, three members at once, each
  // entering from 12 threads, 1 or 2 tickets at a time.
  for (int round = 0; round < 5; ++round) {
    SCOPED_TRACE(round);
    free_lottery_race();
  }
  expect_check_passes();
}

void CampaignTest::free_lottery_race() {
  const Campaign c = make(input(Kind::kLottery, 1, 0, 4));
  std::vector<int64_t> members;
  for (int i = 0; i < 3; ++i) {
    members.push_back(add_member(tree_.base_a1.id));
  }
  std::vector<std::atomic<int>> ok_tickets(members.size());
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 36; ++t) {
    threads.emplace_back([&, t] {
      const size_t who = static_cast<size_t>(t) % members.size();
      const int64_t tickets = 1 + (t / 3) % 2;
      auto e = enter_now(members[who], c.id, tickets);
      if (e.ok()) {
        ok_tickets[who] += static_cast<int>(tickets);
      } else if (e.error().code != "limit_reached") {
        ++other;
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(other.load(), 0);
  for (size_t i = 0; i < members.size(); ++i) {
    const int64_t stored = count(
        "SELECT COALESCE(SUM(tickets), 0) FROM campaign_entries WHERE campaign_id = ? AND "
        "member_id = ?",
        {c.id, members[i]});
    EXPECT_EQ(stored, ok_tickets[i].load());
    EXPECT_LE(stored, 4);
    EXPECT_GE(stored, 3);  // a refused entry found no room for its tickets
    auto more = enter_now(members[i], c.id, 1);
    if (stored == 4) {
      ASSERT_FALSE(more.ok());
      EXPECT_EQ(more.error().code, "limit_reached");
    } else {
      EXPECT_TRUE(more.ok());
    }
  }
}

TEST_P(CampaignTest, RefusedEntriesDebitNothing) {
  const Campaign c = make(input(Kind::kLottery, 1, 50, 2));
  const int64_t poor = add_member(tree_.base_a1.id), outsider = add_member(tree_.base_b1.id);
  grant_to(poor, 30);
  grant_to(outsider, 100);
  auto e = enter_now(poor, c.id);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "insufficient_points");
  EXPECT_EQ(e.error().field, "amount");
  e = enter_now(poor, c.id, 1, c.input.opens_at - 1);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "not_open");
  e = enter_now(poor, c.id, 1, c.input.closes_at);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "campaign_closed");
  e = enter_now(outsider, c.id);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "not_eligible");
  EXPECT_EQ(e.error().kind, ErrorKind::kForbidden);

  // Narrowed to base union A2: A1's members are not eligible either.
  CampaignInput narrowed = input(Kind::kLottery, 1, 1);
  narrowed.base_org_ids = {tree_.base_a2.id};
  const Campaign only_a2 = make(narrowed);
  e = enter_now(poor, only_a2.id);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "not_eligible");

  const Campaign cancelled = make(input(Kind::kLottery, 1, 1));
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return cancel(tx, tree_.admin_a, cancelled.id); }).ok());
  e = enter_now(poor, cancelled.id);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "campaign_cancelled");

  EXPECT_EQ(balance_of(poor), 30);
  EXPECT_EQ(balance_of(outsider), 100);
  EXPECT_EQ(count("SELECT COUNT(*) FROM campaign_entries", {}), 0);
  expect_check_passes();
}

// A group of entries (EntryGroup, as the SQLite writer runs the crowd's) gives each entry
// what enter() gives it when they run one after another: the same answers, and afterwards
// the same balances, counts, entries and transfers. Two twin lotteries, each with its own
// twin members: one entered one by one, the other as one group.
TEST_P(CampaignTest, AGroupOfEntriesEndsAsTheSameEntriesOneByOne) {
  const Campaign one_by_one = make(input(Kind::kLottery, 1, 10, 3));
  const Campaign grouped = make(input(Kind::kLottery, 1, 10, 3));
  struct Twins {
    int64_t rich, poor, frozen, outsider;
  };
  auto members = [&] {
    Twins t{add_member(tree_.base_a1.id), add_member(tree_.base_a2.id),
            add_member(tree_.base_a1.id), add_member(tree_.base_b1.id)};
    grant_to(t.rich, 100);
    grant_to(t.poor, 25);  // two tickets' worth, and a little over
    grant_to(t.frozen, 100);
    grant_to(t.outsider, 100);
    EXPECT_TRUE(in_tx([&](store::Tx& tx) -> Result<int64_t> {
                  return tx.exec("UPDATE members SET status = 'frozen' WHERE id = ?", {t.frozen});
                }).ok());
    return t;
  };
  const Twins a = members(), b = members();
  const Campaign claim_a = make(input(Kind::kClaim, 1, 0)),
                 claim_b = make(input(Kind::kClaim, 1, 0));
  struct Step {
    int64_t Twins::*who;
    int64_t tickets;
    int which;  // 0: the lottery, 1: the claim, 2: no such campaign
  };
  const std::vector<Step> steps = {
      {&Twins::rich, 1, 0}, {&Twins::poor, 1, 0}, {&Twins::poor, 2, 0},   {&Twins::poor, 1, 0},
      {&Twins::rich, 2, 0}, {&Twins::rich, 1, 0}, {&Twins::frozen, 1, 0}, {&Twins::outsider, 1, 0},
      {&Twins::rich, 0, 0}, {&Twins::rich, 4, 0}, {&Twins::poor, 1, 0},   {&Twins::rich, 1, 1},
      {&Twins::rich, 1, 1}, {&Twins::poor, 1, 1}, {&Twins::rich, 1, 2}};
  auto campaign_of = [&](int which, const Campaign& lottery) {
    const int64_t claim = lottery.id == one_by_one.id ? claim_a.id : claim_b.id;
    return which == 0 ? lottery.id : which == 1 ? claim : int64_t{12345};
  };
  auto outcome = [](const Result<Entry>& r) {
    return r.ok() ? "ok " + std::to_string(r->tickets) + " " + std::to_string(r->points)
                  : r.error().code + " " + r.error().field;
  };
  const int64_t now = Timestamp::now().ms;
  std::vector<std::string> expected;
  for (const Step& step : steps) {
    expected.push_back(
        outcome(enter_now(a.*step.who, campaign_of(step.which, one_by_one), step.tickets, now)));
  }
  std::vector<std::shared_ptr<EntryWrite>> writes;
  std::vector<store::GroupedWrite*> group;
  for (const Step& step : steps) {
    writes.push_back(
        std::make_shared<EntryWrite>(b.*step.who, campaign_of(step.which, grouped), step.tickets));
    group.push_back(writes.back().get());
  }
  EntryGroup entries;
  ASSERT_TRUE(db().write([&](store::Tx& tx) { return entries.run(tx, group); }));
  // On PostgreSQL the group leaves all but lottery entries to transactions of their own,
  // which the entry desk runs next, in order: as here.
  const bool postgres = GetParam() == "postgresql";
  for (size_t i = 0; i < writes.size(); ++i) {
    EXPECT_EQ(writes[i]->alone, postgres && steps[i].which != 0) << i;
    if (writes[i]->alone) {
      writes[i]->result = enter_now(writes[i]->member_id, writes[i]->campaign_id,
                                    writes[i]->tickets, now);
    }
  }
  std::vector<std::string> got;
  for (const auto& w : writes) {
    got.push_back(outcome(w->result));
  }
  EXPECT_EQ(got, expected);
  // The steps reach every kind of answer an entry can get.
  EXPECT_EQ(expected,
            (std::vector<std::string>{"ok 1 10", "ok 1 10", "insufficient_points amount", "ok 1 10",
                                      "ok 2 20", "limit_reached tickets", "member_not_active ",
                                      "not_eligible ", "out_of_range tickets",
                                      "out_of_range tickets", "insufficient_points amount",
                                      "ok 1 0", "sold_out ", "sold_out ", "not_found "}));
  for (int64_t Twins::*who : {&Twins::rich, &Twins::poor, &Twins::frozen, &Twins::outsider}) {
    EXPECT_EQ(balance_of(b.*who), balance_of(a.*who));
    const std::string per_member =
        "SELECT COUNT(*) + COALESCE(SUM(tickets), 0) FROM campaign_entries WHERE member_id = ?";
    EXPECT_EQ(count(per_member, {b.*who}), count(per_member, {a.*who}));
    const std::string transfers =
        "SELECT COUNT(*) FROM ledger_transfers WHERE debit_account_id = ?";
    EXPECT_EQ(count(transfers, {b.*who}), count(transfers, {a.*who}));
  }
  // A lottery's per-member limit counts the member's tickets in its entries; no count row
  // is written for it either way.
  const std::string used =
      "SELECT COALESCE(SUM(tickets), 0) FROM campaign_entries WHERE campaign_id = ?";
  EXPECT_EQ(count(used, {grouped.id}), count(used, {one_by_one.id}));
  EXPECT_EQ(count(used, {grouped.id}), 5);  // rich 1+2, poor 1+1 (2 were more than it had)
  EXPECT_EQ(count("SELECT COUNT(*) FROM campaign_member_counts WHERE campaign_id IN (?, ?)",
                  {grouped.id, one_by_one.id}),
            0);
  // Each entry's spend is its own transfer, referenced by the entry.
  EXPECT_EQ(count("SELECT COUNT(*) FROM campaign_entries e JOIN ledger_transfers t ON "
                  "t.id = e.spend_id AND t.reference = 'campaign_entry:' || e.id "
                  "WHERE e.campaign_id = ?",
                  {grouped.id}),
            4);
  expect_check_passes();
}

TEST_P(CampaignTest, CancelRefundsEachEntryOnceEvenIfRunTwice) {
  const Campaign c = make(input(Kind::kLottery, 1, 10, 5));
  std::vector<int64_t> members;
  for (int i = 0; i < 4; ++i) {
    members.push_back(add_member(tree_.base_a2.id));
    grant_to(members.back(), 100);
    ASSERT_TRUE(enter_now(members.back(), c.id, 2).ok());
    ASSERT_TRUE(enter_now(members.back(), c.id, 1).ok());
    EXPECT_EQ(balance_of(members.back()), 70);
  }
  auto first = in_tx([&](store::Tx& tx) { return cancel(tx, tree_.admin_a, c.id); });
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->refunded, 8);
  EXPECT_EQ(first->campaign.stored_status, CampaignStatus::kCancelled);
  auto second = in_tx([&](store::Tx& tx) { return cancel(tx, tree_.admin_a, c.id); });
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->refunded, 0);
  for (int64_t m : members) {
    EXPECT_EQ(balance_of(m), 100);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'refund'", {}), 8);
  auto outside = in_tx([&](store::Tx& tx) { return cancel(tx, tree_.admin_b, c.id); });
  EXPECT_FALSE(outside.ok());
  expect_check_passes();
}

TEST_P(CampaignTest, DrawIssuesVouchersAndItsBundleVerifies) {
  CampaignInput in = input(Kind::kLottery, 3, 1, 10);
  in.prizes.push_back({0, 2, "西瓜", 5, 5, 3000, merchants_[1], 0});
  const Campaign c = make(in);
  EXPECT_EQ(c.commitment.size(), 64u);
  std::vector<int64_t> members;
  for (int i = 0; i < 12; ++i) {
    members.push_back(add_member(i % 2 ? tree_.base_a1.id : tree_.base_a2.id));
    grant_to(members.back(), 20);
    ASSERT_TRUE(enter_now(members.back(), c.id, 1 + i % 3).ok());
  }
  const int64_t after_close = c.input.closes_at + 1;
  auto early = in_tx(
      [&](store::Tx& tx) { return draw(tx, tree_.admin_a, c.id, "", c.input.closes_at - 1); });
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, "not_closed");
  auto drawn = in_tx([&](store::Tx& tx) {
    return draw(tx, tree_.admin_a, c.id, "drand 4242: 9f3c", after_close);
  });
  ASSERT_TRUE(drawn.ok()) << drawn.error().message;
  EXPECT_EQ(drawn->status(after_close), CampaignStatus::kDrawn);
  EXPECT_EQ(count("SELECT COUNT(*) FROM vouchers WHERE campaign_id = ?", {c.id}), 8);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT member_id) FROM vouchers WHERE campaign_id = ?", {c.id}),
            8);
  auto again = in_tx([&](store::Tx& tx) { return draw(tx, tree_.admin_a, c.id, "", after_close); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "already_drawn");

  boost::json::object bundle;
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(bundle, audit_bundle(tx, c.id));
    return Status::Ok();
  }));
  EXPECT_EQ(bundle["commitment"].as_string(), c.commitment);
  EXPECT_EQ(bundle["entries"].as_array().size(), 12u);
  EXPECT_TRUE(verify_bundle(bundle).empty());

  auto tampered = bundle;
  tampered["winners"].as_array()[0].as_object()["entry_id"] =
      bundle["entries"].as_array()[0].as_object()["entry_id"] ==
              bundle["winners"].as_array()[0].as_object()["entry_id"]
          ? bundle["entries"].as_array()[1].as_object()["entry_id"]
          : bundle["entries"].as_array()[0].as_object()["entry_id"];
  EXPECT_FALSE(verify_bundle(tampered).empty());
  tampered = bundle;
  tampered["entries"].as_array()[3].as_object()["tickets"] = 7;
  auto problems = verify_bundle(tampered);
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].find("entries_digest"), std::string::npos);
  tampered = bundle;
  tampered["secret"] = std::string(64, '0');
  problems = verify_bundle(tampered);
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].find("commitment"), std::string::npos);
  expect_check_passes();
}

TEST_P(CampaignTest, VouchersRedeemOnceAtTheirMerchantBeforeExpiry) {
  const Campaign c = make(input(Kind::kClaim, 3, 0));
  const int64_t m = add_member(tree_.base_a1.id), m2 = add_member(tree_.base_a2.id);
  auto e = enter_now(m, c.id);
  ASSERT_TRUE(e.ok()) << e.error().message;
  ASSERT_TRUE(e->voucher);
  const Voucher v = *e->voucher;
  EXPECT_EQ(v.code.size(), 10u);
  const int64_t now = Timestamp::now().ms;
  auto redeem_as = [&](int which, std::string code, std::string token, int64_t at) {
    return in_tx([&](store::Tx& tx) { return redeem(tx, staff(which), code, token, at); });
  };
  auto wrong = redeem_as(1, v.code, "", now);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "wrong_merchant");
  auto expired = redeem_as(0, v.code, "", v.expires_at);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "voucher_expired");
  auto done = redeem_as(0, v.code, "", now);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->status(now), VoucherStatus::kRedeemed);
  auto twice = redeem_as(0, v.code, "", now + 1);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, "already_redeemed");
  EXPECT_NE(twice.error().message.find("果园店员"), std::string::npos);

  // The signed token works offline and online; a forged one is refused.
  auto e2 = enter_now(m2, c.id);
  ASSERT_TRUE(e2.ok());
  std::string token = e2->voucher->token;
  ServerKeys keys;
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(keys, server_keys(tx));
    return Status::Ok();
  }));
  auto claims = check_token(keys.sign_public, token);
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->code, e2->voucher->code);
  std::string forged = token;
  forged[0] = forged[0] == '1' ? '2' : '1';
  auto bad = redeem_as(0, "", forged, now);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "invalid_token");
  ASSERT_TRUE(redeem_as(0, "", token, now).ok());
  auto svg = qr_svg(token);
  ASSERT_TRUE(svg.ok());
  EXPECT_EQ(svg->rfind("<svg", 0), 0u);
}

TEST_P(CampaignTest, MembersListOnlyPublishedCampaignsTheyMayEnter) {
  const Campaign open = make(input(Kind::kClaim, 3, 0));
  make(input(Kind::kClaim, 3, 0), false);  // a draft
  const int64_t inside = add_member(tree_.base_a1.id), outside = add_member(tree_.base_b1.id);
  auto as_member = [&](int64_t member, int64_t org) {
    Principal p;
    p.account_id = 1;
    p.roles.push_back({Role::kMember, org, 0, member});
    return p;
  };
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(CampaignPage mine, list(tx, as_member(inside, tree_.base_a1.id), 0, 50));
    EXPECT_EQ(mine.items.size(), 1u);
    EXPECT_EQ(mine.items.empty() ? 0 : mine.items[0].id, open.id);
    GH_ASSIGN(CampaignPage theirs, list(tx, as_member(outside, tree_.base_b1.id), 0, 50));
    EXPECT_TRUE(theirs.items.empty());
    GH_ASSIGN(CampaignPage admin, list(tx, tree_.admin_a, 0, 50));
    EXPECT_EQ(admin.items.size(), 2u);
    GH_ASSIGN(CampaignPage other, list(tx, tree_.admin_b, 0, 50));
    EXPECT_TRUE(other.items.empty());
    return Status::Ok();
  }));
}

// ---- Bookings ------------------------------------------------------------------------------

CampaignInput booking_input(CampaignInput in, int64_t starts_at, int64_t capacity) {
  in.kind = Kind::kBooking;
  in.slots = {{0, starts_at, starts_at + kHour, capacity, 0}};
  return in;
}

TEST_P(CampaignTest, ThirtyTwoThreadsNeverOverbookASlotOfTen) {
  const int64_t starts = Timestamp::now().ms + 5 * kHour;
  const Campaign c = make(booking_input(input(Kind::kClaim, 100, 10), starts, 10));
  ASSERT_EQ(c.slots.size(), 1u);
  EXPECT_EQ(c.input.cancel_before_minutes, 120);
  std::vector<int64_t> members;
  for (int i = 0; i < 32; ++i) {
    members.push_back(add_member(i % 2 ? tree_.base_a1.id : tree_.base_a2.id));
  }
  ledger::GrantInput g;
  g.member_ids = members;
  g.amount = 100;
  g.reason = "活动积分";
  grant(g);
  std::atomic<int> booked{0}, full{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 32; ++t) {
    threads.emplace_back([&, t] {
      auto e = in_tx([&](store::Tx& tx) {
        return book(tx, members[t], c.id, c.slots[0].id, Timestamp::now().ms);
      });
      if (e.ok() && e->voucher) {
        ++booked;
      } else if (!e.ok() && e.error().code == "slot_full") {
        ++full;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(booked.load(), 10);
  EXPECT_EQ(full.load(), 22);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(count("SELECT booked FROM campaign_slots WHERE campaign_id = ?", {c.id}), 10);
  EXPECT_EQ(count("SELECT COUNT(*) FROM vouchers WHERE campaign_id = ?", {c.id}), 10);
  EXPECT_EQ(count("SELECT COALESCE(SUM(amount), 0) FROM ledger_transfers WHERE kind = 'spend'", {}),
            100);
  expect_check_passes();
}

TEST_P(CampaignTest, CancellingABookingRefundsOnceAndFreesThePlace) {
  const int64_t starts = Timestamp::now().ms + 5 * kHour;
  const Campaign c = make(booking_input(input(Kind::kClaim, 1, 10), starts, 1));
  const int64_t slot = c.slots[0].id;
  const int64_t m = add_member(tree_.base_a1.id), other = add_member(tree_.base_a2.id);
  grant_to(m, 100);
  grant_to(other, 100);
  auto booked = in_tx([&](store::Tx& tx) { return book(tx, m, c.id, slot, Timestamp::now().ms); });
  ASSERT_TRUE(booked.ok()) << booked.error().message;
  ASSERT_TRUE(booked->voucher);
  EXPECT_EQ(booked->voucher->merchant_id, merchants_[0]);
  EXPECT_EQ(booked->voucher->expires_at, starts + kHour);
  EXPECT_EQ(balance_of(m), 90);
  auto full =
      in_tx([&](store::Tx& tx) { return book(tx, other, c.id, slot, Timestamp::now().ms); });
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, "slot_full");
  auto theirs = in_tx([&](store::Tx& tx) {
    return cancel_booking(tx, other, c.id, booked->id, Timestamp::now().ms);
  });
  ASSERT_FALSE(theirs.ok());
  EXPECT_EQ(theirs.error().kind, ErrorKind::kNotFound);

  auto cancelled = in_tx(
      [&](store::Tx& tx) { return cancel_booking(tx, m, c.id, booked->id, Timestamp::now().ms); });
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
  EXPECT_TRUE(cancelled->refunded);
  EXPECT_EQ(cancelled->voucher->stored_status, VoucherStatus::kVoid);
  EXPECT_EQ(balance_of(m), 100);
  EXPECT_EQ(count("SELECT booked FROM campaign_slots WHERE id = ?", {slot}), 0);
  auto twice = in_tx(
      [&](store::Tx& tx) { return cancel_booking(tx, m, c.id, booked->id, Timestamp::now().ms); });
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, "already_cancelled");
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'refund'", {}), 1);
  EXPECT_EQ(balance_of(m), 100);

  // The place is free again, for the other member; and the first may book again (its count
  // was given back) once a place frees up.
  auto theirs_now =
      in_tx([&](store::Tx& tx) { return book(tx, other, c.id, slot, Timestamp::now().ms); });
  ASSERT_TRUE(theirs_now.ok()) << theirs_now.error().message;
  auto redeemed = in_tx([&](store::Tx& tx) {
    return redeem(tx, staff(0), theirs_now->voucher->code, "", Timestamp::now().ms);
  });
  ASSERT_TRUE(redeemed.ok()) << redeemed.error().message;
  auto after_checkin = in_tx([&](store::Tx& tx) {
    return cancel_booking(tx, other, c.id, theirs_now->id, Timestamp::now().ms);
  });
  ASSERT_FALSE(after_checkin.ok());
  EXPECT_EQ(after_checkin.error().code, "already_redeemed");
  EXPECT_EQ(balance_of(other), 90);

  // Campaign cancellation does not refund the cancelled booking a second time.
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return cancel(tx, tree_.admin_a, c.id); }).ok());
  EXPECT_EQ(balance_of(m), 100);
  EXPECT_EQ(balance_of(other), 100);
  expect_check_passes();
}

TEST_P(CampaignTest, BookingsCannotBeCancelledAfterTheCutOff) {
  const int64_t now = Timestamp::now().ms;
  const int64_t starts = now + 5 * kHour;
  CampaignInput in = booking_input(input(Kind::kClaim, 1, 10, 2), starts, 5);
  in.cancel_before_minutes = 60;
  const Campaign c = make(in);
  const int64_t m = add_member(tree_.base_a1.id);
  grant_to(m, 100);
  auto e = in_tx([&](store::Tx& tx) { return book(tx, m, c.id, c.slots[0].id, now); });
  ASSERT_TRUE(e.ok()) << e.error().message;
  auto late = in_tx(
      [&](store::Tx& tx) { return cancel_booking(tx, m, c.id, e->id, starts - 60 * 60'000); });
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, "cancel_too_late");
  EXPECT_EQ(balance_of(m), 90);
  auto in_time = in_tx(
      [&](store::Tx& tx) { return cancel_booking(tx, m, c.id, e->id, starts - 60 * 60'000 - 1); });
  ASSERT_TRUE(in_time.ok()) << in_time.error().message;
  EXPECT_EQ(balance_of(m), 100);
  auto started = in_tx([&](store::Tx& tx) { return book(tx, m, c.id, c.slots[0].id, starts); });
  ASSERT_FALSE(started.ok());
  auto no_slot = in_tx([&](store::Tx& tx) { return enter(tx, m, c.id, 1, now); });
  ASSERT_FALSE(no_slot.ok());
  EXPECT_EQ(no_slot.error().field, "slot_id");
  expect_check_passes();
}

// ---- Distributions -------------------------------------------------------------------------

TEST_P(CampaignTest, DistributionReachesEveryActiveMemberOfASubtreeOnce) {
  CampaignInput in = input(Kind::kDistribution, 20, 0);
  const Campaign c = make(in);
  std::vector<int64_t> a1, a2;
  for (int i = 0; i < 4; ++i) a1.push_back(add_member(tree_.base_a1.id));
  for (int i = 0; i < 3; ++i) a2.push_back(add_member(tree_.base_a2.id));
  add_member(tree_.base_b1.id);
  const int64_t in_a1 = count("SELECT COUNT(*) FROM members WHERE org_id = ? AND status = 'active'",
                              {tree_.base_a1.id});
  const int64_t in_a = in_a1 + count(
                                   "SELECT COUNT(*) FROM members WHERE org_id = ? AND status = "
                                   "'active'",
                                   {tree_.base_a2.id});
  auto distribute = [&](DistributionInput input, std::string key) -> Result<Distribution> {
    auto d = in_tx(
        [&](store::Tx& tx) { return start_distribution(tx, tree_.admin_a, c.id, input, key); });
    if (!d.ok()) return d;
    return run_distribution(db(), d->id, 2);
  };
  auto first = distribute({tree_.base_a1.id, {}}, "d1");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->done);
  EXPECT_EQ(first->recipients, in_a1);
  EXPECT_EQ(first->issued, in_a1);
  // The whole district next: base union A1's members already have theirs.
  auto second = distribute({tree_.district_a.id, {}}, "d2");
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->recipients, in_a - in_a1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM vouchers WHERE campaign_id = ?", {c.id}), in_a);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT member_id) FROM vouchers WHERE campaign_id = ?", {c.id}),
            in_a);
  EXPECT_EQ(count("SELECT remaining FROM campaign_prizes WHERE campaign_id = ?", {c.id}),
            20 - in_a);
  auto outside = distribute({tree_.district_b.id, {}}, "d3");
  ASSERT_FALSE(outside.ok());
  auto other_admin = in_tx([&](store::Tx& tx) {
    return start_distribution(tx, tree_.admin_b, c.id, {tree_.base_a1.id, {}}, "d4");
  });
  ASSERT_FALSE(other_admin.ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'campaign.distribute'", {}), 2);
  expect_check_passes();
}

TEST_P(CampaignTest, InterruptedDistributionResentGivesEachMemberExactlyOneVoucher) {
  const Campaign c = make(input(Kind::kDistribution, 10, 0));
  std::vector<int64_t> members;
  for (int i = 0; i < 7; ++i) members.push_back(add_member(tree_.base_a2.id));
  DistributionInput list{0, members};
  auto started = in_tx([&](store::Tx& tx) {
    return start_distribution(tx, tree_.admin_a, c.id, list, "farm-aid-1");
  });
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_EQ(started->recipients, 7);
  auto partial = distribution_chunk(db(), started->id, 3);  // then the server "crashes"
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->issued, 3);
  EXPECT_FALSE(partial->done);
  // The admin sends it again with the same key: the same distribution carries on.
  auto resent = in_tx([&](store::Tx& tx) {
    return start_distribution(tx, tree_.admin_a, c.id, list, "farm-aid-1");
  });
  ASSERT_TRUE(resent.ok()) << resent.error().message;
  EXPECT_TRUE(resent->replayed);
  EXPECT_EQ(resent->id, started->id);
  // Two workers finish it at once.
  std::thread racer([&] { (void)run_distribution(db(), started->id, 1); });
  auto done = run_distribution(db(), started->id, 2);
  racer.join();
  ASSERT_TRUE(done.ok()) << done.error().message;
  auto final_state = distribution_chunk(db(), started->id);
  ASSERT_TRUE(final_state.ok());
  EXPECT_TRUE(final_state->done);
  EXPECT_EQ(final_state->issued, 7);
  EXPECT_EQ(count("SELECT COUNT(*) FROM vouchers WHERE campaign_id = ?", {c.id}), 7);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT member_id) FROM vouchers WHERE campaign_id = ?", {c.id}),
            7);
  auto other_body = in_tx([&](store::Tx& tx) {
    return start_distribution(tx, tree_.admin_a, c.id, {0, {members[0]}}, "farm-aid-1");
  });
  ASSERT_FALSE(other_body.ok());
  EXPECT_EQ(other_body.error().code, "idempotency_conflict");
  auto no_key =
      in_tx([&](store::Tx& tx) { return start_distribution(tx, tree_.admin_a, c.id, list, ""); });
  ASSERT_FALSE(no_key.ok());
  EXPECT_EQ(no_key.error().field, "Idempotency-Key");
}

TEST_P(CampaignTest, DistributionNeverExceedsTheStock) {
  const Campaign c = make(input(Kind::kDistribution, 5, 0));
  std::vector<int64_t> members;
  for (int i = 0; i < 12; ++i) members.push_back(add_member(tree_.base_a1.id));
  auto too_many = in_tx([&](store::Tx& tx) {
    return start_distribution(tx, tree_.admin_a, c.id, {0, {members.begin(), members.begin() + 6}},
                              "too-many");
  });
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().code, "insufficient_stock");
  EXPECT_EQ(count("SELECT COUNT(*) FROM campaign_recipients", {}), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM campaign_distributions", {}), 0);
  // Three concurrent distributions of 4 each on a stock of 5: only one can go through.
  std::atomic<int> ok{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      std::vector<int64_t> four(members.begin() + t * 4, members.begin() + t * 4 + 4);
      auto d = in_tx([&](store::Tx& tx) {
        return start_distribution(tx, tree_.admin_a, c.id, {0, four}, "k" + std::to_string(t));
      });
      if (d.ok()) {
        ++ok;
        (void)run_distribution(db(), d->id);
      } else if (d.error().code == "insufficient_stock") {
        ++refused;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(refused.load(), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM vouchers WHERE campaign_id = ?", {c.id}), 4);
  EXPECT_EQ(count("SELECT remaining FROM campaign_prizes WHERE campaign_id = ?", {c.id}), 1);
  auto member_entry = enter_now(members[11], c.id);
  ASSERT_FALSE(member_entry.ok());
  EXPECT_EQ(member_entry.error().code, "not_enterable");
}

// The published definition: the first 16 hex digits of HMAC-SHA256(privacy key,
// "<campaign id>:<member id>"), whether the key is made ready once or given each time.
TEST(MemberRefTest, IsTheFirstSixteenHexOfTheHmac) {
  crypto::init();
  const std::string key = crypto::random_bytes(32);
  const crypto::HmacSha256Key ready(key);
  for (const auto& [campaign_id, member_id] :
       {std::pair<int64_t, int64_t>{1, 2}, {386608836682711040, 386608836682711041}}) {
    const std::string expected =
        crypto::hex(
            crypto::hmac_sha256(key, std::to_string(campaign_id) + ":" + std::to_string(member_id)))
            .substr(0, 16);
    EXPECT_EQ(member_ref(key, campaign_id, member_id), expected);
    EXPECT_EQ(member_ref(ready, campaign_id, member_id), expected);
  }
}

// Kinds and statuses are text only in the database and the API; each name reads back as
// the value it names, and nothing else reads as one.
TEST(CampaignNamesTest, KindsAndStatusesReadBackFromTheirNames) {
  for (Kind kind : {Kind::kLottery, Kind::kClaim, Kind::kBooking, Kind::kDistribution}) {
    EXPECT_EQ(parse_enum<Kind>(enum_name(kind)), kind);
  }
  for (CampaignStatus status :
       {CampaignStatus::kDraft, CampaignStatus::kPublished, CampaignStatus::kOpen,
        CampaignStatus::kClosed, CampaignStatus::kDrawn, CampaignStatus::kFinished,
        CampaignStatus::kCancelled}) {
    EXPECT_EQ(parse_enum<CampaignStatus>(enum_name(status)), status);
  }
  EXPECT_EQ(enum_name(Kind::kDistribution), "distribution");
  EXPECT_EQ(enum_name(CampaignStatus::kFinished), "finished");
  EXPECT_FALSE(parse_enum<Kind>("raffle"));
  EXPECT_FALSE(parse_enum<CampaignStatus>(""));
}

INSTANTIATE_TEST_SUITE_P(Engines, CampaignTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::campaign
