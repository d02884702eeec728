// 助农采购: purchases of farm produce and the yearly purchase budget of a union.
#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/purchase/purchase.hpp"

namespace gonghui::api {
namespace {

boost::json::object render(const purchase::Purchase& p) {
  return {{"id", std::to_string(p.id)},
          {"org_id", std::to_string(p.org_id)},
          {"merchant_id", optional_id_json(p.merchant_id)},
          {"supplier_name", p.supplier_name},
          {"product_id", optional_id_json(p.product_id)},
          {"product_name", p.product_name},
          {"product_kind", p.product_kind},
          {"quantity", p.quantity},
          {"unit", p.unit},
          {"portions", p.portions},
          {"unit_price_fen", p.unit_price_fen},
          {"total_fen", p.total_fen},
          {"funding_source", p.funding_source},
          {"purchased_on", format_local_date(p.purchased_on)},
          {"invoice_ref", p.invoice_ref},
          {"counterpart_region", p.counterpart_region},
          {"campaign_ids", ids_json(p.campaign_ids)},
          {"handed_out", p.handed_out},
          {"created_at", format_rfc3339(Timestamp{p.created_at})}};
}

Result<purchase::PurchaseInput> read_purchase(const boost::json::object& body) {
  purchase::PurchaseInput in;
  GH_ASSIGN(in.org_id, json::required_id(body, "org_id"));
  GH_ASSIGN(auto merchant_id, json::optional_id(body, "merchant_id"));
  in.merchant_id = merchant_id.value_or(0);
  GH_ASSIGN(auto product_id, json::optional_id(body, "product_id"));
  in.product_id = product_id.value_or(0);
  GH_TRY(assign_optional_string(body, "supplier_name", in.supplier_name, 100));
  GH_TRY(assign_optional_string(body, "product_name", in.product_name, 100));
  GH_TRY(assign_optional_string(body, "product_kind", in.product_kind, 20));
  GH_TRY(assign_optional_string(body, "funding_source", in.funding_source, 100));
  GH_TRY(assign_optional_string(body, "invoice_ref", in.invoice_ref, 60));
  GH_TRY(assign_optional_string(body, "counterpart_region", in.counterpart_region, 60));
  GH_ASSIGN(in.unit, json::required_string(body, "unit", 10));
  GH_ASSIGN(in.quantity, json::required_integer(body, "quantity", 1, 1000000000));
  GH_ASSIGN(auto portions, json::optional_integer(body, "portions", 0, 1000000000));
  in.portions = portions.value_or(0);
  GH_ASSIGN(in.unit_price_fen, json::required_integer(body, "unit_price_fen", 0, 10000000000LL));
  GH_ASSIGN(in.total_fen, json::required_integer(body, "total_fen", 0, json::kMaxSafeInteger));
  GH_ASSIGN(std::string date, json::required_string(body, "purchased_on", 10));
  auto on = parse_local_date(date);
  if (!on) {
    return Error::invalid("purchased_on", "invalid_date",
                          "purchased_on must be a date (2025-03-01)");
  }
  in.purchased_on = *on;
  GH_ASSIGN(in.campaign_ids, optional_ids(body, "campaign_ids"));
  return in;
}

// POST /api/v1/purchases
http::Response record_purchase(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(purchase::PurchaseInput input, read_purchase(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(purchase::Purchase p, purchase::create(tx, caller(request), input));
    return http::Response::json(201, render(p));
  });
}

// POST /api/v1/purchases/{id}/campaigns
http::Response link_purchase_campaigns(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::vector<int64_t> campaign_ids, optional_ids(*body, "campaign_ids"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(purchase::Purchase p,
              purchase::link_campaigns(tx, caller(request), id, campaign_ids));
    return http::Response::ok(render(p));
  });
}

// GET /api/v1/purchases
http::Response list_purchases(app::App& app, http::Request& request) {
  purchase::Filter filter;
  GH_ASSIGN_OR_RENDER(filter.org_id, query_id(request, "org_id"));
  GH_ASSIGN_OR_RENDER(filter.from, query_local_time(request, "from"));
  GH_ASSIGN_OR_RENDER(filter.to, query_local_time(request, "to"));
  GH_ASSIGN_OR_RENDER(Paging page, paging(request));
  filter.before_id = page.after_id;
  filter.limit = page.limit;
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(purchase::Page result, purchase::list(tx, caller(request), filter));
    return render_page(result.items, result.next_cursor,
                       [](const purchase::Purchase& p) { return render(p); });
  });
}

// PUT /api/v1/orgs/{id}/purchase-budget/{year}
http::Response set_purchase_budget(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t org_id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(int64_t year, path_id(request, "year"));
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(int64_t budget_fen,
                      json::required_integer(*body, "budget_fen", 0, json::kMaxSafeInteger));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(purchase::Budget b,
              purchase::set_budget(tx, caller(request), org_id, year, budget_fen));
    return http::Response::ok({{"org_id", std::to_string(b.org_id)},
                               {"year", b.year},
                               {"budget_fen", b.budget_fen},
                               {"used_fen", b.used_fen}});
  });
}

}  // namespace

void register_purchases(http::Router& router, app::App& app) {
  router.add("POST", "/api/v1/purchases", kAdmins, handle(app, record_purchase));
  router.add("POST", "/api/v1/purchases/{id}/campaigns", kAdmins,
             handle(app, link_purchase_campaigns));

  router.add("GET", "/api/v1/purchases", kAdmins, handle(app, list_purchases));

  router.add("PUT", "/api/v1/orgs/{id}/purchase-budget/{year}", kAdmins,
             handle(app, set_purchase_budget));
}

}  // namespace gonghui::api
