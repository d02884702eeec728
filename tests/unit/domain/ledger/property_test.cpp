// Random sequences of grants, spends, reversals, refunds, check-ins and retries against a
// simple in-memory model: balances always equal the model and `check` always passes.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <vector>

#include "domain/ledger/ledger.hpp"
#include "domain/ledger/ledger_fixture.hpp"

namespace gonghui::ledger {
namespace {

class LedgerPropertyTest : public LedgerTest {};

struct Known {
  int64_t member = 0;
  int64_t delta = 0;  // as the member saw it
  std::string kind;
  bool reversed = false;
};

TEST_P(LedgerPropertyTest, RandomOperationsMatchASimpleModel) {
  std::mt19937 rng(20260501);
  auto below = [&](int64_t n) { return static_cast<int64_t>(rng() % static_cast<uint64_t>(n)); };

  struct Person {
    int64_t id;
    int64_t org;
    int64_t district;
  };
  std::vector<Person> people;
  for (const auto* base : {&tree_.base_a1, &tree_.base_a2, &tree_.base_b1}) {
    for (int i = 0; i < 2; ++i) {
      people.push_back({add_member(base->id), base->id, base->parent_id});
    }
  }
  std::map<int64_t, int64_t> model;  // member → balance
  std::map<int64_t, Known> known;    // transfer id → what the model expects of it
  std::vector<std::pair<GrantInput, std::string>> grants;
  std::vector<std::pair<Spend, int64_t>> spends;
  std::set<std::pair<int64_t, int64_t>> checked_in;  // (member, day)
  const int64_t day_zero = parse_rfc3339("2026-05-01T02:00:00Z")->ms;
  int64_t day = 0;
  std::map<std::string, int> outcomes;  // how often each path was taken

  auto record_newest = [&](int64_t member, int64_t amount, const char* kind) {
    auto page = in_tx([&](store::Tx& tx) { return member_transfers(tx, member, 0, 1); });
    ASSERT_TRUE(page.ok() && page->items.size() == 1);
    const Transfer& t = page->items[0];
    ASSERT_EQ(t.kind, kind);
    ASSERT_EQ(t.signed_amount(), amount);
    ASSERT_EQ(known.count(t.id), 0u);
    known[t.id] = {member, amount, kind, false};
  };
  auto grant_and_model = [&](const GrantInput& input, const std::string& key,
                             const std::vector<int64_t>& recipients) {
    Grant g = grant(input, key);
    ASSERT_EQ(g.granted, static_cast<int64_t>(recipients.size()));
    for (int64_t m : recipients) {
      model[m] += input.amount;
      record_newest(m, input.amount, "grant");
    }
    grants.emplace_back(input, key);
  };

  for (int step = 0; step < 300; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    const int64_t op = below(100);
    if (op < 15) {  // grant to a list of members
      GrantInput input;
      input.amount = 1 + below(50);
      input.reason = "list";
      std::set<int64_t> picked;
      for (int64_t n = 1 + below(3); n > 0; --n) {
        picked.insert(people[below(people.size())].id);
      }
      input.member_ids.assign(picked.begin(), picked.end());
      grant_and_model(input, "grant-" + std::to_string(step), input.member_ids);
    } else if (op < 22) {  // grant to a union subtree
      const int64_t orgs[] = {tree_.root.id,    tree_.district_a.id, tree_.district_b.id,
                              tree_.base_a1.id, tree_.base_a2.id,    tree_.base_b1.id};
      GrantInput input;
      input.org_id = orgs[below(6)];
      input.amount = 1 + below(20);
      input.reason = "union";
      std::vector<int64_t> recipients;
      for (const auto& p : people) {
        if (input.org_id == tree_.root.id || input.org_id == p.org || input.org_id == p.district) {
          recipients.push_back(p.id);
        }
      }
      grant_and_model(input, "grant-" + std::to_string(step), recipients);
    } else if (op < 30 && !grants.empty()) {  // re-send a grant: nothing moves
      const auto& [input, key] = grants[below(grants.size())];
      auto again =
          in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.platform, input, key); });
      ASSERT_TRUE(again.ok());
      ASSERT_TRUE(again->replayed);
      ++outcomes["grant replayed"];
      ASSERT_TRUE(run_grant(db(), again->id).ok());
    } else if (op < 60) {  // spend, or retry an earlier spend
      if (!spends.empty() && below(4) == 0) {
        const auto& [s, id] = spends[below(spends.size())];
        auto retry = in_tx([&](store::Tx& tx) { return spend(tx, s); });
        ASSERT_TRUE(retry.ok()) << retry.error().message;
        ASSERT_EQ(retry->id, id);
        ++outcomes["spend replayed"];
      } else {
        Spend s;
        s.member_id = people[below(people.size())].id;
        s.amount = 1 + below(60);
        s.reference = "entry:" + std::to_string(step);
        s.key = "spend-" + std::to_string(step);
        auto result = in_tx([&](store::Tx& tx) { return spend(tx, s); });
        if (model[s.member_id] >= s.amount) {
          ASSERT_TRUE(result.ok()) << result.error().message;
          model[s.member_id] -= s.amount;
          known[result->id] = {s.member_id, -s.amount, "spend", false};
          spends.emplace_back(s, result->id);
        } else {
          ASSERT_EQ(result.error().code, "insufficient_points");
          ++outcomes["spend refused"];
        }
      }
    } else if (op < 85 && !known.empty()) {  // reverse or refund a transfer
      auto it = known.begin();
      std::advance(it, below(known.size()));
      const int64_t id = it->first;
      Known& k = it->second;
      const bool as_refund = k.kind == "spend" && below(2) == 0;
      auto result = in_tx([&](store::Tx& tx) {
        return as_refund ? refund(tx, id, "退回") : reverse(tx, tree_.platform, id, "冲正");
      });
      if (k.kind == "reversal" || k.kind == "refund") {
        ASSERT_EQ(result.error().code, "not_reversible");
        ++outcomes["not reversible"];
      } else if (k.reversed) {
        ASSERT_EQ(result.error().code, "already_reversed");
        ++outcomes["already reversed"];
      } else if (model[k.member] - k.delta < 0) {
        ASSERT_EQ(result.error().code, "insufficient_points");
        ++outcomes["reversal refused"];
      } else {
        ASSERT_TRUE(result.ok()) << result.error().message;
        ASSERT_EQ(result->signed_amount(), -k.delta);
        model[k.member] -= k.delta;
        k.reversed = true;
        ++outcomes[as_refund ? "refunded" : "reversed"];
        known[result->id] = {k.member, -k.delta, as_refund ? "refund" : "reversal", false};
      }
    } else {  // check in, sometimes on a new day
      if (below(3) == 0) {
        ++day;
      }
      const int64_t m = people[below(people.size())].id;
      auto result = in_tx([&](store::Tx& tx) {
        return checkin(tx, m, Timestamp{day_zero + day * 86'400'000 + below(3'600'000)});
      });
      if (checked_in.insert({m, day}).second) {
        ASSERT_TRUE(result.ok()) << result.error().message;
        model[m] += kDefaultCheckinPoints;
        known[result->transfer.id] = {m, kDefaultCheckinPoints, "checkin", false};
      } else {
        ASSERT_EQ(result.error().code, "already_checked_in");
        ++outcomes["checked in twice"];
      }
    }
    for (const auto& p : people) {
      ASSERT_EQ(balance_of(p.id), model[p.id]) << "member " << p.id;
    }
    if (step % 50 == 49) {
      expect_check_passes();
    }
  }
  int64_t held = 0;
  for (const auto& [member, amount] : model) {
    held += amount;
  }
  auto totals = in_tx([&](store::Tx& tx) { return summary(tx, tree_.platform, tree_.root.id); });
  EXPECT_EQ(totals->held, held);
  EXPECT_EQ(totals->issued - totals->spent, held);
  EXPECT_GT(spends.size(), 20u);
  for (const char* path :
       {"grant replayed", "spend replayed", "spend refused", "not reversible", "already reversed",
        "reversal refused", "refunded", "reversed", "checked in twice"}) {
    EXPECT_GT(outcomes[path], 0) << path << " never happened";
  }
  expect_check_passes();
}

INSTANTIATE_TEST_SUITE_P(Engines, LedgerPropertyTest,
                         ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::ledger
