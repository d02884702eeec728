// GET /api/v1/health: liveness, version, database engine and malloc.
#include "api/routes.hpp"
#include "app/app.hpp"
#include "core/allocator.hpp"

namespace gonghui::api {

void register_health(http::Router& router, app::App& app) {
  router.add(
      "GET", "/api/v1/health", http::Access::public_route(),
      [&app](http::Request&) {
        // A trivial read proves the database answers, not just the process.
        Status status = app.db->read([](store::Tx& tx) -> Status {
          return tx.query("SELECT 1").ok() ? Status::Ok()
                                           : Error::internal("database did not answer");
        });
        boost::json::object body;
        body["status"] = status.ok() ? "ok" : "degraded";
        body["version"] = GONGHUI_VERSION;
        body["db"] = std::string(app.db->engine());
        body["allocator"] = allocator_name();
        return http::Response::json(status.ok() ? 200 : 503, body);
      },
      http::Body::kJson,
      // On the embedded engine the read takes microseconds: it runs on the I/O thread.
      app.db && app.db->engine() == "sqlite" ? http::Runs::kInline : http::Runs::kWorker);
}

}  // namespace gonghui::api
