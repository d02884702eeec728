// Chunked jobs on both engines, on a job table of their own: a key finds the first job or
// conflicts, a done job runs no chunk, and run() stops where its limits say and reports the
// job as stored.
#include "domain/chunked/chunked.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "support/test_db.hpp"

namespace gonghui::chunked {
namespace {

struct ToyJob {
  int64_t id = 0;
  int64_t recipients = 0;
  int64_t served = 0;
  bool done = false;
  bool replayed = false;
};

ToyJob toy_from_row(const store::Row& r) {
  return {r.integer(0), r.integer(1), r.integer(2), r.text(3) == "done", false};
}

constexpr JobTable<ToyJob> kToys{"toy", "toy_jobs", "id, recipients, served, status, fingerprint",
                                 4, toy_from_row};

class ChunkedTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_ = std::make_unique<gonghui::testing::TestDb>(GetParam(), false);
    ASSERT_TRUE(db().write([](store::Tx& tx) {
      return tx.script(
          "CREATE TABLE toy_jobs (id BIGINT PRIMARY KEY, status TEXT NOT NULL,"
          " recipients BIGINT NOT NULL, served BIGINT NOT NULL, target_org_id BIGINT NOT NULL,"
          " created_by BIGINT NOT NULL, idempotency_key TEXT NOT NULL, fingerprint TEXT NOT NULL,"
          " finished_at BIGINT NOT NULL, UNIQUE (created_by, idempotency_key))");
    }));
  }
  store::Db& db() { return test_->db(); }

  // A running job of `recipients` made by account 7 under `key`.
  void add(int64_t id, int64_t recipients, const std::string& key, const std::string& print) {
    ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status {
      GH_TRY(tx.exec("INSERT INTO toy_jobs VALUES (?, 'running', 0, 0, 0, 7, ?, ?, 0)",
                     {id, key, print}));
      GH_TRY(record_recipients(tx, kToys.table, id, recipients, 0, 1000));
      return Status::Ok();
    }));
  }

  // One chunk serving one recipient; `busy` answers the first `busy` calls with toy_busy.
  Result<ToyJob> serve_one(int64_t id, int& busy) {
    return run_chunk(db(), kToys, id, [&](store::Tx& tx, ToyJob& job) -> Status {
      if (busy > 0) {
        --busy;
        return chunked::busy(kToys.noun);
      }
      job.served += 1;
      job.done = job.served == job.recipients;
      GH_TRY(tx.exec("UPDATE toy_jobs SET served = ?, status = ? WHERE id = ?",
                     {job.served, std::string(job.done ? "done" : "running"), id}));
      return Status::Ok();
    });
  }

  std::unique_ptr<gonghui::testing::TestDb> test_;
};

TEST(ChunkedInputTest, AFingerprintIsOfTheInputNotItsOrder) {
  EXPECT_EQ(distinct({3, 1, 3, 2}), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(fingerprint("a|", distinct({3, 1, 2})), fingerprint("a|", {1, 2, 3}));
  EXPECT_NE(fingerprint("a|", {1, 2}), fingerprint("b|", {1, 2}));
  EXPECT_NE(fingerprint("a|", {1, 2}), fingerprint("a|", {12}));
}

TEST(ChunkedInputTest, BadRequestsNameTheirField) {
  EXPECT_TRUE(require_key("k", "toy").ok());
  EXPECT_EQ(require_key("", "toy").error().field, "Idempotency-Key");
  EXPECT_EQ(require_key(std::string(201, 'k'), "toy").error().message,
            "a toy needs an Idempotency-Key of 1 to 200 characters");
  EXPECT_TRUE(require_one_target(5, {}, 2, "toy", "play").ok());
  EXPECT_TRUE(require_one_target(0, {1, 2}, 2, "toy", "play").ok());
  EXPECT_EQ(require_one_target(0, {}, 2, "toy", "play").error().code, "one_target_required");
  EXPECT_EQ(require_one_target(5, {1}, 2, "toy", "play").error().code, "one_target_required");
  EXPECT_EQ(require_one_target(0, {1, 2, 3}, 2, "toy", "play").error().message,
            "at most 2 members per toy; play to a union instead");
  EXPECT_EQ(busy("toy").code, "toy_busy");
  EXPECT_EQ(busy("toy").kind, ErrorKind::kUnavailable);
}

TEST_P(ChunkedTest, AKeyFindsTheFirstJobOrConflicts) {
  add(1, 3, "k1", fingerprint("x|", {}));
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(std::optional<ToyJob> same, find_keyed(tx, kToys, 7, "k1", fingerprint("x|", {})));
    EXPECT_TRUE(same && same->replayed && same->id == 1 && same->recipients == 3);
    GH_ASSIGN(std::optional<ToyJob> none, find_keyed(tx, kToys, 8, "k1", fingerprint("x|", {})));
    EXPECT_FALSE(none);
    auto other = find_keyed(tx, kToys, 7, "k1", fingerprint("y|", {}));
    EXPECT_EQ(other.ok() ? "" : other.error().code, "idempotency_conflict");
    return Status::Ok();
  }));
}

