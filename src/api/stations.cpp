// 户外劳动者服务站: finding stations near a place, checking in, rating and reporting problems
// (public, rate-limited per address), and the managing unions' routes.
#include <charconv>
#include <cmath>

#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"
#include "domain/station/station.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;

int64_t now_ms() { return Timestamp::now().ms; }

// Public writes, per client address (and station where it matters), on top of the router's
// limit on anonymous writes: a check-in counts person-times, so one phone may not inflate them.
constexpr auth::Limit kCheckInsPerAddress{"station_check_in", 4, 3600 * 1000};
constexpr auth::Limit kRatingsPerAddress{"station_rating", 10, 3600 * 1000};
constexpr auth::Limit kProblemsPerAddress{"station_problem", 3, 3600 * 1000};

bj::object coordinates_json(geo::LatLng p) {
  // Seven decimals: about a centimetre, as stored.
  auto round7 = [](double v) { return std::round(v * 1e7) / 1e7; };
  return {{"lat", round7(p.lat)}, {"lng", round7(p.lng)}};
}

bj::object render_card(const station::Station& s, int64_t now,
                       std::optional<int64_t> distance_m = std::nullopt) {
  const geo::LatLng wgs = s.wgs84();
  bj::object hours{
      {"always_open", s.hours.always_open},
      {"opens", s.hours.always_open ? "" : station::format_minute(s.hours.opens_minute)},
      {"closes", s.hours.always_open ? "" : station::format_minute(s.hours.closes_minute)}};
  bj::array amenities;
  for (station::Amenity a : s.amenities) amenities.push_back(bj::string(enum_name(a)));
  bj::value rating = nullptr;
  if (s.rating_count > 0) {
    rating =
        std::round(static_cast<double>(s.rating_sum) * 10.0 / static_cast<double>(s.rating_count)) /
        10.0;
  }
  return {{"id", std::to_string(s.id)},
          {"name", s.name},
          {"address", s.address},
          {"org_id", std::to_string(s.org_id)},
          {"org_name", s.org_name},
          {"coordinates",
           {{"wgs84", coordinates_json(wgs)},
            {"gcj02", coordinates_json(geo::wgs84_to_gcj02(wgs))},
            {"bd09", coordinates_json(geo::wgs84_to_bd09(wgs))}}},
          {"distance_m", distance_m ? bj::value(*distance_m) : bj::value(nullptr)},
          {"amenities", std::move(amenities)},
          {"hours", std::move(hours)},
          {"open_now", s.open_now(now)},
          {"status", enum_name(s.status)},
          {"photo_ids", ids_json(s.photo_ids)},
          {"contact_phone", s.contact_phone},
          {"manager_name", mask_name(s.manager_name)},
          {"visits", s.visits},
          {"rating", rating},
          {"rating_count", s.rating_count}};
}

bj::object render_admin(const station::Station& s) {
  bj::object out = render_card(s, now_ms());
  out["manager_name"] = s.manager_name;
  out["manager_phone"] = s.manager_phone;
  out["check_in_code"] = s.check_in_code;
  out["open_problems"] = s.open_problems;
  out["created_at"] = format_rfc3339(Timestamp{s.created_at});
  out["updated_at"] = format_rfc3339(Timestamp{s.updated_at});
  return out;
}

bj::object render_problem(const station::Problem& p) {
  const char* reporter = p.reporter_member_id != 0   ? "member"
                         : !p.reporter_phone.empty() ? "phone"
                                                     : "anonymous";
  return {{"id", std::to_string(p.id)},
          {"station_id", std::to_string(p.station_id)},
          {"station_name", p.station_name},
          {"org_name", p.org_name},
          {"kind", enum_name(p.kind)},
          {"description", p.description},
          {"photo_ids", ids_json(p.photo_ids)},
          {"reporter", reporter},
          {"reporter_phone", mask_phone(p.reporter_phone)},
          {"status", enum_name(p.status)},
          {"note", p.note},
          {"reported_at", format_rfc3339(Timestamp{p.reported_at})},
          {"confirmed_at", optional_time_json(p.confirmed_at)},
          {"closed_at", optional_time_json(p.closed_at)},
          {"handled_by_name", p.handled_by_name}};
}

// A number in a query parameter; 400 naming it if malformed.
Result<std::optional<double>> query_number(const http::Request& request, std::string_view name,
                                           std::string_view code) {
  auto text = request.query_param(name);
  if (!text || text->empty()) return std::optional<double>();
  double value = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || ptr != text->data() + text->size() || !std::isfinite(value)) {
    return Error::invalid(std::string(name), std::string(code),
                          std::string(name) + " is not a number");
  }
  return std::optional<double>(value);
}

