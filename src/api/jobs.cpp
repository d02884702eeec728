// 就业服务: the employer application and its review, jobs for everyone, the employer console's
// jobs and applications, the union's review of jobs, job seekers' profiles, applications and
// alerts.
#include "domain/jobs/jobs.hpp"

#include <charconv>
#include <cmath>

#include "api/jobs_render.hpp"
#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;
namespace jj = jobs_json;

const http::Access kEmployerStaff = http::Access::of({Role::kEmployerStaff});
const http::Access kStaffAndAdmins =
    http::Access::of({Role::kEmployerStaff, Role::kOrgAdmin, Role::kPlatformAdmin});

int64_t now_ms() { return Timestamp::now().ms; }

// The reason in a body (for reject, return and take-down); the domain checks its length.
Result<std::string> reason_of(const http::Request& request) {
  GH_ASSIGN(const bj::object* body, body_object(request));
  GH_ASSIGN(auto reason, json::optional_string(*body, "reason", 1000));
  return reason.value_or("");
}

template <class E>
Result<std::optional<E>> query_enum(const http::Request& request, std::string_view name,
                                    std::string code) {
  auto text = request.query_param(name);
  if (!text || text->empty()) {
    return std::optional<E>();
  }
  auto value = parse_enum<E>(*text);
  if (!value) {
    return Error::invalid(std::string(name), std::move(code), "not a known value");
  }
  return value;
}

// A query parameter in degrees (±max) as millionths; nullopt if absent.
Result<std::optional<int64_t>> query_degrees(const http::Request& request, std::string_view name,
                                             double max) {
  auto text = request.query_param(name);
  if (!text || text->empty()) {
    return std::optional<int64_t>();
  }
  try {
    size_t used = 0;
    const std::string s(*text);
    const double value = std::stod(s, &used);
    if (used == s.size() && std::isfinite(value) && value >= -max && value <= max) {
      return std::optional<int64_t>(std::llround(value * 1e6));
    }
  } catch (const std::exception&) {
  }
  return Error::invalid(std::string(name), "invalid_coordinate", "a coordinate in degrees");
}

Result<int64_t> query_integer(const http::Request& request, std::string_view name, int64_t min,
                              int64_t max, std::string code) {
  auto text = request.query_param(name);
  if (!text || text->empty()) {
    return int64_t{0};
  }
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    return Error::invalid(std::string(name), std::move(code), "out of range");
  }
  return value;
}

// ---- Employers -------------------------------------------------------------------------------

http::Response apply_employer(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(jobs::EmployerInput input, jj::read_employer(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(jobs::Employer e, jobs::apply(tx, input, now_ms()));
    return http::Response::json(201, jj::employer(e));
  });
}

http::Response list_employers(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 50, 200));
  jobs::EmployerFilter filter;
  GH_ASSIGN_OR_RENDER(filter.status,
                      query_enum<jobs::EmployerStatus>(request, "status", "invalid_status"));
  filter.q = std::string(request.query_param("q").value_or("")).substr(0, 100);
  filter.before_id = page.after_id;
  filter.limit = page.limit;
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(jobs::EmployerPage found, jobs::list_employers(tx, caller(request), filter));
    return render_page(found.items, found.next_cursor, jj::employer);
  });
}

http::Response get_employer(app::App& app, http::Request& request) {
  return read_by_id(app, request, jobs::get_employer, jj::employer);
}

http::Response get_my_employer(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(jobs::Employer e, jobs::my_employer(tx, caller(request)));
    return jj::employer(e);
  });
}

http::Response approve_employer(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(jobs::Employer e, jobs::approve_employer(tx, caller(request), id, now_ms()));
    return http::Response::ok(jj::employer(e));
  });
}

http::Response reject_employer(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(std::string reason, reason_of(request));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(jobs::Employer e, jobs::reject_employer(tx, caller(request), id, reason, now_ms()));
    return http::Response::ok(jj::employer(e));
  });
}

http::Response add_employer_staff(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string phone, json::required_string(*body, "phone", 20));
  GH_ASSIGN_OR_RENDER(auto name, json::optional_string(*body, "name", 50));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(access::Issued issued,
              jobs::add_employer_staff(tx, caller(request), id, phone, name.value_or("")));
    return http::Response::json(
        201, bj::object{{"employer_id", std::to_string(id)},
                        {"invitation",
                         {{"id", std::to_string(issued.invitation.id)},
                          {"link", issued.link},
                          {"role", enum_name(issued.invitation.role)},
                          {"phone", mask_phone(phone)},
                          {"name", issued.invitation.name},
                          {"expires_at", optional_time_json(issued.invitation.expires_at)}}}});
  });
}

