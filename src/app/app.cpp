// Wiring: which migrations exist and which modules' routes the server serves.
#include "app/app.hpp"

#include <stdexcept>

#include "api/routes.hpp"

namespace gonghui::app {

std::vector<store::Migration> all_migrations() {
  std::vector<store::Migration> all;
  all.push_back({1, "settings",
                 "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)", ""});
  return all;
}

std::unique_ptr<store::Db> open_database(const Config& config) {
  auto db = store::open(config.db);
  auto report = store::migrate(*db, all_migrations());
  if (!report.ok()) {
    throw std::runtime_error("migration failed: " + report.error().message);
  }
  return db;
}

void register_routes(http::Router& router, App& app) {
  api::register_health(router, app);
}

}  // namespace gonghui::app
