#include "text/normalize.hpp"

#include <gtest/gtest.h>

#include "support/sample_report.hpp"

namespace gonghui::text {
namespace {

using gonghui::testing::has_pinyin_annotation;

std::string read_report() { return gonghui::testing::read_sample_report(); }

size_t count(std::string_view text, std::string_view what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string_view::npos;
       pos = text.find(what, pos + what.size())) {
    ++n;
  }
  return n;
}

TEST(TextFoldTest, FullWidthBecomesHalfWidthAndLowerCase) {
  EXPECT_EQ(fold("ＡＢＣ１２３"), "abc123");
  EXPECT_EQ(fold("ＰｕＴａｏ，！？（）"), "putao,!?()");
  EXPECT_EQ(fold("PuTao"), "putao");
  EXPECT_EQ(fold("葡萄Ａ级"), "葡萄a级");
}

TEST(TextFoldTest, CollapsesWhiteSpace) {
  EXPECT_EQ(fold("　 hello\t\t\nworld　"), "hello world");
  EXPECT_EQ(fold("葡萄　　采摘"), "葡萄 采摘");
  EXPECT_EQ(fold(" \t　"), "");
  EXPECT_EQ(fold(""), "");
}

TEST(TextFoldTest, KeepsChineseAndReplacesBadBytes) {
  EXPECT_EQ(fold("工会。、《》"), "工会。、《》");
  EXPECT_EQ(fold("a\xFFz"), "a\uFFFDz");
}

TEST(TextSimplifyTest, ConvertsTraditionalToSimplified) {
  ASSERT_TRUE(load_simplifier().ok()) << load_simplifier().error().message;
  EXPECT_EQ(to_simplified("蘋果"), "苹果");
  EXPECT_EQ(to_simplified("市總工會"), "市总工会");
  EXPECT_EQ(to_simplified("助農"), "助农");
  EXPECT_EQ(to_simplified("葡萄 apple 123"), "葡萄 apple 123");
  EXPECT_EQ(to_simplified(""), "");
}

TEST(TextSimplifyTest, ConvertsSingleCharactersWithoutContext) {
  EXPECT_EQ(simplified_char(U'會'), U'会');
  EXPECT_EQ(simplified_char(U'蘋'), U'苹');
  EXPECT_EQ(simplified_char(U'獼'), U'猕');
  EXPECT_EQ(simplified_char(U'会'), U'会');
  EXPECT_EQ(simplified_char(U'A'), U'A');
}

TEST(TextAnnotationTest, RemovesPinyinAfterCjk) {
  EXPECT_EQ(strip_pinyin_annotations("會(huì)"), "會");
  EXPECT_EQ(strip_pinyin_annotations("會（huì）"), "會");
  EXPECT_EQ(strip_pinyin_annotations("市總工會(huì)運(yùn)用"), "市總工會運用");
  EXPECT_EQ(strip_pinyin_annotations("工會(gōng huì)"), "工會");
  EXPECT_EQ(strip_pinyin_annotations("女(nü3)綠(lv4)"), "女綠");
  EXPECT_EQ(strip_pinyin_annotations("西安(xi'an)"), "西安");
  EXPECT_EQ(strip_pinyin_annotations("會(Huì)"), "會");
  EXPECT_EQ(strip_pinyin_annotations("會(huì）"), "會");
  EXPECT_EQ(strip_pinyin_annotations("會(hui4)(huì)"), "會");
}

TEST(TextAnnotationTest, KeepsOtherBrackets) {
  for (const char* kept :
       {"活动(2021年)", "对口支援(三峡库区)", "接口(API)", "Web(api)", "Web (huì)", "會()", "會( )",
        "好(hao", "(huì)", "价格(12元)", "會(hui!)", "會("}) {
    EXPECT_EQ(strip_pinyin_annotations(kept), kept);
  }
}

TEST(TextAnnotationTest, RemovesAnnotationsInsideKeptBrackets) {
  EXPECT_EQ(strip_pinyin_annotations("。(張文燁 嚴(yán)涵 劉毅)"), "。(張文燁 嚴涵 劉毅)");
}

TEST(TextAnnotationTest, KeepsMalformedBytes) {
  EXPECT_EQ(strip_pinyin_annotations("會(huì)\xFF"), "會\xFF");
}

TEST(TextPastedTest, NewsReportBecomesCleanSimplifiedText) {
  const std::string original = read_report();
  ASSERT_GT(original.size(), 1000u) << "fixture missing";
  ASSERT_TRUE(has_pinyin_annotation(original));
  const std::string text = normalise_pasted(original);

  EXPECT_FALSE(has_pinyin_annotation(text));
  // The only bracket left is the by-line, whose annotation inside is gone.
  EXPECT_EQ(count(text, "("), 1u);
  EXPECT_NE(text.find("(张文烨 严涵 刘毅)"), std::string::npos);

  for (const char* word : {"市总工会", "工会", "助农", "连工惠", "优惠购", "草莓", "西瓜", "苹果",
                           "葡萄", "猕猴桃", "采摘园", "农产品", "积分抽奖", "对口支援"}) {
    EXPECT_NE(text.find(word), std::string::npos) << word;
  }
  for (const char* traditional : {"會", "農", "蘋", "獼", "園", "購", "總"}) {
    EXPECT_EQ(text.find(traditional), std::string::npos) << traditional;
  }
  for (const char* figure : {"44407份", "6272人次", "57家", "31场", "12场", "8家采摘园", "30多万元",
                             "28.67万元", "3万元", "6000元", "2024年"}) {
    EXPECT_NE(text.find(figure), std::string::npos) << figure;
  }
}

TEST(TextPastedTest, CanKeepTraditionalCharacters) {
  const std::string text = normalise_pasted(read_report(), /*simplify=*/false);
  EXPECT_FALSE(has_pinyin_annotation(text));
  EXPECT_NE(text.find("市總工會運用"), std::string::npos);
  EXPECT_NE(text.find("44407份"), std::string::npos);
}

}  // namespace
}  // namespace gonghui::text
