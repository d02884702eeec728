// 帮促清单 on both engines: every need transition and its refusals, sealed households seen only
// by the pairing's admins (and never in clear in the SQLite file), fulfilments with a purchase
// linked once, volunteers within the slots, outcomes and figures.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/time.hpp"
#include "domain/auth/auth.hpp"
#include "domain/helplist/helplist.hpp"
#include "domain/purchase/purchase.hpp"
#include "support/domain_test.hpp"

namespace gonghui::helplist {
namespace {

constexpr int64_t kDay = 86'400'000;
constexpr char kHouseholdName[] = "韦秀英";

class HelplistTest : public gonghui::testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    now_ = Timestamp::now().ms;
    // A second admin of district A, to accept what the first completes.
    second_a_ = admin_of("13800000021", "江北区第二管理员", tree_.district_a.id);
    PairingInput in;
    in.org_id = tree_.district_a.id;
    in.village = "青山村";
    in.region = "示范市云岭县石门镇";
    in.fund_fen = 50'000'000;
    in.started_on = local_day_start(local_day(now_)) - 300 * kDay;
    in.secretary_name = "覃志强";
    in.secretary_phone = "13977001122";
    auto made = in_tx([&](store::Tx& tx) { return create_pairing(tx, tree_.admin_a, in, now_); });
    EXPECT_TRUE(made.ok()) << made.error().message;
    pairing_ = made->id;
  }

  Principal admin_of(const std::string& phone, const std::string& name, int64_t org_id) {
    Principal p;
    EXPECT_TRUE(db().write([&](store::Tx& tx) -> Status {
                      GH_ASSIGN(auth::Account a, auth::create_account(tx, phone, name, "", false));
                      GH_TRY(auth::grant_role(tx, a.id, {Role::kOrgAdmin, org_id, 0, 0}));
                      p.account_id = a.id;
                      return Status::Ok();
                    })
                    .ok());
    p.name = name;
    p.roles.push_back({Role::kOrgAdmin, org_id, 0, 0});
    return p;
  }

  Principal member_in(int64_t org_id, int index) {
    const int64_t id = gonghui::testing::add_member(db(), tree_.platform, org_id, index);
    Principal p;
    p.name = "会员" + std::to_string(index);
    p.roles.push_back({Role::kMember, org_id, 0, id});
    return p;
  }

  NeedInput lamps() {
    NeedInput in;
    in.category = Category::kStreetLights;
    in.title = "安装太阳能路灯";
    in.target_quantity = 50;
    in.unit = "盏";
    in.budget_fen = 15'000'000;
    return in;
  }

  Result<Need> claimed_lamps() {
    auto need =
        in_tx([&](store::Tx& tx) { return add_need(tx, tree_.admin_a, pairing_, lamps(), now_); });
    if (!need.ok()) return need;
    return in_tx([&](store::Tx& tx) { return claim_need(tx, tree_.admin_a, need->id, "", now_); });
  }

  int64_t now_ = 0;
  int64_t pairing_ = 0;
  Principal second_a_;
};

