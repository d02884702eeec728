// Request and response as the router and handlers see them: plain structs, no Beast, so
// that only http/server.cpp pays for compiling Beast.
#pragma once

#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"

namespace gonghui::http {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // upper case, e.g. "GET"
  std::string target;  // raw request target
  std::string path;    // decoded path without query
  Fields query;        // decoded query parameters in order
  Fields headers;      // names lower case
  std::string body;
  std::string remote_address;  // peer IP (or X-Forwarded-For's first hop if trusted)
  bool https = false;          // came over HTTPS: as a trusted proxy's X-Forwarded-Proto says (this
                               // server itself speaks plain HTTP behind it)

  // Filled by the router.
  std::unordered_map<std::string, std::string> params;  // path parameters
  boost::json::value json;                              // parsed body for JSON routes
  std::optional<Principal> principal;                   // set when authenticated

  std::optional<std::string_view> header(std::string_view name) const;
  std::optional<std::string_view> query_param(std::string_view name) const;
  // Value of a cookie from the Cookie header.
  std::optional<std::string> cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  Fields headers;
  std::string body;

  static Response json(int status, const boost::json::value& value);
  static Response ok(const boost::json::value& value) { return json(200, value); }
  static Response error(const Error& error);
  void set_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// Hands a request's answer back to the server; callable from any thread, exactly once.
using Respond = std::function<void(Response)>;

int status_for(ErrorKind kind);

// Parses the target into path and query; false if the target is not a valid origin-form.
bool parse_target(std::string_view target, std::string& path, Fields& query);

}  // namespace gonghui::http
