// What the files of the stations module share: reading stations and problems, and the checks
// of the fields both admins and imports write.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/station/station.hpp"
#include "store/columns.hpp"

namespace gonghui::station {

// Amenities kept in one text column as comma-separated codes.
std::string join_amenities(const std::vector<Amenity>& amenities);
void read_column(const store::Row& row, size_t& i, std::vector<Amenity>& out);

using HoursFields = store::Fields<&Hours::always_open, &Hours::opens_minute, &Hours::closes_minute>;
HoursFields fields_of(const Hours*);

namespace internal {

inline constexpr std::string_view kSelectStation =
    "SELECT s.id, s.org_id, o.name, s.name, s.address, s.lat_e7, s.lng_e7, s.amenities, "
    "s.always_open, s.opens_minute, s.closes_minute, s.status, s.photo_ids, s.contact_phone, "
    "s.manager_name, s.manager_phone, s.check_in_code, s.visits, s.rating_sum, s.rating_count, "
    "s.created_at, s.updated_at FROM stations s JOIN orgs o ON o.id = s.org_id";
using StationFields =
    store::Fields<&Station::id, &Station::org_id, &Station::org_name, &Station::name,
                  &Station::address, &Station::lat_e7, &Station::lng_e7, &Station::amenities,
                  &Station::hours, &Station::status, &Station::photo_ids, &Station::contact_phone,
                  &Station::manager_name, &Station::manager_phone, &Station::check_in_code,
                  &Station::visits, &Station::rating_sum, &Station::rating_count,
                  &Station::created_at, &Station::updated_at>;
static_assert(StationFields::matches(kSelectStation));

// Stations matching `where` (a clause on the columns above, with its ORDER BY and LIMIT).
Result<std::vector<Station>> load_where(store::Tx& tx, const std::string& where,
                                        const store::Params& params);
// One station. NotFound (station).
Result<Station> load(store::Tx& tx, int64_t id);

// A contact phone: empty, or 7-20 characters of digits, spaces, - and + with at least 7 digits.
bool valid_contact_phone(std::string_view phone);
// A place in `system` as WGS-84 in 1e-7 degree; nullopt if out of range or outside China's box.
std::optional<std::pair<int64_t, int64_t>> to_stored(double lat, double lng, CoordSystem system);
// A random check-in code for a station's QR.
std::string new_check_in_code();

}  // namespace internal
}  // namespace gonghui::station
