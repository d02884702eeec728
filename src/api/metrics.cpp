// GET /metrics: the process's metrics in Prometheus text format, and the store's figures in it.
#include "api/routes.hpp"
#include "app/app.hpp"

namespace gonghui::api {

void register_metrics(http::Router& router, app::App& app) {
  using Type = metrics::Registry::Type;
  // Read at scrape time; app.db is open by then (routes are registered before it may be).
  auto stat = [&app](int64_t store::Db::Stats::*field) {
    return [&app, field]() -> int64_t { return app.db ? app.db->stats().*field : 0; };
  };
  app.metrics.info("gonghui_build_info", "the version of the running gonghui",
                   {{"version", GONGHUI_VERSION}});
  app.metrics.observe("gonghui_db_commits_total", "physical database commits", Type::kCounter,
                      stat(&store::Db::Stats::commits));
  app.metrics.observe("gonghui_db_writes_total",
                      "write transactions completed (several share a commit on SQLite)",
                      Type::kCounter, stat(&store::Db::Stats::writes));
  app.metrics.observe("gonghui_db_pool_in_use", "database connections busy now", Type::kGauge,
                      stat(&store::Db::Stats::pool_in_use));
  app.metrics.observe("gonghui_db_pool_size", "database connections open now", Type::kGauge,
                      stat(&store::Db::Stats::pool_size));

  app.metrics.observe(
      "gonghui_sessions_remembered_total",
      "session checks answered from memory instead of the database", Type::kCounter,
      [&app]() -> int64_t { return app.sessions ? app.sessions->cached_authentications() : 0; });

  // Not public data: platform admins, or a scraper holding the configured metrics token.
  router.add("GET", "/metrics", http::Access::metrics_scraper_or({Role::kPlatformAdmin}),
             [&app](http::Request&) {
               http::Response response;
               response.content_type = std::string(metrics::Registry::kContentType);
               response.body = app.metrics.render();
               return response;
             });
}

}  // namespace gonghui::api
