// Purchases on both engines: totals must add up, units are from the list, campaigns never
// hand out more than was bought, the yearly budget holds, and admins stay in their subtree.
#include "domain/purchase/purchase_fixture.hpp"

#include "app/app.hpp"
#include "store/migrate.hpp"

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
}

TEST_P(PurchaseTest, SeveralPurchasesFundACampaignTogether) {
  const int64_t c1 = add_campaign(tree_.district_a.id, "lottery", "published", day("2025-03-10"));
  add_prize(c1, 1, 8, 3000);
  const int64_t c2 = add_campaign(tree_.district_a.id, "claim", "published", day("2025-03-11"));
  add_prize(c2, 1, 9, 3000);
  PurchaseInput a = input(tree_.district_a.id, 10, 8000, "2025-03-01");
  a.campaign_ids = {c1};
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, a); }).ok());
  // A second purchase funds c1 too, and c2: 8 + 9 = 17 portions from 10 + 5 = 15.
  PurchaseInput b = input(tree_.district_a.id, 5, 8000, "2025-03-02");
  b.campaign_ids = {c1, c2};
  auto p = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, b); });
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, "exceeds_purchase");
  EXPECT_EQ(p.error().field, "campaign_ids");
  b.quantity = 7;
  b.total_fen = 56000;
  p = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, b); });
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->handed_out, 17);
  // One more portion through a link to the first purchase is one too many for the set.
  const int64_t c3 = add_campaign(tree_.district_a.id, "claim", "published", day("2025-03-12"));
  add_prize(c3, 1, 1, 3000);
  auto page = in_tx([&](store::Tx& tx) { return list(tx, tree_.admin_a, Filter{}); });
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 2u);
  const int64_t first = page->items[1].id;
  auto linked =
      in_tx([&](store::Tx& tx) { return link_campaigns(tx, tree_.admin_a, first, {c3}); });
  ASSERT_FALSE(linked.ok());
  EXPECT_EQ(linked.error().code, "exceeds_purchase");
  // Linked twice, or from another district: refused.
  linked = in_tx([&](store::Tx& tx) { return link_campaigns(tx, tree_.admin_a, first, {c1}); });
  ASSERT_FALSE(linked.ok());
  EXPECT_EQ(linked.error().code, "already_linked");
  linked = in_tx([&](store::Tx& tx) { return link_campaigns(tx, tree_.admin_b, first, {c2}); });
  ASSERT_FALSE(linked.ok());
  EXPECT_EQ(linked.error().kind, ErrorKind::kForbidden);
  page = in_tx([&](store::Tx& tx) { return list(tx, tree_.admin_a, Filter{}); });
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items[1].campaign_ids, std::vector<int64_t>{c1});
  EXPECT_EQ(page->items[1].handed_out, 8);
  // Two more boxes bought for c3 join the set through c1: 19 portions for 18 handed out.
  PurchaseInput more = input(tree_.district_a.id, 2, 8000, "2025-03-03");
  more.campaign_ids = {c3};
  auto extra = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, more); });
  ASSERT_TRUE(extra.ok()) << extra.error().message;
  linked = in_tx([&](store::Tx& tx) { return link_campaigns(tx, tree_.admin_a, extra->id, {c1}); });
  ASSERT_TRUE(linked.ok()) << linked.error().message;
  EXPECT_EQ(linked->campaign_ids, (std::vector<int64_t>{std::min(c1, c3), std::max(c1, c3)}));
  EXPECT_EQ(linked->handed_out, 9);
  linked = in_tx([&](store::Tx& tx) { return link_campaigns(tx, tree_.admin_a, first, {c2}); });
  ASSERT_TRUE(linked.ok()) << linked.error().message;
  EXPECT_EQ(linked->handed_out, 17);
}

