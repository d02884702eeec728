// The running application: configuration, the database and the route table, wired once.
#pragma once

#include <memory>

#include "app/config.hpp"
#include "http/router.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::app {

struct App {
  Config config;
  std::unique_ptr<store::Db> db;
};

// Every module's migrations, in version order.
std::vector<store::Migration> all_migrations();

// Opens the database named by config and applies migrations. Throws on broken config.
std::unique_ptr<store::Db> open_database(const Config& config);

// Registers every API route.
void register_routes(http::Router& router, App& app);

}  // namespace gonghui::app
