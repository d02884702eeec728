#include "store/sqlite_wal_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>

namespace gonghui::store {
namespace {

// Past this many buffered bytes the buffer goes to the file at once (a huge transaction).
constexpr size_t kFlushBytes = 8u << 20;
// The default VFS writes at most 128 KiB - 1 bytes per call (it keeps the low 17 bits of the
// length), so the buffer goes out in pieces of 31 pages.
constexpr size_t kWriteBytes = 31 * 4096;

thread_local bool defer_sync = false;  // a DeferredWalSync is alive on this thread
thread_local bool sync_owed = false;   // and a sync was skipped

sqlite3_vfs* base_vfs = nullptr;
sqlite3_vfs coalescing_vfs;
sqlite3_io_methods wal_methods;

// A -wal file: the default VFS's file, and the writes not yet handed to it.
struct WalFile {
  sqlite3_file header;  // pMethods = &wal_methods
  sqlite3_file* real;   // the default VFS's file, allocated right after this struct
  std::string* pending;
  sqlite3_int64 pending_offset;
};

WalFile& wal(sqlite3_file* file) { return *reinterpret_cast<WalFile*>(file); }

int flush(WalFile& file) {
  if (file.pending->empty()) {
    return SQLITE_OK;
  }
  int rc = SQLITE_OK;
  for (size_t done = 0; rc == SQLITE_OK && done < file.pending->size(); done += kWriteBytes) {
    const size_t size = std::min(kWriteBytes, file.pending->size() - done);
    rc = file.real->pMethods->xWrite(file.real, file.pending->data() + done, static_cast<int>(size),
                                     file.pending_offset + static_cast<sqlite3_int64>(done));
  }
  file.pending->clear();
  return rc;
}

int wal_close(sqlite3_file* file) {
  WalFile& w = wal(file);
  const int flushed = flush(w);
  const int rc = w.real->pMethods ? w.real->pMethods->xClose(w.real) : SQLITE_OK;
  delete w.pending;
  w.pending = nullptr;
  return flushed != SQLITE_OK ? flushed : rc;
}

int wal_read(sqlite3_file* file, void* data, int amount, sqlite3_int64 offset) {
  WalFile& w = wal(file);
  if (const int rc = flush(w); rc != SQLITE_OK) {
    return rc;
  }
  return w.real->pMethods->xRead(w.real, data, amount, offset);
}

int wal_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  WalFile& w = wal(file);
  std::string& pending = *w.pending;
  const auto* bytes = static_cast<const char*>(data);
  const sqlite3_int64 end = w.pending_offset + static_cast<sqlite3_int64>(pending.size());
  // Anything but an append (the WAL header, a frame of this transaction rewritten in place)
  // first sends what is buffered, so that writes reach the file in SQLite's order.
  if (!pending.empty() && offset != end) {
    if (const int rc = flush(w); rc != SQLITE_OK) {
      return rc;
    }
  }
  if (pending.empty()) {
    w.pending_offset = offset;
  }
  pending.append(bytes, static_cast<size_t>(amount));
  return pending.size() >= kFlushBytes ? flush(w) : SQLITE_OK;
}

int wal_truncate(sqlite3_file* file, sqlite3_int64 size) {
  WalFile& w = wal(file);
  if (const int rc = flush(w); rc != SQLITE_OK) {
    return rc;
  }
  return w.real->pMethods->xTruncate(w.real, size);
}

int wal_sync(sqlite3_file* file, int flags) {
  WalFile& w = wal(file);
  if (const int rc = flush(w); rc != SQLITE_OK) {
    return rc;
  }
  if (defer_sync) {
    sync_owed = true;
    return SQLITE_OK;
  }
  return w.real->pMethods->xSync(w.real, flags);
}

int wal_file_size(sqlite3_file* file, sqlite3_int64* size) {
  WalFile& w = wal(file);
  if (const int rc = flush(w); rc != SQLITE_OK) {
    return rc;
  }
  return w.real->pMethods->xFileSize(w.real, size);
}

int wal_lock(sqlite3_file* file, int level) {
  return wal(file).real->pMethods->xLock(wal(file).real, level);
}
int wal_unlock(sqlite3_file* file, int level) {
  return wal(file).real->pMethods->xUnlock(wal(file).real, level);
}
int wal_check_reserved(sqlite3_file* file, int* out) {
  return wal(file).real->pMethods->xCheckReservedLock(wal(file).real, out);
}
int wal_file_control(sqlite3_file* file, int op, void* arg) {
  WalFile& w = wal(file);
  if (const int rc = flush(w); rc != SQLITE_OK) {
    return rc;
  }
  return w.real->pMethods->xFileControl(w.real, op, arg);
}
int wal_sector_size(sqlite3_file* file) {
  return wal(file).real->pMethods->xSectorSize(wal(file).real);
}
int wal_device_characteristics(sqlite3_file* file) {
  return wal(file).real->pMethods->xDeviceCharacteristics(wal(file).real);
}

int vfs_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  if ((flags & SQLITE_OPEN_WAL) == 0) {
    // Everything else is the default VFS's file in place (szOsFile covers it).
    return base_vfs->xOpen(base_vfs, name, file, flags, out_flags);
  }
  WalFile& w = wal(file);
  w.header.pMethods = nullptr;
  w.real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + sizeof(WalFile));
  const int rc = base_vfs->xOpen(base_vfs, name, w.real, flags, out_flags);
  if (rc != SQLITE_OK) {
    // SQLite calls xClose only when pMethods is set; the default VFS cleans up itself.
    return rc;
  }
  w.pending = new (std::nothrow) std::string();
  if (w.pending == nullptr) {
    w.real->pMethods->xClose(w.real);
    return SQLITE_NOMEM;
  }
  w.pending_offset = 0;
  w.header.pMethods = &wal_methods;
  return SQLITE_OK;
}

