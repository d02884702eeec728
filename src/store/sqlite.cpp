// SQLite engine: a pool of read connections and one writer thread that groups concurrent
// write transactions into a single commit (group commit), each inside its own savepoint.
#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "core/thread_name.hpp"
#include "store/sqlite_connection.hpp"
#include "store/sqlite_wal_vfs.hpp"

namespace gonghui::store {
namespace {

using sqlite_internal::Connection;
using sqlite_internal::sqlite_error;
using sqlite_internal::SqliteTx;

// Milliseconds of a clock that only moves forward, for intervals.
int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// One write waiting for the writer: write()'s lives on its caller's stack and is answered
// through the promise; write_async()'s lives on the heap, owns its function and is answered
// through `done` (finish() deletes it).
struct WriteJob {
  const TxFunction* fn = nullptr;
  std::promise<Status>* promise = nullptr;
  Db::WriteDone done;
  TxFunction owned;
  // write_grouped(): run with the other writes of its group instead of fn.
  WriteGroup* group = nullptr;
  std::shared_ptr<GroupedWrite> grouped;
};

// Answers a write: the last use of the job.
void finish(WriteJob* job, Status status) {
  if (job->promise != nullptr) {
    job->promise->set_value(std::move(status));
    return;
  }
  Db::WriteDone done = std::move(job->done);
  delete job;
  done(std::move(status));
}

class SqliteDb final : public Db {
 public:
  explicit SqliteDb(const SqliteOptions& options) : options_(options) {
    const auto parent = std::filesystem::path(options.path).parent_path();
    if (!parent.empty()) {
      std::filesystem::create_directories(parent);
    }
    // With synchronous=FULL a commit's WAL frames are written with one call at its sync
    // (store/sqlite_wal_vfs.hpp).
    const bool coalesce = options.synchronous_full && options.path != ":memory:";
    writer_ = std::make_unique<Connection>(options.path, coalesce ? coalescing_wal_vfs() : nullptr);
    watch_.writes_watched = [this](int action, const char* table) {
      return writes_watched(action, table);
    };
    writer_->set_watch(&watch_);
    // WAL lets readers run beside the writer; FULL makes every commit durable before we
    // answer; the grouping writer keeps the fsync count low.
    auto status = writer_->script(std::string("PRAGMA journal_mode=WAL; PRAGMA synchronous=") +
                                  (options.synchronous_full ? "FULL" : "NORMAL") +
                                  "; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;"
                                  " PRAGMA temp_store=MEMORY; PRAGMA journal_size_limit=67108864;");
    // temp_store=MEMORY keeps each write's savepoint journal in memory: on disk (the default
    // past 64 KB) it costs a write call per page the write changes.
    if (!status.ok()) {
      throw std::runtime_error("cannot configure SQLite: " + status.error().message);
    }
    // Checkpoints (copying the WAL into the database file and syncing it): a thread of their
    // own copies the WAL in passes beside the writer, every kBackgroundPassFrames, and
    // checkpoints a WAL that has gone quiet; past kWriterCheckpointFrames the writer, between
    // commits, copies what the passes have left, after which the WAL can start over (SQLite
    // starts it over only once all of it is in the database file, which passes beside a
    // writer that never pauses would never reach).
    if (options.path != ":memory:") {
      status = writer_->script("PRAGMA wal_autocheckpoint=0");
      if (!status.ok()) {
        throw std::runtime_error("cannot configure SQLite: " + status.error().message);
      }
      sqlite3_wal_hook(writer_->handle(), &SqliteDb::on_commit, this);
      checkpointer_ = start_named_thread("gh-checkpoint", [this] { checkpoint_loop(); });
      writeback_ = start_named_thread("gh-writeback", [this] { writeback_loop(); });
    }
    if (coalesce) {
      syncer_ = start_named_thread("gh-sync", [this] { sync_loop(); });
    }
    notice_other_writers();  // the first data_version, before any read could be cached
    thread_ = start_named_thread("gh-writer", [this] { writer_loop(); });
  }

