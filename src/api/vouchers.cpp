// Vouchers: a member's list and QR codes; redemption (核销) by merchant staff.
#include "api/campaign_render.hpp"
#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"
#include "domain/campaign/voucher.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;

// GET /api/v1/me/vouchers: all of them, or those of one `status` (issued, redeemed, expired,
// void), with the count of each status for the tabs.
http::Response my_vouchers(app::App& app, http::Request& request) {
  std::optional<campaign::VoucherStatus> wanted;
  if (auto status = request.query_param("status"); status && !status->empty()) {
    wanted = parse_enum<campaign::VoucherStatus>(*status);
    if (!wanted) {
      return error(Error::invalid("status", "invalid_status",
                                  "status is issued, redeemed, expired or void"));
    }
  }
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(std::vector<campaign::Voucher> vouchers,
              campaign::member_vouchers(tx, member_of(request)));
    const int64_t now = Timestamp::now().ms;
    bj::object counts{{"issued", 0}, {"redeemed", 0}, {"expired", 0}, {"void", 0}};
    bj::array items;
    for (const campaign::Voucher& v : vouchers) {
      const campaign::VoucherStatus status = v.status(now);
      counts[enum_name(status)] = counts[enum_name(status)].as_int64() + 1;
      if (!wanted || *wanted == status) {
        items.push_back(render(v, now));
      }
    }
    return bj::object{{"items", std::move(items)}, {"counts", std::move(counts)}};
  });
}

http::Response voucher_qr(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(
      std::string svg, read_value(*app.db, [&](store::Tx& tx) -> Result<std::string> {
        GH_ASSIGN(campaign::Voucher v, campaign::member_voucher(tx, member_of(request), id));
        return campaign::qr_svg(v.token);
      }));
  http::Response response;
  response.content_type = "image/svg+xml";
  response.body = std::move(svg);
  response.set_header("Cache-Control", "private, max-age=300");
  return response;
}

// By the short code or the signed token, exactly one of the two.
http::Response redeem(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(auto code, json::optional_string(*body, "code", 40));
  GH_ASSIGN_OR_RENDER(auto token, json::optional_string(*body, "token", 400));
  if (code.value_or("").empty() == token.value_or("").empty()) {
    return error(Error::invalid("code", "required", "send either code or token"));
  }
  campaign::Voucher redeemed;
  Status status = app.db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(redeemed, campaign::redeem(tx, caller(request), code.value_or(""), token.value_or(""),
                                         Timestamp::now().ms));
    return Status::Ok();
  });
  if (!status.ok()) {
    return error(status.error());
  }
  redeemed.token.clear();
  // Staff recognise the member by a masked name, never the whole of it.
  bj::object out = render(redeemed, Timestamp::now().ms);
  out["member_name"] = mask_name(redeemed.member_name);
  return http::Response::ok(out);
}

}  // namespace

void register_vouchers(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/me/vouchers", kMembers, handle(app, my_vouchers));
  router.add("GET", "/api/v1/vouchers/{id}/qr.svg", kMembers, handle(app, voucher_qr));
  router.add("POST", "/api/v1/vouchers/redeem", http::Access::of({Role::kMerchantStaff}),
             handle(app, redeem));
}

}  // namespace gonghui::api
