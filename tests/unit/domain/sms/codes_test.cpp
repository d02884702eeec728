// One-time codes on both engines: lifetime, one use, resend interval, daily cap, wrong-try
// limit, and the same answers for a number without an account.
#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "domain/auth/auth.hpp"
#include "domain/sms/sms.hpp"
#include "support/domain_test.hpp"

namespace gonghui::sms {
namespace {

constexpr char kKnown[] = "13900000007";
constexpr char kUnknown[] = "13912345678";

class CodesTest : public gonghui::testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    crypto::init();
    gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 7);
  }
  // Noon in Asia/Shanghai on some day, so that a test's minutes stay within one day.
  int64_t noon() const { return local_day_start(20500) + 12LL * 3600 * 1000; }

  Result<IssuedCode> issue(std::string_view phone, int64_t at, int64_t* wait = nullptr,
                           CodePurpose purpose = CodePurpose::kSignIn) {
    return in_tx([&](store::Tx& tx) { return issue_code(tx, phone, purpose, at, rules_, wait); });
  }
  CodeCheck check(std::string_view phone, std::string_view code, int64_t at,
                  CodePurpose purpose = CodePurpose::kSignIn) {
    auto checked =
        in_tx([&](store::Tx& tx) { return check_code(tx, phone, purpose, code, at, rules_); });
    EXPECT_TRUE(checked.ok());
    return checked.ok() ? *checked : CodeCheck::kExpired;
  }
  static std::string other_than(const std::string& code) {
    return code == "000000" ? "000001" : "000000";
  }

  CodeRules rules_;
};

TEST_P(CodesTest, CodeIsSixDigitsStoredOnlyAsHash) {
  auto issued = issue(kKnown, noon());
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  ASSERT_EQ(issued->code.size(), 6u);
  EXPECT_EQ(issued->code.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_EQ(issued->expires_at, noon() + 5 * 60 * 1000);
  (void)db().read([&](store::Tx& tx) -> Status {
    auto rows = tx.query("SELECT code_hash FROM sms_codes");
    EXPECT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].text(0).find(issued->code), std::string::npos);
    return Status::Ok();
  });
}

TEST_P(CodesTest, CodeLivesFiveMinutes) {
  auto first = issue(kKnown, noon());
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(check(kKnown, first->code, noon() + 5 * 60 * 1000), CodeCheck::kExpired);
  auto second = issue(kKnown, noon() + 6 * 60 * 1000);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(check(kKnown, second->code, noon() + 11 * 60 * 1000 - 1), CodeCheck::kGood);
}

TEST_P(CodesTest, CodeWorksOnceAndOnlyForItsPurpose) {
  auto issued = issue(kKnown, noon());
  ASSERT_TRUE(issued.ok());
  EXPECT_EQ(check(kKnown, issued->code, noon() + 1000, CodePurpose::kResetPassword),
            CodeCheck::kExpired);
  EXPECT_EQ(check(kKnown, issued->code, noon() + 1000), CodeCheck::kGood);
  EXPECT_EQ(check(kKnown, issued->code, noon() + 2000), CodeCheck::kExpired);
}

TEST_P(CodesTest, ResendWaitsSixtySecondsAndReplacesTheOldCode) {
  auto first = issue(kKnown, noon());
  ASSERT_TRUE(first.ok());
  int64_t wait = 0;
  auto early = issue(kKnown, noon() + 20 * 1000, &wait, CodePurpose::kResetPassword);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, "code_too_soon");
  EXPECT_EQ(early.error().kind, ErrorKind::kTooManyRequests);
  EXPECT_EQ(wait, 40);
  auto second = issue(kKnown, noon() + 60 * 1000);
  ASSERT_TRUE(second.ok()) << second.error().message;
  if (second->code != first->code) {
    EXPECT_EQ(check(kKnown, first->code, noon() + 61 * 1000), CodeCheck::kWrong);
  }
  EXPECT_EQ(check(kKnown, second->code, noon() + 62 * 1000), CodeCheck::kGood);
}

TEST_P(CodesTest, TenCodesADayPerNumber) {
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(issue(kKnown, noon() + i * 61 * 1000).ok()) << i;
  }
  int64_t wait = 0;
  auto eleventh = issue(kKnown, noon() + 10 * 61 * 1000, &wait);
  ASSERT_FALSE(eleventh.ok());
  EXPECT_EQ(eleventh.error().code, "code_daily_limit");
  EXPECT_GT(wait, 11 * 3600 - 700);                                // until midnight in Shanghai
  EXPECT_TRUE(issue(kKnown, local_day_start(20501) + 1000).ok());  // the next day
}

