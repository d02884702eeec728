// The campaign tables and their migrations, the kinds of campaign and what status one shows.
#include <optional>
#include <string>

#include "domain/campaign/campaign.hpp"

namespace gonghui::campaign {

CampaignStatus Campaign::status(int64_t now) const {
  if (stored_status != CampaignStatus::kPublished) {
    return stored_status;
  }
  if (now < input.opens_at) {
    return CampaignStatus::kPublished;
  }
  if (now < input.closes_at) {
    return CampaignStatus::kOpen;
  }
  return input.kind == Kind::kLottery ? CampaignStatus::kClosed : CampaignStatus::kFinished;
}

// Version 400: the server's keys, campaigns and their unions, prizes, entries, per-member
// counts, winners and vouchers.
constexpr std::string_view kCampaignTables =
    R"sql(CREATE TABLE server_keys (name TEXT PRIMARY KEY, value TEXT NOT NULL,
  created_at BIGINT NOT NULL);
CREATE TABLE campaigns (
  id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL REFERENCES orgs (id),
  kind TEXT NOT NULL CHECK (kind IN ('lottery','claim','booking','distribution')),
  title TEXT NOT NULL, description TEXT NOT NULL, brand TEXT NOT NULL, tags TEXT NOT NULL,
  opens_at BIGINT NOT NULL, closes_at BIGINT NOT NULL,
  points_cost BIGINT NOT NULL CHECK (points_cost >= 0),
  per_member_limit BIGINT NOT NULL CHECK (per_member_limit >= 1),
  one_prize_per_member INTEGER NOT NULL, voucher_valid_days BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','published','drawn','cancelled')),
  secret TEXT NOT NULL, commitment TEXT NOT NULL, beacon_source TEXT NOT NULL,
  beacon_value TEXT NOT NULL, created_by BIGINT NOT NULL, created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL, published_at BIGINT NOT NULL, drawn_at BIGINT NOT NULL,
  cancelled_at BIGINT NOT NULL);
CREATE INDEX campaigns_org ON campaigns (org_id, id);
CREATE TABLE campaign_orgs (
  campaign_id BIGINT NOT NULL REFERENCES campaigns (id), org_id BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, org_id));
CREATE TABLE campaign_prizes (
  id BIGINT PRIMARY KEY, campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
  tier BIGINT NOT NULL, name TEXT NOT NULL, quantity BIGINT NOT NULL CHECK (quantity >= 1),
  remaining BIGINT NOT NULL CHECK (remaining >= 0 AND remaining <= quantity),
  value_fen BIGINT NOT NULL, merchant_id BIGINT NOT NULL, product_id BIGINT NOT NULL,
  UNIQUE (campaign_id, tier));
CREATE TABLE campaign_entries (
  id BIGINT PRIMARY KEY, campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
  member_id BIGINT NOT NULL, tickets BIGINT NOT NULL CHECK (tickets >= 1),
  points BIGINT NOT NULL, spend_id BIGINT NOT NULL, refunded INTEGER NOT NULL,
  created_at BIGINT NOT NULL);
CREATE INDEX campaign_entries_campaign ON campaign_entries (campaign_id, id);
CREATE INDEX campaign_entries_member ON campaign_entries (member_id, campaign_id);
-- Per-member usage of claims and bookings (a lottery's is its entries: lottery_tickets),
-- raised by a conditional update so the limit holds under concurrency.
CREATE TABLE campaign_member_counts (
  campaign_id BIGINT NOT NULL, member_id BIGINT NOT NULL, used BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, member_id));
CREATE TABLE campaign_winners (
  campaign_id BIGINT NOT NULL REFERENCES campaigns (id), seq BIGINT NOT NULL,
  tier BIGINT NOT NULL, entry_id BIGINT NOT NULL, voucher_id BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, seq));
CREATE TABLE vouchers (
  id BIGINT PRIMARY KEY, code TEXT NOT NULL UNIQUE,
  campaign_id BIGINT NOT NULL REFERENCES campaigns (id), prize_id BIGINT NOT NULL,
  member_id BIGINT NOT NULL, entry_id BIGINT NOT NULL, merchant_id BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('issued','redeemed','void')),
  redeemed_at BIGINT NOT NULL, redeemed_by BIGINT NOT NULL, redeemed_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL);
