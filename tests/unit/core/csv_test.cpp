#include "core/csv.hpp"

#include <gtest/gtest.h>

namespace gonghui::csv {
namespace {

TEST(CsvTest, ParsesQuotesLineBreaksAndBom) {
  auto records =
      parse("\xEF\xBB\xBFname,memo\r\n\"王, 伟\",\"say \"\"hi\"\"\"\n李娜,\"two\nlines\"\n\n");
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].fields, (std::vector<std::string>{"name", "memo"}));
  EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"王, 伟", "say \"hi\""}));
  EXPECT_EQ((*records)[2].fields[1], "two\nlines");
  EXPECT_EQ((*records)[2].line, 3);
}

TEST(CsvTest, KeepsLineNumbersAcrossBlankLines) {
  auto records = parse("a,b\n\n1,2\n3,4");
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[1].line, 3);
  EXPECT_EQ((*records)[2].line, 4);
}

TEST(CsvTest, NamesGbkAsTheLikelyEncodingProblem) {
  // "姓名" in GBK.
  auto records = parse("\xD0\xD5\xC3\xFB,phone\n");
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.error().code, "invalid_encoding");
  EXPECT_NE(records.error().message.find("GBK"), std::string::npos);
}

TEST(CsvTest, UnterminatedQuoteNamesItsLine) {
  auto records = parse("a,b\n1,\"open\n");
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.error().code, "unterminated_quote");
  EXPECT_NE(records.error().message.find("line 2"), std::string::npos);
}

TEST(CsvTest, EscapesForExportAndDefusesFormulas) {
  EXPECT_EQ(escape("plain"), "plain");
  EXPECT_EQ(escape("a,b"), "\"a,b\"");
  EXPECT_EQ(escape("say \"x\""), "\"say \"\"x\"\"\"");
  EXPECT_EQ(escape_cell("=SUM(A1)"), "'=SUM(A1)");
}

}  // namespace
}  // namespace gonghui::csv
