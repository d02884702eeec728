// 求学圆梦 review chain: base → district → city, returns, refusals, bulk approval, payouts and
// the quota under concurrency.
#include <atomic>
#include <thread>

#include "domain/ledger/ledger.hpp"
#include "domain/report/report.hpp"
#include "domain/subsidy/subsidy_test_support.hpp"

namespace gonghui::subsidy::testing {
namespace {

class ReviewTest : public SubsidyTest {};

TEST_P(ReviewTest, ChainRunsBaseDistrictCityAndTellsTheMemberAtEachStep) {
  const Round round = open_round();
  const Principal member = member_in(tree_.base_a1.id, 1);
  auto a = apply_now(round, member);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->status, State::kSubmitted);
  EXPECT_EQ(a->district_id, tree_.district_a.id);
  EXPECT_EQ(a->amount_fen, 100000);

  // The district and the city may not act at the base union's step; another district's admin
  // and another base union's admin may not act at all.
  EXPECT_EQ(approve_as(tree_.admin_a, a->id).error().code, "wrong_level");
  EXPECT_EQ(approve_as(tree_.platform, a->id).error().code, "wrong_level");
  EXPECT_EQ(approve_as(tree_.admin_b, a->id).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(approve_as(base_b1_, a->id).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(approve_as(base_a2_, a->id).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(approve_as(member, a->id).error().kind, ErrorKind::kForbidden);

  auto base = approve_as(base_a1_, a->id);
  ASSERT_TRUE(base.ok()) << base.error().message;
  EXPECT_EQ(base->status, State::kBaseApproved);
  EXPECT_EQ(approve_as(base_a1_, a->id).error().code, "wrong_level");
  EXPECT_EQ(approve_as(tree_.platform, a->id).error().code, "wrong_level");
  auto district = approve_as(tree_.admin_a, a->id);
  ASSERT_TRUE(district.ok()) << district.error().message;
  EXPECT_EQ(district->status, State::kDistrictApproved);
  EXPECT_EQ(count("SELECT SUM(used) FROM subsidy_quotas WHERE round_id = ?", {round.id}), 1);
  auto city = approve_as(tree_.platform, a->id);
  ASSERT_TRUE(city.ok()) << city.error().message;
  EXPECT_EQ(city->status, State::kApproved);
  EXPECT_TRUE(city->can_review);  // the city pays it next
  // Approved is the city's step to pay, not to approve again.
  EXPECT_EQ(approve_as(tree_.platform, a->id).error().code, "wrong_state");

  auto mine = in_tx([&](store::Tx& tx) { return my_application(tx, member, a->id); });
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->timeline.size(), 4u);
  EXPECT_EQ(mine->timeline[0].action, "submitted");
  EXPECT_EQ(mine->timeline[1].tier, Tier::kBase);
  EXPECT_EQ(mine->timeline[1].org_name, tree_.base_a1.name);
  EXPECT_EQ(mine->timeline[2].tier, Tier::kDistrict);
  EXPECT_EQ(mine->timeline[3].tier, Tier::kCity);
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE member_id = ? AND kind = 'subsidy_status'",
                  {member_id(member)}),
            4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'subsidy.approve'"), 3);
  // Another member never sees it.
  const Principal other = member_in(tree_.base_a1.id, 2);
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return my_application(tx, other, a->id); }).error().kind,
            ErrorKind::kNotFound);
}

