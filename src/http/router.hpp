// Routes: method + path pattern + who may call + handler. Anything not declared is denied.
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace gonghui::http {

// Who may call a route. There is no default: every route states it.
struct Access {
  bool anyone = false;  // public, no sign-in
  bool any_signed_in = false;
  std::vector<Role> roles;  // any of these roles
  // Also a caller presenting `Authorization: Bearer <metrics token>` (a Prometheus scraper,
  // which cannot sign in). Never matches while no metrics token is configured.
  bool metrics_token = false;
  // A public write whose handler counts its own attempts (sign-in): the router's limit on
  // anonymous writes leaves it alone.
  bool throttles_itself = false;

  static Access public_route() { return Access{true, false, {}}; }
  static Access public_self_throttled() { return Access{true, false, {}, false, true}; }
  static Access signed_in() { return Access{false, true, {}}; }
  static Access of(std::initializer_list<Role> roles) { return Access{false, false, roles}; }
  static Access metrics_scraper_or(std::initializer_list<Role> roles) {
    return Access{false, false, roles, true};
  }
  // "public", "signed_in" or the roles joined by commas, then ",metrics_token" if allowed.
  std::string describe() const;
};

enum class Body {
  kJson,  // a JSON body (or none); parsed into Request::json, 415 for another content type
  kRaw,   // the handler reads Request::body itself (uploads, CSV)
};

// Where a route's handler runs. kWorker: on the server's handler threads, where it may block
// on the store. kInline: on the I/O thread that read the request, for handlers that never
// block (an answer from memory or a quick read, or an asynchronous write): no hand-off to
// another thread and back.
enum class Runs { kWorker, kInline };

class Router {
 public:
  using Handler = std::function<Response(Request&)>;
  // Answers through `respond`, now or later from any thread. The request stays alive until
  // then.
  using AsyncHandler = std::function<void(Request&, Respond)>;
  // Returns the principal for the request's credentials, nullopt if there are none, or an
  // error (401) if they are invalid.
  using Authenticator = std::function<Result<std::optional<Principal>>(const Request&)>;

  struct Route {
    std::string method;
    std::string pattern;
    Access access;
    Body body = Body::kJson;
    Handler handler;
    std::vector<std::string> segments;  // pattern split on '/'
    int literal_segments = 0;
    AsyncHandler async_handler;  // set instead of handler by add_async
    Runs runs = Runs::kWorker;
  };

  void add(std::string method, std::string pattern, Access access, Handler handler,
           Body body = Body::kJson, Runs runs = Runs::kWorker);
  void add_async(std::string method, std::string pattern, Access access, AsyncHandler handler,
                 Runs runs, Body body = Body::kJson);
  void set_authenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }
  // Asked before every write through a public route by a caller who is not signed in
  // (unless the route throttles itself): an answer (429) refuses the request. Runs where
  // the route runs, so public write routes run on the workers.
  using AnonymousWriteLimit = std::function<std::optional<Response>(const Route&, const Request&)>;
  void set_anonymous_write_limit(AnonymousWriteLimit limit) {
    anonymous_write_limit_ = std::move(limit);
  }
  // The bearer token of Access::metrics_token routes; empty (the default) disables it.
  void set_metrics_token(std::string token) { metrics_token_ = std::move(token); }

  // Handles an API request end to end: match (404, 405 with Allow), body checks (415, 400),
  // the metrics token (for routes that take it), authentication (401), access (403), CSRF
  // for cookie writes (403), then the handler.
  // Never throws: a throwing handler becomes a 500.
  // An asynchronous handler is waited for.
  Response dispatch(Request& request) const;

  // dispatch() for the I/O thread: if the request's route runs inline, handles it as
  // dispatch() would, answers through `respond` and returns true; otherwise does nothing
  // and returns false (the request goes to dispatch() on a worker).
  bool dispatch_inline(Request& request, const Respond& respond) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  // The route for the request, or nullptr with `answer` set (404, 405).
  const Route* find(Request& request, Response& answer) const;
  // The checks between matching and running (body, metrics token, authentication, access,
  // CSRF): true to run the handler, false with `answer` set.
  bool admit(const Route& route, Request& request, Response& answer) const;
  // Runs a synchronous handler; an exception becomes a 500.
  static Response run(const Route& route, Request& request);
  // Runs an asynchronous handler; an exception thrown before it answered becomes a 500.
  static void run_async(const Route& route, Request& request, const Respond& respond);

  std::vector<Route> routes_;
  Authenticator authenticator_;
  AnonymousWriteLimit anonymous_write_limit_;
  std::string metrics_token_;
};

}  // namespace gonghui::http
