#include "store/sqlite.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/test_db.hpp"

namespace gonghui::store {
namespace {

class SqliteDbTest : public ::testing::Test {
 protected:
  gonghui::testing::TempDir dir_;
};

// Runs one statement in a write transaction.
Status exec(Db& db, const std::string& sql) {
  return db.write([&](Tx& tx) -> Status {
    GH_TRY(tx.exec(sql));
    return Status::Ok();
  });
}

// `commits` writes of `rows` rows each into t (id, data), each row 4,000 random bytes: about
// a page. Ids from `first` on.
void write_pages(Db& db, int commits, int rows, int64_t first = 0) {
  for (int i = 0; i < commits; ++i) {
    ASSERT_TRUE(db.write([i, rows, first](Tx& tx) -> Status {
      for (int j = 0; j < rows; ++j) {
        GH_TRY(tx.exec("INSERT INTO t (id, data) VALUES (?, randomblob(4000))",
                       {first + int64_t{i} * rows + j}));
      }
      return Status::Ok();
    }));
  }
}

int64_t count_rows(Db& db, const std::string& table) {
  int64_t rows = -1;
  EXPECT_TRUE(db.read([&](Tx& tx) -> Status {
    GH_ASSIGN(Rows r, tx.query("SELECT COUNT(*) FROM " + table));
    rows = r[0].integer(0);
    return Status::Ok();
  }));
  return rows;
}

// The writer commits without waiting for the disk and goes on; a write is answered only
// once the WAL has been synced after its commit.
// Starts one insert into t and sets `answered` when it is answered; returns what to join.
using StartWrite = std::function<std::thread(Db&, std::atomic<bool>&)>;

void expect_answer_only_after_sync(const std::filesystem::path& dir, const StartWrite& start) {
  std::mutex mu;
  std::condition_variable cv;
  bool gate = false;     // hold the syncing thread in after_wal_sync
  bool syncing = false;  // it is there
  bool release = false;
  SqliteOptions options;
  options.path = (dir / "sync.db").string();
  options.after_wal_sync = [&] {
    std::unique_lock lock(mu);
    if (!gate) {
      return;
    }
    syncing = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
  };
  auto db = open_sqlite(options);
  ASSERT_TRUE(
      db->write([](Tx& tx) { return tx.script("CREATE TABLE t (id INTEGER PRIMARY KEY)"); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // no sync in flight
  {
    std::lock_guard lock(mu);
    gate = true;
  }
  std::atomic<bool> answered{false};
  std::thread writer = start(*db, answered);
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return syncing; });
  }
  // Committed (a reader sees it) and synced, but not yet answered while the sync is held.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(answered.load());
  EXPECT_EQ(count_rows(*db, "t"), 1);
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  writer.join();
  EXPECT_TRUE(answered.load());
}

TEST_F(SqliteDbTest, AWriteIsAnsweredOnlyAfterTheWalIsSynced) {
  expect_answer_only_after_sync(dir_.path(), [](Db& db, std::atomic<bool>& answered) {
    return std::thread([&db, &answered] {
      EXPECT_TRUE(exec(db, "INSERT INTO t (id) VALUES (1)"));
      answered = true;
    });
  });
}

// The same for write_async: `done` comes from the syncing thread after the sync, never before.
TEST_F(SqliteDbTest, AnAsyncWriteIsAnsweredOnlyAfterTheWalIsSynced) {
  expect_answer_only_after_sync(dir_.path(), [](Db& db, std::atomic<bool>& answered) {
    db.write_async(
        [](Tx& tx) -> Status {
          GH_TRY(tx.exec("INSERT INTO t (id) VALUES (1)"));
          return Status::Ok();
        },
        [&answered](Status status) {
          EXPECT_TRUE(status.ok());
          answered = true;
        });
    // Joined once the sync is released: it waits for the answer that must then come.
    return std::thread([&answered] {
      while (!answered.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });
  });
}

// Many writers: every write answered and stored; batches that arrive during a sync share
// the next one, so there are no more syncs than commits.
TEST_F(SqliteDbTest, ConcurrentWritesShareSyncs) {
  std::atomic<int64_t> syncs{0};
  SqliteOptions options;
  options.path = (dir_ / "many.db").string();
  options.after_wal_sync = [&syncs] { ++syncs; };
  auto db = open_sqlite(options);
  ASSERT_TRUE(db->write([](Tx& tx) {
    return tx.script("CREATE TABLE t (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL)");
  }));
  constexpr int kThreads = 8;
  constexpr int kWrites = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        EXPECT_TRUE(db->write([&](Tx& tx) -> Status {
          GH_TRY(tx.exec("INSERT INTO t (writer) VALUES (?)", {int64_t{t}}));
          return Status::Ok();
        }));
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_GT(syncs.load(), 0);
  EXPECT_LE(syncs.load(), db->stats().commits);
  EXPECT_EQ(count_rows(*db, "t"), kThreads * kWrites);
}

// A failed write in a batch is answered with its own error; the others still commit, and a
// batch that wrote nothing owes no sync.
TEST_F(SqliteDbTest, FailedWritesAreAnsweredInOrderWithTheirBatch) {
  std::atomic<int64_t> syncs{0};
  SqliteOptions options;
  options.path = (dir_ / "fail.db").string();
  options.after_wal_sync = [&syncs] { ++syncs; };
  auto db = open_sqlite(options);
  ASSERT_TRUE(
      db->write([](Tx& tx) { return tx.script("CREATE TABLE t (id INTEGER PRIMARY KEY)"); }));
  const int64_t before = syncs.load();
  Status failed = db->write([](Tx&) -> Status { return Error::conflict("nope", "no"); });
  EXPECT_EQ(failed.error().code, "nope");
  EXPECT_EQ(syncs.load(), before);
  ASSERT_TRUE(exec(*db, "INSERT INTO t (id) VALUES (1)"));
  EXPECT_EQ(syncs.load(), before + 1);
}

// The watch counter moves after a commit that changed a watched table (inserts only where
// they count), not for other tables or a rolled-back write, and for another process's commit.
TEST_F(SqliteDbTest, TheWatchCounterMovesWithWatchedTablesOnly) {
  SqliteOptions options;
  options.path = (dir_ / "watch.db").string();
  auto db = open_sqlite(options);
  ASSERT_TRUE(db->write([](Tx& tx) {
    return tx.script(
        "CREATE TABLE watched (id INTEGER PRIMARY KEY, v INTEGER);"
        "CREATE TABLE appended (id INTEGER PRIMARY KEY, v INTEGER);"
        "CREATE TABLE other (id INTEGER PRIMARY KEY, v INTEGER);"
        "INSERT INTO watched VALUES (1, 0); INSERT INTO appended VALUES (1, 0);");
  }));
  const std::atomic<uint64_t>* counter = db->watch({{"watched", true}, {"appended", false}});
  ASSERT_NE(counter, nullptr);
  auto moved = [&](const std::string& sql, bool fail = false) {
    const uint64_t before = counter->load();
    Status status = db->write([&](Tx& tx) -> Status {
      GH_TRY(tx.exec(sql));
      return fail ? Status(Error::conflict("no", "rolled back")) : Status::Ok();
    });
    EXPECT_EQ(status.ok(), !fail);
    return counter->load() != before;
  };
  EXPECT_TRUE(moved("UPDATE watched SET v = v + 1"));
  EXPECT_TRUE(moved("INSERT INTO watched (v) VALUES (1)"));
  EXPECT_TRUE(moved("DELETE FROM watched WHERE id = 2"));
  EXPECT_TRUE(moved("UPDATE appended SET v = v + 1"));
  EXPECT_FALSE(moved("INSERT INTO appended (v) VALUES (1)"));
  EXPECT_FALSE(moved("INSERT INTO other (v) VALUES (1)"));
  EXPECT_FALSE(moved("UPDATE other SET v = 5"));
  EXPECT_FALSE(moved("UPDATE watched SET v = 7", true));
  // Another connection (as another process would) changes an unwatched table: the writer
  // cannot tell which, so the counter moves, within moments.
  const uint64_t before = counter->load();
  ASSERT_TRUE(exec(*open_sqlite(options), "UPDATE other SET v = 9"));
  for (int i = 0; i < 100 && counter->load() == before; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(counter->load(), before);
}

// Inserts each write's value; refuses the group when one of them is negative.
struct Numbered final : GroupedWrite {
  explicit Numbered(int64_t v) : value(v) {}
  int64_t value;
};
class Inserts final : public WriteGroup {
 public:
  Status run(Tx& tx, const std::vector<GroupedWrite*>& writes) override {
    sizes.push_back(writes.size());
    for (GroupedWrite* write : writes) {
      const int64_t value = static_cast<Numbered*>(write)->value;
      GH_TRY(tx.exec("INSERT INTO t (id) VALUES (?)", {value < 0 ? -value : value}));
      if (value < 0) {
        return Error::conflict("negative", "a negative value refuses the group");
      }
    }
    return Status::Ok();
  }
  std::vector<size_t> sizes;  // used only by the writer thread
};

// Holds the writer inside a write, which runs `then` once released, so that everything
// queued meanwhile waits in the writer's queue. Released at the latest when it goes.
class WriterHold {
 public:
  WriterHold(Db& db, std::function<Status(Tx&)> then, Db::WriteDone done) {
    db.write_async(
        [this, then = std::move(then)](Tx& tx) -> Status {
          {
            std::unique_lock lock(mu_);
            holding_ = true;
            cv_.notify_all();
            cv_.wait(lock, [this] { return released_; });
            left_ = true;
            cv_.notify_all();
          }
          return then(tx);
        },
        std::move(done));
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return holding_; });
  }
  WriterHold(const WriterHold&) = delete;
  WriterHold& operator=(const WriterHold&) = delete;
  // Waits for the held write to be past its use of the hold.
  ~WriterHold() {
    release();
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return left_; });
  }

