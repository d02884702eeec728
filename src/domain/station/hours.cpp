// Opening hours in Beijing time, "营业中", and amenity names as people write them.
#include <array>
#include <utility>

#include "core/time.hpp"
#include "domain/station/internal.hpp"

namespace gonghui::station {

bool open_at(const Hours& hours, int minute) {
  if (hours.always_open) return true;
  if (hours.opens_minute < hours.closes_minute) {
    return hours.opens_minute <= minute && minute < hours.closes_minute;
  }
  // Overnight: from opening to midnight, and from midnight to closing.
  return minute >= hours.opens_minute || minute < hours.closes_minute;
}

int beijing_minute_of_day(int64_t ms) {
  return static_cast<int>((ms - local_day_start(local_day(ms))) / 60000);
}

std::string format_minute(int minute) {
  std::string out(5, '0');
  out[0] = static_cast<char>('0' + minute / 600);
  out[1] = static_cast<char>('0' + minute / 60 % 10);
  out[2] = ':';
  out[3] = static_cast<char>('0' + minute % 60 / 10);
  out[4] = static_cast<char>('0' + minute % 10);
  return out;
}

std::optional<int> parse_minute(std::string_view text) {
  // H:MM or HH:MM.
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3) {
    return std::nullopt;
  }
  int hour = 0;
  for (size_t i = 0; i < colon; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    hour = hour * 10 + (text[i] - '0');
  }
  if (text[colon + 1] < '0' || text[colon + 1] > '5' || text[colon + 2] < '0' ||
      text[colon + 2] > '9') {
    return std::nullopt;
  }
  const int minute = (text[colon + 1] - '0') * 10 + (text[colon + 2] - '0');
  if (hour == 24 && minute == 0) return 0;  // the end of the day is the next midnight
  if (hour > 23) return std::nullopt;
  return hour * 60 + minute;
}

std::optional<Hours> parse_hours(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  for (std::string_view always : {"24小时", "24h", "24H", "全天", "24/7"}) {
    if (text == always) return Hours{true, 0, 0};
  }
  for (std::string_view dash : {"-", "～", "~", "—", "至", "–"}) {
    const size_t at = text.find(dash);
    if (at == std::string_view::npos) continue;
    std::string_view opens = text.substr(0, at);
    std::string_view closes = text.substr(at + dash.size());
    while (!opens.empty() && opens.back() == ' ') opens.remove_suffix(1);
    while (!closes.empty() && closes.front() == ' ') closes.remove_prefix(1);
    auto from = parse_minute(opens);
    auto to = parse_minute(closes);
    if (!from || !to || *from == *to) return std::nullopt;
    return Hours{false, *from, *to};
  }
  return std::nullopt;
}

std::optional<Amenity> amenity_named(std::string_view text) {
  if (auto code = parse_enum<Amenity>(text)) return code;
  static constexpr std::array<std::pair<std::string_view, Amenity>, 16> kChinese{{
      {"空调", Amenity::kAirConditioning},
      {"饮水", Amenity::kDrinkingWater},
      {"热水", Amenity::kDrinkingWater},
      {"饮水/热水", Amenity::kDrinkingWater},
      {"饮水机", Amenity::kDrinkingWater},
      {"微波炉", Amenity::kMicrowave},
      {"桌椅", Amenity::kSeating},
      {"厕所", Amenity::kToilet},
      {"卫生间", Amenity::kToilet},
      {"医药箱", Amenity::kFirstAid},
      {"充电", Amenity::kCharging},
      {"Wi-Fi", Amenity::kWifi},
      {"WiFi", Amenity::kWifi},
      {"冰箱", Amenity::kFridge},
      {"雨具", Amenity::kRainGear},
      {"图书", Amenity::kBooks},
  }};
  for (const auto& [name, amenity] : kChinese) {
    if (name == text) return amenity;
  }
  if (text == "维修工具") return Amenity::kRepairTools;
  return std::nullopt;
}

bool Station::open_now(int64_t now) const {
  return status == StationStatus::kOpen && open_at(hours, beijing_minute_of_day(now));
}

geo::LatLng Station::wgs84() const {
  return {static_cast<double>(lat_e7) / 1e7, static_cast<double>(lng_e7) / 1e7};
}

}  // namespace gonghui::station