Result<std::optional<geo::LatLng>> query_place(const http::Request& request) {
  GH_ASSIGN(auto lat, query_number(request, "lat", "invalid_coordinates"));
  GH_ASSIGN(auto lng, query_number(request, "lng", "invalid_coordinates"));
  if (!lat && !lng) return std::optional<geo::LatLng>();
  if (!lat || !lng || !geo::valid({*lat, *lng})) {
    return Error::invalid(lat ? "lng" : "lat", "invalid_coordinates", "give both lat and lng");
  }
  return std::optional<geo::LatLng>(geo::LatLng{*lat, *lng});
}

Result<std::vector<station::Amenity>> amenity_list(std::string_view text) {
  std::vector<station::Amenity> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view code = text.substr(start, end - start);
    if (!code.empty()) {
      auto a = parse_enum<station::Amenity>(code);
      if (!a) return Error::invalid("amenities", "unknown_amenity", "unknown amenity");
      out.push_back(*a);
    }
    start = end + 1;
  }
  return out;
}

Result<station::Hours> read_hours(const bj::object& body) {
  auto it = body.find("hours");
  if (it == body.end() || !it->value().is_object()) {
    return Error::invalid("hours", "invalid_hours", "hours is required");
  }
  const bj::object& hours = it->value().get_object();
  GH_ASSIGN(bool always, json::optional_bool(hours, "always_open", false));
  if (always) return station::Hours{true, 0, 0};
  GH_ASSIGN(auto opens, json::optional_string(hours, "opens", 5));
  GH_ASSIGN(auto closes, json::optional_string(hours, "closes", 5));
  auto from = station::parse_minute(opens.value_or(""));
  auto to = station::parse_minute(closes.value_or(""));
  if (!from || !to || *from == *to) {
    return Error::invalid("hours", "invalid_hours", "opens and closes must be different HH:MM");
  }
  return station::Hours{false, *from, *to};
}

Result<double> required_number(const bj::object& body, std::string_view field) {
  auto it = body.find(field);
  if (it == body.end() || !it->value().is_number()) {
    return Error::invalid(std::string(field), "invalid_coordinates",
                          std::string(field) + " must be a number");
  }
  return it->value().to_number<double>();
}

template <class E>
Result<E> optional_enum(const bj::object& body, std::string_view field, E fallback,
                        std::string_view code) {
  GH_ASSIGN(auto text, json::optional_string(body, field, 40));
  if (!text) return fallback;
  auto value = parse_enum<E>(*text);
  if (!value) return Error::invalid(std::string(field), std::string(code), "unknown value");
  return *value;
}

Result<station::StationInput> read_input(const bj::object& body) {
  station::StationInput in;
  GH_ASSIGN(in.org_id, json::required_id(body, "org_id"));
  GH_ASSIGN(in.name, json::required_string(body, "name", 60));
  GH_ASSIGN(in.address, json::required_string(body, "address", 120));
  GH_ASSIGN(in.lat, required_number(body, "lat"));
  GH_ASSIGN(in.lng, required_number(body, "lng"));
  GH_ASSIGN(in.coord_system, optional_enum(body, "coord_system", station::CoordSystem::kWgs84,
                                           "invalid_coord_system"));
  if (auto it = body.find("amenities"); it != body.end() && !it->value().is_null()) {
    if (!it->value().is_array()) {
      return Error::invalid("amenities", "invalid_field", "amenities must be a list");
    }
    for (const bj::value& v : it->value().get_array()) {
      auto a = v.is_string() ? parse_enum<station::Amenity>(v.get_string()) : std::nullopt;
      if (!a) return Error::invalid("amenities", "unknown_amenity", "unknown amenity");
      in.amenities.push_back(*a);
    }
  }
  GH_ASSIGN(in.hours, read_hours(body));
  GH_ASSIGN(in.photo_ids, optional_ids(body, "photo_ids"));
  GH_ASSIGN(auto contact, json::optional_string(body, "contact_phone", 20));
  GH_ASSIGN(auto manager, json::optional_string(body, "manager_name", 30));
  GH_ASSIGN(auto manager_phone, json::optional_string(body, "manager_phone", 20));
  in.contact_phone = contact.value_or("");
  in.manager_name = manager.value_or("");
  in.manager_phone = manager_phone.value_or("");
  GH_ASSIGN(in.status,
            optional_enum(body, "status", station::StationStatus::kOpen, "invalid_status"));
  return in;
}