  ~SqliteDb() override {
    {
      std::lock_guard lock(queue_mu_);
      stopping_ = true;
    }
    queue_cv_.notify_all();
    thread_.join();
    if (syncer_.joinable()) {
      {
        std::lock_guard lock(sync_mu_);
        sync_stopping_ = true;
      }
      sync_cv_.notify_all();
      syncer_.join();
    }
    if (wal_fd_ >= 0) {
      ::close(wal_fd_);
    }
    {
      std::lock_guard lock(checkpoint_mu_);
      checkpoint_stopping_ = true;
    }
    checkpoint_cv_.notify_all();
    if (checkpointer_.joinable()) {
      checkpointer_.join();
    }
    if (writeback_.joinable()) {
      {
        std::lock_guard lock(writeback_mu_);
        writeback_stopping_ = true;
      }
      writeback_cv_.notify_all();
      writeback_.join();
    }
  }

  std::string_view engine() const override { return "sqlite"; }

  Status read(const TxFunction& fn) override {
    std::unique_ptr<Connection> connection = acquire_reader();
    Status status = connection->control("BEGIN");
    if (status.ok()) {
      SqliteTx tx(*connection);
      status = fn(tx);
      // A read transaction has nothing to keep; ending it releases the snapshot.
      (void)connection->control("COMMIT");
    }
    release_reader(std::move(connection));
    return status;
  }

  Status write(const TxFunction& fn) override {
    std::promise<Status> promise;
    std::future<Status> result = promise.get_future();
    WriteJob job;
    job.fn = &fn;
    job.promise = &promise;
    if (!enqueue(&job)) {
      return shutting_down();
    }
    return result.get();
  }

  void write_async(TxFunction fn, WriteDone done) override {
    auto job = std::make_unique<WriteJob>();
    job->owned = std::move(fn);
    job->fn = &job->owned;
    job->done = std::move(done);
    submit(std::move(job));
  }

  bool writes_asynchronously() const override { return true; }

  void write_grouped(WriteGroup& group, std::shared_ptr<GroupedWrite> write,
                     WriteDone done) override {
    auto job = std::make_unique<WriteJob>();
    job->group = &group;
    job->grouped = std::move(write);
    job->done = std::move(done);
    submit(std::move(job));
  }

  const std::atomic<uint64_t>* watch(const std::vector<Watched>& tables) override {
    std::lock_guard lock(watched_mu_);
    for (const Watched& w : tables) {
      bool& inserts = watched_[w.table];
      inserts = inserts || w.inserts;
    }
    // The writer's statements prepared before may write a table watched from now on: it
    // prepares them anew before its next batch.
    rewatch_ = true;
    watch_epoch_.fetch_add(1);
    return &watch_epoch_;
  }

  Stats stats() const override {
    Stats s;
    s.commits = commits_.load();
    s.writes = writes_.load();
    std::lock_guard lock(readers_mu_);
    s.pool_size = readers_open_;
    s.pool_in_use = readers_open_ - static_cast<int64_t>(idle_readers_.size());
    return s;
  }

 private:
  static Error shutting_down() {
    return Error{ErrorKind::kUnavailable, "shutting_down", "the server is stopping", {}};
  }

  // Hands an answered-by-callback job to the writer, or refuses it once closing.
  void submit(std::unique_ptr<WriteJob> job) {
    if (!enqueue(job.get())) {
      WriteDone refused = std::move(job->done);
      refused(shutting_down());
      return;
    }
    (void)job.release();  // the writer owns it now; finish() deletes it
  }

  // Queues a write for the writer thread; false once the database is closing.
  bool enqueue(WriteJob* job) {
    bool wake = false;
    {
      std::lock_guard lock(queue_mu_);
      if (stopping_) {
        return false;
      }
      // The writer only sleeps on an empty queue: waking it for every write would cost a
      // futex call per write while it is busy anyway.
      wake = queue_.empty();
      queue_.push_back(job);
    }
    if (wake) {
      queue_cv_.notify_one();
    }
    return true;
  }

  std::unique_ptr<Connection> acquire_reader() {
    {
      std::lock_guard lock(readers_mu_);
      if (!idle_readers_.empty()) {
        auto connection = std::move(idle_readers_.back());
        idle_readers_.pop_back();
        return connection;
      }
      ++readers_open_;
    }
    auto connection = std::make_unique<Connection>(options_.path);
    // Readers map the database file (up to 1 GB) instead of each copying pages into a cache of
    // its own: one page cache shared by every reader, no read call per page missed. (The
    // database file never shrinks: nothing runs VACUUM.)
    (void)connection->script(
        "PRAGMA foreign_keys=ON; PRAGMA cache_size=-16384; PRAGMA mmap_size=1073741824;");
    return connection;
  }

