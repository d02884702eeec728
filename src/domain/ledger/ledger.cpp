// Ledger accounts and transfers: schema, balances, spending, refunds, reversals, check-in,
// union totals and policies.
#include "domain/ledger/ledger.hpp"

#include <algorithm>
#include <limits>
#include <random>

#include "core/enum_names.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "domain/audit/audit.hpp"
#include "domain/ledger/internal.hpp"
#include "domain/org/org.hpp"
#include "store/columns.hpp"

namespace gonghui::ledger {
namespace {

constexpr EnumNames<AccountKind, 4> kAccountKindNames{{"member", "issuance", "spending", "expiry"},
                                                      AccountKind::kMember};

using store::Params;
using store::Rows;

// The member side is whichever account is a member's; the union owns the other.
constexpr std::string_view kTransferSelect =
    "SELECT t.id, t.debit_account_id, t.credit_account_id, t.amount, t.kind, t.reference, "
    "t.memo, t.idempotency_key, t.reverses_id, r.id, t.created_at, "
    "CASE WHEN d.kind = 'member' THEN d.owner_id ELSE c.owner_id END, "
    "CASE WHEN d.kind = 'member' THEN c.owner_id ELSE d.owner_id END, "
    "COALESCE(o.kind, ''), COALESCE(o.reference, ''), COALESCE(o.memo, '') "
    "FROM ledger_transfers t "
    "JOIN ledger_accounts d ON d.id = t.debit_account_id "
    "JOIN ledger_accounts c ON c.id = t.credit_account_id "
    "LEFT JOIN ledger_transfers r ON r.reverses_id = t.id "
    "LEFT JOIN ledger_transfers o ON o.id = t.reverses_id";
using TransferFields = store::Fields<
    &Transfer::id, &Transfer::debit_account_id, &Transfer::credit_account_id, &Transfer::amount,
    &Transfer::kind, &Transfer::reference, &Transfer::memo, &Transfer::key, &Transfer::reverses_id,
    &Transfer::reversed_by, &Transfer::created_at, &Transfer::member_id, &Transfer::org_id,
    &Transfer::reverses_kind, &Transfer::reverses_reference, &Transfer::reverses_memo>;
static_assert(TransferFields::matches(kTransferSelect));

Transfer transfer_from_row(const store::Row& row) { return TransferFields::read(row); }

Result<std::optional<Transfer>> find_by_key(store::Tx& tx, std::string_view key) {
  GH_ASSIGN(Rows rows, tx.query(std::string(kTransferSelect) + " WHERE t.idempotency_key = ?",
                                {std::string(key)}));
  if (rows.empty()) {
    return std::optional<Transfer>{};
  }
  return std::optional<Transfer>(transfer_from_row(rows[0]));
}

Status check_amount(int64_t amount) {
  if (amount < 1 || amount > kMaxAmount) {
    return Error::invalid("amount", "out_of_range",
                          "amount must be between 1 and " + std::to_string(kMaxAmount));
  }
  return Status::Ok();
}

struct MemberRow {
  int64_t org_id = 0;
  bool active = false;
  std::string path;  // of the member's base union
};

Result<MemberRow> load_member(store::Tx& tx, int64_t member_id) {
  GH_ASSIGN(Rows rows, tx.query("SELECT m.org_id, m.status, o.path FROM members m "
                                "JOIN orgs o ON o.id = m.org_id WHERE m.id = ?",
                                {member_id}));
  if (rows.empty()) {
    return Error::not_found("member");
  }
  return MemberRow{rows[0].integer(0), rows[0].text(1) == "active", rows[0].text(2)};
}

Error insufficient_points() {
  return Error::conflict("insufficient_points", "the member does not have enough points", "amount");
}

Error member_not_active() {
  return Error::conflict("member_not_active", "the member is frozen or has left");
}

// Moves t.amount from t.debit_account_id to t.credit_account_id and appends the transfer.
// The member side is updated first so that concurrent writers lock rows in one order.
Result<Transfer> post(store::Tx& tx, Transfer t) {
  thread_local std::minstd_rand random(std::random_device{}());
  t.id = new_id();
  t.created_at = Timestamp::now().ms;
  if (t.key.empty()) {
    t.key = t.kind + ":" + std::to_string(t.id);
  }
  const bool member_pays = t.debit_account_id == t.member_id;
  if (member_pays) {
    // A member's balance may not go below zero: the WHERE clause refuses, atomically.
    GH_ASSIGN(int64_t changed, tx.exec("UPDATE ledger_accounts SET balance = balance - ? "
                                       "WHERE id = ? AND balance >= ?",
                                       {t.amount, t.debit_account_id, t.amount}));
    if (changed != 1) {
      return insufficient_points();
    }
  } else {
    GH_ASSIGN(int64_t changed, tx.exec("UPDATE ledger_accounts SET balance = balance + ? "
                                       "WHERE id = ?",
                                       {t.amount, t.credit_account_id}));
    if (changed != 1) {
      return Error::internal("ledger account missing");
    }
  }
  GH_TRY(
      tx.exec("INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, "
              "kind, reference, memo, idempotency_key, reverses_id, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {t.id, t.debit_account_id, t.credit_account_id, t.amount, t.kind, t.reference, t.memo,
               t.key, t.reverses_id ? store::Value(t.reverses_id) : store::Value(std::monostate{}),
               t.created_at}));
  // The union's system account is written by every spend, refund or check-in of its
  // members: as one row it would be a lock they all queue for (on PostgreSQL, for the rest
  // of each transaction). Its movements go to one of kSystemShards rows at random instead,
  // last, and its balance is its row's plus its shards' (see docs/deploy.md, "Hot rows").
  const int64_t system_account = member_pays ? t.credit_account_id : t.debit_account_id;
  GH_TRY(
      tx.exec("INSERT INTO ledger_account_shards (account_id, shard, balance) "
              "VALUES (?, ?, ?) ON CONFLICT (account_id, shard) DO UPDATE SET "
              "balance = ledger_account_shards.balance + excluded.balance",
              {system_account, static_cast<int64_t>(random() % kSystemShards),
               member_pays ? t.amount : -t.amount}));
  return t;
}

Result<Transfer> reverse_transfer(store::Tx& tx, const Transfer& original, std::string kind,
                                  std::string_view memo) {
  if (original.kind == "reversal" || original.kind == "refund") {
    return Error::conflict("not_reversible", "a reversal or refund cannot itself be reversed");
  }
  if (original.reversed_by != 0) {
    return Error::conflict("already_reversed", "this transfer was already reversed");
  }
  Transfer t;
  t.debit_account_id = original.credit_account_id;
  t.credit_account_id = original.debit_account_id;
  t.amount = original.amount;
  t.kind = std::move(kind);
  t.reference = "transfer:" + std::to_string(original.id);
  t.memo = std::string(memo);
  t.key = "reverse:" + std::to_string(original.id);
  t.reverses_id = original.id;
  t.reverses_kind = original.kind;
  t.reverses_reference = original.reference;
  t.reverses_memo = original.memo;
  t.member_id = original.member_id;
  t.org_id = original.org_id;
  auto posted = post(tx, t);
  if (!posted.ok() && posted.error().code == store::kUniqueViolation) {
    // A concurrent reversal of the same transfer committed first.
    return Error::conflict("already_reversed", "this transfer was already reversed");
  }
  return posted;
}

boost::json::object transfer_snapshot(const Transfer& t) {
  return {{"id", std::to_string(t.id)},         {"kind", t.kind},
          {"amount", t.signed_amount()},        {"member_id", std::to_string(t.member_id)},
          {"org_id", std::to_string(t.org_id)}, {"memo", t.memo}};
}

std::string day_text(int64_t day) {
  return format_rfc3339(Timestamp{day * 86'400'000}).substr(0, 10);
}

struct CheckinPolicy {
  int64_t points = kDefaultCheckinPoints;
  int64_t org_id = 0;  // whose issuance account pays
};

// The deepest union on the path that set check-in points, else the root's default.
Result<CheckinPolicy> checkin_policy(store::Tx& tx, const std::string& path) {
  const std::vector<int64_t> ids = org::ids_on_path(path);
  if (ids.empty()) {
    return Error::internal("union path is empty");
  }
  Params params(ids.begin(), ids.end());
  GH_ASSIGN(Rows rows, tx.query("SELECT org_id, checkin_points FROM ledger_policies "
                                "WHERE checkin_points IS NOT NULL AND org_id IN (" +
                                    internal::repeated("?", ids.size()) + ")",
                                params));
  CheckinPolicy policy{kDefaultCheckinPoints, ids.front()};
  size_t depth = 0;
  for (const auto& row : rows) {
    const size_t at = std::find(ids.begin(), ids.end(), row.integer(0)) - ids.begin();
    if (at >= depth) {
      depth = at;
      policy = {row.integer(1), row.integer(0)};
    }
  }
  return policy;
}

std::string checkin_key_prefix(const std::string& day) { return "checkin:" + day + ":"; }

}  // namespace

