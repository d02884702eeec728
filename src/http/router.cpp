// Route matching, request validation and access checks before any handler runs.
#include "http/router.hpp"

#include <atomic>
#include <future>
#include <memory>

#include <sodium.h>

#include "core/json.hpp"

namespace gonghui::http {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    segments.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) {
      break;
    }
    start = slash + 1;
  }
  return segments;
}

bool match(const Router::Route& route, const std::vector<std::string>& segments,
           std::unordered_map<std::string, std::string>* params) {
  if (route.segments.size() != segments.size()) {
    return false;
  }
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& pattern = route.segments[i];
    if (pattern.size() > 2 && pattern.front() == '{' && pattern.back() == '}') {
      if (segments[i].empty()) {
        return false;
      }
      if (params) {
        (*params)[pattern.substr(1, pattern.size() - 2)] = segments[i];
      }
    } else if (pattern != segments[i]) {
      return false;
    }
  }
  return true;
}

bool is_json_content_type(std::string_view value) {
  const size_t semi = value.find(';');
  std::string_view media = value.substr(0, semi);
  while (!media.empty() && media.back() == ' ') {
    media.remove_suffix(1);
  }
  std::string lower(media);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower == "application/json";
}

bool is_safe_method(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

bool allowed(const Access& access, const std::optional<Principal>& principal) {
  if (access.anyone) {
    return true;
  }
  if (!principal) {
    return false;
  }
  if (access.any_signed_in) {
    return true;
  }
  for (Role role : access.roles) {
    if (principal->has(role)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string Access::describe() const {
  if (anyone) {
    return "public";
  }
  if (any_signed_in) {
    return "signed_in";
  }
  std::string out;
  for (Role role : roles) {
    if (!out.empty()) {
      out += ",";
    }
    out += enum_name(role);
  }
  if (metrics_token) {
    out += out.empty() ? "metrics_token" : ",metrics_token";
  }
  return out;
}

void Router::add_async(std::string method, std::string pattern, Access access, AsyncHandler handler,
                       Runs runs, Body body) {
  add(std::move(method), std::move(pattern), std::move(access), nullptr, body, runs);
  routes_.back().async_handler = std::move(handler);
}

void Router::add(std::string method, std::string pattern, Access access, Handler handler, Body body,
                 Runs runs) {
  Route route;
  route.method = std::move(method);
  route.pattern = std::move(pattern);
  route.access = std::move(access);
  route.body = body;
  route.handler = std::move(handler);
  route.runs = runs;
  route.segments = split_path(route.pattern);
  for (const std::string& segment : route.segments) {
    if (segment.empty() || segment.front() != '{') {
      ++route.literal_segments;
    }
  }
  routes_.push_back(std::move(route));
}

Response Router::dispatch(Request& request) const {
  Response answer;
  const Route* route = find(request, answer);
  if (route == nullptr || !admit(*route, request, answer)) {
    return answer;
  }
  if (!route->async_handler) {
    return run(*route, request);
  }
  std::promise<Response> promise;
  std::future<Response> answered = promise.get_future();
  run_async(*route, request,
            [&promise](Response response) { promise.set_value(std::move(response)); });
  return answered.get();
}

bool Router::dispatch_inline(Request& request, const Respond& respond) const {
  Response answer;
  const Route* route = find(request, answer);
  if (route == nullptr || route->runs != Runs::kInline) {
    return false;
  }
  if (!admit(*route, request, answer)) {
    respond(std::move(answer));
  } else if (route->async_handler) {
    run_async(*route, request, respond);
  } else {
    respond(run(*route, request));
  }
  return true;
}

const Router::Route* Router::find(Request& request, Response& answer) const {
  const std::vector<std::string> segments = split_path(request.path);
  const Route* best = nullptr;
  std::string allow;
  for (const Route& route : routes_) {
    if (!match(route, segments, nullptr)) {
      continue;
    }
    if (route.method == request.method) {
      if (best == nullptr || route.literal_segments > best->literal_segments) {
        best = &route;
      }
    } else if (allow.find(route.method) == std::string::npos) {
      allow += allow.empty() ? route.method : ", " + route.method;
    }
  }
  if (best == nullptr) {
    if (!allow.empty()) {
      Response response =
          Response::error(Error{ErrorKind::kInvalidArgument,
                                "method_not_allowed",
                                request.method + " is not allowed here; use " + allow,
                                {}});
      response.status = 405;
      response.set_header("Allow", allow);
      answer = std::move(response);
      return nullptr;
    }
    answer = Response::error(
        Error{ErrorKind::kNotFound, "not_found", "no such API route: " + request.path, {}});
    return nullptr;
  }
  match(*best, segments, &request.params);
  return best;
}

bool Router::admit(const Route& route, Request& request, Response& answer) const {
  const Route* best = &route;
  // Each check below that refuses sets the answer and stops.
  auto refuse = [&answer](Response response) {
    answer = std::move(response);
    return false;
  };

  if (best->body == Body::kJson && !request.body.empty()) {
    auto content_type = request.header("content-type");
    if (!content_type || !is_json_content_type(*content_type)) {
      Response response = Response::error(Error{ErrorKind::kInvalidArgument,
                                                "unsupported_media_type",
                                                "send the body as application/json",
                                                {}});
      response.status = 415;
      return refuse(std::move(response));
    }
    auto parsed = json::parse(request.body);
    if (!parsed.ok()) {
      return refuse(Response::error(parsed.error()));
    }
    request.json = std::move(parsed).value();
  } else if (best->body == Body::kJson) {
    request.json = boost::json::object{};
  }

  if (best->access.metrics_token && !metrics_token_.empty()) {
    // Compared in constant time, like every secret; a match needs no session.
    const std::string expected = "Bearer " + metrics_token_;
    auto header = request.header("authorization");
    if (header && header->size() == expected.size() &&
        sodium_memcmp(header->data(), expected.data(), expected.size()) == 0) {
      return true;
    }
  }
  if (authenticator_) {
    auto principal = authenticator_(request);
    if (!principal.ok()) {
      return refuse(Response::error(principal.error()));
    }
    request.principal = std::move(principal).value();
  }
  if (!allowed(best->access, request.principal)) {
    if (!request.principal) {
      return refuse(Response::error(
          Error{ErrorKind::kUnauthenticated, "unauthenticated", "sign in first", {}}));
    }
    return refuse(Response::error(Error::forbidden("your role may not use this route")));
  }
  if (request.principal && request.principal->via_cookie && !is_safe_method(request.method)) {
    // Cookie-authenticated writes must echo the session's CSRF token in a header, which a
    // cross-site form cannot do.
    auto header = request.header("x-csrf-token");
    const std::string& expected = request.principal->csrf;
    if (!header || expected.empty() || header->size() != expected.size() ||
        sodium_memcmp(header->data(), expected.data(), expected.size()) != 0) {
      return refuse(Response::error(
          Error{ErrorKind::kForbidden, "csrf_failed", "missing or wrong X-CSRF-Token header", {}}));
    }
  }
  if (!request.principal && best->access.anyone && !best->access.throttles_itself &&
      !is_safe_method(request.method) && anonymous_write_limit_) {
    if (auto limited = anonymous_write_limit_(*best, request)) {
      return refuse(std::move(*limited));
    }
  }
  return true;
}

Response Router::run(const Route& route, Request& request) {
  try {
    return route.handler(request);
  } catch (const std::exception& e) {
    return Response::error(Error::internal(std::string("unexpected failure: ") + e.what()));
  }
}

void Router::run_async(const Route& route, Request& request, const Respond& respond) {
  // Whether the handler answered before it threw: the answer is owed exactly once.
  auto answered = std::make_shared<std::atomic<bool>>(false);
  Respond once = [answered, respond](Response response) {
    if (!answered->exchange(true)) {
      respond(std::move(response));
    }
  };
  try {
    route.async_handler(request, once);
  } catch (const std::exception& e) {
    once(Response::error(Error::internal(std::string("unexpected failure: ") + e.what())));
  }
}

}  // namespace gonghui::http
