#include "core/json.hpp"

#include <gtest/gtest.h>

namespace gonghui::json {
namespace {

bj::object object_of(std::string_view text) { return parse(text).value().as_object(); }

TEST(JsonTest, RejectsInvalidUtf8AndJson) {
  EXPECT_EQ(parse("{\"a\":\"\xff\"}").error().code, "invalid_utf8");
  EXPECT_EQ(parse("{\"a\":\"\xed\xa0\x80\"}").error().code, "invalid_utf8");  // surrogate
  EXPECT_EQ(parse("{\"a\":\"\xc0\xaf\"}").error().code, "invalid_utf8");      // overlong
  EXPECT_EQ(parse("{\"a\":").error().code, "invalid_json");
  EXPECT_EQ(parse(std::string(100, '[')).error().code, "invalid_json");  // too deep
  EXPECT_TRUE(parse("{\"name\":\"草莓\"}").ok());
}

TEST(JsonTest, IntegersMustBeWholeSafeAndInRange) {
  EXPECT_EQ(*required_integer(object_of(R"({"amount":10})"), "amount", 1, 100), 10);
  auto check = [](std::string_view text, std::string_view code) {
    auto result = required_integer(object_of(text), "amount", 1, 1000000);
    ASSERT_FALSE(result.ok()) << text;
    EXPECT_EQ(result.error().code, code) << text;
    EXPECT_EQ(result.error().field, "amount");
  };
  check(R"({})", "required");
  check(R"({"amount":1.5})", "invalid_field");
  check(R"({"amount":"10"})", "invalid_field");
  check(R"({"amount":-5})", "out_of_range");
  check(R"({"amount":0})", "out_of_range");
  check(R"({"amount":9007199254740993})", "out_of_range");
  check(R"({"amount":18446744073709551615})", "out_of_range");
}

TEST(JsonTest, StringsAreTrimmedAndLimitedInCharacters) {
  EXPECT_EQ(*required_string(object_of(R"({"name":"  葡萄园 "})"), "name", 3), "葡萄园");
  EXPECT_EQ(required_string(object_of(R"({"name":"葡萄采摘园"})"), "name", 3).error().code,
            "too_long");
  EXPECT_EQ(required_string(object_of(R"({"name":"   "})"), "name").error().code, "required");
  EXPECT_EQ(required_string(object_of(R"({"name":5})"), "name").error().code, "invalid_field");
}

TEST(JsonTest, IdsAreStrings) {
  EXPECT_EQ(*required_id(object_of(R"({"id":"42"})"), "id"), 42);
  EXPECT_EQ(required_id(object_of(R"({"id":42})"), "id").error().code, "invalid_field");
  EXPECT_EQ(required_id(object_of(R"({"id":"x"})"), "id").error().code, "invalid_id");
}

}  // namespace
}  // namespace gonghui::json

namespace gonghui::json {
namespace {

// Found by fuzz/http_request_fuzz: a 404 echoed the decoded path "%FF%FE" as raw bytes, so
// the answer was not valid UTF-8 JSON.
TEST(JsonUtf8Test, ToValidUtf8ReplacesEachMalformedByte) {
  EXPECT_EQ(to_valid_utf8("草莓 ok"), "草莓 ok");
  EXPECT_EQ(to_valid_utf8("a\xFF\xFE"
                          "b"),
            "a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(to_valid_utf8("\xE8\x8D"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated 草
  EXPECT_EQ(to_valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(to_valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_TRUE(is_valid_utf8(to_valid_utf8("\x80\xBF\xF8\xF4\x90\x80\x80")));
}

}  // namespace
}  // namespace gonghui::json
