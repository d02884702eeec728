// What every thin handler needs: reading ids and paging from the request, rendering results
// and errors, running an idempotent write, and authenticating the caller.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <type_traits>

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
// query_time where a bare date ("2026-12-07") is that calendar day in Asia/Shanghai (its
// start there); a time is taken as given.
Result<std::optional<int64_t>> query_local_time(const http::Request& request,
                                                std::string_view name);

// A required time field: an RFC 3339 time, or a bare date ("2026-12-07"), which is that
// calendar day in Asia/Shanghai and means its start there (a contract starting "today" is in
// force from the start of today in Beijing). 400 invalid_time naming the field otherwise.
Result<int64_t> required_time(const boost::json::object& body, std::string_view field);

// Whether a download (CSV, XLSX) is for programs: `?format=data` gives the machine-readable
// form (codes, ids, fen, per mille, RFC 3339 UTC); absent or `staff`, the form people read
// (Chinese headings, 元 with two decimals, percentages, Beijing dates). 400 invalid_format
// naming `format` otherwise.
Result<bool> wants_data_form(const http::Request& request);

// An optional list of id strings in a body: empty if absent or null; 400 naming the field
// (invalid_field) if it is not a list, or (invalid_id) if an item is not an id.
Result<std::vector<int64_t>> optional_ids(const boost::json::object& body, std::string_view field);

// Sets `target` to the string `field` of a body (at most max_chars) where the body has it;
// leaves it as it is otherwise. 400 naming the field if it is not such a string.
Status assign_optional_string(const boost::json::object& body, std::string_view field,
                              std::string& target, size_t max_chars);

// A coordinate in degrees (within ±max) as millionths of a degree; 400 naming the field:
// required, invalid_field (not a number), out_of_range.
Result<int64_t> read_degrees(const boost::json::object& body, std::string_view field, double max);
// Millionths of a degree as degrees, for JSON.
double degrees(int64_t e6);
// The file of an import: the CSV text itself (text/csv; its name in ?file_name=), or JSON
// {file_name, csv}. 400 unsupported_media_type (field file) for another content type, which
// the import routes answer as 415.
struct CsvUpload {
  std::string file_name;
  std::string csv;
};
Result<CsvUpload> read_csv_upload(const http::Request& request);
// read_csv_upload's error as the answer (415 for the wrong content type).
http::Response upload_error(const Error& error);

// The request body as an object (400 invalid_body otherwise).
Result<const boost::json::object*> body_object(const http::Request& request);

// Renders an error, or the value through `to_json` with `status`.
http::Response error(const Error& error);

// A file to download: `body` of `content_type`, saved as `filename`.
http::Response attachment(std::string content_type, std::string_view filename, std::string body);
// A stored file of someone's (an uploaded document) shown in the browser: never cached, never
// sniffed as another type than the one its content was checked to be.
http::Response private_file(std::string content_type, std::string body);

// Principal of a request on a route that requires sign-in (the router guarantees it).
const Principal& caller(const http::Request& request);

// A write that creates or moves value: with an Idempotency-Key header, the first result is
// stored in the same transaction as the write; a retry with the same key and body gets
// that result again, and the same key with another body is 409 idempotency_conflict.
// `fn` runs inside the write transaction and returns the response to send (2xx responses
// are remembered; an error rolls everything back and is not remembered).
using WriteHandler = std::function<Result<http::Response>(store::Tx&)>;
http::Response idempotent_write(app::App& app, const http::Request& request,
                                const WriteHandler& fn);

// Runs `fn` in a read transaction and returns the value it made, or the error of the read.
// `fn` returns a Result (of any type) and may run again if the engine retries the read.
template <class Fn>
auto read_value(store::Db& db, const Fn& fn) -> std::invoke_result_t<const Fn&, store::Tx&> {
  using Made = std::invoke_result_t<const Fn&, store::Tx&>;
  std::optional<Made> made;
  const Status status = db.read([&](store::Tx& tx) -> Status {
    made.emplace(fn(tx));
    return made->ok() ? Status::Ok() : Status(made->error());
  });
  if (!status.ok()) {
    return status.error();
  }
  return std::move(*made);
}

// A read answered with JSON: `fn` runs in a read transaction and returns the object to send
// with 200, or an error, which is rendered.
using JsonReader = std::function<Result<boost::json::object>(store::Tx&)>;
http::Response read_json(app::App& app, const JsonReader& fn);

// A read of the one thing whose id is in path parameter "id": `get(tx, caller, id)` finds
// it (or the error to answer) and `render` makes the JSON answered with 200.
template <class Get, class Render>
http::Response read_by_id(app::App& app, http::Request& request, const Get& get,
                          const Render& render) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(auto found, get(tx, caller(request), id));
    return render(found);
  });
}

// idempotent_write without waiting: `done` gets the response once the write is durable or
// failed, on the store's thread where the engine writes asynchronously
// (store::Db::write_async). `request` must stay alive until then; `fn` and `done` are kept.
void idempotent_write_async(app::App& app, const http::Request& request, WriteHandler fn,
                            std::function<void(http::Response)> done);

std::vector<store::Migration> idempotency_migrations();
// How long a write's answer is kept under its Idempotency-Key: a retry within this time gets
// the first answer; the key may be reused after it.
inline constexpr int64_t kIdempotencyRetentionMs = 7LL * 24 * 3600 * 1000;

// A handler as a named function of the application it serves; `handle` makes it the
// router's handler.
using AppHandler = http::Response (*)(app::App&, http::Request&);
inline http::Router::Handler handle(app::App& app, AppHandler fn) {
  return [&app, fn](http::Request& request) { return fn(app, request); };
}
// The same for a handler that serves several routes, told apart by `arg` (kept).
template <class Arg>
http::Router::Handler handle(app::App& app, http::Response (*fn)(app::App&, http::Request&, Arg),
                             Arg arg) {
  return [&app, fn, arg = std::move(arg)](http::Request& request) { return fn(app, request, arg); };
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

}  // namespace gonghui::api
