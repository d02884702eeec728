// Sign-in (by password or by a code sent by text, which also registers a job seeker), sign-out,
// the current account, password change and reset.
#include <algorithm>

#include "api/jobs_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/jobs/jobs.hpp"
#include "domain/member/member.hpp"
#include "domain/org/org.hpp"
#include "domain/sms/sms.hpp"

namespace gonghui::api {
namespace {

boost::json::object render_principal(const Principal& principal, std::string_view phone) {
  boost::json::array roles;
  for (const RoleGrant& grant : principal.roles) {
    boost::json::object role{{"role", enum_name(grant.role)}};
    if (grant.org_id) role["org_id"] = std::to_string(grant.org_id);
    if (grant.merchant_id) role["merchant_id"] = std::to_string(grant.merchant_id);
    if (grant.employer_id) role["employer_id"] = std::to_string(grant.employer_id);
    if (grant.member_id) role["member_id"] = std::to_string(grant.member_id);
    roles.push_back(std::move(role));
  }
  return {{"id", std::to_string(principal.account_id)},
          {"name", principal.name},
          {"phone", phone},
          {"roles", std::move(roles)}};
}

// A cookie of the session; Secure whenever the request came over HTTPS, so that the browser
// never sends it back over plain HTTP.
std::string session_cookie(const http::Request& request, std::string_view name,
                           std::string_view value, int64_t max_age_s, bool http_only) {
  std::string cookie = std::string(name) + "=" + std::string(value) +
                       "; Path=/; SameSite=Lax; Max-Age=" + std::to_string(max_age_s);
  if (http_only) {
    cookie += "; HttpOnly";
  }
  if (request.https) {
    cookie += "; Secure";
  }
  return cookie;
}

// The answer to a refused sign-in: the error, with Retry-After when the number or the
// address must wait.
http::Response refused(app::App& app, const http::Request& request, std::string_view phone,
                       const Error& refusal) {
  http::Response response = error(refusal);
  if (refusal.kind == ErrorKind::kTooManyRequests) {
    auto wait = app.sessions->locked_for(phone, request.remote_address);
    // A wait of a second may be over by the time it is read again: then one second.
    response.set_header("Retry-After",
                        std::to_string(wait.ok() ? std::max<int64_t>(1, *wait) : 60));
  }
  return response;
}

// The answer to a sign-in: the session's token and account, and its cookies.
http::Response signed_in_response(const http::Request& request, const auth::SignIn& signed_in,
                                  std::string_view phone) {
  boost::json::object out{{"token", signed_in.token},
                          {"csrf_token", signed_in.csrf},
                          {"expires_at", format_rfc3339(Timestamp{signed_in.expires_at})},
                          {"account", render_principal(signed_in.principal, phone)}};
  http::Response response = http::Response::ok(out);
  const int64_t max_age = (signed_in.expires_at - Timestamp::now().ms) / 1000;
  response.set_header("Set-Cookie",
                      session_cookie(request, "gonghui_session", signed_in.token, max_age, true));
  response.set_header("Set-Cookie",
                      session_cookie(request, "gonghui_csrf", signed_in.csrf, max_age, false));
  response.set_header("Cache-Control", "no-store");
  return response;
}

// POST /api/v1/auth/login
http::Response sign_in(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string phone, json::required_string(*body, "phone", 20));
  GH_ASSIGN_OR_RENDER(std::string password, json::required_string(*body, "password", 200));
  auto signed_in = app.sessions->sign_in(phone, password, request.remote_address);
  if (!signed_in.ok()) {
    return refused(app, request, phone, signed_in.error());
  }
  return signed_in_response(request, *signed_in, phone);
}

// POST /api/v1/auth/login-code
http::Response sign_in_by_code(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string phone, json::required_string(*body, "phone", 20));
  GH_ASSIGN_OR_RENDER(std::string code, json::required_string(*body, "code", 20));
  if (!auth::valid_phone(phone)) {
    return error(Error::invalid("phone", "invalid_phone", "not a mainland mobile number"));
  }
  auto signed_in = app.sessions->sign_in_by_proof(
      phone, request.remote_address,
      sms::code_proof(phone, sms::CodePurpose::kSignIn, std::move(code)));
  if (!signed_in.ok()) {
    return refused(app, request, phone, signed_in.error());
  }
  return signed_in_response(request, *signed_in, phone);
}

