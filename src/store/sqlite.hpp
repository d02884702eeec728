// The embedded engine: SQLite in WAL mode with one grouping writer thread.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "store/db.hpp"

namespace gonghui::store {

struct SqliteOptions {
  std::string path;
  // Writes grouped into one commit at most. Small enough that commits and WAL syncs overlap
  // in a pipeline: a backlog (after a checkpoint, or a crowd at the door) goes out as a run
  // of commits, each answered after its own sync, instead of one commit that every write in
  // it waits for (bench/README.md has the measurements).
  int max_batch = 128;
  bool synchronous_full = true;  // fsync the WAL at every commit (durable 2xx)
  // Called on the syncing thread after each fsync of the WAL, before the writes it made
  // durable are answered. For tests.
  std::function<void()> after_wal_sync;
  // Called on the writeback thread each time it has started the database file's write-out
  // during a checkpoint. For tests.
  std::function<void()> after_writeback;
  // Called on the checkpointing thread after each pass it has made beside the writer, with
  // the frames of the WAL then in the database file. For tests.
  std::function<void(int copied)> after_background_pass;
};

// Opens (creating if needed) the database file. Throws std::runtime_error if it cannot.
std::unique_ptr<Db> open_sqlite(const SqliteOptions& options);

}  // namespace gonghui::store
