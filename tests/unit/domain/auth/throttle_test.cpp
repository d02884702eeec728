// Sign-in pacing per client address: the delay's growth and cap, refused attempts not
// counted, the window starting over, and a member behind a busy address still signing in.
#include "domain/auth/throttle.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/crypto.hpp"
#include "domain/auth/auth.hpp"
#include "support/fixtures.hpp"
#include "support/test_db.hpp"

namespace gonghui::auth {
namespace {

using gonghui::testing::TestDb;

TEST(PacingTest, TheDelayStartsAtTheFreeLimitDoublesAndStopsAtItsCap) {
  const Pacing pacing{3, 60000, 1000, 8000};
  EXPECT_EQ(pacing.delay_after(1), 0);
  EXPECT_EQ(pacing.delay_after(2), 0);
  EXPECT_EQ(pacing.delay_after(3), 1000);
  EXPECT_EQ(pacing.delay_after(4), 2000);
  EXPECT_EQ(pacing.delay_after(5), 4000);
  EXPECT_EQ(pacing.delay_after(6), 8000);
  EXPECT_EQ(pacing.delay_after(7), 8000);
  EXPECT_EQ(pacing.delay_after(1000000), 8000);
  const Pacing defaults;
  EXPECT_EQ(defaults.delay_after(29), 0);
  EXPECT_EQ(defaults.delay_after(30), 1000);
  EXPECT_EQ(defaults.delay_after(36), 60000);
}

class PacedAttemptTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { test_ = std::make_unique<TestDb>(GetParam()); }
  // Takes one attempt at `now`; returns the seconds to wait (0: it went ahead).
  int64_t take(const Pacing& pacing, int64_t now, const std::string& key = "addr:10.9.0.1") {
    int64_t wait = -1;
    EXPECT_TRUE(test_->db().write([&](store::Tx& tx) -> Status {
      GH_ASSIGN(wait, take_paced_attempt(tx, key, pacing, now));
      return Status::Ok();
    }));
    return wait;
  }
  std::unique_ptr<TestDb> test_;
};

TEST_P(PacedAttemptTest, PastTheFreeAttemptsEachWaitsTheGrowingDelayAndEarlierOnesAreRefused) {
  const Pacing pacing{3, 600000, 1000, 4000};
  const int64_t t = 1'000'000'000;
  EXPECT_EQ(take(pacing, t), 0);
  EXPECT_EQ(take(pacing, t + 1), 0);
  EXPECT_EQ(take(pacing, t + 2), 0);  // the third: the next waits 1 s
  EXPECT_EQ(take(pacing, t + 500), 1);
  EXPECT_EQ(take(pacing, t + 900), 1);   // refused ones are not counted and push nothing
  EXPECT_EQ(take(pacing, t + 1002), 0);  // the fourth: the next waits 2 s
  EXPECT_EQ(take(pacing, t + 2000), 2);
  EXPECT_EQ(take(pacing, t + 3002), 0);  // the fifth: 4 s
  EXPECT_EQ(take(pacing, t + 7001), 1);
  EXPECT_EQ(take(pacing, t + 7002), 0);  // the sixth: 4 s, the cap
  EXPECT_EQ(take(pacing, t + 10000), 2);
  EXPECT_EQ(take(pacing, t + 11002), 0);
  // Another address is not slowed.
  EXPECT_EQ(take(pacing, t + 11003, "addr:10.9.0.2"), 0);
}

TEST_P(PacedAttemptTest, AGivenBackAttemptAndAPassedWindowStartOver) {
  const Pacing pacing{2, 60000, 1000, 60000};
  const int64_t t = 2'000'000'000;
  EXPECT_EQ(take(pacing, t), 0);
  EXPECT_EQ(take(pacing, t + 1), 0);
  EXPECT_EQ(take(pacing, t + 2), 1);
  // The second attempt was a success: given back, the address is below its free attempts.
  ASSERT_TRUE(test_->db().write(
      [&](store::Tx& tx) { return give_back_attempt(tx, "addr:10.9.0.1", pacing.free); }));
  EXPECT_EQ(take(pacing, t + 3), 0);
  EXPECT_EQ(take(pacing, t + 4), 1);
  // Once the window has passed and the wait is over, the count starts again at one.
  EXPECT_EQ(take(pacing, t + 60000 + 10), 0);
  EXPECT_EQ(take(pacing, t + 60000 + 11), 0);
  EXPECT_EQ(take(pacing, t + 60000 + 12), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, PacedAttemptTest,
                         ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

class AddressPacingTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::init();
    test_ = std::make_unique<TestDb>(GetParam());
    tree_ = gonghui::testing::make_tree(db());
    gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 7);
    static const std::string hash = crypto::hash_password("correct horse");
    ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status {
      return tx.exec("UPDATE accounts SET password_hash = ?", {hash}).ok()
                 ? Status::Ok()
                 : Error::internal("update");
    }));
  }
  store::Db& db() { return test_->db(); }
  std::unique_ptr<TestDb> test_;
  gonghui::testing::Tree tree_;
};

// Carrier-grade NAT: many failures from one address slow it down; a member behind it still
// signs in once the delay has passed, while a number with its own failures stays locked.
TEST_P(AddressPacingTest, FailuresFromAnAddressSlowItDownWithoutLockingItsMembersOut) {
  SessionOptions options;
  options.address_max_failures = 4;
  // Long enough that a loaded machine's password hashes cannot outlast it between attempts.
  options.address_delay_ms = 3000;
  options.address_max_delay_ms = 6000;
  options.phone_max_failures = 2;
  Sessions sessions(db(), options);
  const std::string nat = "10.0.9.1";
  // Four failures spread over numbers, each below its own lock; the next attempt is early.
  for (const char* phone : {"13312340001", "13312340002", "13312340003", "13800000002"}) {
    EXPECT_EQ(sessions.sign_in(phone, "nope", nat).error().code, "invalid_credentials");
  }
  EXPECT_EQ(sessions.sign_in("13800000002", "correct horse", nat).error().code,
            "too_many_attempts");
  EXPECT_GT(*sessions.locked_for("13800000002", nat), 0);
  // After the delay the member signs in: the early attempt was not counted against the
  // number (with it, its one failure would have reached its limit of 2).
  std::this_thread::sleep_for(std::chrono::milliseconds(3100));
  ASSERT_TRUE(sessions.sign_in("13800000002", "correct horse", nat).ok());
  // The lock per number stays: two failures lock it, from whichever addresses.
  EXPECT_EQ(sessions.sign_in("13800000001", "nope", "10.0.9.2").error().code,
            "invalid_credentials");
  EXPECT_EQ(sessions.sign_in("13800000001", "nope", "10.0.9.3").error().code,
            "invalid_credentials");
  EXPECT_EQ(sessions.sign_in("13800000001", "correct horse", "10.0.9.4").error().code,
            "too_many_attempts");
}

INSTANTIATE_TEST_SUITE_P(Engines, AddressPacingTest,
                         ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::auth
