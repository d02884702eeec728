// Codes by text, the demo outbox and the platform's choice of which messages go by text.
#include <algorithm>

#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"
#include "domain/auth/throttle.hpp"
#include "domain/sms/sms.hpp"

namespace gonghui::api {
namespace {

// POST /api/v1/auth/code
http::Response send_code(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string phone, json::required_string(*body, "phone", 20));
  GH_ASSIGN_OR_RENDER(std::string purpose_text, json::required_string(*body, "purpose", 40));
  const auto purpose = parse_enum<sms::CodePurpose>(purpose_text);
  if (!purpose) {
    return error(Error::invalid("purpose", "invalid_purpose",
                                "purpose must be sign_in, reset_password or verify_phone"));
  }
  int64_t wait = 0;
  const auth::Limit per_address{
      "sms_code", static_cast<int>(app.config.sms_codes_per_address_per_hour), 3600 * 1000};
  Status status = auth::take(*app.db, per_address, request.remote_address, &wait);
  if (status.ok()) {
    status = sms::send_code(*app.db, *app.sms, phone, *purpose, sms::CodeRules{}, &wait);
  }
  if (!status.ok()) {
    http::Response response = error(status.error());
    if (status.error().kind == ErrorKind::kTooManyRequests) {
      response.set_header("Retry-After", std::to_string(std::max<int64_t>(1, wait)));
    }
    return response;
  }
  const sms::CodeRules rules;
  return http::Response::ok(boost::json::object{
      {"ok", true}, {"expires_in", rules.ttl_ms / 1000}, {"resend_in", rules.resend_ms / 1000}});
}

// GET /api/v1/sms/outbox
http::Response list_outbox(app::App& app, http::Request& request) {
  const std::string phone(request.query_param("phone").value_or(""));
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 50, 200));
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(std::vector<sms::OutboxText> texts,
              sms::list_outbox(tx, caller(request), phone, page.limit));
    boost::json::array items;
    for (const sms::OutboxText& text : texts) {
      items.push_back(
          boost::json::object{{"id", std::to_string(text.id)},
                              {"phone", mask_phone(text.phone)},
                              {"kind", text.kind},
                              {"body", text.body},
                              {"created_at", format_rfc3339(Timestamp{text.created_at})}});
    }
    return boost::json::object{{"kept", app.sms->keeps_outbox()}, {"items", std::move(items)}};
  });
}

boost::json::object render_settings(app::App& app, const std::vector<sms::KindSetting>& kinds) {
  boost::json::array out;
  for (const sms::KindSetting& kind : kinds) {
    out.push_back(
        boost::json::object{{"kind", kind.kind}, {"by_sms", kind.by_sms}, {"fixed", kind.fixed}});
  }
  return {{"provider", app.sms->provider_name()},
          {"outbox", app.sms->keeps_outbox()},
          {"kinds", std::move(out)}};
}

// GET /api/v1/sms/settings
http::Response get_settings(app::App& app, http::Request& request) {
  if (!caller(request).has(Role::kPlatformAdmin)) {
    return error(Error::forbidden("only a platform admin may do this"));
  }
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(std::vector<sms::KindSetting> kinds, sms::kind_settings(tx));
    return render_settings(app, kinds);
  });
}

// PUT /api/v1/sms/settings
http::Response put_settings(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  const auto* kinds = body->if_contains("kinds");
  if (kinds == nullptr || !kinds->is_object()) {
    return error(Error::invalid("kinds", "required", "kinds is an object of kind → true/false"));
  }
  std::map<std::string, bool> by_sms;
  for (const auto& [kind, value] : kinds->get_object()) {
    if (!value.is_bool()) {
      return error(Error::invalid("kinds." + std::string(kind), "invalid_type",
                                  "each kind is true or false"));
    }
    by_sms[std::string(kind)] = value.get_bool();
  }
  std::vector<sms::KindSetting> settings;
  const Status status = app.db->write([&](store::Tx& tx) -> Status {
    GH_TRY(sms::set_kind_settings(tx, caller(request), by_sms));
    GH_ASSIGN(settings, sms::kind_settings(tx));
    return Status::Ok();
  });
  if (!status.ok()) {
    return error(status.error());
  }
  return http::Response::ok(render_settings(app, settings));
}

}  // namespace

void register_sms(http::Router& router, app::App& app) {
  router.add("POST", "/api/v1/auth/code", http::Access::public_self_throttled(),
             handle(app, send_code));

  router.add("GET", "/api/v1/sms/outbox", http::Access::of({Role::kPlatformAdmin}),
             handle(app, list_outbox));

  router.add("GET", "/api/v1/sms/settings", http::Access::of({Role::kPlatformAdmin}),
             handle(app, get_settings));

  router.add("PUT", "/api/v1/sms/settings", http::Access::of({Role::kPlatformAdmin}),
             handle(app, put_settings));
}

}  // namespace gonghui::api