  void release() {
    {
      std::lock_guard lock(mu_);
      released_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool holding_ = false, released_ = false, left_ = false;
};

// The writes of a group that wait for the writer together reach one run() call, in the
// order they were queued; a group that fails is undone whole and each of its writes is
// answered with the failure, while the writes around it stand.
TEST_F(SqliteDbTest, GroupedWritesWaitingTogetherRunInOneCall) {
  SqliteOptions options;
  options.path = (dir_ / "grouped.db").string();
  auto db = open_sqlite(options);
  ASSERT_TRUE(exec(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY)"));
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::pair<int64_t, std::string>> answers;
  auto answer = [&](int64_t value) {
    return [&, value](Status status) {
      std::lock_guard lock(mu);
      answers.emplace_back(value, status.ok() ? "ok" : status.error().code);
      cv.notify_all();
    };
  };
  WriterHold hold(
      *db,
      [](Tx& tx) -> Status {
        GH_TRY(tx.exec("INSERT INTO t (id) VALUES (100)"));
        return Status::Ok();
      },
      answer(100));
  Inserts good, bad;
  for (int64_t v : {1, 2, 3}) {
    db->write_grouped(good, std::make_shared<Numbered>(v), answer(v));
  }
  db->write_grouped(bad, std::make_shared<Numbered>(7), answer(7));
  db->write_grouped(bad, std::make_shared<Numbered>(-8), answer(-8));
  db->write_grouped(good, std::make_shared<Numbered>(4), answer(4));
  hold.release();
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return answers.size() == 7; });
  }
  EXPECT_EQ(good.sizes, (std::vector<size_t>{4}));
  EXPECT_EQ(bad.sizes, (std::vector<size_t>{2}));
  std::map<int64_t, std::string> by_value(answers.begin(), answers.end());
  EXPECT_EQ(by_value, (std::map<int64_t, std::string>{{-8, "negative"},
                                                      {1, "ok"},
                                                      {2, "ok"},
                                                      {3, "ok"},
                                                      {4, "ok"},
                                                      {7, "negative"},
                                                      {100, "ok"}}));
  EXPECT_EQ(count_rows(*db, "t"), 5);  // 100, 1-4; neither 7 nor 8
}

