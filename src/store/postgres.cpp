// PostgreSQL engine: pooled libpq connections, prepared-statement cache per connection,
// READ COMMITTED writes retried on serialization failure or deadlock.
#include "store/postgres.hpp"

#include <endian.h>
#include <libpq-fe.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

namespace gonghui::store {
namespace {

constexpr int kMaxAttempts = 8;
// Grouped writes (write_grouped): how many transactions of them an instance runs at once, and
// how many writes one holds at most. While some commit, the next writes gather for the next.
constexpr int kGroupCommitters = 2;
constexpr size_t kMaxGroup = 256;

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
    // Answered to the client once the retries are spent: no database detail in it.
    return Error{ErrorKind::kUnavailable,
                 "serialization_failure",
                 "the database was busy with other writes; try again",
                 {}};
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

  bool healthy() const { return !broken_ && PQstatus(conn_) == CONNECTION_OK; }

  // A read transaction's BEGIN is not sent on its own: it goes with the transaction's first
  // statement, in one round trip (libpq's pipeline mode). A read that runs no statement
  // sends nothing.
  void begin_with_first_statement(std::string begin) { pending_begin_ = std::move(begin); }
  // Ends a read transaction without waiting for the answer: the server ends it as soon as it
  // reads the COMMIT, and its answer is read before the connection's next command.
  void commit_read() {
    if (!pending_begin_.empty()) {
      pending_begin_.clear();  // no statement ran: no transaction was begun
      return;
    }
    if (PQsendQuery(conn_, "COMMIT") == 1) {
      commit_in_flight_ = true;
    } else {
      broken_ = true;
    }
  }

