// Training sessions and what follows them: the sign-in code on the teacher's phone, members
// signing in, staff marking attendance, the member's courses, certificates (JSON, PDF and the
// public check), the figures and the no-show setting.
#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/share.hpp"
#include "api/support.hpp"
#include "api/training_render.hpp"
#include "app/app.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/report/report.hpp"
#include "domain/training/training.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;
namespace tj = training_json;

const http::Access kMembersAndAdmins =
    http::Access::of({Role::kMember, Role::kOrgAdmin, Role::kPlatformAdmin});
constexpr int64_t kMinuteMs = 60'000;
// Sign-in attempts per member: enough for a morning of sessions and a few mistyped scans.
const auth::Limit kSignInsPerMember{"training_sign_in", 30, 10 * kMinuteMs};

// GET /api/v1/training/sessions/{id}/code
http::Response session_code(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    const int64_t now = Timestamp::now().ms;
    GH_ASSIGN(training::SessionCode code, training::session_code(tx, caller(request), id, now));
    const int64_t next_minute = (code.minute + 1) * kMinuteMs;
    return bj::object{{"session_id", id_string(id)},
                      {"code", code.code},
                      {"path", "/training/sign-in?session=" + id_string(id) + "&code=" + code.code},
                      {"refresh_at", format_rfc3339(Timestamp{next_minute})},
                      {"valid_until", format_rfc3339(Timestamp{next_minute + kMinuteMs})}};
  });
}

// POST /api/v1/training/sessions/{id}/sign-in
http::Response sign_in(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string code, json::required_string(*body, "code", 64));
  if (auto limited = take_limit(app, kSignInsPerMember, std::to_string(member_of(request)))) {
    return std::move(*limited);
  }
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const int64_t now = Timestamp::now().ms;
    GH_ASSIGN(training::SignedIn done, training::sign_in(tx, member_of(request), id, code, now));
    return http::Response::ok(
        bj::object{{"session_id", id_string(id)},
                   {"course_id", id_string(done.attendance.course_id)},
                   {"course_title", done.course_title},
                   {"status", enum_name(done.attendance.status)},
                   {"signed_at", optional_time_json(done.attendance.signed_at)},
                   {"attended", done.attended},
                   {"required_sessions", done.required_sessions},
                   {"certificate_id", optional_id_json(done.certificate_id)}});
  });
}

// GET /api/v1/training/sessions/{id}/attendance
http::Response session_attendance(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(training::SessionAttendance found,
              training::session_attendance(tx, caller(request), id, Timestamp::now().ms));
    return bj::object{{"session", tj::session(found.session, found.seats)},
                      {"course_id", id_string(found.session.course_id)},
                      {"course_title", found.course_title},
                      {"present", found.present},
                      {"excused", found.excused},
                      {"absent", found.absent},
                      {"pending", found.pending},
                      {"items", render_items(found.items, tj::attendance)}};
  });
}

// PUT /api/v1/training/sessions/{id}/attendance/{member_id}
http::Response mark_attendance(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(int64_t member, path_id(request, "member_id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string text, json::required_string(*body, "status", 20));
  const auto status = parse_enum<training::AttendanceStatus>(text);
  if (!status || *status == training::AttendanceStatus::kPending) {
    return error(Error::invalid("status", "invalid_status", "present, excused or absent"));
  }
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(training::Attendance a,
              training::mark(tx, caller(request), id, member, *status, Timestamp::now().ms));
    return http::Response::ok(tj::attendance(a));
  });
}

// GET /api/v1/me/training
http::Response my_training(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    const int64_t now = Timestamp::now().ms;
    GH_ASSIGN(auto courses, training::my_courses(tx, caller(request), now));
    GH_ASSIGN(int64_t until, training::barred_until(tx, member_of(request), now));
    return bj::object{
        {"items", render_items(courses, [now](const auto& m) { return tj::my_course(m, now); })},
        {"barred_until", optional_time_json(until)}};
  });
}

// GET /api/v1/training/certificates/{id}
http::Response get_certificate(app::App& app, http::Request& request) {
  return read_by_id(app, request, training::certificate, tj::certificate);
}

// GET /api/v1/training/certificates/{id}/pdf
http::Response certificate_pdf(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(training::Certificate c, read_value(*app.db, [&](store::Tx& tx) {
                        return training::certificate(tx, caller(request), id);
                      }));
  if (c.revoked_at != 0) {
    return error(Error::conflict("certificate_revoked", "this certificate has been revoked"));
  }
  GH_ASSIGN_OR_RENDER(
      std::string pdf,
      training::certificate_pdf(c, origin_of(request) + "/certificates/" + c.verify_code));
  return attachment("application/pdf", "certificate-" + c.verify_code + ".pdf", std::move(pdf));
}

// GET /api/v1/training/verify/{code}
http::Response verify_certificate(app::App& app, http::Request& request) {
  const auto param = request.params.find("code");
  const std::string code = param == request.params.end() ? "" : param->second;
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(training::Certificate c, training::certificate_by_code(tx, code));
    return tj::certificate_check(c);
  });
}

// GET /api/v1/training/figures
http::Response figures(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(std::optional<int64_t> org_id, query_id(request, "org_id"));
  GH_ASSIGN_OR_RENDER(std::optional<int64_t> from, query_local_time(request, "from"));
  GH_ASSIGN_OR_RENDER(std::optional<int64_t> to, query_local_time(request, "to"));
  const int64_t now = Timestamp::now().ms;
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(training::Figures f,
              training::figures(tx, caller(request), org_id, from.value_or(report::default_from()),
                                to.value_or(now), now));
    return tj::figures(f);
  });
}

// GET /api/v1/training/settings
http::Response get_settings(app::App& app, http::Request&) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(int64_t days, training::default_bar_days(tx));
    return bj::object{{"no_show_bar_days", days}};
  });
}

// PUT /api/v1/training/settings
http::Response put_settings(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(int64_t days,
                      json::required_integer(*body, "no_show_bar_days", -1'000'000, 1'000'000));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(int64_t set, training::set_default_bar_days(tx, caller(request), days));
    return http::Response::ok(bj::object{{"no_show_bar_days", set}});
  });
}

}  // namespace

void register_training_sessions(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/training/sessions/{id}/code", kAdmins, handle(app, session_code));
  router.add("POST", "/api/v1/training/sessions/{id}/sign-in", kMembers, handle(app, sign_in));
  router.add("GET", "/api/v1/training/sessions/{id}/attendance", kAdmins,
             handle(app, session_attendance));
  router.add("PUT", "/api/v1/training/sessions/{id}/attendance/{member_id}", kAdmins,
             handle(app, mark_attendance));
  router.add("GET", "/api/v1/me/training", kMembers, handle(app, my_training));
  router.add("GET", "/api/v1/training/certificates/{id}", kMembersAndAdmins,
             handle(app, get_certificate));
  router.add("GET", "/api/v1/training/certificates/{id}/pdf", kMembersAndAdmins,
             handle(app, certificate_pdf));
  router.add("GET", "/api/v1/training/verify/{code}", http::Access::public_route(),
             handle(app, verify_certificate));
  router.add("GET", "/api/v1/training/figures", kAdmins, handle(app, figures));
  router.add("GET", "/api/v1/training/settings", kAdmins, handle(app, get_settings));
  router.add("PUT", "/api/v1/training/settings", http::Access::of({Role::kPlatformAdmin}),
             handle(app, put_settings));
}

}  // namespace gonghui::api
