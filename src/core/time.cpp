// RFC 3339 formatting and parsing over UTC milliseconds.
#include "core/time.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace gonghui {
namespace {

namespace chr = std::chrono;

bool parse_digits(std::string_view text, size_t pos, size_t count, int& out) {
  if (pos + count > text.size()) {
    return false;
  }
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

}  // namespace

Timestamp Timestamp::now() {
  return Timestamp{
      chr::duration_cast<chr::milliseconds>(chr::system_clock::now().time_since_epoch()).count()};
}

std::string format_rfc3339(Timestamp t) {
  const chr::sys_time<chr::milliseconds> tp{chr::milliseconds{t.ms}};
  const auto day = chr::floor<chr::days>(tp);
  const chr::year_month_day ymd{day};
  const chr::hh_mm_ss hms{tp - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<int>(hms.subseconds().count()));
  return buffer;
}

std::optional<Timestamp> parse_rfc3339(std::string_view text) {
  int year = 0, month = 0, day = 0;
  if (!parse_digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' ||
      !parse_digits(text, 5, 2, month) || text[7] != '-' || !parse_digits(text, 8, 2, day)) {
    return std::nullopt;
  }
  const chr::year_month_day ymd{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                                chr::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  int64_t ms = chr::duration_cast<chr::milliseconds>(chr::sys_days{ymd}.time_since_epoch()).count();
  if (text.size() == 10) {
    return Timestamp{ms};
  }
  int hour = 0, minute = 0, second = 0;
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
      !parse_digits(text, 11, 2, hour) || text[13] != ':' || !parse_digits(text, 14, 2, minute) ||
      text[16] != ':' || !parse_digits(text, 17, 2, second) || hour > 23 || minute > 59 ||
      second > 60) {
    return std::nullopt;
  }
  ms += ((hour * 60 + minute) * 60 + second) * int64_t{1000};
  size_t pos = 19;
  if (text[pos] == '.') {
    ++pos;
    int scale = 100;
    size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      ms += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
      ++digits;
    }
    if (digits == 0) {
      return std::nullopt;
    }
  }
  if (pos >= text.size()) {
    return std::nullopt;
  }
  if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) {
    return Timestamp{ms};
  }
  int off_hour = 0, off_minute = 0;
  if ((text[pos] == '+' || text[pos] == '-') && pos + 6 == text.size() &&
      parse_digits(text, pos + 1, 2, off_hour) && text[pos + 3] == ':' &&
      parse_digits(text, pos + 4, 2, off_minute) && off_hour < 24 && off_minute < 60) {
    const int64_t offset = (off_hour * 60 + off_minute) * int64_t{60000};
    return Timestamp{text[pos] == '+' ? ms - offset : ms + offset};
  }
  return std::nullopt;
}

int64_t local_day(int64_t ms) {
  const int64_t local_ms = ms + kShanghaiOffsetMs;
  return local_ms >= 0 ? local_ms / kDayMs : -((-local_ms + kDayMs - 1) / kDayMs);
}

int64_t local_day_start(int64_t day) { return day * kDayMs - kShanghaiOffsetMs; }

std::optional<int64_t> parse_local_date(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || !parse_digits(text, 0, 4, y) || text[4] != '-' ||
      !parse_digits(text, 5, 2, m) || text[7] != '-' || !parse_digits(text, 8, 2, d) || y < 1970) {
    return std::nullopt;
  }
  const chr::year_month_day ymd{chr::year{y}, chr::month{static_cast<unsigned>(m)},
                                chr::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) {
    return std::nullopt;  // 2025-02-30
  }
  return local_day_start(chr::sys_days{ymd}.time_since_epoch().count());
}

std::string format_local_date(int64_t ms) {
  const chr::year_month_day ymd{chr::sys_days{chr::days{local_day(ms)}}};
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return out;
}

std::string format_local_minute(int64_t ms) {
  const int64_t minute = (ms - local_day_start(local_day(ms))) / 60000;
  char out[8];
  std::snprintf(out, sizeof out, " %02d:%02d", static_cast<int>(minute / 60),
                static_cast<int>(minute % 60));
  return format_local_date(ms) + out;
}

YearMonth local_year_month(int64_t ms) {
  const chr::year_month_day ymd{chr::sys_days{chr::days{local_day(ms)}}};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month())};
}

int64_t local_month_start(int64_t year, int64_t month) {
  year += (month - 1) / 12;
  month = (month - 1) % 12 + 1;
  const chr::year_month_day first{chr::year{static_cast<int>(year)},
                                  chr::month{static_cast<unsigned>(month)}, chr::day{1}};
  return local_day_start(chr::sys_days{first}.time_since_epoch().count());
}

}  // namespace gonghui
