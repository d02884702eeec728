// The running application: configuration, the database, the services built on it and the
// route table, wired once at start-up.
#pragma once

#include <atomic>
#include <memory>

#include "app/config.hpp"
#include "core/metrics.hpp"
#include "domain/auth/auth.hpp"
#include "domain/jobs/jobs.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/merchant/catalogue.hpp"
#include "domain/message/message.hpp"
#include "domain/news/news.hpp"
#include "domain/report/rollup.hpp"
#include "domain/sms/sms.hpp"
#include "http/router.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::app {

struct App {
  Config config;
  std::unique_ptr<store::Db> db;
  std::unique_ptr<auth::Sessions> sessions;
  std::unique_ptr<merchant::CatalogueSearch> catalogue;
  std::unique_ptr<news::NewsSearch> news_search;  // readers' search of articles and profiles
  std::unique_ptr<jobs::JobSearch> job_search;    // everyone's search of published jobs
  // Texts to members' phones through the configured provider (sms_provider). Other modules
  // send with `app.sms->send(…)` for the kinds sms::sends_by_sms says go by text.
  std::unique_ptr<sms::Sender> sms;
  // Background work, declared after the database so that it stops before the database
  // closes: large points grants finished (and those left running at start-up resumed), and
  // settled campaigns summarised for the impact report.
  std::unique_ptr<ledger::GrantRunner> grants;
  std::unique_ptr<report::RollupRunner> rollups;
  // Due reminders and expiry warnings posted as messages, and admins' notices delivered; its
  // thread also publishes scheduled news (news_sweep_ms).
  std::unique_ptr<message::MessageRunner> messages;
  metrics::Registry metrics;  // what GET /metrics renders
  // Set when the server starts draining at a stop: GET /api/v1/ready then answers 503 so
  // that a load balancer or the rolling-upgrade procedure takes the instance out of its pool.
  std::atomic<bool> draining{false};
};

// Every module's migrations, in version order.
std::vector<store::Migration> all_migrations();

// Opens the database named by config and applies migrations. Unless config names an
// instance_id, takes this process's id instance number from the database (see
// next_instance_number). Throws on broken config.
std::unique_ptr<store::Db> open_database(const Config& config);

// The next value of a counter in the database, modulo 1,024: the instance part of the ids
// this process makes. Several processes writing to one database (instances, and CLI
// commands beside them) must not share an instance number, or two could make the same id
// in the same millisecond; a counter instead of a random pick means 1,024 starts go by
// before a number comes round again.
Result<uint32_t> next_instance_number(store::Db& db);

// The SMS provider's settings from the configuration, the secret read from
// sms_key_secret_file when the environment did not give it. Throws on a file it cannot read.
sms::ProviderConfig sms_provider_config(const Config& config);

// Builds the services on an open database (sessions, search, keys, the report's rollups…).
void start_services(App& app);

// Registers every API route and the authenticator.
void register_routes(http::Router& router, App& app);

}  // namespace gonghui::app