// A public write: idempotent for a signed-in caller; an anonymous caller's Idempotency-Key is
// ignored, since keys are kept per account and anonymous callers would share one.
http::Response public_write(app::App& app, const http::Request& request, const WriteHandler& fn) {
  if (request.principal) return idempotent_write(app, request, fn);
  std::optional<http::Response> answer;
  const Status done = app.db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(answer, fn(tx));
    return Status::Ok();
  });
  return done.ok() ? std::move(*answer) : error(done.error());
}

int64_t member_or_zero(const http::Request& request) {
  const RoleGrant* member = request.principal ? request.principal->grant(Role::kMember) : nullptr;
  return member ? member->member_id : 0;
}

// ---- Public ---------------------------------------------------------------------------------

// GET /api/v1/stations
http::Response find_stations(app::App& app, http::Request& request) {
  station::NearbyQuery query;
  GH_ASSIGN_OR_RENDER(query.from, query_place(request));
  GH_ASSIGN_OR_RENDER(auto within, query_number(request, "within_m", "invalid_field"));
  if (within) {
    if (!query.from || *within < 100 || *within > 100000) {
      return error(Error::invalid("within_m", "invalid_field", "100 to 100000, with lat and lng"));
    }
    query.within_m = static_cast<int64_t>(*within);
  }
  GH_ASSIGN_OR_RENDER(query.amenities, amenity_list(request.query_param("amenities").value_or("")));
  const std::string_view open = request.query_param("open_now").value_or("false");
  if (open != "true" && open != "false") {
    return error(Error::invalid("open_now", "invalid_field", "open_now is true or false"));
  }
  query.open_now = open == "true";
  query.q = std::string(request.query_param("q").value_or("")).substr(0, 120);
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 50, 200));
  query.limit = page.limit;
  const int64_t now = now_ms();
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(auto found, station::find_stations(tx, query, now));
    bj::array items;
    for (const station::NearbyStation& n : found) {
      items.push_back(render_card(n.station, now, n.distance_m));
    }
    return bj::object{{"items", std::move(items)}, {"now", format_rfc3339(Timestamp{now})}};
  });
}

// GET /api/v1/stations/{id}
http::Response get_station(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(auto from, query_place(request));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(station::Station s, station::get_station(tx, id));
    std::optional<int64_t> distance;
    if (from) distance = std::llround(geo::distance_m(*from, s.wgs84()));
    return render_card(s, now_ms(), distance);
  });
}

// POST /api/v1/stations/{id}/check-ins
http::Response check_in(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(auto code, json::optional_string(*body, "code", 64));
  if (auto limited =
          take_limit(app, kCheckInsPerAddress, std::to_string(id) + " " + request.remote_address)) {
    return *limited;
  }
  return public_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(station::CheckIn c,
              station::check_in(tx, id, code.value_or(""), member_or_zero(request), now_ms()));
    return http::Response::json(201, bj::object{{"id", std::to_string(c.id)},
                                                {"station_id", std::to_string(c.station_id)},
                                                {"at", format_rfc3339(Timestamp{c.at})},
                                                {"visits", c.visits},
                                                {"rating_token", c.rating_token}});
  });
}

// PUT /api/v1/station-check-ins/{id}/rating
http::Response rate_visit(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(auto token, json::optional_string(*body, "token", 100));
  GH_ASSIGN_OR_RENDER(int64_t stars, json::required_integer(*body, "stars", -1000, 1000));
  GH_ASSIGN_OR_RENDER(auto comment, json::optional_string(*body, "comment", 1000));
  if (auto limited = take_limit(app, kRatingsPerAddress, request.remote_address)) {
    return *limited;
  }
  return public_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(station::Station s,
              station::rate_visit(tx, id, token.value_or(""), static_cast<int>(stars),
                                  comment.value_or(""), now_ms()));
    const bj::object card = render_card(s, now_ms());
    return http::Response::ok(
        bj::object{{"rating", card.at("rating")}, {"rating_count", s.rating_count}});
  });
}

// POST /api/v1/stations/{id}/problems
http::Response report_problem(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  station::ProblemReport report;
  GH_ASSIGN_OR_RENDER(auto kind_text, json::required_string(*body, "kind", 40));
  auto kind = parse_enum<station::ProblemKind>(kind_text);
  if (!kind) return error(Error::invalid("kind", "invalid_kind", "unknown kind of problem"));
  report.kind = *kind;
  GH_ASSIGN_OR_RENDER(auto description, json::optional_string(*body, "description", 2000));
  GH_ASSIGN_OR_RENDER(report.photo_ids, optional_ids(*body, "photo_ids"));
  GH_ASSIGN_OR_RENDER(auto phone, json::optional_string(*body, "phone", 20));
  report.description = description.value_or("");
  report.phone = phone.value_or("");
  if (auto limited = take_limit(app, kProblemsPerAddress, request.remote_address)) {
    return *limited;
  }
  return public_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(station::ProblemReceipt r,
              station::report_problem(tx, id, member_or_zero(request), report, now_ms()));
    return http::Response::json(
        201,
        bj::object{{"id", std::to_string(r.id)}, {"status", "reported"}, {"notified", r.notified}});
  });
}

