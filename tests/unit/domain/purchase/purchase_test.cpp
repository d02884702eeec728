// Purchases on both engines: totals must add up, units are from the list, campaigns never
// hand out more than was bought, the yearly budget holds, and admins stay in their subtree.
#include "domain/purchase/purchase_fixture.hpp"

namespace gonghui::purchase {
namespace {

TEST_P(PurchaseTest, RecordsAPurchaseLinkedToCampaigns) {
  const int64_t c =
      add_campaign(tree_.district_a.id, "distribution", "published", day("2025-03-10"));
  add_prize(c, 1, 6, 3000);
  PurchaseInput in = input(tree_.district_a.id, 10, 8000, "2025-03-01");
  in.campaign_ids = {c};
  auto p = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, in); });
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->total_fen, 80000);
  EXPECT_EQ(p->handed_out, 6);
  EXPECT_EQ(format_local_date(p->purchased_on), "2025-03-01");
  auto page = in_tx([&](store::Tx& tx) {
    Filter f;
    return list(tx, tree_.platform, f);
  });
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].campaign_ids, std::vector<int64_t>{c});
  // District B's admin sees none of district A's purchases.
  auto other = in_tx([&](store::Tx& tx) { return list(tx, tree_.admin_b, Filter{}); });
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->items.empty());
  // The same campaign cannot hand out a second purchase.
  PurchaseInput again = input(tree_.district_a.id, 10, 8000, "2025-03-02");
  again.campaign_ids = {c};
  auto twice = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, again); });
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, "campaign_already_linked");
}

TEST_P(PurchaseTest, TotalMustEqualQuantityTimesUnitPrice) {
  PurchaseInput in = input(tree_.district_a.id, 10, 8000, "2025-03-01");
  in.total_fen = 79999;
  auto p = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, in); });
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(p.error().code, "total_mismatch");
  EXPECT_EQ(p.error().field, "total_fen");
}

TEST_P(PurchaseTest, RefusesAnUnknownUnitOrKind) {
  PurchaseInput in = input(tree_.district_a.id, 10, 8000, "2025-03-01");
  in.unit = "吨";
  auto p = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, in); });
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, "invalid_unit");
  EXPECT_EQ(p.error().field, "unit");
  in.unit = "篮";
  in.product_kind = "flowers";
  p = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, in); });
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().field, "product_kind");
}

TEST_P(PurchaseTest, LinkedCampaignsMayNotHandOutMoreThanBought) {
  const int64_t c1 = add_campaign(tree_.district_a.id, "lottery", "published", day("2025-03-10"));
  add_prize(c1, 1, 3, 3000);
  add_prize(c1, 2, 4, 1000);
  const int64_t c2 = add_campaign(tree_.base_a1.id, "claim", "published", day("2025-03-11"));
  add_prize(c2, 1, 4, 3000);
  PurchaseInput in = input(tree_.district_a.id, 10, 8000, "2025-03-01");
  in.campaign_ids = {c1, c2};  // 3 + 4 + 4 = 11 > 10
  auto p = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, in); });
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(p.error().code, "exceeds_purchase");
  EXPECT_EQ(p.error().field, "campaign_ids");
  in.quantity = 11;
  in.total_fen = 88000;
  p = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, in); });
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->handed_out, 11);
}

TEST_P(PurchaseTest, ABudgetIsSetByTheUnionAbove) {
  auto own = in_tx([&](store::Tx& tx) {
    return set_budget(tx, tree_.admin_a, tree_.district_a.id, 2025, 100000000);
  });
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().kind, ErrorKind::kForbidden);
  auto below = in_tx(
      [&](store::Tx& tx) { return set_budget(tx, tree_.admin_a, tree_.base_a1.id, 2025, 5000); });
  ASSERT_TRUE(below.ok()) << below.error().message;
  EXPECT_EQ(below->budget_fen, 5000);
  auto above = in_tx([&](store::Tx& tx) {
    return set_budget(tx, tree_.platform, tree_.district_a.id, 2025, 7000);
  });
  ASSERT_TRUE(above.ok()) << above.error().message;
}

TEST_P(PurchaseTest, YearlyBudgetHolds) {
  auto b = in_tx([&](store::Tx& tx) {
    return set_budget(tx, tree_.platform, tree_.district_a.id, 2025, 100000);
  });
  ASSERT_TRUE(b.ok()) << b.error().message;
  auto first = in_tx([&](store::Tx& tx) {
    return create(tx, tree_.admin_a, input(tree_.district_a.id, 10, 8000, "2025-01-01"));
  });
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto over = in_tx([&](store::Tx& tx) {
    return create(tx, tree_.admin_a, input(tree_.district_a.id, 3, 8000, "2025-12-31"));
  });
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "budget_exceeded");
  EXPECT_EQ(over.error().field, "total_fen");
  // Exactly up to the budget is fine; the next calendar year (Asia/Shanghai) is not limited.
  auto exact = in_tx([&](store::Tx& tx) {
    return create(tx, tree_.admin_a, input(tree_.district_a.id, 2, 10000, "2025-06-01"));
  });
  EXPECT_TRUE(exact.ok());
  auto next_year = in_tx([&](store::Tx& tx) {
    return create(tx, tree_.admin_a, input(tree_.district_a.id, 3, 8000, "2026-01-01"));
  });
  EXPECT_TRUE(next_year.ok());
  // Setting a budget later counts the purchases already recorded in that year.
  auto later = in_tx([&](store::Tx& tx) {
    return set_budget(tx, tree_.platform, tree_.district_a.id, 2026, 30000);
  });
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->used_fen, 24000);
  auto refused = in_tx([&](store::Tx& tx) {
    return create(tx, tree_.admin_a, input(tree_.district_a.id, 1, 8000, "2026-02-01"));
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "budget_exceeded");
}

TEST_P(PurchaseTest, AdminsOnlyBuyForTheirSubtree) {
  auto p = in_tx([&](store::Tx& tx) {
    return create(tx, tree_.admin_b, input(tree_.district_a.id, 1, 100, "2025-01-01"));
  });
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind, ErrorKind::kForbidden);
}

INSTANTIATE_TEST_SUITE_P(Engines, PurchaseTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::purchase
