#include "domain/auth/auth.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "core/crypto.hpp"
#include "support/fixtures.hpp"
#include "support/test_db.hpp"

namespace gonghui::auth {
namespace {

using gonghui::testing::TestDb;

class AuthTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::init();
    test_ = std::make_unique<TestDb>(GetParam());
    tree_ = gonghui::testing::make_tree(db());
    member_id_ = gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 7);
    static const std::string hash = crypto::hash_password("correct horse");
    ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status {
      return tx.exec("UPDATE accounts SET password_hash = ?", {hash}).ok()
                 ? Status::Ok()
                 : Error::internal("update");
    }));
    SessionOptions options;
    options.phone_max_failures = 3;
    sessions_ = std::make_unique<Sessions>(db(), options);
  }
  store::Db& db() { return test_->db(); }
  std::unique_ptr<TestDb> test_;
  gonghui::testing::Tree tree_;
  int64_t member_id_ = 0;
  std::unique_ptr<Sessions> sessions_;
};

TEST_P(AuthTest, SignInGivesTokenAndRoles) {
  auto signed_in = sessions_->sign_in("13900000007", "correct horse", "10.0.0.1");
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().message;
  EXPECT_EQ(signed_in->token.rfind("gh_", 0), 0u);
  const RoleGrant* grant = signed_in->principal.grant(Role::kMember);
  ASSERT_NE(grant, nullptr);
  EXPECT_EQ(grant->member_id, member_id_);
  EXPECT_EQ(grant->org_id, tree_.base_a1.id);
  auto again = sessions_->authenticate(signed_in->token, true);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->via_cookie);
  EXPECT_EQ(again->csrf, signed_in->csrf);
}

TEST_P(AuthTest, TokenIsStoredOnlyAsHash) {
  auto signed_in = sessions_->sign_in("13800000001", "correct horse", "10.0.0.1");
  ASSERT_TRUE(signed_in.ok());
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT token_hash FROM sessions"));
    EXPECT_EQ(rows.size(), 1u);
    EXPECT_NE(rows[0].text(0), signed_in->token);
    EXPECT_EQ(rows[0].text(0), crypto::sha256_hex(signed_in->token));
    return Status::Ok();
  }));
}

TEST_P(AuthTest, WrongPasswordAndUnknownNumberLookTheSame) {
  auto wrong = sessions_->sign_in("13800000001", "wrong password", "10.0.0.2");
  auto unknown = sessions_->sign_in("13312345678", "wrong password", "10.0.0.2");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, unknown.error().code);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
  EXPECT_EQ(wrong.error().kind, ErrorKind::kUnauthenticated);
}

TEST_P(AuthTest, RepeatedFailuresLockTheNumberEvenForTheRightPassword) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(sessions_->sign_in("13800000001", "nope", "10.0.0.3").error().code,
              "invalid_credentials");
  }
  auto locked = sessions_->sign_in("13800000001", "correct horse", "10.0.0.4");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().kind, ErrorKind::kTooManyRequests);
  EXPECT_GT(*sessions_->locked_for("13800000001", "10.0.0.4"), 0);
  // Another number is not affected.
  EXPECT_TRUE(sessions_->sign_in("13800000002", "correct horse", "10.0.0.4").ok());
}

TEST_P(AuthTest, AttemptsAreCountedBeforeThePasswordIsChecked) {
  // As when attempts for one number arrive at once, at several instances: each is counted
  // before its hash runs, so no more than the limit (3 here) are ever checked.
  std::vector<std::thread> threads;
  std::vector<std::string> codes(12);
  for (int i = 0; i < 12; ++i) {
    threads.emplace_back([&, i] {
      auto r = sessions_->sign_in("13800000001", "nope", "10.0.1." + std::to_string(i));
      codes[i] = r.ok() ? "ok" : r.error().code;
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "invalid_credentials"), 3);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "too_many_attempts"), 9);
  EXPECT_GT(*sessions_->locked_for("13800000001", "10.0.0.9"), 0);
  // The right password now is not even checked.
  EXPECT_EQ(sessions_->sign_in("13800000001", "correct horse", "10.0.1.99").error().code,
            "too_many_attempts");
}

