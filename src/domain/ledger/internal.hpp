// Helpers shared by the ledger's source files; not part of its public surface.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/ledger/ledger.hpp"
#include "domain/org/org.hpp"
#include "store/batch.hpp"

namespace gonghui::ledger::internal {

using store::in_slices;  // multi-row statements (store/batch.hpp)
using store::repeated;

// The union's system account of this kind, created on first use.
Result<int64_t> system_account(store::Tx& tx, AccountKind kind, int64_t org_id);

// Moves `amount` from one system account to each member (creating missing member
// accounts): one transfer per member keyed key_prefix + member id, so the database refuses
// the same movement twice (kUniqueViolation). `member_ids` must be ascending and distinct
// (ascending keeps the lock order of concurrent writers the same on PostgreSQL).
Status credit_members(store::Tx& tx, int64_t from_account, const std::vector<int64_t>& member_ids,
                      int64_t amount, std::string_view kind, std::string_view reference,
                      std::string_view memo, std::string_view key_prefix, int64_t now);

// What summary() returns for a union, without the scope check.
Result<Summary> load_summary(store::Tx& tx, const org::Org& org);

// Takes `points` from the budget of each union in `org_ids` (a union and the unions above
// it: every grant and check-in payout inside a budgeted subtree counts against that budget).
// Conflict budget_exceeded naming `field` and the union whose budget is short; on error the
// caller's transaction is rolled back.
Status charge_budgets(store::Tx& tx, const std::vector<int64_t>& org_ids, int64_t points,
                      std::string_view field, int64_t now);
// Gives back points charged to these unions' budgets and not used.
Status release_budgets(store::Tx& tx, const std::vector<int64_t>& org_ids, int64_t points);

// The highest check-in reward an org admin may set for the union at `path`: the lowest
// ceiling set on it or any union above it, else kDefaultCheckinCeiling.
Result<int64_t> checkin_ceiling(store::Tx& tx, const std::string& path);

}  // namespace gonghui::ledger::internal