// ---- Admins ---------------------------------------------------------------------------------

// POST /api/v1/stations
http::Response create_station(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(station::StationInput input, read_input(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(station::Station s, station::create_station(tx, caller(request), input, now_ms()));
    return http::Response::json(201, render_admin(s));
  });
}

// PUT /api/v1/stations/{id}
http::Response update_station(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(station::StationInput input, read_input(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(station::Station s,
              station::update_station(tx, caller(request), id, input, now_ms()));
    GH_ASSIGN(s, station::get_station_for_admin(tx, caller(request), id));
    return http::Response::ok(render_admin(s));
  });
}

// GET /api/v1/stations/{id}/manage
http::Response get_station_for_admin(app::App& app, http::Request& request) {
  return read_by_id(app, request, station::get_station_for_admin, render_admin);
}

// GET /api/v1/stations/manage
http::Response list_stations(app::App& app, http::Request& request) {
  station::StationFilter filter;
  GH_ASSIGN_OR_RENDER(Paging page, paging(request));
  filter.before_id = page.after_id;
  filter.limit = page.limit;
  GH_ASSIGN_OR_RENDER(filter.org_id, query_id(request, "org_id"));
  if (auto status = request.query_param("status"); status && !status->empty()) {
    filter.status = parse_enum<station::StationStatus>(*status);
    if (!filter.status) return error(Error::invalid("status", "invalid_status", "open or closed"));
  }
  filter.q = std::string(request.query_param("q").value_or("")).substr(0, 120);
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(station::StationPage found, station::list_stations(tx, caller(request), filter));
    return render_page(found.items, found.next_cursor, render_admin);
  });
}

// POST /api/v1/stations/imports[?dry_run=true]
http::Response import_stations(app::App& app, http::Request& request) {
  auto upload = read_csv_upload(request);
  if (!upload.ok()) return upload_error(upload.error());
  const std::string_view dry = request.query_param("dry_run").value_or("false");
  if (dry != "true" && dry != "false") {
    return error(Error::invalid("dry_run", "invalid_field", "dry_run must be true or false"));
  }
  auto render = [&](const station::ImportReport& r) {
    bj::array errors;
    for (const station::ImportRowError& e : r.errors) {
      errors.push_back(bj::object{{"row", e.row},
                                  {"column", e.column},
                                  {"code", e.code},
                                  {"message", e.message},
                                  {"value", e.value}});
    }
    return bj::object{{"dry_run", dry == "true"},
                      {"rows", r.rows},
                      {"created", r.created},
                      {"errors", std::move(errors)}};
  };
  if (dry == "true") {
    return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
      GH_ASSIGN(auto report, station::import_csv(tx, caller(request), upload->csv, true, now_ms()));
      return render(report);
    });
  }
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(auto report, station::import_csv(tx, caller(request), upload->csv, false, now_ms()));
    if (report.errors.empty()) return http::Response::json(201, render(report));
    bj::object body = render(report);
    return http::Response::json(
        400, bj::object{{"error",
                         {{"code", "import_invalid"},
                          {"message", std::to_string(report.errors.size()) +
                                          " problem(s) found; nothing was imported"},
                          {"field", "file"},
                          {"details", body.at("errors")}}}});
  });
}

// GET /api/v1/station-problems
http::Response list_problems(app::App& app, http::Request& request) {
  station::ProblemFilter filter;
  GH_ASSIGN_OR_RENDER(Paging page, paging(request));
  filter.before_id = page.after_id;
  filter.limit = page.limit;
  GH_ASSIGN_OR_RENDER(filter.station_id, query_id(request, "station_id"));
  if (auto status = request.query_param("status"); status && !status->empty()) {
    if (*status == "open") {
      filter.open_only = true;
    } else {
      filter.status = parse_enum<station::ProblemStatus>(*status);
      if (!filter.status)
        return error(Error::invalid("status", "invalid_status", "unknown status"));
    }
  }
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(station::ProblemPage found, station::list_problems(tx, caller(request), filter));
    return render_page(found.items, found.next_cursor, render_problem);
  });
}

