#include "core/time.hpp"

#include <gtest/gtest.h>

namespace gonghui {
namespace {

TEST(TimeTest, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(format_rfc3339(Timestamp{0}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339(Timestamp{1795922100123}), "2026-11-29T03:15:00.123Z");
}

TEST(TimeTest, ParsesWhatItFormats) {
  const Timestamp t{1795922100123};
  EXPECT_EQ(parse_rfc3339(format_rfc3339(t)), t);
}

TEST(TimeTest, ParsesOffsetsAndDates) {
  EXPECT_EQ(parse_rfc3339("2026-11-29T11:15:00+08:00")->ms, 1795922100000);
  EXPECT_EQ(parse_rfc3339("2026-11-29")->ms, 1795910400000);
  EXPECT_EQ(parse_rfc3339("2021-01-01T00:00:00Z")->ms, 1609459200000);
}

TEST(TimeTest, RejectsMalformedTimes) {
  for (const char* bad : {"", "2026", "2026-13-01", "2026-02-30", "2026-11-29T25:00:00Z",
                          "2026-11-29T10:00:00", "yesterday", "2026-11-29T10:00:00.Z"}) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
  }
}

TEST(TimeTest, LocalDayFollowsOffset) {
  // 2026-11-29T17:00Z is already the 30th in Shanghai (UTC+8).
  const Timestamp t = *parse_rfc3339("2026-11-29T17:00:00Z");
  EXPECT_EQ(local_day(t, 0) + 1, local_day(t, 480));
}

}  // namespace
}  // namespace gonghui
