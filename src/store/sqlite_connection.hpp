// The SQLite engine's connection (prepared statements cached per SQL text, binding, stepping,
// savepoints) and its Tx; only store/sqlite.cpp uses them.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "store/db.hpp"

namespace gonghui::store::sqlite_internal {

inline Error sqlite_error(sqlite3* handle, int rc, std::string_view sql) {
  const int extended = handle ? sqlite3_extended_errcode(handle) : rc;
  std::string message = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
  if ((extended & 0xff) == SQLITE_CONSTRAINT) {
    if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return Error{ErrorKind::kConflict, std::string(kUniqueViolation), message, {}};
    }
    if (extended == SQLITE_CONSTRAINT_CHECK) {
      return Error{ErrorKind::kConflict, std::string(kCheckViolation), message, {}};
    }
    return Error{ErrorKind::kConflict, "constraint_violation", message, {}};
  }
  return Error{ErrorKind::kInternal,
               std::string(kStoreFailure),
               message + " in: " + std::string(sql.substr(0, 200)),
               {}};
}

// One connection with its prepared-statement cache. Not thread-safe; owned by one thread
// at a time.
class Connection {
 public:
  // vfs: nullptr for SQLite's default.
  explicit Connection(const std::string& path, const char* vfs = nullptr) {
    const int rc =
        sqlite3_open_v2(path.c_str(), &handle_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, vfs);
    if (rc != SQLITE_OK) {
      std::string message = handle_ ? sqlite3_errmsg(handle_) : sqlite3_errstr(rc);
      sqlite3_close(handle_);
      throw std::runtime_error("cannot open SQLite database " + path + ": " + message);
    }
    sqlite3_busy_timeout(handle_, 10000);
    sqlite3_extended_result_codes(handle_, 1);
  }
  ~Connection() {
    for (auto& [sql, prepared] : statements_) {
      sqlite3_finalize(prepared.stmt);
    }
    sqlite3_close_v2(handle_);
  }

  // The writer's: `watch` decides, as SQLite prepares a statement, whether the statement
  // writes a watched table; running one sets `touched`.
  struct Watch {
    std::function<bool(int action, const char* table)> writes_watched;
    bool preparing_touches = false;  // set by the authorizer while one statement is prepared
    bool touched = false;            // a statement that writes a watched table ran
  };
  // Finalizes every cached statement (they are prepared again on next use).
  void forget_statements() {
    for (auto& [sql, prepared] : statements_) {
      sqlite3_finalize(prepared.stmt);
    }
    statements_.clear();
  }

  void set_watch(Watch* watch) {
    watch_ = watch;
    sqlite3_set_authorizer(handle_, &Connection::authorize, watch);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return handle_; }

  // False once SQLite rolled the open transaction back by itself (disk full, I/O error).
  bool in_transaction() const { return sqlite3_get_autocommit(handle_) == 0; }

