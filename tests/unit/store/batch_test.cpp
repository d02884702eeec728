#include "store/batch.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_db.hpp"

namespace gonghui::store {
namespace {

using gonghui::testing::TestDb;

class BatchTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_ = std::make_unique<TestDb>(GetParam(), false);
    ASSERT_TRUE(db().write([](Tx& tx) {
      return tx.script("CREATE TABLE t (id BIGINT PRIMARY KEY, label TEXT, n INTEGER)");
    }));
  }
  Db& db() { return test_->db(); }
  std::unique_ptr<TestDb> test_;
};

// Text that an array literal must quote: quotes, backslashes, commas, braces, spaces, "NULL"
// as a word, Chinese; and a NULL.
const std::vector<Value> kLabels = {
    std::string("西瓜 \"麒麟\""), std::string("a\\b,c"), std::string("{}"),
    std::string("NULL"),          std::string(""),       Value{}};

TEST_P(BatchTest, InsertRowsWritesEveryRowExactlyAsGiven) {
  constexpr size_t kRows = 300;  // more than one slice on SQLite
  ASSERT_TRUE(db().write([&](Tx& tx) {
    return insert_rows(tx, "t", {{"id", "bigint"}, {"label", "text"}, {"n", "integer"}}, kRows,
                       [&](size_t i, Params& params) {
                         params.insert(params.end(),
                                       {static_cast<int64_t>(i + 1), kLabels[i % kLabels.size()],
                                        static_cast<int64_t>(i) * -3});
                       });
  }));
  ASSERT_TRUE(db().read([&](Tx& tx) -> Status {
    GH_ASSIGN(Rows rows, tx.query("SELECT id, label, n FROM t ORDER BY id"));
    EXPECT_EQ(rows.size(), kRows);
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(rows[i].integer(0), static_cast<int64_t>(i + 1));
      const Value& label = kLabels[i % kLabels.size()];
      if (std::holds_alternative<std::monostate>(label)) {
        EXPECT_TRUE(rows[i].is_null(1)) << i;
      } else {
        EXPECT_EQ(rows[i].text(1), std::get<std::string>(label)) << i;
      }
      EXPECT_EQ(rows[i].integer(2), static_cast<int64_t>(i) * -3);
    }
    return Status::Ok();
  }));
}

TEST_P(BatchTest, OneOfMatchesExactlyTheListedIds) {
  ASSERT_TRUE(db().write([&](Tx& tx) {
    return insert_rows(
        tx, "t", {{"id", "bigint"}, {"label", "text"}, {"n", "integer"}}, 50,
        [](size_t i, Params& params) {
          params.insert(params.end(), {static_cast<int64_t>(i + 1), std::string("x"), int64_t{0}});
        });
  }));
  ASSERT_TRUE(db().read([&](Tx& tx) -> Status {
    Params params;
    const std::string which = one_of(tx.engine(), "id", {3, 7, 49, 1000}, params);
    GH_ASSIGN(Rows rows, tx.query("SELECT id FROM t WHERE " + which + " ORDER BY id", params));
    std::vector<int64_t> ids;
    for (const auto& r : rows) {
      ids.push_back(r.integer(0));
    }
    EXPECT_EQ(ids, (std::vector<int64_t>{3, 7, 49}));
    params.clear();
    GH_ASSIGN(rows,
              tx.query("SELECT id FROM t WHERE " + one_of(tx.engine(), "id", {}, params), params));
    EXPECT_TRUE(rows.empty());
    return Status::Ok();
  }));
}

INSTANTIATE_TEST_SUITE_P(Engines, BatchTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

TEST(PgArrayTest, QuotesTextAndWritesNullBare) {
  const Value n = int64_t{-5}, text = std::string("a\"b\\c"), none;
  EXPECT_EQ(pg_array({&n, &text, &none}), R"({-5,"a\"b\\c",NULL})");
  EXPECT_EQ(pg_array({}), "{}");
}

}  // namespace
}  // namespace gonghui::store
