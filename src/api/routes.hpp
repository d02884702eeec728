// One registration function per API module; each lives in api/<module>.cpp.
#pragma once

#include "http/router.hpp"

namespace gonghui::app {
struct App;
}

namespace gonghui::api {

void register_health(http::Router& router, app::App& app);
void register_metrics(http::Router& router, app::App& app);
void register_auth(http::Router& router, app::App& app);
void register_access(http::Router& router, app::App& app);
void register_orgs(http::Router& router, app::App& app);
void register_members(http::Router& router, app::App& app);
void register_audit(http::Router& router, app::App& app);
void register_merchants(http::Router& router, app::App& app);
void register_points(http::Router& router, app::App& app);
void register_campaigns(http::Router& router, app::App& app);
void register_vouchers(http::Router& router, app::App& app);
void register_purchases(http::Router& router, app::App& app);
void register_reports(http::Router& router, app::App& app);
void register_overview(http::Router& router, app::App& app);
void register_history(http::Router& router, app::App& app);
void register_card(http::Router& router, app::App& app);
void register_share(http::Router& router, app::App& app);
void register_sms(http::Router& router, app::App& app);
void register_messages(http::Router& router, app::App& app);
void register_mine(http::Router& router, app::App& app);
void register_news(http::Router& router, app::App& app);
void register_model_workers(http::Router& router, app::App& app);
void register_training(http::Router& router, app::App& app);
void register_training_sessions(http::Router& router, app::App& app);
void register_documents(http::Router& router, app::App& app);
void register_subsidies(http::Router& router, app::App& app);
void register_jobs(http::Router& router, app::App& app);
void register_joining(http::Router& router, app::App& app);
void register_stations(http::Router& router, app::App& app);
void register_helplists(http::Router& router, app::App& app);
void register_fairs(http::Router& router, app::App& app);

}  // namespace gonghui::api
