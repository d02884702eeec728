// Importing stations from CSV (the console converts XLSX to CSV in the browser, as for history):
// the whole file is checked row by row, coordinates included, and written only when clean.
#include <array>
#include <charconv>
#include <map>
#include <set>

#include "core/csv.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "domain/audit/audit.hpp"
#include "domain/org/org.hpp"
#include "domain/station/internal.hpp"

namespace gonghui::station {
namespace {

constexpr int64_t kMaxRows = 5000;

enum Column {
  kName,
  kAddress,
  kUnion,
  kLat,
  kLng,
  kCoordSystem,
  kAmenities,
  kHours,
  kContactPhone,
  kManagerName,
  kManagerPhone,
  kColumnCount
};
constexpr std::array<std::string_view, kColumnCount> kColumnCodes = {
    "name",      "address", "union",         "lat",          "lng",          "coord_system",
    "amenities", "hours",   "contact_phone", "manager_name", "manager_phone"};

const std::map<std::string, Column, std::less<>>& header_names() {
  static const std::map<std::string, Column, std::less<>> names = {
      {"name", kName},
      {"名称", kName},
      {"站点名称", kName},
      {"address", kAddress},
      {"地址", kAddress},
      {"union", kUnion},
      {"org", kUnion},
      {"工会", kUnion},
      {"管理工会", kUnion},
      {"lat", kLat},
      {"latitude", kLat},
      {"纬度", kLat},
      {"lng", kLng},
      {"lon", kLng},
      {"longitude", kLng},
      {"经度", kLng},
      {"coord_system", kCoordSystem},
      {"坐标系", kCoordSystem},
      {"amenities", kAmenities},
      {"设施", kAmenities},
      {"hours", kHours},
      {"开放时间", kHours},
      {"contact_phone", kContactPhone},
      {"电话", kContactPhone},
      {"manager_name", kManagerName},
      {"站长", kManagerName},
      {"manager_phone", kManagerPhone},
      {"站长电话", kManagerPhone},
  };
  return names;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

std::string lower_ascii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

Result<std::array<int, kColumnCount>> read_header(const std::vector<std::string>& header) {
  std::array<int, kColumnCount> index;
  index.fill(-1);
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string key = lower_ascii(trimmed(header[i]));
    auto it = header_names().find(key);
    if (it == header_names().end()) {
      return Error::invalid("file", "unknown_column",
                            "line 1: unknown column \"" + header[i] + "\"");
    }
    if (index[it->second] != -1) {
      return Error::invalid("file", "duplicate_column",
                            "line 1: two columns mean the same thing (\"" + header[i] + "\")");
    }
    index[it->second] = static_cast<int>(i);
  }
  for (Column required : {kName, kAddress, kUnion, kLat, kLng}) {
    if (index[required] == -1) {
      return Error::invalid(
          "file", "missing_column",
          "line 1: column " + std::string(kColumnCodes[required]) + " is missing");
    }
  }
  return index;
}

std::optional<double> parse_degrees(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

std::optional<CoordSystem> parse_system(const std::string& text) {
  const std::string key = lower_ascii(text);
  if (key.empty() || key == "wgs84" || key == "wgs-84" || key == "gps") return CoordSystem::kWgs84;
  if (key == "gcj02" || key == "gcj-02" || key == "高德" || key == "腾讯")
    return CoordSystem::kGcj02;
  if (key == "bd09" || key == "bd-09" || key == "百度") return CoordSystem::kBd09;
  return std::nullopt;
}

// Splits "空调、微波炉, 桌椅" on 、 , ; and spaces.
std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) out.push_back(current);
    current.clear();
  };
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "、") == 0 || text.compare(i, 3, "，") == 0 ||
        text.compare(i, 3, "；") == 0) {
      flush();
      i += 3;
    } else if (text[i] == ',' || text[i] == ';' || text[i] == ' ') {
      flush();
      ++i;
    } else {
      current.push_back(text[i++]);
    }
  }
  flush();
  return out;
}

// Reads and checks one row into `in` (its union as written in `union_text`), adding its
// problems to `errors`.
struct RowReader {
  const csv::Record& record;
  const std::array<int, kColumnCount>& index;
  std::vector<ImportRowError>& errors;
  bool ok = true;

