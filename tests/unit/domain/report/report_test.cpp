// The impact report on both engines, against a hand-built scenario whose figures are known:
// a member counted in several events, a cancelled and a draft campaign, the range's edges
// (from inclusive, to exclusive) and a sibling district outside an admin's subtree.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <thread>

#include "api/impact_render.hpp"
#include "domain/history/history.hpp"
#include "domain/purchase/purchase_fixture.hpp"
#include "domain/report/report.hpp"
#include "domain/report/rollup.hpp"

namespace gonghui::report {
namespace {

class ReportTest : public purchase::PurchaseTest {
 protected:
  void SetUp() override {
    PurchaseTest::SetUp();
    from_ = day("2025-01-01");
    to_ = day("2025-07-01");
    const int64_t m1 = m1_ = add_member(tree_.base_a1.id);
    const int64_t m2 = add_member(tree_.base_a1.id);
    const int64_t m3 = m3_ = add_member(tree_.base_b1.id);
    const int64_t contract_start = day("2024-01-01"), contract_end = day("2026-01-01");
    const int64_t orchard = add_merchant(tree_.base_a1.id, "orchard", contract_start, contract_end);
    add_merchant(tree_.district_b.id, "farm", contract_start, contract_end);
    add_merchant(tree_.district_a.id, "dining", contract_start, day("2025-05-01"));  // ended
    add_merchant(tree_.district_a.id, "farm", contract_start, contract_end, true);   // suspended
    const int64_t strawberry = add_product(orchard, "红颜草莓", "fruit");
    const int64_t h = 3600000;

    // C1: a lottery opened exactly at `from` (counted), three live vouchers and a void one.
    const int64_t c1 = c1_ = add_campaign(tree_.base_a1.id, "lottery", "drawn", from_);
    const int64_t z1 = add_prize(c1, 1, 10, 5000, strawberry);
    add_voucher(c1, z1, m1, from_, "redeemed");
    add_voucher(c1, z1, m2, day("2025-01-06") + h);
    add_voucher(c1, z1, m1, day("2025-02-03") + h);
    add_voucher(c1, z1, m2, day("2025-02-04") + h, "void");
    // C2: a distribution handing out purchase PU1; a voucher at exactly `to` is outside.
    c2_ = add_campaign(tree_.district_a.id, "distribution", "published", day("2025-03-10"), "助农");
    const int64_t z2 = add_prize(c2_, 1, 5, 3000);
    add_voucher(c2_, z2, m1, day("2025-03-11") + h, "redeemed");
    add_voucher(c2_, z2, m2, day("2025-03-11") + 2 * h);
    add_voucher(c2_, z2, m1, to_);
    // C3: cancelled; C6: draft. Neither counts, nor do their vouchers.
    const int64_t c3 = add_campaign(tree_.base_a1.id, "claim", "cancelled", day("2025-02-01"));
    const int64_t z3 = add_prize(c3, 1, 5, 1000);
    add_voucher(c3, z3, m1, day("2025-02-02"));
    add_campaign(tree_.district_a.id, "claim", "draft", day("2025-02-01"));
    // C4: a lottery in the sibling district B.
    const int64_t c4 = add_campaign(tree_.base_b1.id, "lottery", "published", day("2025-04-01"));
    const int64_t z4 = add_prize(c4, 1, 2, 2000);
    add_voucher(c4, z4, m3, day("2025-04-02") + h);
    // C5: opened exactly at `to`: outside.
    const int64_t c5 = add_campaign(tree_.district_a.id, "lottery", "published", to_);
    const int64_t z5 = add_prize(c5, 1, 2, 2000);
    add_voucher(c5, z5, m1, to_ + h);

    // Purchases: PU1 (district A, linked to C2), PU2 (counterpart aid, district B), and two
    // just outside the range.
    purchase::PurchaseInput pu1 = input(tree_.district_a.id, 10, 8000, "2025-03-01");
    pu1.campaign_ids = {c2_};
    purchase::PurchaseInput pu2 = input(tree_.base_b1.id, 100, 30000, "2025-06-30");
    pu2.product_name = "赣南脐橙";
    pu2.counterpart_region = "赣州";
    for (const auto& in : {pu1, pu2, input(tree_.base_a1.id, 1, 1000, "2024-12-31"),
                           input(tree_.base_a1.id, 1, 1000, "2025-07-01")}) {
      auto p = in_tx([&](store::Tx& tx) { return purchase::create(tx, tree_.platform, in); });
      ASSERT_TRUE(p.ok()) << p.error().message;
    }

    // Points: grants to m1 (A) and m3 (B), a spend and a refund of m1, one grant before `from`.
    sql("INSERT INTO ledger_accounts (id, kind, owner_id, balance, created_at) VALUES"
        " (1, 'issuance', ?, -1000, 0), (2, 'spending', ?, 0, 0), (?, 'member', ?, 0, 0),"
        " (?, 'member', ?, 0, 0)",
        {tree_.root.id, tree_.root.id, m1, m1, m3, m3});
    int64_t n = 0;
    auto transfer = [&](int64_t debit, int64_t credit, int64_t amount, const char* kind,
                        int64_t at) {
      sql("INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, kind,"
          " reference, memo, idempotency_key, reverses_id, created_at)"
          " VALUES (?, ?, ?, ?, ?, '', '', ?, NULL, ?)",
          {new_id(), debit, credit, amount, kind, "k" + std::to_string(++n), at});
    };
    transfer(1, m1, 100, "grant", day("2025-02-01"));
    transfer(m1, 2, 30, "spend", day("2025-02-02"));
    transfer(2, m1, 10, "refund", day("2025-02-03"));
    transfer(1, m3, 50, "checkin", day("2025-05-01"));
    transfer(1, m1, 999, "grant", from_ - 1);
  }

