// Shared handler plumbing: parameters, errors, idempotency and authentication.
#include "api/support.hpp"

#include <charconv>
#include <cmath>

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

namespace {

// An optional query parameter as `parse` reads it: nullopt if absent or empty; 400 `code`
// naming it, with the message "<name><should_be>", if `parse` finds nothing in it.
Result<std::optional<int64_t>> optional_query(
    const http::Request& request, std::string_view name,
    const std::function<std::optional<int64_t>(std::string_view)>& parse, std::string code,
    std::string_view should_be) {
  auto value = request.query_param(name);
  if (!value || value->empty()) {
    return std::optional<int64_t>{};
  }
  auto parsed = parse(*value);
  if (!parsed) {
    return Error::invalid(std::string(name), std::move(code),
                          std::string(name) + std::string(should_be));
  }
  return parsed;
}

}  // namespace

Result<std::optional<int64_t>> query_id(const http::Request& request, std::string_view name) {
  return optional_query(request, name, parse_id, "invalid_id", " is not an id");
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
  return optional_query(
      request, name,
      [](std::string_view text) -> std::optional<int64_t> {
        auto t = parse_rfc3339(text);
        return t ? std::optional<int64_t>(t->ms) : std::nullopt;
      },
      "invalid_time", " must be a date (2026-01-31) or RFC 3339 time");
}

Result<std::optional<int64_t>> query_local_time(const http::Request& request,
                                                std::string_view name) {
  auto raw = request.query_param(name);
  if (raw && raw->size() == 10) {
    if (auto on = parse_local_date(*raw)) return std::optional<int64_t>(*on);
  }
  return query_time(request, name);
}

Result<std::vector<int64_t>> optional_ids(const boost::json::object& body, std::string_view field) {
  std::vector<int64_t> out;
  const boost::json::value* v = body.if_contains(field);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) {
    return Error::invalid(std::string(field), "invalid_field",
                          std::string(field) + " must be a list of ids");
  }
  for (const auto& item : v->get_array()) {
    auto id = item.is_string() ? parse_id(std::string_view(item.get_string())) : std::nullopt;
    if (!id)
      return Error::invalid(std::string(field), "invalid_id",
                            std::string(field) + " holds a bad id");
    out.push_back(*id);
  }
  return out;
}

Status assign_optional_string(const boost::json::object& body, std::string_view field,
                              std::string& target, size_t max_chars) {
  GH_ASSIGN(auto value, json::optional_string(body, field, max_chars));
  if (value) target = *value;
  return Status::Ok();
}

Result<bool> wants_data_form(const http::Request& request) {
  const std::string_view form = request.query_param("format").value_or("");
  if (form.empty() || form == "staff") return false;
  if (form == "data") return true;
  return Error::invalid("format", "invalid_format", "format must be staff or data");
}

Result<const boost::json::object*> body_object(const http::Request& request) {
  return json::as_object(request.json);
}

http::Response error(const Error& e) { return http::Response::error(e); }

http::Response attachment(std::string content_type, std::string_view filename, std::string body) {
  http::Response response;
  response.content_type = std::move(content_type);
  response.set_header("Content-Disposition",
                      "attachment; filename=\"" + std::string(filename) + "\"");
  response.body = std::move(body);
  return response;
}

http::Response private_file(std::string content_type, std::string body) {
  http::Response response;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  response.set_header("Cache-Control", "private, no-store");
  response.set_header("X-Content-Type-Options", "nosniff");
  return response;
}

std::vector<store::Migration> idempotency_migrations() {
  return {{2, "idempotency_keys",
           R"sql(CREATE TABLE idempotency_keys (
  account_id BIGINT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, key)))sql",
           ""},
          // Old keys are pruned (kIdempotencyRetentionMs): found by age.
          {3, "idempotency keys by age",
           "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)", ""}};
}

namespace {

// One idempotent write from start to answer, shared by idempotent_write and its asynchronous
// form: the transaction (replay, or run and remember) and the answer made from its outcome.
// Lives until the answer: the transaction and `answer` run after the caller has returned
// when the write is asynchronous.
class IdempotentWrite {
 public:
  IdempotentWrite(app::App& app, const http::Request& request, WriteHandler fn)
      : app_(app), request_(request), fn_(std::move(fn)) {}

