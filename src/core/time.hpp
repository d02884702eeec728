// The one time type of gonghui: UTC milliseconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gonghui {

struct Timestamp {
  int64_t ms = 0;  // UTC milliseconds since 1970-01-01T00:00:00Z

  static Timestamp now();
  static Timestamp from_ms(int64_t ms) { return Timestamp{ms}; }
  auto operator<=>(const Timestamp&) const = default;
};

// Formats as RFC 3339 in UTC with millisecond precision: 2026-11-29T03:15:00.000Z.
std::string format_rfc3339(Timestamp t);

// Parses RFC 3339 ("2026-11-29T03:15:00Z", with optional fraction and offset) or a bare
// date ("2026-11-29", midnight UTC). Returns nullopt if the text is not such a time.
std::optional<Timestamp> parse_rfc3339(std::string_view text);

// Calendar days are those of Asia/Shanghai (UTC+8, no daylight saving), where the unions
// keep time: a check-in day, a purchase date, a report's months.
inline constexpr int64_t kShanghaiOffsetMs = 8LL * 3600 * 1000;
inline constexpr int64_t kDayMs = 24LL * 3600 * 1000;

// Days since 1970-01-01 of the Asia/Shanghai date at UTC ms, and the UTC ms of a day's
// local midnight.
int64_t local_day(int64_t ms);
int64_t local_day_start(int64_t day);
// "2025-03-01" → UTC ms of 2025-03-01T00:00+08:00; nullopt if not a valid date from 1970 on.
std::optional<int64_t> parse_local_date(std::string_view text);
// UTC ms → "2025-03-01", the Asia/Shanghai date.
std::string format_local_date(int64_t ms);
// UTC ms → "2025-03-01 09:30", the Asia/Shanghai date and time to the minute.
std::string format_local_minute(int64_t ms);
struct YearMonth {
  int64_t year = 0;
  int64_t month = 0;
};
// UTC ms → {year, month} in Asia/Shanghai.
YearMonth local_year_month(int64_t ms);
// UTC ms of local midnight on the first day of (year, month); a month past 12 rolls into the
// following years.
int64_t local_month_start(int64_t year, int64_t month);

}  // namespace gonghui
