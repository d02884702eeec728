#include "domain/ledger/ledger.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>
#include <vector>

#include "domain/ledger/ledger_fixture.hpp"

namespace gonghui::ledger {
namespace {

Spend spend_of(int64_t member_id, int64_t amount, std::string key = {}) {
  Spend s;
  s.member_id = member_id;
  s.amount = amount;
  s.reference = "lottery_entry:1";
  s.memo = "抽奖";
  s.key = std::move(key);
  return s;
}

TEST_P(LedgerTest, GrantSpendAndRefundMoveBalancesBothWays) {
  const int64_t m = add_member(tree_.base_a1.id);
  EXPECT_EQ(balance_of(m), 0);
  grant_to(m, 120);
  EXPECT_EQ(balance_of(m), 120);
  auto spent = in_tx([&](store::Tx& tx) { return spend(tx, spend_of(m, 30)); });
  ASSERT_TRUE(spent.ok()) << spent.error().message;
  EXPECT_EQ(spent->signed_amount(), -30);
  EXPECT_EQ(spent->org_id, tree_.base_a1.id);
  EXPECT_EQ(balance_of(m), 90);
  auto refunded = in_tx([&](store::Tx& tx) { return refund(tx, spent->id, "活动取消"); });
  ASSERT_TRUE(refunded.ok()) << refunded.error().message;
  EXPECT_EQ(refunded->kind, "refund");
  EXPECT_EQ(refunded->reverses_id, spent->id);
  EXPECT_EQ(balance_of(m), 120);
  auto again = in_tx([&](store::Tx& tx) { return refund(tx, spent->id, ""); });
  EXPECT_EQ(again.error().code, "already_reversed");
  EXPECT_EQ(balance_of(m), 120);

  auto page = in_tx([&](store::Tx& tx) { return member_transfers(tx, m, 0, 2); });
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].kind, "refund");
  EXPECT_EQ(page->items[0].signed_amount(), 30);
  EXPECT_EQ(page->items[1].kind, "spend");
  EXPECT_EQ(page->items[1].reversed_by, refunded->id);
  auto rest = in_tx([&](store::Tx& tx) { return member_transfers(tx, m, page->next_cursor, 2); });
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->items[0].kind, "grant");
  EXPECT_EQ(rest->items[0].memo, "测试发放");
  EXPECT_EQ(rest->next_cursor, 0);
  expect_check_passes();
}

TEST_P(LedgerTest, SpendRefusesMoreThanTheBalanceAndBadAmounts) {
  const int64_t m = add_member(tree_.base_a1.id);
  auto none = in_tx([&](store::Tx& tx) { return spend(tx, spend_of(m, 1)); });
  EXPECT_EQ(none.error().code, "insufficient_points");
  EXPECT_EQ(none.error().field, "amount");
  grant_to(m, 10);
  auto too_much = in_tx([&](store::Tx& tx) { return spend(tx, spend_of(m, 11)); });
  EXPECT_EQ(too_much.error().code, "insufficient_points");
  EXPECT_EQ(too_much.error().kind, ErrorKind::kConflict);
  for (int64_t bad : {int64_t{0}, int64_t{-5}, kMaxAmount + 1}) {
    auto result = in_tx([&](store::Tx& tx) { return spend(tx, spend_of(m, bad)); });
    EXPECT_EQ(result.error().field, "amount") << bad;
    EXPECT_EQ(result.error().kind, ErrorKind::kInvalidArgument) << bad;
  }
  auto unknown = in_tx([&](store::Tx& tx) { return spend(tx, spend_of(424242, 1)); });
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(balance_of(m), 10);
  expect_check_passes();
}

TEST_P(LedgerTest, SpendWithTheSameKeyReplaysAndADifferentSpendConflicts) {
  const int64_t m = add_member(tree_.base_a1.id);
  grant_to(m, 100);
  auto first = in_tx([&](store::Tx& tx) { return spend(tx, spend_of(m, 40, "entry-9")); });
  ASSERT_TRUE(first.ok());
  auto replay = in_tx([&](store::Tx& tx) { return spend(tx, spend_of(m, 40, "entry-9")); });
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->id, first->id);
  EXPECT_EQ(balance_of(m), 60);
  auto conflict = in_tx([&](store::Tx& tx) { return spend(tx, spend_of(m, 41, "entry-9")); });
  EXPECT_EQ(conflict.error().code, "idempotency_conflict");
  EXPECT_EQ(balance_of(m), 60);
  expect_check_passes();
}

