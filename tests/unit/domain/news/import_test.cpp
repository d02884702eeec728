// Pasted text into an article, on the sample report (traditional characters with pinyin after
// each) that the demo imports too.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "domain/news/news.hpp"
#include "text/normalize.hpp"
#include "text/pinyin.hpp"
#include "text/utf8.hpp"

namespace gonghui::news {
namespace {

std::string read_report() {
  const auto path = std::filesystem::path(GONGHUI_SOURCE_DIR) / "tests" / "unit" / "text" / "data" /
                    "union-farm-aid-report.txt";
  std::ifstream in(path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Characters left that have a simplified form.
std::string traditional_left(std::string_view text) {
  std::string out;
  for (char32_t c : text::to_utf32(text)) {
    if (text::simplified_char(c) != c) text::append_utf8(out, c);
  }
  return out;
}

// True if a bracket still opens onto pinyin.
bool has_pinyin_annotation(std::string_view text) {
  const std::u32string units = text::to_utf32(text);
  for (size_t i = 0; i + 1 < units.size(); ++i) {
    if ((units[i] == U'(' || units[i] == U'（') && text::plain_pinyin_letter(units[i + 1]) != 0) {
      return true;
    }
  }
  return false;
}

size_t count(std::string_view text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

TEST(NewsImportTest, TheSampleReportBecomesCleanSimplifiedText) {
  ASSERT_TRUE(text::load_simplifier().ok());
  const std::string report = read_report();
  ASSERT_GT(report.size(), 1000u) << "fixture missing";
  auto imported = import_text(report, true, true);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_TRUE(imported->had_traditional);
  EXPECT_TRUE(imported->had_pinyin);
  for (const std::string* part : {&imported->title, &imported->summary, &imported->body}) {
    EXPECT_EQ(traditional_left(*part), "") << *part;
    EXPECT_FALSE(has_pinyin_annotation(*part));
  }
  // The first line is a sentence, not a heading: no title, and the six lines are six paragraphs.
  EXPECT_EQ(imported->title, "");
  EXPECT_EQ(count(imported->body, "\n\n"), 5u);
  EXPECT_EQ(imported->body.find("市总工会运用“千万工程”经验"), 0u);
  EXPECT_NE(imported->body.find("\n\n农村劳模示范引领。"), std::string::npos);
  EXPECT_NE(imported->body.find("44407份"), std::string::npos);
  EXPECT_NE(imported->body.find("(张文烨 严涵 刘毅)"), std::string::npos);
  // The summary is the first paragraph's first 100 characters and an ellipsis.
  EXPECT_EQ(imported->summary.rfind("…"), imported->summary.size() - std::string("…").size());
  EXPECT_EQ(text::to_utf32(imported->summary).size(), 101u);
  EXPECT_EQ(imported->summary.find("市总工会运用"), 0u);

  auto kept = import_text(report, false, true);
  EXPECT_NE(kept->body.find("市總工會運用"), std::string::npos);
  EXPECT_TRUE(kept->had_traditional);
  auto raw = import_text(report, false, false);
  EXPECT_TRUE(has_pinyin_annotation(raw->body));
}

TEST(NewsImportTest, TitleParagraphsAndMarkdown) {
  auto in = import_text(
      "　　工会助农活动\n\n   第一段\t\n第二段 *不是* 强调 <b>标签</b> [链接](javascript:x)\n"
      "1. 不是列表\n# 不是标题",
      true, true);
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->title, "工会助农活动");
  EXPECT_EQ(in->summary, "第一段");
  EXPECT_EQ(in->body,
            "第一段\n\n第二段 \\*不是\\* 强调 \\<b\\>标签\\</b\\> \\[链接\\](javascript:x)\n\n"
            "1\\. 不是列表\n\n\\# 不是标题");
  EXPECT_FALSE(in->had_traditional);
  EXPECT_FALSE(in->had_pinyin);
  // A first line that is a sentence is not a title.
  EXPECT_EQ(import_text("今天天气很好。\n第二段", true, true)->title, "");
  EXPECT_EQ(import_text(" \n\t", true, true).error().field, "text");
  EXPECT_EQ(import_text(std::string(200001, 'a'), true, true).error().code, "too_long");
}

}  // namespace
}  // namespace gonghui::news