  Impact run(const Principal& who, std::optional<int64_t> org_id = {}) {
    auto r = in_tx([&](store::Tx& tx) { return impact(tx, who, org_id, from_, to_); });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : Impact{};
  }

  // Every rendering of the report for each admin over ranges that cut through campaigns'
  // vouchers (C2's straddle several of them) and ranges that hold them whole.
  std::string renderings() {
    const int64_t h = 3600000;
    const std::pair<int64_t, int64_t> ranges[] = {{from_, to_},
                                                  {from_ + 1, to_},
                                                  {from_, to_ + 1},
                                                  {day("2025-03-11") + h + 1, to_},
                                                  {day("2025-05-01"), day("2025-06-01")},
                                                  {0, day("2030-01-01")}};
    std::string out;
    for (const Principal* who : {&tree_.platform, &tree_.admin_a, &tree_.admin_b}) {
      for (const auto& [from, to] : ranges) {
        auto r = in_tx([&](store::Tx& tx) { return impact(tx, *who, std::nullopt, from, to); });
        EXPECT_TRUE(r.ok()) << r.error().message;
        if (r.ok()) out += api::impact_csv(*r) + "\n";
      }
    }
    return out;
  }
  // The report's line for one district (a failed test if there is none).
  static const District& district(const Impact& m, int64_t org_id) {
    static const District none;
    for (const District& d : m.by_district) {
      if (d.org_id == org_id) return d;
    }
    ADD_FAILURE() << "no district " << org_id;
    return none;
  }
  int64_t rollup_count() {
    auto rows =
        in_tx([](store::Tx& tx) { return tx.query("SELECT COUNT(*) FROM campaign_rollups"); });
    return rows.ok() ? (*rows)[0].integer(0) : -1;
  }
  // C7, organised by the federation itself (in no district), gives two prizes in
  // interleaved order on both sides of a local month boundary.
  void add_campaign_at_the_root(const std::string& kind) {
    c7_ = add_campaign(tree_.root.id, kind, "published", day("2025-05-01"));
    const int64_t z7a = add_prize(c7_, 1, 10, 100);
    const int64_t z7b = add_prize(c7_, 2, 10, 200);
    add_voucher(c7_, z7b, m3_, day("2025-05-02"));
    add_voucher(c7_, z7a, m3_, day("2025-06-01") - 1, "redeemed");  // the last ms of May
    add_voucher(c7_, z7b, m1_, day("2025-06-01"));                  // the first ms of June
  }

