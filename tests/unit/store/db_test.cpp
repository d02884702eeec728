#include "store/db.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "store/migrate.hpp"
#include "store/postgres.hpp"
#include "support/test_db.hpp"

namespace gonghui::store {
namespace {

using gonghui::testing::TestDb;

class DbTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_ = std::make_unique<TestDb>(GetParam());
    ASSERT_TRUE(db().write([](Tx& tx) {
      return tx.script(
          "CREATE TABLE counters (id BIGINT PRIMARY KEY, value BIGINT NOT NULL CHECK (value >= 0),"
          " label TEXT)");
    }));
  }
  Db& db() { return test_->db(); }
  std::unique_ptr<TestDb> test_;
};

TEST_P(DbTest, WritesAreVisibleToLaterReads) {
  ASSERT_TRUE(db().write([](Tx& tx) -> Status {
    GH_TRY(tx.exec("INSERT INTO counters (id, value, label) VALUES (?, ?, ?)",
                   {int64_t{1}, int64_t{5}, std::string("草莓")}));
    return Status::Ok();
  }));
  int64_t value = 0;
  std::string label;
  ASSERT_TRUE(db().read([&](Tx& tx) -> Status {
    GH_ASSIGN(Rows rows, tx.query("SELECT value, label FROM counters WHERE id = ?", {int64_t{1}}));
    value = rows.at(0).integer(0);
    label = rows.at(0).text(1);
    return Status::Ok();
  }));
  EXPECT_EQ(value, 5);
  EXPECT_EQ(label, "草莓");
}

TEST_P(DbTest, FailedWriteRollsBackOnlyItself) {
  Status failed = db().write([](Tx& tx) -> Status {
    GH_TRY(tx.exec("INSERT INTO counters (id, value) VALUES (1, 1)"));
    return Error::conflict("nope", "changed my mind");
  });
  EXPECT_EQ(failed.error().code, "nope");
  Status duplicate = db().write([](Tx& tx) -> Status {
    GH_TRY(tx.exec("INSERT INTO counters (id, value) VALUES (2, 1)"));
    GH_TRY(tx.exec("INSERT INTO counters (id, value) VALUES (2, 1)"));
    return Status::Ok();
  });
  EXPECT_EQ(duplicate.error().code, kUniqueViolation);
  Status check = db().write([](Tx& tx) -> Status {
    return tx.exec("INSERT INTO counters (id, value) VALUES (3, -1)").ok()
               ? Status::Ok()
               : Error::conflict("check", "check failed");
  });
  EXPECT_FALSE(check.ok());
  int64_t rows_left = -1;
  ASSERT_TRUE(db().read([&](Tx& tx) -> Status {
    GH_ASSIGN(Rows rows, tx.query("SELECT COUNT(*) FROM counters"));
    rows_left = rows[0].integer(0);
    return Status::Ok();
  }));
  EXPECT_EQ(rows_left, 0);
}

