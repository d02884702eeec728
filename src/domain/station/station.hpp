// 户外劳动者服务站: rest stations for sanitation workers, couriers and drivers that anyone finds
// near them, checks in at by the station's QR, rates and reports problems at.
//
// A station belongs to a union, which manages it: its place (stored as WGS-84 in units of
// 1e-7 degree, converted to GCJ-02 and BD-09 for map apps by core/geo), amenities, daily
// opening hours in Beijing time (or 24 h; a closing time at or before the opening time runs
// past midnight), photos, contact and manager, and whether it is open or temporarily closed.
// Public reads need no sign-in: outdoor workers are often not members. A check-in needs the
// station's check-in code (on its QR) so that visits are counted where they happen; each
// check-in may be rated once (a token handed back with it). A problem reported by anyone is
// confirmed and fixed (or dismissed) by the station's union, and the reporter — a signed-in
// member, or someone who gave the phone of an active member — gets a message then. The
// handlers rate-limit every public write per client address (auth::take).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/geo.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::station {

// Tables stations, station_check_ins, station_problems (versions 1300-1309).
std::vector<store::Migration> migrations();

// ---- Names ----------------------------------------------------------------------------------

enum class Amenity {
  kAirConditioning,  // 空调
  kDrinkingWater,    // 饮水/热水
  kMicrowave,        // 微波炉
  kSeating,          // 桌椅
  kToilet,           // 厕所
  kFirstAid,         // 医药箱
  kCharging,         // 充电
  kWifi,             // Wi-Fi
  kFridge,           // 冰箱
  kRainGear,         // 雨具
  kBooks,            // 图书
  kRepairTools,      // 维修工具
};
inline constexpr EnumNames<Amenity, 12> kAmenityNames{
    {"air_conditioning", "drinking_water", "microwave", "seating", "toilet", "first_aid",
     "charging", "wifi", "fridge", "rain_gear", "books", "repair_tools"},
    Amenity::kAirConditioning};
constexpr const auto& enum_names(Amenity) { return kAmenityNames; }
// An amenity by its code or its Chinese name (空调, 饮水, 热水, 微波炉 …), as an import writes it.
std::optional<Amenity> amenity_named(std::string_view text);

enum class StationStatus { kOpen, kClosed };
inline constexpr EnumNames<StationStatus, 2> kStationStatusNames{{"open", "closed"},
                                                                 StationStatus::kOpen};
constexpr const auto& enum_names(StationStatus) { return kStationStatusNames; }

enum class CoordSystem { kWgs84, kGcj02, kBd09 };
inline constexpr EnumNames<CoordSystem, 3> kCoordSystemNames{{"wgs84", "gcj02", "bd09"},
                                                             CoordSystem::kWgs84};
constexpr const auto& enum_names(CoordSystem) { return kCoordSystemNames; }

enum class ProblemKind {
  kClosed,
  kAirConditioning,
  kWater,
  kPower,
  kCleanliness,
  kFacilities,
  kOther
};
inline constexpr EnumNames<ProblemKind, 7> kProblemKindNames{
    {"closed", "air_conditioning", "water", "power", "cleanliness", "facilities", "other"},
    ProblemKind::kOther};
constexpr const auto& enum_names(ProblemKind) { return kProblemKindNames; }

enum class ProblemStatus { kReported, kConfirmed, kFixed, kDismissed };
inline constexpr EnumNames<ProblemStatus, 4> kProblemStatusNames{
    {"reported", "confirmed", "fixed", "dismissed"}, ProblemStatus::kReported};
constexpr const auto& enum_names(ProblemStatus) { return kProblemStatusNames; }

// ---- Hours ----------------------------------------------------------------------------------

// Daily opening hours in Beijing time, in minutes after midnight (0-1439). When closes_minute
// is at or before opens_minute the station is open overnight (20:00-08:00).
struct Hours {
  bool always_open = false;
  int opens_minute = 0;
  int closes_minute = 0;
};
// Whether hours are open at a minute of the day.
bool open_at(const Hours& hours, int minute_of_day);
// The minute of the day in Asia/Shanghai of a UTC time in ms.
int beijing_minute_of_day(int64_t ms);
// "07:00" for 420; "HH:MM" from 0-1439.
std::string format_minute(int minute);
// "07:00" → 420; nullopt unless HH:MM with HH 0-23 (or 24:00, the end of the day) and MM 0-59.
std::optional<int> parse_minute(std::string_view text);
// Hours as an import writes them: 24小时, 24h, 全天, or "07:00-21:00" (also with ～ ~ — 至
// between).
std::optional<Hours> parse_hours(std::string_view text);

// ---- Stations -------------------------------------------------------------------------------

