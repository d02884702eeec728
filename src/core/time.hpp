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

// Days since 1970-01-01 of the civil date in the given fixed UTC offset (minutes).
int64_t local_day(Timestamp t, int offset_minutes);

}  // namespace gonghui
