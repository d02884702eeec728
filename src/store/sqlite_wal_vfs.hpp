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

}  // namespace gonghui::store
