// The admin console's overview: the to-do list of the caller's subtree.
#include "domain/report/overview.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/time.hpp"

namespace gonghui::api {
namespace {

boost::json::object list_json(const report::OverviewList& list) {
  boost::json::array items;
  for (const report::OverviewItem& item : list.items) {
    items.push_back({{"id", std::to_string(item.id)},
                     {"name", item.name},
                     {"detail", item.detail},
                     {"at", format_rfc3339(Timestamp{item.at})}});
  }
  return {{"count", list.count}, {"items", std::move(items)}};
}

// GET /api/v1/overview
http::Response get_overview(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(report::Overview o, report::overview(tx, caller(request), Timestamp::now().ms));
    return boost::json::object{
        {"org_id", std::to_string(o.org_id)},
        {"org_name", o.org_name},
        {"pending_applications", list_json(o.applications)},
        {"expiring_contracts", list_json(o.expiring)},
        {"redemptions_today", list_json(o.redemptions)},
        {"closing_campaigns", list_json(o.closing)},
        {"points_budget",
         {{"budget", o.budget ? boost::json::value(*o.budget) : boost::json::value(nullptr)},
          {"used", o.budget_used},
          {"issued_this_year", o.issued_this_year}}},
        {"expiring_days", report::kOverviewExpiringDays},
        {"closing_days", report::kOverviewClosingDays}};
  });
}

}  // namespace

void register_overview(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/overview", kAdmins, handle(app, get_overview));
}

}  // namespace gonghui::api
