#include "domain/mine/mine.hpp"

#include <gtest/gtest.h>

#include "core/time.hpp"
#include "domain/merchant/merchant.hpp"
#include "support/domain_test.hpp"

namespace gonghui::mine {
namespace {

class MineTest : public gonghui::testing::DomainTest {
 protected:
  // A member of `org_id` as the principal the server makes for them.
  Principal member_in(int64_t org_id, int index) {
    Principal p;
    p.name = "会员" + std::to_string(index);
    p.roles.push_back({Role::kMember, org_id, 0,
                       gonghui::testing::add_member(db(), tree_.platform, org_id, index)});
    return p;
  }
  int64_t signed_merchant(const std::string& name) {
    auto m = in_tx([&](store::Tx& tx) -> Result<merchant::Merchant> {
      merchant::MerchantFields fields{name,         "farm",
                                      "江北区",     {30000000, 120000000},
                                      "场长",       "0571-88000000",
                                      "LICENCE123", "",
                                      "",           "",
                                      "",           {}};
      GH_ASSIGN(merchant::Application a, merchant::apply(tx, tree_.district_a.id, fields));
      return merchant::approve(tx, tree_.platform, a.id, 0, Timestamp::now().ms + 86400000);
    });
    EXPECT_TRUE(m.ok()) << m.error().message;
    return m->id;
  }
};

TEST_P(MineTest, FavouritesAreEachMembersOwn) {
  const Principal me = member_in(tree_.base_a1.id, 1);
  const Principal other = member_in(tree_.base_a1.id, 2);
  const int64_t farm = signed_merchant("江北葡萄园");
  const int64_t orchard = signed_merchant("江北果园");
  for (int64_t id : {farm, orchard, farm}) {
    EXPECT_TRUE(in_tx([&](store::Tx& tx) -> Result<bool> {
                  GH_TRY(add_favourite(tx, me, id, 1000 + id % 7));
                  return true;
                }).ok());
  }
  auto mine = in_tx([&](store::Tx& tx) { return favourites(tx, me); });
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->size(), 2u);
  auto theirs = in_tx([&](store::Tx& tx) { return favourites(tx, other); });
  EXPECT_TRUE(theirs->empty());
  EXPECT_FALSE(*in_tx([&](store::Tx& tx) { return is_favourite(tx, other, farm); }));

  auto unknown = in_tx([&](store::Tx& tx) -> Result<bool> {
    GH_TRY(add_favourite(tx, me, 424242, 1));
    return true;
  });
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
  // An admin keeps no favourites.
  auto admin = in_tx([&](store::Tx& tx) -> Result<bool> {
    GH_TRY(add_favourite(tx, tree_.admin_a, farm, 1));
    return true;
  });
  EXPECT_EQ(admin.error().kind, ErrorKind::kForbidden);

  ASSERT_TRUE(in_tx([&](store::Tx& tx) -> Result<bool> {
                GH_TRY(remove_favourite(tx, other, farm));  // not theirs: nothing happens
                GH_TRY(remove_favourite(tx, me, farm));
                return true;
              }).ok());
  mine = in_tx([&](store::Tx& tx) { return favourites(tx, me); });
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().merchant_id, orchard);
  EXPECT_EQ(mine->front().name, "江北果园");
}

TEST_P(MineTest, FeedbackIsCheckedAndGoesToTheMembersUnion) {
  const Principal me = member_in(tree_.base_a1.id, 1);
  auto send = [&](std::string body, int64_t photo = 0) {
    return in_tx([&](store::Tx& tx) { return send_feedback(tx, me, body, photo, 5000); });
  };
  EXPECT_EQ(send("").error().code, "required");
  EXPECT_EQ(send("  太短了 ").error().code, "too_short");
  EXPECT_EQ(send(std::string(501 * 3, 'x').substr(0, 501)).error().code, "too_long");
  EXPECT_EQ(send("希望增加活动", 999).error().field, "photo_id");
  EXPECT_EQ(count("SELECT COUNT(*) FROM feedback"), 0);
  // 500 characters of three bytes each is not too long.
  std::string five_hundred;
  for (int i = 0; i < 500; ++i) five_hundred += "好";
  EXPECT_TRUE(send(five_hundred).ok());
  auto sent = send("  希望采摘活动增加周末场次\n");
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  EXPECT_EQ(sent->body, "希望采摘活动增加周末场次");
  EXPECT_EQ(sent->org_id, tree_.base_a1.id);
  EXPECT_EQ(sent->status, FeedbackStatus::kOpen);
  auto listed = in_tx([&](store::Tx& tx) { return my_feedback(tx, me); });
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ(listed->front().id, sent->id);
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return my_feedback(tx, tree_.admin_a); }).error().kind,
            ErrorKind::kForbidden);
}

