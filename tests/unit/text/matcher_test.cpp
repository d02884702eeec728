#include "text/matcher.hpp"

#include <gtest/gtest.h>

namespace gonghui::text {
namespace {

const PinyinTable& pinyin() {
  const auto shared = PinyinTable::shared();
  if (!shared.ok()) {
    ADD_FAILURE() << shared.error().message;
    std::abort();
  }
  return **shared;
}

PinyinMatcher::Costs match(std::string_view query, std::string_view text, bool initials = true) {
  const std::u32string q = search_key(query, 64);
  const std::u32string t = search_key(text, 1024);
  PinyinMatcher matcher(pinyin(), q);
  return matcher.match(t, initials);
}

TEST(PinyinMatcherTest, InitialsMatchWholeSyllablesInOrder) {
  EXPECT_TRUE(match("qy", "青云茶舍").prefix.found());
  EXPECT_EQ(match("qy", "青云茶舍").prefix.abbreviated, 2);
  EXPECT_EQ(match("qy", "青云茶舍").prefix.length, 2);
  EXPECT_TRUE(match("qy", "青云").exact.found());
  EXPECT_TRUE(match("cxm", "陈晓梅").exact.found());
  EXPECT_TRUE(match("chxm", "陈晓梅").exact.found());  // ch as the initial of chen
  EXPECT_TRUE(match("chenxiaomei", "陈晓梅").exact.found());
  EXPECT_EQ(match("chenxiaomei", "陈晓梅").exact.abbreviated, 0);
  EXPECT_TRUE(match("chenxm", "陈晓梅").exact.found());
}

TEST(PinyinMatcherTest, LettersScatteredOverTheNameDoNotMatch) {
  // 青 (qing) … 园 (yuan): the initials are there, but not one syllable after the other.
  EXPECT_FALSE(match("qy", "青山蓝莓园").contains.found());
  // y inside a syllable (qiang, xiang) is no initial.
  EXPECT_FALSE(match("qy", "强").contains.found());
  EXPECT_FALSE(match("qy", "墙纸店").contains.found());
  // In order only: 云青 is yq.
  EXPECT_FALSE(match("qy", "云青").contains.found());
  EXPECT_TRUE(match("yq", "云青").exact.found());
  EXPECT_FALSE(match("cxm", "陈梅晓").contains.found());
}

TEST(PinyinMatcherTest, WithoutInitialsOnlyFullSyllablesMatch) {
  // The description every demo shop had; "qy" used to find all of them through it.
  const char* description = "工会优惠购签约商家。";
  EXPECT_TRUE(match("qy", description).contains.found());
  EXPECT_FALSE(match("qy", description, /*initials=*/false).contains.found());
  EXPECT_TRUE(match("qianyue", description, false).contains.found());
  EXPECT_TRUE(match("qianyu", description, false).contains.found());  // yue still being typed
  EXPECT_FALSE(match("qiany", description, false).contains.found());  // y alone is an initial
  EXPECT_TRUE(match("签约", description, false).contains.found());
}

TEST(PinyinMatcherTest, ReportsHowMuchOfTheTextTheMatchCovers) {
  // xi'an covers two characters of 西安饭店, xian one of 先锋书店; both in full.
  EXPECT_EQ(match("xian", "西安饭店").prefix.length, 2);
  EXPECT_EQ(match("xian", "西安饭店").prefix.abbreviated, 0);
  EXPECT_EQ(match("xian", "先锋书店").prefix.length, 1);
  EXPECT_EQ(match("葡萄", "阳光葡萄采摘园").contains.length, 2);
  EXPECT_FALSE(match("葡萄", "阳光葡萄采摘园").prefix.found());
  EXPECT_EQ(match("pt", "阳光葡萄采摘园").contains.length, 2);
}

}  // namespace
}  // namespace gonghui::text
