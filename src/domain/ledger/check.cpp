// Verification of the ledger's invariants, for `gonghui check` and the tests.
#include "domain/ledger/ledger.hpp"

namespace gonghui::ledger {
namespace {

using store::Rows;

constexpr size_t kShown = 20;

void add(CheckItem& item, std::string violation) {
  ++item.violation_count;
  if (item.violations.size() < kShown) {
    item.violations.push_back(std::move(violation));
  }
}

Result<int64_t> count(store::Tx& tx, std::string_view sql) {
  GH_ASSIGN(Rows rows, tx.query(sql));
  return rows.empty() ? int64_t{0} : rows[0].integer(0);
}

}  // namespace

namespace {

Result<CheckItem> balances_sum_to_zero(store::Tx& tx) {
  CheckItem zero{"balances sum to zero", 0, "accounts", {}, 0};
  // A system account's balance is its row's plus its shards' (ledger_account_shards).
  GH_ASSIGN(Rows sum, tx.query("SELECT (SELECT COUNT(*) FROM ledger_accounts), "
                               "(SELECT COALESCE(SUM(balance), 0) FROM ledger_accounts) + "
                               "(SELECT COALESCE(SUM(balance), 0) FROM ledger_account_shards)"));
  zero.checked = sum[0].integer(0);
  if (sum[0].integer(1) != 0) {
    add(zero, "the balances sum to " + sum[0].text(1));
  }
  return zero;
}

Result<CheckItem> balances_replay(store::Tx& tx, int64_t accounts, int64_t transfers) {
  CheckItem replay{"each balance equals the replay of its transfers",
                   0,
                   "accounts (" + std::to_string(transfers) + " transfers replayed)",
                   {},
                   0};
  replay.checked = accounts;
  GH_ASSIGN(Rows wrong,
            tx.query("SELECT a.id, a.kind, a.owner_id, a.balance + COALESCE(s.total, 0), "
                     "COALESCE(c.total, 0) - COALESCE(d.total, 0) FROM ledger_accounts a "
                     "LEFT JOIN (SELECT credit_account_id AS id, SUM(amount) AS total "
                     " FROM ledger_transfers GROUP BY credit_account_id) c ON c.id = a.id "
                     "LEFT JOIN (SELECT debit_account_id AS id, SUM(amount) AS total "
                     " FROM ledger_transfers GROUP BY debit_account_id) d ON d.id = a.id "
                     "LEFT JOIN (SELECT account_id AS id, SUM(balance) AS total "
                     " FROM ledger_account_shards GROUP BY account_id) s ON s.id = a.id "
                     "WHERE a.balance + COALESCE(s.total, 0) <> "
                     " COALESCE(c.total, 0) - COALESCE(d.total, 0) "
                     "ORDER BY a.id"));
  for (const auto& row : wrong) {
    add(replay, row.text(1) + " account " + row.text(0) + " (owner " + row.text(2) + "): balance " +
                    row.text(3) + ", replay of its transfers " + row.text(4));
  }
  return replay;
}

Result<CheckItem> no_negative_member_balance(store::Tx& tx) {
  CheckItem negative{"no member balance is negative", 0, "member accounts", {}, 0};
  GH_ASSIGN(negative.checked,
            count(tx, "SELECT COUNT(*) FROM ledger_accounts WHERE kind = 'member'"));
  GH_ASSIGN(Rows below, tx.query("SELECT id, balance FROM ledger_accounts "
                                 "WHERE kind = 'member' AND balance < 0 ORDER BY id"));
  for (const auto& row : below) {
    add(negative, "member " + row.text(0) + ": balance " + row.text(1));
  }
  return negative;
}

Result<CheckItem> one_result_per_key(store::Tx& tx, int64_t transfers) {
  CheckItem keys{"every idempotency key maps to one result", 0, "keys", {}, 0};
  GH_ASSIGN(int64_t grants, count(tx, "SELECT COUNT(*) FROM ledger_grants"));
  GH_ASSIGN(int64_t requests, count(tx, "SELECT COUNT(*) FROM idempotency_keys"));
  keys.checked = transfers + grants + requests;
  keys.counted = "keys (" + std::to_string(transfers) + " transfer, " + std::to_string(grants) +
                 " grant, " + std::to_string(requests) + " request)";
  GH_ASSIGN(Rows dup_transfers, tx.query("SELECT idempotency_key, COUNT(*) FROM ledger_transfers "
                                         "GROUP BY idempotency_key HAVING COUNT(*) > 1"));
  for (const auto& row : dup_transfers) {
    add(keys, "transfer key " + row.text(0) + " has " + row.text(1) + " transfers");
  }
  GH_ASSIGN(Rows dup_reversals,
            tx.query("SELECT reverses_id, COUNT(*) FROM ledger_transfers "
                     "WHERE reverses_id IS NOT NULL GROUP BY reverses_id HAVING COUNT(*) > 1"));
  for (const auto& row : dup_reversals) {
    add(keys, "transfer " + row.text(0) + " is reversed " + row.text(1) + " times");
  }
  GH_ASSIGN(Rows bad_reversals,
            tx.query("SELECT r.id, t.id FROM ledger_transfers r "
                     "JOIN ledger_transfers t ON t.id = r.reverses_id "
                     "WHERE r.amount <> t.amount OR r.debit_account_id <> t.credit_account_id "
                     "OR r.credit_account_id <> t.debit_account_id"));
  for (const auto& row : bad_reversals) {
    add(keys, "reversal " + row.text(0) + " does not mirror transfer " + row.text(1));
  }
  GH_ASSIGN(Rows dup_grants,
            tx.query("SELECT created_by, idempotency_key, COUNT(*) FROM ledger_grants "
                     "GROUP BY created_by, idempotency_key HAVING COUNT(*) > 1"));
  for (const auto& row : dup_grants) {
    add(keys, "grant key " + row.text(1) + " of account " + row.text(0) + " has " + row.text(2) +
                  " grants");
  }
  GH_ASSIGN(Rows dup_requests, tx.query("SELECT account_id, key, COUNT(*) FROM idempotency_keys "
                                        "GROUP BY account_id, key HAVING COUNT(*) > 1"));
  for (const auto& row : dup_requests) {
    add(keys, "request key " + row.text(1) + " of account " + row.text(0) + " has " + row.text(2) +
                  " results");
  }
  // Each grant moved exactly its amount to exactly the members it counts as granted.
  GH_ASSIGN(Rows grant_totals, tx.query("SELECT g.id, g.granted, g.amount, COUNT(t.id), "
                                        "COALESCE(SUM(t.amount), 0) FROM ledger_grants g "
                                        "LEFT JOIN ledger_transfers t ON t.kind = 'grant' "
                                        " AND t.reference = 'grant:' || CAST(g.id AS TEXT) "
                                        "GROUP BY g.id, g.granted, g.amount "
                                        "HAVING COUNT(t.id) <> g.granted "
                                        " OR COALESCE(SUM(t.amount), 0) <> g.granted * g.amount"));
  for (const auto& row : grant_totals) {
    add(keys, "grant " + row.text(0) + " counts " + row.text(1) + " members granted but has " +
                  row.text(3) + " transfers totalling " + row.text(4));
  }
  return keys;
}

}  // namespace

Result<std::vector<CheckItem>> check(store::Db& db) {
  std::vector<CheckItem> items;
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    items.clear();
    GH_ASSIGN(int64_t transfers, count(tx, "SELECT COUNT(*) FROM ledger_transfers"));
    GH_ASSIGN(CheckItem zero, balances_sum_to_zero(tx));
    const int64_t accounts = zero.checked;
    items.push_back(std::move(zero));
    GH_ASSIGN(CheckItem replay, balances_replay(tx, accounts, transfers));
    items.push_back(std::move(replay));
    GH_ASSIGN(CheckItem negative, no_negative_member_balance(tx));
    items.push_back(std::move(negative));
    GH_ASSIGN(CheckItem keys, one_result_per_key(tx, transfers));
    items.push_back(std::move(keys));
    return Status::Ok();
  }));
  return items;
}

}  // namespace gonghui::ledger