void register_vfs() {
  base_vfs = sqlite3_vfs_find(nullptr);
  if (base_vfs == nullptr) {
    throw std::runtime_error("SQLite has no default VFS");
  }
  // A -wal file is never memory-mapped, so version 1 methods suffice.
  wal_methods = sqlite3_io_methods{};
  wal_methods.iVersion = 1;
  wal_methods.xClose = wal_close;
  wal_methods.xRead = wal_read;
  wal_methods.xWrite = wal_write;
  wal_methods.xTruncate = wal_truncate;
  wal_methods.xSync = wal_sync;
  wal_methods.xFileSize = wal_file_size;
  wal_methods.xLock = wal_lock;
  wal_methods.xUnlock = wal_unlock;
  wal_methods.xCheckReservedLock = wal_check_reserved;
  wal_methods.xFileControl = wal_file_control;
  wal_methods.xSectorSize = wal_sector_size;
  wal_methods.xDeviceCharacteristics = wal_device_characteristics;

  coalescing_vfs = *base_vfs;
  coalescing_vfs.zName = "gonghui-coalescing-wal";
  coalescing_vfs.szOsFile = static_cast<int>(sizeof(WalFile)) + base_vfs->szOsFile;
  coalescing_vfs.xOpen = vfs_open;
  coalescing_vfs.pNext = nullptr;
  if (sqlite3_vfs_register(&coalescing_vfs, 0) != SQLITE_OK) {
    throw std::runtime_error("cannot register the SQLite WAL VFS");
  }
}

}  // namespace

const char* coalescing_wal_vfs() {
  static std::once_flag once;
  std::call_once(once, register_vfs);
  return coalescing_vfs.zName;
}

DeferredWalSync::DeferredWalSync() : was_deferring_(defer_sync), was_owed_(sync_owed) {
  defer_sync = true;
  sync_owed = false;
}

DeferredWalSync::~DeferredWalSync() {
  defer_sync = was_deferring_;
  sync_owed = was_owed_ || sync_owed;
}

bool DeferredWalSync::owed() const { return sync_owed; }

}  // namespace gonghui::store