  int64_t from_ = 0, to_ = 0, c1_ = 0, c2_ = 0, c7_ = 0, m1_ = 0, m3_ = 0;
};

TEST_P(ReportTest, RollupsGiveTheSameFiguresAsTheVouchers) {
  add_campaign_at_the_root("claim");
  const std::string from_vouchers = renderings();
  // C1 (a drawn lottery), C2 (a distribution) and C7 (a claim); not the cancelled C3, the
  // draft, or the lotteries C4 and C5 that are not drawn yet.
  auto built = build_rollups(db(), day("2030-01-01"));
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_EQ(*built, 3);
  EXPECT_EQ(rollup_count(), 3);
  EXPECT_EQ(renderings(), from_vouchers);
  auto again = build_rollups(db(), day("2030-01-01"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  // Only campaigns closed before the given time.
  sql("DELETE FROM campaign_rollups", {});
  built = build_rollups(db(), day("2025-03-11"));
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(*built, 1);  // C1 closed on 2025-01-02; C2 at exactly 2025-03-11, C7 later
  auto check = check_rollups(db());
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->checked, 1);
  EXPECT_EQ(check->violation_count, 0);
}

TEST_P(ReportTest, TheReportReadsRollupsAndCheckFindsAWrongOne) {
  ASSERT_TRUE(build_rollups(db(), day("2030-01-01")).ok());
  // C1's rollup made to claim one voucher more on its first day: the report believes it
  // (so it does read the rollup), and `gonghui check` finds it.
  auto rows = in_tx([&](store::Tx& tx) {
    return tx.query("SELECT tallies FROM campaign_rollups WHERE campaign_id = ?", {c1_});
  });
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  std::vector<Tally> tallies;
  ASSERT_TRUE(decode_tallies((*rows)[0].text(0), tallies));
  ASSERT_EQ(tallies.size(), 3u);  // one prize on three days
  ++tallies[0].live;
  sql("UPDATE campaign_rollups SET tallies = ? WHERE campaign_id = ?",
      {encode_tallies(tallies), c1_});
  EXPECT_EQ(run(tree_.platform).core.portions, 7);
  auto check = check_rollups(db());
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->checked, 2);
  EXPECT_EQ(check->violation_count, 1);
  ASSERT_EQ(check->violations.size(), 1u);
  EXPECT_NE(check->violations[0].find(std::to_string(c1_)), std::string::npos);
  // An unreadable rollup fails the report rather than giving a wrong figure.
  sql("UPDATE campaign_rollups SET members = 'x' WHERE campaign_id = ?", {c1_});
  auto broken = in_tx([&](store::Tx& tx) { return impact(tx, tree_.platform, {}, from_, to_); });
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().kind, ErrorKind::kInternal);
}

TEST_P(ReportTest, AnyVoucherWriteDropsItsCampaignsRollup) {
  add_campaign_at_the_root("claim");
  ASSERT_TRUE(build_rollups(db(), day("2030-01-01")).ok());
  ASSERT_EQ(rollup_count(), 3);
  const std::string with_rollups = renderings();
  // A voucher issued late in C1, one of C2's redeemed and one of C7's deleted: each drops
  // its campaign's rollup, and the report follows the vouchers.
  auto prize = in_tx([&](store::Tx& tx) {
    return tx.query("SELECT id FROM campaign_prizes WHERE campaign_id = ?", {c1_});
  });
  ASSERT_TRUE(prize.ok());
  add_voucher(c1_, (*prize)[0].integer(0), m3_, day("2025-01-03"));
  EXPECT_EQ(rollup_count(), 2);
  sql("UPDATE vouchers SET status = 'redeemed' WHERE campaign_id = ? AND status = 'issued'"
      " AND created_at < ?",
      {c2_, to_});
  EXPECT_EQ(rollup_count(), 1);
  sql("DELETE FROM vouchers WHERE campaign_id = ? AND created_at = ?", {c7_, day("2025-06-01")});
  EXPECT_EQ(rollup_count(), 0);
  const Impact m = run(tree_.platform);
  EXPECT_EQ(m.core.portions, 7 + 3 - 1);
  EXPECT_EQ(m.core.redeemed, 3 + 1);
  const std::string from_vouchers = renderings();
  EXPECT_NE(from_vouchers, with_rollups);
  auto built = build_rollups(db(), day("2030-01-01"));
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(*built, 3);
  EXPECT_EQ(renderings(), from_vouchers);
  auto check = check_rollups(db());
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->violation_count, 0);
}