  std::string cell(Column c) const {
    const int at = index[c];
    return at < 0 || static_cast<size_t>(at) >= record.fields.size()
               ? std::string()
               : trimmed(record.fields[static_cast<size_t>(at)]);
  }
  void fail(Column c, std::string code, std::string message) {
    errors.push_back(
        {record.line, std::string(kColumnCodes[c]), std::move(code), std::move(message), cell(c)});
    ok = false;
  }
  void check_text(Column c, size_t max, bool required) {
    auto checked = json::checked_text(cell(c), kColumnCodes[c], max, required);
    if (!checked.ok()) fail(c, checked.error().code, checked.error().message);
  }
  void read_place(StationInput& in) {
    auto lat = parse_degrees(cell(kLat));
    auto lng = parse_degrees(cell(kLng));
    if (!lat) fail(kLat, "invalid_number", "the latitude is not a number");
    if (!lng) fail(kLng, "invalid_number", "the longitude is not a number");
    auto system = parse_system(cell(kCoordSystem));
    if (!system) fail(kCoordSystem, "invalid_coord_system", "WGS-84, GCJ-02 or BD-09");
    if (!lat || !lng || !system) return;
    in.lat = *lat;
    in.lng = *lng;
    in.coord_system = *system;
    if (!internal::to_stored(*lat, *lng, *system)) {
      const bool swapped = internal::to_stored(*lng, *lat, *system).has_value();
      fail(kLat, "invalid_coordinates",
           swapped ? "latitude and longitude look swapped" : "the place is not in China");
    }
  }
  void read_rest(StationInput& in) {
    for (const std::string& name : split_list(cell(kAmenities))) {
      if (auto a = amenity_named(name)) {
        in.amenities.push_back(*a);
      } else {
        fail(kAmenities, "unknown_amenity", "unknown amenity " + name);
      }
    }
    const std::string hours = cell(kHours);
    if (hours.empty()) {
      in.hours = Hours{true, 0, 0};
    } else if (auto parsed = parse_hours(hours)) {
      in.hours = *parsed;
    } else {
      fail(kHours, "invalid_hours", "24小时, or 07:00-21:00");
    }
    in.contact_phone = cell(kContactPhone);
    in.manager_phone = cell(kManagerPhone);
    in.manager_name = cell(kManagerName);
    if (!internal::valid_contact_phone(in.contact_phone)) {
      fail(kContactPhone, "invalid_phone", "not a phone number");
    }
    if (!internal::valid_contact_phone(in.manager_phone)) {
      fail(kManagerPhone, "invalid_phone", "not a phone number");
    }
    check_text(kManagerName, 30, false);
  }
};

}  // namespace

Result<ImportReport> import_csv(store::Tx& tx, const Principal& admin, std::string_view text,
                                bool dry_run, int64_t now) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  GH_ASSIGN(std::vector<csv::Record> records, csv::parse(text));
  if (records.empty()) return Error::invalid("file", "empty_file", "the file has no header row");
  GH_ASSIGN(auto index, read_header(records[0].fields));
  ImportReport report;
  report.rows = static_cast<int64_t>(records.size()) - 1;
  if (report.rows == 0)
    return Error::invalid("file", "no_rows", "the file has a header but no rows");
  if (report.rows > kMaxRows) {
    return Error::invalid("file", "too_many_rows", "at most 5000 rows in one file; split it");
  }
  // Every union by name and by id, with whether it lies in the admin's subtree.
  const org::PathRange range = org::range_of(scope.path);
  GH_ASSIGN(store::Rows unions, tx.query("SELECT id, name, path FROM orgs"));
  std::map<std::string, std::pair<int64_t, bool>, std::less<>> by_name;
  for (const store::Row& o : unions) {
    const std::string path = o.text(2);
    const std::pair<int64_t, bool> entry{o.integer(0), path >= range.lower && path < range.upper};
    by_name[o.text(1)] = entry;
    by_name[id_string(o.integer(0))] = entry;
  }
  GH_ASSIGN(store::Rows stored, tx.query("SELECT org_id, name FROM stations"));
  std::set<std::pair<int64_t, std::string>> seen;
  for (const store::Row& row : stored) seen.insert({row.integer(0), row.text(1)});
  std::vector<StationInput> inputs;
  for (size_t i = 1; i < records.size(); ++i) {
    RowReader row{records[i], index, report.errors};
    StationInput in;
    row.check_text(kName, 60, true);
    row.check_text(kAddress, 120, true);
    in.name = row.cell(kName);
    in.address = row.cell(kAddress);
    auto found = by_name.find(row.cell(kUnion));
    if (row.cell(kUnion).empty()) {
      row.fail(kUnion, "required", "the union is empty");
    } else if (found == by_name.end()) {
      row.fail(kUnion, "unknown_org", "no union has that name or id");
    } else if (!found->second.second) {
      row.fail(kUnion, "out_of_scope", "the union is outside your subtree");
    } else {
      in.org_id = found->second.first;
    }
    row.read_place(in);
    row.read_rest(in);
    if (in.org_id != 0 && !seen.insert({in.org_id, in.name}).second) {
      row.fail(kName, "duplicate_station", "this union already has a station of that name");
    }
    if (row.ok) inputs.push_back(std::move(in));
  }
  if (dry_run || !report.errors.empty()) return report;
  for (const StationInput& in : inputs) {
    GH_TRY(create_station(tx, admin, in, now));
    ++report.created;
  }
  GH_TRY(audit::record(tx, admin, "station.import", "org", id_string(scope.id), scope.id, nullptr,
                       boost::json::object{{"rows", report.rows}, {"created", report.created}}));
  return report;
}

}  // namespace gonghui::station