TEST_P(ReviewTest, AReturnedApplicationIsEditedResubmittedAndStartsAgainAtTheBase) {
  const Round round = open_round(1, 1);
  const Principal member = member_in(tree_.base_a1.id, 1);
  auto a = apply_now(round, member);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(return_as(base_a1_, a->id, "  ").error().code, "required");
  EXPECT_EQ(return_as(base_a1_, a->id, std::string(201, 'x')).error().code, "too_long");
  ASSERT_TRUE(approve_as(base_a1_, a->id).ok());
  ASSERT_TRUE(approve_as(tree_.admin_a, a->id).ok());
  EXPECT_EQ(count("SELECT SUM(used) FROM subsidy_quotas WHERE round_id = ?", {round.id}), 1);
  // The city returns it: the district gets its place back.
  auto returned = return_as(tree_.platform, a->id, "录取通知书不清晰");
  ASSERT_TRUE(returned.ok()) << returned.error().message;
  EXPECT_EQ(returned->status, State::kReturned);
  EXPECT_EQ(returned->returned_by, "city");
  EXPECT_EQ(returned->return_reason, "录取通知书不清晰");
  EXPECT_EQ(count("SELECT SUM(used) FROM subsidy_quotas WHERE round_id = ?", {round.id}), 0);
  EXPECT_EQ(approve_as(base_a1_, a->id).error().code, "wrong_state");
  EXPECT_EQ(return_as(tree_.platform, a->id, "再退").error().code, "wrong_state");

  Resubmission changes;
  changes.school = "示范理工大学";
  changes.bank = BankDetails{"中国建设银行", "6217 0000 1111 2222 333", "会员1"};
  const Principal other = member_in(tree_.base_a1.id, 2);
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return resubmit(tx, other, a->id, changes, Timestamp::now().ms); })
          .error()
          .kind,
      ErrorKind::kNotFound);
  auto again = in_tx(
      [&](store::Tx& tx) { return resubmit(tx, member, a->id, changes, Timestamp::now().ms); });
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->status, State::kSubmitted);
  EXPECT_EQ(again->school, "示范理工大学");
  EXPECT_EQ(again->return_reason, "");
  auto masked = in_tx([&](store::Tx& tx) { return masked_bank(tx, *again); });
  EXPECT_EQ(masked->account, "**** 2333");
  EXPECT_EQ(masked->bank_name, "中国建设银行");
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return resubmit(tx, member, a->id, changes, Timestamp::now().ms);
            })
                .error()
                .code,
            "wrong_state");
  ASSERT_TRUE(approve_as(base_a1_, a->id).ok());
  ASSERT_TRUE(approve_as(tree_.admin_a, a->id).ok());
  auto mine = in_tx([&](store::Tx& tx) { return my_application(tx, member, a->id); });
  ASSERT_EQ(mine->timeline.size(), 7u);
  EXPECT_EQ(mine->timeline[4].action, "resubmitted");
}

TEST_P(ReviewTest, TheMemberWithdrawsOnlyBeforeTheChainMovesOn) {
  const Round round = open_round();
  const Principal member = member_in(tree_.base_a1.id, 1);
  auto a = apply_now(round, member);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(approve_as(base_a1_, a->id).ok());
  auto late =
      in_tx([&](store::Tx& tx) { return withdraw(tx, member, a->id, Timestamp::now().ms); });
  EXPECT_EQ(late.error().code, "wrong_state");
  auto b = apply_now(round, member, Degree::kPostgraduate);
  ASSERT_TRUE(b.ok());
  auto gone =
      in_tx([&](store::Tx& tx) { return withdraw(tx, member, b->id, Timestamp::now().ms); });
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->status, State::kWithdrawn);
  EXPECT_TRUE(apply_now(round, member, Degree::kPostgraduate).ok());  // the level is free again
}