TEST_P(ReportTest, TheRunnerBuildsRollupsInTheBackgroundAndStops) {
  add_campaign_at_the_root("claim");
  const std::string from_vouchers = renderings();
  {
    RollupRunner runner(db(), {0, 50, 0});  // at once, then every 50 ms, closed at all
    for (int i = 0; i < 200 && rollup_count() < 3; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }  // stops and joins here
  EXPECT_EQ(rollup_count(), 3);
  EXPECT_EQ(renderings(), from_vouchers);
}

TEST(RollupCodingTest, RoundTripsAndRejectsMalformedText) {
  const std::vector<Tally> tallies = {{7, 20089, 3, 1}, {8, -2, 1, 0}};
  std::vector<Tally> read;
  EXPECT_EQ(encode_tallies(tallies), "7:20089:3:1;8:-2:1:0");
  ASSERT_TRUE(decode_tallies(encode_tallies(tallies), read));
  EXPECT_EQ(read, tallies);
  const std::vector<int64_t> members = {5, 9, 7461234567890123456};
  EXPECT_EQ(encode_members(members), "5,4,7461234567890123447");
  std::vector<int64_t> ids;
  ASSERT_TRUE(decode_members(encode_members(members), ids));
  EXPECT_EQ(ids, members);
  ids.clear();
  EXPECT_TRUE(decode_members("", ids));
  EXPECT_TRUE(ids.empty());
  for (const char* bad : {"1:2:3", "1:2:3:4;", "1:2:3:4;x", "a:2:3:4", "1:2:3:4 "}) {
    read.clear();
    EXPECT_FALSE(decode_tallies(bad, read)) << bad;
  }
  for (const char* bad : {"1,", "1,0", "1,-3", ",1", "1;2", "1,99999999999999999999"}) {
    ids.clear();
    EXPECT_FALSE(decode_members(bad, ids)) << bad;
  }
}

TEST_P(ReportTest, WholeTreeFigures) {
  const Impact m = run(tree_.platform);
  EXPECT_EQ(m.org_id, tree_.root.id);
  EXPECT_EQ(m.core.events, 3);  // C1, C2, C4
  EXPECT_EQ(m.core.lottery_events, 2);
  EXPECT_EQ(m.events_by_kind,
            (std::map<std::string, int64_t>{{"distribution", 1}, {"lottery", 2}}));
  EXPECT_EQ(m.events_by_brand, (std::map<std::string, int64_t>{{"助农", 1}, {"连工助农", 2}}));
  EXPECT_EQ(m.core.portions, 6);
  EXPECT_EQ(m.core.person_times, 6);
  EXPECT_EQ(m.core.members_reached, 3);  // m1 holds three vouchers of two events
  EXPECT_EQ(m.core.redeemed, 2);
  EXPECT_EQ(m.redemption_rate_permille, 333);
  EXPECT_EQ(m.portions_by_product, (std::map<std::string, int64_t>{{"fruit", 3}, {"other", 3}}));
  EXPECT_EQ(m.core.purchases_fen, 80000 + 3000000);
  EXPECT_EQ(m.core.prize_value_fen, 3 * 5000 + 2000);  // C2's prizes are PU1's strawberries
  EXPECT_EQ(m.core.funds_fen, 3097000);
  EXPECT_EQ(m.core.counterpart_aid_fen, 3000000);
  EXPECT_EQ(m.counterpart_aid_by_region, (std::map<std::string, int64_t>{{"赣州", 3000000}}));
  EXPECT_EQ(m.merchants_signed, 2);
  EXPECT_EQ(m.merchants_by_category, (std::map<std::string, int64_t>{{"farm", 1}, {"orchard", 1}}));
  EXPECT_EQ(m.orchards_and_farms, 2);
  EXPECT_EQ(m.points_issued, 150);
  EXPECT_EQ(m.points_spent, 20);
  ASSERT_EQ(m.trend_by_month.size(), 6u);
  EXPECT_EQ(m.trend_by_month[0].month, "2025-01");
  EXPECT_EQ(m.trend_by_month[0].portions, 2);
  EXPECT_EQ(m.trend_by_month[0].funds_fen, 10000);
  EXPECT_EQ(m.trend_by_month[1].portions, 1);
  EXPECT_EQ(m.trend_by_month[2].portions, 2);
  EXPECT_EQ(m.trend_by_month[2].funds_fen, 80000);
  EXPECT_EQ(m.trend_by_month[3].funds_fen, 2000);
  EXPECT_EQ(m.trend_by_month[4].portions, 0);
  EXPECT_EQ(m.trend_by_month[5].month, "2025-06");
  EXPECT_EQ(m.trend_by_month[5].funds_fen, 3000000);
  ASSERT_EQ(m.by_district.size(), 3u);  // districts A and B, then the federation's own
  EXPECT_TRUE(m.by_district[2].own);
  EXPECT_EQ(m.by_district[2].core.events, 0);
  const District& a = district(m, tree_.district_a.id);
  const District& b = district(m, tree_.district_b.id);
  EXPECT_EQ(a.core.events, 2);
  EXPECT_EQ(a.core.portions, 5);
  EXPECT_EQ(a.core.members_reached, 2);
  EXPECT_EQ(a.core.redeemed, 2);
  EXPECT_EQ(a.core.funds_fen, 95000);
  EXPECT_EQ(b.core.events, 1);
  EXPECT_EQ(b.core.portions, 1);
  EXPECT_EQ(b.core.members_reached, 1);
  EXPECT_EQ(b.core.funds_fen, 3002000);
  EXPECT_EQ(b.core.counterpart_aid_fen, 3000000);
}

// C10, a lottery at an orchard listed on 海州采摘, hands out produce that is declared on its
// prizes rather than taken from the catalogue: watermelons by name, vegetables by kind only.
TEST_P(ReportTest, BreakdownsByKindBrandProduceAndPlatformAddUp) {
  const int64_t listed =
      add_merchant(tree_.base_a1.id, "orchard", day("2024-01-01"), day("2026-01-01"));
  sql("UPDATE merchants SET platform = '海州采摘' WHERE id = ?", {listed});
  const int64_t c10 = add_campaign(tree_.base_a1.id, "lottery", "drawn", day("2025-04-20"));
  const int64_t melon = add_prize(c10, 1, 5, 1000);
  const int64_t greens = add_prize(c10, 2, 5, 500);
  sql("UPDATE campaign_prizes SET merchant_id = ?, produce_name = '西瓜', produce_kind = 'fruit'"
      " WHERE id = ?",
      {listed, melon});
  sql("UPDATE campaign_prizes SET produce_kind = 'vegetable' WHERE id = ?", {greens});
  add_voucher(c10, melon, m1_, day("2025-04-21"));
  add_voucher(c10, melon, m3_, day("2025-04-21"), "redeemed");
  add_voucher(c10, greens, m1_, day("2025-04-22"));

  const Impact m = run(tree_.platform);
  EXPECT_EQ(m.portions_by_produce, (std::map<std::string, int64_t>{
                                       {"红颜草莓", 3}, {"other", 3}, {"西瓜", 2}, {"蔬菜", 1}}));
  EXPECT_EQ(m.portions_by_product,
            (std::map<std::string, int64_t>{{"fruit", 5}, {"other", 3}, {"vegetable", 1}}));
  EXPECT_EQ(m.by_platform, (std::map<std::string, Share>{{"海州采摘", {1, 2, 2, 0}}}));
  // Lotteries: C1 and C10 drawn, C4 published; their prize values are their funds.
  EXPECT_EQ(m.by_kind.at("lottery"), (Share{3, 7, 7, 3 * 5000 + 2000 + 2 * 1000 + 500}));
  // C2 hands out PU1, so PU1's total is the distribution's funds; PU2 hands out nothing.
  EXPECT_EQ(m.by_kind.at("distribution"), (Share{1, 2, 2, 80000}));
  EXPECT_EQ(m.by_kind.at("purchase"), (Share{0, 0, 0, 3000000}));
  for (const auto* breakdown : {&m.by_kind, &m.by_brand}) {
    Share sum;
    for (const auto& [key, share] : *breakdown) {
      sum.events += share.events;
      sum.portions += share.portions;
      sum.person_times += share.person_times;
      sum.funds_fen += share.funds_fen;
    }
    EXPECT_EQ(sum, (Share{m.core.events, m.core.portions, m.core.person_times, m.core.funds_fen}));
  }
  EXPECT_EQ(m.by_brand.at("(none)").funds_fen, 3000000);

  auto page = [&](const std::string& figure, const std::string& key) {
    auto r = in_tx([&](store::Tx& tx) {
      RecordQuery q{figure, key, std::nullopt, from_, to_, 0, 50};
      return records(tx, tree_.platform, q);
    });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : Records{};
  };
  EXPECT_EQ(page("portions_by_produce", "西瓜").items.size(), 2u);
  EXPECT_EQ(page("portions_by_produce", "蔬菜").items.size(), 1u);
  EXPECT_EQ(page("portions_by_produce", "红颜草莓").items.size(), 3u);
  EXPECT_EQ(page("portions_by_produce", "other").items.size(), 3u);
  EXPECT_EQ(page("by_platform", "海州采摘").items.size(), 1u);
  EXPECT_EQ(page("by_kind", "lottery").items.size(), 3u);
  EXPECT_EQ(page("by_brand", "连工助农").items.size(), 3u);
  const Records purchases = page("by_kind", "purchase");
  EXPECT_EQ(purchases.type, "purchase");
  EXPECT_EQ(purchases.items.size(), 1u);
}

// Imported history counts by its own dates, beside the live records and marked apart: a 2022
// lottery and purchase are outside 2025's report, a 2025 event row and a purchase row inside.
TEST_P(ReportTest, ImportedHistoryCountsByItsOwnDate) {
  const std::string csv =
      "日期,工会,类型,品牌,名称,产品,品类,份数,资金(元),人次,供应方,对口地区,平台\n"
      "2022-06-01," +
      tree_.base_a1.name +
      ",抽奖,连工助农,瓜分幸福,西瓜,水果,500,20000,480,,,海州采摘\n"
      "2022-06-02," +
      tree_.root.name +
      ",采购,,,脐橙,水果,,30000,,秭归果园,三峡库区,\n"
      "2025-05-20," +
      tree_.base_b1.name +
      ",发放,连工助农,蔬送美好,,蔬菜,40,1200.50,,,,\n"
      "2025-06-10," +
      tree_.root.name + ",采购,,,大米,粮油,,800,,稻香农场,,\n";
  auto imported = in_tx([&](store::Tx& tx) {
    return history::import_csv(tx, tree_.platform, "history.csv", csv, false);
  });
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  ASSERT_TRUE(imported->errors.empty()) << imported->errors[0].message;
  const Impact live = [&] {
    Impact m = run(tree_.platform);
    return m;
  }();
  EXPECT_EQ(live.imported.events, 1);
  EXPECT_EQ(live.imported.portions, 40);
  EXPECT_EQ(live.imported.person_times, 40);  // none given: one per portion
  EXPECT_EQ(live.imported.prize_value_fen, 120050);
  EXPECT_EQ(live.imported.purchases_fen, 80000);
  EXPECT_EQ(live.imported.funds_fen, 200050);
  EXPECT_EQ(live.core.events, 4);  // C1, C2, C4 and the imported distribution
  EXPECT_EQ(live.core.portions, 6 + 40);
  EXPECT_EQ(live.core.purchases_fen, 80000 + 3000000 + 80000);
  EXPECT_EQ(live.portions_by_produce.at("蔬菜"), 40);
  EXPECT_EQ(live.by_kind.at("distribution").events, 2);
  EXPECT_EQ(live.by_kind.at("purchase").funds_fen, 3000000 + 80000);
  const District& b = district(live, tree_.district_b.id);
  EXPECT_EQ(b.core.events, 2);
  EXPECT_EQ(b.core.portions, 41);
  EXPECT_EQ(live.by_district.back().core.purchases_fen, 80000);  // the federation's own
  EXPECT_EQ(live.trend_by_month[4].portions, 40);                // May 2025

  // The five-year range holds 2022's rows too.
  auto plan = in_tx([&](store::Tx& tx) {
    return impact(tx, tree_.platform, std::nullopt, day("2021-01-01"), day("2026-01-01"));
  });
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->imported.events, 2);
  EXPECT_EQ(plan->imported.lottery_events, 1);
  EXPECT_EQ(plan->imported.person_times, 480 + 40);
  EXPECT_EQ(plan->by_kind.at("lottery").person_times, 3 + 1 + 1 + 480);  // C5 too
  EXPECT_EQ(plan->by_platform.at("海州采摘"), (Share{1, 500, 480, 0}));
  EXPECT_EQ(plan->counterpart_aid_by_region.at("三峡库区"), 3000000);
  EXPECT_EQ(plan->portions_by_produce.at("西瓜"), 500);

  // The drill-down lists imported rows apart from live ones.
  auto page = [&](const std::string& figure, const std::string& key) {
    auto r = in_tx([&](store::Tx& tx) {
      RecordQuery q{figure, key, std::nullopt, day("2021-01-01"), day("2026-01-01"), 0, 50};
      q.imported = true;
      return records(tx, tree_.platform, q);
    });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : Records{};
  };
  const Records events = page("events", "");
  EXPECT_EQ(events.type, "imported");
  EXPECT_EQ(events.items.size(), 2u);
  EXPECT_EQ(page("purchases_fen", "").items.size(), 2u);
  EXPECT_EQ(page("funds_fen", "").items.size(), 4u);
  EXPECT_EQ(page("counterpart_aid_by_region", "三峡库区").items.size(), 1u);
  EXPECT_EQ(page("portions_by_produce", "西瓜").items.size(), 1u);
  EXPECT_EQ(page("portions_by_produce", "蔬菜").items.size(), 1u);
  EXPECT_EQ(page("by_platform", "海州采摘").items.size(), 1u);
  EXPECT_EQ(page("merchants_signed", "").items.size(), 0u);
}

