// Bookings of a campaign's time slots: book one place, and cancel it before the cut-off.
#include <algorithm>

#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/internal.hpp"
#include "domain/campaign/statements.hpp"
#include "domain/ledger/ledger.hpp"

namespace gonghui::campaign {
namespace {

using store::Rows;

Error already_cancelled() {
  return Error::conflict("already_cancelled", "this booking was already cancelled");
}

// The booking's slot, if it may still be cancelled at `now` (Conflict cancel_too_late).
Result<Slot> cancellable_slot(const Campaign& c, const Entry& e, int64_t now) {
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
  return *slot;
}

// Voids the booking's voucher and marks the entry cancelled. The voucher first: of a
// cancellation and a check-in that race, only one moves it.
Status void_booking(store::Tx& tx, const Entry& e, int64_t now) {
  GH_ASSIGN(int64_t voided, tx.exec(sql::kVoidVoucher, {e.id}));
  if (voided != 1) {
    GH_ASSIGN(Rows v, tx.query(sql::kVoucherStatus, {e.id}));
    if (!v.empty() && v[0].text(0) == "redeemed") {
      return Error::conflict("already_redeemed", "this booking was already checked in");
    }
    return already_cancelled();
  }
  GH_ASSIGN(int64_t marked, tx.exec(sql::kMarkCancelled, {now, e.id}));
  if (marked != 1) {
    return already_cancelled();
  }
  return Status::Ok();
}

}  // namespace

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
  GH_ASSIGN(int64_t took, tx.exec(sql::kTakePlace, {slot_id}));
  if (took != 1) {
    return Error::conflict("slot_full", "this slot is fully booked", "slot_id");
  }
  GH_TRY(internal::count_use(tx, c, member_id, 1));
  Entry e = internal::new_entry(c, member_id, 1, now);
  e.slot_id = slot_id;
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
  GH_ASSIGN(std::vector<Entry> found,
            internal::read_entries(tx, "id = ? AND campaign_id = ? AND member_id = ?",
                                   {entry_id, campaign_id, member_id}));
  if (found.empty()) {
    return Error::not_found("entry");
  }
  Entry e = std::move(found.front());
  if (e.slot_id == 0) {
    return Error::conflict("not_a_booking", "only a booking can be cancelled by its member");
  }
  if (e.refunded) {
    return already_cancelled();
  }
  GH_ASSIGN(Campaign c, internal::load(tx, campaign_id));
  GH_TRY(cancellable_slot(c, e, now));
  GH_TRY(void_booking(tx, e, now));
  if (e.spend_id != 0) {
    GH_TRY(ledger::refund(tx, e.spend_id, "预约取消退还积分"));
  }
  GH_TRY(tx.exec(sql::kGivePlaceBack, {e.slot_id}));
  GH_TRY(tx.exec(sql::kUncount, {campaign_id, member_id}));
  e.refunded = true;
  e.cancelled_at = now;
  GH_ASSIGN(e.member_ref, internal::entry_member_ref(tx, campaign_id, member_id));
  GH_ASSIGN(Rows voucher, tx.query(sql::kVoucherOfEntry, {e.id}));
  if (!voucher.empty()) {
    GH_ASSIGN(Voucher v, member_voucher(tx, member_id, voucher[0].integer(0)));
    e.voucher = std::move(v);
  }
  return e;
}

}  // namespace gonghui::campaign