struct Station {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_name;
  std::string name;
  std::string address;
  int64_t lat_e7 = 0;  // WGS-84, 1e-7 degree
  int64_t lng_e7 = 0;
  std::vector<Amenity> amenities;
  Hours hours;
  StationStatus status = StationStatus::kOpen;
  std::vector<int64_t> photo_ids;
  std::string contact_phone;
  std::string manager_name;
  std::string manager_phone;
  std::string check_in_code;
  int64_t visits = 0;
  int64_t rating_sum = 0;
  int64_t rating_count = 0;
  int64_t open_problems = 0;  // filled by admin reads
  int64_t created_at = 0;
  int64_t updated_at = 0;

  geo::LatLng wgs84() const;
  // Whether it is open (status and hours) at the time.
  bool open_now(int64_t now) const;
};

struct StationInput {
  int64_t org_id = 0;
  std::string name;     // 1-60 characters
  std::string address;  // 1-120 characters
  double lat = 0;
  double lng = 0;
  CoordSystem coord_system = CoordSystem::kWgs84;
  std::vector<Amenity> amenities;  // at most 20; repeats dropped
  Hours hours;
  std::vector<int64_t> photo_ids;  // at most 9 uploaded photos
  std::string contact_phone;       // optional: 7-20 characters of digits, spaces, - and +
  std::string manager_name;        // at most 30 characters
  std::string manager_phone;       // optional, as contact_phone
  StationStatus status = StationStatus::kOpen;
};

// Checks the fields that need no database, converting the place to WGS-84 into `lat_e7`,
// `lng_e7`. 400 naming the field: name, address (required, too_long), lat/lng
// (invalid_coordinates: out of range or outside China's box 3.5-53.6 N, 73.5-135.1 E),
// amenities (too_many), hours (invalid_hours), contact_phone/manager_phone (invalid_phone),
// manager_name (too_long).
Status check_input(const StationInput& input, int64_t& lat_e7, int64_t& lng_e7);

// An admin creates a station of a union in their subtree; a random check-in code is made.
// Errors as check_input, and org_id (unknown_org; Forbidden outside the subtree), photo_ids
// (too_many, unknown_photo). Audited as station.create.
Result<Station> create_station(store::Tx& tx, const Principal& admin, const StationInput& input,
                               int64_t now);
// An admin of the station's union (and of the new org_id) replaces it; the check-in code, visits
// and ratings stay. NotFound; Forbidden outside the subtree. Audited as station.update.
Result<Station> update_station(store::Tx& tx, const Principal& admin, int64_t id,
                               const StationInput& input, int64_t now);
// One station for anyone. NotFound.
Result<Station> get_station(store::Tx& tx, int64_t id);
// One station for an admin of its union, with open_problems. NotFound; Forbidden outside.
Result<Station> get_station_for_admin(store::Tx& tx, const Principal& admin, int64_t id);

struct StationFilter {
  std::optional<int64_t> org_id;  // a union in the admin's subtree
  std::optional<StationStatus> status;
  std::string q;          // name or address contains
  int64_t before_id = 0;  // paging: newest first, ids below this
  int64_t limit = 50;
};
struct StationPage {
  std::vector<Station> items;
  int64_t next_cursor = 0;
};
// Stations of the admin's subtree (each with open_problems). Forbidden for an org_id outside it
// (400 unknown_org for no such union).
Result<StationPage> list_stations(store::Tx& tx, const Principal& admin,
                                  const StationFilter& filter);

struct NearbyQuery {
  std::optional<geo::LatLng> from;  // WGS-84
  std::optional<int64_t> within_m;
  std::vector<Amenity> amenities;  // all of them
  bool open_now = false;
  std::string q;
  int64_t limit = 50;
};
struct NearbyStation {
  Station station;
  std::optional<int64_t> distance_m;
  bool open_now = false;
};
// Open stations for anyone: nearest first when `from` is given, else by name.
Result<std::vector<NearbyStation>> find_stations(store::Tx& tx, const NearbyQuery& query,
                                                 int64_t now);

// ---- Visits ---------------------------------------------------------------------------------

struct CheckIn {
  int64_t id = 0;
  int64_t station_id = 0;
  int64_t at = 0;
  int64_t visits = 0;        // the station's, this one included
  std::string rating_token;  // in clear only here; its hash is stored
};
// Anyone checks in with the station's code. NotFound; 400 code required; 403 wrong_code; 409
// station_closed. `member_id` is the caller's member id, or 0.
Result<CheckIn> check_in(store::Tx& tx, int64_t station_id, std::string_view code,
                         int64_t member_id, int64_t now);

