#include "domain/merchant/merchant.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/time.hpp"
#include "domain/merchant/catalogue.hpp"
#include "support/fixtures.hpp"
#include "support/test_db.hpp"
#include "text/normalize.hpp"
#include "text/pinyin.hpp"

namespace gonghui::merchant {
namespace {

using gonghui::testing::TestDb;

MerchantFields farm(const std::string& name, Location at) {
  return {name, "farm", "江北区", at, "场长", "0571-88000000", "LICENCE123", "", "", "", "", {}};
}

class MerchantTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_ = std::make_unique<TestDb>(GetParam());
    tree_ = gonghui::testing::make_tree(db());
  }
  store::Db& db() { return test_->db(); }
  Merchant sign(const MerchantFields& fields, int64_t start, int64_t end, int64_t org_id = 0) {
    Merchant m;
    Status status = db().write([&](store::Tx& tx) -> Status {
      GH_ASSIGN(Application a, apply(tx, org_id, fields));
      GH_ASSIGN(m, approve(tx, tree_.platform, a.id, start, end));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.error().message;
    return m;
  }
  std::unique_ptr<TestDb> test_;
  gonghui::testing::Tree tree_;
};

TEST_P(MerchantTest, ContractPeriodDecidesWhatMembersSee) {
  const int64_t now = Timestamp::now().ms, day = 86400000;
  const Merchant current = sign(farm("在约农场", {30000000, 120000000}), now - day, now + day);
  const Merchant ended = sign(farm("到期农场", {30000000, 120000000}), now - 9 * day, now - day);
  EXPECT_EQ(current.status(now), "signed");
  EXPECT_EQ(ended.status(now), "expired");
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(MerchantPage page, browse(tx, Browse{}));
    EXPECT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items[0].fields.name, "在约农场");
    GH_ASSIGN(auto soon, expiring(tx, tree_.platform, 30));
    EXPECT_EQ(soon.size(), 1u);
    return Status::Ok();
  }));
}

TEST_P(MerchantTest, SearchDropsAContractThatEndsWithoutAnyWrite) {
  auto pinyin = text::PinyinTable::shared();
  ASSERT_TRUE(pinyin.ok());
  ASSERT_TRUE(text::load_simplifier().ok());
  const int64_t now = Timestamp::now().ms, day = 86400000;
  sign(farm("长约农场", {30000000, 120000000}), now - day, now + day);
  const int64_t ends = now + 1500;
  sign(farm("短约农场", {30000000, 120000000}), now - day, ends);
  CatalogueSearch search(db(), **pinyin);
  auto names = [&](std::string_view q) {
    std::vector<std::string> out;
    auto hits = search.search(q, 10, "merchant");
    EXPECT_TRUE(hits.ok());
    for (const auto& hit : *hits) out.push_back(hit.name);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(names("农场"), (std::vector<std::string>{"短约农场", "长约农场"}));
  std::this_thread::sleep_for(std::chrono::milliseconds(ends + 100 - Timestamp::now().ms));
  // No catalogue write happened: the index knew when its contents would change.
  EXPECT_EQ(names("农场"), (std::vector<std::string>{"长约农场"}));
}

TEST_P(MerchantTest, ThePlatformGoesFromTheApplicationToTheMerchantAndIsEdited) {
  const int64_t now = Timestamp::now().ms;
  MerchantFields f = farm("阳光葡萄采摘园", {30000000, 120000000});
  f.platform = "海州采摘";
  const Merchant m = sign(f, now - 1, now + 86400000);
  EXPECT_EQ(m.fields.platform, "海州采摘");
  Principal staff;
  staff.account_id = 901;
  staff.roles.push_back({Role::kMerchantStaff, 0, m.id, 0});
  ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(Merchant read, get(tx, m.id));
    EXPECT_EQ(read.fields.platform, "海州采摘");
    MerchantFields next = read.fields;
    next.platform = "城市果园";
    GH_ASSIGN(Merchant edited, update(tx, staff, m.id, next));
    EXPECT_EQ(edited.fields.platform, "城市果园");
    next.platform = std::string(31, 'x');
    auto refused = update(tx, staff, m.id, next);
    EXPECT_FALSE(refused.ok());
    if (!refused.ok()) {
      EXPECT_EQ(refused.error().field, "platform");
    }
    GH_ASSIGN(read, get(tx, m.id));
    EXPECT_EQ(read.fields.platform, "城市果园");
    return Status::Ok();
  }));
}

