// Training courses: create, replace, publish, cancel and draw for administrators, with the
// list of places; browse, enrol, give up and confirm for members; the public audit bundle.
#include "domain/training/training.hpp"
#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "api/training_render.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/time.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;
namespace tj = training_json;

const http::Access kMembersAndAdmins =
    http::Access::of({Role::kMember, Role::kOrgAdmin, Role::kPlatformAdmin});

// A body with an optional string `field` (absent or null: "").
Result<std::string> optional_text(const http::Request& request, std::string_view field) {
  if (request.json.is_null()) {
    return std::string();
  }
  GH_ASSIGN(const bj::object* body, body_object(request));
  GH_ASSIGN(auto value, json::optional_string(*body, field, 1000));
  return value.value_or("");
}

// ---- Administrators --------------------------------------------------------------------------

http::Response create_course(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(training::CourseInput input, tj::read_course(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(training::Course c, training::create(tx, caller(request), input));
    return http::Response::json(201, tj::course(c, Timestamp::now().ms, std::nullopt));
  });
}

http::Response replace_course(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(training::CourseInput input, tj::read_course(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(training::Course c, training::update(tx, caller(request), id, input));
    return http::Response::ok(tj::course(c, Timestamp::now().ms, std::nullopt));
  });
}

http::Response publish_course(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const int64_t now = Timestamp::now().ms;
    GH_ASSIGN(training::Course c, training::publish(tx, caller(request), id, now));
    return http::Response::ok(tj::course(c, now, std::nullopt));
  });
}

http::Response cancel_course(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(std::string reason, optional_text(request, "reason"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const int64_t now = Timestamp::now().ms;
    GH_ASSIGN(training::Course c, training::cancel(tx, caller(request), id, reason, now));
    return http::Response::ok(tj::course(c, now, std::nullopt));
  });
}

http::Response draw_course(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(std::string beacon, optional_text(request, "beacon_value"));
  if (json::count_code_points(beacon) > 500) {
    return error(Error::invalid("beacon_value", "too_long", "at most 500 characters"));
  }
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const int64_t now = Timestamp::now().ms;
    GH_ASSIGN(training::Course c, training::draw(tx, caller(request), id, beacon, now));
    return http::Response::ok(tj::course(c, now, std::nullopt));
  });
}

http::Response list_enrolments(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  std::optional<training::EnrolmentState> state;
  if (auto text = request.query_param("state"); text && !text->empty()) {
    state = parse_enum<training::EnrolmentState>(*text);
    if (!state) {
      return error(Error::invalid("state", "invalid_state", "not an enrolment state"));
    }
  }
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(auto found,
              training::enrolments(tx, caller(request), id, state, Timestamp::now().ms));
    return bj::object{{"items", render_items(found, tj::enrolment)}};
  });
}

// ---- Members and everyone --------------------------------------------------------------------

http::Response list_courses(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 50, 200));
  training::ListFilter filter;
  filter.before_id = page.after_id;
  filter.limit = page.limit;
  if (auto text = request.query_param("status"); text && !text->empty()) {
    filter.status = parse_enum<training::CourseStatus>(*text);
    if (!filter.status) {
      return error(Error::invalid("status", "invalid_status", "not a course status"));
    }
  }
  if (auto text = request.query_param("category"); text && !text->empty()) {
    filter.category = parse_enum<training::Category>(*text);
    if (!filter.category) {
      return error(Error::invalid("category", "invalid_category", "not a course category"));
    }
  }
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    const int64_t now = Timestamp::now().ms;
    GH_ASSIGN(training::CoursePage found, training::list(tx, caller(request), filter, now));
    bj::array items;
    for (size_t i = 0; i < found.items.size(); ++i) {
      items.push_back(tj::course(found.items[i], now, found.mine[i]));
    }
    return bj::object{{"items", std::move(items)},
                      {"next_cursor", optional_id_json(found.next_cursor)}};
  });
}

http::Response get_course(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    std::optional<training::Enrolment> mine;
    GH_ASSIGN(training::Course c, training::get(tx, caller(request), id, &mine));
    return tj::course(c, Timestamp::now().ms, mine);
  });
}

http::Response audit_bundle(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) { return training::audit_bundle(tx, id); });
}

// A refusal for a recent no-show carries the time the bar ends, for the member's page.
http::Response barred(app::App& app, int64_t member_id, const Error& refusal) {
  auto until = read_value(*app.db, [&](store::Tx& tx) {
    return training::barred_until(tx, member_id, Timestamp::now().ms);
  });
  http::Response response = error(refusal);
  if (until.ok() && *until > 0) {
    bj::array details;
    details.push_back(bj::object{{"barred_until", format_rfc3339(Timestamp{*until})}});
    bj::object detail{{"code", refusal.code}, {"message", refusal.message}};
    detail["details"] = std::move(details);
    bj::object body;
    body["error"] = std::move(detail);
    response = http::Response::json(response.status, body);
  }
  return response;
}

http::Response enrol(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  const int64_t member = member_of(request);
  std::optional<Error> refusal;
  http::Response response =
      idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
        auto e = training::enrol(tx, member, id, Timestamp::now().ms);
        if (!e.ok()) {
          refusal = e.error();
          return std::move(e).error();
        }
        return http::Response::json(201, tj::my_enrolment(*e));
      });
  if (refusal && refusal->code == "barred") {
    return barred(app, member, *refusal);
  }
  return response;
}

http::Response cancel_enrolment(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(training::Enrolment e,
              training::cancel_enrolment(tx, member_of(request), id, Timestamp::now().ms));
    return http::Response::ok(tj::my_enrolment(e));
  });
}

http::Response confirm_enrolment(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(training::Enrolment e,
              training::confirm(tx, member_of(request), id, Timestamp::now().ms));
    return http::Response::ok(tj::my_enrolment(e));
  });
}

}  // namespace

void register_training(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/training/courses", kMembersAndAdmins, handle(app, list_courses));
  router.add("POST", "/api/v1/training/courses", kAdmins, handle(app, create_course));
  router.add("GET", "/api/v1/training/courses/{id}", http::Access::signed_in(),
             handle(app, get_course));
  router.add("PUT", "/api/v1/training/courses/{id}", kAdmins, handle(app, replace_course));
  router.add("POST", "/api/v1/training/courses/{id}/publish", kAdmins, handle(app, publish_course));
  router.add("POST", "/api/v1/training/courses/{id}/cancel", kAdmins, handle(app, cancel_course));
  router.add("POST", "/api/v1/training/courses/{id}/draw", kAdmins, handle(app, draw_course));
  router.add("GET", "/api/v1/training/courses/{id}/audit", http::Access::public_route(),
             handle(app, audit_bundle));
  router.add("GET", "/api/v1/training/courses/{id}/enrolments", kAdmins,
             handle(app, list_enrolments));
  router.add("POST", "/api/v1/training/courses/{id}/enrolment", kMembers, handle(app, enrol));
  router.add("POST", "/api/v1/training/courses/{id}/enrolment/cancel", kMembers,
             handle(app, cancel_enrolment));
  router.add("POST", "/api/v1/training/courses/{id}/enrolment/confirm", kMembers,
             handle(app, confirm_enrolment));
}

}  // namespace gonghui::api