// ---- internal helpers --------------------------------------------------------------------

namespace internal {

Result<Summary> load_summary(store::Tx& tx, const org::Org& org) {
  Summary s;
  s.org_id = org.id;
  const org::PathRange range = org::range_of(org.path);
  GH_ASSIGN(Rows system,
            tx.query("SELECT a.kind, COALESCE(SUM(a.balance + COALESCE((SELECT SUM(s.balance) "
                     "FROM ledger_account_shards s WHERE s.account_id = a.id), 0)), 0) "
                     "FROM ledger_accounts a JOIN orgs o ON o.id = a.owner_id "
                     "WHERE a.kind <> 'member' AND o.path >= ? AND o.path < ? "
                     "GROUP BY a.kind",
                     {range.lower, range.upper}));
  for (const auto& row : system) {
    const std::string kind = row.text(0);
    const int64_t sum = row.integer(1);
    if (kind == "issuance") {
      s.issued = -sum;
    } else if (kind == "spending") {
      s.spent = sum;
    } else if (kind == "expiry") {
      s.expired = sum;
    }
  }
  GH_ASSIGN(Rows held, tx.query("SELECT COALESCE(SUM(a.balance), 0), COUNT(*) "
                                "FROM ledger_accounts a JOIN members m ON m.id = a.id "
                                "JOIN orgs o ON o.id = m.org_id "
                                "WHERE a.kind = 'member' AND o.path >= ? AND o.path < ?",
                                {range.lower, range.upper}));
  s.held = held[0].integer(0);
  s.member_accounts = held[0].integer(1);
  GH_ASSIGN(Rows policy, tx.query("SELECT budget, budget_used, checkin_points, checkin_ceiling "
                                  "FROM ledger_policies WHERE org_id = ?",
                                  {org.id}));
  if (!policy.empty()) {
    if (!policy[0].is_null(0)) {
      s.budget = policy[0].integer(0);
    }
    s.budget_used = policy[0].integer(1);
    if (!policy[0].is_null(2)) {
      s.checkin_points = policy[0].integer(2);
    }
    if (!policy[0].is_null(3)) {
      s.checkin_ceiling = policy[0].integer(3);
    }
  }
  GH_ASSIGN(s.checkin_max, checkin_ceiling(tx, org.path));
  return s;
}

Result<int64_t> system_account(store::Tx& tx, AccountKind kind, int64_t org_id) {
  const std::string name(account_kind_name(kind));
  constexpr std::string_view kFind =
      "SELECT id FROM ledger_accounts WHERE kind = ? AND owner_id = ?";
  GH_ASSIGN(Rows rows, tx.query(kFind, {name, org_id}));
  if (rows.empty()) {
    // Concurrent first uses both insert; the loser's insert does nothing and reads the
    // winner's row (READ COMMITTED sees it once committed).
    GH_TRY(
        tx.exec("INSERT INTO ledger_accounts (id, kind, owner_id, balance, created_at) "
                "VALUES (?, ?, ?, 0, ?) ON CONFLICT DO NOTHING",
                {new_id(), name, org_id, Timestamp::now().ms}));
    GH_ASSIGN(rows, tx.query(kFind, {name, org_id}));
  }
  if (rows.empty()) {
    return Error::internal("system account could not be created");
  }
  return rows[0].integer(0);
}

Status credit_members(store::Tx& tx, int64_t from_account, const std::vector<int64_t>& member_ids,
                      int64_t amount, std::string_view kind, std::string_view reference,
                      std::string_view memo, std::string_view key_prefix, int64_t now) {
  if (member_ids.empty()) {
    return Status::Ok();
  }
  int64_t total = 0;
  if (__builtin_mul_overflow(amount, static_cast<int64_t>(member_ids.size()), &total)) {
    return Error::invalid("amount", "out_of_range", "the total is too large");
  }
  const std::string kind_text(kind), reference_text(reference), memo_text(memo);
  // A member's account id is the member id, so one upsert per slice creates missing
  // accounts and credits them. Ascending ids keep the row-lock order of concurrent writers
  // the same on PostgreSQL; the system account is locked last.
  GH_TRY(internal::in_slices(member_ids.size(), [&](size_t begin, size_t n) -> Status {
    Params params;
    params.reserve(n * 4);
    for (size_t i = begin; i < begin + n; ++i) {
      params.insert(params.end(), {member_ids[i], member_ids[i], amount, now});
    }
    GH_ASSIGN(int64_t changed,
              tx.exec("INSERT INTO ledger_accounts (id, kind, owner_id, balance, created_at) "
                      "VALUES " +
                          repeated("(?, 'member', ?, ?, ?)", n) +
                          " ON CONFLICT (id) DO UPDATE SET balance = "
                          "ledger_accounts.balance + excluded.balance",
                      params));
    return changed == static_cast<int64_t>(n)
               ? Status::Ok()
               : Status(Error::internal("member accounts not credited"));
  }));
  GH_TRY(internal::in_slices(member_ids.size(), [&](size_t begin, size_t n) -> Status {
    Params params;
    params.reserve(n * 9);
    for (size_t i = begin; i < begin + n; ++i) {
      params.insert(params.end(),
                    {new_id(), from_account, member_ids[i], amount, kind_text, reference_text,
                     memo_text, std::string(key_prefix) + std::to_string(member_ids[i]), now});
    }
    GH_TRY(
        tx.exec("INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, "
                "amount, kind, reference, memo, idempotency_key, created_at) VALUES " +
                    repeated("(?, ?, ?, ?, ?, ?, ?, ?, ?)", n),
                params));
    return Status::Ok();
  }));
  GH_ASSIGN(int64_t debited,
            tx.exec("UPDATE ledger_accounts SET balance = balance - ? WHERE id = ?",
                    {total, from_account}));
  return debited == 1 ? Status::Ok() : Status(Error::internal("system account missing"));
}

}  // namespace internal

