// Tx::each on both engines: rows handed over as they are read, with Row's reading rules.
#include <gtest/gtest.h>

#include "store/db.hpp"
#include "support/test_db.hpp"

namespace gonghui::store {
namespace {

using gonghui::testing::TestDb;

class EachTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_ = std::make_unique<TestDb>(GetParam());
    ASSERT_TRUE(test_->db().write([](Tx& tx) -> Status {
      GH_TRY(tx.script("CREATE TABLE things (id BIGINT PRIMARY KEY, label TEXT, n BIGINT)"));
      for (int64_t i = 1; i <= 1000; ++i) {
        GH_TRY(tx.exec("INSERT INTO things (id, label, n) VALUES (?, ?, ?)",
                       {i, i % 100 == 0 ? Value{} : Value{"第" + std::to_string(i)},
                        i % 7 == 0 ? Value{} : Value{-i * 1000000007}}));
      }
      return Status::Ok();
    }));
  }
  std::unique_ptr<TestDb> test_;
};

// Reads every row of `sql` through each() and checks it against query().
void expect_same_rows(Db& db, const std::string& sql, const Params& params, size_t count) {
  Rows expected;
  size_t seen = 0;
  Status status = db.read([&](Tx& tx) -> Status {
    GH_ASSIGN(expected, tx.query(sql, params));
    return tx.each(sql, params, [&](const RowView& r) {
      ASSERT_LT(seen, expected.size());
      const Row& want = expected[seen++];
      ASSERT_EQ(r.size(), want.size());
      for (size_t c = 0; c < want.size(); ++c) {
        EXPECT_EQ(r.is_null(c), want.is_null(c)) << sql << " column " << c;
        EXPECT_EQ(r.integer(c), want.integer(c)) << sql << " column " << c;
        EXPECT_EQ(std::string(r.text(c)), want.text(c)) << sql << " column " << c;
      }
    });
  });
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(seen, count) << sql;
  EXPECT_EQ(expected.size(), count) << sql;
}

TEST_P(EachTest, HandsOverTheSameRowsAsQuery) {
  // Integers of each width, text and NULLs, which PostgreSQL sends in binary...
  expect_same_rows(test_->db(),
                   "SELECT id, label, n, CAST(id AS INTEGER), CAST(id % 100 AS SMALLINT),"
                   " label || '号' FROM things WHERE id > ? ORDER BY 1",
                   {int64_t{10}}, 990);
  // ...and a numeric sum, a fraction and a comparison (a boolean on PostgreSQL), which keep
  // the result in text.
  expect_same_rows(test_->db(),
                   "SELECT id, SUM(n) OVER (), CAST(id AS NUMERIC) / 8, n IS NULL FROM things"
                   " WHERE id <= ? ORDER BY 1",
                   {int64_t{20}}, 20);
  expect_same_rows(test_->db(), "SELECT id FROM things WHERE id < 0", {}, 0);
}

TEST_P(EachTest, ReportsAFailingStatement) {
  bool called = false;
  Status status = test_->db().read([&](Tx& tx) -> Status {
    return tx.each("SELECT nothing FROM nowhere", {}, [&](const RowView&) { called = true; });
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, kStoreFailure);
  EXPECT_FALSE(called);
  int64_t n = 0;
  status = test_->db().read([&](Tx& tx) -> Status {
    return tx.each("SELECT COUNT(*) FROM things", {}, [&](const RowView& r) { n = r.integer(0); });
  });
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(n, 1000);
}

INSTANTIATE_TEST_SUITE_P(Engines, EachTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::store
