#include "domain/org/org.hpp"

#include <gtest/gtest.h>

#include "support/domain_test.hpp"

namespace gonghui::org {
namespace {

class OrgTest : public gonghui::testing::DomainTest {
 protected:
};

TEST_P(OrgTest, SubtreeHoldsExactlyTheDescendants) {
  auto a = in_tx([&](store::Tx& tx) { return subtree(tx, tree_.district_a.id); });
  ASSERT_TRUE(a.ok());
  std::vector<std::string> names;
  for (const auto& o : *a) names.push_back(o.name);
  EXPECT_EQ(names, (std::vector<std::string>{"江北区总工会", "医院工会", "公交工会"}));
  auto all = in_tx([&](store::Tx& tx) { return subtree(tx, tree_.root.id); });
  EXPECT_EQ(all->size(), 6u);
}

TEST_P(OrgTest, AdminScopeStopsAtTheirSubtree) {
  EXPECT_TRUE(in_tx([&](store::Tx& tx) {
                return require_in_scope(tx, tree_.admin_a, tree_.base_a1.id);
              }).ok());
  auto denied =
      in_tx([&](store::Tx& tx) { return require_in_scope(tx, tree_.admin_a, tree_.base_b1.id); });
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().kind, ErrorKind::kForbidden);
  EXPECT_TRUE(in_tx([&](store::Tx& tx) {
                return require_in_scope(tx, tree_.platform, tree_.base_b1.id);
              }).ok());
}

TEST_P(OrgTest, MoveRewritesTheWholeSubtree) {
  auto moved =
      in_tx([&](store::Tx& tx) { return move(tx, tree_.base_a2.id, tree_.district_b.id); });
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  auto b = in_tx([&](store::Tx& tx) { return subtree(tx, tree_.district_b.id); });
  EXPECT_EQ(b->size(), 3u);
  // A district with children moved under another district keeps its children.
  auto district_c = in_tx([&](store::Tx& tx) {
    return create(tx, tree_.root.id, {"新区", Kind::kDistrict, "", ""});
  });
  ASSERT_TRUE(
      in_tx([&](store::Tx& tx) { return move(tx, tree_.district_a.id, district_c->id); }).ok());
  auto c = in_tx([&](store::Tx& tx) { return subtree(tx, district_c->id); });
  EXPECT_EQ(c->size(), 3u);  // 新区, 江北区, 医院工会
  auto a1 = in_tx([&](store::Tx& tx) { return get(tx, tree_.base_a1.id); });
  EXPECT_EQ(a1->depth, 3);
}

TEST_P(OrgTest, RefusesCyclesBaseChildrenAndDuplicateNames) {
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return move(tx, tree_.district_a.id, tree_.base_a1.id); })
                .error()
                .code,
            "cycle");
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return create(tx, tree_.base_a1.id, {"子工会", Kind::kBase, "", ""});
            })
                .error()
                .code,
            "base_has_no_children");
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return create(tx, tree_.district_a.id, {"医院工会", Kind::kBase, "", ""});
            })
                .error()
                .code,
            "duplicate_name");
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return create(tx, tree_.district_a.id, {"", Kind::kBase, "", ""});
            })
                .error()
                .field,
            "name");
}

TEST_P(OrgTest, CloseRefusesUnionsWithMembersOrChildren) {
  gonghui::testing::add_member(db(), tree_.platform, tree_.base_a1.id, 1);
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return close(tx, tree_.base_a1.id); }).error().code,
            "has_members");
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return close(tx, tree_.district_a.id); }).error().code,
            "has_open_children");
  EXPECT_TRUE(in_tx([&](store::Tx& tx) { return close(tx, tree_.base_a2.id); })->closed);
}

TEST(OrgPathTest, RangeCoversDescendantsOnly) {
  const PathRange range = range_of("/1/7/");
  EXPECT_TRUE("/1/7/" >= range.lower && "/1/7/" < range.upper);
  EXPECT_TRUE("/1/7/42/9/" >= range.lower && "/1/7/42/9/" < range.upper);
  EXPECT_FALSE("/1/70/" >= range.lower && "/1/70/" < range.upper);
  EXPECT_FALSE("/1/8/" >= range.lower && "/1/8/" < range.upper);
}

INSTANTIATE_TEST_SUITE_P(Engines, OrgTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::org