TEST_P(AuthTest, AttemptsPerAddressAreCountedAndASuccessGivesItsOneBack) {
  SessionOptions options;
  options.address_max_failures = 4;
  Sessions sessions(db(), options);
  // Successes from one address (an office behind one NAT) do not use up its attempts.
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(sessions.sign_in("13800000001", "correct horse", "10.0.2.1").ok()) << i;
  }
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(
        sessions.sign_in("1380000000" + std::to_string(2 + i % 2), "nope", "10.0.2.1").error().code,
        "invalid_credentials");
  }
  EXPECT_EQ(sessions.sign_in("13800000001", "correct horse", "10.0.2.1").error().code,
            "too_many_attempts");
  EXPECT_TRUE(sessions.sign_in("13800000001", "correct horse", "10.0.2.2").ok());
}

TEST_P(AuthTest, HashesRunAtMostTheSlotsAtOnceAndTheRestWaitOrAre503) {
  SessionOptions options;
  options.max_concurrent_hashes = 1;
  options.hash_wait_ms = 1;
  options.phone_max_failures = 100;
  options.address_max_failures = 100;
  Sessions sessions(db(), options);
  std::atomic<int> most{0};
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    while (!done) {
      most = std::max(most.load(), sessions.hashes_running());
    }
  });
  std::vector<std::thread> threads;
  std::vector<std::string> codes(6);
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      auto r = sessions.sign_in("13800000001", "nope", "10.0.3." + std::to_string(i));
      codes[i] = r.ok() ? "ok" : r.error().code;
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  done = true;
  watcher.join();
  EXPECT_EQ(most.load(), 1);
  // With one slot and a wait of 1 ms, a hash (tens of ms) leaves the others no slot.
  EXPECT_GE(std::count(codes.begin(), codes.end(), "overloaded"), 1);
  for (const auto& code : codes) {
    EXPECT_TRUE(code == "invalid_credentials" || code == "overloaded") << code;
  }
}

TEST_P(AuthTest, SignOutAndSignOutEverywhereRevoke) {
  auto one = sessions_->sign_in("13800000001", "correct horse", "a");
  auto two = sessions_->sign_in("13800000001", "correct horse", "b");
  ASSERT_TRUE(sessions_->sign_out(one->principal.session_id));
  EXPECT_EQ(sessions_->authenticate(one->token, false).error().code, "session_invalid");
  EXPECT_TRUE(sessions_->authenticate(two->token, false).ok());
  ASSERT_TRUE(sessions_->sign_out_everywhere(two->principal.account_id));
  EXPECT_FALSE(sessions_->authenticate(two->token, false).ok());
}

TEST_P(AuthTest, ExpiredSessionsAreRefused) {
  SessionOptions options;
  options.ttl_ms = 1;
  Sessions short_lived(db(), options);
  auto signed_in = short_lived.sign_in("13800000001", "correct horse", "a");
  ASSERT_TRUE(signed_in.ok() || signed_in.error().code == "session_expired");
  if (signed_in.ok()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(short_lived.authenticate(signed_in->token, false).error().code, "session_expired");
  }
}

TEST_P(AuthTest, PasswordChangeNeedsOldPasswordAndRevokesOtherSessions) {
  auto keep = sessions_->sign_in("13800000001", "correct horse", "a");
  auto other = sessions_->sign_in("13800000001", "correct horse", "b");
  EXPECT_EQ(sessions_->change_password(keep->principal, "bad", "new password 1").error().field,
            "old_password");
  EXPECT_EQ(sessions_->change_password(keep->principal, "correct horse", "short").error().code,
            "password_too_short");
  ASSERT_TRUE(sessions_->change_password(keep->principal, "correct horse", "new password 1"));
  EXPECT_TRUE(sessions_->authenticate(keep->token, false).ok());
  EXPECT_FALSE(sessions_->authenticate(other->token, false).ok());
  EXPECT_TRUE(sessions_->sign_in("13800000001", "new password 1", "c").ok());
}

