// The audit log, read by admins for their own subtree.
#include "domain/audit/audit.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/org/org.hpp"

namespace gonghui::api {
namespace {

boost::json::value parse_or_null(const std::string& text) {
  if (text.empty()) {
    return nullptr;
  }
  auto parsed = json::parse(text);
  return parsed.ok() ? std::move(parsed).value() : boost::json::value(text);
}

// GET /api/v1/audit
http::Response list_audit(app::App& app, http::Request& request) {
  audit::Filter filter;
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 50, 200));
  filter.limit = page.limit;
  if (auto cursor = request.query_param("cursor"); cursor && !cursor->empty()) {
    filter.before_seq = page.after_id;  // the cursor is a sequence number
  }
  GH_ASSIGN_OR_RENDER(filter.actor_id, query_id(request, "actor_id"));
  GH_ASSIGN_OR_RENDER(filter.from_ms, query_time(request, "from"));
  GH_ASSIGN_OR_RENDER(filter.to_ms, query_time(request, "to"));
  if (auto action = request.query_param("action")) filter.action = *action;
  if (auto type = request.query_param("target_type")) filter.target_type = *type;
  if (auto target = request.query_param("target_id")) filter.target_id = *target;
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(org::Org scope, org::admin_scope(tx, caller(request)));
    if (!caller(request).has(Role::kPlatformAdmin)) {
      filter.org_path = scope.path;
    }
    // One extra row tells whether another page follows.
    const int64_t page_size = filter.limit;
    filter.limit = page_size + 1;
    GH_ASSIGN(std::vector<audit::Entry> entries, audit::list(tx, filter));
    const bool more = static_cast<int64_t>(entries.size()) > page_size;
    if (more) {
      entries.pop_back();
    }
    boost::json::array items;
    for (const auto& e : entries) {
      items.push_back({{"seq", std::to_string(e.seq)},
                       {"id", std::to_string(e.id)},
                       {"at", format_rfc3339(Timestamp{e.at})},
                       {"actor_id", std::to_string(e.actor_id)},
                       {"actor_name", e.actor_name},
                       {"action", e.action},
                       {"target_type", e.target_type},
                       {"target_id", e.target_id},
                       {"org_id", std::to_string(e.org_id)},
                       {"before", parse_or_null(e.before_json)},
                       {"after", parse_or_null(e.after_json)},
                       {"hash", e.hash}});
    }
    return boost::json::object{
        {"next_cursor", more ? boost::json::value(std::to_string(entries.back().seq))
                             : boost::json::value(nullptr)},
        {"items", std::move(items)}};
  });
}

}  // namespace

void register_audit(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/audit", kAdmins, handle(app, list_audit));
}

}  // namespace gonghui::api
