// Wiring: which migrations exist and which modules' routes the server serves.
#include "app/app.hpp"

#include <stdexcept>

#include "api/routes.hpp"
#include "api/support.hpp"
#include "domain/audit/audit.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/member/member.hpp"
#include "domain/merchant/catalogue.hpp"
#include "domain/merchant/merchant.hpp"
#include "domain/merchant/photo.hpp"
#include "text/normalize.hpp"
#include "text/pinyin.hpp"
#include "domain/org/org.hpp"
#include "domain/purchase/purchase.hpp"
#include "domain/report/report.hpp"

namespace gonghui::app {

std::vector<store::Migration> all_migrations() {
  std::vector<store::Migration> all;
  auto append = [&all](std::vector<store::Migration> more) {
    all.insert(all.end(), more.begin(), more.end());
  };
  all.push_back({1, "settings",
                 "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)", ""});
  append(api::idempotency_migrations());
  append(org::migrations());
  append(audit::migrations());
  append(auth::migrations());
  append(member::migrations());
  append(ledger::migrations());
  append(merchant::migrations());
  append(merchant::photo_migrations());
  append(campaign::migrations());
  append(purchase::migrations());
  append(report::migrations());
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

void start_services(App& app) {
  auth::SessionOptions options;
  options.ttl_ms = app.config.session_ttl_hours * 3600 * 1000;
  options.refuse_demo = app.config.production;
  app.sessions = std::make_unique<auth::Sessions>(*app.db, options);
  if (auto simplifier = text::load_simplifier(); !simplifier.ok()) {
    throw std::runtime_error("cannot load OpenCC: " + simplifier.error().message);
  }
  auto pinyin = text::PinyinTable::shared();
  if (!pinyin.ok()) {
    throw std::runtime_error("cannot load pinyin readings: " + pinyin.error().message);
  }
  app.catalogue = std::make_unique<merchant::CatalogueSearch>(*app.db, **pinyin);
  if (auto keys = campaign::ensure_keys(*app.db); !keys.ok()) {
    throw std::runtime_error("cannot make server keys: " + keys.error().message);
  }
}

void register_routes(http::Router& router, App& app) {
  router.set_authenticator(api::authenticator(app));
  api::register_health(router, app);
  api::register_auth(router, app);
  api::register_orgs(router, app);
  api::register_members(router, app);
  api::register_audit(router, app);
  api::register_points(router, app);
  api::register_merchants(router, app);
  api::register_campaigns(router, app);
  api::register_vouchers(router, app);
  api::register_purchases(router, app);
  api::register_reports(router, app);
}

}  // namespace gonghui::app