// 32 threads each try 100 spends of 10 from a member holding 500: exactly 50 succeed.
TEST_P(LedgerTest, ConcurrentSpendsNeverOverdraw) {
  const int64_t m = add_member(tree_.base_a1.id);
  grant_to(m, 500);
  std::atomic<int> succeeded{0}, refused{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 32; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        Status status = db().write([&](store::Tx& tx) -> Status {
          GH_TRY(spend(tx, spend_of(m, 10)));
          return Status::Ok();
        });
        if (status.ok()) {
          ++succeeded;
        } else if (status.error().code == "insufficient_points") {
          ++refused;
        } else {
          ++failed;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(succeeded.load(), 50);
  EXPECT_EQ(refused.load(), 3150);
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(balance_of(m), 0);
  expect_check_passes();
}

// A batch of spends refuses what spend() refuses, each against what the spends before it
// left, writes one transfer per spend, and refuses if the balance no longer covers them.
TEST_P(LedgerTest, SpendBatchChecksEachSpendAgainstTheOnesBefore) {
  const int64_t m = add_member(tree_.base_a1.id), other = add_member(tree_.base_a1.id);
  grant_to(m, 50);
  auto batch = in_tx([&](store::Tx& tx) -> Result<std::vector<Transfer>> {
    SpendBatch spends(tree_.district_a.id, "萄你欢心");
    EXPECT_TRUE(spends.reserve(tx, m, 30, "campaign_entry:1").ok());
    Status twice = spends.reserve(tx, m, 30, "campaign_entry:2");  // 20 left
    EXPECT_EQ(twice.ok() ? "" : twice.error().code, "insufficient_points");
    EXPECT_TRUE(spends.reserve(tx, m, 20, "campaign_entry:3").ok());
    Status none = spends.reserve(tx, other, 1, "campaign_entry:4");  // no points yet
    EXPECT_EQ(none.ok() ? "" : none.error().code, "insufficient_points");
    Status zero = spends.reserve(tx, m, 0, "campaign_entry:5");
    EXPECT_EQ(zero.ok() ? "" : zero.error().code, "out_of_range");
    Status nobody = spends.reserve(tx, 424242, 1, "campaign_entry:6");
    EXPECT_EQ(nobody.ok() ? "" : nobody.error().code, "not_found");
    return spends.write(tx);
  });
  ASSERT_TRUE(batch.ok()) << batch.error().message;
  ASSERT_EQ(batch->size(), 2u);
  EXPECT_EQ((*batch)[0].reference, "campaign_entry:1");
  EXPECT_EQ((*batch)[1].amount, 20);
  EXPECT_NE((*batch)[0].id, (*batch)[1].id);
  EXPECT_EQ(balance_of(m), 0);
  expect_check_passes();

  // Another spend between reserve() and write(): the batch still writes while the balance
  // covers it, and refuses (undoing everything) once it does not.
  grant_to(m, 10);
  auto batch_after = [&](int64_t meanwhile_amount) {
    return in_tx([&](store::Tx& tx) -> Result<std::vector<Transfer>> {
      SpendBatch spends(tree_.district_a.id, "萄你欢心");
      GH_TRY(spends.reserve(tx, m, 5, "campaign_entry:7"));
      Spend meanwhile;
      meanwhile.member_id = m;
      meanwhile.amount = meanwhile_amount;
      meanwhile.reference = "test";
      GH_TRY(spend(tx, meanwhile));
      return spends.write(tx);
    });
  };
  ASSERT_TRUE(batch_after(1).ok());
  EXPECT_EQ(balance_of(m), 4);
  grant_to(m, 3);  // 7: enough for the reserve, not once 3 more are spent meanwhile
  auto moved = batch_after(3);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, "insufficient_points");
  EXPECT_EQ(balance_of(m), 7);  // the whole transaction was undone
  expect_check_passes();
}

TEST_P(LedgerTest, CheckinOncePerShanghaiDay) {
  const int64_t m = add_member(tree_.base_a1.id);
  // 2026-05-01 08:00 and 23:59:59 in Shanghai are one day; 2026-05-02 00:00 is the next.
  const Timestamp morning = *parse_rfc3339("2026-05-01T00:00:00Z");
  const Timestamp late = *parse_rfc3339("2026-05-01T15:59:59Z");
  const Timestamp next_day = *parse_rfc3339("2026-05-01T16:00:00Z");
  auto first = in_tx([&](store::Tx& tx) { return checkin(tx, m, morning); });
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->points, kDefaultCheckinPoints);
  EXPECT_EQ(first->balance, kDefaultCheckinPoints);
  EXPECT_EQ(first->day, "2026-05-01");
  EXPECT_EQ(first->transfer.kind, "checkin");
  EXPECT_EQ(first->transfer.org_id, tree_.root.id);  // nobody set points: the root pays
  auto twice = in_tx([&](store::Tx& tx) { return checkin(tx, m, late); });
  EXPECT_EQ(twice.error().code, "already_checked_in");
  EXPECT_EQ(twice.error().kind, ErrorKind::kConflict);
  auto status = in_tx([&](store::Tx& tx) { return member_points(tx, m, late); });
  EXPECT_TRUE(status->checked_in_today);
  auto tomorrow = in_tx([&](store::Tx& tx) { return checkin(tx, m, next_day); });
  ASSERT_TRUE(tomorrow.ok());
  EXPECT_EQ(tomorrow->day, "2026-05-02");
  EXPECT_EQ(balance_of(m), 2 * kDefaultCheckinPoints);
  expect_check_passes();
}

