// Stations: creating and changing them, reading them for admins, and finding them near a place.
#include <algorithm>
#include <cmath>
#include <set>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "domain/audit/audit.hpp"
#include "domain/merchant/photo.hpp"
#include "domain/org/org.hpp"
#include "domain/station/internal.hpp"
#include "store/like.hpp"

namespace gonghui::station {

namespace bj = boost::json;

std::string join_amenities(const std::vector<Amenity>& amenities) {
  std::string out;
  for (Amenity a : amenities) {
    if (!out.empty()) out += ',';
    out += enum_name(a);
  }
  return out;
}

void read_column(const store::Row& row, size_t& i, std::vector<Amenity>& out) {
  out.clear();
  const std::string text = row.text(i++);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (auto a = parse_enum<Amenity>(std::string_view(text).substr(start, end - start))) {
      out.push_back(*a);
    }
    start = end + 1;
  }
}

namespace internal {

Result<std::vector<Station>> load_where(store::Tx& tx, const std::string& where,
                                        const store::Params& params) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kSelectStation) + " " + where, params));
  std::vector<Station> out;
  out.reserve(rows.size());
  for (const store::Row& row : rows) out.push_back(StationFields::read(row));
  return out;
}

Result<Station> load(store::Tx& tx, int64_t id) {
  GH_ASSIGN(std::vector<Station> found, load_where(tx, "WHERE s.id = ?", {id}));
  if (found.empty()) return Error::not_found("station");
  return std::move(found.front());
}

bool valid_contact_phone(std::string_view phone) {
  if (phone.empty()) return true;
  if (phone.size() < 7 || phone.size() > 20) return false;
  int digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '-' && c != '+') {
      return false;
    }
  }
  return digits >= 7;
}

std::optional<std::pair<int64_t, int64_t>> to_stored(double lat, double lng, CoordSystem system) {
  geo::LatLng p{lat, lng};
  if (!geo::valid(p)) return std::nullopt;
  if (system == CoordSystem::kGcj02) p = geo::gcj02_to_wgs84(p);
  if (system == CoordSystem::kBd09) p = geo::bd09_to_wgs84(p);
  // Stations are in China: a point outside its box is a typo, swapped columns or a zero.
  if (p.lat < 3.5 || p.lat > 53.6 || p.lng < 73.5 || p.lng > 135.1) return std::nullopt;
  return std::make_pair(std::llround(p.lat * 1e7), std::llround(p.lng * 1e7));
}

std::string new_check_in_code() { return crypto::hex(crypto::random_bytes(6)); }

}  // namespace internal

namespace {

bj::object snapshot(const Station& s) {
  return {{"name", s.name},
          {"address", s.address},
          {"org_id", id_string(s.org_id)},
          {"lat_e7", s.lat_e7},
          {"lng_e7", s.lng_e7},
          {"amenities", join_amenities(s.amenities)},
          {"always_open", s.hours.always_open},
          {"opens_minute", s.hours.opens_minute},
          {"closes_minute", s.hours.closes_minute},
          {"status", enum_name(s.status)}};
}

// The checked input with the database's checks: the union in scope, the photos uploaded.
Status check_stored(store::Tx& tx, const Principal& admin, const StationInput& in) {
  auto org = org::require_in_scope(tx, admin, in.org_id);
  if (!org.ok() && org.error().kind == ErrorKind::kNotFound) {
    return Error::invalid("org_id", "unknown_org", "no union has that id");
  }
  GH_TRY(org);
  return merchant::check_photo_ids(tx, in.photo_ids, "photo_ids");
}

std::vector<Amenity> distinct(const std::vector<Amenity>& amenities) {
  std::vector<Amenity> out;
  for (Amenity a : amenities) {
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  }
  return out;
}

Status open_problems_into(store::Tx& tx, std::vector<Station>& stations) {
  for (Station& s : stations) {
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT COUNT(*) FROM station_problems WHERE station_id = ? AND status IN "
                       "('reported', 'confirmed')",
                       {s.id}));
    s.open_problems = rows[0].integer(0);
  }
  return Status::Ok();
}

}  // namespace

