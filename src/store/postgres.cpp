// PostgreSQL engine: pooled libpq connections, prepared-statement cache per connection,
// READ COMMITTED writes retried on serialization failure or deadlock.
#include "store/postgres.hpp"

#include <endian.h>
#include <libpq-fe.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace gonghui::store {
namespace {

constexpr int kMaxAttempts = 8;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

bool is_retryable(const Error& error) { return error.code == "serialization_failure"; }

Error pg_error(PGconn* conn, const PGresult* result, std::string_view sql) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  const std::string sqlstate = state ? state : "";
  if (sqlstate == "23505") {
    return Error{ErrorKind::kConflict, std::string(kUniqueViolation), message, {}};
  }
  if (sqlstate == "23514") {
    return Error{ErrorKind::kConflict, std::string(kCheckViolation), message, {}};
  }
  if (sqlstate.rfind("23", 0) == 0) {
    return Error{ErrorKind::kConflict, "constraint_violation", message, {}};
  }
  if (sqlstate == "40001" || sqlstate == "40P01") {
    return Error{ErrorKind::kUnavailable, "serialization_failure", message, {}};
  }
  return Error{ErrorKind::kInternal,
               std::string(kStoreFailure),
               message + " in: " + std::string(sql.substr(0, 200)),
               {}};
}

class PgConnection {
 public:
  explicit PgConnection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string message = PQerrorMessage(conn_);
      PQfinish(conn_);
      conn_ = nullptr;
      throw std::runtime_error("cannot connect to PostgreSQL: " + message);
    }
    PGresult* r = PQexec(conn_, "SET client_min_messages = warning; SET TIME ZONE 'UTC'");
    PQclear(r);
  }
  ~PgConnection() {
    if (conn_) {
      PQfinish(conn_);
    }
  }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

  Status script(std::string_view sql) {
    const std::string text(sql);
    PgResult result(PQexec(conn_, text.c_str()));
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return pg_error(conn_, result.get(), sql);
    }
    return Status::Ok();
  }

  Result<int64_t> run(std::string_view sql, const Params& params, Rows* rows) {
    GH_ASSIGN(PgResult result, execute(sql, params));
    const auto status = PQresultStatus(result.get());
    if (rows != nullptr && status == PGRES_TUPLES_OK) {
      const int n = PQntuples(result.get());
      const int columns = PQnfields(result.get());
      rows->reserve(n);
      for (int r = 0; r < n; ++r) {
        std::vector<Value> row;
        row.reserve(columns);
        for (int c = 0; c < columns; ++c) {
          if (PQgetisnull(result.get(), r, c)) {
            row.emplace_back(std::monostate{});
          } else {
            row.emplace_back(
                std::string(PQgetvalue(result.get(), r, c), PQgetlength(result.get(), r, c)));
          }
        }
        rows->emplace_back(std::move(row));
      }
    }
    const char* tuples = PQcmdTuples(result.get());
    return static_cast<int64_t>(tuples && *tuples ? std::atoll(tuples) : 0);
  }

  // Runs a query and hands each row of the result to fn without copying its values. When
  // every column has a type whose binary form is read below, the result comes in binary:
  // the server formats no numbers and the client parses none.
  Status each(std::string_view sql, const Params& params, const RowFunction& fn) {
    GH_ASSIGN(const std::string& name, prepare(sql));
    auto binary = binary_results_.find(name);
    if (binary == binary_results_.end()) {
      PgResult described(PQdescribePrepared(conn_, name.c_str()));
      if (PQresultStatus(described.get()) != PGRES_COMMAND_OK) {
        return pg_error(conn_, described.get(), sql);
      }
      bool all = true;
      for (int c = 0; c < PQnfields(described.get()); ++c) {
        all = all && PgRowView::kind_of(PQftype(described.get(), c)) != PgRowView::kOther;
      }
      binary = binary_results_.emplace(name, all).first;
    }
    GH_ASSIGN(PgResult result, execute(sql, params, binary->second ? 1 : 0));
    if (PQresultStatus(result.get()) == PGRES_TUPLES_OK) {
      PgRowView view(result.get());
      for (const int n = PQntuples(result.get()); view.row < n; ++view.row) {
        fn(view);
      }
    }
    return Status::Ok();
  }

 private:
  // A row of a result, read in place, in text or binary form.
  class PgRowView final : public RowView {
   public:
    // Column types by how their binary form is read (type oids from pg_type.h). Any other
    // type (numeric sums, booleans among them) keeps the whole result in text.
    enum Kind { kInt2, kInt4, kInt8, kText, kOther };
    static Kind kind_of(Oid type) {
      switch (type) {
        case 21:
          return kInt2;
        case 23:
          return kInt4;
        case 20:
          return kInt8;
        case 25:
        case 1043:
        case 1042:
        case 19:
          return kText;  // text, varchar, char, name
        default:
          return kOther;
      }
    }

    explicit PgRowView(const PGresult* r)
        : result_(r),
          columns_(static_cast<size_t>(PQnfields(r))),
          kinds_(columns_),
          formatted_(columns_) {
      for (size_t c = 0; c < columns_; ++c) {
        const int i = static_cast<int>(c);
        kinds_[c] = PQfformat(r, i) == 1 ? kind_of(PQftype(r, i)) : kText;
      }
    }
    size_t size() const override { return columns_; }
    bool is_null(size_t i) const override {
      return PQgetisnull(result_, row, static_cast<int>(i)) != 0;
    }
    int64_t integer(size_t i) const override {
      const int c = static_cast<int>(i);
      if (PQgetisnull(result_, row, c)) return 0;
      const char* v = PQgetvalue(result_, row, c);
      switch (kinds_[i]) {
        case kInt2:
          return static_cast<int16_t>(be16toh(load<uint16_t>(v)));
        case kInt4:
          return static_cast<int32_t>(be32toh(load<uint32_t>(v)));
        case kInt8:
          return static_cast<int64_t>(be64toh(load<uint64_t>(v)));
        default: {
          int64_t n = 0;
          std::from_chars(v, v + PQgetlength(result_, row, c), n);
          return n;
        }
      }
    }
    std::string_view text(size_t i) const override {
      const int c = static_cast<int>(i);
      if (kinds_[i] == kText) {
        return {PQgetvalue(result_, row, c), static_cast<size_t>(PQgetlength(result_, row, c))};
      }
      if (PQgetisnull(result_, row, c)) return {};
      formatted_[i] = std::to_string(integer(i));
      return formatted_[i];
    }
    int row = 0;

   private:
    template <class T>
    static T load(const char* p) {
      T v;
      std::memcpy(&v, p, sizeof v);
      return v;
    }
    const PGresult* result_;
    size_t columns_;
    std::vector<Kind> kinds_;
    mutable std::vector<std::string> formatted_;
  };

  // Runs a prepared statement; an error result is returned as an Error.
  Result<PgResult> execute(std::string_view sql, const Params& params, int result_format = 0) {
    GH_ASSIGN(const std::string& name, prepare(sql));
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      if (const auto* n = std::get_if<int64_t>(&params[i])) {
        texts[i] = std::to_string(*n);
        values[i] = texts[i].c_str();
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        values[i] = s->c_str();
      }
    }
    PgResult result(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()),
                                   values.data(), nullptr, nullptr, result_format));
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return pg_error(conn_, result.get(), sql);
    }
    return result;
  }

  Result<std::string> prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = prepared_.find(key); it != prepared_.end()) {
      return it->second;
    }
    std::string name = "s" + std::to_string(prepared_.size());
    const std::string numbered = number_placeholders(sql);
    PgResult result(PQprepare(conn_, name.c_str(), numbered.c_str(), 0, nullptr));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      return pg_error(conn_, result.get(), sql);
    }
    prepared_.emplace(std::move(key), name);
    return name;
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;
  std::unordered_map<std::string, bool> binary_results_;  // by statement name
};

