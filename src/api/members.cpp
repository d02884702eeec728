// Members: list with filters and paging, read, create, edit, move, import and export.
#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/crypto.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/member/member.hpp"

namespace gonghui::api {
namespace {

boost::json::object render(const member::Member& m) {
  return {{"id", std::to_string(m.id)},
          {"account_id", std::to_string(m.account_id)},
          {"org_id", std::to_string(m.org_id)},
          {"org_name", m.org_name},
          {"name", m.name},
          {"phone", m.phone},
          {"card_no", m.card_no},
          {"status", enum_name(m.status)},
          {"frontline", m.frontline},
          {"joined_on", m.joined_on ? boost::json::value(format_local_date(m.joined_on))
                                    : boost::json::value(nullptr)},
          {"created_at", format_rfc3339(Timestamp{m.created_at})},
          {"updated_at", format_rfc3339(Timestamp{m.updated_at})}};
}

// joined_on in a body: a date, or null to clear it (0); nullopt when absent.
Result<std::optional<int64_t>> read_joined_on(const boost::json::object& body) {
  const auto* value = body.if_contains("joined_on");
  if (!value) {
    return std::optional<int64_t>();
  }
  if (value->is_null()) {
    return std::optional<int64_t>(0);
  }
  const auto day = value->is_string() ? parse_local_date(value->as_string()) : std::nullopt;
  if (!day) {
    return Error::invalid("joined_on", "invalid_date", "joined_on must be a date (2019-07-01)");
  }
  return std::optional<int64_t>(*day);
}

Result<member::ListFilter> read_filter(const http::Request& request) {
  member::ListFilter filter;
  GH_ASSIGN(Paging page, paging(request));
  filter.limit = page.limit;
  filter.after_id = page.after_id;
  GH_ASSIGN(filter.org_id, query_id(request, "org_id"));
  if (auto status = request.query_param("status"); status && !status->empty()) {
    filter.status = parse_enum<member::MemberStatus>(*status);
    if (!filter.status) {
      return Error::invalid("status", "invalid_status", "status must be active, frozen or left");
    }
  }
  if (auto q = request.query_param("q")) {
    filter.q = std::string(*q);
    if (filter.q.size() > 64) {
      return Error::invalid("q", "too_long", "q may have at most 64 bytes");
    }
  }
  return filter;
}

// GET /api/v1/members
http::Response list_members(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(member::ListFilter filter, read_filter(request));
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(member::Page page, member::list(tx, caller(request), filter));
    return render_page(page.items, page.next_after_id,
                       [](const member::Member& m) { return render(m); });
  });
}

// GET /api/v1/members/export.csv
http::Response export_members(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(member::ListFilter filter, read_filter(request));
  GH_ASSIGN_OR_RENDER(const bool data, wants_data_form(request));
  const auto form = data ? member::ExportForm::kData : member::ExportForm::kStaff;
  GH_ASSIGN_OR_RENDER(std::string csv, read_value(*app.db, [&](store::Tx& tx) {
                        return member::export_csv(tx, caller(request), filter, form);
                      }));
  return attachment("text/csv; charset=utf-8", "members.csv", std::move(csv));
}

// GET /api/v1/members/{id}
http::Response get_member(app::App& app, http::Request& request) {
  return read_by_id(app, request, member::get, render);
}

// POST /api/v1/members
http::Response create_member(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  member::MemberInput input;
  GH_ASSIGN_OR_RENDER(input.name, json::required_string(*body, "name", 50));
  GH_ASSIGN_OR_RENDER(input.phone, json::required_string(*body, "phone", 20));
  GH_ASSIGN_OR_RENDER(input.card_no, json::required_string(*body, "card_no", 32));
  GH_ASSIGN_OR_RENDER(input.org_id, json::required_id(*body, "org_id"));
  GH_ASSIGN_OR_RENDER(input.frontline, json::optional_bool(*body, "frontline", false));
  GH_ASSIGN_OR_RENDER(auto joined_on, read_joined_on(*body));
  input.joined_on = joined_on.value_or(0);
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(member::Member m, member::create(tx, caller(request), input));
    return http::Response::json(201, render(m));
  });
}

