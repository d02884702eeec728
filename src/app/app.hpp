// The running application: configuration, the database, the services built on it and the
// route table, wired once at start-up.
#pragma once

#include <memory>

#include "app/config.hpp"
#include "domain/auth/auth.hpp"
#include "domain/merchant/catalogue.hpp"
#include "http/router.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::app {

struct App {
  Config config;
  std::unique_ptr<store::Db> db;
  std::unique_ptr<auth::Sessions> sessions;
  std::unique_ptr<merchant::CatalogueSearch> catalogue;
};

// Every module's migrations, in version order.
std::vector<store::Migration> all_migrations();

// Opens the database named by config and applies migrations. Throws on broken config.
std::unique_ptr<store::Db> open_database(const Config& config);

// Builds the services on an open database (sessions, keys…).
void start_services(App& app);

// Registers every API route and the authenticator.
void register_routes(http::Router& router, App& app);

}  // namespace gonghui::app
