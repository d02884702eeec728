// A SQLite VFS that writes a transaction's WAL frames with one system call instead of two per
// page. SQLite writes each frame as a 24-byte header and then the page, so a commit that
// dirties 500 pages costs 1,000 pwrite calls; this VFS gathers the contiguous writes to a
// -wal file in memory and hands them to the file system at the next operation that could
// observe the file: the commit's sync, a read, a size query, a truncation or the close.
//
// Only for a connection with synchronous=FULL: SQLite publishes a commit to readers (in the
// shared-memory index) after syncing the WAL, and the sync is what writes the frames out.
// Every other file (the database, its shared memory) passes straight to the default VFS.
#pragma once

namespace gonghui::store {

// Registers the VFS on first use (not as the default) and returns its name.
const char* coalescing_wal_vfs();

// While one is alive on a thread, a sync of a -wal file that thread asks for writes the
// buffered frames out but does not wait for the disk: it only records that a sync is owed,
// and the caller syncs the file itself (fdatasync) before it tells anyone the commit
// happened. The store's writer wraps COMMIT in one, so that it can run the next transaction
// while a thread of its own waits for the disk. A checkpoint must not run inside one (it
// would copy frames into the database file before they are on disk): the writer runs them
// between batches.
class DeferredWalSync {
 public:
  DeferredWalSync();
  ~DeferredWalSync();
  DeferredWalSync(const DeferredWalSync&) = delete;
  DeferredWalSync& operator=(const DeferredWalSync&) = delete;

  // Whether a sync was skipped since this object was made.
  bool owed() const;

 private:
  bool was_deferring_;
  bool was_owed_;
};

}  // namespace gonghui::store
