// 电子会员卡: the member's card with its minute QR code; staff check a code (验证会员) and
// record the use of one of their offers against it.
#include "domain/card/card.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/campaign/voucher.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;

bj::value time_of(int64_t ms) { return bj::value(format_rfc3339(Timestamp{ms})); }

// GET /api/v1/me/card
http::Response my_card(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    const int64_t now = Timestamp::now().ms;
    GH_ASSIGN(card::Card c, card::member_card(tx, member_of(request), now));
    GH_ASSIGN(std::string svg, campaign::qr_svg(c.token));
    return bj::object{{"name", c.name},
                      {"org_name", c.org_name},
                      {"card_no", c.card_no},
                      {"token", c.token},
                      {"qr_svg", svg},
                      {"expires_at", time_of(c.expires_at)},
                      {"refresh_at", time_of(c.refresh_at)},
                      // The client's clock may be wrong: it waits this long, not until refresh_at.
                      {"refresh_in_ms", c.refresh_at - now}};
  });
}

// POST /api/v1/merchant/member-check
http::Response member_check(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string token, json::required_string(*body, "token", 400));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(card::MemberCheck check,
              card::check_member(tx, caller(request), token, Timestamp::now().ms));
    return bj::object{{"status", enum_name(check.status)},
                      {"member_name", check.masked_name},
                      {"org_name", check.org_name},
                      {"expires_at", time_of(check.expires_at)}};
  });
}

// POST /api/v1/merchant/offer-uses: 201 when recorded, 200 when this code and offer were
// recorded before.
http::Response record_offer_use(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string token, json::required_string(*body, "token", 400));
  GH_ASSIGN_OR_RENDER(int64_t offer_id, json::required_id(*body, "offer_id"));
  card::OfferUse use;
  const Status status = app.db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(use,
              card::record_offer_use(tx, caller(request), token, offer_id, Timestamp::now().ms));
    return Status::Ok();
  });
  if (!status.ok()) {
    return error(status.error());
  }
  return http::Response::json(use.created ? 201 : 200,
                              bj::object{{"id", std::to_string(use.id)},
                                         {"offer_id", std::to_string(use.offer_id)},
                                         {"offer_title", use.offer_title},
                                         {"member_name", use.masked_name},
                                         {"org_name", use.org_name},
                                         {"recorded_by", use.recorded_by},
                                         {"used_at", time_of(use.used_at)},
                                         {"created", use.created}});
}

}  // namespace

void register_card(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/me/card", kMembers, handle(app, my_card));
  const http::Access staff = http::Access::of({Role::kMerchantStaff});
  router.add("POST", "/api/v1/merchant/member-check", staff, handle(app, member_check));
  router.add("POST", "/api/v1/merchant/offer-uses", staff, handle(app, record_offer_use));
}

}  // namespace gonghui::api
