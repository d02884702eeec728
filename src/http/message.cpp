// Request accessors, response builders and the error body of DESIGN.md.
#include "http/message.hpp"

#include <iostream>

#include <boost/url/parse.hpp>

#include "core/json.hpp"

namespace gonghui::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) {
      return std::string_view(value);
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) {
      return std::string_view(value);
    }
  }
  return std::nullopt;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  auto header_value = header("cookie");
  if (!header_value) {
    return std::nullopt;
  }
  std::string_view rest = *header_value;
  while (!rest.empty()) {
    const size_t semi = rest.find(';');
    std::string_view pair = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') {
      pair.remove_prefix(1);
    }
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
  }
  return std::nullopt;
}

Response Response::json(int status, const boost::json::value& value) {
  Response response;
  response.status = status;
  response.body = json::to_string(value);
  return response;
}

Response Response::error(const Error& error) {
  if (error.kind == ErrorKind::kInternal) {
    // A bug or a broken store: its message may hold SQL, a file path or a library's words,
    // which are for the operator's log, not for the client.
    std::cerr << "internal error (" << error.code << "): " << error.message << std::endl;
    return json(500,
                boost::json::object{
                    {"error",
                     {{"code", "internal"},
                      {"message", "something went wrong on the server; it has been logged"}}}});
  }
  boost::json::object body;
  boost::json::object detail;
  // Messages and fields may echo the request (a decoded path, a query value), which need not
  // be UTF-8; the answer must be valid JSON all the same.
  detail["code"] = error.code;
  detail["message"] = json::to_valid_utf8(error.message);
  if (!error.field.empty()) {
    detail["field"] = json::to_valid_utf8(error.field);
  }
  body["error"] = std::move(detail);
  return json(status_for(error.kind), body);
}

int status_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
      return 400;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kUnprocessable:
      return 422;
    case ErrorKind::kTooManyRequests:
      return 429;
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

bool parse_target(std::string_view target, std::string& path, Fields& query) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) {
    return false;
  }
  path = url->path();
  if (path.empty()) {
    path = "/";
  }
  for (auto param : url->params()) {
    query.emplace_back(param.key, param.value);
  }
  return true;
}

}  // namespace gonghui::http