// POST /api/v1/job-seekers: a sign-in by a verify_phone code whose proof also makes the
// account (without a password) and the job-seeker profile, in the proof's transaction.
http::Response register_job_seeker(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string phone, json::required_string(*body, "phone", 20));
  GH_ASSIGN_OR_RENDER(std::string code, json::required_string(*body, "code", 20));
  GH_ASSIGN_OR_RENDER(std::string name, json::required_string(*body, "name", 50));
  GH_ASSIGN_OR_RENDER(jobs::ProfileInput profile, jobs_json::read_profile(*body));
  if (!auth::valid_phone(phone)) {
    return error(Error::invalid("phone", "invalid_phone", "not a mainland mobile number"));
  }
  auto proof = sms::code_proof(phone, sms::CodePurpose::kVerifyPhone, std::move(code));
  auto signed_in = app.sessions->sign_in_by_proof(
      phone, request.remote_address, [&](store::Tx& tx) -> Result<std::optional<Error>> {
        GH_ASSIGN(std::optional<Error> failed, proof(tx));
        if (!failed) {
          GH_TRY(jobs::register_seeker(tx, phone, name, profile, Timestamp::now().ms));
        }
        return failed;
      });
  if (!signed_in.ok()) {
    return refused(app, request, phone, signed_in.error());
  }
  return signed_in_response(request, *signed_in, phone);
}

// POST /api/v1/auth/reset-password
http::Response reset_password(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string phone, json::required_string(*body, "phone", 20));
  GH_ASSIGN_OR_RENDER(std::string code, json::required_string(*body, "code", 20));
  GH_ASSIGN_OR_RENDER(std::string new_password, json::required_string(*body, "new_password", 200));
  if (!auth::valid_phone(phone)) {
    return error(Error::invalid("phone", "invalid_phone", "not a mainland mobile number"));
  }
  const Status reset = app.sessions->reset_password_by_proof(
      phone, new_password, request.remote_address,
      sms::code_proof(phone, sms::CodePurpose::kResetPassword, std::move(code)));
  if (!reset.ok()) {
    return refused(app, request, phone, reset.error());
  }
  return http::Response::ok(boost::json::object{{"ok", true}});
}

// The answer to a sign-out that `status` tells of: the error, or ok with the session's
// cookies cleared.
http::Response signed_out(const http::Request& request, const Status& status) {
  if (!status.ok()) {
    return error(status.error());
  }
  http::Response response = http::Response::ok(boost::json::object{{"ok", true}});
  response.set_header("Set-Cookie", session_cookie(request, "gonghui_session", "", 0, true));
  response.set_header("Set-Cookie", session_cookie(request, "gonghui_csrf", "", 0, false));
  return response;
}

// POST /api/v1/auth/logout
http::Response sign_out(app::App& app, http::Request& request) {
  return signed_out(request, app.sessions->sign_out(caller(request).session_id));
}

// POST /api/v1/auth/logout-all
http::Response sign_out_everywhere(app::App& app, http::Request& request) {
  return signed_out(request, app.sessions->sign_out_everywhere(caller(request).account_id));
}

// POST /api/v1/auth/password
http::Response change_password(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string old_password, json::required_string(*body, "old_password", 200));
  GH_ASSIGN_OR_RENDER(std::string new_password, json::required_string(*body, "new_password", 200));
  if (auto status = app.sessions->change_password(caller(request), old_password, new_password);
      !status.ok()) {
    return error(status.error());
  }
  return http::Response::ok(boost::json::object{{"ok", true}});
}

// GET /api/v1/me
http::Response get_me(app::App& app, http::Request& request) {
  const Principal& principal = caller(request);
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(auth::Account account, auth::get_account(tx, principal.account_id));
    boost::json::object out{{"account", render_principal(principal, account.phone)}};
    if (const RoleGrant* grant = principal.grant(Role::kMember)) {
      GH_ASSIGN(member::Member m, member::get(tx, principal, grant->member_id));
      out["member"] =
          boost::json::object{{"id", std::to_string(m.id)}, {"name", m.name},
                              {"card_no", m.card_no},       {"org_id", std::to_string(m.org_id)},
                              {"org_name", m.org_name},     {"status", enum_name(m.status)}};
    }
    return out;
  });
}

}  // namespace

void register_auth(http::Router& router, app::App& app) {
  router.add("POST", "/api/v1/auth/login", http::Access::public_self_throttled(),
             handle(app, sign_in));

  router.add("POST", "/api/v1/auth/login-code", http::Access::public_self_throttled(),
             handle(app, sign_in_by_code));

  router.add("POST", "/api/v1/job-seekers", http::Access::public_self_throttled(),
             handle(app, register_job_seeker));

  router.add("POST", "/api/v1/auth/reset-password", http::Access::public_self_throttled(),
             handle(app, reset_password));

  router.add("POST", "/api/v1/auth/logout", http::Access::signed_in(), handle(app, sign_out));

  router.add("POST", "/api/v1/auth/logout-all", http::Access::signed_in(),
             handle(app, sign_out_everywhere));

  router.add("POST", "/api/v1/auth/password", http::Access::signed_in(),
             handle(app, change_password));

  router.add("GET", "/api/v1/me", http::Access::signed_in(), handle(app, get_me));
}

}  // namespace gonghui::api