  // Every connection is kept: there are never more than the reads that ever ran at once
  // (bounded by the request workers), and closing and reopening one costs a schema parse
  // and its statement cache, which under a crowd larger than the pool made every request
  // pay for a new connection.
  void release_reader(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(readers_mu_);
    idle_readers_.push_back(std::move(connection));
  }

  // Runs after every commit on the writer thread with the WAL's size in frames (pages).
  static int on_commit(void* self, sqlite3*, const char*, int frames) {
    auto* db = static_cast<SqliteDb*>(self);
    if (frames >= kWriterCheckpointFrames) {
      db->checkpoint_due_ = true;  // run by the writer once the batch is handed on
    } else if (!db->pass_wanted_.load(std::memory_order_acquire)) {
      // No pass wanted or running: what the last one copied is settled.
      int copied = db->pass_copied_.load(std::memory_order_relaxed);
      if (frames < copied) {  // the WAL has started over
        copied = 0;
        db->pass_copied_.store(0, std::memory_order_relaxed);
      }
      if (frames - copied >= kBackgroundPassFrames) {
        db->pass_wanted_.store(true, std::memory_order_release);
        { std::lock_guard lock(db->checkpoint_mu_); }  // so that the wake-up cannot be missed
        db->checkpoint_cv_.notify_one();
      }
    }
    db->last_commit_ms_.store(steady_ms(), std::memory_order_relaxed);
    return SQLITE_OK;
  }

  // The writer's checkpoint, between batches: after the batch that filled the WAL has gone
  // to be synced and answered, so that its writes do not wait for the checkpoint. It copies
  // what the background passes have not (a checkpoint starts where the last one stopped);
  // while a pass is running it waits for a later commit instead of for the pass. SQLite
  // syncs the WAL before it copies frames into the database file, and the database file
  // before the WAL can start over. Meanwhile the writeback thread has the kernel write out
  // what the checkpoint has copied so far.
  void checkpoint_if_due() {
    if (!checkpoint_due_ || pass_running_.load(std::memory_order_acquire)) {
      return;
    }
    checkpoint_due_ = false;
    set_writeback(true);
    (void)sqlite3_wal_checkpoint_v2(writer_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                    nullptr);
    set_writeback(false);
  }

  // Either checkpointer may be copying (not both at once: SQLite lets one checkpoint run at a
  // time, but the two calls can overlap around it).
  void set_writeback(bool active) {
    {
      std::lock_guard lock(writeback_mu_);
      writeback_users_ += active ? 1 : -1;
    }
    writeback_cv_.notify_one();
  }

  // While a checkpoint copies, every kWritebackEveryMs this thread starts the write-out of
  // the database file's dirty pages (sync_file_range, which waits for nothing and makes
  // nothing durable), so the disk writes them while the checkpoint is still copying, and the
  // checkpoint's own fdatasync has less left to wait for (bench/README.md has the
  // measurements).
  void writeback_loop() {
    int fd = -1;
    std::unique_lock lock(writeback_mu_);
    for (;;) {
      writeback_cv_.wait(lock, [this] { return writeback_stopping_ || writeback_users_ > 0; });
      if (writeback_stopping_) {
        break;
      }
      while (!writeback_cv_.wait_for(lock, std::chrono::milliseconds(kWritebackEveryMs), [this] {
        return writeback_stopping_ || writeback_users_ == 0;
      })) {
        lock.unlock();
        if (fd < 0) {
          fd = ::open(options_.path.c_str(), O_RDONLY | O_CLOEXEC);
        }
        if (fd >= 0) {
          (void)::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        }
        if (options_.after_writeback) {
          options_.after_writeback();
        }
        lock.lock();
      }
    }
    if (fd >= 0) {
      ::close(fd);
    }
  }

