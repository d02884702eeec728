// Documents (an enrolment report, a certificate …): uploaded once, kept sealed, read back by the
// uploader here and by a module's reviewers through that module's own route.
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "domain/document/document.hpp"

namespace gonghui::api {
namespace {

// POST /api/v1/documents
http::Response upload_document(app::App& app, http::Request& request) {
  const int64_t uploader = caller(request).account_id;
  // Per account and in total per day, with the photos' numbers, so that no account fills the
  // database with documents.
  constexpr int64_t kDayMs = 24LL * 3600 * 1000;
  const auth::Limit per_account{"document_upload",
                                static_cast<int>(app.config.uploads_per_account_per_day), kDayMs};
  if (auto limited = take_limit(app, per_account, std::to_string(uploader))) {
    return std::move(*limited);
  }
  const auth::Limit in_total{"document_upload", static_cast<int>(app.config.uploads_per_day),
                             kDayMs};
  if (auto limited = take_limit(app, in_total, "all")) {
    return std::move(*limited);
  }
  document::Document saved;
  const Status status = app.db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(saved, document::save(tx, request.body, uploader));
    return Status::Ok();
  });
  if (!status.ok()) {
    return error(status.error());
  }
  return http::Response::json(201, boost::json::object{{"id", std::to_string(saved.id)},
                                                       {"content_type", saved.content_type},
                                                       {"bytes", saved.bytes}});
}

// GET /api/v1/documents/{id}
http::Response get_document(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(auto loaded, read_value(*app.db, [&](store::Tx& tx) {
                        return document::read_own(tx, id, caller(request).account_id);
                      }));
  return private_file(std::move(loaded.first.content_type), std::move(loaded.second));
}

}  // namespace

void register_documents(http::Router& router, app::App& app) {
  router.add("POST", "/api/v1/documents", http::Access::signed_in(), handle(app, upload_document),
             http::Body::kRaw);
  router.add("GET", "/api/v1/documents/{id}", http::Access::signed_in(), handle(app, get_document));
}

}  // namespace gonghui::api
