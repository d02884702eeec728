// The embedded engine: SQLite in WAL mode with one grouping writer thread.
#pragma once

#include <memory>
#include <string>

#include "store/db.hpp"

namespace gonghui::store {

struct SqliteOptions {
  std::string path;
  int max_batch = 1024;          // writes grouped into one commit at most
  bool synchronous_full = true;  // fsync the WAL at every commit (durable 2xx)
};

// Opens (creating if needed) the database file. Throws std::runtime_error if it cannot.
std::unique_ptr<Db> open_sqlite(const SqliteOptions& options);

}  // namespace gonghui::store
