// The membership card: minute tokens signed and checked, their expiry, forgeries, the staff
// check and offer uses recorded once per token and offer, only for the staff's own offers.
#include "domain/card/card.hpp"

#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/voucher.hpp"
#include "domain/member/member.hpp"
#include "domain/merchant/merchant.hpp"
#include "support/domain_test.hpp"

namespace gonghui::card {
namespace {

constexpr int64_t kDay = 86'400'000;

TEST(CardToken, SignedTokenChecksAndCarriesItsWindow) {
  const std::string secret = crypto::sign_secret_key();
  const int64_t now = 1'750'000'123'456;
  const std::string token = card_token(secret, 42, now);
  auto claims = check_card_token(crypto::sign_public_key(secret), token);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->member_id, 42);
  EXPECT_EQ(claims->window, now / kWindowMs);
  // Expires two minutes after its window opens: at most two minutes after it is shown.
  EXPECT_GT(claims->expires_at, now);
  EXPECT_LE(claims->expires_at - now, kLifetimeMs);
  EXPECT_EQ(claims->expires_at, (now / kWindowMs) * kWindowMs + kLifetimeMs);
  // The same minute gives the same token; the next minute another.
  EXPECT_EQ(card_token(secret, 42, now + 1), token);
  EXPECT_NE(card_token(secret, 42, now + kWindowMs), token);
}

TEST(CardToken, ForgeriesAreRefused) {
  const std::string secret = crypto::sign_secret_key();
  const std::string pub = crypto::sign_public_key(secret);
  const std::string token = card_token(secret, 42, 1'750'000'000'000);
  auto refused = [&](const std::string& t) {
    auto r = check_card_token(pub, t);
    return !r.ok() && r.error().code == "invalid_token" && r.error().field == "token";
  };
  ASSERT_TRUE(token.starts_with("card.42."));
  std::string other_member = token;
  other_member.replace(5, 2, "43");
  EXPECT_TRUE(refused(other_member));
  // A later expiry with the old signature.
  const size_t sig = token.rfind('.');
  const size_t expiry = token.rfind('.', sig - 1);
  std::string later = token.substr(0, expiry + 1) + "9999999999999" + token.substr(sig);
  EXPECT_TRUE(refused(later));
  // Signed by another key.
  EXPECT_TRUE(refused(card_token(crypto::sign_secret_key(), 42, 1'750'000'000'000)));
  EXPECT_TRUE(refused(""));
  EXPECT_TRUE(refused("card.42"));
  EXPECT_TRUE(refused(token + "x"));
  // A genuine voucher token is no card token.
  campaign::Voucher v;
  v.id = 42;
  v.code = "ABCDEFGHJK";
  v.merchant_id = 7;
  v.expires_at = 1'750'000'000'000;
  EXPECT_TRUE(refused(campaign::voucher_token(secret, v)));
  // And a card token is no voucher token.
  EXPECT_FALSE(campaign::check_token(pub, token).ok());
}

class CardTest : public gonghui::testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    member_id_ = gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 1);
    const int64_t now = Timestamp::now().ms;
    for (int i = 0; i < 2; ++i) {
      merchant::MerchantFields f{i ? "另一家果园" : "阳光果园",
                                 "orchard",
                                 "江北区",
                                 {30000000, 120000000},
                                 "场长",
                                 "0571-88000000",
                                 "LICENCE12" + std::to_string(i),
                                 "",
                                 "",
                                 "",
                                 "",
                                 {}};
      ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status {
        GH_ASSIGN(merchant::Application a, merchant::apply(tx, 0, f));
        GH_ASSIGN(merchant::Merchant m,
                  merchant::approve(tx, tree_.platform, a.id, now - kDay, now + kDay));
        staff_[i].account_id = 900 + i;
        staff_[i].name = "店员";
        staff_[i].roles.push_back({Role::kMerchantStaff, 0, m.id, 0});
        merchant::Offer o;
        o.merchant_id = m.id;
        o.title = "会员赠饮";
        o.kind = merchant::OfferKind::kGift;
        o.gift = "果汁一杯";
        o.valid_from = now - kDay;
        o.valid_to = now + kDay;
        GH_ASSIGN(merchant::Offer saved, merchant::save_offer(tx, staff_[i], o));
        offer_[i] = saved.id;
        return Status::Ok();
      }));
    }
  }
  int64_t uses() {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows, tx.query("SELECT COUNT(*) FROM offer_uses"));
      n = rows[0].integer(0);
      return Status::Ok();
    }));
    return n;
  }
  int64_t member_id_ = 0;
  Principal staff_[2];
  int64_t offer_[2] = {0, 0};
};