TEST_P(ReviewTest, PayoutIsRecordedOnceByTheCity) {
  const Round round = open_round();
  const Principal member = member_in(tree_.base_a1.id, 1);
  auto a = apply_now(round, member);
  ASSERT_TRUE(a.ok());
  auto pay = [&](const Principal& who, PayoutInput input) {
    return in_tx(
        [&](store::Tx& tx) { return record_payout(tx, who, a->id, input, Timestamp::now().ms); });
  };
  const int64_t today = local_day_start(local_day(Timestamp::now().ms));
  PayoutInput input{today, 100000, "TRX20260901-0001"};
  EXPECT_EQ(pay(tree_.platform, input).error().code, "wrong_state");
  ASSERT_TRUE(approve_as(base_a1_, a->id).ok());
  ASSERT_TRUE(approve_as(tree_.admin_a, a->id).ok());
  ASSERT_TRUE(approve_as(tree_.platform, a->id).ok());
  EXPECT_EQ(pay(tree_.admin_a, input).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(pay(tree_.platform, {today, 100001, "TRX"}).error().code, "invalid_amount");
  EXPECT_EQ(pay(tree_.platform, {today, 0, "TRX"}).error().code, "invalid_amount");
  EXPECT_EQ(pay(tree_.platform, {today + 2 * kDay, 100000, "TRX"}).error().code, "in_future");
  EXPECT_EQ(pay(tree_.platform, {today, 100000, " "}).error().code, "required");
  auto paid = pay(tree_.platform, input);
  ASSERT_TRUE(paid.ok()) << paid.error().message;
  EXPECT_EQ(paid->status, State::kPaid);
  EXPECT_EQ(paid->paid_fen, 100000);
  EXPECT_EQ(paid->transfer_ref, "TRX20260901-0001");
  EXPECT_EQ(pay(tree_.platform, input).error().code, "already_paid");
  EXPECT_EQ(count("SELECT COUNT(*) FROM subsidy_payouts WHERE application_id = ?", {a->id}), 1);
  EXPECT_EQ(round_now(round.id)->paid_fen, 100000);
  // The impact report counts the person and the amount, with the payment as its drill-down.
  const int64_t from = today - 10 * kDay, to = today + kDay;
  auto report =
      in_tx([&](store::Tx& tx) { return report::impact(tx, tree_.platform, {}, from, to); });
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->subsidy_people, 1);
  EXPECT_EQ(report->subsidy_paid_fen, 100000);
  auto south =
      in_tx([&](store::Tx& tx) { return report::impact(tx, tree_.admin_b, {}, from, to); });
  EXPECT_EQ(south->subsidy_people, 0);
  report::RecordQuery query;
  query.figure = "subsidy_paid_fen";
  query.from = from;
  query.to = to;
  auto records = in_tx([&](store::Tx& tx) { return report::records(tx, tree_.admin_a, query); });
  ASSERT_TRUE(records.ok()) << records.error().message;
  EXPECT_EQ(records->type, "subsidy_payout");
  ASSERT_EQ(records->items.size(), 1u);
  EXPECT_EQ(records->items[0].as_object().at("amount_fen").as_int64(), 100000);
  // Paid once per level, ever: the next round cannot pay this level again.
  const Round next = open_round();
  EXPECT_EQ(apply_now(next, member).error().code, "already_funded");
}

TEST_P(ReviewTest, BulkApprovalIsRefusedUntilTheCityApprovesTheRound) {
  const Round round = open_round(2, 2);
  std::vector<int64_t> ids;
  for (int i = 1; i <= 3; ++i) {
    auto a = apply_now(round, member_in(tree_.base_a1.id, i));
    ASSERT_TRUE(a.ok());
    ids.push_back(a->id);
  }
  auto b = apply_now(round, member_in(tree_.base_b1.id, 9));
  ASSERT_TRUE(b.ok());
  auto bulk = [&](const Principal& who, std::vector<int64_t> list) {
    return in_tx([&](store::Tx& tx) {
      return bulk_approve(tx, who, round.id, list, "批量通过", Timestamp::now().ms);
    });
  };
  EXPECT_EQ(bulk(base_a1_, ids).error().code, "round_not_approved");
  EXPECT_EQ(count("SELECT COUNT(*) FROM subsidy_applications WHERE status = 'submitted'"), 4);
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return approve_round(tx, tree_.admin_a, round.id); }).error().kind,
      ErrorKind::kForbidden);
  ASSERT_TRUE(
      in_tx([&](store::Tx& tx) { return approve_round(tx, tree_.platform, round.id); }).ok());
  EXPECT_EQ(bulk(base_a1_, {}).error().code, "required");
  std::vector<int64_t> mixed = ids;
  mixed.push_back(b->id);  // another district's
  auto results = bulk(base_a1_, mixed);
  ASSERT_TRUE(results.ok()) << results.error().message;
  ASSERT_EQ(results->size(), 4u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ((*results)[i].status, State::kBaseApproved);
  EXPECT_EQ((*results)[3].error->kind, ErrorKind::kForbidden);
  // The district's quota of 2 stops the third, and only the third.
  auto district = bulk(tree_.admin_a, ids);
  ASSERT_TRUE(district.ok());
  EXPECT_EQ((*district)[0].status, State::kDistrictApproved);
  EXPECT_EQ((*district)[1].status, State::kDistrictApproved);
  EXPECT_EQ((*district)[2].error->code, "quota_full");
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM subsidy_applications WHERE id = ? AND status = 'base_approved'",
            {ids[2]}),
      1);
}

