#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "core/id.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/ledger/ledger_fixture.hpp"
#include "domain/member/member.hpp"

namespace gonghui::ledger {
namespace {

class GrantTest : public LedgerTest {
 protected:
  GrantInput to_org(int64_t org_id, int64_t amount) {
    GrantInput input;
    input.org_id = org_id;
    input.amount = amount;
    input.reason = "劳动节福利";
    return input;
  }
  int64_t count_grant_transfers(int64_t grant_id) {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows, tx.query("SELECT COUNT(*) FROM ledger_transfers WHERE "
                                           "reference = ?",
                                           {"grant:" + std::to_string(grant_id)}));
      n = rows[0].integer(0);
      return Status::Ok();
    }));
    return n;
  }
};

TEST_P(GrantTest, GrantToASubtreeReachesEveryActiveMemberInIt) {
  std::vector<int64_t> in_a;
  for (int i = 0; i < 5; ++i) {
    in_a.push_back(add_member(i % 2 ? tree_.base_a1.id : tree_.base_a2.id));
  }
  const int64_t frozen = add_member(tree_.base_a1.id);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                member::MemberPatch patch;
                patch.status = member::MemberStatus::kFrozen;
                return member::update(tx, tree_.platform, frozen, patch);
              }).ok());
  const int64_t in_b = add_member(tree_.base_b1.id);

  auto started = in_tx([&](store::Tx& tx) {
    return start_grant(tx, tree_.admin_a, to_org(tree_.district_a.id, 100), "labour-day");
  });
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_EQ(started->recipients, 5);
  EXPECT_EQ(started->org_id, tree_.district_a.id);
  EXPECT_FALSE(started->done);
  auto done = run_grant(db(), started->id, 0, 2);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_TRUE(done->done);
  EXPECT_EQ(done->granted, 5);
  EXPECT_EQ(done->skipped, 0);
  for (int64_t m : in_a) {
    EXPECT_EQ(balance_of(m), 100);
  }
  EXPECT_EQ(balance_of(frozen), 0);
  EXPECT_EQ(balance_of(in_b), 0);
  auto totals =
      in_tx([&](store::Tx& tx) { return summary(tx, tree_.admin_a, tree_.district_a.id); });
  EXPECT_EQ(totals->issued, 500);
  EXPECT_EQ(totals->held, 500);
  EXPECT_EQ(totals->member_accounts, 5);
  EXPECT_EQ(totals->budget_used, 500);
  expect_check_passes();
}

TEST_P(GrantTest, AdminsGrantOnlyInsideTheirSubtree) {
  const int64_t in_b = add_member(tree_.base_b1.id);
  auto to_b = in_tx([&](store::Tx& tx) {
    return start_grant(tx, tree_.admin_a, to_org(tree_.district_b.id, 10), "x1");
  });
  EXPECT_EQ(to_b.error().kind, ErrorKind::kForbidden);
  GrantInput list;
  list.member_ids = {in_b};
  list.amount = 10;
  list.reason = "越权";
  auto listed = in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.admin_a, list, "x2"); });
  EXPECT_EQ(listed.error().kind, ErrorKind::kForbidden);
  list.member_ids = {in_b, 777};
  auto unknown = in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.platform, list, "x3"); });
  EXPECT_EQ(unknown.error().field, "member_ids");
  // A platform admin granting as district A cannot reach district B's members.
  list.member_ids = {in_b};
  list.from_org_id = tree_.district_a.id;
  auto outside = in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.platform, list, "x4"); });
  EXPECT_EQ(outside.error().code, "outside_granting_union");
  // Granted by the federation, district A's admin cannot see it.
  Grant g = grant_to(in_b, 10);
  auto hidden = in_tx([&](store::Tx& tx) { return get_grant(tx, tree_.admin_a, g.id); });
  EXPECT_EQ(hidden.error().kind, ErrorKind::kNotFound);
  auto not_b = in_tx([&](store::Tx& tx) { return get_grant(tx, tree_.admin_b, g.id); });
  EXPECT_EQ(not_b.error().kind, ErrorKind::kNotFound);  // the root granted it, not B
  auto mine = in_tx([&](store::Tx& tx) { return get_grant(tx, tree_.platform, g.id); });
  EXPECT_TRUE(mine.ok());
  EXPECT_EQ(balance_of(in_b), 10);
  expect_check_passes();
}