class PgTx final : public Tx {
 public:
  explicit PgTx(PgConnection& connection) : connection_(connection) {}
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
  std::string_view engine() const override { return "postgresql"; }

 private:
  PgConnection& connection_;
};

class PostgresDb final : public Db {
 public:
  explicit PostgresDb(const PostgresOptions& options) : options_(options) {
    // Fail at start-up, not at the first request, when the URL is wrong.
    idle_.push_back(std::make_unique<PgConnection>(options.conninfo));
    open_ = 1;
  }

  std::string_view engine() const override { return "postgresql"; }

  Status read(const TxFunction& fn) override {
    return run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn, false);
  }

  Status write(const TxFunction& fn) override {
    Status status = Status::Ok();
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
      status = run("BEGIN", fn, true);
      if (status.ok() || !is_retryable(status.error())) {
        break;
      }
    }
    if (status.ok()) {
      ++writes_;
    }
    return status;
  }

  Stats stats() const override {
    Stats s;
    s.commits = commits_.load();
    s.writes = writes_.load();
    std::lock_guard lock(mu_);
    s.pool_size = open_;
    s.pool_in_use = open_ - static_cast<int64_t>(idle_.size());
    return s;
  }

 private:
  Status run(const char* begin, const TxFunction& fn, bool counts_commit) {
    std::unique_ptr<PgConnection> connection;
    try {
      connection = acquire();
    } catch (const std::exception& e) {
      return Error{ErrorKind::kUnavailable, "database_unavailable", e.what(), {}};
    }
    Status status = connection->script(begin);
    if (status.ok()) {
      PgTx tx(*connection);
      try {
        status = fn(tx);
      } catch (const std::exception& e) {
        status = Error::internal(std::string("transaction failed: ") + e.what());
      }
      if (status.ok()) {
        status = connection->script("COMMIT");
        if (status.ok() && counts_commit) {
          ++commits_;
        }
      } else {
        (void)connection->script("ROLLBACK");
      }
    }
    release(std::move(connection));
    return status;
  }

  std::unique_ptr<PgConnection> acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return !idle_.empty() || open_ < options_.pool_size; });
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
    ++open_;
    lock.unlock();
    try {
      return std::make_unique<PgConnection>(options_.conninfo);
    } catch (...) {
      std::lock_guard relock(mu_);
      --open_;
      cv_.notify_one();
      throw;
    }
  }

  void release(std::unique_ptr<PgConnection> connection) {
    {
      std::lock_guard lock(mu_);
      if (connection->healthy()) {
        idle_.push_back(std::move(connection));
      } else {
        --open_;  // dropped; a fresh one is made on demand
      }
    }
    cv_.notify_one();
  }

  PostgresOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // under mu_
  int64_t open_ = 0;                                 // under mu_
  std::atomic<int64_t> commits_{0};
  std::atomic<int64_t> writes_{0};
};

}  // namespace

std::string number_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) {
        quote = 0;
      }
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(next++);
    } else {
      out += c;
    }
  }
  return out;
}

std::unique_ptr<Db> open_postgres(const PostgresOptions& options) {
  return std::make_unique<PostgresDb>(options);
}

}  // namespace gonghui::store