// ---- public functions ----------------------------------------------------------------------

std::string_view account_kind_name(AccountKind kind) { return name_of(kAccountKindNames, kind); }

std::vector<store::Migration> migrations() {
  const std::string tables =
      R"sql(CREATE TABLE ledger_accounts (
  id BIGINT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('member','issuance','spending','expiry')),
  owner_id BIGINT NOT NULL, balance BIGINT NOT NULL, created_at BIGINT NOT NULL,
  UNIQUE (kind, owner_id), CHECK (kind <> 'member' OR balance >= 0));
CREATE TABLE ledger_transfers (
  id BIGINT PRIMARY KEY,
  debit_account_id BIGINT NOT NULL REFERENCES ledger_accounts (id),
  credit_account_id BIGINT NOT NULL REFERENCES ledger_accounts (id),
  amount BIGINT NOT NULL CHECK (amount > 0),
  kind TEXT NOT NULL
  CHECK (kind IN ('grant','checkin','spend','refund','reversal','expiry')),
  reference TEXT NOT NULL, memo TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE,
  reverses_id BIGINT UNIQUE REFERENCES ledger_transfers (id), created_at BIGINT NOT NULL,
  CHECK (debit_account_id <> credit_account_id));
CREATE INDEX ledger_transfers_debit ON ledger_transfers (debit_account_id, id);
CREATE INDEX ledger_transfers_credit ON ledger_transfers (credit_account_id, id);
CREATE INDEX ledger_transfers_reference ON ledger_transfers (reference);
CREATE TABLE ledger_policies (
  org_id BIGINT PRIMARY KEY REFERENCES orgs (id), budget BIGINT,
  budget_used BIGINT NOT NULL, checkin_points BIGINT, updated_at BIGINT NOT NULL,
  CHECK (budget IS NULL OR budget >= 0), CHECK (budget_used >= 0),
  CHECK (checkin_points IS NULL OR checkin_points >= 0));
