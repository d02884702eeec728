// Points (积分) as a double-entry ledger: every change is one append-only transfer from a
// debit account to a credit account, balances live on the account rows and change in the
// same transaction, so all balances always sum to zero. Member accounts never go below
// zero (a conditional update backed by a CHECK constraint); a union's system accounts may:
// its issuance account holds minus what it has issued.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "core/time.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::ledger {

// The largest amount one transfer (or one grant per member) may move. Keeps every total
// (amount × members) far inside what JSON and int64 hold.
inline constexpr int64_t kMaxAmount = 1'000'000'000;
// Check-in points where no union on the member's path has set any.
inline constexpr int64_t kDefaultCheckinPoints = 5;
// The check-in ceiling where no union above has set one (see set_checkin_ceiling).
inline constexpr int64_t kDefaultCheckinCeiling = 100;
// Rows a union's system account spreads its movements over (ledger_account_shards), so
// that concurrent spends and check-ins do not all wait for one row lock.
inline constexpr int64_t kSystemShards = 8;
// Members granted per write transaction.
inline constexpr int64_t kGrantChunk = 2000;
// Largest explicit member list one grant may name (larger groups: grant to a union).
inline constexpr size_t kMaxGrantMembers = 10000;

// A member's account (its id is the member id) or one of a union's system accounts:
// issuance (source of grants and check-ins), spending (what campaigns took), expiry.
enum class AccountKind { kMember, kIssuance, kSpending, kExpiry };
// "member", "issuance", "spending" or "expiry", as stored.
std::string_view account_kind_name(AccountKind kind);

// One row of the ledger. Every transfer has a member on one side and a union's system
// account on the other.
struct Transfer {
  int64_t id = 0;
  int64_t debit_account_id = 0;   // points leave this account
  int64_t credit_account_id = 0;  // points arrive in this account
  int64_t amount = 0;             // always positive
  std::string kind;               // grant, checkin, spend, refund, reversal, expiry
  std::string reference;          // what caused it, e.g. "grant:123", "lottery_entry:9"
  std::string memo;               // words for people (the grant's reason, a spend's campaign
                                  // title, …)
  std::string key;                // unique idempotency key of the movement
  int64_t reverses_id = 0;        // the transfer this one undoes, 0 if none
  int64_t reversed_by = 0;        // the transfer that undid this one, 0 if none
  int64_t created_at = 0;
  int64_t member_id = 0;  // the member side
  int64_t org_id = 0;     // the union owning the system side
  // What the transfer this one undoes was (kind, reference and memo; empty when it undoes
  // none), so that a refund or reversal can say what it gave back. Read, never written.
  std::string reverses_kind;
  std::string reverses_reference;
  std::string reverses_memo;

  // The amount as the member sees it: positive when points came in.
  int64_t signed_amount() const { return credit_account_id == member_id ? amount : -amount; }
};

// Tables ledger_accounts, ledger_account_shards, ledger_transfers (append-only, enforced by
// triggers), ledger_policies, ledger_grants and ledger_grant_members (versions 200-299).
std::vector<store::Migration> migrations();

// ---- Balances and history -------------------------------------------------------------

// The member's balance; 0 for a member who never had points. NotFound if no such member.
Result<int64_t> balance(store::Tx& tx, int64_t member_id);

struct TransferPage {
  std::vector<Transfer> items;  // newest first
  int64_t next_cursor = 0;      // pass as before_id for the next page; 0 when none
};
// The member's transfers with id < before_id (0: from the newest).
Result<TransferPage> member_transfers(store::Tx& tx, int64_t member_id, int64_t before_id,
                                      int64_t limit);
// One transfer. NotFound if absent.
Result<Transfer> get_transfer(store::Tx& tx, int64_t id);

// ---- Moving points (for other modules, inside their own transaction) -------------------

