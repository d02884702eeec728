// A member's single entry (lottery tickets or a claim) and the steps entries share: the
// per-member limit, the points and the entry row; a member's entries.
#include <algorithm>
#include <random>

#include "core/id.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/internal.hpp"
#include "domain/campaign/statements.hpp"
#include "domain/ledger/ledger.hpp"
#include "store/batch.hpp"
#include "store/columns.hpp"

namespace gonghui::campaign {

using store::Rows;

namespace {

constexpr std::string_view kSelectEntries =
    "SELECT id, campaign_id, member_id, tickets, points, spend_id, refunded, created_at, "
    "slot_id, cancelled_at FROM campaign_entries WHERE ";

using EntryFields =
    store::Fields<&Entry::id, &Entry::campaign_id, &Entry::member_id, &Entry::tickets,
                  &Entry::points, &Entry::spend_id, &Entry::refunded, &Entry::created_at,
                  &Entry::slot_id, &Entry::cancelled_at>;
static_assert(EntryFields::matches(kSelectEntries));

Entry entry_from_row(const store::Row& r) { return EntryFields::read(r); }

// Takes one unit of a prize's stock if there is any left: false when sold out. The stock
// is spread over `stock_rows` rows (the prize row and its buckets); a claim starts at a
// random one so that concurrent claims lock different rows, and moves on while the rows
// it tries are empty. Each conditional decrement holds at most one row lock (a decrement
// that finds its row empty changes nothing), so claims cannot deadlock on the stock.
Result<bool> take_stock(store::Tx& tx, const Prize& prize) {
  thread_local std::minstd_rand random(std::random_device{}());
  const int64_t rows = std::max<int64_t>(prize.stock_rows, 1);
  const int64_t start = rows == 1 ? 0 : static_cast<int64_t>(random() % rows);
  for (int64_t i = 0; i < rows; ++i) {
    const int64_t bucket = (start + i) % rows;
    GH_ASSIGN(int64_t took, bucket == 0 ? tx.exec(sql::kTakeFromPrize, {prize.id})
                                        : tx.exec(sql::kTakeFromBucket, {prize.id, bucket}));
    if (took == 1) {
      return true;
    }
  }
  return false;
}

// One unit of the first prize with stock: `expected` (the tier read before) first, then
// every tier in order. nullptr when all are sold out. The WHERE clause of the decrement makes
// overselling impossible however many claims race.
Result<const Prize*> take_any_stock(store::Tx& tx, const Campaign& c, const Prize& expected) {
  GH_ASSIGN(bool took, take_stock(tx, expected));
  if (took) {
    return &expected;
  }
  for (const auto& p : c.prizes) {
    if (&p == &expected) {
      continue;
    }
    GH_ASSIGN(took, take_stock(tx, p));
    if (took) {
      return &p;
    }
  }
  return static_cast<const Prize*>(nullptr);
}

Error sold_out() { return Error::conflict("sold_out", "all of it has been claimed"); }

// A lottery entry: within the member's limit, then the points and the entry.
Result<Entry> enter_lottery(store::Tx& tx, const Campaign& c, int64_t member_id, int64_t tickets,
                            int64_t now) {
  GH_ASSIGN(int64_t used, internal::lottery_tickets(tx, c.id, member_id));
  if (used + tickets > c.input.per_member_limit) {
    return internal::limit_reached(c);
  }
  Entry e = internal::new_entry(c, member_id, tickets, now);
  GH_ASSIGN(e.member_ref, internal::entry_member_ref(tx, c.id, member_id));
  // The points go last: the union's spending account is a row every paid entry writes.
  GH_TRY(internal::pay_and_record(tx, c, e));
  return e;
}

// A claim takes one unit of the first tier with stock. The stock rows are rows every claim
// of the campaign writes, so they are taken near the end, just before the points and the
// commit: on PostgreSQL a row lock is then held for a few statements and the commit
// instead of the whole transaction, and the stock is spread over several rows
// (take_stock; see docs/deploy.md, "Hot rows"). The stock as read here only decides early
// that it is sold out; the conditional decrement decides for real.
Result<Entry> claim(store::Tx& tx, const Campaign& c, int64_t member_id, int64_t now) {
  const auto expected = std::find_if(c.prizes.begin(), c.prizes.end(),
                                     [](const Prize& p) { return p.remaining > 0; });
  if (expected == c.prizes.end()) {
    return sold_out();
  }
  GH_TRY(internal::count_use(tx, c, member_id, 1));
  Entry e = internal::new_entry(c, member_id, 1, now);
  GH_ASSIGN(ServerKeys keys, server_keys(tx));
  e.member_ref = member_ref(keys.privacy, c.id, member_id);
  GH_ASSIGN(Voucher v,
            issue_voucher(tx, {c.id, expected->id, member_id, e.id, expected->merchant_id,
                               now + c.input.voucher_valid_days * internal::kDayMs}));
  GH_ASSIGN(const Prize* won, take_any_stock(tx, c, *expected));
  if (won == nullptr) {
    return sold_out();
  }
  if (won != &*expected) {
    GH_TRY(tx.exec(sql::kVoucherForPrize, {won->id, won->merchant_id, v.id}));
    GH_ASSIGN(v, member_voucher(tx, member_id, v.id));
  }
  // Then the points, for the same reason as the stock: the spending account's row lock is
  // held from here to the commit. (Stock rows are spread, the spending account is one row.)
  GH_TRY(internal::pay_and_record(tx, c, e));
  v.token = voucher_token(keys.sign_secret, v);
  e.voucher = std::move(v);
  return e;
}

}  // namespace

namespace internal {

Result<std::vector<Entry>> read_entries(store::Tx& tx, std::string_view condition,
                                        const store::Params& params) {
  GH_ASSIGN(Rows rows, tx.query(std::string(kSelectEntries) + std::string(condition), params));
  std::vector<Entry> entries;
  entries.reserve(rows.size());
  for (const auto& row : rows) {
    entries.push_back(entry_from_row(row));
  }
  return entries;
}

Status record_entries(store::Tx& tx, const std::vector<const Entry*>& entries) {
  return store::insert_rows(
      tx, "campaign_entries", sql::kEntryColumns, entries.size(),
      [&](size_t i, store::Params& params) {
        const Entry& e = *entries[i];
        params.insert(params.end(), {e.id, e.campaign_id, e.member_id, e.tickets, e.points,
                                     e.spend_id, int64_t{0}, e.created_at, e.slot_id, int64_t{0}});
      });
}

Entry new_entry(const Campaign& c, int64_t member_id, int64_t tickets, int64_t now) {
  Entry e;
  e.id = new_id();
  e.campaign_id = c.id;
  e.member_id = member_id;
  e.tickets = tickets;
  e.points = c.input.points_cost * tickets;
  e.created_at = now;
  return e;
}

Error limit_reached(const Campaign& c) {
  return Error::conflict(
      "limit_reached",
      "you may take part at most " + std::to_string(c.input.per_member_limit) + " times",
      "tickets");
}

// What a member has used of a lottery's per-member limit: the tickets of their entries in
// it. A lottery's entries are only ever added (cancelling it refunds them and takes no
// more), so their sum is the count, with no row to write per entry: a per-member count row
// would be one more randomly placed page in every entry's commit. Claims and bookings keep
// theirs in campaign_member_counts (cancelling a booking lowers it).
//
// On PostgreSQL other instances enter too. The member's row is locked first, by every
// lottery entry, so a concurrent entry of the same member waits for this transaction, and
// this one counts what an entry before it committed (READ COMMITTED reads each statement
// afresh).
Result<int64_t> lottery_tickets(store::Tx& tx, int64_t campaign_id, int64_t member_id) {
  if (tx.engine() == "postgresql") {
    GH_ASSIGN(Rows locked,
              tx.query("SELECT id FROM members WHERE id = ? FOR NO KEY UPDATE", {member_id}));
    if (locked.empty()) {
      return Error::not_found("member");
    }
  }
  GH_ASSIGN(Rows rows, tx.query("SELECT COALESCE(SUM(tickets), 0) FROM campaign_entries "
                                "WHERE member_id = ? AND campaign_id = ?",
                                {member_id, campaign_id}));
  return rows.empty() ? 0 : rows[0].integer(0);
}

// Raises the member's usage of a claim or booking by `n` within the per-member limit: one
// conditional upsert (n itself is within the limit, checked by the callers), which changes
// no row when the limit would be passed.
Status count_use(store::Tx& tx, const Campaign& c, int64_t member_id, int64_t n) {
  GH_ASSIGN(int64_t counted,
            tx.exec("INSERT INTO campaign_member_counts (campaign_id, member_id, used) "
                    "VALUES (?, ?, ?) ON CONFLICT (campaign_id, member_id) DO UPDATE SET "
                    "used = campaign_member_counts.used + excluded.used "
                    "WHERE campaign_member_counts.used + excluded.used <= ?",
                    {c.id, member_id, n, c.input.per_member_limit}));
  if (counted != 1) {
    return limit_reached(c);
  }
  return Status::Ok();
}

// Takes the entry's points (if any) and records the entry.
Status pay_and_record(store::Tx& tx, const Campaign& c, Entry& e) {
  if (e.points > 0) {
    ledger::Spend spend;
    spend.member_id = e.member_id;
    spend.org_id = c.input.org_id;
    spend.amount = e.points;
    spend.reference = "campaign_entry:" + id_string(e.id);
    spend.memo = c.input.title;
    // No idempotency key of the entry's own: its id is new, so no earlier spend could hold
    // it, and looking it up would cost an index probe per entry. The ledger makes a fresh
    // key.
    GH_ASSIGN(ledger::Transfer t, ledger::spend(tx, spend));
    e.spend_id = t.id;
  }
  return record_entries(tx, {&e});
}

}  // namespace internal

Result<Entry> enter(store::Tx& tx, int64_t member_id, int64_t campaign_id, int64_t tickets,
                    int64_t now) {
  GH_ASSIGN(Campaign c, internal::admit(tx, member_id, campaign_id, now));
  if (c.input.kind == Kind::kBooking) {
    return Error::invalid("slot_id", "required", "a booking names the slot_id to book");
  }
  if (c.input.kind == Kind::kDistribution) {
    return Error::conflict("not_enterable", "the union hands out this campaign's vouchers");
  }
  GH_TRY(internal::ticket_count(c, tickets));
  if (c.input.kind == Kind::kClaim) {
    return claim(tx, c, member_id, now);
  }
  return enter_lottery(tx, c, member_id, tickets, now);
}

Result<Entry> take_part(store::Tx& tx, const EntryRequest& request, int64_t now) {
  if (request.slot_id != 0) {
    return book(tx, request.member_id, request.campaign_id, request.slot_id, now);
  }
  return enter(tx, request.member_id, request.campaign_id, request.tickets, now);
}

Result<std::vector<Entry>> my_entries(store::Tx& tx, const Principal& member, int64_t campaign_id) {
  GH_TRY(get(tx, member, campaign_id));
  const RoleGrant* grant = member.grant(Role::kMember);
  const int64_t member_id = grant ? grant->member_id : 0;
  GH_ASSIGN(std::vector<Entry> entries,
            internal::read_entries(tx, "member_id = ? AND campaign_id = ? ORDER BY id",
                                   {member_id, campaign_id}));
  GH_ASSIGN(std::vector<Voucher> vouchers, member_vouchers(tx, member_id));
  GH_ASSIGN(ServerKeys keys, server_keys(tx));
  for (Entry& e : entries) {
    e.member_ref = member_ref(keys.privacy, campaign_id, member_id);
    for (const auto& v : vouchers) {
      if (v.entry_id == e.id) {
        e.voucher = v;
      }
    }
  }
  return entries;
}

}  // namespace gonghui::campaign
