// Bookings of a campaign's time slots: book one place, and cancel it before the cut-off.
#include <algorithm>

#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/internal.hpp"
#include "domain/ledger/ledger.hpp"

namespace gonghui::campaign {

using store::Rows;

Result<Entry> book(store::Tx& tx, int64_t member_id, int64_t campaign_id, int64_t slot_id,
                   int64_t now) {
  GH_ASSIGN(Campaign c, internal::admit(tx, member_id, campaign_id, now));
  if (c.input.kind != Kind::kBooking) {
    return Error::invalid("slot_id", "not_a_booking", "this campaign has no slots");
  }
  const auto slot =
      std::find_if(c.slots.begin(), c.slots.end(), [&](const Slot& s) { return s.id == slot_id; });
  if (slot == c.slots.end()) {
    return Error::invalid("slot_id", "unknown_slot", "this campaign has no such slot");
  }
  if (now >= slot->starts_at) {
    return Error::conflict("slot_started", "this slot has already started", "slot_id");
  }
  // The WHERE clause is what keeps a slot from being overbooked however many race for it.
  GH_ASSIGN(int64_t took, tx.exec("UPDATE campaign_slots SET booked = booked + 1 "
                                  "WHERE id = ? AND booked < capacity",
                                  {slot_id}));
  if (took != 1) {
    return Error::conflict("slot_full", "this slot is fully booked", "slot_id");
  }
  GH_TRY(internal::count_use(tx, c, member_id, 1));
  Entry e;
  e.id = new_id();
  e.campaign_id = campaign_id;
  e.member_id = member_id;
  e.tickets = 1;
  e.points = c.input.points_cost;
  e.slot_id = slot_id;
  e.created_at = now;
  GH_TRY(internal::pay_and_record(tx, c, e));
  GH_ASSIGN(ServerKeys keys, server_keys(tx));
  e.member_ref = member_ref(keys.privacy, campaign_id, member_id);
  const Prize& ticket = c.prizes.front();
  // Checking in at the orchard is redeeming this voucher, up to the end of the slot.
  GH_ASSIGN(Voucher v, issue_voucher(tx, {campaign_id, ticket.id, member_id, e.id,
                                          ticket.merchant_id, slot->ends_at}));
  v.token = voucher_token(keys.sign_secret, v);
  e.voucher = std::move(v);
  return e;
}

Result<Entry> cancel_booking(store::Tx& tx, int64_t member_id, int64_t campaign_id,
                             int64_t entry_id, int64_t now) {
  GH_ASSIGN(Rows rows, tx.query("SELECT " + std::string(internal::kEntryColumns) +
                                    " FROM campaign_entries WHERE id = ? AND campaign_id = ? "
                                    "AND member_id = ?",
                                {entry_id, campaign_id, member_id}));
  if (rows.empty()) {
    return Error::not_found("entry");
  }
  GH_ASSIGN(Entry e, internal::entry_from_row(rows[0]));
  if (e.slot_id == 0) {
    return Error::conflict("not_a_booking", "only a booking can be cancelled by its member");
  }
  if (e.refunded) {
    return Error::conflict("already_cancelled", "this booking was already cancelled");
  }
  GH_ASSIGN(Campaign c, internal::load(tx, campaign_id));
  const auto slot = std::find_if(c.slots.begin(), c.slots.end(),
                                 [&](const Slot& s) { return s.id == e.slot_id; });
  if (slot == c.slots.end()) {
    return Error::internal("booking without its slot");
  }
  const int64_t cutoff = slot->starts_at - c.input.cancel_before_minutes * 60'000;
  if (now >= cutoff) {
    return Error::conflict("cancel_too_late",
                           "bookings can be cancelled until " + format_rfc3339(Timestamp{cutoff}));
  }
  // The voucher first: of a cancellation and a check-in that race, only one moves it.
  GH_ASSIGN(int64_t voided, tx.exec("UPDATE vouchers SET status = 'void' WHERE entry_id = ? "
                                    "AND status = 'issued'",
                                    {e.id}));
  if (voided != 1) {
    GH_ASSIGN(Rows v, tx.query("SELECT status FROM vouchers WHERE entry_id = ?", {e.id}));
    if (!v.empty() && v[0].text(0) == "redeemed") {
      return Error::conflict("already_redeemed", "this booking was already checked in");
    }
    return Error::conflict("already_cancelled", "this booking was already cancelled");
  }
  GH_ASSIGN(int64_t marked,
            tx.exec("UPDATE campaign_entries SET refunded = 1, cancelled_at = ? WHERE id = ? "
                    "AND refunded = 0",
                    {now, e.id}));
  if (marked != 1) {
    return Error::conflict("already_cancelled", "this booking was already cancelled");
  }
  if (e.spend_id != 0) {
    GH_TRY(ledger::refund(tx, e.spend_id, "预约取消退还积分"));
  }
  GH_TRY(tx.exec("UPDATE campaign_slots SET booked = booked - 1 WHERE id = ? AND booked >= 1",
                 {e.slot_id}));
  GH_TRY(
      tx.exec("UPDATE campaign_member_counts SET used = used - 1 WHERE campaign_id = ? AND "
              "member_id = ? AND used >= 1",
              {campaign_id, member_id}));
  e.refunded = true;
  e.cancelled_at = now;
  GH_ASSIGN(e.member_ref, internal::entry_member_ref(tx, campaign_id, member_id));
  GH_ASSIGN(Rows voucher, tx.query("SELECT id FROM vouchers WHERE entry_id = ?", {e.id}));
  if (!voucher.empty()) {
    GH_ASSIGN(Voucher v, member_voucher(tx, member_id, voucher[0].integer(0)));
    e.voucher = std::move(v);
  }
  return e;
}

}  // namespace gonghui::campaign
