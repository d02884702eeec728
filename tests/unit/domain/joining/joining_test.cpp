// 入会申请: the ID number's check character, sealing at rest, one waiting application, the
// review in scope, approval making a member with a member number and a message, and figures.
#include "domain/joining/joining.hpp"

#include <gtest/gtest.h>

#include "core/time.hpp"
#include "domain/auth/auth.hpp"
#include "support/domain_test.hpp"

namespace gonghui::joining {
namespace {

constexpr char kIdNumber[] = "320102199003071239";

class JoiningTest : public gonghui::testing::DomainTest {
 protected:
  Principal worker(const std::string& phone) {
    Principal p;
    EXPECT_TRUE(db().write([&](store::Tx& tx) -> Status {
                      GH_ASSIGN(auth::Account a,
                                auth::create_account(tx, phone, "赵小满", "", false));
                      p.account_id = a.id;
                      return Status::Ok();
                    })
                    .ok());
    return p;
  }
  Input input(int64_t org_id) { return {org_id, "赵小满", kIdNumber, "江北汇通物流"}; }
  Result<Application> apply_as(const Principal& who, const Input& in) {
    return in_tx([&](store::Tx& tx) { return apply(tx, who, in, now_); });
  }
  int64_t count(const std::string& sql, store::Params params = {}) {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows, tx.query(sql, params));
      n = rows[0].integer(0);
      return Status::Ok();
    }));
    return n;
  }
  const int64_t now_ = Timestamp::now().ms;
};

TEST_P(JoiningTest, TheIdNumberIsCheckedSealedAndShownMasked) {
  const Principal who = worker("13511112222");
  Input bad = input(tree_.base_a1.id);
  bad.id_number = "320102199003071238";
  EXPECT_EQ(apply_as(who, bad).error().code, "invalid_id_number");
  bad = input(tree_.district_a.id);
  EXPECT_EQ(apply_as(who, bad).error().code, "not_a_base_union");
  bad = input(tree_.base_a1.id);
  bad.employer = "";
  EXPECT_EQ(apply_as(who, bad).error().field, "employer");
  auto a = apply_as(who, input(tree_.base_a1.id));
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->id_number_masked, "320***********1239");
  EXPECT_EQ(a->phone, "13511112222");
  EXPECT_EQ(count("SELECT COUNT(*) FROM joining_applications WHERE id_number_sealed LIKE ?",
                  {std::string("%") + kIdNumber + "%"}),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM joining_applications WHERE id_number_sealed LIKE ?",
                  {std::string("%1239%")}),
            0);
  EXPECT_EQ(apply_as(who, input(tree_.base_a2.id)).error().code, "already_applied");
  auto mine_now = in_tx([&](store::Tx& tx) { return mine(tx, who); });
  EXPECT_EQ(mine_now->id, a->id);
}

TEST_P(JoiningTest, ApprovalInScopeMakesAMemberWithANumberAndTellsThem) {
  const Principal who = worker("13511112222");
  auto a = apply_as(who, input(tree_.base_a1.id));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return approve(tx, tree_.admin_b, a->id, now_); }).error().kind,
      ErrorKind::kForbidden);
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return get(tx, tree_.admin_b, a->id); }).error().kind,
            ErrorKind::kForbidden);
  auto listed_b = in_tx([&](store::Tx& tx) { return list(tx, tree_.admin_b, {}, 0, 50); });
  EXPECT_TRUE(listed_b->items.empty());
  auto approved = in_tx([&](store::Tx& tx) { return approve(tx, tree_.admin_a, a->id, now_); });
  ASSERT_TRUE(approved.ok()) << approved.error().message;
  EXPECT_EQ(approved->status, State::kApproved);
  EXPECT_EQ(approved->member_no, "RH" + std::to_string(a->id));
  EXPECT_EQ(count("SELECT COUNT(*) FROM members WHERE account_id = ? AND org_id = ? AND "
                  "card_no = ? AND status = 'active'",
                  {who.account_id, tree_.base_a1.id, approved->member_no}),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE member_id = ? AND "
                  "kind = 'application_status'",
                  {approved->member_id}),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'joining.approved'"), 1);
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return approve(tx, tree_.admin_a, a->id, now_); }).error().code,
      "wrong_status");
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return reject(tx, tree_.admin_a, a->id, "晚了", now_); })
                .error()
                .code,
            "wrong_status");
  // A member applies no more.
  EXPECT_EQ(apply_as(who, input(tree_.base_a2.id)).error().code, "already_member");
}

TEST_P(JoiningTest, ARejectionNeedsAReasonAndTheApplicantMayApplyAgain) {
  const Principal who = worker("13511112222");
  auto a = apply_as(who, input(tree_.base_b1.id));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return reject(tx, tree_.admin_b, a->id, "", now_); }).error().code,
      "required");
  auto rejected =
      in_tx([&](store::Tx& tx) { return reject(tx, tree_.admin_b, a->id, "不在本单位", now_); });
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->reason, "不在本单位");
  EXPECT_TRUE(apply_as(who, input(tree_.base_a1.id)).ok());
}

TEST_P(JoiningTest, FiguresCountApplicationsApprovalsAndTheDaysTheyTook) {
  const Principal one = worker("13511112222");
  const Principal two = worker("13511113333");
  const Principal three = worker("13511114444");
  auto a = in_tx([&](store::Tx& tx) {
    return apply(tx, one, input(tree_.base_a1.id), now_ - 4 * 86400000LL);
  });
  auto b = in_tx([&](store::Tx& tx) {
    return apply(tx, two, input(tree_.base_a2.id), now_ - 2 * 86400000LL);
  });
  ASSERT_TRUE(apply_as(three, input(tree_.base_b1.id)).ok());
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return approve(tx, tree_.admin_a, a->id, now_); }).ok());
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return approve(tx, tree_.admin_a, b->id, now_); }).ok());
  auto f = in_tx(
      [&](store::Tx& tx) { return figures(tx, tree_.admin_a, now_ - 10 * 86400000LL, now_ + 1); });
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->applications, 2);
  EXPECT_EQ(f->approvals, 2);
  EXPECT_EQ(f->waiting, 0);
  ASSERT_TRUE(f->average_days_to_approve.has_value());
  EXPECT_DOUBLE_EQ(*f->average_days_to_approve, 3.0);
  auto all = in_tx(
      [&](store::Tx& tx) { return figures(tx, tree_.platform, now_ - 10 * 86400000LL, now_ + 1); });
  EXPECT_EQ(all->applications, 3);
  EXPECT_EQ(all->waiting, 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, JoiningTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::joining
