// A member's single entry (lottery tickets or a claim) and the steps entries share: the
// per-member limit, the points and the entry row; a member's entries.
#include <algorithm>
#include <random>

#include "core/id.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/internal.hpp"
#include "domain/ledger/ledger.hpp"

namespace gonghui::campaign {

using store::Rows;

namespace {

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
    GH_ASSIGN(int64_t took, bucket == 0
                                ? tx.exec("UPDATE campaign_prizes SET remaining = remaining - 1 "
                                          "WHERE id = ? AND remaining >= 1",
                                          {prize.id})
                                : tx.exec("UPDATE campaign_stock SET remaining = remaining - 1 "
                                          "WHERE prize_id = ? AND bucket = ? AND remaining >= 1",
                                          {prize.id, bucket}));
    if (took == 1) {
      return true;
    }
  }
  return false;
}

}  // namespace

namespace internal {

Result<Entry> entry_from_row(const store::Row& r) {
  Entry e;
  e.id = r.integer(0);
  e.campaign_id = r.integer(1);
  e.member_id = r.integer(2);
  e.tickets = r.integer(3);
  e.points = r.integer(4);
  e.spend_id = r.integer(5);
  e.refunded = r.integer(6) != 0;
  e.created_at = r.integer(7);
  e.slot_id = r.integer(8);
  e.cancelled_at = r.integer(9);
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
// was one more randomly placed page in every entry's commit. Claims and bookings keep theirs
// in campaign_member_counts (cancelling a booking lowers it).
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
    // it, and looking it up cost an index probe per entry. The ledger makes a fresh key.
    GH_ASSIGN(ledger::Transfer t, ledger::spend(tx, spend));
    e.spend_id = t.id;
  }
  GH_TRY(
      tx.exec("INSERT INTO campaign_entries (id, campaign_id, member_id, tickets, points, "
              "spend_id, refunded, created_at, slot_id, cancelled_at) "
              "VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, 0)",
              {e.id, e.campaign_id, e.member_id, e.tickets, e.points, e.spend_id, e.created_at,
               e.slot_id}));
  return Status::Ok();
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
  const bool claim = c.input.kind == Kind::kClaim;
  // A claim takes one unit of the first tier with stock. The stock rows are rows every claim
  // of the campaign writes, so they are taken near the end, just before the points and the
  // commit: on PostgreSQL a row lock is then held for a few statements and the commit
  // instead of the whole transaction, and the stock is spread over several rows
  // (take_stock; see docs/deploy.md, "Hot rows"). The stock as read here only decides early
  // that it is sold out; the conditional decrement decides for real.
  const Prize* expected = nullptr;
  if (claim) {
    for (const auto& p : c.prizes) {
      if (p.remaining > 0) {
        expected = &p;
        break;
      }
    }
    if (expected == nullptr) {
      return Error::conflict("sold_out", "all of it has been claimed");
    }
  }
  if (claim) {
    GH_TRY(internal::count_use(tx, c, member_id, tickets));
  } else {
    GH_ASSIGN(int64_t used, internal::lottery_tickets(tx, campaign_id, member_id));
    if (used + tickets > c.input.per_member_limit) {
      return internal::limit_reached(c);
    }
  }
  Entry e;
  e.id = new_id();
  e.campaign_id = campaign_id;
  e.member_id = member_id;
  e.tickets = tickets;
  e.points = c.input.points_cost * tickets;
  e.created_at = now;
  if (!claim) {
    GH_ASSIGN(e.member_ref, internal::entry_member_ref(tx, campaign_id, member_id));
    // The points go last: the union's spending account is a row every paid entry writes.
    GH_TRY(internal::pay_and_record(tx, c, e));
    return e;
  }
  GH_ASSIGN(ServerKeys keys, server_keys(tx));
  e.member_ref = member_ref(keys.privacy, campaign_id, member_id);
  GH_ASSIGN(Voucher v,
            issue_voucher(tx, {campaign_id, expected->id, member_id, e.id, expected->merchant_id,
                               now + c.input.voucher_valid_days * internal::kDayMs}));
  // The WHERE clause makes overselling impossible however many claims race; the tier read
  // above is tried first, then every tier in order.
  const Prize* won = nullptr;
  GH_ASSIGN(bool took, take_stock(tx, *expected));
  if (took) {
    won = expected;
  } else {
    for (const auto& p : c.prizes) {
      if (&p == expected) {
        continue;
      }
      GH_ASSIGN(took, take_stock(tx, p));
      if (took) {
        won = &p;
        break;
      }
    }
  }
  if (won == nullptr) {
    return Error::conflict("sold_out", "all of it has been claimed");
  }
  if (won != expected) {
    GH_TRY(tx.exec("UPDATE vouchers SET prize_id = ?, merchant_id = ? WHERE id = ?",
                   {won->id, won->merchant_id, v.id}));
    GH_ASSIGN(v, member_voucher(tx, member_id, v.id));
  }
  // Then the points, for the same reason as the stock: the spending account's row lock is
  // held from here to the commit. (Stock rows are spread, the spending account is one row.)
  GH_TRY(internal::pay_and_record(tx, c, e));
  v.token = voucher_token(keys.sign_secret, v);
  e.voucher = std::move(v);
  return e;
}

Result<std::vector<Entry>> my_entries(store::Tx& tx, int64_t member_id, int64_t campaign_id) {
  GH_ASSIGN(Rows rows, tx.query("SELECT " + std::string(internal::kEntryColumns) +
                                    " FROM campaign_entries WHERE member_id = ? AND "
                                    "campaign_id = ? ORDER BY id",
                                {member_id, campaign_id}));
  GH_ASSIGN(std::vector<Voucher> vouchers, member_vouchers(tx, member_id));
  GH_ASSIGN(ServerKeys keys, server_keys(tx));
  std::vector<Entry> out;
  for (const auto& row : rows) {
    GH_ASSIGN(Entry e, internal::entry_from_row(row));
    e.member_ref = member_ref(keys.privacy, campaign_id, member_id);
    for (const auto& v : vouchers) {
      if (v.entry_id == e.id) {
        e.voucher = v;
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace gonghui::campaign