TEST_P(HelplistTest, NeedGoesThroughEveryStateWithItsRefusals) {
  auto need =
      in_tx([&](store::Tx& tx) { return add_need(tx, tree_.admin_a, pairing_, lamps(), now_); });
  ASSERT_TRUE(need.ok()) << need.error().message;
  EXPECT_EQ(need->status, NeedStatus::kOpen);
  const int64_t id = need->id;
  auto progress = [&](int64_t delivered) {
    return in_tx([&](store::Tx& tx) {
      return add_progress(tx, tree_.admin_a, id, {"运来路灯", {}, delivered}, now_);
    });
  };
  // Not yet claimed: no progress, no completion.
  EXPECT_EQ(progress(10).error().code, "wrong_status");
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return complete_need(tx, tree_.admin_a, id, "", now_); })
                .error()
                .code,
            "wrong_status");
  // Another district's admin may not claim it.
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return claim_need(tx, tree_.admin_b, id, "", now_); })
                .error()
                .kind,
            ErrorKind::kForbidden);
  auto claimed = in_tx([&](store::Tx& tx) { return claim_need(tx, tree_.admin_a, id, "", now_); });
  ASSERT_TRUE(claimed.ok());
  EXPECT_EQ(claimed->status, NeedStatus::kInProgress);
  EXPECT_EQ(claimed->responsible, "江北区总工会");
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return claim_need(tx, tree_.admin_a, id, "", now_); })
                .error()
                .code,
            "wrong_status");
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return complete_need(tx, tree_.admin_a, id, "", now_); })
                .error()
                .code,
            "nothing_delivered");
  EXPECT_EQ(progress(51).error().code, "invalid_quantity");
  EXPECT_EQ(progress(-1).error().code, "invalid_quantity");
  EXPECT_EQ(progress(30)->delivered_quantity, 30);
  EXPECT_EQ(progress(20)->delivered_quantity, 50);
  auto done =
      in_tx([&](store::Tx& tx) { return complete_need(tx, tree_.admin_a, id, "全部亮灯", now_); });
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, NeedStatus::kDone);
  // The admin who completed it may not accept it; another may reject or accept.
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return accept_need(tx, tree_.admin_a, id, "", now_); })
                .error()
                .code,
            "own_completion");
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return reject_need(tx, second_a_, id, "", now_); }).error().field,
      "reason");
  auto rejected =
      in_tx([&](store::Tx& tx) { return reject_need(tx, second_a_, id, "两盏不亮", now_); });
  EXPECT_EQ(rejected->status, NeedStatus::kInProgress);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return complete_need(tx, tree_.admin_a, id, "已修复", now_);
              }).ok());
  auto accepted =
      in_tx([&](store::Tx& tx) { return accept_need(tx, tree_.platform, id, "验收合格", now_); });
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(accepted->status, NeedStatus::kAccepted);
  std::vector<std::string> kinds;
  for (const Progress& p : accepted->progress) kinds.push_back(p.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"created", "claimed", "progress", "progress",
                                             "completed", "rejected", "completed", "accepted"}));
  // Accepted: closed to edits, fulfilments and tasks.
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return update_need(tx, tree_.admin_a, id, lamps(), now_); })
                .error()
                .code,
            "wrong_status");
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return add_fulfilment(tx, tree_.admin_a, id,
                                    {FulfilmentKind::kFund, 0, 100, "", "", now_}, now_);
            })
                .error()
                .code,
            "wrong_status");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'need.%'"), 8);
}

TEST_P(HelplistTest, RefusesBadFieldsAndOtherScopes) {
  auto field_of = [&](NeedInput in) {
    auto r = in_tx([&](store::Tx& tx) { return add_need(tx, tree_.admin_a, pairing_, in, now_); });
    return r.ok() ? std::string("ok") : r.error().field + ":" + r.error().code;
  };
  NeedInput bad = lamps();
  bad.title = "";
  EXPECT_EQ(field_of(bad), "title:required");
  bad = lamps();
  bad.target_quantity = 0;
  EXPECT_EQ(field_of(bad), "target_quantity:invalid_quantity");
  bad = lamps();
  bad.unit = "";
  EXPECT_EQ(field_of(bad), "unit:required");
  bad = lamps();
  bad.household_ids = {42};
  EXPECT_EQ(field_of(bad), "household_ids:unknown_household");
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return add_need(tx, tree_.admin_b, pairing_, lamps(), now_); })
          .error()
          .kind,
      ErrorKind::kForbidden);
  PairingInput outside;
  outside.org_id = tree_.district_b.id;
  outside.village = "越界村";
  outside.region = "城南";
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return create_pairing(tx, tree_.admin_a, outside, now_); })
                .error()
                .kind,
            ErrorKind::kForbidden);
  VisitInput future{now_ + 2 * kDay, "走访组", 3, ""};
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return add_visit(tx, tree_.admin_a, pairing_, future, now_); })
          .error()
          .code,
      "in_future");
  OutcomeInput income;
  income.title = "光伏增收";
  income.kind = OutcomeKind::kIncome;
  income.evidence = "电网结算单";
  income.recorded_on = now_;
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return add_outcome(tx, tree_.admin_a, pairing_, income, now_); })
          .error()
          .field,
      "income_fen_per_year");
  EXPECT_EQ(count("SELECT COUNT(*) FROM helplist_needs"), 0);
}

