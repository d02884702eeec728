// The storage interface: one Db over two engines (SQLite, PostgreSQL). Store code knows
// SQL and transactions, nothing of domain rules.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace gonghui::store {

// A SQL parameter or column value. No floats: money, points and ids are integers.
using Value = std::variant<std::monostate, int64_t, std::string>;

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool is_null(size_t i) const { return std::holds_alternative<std::monostate>(values_.at(i)); }
  // Integer column; PostgreSQL returns text, which is parsed. NULL reads as 0.
  int64_t integer(size_t i) const;
  // Text column; an integer is formatted. NULL reads as "".
  std::string text(size_t i) const;
  const Value& value(size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;
using Params = std::vector<Value>;

// A row handed to Tx::each while it is being read: nothing is copied, so it (and any text
// it returned) is valid only during the call. Accessors follow Row's rules.
class RowView {
 public:
  virtual ~RowView() = default;
  virtual size_t size() const = 0;
  virtual bool is_null(size_t i) const = 0;
  virtual int64_t integer(size_t i) const = 0;
  virtual std::string_view text(size_t i) const = 0;
};
using RowFunction = std::function<void(const RowView&)>;

// Error codes the store reports; domain code may test for them.
inline constexpr std::string_view kUniqueViolation = "unique_violation";
inline constexpr std::string_view kCheckViolation = "check_violation";
inline constexpr std::string_view kStoreFailure = "store_failure";

// A transaction in progress. SQL uses `?` placeholders on both engines.
class Tx {
 public:
  virtual ~Tx() = default;
  // Runs a statement and returns its rows (empty for statements without results).
  // A constraint failure is a kConflict error with code kUniqueViolation or
  // kCheckViolation; anything else is kInternal.
  virtual Result<Rows> query(std::string_view sql, const Params& params = {}) = 0;
  // Runs a query and hands each row to `fn` as it is read instead of collecting Rows: for
  // reports over many rows. `fn` must not run statements on this Tx. Errors as query().
  // The engines override the default, which collects the rows first.
  virtual Status each(std::string_view sql, const Params& params, const RowFunction& fn);
  // Runs a statement and returns the number of rows it changed.
  virtual Result<int64_t> exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual Status script(std::string_view sql) = 0;
  // "sqlite" or "postgresql", for the rare statement that must differ.
  virtual std::string_view engine() const = 0;
  // Runs fn in a savepoint: if fn returns an error, what it did is undone and the error is
  // returned; the rest of the transaction stands.
  Status isolated(const std::function<Status(Tx&)>& fn);
};

using TxFunction = std::function<Status(Tx&)>;

// Writes of one kind that the engine may run together: the SQLite writer hands every write
// of a group it finds in its queue to one run() call, which can then read what they share
// once and write their rows with a few statements instead of a few each. A write carries
// its own input and, once run, its own outcome.
struct GroupedWrite {
  virtual ~GroupedWrite() = default;
};
class WriteGroup {
 public:
  virtual ~WriteGroup() = default;
  // Runs these writes (one or more, in the order they were queued) inside one savepoint
  // and records each one's outcome in it. An error undoes all of them and is what each is
  // answered. On PostgreSQL it may be run again after a serialization failure.
  virtual Status run(Tx& tx, const std::vector<GroupedWrite*>& writes) = 0;
};

class Db {
 public:
  virtual ~Db() = default;
  virtual std::string_view engine() const = 0;

  // Runs fn in a read-only transaction with a consistent snapshot. Thread-safe.
  virtual Status read(const TxFunction& fn) = 0;

  // Runs fn in a write transaction and returns once the transaction is durable (or failed).
  // If fn returns an error, everything fn did is rolled back and the error is returned.
  // On SQLite all writes go through one writer thread that groups concurrent writes into
  // one commit (each in its own savepoint), so fn must only touch the database and must not
  // wait for other writes. On PostgreSQL fn may be run again after a serialization failure,
  // so it must not have side effects outside the transaction. Thread-safe.
  virtual Status write(const TxFunction& fn) = 0;

  // write() for a caller that must not hold a thread while the write waits for its commit
  // (the HTTP server's I/O threads). Takes fn and keeps it until it has run; calls `done`
  // exactly once with what write() would have returned, once the transaction is durable or
  // failed. Where writes_asynchronously() is true, write_async returns at once and `done`
  // runs later on one of the store's threads, so it must be quick and must not wait for
  // another write; otherwise (the default, and PostgreSQL) write_async is write() followed
  // by `done` on the caller's thread. Thread-safe.
  using WriteDone = std::function<void(Status)>;
  virtual void write_async(TxFunction fn, WriteDone done);
  // write_async for a write of a group: `done` is called once `write`, run with the other
  // writes of its group that were waiting, is durable or failed (its outcome is then in
  // `write`). The group must outlive the write. On SQLite the writer thread runs the group
  // in its next commit; on PostgreSQL a few committer threads each run the writes of a group
  // waiting at the time in one transaction, write_grouped returns at once, `done` runs on a
  // committer's thread, and a group that fails runs again one write at a time (so that one
  // write's failure is its own). The default runs this write alone in write(). Thread-safe.
  virtual void write_grouped(WriteGroup& group, std::shared_ptr<GroupedWrite> write,
                             WriteDone done);
  virtual bool writes_asynchronously() const { return false; }

  // For a cache of what some tables hold. Adds changes to `tables` to what moves the returned
  // counter, which moves after (never before) every commit that may have changed a watched
  // table becomes visible to reads, and within about 100 ms of a change committed by
  // another process. A cache reads the counter before it reads the tables and keeps what it
  // read only while the counter has not moved. nullptr: this engine cannot see every write
  // (PostgreSQL, where other instances write too), so do not cache. Thread-safe.
  struct Watched {
    std::string table;
    bool inserts = true;  // whether a new row counts (changed and deleted rows always do)
  };
  virtual const std::atomic<uint64_t>* watch(const std::vector<Watched>& tables);

  // Statistics for /metrics and benchmarks.
  struct Stats {
    int64_t commits = 0;      // physical commits
    int64_t writes = 0;       // write() calls completed
    int64_t pool_in_use = 0;  // connections busy now
    int64_t pool_size = 0;    // connections open now
  };
  virtual Stats stats() const = 0;
};

// Opens a database from a URL: "sqlite:path/to/file.db" (or "sqlite::memory:" for tests)
// or "postgresql://…" / "postgres://…" (libpq connection URI). `pool_size` bounds the
// PostgreSQL connections this process opens (0: the default, 16). Throws
// std::runtime_error on a bad URL or a database that cannot be opened: that is broken
// configuration.
std::unique_ptr<Db> open(const std::string& url, int pool_size = 0);

}  // namespace gonghui::store
