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

  static Access public_route() { return Access{true, false, {}}; }
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

class Router {
 public:
  using Handler = std::function<Response(Request&)>;
  // Returns the principal for the request's credentials, nullopt if there are none, or an
  // error (401) if they are invalid.
  using Authenticator = std::function<Result<std::optional<Principal>>(const Request&)>;

  struct Route {
    std::string method;
    std::string pattern;
    Access access;
    Body body;
    Handler handler;
    std::vector<std::string> segments;  // pattern split on '/'
    int literal_segments = 0;
  };

  void add(std::string method, std::string pattern, Access access, Handler handler,
           Body body = Body::kJson);
  void set_authenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }
  // The bearer token of Access::metrics_token routes; empty (the default) disables it.
  void set_metrics_token(std::string token) { metrics_token_ = std::move(token); }

  // Handles an API request end to end: match (404, 405 with Allow), body checks (415, 400),
  // the metrics token (for routes that take it), authentication (401), access (403), CSRF
  // for cookie writes (403), then the handler.
  // Never throws: a throwing handler becomes a 500.
  Response dispatch(Request& request) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  // Runs the handler; an exception becomes a 500.
  static Response run(const Route& route, Request& request);

  std::vector<Route> routes_;
  Authenticator authenticator_;
  std::string metrics_token_;
};

}  // namespace gonghui::http