// Principals are kept in memory where the store can tell when what they were read from
// changes (SQLite); every change below must show at the very next authentication.
TEST_P(AuthTest, RememberedPrincipalsFollowEveryChange) {
  auto signed_in = sessions_->sign_in("13900000007", "correct horse", "a");
  ASSERT_TRUE(signed_in.ok());
  const std::string& token = signed_in->token;
  const int64_t account = signed_in->principal.account_id;
  auto write = [&](const std::string& sql, store::Params params) {
    ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status {
      auto changed = tx.exec(sql, params);
      return changed.ok() && *changed == 1 ? Status::Ok() : Error::internal(sql);
    }));
  };
  ASSERT_TRUE(sessions_->authenticate(token, false).ok());
  const int64_t hits = sessions_->cached_authentications();
  auto again = sessions_->authenticate(token, true);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->via_cookie);
  EXPECT_EQ(sessions_->cached_authentications(), hits + (GetParam() == "sqlite" ? 1 : 0));

  // A role granted.
  EXPECT_FALSE(sessions_->authenticate(token, false)->has(Role::kOrgAdmin));
  ASSERT_TRUE(db().write([&](store::Tx& tx) {
    return grant_role(tx, account, {Role::kOrgAdmin, tree_.base_a1.id, 0, 0});
  }));
  EXPECT_TRUE(sessions_->authenticate(token, false)->has(Role::kOrgAdmin));
  // The member leaves the union: no member role any more.
  ASSERT_NE(sessions_->authenticate(token, false)->grant(Role::kMember), nullptr);
  write("UPDATE members SET status = 'left' WHERE id = ?", {member_id_});
  EXPECT_EQ(sessions_->authenticate(token, false)->grant(Role::kMember), nullptr);
  // The account is disabled.
  write("UPDATE accounts SET disabled = 1 WHERE id = ?", {account});
  EXPECT_EQ(sessions_->authenticate(token, false).error().code, "session_invalid");
  write("UPDATE accounts SET disabled = 0 WHERE id = ?", {account});
  ASSERT_TRUE(sessions_->authenticate(token, false).ok());
  // Another session signing in leaves this one remembered.
  const int64_t before = sessions_->cached_authentications();
  ASSERT_TRUE(sessions_->sign_in("13800000001", "correct horse", "b").ok());
  ASSERT_TRUE(sessions_->authenticate(token, false).ok());
  EXPECT_EQ(sessions_->cached_authentications(), before + (GetParam() == "sqlite" ? 1 : 0));
  // Signed out.
  ASSERT_TRUE(sessions_->sign_out(signed_in->principal.session_id));
  EXPECT_EQ(sessions_->authenticate(token, false).error().code, "session_invalid");
}

// A change committed by another process (a gonghui command beside the server) is noticed
// too, within moments.
TEST_P(AuthTest, RememberedPrincipalsFollowChangesByAnotherProcess) {
  auto signed_in = sessions_->sign_in("13900000007", "correct horse", "a");
  ASSERT_TRUE(signed_in.ok());
  ASSERT_TRUE(sessions_->authenticate(signed_in->token, false).ok());
  auto other = store::open(test_->url());
  ASSERT_TRUE(other->write([&](store::Tx& tx) -> Status {
    GH_TRY(tx.exec("UPDATE sessions SET revoked_at = 1 WHERE id = ?",
                   {signed_in->principal.session_id}));
    return Status::Ok();
  }));
  bool refused = false;
  for (int i = 0; i < 100 && !refused; ++i) {
    refused = !sessions_->authenticate(signed_in->token, false).ok();
    if (!refused) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  EXPECT_TRUE(refused);
}

TEST(PhoneTest, MainlandMobileNumbersOnly) {
  EXPECT_TRUE(valid_phone("13900000001"));
  EXPECT_TRUE(valid_phone("19912345678"));
  for (const char* bad : {"", "1390000000", "139000000012", "12900000001", "23900000001",
                          "1390000000a", "+8613900000001"}) {
    EXPECT_FALSE(valid_phone(bad)) << bad;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, AuthTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::auth