TEST_P(PurchaseTest, APurchaseByWeightStatesItsPortions) {
  const int64_t c = add_campaign(tree_.district_a.id, "claim", "published", day("2025-03-10"));
  add_prize(c, 1, 40, 3000);
  PurchaseInput in = input(tree_.district_a.id, 50, 1200, "2025-03-01");
  in.unit = "斤";
  in.campaign_ids = {c};
  auto p = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, in); });
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(p.error().code, "portions_required");
  EXPECT_EQ(p.error().field, "portions");
  in.portions = 39;  // 50 斤 in 39 portions: one short of the 40 handed out
  p = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, in); });
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, "exceeds_purchase");
  in.portions = 40;
  p = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, in); });
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->portions, 40);
  EXPECT_EQ(p->handed_out, 40);
  // A purchase by count may state its portions too: 5 boxes in 50 portions.
  const int64_t big = add_campaign(tree_.district_a.id, "claim", "published", day("2025-03-11"));
  add_prize(big, 1, 50, 3000);
  PurchaseInput boxes = input(tree_.district_a.id, 5, 8000, "2025-03-02");
  boxes.portions = 50;
  boxes.campaign_ids = {big};
  p = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, boxes); });
  ASSERT_TRUE(p.ok()) << p.error().message;
  // Without a campaign a purchase by weight needs no portions.
  PurchaseInput plain = input(tree_.district_a.id, 50, 1200, "2025-03-03");
  plain.unit = "kg";
  EXPECT_TRUE(in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, plain); }).ok());
}

// A database from before purchases funded campaigns together keeps its purchases and links.
TEST_P(PurchaseTest, MigrationKeepsPurchasesAndTheirLinks) {
  gonghui::testing::TestDb old(GetParam(), false);
  std::vector<store::Migration> before, all = app::all_migrations();
  for (const auto& m : all) {
    if (m.version < 501 || m.version >= 600) before.push_back(m);
  }
  ASSERT_TRUE(store::migrate(old.db(), before).ok());
  const gonghui::testing::Tree tree = gonghui::testing::make_tree(old.db());
  Status s = old.db().write([&](store::Tx& tx) -> Status {
    GH_TRY(
        tx.exec("INSERT INTO purchases (id, org_id, merchant_id, supplier_name, product_id,"
                " product_name, product_kind, quantity, unit, unit_price_fen, total_fen,"
                " funding_source, purchased_on, invoice_ref, counterpart_region, handed_out,"
                " created_by, created_at) VALUES (7, ?, 0, '农场', 0, '草莓', 'fruit', 10,"
                " '箱', 100, 1000, '', 0, '', '', 6, 0, 0)",
                {tree.district_a.id}));
    GH_TRY(tx.exec("INSERT INTO purchase_campaigns (purchase_id, campaign_id) VALUES (7, 70)"));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto migrated = store::migrate(old.db(), all);
  ASSERT_TRUE(migrated.ok()) << migrated.error().message;
  ASSERT_TRUE(
      old.db()
          .write([&](store::Tx& tx) -> Status {
            GH_ASSIGN(
                store::Rows rows,
                tx.query(
                    "SELECT p.quantity, p.portions, p.handed_out, c.campaign_id FROM purchases p"
                    " JOIN purchase_campaigns c ON c.purchase_id = p.id WHERE p.id = 7"));
            EXPECT_EQ(rows.size(), 1u);
            if (!rows.empty()) {
              EXPECT_EQ(rows[0].integer(0), 10);
              EXPECT_EQ(rows[0].integer(1), 0);
              EXPECT_EQ(rows[0].integer(2), 6);
              EXPECT_EQ(rows[0].integer(3), 70);
            }
            // A second purchase may now fund the same campaign.
            GH_TRY(
                tx.exec("INSERT INTO purchases (id, org_id, merchant_id, supplier_name, product_id,"
                        " product_name, product_kind, quantity, unit, portions, unit_price_fen,"
                        " total_fen, funding_source, purchased_on, invoice_ref, counterpart_region,"
                        " handed_out, created_by, created_at) SELECT 8, org_id, merchant_id,"
                        " supplier_name, product_id, product_name, product_kind, quantity, unit,"
                        " portions, unit_price_fen, total_fen, funding_source, purchased_on,"
                        " invoice_ref, counterpart_region, handed_out, created_by, created_at"
                        " FROM purchases WHERE id = 7"));
            GH_TRY(tx.exec(
                "INSERT INTO purchase_campaigns (purchase_id, campaign_id) VALUES (8, 70)"));
            return Status::Ok();
          })
          .ok());
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
