// The embedded engine: SQLite in WAL mode with one grouping writer thread.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "store/db.hpp"

namespace gonghui::store {

struct SqliteOptions {
  std::string path;
  int max_batch = 1024;          // writes grouped into one commit at most
  bool synchronous_full = true;  // fsync the WAL at every commit (durable 2xx)
  // Called on the syncing thread after each fsync of the WAL, before the writes it made
  // durable are answered. For tests.
  std::function<void()> after_wal_sync;
};

// Opens (creating if needed) the database file. Throws std::runtime_error if it cannot.
std::unique_ptr<Db> open_sqlite(const SqliteOptions& options);

}  // namespace gonghui::store
