// The printable summary against hand-built reports: the exact text pieces, sentences left
// out when their figure is zero, and the money and date formats at their edges.
#include "domain/report/summary.hpp"

#include <gtest/gtest.h>

#include "core/time.hpp"

namespace gonghui::report {
namespace {

int64_t day(const char* date) { return *parse_local_date(date); }

// Figures in the style of the news report the platform is modelled on.
Impact news_report() {
  Impact m;
  m.org_id = 1;
  m.org_name = "示范市总工会";
  m.from = day("2021-01-01");
  m.to = day("2025-11-30");
  m.core.events = 31;
  m.core.lottery_events = 12;
  m.events_by_kind = {{"lottery", 12}, {"distribution", 19}};
  m.core.portions = 44407;
  m.core.person_times = 44407;
  m.core.members_reached = 3800;
  m.core.redeemed = 32551;
  m.redemption_rate_permille = 733;
  m.portions_by_product = {{"fruit", 42000}, {"vegetable", 2100}, {"grain", 307}};
  m.portions_by_produce = {{"草莓", 9000},   {"西瓜", 8000},   {"苹果", 7000}, {"葡萄", 6000},
                           {"蓝莓", 5000},   {"猕猴桃", 3000}, {"橙子", 2000}, {"冬桃", 1500},
                           {"西红柿", 1200}, {"大白菜", 800},  {"梨", 600},    {"大米", 307}};
  m.by_kind = {{"lottery", {12, 6272, 6272, 30250000}}, {"distribution", {19, 38135, 38135, 0}}};
  m.by_brand = {{"连工助农", {12, 6272, 6272, 30250000}}, {"(none)", {19, 38135, 38135, 0}}};
  m.by_platform = {{"海州采摘", {3, 1200, 1200, 0}}};
  m.core.purchases_fen = 2500000000 / 100;  // 250,000 yuan
  m.core.counterpart_aid_fen = 3000000;     // 30,000 yuan
  m.counterpart_aid_by_region = {{"三峡库区", 3000000}};
  m.core.prize_value_fen = 5250000;  // 52,500 yuan
  m.core.funds_fen = m.core.purchases_fen + m.core.prize_value_fen;
  m.merchants_signed = 57;
  m.orchards_and_farms = 8;
  m.points_issued = 120000;
  m.points_spent = 98000;
  District a{2, "城南区总工会", {}};
  a.core.events = 20;
  a.core.portions = 30000;
  District b{3, "江北区总工会", {}};
  b.core.events = 11;
  b.core.portions = 14407;
  District own{1, "示范市总工会", {}, true};
  m.by_district = {a, b, own};
  return m;
}

std::string all_text(const Summary& s) {
  std::string out = s.title + "\n";
  for (const auto& p : s.paragraphs) out += p + "\n";
  return out;
}

TEST(SummaryTest, WritesTheNewsReleaseFromTheFigures) {
  const Summary s = summarize(news_report());
  EXPECT_EQ(s.title, "示范市总工会助农普惠工作成效");
  ASSERT_EQ(s.paragraphs.size(), 8u) << all_text(s);
  EXPECT_EQ(s.paragraphs[0],
            "“十四五”规划以来，示范市总工会及所属工会开展助农普惠活动31场，发放助农产品44407份，"
            "涵盖草莓、西瓜、苹果、葡萄、蓝莓、猕猴桃、橙子、冬桃、西红柿、大白菜、梨、大米等12种"
            "农产品；以积分抽奖形式开展12场特色助农活动，投入资金30多万元，惠及6272人次。");
  EXPECT_EQ(s.paragraphs[1], "活动共惠及职工44407人次（3800名职工），核销率73.3%。");
  EXPECT_EQ(s.paragraphs[2],
            "擦亮“连工助农”活动品牌，开展活动12场，发放6272份，投入资金30多万元。");
  EXPECT_EQ(s.paragraphs[3],
            "累计投入资金30.25万元，其中助农采购25万元（含对口支援三峡库区采购3万元），"
            "活动奖品价值5.25万元。");
  EXPECT_EQ(s.paragraphs[4], "“优惠购”专栏签约商户57家，其中采摘园和农场8家。");
  EXPECT_EQ(s.paragraphs[5], "依托“海州采摘”平台开展活动3场，发放1200份。");
  EXPECT_EQ(s.paragraphs[6], "向职工发放积分120000分，职工使用积分参与活动98000分。");
  EXPECT_EQ(s.paragraphs[7], "所属工会中，城南区总工会举办活动20场、发放30000份，发放份数居首。");
}

TEST(SummaryTest, NamesThePeriodAsAReleaseDoes) {
  Impact m = news_report();
  m.to = day("2026-01-01");
  EXPECT_EQ(summarize(m).paragraphs[0].rfind("“十四五”时期，", 0), 0u);
  m.from = day("2024-01-01");
  m.to = day("2025-01-01");
  EXPECT_EQ(summarize(m).paragraphs[0].rfind("2024年，", 0), 0u);
  m.to = day("2024-07-01");
  EXPECT_EQ(summarize(m).paragraphs[0].rfind("2024年1月1日至2024年6月30日，", 0), 0u);
}

TEST(SummaryTest, LeavesOutSentencesWhoseFigureIsZero) {
  Impact m = news_report();
  m.core.lottery_events = 0;
  m.events_by_kind = {{"distribution", 31}};
  m.by_kind = {{"distribution", {31, 44407, 44407, 0}}};
  m.by_brand.clear();
  m.by_platform.clear();
  m.core.members_reached = 0;
  m.redemption_rate_permille = 0;
  m.core.prize_value_fen = 0;
  m.core.funds_fen = m.core.purchases_fen;
  m.counterpart_aid_by_region.clear();
  m.orchards_and_farms = 0;
  m.points_spent = 0;
  const std::string text = all_text(summarize(m));
  EXPECT_EQ(text.find("积分抽奖"), std::string::npos) << text;
  EXPECT_EQ(text.find("品牌"), std::string::npos) << text;
  EXPECT_EQ(text.find("平台"), std::string::npos) << text;
  EXPECT_EQ(text.find("名职工"), std::string::npos) << text;
  EXPECT_EQ(text.find("核销率"), std::string::npos) << text;
  EXPECT_EQ(text.find("奖品价值"), std::string::npos) << text;
  EXPECT_EQ(text.find("对口支援"), std::string::npos) << text;
  EXPECT_EQ(text.find("采摘园"), std::string::npos) << text;
  EXPECT_EQ(text.find("使用积分"), std::string::npos) << text;
  EXPECT_NE(text.find("等12种农产品。"), std::string::npos) << text;
  EXPECT_NE(text.find("活动共惠及职工44407人次。"), std::string::npos) << text;
  EXPECT_NE(text.find("累计投入资金25万元，其中助农采购25万元。"), std::string::npos) << text;
  EXPECT_NE(text.find("“优惠购”专栏签约商户57家。"), std::string::npos) << text;
  EXPECT_NE(text.find("向职工发放积分120000分。"), std::string::npos) << text;

  // No events and no portions: the first paragraphs go; no merchants, funds or points:
  // theirs go too; one district alone is not compared with anything.
  m.core.events = 0;
  m.events_by_kind.clear();
  m.by_kind.clear();
  m.core.portions = m.core.person_times = 0;
  m.portions_by_product.clear();
  m.portions_by_produce.clear();
  m.by_district.resize(1);
  Summary s = summarize(m);
  ASSERT_EQ(s.paragraphs.size(), 3u) << all_text(s);
  EXPECT_EQ(s.paragraphs[0].rfind("累计投入资金", 0), 0u);
  m.merchants_signed = 0;
  m.core.purchases_fen = m.core.funds_fen = 0;
  m.points_issued = 0;
  s = summarize(m);
  ASSERT_EQ(s.paragraphs.size(), 1u) << all_text(s);
  EXPECT_EQ(s.paragraphs[0], "“十四五”规划以来，示范市总工会暂无助农普惠活动记录。");
}

TEST(SummaryTest, NamesTheProduceItHandedOut) {
  Impact m = news_report();
  m.by_district.clear();
  m.portions_by_produce = {{"茶叶", 5}, {"鲈鱼", 9}, {"鸡蛋", 7}, {"other", 100}};
  std::string first = summarize(m).paragraphs[0];
  EXPECT_NE(first.find("示范市总工会开展"), std::string::npos) << first;  // no sub-unions
  EXPECT_NE(first.find("发放助农产品44407份，涵盖鲈鱼、鸡蛋、茶叶等3种农产品"), std::string::npos)
      << first;
  m.portions_by_produce = {{"other", 44407}};
  first = summarize(m).paragraphs[0];
  EXPECT_NE(first.find("发放助农产品44407份；"), std::string::npos) << first;
  EXPECT_EQ(product_kind_name("fruit"), "水果");
  EXPECT_EQ(product_kind_name("vegetable"), "蔬菜");
  EXPECT_EQ(product_kind_name("grain"), "粮油");
  EXPECT_EQ(product_kind_name("mushroom"), "mushroom");
}

TEST(SummaryTest, RoundsLargeSumsAsAReleaseDoes) {
  EXPECT_EQ(approximate_money(3000000), "3万元");
  EXPECT_EQ(approximate_money(9990000), "9.99万元");
  EXPECT_EQ(approximate_money(10000000), "10万元");
  EXPECT_EQ(approximate_money(30250000), "30多万元");
  EXPECT_EQ(approximate_money(30000000), "30万元");
}

TEST(SummaryTest, FormatsMoneyAtItsEdges) {
  EXPECT_EQ(chinese_money(0), "0元");
  EXPECT_EQ(chinese_money(1), "0.01元");
  EXPECT_EQ(chinese_money(10), "0.1元");
  EXPECT_EQ(chinese_money(999900), "9999元");
  EXPECT_EQ(chinese_money(999950), "9999.5元");
  EXPECT_EQ(chinese_money(999999), "9999.99元");
  EXPECT_EQ(chinese_money(1000000), "1万元");  // 10,000 yuan
  EXPECT_EQ(chinese_money(3000000), "3万元");
  EXPECT_EQ(chinese_money(30250000), "30.25万元");
  EXPECT_EQ(chinese_money(30200000), "30.2万元");
  // Hundredths of 万元 are 100 yuan: half of one (50 yuan) rounds up, a fen less rounds down.
  EXPECT_EQ(chinese_money(1004999), "1万元");
  EXPECT_EQ(chinese_money(1005000), "1.01万元");
  EXPECT_EQ(chinese_money(1999999), "2万元");
  EXPECT_EQ(chinese_money(123456789000), "123456.79万元");
  EXPECT_EQ(chinese_money(-999900), "-9999元");
}

TEST(SummaryTest, WritesDatesInChinese) {
  EXPECT_EQ(chinese_date(day("2021-01-01")), "2021年1月1日");
  EXPECT_EQ(chinese_date(day("2026-11-30") - 1), "2026年11月29日");
  // A date starts at local midnight (16:00 UTC the day before) and lasts 24 hours.
  EXPECT_EQ(chinese_date(day("2025-12-31") - 1), "2025年12月30日");
  EXPECT_EQ(chinese_date(day("2025-12-31") + 16 * 3600000LL), "2025年12月31日");
  EXPECT_EQ(chinese_date(day("2025-12-31") + 24 * 3600000LL), "2026年1月1日");
  Impact m = news_report();
  m.to = m.from + 3600000;  // within one day: one date
  EXPECT_EQ(summarize(m).paragraphs[0].rfind("2021年1月1日，示范市总工会", 0), 0u);
  m.from = day("2022-03-01");
  m.to = day("2026-11-30");
  EXPECT_EQ(summarize(m).paragraphs[0].rfind("2022年3月1日至2026年11月29日，", 0), 0u);
}

}  // namespace
}  // namespace gonghui::report