struct Spend {
  int64_t member_id = 0;
  int64_t org_id = 0;     // the union whose spending account receives; 0: the member's
  int64_t amount = 0;     // 1..kMaxAmount
  std::string reference;  // what the points pay for, e.g. "lottery_entry:77"
  std::string memo;
  std::string key;  // unique per spend; empty: a fresh one is made
};
// Takes points from a member. Conflict insufficient_points (field "amount") if the balance
// is too low; a member who is not active gets Conflict member_not_active. With a key that
// was used before, returns that first transfer and moves nothing (Conflict
// idempotency_conflict if it was for another member or amount). Safe under any concurrency.
Result<Transfer> spend(store::Tx& tx, const Spend& spend);

// Many spends to one union's spending account in one transaction, with the outcomes that
// spend() would give them one after another (without keys: each gets a fresh one). Each is
// checked in memory, in the order reserved, against what the members held when first seen
// less what was reserved before it; write() then makes them all with a few statements
// (one balance update per member, multi-row transfers, one move of the union's shard).
// For the flash crowd's entries, which the store runs in groups. Not thread-safe; the
// transaction must be a write transaction.
class SpendBatch {
 public:
  SpendBatch(int64_t org_id, std::string memo) : org_id_(org_id), memo_(std::move(memo)) {}

  // spend()'s checks for one more spend: InvalidArgument out_of_range (field amount),
  // NotFound member, Conflict member_not_active, Conflict insufficient_points (field
  // amount). A refused spend reserves nothing. Reads the member the first time only.
  Status reserve(store::Tx& tx, int64_t member_id, int64_t amount, std::string reference);
  // What the caller has read about a member in this transaction (whether active, and the
  // balance of its account, if it has one), so that reserve() need not read it again.
  // Ignored for a member already seen.
  void seen(int64_t member_id, bool active, std::optional<int64_t> balance);
  // Writes every reserved spend; returns their transfers in the order reserved. Conflict
  // insufficient_points if a member's balance no longer covers what was reserved (another
  // transaction spent in between, on PostgreSQL): then nothing may be kept, so return the
  // error from the transaction.
  Result<std::vector<Transfer>> write(store::Tx& tx);

 private:
  struct Holder {
    bool active = false;
    bool has_account = false;
    int64_t balance = 0;   // when read
    int64_t reserved = 0;  // by the spends reserved since
  };
  // Takes what was reserved from each member's balance (Conflict insufficient_points).
  Status debit_holders(store::Tx& tx);

  int64_t org_id_;
  std::string memo_;
  std::unordered_map<int64_t, Holder> holders_;
  std::vector<int64_t> order_;  // members in the order first seen
  std::vector<Transfer> pending_;
};

// Gives back a whole spend. Conflict already_reversed if it was refunded or reversed
// before; InvalidArgument not_a_spend for another kind of transfer.
Result<Transfer> refund(store::Tx& tx, int64_t spend_id, std::string_view memo);

// An administrator undoes a transfer with a new transfer the other way that references it
// (transfers themselves never change). Only once per transfer (Conflict already_reversed);
// reversals and refunds cannot be reversed (Conflict not_reversible); taking back points a
// member has already spent is Conflict insufficient_points. The transfer's union must lie
// in the administrator's subtree. Audited.
Result<Transfer> reverse(store::Tx& tx, const Principal& admin, int64_t transfer_id,
                         std::string_view memo);

// ---- Daily check-in (签到) --------------------------------------------------------------

struct Checkin {
  Transfer transfer;
  int64_t points = 0;
  int64_t balance = 0;  // after the check-in
  std::string day;      // the member's union day, "2026-05-01"
};
// Gives the member the check-in points once per day in the union's time zone; the database
// refuses a second transfer for the same member and day (Conflict already_checked_in).
// Points come from the issuance account of the nearest union on the member's path that
// set check-in points, or of the root federation (kDefaultCheckinPoints) if none did.
// Conflict checkin_disabled if that setting is 0.
Result<Checkin> checkin(store::Tx& tx, int64_t member_id, Timestamp now);

