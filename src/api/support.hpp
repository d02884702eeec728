// What every thin handler needs: reading ids and paging from the request, rendering results
// and errors, running an idempotent write, and authenticating the caller.
#pragma once

#include <functional>
#include <string>

#include "domain/auth/throttle.hpp"
#include "http/router.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::app {
struct App;
}

// In a handler: declares `lhs` from a Result, or returns its error as the response.
#define GH_ASSIGN_OR_RENDER(lhs, expr) \
  GH_ASSIGN_OR_RENDER_IMPL(GH_CONCAT(gh_render_, __LINE__), lhs, expr)
#define GH_ASSIGN_OR_RENDER_IMPL(tmp, lhs, expr)          \
  auto tmp = (expr);                                      \
  if (!tmp.ok()) {                                        \
    return ::gonghui::http::Response::error(tmp.error()); \
  }                                                       \
  lhs = std::move(tmp).value()

// The same for an asynchronous handler: answers the error through `respond` and returns.
#define GH_ASSIGN_OR_RESPOND(lhs, expr, respond) \
  GH_ASSIGN_OR_RESPOND_IMPL(GH_CONCAT(gh_respond_, __LINE__), lhs, expr, respond)
#define GH_ASSIGN_OR_RESPOND_IMPL(tmp, lhs, expr, respond)    \
  auto tmp = (expr);                                          \
  if (!tmp.ok()) {                                            \
    (respond)(::gonghui::http::Response::error(tmp.error())); \
    return;                                                   \
  }                                                           \
  lhs = std::move(tmp).value()

namespace gonghui::api {

// The id in path parameter `name`; 404 if it is not an id.
Result<int64_t> path_id(const http::Request& request, const std::string& name);
// Query parameter as id (400 naming it if malformed); nullopt if absent.
Result<std::optional<int64_t>> query_id(const http::Request& request, std::string_view name);
// `limit` (1..max, default fallback) and `cursor` (an id or empty).
struct Paging {
  int64_t limit = 50;
  int64_t after_id = 0;
};
Result<Paging> paging(const http::Request& request, int64_t fallback = 50, int64_t max = 500);
// Optional RFC 3339 time or date in a query parameter; 400 naming it if malformed.
Result<std::optional<int64_t>> query_time(const http::Request& request, std::string_view name);

// A required time field: an RFC 3339 time, or a bare date ("2026-12-07"), which is that
// calendar day in Asia/Shanghai and means its start there (a contract starting "today" is in
// force from the start of today in Beijing). 400 invalid_time naming the field otherwise.
Result<int64_t> required_time(const boost::json::object& body, std::string_view field);

// Whether a download (CSV, XLSX) is for programs: `?format=data` gives the machine-readable
// form (codes, ids, fen, per mille, RFC 3339 UTC); absent or `staff`, the form people read
// (Chinese headings, 元 with two decimals, percentages, Beijing dates). 400 invalid_format
// naming `format` otherwise.
Result<bool> wants_data_form(const http::Request& request);

// The request body as an object (400 invalid_body otherwise).
Result<const boost::json::object*> body_object(const http::Request& request);

// Renders an error, or the value through `to_json` with `status`.
http::Response error(const Error& error);

// A write that creates or moves value: with an Idempotency-Key header, the first result is
// stored in the same transaction as the write; a retry with the same key and body gets
// that result again, and the same key with another body is 409 idempotency_conflict.
// `fn` runs inside the write transaction and returns the response to send (2xx responses
// are remembered; an error rolls everything back and is not remembered).
using WriteHandler = std::function<Result<http::Response>(store::Tx&)>;
http::Response idempotent_write(app::App& app, const http::Request& request,
                                const WriteHandler& fn);

// idempotent_write without waiting: `done` gets the response once the write is durable or
// failed, on the store's thread where the engine writes asynchronously
// (store::Db::write_async). `request` must stay alive until then; `fn` and `done` are kept.
void idempotent_write_async(app::App& app, const http::Request& request, WriteHandler fn,
                            std::function<void(http::Response)> done);

std::vector<store::Migration> idempotency_migrations();

// A handler as a named function of the application it serves; `handle` makes it the
// router's handler.
using AppHandler = http::Response (*)(app::App&, http::Request&);
inline http::Router::Handler handle(app::App& app, AppHandler fn) {
  return [&app, fn](http::Request& request) { return fn(app, request); };
}

// Who may call: the roles routes name most often.
inline const http::Access kAdmins = http::Access::of({Role::kOrgAdmin, Role::kPlatformAdmin});
inline const http::Access kMembers = http::Access::of({Role::kMember});

// The caller's own member id, on a route only members may call (the router guarantees it).
int64_t member_of(const http::Request& request);

// Resolves Bearer tokens and the session cookie into a principal.
http::Router::Authenticator authenticator(app::App& app);

// Takes one use of `limit` for `who`: nullopt to go ahead, else the 429 rate_limited answer
// with Retry-After.
std::optional<http::Response> take_limit(app::App& app, const auth::Limit& limit,
                                         std::string_view who);

// Per client address and route: at most config.anonymous_writes_per_hour writes without
// sign-in (429 rate_limited with Retry-After).
http::Router::AnonymousWriteLimit anonymous_write_limit(app::App& app);

// Principal of a request on a route that requires sign-in (the router guarantees it).
const Principal& caller(const http::Request& request);

}  // namespace gonghui::api
