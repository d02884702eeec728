// Shared handler plumbing: parameters, errors, idempotency and authentication.
#include "api/support.hpp"

#include <charconv>

#include "app/app.hpp"
#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"

namespace gonghui::api {

Result<int64_t> path_id(const http::Request& request, const std::string& name) {
  auto it = request.params.find(name);
  if (it == request.params.end()) {
    return Error::internal("route has no parameter " + name);
  }
  auto id = parse_id(it->second);
  if (!id) {
    return Error{ErrorKind::kNotFound, "not_found", "no such " + name, name};
  }
  return *id;
}

Result<std::optional<int64_t>> query_id(const http::Request& request, std::string_view name) {
  auto value = request.query_param(name);
  if (!value || value->empty()) {
    return std::optional<int64_t>{};
  }
  auto id = parse_id(*value);
  if (!id) {
    return Error::invalid(std::string(name), "invalid_id", std::string(name) + " is not an id");
  }
  return std::optional<int64_t>(*id);
}

Result<Paging> paging(const http::Request& request, int64_t fallback, int64_t max) {
  Paging out;
  out.limit = fallback;
  if (auto limit = request.query_param("limit"); limit && !limit->empty()) {
    int64_t n = 0;
    auto [ptr, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), n);
    if (ec != std::errc{} || ptr != limit->data() + limit->size() || n < 1 || n > max) {
      return Error::invalid("limit", "out_of_range",
                            "limit must be between 1 and " + std::to_string(max));
    }
    out.limit = n;
  }
  if (auto cursor = request.query_param("cursor"); cursor && !cursor->empty()) {
    auto id = parse_id(*cursor);
    if (!id) {
      return Error::invalid("cursor", "invalid_cursor", "cursor is not one this server made");
    }
    out.after_id = *id;
  }
  return out;
}

Result<std::optional<int64_t>> query_time(const http::Request& request, std::string_view name) {
  auto value = request.query_param(name);
  if (!value || value->empty()) {
    return std::optional<int64_t>{};
  }
  auto t = parse_rfc3339(*value);
  if (!t) {
    return Error::invalid(std::string(name), "invalid_time",
                          std::string(name) + " must be a date (2026-01-31) or RFC 3339 time");
  }
  return std::optional<int64_t>(t->ms);
}

Result<const boost::json::object*> body_object(const http::Request& request) {
  return json::as_object(request.json);
}

http::Response error(const Error& e) { return http::Response::error(e); }

std::vector<store::Migration> idempotency_migrations() {
  return {{2, "idempotency_keys",
           "CREATE TABLE idempotency_keys ("
           " account_id BIGINT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,"
           " status INTEGER NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL,"
           " PRIMARY KEY (account_id, key))",
           ""}};
}

http::Response idempotent_write(app::App& app, const http::Request& request,
                                const WriteHandler& fn) {
  const auto key_header = request.header("idempotency-key");
  if (!key_header || key_header->empty()) {
    http::Response response;
    Status status = app.db->write([&](store::Tx& tx) -> Status {
      GH_ASSIGN(response, fn(tx));
      return Status::Ok();
    });
    return status.ok() ? response : error(status.error());
  }
  const std::string key(*key_header);
  if (key.size() > 200) {
    return error(Error::invalid("Idempotency-Key", "invalid_idempotency_key",
                                "Idempotency-Key may have at most 200 characters"));
  }
  const int64_t account = request.principal ? request.principal->account_id : 0;
  const std::string fingerprint =
      crypto::sha256_hex(request.method + " " + request.path + "\n" + request.body);
  auto replay = [&](store::Tx& tx, http::Response& out) -> Result<bool> {
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT fingerprint, status, body FROM idempotency_keys "
                       "WHERE account_id = ? AND key = ?",
                       {account, key}));
    if (rows.empty()) {
      return false;
    }
    if (rows[0].text(0) != fingerprint) {
      return Error::conflict("idempotency_conflict",
                             "this Idempotency-Key was used with a different request",
                             "Idempotency-Key");
    }
    out.status = static_cast<int>(rows[0].integer(1));
    out.body = rows[0].text(2);
    out.set_header("Idempotent-Replayed", "true");
    return true;
  };
  http::Response response;
  Status status = app.db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(bool replayed, replay(tx, response));
    if (replayed) {
      return Status::Ok();
    }
    GH_ASSIGN(response, fn(tx));
    if (response.status >= 200 && response.status < 300) {
      GH_TRY(tx.exec("INSERT INTO idempotency_keys (account_id, key, fingerprint, status, body, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                     {account, key, fingerprint, int64_t{response.status}, response.body,
                      Timestamp::now().ms}));
    }
    return Status::Ok();
  });
  if (!status.ok() && status.error().code == store::kUniqueViolation) {
    // Another instance committed the same key first: answer with its result.
    http::Response first;
    Status read = app.db->read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(bool found, replay(tx, first));
      return found ? Status::Ok() : Status(status.error());
    });
    return read.ok() ? first : error(read.error());
  }
  return status.ok() ? response : error(status.error());
}

http::Router::Authenticator authenticator(app::App& app) {
  return [&app](const http::Request& request) -> Result<std::optional<Principal>> {
    std::string token;
    bool via_cookie = false;
    if (auto header = request.header("authorization")) {
      constexpr std::string_view kBearer = "Bearer ";
      if (header->substr(0, kBearer.size()) != kBearer) {
        return Error{ErrorKind::kUnauthenticated, "session_invalid",
                     "Authorization must be `Bearer <token>`", {}};
      }
      token = std::string(header->substr(kBearer.size()));
    } else if (auto cookie = request.cookie("gonghui_session")) {
      token = *cookie;
      via_cookie = true;
    }
    if (token.empty()) {
      return std::optional<Principal>{};
    }
    auto principal = app.sessions->authenticate(token, via_cookie);
    if (!principal.ok()) {
      if (via_cookie) {
        return std::optional<Principal>{};  // a stale cookie is simply "not signed in"
      }
      return std::move(principal).error();
    }
    return std::optional<Principal>(std::move(principal).value());
  };
}

const Principal& caller(const http::Request& request) { return *request.principal; }

}  // namespace gonghui::api
