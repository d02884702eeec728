#include "text/utf8.hpp"

#include <gtest/gtest.h>

namespace gonghui::text {
namespace {

TEST(TextUtf8Test, RoundTripsEveryPlane) {
  const std::u32string text = U"a葡萄\u00fc\U00020000\u3000";
  EXPECT_EQ(to_utf32(to_utf8(text)), text);
  EXPECT_EQ(to_utf8(U"工会"), "工会");
}

TEST(TextUtf8Test, MalformedBytesBecomeReplacementCharacters) {
  // A stray continuation byte, an overlong '/', a surrogate and a truncated sequence.
  EXPECT_EQ(to_utf32("a\x80z"), (std::u32string{U'a', kReplacementChar, U'z'}));
  EXPECT_EQ(to_utf32("\xC0\xAF"), (std::u32string{kReplacementChar, kReplacementChar}));
  EXPECT_EQ(to_utf32("\xED\xA0\x80").front(), kReplacementChar);
  EXPECT_EQ(to_utf32("\xE8\x91"), (std::u32string{kReplacementChar, kReplacementChar}));
}

TEST(TextUtf8Test, RecognisesHanIdeographs) {
  EXPECT_TRUE(is_han(U'会'));
  EXPECT_TRUE(is_han(U'\u3400'));
  EXPECT_TRUE(is_han(U'\U00020000'));
  EXPECT_FALSE(is_han(U'a'));
  EXPECT_FALSE(is_han(U'。'));
  EXPECT_FALSE(is_han(U'（'));
}

}  // namespace
}  // namespace gonghui::text
