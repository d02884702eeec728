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

TEST(TimeTest, LocalDaysAreShanghaiDays) {
  // 2026-11-29T17:00Z is already the 30th in Shanghai (UTC+8); 15:59:59Z is still the 29th.
  const Timestamp t = *parse_rfc3339("2026-11-29T17:00:00Z");
  EXPECT_EQ(format_local_date(t.ms), "2026-11-30");
  EXPECT_EQ(format_local_minute(t.ms), "2026-11-30 01:00");
  EXPECT_EQ(format_local_minute(parse_rfc3339("2026-11-29T15:59:59Z")->ms), "2026-11-29 23:59");
  EXPECT_EQ(local_day(t.ms), local_day(parse_rfc3339("2026-11-29T15:59:59Z")->ms) + 1);
  EXPECT_EQ(local_day_start(local_day(t.ms)), parse_rfc3339("2026-11-29T16:00:00Z")->ms);
  // Before 1970 in UTC+8 terms still floors to the earlier day.
  EXPECT_EQ(local_day(-kShanghaiOffsetMs - 1), -1);
}

TEST(TimeTest, LocalDates) {
  const auto day = [](const char* date) { return *parse_local_date(date); };
  EXPECT_EQ(format_local_date(day("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(parse_local_date("2025-02-29"));
  EXPECT_FALSE(parse_local_date("2025-13-01"));
  EXPECT_FALSE(parse_local_date("1969-12-31"));
  EXPECT_FALSE(parse_local_date("2025-1-01"));
  // Midnight in Shanghai is 16:00 UTC the day before.
  EXPECT_EQ(day("2025-01-01"), 1735689600000 - 8 * 3600000LL);
  EXPECT_EQ(local_year_month(day("2025-01-01") - 1).year, 2024);
  EXPECT_EQ(local_year_month(day("2025-01-01") - 1).month, 12);
  EXPECT_EQ(local_month_start(2025, 13), day("2026-01-01"));
  EXPECT_EQ(local_month_start(2025, 24), day("2026-12-01"));
}

}  // namespace
}  // namespace gonghui