TEST_P(GrantTest, BadInputNamesTheField) {
  const int64_t m = add_member(tree_.base_a1.id);
  GrantInput input;
  input.member_ids = {m};
  input.reason = "x";
  for (int64_t amount : {int64_t{0}, int64_t{-1}, kMaxAmount + 1}) {
    input.amount = amount;
    auto result = in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.platform, input, "k"); });
    EXPECT_EQ(result.error().field, "amount") << amount;
  }
  input.amount = 5;
  input.org_id = tree_.base_a1.id;
  auto both = in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.platform, input, "k"); });
  EXPECT_EQ(both.error().field, "org_id");
  input.org_id = 0;
  auto no_key = in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.platform, input, ""); });
  EXPECT_EQ(no_key.error().field, "Idempotency-Key");
  EXPECT_EQ(balance_of(m), 0);
}

TEST_P(GrantTest, SameKeyReplaysAndADifferentGrantConflicts) {
  const int64_t m = add_member(tree_.base_a1.id);
  GrantInput input;
  input.member_ids = {m};
  input.amount = 30;
  input.reason = "慰问";
  Grant first = grant(input, "same");
  auto replay =
      in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.platform, input, "same"); });
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->id, first.id);
  ASSERT_TRUE(run_grant(db(), replay->id).ok());
  EXPECT_EQ(balance_of(m), 30);
  input.amount = 31;
  auto conflict =
      in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.platform, input, "same"); });
  EXPECT_EQ(conflict.error().code, "idempotency_conflict");
  // Another administrator's identical key is theirs alone.
  input.amount = 30;
  auto other = in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.admin_a, input, "same"); });
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->replayed);
  expect_check_passes();
}

// A subtree grant stopped after two chunks (as if the server were killed) and then re-sent
// with the same key grants every member exactly once.
TEST_P(GrantTest, InterruptedGrantResumesWithoutGrantingTwice) {
  std::vector<int64_t> members;
  for (int i = 0; i < 23; ++i) {
    members.push_back(add_member(i % 3 ? tree_.base_a1.id : tree_.base_a2.id));
  }
  const GrantInput input = to_org(tree_.district_a.id, 40);
  auto started =
      in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.admin_a, input, "labour-day"); });
  ASSERT_TRUE(started.ok());
  ASSERT_TRUE(grant_chunk(db(), started->id, 5).ok());
  auto second = grant_chunk(db(), started->id, 5);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->granted, 10);
  EXPECT_FALSE(second->done);
  // "Killed" here; a member joins meanwhile and is not part of this grant.
  const int64_t late = add_member(tree_.base_a1.id);
  auto resent =
      in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.admin_a, input, "labour-day"); });
  ASSERT_TRUE(resent.ok());
  EXPECT_TRUE(resent->replayed);
  EXPECT_EQ(resent->granted, 10);
  auto finished = run_grant(db(), resent->id, 0, 5);
  ASSERT_TRUE(finished.ok());
  EXPECT_TRUE(finished->done);
  EXPECT_EQ(finished->granted, 23);
  // Running it again does nothing.
  ASSERT_TRUE(run_grant(db(), resent->id).ok());
  for (int64_t m : members) {
    EXPECT_EQ(balance_of(m), 40);
  }
  EXPECT_EQ(balance_of(late), 0);
  EXPECT_EQ(count_grant_transfers(started->id), 23);
  expect_check_passes();
}

// Two workers racing on one grant (two instances resuming it) still grant each member once.
TEST_P(GrantTest, ConcurrentWorkersOnOneGrantGrantEachMemberOnce) {
  std::vector<int64_t> members;
  for (int i = 0; i < 40; ++i) {
    members.push_back(add_member(tree_.base_a1.id));
  }
  auto started = in_tx([&](store::Tx& tx) {
    return start_grant(tx, tree_.platform, to_org(tree_.root.id, 3), "all");
  });
  ASSERT_TRUE(started.ok());
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&] {
      for (int attempt = 0; attempt < 200; ++attempt) {
        auto g = grant_chunk(db(), started->id, 3);
        if (g.ok() && g->done) {
          return;
        }
      }
    });
  }
  for (auto& worker : workers) {
    worker.join();
  }
  for (int64_t m : members) {
    EXPECT_EQ(balance_of(m), 3);
  }
  EXPECT_EQ(count_grant_transfers(started->id), 40);
  expect_check_passes();
}