TEST_P(ReportTest, CountsEachMemberOncePerDistrictAndEachVoucherInItsLocalMonth) {
  // C7 (a lottery at the root); C8 in district B gives m1, already reached in district A,
  // two vouchers.
  add_campaign_at_the_root("lottery");
  const int64_t c8 = add_campaign(tree_.base_b1.id, "claim", "published", day("2025-05-10"));
  const int64_t z8 = add_prize(c8, 1, 5, 300);
  add_voucher(c8, z8, m1_, day("2025-05-11"), "redeemed");
  add_voucher(c8, z8, m1_, day("2025-05-12"));

  const Impact m = run(tree_.platform);
  EXPECT_EQ(m.core.events, 5);
  EXPECT_EQ(m.core.portions, 11);
  EXPECT_EQ(m.core.redeemed, 4);
  EXPECT_EQ(m.core.members_reached, 3);
  EXPECT_EQ(m.core.prize_value_fen, 17000 + 100 + 2 * 200 + 2 * 300);
  EXPECT_EQ(m.portions_by_product, (std::map<std::string, int64_t>{{"fruit", 3}, {"other", 8}}));
  ASSERT_EQ(m.trend_by_month.size(), 6u);
  EXPECT_EQ(m.trend_by_month[4].month, "2025-05");
  EXPECT_EQ(m.trend_by_month[4].portions, 4);
  EXPECT_EQ(m.trend_by_month[4].funds_fen, 200 + 100 + 300 + 300);
  EXPECT_EQ(m.trend_by_month[5].portions, 1);
  EXPECT_EQ(m.trend_by_month[5].funds_fen, 3000000 + 200);
  ASSERT_EQ(m.by_district.size(), 3u);
  // C7 is the federation's own (本级), so that the rows add up to the total.
  const District& own = m.by_district[2];
  EXPECT_TRUE(own.own);
  EXPECT_EQ(own.org_id, tree_.root.id);
  EXPECT_EQ(own.core.events, 1);
  EXPECT_EQ(own.core.portions, 3);
  EXPECT_EQ(own.core.members_reached, 2);
  int64_t events = 0, portions = 0, funds = 0;
  for (const District& d : m.by_district) {
    events += d.core.events;
    portions += d.core.portions;
    funds += d.core.funds_fen;
  }
  EXPECT_EQ(events, m.core.events);
  EXPECT_EQ(portions, m.core.portions);
  EXPECT_EQ(funds, m.core.funds_fen);
  const District& a = district(m, tree_.district_a.id);
  const District& b = district(m, tree_.district_b.id);
  EXPECT_EQ(a.core.portions, 5);
  EXPECT_EQ(a.core.members_reached, 2);
  EXPECT_EQ(b.core.events, 2);
  EXPECT_EQ(b.core.portions, 3);
  EXPECT_EQ(b.core.redeemed, 1);
  EXPECT_EQ(b.core.members_reached, 2);  // m3, and m1 counted in A as well
  EXPECT_EQ(b.core.prize_value_fen, 2000 + 2 * 300);

  const Impact only_b = run(tree_.admin_b);
  EXPECT_EQ(only_b.org_id, tree_.district_b.id);
  EXPECT_EQ(only_b.core.portions, 3);  // not C7's: the federation is outside B
  EXPECT_EQ(only_b.core.members_reached, 2);
  ASSERT_EQ(only_b.by_district.size(), 2u);  // its base union, then its own
  EXPECT_EQ(only_b.by_district[0].core.members_reached, 2);
  EXPECT_TRUE(only_b.by_district[1].own);
}

