#include "text/markdown.hpp"

#include <gtest/gtest.h>

namespace gonghui::text {
namespace {

TEST(Markdown, RendersParagraphsHeadingsListsAndLineBreaks) {
  const std::string html = render_markdown("# 助农\n\n第一行\n第二行\n\n- 葡萄\n- 草莓\n");
  EXPECT_NE(html.find("<h1>助农</h1>"), std::string::npos) << html;
  EXPECT_NE(html.find("第一行<br />"), std::string::npos) << html;
  EXPECT_NE(html.find("<li>葡萄</li>"), std::string::npos) << html;
}

TEST(Markdown, DropsRawHtmlAndEscapesText) {
  const std::string html = render_markdown(
      "<script>alert(1)</script>\n\n段落 <img src=x onerror=alert(2)> 与 <b>粗</b>\n\n1 < 2 & 3");
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>"), std::string::npos) << html;
  EXPECT_EQ(html.find("onerror"), std::string::npos) << html;
  EXPECT_NE(html.find("1 &lt; 2 &amp; 3"), std::string::npos) << html;
}

TEST(Markdown, EmptiesDangerousAddresses) {
  const std::string html = render_markdown(
      "[点我](javascript:alert(1)) [再点](JaVaScRiPt:alert(1)) [文件](vbscript:x) "
      "![图](data:text/html;base64,PHNjcmlwdD4=) [好](/news/1) ![照片](/api/v1/photos/7)");
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
  EXPECT_EQ(html.find("JaVaScRiPt:"), std::string::npos) << html;
  EXPECT_EQ(html.find("vbscript:"), std::string::npos) << html;
  EXPECT_EQ(html.find("data:text"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"/news/1\">好</a>"), std::string::npos) << html;
  EXPECT_NE(html.find("<img src=\"/api/v1/photos/7\" alt=\"照片\" />"), std::string::npos) << html;
}

TEST(Markdown, AttributesCannotBeBrokenOutOf) {
  const std::string html =
      render_markdown("[x](/a\"onmouseover=\"alert(1)) ![y\" onerror=\"z](/b)");
  EXPECT_EQ(html.find("\"onmouseover"), std::string::npos) << html;
  EXPECT_EQ(html.find("\" onerror"), std::string::npos) << html;
}

TEST(Markdown, TextWithoutMarkup) {
  EXPECT_EQ(markdown_text("# 标题\n\n**助农**活动，[详情](/x)。\n\n![图](/p.png)\n\n- 一\n- 二"),
            "标题 助农活动，详情。 一 二");
  EXPECT_EQ(markdown_text(""), "");
}

TEST(Markdown, MalformedUtf8IsReplaced) {
  const std::string html = render_markdown(std::string("好\xff坏"));
  EXPECT_NE(html.find("\xEF\xBF\xBD"), std::string::npos);
}

}  // namespace
}  // namespace gonghui::text