TEST_P(HelplistTest, HouseholdsAreSealedAndSeenOnlyByThePairingsAdmins) {
  HouseholdInput h{kHouseholdName, "45012119700101123x", "13977003344", "青山村三组12号",
                   "房屋漏雨，低保户"};
  auto added =
      in_tx([&](store::Tx& tx) { return add_household(tx, tree_.admin_a, pairing_, h, now_); });
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(added->data.id_number, "45012119700101123X");
  HouseholdInput bad = h;
  bad.id_number = "123";
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return add_household(tx, tree_.admin_a, pairing_, bad, now_); })
          .error()
          .code,
      "invalid_id_number");
  NeedInput repair;
  repair.category = Category::kHousing;
  repair.title = "危房修缮";
  repair.target_quantity = 1;
  repair.unit = "户";
  repair.household_ids = {added->id};
  auto need =
      in_tx([&](store::Tx& tx) { return add_need(tx, tree_.admin_a, pairing_, repair, now_); });
  ASSERT_TRUE(need.ok());

  // The pairing's admins (its district, the platform) open them; another district's may not.
  auto listed = in_tx([&](store::Tx& tx) { return list_households(tx, tree_.admin_a, pairing_); });
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].data.name, kHouseholdName);
  EXPECT_EQ((*listed)[0].need_ids, std::vector<int64_t>{need->id});
  EXPECT_TRUE(
      in_tx([&](store::Tx& tx) { return list_households(tx, tree_.platform, pairing_); }).ok());
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return list_households(tx, tree_.admin_b, pairing_); })
                .error()
                .kind,
            ErrorKind::kForbidden);
  // Reads: the public and another district's admin see counts only.
  for (const Principal* viewer : std::vector<const Principal*>{nullptr, &tree_.admin_b}) {
    auto seen = in_tx([&](store::Tx& tx) { return get_pairing(tx, viewer, pairing_, false); });
    ASSERT_TRUE(seen.ok());
    EXPECT_FALSE(seen->can_manage);
    EXPECT_EQ(seen->households, 1);
    EXPECT_EQ(seen->needs_list[0].households, 1);
    EXPECT_TRUE(seen->needs_list[0].household_ids.empty());
    EXPECT_TRUE(seen->secretary_phone.empty());
  }
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return get_pairing(tx, &tree_.admin_b, pairing_, true); })
                .error()
                .kind,
            ErrorKind::kForbidden);
  auto own = in_tx([&](store::Tx& tx) { return get_pairing(tx, &tree_.admin_a, pairing_, true); });
  EXPECT_EQ(own->needs_list[0].household_ids, std::vector<int64_t>{added->id});
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'pairing.households_read'"), 2);

  if (GetParam() != "sqlite") return;
  // Nowhere in the database file or its log is a household's name, ID number or address.
  std::string bytes;
  const std::string path = test_->url().substr(std::string("sqlite:").size());
  for (const std::string& file : {path, path + "-wal"}) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    bytes += content.str();
  }
  ASSERT_FALSE(bytes.empty());
  EXPECT_NE(bytes.find("青山村"), std::string::npos);  // the village is not personal data
  EXPECT_EQ(bytes.find(kHouseholdName), std::string::npos);
  EXPECT_EQ(bytes.find("45012119700101123"), std::string::npos);
  EXPECT_EQ(bytes.find("三组12号"), std::string::npos);
}