TEST_P(ReportTest, DistrictAdminSeesOnlyTheirSubtree) {
  const Impact m = run(tree_.admin_a);
  EXPECT_EQ(m.org_id, tree_.district_a.id);
  EXPECT_EQ(m.core.events, 2);
  EXPECT_EQ(m.core.portions, 5);
  EXPECT_EQ(m.core.person_times, 5);
  EXPECT_EQ(m.core.members_reached, 2);
  EXPECT_EQ(m.core.funds_fen, 95000);
  EXPECT_EQ(m.core.counterpart_aid_fen, 0);
  EXPECT_EQ(m.merchants_signed, 1);
  EXPECT_EQ(m.points_issued, 100);
  EXPECT_EQ(m.by_district.size(), 3u);  // A's base unions, then A's own
  auto other = in_tx(
      [&](store::Tx& tx) { return impact(tx, tree_.admin_a, tree_.district_b.id, from_, to_); });
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().kind, ErrorKind::kForbidden);
  auto records_b = in_tx([&](store::Tx& tx) {
    RecordQuery q{"portions", "", tree_.district_b.id, from_, to_, 0, 10};
    return records(tx, tree_.admin_a, q);
  });
  ASSERT_FALSE(records_b.ok());
  EXPECT_EQ(records_b.error().kind, ErrorKind::kForbidden);
}

