// Budgets bind a whole subtree, and the union above caps a union's check-in reward.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "core/time.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/ledger/ledger_fixture.hpp"

namespace gonghui::ledger {
namespace {

class PolicyTest : public LedgerTest {
 protected:
  GrantInput to_org(int64_t from, int64_t org_id, int64_t amount) {
    GrantInput input;
    input.from_org_id = from;
    input.org_id = org_id;
    input.amount = amount;
    input.reason = "福利";
    return input;
  }
  void set_district_a_budget(int64_t budget) {
    ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                  return set_budget(tx, tree_.platform, tree_.district_a.id, budget);
                }).ok());
  }
  int64_t used(int64_t org_id) {
    auto s = in_tx([&](store::Tx& tx) { return summary(tx, tree_.platform, org_id); });
    return s.ok() ? s->budget_used : -1;
  }
};

TEST_P(PolicyTest, AGrantPaidByABaseUnionCountsAgainstItsDistrictsBudget) {
  add_member(tree_.base_a1.id);
  set_district_a_budget(100);
  // Naming a base union as the payer does not escape the district's budget.
  auto over = in_tx([&](store::Tx& tx) {
    return start_grant(tx, tree_.admin_a, to_org(tree_.base_a1.id, tree_.base_a1.id, 100000),
                       "escape");
  });
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "budget_exceeded");
  EXPECT_EQ(over.error().field, "amount");
  EXPECT_NE(over.error().message.find(tree_.district_a.name), std::string::npos)
      << over.error().message;
  EXPECT_EQ(used(tree_.district_a.id), 0);
  EXPECT_EQ(used(tree_.base_a1.id), 0);
  auto fits = in_tx([&](store::Tx& tx) {
    return start_grant(tx, tree_.admin_a, to_org(tree_.base_a1.id, tree_.base_a1.id, 100), "fits");
  });
  ASSERT_TRUE(fits.ok()) << fits.error().message;
  EXPECT_EQ(used(tree_.district_a.id), 100);
  EXPECT_EQ(used(tree_.base_a1.id), 100);
  ASSERT_TRUE(run_grant(db(), fits->id).ok());
  expect_check_passes();
}

TEST_P(PolicyTest, CheckInPayoutsCountAgainstTheBudget) {
  const int64_t m1 = add_member(tree_.base_a1.id);
  const int64_t m2 = add_member(tree_.base_a2.id);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return set_checkin_points(tx, tree_.admin_a, tree_.district_a.id, 30);
              }).ok());
  set_district_a_budget(50);
  const Timestamp day = *parse_rfc3339("2026-05-01T02:00:00Z");
  auto first = in_tx([&](store::Tx& tx) { return checkin(tx, m1, day); });
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(used(tree_.district_a.id), 30);
  auto second = in_tx([&](store::Tx& tx) { return checkin(tx, m2, day); });
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, "budget_exceeded");
  EXPECT_EQ(balance_of(m2), 0);
  EXPECT_EQ(used(tree_.district_a.id), 30);
  expect_check_passes();
}

TEST_P(PolicyTest, ConcurrentGrantsNeverOverspendASubtreeBudget) {
  for (int i = 0; i < 4; ++i) {
    add_member(i % 2 ? tree_.base_a1.id : tree_.base_a2.id);
  }
  set_district_a_budget(100);
  // Eight grants of 2 × 10 = 20 points at once, paid by the district and both base unions:
  // exactly five fit.
  std::vector<std::thread> threads;
  std::vector<bool> granted(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      const int64_t payer = i % 3 == 0   ? tree_.district_a.id
                            : i % 3 == 1 ? tree_.base_a1.id
                                         : tree_.base_a2.id;
      const int64_t target = i % 2 ? tree_.base_a1.id : tree_.base_a2.id;
      auto started = in_tx([&](store::Tx& tx) {
        return start_grant(tx, tree_.admin_a,
                           to_org(payer, payer == tree_.district_a.id ? target : payer, 10),
                           "race" + std::to_string(i));
      });
      granted[i] = started.ok();
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(std::count(granted.begin(), granted.end(), true), 5);
  EXPECT_EQ(used(tree_.district_a.id), 100);
}

TEST_P(PolicyTest, TheUnionAboveCapsTheCheckInReward) {
  // Without a ceiling from above, an org admin may set at most the default.
  auto huge = in_tx([&](store::Tx& tx) {
    return set_checkin_points(tx, tree_.admin_a, tree_.district_a.id, 1000000);
  });
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code, "above_ceiling");
  EXPECT_EQ(huge.error().field, "points");
  auto at_default = in_tx([&](store::Tx& tx) {
    return set_checkin_points(tx, tree_.admin_a, tree_.district_a.id, kDefaultCheckinCeiling);
  });
  ASSERT_TRUE(at_default.ok()) << at_default.error().message;
  // The district cannot set its own ceiling; the platform can, and it holds below too.
  auto own = in_tx([&](store::Tx& tx) {
    return set_checkin_ceiling(tx, tree_.admin_a, tree_.district_a.id, 1000000);
  });
  EXPECT_EQ(own.error().kind, ErrorKind::kForbidden);
  auto capped = in_tx([&](store::Tx& tx) {
    return set_checkin_ceiling(tx, tree_.platform, tree_.district_a.id, 10);
  });
  ASSERT_TRUE(capped.ok());
  EXPECT_EQ(capped->checkin_ceiling, 10);
  EXPECT_EQ(capped->checkin_max, 10);
  auto base = in_tx(
      [&](store::Tx& tx) { return set_checkin_points(tx, tree_.admin_a, tree_.base_a1.id, 11); });
  EXPECT_EQ(base.error().code, "above_ceiling");
  auto base_ok = in_tx(
      [&](store::Tx& tx) { return set_checkin_points(tx, tree_.admin_a, tree_.base_a1.id, 10); });
  EXPECT_TRUE(base_ok.ok());
  // A district sets a ceiling for its base union, never above what binds the district.
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return set_checkin_ceiling(tx, tree_.admin_a, tree_.base_a2.id, 50);
              }).ok());
  auto a2 = in_tx([&](store::Tx& tx) { return summary(tx, tree_.admin_a, tree_.base_a2.id); });
  EXPECT_EQ(a2->checkin_max, 10);
  // The platform admin is bound by no ceiling.
  EXPECT_TRUE(in_tx([&](store::Tx& tx) {
                return set_checkin_points(tx, tree_.platform, tree_.district_a.id, 500);
              }).ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, PolicyTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::ledger