  // The answer before any write: a bad Idempotency-Key header.
  std::optional<http::Response> refused() {
    const auto key_header = request_.header("idempotency-key");
    if (!key_header || key_header->empty()) {
      return std::nullopt;
    }
    key_ = std::string(*key_header);
    if (key_.size() > 200) {
      return error(Error::invalid("Idempotency-Key", "invalid_idempotency_key",
                                  "Idempotency-Key may have at most 200 characters"));
    }
    account_ = request_.principal ? request_.principal->account_id : 0;
    fingerprint_ = crypto::sha256_hex(request_.method + " " + request_.path + "\n" + request_.body);
    return std::nullopt;
  }

  // The write transaction's body.
  Status run(store::Tx& tx) {
    if (key_.empty()) {
      GH_ASSIGN(response_, fn_(tx));
      return Status::Ok();
    }
    GH_ASSIGN(bool replayed, replay(tx, response_));
    if (replayed) {
      return Status::Ok();
    }
    GH_ASSIGN(response_, fn_(tx));
    if (response_.status >= 200 && response_.status < 300) {
      const int64_t now = Timestamp::now().ms;
      GH_TRY(
          tx.exec("INSERT INTO idempotency_keys (account_id, key, fingerprint, status, body, "
                  "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                  {account_, key_, fingerprint_, int64_t{response_.status}, response_.body, now}));
      // Every write of the web app carries a key, so the table would grow without end: each
      // remembered write also removes up to two keys past their retention, which drains any
      // backlog as fast as keys arrive, for one probe of the index by age.
      GH_TRY(
          tx.exec("DELETE FROM idempotency_keys WHERE (account_id, key) IN (SELECT account_id, key "
                  "FROM idempotency_keys WHERE created_at < ? ORDER BY created_at LIMIT 2)",
                  {now - kIdempotencyRetentionMs}));
    }
    return Status::Ok();
  }

  // The answer once the transaction is durable or failed.
  http::Response answer(const Status& status) {
    if (!status.ok() && !key_.empty() && status.error().code == store::kUniqueViolation) {
      // Another instance committed the same key first: answer with its result.
      http::Response first;
      Status read = app_.db->read([&](store::Tx& tx) -> Status {
        GH_ASSIGN(bool found, replay(tx, first));
        return found ? Status::Ok() : Status(status.error());
      });
      return read.ok() ? first : error(read.error());
    }
    return status.ok() ? std::move(response_) : error(status.error());
  }

 private:
  Result<bool> replay(store::Tx& tx, http::Response& out) {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT fingerprint, status, body FROM idempotency_keys "
                                         "WHERE account_id = ? AND key = ?",
                                         {account_, key_}));
    if (rows.empty()) {
      return false;
    }
    if (rows[0].text(0) != fingerprint_) {
      return Error::conflict("idempotency_conflict",
                             "this Idempotency-Key was used with a different request",
                             "Idempotency-Key");
    }
    out.status = static_cast<int>(rows[0].integer(1));
    out.body = rows[0].text(2);
    out.set_header("Idempotent-Replayed", "true");
    return true;
  }

  app::App& app_;
  const http::Request& request_;
  WriteHandler fn_;
  std::string key_;  // empty: no Idempotency-Key
  int64_t account_ = 0;
  std::string fingerprint_;
  http::Response response_;
};

}  // namespace

http::Response idempotent_write(app::App& app, const http::Request& request,
                                const WriteHandler& fn) {
  IdempotentWrite write(app, request, fn);
  if (auto refused = write.refused()) {
    return std::move(*refused);
  }
  const Status status = app.db->write([&](store::Tx& tx) { return write.run(tx); });
  return write.answer(status);
}

http::Response read_json(app::App& app, const JsonReader& fn) {
  Result<boost::json::object> out = read_value(*app.db, fn);
  return out.ok() ? http::Response::ok(*out) : error(out.error());
}

void idempotent_write_async(app::App& app, const http::Request& request, WriteHandler fn,
                            std::function<void(http::Response)> done) {
  auto write = std::make_shared<IdempotentWrite>(app, request, std::move(fn));
  if (auto refused = write->refused()) {
    done(std::move(*refused));
    return;
  }
  app.db->write_async(
      [write](store::Tx& tx) { return write->run(tx); },
      [write, done = std::move(done)](Status status) { done(write->answer(status)); });
}