inline constexpr int64_t kRatingWindowMs = 7LL * 86'400'000;
// The visitor holding the check-in's token rates it 1-5 (a second rating replaces the first)
// within kRatingWindowMs. NotFound (check-in); 400 stars (invalid_rating), comment (too_long over
// 200); 403 wrong_token; 409 rating_closed. Returns the station with its new rating.
Result<Station> rate_visit(store::Tx& tx, int64_t check_in_id, std::string_view token, int stars,
                           const std::string& comment, int64_t now);

// ---- Problems -------------------------------------------------------------------------------

struct ProblemReport {
  ProblemKind kind = ProblemKind::kOther;
  std::string description;         // at most 500; required for kOther
  std::vector<int64_t> photo_ids;  // at most 3
  std::string phone;               // an anonymous reporter's, optional
};
struct ProblemReceipt {
  int64_t id = 0;
  bool notified = false;  // the reporter will get a message
};
// Anyone reports a problem at a station. `member_id` is the caller's member id or 0. NotFound;
// 400 description (required, too_long), photo_ids (too_many, unknown_photo), phone
// (invalid_phone).
Result<ProblemReceipt> report_problem(store::Tx& tx, int64_t station_id, int64_t member_id,
                                      const ProblemReport& report, int64_t now);

struct Problem {
  int64_t id = 0;
  int64_t station_id = 0;
  std::string station_name;
  int64_t org_id = 0;
  std::string org_name;
  ProblemKind kind = ProblemKind::kOther;
  std::string description;
  std::vector<int64_t> photo_ids;
  int64_t reporter_member_id = 0;
  std::string reporter_phone;  // in full here; masked when rendered
  ProblemStatus status = ProblemStatus::kReported;
  std::string note;
  int64_t reported_at = 0;
  int64_t confirmed_at = 0;
  int64_t closed_at = 0;
  std::string handled_by_name;
};

// The station's union moves a problem. confirm: reported → confirmed (note optional); fix and
// dismiss: reported or confirmed → fixed or dismissed (note required, 1-200), telling the
// reporter (message `station_problem:<id>`). NotFound; Forbidden outside the subtree; 400 note
// (required, too_long); 409 wrong_status. Audited as station_problem.confirm|fix|dismiss.
Result<Problem> confirm_problem(store::Tx& tx, const Principal& admin, int64_t id,
                                const std::string& note, int64_t now);
Result<Problem> fix_problem(store::Tx& tx, const Principal& admin, int64_t id,
                            const std::string& note, int64_t now);
Result<Problem> dismiss_problem(store::Tx& tx, const Principal& admin, int64_t id,
                                const std::string& note, int64_t now);

struct ProblemFilter {
  std::optional<ProblemStatus> status;
  bool open_only = false;  // reported or confirmed
  std::optional<int64_t> station_id;
  int64_t before_id = 0;
  int64_t limit = 50;
};
struct ProblemPage {
  std::vector<Problem> items;
  int64_t next_cursor = 0;
};
// Problems at stations of the admin's subtree, newest first. Forbidden for a station outside it.
Result<ProblemPage> list_problems(store::Tx& tx, const Principal& admin,
                                  const ProblemFilter& filter);

// ---- Figures and import ---------------------------------------------------------------------

struct OrgFigures {
  int64_t org_id = 0;
  std::string org_name;
  int64_t stations = 0, visits = 0, problems_reported = 0, problems_fixed = 0;
};
struct Figures {
  int64_t stations = 0, open_stations = 0, visits = 0, ratings = 0, rating_sum = 0;
  int64_t problems_reported = 0, problems_fixed = 0, problems_open = 0;
  std::optional<double> median_days_to_fix;
  std::vector<OrgFigures> by_org;  // the scope's children (and the scope itself, 本级)
};
// Figures of stations under the union `org_id` (default the admin's scope) for [from, to):
// visits by check-in time, problems by report time. Forbidden outside the subtree.
Result<Figures> figures(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id,
                        int64_t from, int64_t to);

struct ImportRowError {
  int64_t row = 0;
  std::string column;
  std::string code;
  std::string message;
  std::string value;
};
struct ImportReport {
  int64_t rows = 0;
  int64_t created = 0;
  std::vector<ImportRowError> errors;
};
// Reads a CSV of stations and, unless `dry_run` or a row has an error, creates them all (see
// docs/openapi.yaml for the columns). Each row is checked on its own, its coordinates included
// (numbers, range, China's box, lat and lng not swapped). File errors (400, field file) as
// history::import_csv, too_many_rows past 5000. Audited once as station.import.
Result<ImportReport> import_csv(store::Tx& tx, const Principal& admin, std::string_view csv,
                                bool dry_run, int64_t now);

}  // namespace gonghui::station
