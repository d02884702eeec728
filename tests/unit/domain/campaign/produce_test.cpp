// Prizes and where their produce comes from, and closing a lottery early, on both engines: a
// prize's product is its merchant's, a farm that is not signed is named by its produce, and a
// lottery's window closes early only when open, in scope and with a reason.
#include <gtest/gtest.h>

#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/merchant/merchant.hpp"
#include "support/domain_test.hpp"

namespace gonghui::campaign {
namespace {

constexpr int64_t kHour = 3'600'000;

class ProduceTest : public gonghui::testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    const int64_t now = Timestamp::now().ms;
    for (int i = 0; i < 2; ++i) {
      auto m = in_tx([&](store::Tx& tx) -> Result<merchant::Merchant> {
        merchant::MerchantFields f{i ? "城南果园" : "阳光葡萄采摘园",
                                   "orchard",
                                   "江北区",
                                   {30000000, 120000000},
                                   "场长",
                                   "0571-88000000",
                                   "LICENCE12" + std::to_string(i),
                                   "",
                                   "",
                                   "",
                                   "海州采摘",
                                   {}};
        GH_ASSIGN(merchant::Application a, merchant::apply(tx, 0, f));
        GH_ASSIGN(merchant::Merchant signed_up,
                  merchant::approve(tx, tree_.platform, a.id, now - 86'400'000,
                                    now + int64_t{86'400'000} * 365));
        merchant::Product p{
            0, signed_up.id, i ? "草莓" : "阳光玫瑰葡萄", "fruit", "箱", 5000, "", {}, false, 0};
        GH_ASSIGN(products_[i], merchant::save_product(tx, tree_.platform, p));
        return signed_up;
      });
      ASSERT_TRUE(m.ok()) << m.error().message;
      merchants_[i] = m->id;
    }
  }

  CampaignInput lottery(std::vector<Prize> prizes) {
    const int64_t now = Timestamp::now().ms;
    CampaignInput in;
    in.org_id = tree_.district_a.id;
    in.kind = Kind::kLottery;
    in.title = "莓好生活";
    in.opens_at = now - kHour;
    in.closes_at = now + kHour;
    in.prizes = std::move(prizes);
    return in;
  }

  Result<Campaign> make(const CampaignInput& in, bool published = true) {
    return in_tx([&](store::Tx& tx) -> Result<Campaign> {
      GH_ASSIGN(Campaign made, create(tx, tree_.admin_a, in));
      return published ? publish(tx, tree_.admin_a, made.id) : Result<Campaign>(made);
    });
  }

  Prize prize(int64_t merchant_id, int64_t product_id) {
    Prize p;
    p.name = "采摘券";
    p.quantity = 5;
    p.merchant_id = merchant_id;
    p.product_id = product_id;
    return p;
  }

  int64_t campaigns() {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows, tx.query("SELECT COUNT(*) FROM campaigns", {}));
      n = rows[0].integer(0);
      return Status::Ok();
    }));
    return n;
  }

  int64_t merchants_[2] = {};
  merchant::Product products_[2];
};

TEST_P(ProduceTest, APrizesProductGivesItsProduceAndMerchantItsSupplier) {
  auto c = make(lottery({prize(merchants_[1], products_[1].id)}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_EQ(c->prizes.size(), 1u);
  EXPECT_EQ(c->prizes[0].supplier_name, "城南果园");
  EXPECT_EQ(c->prizes[0].produce_name, "草莓");
  EXPECT_EQ(c->prizes[0].produce_kind, "fruit");
}

TEST_P(ProduceTest, AProductOfAnotherMerchantOrNoneIsRefused) {
  // Another merchant's product, and a product without its merchant.
  for (int64_t merchant_id : {merchants_[0], int64_t{0}}) {
    CampaignInput in = lottery({prize(merchants_[1], 0), prize(merchant_id, products_[1].id)});
    in.prizes[1].tier = 2;
    auto c = make(in);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_EQ(c.error().code, "product_not_of_merchant");
    EXPECT_EQ(c.error().field, "prizes[1].product_id");
  }
  EXPECT_EQ(campaigns(), 0);
}

TEST_P(ProduceTest, AnUnknownProductIsRefused) {
  auto c = make(lottery({prize(merchants_[0], 12345)}));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "unknown_product");
  EXPECT_EQ(c.error().field, "prizes[0].product_id");
  EXPECT_EQ(campaigns(), 0);
}

TEST_P(ProduceTest, AFarmThatIsNotSignedIsNamedWithItsProduce) {
  Prize farm = prize(0, 0);
  farm.supplier_name = "赣州脐橙合作社";
  farm.produce_name = "脐橙";
  farm.produce_kind = "fruit";
  auto c = make(lottery({farm}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->prizes[0].supplier_name, "赣州脐橙合作社");
  EXPECT_EQ(c->prizes[0].produce_name, "脐橙");
  EXPECT_EQ(c->prizes[0].produce_kind, "fruit");
  auto read = in_tx([&](store::Tx& tx) { return get(tx, tree_.admin_a, c->id); });
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->prizes[0].produce_name, "脐橙");
}

TEST_P(ProduceTest, AnUnknownProduceKindOrALongNameIsRefused) {
  Prize farm = prize(0, 0);
  farm.produce_kind = "flowers";
  auto c = make(lottery({farm}));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "invalid_kind");
  EXPECT_EQ(c.error().field, "prizes[0].produce_kind");
  farm.produce_kind = "";
  farm.produce_name = std::string(41, 'a');
  c = make(lottery({farm}));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "too_long");
  EXPECT_EQ(c.error().field, "prizes[0].produce_name");
  EXPECT_EQ(campaigns(), 0);
}