  Status script(std::string_view sql) {
    GH_TRY(settle());
    if (!pending_begin_.empty()) {
      if (sql == "COMMIT" || sql == "ROLLBACK") {
        pending_begin_.clear();  // the transaction was never begun
        return Status::Ok();
      }
      const std::string begin = std::move(pending_begin_);
      pending_begin_.clear();
      GH_TRY(script(begin));
    }
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

  // Reads the answer to a COMMIT sent by commit_read(), if one is still unread.
  Status settle() {
    if (!commit_in_flight_) {
      return Status::Ok();
    }
    commit_in_flight_ = false;
    bool failed = false;
    while (PGresult* r = PQgetResult(conn_)) {
      failed = failed || PQresultStatus(r) != PGRES_COMMAND_OK;
      PQclear(r);
    }
    if (failed) {
      broken_ = true;
      return Error{
          ErrorKind::kUnavailable, "database_unavailable", "the database connection failed", {}};
    }
    return Status::Ok();
  }

  // The pending BEGIN and a prepared statement in one round trip. The BEGIN's failure, or the
  // statement's, is the result; the connection is dropped if the exchange itself fails.
  Result<PgResult> begin_and_execute(const std::string& name, std::string_view sql, int n,
                                     const char* const* values, int result_format) {
    const std::string begin = std::move(pending_begin_);
    pending_begin_.clear();
    const auto lost = [this](std::string_view what) -> Error {
      broken_ = true;
      return Error{ErrorKind::kUnavailable,
                   "database_unavailable",
                   std::string("the database connection failed (") + std::string(what) + ")",
                   {}};
    };
    if (PQenterPipelineMode(conn_) != 1) {
      return lost("pipeline");
    }
    if (PQsendQueryParams(conn_, begin.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1 ||
        PQsendQueryPrepared(conn_, name.c_str(), n, values, nullptr, nullptr, result_format) != 1 ||
        PQpipelineSync(conn_) != 1) {
      return lost("send");
    }
    // Each query's results end with a null; the sync's own result comes last.
    PgResult begun(PQgetResult(conn_));
    while (PGresult* more = PQgetResult(conn_)) {
      PQclear(more);
    }
    PgResult result(PQgetResult(conn_));
    while (PGresult* more = PQgetResult(conn_)) {
      PQclear(more);
    }
    PgResult sync(PQgetResult(conn_));
    if (sync == nullptr || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC) {
      return lost("pipeline sync");
    }
    if (PQexitPipelineMode(conn_) != 1) {
      return lost("pipeline end");
    }
    if (begun == nullptr || PQresultStatus(begun.get()) != PGRES_COMMAND_OK) {
      return pg_error(conn_, begun.get(), begin);
    }
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return pg_error(conn_, result.get(), sql);
    }
    return result;
  }

  // Runs a prepared statement; an error result is returned as an Error.
  Result<PgResult> execute(std::string_view sql, const Params& params, int result_format = 0) {
    GH_TRY(settle());
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
    if (!pending_begin_.empty()) {
      return begin_and_execute(name, sql, static_cast<int>(params.size()), values.data(),
                               result_format);
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
    GH_TRY(settle());
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
  std::string pending_begin_;      // a read's BEGIN, sent with its first statement
  bool commit_in_flight_ = false;  // a read's COMMIT sent, its answer not yet read
  bool broken_ = false;            // an exchange failed half-way: not to be used again
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

  ~PostgresDb() override {
    {
      std::lock_guard lock(group_mu_);
      stopping_ = true;
    }
    group_cv_.notify_all();
    for (auto& committer : committers_) {
      committer.join();  // each runs what is queued before it ends
    }
  }

  Status write(const TxFunction& fn) override { return write_counted(fn, 1); }

  // Queued for the committers, which run every write of the group waiting at the time in one
  // transaction: one commit (and one round trip per statement) for the lot instead of one
  // transaction per write. Returns at once; `done` runs on a committer's thread.
  void write_grouped(WriteGroup& group, std::shared_ptr<GroupedWrite> write,
                     WriteDone done) override {
    {
      std::unique_lock lock(group_mu_);
      if (stopping_) {
        lock.unlock();
        done(Error{ErrorKind::kUnavailable, "shutting_down", "the server is stopping", {}});
        return;
      }
      if (committers_.empty()) {
        for (int i = 0; i < kGroupCommitters; ++i) {
          committers_.emplace_back([this] { commit_groups(); });
        }
      }
      queued_.push_back({&group, std::move(write), std::move(done)});
    }
    group_cv_.notify_one();
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
  struct Queued {
    WriteGroup* group;
    std::shared_ptr<GroupedWrite> write;
    WriteDone done;
  };

  Status write_counted(const TxFunction& fn, int64_t writes) {
    Status status = Status::Ok();
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
      status = run("BEGIN", fn, true);
      if (status.ok() || !is_retryable(status.error())) {
        break;
      }
    }
    if (status.ok()) {
      writes_ += writes;
    }
    return status;
  }

  // A committer: takes the writes of one group waiting at the front of the queue, runs them
  // together, answers them, and goes on until the database closes and the queue is empty.
  void commit_groups() {
    std::vector<Queued> batch;
    std::vector<GroupedWrite*> writes;
    for (;;) {
      batch.clear();
      {
        std::unique_lock lock(group_mu_);
        group_cv_.wait(lock, [this] { return stopping_ || !queued_.empty(); });
        if (queued_.empty()) {
          return;
        }
        WriteGroup* group = queued_.front().group;
        for (auto it = queued_.begin(); it != queued_.end() && batch.size() < kMaxGroup;) {
          if (it->group == group) {
            batch.push_back(std::move(*it));
            it = queued_.erase(it);
          } else {
            ++it;
          }
        }
      }
      writes.clear();
      for (const Queued& q : batch) {
        writes.push_back(q.write.get());
      }
      WriteGroup& group = *batch.front().group;
      Status status = write_counted([&](Tx& tx) { return group.run(tx, writes); },
                                    static_cast<int64_t>(batch.size()));
      if (!status.ok() && batch.size() > 1 && !is_retryable(status.error())) {
        // What failed the group may be one write's alone (a balance another instance spent
        // since it was read): each runs again in a transaction of its own, answered by its own.
        for (Queued& q : batch) {
          const std::vector<GroupedWrite*> one{q.write.get()};
          q.done(write([&](Tx& tx) { return group.run(tx, one); }));
        }
        continue;
      }
      for (Queued& q : batch) {
        q.done(status);
      }
    }
  }

  Status run(const char* begin, const TxFunction& fn, bool writing) {
    std::unique_ptr<PgConnection> connection;
    try {
      connection = acquire();
    } catch (const std::exception& e) {
      return Error{ErrorKind::kUnavailable, "database_unavailable", e.what(), {}};
    }
    // A read's BEGIN goes with its first statement and its COMMIT is not waited for: a read
    // costs the round trips of its statements only.
    const bool reading = !writing;
    Status status = Status::Ok();
    if (reading) {
      connection->begin_with_first_statement(begin);
    } else {
      status = connection->script(begin);
    }
    if (status.ok()) {
      PgTx tx(*connection);
      try {
        status = fn(tx);
      } catch (const std::exception& e) {
        status = Error::internal(std::string("transaction failed: ") + e.what());
      }
      if (status.ok() && reading) {
        connection->commit_read();
      } else if (status.ok()) {
        status = connection->script("COMMIT");
        if (status.ok()) {
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
  std::mutex group_mu_;
  std::condition_variable group_cv_;
  std::deque<Queued> queued_;            // under group_mu_
  bool stopping_ = false;                // under group_mu_
  std::vector<std::thread> committers_;  // started by the first grouped write
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