// ---- Jobs for everyone -----------------------------------------------------------------------

Result<jobs::Browse> read_browse(const http::Request& request) {
  jobs::Browse query;
  query.q = std::string(request.query_param("q").value_or(""));
  if (json::count_code_points(query.q) > 50) {
    return Error::invalid("q", "too_long", "at most 50 characters");
  }
  GH_ASSIGN(query.kind, query_enum<jobs::JobKind>(request, "kind", "invalid_kind"));
  GH_ASSIGN(query.pay_unit, query_enum<jobs::PayUnit>(request, "pay_unit", "invalid_pay_unit"));
  GH_ASSIGN(query.min_pay_fen,
            query_integer(request, "min_pay_fen", 0, jobs::kMaxPayFen, "invalid_amount"));
  GH_ASSIGN(auto lat, query_degrees(request, "lat", 90));
  GH_ASSIGN(auto lng, query_degrees(request, "lng", 180));
  if (lat.has_value() != lng.has_value()) {
    return Error::invalid(lat ? "lng" : "lat", "invalid_coordinate", "give both lat and lng");
  }
  if (lat) {
    query.near = merchant::Location{*lat, *lng};
  }
  GH_ASSIGN(int64_t within_km, query_integer(request, "within_km", 0, 500, "invalid_distance"));
  if (within_km > 0 && !query.near) {
    return Error::invalid("within_km", "invalid_distance", "within_km needs lat and lng");
  }
  query.within_m = within_km * 1000;
  const std::string sort(request.query_param("sort").value_or("newest"));
  if (sort == "pay") {
    query.sort = jobs::Browse::Sort::kPay;
  } else if (sort == "distance" && query.near) {
    query.sort = jobs::Browse::Sort::kDistance;
  } else if (sort != "newest" && !sort.empty()) {
    return Error::invalid("sort", "invalid_sort", "newest, pay, or distance with lat and lng");
  }
  GH_ASSIGN(Paging page, paging(request, 20, 100));
  query.offset = page.after_id;
  query.limit = page.limit;
  return query;
}

http::Response list_jobs(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(jobs::Browse query, read_browse(request));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    const int64_t now = now_ms();
    GH_ASSIGN(jobs::BrowsePage found, jobs::browse(tx, *app.job_search, query, now));
    bj::array items;
    for (size_t i = 0; i < found.items.size(); ++i) {
      items.push_back(jj::card(found.items[i], now, found.distance_m[i]));
    }
    return bj::object{{"items", std::move(items)},
                      {"next_cursor", optional_id_json(found.next_cursor)}};
  });
}

http::Response get_job(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    const int64_t now = now_ms();
    GH_ASSIGN(jobs::Job job, jobs::published_job(tx, id, now));
    int64_t mine = 0;
    if (request.principal) {
      GH_ASSIGN(store::Rows rows,
                tx.query("SELECT id FROM job_applications WHERE job_id = ? AND account_id = ?",
                         {id, request.principal->account_id}));
      mine = rows.empty() ? 0 : rows[0].integer(0);
    }
    return jj::job(job, now, request.principal.has_value(), mine);
  });
}

http::Response apply_job(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  std::string note;
  if (!request.json.is_null()) {
    GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
    GH_ASSIGN_OR_RENDER(auto given, json::optional_string(*body, "note", 1000));
    note = given.value_or("");
  }
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(jobs::Application a, jobs::apply_to_job(tx, caller(request), id, note, now_ms()));
    return http::Response::json(201, jj::application(a));
  });
}

// ---- Jobs to manage --------------------------------------------------------------------------

http::Response list_postings(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 50, 200));
  jobs::PostingFilter filter;
  GH_ASSIGN_OR_RENDER(filter.status,
                      query_enum<jobs::JobStatus>(request, "status", "invalid_status"));
  GH_ASSIGN_OR_RENDER(auto employer, query_id(request, "employer_id"));
  filter.employer_id = employer.value_or(0);
  filter.before_id = page.after_id;
  filter.limit = page.limit;
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    const int64_t now = now_ms();
    GH_ASSIGN(jobs::JobPage found, jobs::list_postings(tx, caller(request), filter, now));
    return render_page(found.items, found.next_cursor,
                       [&](const jobs::Job& j) { return jj::posting(j, now, nullptr); });
  });
}

http::Response create_posting(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(jobs::JobInput input, jj::read_job(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const int64_t now = now_ms();
    GH_ASSIGN(jobs::Job job, jobs::create_job(tx, caller(request), input, now));
    return http::Response::json(201, jj::posting(job, now, nullptr));
  });
}

