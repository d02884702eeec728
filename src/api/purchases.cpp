// 助农采购: purchases of farm produce and the yearly purchase budget of a union.
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/purchase/purchase.hpp"

namespace gonghui::api {
namespace {

boost::json::object render(const purchase::Purchase& p) {
  boost::json::array campaigns;
  for (int64_t id : p.campaign_ids) campaigns.push_back(boost::json::value(std::to_string(id)));
  auto optional_id = [](int64_t id) {
    return id ? boost::json::value(std::to_string(id)) : boost::json::value(nullptr);
  };
  return {{"id", std::to_string(p.id)},
          {"org_id", std::to_string(p.org_id)},
          {"merchant_id", optional_id(p.merchant_id)},
          {"supplier_name", p.supplier_name},
          {"product_id", optional_id(p.product_id)},
          {"product_name", p.product_name},
          {"product_kind", p.product_kind},
          {"quantity", p.quantity},
          {"unit", p.unit},
          {"unit_price_fen", p.unit_price_fen},
          {"total_fen", p.total_fen},
          {"funding_source", p.funding_source},
          {"purchased_on", format_local_date(p.purchased_on)},
          {"invoice_ref", p.invoice_ref},
          {"counterpart_region", p.counterpart_region},
          {"campaign_ids", std::move(campaigns)},
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
  auto text = [&](std::string_view field, std::string& target, size_t max) -> Status {
    GH_ASSIGN(auto value, json::optional_string(body, field, max));
    if (value) target = *value;
    return Status::Ok();
  };
  GH_TRY(text("supplier_name", in.supplier_name, 100));
  GH_TRY(text("product_name", in.product_name, 100));
  GH_TRY(text("product_kind", in.product_kind, 20));
  GH_TRY(text("funding_source", in.funding_source, 100));
  GH_TRY(text("invoice_ref", in.invoice_ref, 60));
  GH_TRY(text("counterpart_region", in.counterpart_region, 60));
  GH_ASSIGN(in.unit, json::required_string(body, "unit", 10));
  GH_ASSIGN(in.quantity, json::required_integer(body, "quantity", 1, 1000000000));
  GH_ASSIGN(in.unit_price_fen, json::required_integer(body, "unit_price_fen", 0, 10000000000LL));
  GH_ASSIGN(in.total_fen, json::required_integer(body, "total_fen", 0, json::kMaxSafeInteger));
  GH_ASSIGN(std::string date, json::required_string(body, "purchased_on", 10));
  auto on = parse_local_date(date);
  if (!on) {
    return Error::invalid("purchased_on", "invalid_date",
                          "purchased_on must be a date (2025-03-01)");
  }
  in.purchased_on = *on;
  if (const auto* ids = body.if_contains("campaign_ids"); ids && !ids->is_null()) {
    if (!ids->is_array()) {
      return Error::invalid("campaign_ids", "invalid_field", "campaign_ids must be a list of ids");
    }
    for (const auto& item : ids->get_array()) {
      auto id = item.is_string() ? parse_id(std::string_view(item.get_string())) : std::nullopt;
      if (!id) return Error::invalid("campaign_ids", "invalid_id", "campaign_ids holds a bad id");
      in.campaign_ids.push_back(*id);
    }
  }
  return in;
}

// A bare date in a query parameter is a date in Asia/Shanghai; a time is taken as given.
Result<std::optional<int64_t>> query_local_time(const http::Request& request,
                                                std::string_view name) {
  auto raw = request.query_param(name);
  if (raw && raw->size() == 10) {
    if (auto on = parse_local_date(*raw)) return std::optional<int64_t>(*on);
  }
  return query_time(request, name);
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

// GET /api/v1/purchases
http::Response list_purchases(app::App& app, http::Request& request) {
  purchase::Filter filter;
  GH_ASSIGN_OR_RENDER(filter.org_id, query_id(request, "org_id"));
  GH_ASSIGN_OR_RENDER(filter.from, query_local_time(request, "from"));
  GH_ASSIGN_OR_RENDER(filter.to, query_local_time(request, "to"));
  GH_ASSIGN_OR_RENDER(Paging page, paging(request));
  filter.before_id = page.after_id;
  filter.limit = page.limit;
  purchase::Page result;
  Status status = app.db->read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(result, purchase::list(tx, caller(request), filter));
    return Status::Ok();
  });
  if (!status.ok()) return error(status.error());
  boost::json::array items;
  for (const auto& p : result.items) items.push_back(render(p));
  return http::Response::ok(
      {{"items", std::move(items)},
       {"next_cursor", result.next_cursor ? boost::json::value(std::to_string(result.next_cursor))
                                          : boost::json::value(nullptr)}});
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

  router.add("GET", "/api/v1/purchases", kAdmins, handle(app, list_purchases));

  router.add("PUT", "/api/v1/orgs/{id}/purchase-budget/{year}", kAdmins,
             handle(app, set_purchase_budget));
}

}  // namespace gonghui::api