struct MemberPoints {
  int64_t balance = 0;
  int64_t checkin_points = 0;  // what a check-in gives this member now
  bool checked_in_today = false;
};
// What a member's points page shows. NotFound if no such member.
Result<MemberPoints> member_points(store::Tx& tx, int64_t member_id, Timestamp now);

// ---- Union totals and policies ----------------------------------------------------------

struct Summary {
  int64_t org_id = 0;
  int64_t issued = 0;           // net points issued by unions of the subtree (grants + check-ins
                                // − reversals)
  int64_t spent = 0;            // net points spent on the subtree's campaigns (spends − refunds)
  int64_t expired = 0;          // points expired into the subtree's expiry accounts
  int64_t held = 0;             // points members of the subtree hold now
  int64_t member_accounts = 0;  // members of the subtree with a ledger account
  std::optional<int64_t> budget;           // the union's budget for its subtree; nullopt: no limit
  int64_t budget_used = 0;                 // points grants and check-ins in the subtree have taken
  std::optional<int64_t> checkin_points;   // the union's own setting; nullopt: inherited
  std::optional<int64_t> checkin_ceiling;  // set by the union above; nullopt: none of its own
  int64_t checkin_max = 0;  // the highest check-in reward its own admin may set (the lowest
                            // ceiling on its path, else kDefaultCheckinCeiling)
};
// Totals over the subtree of org_id, which must lie in the administrator's scope.
Result<Summary> summary(store::Tx& tx, const Principal& admin, int64_t org_id);

// Sets (or with nullopt removes) a union's points budget: the total points that grants and
// check-in payouts by it and by every union under it may ever take. An org admin cannot set
// their own union's budget, only a sub-union's. Audited.
Result<Summary> set_budget(store::Tx& tx, const Principal& admin, int64_t org_id,
                           std::optional<int64_t> budget);
// Sets the check-in points for members under the union (0 disables, nullopt inherits). An
// org admin may set at most the union's checkin_max (InvalidArgument above_ceiling, field
// "points"); the platform admin up to kMaxAmount. Audited.
Result<Summary> set_checkin_points(store::Tx& tx, const Principal& admin, int64_t org_id,
                                   std::optional<int64_t> points);
// Sets (or with nullopt removes) the ceiling of a union's check-in reward. Like a budget, it
// is set by the union above: an org admin only for unions under their own. Audited.
Result<Summary> set_checkin_ceiling(store::Tx& tx, const Principal& admin, int64_t org_id,
                                    std::optional<int64_t> ceiling);

// ---- Grants ------------------------------------------------------------------------------

struct GrantInput {
  int64_t from_org_id = 0;          // the granting union; 0: the administrator's own union
  int64_t org_id = 0;               // every active member of this subtree, or
  std::vector<int64_t> member_ids;  // these members (exactly one of the two)
  int64_t amount = 0;               // per member, 1..kMaxAmount
  std::string reason;
};

struct Grant {
  int64_t id = 0;
  int64_t org_id = 0;         // the granting union
  int64_t target_org_id = 0;  // 0 for a member list
  int64_t amount = 0;
  std::string reason;
  bool done = false;
  int64_t recipients = 0;  // members targeted, fixed when the grant is made
  int64_t granted = 0;     // members who received the points so far
  int64_t skipped = 0;     // members no longer active when their turn came
  int64_t cursor = 0;      // highest member id processed
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t finished_at = 0;
  bool replayed = false;  // start_grant found it under the same idempotency key
};

// What a grant would do, without doing it: how many members it reaches, the points in all,
// and the least budget left after it on the granting union's path (nullopt: no budget
// binds). Runs start_grant's own checks, so it fails as the grant would (budget_exceeded, an
// unknown member, …), and undoes everything it wrote.
struct GrantPreview {
  int64_t recipients = 0;
  int64_t total = 0;
  std::optional<int64_t> budget_left;
};
Result<GrantPreview> preview_grant(store::Tx& tx, const Principal& admin, const GrantInput& input);