// A backlog goes out in commits of at most max_batch writes (a group included), in order.
TEST_F(SqliteDbTest, ABacklogIsCommittedInBatchesOfAtMostMaxBatch) {
  SqliteOptions options;
  options.path = (dir_ / "backlog.db").string();
  const auto max_batch = static_cast<size_t>(options.max_batch);
  auto db = open_sqlite(options);
  ASSERT_TRUE(exec(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY)"));
  std::mutex mu;
  std::condition_variable cv;
  size_t answered = 0;
  WriterHold hold(
      *db, [](Tx&) { return Status::Ok(); }, [](Status status) { EXPECT_TRUE(status.ok()); });
  const size_t waiting = 2 * max_batch + max_batch / 3;
  const int64_t commits_before = db->stats().commits;
  Inserts group;
  for (size_t i = 1; i <= waiting; ++i) {
    db->write_grouped(group, std::make_shared<Numbered>(static_cast<int64_t>(i)),
                      [&](Status status) {
                        EXPECT_TRUE(status.ok());
                        std::lock_guard lock(mu);
                        ++answered;
                        cv.notify_all();
                      });
  }
  hold.release();
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return answered == waiting; });
  }
  EXPECT_EQ(group.sizes, (std::vector<size_t>{max_batch, max_batch, max_batch / 3}));
  // The held write's commit, then one per batch.
  EXPECT_EQ(db->stats().commits - commits_before, 4);
  EXPECT_EQ(count_rows(*db, "t"), static_cast<int64_t>(waiting));
}

