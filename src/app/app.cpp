// Wiring: which migrations exist and which modules' routes the server serves.
#include "app/app.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/demo.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/access/access.hpp"
#include "domain/audit/audit.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/card/card.hpp"
#include "domain/document/document.hpp"
#include "domain/fair/fair.hpp"
#include "domain/helplist/helplist.hpp"
#include "domain/history/history.hpp"
#include "domain/jobs/jobs.hpp"
#include "domain/joining/joining.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/member/member.hpp"
#include "domain/merchant/catalogue.hpp"
#include "domain/merchant/merchant.hpp"
#include "domain/merchant/photo.hpp"
#include "domain/message/message.hpp"
#include "domain/mine/mine.hpp"
#include "domain/news/news.hpp"
#include "domain/org/org.hpp"
#include "domain/purchase/purchase.hpp"
#include "domain/report/report.hpp"
#include "domain/sealing/sealing.hpp"
#include "domain/station/station.hpp"
#include "domain/subsidy/subsidy.hpp"
#include "domain/training/training.hpp"
#include "text/normalize.hpp"
#include "text/pinyin.hpp"

namespace gonghui::app {

std::vector<store::Migration> all_migrations() {
  std::vector<store::Migration> all;
  auto append = [&all](std::vector<store::Migration> more) {
    all.insert(all.end(), more.begin(), more.end());
  };
  all.push_back(
      {1, "settings", "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)", ""});
  append(api::idempotency_migrations());
  append(org::migrations());
  append(audit::migrations());
  append(auth::migrations());
  append(access::migrations());
  append(member::migrations());
  append(ledger::migrations());
  append(merchant::migrations());
  append(merchant::photo_migrations());
  append(campaign::migrations());
  append(purchase::migrations());
  append(report::migrations());
  append(history::migrations());
  append(card::migrations());
  append(sms::migrations());
  append(message::migrations());
  append(mine::migrations());
  append(news::migrations());
  append(training::migrations());
  append(document::migrations());
  append(subsidy::migrations());
  append(jobs::migrations());
  append(joining::migrations());
  append(station::migrations());
  append(helplist::migrations());
  append(fair::migrations());
  return all;
}

Result<uint32_t> next_instance_number(store::Db& db) {
  int64_t counter = 0;
  GH_TRY(db.write([&](store::Tx& tx) -> Status {
    // The upsert locks the row, so concurrent starts (on PostgreSQL) each get their own value.
    GH_TRY(
        tx.exec("INSERT INTO settings (key, value) VALUES ('id_instance_counter', '0') "
                "ON CONFLICT (key) DO UPDATE SET value = "
                "CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT)"));
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT value FROM settings WHERE key = 'id_instance_counter'"));
    counter = rows.empty() ? 0 : rows[0].integer(0);
    return Status::Ok();
  }));
  return static_cast<uint32_t>(counter % 1024);
}

std::unique_ptr<store::Db> open_database(const Config& config) {
  if (config.db_pool_size < 1 || config.db_pool_size > 1000) {
    throw std::runtime_error("--db-pool-size must be between 1 and 1000");
  }
  auto db = store::open(config.db, static_cast<int>(config.db_pool_size));
  auto report = store::migrate(*db, all_migrations());
  if (!report.ok()) {
    throw std::runtime_error("migration failed: " + report.error().message);
  }
  if (config.instance_id < 0) {
    auto number = next_instance_number(*db);
    if (!number.ok()) {
      throw std::runtime_error("cannot take an instance number: " + number.error().message);
    }
    IdGenerator::set_global_instance(*number);
  }
  return db;
}

sms::ProviderConfig sms_provider_config(const Config& config) {
  sms::ProviderConfig out;
  out.name = config.sms_provider;
  out.key_id = config.sms_key_id;
  out.key_secret = config.sms_key_secret;
  if (out.key_secret.empty() && !config.sms_key_secret_file.empty()) {
    std::ifstream in(config.sms_key_secret_file);
    if (!in) {
      throw std::runtime_error("cannot read sms_key_secret_file " + config.sms_key_secret_file);
    }
    std::stringstream text;
    text << in.rdbuf();
    out.key_secret = text.str();
    while (!out.key_secret.empty() &&
           (out.key_secret.back() == '\n' || out.key_secret.back() == '\r' ||
            out.key_secret.back() == ' ')) {
      out.key_secret.pop_back();
    }
  }
  out.sign_name = config.sms_sign_name;
  out.app_id = config.sms_app_id;
  out.region = config.sms_region;
  out.endpoint = config.sms_endpoint;
  out.ca_file = config.sms_ca_file;
  return out;
}

namespace {

// The Sender of the configured provider; the demo outbox only for the log provider on a demo
// database outside production.
std::unique_ptr<sms::Sender> make_sms_sender(App& app) {
  std::unique_ptr<sms::Provider> provider;
  try {
    provider = sms::make_provider(sms_provider_config(app.config));
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(e.what());
  }
  auto templates = sms::parse_templates(app.config.sms_templates);
  if (!templates.ok()) {
    throw std::runtime_error(templates.error().message);
  }
  sms::SenderOptions options;
  options.templates = std::move(templates).value();
  if (provider->name() == "log" && !app.config.production) {
    auto demo = has_demo_accounts(*app.db);
    options.keep_outbox = demo.ok() && *demo;
  }
  return std::make_unique<sms::Sender>(*app.db, std::move(provider), std::move(options));
}

}  // namespace

void start_services(App& app) {
  auth::SessionOptions options;
  options.ttl_ms = app.config.session_ttl_hours * 3600 * 1000;
  options.refuse_demo = app.config.production;
  options.max_concurrent_hashes =
      static_cast<int>(std::max<int64_t>(1, app.config.max_password_hashes));
  app.sessions = std::make_unique<auth::Sessions>(*app.db, options);
  if (auto simplifier = text::load_simplifier(); !simplifier.ok()) {
    throw std::runtime_error("cannot load OpenCC: " + simplifier.error().message);
  }
  auto pinyin = text::PinyinTable::shared();
  if (!pinyin.ok()) {
    throw std::runtime_error("cannot load pinyin readings: " + pinyin.error().message);
  }
  app.catalogue = std::make_unique<merchant::CatalogueSearch>(*app.db, **pinyin);
  app.news_search = std::make_unique<news::NewsSearch>(*app.db, **pinyin);
  app.job_search = std::make_unique<jobs::JobSearch>(*app.db, **pinyin);
  if (auto keys = campaign::ensure_keys(*app.db); !keys.ok()) {
    throw std::runtime_error("cannot make server keys: " + keys.error().message);
  }
  if (auto key = sealing::ensure_key(*app.db); !key.ok()) {
    throw std::runtime_error("cannot make the sealing key: " + key.error().message);
  }
  app.sms = make_sms_sender(app);
  app.grants = std::make_unique<ledger::GrantRunner>(*app.db);
  app.rollups = std::make_unique<report::RollupRunner>(*app.db);
  if (auto key = training::ensure_key(*app.db); !key.ok()) {
    throw std::runtime_error("cannot make the training key: " + key.error().message);
  }
  message::MessageRunner::Options sweeps;
  sweeps.sweep_ms = std::max<int64_t>(100, app.config.message_sweep_ms);
  // Offers from a course's waiting list that were not confirmed in time pass to the next.
  sweeps.jobs.push_back({[db = app.db.get()](int64_t now) {
    if (auto lapsed = training::lapse_offers(*db, now); !lapsed.ok()) {
      std::cerr << "training: lapsing offers: " << lapsed.error().message << std::endl;
    }
  }});
  // Scheduled articles and profiles, published by whichever instance sweeps first.
  sweeps.jobs.push_back({[db = app.db.get()](int64_t now) {
                           if (auto published = news::publish_due(*db, now); !published.ok()) {
                             std::cerr
                                 << "news: scheduled publishing: " << published.error().message
                                 << std::endl;
                           }
                         },
                         std::max<int64_t>(100, app.config.news_sweep_ms)});
  // Jobs past their expiry are stored as expired, and each newly published job is announced
  // once to the members whose saved searches it matches.
  sweeps.jobs.push_back({[db = app.db.get(), pinyin = *pinyin](int64_t now) {
    if (auto expired = jobs::expire_jobs(*db, now); !expired.ok()) {
      std::cerr << "jobs: expiry: " << expired.error().message << std::endl;
    }
    if (auto sent = jobs::send_alerts(*db, *pinyin, now); !sent.ok()) {
      std::cerr << "jobs: alerts: " << sent.error().message << std::endl;
    }
  }});
  app.messages =
      std::make_unique<message::MessageRunner>(*app.db, std::move(sweeps), app.sms.get());
  // Photos uploaded before their bytes were kept in the database, from this instance's files.
  if (auto stored = merchant::store_cached_photos(*app.db, app.config.data_dir + "/photos");
      !stored.ok()) {
    throw std::runtime_error("cannot store photos in the database: " + stored.error().message);
  }
}

void register_routes(http::Router& router, App& app) {
  router.set_authenticator(api::authenticator(app));
  router.set_anonymous_write_limit(api::anonymous_write_limit(app));
  router.set_metrics_token(app.config.metrics_token);
  api::register_health(router, app);
  api::register_metrics(router, app);
  api::register_auth(router, app);
  api::register_access(router, app);
  api::register_orgs(router, app);
  api::register_members(router, app);
  api::register_audit(router, app);
  api::register_points(router, app);
  api::register_merchants(router, app);
  api::register_campaigns(router, app);
  api::register_vouchers(router, app);
  api::register_purchases(router, app);
  api::register_reports(router, app);
  api::register_overview(router, app);
  api::register_history(router, app);
  api::register_card(router, app);
  api::register_share(router, app);
  api::register_sms(router, app);
  api::register_messages(router, app);
  api::register_mine(router, app);
  api::register_training(router, app);
  api::register_training_sessions(router, app);
  api::register_documents(router, app);
  api::register_subsidies(router, app);
  api::register_stations(router, app);
  api::register_helplists(router, app);
  api::register_fairs(router, app);
  api::register_news(router, app);
  api::register_model_workers(router, app);
  api::register_jobs(router, app);
  api::register_joining(router, app);
}

}  // namespace gonghui::app
