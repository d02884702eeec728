// Share previews: escaping, summaries and the head markup WeChat reads.
#include "domain/share/share.hpp"

#include <gtest/gtest.h>

namespace gonghui::share {
namespace {

TEST(Share, EscapesMarkupAndQuotes) {
  EXPECT_EQ(escape_html("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
}

TEST(Share, SummaryCutsByCharactersOnOneLine) {
  EXPECT_EQ(summary("  草莓\n 采摘  ", 10), "草莓 采摘");
  EXPECT_EQ(summary("一二三四五六", 4), "一二三四…");
  EXPECT_EQ(summary("", 4), "");
}

TEST(Share, HeadMarkupHasOpenGraphAndItempropEscaped) {
  const std::string head =
      head_markup({"<script>\"x\"", "描述", 0}, "https://a.test/campaigns/1", "https://a.test/i");
  EXPECT_NE(head.find("<meta property=\"og:title\" content=\"&lt;script&gt;&quot;x&quot;\" />"),
            std::string::npos);
  EXPECT_NE(head.find("<meta itemprop=\"name\""), std::string::npos);
  EXPECT_NE(head.find("<meta itemprop=\"image\" content=\"https://a.test/i\""), std::string::npos);
  EXPECT_NE(head.find("og:url\" content=\"https://a.test/campaigns/1\""), std::string::npos);
  EXPECT_EQ(head.find("<script>"), std::string::npos);
}

}  // namespace
}  // namespace gonghui::share