http::Response get_posting(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    std::vector<jobs::StepRecord> steps;
    GH_ASSIGN(jobs::Job job, jobs::posting(tx, caller(request), id, &steps));
    return jj::posting(job, now_ms(), &steps);
  });
}

http::Response replace_posting(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(jobs::JobInput input, jj::read_job(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const int64_t now = now_ms();
    GH_ASSIGN(jobs::Job job, jobs::replace_job(tx, caller(request), id, input, now));
    return http::Response::ok(jj::posting(job, now, nullptr));
  });
}

http::Response step_posting(app::App& app, http::Request& request, jobs::Step which) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  jobs::StepInput input;
  if (which == jobs::Step::kReturn || which == jobs::Step::kTakeDown) {
    GH_ASSIGN_OR_RENDER(input.reason, reason_of(request));
  } else if (which == jobs::Step::kRenew && !request.json.is_null()) {
    GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
    GH_ASSIGN_OR_RENDER(input.valid_days,
                        json::optional_integer(*body, "valid_days", -1'000'000, 1'000'000));
  }
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const int64_t now = now_ms();
    GH_ASSIGN(jobs::Job job, jobs::step(tx, caller(request), id, which, input, now));
    return http::Response::ok(jj::posting(job, now, nullptr));
  });
}

// ---- Job seekers and applications ------------------------------------------------------------

http::Response get_profile(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(jobs::Profile p, jobs::profile(tx, caller(request)));
    return jj::profile(p, true);
  });
}

http::Response put_profile(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(jobs::ProfileInput input, jj::read_profile(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(jobs::Profile p, jobs::save_profile(tx, caller(request), input, now_ms()));
    return http::Response::ok(jj::profile(p, true));
  });
}

http::Response my_applications(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 50, 200));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(jobs::ApplicationPage found,
              jobs::my_applications(tx, caller(request), page.after_id, page.limit));
    return render_page(found.items, found.next_cursor, jj::application);
  });
}

http::Response list_applications(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 50, 200));
  jobs::ApplicationFilter filter;
  GH_ASSIGN_OR_RENDER(filter.status,
                      query_enum<jobs::ApplicationStatus>(request, "status", "invalid_status"));
  GH_ASSIGN_OR_RENDER(auto job, query_id(request, "job_id"));
  filter.job_id = job.value_or(0);
  filter.before_id = page.after_id;
  filter.limit = page.limit;
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(jobs::ApplicationPage found,
              jobs::employer_applications(tx, caller(request), filter));
    return render_page(found.items, found.next_cursor, jj::application);
  });
}

http::Response get_application(app::App& app, http::Request& request) {
  return read_by_id(app, request, jobs::employer_application, jj::application);
}

http::Response move_application(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string status, json::required_string(*body, "status", 40));
  const auto to = parse_enum<jobs::ApplicationStatus>(status);
  if (!to || *to == jobs::ApplicationStatus::kSubmitted) {
    return error(
        Error::invalid("status", "invalid_status", "viewed, interview, hired or rejected"));
  }
  GH_ASSIGN_OR_RENDER(auto note, json::optional_string(*body, "note", 1000));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(jobs::Application a,
              jobs::move_application(tx, caller(request), id, *to, note.value_or(""), now_ms()));
    return http::Response::ok(jj::application(a));
  });
}

// ---- Alerts ----------------------------------------------------------------------------------

http::Response list_alerts(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(std::vector<jobs::Alert> found, jobs::alerts(tx, member_of(request)));
    return bj::object{{"items", render_items(found, jj::alert)}};
  });
}

http::Response create_alert(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(jobs::Alert input, jj::read_alert(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(jobs::Alert a, jobs::create_alert(tx, member_of(request), input, now_ms()));
    return http::Response::json(201, jj::alert(a));
  });
}

http::Response delete_alert(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_TRY(jobs::delete_alert(tx, member_of(request), id));
    return http::Response::ok(bj::object{{"ok", true}});
  });
}

// ---- Figures ---------------------------------------------------------------------------------

bj::object figures_json(const jobs::Figures& f) {
  return {{"jobs", f.jobs},
          {"positions", f.positions},
          {"applications", f.applications},
          {"interviews", f.interviews},
          {"hires", f.hires},
          {"new_members", f.new_members}};
}

