// 入会申请: base unions to choose from, the applicant's application (its phone proved by a code
// first), the admins' review, and the figures.
#include "domain/joining/joining.hpp"

#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"
#include "domain/sms/sms.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;

bj::object render(const joining::Application& a) {
  return {{"id", std::to_string(a.id)},
          {"org_id", std::to_string(a.org_id)},
          {"org_name", a.org_name},
          {"name", a.name},
          {"id_number", a.id_number_masked},
          {"employer", a.employer},
          {"phone", mask_phone(a.phone)},
          {"status", enum_name(a.status)},
          {"reason", a.reason},
          {"member_id", optional_id_json(a.member_id)},
          {"member_no", a.member_no},
          {"created_at", optional_time_json(a.created_at)},
          {"reviewed_at", optional_time_json(a.reviewed_at)}};
}

// The period of figures: ?from=&to= (dates are Asia/Shanghai days), default this year.
Result<std::pair<int64_t, int64_t>> period(const http::Request& request) {
  GH_ASSIGN(auto from, query_local_time(request, "from"));
  GH_ASSIGN(auto to, query_local_time(request, "to"));
  const int64_t now = Timestamp::now().ms;
  const std::string year = format_local_date(now).substr(0, 4);
  const int64_t start = from.value_or(*parse_local_date(year + "-01-01"));
  const int64_t end = to.value_or(local_day_start(local_day(now) + 1));
  if (end <= start) {
    return Error::invalid("to", "invalid_time", "to must be after from");
  }
  return std::make_pair(start, end);
}

http::Response list_unions(app::App& app, http::Request& request) {
  const std::string q(request.query_param("q").value_or(""));
  if (json::count_code_points(q) > 50) {
    return error(Error::invalid("q", "too_long", "at most 50 characters"));
  }
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 20, 100));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(std::vector<joining::Union> found, joining::unions(tx, q, page.limit));
    bj::array items;
    for (const joining::Union& u : found) {
      bj::array path;
      for (const std::string& name : u.path_names) path.push_back(bj::string(name));
      items.push_back(bj::object{
          {"id", std::to_string(u.id)}, {"name", u.name}, {"path_names", std::move(path)}});
    }
    return bj::object{{"items", std::move(items)}};
  });
}

http::Response apply_to_join(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  joining::Input input;
  GH_ASSIGN_OR_RENDER(input.org_id, json::required_id(*body, "org_id"));
  GH_ASSIGN_OR_RENDER(input.name, json::required_string(*body, "name", 50));
  GH_ASSIGN_OR_RENDER(input.id_number, json::required_string(*body, "id_number", 18));
  GH_ASSIGN_OR_RENDER(input.employer, json::required_string(*body, "employer", 100));
  GH_ASSIGN_OR_RENDER(std::string code, json::required_string(*body, "code", 20));
  if (auto invalid = joining::validate(input); !invalid.ok()) {
    return error(invalid.error());
  }
  // The code is checked in a write of its own, which commits whatever it answers (a wrong try
  // counts), and used up before the application is made.
  sms::CodeCheck check = sms::CodeCheck::kExpired;
  const Status checked = app.db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows phone,
              tx.query("SELECT phone FROM accounts WHERE id = ?", {caller(request).account_id}));
    if (phone.empty()) return Error::not_found("account");
    GH_ASSIGN(check, sms::check_code(tx, phone[0].text(0), sms::CodePurpose::kVerifyPhone, code,
                                     Timestamp::now().ms, sms::CodeRules{}));
    return Status::Ok();
  });
  if (!checked.ok()) {
    return error(checked.error());
  }
  if (check != sms::CodeCheck::kGood) {
    return error(sms::code_error(check));
  }
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(joining::Application a,
              joining::apply(tx, caller(request), input, Timestamp::now().ms));
    return http::Response::json(201, render(a));
  });
}

http::Response my_application(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(joining::Application a, joining::mine(tx, caller(request)));
    return render(a);
  });
}

http::Response list_applications(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 50, 200));
  std::optional<joining::State> status;
  if (auto text = request.query_param("status"); text && !text->empty()) {
    status = parse_enum<joining::State>(*text);
    if (!status) {
      return error(Error::invalid("status", "invalid_status", "submitted, approved or rejected"));
    }
  }
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(joining::Page found,
              joining::list(tx, caller(request), status, page.after_id, page.limit));
    return render_page(found.items, found.next_cursor, render);
  });
}

http::Response get_application(app::App& app, http::Request& request) {
  return read_by_id(app, request, joining::get, render);
}

http::Response approve_application(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(joining::Application a,
              joining::approve(tx, caller(request), id, Timestamp::now().ms));
    return http::Response::ok(render(a));
  });
}

http::Response reject_application(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(auto reason, json::optional_string(*body, "reason", 1000));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(joining::Application a,
              joining::reject(tx, caller(request), id, reason.value_or(""), Timestamp::now().ms));
    return http::Response::ok(render(a));
  });
}

http::Response joining_figures(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(auto range, period(request));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(joining::Figures f, joining::figures(tx, caller(request), range.first, range.second));
    return bj::object{
        {"from", optional_time_json(range.first)},
        {"to", optional_time_json(range.second)},
        {"applications", f.applications},
        {"approvals", f.approvals},
        {"rejections", f.rejections},
        {"waiting", f.waiting},
        {"average_days_to_approve",
         f.average_days_to_approve ? bj::value(*f.average_days_to_approve) : bj::value(nullptr)}};
  });
}

}  // namespace

void register_joining(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/joining-unions", http::Access::public_route(),
             handle(app, list_unions));
  router.add("GET", "/api/v1/me/joining-application", http::Access::signed_in(),
             handle(app, my_application));
  router.add("POST", "/api/v1/me/joining-application", http::Access::signed_in(),
             handle(app, apply_to_join));
  router.add("GET", "/api/v1/joining-applications", kAdmins, handle(app, list_applications));
  router.add("GET", "/api/v1/joining-applications/{id}", kAdmins, handle(app, get_application));
  router.add("POST", "/api/v1/joining-applications/{id}/approve", kAdmins,
             handle(app, approve_application));
  router.add("POST", "/api/v1/joining-applications/{id}/reject", kAdmins,
             handle(app, reject_application));
  router.add("GET", "/api/v1/joining-figures", kAdmins, handle(app, joining_figures));
}

}  // namespace gonghui::api