TEST_P(ChunkedTest, AJobWithoutRecipientsIsDoneAndRunsNoChunk) {
  add(1, 0, "k1", "f");
  int busy = 0;
  auto job = serve_one(1, busy);
  ASSERT_TRUE(job.ok());
  EXPECT_TRUE(job->done);
  EXPECT_EQ(job->served, 0);
}

TEST_P(ChunkedTest, RunWaitsOutBusyAnswersUpToItsLimit) {
  add(1, 3, "k1", "f");
  int busy = 2;
  auto done = run(db(), kToys, 1, [&] { return serve_one(1, busy); }, {.busy_answers = 3});
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(done->done);
  EXPECT_EQ(done->served, 3);

  add(2, 3, "k2", "f");
  busy = 1;
  auto first = run(db(), kToys, 2, [&] { return serve_one(2, busy); }, {.busy_answers = 1});
  ASSERT_TRUE(first.ok());  // reported as it stands, not as an error
  EXPECT_FALSE(first->done);
  EXPECT_EQ(first->served, 0);
}

TEST_P(ChunkedTest, RunStopsAtItsDeadlineWithTheJobAsStored) {
  add(1, 3, "k1", "f");
  int busy = 0;
  auto stopped = run(db(), kToys, 1, [&] { return serve_one(1, busy); }, {.deadline_ms = 1});
  ASSERT_TRUE(stopped.ok());
  EXPECT_FALSE(stopped->done);
  EXPECT_EQ(stopped->served, 1);
}

TEST_P(ChunkedTest, AStartRacingTheSameKeyFindsTheFirstJob) {
  add(9, 0, "k1", "f");  // what another instance committed under the same key
  int attempts = 0;
  auto job = start(db(), [&](store::Tx& tx) -> Result<ToyJob> {
    if (++attempts == 1) {
      // This attempt looked before that commit: its own insert collides with it.
      GH_TRY(tx.exec("INSERT INTO toy_jobs VALUES (1, 'running', 0, 0, 0, 7, 'k1', 'f', 0)"));
      return ToyJob{1, 0, 0, false, false};
    }
    GH_ASSIGN(std::optional<ToyJob> first, find_keyed(tx, kToys, 7, "k1", "f"));
    return first ? Result<ToyJob>(*first) : Error::internal("no first job");
  });
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(job->id, 9);
  EXPECT_TRUE(job->replayed);

  attempts = 0;
  auto refused = start(db(), [&](store::Tx&) -> Result<ToyJob> {
    ++attempts;
    return Error::invalid("org_id", "unknown_org", "no union has that id");
  });
  EXPECT_EQ(refused.ok() ? "" : refused.error().code, "unknown_org");
  EXPECT_EQ(attempts, 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, ChunkedTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::chunked