TEST_P(HelplistTest, FulfilmentsLinkAPurchaseOnce) {
  auto need = claimed_lamps();
  ASSERT_TRUE(need.ok());
  purchase::PurchaseInput bought;
  bought.org_id = tree_.district_a.id;
  bought.supplier_name = "青山村合作社";
  bought.product_name = "高山茶叶";
  bought.product_kind = "tea";
  bought.quantity = 100;
  bought.unit = "盒";
  bought.unit_price_fen = 8000;
  bought.total_fen = 800000;
  bought.purchased_on = local_day_start(local_day(now_));
  auto purchase = in_tx([&](store::Tx& tx) { return purchase::create(tx, tree_.admin_a, bought); });
  ASSERT_TRUE(purchase.ok()) << purchase.error().message;
  FulfilmentInput link{FulfilmentKind::kPurchase, purchase->id, 0, "", "", now_};
  auto linked =
      in_tx([&](store::Tx& tx) { return add_fulfilment(tx, tree_.admin_a, need->id, link, now_); });
  ASSERT_TRUE(linked.ok()) << linked.error().message;
  EXPECT_EQ(linked->funded_fen, 800000);
  EXPECT_EQ(linked->fulfilments[0].purchase_title, "高山茶叶 · 青山村合作社");
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return add_fulfilment(tx, tree_.admin_a, need->id, link, now_); })
          .error()
          .code,
      "purchase_linked");
  FulfilmentInput fund{FulfilmentKind::kFund, 0, 0, "", "", now_};
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return add_fulfilment(tx, tree_.admin_a, need->id, fund, now_); })
          .error()
          .code,
      "invalid_amount");
  fund.amount_fen = 5'000'000;
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return add_fulfilment(tx, tree_.admin_a, need->id, fund, now_);
              }).ok());
  FulfilmentInput gift{FulfilmentKind::kInKind, 0, 600000, "", "市图书馆", now_};
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return add_fulfilment(tx, tree_.admin_a, need->id, gift, now_); })
          .error()
          .field,
      "description");
  // A purchase of another district is out of scope.
  bought.org_id = tree_.district_b.id;
  auto foreign = in_tx([&](store::Tx& tx) { return purchase::create(tx, tree_.admin_b, bought); });
  ASSERT_TRUE(foreign.ok());
  link.purchase_id = foreign->id;
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return add_fulfilment(tx, tree_.admin_a, need->id, link, now_); })
          .error()
          .kind,
      ErrorKind::kForbidden);
  auto card = in_tx([&](store::Tx& tx) { return get_pairing(tx, nullptr, pairing_, false); });
  EXPECT_EQ(card->spent_fen, 5'800'000);
}

TEST_P(HelplistTest, VolunteersSignUpWithinSlotsAndGetHours) {
  auto need = claimed_lamps();
  ASSERT_TRUE(need.ok());
  TaskInput task{"协助安装路灯", "青山村村委会", now_ + 2 * kDay, 2};
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return add_task(tx, tree_.admin_a, need->id, {"过去", "", now_ - 1, 2}, now_);
            })
                .error()
                .code,
            "in_past");
  auto made =
      in_tx([&](store::Tx& tx) { return add_task(tx, tree_.admin_a, need->id, task, now_); });
  ASSERT_TRUE(made.ok());
  const Principal a1 = member_in(tree_.base_a1.id, 1);
  const Principal a2 = member_in(tree_.base_a2.id, 2);
  const Principal a3 = member_in(tree_.base_a1.id, 3);
  const Principal b1 = member_in(tree_.base_b1.id, 4);
  // A member of 城南区 does not see the task (the pairing is 江北区's).
  EXPECT_TRUE(in_tx([&](store::Tx& tx) { return tasks_for_member(tx, b1, now_); })->empty());
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return sign_up(tx, b1, made->id, now_); }).error().kind,
            ErrorKind::kNotFound);
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return tasks_for_member(tx, a1, now_); })->size(), 1u);
  EXPECT_TRUE(in_tx([&](store::Tx& tx) { return sign_up(tx, a1, made->id, now_); })->signed_up);
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return sign_up(tx, a1, made->id, now_); }).error().code,
            "already_signed_up");
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return sign_up(tx, a2, made->id, now_); }).ok());
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return sign_up(tx, a3, made->id, now_); }).error().code,
            "task_full");
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return withdraw(tx, a2, made->id, now_); }).ok());
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return sign_up(tx, a3, made->id, now_); })->taken, 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE kind = 'volunteer'"), 3);
  const int64_t member1 = a1.roles[0].member_id;
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return record_minutes(tx, tree_.admin_a, made->id, member1, 180, now_);
            })
                .error()
                .code,
            "task_not_started");
  const int64_t later = now_ + 3 * kDay;
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return withdraw(tx, a1, made->id, later); }).error().code,
            "task_started");
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return record_minutes(tx, tree_.admin_b, made->id, member1, 180, later);
            })
                .error()
                .kind,
            ErrorKind::kForbidden);
  auto recorded = in_tx([&](store::Tx& tx) {
    return record_minutes(tx, tree_.admin_a, made->id, member1, 180, later);
  });
  ASSERT_TRUE(recorded.ok());
  EXPECT_EQ(recorded->minutes, 180);
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return record_minutes(tx, tree_.admin_a, made->id, a2.roles[0].member_id, 60, later);
            })
                .error()
                .kind,
            ErrorKind::kNotFound);
  auto f = in_tx([&](store::Tx& tx) { return figures(tx, tree_.admin_a, std::nullopt); });
  EXPECT_EQ(f->volunteer_minutes, 180);
  EXPECT_EQ(f->volunteers, 1);
}