TEST_P(CardTest, AMemberCardIsCheckedAndAUseRecordedOnce) {
  const int64_t now = Timestamp::now().ms;
  auto card = in_tx([&](store::Tx& tx) { return member_card(tx, member_id_, now); });
  ASSERT_TRUE(card.ok()) << card.error().message;
  EXPECT_FALSE(card->card_no.empty());
  EXPECT_EQ(card->org_name, tree_.base_a1.name);
  EXPECT_GT(card->refresh_at, now);
  EXPECT_LE(card->refresh_at - now, kWindowMs);

  auto check = in_tx([&](store::Tx& tx) { return check_member(tx, staff_[0], card->token, now); });
  ASSERT_TRUE(check.ok()) << check.error().message;
  EXPECT_EQ(check->status, CardStatus::kValid);
  EXPECT_NE(check->masked_name, card->name);
  EXPECT_EQ(check->org_name, tree_.base_a1.name);
  auto later = in_tx([&](store::Tx& tx) {
    return check_member(tx, staff_[0], card->token, now + kLifetimeMs + 1);
  });
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->status, CardStatus::kExpired);

  auto first = in_tx(
      [&](store::Tx& tx) { return record_offer_use(tx, staff_[0], card->token, offer_[0], now); });
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->created);
  auto again = in_tx([&](store::Tx& tx) {
    return record_offer_use(tx, staff_[0], card->token, offer_[0], now + 5);
  });
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(uses(), 1);
}

TEST_P(CardTest, ExpiredForgedAndOtherMerchantsOffersWriteNothing) {
  const int64_t now = Timestamp::now().ms;
  auto card = in_tx([&](store::Tx& tx) { return member_card(tx, member_id_, now); });
  ASSERT_TRUE(card.ok());
  auto code_of = [&](const std::string& token, int64_t offer, const Principal& who, int64_t at) {
    auto r = in_tx([&](store::Tx& tx) { return record_offer_use(tx, who, token, offer, at); });
    return r.ok() ? std::string("ok") : r.error().code;
  };
  EXPECT_EQ(code_of(card->token, offer_[0], staff_[0], now + kLifetimeMs + 1), "card_expired");
  EXPECT_EQ(code_of(card->token + "A", offer_[0], staff_[0], now), "invalid_token");
  EXPECT_EQ(code_of(card->token, offer_[1], staff_[0], now), "wrong_merchant");
  EXPECT_EQ(code_of(card->token, 12345, staff_[0], now), "not_found");
  EXPECT_EQ(code_of(card->token, offer_[0], tree_.admin_a, now), "forbidden");
  EXPECT_EQ(uses(), 0);
  // A member who has left: genuine code, but no longer valid.
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                member::MemberPatch patch;
                patch.status = member::MemberStatus::kLeft;
                return member::update(tx, tree_.admin_a, member_id_, patch);
              }).ok());
  EXPECT_EQ(code_of(card->token, offer_[0], staff_[0], now), "member_inactive");
  auto check = in_tx([&](store::Tx& tx) { return check_member(tx, staff_[0], card->token, now); });
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->status, CardStatus::kInvalid);
  EXPECT_EQ(uses(), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, CardTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::card