Status check_input(const StationInput& in, int64_t& lat_e7, int64_t& lng_e7) {
  GH_TRY(json::checked_text(in.name, "name", 60));
  GH_TRY(json::checked_text(in.address, "address", 120));
  auto stored = internal::to_stored(in.lat, in.lng, in.coord_system);
  if (!stored) {
    return Error::invalid("lat", "invalid_coordinates",
                          "lat and lng must be a place in China (latitude first)");
  }
  lat_e7 = stored->first;
  lng_e7 = stored->second;
  if (in.amenities.size() > 20) return Error::invalid("amenities", "too_many", "at most 20");
  const Hours& h = in.hours;
  if (!h.always_open && (h.opens_minute < 0 || h.opens_minute > 1439 || h.closes_minute < 0 ||
                         h.closes_minute > 1439 || h.opens_minute == h.closes_minute)) {
    return Error::invalid("hours", "invalid_hours", "opens and closes must be different HH:MM");
  }
  if (in.photo_ids.size() > 9) return Error::invalid("photo_ids", "too_many", "at most 9 photos");
  if (!internal::valid_contact_phone(in.contact_phone)) {
    return Error::invalid("contact_phone", "invalid_phone", "not a phone number");
  }
  if (!internal::valid_contact_phone(in.manager_phone)) {
    return Error::invalid("manager_phone", "invalid_phone", "not a phone number");
  }
  GH_TRY(json::checked_text(in.manager_name, "manager_name", 30, false));
  return Status::Ok();
}

Result<Station> create_station(store::Tx& tx, const Principal& admin, const StationInput& in,
                               int64_t now) {
  int64_t lat_e7 = 0, lng_e7 = 0;
  GH_TRY(check_input(in, lat_e7, lng_e7));
  GH_TRY(check_stored(tx, admin, in));
  const int64_t id = new_id();
  const Hours h = in.hours.always_open ? Hours{true, 0, 0} : in.hours;
  GH_TRY(tx.exec(
      "INSERT INTO stations (id, org_id, name, address, lat_e7, lng_e7, amenities, always_open, "
      "opens_minute, closes_minute, status, photo_ids, contact_phone, manager_name, "
      "manager_phone, check_in_code, visits, rating_sum, rating_count, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?)",
      {id, in.org_id, *json::checked_text(in.name, "name", 60),
       *json::checked_text(in.address, "address", 120), lat_e7, lng_e7,
       join_amenities(distinct(in.amenities)), int64_t{h.always_open}, int64_t{h.opens_minute},
       int64_t{h.closes_minute}, std::string(enum_name(in.status)), store::join_ids(in.photo_ids),
       in.contact_phone, *json::checked_text(in.manager_name, "manager_name", 30, false),
       in.manager_phone, internal::new_check_in_code(), now, now}));
  GH_ASSIGN(Station s, internal::load(tx, id));
  GH_TRY(audit::record(tx, admin, "station.create", "station", id_string(id), s.org_id, nullptr,
                       snapshot(s)));
  return s;
}

Result<Station> update_station(store::Tx& tx, const Principal& admin, int64_t id,
                               const StationInput& in, int64_t now) {
  GH_ASSIGN(Station before, internal::load(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, before.org_id));
  int64_t lat_e7 = 0, lng_e7 = 0;
  GH_TRY(check_input(in, lat_e7, lng_e7));
  GH_TRY(check_stored(tx, admin, in));
  const Hours h = in.hours.always_open ? Hours{true, 0, 0} : in.hours;
  GH_TRY(tx.exec(
      "UPDATE stations SET org_id = ?, name = ?, address = ?, lat_e7 = ?, lng_e7 = ?, "
      "amenities = ?, always_open = ?, opens_minute = ?, closes_minute = ?, status = ?, "
      "photo_ids = ?, contact_phone = ?, manager_name = ?, manager_phone = ?, updated_at = ? "
      "WHERE id = ?",
      {in.org_id, *json::checked_text(in.name, "name", 60),
       *json::checked_text(in.address, "address", 120), lat_e7, lng_e7,
       join_amenities(distinct(in.amenities)), int64_t{h.always_open}, int64_t{h.opens_minute},
       int64_t{h.closes_minute}, std::string(enum_name(in.status)), store::join_ids(in.photo_ids),
       in.contact_phone, *json::checked_text(in.manager_name, "manager_name", 30, false),
       in.manager_phone, now, id}));
  GH_ASSIGN(Station after, internal::load(tx, id));
  GH_TRY(audit::record(tx, admin, "station.update", "station", id_string(id), after.org_id,
                       snapshot(before), snapshot(after)));
  return after;
}

