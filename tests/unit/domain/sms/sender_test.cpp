// The Sender and its demo outbox, and the per-kind SMS settings, on both engines.
#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/sms/sms.hpp"
#include "support/domain_test.hpp"

namespace gonghui::sms {
namespace {

// A provider that records what it was given, or refuses.
class RecordingProvider final : public Provider {
 public:
  explicit RecordingProvider(std::vector<Text>* sent, bool refuse = false)
      : sent_(sent), refuse_(refuse) {}
  std::string_view name() const override { return "aliyun"; }
  Status send(const Text& text) override {
    if (refuse_) {
      return rejected("aliyun", "isv.BUSINESS_LIMIT_CONTROL", "limit");
    }
    sent_->push_back(text);
    return Status::Ok();
  }

 private:
  std::vector<Text>* sent_;
  bool refuse_;
};

class SenderTest : public gonghui::testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    crypto::init();
    gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 7);
  }
};

TEST_P(SenderTest, LogProviderKeepsTheOutboxForThePlatformAdmin) {
  Sender sender(db(), make_log_provider(), SenderOptions{true, {}});
  ASSERT_TRUE(sender.send("13900000007", "booking_reminder", {}, "明天 9:00 采摘").ok());
  auto listed = in_tx([&](store::Tx& tx) { return list_outbox(tx, tree_.platform, "", 10); });
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].body, "明天 9:00 采摘");
  EXPECT_EQ((*listed)[0].kind, "booking_reminder");
  auto other =
      in_tx([&](store::Tx& tx) { return list_outbox(tx, tree_.platform, "13900000008", 10); });
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->empty());
  auto forbidden = in_tx([&](store::Tx& tx) { return list_outbox(tx, tree_.admin_a, "", 10); });
  ASSERT_FALSE(forbidden.ok());
  EXPECT_EQ(forbidden.error().kind, ErrorKind::kForbidden);
}

TEST_P(SenderTest, OutsideDemoNothingIsKept) {
  Sender sender(db(), make_log_provider(), SenderOptions{false, {}});
  ASSERT_TRUE(sender.send("13900000007", "sign_in", {{"code", "123456"}}, "code 123456").ok());
  auto listed = in_tx([&](store::Tx& tx) { return list_outbox(tx, tree_.platform, "", 10); });
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
}

TEST_P(SenderTest, CloudProviderGetsTheKindsTemplateAndParams) {
  std::vector<Text> sent;
  SenderOptions options;
  options.templates = *parse_templates("sign_in=SMS_1,reset_password=SMS_2");
  Sender sender(db(), std::make_unique<RecordingProvider>(&sent), options);
  int64_t wait = 0;
  ASSERT_TRUE(send_code(db(), sender, "13900000007", CodePurpose::kSignIn, {}, &wait).ok());
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].template_code, "SMS_1");
  ASSERT_EQ(sent[0].params.size(), 1u);
  EXPECT_EQ(sent[0].params[0].first, "code");
  EXPECT_NE(sent[0].body.find(sent[0].params[0].second), std::string::npos);
  // A number without an account: the same answer, nothing sent.
  ASSERT_TRUE(send_code(db(), sender, "13912345678", CodePurpose::kSignIn, {}, &wait).ok());
  EXPECT_EQ(sent.size(), 1u);
  // A kind without a template cannot go to a cloud vendor.
  auto missing = sender.send("13900000007", "booking_reminder", {}, "x");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "sms_not_configured");
}

TEST_P(SenderTest, RefusedTextGivesItsCodeBack) {
  std::vector<Text> sent;
  SenderOptions options;
  options.templates = *parse_templates("sign_in=SMS_1");
  Sender refusing(db(), std::make_unique<RecordingProvider>(&sent, true), options);
  auto refused = send_code(db(), refusing, "13900000007", CodePurpose::kSignIn, {}, nullptr);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "sms_rejected");
  Sender working(db(), std::make_unique<RecordingProvider>(&sent), options);
  EXPECT_TRUE(send_code(db(), working, "13900000007", CodePurpose::kSignIn, {}, nullptr).ok());
}

TEST(SmsTemplates, ParsesPairsAndRefusesBadOnes) {
  auto parsed = parse_templates("sign_in=SMS_1,booking_reminder=SMS_3");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->at("booking_reminder"), "SMS_3");
  EXPECT_TRUE(parse_templates("")->empty());
  EXPECT_FALSE(parse_templates("sign_in").ok());
  EXPECT_FALSE(parse_templates("=x").ok());
}

TEST_P(SenderTest, KindsDefaultToBookingRemindersAndCodes) {
  auto kinds = in_tx([&](store::Tx& tx) { return kind_settings(tx); });
  ASSERT_TRUE(kinds.ok());
  for (const KindSetting& kind : *kinds) {
    const bool expected = kind.kind == "sign_in" || kind.kind == "reset_password" ||
                          kind.kind == "verify_phone" || kind.kind == "booking_reminder";
    EXPECT_EQ(kind.by_sms, expected) << kind.kind;
  }
  (void)db().read([&](store::Tx& tx) -> Status {
    EXPECT_TRUE(sends_by_sms(tx, "booking_reminder"));
    EXPECT_FALSE(sends_by_sms(tx, "points"));
    EXPECT_FALSE(sends_by_sms(tx, "no_such_kind"));
    return Status::Ok();
  });
}

TEST_P(SenderTest, PlatformAdminChoosesKindsAndIsAudited) {
  auto set = in_tx([&](store::Tx& tx) -> Status {
    return set_kind_settings(tx, tree_.platform, {{"points", true}, {"booking_reminder", false}});
  });
  ASSERT_TRUE(set.ok()) << set.error().message;
  (void)db().read([&](store::Tx& tx) -> Status {
    EXPECT_TRUE(sends_by_sms(tx, "points"));
    EXPECT_FALSE(sends_by_sms(tx, "booking_reminder"));
    EXPECT_TRUE(sends_by_sms(tx, "sign_in"));
    auto rows = tx.query("SELECT COUNT(*) FROM audit_log WHERE action = 'sms.settings'");
    EXPECT_EQ((*rows)[0].integer(0), 1);
    return Status::Ok();
  });
}

TEST_P(SenderTest, BadKindSettingsChangeNothing) {
  auto district = in_tx([&](store::Tx& tx) -> Status {
    return set_kind_settings(tx, tree_.admin_a, {{"points", true}});
  });
  ASSERT_FALSE(district.ok());
  EXPECT_EQ(district.error().kind, ErrorKind::kForbidden);
  auto fixed = in_tx([&](store::Tx& tx) -> Status {
    return set_kind_settings(tx, tree_.platform, {{"sign_in", false}});
  });
  ASSERT_FALSE(fixed.ok());
  EXPECT_EQ(fixed.error().field, "kinds.sign_in");
  auto unknown = in_tx([&](store::Tx& tx) -> Status {
    return set_kind_settings(tx, tree_.platform, {{"no_such_kind", true}, {"notice", true}});
  });
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "unknown_kind");
  (void)db().read([&](store::Tx& tx) -> Status {
    EXPECT_FALSE(sends_by_sms(tx, "points"));
    EXPECT_FALSE(sends_by_sms(tx, "notice"));
    return Status::Ok();
  });
}

INSTANTIATE_TEST_SUITE_P(Engines, SenderTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::sms