// A write alone in its batch runs without a savepoint of its own: when it fails, what it
// changed is rolled back with the transaction, for a plain write and a group alike, and the
// writer goes on.
TEST_F(SqliteDbTest, AWriteAloneInItsBatchThatFailsLeavesNothing) {
  SqliteOptions options;
  options.path = (dir_ / "alone.db").string();
  auto db = open_sqlite(options);
  ASSERT_TRUE(exec(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY)"));
  Status failed = db->write([](Tx& tx) -> Status {
    GH_TRY(tx.exec("INSERT INTO t (id) VALUES (1)"));
    return Error::conflict("nope", "changed its mind");
  });
  EXPECT_EQ(failed.error().code, "nope");
  std::promise<Status> grouped;
  Inserts group;
  db->write_grouped(group, std::make_shared<Numbered>(-2),
                    [&grouped](Status status) { grouped.set_value(std::move(status)); });
  Status group_failed = grouped.get_future().get();
  ASSERT_FALSE(group_failed.ok());
  EXPECT_EQ(group_failed.error().code, "negative");
  EXPECT_EQ(count_rows(*db, "t"), 0);
  ASSERT_TRUE(exec(*db, "INSERT INTO t (id) VALUES (3)"));
  EXPECT_EQ(count_rows(*db, "t"), 1);
}

// The checkpointing thread copies committed pages into the database file in the background
// (within about a second), not only when the WAL has grown past the writer's limit.
TEST_F(SqliteDbTest, CommittedPagesReachTheDatabaseFileInTheBackground) {
  SqliteOptions options;
  options.path = (dir_ / "checkpoint.db").string();
  auto db = open_sqlite(options);
  ASSERT_TRUE(exec(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)"));
  const auto before = std::filesystem::file_size(options.path);
  ASSERT_NO_FATAL_FAILURE(write_pages(*db, 50, 10));
  // 500 rows of 4 KB: about 2 MB that only a checkpoint puts into the database file.
  bool copied = false;
  for (int waited = 0; waited < 50 && !copied; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    copied = std::filesystem::file_size(options.path) > before + 1'500'000;
  }
  EXPECT_TRUE(copied) << "database file still " << std::filesystem::file_size(options.path)
                      << " bytes";
}

// Under writes that never pause, the writer itself checkpoints a WAL that has grown past its
// limit (between batches, once the batch that filled it is handed on), so the database file
// takes the pages before any quiet second and the WAL starts over instead of growing.
TEST_F(SqliteDbTest, TheWriterCheckpointsAWalPastItsLimitUnderSteadyWrites) {
  SqliteOptions options;
  options.path = (dir_ / "steady.db").string();
  auto db = open_sqlite(options);
  ASSERT_TRUE(exec(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)"));
  const auto before = std::filesystem::file_size(options.path);
  // 24 commits of 1,000 rows of 4 KB, a page each: 24,000 frames, past the 16,000 at which
  // the writer checkpoints.
  ASSERT_NO_FATAL_FAILURE(write_pages(*db, 24, 1000));
  // Straight after the last write: the checkpointing thread waits for a quiet second.
  EXPECT_GT(std::filesystem::file_size(options.path), before + 50'000'000);
  // The WAL started over after the checkpoint: at most the commits since, about 8,000 pages.
  EXPECT_LT(std::filesystem::file_size(options.path + "-wal"), 64ull << 20);
  EXPECT_EQ(count_rows(*db, "t"), 24000);
}

// Beside a writer that goes on committing, the checkpointing thread copies the WAL into the
// database file in passes, every 4,000 frames, long before the writer's limit of 16,000 or a
// quiet second; the writer's own checkpoint copies the rest, so the WAL still starts over.
TEST_F(SqliteDbTest, BackgroundPassesCopyTheWalBesideTheWriter) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<int> passes;
  SqliteOptions options;
  options.path = (dir_ / "passes.db").string();
  options.after_background_pass = [&](int copied) {
    {
      std::lock_guard lock(mu);
      passes.push_back(copied);
    }
    cv.notify_all();
  };
  auto db = open_sqlite(options);
  ASSERT_TRUE(exec(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)"));
  const auto before = std::filesystem::file_size(options.path);
  ASSERT_NO_FATAL_FAILURE(write_pages(*db, 3, 1000));  // 3,000 frames: no pass yet
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  {
    std::lock_guard lock(mu);
    EXPECT_TRUE(passes.empty());
  }
  ASSERT_NO_FATAL_FAILURE(write_pages(*db, 2, 1000, 3000));  // 5,000
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return !passes.empty(); }));
    EXPECT_GE(passes.front(), 4000);
  }
  EXPECT_GT(std::filesystem::file_size(options.path), before + 16'000'000);
  // 20 more commits, past the writer's limit: passes beside it, then its own checkpoint.
  ASSERT_NO_FATAL_FAILURE(write_pages(*db, 20, 1000, 5000));
  {
    std::unique_lock lock(mu);
    EXPECT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return passes.size() >= 2; }));
  }
  EXPECT_LT(std::filesystem::file_size(options.path + "-wal"), 64ull << 20);
  EXPECT_EQ(count_rows(*db, "t"), 25000);
}