Result<Station> get_station(store::Tx& tx, int64_t id) { return internal::load(tx, id); }

Result<Station> get_station_for_admin(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Station s, internal::load(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, s.org_id));
  std::vector<Station> one{std::move(s)};
  GH_TRY(open_problems_into(tx, one));
  return std::move(one.front());
}

Result<StationPage> list_stations(store::Tx& tx, const Principal& admin,
                                  const StationFilter& filter) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  if (filter.org_id) {
    auto narrowed = org::require_in_scope(tx, admin, *filter.org_id);
    if (!narrowed.ok() && narrowed.error().kind == ErrorKind::kNotFound) {
      return Error::invalid("org_id", "unknown_org", "no union has that id");
    }
    GH_ASSIGN(scope, std::move(narrowed));
  }
  const org::PathRange range = org::range_of(scope.path);
  std::string where = "WHERE o.path >= ? AND o.path < ? AND s.id < ?";
  store::Params params{range.lower, range.upper,
                       filter.before_id > 0 ? filter.before_id : INT64_MAX};
  if (filter.status) {
    where += " AND s.status = ?";
    params.emplace_back(std::string(enum_name(*filter.status)));
  }
  if (!filter.q.empty()) {
    where += " AND (s.name LIKE ?" + std::string(store::kLikeEscape) + " OR s.address LIKE ?" +
             std::string(store::kLikeEscape) + ")";
    params.emplace_back(store::like_contains(filter.q));
    params.emplace_back(store::like_contains(filter.q));
  }
  where += " ORDER BY s.id DESC LIMIT ?";
  params.emplace_back(filter.limit + 1);
  StationPage page;
  GH_ASSIGN(page.items, internal::load_where(tx, where, params));
  if (static_cast<int64_t>(page.items.size()) > filter.limit) {
    page.items.resize(static_cast<size_t>(filter.limit));
    page.next_cursor = page.items.back().id;
  }
  GH_TRY(open_problems_into(tx, page.items));
  return page;
}

Result<std::vector<NearbyStation>> find_stations(store::Tx& tx, const NearbyQuery& query,
                                                 int64_t now) {
  // A city has hundreds of stations at most: read the open ones and sort them here.
  GH_ASSIGN(std::vector<Station> stations,
            internal::load_where(tx, "WHERE s.status = 'open' ORDER BY s.name, s.id", {}));
  std::vector<NearbyStation> out;
  for (Station& s : stations) {
    NearbyStation n{std::move(s), std::nullopt, false};
    n.open_now = n.station.open_now(now);
    if (query.open_now && !n.open_now) continue;
    const bool has_all =
        std::all_of(query.amenities.begin(), query.amenities.end(), [&](Amenity a) {
          return std::find(n.station.amenities.begin(), n.station.amenities.end(), a) !=
                 n.station.amenities.end();
        });
    if (!has_all) continue;
    if (!query.q.empty() && n.station.name.find(query.q) == std::string::npos &&
        n.station.address.find(query.q) == std::string::npos) {
      continue;
    }
    if (query.from) {
      n.distance_m = std::llround(geo::distance_m(*query.from, n.station.wgs84()));
      if (query.within_m && *n.distance_m > *query.within_m) continue;
    }
    out.push_back(std::move(n));
  }
  if (query.from) {
    std::stable_sort(out.begin(), out.end(), [](const NearbyStation& a, const NearbyStation& b) {
      return *a.distance_m < *b.distance_m;
    });
  }
  if (static_cast<int64_t>(out.size()) > query.limit) out.resize(static_cast<size_t>(query.limit));
  return out;
}

}  // namespace gonghui::station
