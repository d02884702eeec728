// Campaigns on both engines: claims never oversell, limits hold under concurrency, refused
// entries debit nothing, cancellation refunds once, draws verify, vouchers redeem once.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <boost/json.hpp>

#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/draw.hpp"
#include "domain/ledger/ledger_fixture.hpp"
#include "domain/merchant/merchant.hpp"

namespace gonghui::campaign {
namespace {

constexpr int64_t kHour = 3'600'000;

class CampaignTest : public ledger::LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
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
                                   {}};
        GH_ASSIGN(merchant::Application a, merchant::apply(tx, 0, f));
        return merchant::approve(tx, tree_.platform, a.id, now - 86'400'000,
                                 now + int64_t{86'400'000} * 365);
      });
      ASSERT_TRUE(m.ok()) << m.error().message;
      merchants_[i] = m->id;
    }
  }

  CampaignInput input(std::string kind, int64_t quantity, int64_t cost, int64_t limit = 1) {
    const int64_t now = Timestamp::now().ms;
    CampaignInput in;
    in.org_id = tree_.district_a.id;
    in.kind = std::move(kind);
    in.title = "萄你欢心";
    in.brand = "连工助农";
    in.opens_at = now - kHour;
    in.closes_at = now + kHour;
    in.points_cost = cost;
    in.per_member_limit = limit;
    in.prizes = {{0, 1, "葡萄采摘券", quantity, quantity, 5000, merchants_[0], 0}};
    return in;
  }

  Campaign make(const CampaignInput& in, bool published = true) {
    auto c = in_tx([&](store::Tx& tx) -> Result<Campaign> {
      GH_ASSIGN(Campaign made, create(tx, tree_.admin_a, in));
      return published ? publish(tx, tree_.admin_a, made.id) : Result<Campaign>(made);
    });
    EXPECT_TRUE(c.ok()) << c.error().message;
    return c.ok() ? *c : Campaign{};
  }

  Result<Entry> enter_now(int64_t member, int64_t campaign, int64_t tickets = 1,
                          int64_t now = Timestamp::now().ms) {
    return in_tx([&](store::Tx& tx) { return enter(tx, member, campaign, tickets, now); });
  }

  int64_t count(const std::string& sql, const store::Params& params) {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows, tx.query(sql, params));
      n = rows[0].integer(0);
      return Status::Ok();
    }));
    return n;
  }

  Principal staff(int which) {
    Principal p;
    p.account_id = 900 + which;
    p.name = which ? "城南店员" : "果园店员";
    p.roles.push_back({Role::kMerchantStaff, 0, merchants_[which], 0});
    return p;
  }

  int64_t merchants_[2] = {};
};

TEST_P(CampaignTest, SixtyFourThreadsNeverOversellAStockOfHundred) {
  const Campaign c = make(input("claim", 100, 10));
  std::vector<int64_t> members;
  for (int i = 0; i < 192; ++i) {
    members.push_back(add_member(i % 2 ? tree_.base_a1.id : tree_.base_a2.id));
  }
  ledger::GrantInput g;
  g.member_ids = members;
  g.amount = 100;
  g.reason = "活动积分";
  grant(g);

  std::atomic<int> claimed{0}, sold_out{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 64; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = t; i < members.size(); i += 64) {
        auto e = enter_now(members[i], c.id);
        if (e.ok() && e->voucher) {
          ++claimed;
        } else if (!e.ok() && e.error().code == "sold_out") {
          ++sold_out;
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(claimed.load(), 100);
  EXPECT_EQ(sold_out.load(), 92);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM vouchers WHERE campaign_id = ?", {c.id}), 100);
  EXPECT_EQ(count("SELECT remaining FROM campaign_prizes WHERE campaign_id = ?", {c.id}), 0);
  EXPECT_EQ(count("SELECT COALESCE(SUM(amount), 0) FROM ledger_transfers WHERE kind = 'spend'", {}),
            1000);
  int64_t total = 0;
  for (int64_t m : members) {
    total += balance_of(m);
  }
  EXPECT_EQ(total, 192 * 100 - 1000);
  expect_check_passes();
}

TEST_P(CampaignTest, PerMemberLimitHoldsUnderConcurrency) {
  const Campaign c = make(input("lottery", 1, 5, 3));
  const int64_t m = add_member(tree_.base_a1.id);
  grant_to(m, 1000);
  std::atomic<int> ok{0}, limited{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      auto e = enter_now(m, c.id);
      if (e.ok()) {
        ++ok;
      } else if (e.error().code == "limit_reached") {
        ++limited;
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(ok.load(), 3);
  EXPECT_EQ(limited.load(), 13);
  EXPECT_EQ(balance_of(m), 1000 - 15);
  auto many = enter_now(add_member(tree_.base_a1.id), c.id, 4);
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().field, "tickets");
  expect_check_passes();
}

TEST_P(CampaignTest, RefusedEntriesDebitNothing) {
  const Campaign c = make(input("lottery", 1, 50, 2));
  const int64_t poor = add_member(tree_.base_a1.id), outsider = add_member(tree_.base_b1.id);
  grant_to(poor, 30);
  grant_to(outsider, 100);
  auto e = enter_now(poor, c.id);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "insufficient_points");
  EXPECT_EQ(e.error().field, "amount");
  e = enter_now(poor, c.id, 1, c.input.opens_at - 1);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "not_open");
  e = enter_now(poor, c.id, 1, c.input.closes_at);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "campaign_closed");
  e = enter_now(outsider, c.id);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "not_eligible");
  EXPECT_EQ(e.error().kind, ErrorKind::kForbidden);

  // Narrowed to base union A2: A1's members are not eligible either.
  CampaignInput narrowed = input("lottery", 1, 1);
  narrowed.base_org_ids = {tree_.base_a2.id};
  const Campaign only_a2 = make(narrowed);
  e = enter_now(poor, only_a2.id);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "not_eligible");

  const Campaign cancelled = make(input("lottery", 1, 1));
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return cancel(tx, tree_.admin_a, cancelled.id); }).ok());
  e = enter_now(poor, cancelled.id);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "campaign_cancelled");

  EXPECT_EQ(balance_of(poor), 30);
  EXPECT_EQ(balance_of(outsider), 100);
  EXPECT_EQ(count("SELECT COUNT(*) FROM campaign_entries", {}), 0);
  expect_check_passes();
}