  Status script(std::string_view sql) {
    char* message = nullptr;
    const std::string text(sql);
    if (watch_ != nullptr) {
      watch_->preparing_touches = false;
    }
    const int rc = sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, &message);
    if (watch_ != nullptr && watch_->preparing_touches) {
      watch_->touched = true;
    }
    if (rc != SQLITE_OK) {
      Error error = sqlite_error(handle_, rc, sql);
      sqlite3_free(message);
      return error;
    }
    return Status::Ok();
  }

  // One transaction-control statement (BEGIN, COMMIT, SAVEPOINT ...) from the statement
  // cache: sqlite3_exec would parse it again each time, and every transaction runs two to
  // four of them.
  Status control(std::string_view sql) {
    Result<int64_t> done = run(sql, {}, nullptr);
    return done.ok() ? Status::Ok() : Status(std::move(done).error());
  }

  // Runs one statement; fills rows if given. Returns changes.
  Result<int64_t> run(std::string_view sql, const Params& params, Rows* rows) {
    GH_ASSIGN(sqlite3_stmt * stmt, prepare(sql));
    GH_TRY(bind(stmt, params, sql));
    int rc;
    const int columns = sqlite3_column_count(stmt);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (rows == nullptr) {
        continue;
      }
      std::vector<Value> values;
      values.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, c)));
            break;
          case SQLITE_FLOAT:
            values.emplace_back(static_cast<int64_t>(sqlite3_column_double(stmt, c)));
            break;
          case SQLITE_NULL:
            values.emplace_back(std::monostate{});
            break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            values.emplace_back(std::string(text, sqlite3_column_bytes(stmt, c)));
          }
        }
      }
      rows->emplace_back(std::move(values));
    }
    Result<int64_t> result = int64_t{0};
    if (rc != SQLITE_DONE) {
      result = sqlite_error(handle_, rc, sql);
    } else {
      result = static_cast<int64_t>(sqlite3_changes(handle_));
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return result;
  }

  // Runs a query and hands each row to fn straight from the statement.
  Status each(std::string_view sql, const Params& params, const RowFunction& fn) {
    GH_ASSIGN(sqlite3_stmt * stmt, prepare(sql));
    GH_TRY(bind(stmt, params, sql));
    const SqliteRowView view(stmt);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      fn(view);
    }
    Status status = rc == SQLITE_DONE ? Status::Ok() : Status(sqlite_error(handle_, rc, sql));
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return status;
  }

 private:
  // The current row of a statement, read in place.
  class SqliteRowView final : public RowView {
   public:
    explicit SqliteRowView(sqlite3_stmt* stmt)
        : stmt_(stmt), columns_(static_cast<size_t>(sqlite3_column_count(stmt))) {}
    size_t size() const override { return columns_; }
    bool is_null(size_t i) const override {
      return sqlite3_column_type(stmt_, static_cast<int>(i)) == SQLITE_NULL;
    }
    // SQLite's own conversion: NULL reads 0, a real is truncated, text is parsed.
    int64_t integer(size_t i) const override {
      return sqlite3_column_int64(stmt_, static_cast<int>(i));
    }
    std::string_view text(size_t i) const override {
      const int c = static_cast<int>(i);
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
      if (text == nullptr) {
        return {};
      }
      return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_, c))};
    }

   private:
    sqlite3_stmt* stmt_;
    size_t columns_;
  };

  Status bind(sqlite3_stmt* stmt, const Params& params, std::string_view sql) {
    for (size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      int rc = SQLITE_OK;
      if (const auto* n = std::get_if<int64_t>(&params[i])) {
        rc = sqlite3_bind_int64(stmt, index, *n);
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        // SQLITE_STATIC: params outlive the statement's execution below.
        rc = sqlite3_bind_text(stmt, index, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
      } else {
        rc = sqlite3_bind_null(stmt, index);
      }
      if (rc != SQLITE_OK) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        return sqlite_error(handle_, rc, sql);
      }
    }
    return Status::Ok();
  }

  // The statement from the cache (prepared on first use); marks the watch touched if the
  // statement writes a watched table.
  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    auto it = statements_.find(sql);  // no copy of the text to look it up
    if (it == statements_.end()) {
      std::string key(sql);
      if (watch_ != nullptr) {
        watch_->preparing_touches = false;
      }
      sqlite3_stmt* stmt = nullptr;
      const int rc = sqlite3_prepare_v3(handle_, key.data(), static_cast<int>(key.size()),
                                        SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) {
        return sqlite_error(handle_, rc, sql);
      }
      const bool touches = watch_ != nullptr && watch_->preparing_touches;
      it = statements_.emplace(std::move(key), Prepared{stmt, touches}).first;
    }
    if (it->second.touches) {
      watch_->touched = true;
    }
    return it->second.stmt;
  }

  // SQLite's authorizer, called for each table a statement reads or writes as it is
  // prepared (and again when a schema change makes it prepare the statement anew).
  static int authorize(void* context, int action, const char* a, const char*, const char*,
                       const char*) {
    auto* watch = static_cast<Watch*>(context);
    if (a != nullptr && watch->writes_watched(action, a)) {
      watch->preparing_touches = true;
    }
    return SQLITE_OK;
  }

  struct Prepared {
    sqlite3_stmt* stmt;
    bool touches;  // writes a watched table
  };
  sqlite3* handle_ = nullptr;
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, Prepared, TextHash, std::equal_to<>> statements_;
  Watch* watch_ = nullptr;
};

class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Connection& connection) : connection_(connection) {}
  Result<Rows> query(std::string_view sql, const Params& params) override {
    Rows rows;
    GH_TRY(connection_.run(sql, params, &rows));
    return rows;
  }
  Status each(std::string_view sql, const Params& params, const RowFunction& fn) override {
    return connection_.each(sql, params, fn);
  }
  Result<int64_t> exec(std::string_view sql, const Params& params) override {
    return connection_.run(sql, params, nullptr);
  }
  Status script(std::string_view sql) override { return connection_.script(sql); }
  std::string_view engine() const override { return "sqlite"; }

 private:
  Connection& connection_;
};

}  // namespace gonghui::store::sqlite_internal