TEST_P(HelplistTest, OutcomesAndFiguresAddUp) {
  auto lamps_need = claimed_lamps();
  ASSERT_TRUE(lamps_need.ok());
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return add_progress(tx, tree_.admin_a, lamps_need->id, {"安装", {}, 20}, now_);
              }).ok());
  NeedInput road;
  road.category = Category::kRoads;
  road.title = "硬化村道";
  road.target_quantity = 1000;
  road.unit = "米";
  ASSERT_TRUE(
      in_tx([&](store::Tx& tx) { return add_need(tx, tree_.admin_a, pairing_, road, now_); }).ok());
  OutcomeInput solar;
  solar.title = "安装光伏板600块";
  solar.kind = OutcomeKind::kIncome;
  solar.income_fen_per_year = 28'670'000;
  solar.quantity = 600;
  solar.unit = "块";
  solar.evidence = "村集体光伏电站年度结算单";
  solar.recorded_on = local_day_start(local_day(now_));
  solar.by = "第一书记覃志强";
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return add_outcome(tx, tree_.admin_a, pairing_, solar, now_);
              }).ok());
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return add_visit(tx, tree_.admin_a, pairing_,
                                 {now_ - kDay, "江北区总工会走访组", 12, "村民反映路灯不足"}, now_);
              }).ok());
  auto f = in_tx([&](store::Tx& tx) { return figures(tx, tree_.admin_a, std::nullopt); });
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->pairings, 1);
  EXPECT_EQ(f->needs, 2);
  EXPECT_EQ(f->visits, 1);
  EXPECT_EQ(f->income_fen_per_year, 28'670'000);
  ASSERT_EQ(f->by_category.size(), 2u);
  EXPECT_EQ(f->by_category[0].category, Category::kStreetLights);
  EXPECT_EQ(f->by_category[0].delivered_quantity, 20);
  EXPECT_EQ(f->by_category[0].unit, "盏");
  EXPECT_EQ(f->by_category[1].target_quantity, 1000);
  auto b = in_tx([&](store::Tx& tx) { return figures(tx, tree_.admin_b, std::nullopt); });
  EXPECT_EQ(b->pairings, 0);
  auto pub = in_tx([&](store::Tx& tx) { return list_pairings(tx, nullptr); });
  ASSERT_EQ(pub->size(), 1u);
  EXPECT_EQ((*pub)[0].needs.in_progress, 1);
  EXPECT_EQ((*pub)[0].needs.open, 1);
  EXPECT_EQ((*pub)[0].income_fen_per_year, 28'670'000);
  auto seen = in_tx([&](store::Tx& tx) { return get_pairing(tx, nullptr, pairing_, false); });
  EXPECT_TRUE(seen->visits_list[0].notes.empty());  // what villagers said stays with the admins
}

INSTANTIATE_TEST_SUITE_P(Engines, HelplistTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::helplist