TEST_P(CampaignTest, CancelRefundsEachEntryOnceEvenIfRunTwice) {
  const Campaign c = make(input("lottery", 1, 10, 5));
  std::vector<int64_t> members;
  for (int i = 0; i < 4; ++i) {
    members.push_back(add_member(tree_.base_a2.id));
    grant_to(members.back(), 100);
    ASSERT_TRUE(enter_now(members.back(), c.id, 2).ok());
    ASSERT_TRUE(enter_now(members.back(), c.id, 1).ok());
    EXPECT_EQ(balance_of(members.back()), 70);
  }
  auto first = in_tx([&](store::Tx& tx) { return cancel(tx, tree_.admin_a, c.id); });
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->refunded, 8);
  EXPECT_EQ(first->campaign.stored_status, "cancelled");
  auto second = in_tx([&](store::Tx& tx) { return cancel(tx, tree_.admin_a, c.id); });
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->refunded, 0);
  for (int64_t m : members) {
    EXPECT_EQ(balance_of(m), 100);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_transfers WHERE kind = 'refund'", {}), 8);
  auto outside = in_tx([&](store::Tx& tx) { return cancel(tx, tree_.admin_b, c.id); });
  EXPECT_FALSE(outside.ok());
  expect_check_passes();
}

TEST_P(CampaignTest, DrawIssuesVouchersAndItsBundleVerifies) {
  CampaignInput in = input("lottery", 3, 1, 10);
  in.prizes.push_back({0, 2, "西瓜", 5, 5, 3000, merchants_[1], 0});
  const Campaign c = make(in);
  EXPECT_EQ(c.commitment.size(), 64u);
  std::vector<int64_t> members;
  for (int i = 0; i < 12; ++i) {
    members.push_back(add_member(i % 2 ? tree_.base_a1.id : tree_.base_a2.id));
    grant_to(members.back(), 20);
    ASSERT_TRUE(enter_now(members.back(), c.id, 1 + i % 3).ok());
  }
  const int64_t after_close = c.input.closes_at + 1;
  auto early = in_tx(
      [&](store::Tx& tx) { return draw(tx, tree_.admin_a, c.id, "", c.input.closes_at - 1); });
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, "not_closed");
  auto drawn = in_tx([&](store::Tx& tx) {
    return draw(tx, tree_.admin_a, c.id, "drand 4242: 9f3c", after_close);
  });
  ASSERT_TRUE(drawn.ok()) << drawn.error().message;
  EXPECT_EQ(drawn->status(after_close), "drawn");
  EXPECT_EQ(count("SELECT COUNT(*) FROM vouchers WHERE campaign_id = ?", {c.id}), 8);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT member_id) FROM vouchers WHERE campaign_id = ?", {c.id}),
            8);
  auto again = in_tx([&](store::Tx& tx) { return draw(tx, tree_.admin_a, c.id, "", after_close); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "already_drawn");

  boost::json::object bundle;
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(bundle, audit_bundle(tx, c.id));
    return Status::Ok();
  }));
  EXPECT_EQ(bundle["commitment"].as_string(), c.commitment);
  EXPECT_EQ(bundle["entries"].as_array().size(), 12u);
  EXPECT_TRUE(verify_bundle(bundle).empty());

  auto tampered = bundle;
  tampered["winners"].as_array()[0].as_object()["entry_id"] =
      bundle["entries"].as_array()[0].as_object()["entry_id"] ==
              bundle["winners"].as_array()[0].as_object()["entry_id"]
          ? bundle["entries"].as_array()[1].as_object()["entry_id"]
          : bundle["entries"].as_array()[0].as_object()["entry_id"];
  EXPECT_FALSE(verify_bundle(tampered).empty());
  tampered = bundle;
  tampered["entries"].as_array()[3].as_object()["tickets"] = 7;
  auto problems = verify_bundle(tampered);
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].find("entries_digest"), std::string::npos);
  tampered = bundle;
  tampered["secret"] = std::string(64, '0');
  problems = verify_bundle(tampered);
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].find("commitment"), std::string::npos);
  expect_check_passes();
}