// While a checkpoint copies, the database file's write-out is started again and again,
// before the checkpoint's own sync; outside checkpoints it is left alone.
TEST_F(SqliteDbTest, TheDatabaseFileIsWrittenBackDuringCheckpoints) {
  std::atomic<int> pushes{0};
  std::atomic<int> passes{0};
  SqliteOptions options;
  options.path = (dir_ / "writeback.db").string();
  options.after_writeback = [&pushes] { ++pushes; };
  options.after_background_pass = [&passes](int) { ++passes; };
  auto db = open_sqlite(options);
  ASSERT_TRUE(exec(*db, "CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB)"));
  ASSERT_NO_FATAL_FAILURE(write_pages(*db, 3, 1000));  // 3,000 frames: no checkpoint yet
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(pushes.load(), 0);
  // Past 4,000 frames: a pass copies 16 MB into the database file and syncs it, which takes
  // far longer than a millisecond.
  ASSERT_NO_FATAL_FAILURE(write_pages(*db, 2, 1000, 3000));
  for (int waited = 0; waited < 500 && passes.load() == 0; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(passes.load(), 1);
  EXPECT_GT(pushes.load(), 0);
  // A push under way when the pass ended may still land: wait until none has for 50 ms (a
  // loaded machine, or a sanitizer build, can take longer than any fixed pause).
  int after_pass = pushes.load();
  for (int quiet = 0, waited = 0; quiet < 5 && waited < 300; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const int now = pushes.load();
    quiet = now == after_pass ? quiet + 1 : 0;
    after_pass = now;
  }
  ASSERT_TRUE(exec(*db, "INSERT INTO t (id) VALUES (-1)"));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(pushes.load(), after_pass);
  EXPECT_EQ(count_rows(*db, "t"), 5001);
}

}  // namespace
}  // namespace gonghui::store