CREATE TABLE ledger_grants (
  id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL REFERENCES orgs (id),
  target_org_id BIGINT NOT NULL, amount BIGINT NOT NULL CHECK (amount > 0),
  reason TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('running','done')),
  recipients BIGINT NOT NULL, granted BIGINT NOT NULL, skipped BIGINT NOT NULL,
  cursor_member_id BIGINT NOT NULL, created_by BIGINT NOT NULL,
  idempotency_key TEXT NOT NULL, fingerprint TEXT NOT NULL, created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL, finished_at BIGINT NOT NULL,
  UNIQUE (created_by, idempotency_key), CHECK (granted + skipped <= recipients));
CREATE INDEX ledger_grants_org ON ledger_grants (org_id, id);
CREATE INDEX ledger_grants_status ON ledger_grants (status, id);
CREATE TABLE ledger_grant_members (
  grant_id BIGINT NOT NULL REFERENCES ledger_grants (id), member_id BIGINT NOT NULL,
  PRIMARY KEY (grant_id, member_id));)sql";
  // Transfers are append-only: the database itself refuses to change or delete one.
  const std::string sqlite =
      tables +
      R"sql(CREATE TRIGGER ledger_transfers_no_update BEFORE UPDATE ON ledger_transfers
  BEGIN SELECT RAISE(ABORT, 'ledger transfers are append-only'); END;