TEST_P(CampaignTest, VouchersRedeemOnceAtTheirMerchantBeforeExpiry) {
  const Campaign c = make(input("claim", 3, 0));
  const int64_t m = add_member(tree_.base_a1.id), m2 = add_member(tree_.base_a2.id);
  auto e = enter_now(m, c.id);
  ASSERT_TRUE(e.ok()) << e.error().message;
  ASSERT_TRUE(e->voucher);
  const Voucher v = *e->voucher;
  EXPECT_EQ(v.code.size(), 10u);
  const int64_t now = Timestamp::now().ms;
  auto redeem_as = [&](int which, std::string code, std::string token, int64_t at) {
    return in_tx([&](store::Tx& tx) { return redeem(tx, staff(which), code, token, at); });
  };
  auto wrong = redeem_as(1, v.code, "", now);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "wrong_merchant");
  auto expired = redeem_as(0, v.code, "", v.expires_at);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "voucher_expired");
  auto done = redeem_as(0, v.code, "", now);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->status(now), "redeemed");
  auto twice = redeem_as(0, v.code, "", now + 1);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, "already_redeemed");
  EXPECT_NE(twice.error().message.find("果园店员"), std::string::npos);

  // The signed token works offline and online; a forged one is refused.
  auto e2 = enter_now(m2, c.id);
  ASSERT_TRUE(e2.ok());
  std::string token = e2->voucher->token;
  ServerKeys keys;
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(keys, server_keys(tx));
    return Status::Ok();
  }));
  auto claims = check_token(keys.sign_public, token);
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->code, e2->voucher->code);
  std::string forged = token;
  forged[0] = forged[0] == '1' ? '2' : '1';
  auto bad = redeem_as(0, "", forged, now);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "invalid_token");
  ASSERT_TRUE(redeem_as(0, "", token, now).ok());
  auto svg = qr_svg(token);
  ASSERT_TRUE(svg.ok());
  EXPECT_EQ(svg->rfind("<svg", 0), 0u);
}

TEST_P(CampaignTest, MembersListOnlyPublishedCampaignsTheyMayEnter) {
  const Campaign open = make(input("claim", 3, 0));
  make(input("claim", 3, 0), false);  // a draft
  const int64_t inside = add_member(tree_.base_a1.id), outside = add_member(tree_.base_b1.id);
  auto as_member = [&](int64_t member, int64_t org) {
    Principal p;
    p.account_id = 1;
    p.roles.push_back({Role::kMember, org, 0, member});
    return p;
  };
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(CampaignPage mine, list(tx, as_member(inside, tree_.base_a1.id), 0, 50));
    EXPECT_EQ(mine.items.size(), 1u);
    EXPECT_EQ(mine.items.empty() ? 0 : mine.items[0].id, open.id);
    GH_ASSIGN(CampaignPage theirs, list(tx, as_member(outside, tree_.base_b1.id), 0, 50));
    EXPECT_TRUE(theirs.items.empty());
    GH_ASSIGN(CampaignPage admin, list(tx, tree_.admin_a, 0, 50));
    EXPECT_EQ(admin.items.size(), 2u);
    GH_ASSIGN(CampaignPage other, list(tx, tree_.admin_b, 0, 50));
    EXPECT_TRUE(other.items.empty());
    return Status::Ok();
  }));
}

INSTANTIATE_TEST_SUITE_P(Engines, CampaignTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::campaign