TEST_P(ReportTest, RangeEdges) {
  // Moving `from` one millisecond later drops C1 (opened at exactly `from`) and its vouchers.
  from_ += 1;
  Impact m = run(tree_.platform);
  EXPECT_EQ(m.core.events, 2);
  EXPECT_EQ(m.core.portions, 3);
  // Moving `to` one millisecond later takes in C5 (opened at exactly the old `to`) and C2's
  // voucher issued then; C5's voucher is an hour later, still outside.
  from_ -= 1;
  to_ += 1;
  m = run(tree_.platform);
  EXPECT_EQ(m.core.events, 4);
  EXPECT_EQ(m.core.portions, 7);
}

TEST_P(ReportTest, EveryFigureDrillsDownToItsRecords) {
  const Impact m = run(tree_.platform);
  const boost::json::object json = api::impact_json(m);
  for (const std::string& figure : figures()) {
    ASSERT_TRUE(json.at("links").as_object().contains(figure)) << figure;
  }
  auto page = [&](const std::string& figure, const std::string& key, int64_t after, int64_t limit) {
    auto r = in_tx([&](store::Tx& tx) {
      RecordQuery q{figure, key, std::nullopt, from_, to_, after, limit};
      return records(tx, tree_.platform, q);
    });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : Records{};
  };
  Records first = page("portions", "", 0, 4);
  EXPECT_EQ(first.type, "voucher");
  EXPECT_EQ(first.items.size(), 4u);
  ASSERT_NE(first.next_cursor, 0);
  Records second = page("portions", "", first.next_cursor, 4);
  EXPECT_EQ(second.items.size(), 2u);
  EXPECT_EQ(second.next_cursor, 0);
  // Vouchers come by issue time, then id, and the two pages hold each of the six once.
  std::set<std::string> ids;
  std::string previous;
  for (const Records* r : {&first, &second}) {
    for (const auto& item : r->items) {
      const std::string at(item.as_object().at("created_at").as_string());
      EXPECT_LE(previous, at);
      previous = at;
      ids.insert(std::string(item.as_object().at("id").as_string()));
    }
  }
  EXPECT_EQ(ids.size(), 6u);
  auto unknown = in_tx([&](store::Tx& tx) {
    RecordQuery q{"portions", "", std::nullopt, from_, to_, 12345, 4};
    return records(tx, tree_.platform, q);
  });
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "unknown_cursor");
  EXPECT_EQ(unknown.error().field, "cursor");
  EXPECT_EQ(page("events", "", 0, 50).items.size(), 3u);
  EXPECT_EQ(page("events_by_kind", "lottery", 0, 50).items.size(), 2u);
  EXPECT_EQ(page("lottery_events", "", 0, 50).items.size(), 2u);
  EXPECT_EQ(page("redeemed", "", 0, 50).items.size(), 2u);
  EXPECT_EQ(page("prize_value_fen", "", 0, 50).items.size(), 4u);
  EXPECT_EQ(page("portions_by_product", "fruit", 0, 50).items.size(), 3u);
  EXPECT_EQ(page("funds_fen", "", 0, 50).type, "purchase");
  EXPECT_EQ(page("funds_fen", "", 0, 50).items.size(), 2u);
  EXPECT_EQ(page("counterpart_aid_by_region", "赣州", 0, 50).items.size(), 1u);
  EXPECT_EQ(page("merchants_signed", "", 0, 50).items.size(), 2u);
  EXPECT_EQ(page("orchards_and_farms", "", 0, 50).items.size(), 2u);
  EXPECT_EQ(page("points_issued", "", 0, 50).items.size(), 2u);
  EXPECT_EQ(page("points_spent", "", 0, 50).items.size(), 2u);
  auto bad = in_tx([&](store::Tx& tx) {
    RecordQuery q{"happiness", "", std::nullopt, from_, to_, 0, 10};
    return records(tx, tree_.platform, q);
  });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "figure");
}