// POST /api/v1/station-problems/{id}/confirm|fix|dismiss
using ProblemStep = Result<station::Problem> (*)(store::Tx&, const Principal&, int64_t,
                                                 const std::string&, int64_t);
http::Response move_problem(app::App& app, http::Request& request, ProblemStep step) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(auto note, json::optional_string(*body, "note", 1000));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(station::Problem p, step(tx, caller(request), id, note.value_or(""), now_ms()));
    return http::Response::ok(render_problem(p));
  });
}

// GET /api/v1/stations/figures
http::Response station_figures(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(auto org_id, query_id(request, "org_id"));
  GH_ASSIGN_OR_RENDER(auto from, query_local_time(request, "from"));
  GH_ASSIGN_OR_RENDER(auto to, query_local_time(request, "to"));
  const int64_t end = to.value_or(now_ms());
  const int64_t start = from.value_or(end - 30LL * 86'400'000);
  if (start >= end) return error(Error::invalid("from", "invalid_range", "from must be before to"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(station::Figures f, station::figures(tx, caller(request), org_id, start, end));
    bj::array by_org;
    for (const station::OrgFigures& o : f.by_org) {
      by_org.push_back(bj::object{{"org_id", std::to_string(o.org_id)},
                                  {"org_name", o.org_name},
                                  {"stations", o.stations},
                                  {"visits", o.visits},
                                  {"problems_reported", o.problems_reported},
                                  {"problems_fixed", o.problems_fixed}});
    }
    bj::value rating = nullptr;
    if (f.ratings > 0) {
      rating =
          std::round(static_cast<double>(f.rating_sum) * 10.0 / static_cast<double>(f.ratings)) /
          10.0;
    }
    return bj::object{{"stations", f.stations},
                      {"open_stations", f.open_stations},
                      {"visits", f.visits},
                      {"ratings", f.ratings},
                      {"rating", rating},
                      {"problems_reported", f.problems_reported},
                      {"problems_fixed", f.problems_fixed},
                      {"problems_open", f.problems_open},
                      {"median_days_to_fix", f.median_days_to_fix ? bj::value(*f.median_days_to_fix)
                                                                  : bj::value(nullptr)},
                      {"by_org", std::move(by_org)}};
  });
}

// GET /api/v1/settings/map: the tile source maps in the web app draw on.
http::Response map_settings(app::App& app, http::Request&) {
  const app::Config& config = app.config;
  return http::Response::ok(bj::object{{"tiles_url", config.map_tiles},
                                       {"subdomains", config.map_tiles_subdomains},
                                       {"coord_system", config.map_tiles_crs},
                                       {"attribution", config.map_tiles_attribution}});
}

}  // namespace

void register_stations(http::Router& router, app::App& app) {
  const http::Access anyone = http::Access::public_route();
  router.add("GET", "/api/v1/settings/map", anyone, handle(app, map_settings));
  router.add("GET", "/api/v1/stations", anyone, handle(app, find_stations));
  router.add("POST", "/api/v1/stations", kAdmins, handle(app, create_station));
  router.add("GET", "/api/v1/stations/manage", kAdmins, handle(app, list_stations));
  router.add("GET", "/api/v1/stations/figures", kAdmins, handle(app, station_figures));
  router.add("POST", "/api/v1/stations/imports", kAdmins, handle(app, import_stations),
             http::Body::kRaw);
  router.add("GET", "/api/v1/stations/{id}", anyone, handle(app, get_station));
  router.add("PUT", "/api/v1/stations/{id}", kAdmins, handle(app, update_station));
  router.add("GET", "/api/v1/stations/{id}/manage", kAdmins, handle(app, get_station_for_admin));
  router.add("POST", "/api/v1/stations/{id}/check-ins", anyone, handle(app, check_in));
  router.add("PUT", "/api/v1/station-check-ins/{id}/rating", anyone, handle(app, rate_visit));
  router.add("POST", "/api/v1/stations/{id}/problems", anyone, handle(app, report_problem));
  router.add("GET", "/api/v1/station-problems", kAdmins, handle(app, list_problems));
  router.add("POST", "/api/v1/station-problems/{id}/confirm", kAdmins,
             handle(app, move_problem, ProblemStep{station::confirm_problem}));
  router.add("POST", "/api/v1/station-problems/{id}/fix", kAdmins,
             handle(app, move_problem, ProblemStep{station::fix_problem}));
  router.add("POST", "/api/v1/station-problems/{id}/dismiss", kAdmins,
             handle(app, move_problem, ProblemStep{station::dismiss_problem}));
}

}  // namespace gonghui::api
