// Training JSON: rendering courses, places, attendance, certificates and figures, and reading
// a course from a request.
#include "api/training_render.hpp"

#include <cmath>

#include "api/json_render.hpp"
#include "api/support.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"

namespace gonghui::api::training_json {

namespace bj = boost::json;
using namespace gonghui::training;

namespace {

bj::value time_json(int64_t ms) { return bj::string(format_rfc3339(Timestamp{ms})); }

bj::value degrees(bool located, int64_t e6) {
  return located ? bj::value(static_cast<double>(e6) / 1e6) : bj::value(nullptr);
}

bj::object figure_row(const FigureRow& f) {
  return {
      {"courses", f.courses},
      {"sessions", f.sessions},
      {"seats", f.seats},
      {"applications", f.applications},
      {"enrolments", f.enrolments},
      {"attendances", f.attendances},
      {"expected", f.expected},
      {"attendance_rate_permille",
       f.expected > 0 ? bj::value(f.ended_attendances * 1000 / f.expected) : bj::value(nullptr)},
      {"no_shows", f.no_shows},
      {"completions", f.completions}};
}

// A field of an item of a list, named as "list[i].field" in an error.
template <class T>
Result<T> at(Result<T> read, const std::string& prefix) {
  if (!read.ok()) {
    Error e = std::move(read).error();
    e.field = prefix + "." + e.field;
    return e;
  }
  return read;
}

Result<int64_t> coordinate(const bj::object& o, std::string_view field, double max,
                           const std::string& prefix) {
  const bj::value* v = o.if_contains(field);
  if (v == nullptr || !v->is_number()) {
    return Error::invalid(prefix + "." + std::string(field), "invalid_coordinates",
                          "lat and lng are numbers, both or neither");
  }
  const double value = v->to_number<double>();
  if (!std::isfinite(value) || value < -max || value > max) {
    return Error::invalid(prefix + "." + std::string(field), "invalid_coordinates",
                          "lat and lng out of range");
  }
  return static_cast<int64_t>(std::llround(value * 1e6));
}

Result<std::vector<Session>> read_sessions(const bj::object& body) {
  const bj::value* list = body.if_contains("sessions");
  if (list == nullptr || list->is_null()) {
    return std::vector<Session>{};
  }
  if (!list->is_array()) {
    return Error::invalid("sessions", "invalid_field", "sessions must be a list");
  }
  std::vector<Session> out;
  for (size_t i = 0; i < list->as_array().size(); ++i) {
    const std::string prefix = "sessions[" + std::to_string(i) + "]";
    const bj::value& item = list->as_array()[i];
    if (!item.is_object()) {
      return Error::invalid(prefix, "invalid_field", "each session is an object");
    }
    const bj::object& o = item.as_object();
    Session s;
    GH_ASSIGN(s.starts_at, at(required_time(o, "starts_at"), prefix));
    GH_ASSIGN(s.ends_at, at(required_time(o, "ends_at"), prefix));
    GH_ASSIGN(auto place, at(json::optional_string(o, "place", 1000), prefix));
    s.place = place.value_or("");
    const bool has_lat = o.contains("lat") && !o.at("lat").is_null();
    const bool has_lng = o.contains("lng") && !o.at("lng").is_null();
    if (has_lat || has_lng) {
      GH_ASSIGN(s.lat_e6, coordinate(o, "lat", 90, prefix));
      GH_ASSIGN(s.lng_e6, coordinate(o, "lng", 180, prefix));
      s.located = true;
    }
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<Material>> read_materials(const bj::object& body) {
  const bj::value* list = body.if_contains("materials");
  if (list == nullptr || list->is_null()) {
    return std::vector<Material>{};
  }
  if (!list->is_array()) {
    return Error::invalid("materials", "invalid_field", "materials must be a list");
  }
  std::vector<Material> out;
  for (size_t i = 0; i < list->as_array().size(); ++i) {
    const std::string prefix = "materials[" + std::to_string(i) + "]";
    const bj::value& item = list->as_array()[i];
    if (!item.is_object()) {
      return Error::invalid(prefix, "invalid_field", "each material is an object");
    }
    const bj::object& o = item.as_object();
    Material m;
    GH_ASSIGN(auto kind, at(json::optional_string(o, "kind", 20), prefix));
    const auto parsed = parse_enum<MaterialKind>(kind.value_or("link"));
    if (!parsed) {
      return Error::invalid(prefix + ".kind", "invalid_kind", "document, video or link");
    }
    m.kind = *parsed;
    GH_ASSIGN(auto title, at(json::optional_string(o, "title", 1000), prefix));
    m.title = title.value_or("");
    GH_ASSIGN(auto url, at(json::optional_string(o, "url", 2000), prefix));
    m.url = url.value_or("");
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

Result<CourseInput> read_course(const bj::object& body) {
  CourseInput in;
  GH_ASSIGN(auto org_id, json::optional_id(body, "org_id"));
  in.org_id = org_id.value_or(0);
  GH_ASSIGN(in.org_ids, optional_ids(body, "org_ids"));
  // Lengths and blanks are the domain's rules; the reader bounds what it copies.
  for (auto [field, target] :
       {std::pair{"title", &in.title}, std::pair{"teacher_name", &in.teacher_name},
        std::pair{"teacher_title", &in.teacher_title}, std::pair{"description", &in.description},
        std::pair{"beacon_source", &in.beacon_source}}) {
    GH_ASSIGN(auto text, json::optional_string(body, field, 20000));
    *target = text.value_or("");
  }
  GH_ASSIGN(const std::string category, json::required_string(body, "category", 40));
  const auto parsed_category = parse_enum<Category>(category);
  if (!parsed_category) {
    return Error::invalid("category", "invalid_category", "not a course category");
  }
  in.category = *parsed_category;
  GH_ASSIGN(auto worker, json::optional_id(body, "model_worker_id"));
  in.model_worker_id = worker.value_or(0);
  GH_ASSIGN(in.materials, read_materials(body));
  GH_ASSIGN(in.photo_ids, optional_ids(body, "photo_ids"));
  GH_ASSIGN(const std::string mode, json::required_string(body, "mode", 20));
  const auto parsed_mode = parse_enum<Mode>(mode);
  if (!parsed_mode) {
    return Error::invalid("mode", "invalid_mode", "mode is first_come or fair_draw");
  }
  in.mode = *parsed_mode;
  GH_ASSIGN(in.seats, json::required_integer(body, "seats", -1'000'000'000, 1'000'000'000));
  GH_ASSIGN(in.enrol_opens_at, required_time(body, "enrol_opens_at"));
  GH_ASSIGN(in.enrol_closes_at, required_time(body, "enrol_closes_at"));
  const int64_t wide = 1'000'000'000;
  GH_ASSIGN(auto cancel_before, json::optional_integer(body, "cancel_before_minutes", -wide, wide));
  in.cancel_before_minutes = cancel_before.value_or(1440);
  GH_ASSIGN(auto confirm_hours, json::optional_integer(body, "confirm_hours", -wide, wide));
  in.confirm_hours = confirm_hours.value_or(24);
  GH_ASSIGN(auto required, json::optional_integer(body, "required_sessions", -wide, wide));
  in.required_sessions = required.value_or(0);
  if (required && *required == 0) {
    return Error::invalid("required_sessions", "out_of_range", "at least one session");
  }
  GH_ASSIGN(auto bar_days, json::optional_integer(body, "no_show_bar_days", 0, wide));
  in.no_show_bar_days = bar_days.value_or(-1);
  GH_ASSIGN(in.sessions, read_sessions(body));
  return in;
}

bj::object session(const Session& s, int64_t seats) {
  return {{"id", id_string(s.id)},
          {"seq", s.seq},
          {"starts_at", time_json(s.starts_at)},
          {"ends_at", time_json(s.ends_at)},
          {"place", s.place},
          {"lat", degrees(s.located, s.lat_e6)},
          {"lng", degrees(s.located, s.lng_e6)},
          {"seats", seats}};
}

bj::object my_enrolment(const Enrolment& e) {
  return {{"id", id_string(e.id)},
          {"state", enum_name(e.state)},
          {"waiting_position", e.state == EnrolmentState::kWaiting ? bj::value(e.waiting_position)
                                                                   : bj::value(nullptr)},
          {"offer_expires_at", e.state == EnrolmentState::kOffered
                                   ? optional_time_json(e.offer_expires_at)
                                   : bj::value(nullptr)},
          {"member_ref", e.member_ref},
          {"attended", e.attended},
          {"no_shows", e.no_shows},
          {"certificate_id", optional_id_json(e.certificate_id)},
          {"created_at", time_json(e.created_at)}};
}

bj::object course(const Course& c, int64_t now, const std::optional<Enrolment>& mine) {
  const CourseInput& in = c.input;
  bj::array materials;
  for (const Material& m : in.materials) {
    materials.push_back({{"kind", enum_name(m.kind)}, {"title", m.title}, {"url", m.url}});
  }
  return {{"id", id_string(c.id)},
          {"org_id", id_string(in.org_id)},
          {"org_name", c.org_name},
          {"org_ids", ids_json(in.org_ids)},
          {"title", in.title},
          {"category", enum_name(in.category)},
          {"teacher_name", in.teacher_name},
          {"teacher_title", in.teacher_title},
          {"model_worker_id", optional_id_json(in.model_worker_id)},
          {"description", in.description},
          {"materials", std::move(materials)},
          {"photo_ids", ids_json(in.photo_ids)},
          {"mode", enum_name(in.mode)},
          {"seats", in.seats},
          {"taken", c.taken},
          {"waiting", c.waiting},
          {"applications", c.applications},
          {"enrol_opens_at", time_json(in.enrol_opens_at)},
          {"enrol_closes_at", time_json(in.enrol_closes_at)},
          {"cancel_before_minutes", in.cancel_before_minutes},
          {"cancel_until", time_json(c.cancel_until())},
          {"confirm_hours", in.confirm_hours},
          {"required_sessions", in.required_sessions},
          {"no_show_bar_days",
           in.no_show_bar_days >= 0 ? bj::value(in.no_show_bar_days) : bj::value(nullptr)},
          {"sessions",
           render_items(in.sessions, [&](const Session& s) { return session(s, in.seats); })},
          {"status", enum_name(c.status(now))},
          {"commitment", c.commitment},
          {"beacon_source", in.beacon_source},
          {"beacon_value", c.beacon_value},
          {"drawn_at", optional_time_json(c.drawn_at)},
          {"cancel_reason", c.cancel_reason},
          {"created_at", time_json(c.created_at)},
          {"published_at", optional_time_json(c.published_at)},
          {"my_enrolment", mine ? bj::value(my_enrolment(*mine)) : bj::value(nullptr)}};
}

bj::object enrolment(const Enrolment& e) {
  return {{"id", id_string(e.id)},
          {"member_id", id_string(e.member_id)},
          {"name", e.member_name},
          {"phone", mask_phone(e.member_phone)},
          {"org_name", e.org_name},
          {"state", enum_name(e.state)},
          {"waiting_position", e.state == EnrolmentState::kWaiting ? bj::value(e.waiting_position)
                                                                   : bj::value(nullptr)},
          {"offer_expires_at", e.state == EnrolmentState::kOffered
                                   ? optional_time_json(e.offer_expires_at)
                                   : bj::value(nullptr)},
          {"draw_rank", e.draw_seq > 0 ? bj::value(e.draw_seq) : bj::value(nullptr)},
          {"attended", e.attended},
          {"no_shows", e.no_shows},
          {"certificate_id", optional_id_json(e.certificate_id)},
          {"created_at", time_json(e.created_at)}};
}

bj::object my_course(const MyCourse& m, int64_t now) {
  const Course& c = m.course;
  bj::value next = nullptr;
  for (const Session& s : c.input.sessions) {
    if (s.ends_at > now) {
      next = session(s, c.input.seats);
      break;
    }
  }
  return {{"course_id", id_string(c.id)},
          {"title", c.input.title},
          {"category", enum_name(c.input.category)},
          {"mode", enum_name(c.input.mode)},
          {"org_name", c.org_name},
          {"course_status", enum_name(c.status(now))},
          {"first_session_at", time_json(c.first_session_at())},
          {"next_session", std::move(next)},
          {"required_sessions", c.input.required_sessions},
          {"enrolment", my_enrolment(m.enrolment)}};
}

bj::object attendance(const Attendance& a) {
  return {{"member_id", id_string(a.member_id)},
          {"name", a.member_name},
          {"phone", mask_phone(a.member_phone)},
          {"status", enum_name(a.status)},
          {"method", a.method.empty() ? bj::value(nullptr) : bj::value(a.method)},
          {"signed_at", optional_time_json(a.signed_at)},
          {"marked_by_name", a.marked_by_name}};
}

bj::object certificate(const Certificate& c) {
  return {{"id", id_string(c.id)},
          {"course_id", id_string(c.course_id)},
          {"course_title", c.course_title},
          {"category", enum_name(c.category)},
          {"org_name", c.org_name},
          {"teacher_name", c.teacher_name},
          {"holder_name", c.holder_name},
          {"sessions_attended", c.sessions_attended},
          {"required_sessions", c.required_sessions},
          {"issued_at", time_json(c.issued_at)},
          {"verify_code", c.verify_code},
          {"verify_path", "/certificates/" + c.verify_code},
          {"revoked", c.revoked_at != 0}};
}

bj::object certificate_check(const Certificate& c) {
  return {{"valid", c.revoked_at == 0},
          {"holder_name", mask_name(c.holder_name)},
          {"course_title", c.course_title},
          {"category", enum_name(c.category)},
          {"org_name", c.org_name},
          {"teacher_name", c.teacher_name},
          {"sessions_attended", c.sessions_attended},
          {"issued_on", format_local_date(c.issued_at)}};
}

bj::object figures(const Figures& f) {
  bj::array by_union, by_category;
  for (const UnionFigures& u : f.by_union) {
    bj::object row = figure_row(u.figures);
    row["org_id"] = id_string(u.org_id);
    row["org_name"] = u.org_name;
    row["own"] = u.own;
    by_union.push_back(std::move(row));
  }
  for (const auto& [category, figures] : f.by_category) {
    bj::object row = figure_row(figures);
    row["category"] = enum_name(category);
    by_category.push_back(std::move(row));
  }
  return {{"org_id", id_string(f.org_id)},   {"from", time_json(f.from)},
          {"to", time_json(f.to)},           {"totals", figure_row(f.totals)},
          {"by_union", std::move(by_union)}, {"by_category", std::move(by_category)}};
}

}  // namespace gonghui::api::training_json