TEST_P(MerchantTest, NearMeSortsByDistance) {
  const int64_t now = Timestamp::now().ms;
  sign(farm("远", {30500000, 120000000}), now - 1, now + 86400000);
  sign(farm("近", {30010000, 120000000}), now - 1, now + 86400000);
  sign(farm("中", {30200000, 120000000}), now - 1, now + 86400000);
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    Browse query;
    query.near = Location{30000000, 120000000};
    GH_ASSIGN(MerchantPage page, browse(tx, query));
    std::vector<std::string> names;
    for (const auto& m : page.items) names.push_back(m.fields.name);
    EXPECT_EQ(names, (std::vector<std::string>{"近", "中", "远"}));
    EXPECT_NEAR(static_cast<double>(page.distance_m[0]), 1112.0, 5.0);
    return Status::Ok();
  }));
}

TEST_P(MerchantTest, AdminsOutsideTheSigningUnionCannotDecide) {
  Application application;
  ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(application, apply(tx, tree_.district_b.id, farm("城南农场", {30000000, 120000000})));
    return Status::Ok();
  }));
  Status denied = db().write([&](store::Tx& tx) -> Status {
    return approve(tx, tree_.admin_a, application.id, 0, 1).ok() ? Status::Ok()
                                                                 : Error::forbidden();
  });
  EXPECT_FALSE(denied.ok());
  Status allowed = db().write([&](store::Tx& tx) -> Status {
    auto m = approve(tx, tree_.admin_b, application.id, 0, Timestamp::now().ms + 1000);
    return m.ok() ? Status::Ok() : Status(m.error());
  });
  EXPECT_TRUE(allowed.ok());
}

TEST(MerchantValidationTest, NamesTheField) {
  MerchantFields f = farm("农场", {30000000, 120000000});
  EXPECT_TRUE(validate(f).ok());
  auto field_of = [](MerchantFields g) { return validate(g).error().field; };
  MerchantFields g = f;
  g.location.lat_e6 = 90000001;
  EXPECT_EQ(field_of(g), "lat");
  g = f;
  g.phone = "12-34";
  EXPECT_EQ(field_of(g), "phone");
  g = f;
  g.category = "bank";
  EXPECT_EQ(field_of(g), "category");
  g = f;
  g.external_url = "javascript:alert(1)";
  EXPECT_EQ(field_of(g), "external_url");
  Offer o{0, 1, "会员价", OfferKind::kMemberPrice, 0, 0, -1, 0, "", "", 0, 10, false, 0};
  EXPECT_EQ(validate(o).error().field, "member_price_fen");
  // 立减 needs an amount off; a gift needs what is given; a discount a percentage to pay.
  Offer off{0, 1, "满100减10", OfferKind::kAmountOff, 0, 0, 0, 0, "", "", 0, 10, false, 0};
  EXPECT_EQ(validate(off).error().field, "off_fen");
  off.off_fen = 1000;
  EXPECT_TRUE(validate(off).ok());
  off.kind = OfferKind::kGift;
  EXPECT_EQ(validate(off).error().field, "gift");
  off.kind = OfferKind::kPercentOff;
  EXPECT_EQ(validate(off).error().field, "pay_percent");
  Product p{0, 1, "草莓", "fruit", "斤", 100, "", {13}, false, 0};
  EXPECT_EQ(validate(p).error().field, "season_months");
}

TEST(MerchantDistanceTest, MatchesTheGreatCircle) {
  // One degree of latitude is about 111.2 km.
  EXPECT_NEAR(static_cast<double>(distance_m({30000000, 120000000}, {31000000, 120000000})),
              111195.0, 100.0);
  EXPECT_EQ(distance_m({30000000, 120000000}, {30000000, 120000000}), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, MerchantTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::merchant