TEST_P(LedgerTest, ConcurrentCheckinsTheSameDayGiveOnce) {
  const int64_t m = add_member(tree_.base_a1.id);
  const Timestamp now = *parse_rfc3339("2026-05-01T03:00:00Z");
  std::atomic<int> ok{0}, already{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      auto result = in_tx([&](store::Tx& tx) { return checkin(tx, m, now); });
      if (result.ok()) {
        ++ok;
      } else if (result.error().code == "already_checked_in") {
        ++already;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(already.load(), 7);
  EXPECT_EQ(balance_of(m), kDefaultCheckinPoints);
}

TEST_P(LedgerTest, CheckinPointsComeFromTheNearestUnionThatSetThem) {
  const int64_t in_a1 = add_member(tree_.base_a1.id);
  const int64_t in_a2 = add_member(tree_.base_a2.id);
  const int64_t in_b1 = add_member(tree_.base_b1.id);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return set_checkin_points(tx, tree_.admin_a, tree_.district_a.id, 8);
              }).ok());
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return set_checkin_points(tx, tree_.admin_a, tree_.base_a2.id, 0);
              }).ok());
  auto other = in_tx(
      [&](store::Tx& tx) { return set_checkin_points(tx, tree_.admin_b, tree_.district_a.id, 1); });
  EXPECT_EQ(other.error().kind, ErrorKind::kForbidden);
  const Timestamp now = *parse_rfc3339("2026-05-01T03:00:00Z");
  auto a1 = in_tx([&](store::Tx& tx) { return checkin(tx, in_a1, now); });
  ASSERT_TRUE(a1.ok());
  EXPECT_EQ(a1->points, 8);
  EXPECT_EQ(a1->transfer.org_id, tree_.district_a.id);
  auto a2 = in_tx([&](store::Tx& tx) { return checkin(tx, in_a2, now); });
  EXPECT_EQ(a2.error().code, "checkin_disabled");
  auto b1 = in_tx([&](store::Tx& tx) { return checkin(tx, in_b1, now); });
  EXPECT_EQ(b1->points, kDefaultCheckinPoints);
  auto summary_a =
      in_tx([&](store::Tx& tx) { return summary(tx, tree_.admin_a, tree_.district_a.id); });
  EXPECT_EQ(summary_a->issued, 8);
  EXPECT_EQ(summary_a->held, 8);
  EXPECT_EQ(summary_a->checkin_points, 8);
  expect_check_passes();
}

