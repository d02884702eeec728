#include "store/sqlite_wal_vfs.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <random>
#include <string>

#include "support/test_db.hpp"

namespace gonghui::store {
namespace {

namespace fs = std::filesystem;

// A raw connection in WAL mode with synchronous=FULL, as the store's writer is configured.
class Connection {
 public:
  Connection(const fs::path& path, const char* vfs, int cache_pages) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs),
              SQLITE_OK);
    exec(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=0;"
        " PRAGMA cache_size=" +
        std::to_string(cache_pages));
  }
  ~Connection() { sqlite3_close_v2(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (message ? message : "");
    sqlite3_free(message);
  }
  std::string text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return out;
  }
  // Everything in the table, in one string.
  std::string contents() {
    return text(
        "SELECT group_concat(id || ':' || value || ':' || length(pad), ',') FROM "
        "(SELECT * FROM t ORDER BY id)");
  }
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

class WalVfsTest : public ::testing::Test {
 protected:
  // The same pseudo-random workload: small transactions, and large ones that overflow a
  // 20-page cache (SQLite then writes uncommitted frames early and rewrites them in place
  // when the page changes again) and cross the VFS's 8 MB buffer.
  static void workload(Connection& c) {
    c.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, value INTEGER NOT NULL, pad TEXT NOT NULL)");
    std::mt19937 random(7);
    for (int tx = 0; tx < 60; ++tx) {
      const int rows = tx % 10 == 9 ? 12000 : 1 + static_cast<int>(random() % 40);
      std::string sql = "BEGIN;";
      for (int i = 0; i < rows; ++i) {
        const int id = static_cast<int>(random() % 20000);
        sql += "INSERT INTO t (id, value, pad) VALUES (" + std::to_string(id) + ", " +
               std::to_string(random() % 1000) + ", printf('%.*c', " +
               std::to_string(100 + random() % 1500) +
               ", 'x')) ON CONFLICT (id) DO UPDATE SET value = value + 1, pad = excluded.pad;";
      }
      sql += tx % 7 == 3 ? "ROLLBACK;" : "COMMIT;";
      c.exec(sql);
    }
  }

  void check_against(const std::string& expected, int cache_pages);

  gonghui::testing::TempDir dir_;
};

TEST_F(WalVfsTest, SameDatabaseAsTheDefaultVfs) {
  std::string expected;
  {
    Connection plain(dir_ / "plain.db", nullptr, 20);
    workload(plain);
    expected = plain.contents();
  }
  // 20 and 300 pages: the writer writes uncommitted frames early, reads them back and rewrites
  // them; 100,000: a commit buffers more than 8 MB.
  for (int cache_pages : {20, 300, 100000}) {
    SCOPED_TRACE(cache_pages);
    check_against(expected, cache_pages);
  }
}

void WalVfsTest::check_against(const std::string& expected, int cache_pages) {
  const std::string name = "coalescing-" + std::to_string(cache_pages) + ".db";
  std::string through_vfs;
  {
    Connection coalescing(dir_ / name, coalescing_wal_vfs(), cache_pages);
    workload(coalescing);
    through_vfs = coalescing.contents();
    // A second connection (the default VFS, as the store's readers) sees every commit.
    Connection reader(dir_ / name, nullptr, 2000);
    EXPECT_EQ(reader.contents(), expected);
    coalescing.exec("INSERT INTO t (id, value, pad) VALUES (-1, 42, 'last')");
    EXPECT_EQ(reader.text("SELECT value FROM t WHERE id = -1"), "42");
  }
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(through_vfs, expected);
  // Reopened from the files alone (the WAL replayed), the database is whole and complete.
  Connection reopened(dir_ / name, nullptr, 2000);
  EXPECT_EQ(reopened.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(reopened.text("SELECT value FROM t WHERE id = -1"), "42");
  reopened.exec("DELETE FROM t WHERE id = -1");
  EXPECT_EQ(reopened.contents(), expected);
}

TEST_F(WalVfsTest, CheckpointsAndWalRestartsKeepEveryCommit) {
  Connection writer(dir_ / "w.db", coalescing_wal_vfs(), 2000);
  Connection checkpointer(dir_ / "w.db", nullptr, 2000);
  writer.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, value INTEGER NOT NULL, pad TEXT)");
  for (int round = 0; round < 30; ++round) {
    writer.exec(
        "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 200)"
        " INSERT INTO t (value, pad) SELECT " +
        std::to_string(round) + ", 'p' FROM s");
    // A checkpoint from another connection lets the writer start the WAL over.
    ASSERT_EQ(sqlite3_wal_checkpoint_v2(checkpointer.handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                        nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(checkpointer.handle());
  }
  EXPECT_EQ(checkpointer.text("SELECT count(*) || '/' || sum(value) FROM t"), "6000/87000");
  EXPECT_EQ(checkpointer.text("PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace gonghui::store