CREATE TRIGGER ledger_transfers_no_delete BEFORE DELETE ON ledger_transfers
  BEGIN SELECT RAISE(ABORT, 'ledger transfers are append-only'); END;)sql";
  const std::string postgresql =
      tables +
      R"sql(CREATE FUNCTION ledger_transfers_append_only() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'ledger transfers are append-only'; END $$;
CREATE TRIGGER ledger_transfers_append_only BEFORE UPDATE OR DELETE ON ledger_transfers
  FOR EACH ROW EXECUTE FUNCTION ledger_transfers_append_only();)sql";
  return {{200, "ledger", sqlite, postgresql},
          // A system account's balance is its row's plus these (see post()).
          {201, "system account shards",
           R"sql(CREATE TABLE ledger_account_shards (
  account_id BIGINT NOT NULL REFERENCES ledger_accounts (id),
  shard BIGINT NOT NULL, balance BIGINT NOT NULL,
  PRIMARY KEY (account_id, shard)))sql",
           ""},
          // No statement looks transfers up by their reference, and every transfer (one per
          // lottery entry in a crowd) paid for the index.
          {202, "no index on transfer references",
           "DROP INDEX IF EXISTS ledger_transfers_reference", ""},
          // The most a union's own admin may set its check-in reward to, set by the union
          // above it (see policy.cpp).
          {203, "check-in ceilings",
           "ALTER TABLE ledger_policies ADD COLUMN checkin_ceiling BIGINT", ""}};
}

Result<int64_t> balance(store::Tx& tx, int64_t member_id) {
  GH_ASSIGN(Rows rows, tx.query("SELECT balance FROM ledger_accounts WHERE id = ? AND kind = "
                                "'member'",
                                {member_id}));
  if (!rows.empty()) {
    return rows[0].integer(0);
  }
  GH_TRY(load_member(tx, member_id));
  return int64_t{0};
}

