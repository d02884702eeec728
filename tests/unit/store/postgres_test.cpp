// PostgreSQL's grouped writes (write_grouped): gathered by the committers into shared
// transactions, each write answered once, a failing write answered alone; and its reads,
// whose BEGIN goes with the first statement and whose COMMIT is not waited for. Skipped
// without GONGHUI_TEST_POSTGRES_URL.
#include "store/postgres.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "support/test_db.hpp"

namespace gonghui::store {
namespace {

using gonghui::testing::engines;
using gonghui::testing::TestDb;

struct Numbered final : GroupedWrite {
  explicit Numbered(int64_t v) : value(v) {}
  int64_t value;
  bool ran = false;  // set by the last run of the write
};

// Inserts each write's value; a negative value refuses whatever group it is in. Its first
// run() waits until opened, so that the writes queued meanwhile gather behind it.
class Inserts final : public WriteGroup {
 public:
  Status run(Tx& tx, const std::vector<GroupedWrite*>& writes) override {
    {
      std::unique_lock lock(mu_);
      sizes_.push_back(writes.size());
      cv_.wait(lock, [this] { return open_; });
    }
    for (GroupedWrite* write : writes) {
      auto* w = static_cast<Numbered*>(write);
      w->ran = true;
      GH_TRY(tx.exec("INSERT INTO t (id) VALUES (?)", {w->value < 0 ? -w->value : w->value}));
      if (w->value < 0) {
        return Error::conflict("negative", "a negative value refuses the group");
      }
    }
    return Status::Ok();
  }
  void open() {
    {
      std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }
  std::vector<size_t> sizes() {
    std::lock_guard lock(mu_);
    return sizes_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
  std::vector<size_t> sizes_;
};

// Collects each write's answer.
class Answers {
 public:
  Db::WriteDone of(int64_t value) {
    return [this, value](Status status) {
      std::lock_guard lock(mu_);
      answers_[value].push_back(status.ok() ? "ok" : status.error().code);
      cv_.notify_all();
    };
  }
  // Every write's answers once `n` writes have been answered.
  std::map<int64_t, std::vector<std::string>> wait_for(size_t n) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return answers_.size() >= n; });
    return answers_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<int64_t, std::vector<std::string>> answers_;
};

class PostgresDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (engines().size() < 2) {
      GTEST_SKIP() << "GONGHUI_TEST_POSTGRES_URL is not set";
    }
    test_ = std::make_unique<TestDb>("postgresql", false);
    ASSERT_TRUE(
        db().write([](Tx& tx) { return tx.script("CREATE TABLE t (id BIGINT PRIMARY KEY)"); }));
  }
  Db& db() { return test_->db(); }
  int64_t rows() {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](Tx& tx) -> Status {
      GH_ASSIGN(Rows r, tx.query("SELECT COUNT(*) FROM t"));
      n = r.at(0).integer(0);
      return Status::Ok();
    }));
    return n;
  }
  std::unique_ptr<TestDb> test_;
};

// Writes queued while the committers are busy share transactions: 300 writes, each answered
// once, in far fewer commits than writes (each committer's first transaction, then batches
// of up to 256).
TEST_F(PostgresDbTest, WritesQueuedTogetherShareOneTransaction) {
  Inserts group;
  Answers answers;
  const int64_t commits_before = db().stats().commits;
  const int64_t writes_before = db().stats().writes;
  constexpr int64_t kWrites = 300;
  for (int64_t v = 1; v <= kWrites; ++v) {
    db().write_grouped(group, std::make_shared<Numbered>(v), answers.of(v));
  }
  group.open();
  const auto answered = answers.wait_for(kWrites);
  for (const auto& [value, said] : answered) {
    EXPECT_EQ(said, std::vector<std::string>{"ok"}) << value;
  }
  EXPECT_EQ(rows(), kWrites);
  const std::vector<size_t> sizes = group.sizes();
  size_t total = 0;
  for (size_t n : sizes) {
    EXPECT_LE(n, 256u);
    total += n;
  }
  EXPECT_EQ(total, static_cast<size_t>(kWrites));
  // Four committers, each with one transaction at most before the gate opened, then the
  // backlog in two.
  EXPECT_LE(sizes.size(), 6u);
  EXPECT_EQ(db().stats().commits - commits_before, static_cast<int64_t>(sizes.size()));
  EXPECT_EQ(db().stats().writes - writes_before, kWrites);
}