TEST_P(ProduceTest, AnOpenLotteryClosesEarlyWithAReason) {
  auto c = make(lottery({prize(merchants_[0], 0)}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  const int64_t now = Timestamp::now().ms;
  auto closed =
      in_tx([&](store::Tx& tx) { return close_early(tx, tree_.admin_a, c->id, "果园遇雨", now); });
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->input.closes_at, now);
  EXPECT_EQ(closed->status(now), CampaignStatus::kClosed);
  EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT after_json FROM audit_log WHERE action = ?",
                                         {std::string("campaign.close_early")}));
    EXPECT_EQ(rows.size(), 1u);
    if (!rows.empty()) {
      EXPECT_NE(rows[0].text(0).find("果园遇雨"), std::string::npos);
    }
    return Status::Ok();
  }));
  // Closed now, it is no longer open.
  auto again = in_tx(
      [&](store::Tx& tx) { return close_early(tx, tree_.admin_a, c->id, "再次截止", now + 1); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "not_open");
}

TEST_P(ProduceTest, ClosingEarlyIsRefusedAndChangesNothing) {
  auto lottery_made = make(lottery({prize(merchants_[0], 0)}));
  ASSERT_TRUE(lottery_made.ok());
  CampaignInput claim_in = lottery({prize(merchants_[0], 0)});
  claim_in.kind = Kind::kClaim;
  auto claim = make(claim_in);
  ASSERT_TRUE(claim.ok());
  CampaignInput later_in = lottery({prize(merchants_[0], 0)});
  later_in.opens_at += 2 * kHour;
  later_in.closes_at += 2 * kHour;
  auto later = make(later_in);
  ASSERT_TRUE(later.ok());
  auto draft = make(lottery({prize(merchants_[0], 0)}), false);
  ASSERT_TRUE(draft.ok());
  const int64_t now = Timestamp::now().ms;
  struct Case {
    const Principal* admin;
    int64_t id;
    std::string reason;
    std::string code;
    std::string field;
  };
  const Case cases[] = {
      {&tree_.admin_a, claim->id, "天气原因", "not_a_lottery", ""},
      {&tree_.admin_a, later->id, "天气原因", "not_open", ""},
      {&tree_.admin_a, draft->id, "天气原因", "not_open", ""},
      {&tree_.admin_a, lottery_made->id, "", "required", "reason"},
      {&tree_.admin_a, lottery_made->id, "雨", "out_of_range", "reason"},
      {&tree_.admin_a, lottery_made->id, std::string(201, 'x'), "out_of_range", "reason"},
      {&tree_.admin_b, lottery_made->id, "天气原因", "forbidden", ""},
  };
  for (const Case& k : cases) {
    auto r = in_tx([&](store::Tx& tx) { return close_early(tx, *k.admin, k.id, k.reason, now); });
    ASSERT_FALSE(r.ok()) << k.code;
    EXPECT_EQ(r.error().code, k.code);
    if (!k.field.empty()) {
      EXPECT_EQ(r.error().field, k.field);
    }
  }
  for (const Campaign* c : {&*lottery_made, &*claim, &*later, &*draft}) {
    auto read = in_tx([&](store::Tx& tx) { return get(tx, tree_.admin_a, c->id); });
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->input.closes_at, c->input.closes_at);
  }
  EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT COUNT(*) FROM audit_log WHERE action = ?",
                                         {std::string("campaign.close_early")}));
    EXPECT_EQ(rows[0].integer(0), 0);
    return Status::Ok();
  }));
}

INSTANTIATE_TEST_SUITE_P(Engines, ProduceTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::campaign