http::Response job_figures(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(auto org, query_id(request, "org_id"));
  GH_ASSIGN_OR_RENDER(auto from, query_local_time(request, "from"));
  GH_ASSIGN_OR_RENDER(auto to, query_local_time(request, "to"));
  const int64_t now = now_ms();
  const int64_t start =
      from.value_or(*parse_local_date(format_local_date(now).substr(0, 4) + "-01-01"));
  const int64_t end = to.value_or(local_day_start(local_day(now) + 1));
  if (end <= start) {
    return error(Error::invalid("to", "invalid_time", "to must be after from"));
  }
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(jobs::FigureReport report,
              jobs::figures(tx, caller(request), org.value_or(0), start, end));
    bj::array rows;
    for (const jobs::FigureRow& row : report.rows) {
      bj::object out = figures_json(row.figures);
      out["org_id"] = std::to_string(row.org_id);
      out["org_name"] = row.org_name;
      rows.push_back(std::move(out));
    }
    return bj::object{{"from", optional_time_json(start)},
                      {"to", optional_time_json(end)},
                      {"total", figures_json(report.total)},
                      {"rows", std::move(rows)}};
  });
}

}  // namespace

void register_jobs(http::Router& router, app::App& app) {
  using jobs::Step;
  router.add("POST", "/api/v1/employer-applications", http::Access::public_route(),
             handle(app, apply_employer));
  router.add("GET", "/api/v1/employers", kAdmins, handle(app, list_employers));
  router.add("GET", "/api/v1/employers/{id}", kStaffAndAdmins, handle(app, get_employer));
  router.add("POST", "/api/v1/employers/{id}/approve", kAdmins, handle(app, approve_employer));
  router.add("POST", "/api/v1/employers/{id}/reject", kAdmins, handle(app, reject_employer));
  router.add("POST", "/api/v1/employers/{id}/staff", kAdmins, handle(app, add_employer_staff));
  router.add("GET", "/api/v1/me/employer", kEmployerStaff, handle(app, get_my_employer));

  router.add("GET", "/api/v1/jobs", http::Access::public_route(), handle(app, list_jobs));
  router.add("GET", "/api/v1/jobs/{id}", http::Access::public_route(), handle(app, get_job));
  router.add("POST", "/api/v1/jobs/{id}/applications", http::Access::signed_in(),
             handle(app, apply_job));

  router.add("GET", "/api/v1/job-postings", kStaffAndAdmins, handle(app, list_postings));
  router.add("POST", "/api/v1/job-postings", kEmployerStaff, handle(app, create_posting));
  router.add("GET", "/api/v1/job-postings/{id}", kStaffAndAdmins, handle(app, get_posting));
  router.add("PUT", "/api/v1/job-postings/{id}", kEmployerStaff, handle(app, replace_posting));
  router.add("POST", "/api/v1/job-postings/{id}/submit", kEmployerStaff,
             handle(app, step_posting, Step::kSubmit));
  router.add("POST", "/api/v1/job-postings/{id}/approve", kAdmins,
             handle(app, step_posting, Step::kApprove));
  router.add("POST", "/api/v1/job-postings/{id}/return", kAdmins,
             handle(app, step_posting, Step::kReturn));
  router.add("POST", "/api/v1/job-postings/{id}/take-down", kAdmins,
             handle(app, step_posting, Step::kTakeDown));
  router.add("POST", "/api/v1/job-postings/{id}/renew", kEmployerStaff,
             handle(app, step_posting, Step::kRenew));
  router.add("POST", "/api/v1/job-postings/{id}/fill", kEmployerStaff,
             handle(app, step_posting, Step::kFill));

  router.add("GET", "/api/v1/me/job-profile", http::Access::signed_in(), handle(app, get_profile));
  router.add("PUT", "/api/v1/me/job-profile", http::Access::signed_in(), handle(app, put_profile));
  router.add("GET", "/api/v1/me/job-applications", http::Access::signed_in(),
             handle(app, my_applications));
  router.add("GET", "/api/v1/job-applications", kEmployerStaff, handle(app, list_applications));
  router.add("GET", "/api/v1/job-applications/{id}", kEmployerStaff, handle(app, get_application));
  router.add("POST", "/api/v1/job-applications/{id}/move", kEmployerStaff,
             handle(app, move_application));

  router.add("GET", "/api/v1/job-figures", kAdmins, handle(app, job_figures));

  router.add("GET", "/api/v1/me/job-alerts", kMembers, handle(app, list_alerts));
  router.add("POST", "/api/v1/me/job-alerts", kMembers, handle(app, create_alert));
  router.add("DELETE", "/api/v1/me/job-alerts/{id}", kMembers, handle(app, delete_alert));
}

}  // namespace gonghui::api
