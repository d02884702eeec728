#include "text/pinyin.hpp"

#include <bzlib.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace gonghui::text {
namespace {

using Readings = std::vector<std::string_view>;

const PinyinTable& table() {
  const auto shared = PinyinTable::shared();
  if (!shared.ok()) {
    ADD_FAILURE() << shared.error().message;
    std::abort();
  }
  return **shared;
}

std::filesystem::path write_temp(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

TEST(PinyinLetterTest, RemovesToneMarks) {
  EXPECT_EQ(plain_pinyin_letter(U'ǎ'), 'a');
  EXPECT_EQ(plain_pinyin_letter(U'Á'), 'a');
  EXPECT_EQ(plain_pinyin_letter(U'ě'), 'e');
  EXPECT_EQ(plain_pinyin_letter(U'ê'), 'e');
  EXPECT_EQ(plain_pinyin_letter(U'ǚ'), 'v');
  EXPECT_EQ(plain_pinyin_letter(U'ü'), 'v');
  EXPECT_EQ(plain_pinyin_letter(U'ń'), 'n');
  EXPECT_EQ(plain_pinyin_letter(U'Z'), 'z');
  EXPECT_EQ(plain_pinyin_letter(U'1'), 0);
  EXPECT_EQ(plain_pinyin_letter(U'中'), 0);
  EXPECT_EQ(plain_pinyin_letter(U'ß'), 0);
}

TEST(PinyinLetterTest, DerivesInitials) {
  EXPECT_EQ(pinyin_initial("zhong"), "zh");
  EXPECT_EQ(pinyin_initial("chang"), "ch");
  EXPECT_EQ(pinyin_initial("shi"), "sh");
  EXPECT_EQ(pinyin_initial("pu"), "p");
  EXPECT_EQ(pinyin_initial("an"), "a");
}

TEST(PinyinTableTest, LoadsDebianUnihan) {
  EXPECT_GT(table().size(), 40000u);
  EXPECT_GT(table().syllable_count(), 400u);
  EXPECT_EQ(table().readings(U'葡'), (Readings{"pu"}));
  EXPECT_EQ(table().readings(U'萄'), (Readings{"tao"}));
  EXPECT_EQ(table().readings(U'莓'), (Readings{"mei"}));
  EXPECT_EQ(table().readings(U'蘋').front(), "ping");
}

TEST(PinyinTableTest, IndexesEveryReadingOfPolyphonicCharacters) {
  const Readings xing = table().readings(U'行');
  ASSERT_FALSE(xing.empty());
  EXPECT_EQ(xing.front(), "xing");  // kMandarin's most common reading comes first
  EXPECT_NE(std::find(xing.begin(), xing.end(), "hang"), xing.end());
  const Readings zhang = table().readings(U'长');
  EXPECT_NE(std::find(zhang.begin(), zhang.end(), "chang"), zhang.end());
  EXPECT_NE(std::find(zhang.begin(), zhang.end(), "zhang"), zhang.end());
  EXPECT_EQ(table().initials(U'长'), (Readings{"zh", "ch"}));
  EXPECT_EQ(table().initials(U'行'), (Readings{"x", "h"}));
}

TEST(PinyinTableTest, ListsUmlautAsVAndU) {
  EXPECT_EQ(table().readings(U'女'), (Readings{"nv", "nu"}));
  const Readings lv = table().readings(U'绿');
  EXPECT_EQ(lv.front(), "lv");
  EXPECT_NE(std::find(lv.begin(), lv.end(), "lu"), lv.end());
}

TEST(PinyinTableTest, LeavesOutClassicalReadingsOfModernCharacters) {
  // kHanyuPinyin also lists 葡 as bèi and 草 as zào; no modern dictionary does.
  EXPECT_EQ(table().readings(U'草'), (Readings{"cao"}));
}

TEST(PinyinTableTest, HasNoReadingsForOtherCharacters) {
  EXPECT_TRUE(table().readings(U'A').empty());
  EXPECT_TRUE(table().readings(U'。').empty());
  EXPECT_TRUE(table().syllables(0x10FFFF).empty());
}

TEST(PinyinTableTest, ParsesEveryFieldFormatOfAPlainFile) {
  const auto path = write_temp("gonghui_unihan_test.txt",
                               "# comment\n"
                               "U+4E50\tkDefinition\tmusic\n"
                               "U+4E50\tkHanyuPinlu\tlè(283) yuè(54)\n"
                               "U+4E50\tkMandarin\tlè\n"
                               "U+4E50\tkXHC1983\t0683.040:lè 1430.060:yuè\r\n"
                               "U+5973\tkTGHZ2013\t270.160:nǚ\n"
                               "U+20000\tkHanyuPinyin\t10001.010:qiū,hē\n");
  const auto loaded = PinyinTable::load(path.string());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->size(), 3u);
  EXPECT_EQ(loaded->readings(U'乐'), (Readings{"le", "yue"}));
  EXPECT_EQ(loaded->readings(U'女'), (Readings{"nv", "nu"}));
  EXPECT_EQ(loaded->readings(U'\U00020000'), (Readings{"qiu", "he"}));
  EXPECT_TRUE(loaded->readings(U'会').empty());
  std::filesystem::remove(path);
}

TEST(PinyinTableTest, ReportsAMissingFile) {
  for (const char* path : {"/nonexistent/Unihan_Readings.txt", "/tmp"}) {
    const auto loaded = PinyinTable::load(path);
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error().code, "unihan_missing");
    EXPECT_NE(loaded.error().message.find(path), std::string::npos);
    EXPECT_NE(loaded.error().message.find(kUnihanEnv), std::string::npos);
  }
}

TEST(PinyinTableTest, ReportsCorruptData) {
  // A bzip2 stream cut in half, and a file without readings.
  std::string text(200000, '\0');
  for (size_t i = 0; i < text.size(); ++i) {
    text[i] = static_cast<char>('a' + (i * 7919) % 26);
  }
  std::string compressed(text.size() * 2, '\0');
  unsigned length = static_cast<unsigned>(compressed.size());
  ASSERT_EQ(BZ2_bzBuffToBuffCompress(compressed.data(), &length, text.data(),
                                     static_cast<unsigned>(text.size()), 9, 0, 0),
            BZ_OK);
  compressed.resize(length / 2);
  for (const auto& [name, content] : {std::pair<std::string, std::string>{"cut.bz2", compressed},
                                      {"empty.txt", "# nothing here\n"}}) {
    const auto path = write_temp("gonghui_unihan_" + name, content);
    const auto loaded = PinyinTable::load(path.string());
    ASSERT_FALSE(loaded.ok()) << name;
    EXPECT_EQ(loaded.error().code, "unihan_corrupt") << name;
    std::filesystem::remove(path);
  }
}

}  // namespace
}  // namespace gonghui::text