Result<CsvUpload> read_csv_upload(const http::Request& request) {
  const std::string_view type = request.header("content-type").value_or("");
  if (type.find("text/csv") != std::string_view::npos) {
    return CsvUpload{std::string(request.query_param("file_name").value_or("import.csv")),
                     request.body};
  }
  if (type.find("application/json") != std::string_view::npos) {
    GH_ASSIGN(boost::json::value body, json::parse(request.body));
    GH_ASSIGN(const boost::json::object* object, json::as_object(body));
    CsvUpload upload;
    GH_ASSIGN(upload.csv, json::required_string(*object, "csv", 8 << 20));
    GH_ASSIGN(auto name, json::optional_string(*object, "file_name", 200));
    upload.file_name = name.value_or("import.csv");
    return upload;
  }
  return Error{ErrorKind::kInvalidArgument, "unsupported_media_type",
               "send the file as text/csv (UTF-8) or as JSON {file_name, csv}", "file"};
}

http::Response upload_error(const Error& failure) {
  http::Response response = error(failure);
  if (failure.code == "unsupported_media_type") response.status = 415;
  return response;
}

std::optional<http::Response> take_limit(app::App& app, const auth::Limit& limit,
                                         std::string_view who) {
  int64_t wait = 0;
  Status taken = auth::take(*app.db, limit, who, &wait);
  if (taken.ok()) {
    return std::nullopt;
  }
  http::Response response = error(taken.error());
  if (wait > 0) {
    response.set_header("Retry-After", std::to_string(wait));
  }
  return response;
}

http::Router::AnonymousWriteLimit anonymous_write_limit(app::App& app) {
  return [&app](const http::Router::Route& route, const http::Request& request) {
    const auth::Limit limit{"write", static_cast<int>(app.config.anonymous_writes_per_hour),
                            3600 * 1000};
    return take_limit(app, limit,
                      route.method + " " + route.pattern + " " + request.remote_address);
  };
}

http::Router::Authenticator authenticator(app::App& app) {
  return [&app](const http::Request& request) -> Result<std::optional<Principal>> {
    std::string token;
    bool via_cookie = false;
    if (auto header = request.header("authorization")) {
      constexpr std::string_view kBearer = "Bearer ";
      if (header->substr(0, kBearer.size()) != kBearer) {
        return Error{ErrorKind::kUnauthenticated,
                     "session_invalid",
                     "Authorization must be `Bearer <token>`",
                     {}};
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

Result<int64_t> required_time(const boost::json::object& body, std::string_view field) {
  GH_ASSIGN(std::string text, json::required_string(body, field, 40));
  if (text.size() == 10) {
    if (auto day = parse_local_date(text)) {
      return *day;
    }
  } else if (auto t = parse_rfc3339(text)) {
    return t->ms;
  }
  return Error::invalid(std::string(field), "invalid_time",
                        std::string(field) + " must be a date or RFC 3339 time");
}

const Principal& caller(const http::Request& request) { return *request.principal; }

int64_t member_of(const http::Request& request) {
  const RoleGrant* grant = caller(request).grant(Role::kMember);
  return grant ? grant->member_id : 0;
}

double degrees(int64_t e6) { return static_cast<double>(e6) / 1e6; }

Result<int64_t> read_degrees(const boost::json::object& body, std::string_view field, double max) {
  const boost::json::value* v = body.if_contains(field);
  if (v == nullptr || v->is_null()) {
    return Error::invalid(std::string(field), "required", std::string(field) + " is required");
  }
  if (!v->is_number()) {
    return Error::invalid(std::string(field), "invalid_field",
                          std::string(field) + " must be a number");
  }
  const double value = v->to_number<double>();
  if (!std::isfinite(value) || value < -max || value > max) {
    return Error::invalid(std::string(field), "out_of_range",
                          std::string(field) + " must be between -" + std::to_string(int(max)) +
                              " and " + std::to_string(int(max)));
  }
  return static_cast<int64_t>(std::llround(value * 1e6));
}

}  // namespace gonghui::api