CREATE INDEX vouchers_member ON vouchers (member_id, id);
CREATE INDEX vouchers_campaign ON vouchers (campaign_id, prize_id);
CREATE INDEX vouchers_entry ON vouchers (entry_id);)sql";
// Version 401: booking slots and cancellation, distributions and their recipients.
constexpr std::string_view kBookingsAndDistributions =
    R"sql(ALTER TABLE campaigns ADD COLUMN cancel_before_minutes BIGINT NOT NULL DEFAULT 120;
ALTER TABLE campaign_entries ADD COLUMN slot_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE campaign_entries ADD COLUMN cancelled_at BIGINT NOT NULL DEFAULT 0;
-- booked <= capacity is also a constraint: the conditional update is the real guard.
CREATE TABLE campaign_slots (
  id BIGINT PRIMARY KEY, campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
  starts_at BIGINT NOT NULL, ends_at BIGINT NOT NULL,
  capacity BIGINT NOT NULL CHECK (capacity >= 1),
  booked BIGINT NOT NULL CHECK (booked >= 0 AND booked <= capacity));
CREATE INDEX campaign_slots_campaign ON campaign_slots (campaign_id, starts_at);
CREATE TABLE campaign_distributions (
  id BIGINT PRIMARY KEY, campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
  target_org_id BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running','done')),
  recipients BIGINT NOT NULL, issued BIGINT NOT NULL, created_by BIGINT NOT NULL,
  idempotency_key TEXT NOT NULL, fingerprint TEXT NOT NULL, created_at BIGINT NOT NULL,
  finished_at BIGINT NOT NULL, UNIQUE (created_by, idempotency_key));
-- One row per (campaign, member): a member receives at most one distributed voucher.
CREATE TABLE campaign_recipients (
  campaign_id BIGINT NOT NULL, member_id BIGINT NOT NULL,
  distribution_id BIGINT NOT NULL, voucher_id BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, member_id));
CREATE INDEX campaign_recipients_distribution ON campaign_recipients
(distribution_id, voucher_id, member_id);)sql";

std::vector<store::Migration> migrations() {
  return {{400, "campaigns", std::string(kCampaignTables), ""},
          {401, "campaign bookings and distributions", std::string(kBookingsAndDistributions), ""},
          {402, "campaign photos",
           "ALTER TABLE campaigns ADD COLUMN photo_ids TEXT NOT NULL DEFAULT ''", ""},
          // A claim prize's stock beyond its own row's `remaining`, spread over buckets so
          // that concurrent claims on PostgreSQL do not all queue for one row lock.
          {403, "campaign stock buckets",
           R"sql(CREATE TABLE campaign_stock (
  prize_id BIGINT NOT NULL, bucket BIGINT NOT NULL,
  remaining BIGINT NOT NULL CHECK (remaining >= 0),
  PRIMARY KEY (prize_id, bucket)))sql",
           ""},
          // A lottery's per-member limit is the member's tickets in its entries
          // (lottery_tickets): with the tickets in the member index, their sum is read from
          // the index alone, not from each entry's row.
          {404, "campaign entries' tickets in the member index",
           R"sql(DROP INDEX campaign_entries_member;
CREATE INDEX campaign_entries_member ON campaign_entries
(member_id, campaign_id, tickets);)sql",
           ""},
          // Where a prize's produce comes from, kept on the prize so that reading it needs no
          // join: the supplier (a signed merchant's name, or a farm that is not one), and the
          // produce and its kind (copied from the catalogue product when there is one).
          {405, "campaign prize produce",
           R"sql(ALTER TABLE campaign_prizes ADD COLUMN supplier_name TEXT NOT NULL DEFAULT '';
ALTER TABLE campaign_prizes ADD COLUMN produce_name TEXT NOT NULL DEFAULT '';
ALTER TABLE campaign_prizes ADD COLUMN produce_kind TEXT NOT NULL DEFAULT '';)sql",
           ""}};
}

}  // namespace gonghui::campaign