TEST_P(GrantTest, BudgetLimitsGrantsAndSkippedMembersGiveItBack) {
  const int64_t m1 = add_member(tree_.base_a1.id);
  const int64_t m2 = add_member(tree_.base_a2.id);
  auto own =
      in_tx([&](store::Tx& tx) { return set_budget(tx, tree_.admin_a, tree_.district_a.id, 100); });
  EXPECT_EQ(own.error().kind, ErrorKind::kForbidden);
  auto set = in_tx(
      [&](store::Tx& tx) { return set_budget(tx, tree_.platform, tree_.district_a.id, 100); });
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->budget, 100);

  auto first = in_tx([&](store::Tx& tx) {
    return start_grant(tx, tree_.admin_a, to_org(tree_.district_a.id, 40), "b1");
  });
  ASSERT_TRUE(first.ok()) << first.error().message;
  // m2 leaves before the grant reaches them: their 40 go back to the budget.
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                member::MemberPatch patch;
                patch.status = member::MemberStatus::kLeft;
                return member::update(tx, tree_.platform, m2, patch);
              }).ok());
  auto done = run_grant(db(), first->id);
  EXPECT_EQ(done->granted, 1);
  EXPECT_EQ(done->skipped, 1);
  auto after =
      in_tx([&](store::Tx& tx) { return summary(tx, tree_.platform, tree_.district_a.id); });
  EXPECT_EQ(after->budget_used, 40);

  GrantInput big;
  big.member_ids = {m1};
  big.amount = 61;
  big.reason = "超预算";
  auto over = in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.admin_a, big, "b2"); });
  EXPECT_EQ(over.error().code, "budget_exceeded");
  EXPECT_EQ(over.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(over.error().field, "amount");
  big.amount = 60;
  auto exact = in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.admin_a, big, "b3"); });
  ASSERT_TRUE(exact.ok());
  ASSERT_TRUE(run_grant(db(), exact->id).ok());
  EXPECT_EQ(balance_of(m1), 100);
  // Removing the budget lifts the limit.
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return set_budget(tx, tree_.platform, tree_.district_a.id, std::nullopt);
              }).ok());
  big.amount = 1000;
  EXPECT_TRUE(in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.admin_a, big, "b4"); }).ok());
  expect_check_passes();
}

TEST_P(GrantTest, ListShowsGrantsInScopeNewestFirst) {
  const int64_t m = add_member(tree_.base_a1.id);
  for (int i = 0; i < 3; ++i) {
    grant_to(m, 1);
  }
  auto page = in_tx([&](store::Tx& tx) { return list_grants(tx, tree_.platform, 0, 0, 2); });
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_GT(page->items[0].id, page->items[1].id);
  auto rest = in_tx(
      [&](store::Tx& tx) { return list_grants(tx, tree_.platform, 0, page->next_cursor, 2); });
  EXPECT_EQ(rest->items.size(), 1u);
  auto of_a = in_tx([&](store::Tx& tx) { return list_grants(tx, tree_.admin_a, 0, 0, 10); });
  EXPECT_TRUE(of_a->items.empty());
}

TEST_P(GrantTest, RunnerFinishesGrantsInTheBackground) {
  for (int i = 0; i < 12; ++i) {
    add_member(tree_.base_b1.id);
  }
  auto started = in_tx([&](store::Tx& tx) {
    return start_grant(tx, tree_.platform, to_org(tree_.district_b.id, 2), "bg");
  });
  ASSERT_TRUE(started.ok());
  {
    // The runner picks up grants left running when it starts.
    GrantRunner runner(db());
    for (int i = 0; i < 500; ++i) {
      auto g = in_tx([&](store::Tx& tx) { return get_grant(tx, tree_.platform, started->id); });
      if (g.ok() && g->done) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  auto g = in_tx([&](store::Tx& tx) { return get_grant(tx, tree_.platform, started->id); });
  EXPECT_TRUE(g->done);
  EXPECT_EQ(g->granted, 12);
  expect_check_passes();
}

TEST_P(GrantTest, RunnerPicksUpAGrantAnotherInstanceLeftBehind) {
  for (int i = 0; i < 5; ++i) {
    add_member(tree_.base_b1.id);
  }
  GrantRunner::Options options;
  options.sweep_ms = 20;
  options.stale_ms = 0;  // any running grant counts as left behind
  GrantRunner runner(db(), options);
  // Made after the runner started (as on another instance that then died): only a sweep
  // can find it.
  auto started = in_tx([&](store::Tx& tx) {
    return start_grant(tx, tree_.platform, to_org(tree_.district_b.id, 3), "left-behind");
  });
  ASSERT_TRUE(started.ok());
  ASSERT_FALSE(started->done);
  Result<Grant> g = Error::internal("not read");
  for (int i = 0; i < 500; ++i) {
    g = in_tx([&](store::Tx& tx) { return get_grant(tx, tree_.platform, started->id); });
    if (g.ok() && g->done) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(g.ok());
  EXPECT_TRUE(g->done);
  EXPECT_EQ(g->granted, 5);
  expect_check_passes();
}

INSTANTIATE_TEST_SUITE_P(Engines, GrantTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::ledger