TEST_P(ReportTest, VoucherRecordsComeByIssueTimeAcrossPages) {
  // C9's vouchers are written newest first, so that their ids run against their issue times.
  const int64_t c9 = add_campaign(tree_.base_a1.id, "claim", "published", day("2025-04-10"));
  const int64_t z9 = add_prize(c9, 1, 5, 100);
  for (const char* on : {"2025-04-13", "2025-04-12", "2025-04-11"}) {
    add_voucher(c9, z9, m3_, day(on));
  }
  std::vector<std::string> times;
  std::set<std::string> ids;
  int64_t cursor = 0;
  do {
    auto r = in_tx([&](store::Tx& tx) {
      RecordQuery q{"portions", "", std::nullopt, from_, to_, cursor, 2};
      return records(tx, tree_.platform, q);
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
    for (const auto& item : r->items) {
      times.emplace_back(item.as_object().at("created_at").as_string());
      ids.emplace(item.as_object().at("id").as_string());
    }
    cursor = r->next_cursor;
  } while (cursor != 0);
  EXPECT_EQ(times.size(), 9u);
  EXPECT_EQ(ids.size(), 9u);
  EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
}

TEST_P(ReportTest, CsvAndXlsxHoldTheSameFigures) {
  const Impact m = run(tree_.platform);
  const std::string csv = api::impact_csv(m);
  EXPECT_NE(csv.find("summary,,funds_fen,3097000\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("counterpart_aid_by_region,赣州,counterpart_aid_by_region,3000000"),
            std::string::npos);
  auto xlsx = api::impact_xlsx(m);
  ASSERT_TRUE(xlsx.ok()) << xlsx.error().message;
  ASSERT_GT(xlsx->size(), 100u);
  EXPECT_EQ(xlsx->substr(0, 2), "PK");
  // Read it back with unzip when the machine has it.
  if (std::system("command -v unzip >/dev/null 2>&1") == 0) {
    const std::string path = ::testing::TempDir() + "/impact_test.xlsx";
    std::ofstream(path, std::ios::binary) << *xlsx;
    FILE* pipe = popen(("unzip -p '" + path + "' xl/worksheets/sheet1.xml").c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string sheet;
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) sheet.append(buffer, n);
    pclose(pipe);
    std::remove(path.c_str());
    EXPECT_NE(sheet.find("<v>3097000</v>"), std::string::npos) << sheet;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, ReportTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::report
