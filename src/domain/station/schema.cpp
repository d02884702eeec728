// The tables of 户外劳动者服务站.
#include "domain/station/station.hpp"

namespace gonghui::station {

std::vector<store::Migration> migrations() {
  // A station keeps its check-in and rating counters on its own row, so the public list needs
  // no aggregate over the check-ins. Coordinates are WGS-84 in 1e-7 degree (integers: the same
  // on both engines).
  constexpr std::string_view stations = R"sql(CREATE TABLE stations (
  id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL REFERENCES orgs (id), name TEXT NOT NULL,
  address TEXT NOT NULL, lat_e7 BIGINT NOT NULL, lng_e7 BIGINT NOT NULL, amenities TEXT NOT NULL,
  always_open INTEGER NOT NULL, opens_minute INTEGER NOT NULL, closes_minute INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open','closed')), photo_ids TEXT NOT NULL,
  contact_phone TEXT NOT NULL, manager_name TEXT NOT NULL, manager_phone TEXT NOT NULL,
  check_in_code TEXT NOT NULL, visits BIGINT NOT NULL, rating_sum BIGINT NOT NULL,
  rating_count BIGINT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX stations_org ON stations (org_id, id);
CREATE TABLE station_check_ins (
  id BIGINT PRIMARY KEY, station_id BIGINT NOT NULL REFERENCES stations (id),
  at BIGINT NOT NULL, member_id BIGINT NOT NULL, token_hash TEXT NOT NULL,
  stars INTEGER NOT NULL CHECK (stars BETWEEN 0 AND 5), comment TEXT NOT NULL,
  rated_at BIGINT NOT NULL);
CREATE INDEX station_check_ins_station ON station_check_ins (station_id, at);
CREATE INDEX station_check_ins_at ON station_check_ins (at);)sql";
  // A problem's reporter is a member (member_id) or an anonymous phone; either may be absent.
  constexpr std::string_view problems = R"sql(CREATE TABLE station_problems (
  id BIGINT PRIMARY KEY, station_id BIGINT NOT NULL REFERENCES stations (id),
  kind TEXT NOT NULL, description TEXT NOT NULL, photo_ids TEXT NOT NULL,
  reporter_member_id BIGINT NOT NULL, reporter_phone TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('reported','confirmed','fixed','dismissed')),
  note TEXT NOT NULL, reported_at BIGINT NOT NULL, confirmed_at BIGINT NOT NULL,
  closed_at BIGINT NOT NULL, handled_by_name TEXT NOT NULL);
CREATE INDEX station_problems_station ON station_problems (station_id, id);
CREATE INDEX station_problems_reported ON station_problems (reported_at);)sql";
  return {{1300, "stations", std::string(stations), ""},
          {1301, "station problems", std::string(problems), ""}};
}

}  // namespace gonghui::station