  void checkpoint_loop() {
    Connection connection(options_.path);
    // A connection opens the WAL with its first read; until then a checkpoint through it
    // does nothing (SQLite takes the database for one not in WAL mode).
    (void)connection.script("SELECT 1 FROM sqlite_schema LIMIT 1");
    for (;;) {
      {
        std::unique_lock lock(checkpoint_mu_);
        checkpoint_cv_.wait_for(lock, std::chrono::milliseconds(kQuietMs), [this] {
          return checkpoint_stopping_ || pass_wanted_.load(std::memory_order_acquire);
        });
        if (checkpoint_stopping_) {
          return;
        }
      }
      if (pass_wanted_.load(std::memory_order_acquire)) {
        background_pass(connection);
        continue;
      }
      // Otherwise only once the writer has been quiet for a while.
      if (steady_ms() - last_commit_ms_.load(std::memory_order_relaxed) < kQuietMs) {
        continue;
      }
      // PASSIVE: copies what it can without waiting for readers or the writer.
      (void)sqlite3_wal_checkpoint_v2(connection.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                      nullptr, nullptr);
    }
  }

  // A pass beside the writer: copies the WAL as it stands (PASSIVE: without waiting for
  // readers or the writer, which goes on committing meanwhile) and syncs the database file,
  // so that the writer's own checkpoints have less to copy and its commits wait less behind
  // them (bench/README.md has the measurements).
  void background_pass(Connection& connection) {
    pass_running_.store(true, std::memory_order_release);
    set_writeback(true);
    int in_wal = 0;
    int copied = 0;
    const int rc = sqlite3_wal_checkpoint_v2(connection.handle(), nullptr,
                                             SQLITE_CHECKPOINT_PASSIVE, &in_wal, &copied);
    set_writeback(false);
    if (rc == SQLITE_OK) {
      pass_copied_.store(copied, std::memory_order_relaxed);
    }
    pass_running_.store(false, std::memory_order_release);
    pass_wanted_.store(false, std::memory_order_release);
    if (rc == SQLITE_OK && options_.after_background_pass) {
      options_.after_background_pass(copied);
    }
  }