// A write that fails its group does not fail the others: the group runs again one write at a
// time, and only the failing write is refused (and leaves no row).
TEST_F(PostgresDbTest, AFailingWriteIsAnsweredAloneAndTheOthersStand) {
  Inserts group;
  Answers answers;
  std::vector<std::shared_ptr<Numbered>> writes;
  for (int64_t v : {1, 2, -3, 4, 5, 6, 7, 8}) {
    writes.push_back(std::make_shared<Numbered>(v));
    db().write_grouped(group, writes.back(), answers.of(v));
  }
  group.open();
  const auto answered = answers.wait_for(writes.size());
  for (const auto& [value, said] : answered) {
    EXPECT_EQ(said, std::vector<std::string>{value < 0 ? "negative" : "ok"}) << value;
  }
  EXPECT_EQ(rows(), 7);
  bool three = true;
  EXPECT_TRUE(db().read([&](Tx& tx) -> Status {
    GH_ASSIGN(Rows r, tx.query("SELECT COUNT(*) FROM t WHERE id = 3"));
    three = r.at(0).integer(0) != 0;
    return Status::Ok();
  }));
  EXPECT_FALSE(three);
}

// Closing the database runs what is still queued before the committers end: no write is left
// unanswered.
TEST_F(PostgresDbTest, ClosingAnswersEveryQueuedWrite) {
  Inserts group;
  Answers answers;
  for (int64_t v = 1; v <= 50; ++v) {
    db().write_grouped(group, std::make_shared<Numbered>(v), answers.of(v));
  }
  group.open();
  const std::string url = test_->url();
  std::unique_ptr<Db> other = open(url);
  for (int64_t v = 51; v <= 100; ++v) {
    other->write_grouped(group, std::make_shared<Numbered>(v), answers.of(v));
  }
  other.reset();  // joins its committers after they have run the queue
  const auto answered = answers.wait_for(100);
  EXPECT_EQ(answered.size(), 100u);
  EXPECT_EQ(rows(), 100);
}

// A read's statements share one snapshot although its BEGIN travels with the first of them:
// a row another instance commits between them is seen by neither.
TEST_F(PostgresDbTest, AReadSeesOneSnapshotFromItsFirstStatement) {
  std::unique_ptr<Db> other = open(test_->url());
  int64_t before = -1, after = -1;
  ASSERT_TRUE(db().read([&](Tx& tx) -> Status {
    GH_ASSIGN(Rows first, tx.query("SELECT COUNT(*) FROM t"));
    before = first.at(0).integer(0);
    GH_TRY(other->write([](Tx& w) -> Status {
      GH_TRY(w.exec("INSERT INTO t (id) VALUES (41)"));
      return Status::Ok();
    }));
    GH_ASSIGN(Rows second, tx.query("SELECT COUNT(*) FROM t"));
    after = second.at(0).integer(0);
    return Status::Ok();
  }));
  EXPECT_EQ(before, 0);
  EXPECT_EQ(after, 0);
  EXPECT_EQ(rows(), 1);  // a later read sees it
}

// One connection, used over and over: a read's unanswered COMMIT is settled before the next
// command, whatever comes next (a read, a failing read, a write, a read with no statement).
TEST_F(PostgresDbTest, AConnectionIsReadyAfterEveryKindOfRead) {
  std::unique_ptr<Db> one = open(test_->url(), 1);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(one->read([](Tx&) { return Status::Ok(); }));
    Status failed = one->read([](Tx& tx) -> Status {
      GH_TRY(tx.query("SELECT no_such_column FROM t"));
      return Status::Ok();
    });
    EXPECT_FALSE(failed.ok());
    ASSERT_TRUE(one->write([i](Tx& tx) -> Status {
      GH_TRY(tx.exec("INSERT INTO t (id) VALUES (?)", {int64_t{100 + i}}));
      return Status::Ok();
    }));
    int64_t seen = -1;
    ASSERT_TRUE(one->read([&](Tx& tx) -> Status {
      GH_ASSIGN(Rows r, tx.query("SELECT COUNT(*) FROM t WHERE id >= 100"));
      seen = r.at(0).integer(0);
      return Status::Ok();
    }));
    EXPECT_EQ(seen, i + 1);
  }
  EXPECT_EQ(one->stats().pool_size, 1);  // never dropped and reopened
}

}  // namespace
}  // namespace gonghui::store