TEST_P(MineTest, OnlyAdminsAboveTheUnionSeeAndAnswerFeedback) {
  const Principal me = member_in(tree_.base_a1.id, 1);
  const Principal them = member_in(tree_.base_b1.id, 2);
  auto ours = in_tx([&](store::Tx& tx) { return send_feedback(tx, me, "江北区的意见", 0, 1); });
  auto theirs = in_tx([&](store::Tx& tx) { return send_feedback(tx, them, "城南区的意见", 0, 2); });
  ASSERT_TRUE(ours.ok() && theirs.ok());

  auto seen_by_a = in_tx([&](store::Tx& tx) { return list_feedback(tx, tree_.admin_a, {}); });
  ASSERT_EQ(seen_by_a->items.size(), 1u);
  EXPECT_EQ(seen_by_a->items[0].id, ours->id);
  EXPECT_EQ(seen_by_a->items[0].member_name, "会员1");
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return list_feedback(tx, tree_.platform, {}); })->items.size(),
      2u);
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return list_feedback(tx, me, {}); }).error().kind,
            ErrorKind::kForbidden);

  // District A's admin may not answer district B's; nothing changes.
  auto foreign = in_tx(
      [&](store::Tx& tx) { return answer_feedback(tx, tree_.admin_a, theirs->id, "越权", 10); });
  EXPECT_EQ(foreign.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(count("SELECT COUNT(*) FROM feedback WHERE status = 'answered'"), 0);
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return answer_feedback(tx, tree_.admin_a, ours->id, " ", 10); })
          .error()
          .field,
      "answer");
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return answer_feedback(tx, tree_.admin_a, 31337, "答复", 10); })
          .error()
          .kind,
      ErrorKind::kNotFound);

  const int64_t audited = count("SELECT COUNT(*) FROM audit_log");
  auto answered = in_tx([&](store::Tx& tx) {
    return answer_feedback(tx, tree_.admin_a, ours->id, "已安排周末加场", 20);
  });
  ASSERT_TRUE(answered.ok()) << answered.error().message;
  EXPECT_EQ(answered->status, FeedbackStatus::kAnswered);
  EXPECT_EQ(answered->answer, "已安排周末加场");
  EXPECT_EQ(answered->answered_at, 20);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), audited + 1);
  // The member finds the answer among their messages, once.
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE kind = 'feedback_answer' AND body = "
                  "'已安排周末加场'"),
            1);
  auto twice = in_tx(
      [&](store::Tx& tx) { return answer_feedback(tx, tree_.platform, ours->id, "再答一次", 30); });
  EXPECT_EQ(twice.error().code, "already_answered");
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return my_feedback(tx, me); })->front().answer,
            "已安排周末加场");

  FeedbackFilter open_only;
  open_only.status = FeedbackStatus::kOpen;
  auto still_open =
      in_tx([&](store::Tx& tx) { return list_feedback(tx, tree_.platform, open_only); });
  ASSERT_EQ(still_open->items.size(), 1u);
  EXPECT_EQ(still_open->items[0].id, theirs->id);
}

TEST_P(MineTest, HotlineDefaultsTo12351AndOnlyThePlatformAdminSetsIt) {
  EXPECT_EQ(*in_tx([&](store::Tx& tx) { return hotline(tx); }), "12351");
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return set_hotline(tx, tree_.admin_a, "0571-12351"); })
                .error()
                .kind,
            ErrorKind::kForbidden);
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return set_hotline(tx, tree_.platform, "12-"); }).error().code,
      "invalid_hotline");
  EXPECT_TRUE(
      in_tx([&](store::Tx& tx) { return set_hotline(tx, tree_.platform, "0571-12351"); }).ok());
  EXPECT_EQ(*in_tx([&](store::Tx& tx) { return hotline(tx); }), "0571-12351");
}

INSTANTIATE_TEST_SUITE_P(Engines, MineTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::mine
