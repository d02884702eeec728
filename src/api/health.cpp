// GET /api/v1/health (liveness, version, database engine and malloc) and GET /api/v1/ready
// (whether a load balancer should send this instance requests).
#include "api/routes.hpp"
#include "app/app.hpp"
#include "core/allocator.hpp"

namespace gonghui::api {
namespace {

// A trivial read proves the database answers, not just the process.
bool database_answers(app::App& app) {
  Status status = app.db->read([](store::Tx& tx) -> Status {
    return tx.query("SELECT 1").ok() ? Status::Ok() : Error::internal("database did not answer");
  });
  return status.ok();
}

http::Response health(app::App& app) {
  const bool ok = database_answers(app);
  boost::json::object body;
  body["status"] = ok ? "ok" : "degraded";
  body["version"] = GONGHUI_VERSION;
  body["db"] = std::string(app.db->engine());
  body["allocator"] = allocator_name();
  return http::Response::json(ok ? 200 : 503, body);
}

// Not ready once the instance drains at a stop (it is leaving the pool), or while its
// database does not answer.
http::Response ready(app::App& app) {
  const char* reason = app.draining ? "draining" : !database_answers(app) ? "database" : nullptr;
  boost::json::object body{{"ready", reason == nullptr}};
  if (reason != nullptr) {
    body["reason"] = reason;
  }
  http::Response response = http::Response::json(reason == nullptr ? 200 : 503, body);
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace

void register_health(http::Router& router, app::App& app) {
  // On the embedded engine the read takes microseconds: these run on the I/O thread.
  const http::Runs runs =
      app.db && app.db->engine() == "sqlite" ? http::Runs::kInline : http::Runs::kWorker;
  router.add(
      "GET", "/api/v1/health", http::Access::public_route(),
      [&app](http::Request&) { return health(app); }, http::Body::kJson, runs);
  router.add(
      "GET", "/api/v1/ready", http::Access::public_route(),
      [&app](http::Request&) { return ready(app); }, http::Body::kJson, runs);
}

}  // namespace gonghui::api