  void writer_loop() {
    std::vector<WriteJob*> batch;
    std::vector<Status> results;
    for (;;) {
      {
        std::unique_lock lock(queue_mu_);
        // Idle, the writer still looks for other processes' commits every 100 ms (watch()).
        while (!queue_cv_.wait_for(lock, std::chrono::milliseconds(100),
                                   [this] { return stopping_ || !queue_.empty(); })) {
          lock.unlock();
          notice_other_writers();
          lock.lock();
        }
        if (queue_.empty()) {
          return;  // stopping and drained
        }
        while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      if (rewatch_.exchange(false)) {
        writer_->forget_statements();
      }
      notice_other_writers();
      const bool owed = run_batch(batch, results);
      writes_ += static_cast<int64_t>(batch.size());
      if (syncer_.joinable()) {
        // Answered once the WAL is on disk, in commit order, by sync_loop.
        {
          std::lock_guard lock(sync_mu_);
          synced_.push_back({std::move(batch), std::move(results), owed});
        }
        sync_cv_.notify_one();
      } else {
        for (size_t i = 0; i < batch.size(); ++i) {
          finish(batch[i], std::move(results[i]));
        }
      }
      batch.clear();
      results.clear();
      checkpoint_if_due();
    }
  }

  // Pipelined durability. The writer commits with the WAL's sync deferred (the frames are
  // written, the disk is not waited for), hands the batch here and goes on with the next
  // one; this thread syncs the WAL once for every batch that has arrived meanwhile and only
  // then answers their writes. So no write is answered before it is on disk, while the
  // writer spends the sync running transactions instead of waiting. A commit is visible to
  // readers from the moment it is written: a read may see a write a few milliseconds before
  // its writer is answered, and after a power failure in between that write may be gone,
  // but never one that was answered.
  void sync_loop() {
    std::deque<SyncBatch> work;
    for (;;) {
      {
        std::unique_lock lock(sync_mu_);
        sync_cv_.wait(lock, [this] { return sync_stopping_ || !synced_.empty(); });
        if (synced_.empty()) {
          return;  // stopping, and every batch answered
        }
        work.swap(synced_);
      }
      bool owed = false;
      for (const SyncBatch& b : work) {
        owed = owed || b.owed;
      }
      if (owed) {
        sync_wal();
      }
      for (SyncBatch& b : work) {
        for (size_t i = 0; i < b.jobs.size(); ++i) {
          finish(b.jobs[i], std::move(b.results[i]));
        }
      }
      work.clear();
    }
  }

  // fdatasync of the WAL through a descriptor of this thread's own (the file is the same).
  // A failed sync leaves commits that readers may have seen and that may not be on disk;
  // no answer is right then, so the process stops and recovers from the disk on restart.
  void sync_wal() {
    if (wal_fd_ < 0) {
      wal_fd_ = ::open((options_.path + "-wal").c_str(), O_RDONLY | O_CLOEXEC);
    }
    if (wal_fd_ < 0 || ::fdatasync(wal_fd_) != 0) {
      std::fprintf(stderr, "gonghui: cannot sync %s-wal: %s; stopping\n", options_.path.c_str(),
                   std::strerror(errno));
      std::abort();
    }
    if (options_.after_wal_sync) {
      options_.after_wal_sync();
    }
  }

  // Returns whether the commit owes a sync of the WAL (deferred by the VFS).
  bool run_batch(const std::vector<WriteJob*>& batch, std::vector<Status>& results) {
    Status begun = writer_->control("BEGIN IMMEDIATE");
    if (!begun.ok()) {
      results.assign(batch.size(), begun);
      return false;
    }
    SqliteTx tx(*writer_);
    results.assign(batch.size(), Status::Ok());
    std::vector<bool> ran(batch.size(), false);
    std::vector<GroupedWrite*> grouped;
    std::vector<size_t> members;
    for (size_t i = 0; i < batch.size(); ++i) {
      if (ran[i]) {
        continue;  // run with its group
      }
      if (!writer_->in_transaction()) {
        // A failure rolled the whole batch back; nothing after it may run outside it.
        results[i] = Error{ErrorKind::kUnavailable,
                           "store_failure",
                           "the database rolled the transaction back",
                           {}};
        continue;
      }
      WriteJob* job = batch[i];
      // A grouped write runs at its first place in the queue, with every later write of its
      // group in this batch, in one savepoint.
      members.assign(1, i);
      grouped.clear();
      if (job->group != nullptr) {
        for (size_t j = i; j < batch.size(); ++j) {
          if (batch[j]->group == job->group && !ran[j]) {
            members.push_back(j);
            grouped.push_back(batch[j]->grouped.get());
          }
        }
        members.erase(members.begin());  // i was counted again by the loop
      }
      const bool touched_before = watch_.touched;
      // Alone in the transaction (a write, or a group, with nothing else in the batch), a
      // write needs no savepoint: if it fails the transaction is rolled back. A savepoint
      // copies every page the write changes into its journal first.
      const bool alone = members.size() == batch.size();
      Status status = alone ? Status::Ok() : writer_->control("SAVEPOINT job");
      if (status.ok()) {
        try {
          status = job->group != nullptr ? job->group->run(tx, grouped) : (*job->fn)(tx);
        } catch (const std::exception& e) {
          status = Error::internal(std::string("write failed: ") + e.what());
        }
        if (alone) {
          if (!status.ok()) {
            (void)writer_->control("ROLLBACK");
            watch_.touched = touched_before;
          }
        } else if (status.ok()) {
          status = writer_->control("RELEASE job");
        } else {
          (void)writer_->control("ROLLBACK TO job");
          (void)writer_->control("RELEASE job");
          watch_.touched = touched_before;  // its changes are undone
        }
      }
      for (size_t member : members) {
        ran[member] = true;
        results[member] = status;
      }
    }
    bool owed = false;
    Status committed = Status(Error{
        ErrorKind::kUnavailable, "store_failure", "the database rolled the transaction back", {}});
    if (writer_->in_transaction()) {
      DeferredWalSync deferred;
      committed = writer_->control("COMMIT");
      owed = deferred.owed();
    }
    if (!committed.ok()) {
      watch_.touched = false;           // nothing changed
      if (writer_->in_transaction()) {  // not already rolled back by a failed lone write
        (void)writer_->control("ROLLBACK");
      }
      for (Status& status : results) {
        if (status.ok()) {
          status = committed;
        }
      }
      return owed;
    }
    ++commits_;
    if (watch_.touched) {
      // Visible to every read that starts from now on; a cache entry read before is stale.
      watch_epoch_.fetch_add(1);
    }
    watch_.touched = false;
    return owed;
  }

  // Whether a statement doing `action` to `table` changes what a watch() caller caches.
  bool writes_watched(int action, const char* table) {
    if (action != SQLITE_INSERT && action != SQLITE_UPDATE && action != SQLITE_DELETE &&
        action != SQLITE_DROP_TABLE && action != SQLITE_ALTER_TABLE) {
      return false;
    }
    std::lock_guard lock(watched_mu_);
    auto it = watched_.find(table);
    return it != watched_.end() && (action != SQLITE_INSERT || it->second);
  }

  // Another process (a gonghui command beside the server) may have committed: SQLite's
  // data_version on the writer's connection changes with every commit but its own.
  void notice_other_writers() {
    auto version = writer_->run("PRAGMA data_version", {}, &version_rows_);
    if (version.ok() && !version_rows_.empty()) {
      const int64_t now = version_rows_[0].integer(0);
      if (data_version_ != 0 && now != data_version_) {
        watch_epoch_.fetch_add(1);
      }
      data_version_ = now;
    }
    version_rows_.clear();
  }

  // The writer checkpoints past 64 MB of WAL (a smaller WAL copies a page that changes many
  // times over as often); the checkpointing thread copies it every 16 MB beside the writer,
  // and checkpoints a WAL without a commit for kQuietMs. The WAL starts over once a checkpoint has
  // copied all of it, and is cut back to 64 MB then (journal_size_limit).
  static constexpr int kWriterCheckpointFrames = 16000;
  static constexpr int kBackgroundPassFrames = 4000;
  static constexpr int64_t kQuietMs = 1000;
  static constexpr int64_t kWritebackEveryMs = 1;
  std::atomic<int64_t> last_commit_ms_{0};  // set by the writer's commit hook

  SqliteOptions options_;
  std::unique_ptr<Connection> writer_;  // used only by thread_
  std::thread thread_;

  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_stopping_ = false;  // under checkpoint_mu_
  std::thread checkpointer_;
  bool checkpoint_due_ = false;            // used only by thread_ (set by on_commit)
  std::atomic<bool> pass_wanted_{false};   // set by on_commit, cleared after the pass
  std::atomic<bool> pass_running_{false};  // the checkpointing thread is copying beside the writer
  std::atomic<int> pass_copied_{0};        // frames of the WAL the last pass left copied

  std::mutex writeback_mu_;
  std::condition_variable writeback_cv_;
  int writeback_users_ = 0;          // under writeback_mu_: checkpoints copying
  bool writeback_stopping_ = false;  // under writeback_mu_
  std::thread writeback_;

  struct SyncBatch {
    std::vector<WriteJob*> jobs;
    std::vector<Status> results;
    bool owed = false;  // its commit's WAL sync was deferred
  };
  std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  std::deque<SyncBatch> synced_;  // under sync_mu_: committed, not yet answered
  bool sync_stopping_ = false;    // under sync_mu_
  std::thread syncer_;
  int wal_fd_ = -1;  // used only by syncer_

  Connection::Watch watch_;  // used only by thread_ (and the authorizer on it)
  mutable std::mutex watched_mu_;
  std::map<std::string, bool, std::less<>> watched_;  // under watched_mu_: table -> inserts count
  std::atomic<uint64_t> watch_epoch_{1};
  std::atomic<bool> rewatch_{false};  // watch() added tables since the writer's last batch
  int64_t data_version_ = 0;          // used only by thread_
  Rows version_rows_;                 // used only by thread_

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<WriteJob*> queue_;  // under queue_mu_
  bool stopping_ = false;        // under queue_mu_

  mutable std::mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // under readers_mu_
  int64_t readers_open_ = 0;                               // under readers_mu_

  std::atomic<int64_t> commits_{0};
  std::atomic<int64_t> writes_{0};
};

}  // namespace

std::unique_ptr<Db> open_sqlite(const SqliteOptions& options) {
  // Before SQLite's first use in the process: no memory statistics. With them on (SQLite's
  // default) every allocation SQLite makes takes a process-wide mutex to count itself, and
  // the writer allocates on every statement. Nothing here reads those statistics.
  static const bool configured = [] {
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  return std::make_unique<SqliteDb>(options);
}

}  // namespace gonghui::store