TEST_P(CodesTest, FiveWrongTriesKillTheCode) {
  auto issued = issue(kKnown, noon());
  ASSERT_TRUE(issued.ok());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(check(kKnown, other_than(issued->code), noon() + 1000 + i), CodeCheck::kWrong) << i;
  }
  EXPECT_EQ(check(kKnown, issued->code, noon() + 2000), CodeCheck::kExpired);
  EXPECT_EQ(code_error(CodeCheck::kWrong).code, "code_wrong");
  EXPECT_EQ(code_error(CodeCheck::kExpired).field, "code");
}

TEST_P(CodesTest, UnknownNumberAnswersAlikeButGetsNoCode) {
  int64_t known_wait = 0;
  int64_t unknown_wait = 0;
  auto known = issue(kKnown, noon());
  auto unknown = issue(kUnknown, noon());
  ASSERT_TRUE(known.ok());
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->code.empty());
  EXPECT_EQ(unknown->expires_at, known->expires_at);
  auto known_again = issue(kKnown, noon() + 1000, &known_wait);
  auto unknown_again = issue(kUnknown, noon() + 1000, &unknown_wait);
  ASSERT_FALSE(known_again.ok());
  ASSERT_FALSE(unknown_again.ok());
  EXPECT_EQ(known_again.error().code, unknown_again.error().code);
  EXPECT_EQ(known_wait, unknown_wait);
  EXPECT_EQ(check(kUnknown, "123456", noon() + 2000), CodeCheck::kWrong);
  EXPECT_EQ(check(kUnknown, "", noon() + 2000), CodeCheck::kWrong);
}

TEST_P(CodesTest, BadPhoneIsRefused) {
  auto issued = issue("12345", noon());
  ASSERT_FALSE(issued.ok());
  EXPECT_EQ(issued.error().field, "phone");
}

TEST_P(CodesTest, SignInByCodeCountsWrongCodesAsFailedSignIns) {
  auth::SessionOptions options;
  options.phone_max_failures = 3;
  auth::Sessions sessions(db(), options);
  auto issued = issue(kKnown, Timestamp::now().ms);
  ASSERT_TRUE(issued.ok());
  auto wrong = sessions.sign_in_by_proof(
      kKnown, "10.0.0.1", code_proof(kKnown, CodePurpose::kSignIn, other_than(issued->code)));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "code_wrong");
  auto good = sessions.sign_in_by_proof(kKnown, "10.0.0.1",
                                        code_proof(kKnown, CodePurpose::kSignIn, issued->code));
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_NE(good->principal.grant(Role::kMember), nullptr);
  for (int i = 0; i < 2; ++i) {
    (void)sessions.sign_in_by_proof(kKnown, "10.0.0.1",
                                    code_proof(kKnown, CodePurpose::kSignIn, "999999"));
  }
  auto locked = sessions.sign_in_by_proof(kKnown, "10.0.0.1",
                                          code_proof(kKnown, CodePurpose::kSignIn, "999999"));
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, "too_many_attempts");
}

TEST_P(CodesTest, ResetByCodeSetsThePasswordAndRevokesSessions) {
  auth::Sessions sessions(db(), auth::SessionOptions{});
  auto first = issue(kKnown, Timestamp::now().ms);
  ASSERT_TRUE(first.ok());
  auto session = sessions.sign_in_by_proof(kKnown, "10.0.0.1",
                                           code_proof(kKnown, CodePurpose::kSignIn, first->code));
  ASSERT_TRUE(session.ok());
  IssuedCode reset;
  ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status {
    // Past the resend interval: the row of the first code is moved back a minute.
    GH_TRY(tx.exec("UPDATE sms_codes SET created_at = created_at - 61000"));
    GH_ASSIGN(reset, issue_code(tx, kKnown, CodePurpose::kResetPassword, Timestamp::now().ms,
                                rules_, nullptr));
    return Status::Ok();
  }));
  auto weak = sessions.reset_password_by_proof(
      kKnown, "short", "10.0.0.1", code_proof(kKnown, CodePurpose::kResetPassword, reset.code));
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.error().field, "new_password");
  ASSERT_TRUE(
      sessions
          .reset_password_by_proof(kKnown, "a new password", "10.0.0.1",
                                   code_proof(kKnown, CodePurpose::kResetPassword, reset.code))
          .ok());
  EXPECT_FALSE(sessions.authenticate(session->token, false).ok());
  EXPECT_TRUE(sessions.sign_in(kKnown, "a new password", "10.0.0.1").ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, CodesTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::sms
