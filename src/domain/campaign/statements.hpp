// Every statement the campaign module writes with, in one place, so the conditions that keep
// stock, places and per-member limits from being exceeded can be read together. Statements
// whose rows a row mapper reads stay beside that mapper.
#pragma once

#include <string_view>
#include <vector>

#include "store/batch.hpp"

namespace gonghui::campaign::sql {

// ---- Bookings: places in a slot, and cancelling them.

// The WHERE clause is what keeps a slot from being overbooked however many race for it.
inline constexpr std::string_view kTakePlace =
    "UPDATE campaign_slots SET booked = booked + 1 WHERE id = ? AND booked < capacity";
inline constexpr std::string_view kGivePlaceBack =
    "UPDATE campaign_slots SET booked = booked - 1 WHERE id = ? AND booked >= 1";
inline constexpr std::string_view kUncount =
    "UPDATE campaign_member_counts SET used = used - 1 "
    "WHERE campaign_id = ? AND member_id = ? AND used >= 1";
inline constexpr std::string_view kMarkCancelled =
    "UPDATE campaign_entries SET refunded = 1, cancelled_at = ? WHERE id = ? AND refunded = 0";
inline constexpr std::string_view kVoidVoucher =
    "UPDATE vouchers SET status = 'void' WHERE entry_id = ? AND status = 'issued'";
inline constexpr std::string_view kVoucherStatus = "SELECT status FROM vouchers WHERE entry_id = ?";
inline constexpr std::string_view kVoucherOfEntry = "SELECT id FROM vouchers WHERE entry_id = ?";

// ---- Distributions: vouchers for listed members or a subtree.

inline constexpr std::string_view kInsertDistribution =
    "INSERT INTO campaign_distributions (id, campaign_id, target_org_id, status, recipients, "
    "issued, created_by, idempotency_key, fingerprint, created_at, finished_at) "
    "VALUES (?, ?, ?, 'running', 0, 0, ?, ?, ?, ?, 0)";
// Members who already received this campaign's voucher are skipped (DO NOTHING).
inline constexpr std::string_view kInsertSubtreeRecipients =
    "INSERT INTO campaign_recipients (campaign_id, member_id, distribution_id, voucher_id) "
    "SELECT ?, m.id, ?, 0 FROM members m JOIN orgs o ON o.id = m.org_id "
    "WHERE o.path >= ? AND o.path < ? AND m.status = 'active'";
inline constexpr std::string_view kOnlyOnce = " ON CONFLICT (campaign_id, member_id) DO NOTHING";
inline constexpr std::string_view kInsertListedRecipient =
    "INSERT INTO campaign_recipients (campaign_id, member_id, distribution_id, voucher_id) "
    "VALUES (?, ?, ?, 0) ON CONFLICT (campaign_id, member_id) DO NOTHING";
// The WHERE clause means concurrent distributions can never take more than the quantity.
inline constexpr std::string_view kReserveStock =
    "UPDATE campaign_prizes SET remaining = remaining - ? WHERE id = ? AND remaining >= ?";
inline constexpr std::string_view kNextRecipients =
    "SELECT member_id FROM campaign_recipients WHERE distribution_id = ? AND voucher_id = 0 "
    "ORDER BY member_id LIMIT ?";
// Exactly one voucher per recipient: a worker racing on the same rows finds them taken.
inline constexpr std::string_view kMarkIssued =
    "UPDATE campaign_recipients SET voucher_id = ? WHERE campaign_id = ? AND member_id = ? "
    "AND voucher_id = 0";
inline constexpr std::string_view kCountIssued =
    "UPDATE campaign_distributions SET issued = issued + ?, status = ?, finished_at = ? "
    "WHERE id = ?";

// ---- Entries: points paid, stock and per-member limits taken.

// A new entry's columns (store::insert_rows); a new entry is neither refunded (0) nor
// cancelled (0).
inline const std::vector<store::Column> kEntryColumns = {
    {"id", "bigint"},          {"campaign_id", "bigint"}, {"member_id", "bigint"},
    {"tickets", "bigint"},     {"points", "bigint"},      {"spend_id", "bigint"},
    {"refunded", "integer"},   {"created_at", "bigint"},  {"slot_id", "bigint"},
    {"cancelled_at", "bigint"}};
inline constexpr std::string_view kTakeFromPrize =
    "UPDATE campaign_prizes SET remaining = remaining - 1 WHERE id = ? AND remaining >= 1";
inline constexpr std::string_view kTakeFromBucket =
    "UPDATE campaign_stock SET remaining = remaining - 1 "
    "WHERE prize_id = ? AND bucket = ? AND remaining >= 1";
inline constexpr std::string_view kVoucherForPrize =
    "UPDATE vouchers SET prize_id = ?, merchant_id = ? WHERE id = ?";

// ---- Grouped entries: many members' entries written together.

// load_member() and the spend's read of the member's balance in one read for a group's
// members: "m.id is one of" (store::one_of) is appended.
inline constexpr std::string_view kMembersWithBalance =
    "SELECT m.id, m.org_id, m.status, a.balance FROM members m "
    "LEFT JOIN ledger_accounts a ON a.id = m.id WHERE ";

// ---- Reading a campaign and a member.

inline constexpr std::string_view kSelectBaseOrgs =
    "SELECT org_id FROM campaign_orgs WHERE campaign_id = ? ORDER BY org_id";
inline constexpr std::string_view kSelectTotals =
    "SELECT COUNT(*), COALESCE(SUM(tickets), 0) FROM campaign_entries WHERE campaign_id = ?";
inline constexpr std::string_view kSelectMember =
    "SELECT m.org_id, m.status, o.path FROM members m JOIN orgs o ON o.id = m.org_id "
    "WHERE m.id = ?";

// ---- Server keys.

// The two keys in name order: member_ref_privacy, then voucher_signing.
inline constexpr std::string_view kKeys =
    "SELECT name, value FROM server_keys WHERE name IN ('member_ref_privacy', "
    "'voucher_signing') ORDER BY name";
inline constexpr std::string_view kProposeKeys =
    "INSERT INTO server_keys (name, value, created_at) VALUES (?, ?, ?), (?, ?, ?) "
    "ON CONFLICT (name) DO NOTHING";
inline constexpr std::string_view kPrivacyKey =
    "SELECT value FROM server_keys WHERE name = 'member_ref_privacy'";

// ---- Creating, listing, publishing and cancelling campaigns.

inline constexpr std::string_view kInsertCampaign =
    "INSERT INTO campaigns (id, org_id, kind, title, description, brand, tags, opens_at, "
    "closes_at, points_cost, per_member_limit, one_prize_per_member, voucher_valid_days, "
    "status, secret, commitment, beacon_source, beacon_value, created_by, created_at, "
    "updated_at, published_at, drawn_at, cancelled_at, cancel_before_minutes) VALUES (?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', '', '', ?, '', ?, ?, ?, 0, 0, 0, ?)";
inline constexpr std::string_view kPhotoExists = "SELECT 1 FROM photos WHERE id = ?";
inline constexpr std::string_view kSetPhotos = "UPDATE campaigns SET photo_ids = ? WHERE id = ?";
inline constexpr std::string_view kInsertSlot =
    "INSERT INTO campaign_slots (id, campaign_id, starts_at, ends_at, capacity, booked) "
    "VALUES (?, ?, ?, ?, ?, 0)";
inline constexpr std::string_view kInsertBaseOrg =
    "INSERT INTO campaign_orgs (campaign_id, org_id) VALUES (?, ?)";
inline constexpr std::string_view kInsertPrize =
    "INSERT INTO campaign_prizes (id, campaign_id, tier, name, quantity, remaining, value_fen, "
    "merchant_id, product_id, supplier_name, produce_name, produce_kind) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// A product's merchant, name and kind, for a prize that names it.
inline constexpr std::string_view kProductOfPrize =
    "SELECT merchant_id, name, kind FROM products WHERE id = ?";
inline constexpr std::string_view kInsertStockBucket =
    "INSERT INTO campaign_stock (prize_id, bucket, remaining) VALUES (?, ?, ?)";
// Listed campaigns of unions in a path range, newest first (a job fair's or a mentor's
// campaign is reached through the fair or the mentor).
inline constexpr std::string_view kCampaignsInRange =
    "SELECT c.id FROM campaigns c JOIN orgs o ON o.id = c.org_id "
    "WHERE o.path >= ? AND o.path < ? AND c.listed = 1 AND c.id < ? ORDER BY c.id DESC LIMIT ?";
inline constexpr std::string_view kPublish =
    "UPDATE campaigns SET status = 'published', secret = ?, commitment = ?, published_at = ?, "
    "updated_at = ? WHERE id = ? AND status = 'draft'";
inline constexpr std::string_view kCancel =
    "UPDATE campaigns SET status = 'cancelled', cancelled_at = ?, updated_at = ? "
    "WHERE id = ? AND status IN ('draft', 'published')";
// Only while it is open: of two concurrent closes one changes the row.
inline constexpr std::string_view kCloseEarly =
    "UPDATE campaigns SET closes_at = ?, updated_at = ? WHERE id = ? AND kind = 'lottery' "
    "AND status = 'published' AND opens_at <= ? AND closes_at > ?";
inline constexpr std::string_view kEntriesToRefund =
    "SELECT id, spend_id FROM campaign_entries WHERE campaign_id = ? AND refunded = 0 "
    "ORDER BY id";
inline constexpr std::string_view kMarkRefunded =
    "UPDATE campaign_entries SET refunded = 1 WHERE id = ?";
inline constexpr std::string_view kVoidVouchers =
    "UPDATE vouchers SET status = 'void' WHERE campaign_id = ? AND status = 'issued'";

// ---- The draw and its winners.

inline constexpr std::string_view kSecret = "SELECT secret FROM campaigns WHERE id = ?";
// The draw's entries, in ascending id.
inline constexpr std::string_view kDrawEntries =
    "SELECT id, member_id, tickets FROM campaign_entries WHERE campaign_id = ? ORDER BY id";
// Marks it drawn: of two concurrent draws only one changes the row.
inline constexpr std::string_view kMarkDrawn =
    "UPDATE campaigns SET status = 'drawn', beacon_value = ?, drawn_at = ?, updated_at = ? "
    "WHERE id = ? AND status = 'published'";
inline constexpr std::string_view kInsertWinner =
    "INSERT INTO campaign_winners (campaign_id, seq, tier, entry_id, voucher_id) "
    "VALUES (?, ?, ?, ?, ?)";
// The winners as recorded at the draw, in the order drawn.
inline constexpr std::string_view kWinners =
    "SELECT w.tier, w.entry_id, e.member_id FROM campaign_winners w "
    "JOIN campaign_entries e ON e.id = w.entry_id WHERE w.campaign_id = ? ORDER BY w.seq";

// The winners with their prizes and who they are, in the order drawn.
inline constexpr std::string_view kWinnersNamed =
    "SELECT w.tier, p.name, m.name, m.phone FROM campaign_winners w "
    "JOIN campaign_entries e ON e.id = w.entry_id JOIN members m ON m.id = e.member_id "
    "JOIN campaign_prizes p ON p.campaign_id = w.campaign_id AND p.tier = w.tier "
    "WHERE w.campaign_id = ? ORDER BY w.seq LIMIT ?";

}  // namespace gonghui::campaign::sql