TEST_P(LedgerTest, ReverseUndoesOnceWithinScopeAndIsAudited) {
  const int64_t m = add_member(tree_.base_a1.id);
  GrantInput input;
  input.member_ids = {m};
  input.amount = 50;
  input.reason = "误发";
  auto started = in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.admin_a, input, "g1"); });
  ASSERT_TRUE(started.ok()) << started.error().message;
  ASSERT_TRUE(run_grant(db(), started->id).ok());
  auto history = in_tx([&](store::Tx& tx) { return member_transfers(tx, m, 0, 10); });
  const Transfer granted = history->items.at(0);
  EXPECT_EQ(granted.org_id, tree_.district_a.id);

  auto outsider = in_tx([&](store::Tx& tx) { return reverse(tx, tree_.admin_b, granted.id, ""); });
  EXPECT_EQ(outsider.error().kind, ErrorKind::kForbidden);
  auto reversal =
      in_tx([&](store::Tx& tx) { return reverse(tx, tree_.admin_a, granted.id, "发错了"); });
  ASSERT_TRUE(reversal.ok()) << reversal.error().message;
  EXPECT_EQ(reversal->signed_amount(), -50);
  EXPECT_EQ(balance_of(m), 0);
  auto twice = in_tx([&](store::Tx& tx) { return reverse(tx, tree_.platform, granted.id, ""); });
  EXPECT_EQ(twice.error().code, "already_reversed");
  auto of_reversal =
      in_tx([&](store::Tx& tx) { return reverse(tx, tree_.platform, reversal->id, ""); });
  EXPECT_EQ(of_reversal.error().code, "not_reversible");
  EXPECT_EQ(balance_of(m), 0);

  int64_t audited = 0;
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT COUNT(*) FROM audit_log WHERE action IN "
                                         "('points.reverse', 'points.grant')"));
    audited = rows[0].integer(0);
    return Status::Ok();
  }));
  EXPECT_EQ(audited, 2);
  auto totals = in_tx([&](store::Tx& tx) { return summary(tx, tree_.platform, tree_.root.id); });
  EXPECT_EQ(totals->issued, 0);
  EXPECT_EQ(totals->held, 0);
  expect_check_passes();
}

TEST_P(LedgerTest, ReversingSpentPointsIsRefused) {
  const int64_t m = add_member(tree_.base_a1.id);
  grant_to(m, 50);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return spend(tx, spend_of(m, 30)); }).ok());
  auto history = in_tx([&](store::Tx& tx) { return member_transfers(tx, m, 0, 10); });
  const Transfer granted = history->items.at(1);
  ASSERT_EQ(granted.kind, "grant");
  auto reversal = in_tx([&](store::Tx& tx) { return reverse(tx, tree_.platform, granted.id, ""); });
  EXPECT_EQ(reversal.error().code, "insufficient_points");
  EXPECT_EQ(balance_of(m), 20);
  expect_check_passes();
}

TEST_P(LedgerTest, TransfersCannotBeChangedOrDeleted) {
  const int64_t m = add_member(tree_.base_a1.id);
  grant_to(m, 5);
  Status changed = db().write([](store::Tx& tx) -> Status {
    GH_TRY(tx.exec("UPDATE ledger_transfers SET amount = 500"));
    return Status::Ok();
  });
  EXPECT_FALSE(changed.ok());
  Status deleted = db().write([](store::Tx& tx) -> Status {
    GH_TRY(tx.exec("DELETE FROM ledger_transfers"));
    return Status::Ok();
  });
  EXPECT_FALSE(deleted.ok());
  Status negative = db().write([&](store::Tx& tx) -> Status {
    GH_TRY(tx.exec("UPDATE ledger_accounts SET balance = -1 WHERE id = ?", {m}));
    return Status::Ok();
  });
  EXPECT_EQ(negative.error().code, store::kCheckViolation);
  EXPECT_EQ(balance_of(m), 5);
  expect_check_passes();
}

TEST_P(LedgerTest, CheckReportsATamperedBalance) {
  const int64_t m = add_member(tree_.base_a1.id);
  grant_to(m, 70);
  expect_check_passes();
  ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status {
    GH_TRY(tx.exec("UPDATE ledger_accounts SET balance = balance + 7 WHERE id = ?", {m}));
    return Status::Ok();
  }));
  auto items = check(db());
  ASSERT_TRUE(items.ok());
  std::map<std::string, CheckItem> by_name;
  for (const auto& item : *items) {
    by_name[item.name] = item;
  }
  EXPECT_EQ(by_name.at("balances sum to zero").violation_count, 1);
  const CheckItem& replay = by_name.at("each balance equals the replay of its transfers");
  ASSERT_EQ(replay.violation_count, 1);
  EXPECT_NE(replay.violations[0].find(std::to_string(m)), std::string::npos);
  EXPECT_NE(replay.violations[0].find("balance 77"), std::string::npos);
  EXPECT_NE(replay.violations[0].find("transfers 70"), std::string::npos);
  EXPECT_EQ(by_name.at("no member balance is negative").violation_count, 0);
  EXPECT_EQ(by_name.at("every idempotency key maps to one result").violation_count, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, LedgerTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::ledger
