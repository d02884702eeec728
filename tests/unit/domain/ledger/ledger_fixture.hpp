// Shared set-up for the ledger tests: the fixture tree, members and small helpers that run
// one domain call in its own write transaction.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "domain/ledger/ledger.hpp"
#include "support/domain_test.hpp"

namespace gonghui::ledger {

class LedgerTest : public gonghui::testing::DomainTest {
 protected:
  int64_t add_member(int64_t org_id) {
    return gonghui::testing::add_member(db(), tree_.platform, org_id, ++members_);
  }

  int64_t balance_of(int64_t member_id) {
    int64_t out = -1;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(out, balance(tx, member_id));
      return Status::Ok();
    }));
    return out;
  }

  // Starts and finishes a grant by the platform admin; returns it.
  Grant grant(GrantInput input, std::string key = {}) {
    if (key.empty()) {
      key = "k" + std::to_string(++keys_);
    }
    auto started =
        in_tx([&](store::Tx& tx) { return start_grant(tx, tree_.platform, input, key); });
    EXPECT_TRUE(started.ok()) << started.error().message;
    if (!started.ok()) {
      return {};
    }
    auto done = run_grant(db(), started->id);
    EXPECT_TRUE(done.ok() && done->done);
    return done.ok() ? *done : Grant{};
  }
  Grant grant_to(int64_t member_id, int64_t amount) {
    GrantInput input;
    input.member_ids = {member_id};
    input.amount = amount;
    input.reason = "测试发放";
    return grant(input);
  }

  // Every invariant of `gonghui check` holds.
  void expect_check_passes() {
    auto items = check(db());
    ASSERT_TRUE(items.ok()) << items.error().message;
    for (const auto& item : *items) {
      EXPECT_EQ(item.violation_count, 0)
          << item.name << ": " << (item.violations.empty() ? "" : item.violations[0]);
    }
  }

  int members_ = 0;
  int keys_ = 0;
};

}  // namespace gonghui::ledger