// Records a grant and its recipients (no points move yet; run_grant moves them). The
// granting union must lie in the administrator's scope and every recipient in the granting
// union's subtree. Reserves amount × recipients of the union's budget (Conflict
// budget_exceeded, field "amount"). The same administrator and key again returns the
// existing grant with replayed set (Conflict idempotency_conflict if the input differs),
// so re-sending a grant resumes it. Audited.
Result<Grant> start_grant(store::Tx& tx, const Principal& admin, const GrantInput& input,
                          std::string_view idempotency_key);

// Grants to the next `chunk` recipients in one write transaction and returns the grant
// after it; marks the grant done (releasing unused budget) after the last recipient. Each
// (grant, member) transfer is unique in the database, and a chunk that races another
// worker on the same grant is rolled back (Unavailable grant_busy), so no member is ever
// granted twice however often this is called or interrupted.
Result<Grant> grant_chunk(store::Db& db, int64_t grant_id, int64_t chunk = kGrantChunk);

// Calls grant_chunk until the grant is done or deadline_ms (UTC ms, 0: none) has passed.
Result<Grant> run_grant(store::Db& db, int64_t grant_id, int64_t deadline_ms = 0,
                        int64_t chunk = kGrantChunk);

// A grant in the administrator's scope. NotFound if absent or outside it.
Result<Grant> get_grant(store::Tx& tx, const Principal& admin, int64_t id);

struct GrantPage {
  std::vector<Grant> items;  // newest first
  int64_t next_cursor = 0;
};
// Grants by unions in the subtree of org_id (default: the administrator's scope).
Result<GrantPage> list_grants(store::Tx& tx, const Principal& admin, int64_t org_id,
                              int64_t before_id, int64_t limit);

// Finishes grants in the background, one at a time, chunk by chunk. On start it picks up
// every grant left running (by a crash or a restart); after that, every `sweep_ms` it picks
// up grants that no worker has moved for `stale_ms`, such as one whose instance died while
// others run on. Chunks are safe to race (grant_busy), so any instance may finish any grant.
// Thread-safe; the destructor stops after the current chunk and joins.
class GrantRunner {
 public:
  struct Options {
    int64_t sweep_ms = 30'000;
    int64_t stale_ms = 60'000;
  };
  explicit GrantRunner(store::Db& db) : GrantRunner(db, Options{}) {}
  GrantRunner(store::Db& db, Options options);
  ~GrantRunner();
  GrantRunner(const GrantRunner&) = delete;
  GrantRunner& operator=(const GrantRunner&) = delete;

  // Queues a grant (no-op if already queued).
  void submit(int64_t grant_id);

 private:
  void loop();
  // Queues running grants (all of them, or those not moved since `before_ms`).
  void pick_up(int64_t before_ms);

  store::Db& db_;
  Options options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<int64_t> queue_;  // under mu_
  std::set<int64_t> queued_;   // under mu_
  bool stopping_ = false;      // under mu_
  std::thread thread_;
};

// ---- Verification (`gonghui check`) -------------------------------------------------------

struct CheckItem {
  std::string name;                     // what was verified, in words
  int64_t checked = 0;                  // how many things were looked at
  std::string counted;                  // what `checked` counts ("accounts", "transfers", …)
  std::vector<std::string> violations;  // empty when the invariant holds (first 20 shown)
  int64_t violation_count = 0;
};
// Verifies the ledger's invariants over the whole database in one consistent snapshot:
// balances sum to zero; each balance equals the replay of its transfers; no member balance
// is negative; every idempotency key maps to one result (one transfer per key, one reversal
// per transfer, one grant per key, each grant's counters match its transfers).
Result<std::vector<CheckItem>> check(store::Db& db);

}  // namespace gonghui::ledger