TEST_P(ReviewTest, NoDistrictApprovesPastItsQuotaUnderConcurrency) {
  constexpr int kApplicants = 24;
  constexpr int64_t kQuota = 7;
  const Round round = open_round(kQuota, 1);
  std::vector<int64_t> ids;
  for (int i = 1; i <= kApplicants; ++i) {
    auto a = apply_now(round, member_in(i % 2 ? tree_.base_a1.id : tree_.base_a2.id, i));
    ASSERT_TRUE(a.ok()) << a.error().message;
    ASSERT_TRUE(approve_as(i % 2 ? base_a1_ : base_a2_, a->id).ok());
    ids.push_back(a->id);
  }
  std::atomic<int> approved{0}, full{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = t; i < ids.size(); i += 8) {
        auto r = approve_as(tree_.admin_a, ids[i]);
        if (r.ok()) {
          ++approved;
        } else if (r.error().code == "quota_full") {
          ++full;
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(approved.load(), kQuota);
  EXPECT_EQ(full.load(), kApplicants - kQuota);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(count("SELECT used FROM subsidy_quotas WHERE round_id = ? AND org_id = ?",
                  {round.id, tree_.district_a.id}),
            kQuota);
  EXPECT_EQ(count("SELECT COUNT(*) FROM subsidy_applications WHERE status = 'district_approved'"),
            kQuota);
  auto check = check_quotas(db());
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->checked, 2);
  EXPECT_EQ(check->violation_count, 0) << check->violations.front();
  // A count moved by hand is found.
  ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status {
                    GH_TRY(tx.exec("UPDATE subsidy_quotas SET used = used - 1 WHERE org_id = ?",
                                   {tree_.district_a.id}));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(check_quotas(db())->violation_count, 1);
}

TEST_P(ReviewTest, TwoReviewersAtOnceMoveAnApplicationOnce) {
  const Round round = open_round();
  auto a = apply_now(round, member_in(tree_.base_a1.id, 1));
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(approve_as(base_a1_, a->id).ok());
  std::atomic<int> approved{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      auto r = approve_as(tree_.admin_a, a->id);
      r.ok() ? ++approved : ++refused;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(approved.load(), 1);
  EXPECT_EQ(refused.load(), 5);
  EXPECT_EQ(count("SELECT SUM(used) FROM subsidy_quotas WHERE round_id = ?", {round.id}), 1);
}

TEST_P(ReviewTest, AdminsListTheirSubtreeAndWhatAwaitsThem) {
  const Round round = open_round();
  auto a1 = apply_now(round, member_in(tree_.base_a1.id, 1));
  auto a2 = apply_now(round, member_in(tree_.base_a2.id, 2));
  auto b1 = apply_now(round, member_in(tree_.base_b1.id, 3));
  ASSERT_TRUE(a1.ok() && a2.ok() && b1.ok());
  ASSERT_TRUE(approve_as(base_a2_, a2->id).ok());
  auto list = [&](const Principal& who, ApplicationFilter filter) {
    return in_tx([&](store::Tx& tx) { return list_applications(tx, who, filter); });
  };
  EXPECT_EQ(list(tree_.platform, {})->items.size(), 3u);
  EXPECT_EQ(list(tree_.admin_a, {})->items.size(), 2u);
  EXPECT_EQ(list(base_a1_, {})->items.size(), 1u);
  ApplicationFilter awaiting;
  awaiting.awaiting_me = true;
  auto mine = list(tree_.admin_a, awaiting);
  ASSERT_EQ(mine->items.size(), 1u);
  EXPECT_EQ(mine->items[0].id, a2->id);
  EXPECT_TRUE(mine->items[0].can_review);
  EXPECT_TRUE(list(base_a2_, awaiting)->items.empty());
  EXPECT_EQ(list(base_a1_, awaiting)->items.size(), 1u);
  ApplicationFilter outside;
  outside.org_id = tree_.district_b.id;
  EXPECT_EQ(list(tree_.admin_a, outside).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return get_application(tx, tree_.admin_a, b1->id); }).error().kind,
      ErrorKind::kForbidden);
  auto document =
      in_tx([&](store::Tx& tx) { return application_document(tx, tree_.admin_a, a1->id); });
  ASSERT_TRUE(document.ok());
  EXPECT_EQ(document->first, "application/pdf");
  EXPECT_TRUE(document->second.starts_with("%PDF-"));
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return application_document(tx, tree_.admin_b, a1->id); })
                .error()
                .kind,
            ErrorKind::kForbidden);
}

INSTANTIATE_TEST_SUITE_P(Engines, ReviewTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::subsidy::testing