TEST_P(DbTest, ConcurrentConditionalDecrementsNeverGoNegative) {
  ASSERT_TRUE(db().write([](Tx& tx) -> Status {
    return tx.exec("INSERT INTO counters (id, value) VALUES (1, 100)").ok()
               ? Status::Ok()
               : Error::internal("insert");
  }));
  std::atomic<int> succeeded{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        Status status = db().write([](Tx& tx) -> Status {
          GH_ASSIGN(int64_t changed,
                    tx.exec("UPDATE counters SET value = value - 1 WHERE id = 1 AND value >= 1"));
          return changed == 1 ? Status::Ok() : Error::conflict("sold_out", "none left");
        });
        if (status.ok()) {
          ++succeeded;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(succeeded.load(), 100);
  ASSERT_TRUE(db().read([&](Tx& tx) -> Status {
    GH_ASSIGN(Rows rows, tx.query("SELECT value FROM counters WHERE id = 1"));
    EXPECT_EQ(rows[0].integer(0), 0);
    return Status::Ok();
  }));
}

// Versions far above every module's range, which the database under test already holds.
TEST_P(DbTest, MigrationsApplyOnceInOrder) {
  std::vector<Migration> migrations = {
      {90002, "second", "INSERT INTO m_log (step) VALUES ('second')", ""},
      {90001, "first", "CREATE TABLE m_log (step TEXT NOT NULL)", ""},
  };
  auto first = migrate(db(), migrations);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->applied, (std::vector<int64_t>{90001, 90002}));
  auto again = migrate(db(), migrations);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(again->current, 90002);
}

TEST_P(DbTest, DuplicateMigrationVersionsAreRefused) {
  auto report = migrate(db(), {{90003, "a", "SELECT 1", ""}, {90003, "b", "SELECT 1", ""}});
  EXPECT_FALSE(report.ok());
}

// write_async runs the function as write() would and reports its result once: on SQLite
// after it returned (from the store's thread), elsewhere before it returns. A failed write
// changes nothing, as with write().
TEST_P(DbTest, AsyncWritesReportTheirResultOnce) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Status> results;
  auto done = [&](Status status) {
    std::lock_guard lock(mu);
    results.push_back(std::move(status));
    cv.notify_all();
  };
  db().write_async(
      [](Tx& tx) -> Status {
        GH_TRY(tx.exec("INSERT INTO counters (id, value) VALUES (1, 1)"));
        return Status::Ok();
      },
      done);
  db().write_async(
      [](Tx& tx) -> Status {
        GH_TRY(tx.exec("INSERT INTO counters (id, value) VALUES (2, 1)"));
        return Error::conflict("refused", "the second write fails");
      },
      done);
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return results.size() == 2; });
  }
  EXPECT_TRUE(results[0].ok());
  ASSERT_FALSE(results[1].ok());
  EXPECT_EQ(results[1].error().code, "refused");
  EXPECT_EQ(db().writes_asynchronously(), db().engine() == "sqlite");
  ASSERT_TRUE(db().read([](Tx& tx) -> Status {
    GH_ASSIGN(Rows rows, tx.query("SELECT id FROM counters ORDER BY id"));
    EXPECT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows.at(0).integer(0), 1);
    return Status::Ok();
  }));
}

// On SQLite a migrated table's BIGINT id is its rowid: no separate primary-key index, and the
// key still refuses duplicates. PostgreSQL keeps the table as written.
TEST_P(DbTest, MigratedBigintIdsAreTheRowidOnSqlite) {
  auto report =
      migrate(db(), {{90004, "keyed", "CREATE TABLE keyed (id BIGINT PRIMARY KEY, n BIGINT)", ""}});
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_TRUE(db().write([](Tx& tx) -> Status {
    GH_TRY(tx.exec("INSERT INTO keyed (id, n) VALUES (?, 1)", {int64_t{386361954291154944}}));
    return Status::Ok();
  }));
  Status duplicate = db().write([](Tx& tx) -> Status {
    GH_TRY(tx.exec("INSERT INTO keyed (id, n) VALUES (?, 2)", {int64_t{386361954291154944}}));
    return Status::Ok();
  });
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, kUniqueViolation);
  if (db().engine() != "sqlite") {
    return;
  }
  ASSERT_TRUE(db().read([](Tx& tx) -> Status {
    GH_ASSIGN(Rows indexes, tx.query("SELECT name FROM sqlite_master WHERE type = 'index' AND "
                                     "tbl_name = 'keyed'"));
    EXPECT_TRUE(indexes.empty());
    GH_ASSIGN(Rows rowid, tx.query("SELECT rowid FROM keyed"));
    EXPECT_EQ(rowid.at(0).integer(0), 386361954291154944);
    return Status::Ok();
  }));
}

TEST(SqliteSchemaTest, OnlyBigintPrimaryKeysChange) {
  EXPECT_EQ(sqlite_schema("CREATE TABLE a (id BIGINT PRIMARY KEY, b BIGINT NOT NULL);"
                          "CREATE TABLE c (x BIGINT, y BIGINT, PRIMARY KEY (x, y));"
                          "CREATE TABLE d (key TEXT PRIMARY KEY)"),
            "CREATE TABLE a (id INTEGER PRIMARY KEY, b BIGINT NOT NULL);"
            "CREATE TABLE c (x BIGINT, y BIGINT, PRIMARY KEY (x, y));"
            "CREATE TABLE d (key TEXT PRIMARY KEY)");
}

INSTANTIATE_TEST_SUITE_P(Engines, DbTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

TEST(PostgresTest, NumbersPlaceholdersOutsideQuotes) {
  EXPECT_EQ(number_placeholders("SELECT ? , '?', \"a?\" WHERE x = ?"),
            "SELECT $1 , '?', \"a?\" WHERE x = $2");
}

}  // namespace
}  // namespace gonghui::store