// PATCH /api/v1/members/{id}
http::Response update_member(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  member::MemberPatch patch;
  GH_ASSIGN_OR_RENDER(patch.name, json::optional_string(*body, "name", 50));
  GH_ASSIGN_OR_RENDER(patch.phone, json::optional_string(*body, "phone", 20));
  GH_ASSIGN_OR_RENDER(patch.card_no, json::optional_string(*body, "card_no", 32));
  GH_ASSIGN_OR_RENDER(auto status_text, json::optional_string(*body, "status", 10));
  if (body->contains("frontline")) {
    GH_ASSIGN_OR_RENDER(patch.frontline, json::optional_bool(*body, "frontline", false));
  }
  GH_ASSIGN_OR_RENDER(patch.joined_on, read_joined_on(*body));
  if (status_text) {
    patch.status = parse_enum<member::MemberStatus>(*status_text);
    if (!patch.status) {
      return error(
          Error::invalid("status", "invalid_status", "status must be active, frozen or left"));
    }
  }
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(member::Member m, member::update(tx, caller(request), id, patch));
    return http::Response::ok(render(m));
  });
}

// POST /api/v1/members/{id}/move
http::Response move_member(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(int64_t org_id, json::required_id(*body, "org_id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(member::Member m, member::move(tx, caller(request), id, org_id));
    return http::Response::ok(render(m));
  });
}

// Sets a one-time password the admin passes on to the member (members imported from a
// roster have none) and ends the member's sessions. The member should change it after
// signing in.
// POST /api/v1/members/{id}/password-reset
http::Response reset_member_password(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  const std::string password = crypto::base64url(crypto::random_bytes(9));
  GH_ASSIGN_OR_RENDER(const std::string hash, app.sessions->hash_password(password));
  Status status = app.db->write([&](store::Tx& tx) -> Status {
    return member::reset_password(tx, caller(request), id, hash);
  });
  return status.ok() ? http::Response::ok(boost::json::object{{"temporary_password", password}})
                     : error(status.error());
}

// CSV roster upload (text/csv body). 200 with the count, or 422 listing every bad row.
// POST /api/v1/members/import
http::Response import_roster(app::App& app, http::Request& request) {
  auto type = request.header("content-type");
  if (!type || type->find("text/csv") == std::string_view::npos) {
    http::Response response = error(
        Error::invalid("file", "unsupported_media_type", "send the roster as text/csv (UTF-8)"));
    response.status = 415;
    return response;
  }
  GH_ASSIGN_OR_RENDER(member::ImportReport report,
                      member::import_csv(*app.db, caller(request), request.body));
  if (!report.problems.empty()) {
    boost::json::array details;
    for (const auto& p : report.problems) {
      boost::json::object detail{
          {"line", p.line}, {"field", p.field}, {"code", p.code}, {"message", p.message}};
      if (!p.value.empty()) detail["value"] = p.value;
      if (p.other_line > 0) detail["other_line"] = p.other_line;
      if (p.expected_columns > 0) {
        detail["expected_columns"] = p.expected_columns;
        detail["found_columns"] = p.found_columns;
      }
      details.push_back(std::move(detail));
    }
    return http::Response::json(
        422, boost::json::object{{"error",
                                  {{"code", "import_invalid"},
                                   {"message", std::to_string(report.problems.size()) +
                                                   " problem(s) found; nothing was imported"},
                                   {"field", "file"},
                                   {"details", std::move(details)}}}});
  }
  return http::Response::ok(
      boost::json::object{{"rows", report.rows}, {"created", report.created}});
}

}  // namespace

void register_members(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/members", kAdmins, handle(app, list_members));

  router.add("GET", "/api/v1/members/export.csv", kAdmins, handle(app, export_members));

  router.add("GET", "/api/v1/members/{id}", http::Access::signed_in(), handle(app, get_member));

  router.add("POST", "/api/v1/members", kAdmins, handle(app, create_member));

  router.add("PATCH", "/api/v1/members/{id}", kAdmins, handle(app, update_member));

  router.add("POST", "/api/v1/members/{id}/move", kAdmins, handle(app, move_member));

  router.add("POST", "/api/v1/members/{id}/password-reset", kAdmins,
             handle(app, reset_member_password));

  router.add("POST", "/api/v1/members/import", kAdmins, handle(app, import_roster),
             http::Body::kRaw);
}

}  // namespace gonghui::api