Result<TransferPage> member_transfers(store::Tx& tx, int64_t member_id, int64_t before_id,
                                      int64_t limit) {
  const int64_t before = before_id > 0 ? before_id : std::numeric_limits<int64_t>::max();
  // Each side is an ordered index range; their union is cut to one page.
  GH_ASSIGN(Rows rows,
            tx.query(std::string(kTransferSelect) +
                         " WHERE t.id IN ("
                         "SELECT id FROM (SELECT id FROM ledger_transfers WHERE "
                         "debit_account_id = ? AND id < ? ORDER BY id DESC LIMIT ?) AS d2 "
                         "UNION ALL "
                         "SELECT id FROM (SELECT id FROM ledger_transfers WHERE "
                         "credit_account_id = ? AND id < ? ORDER BY id DESC LIMIT ?) AS c2) "
                         "ORDER BY t.id DESC LIMIT ?",
                     {member_id, before, limit + 1, member_id, before, limit + 1, limit + 1}));
  TransferPage page;
  for (const auto& row : rows) {
    if (static_cast<int64_t>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(transfer_from_row(row));
  }
  return page;
}

Result<Transfer> get_transfer(store::Tx& tx, int64_t id) {
  GH_ASSIGN(Rows rows, tx.query(std::string(kTransferSelect) + " WHERE t.id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("transfer");
  }
  return transfer_from_row(rows[0]);
}

Result<Transfer> spend(store::Tx& tx, const Spend& s) {
  GH_TRY(check_amount(s.amount));
  GH_ASSIGN(MemberRow member, load_member(tx, s.member_id));
  if (!s.key.empty()) {
    GH_ASSIGN(std::optional<Transfer> first, find_by_key(tx, s.key));
    if (first) {
      if (first->kind != "spend" || first->member_id != s.member_id || first->amount != s.amount) {
        return Error::conflict("idempotency_conflict",
                               "this key was used for a different movement of points", "key");
      }
      return *first;
    }
  }
  if (!member.active) {
    return member_not_active();
  }
  int64_t org_id = member.org_id;
  if (s.org_id != 0 && s.org_id != member.org_id) {
    auto org = org::get(tx, s.org_id);
    if (!org.ok()) {
      return Error::invalid("org_id", "unknown_org", "no union has that id");
    }
    org_id = s.org_id;
  }
  GH_ASSIGN(int64_t spending, internal::system_account(tx, AccountKind::kSpending, org_id));
  Transfer t;
  t.debit_account_id = s.member_id;
  t.credit_account_id = spending;
  t.amount = s.amount;
  t.kind = "spend";
  t.reference = s.reference;
  t.memo = s.memo;
  t.key = s.key;
  t.member_id = s.member_id;
  t.org_id = org_id;
  return post(tx, t);
}

Status SpendBatch::reserve(store::Tx& tx, int64_t member_id, int64_t amount,
                           std::string reference) {
  GH_TRY(check_amount(amount));
  auto it = holders_.find(member_id);
  if (it == holders_.end()) {
    GH_ASSIGN(Rows rows, tx.query("SELECT m.status, a.balance, a.id FROM members m "
                                  "LEFT JOIN ledger_accounts a ON a.id = m.id WHERE m.id = ?",
                                  {member_id}));
    if (rows.empty()) {
      return Error::not_found("member");
    }
    Holder holder;
    holder.active = rows[0].text(0) == "active";
    holder.has_account = !rows[0].is_null(2);
    holder.balance = rows[0].integer(1);
    it = holders_.emplace(member_id, holder).first;
    order_.push_back(member_id);
  }
  Holder& holder = it->second;
  if (!holder.active) {
    return member_not_active();
  }
  if (!holder.has_account || holder.balance - holder.reserved < amount) {
    return insufficient_points();
  }
  holder.reserved += amount;
  Transfer t;
  t.debit_account_id = member_id;
  t.amount = amount;
  t.kind = "spend";
  t.reference = std::move(reference);
  t.memo = memo_;
  t.member_id = member_id;
  t.org_id = org_id_;
  pending_.push_back(std::move(t));
  return Status::Ok();
}

void SpendBatch::seen(int64_t member_id, bool active, std::optional<int64_t> balance) {
  Holder holder;
  holder.active = active;
  holder.has_account = balance.has_value();
  holder.balance = balance.value_or(0);
  if (holders_.emplace(member_id, holder).second) {
    order_.push_back(member_id);
  }
}

// As post(): each balance still has to cover what was reserved from it. On PostgreSQL
// another instance may have spent some since it was read (READ COMMITTED, no lock on the
// read), and all of them go in one statement (one round trip); SQLite's writer is in this
// process, where a statement per member costs less than joining a list.
Status SpendBatch::debit_holders(store::Tx& tx) {
  if (tx.engine() == "postgresql") {
    Params ids, amounts;
    for (int64_t member_id : order_) {
      if (const Holder& holder = holders_.at(member_id); holder.reserved > 0) {
        ids.emplace_back(member_id);
        amounts.emplace_back(holder.reserved);
      }
    }
    if (ids.empty()) {
      return Status::Ok();
    }
    std::vector<const store::Value*> id_list, amount_list;
    for (size_t i = 0; i < ids.size(); ++i) {
      id_list.push_back(&ids[i]);
      amount_list.push_back(&amounts[i]);
    }
    GH_ASSIGN(int64_t changed,
              tx.exec("UPDATE ledger_accounts AS a SET balance = a.balance - v.amount "
                      "FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[])) AS v (id, amount) "
                      "WHERE a.id = v.id AND a.balance >= v.amount",
                      {store::pg_array(id_list), store::pg_array(amount_list)}));
    if (changed != static_cast<int64_t>(ids.size())) {
      return insufficient_points();
    }
    return Status::Ok();
  }
  for (int64_t member_id : order_) {
    const Holder& holder = holders_.at(member_id);
    if (holder.reserved == 0) {
      continue;
    }
    GH_ASSIGN(int64_t changed, tx.exec("UPDATE ledger_accounts SET balance = balance - ? "
                                       "WHERE id = ? AND balance >= ?",
                                       {holder.reserved, member_id, holder.reserved}));
    if (changed != 1) {
      return insufficient_points();
    }
  }
  return Status::Ok();
}

Result<std::vector<Transfer>> SpendBatch::write(store::Tx& tx) {
  if (pending_.empty()) {
    return std::vector<Transfer>{};
  }
  GH_ASSIGN(int64_t spending, internal::system_account(tx, AccountKind::kSpending, org_id_));
  // Members first, then the system side, as post() locks them; the members in id order, so
  // that two batches on PostgreSQL that share members cannot wait for each other in a circle.
  std::sort(order_.begin(), order_.end());
  GH_TRY(debit_holders(tx));
  const int64_t now = Timestamp::now().ms;
  int64_t total = 0;
  for (Transfer& t : pending_) {
    t.id = new_id();
    t.created_at = now;
    t.key = t.kind + ":" + std::to_string(t.id);
    t.credit_account_id = spending;
    total += t.amount;
  }
  static const std::vector<store::Column> kColumns = {{"id", "bigint"},
                                                      {"debit_account_id", "bigint"},
                                                      {"credit_account_id", "bigint"},
                                                      {"amount", "bigint"},
                                                      {"kind", "text"},
                                                      {"reference", "text"},
                                                      {"memo", "text"},
                                                      {"idempotency_key", "text"},
                                                      {"created_at", "bigint"}};
  GH_TRY(store::insert_rows(
      tx, "ledger_transfers", kColumns, pending_.size(), [&](size_t i, Params& params) {
        const Transfer& t = pending_[i];
        params.insert(params.end(), {t.id, t.debit_account_id, t.credit_account_id, t.amount,
                                     t.kind, t.reference, t.memo, t.key, t.created_at});
      }));
  thread_local std::minstd_rand random(std::random_device{}());
  GH_TRY(
      tx.exec("INSERT INTO ledger_account_shards (account_id, shard, balance) "
              "VALUES (?, ?, ?) ON CONFLICT (account_id, shard) DO UPDATE SET "
              "balance = ledger_account_shards.balance + excluded.balance",
              {spending, static_cast<int64_t>(random() % kSystemShards), total}));
  std::vector<Transfer> written = std::move(pending_);
  pending_.clear();
  holders_.clear();
  order_.clear();
  return written;
}

Result<Transfer> refund(store::Tx& tx, int64_t spend_id, std::string_view memo) {
  GH_ASSIGN(Transfer original, get_transfer(tx, spend_id));
  if (original.kind != "spend") {
    return Error::invalid("id", "not_a_spend", "only a spend can be refunded");
  }
  return reverse_transfer(tx, original, "refund", memo);
}

Result<Transfer> reverse(store::Tx& tx, const Principal& admin, int64_t transfer_id,
                         std::string_view memo) {
  GH_ASSIGN(Transfer original, get_transfer(tx, transfer_id));
  GH_TRY(org::require_in_scope(tx, admin, original.org_id));
  GH_ASSIGN(Transfer reversal, reverse_transfer(tx, original, "reversal", memo));
  GH_TRY(audit::record(tx, admin, "points.reverse", "points_transfer", std::to_string(original.id),
                       original.org_id, transfer_snapshot(original), transfer_snapshot(reversal)));
  return reversal;
}

Result<Checkin> checkin(store::Tx& tx, int64_t member_id, Timestamp now) {
  GH_ASSIGN(MemberRow member, load_member(tx, member_id));
  if (!member.active) {
    return member_not_active();
  }
  Checkin out;
  out.day = day_text(local_day(now.ms));
  const std::string prefix = checkin_key_prefix(out.day);
  const std::string key = prefix + std::to_string(member_id);
  const Error already = Error::conflict("already_checked_in", "you have already checked in today");
  GH_ASSIGN(std::optional<Transfer> first, find_by_key(tx, key));
  if (first) {
    return already;
  }
  GH_ASSIGN(CheckinPolicy policy, checkin_policy(tx, member.path));
  if (policy.points == 0) {
    return Error::conflict("checkin_disabled", "your union does not give points for check-in");
  }
  // The payout counts against the budget of the paying union and of every union above it.
  std::vector<int64_t> payer_path = org::ids_on_path(member.path);
  const auto payer = std::find(payer_path.begin(), payer_path.end(), policy.org_id);
  if (payer == payer_path.end()) {
    return Error::internal("the check-in payer is not on the member's path");
  }
  payer_path.erase(payer + 1, payer_path.end());
  GH_TRY(internal::charge_budgets(tx, payer_path, policy.points, "points", now.ms));
  GH_ASSIGN(int64_t issuance, internal::system_account(tx, AccountKind::kIssuance, policy.org_id));
  Status credited = internal::credit_members(tx, issuance, {member_id}, policy.points, "checkin",
                                             "checkin:" + out.day, "", prefix, now.ms);
  if (!credited.ok()) {
    // The unique key refuses a concurrent second check-in the same day.
    return credited.error().code == store::kUniqueViolation ? already : credited.error();
  }
  GH_ASSIGN(first, find_by_key(tx, key));
  if (!first) {
    return Error::internal("check-in transfer missing");
  }
  out.transfer = *first;
  out.points = policy.points;
  GH_ASSIGN(out.balance, balance(tx, member_id));
  return out;
}

Result<MemberPoints> member_points(store::Tx& tx, int64_t member_id, Timestamp now) {
  GH_ASSIGN(MemberRow member, load_member(tx, member_id));
  MemberPoints out;
  GH_ASSIGN(out.balance, balance(tx, member_id));
  GH_ASSIGN(CheckinPolicy policy, checkin_policy(tx, member.path));
  out.checkin_points = policy.points;
  const std::string day = day_text(local_day(now.ms));
  GH_ASSIGN(Rows rows, tx.query("SELECT 1 FROM ledger_transfers WHERE idempotency_key = ?",
                                {checkin_key_prefix(day) + std::to_string(member_id)}));
  out.checked_in_today = !rows.empty();
  return out;
}

Result<Summary> summary(store::Tx& tx, const Principal& admin, int64_t org_id) {
  GH_ASSIGN(org::Org org, org::require_in_scope(tx, admin, org_id));
  return internal::load_summary(tx, org);
}

}  // namespace gonghui::ledger
