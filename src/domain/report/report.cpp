// The impact report's schema (indexes and rollups) and the names of its figures.
#include "domain/report/report.hpp"

#include "core/time.hpp"

namespace gonghui::report {

constexpr std::string_view kRollupTable =
    R"sql(CREATE TABLE campaign_rollups (campaign_id BIGINT PRIMARY KEY REFERENCES campaigns (id),
  vouchers BIGINT NOT NULL, first_created BIGINT NOT NULL, last_created BIGINT NOT NULL,
  tallies TEXT NOT NULL, members TEXT NOT NULL, built_at BIGINT NOT NULL);)sql";

std::vector<store::Migration> migrations() {
  // The report reads vouchers by campaign and issue time; covering the other columns it
  // needs lets both engines answer from the index alone.
  return {{600, "report indexes",
           R"sql(CREATE INDEX vouchers_report ON vouchers
  (campaign_id, created_at, status, prize_id, member_id);
CREATE INDEX vouchers_created ON vouchers (created_at);
CREATE INDEX campaigns_opens ON campaigns (opens_at);
CREATE INDEX ledger_transfers_created ON ledger_transfers (created_at);)sql",
           ""},
          // The voucher pass reads each live status of a campaign as one index range, and
          // the purchase pass reads purchases from an index alone. Campaigns by union and
          // opening time keep PostgreSQL's generic plan (unknown path range) from pairing
          // every union of the subtree with every campaign opened in range.
          {601, "report indexes by status",
           R"sql(DROP INDEX vouchers_report;
CREATE INDEX vouchers_report ON vouchers
  (campaign_id, status, created_at, prize_id, member_id);
CREATE INDEX purchases_report ON purchases
  (org_id, purchased_on, total_fen, counterpart_region);
CREATE INDEX campaigns_org_opens ON campaigns (org_id, opens_at);)sql",
           ""},
          // Campaign rollups (rollup.hpp) and the triggers that delete a campaign's rollup
          // whenever one of its vouchers is inserted, updated or deleted.
          {602, "campaign rollups",
           std::string(kRollupTable) +
               R"sql(CREATE TRIGGER vouchers_rollup_insert AFTER INSERT ON vouchers BEGIN
  DELETE FROM campaign_rollups WHERE campaign_id = NEW.campaign_id; END;
CREATE TRIGGER vouchers_rollup_update AFTER UPDATE ON vouchers BEGIN
  DELETE FROM campaign_rollups WHERE campaign_id IN (OLD.campaign_id,
  NEW.campaign_id); END;
CREATE TRIGGER vouchers_rollup_delete AFTER DELETE ON vouchers BEGIN
  DELETE FROM campaign_rollups WHERE campaign_id = OLD.campaign_id; END;)sql",
           std::string(kRollupTable) +
               R"sql(CREATE FUNCTION campaign_rollup_stale() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
  IF TG_OP <> 'INSERT' THEN
  DELETE FROM campaign_rollups WHERE campaign_id = OLD.campaign_id; END IF;
  IF TG_OP <> 'DELETE' THEN
  DELETE FROM campaign_rollups WHERE campaign_id = NEW.campaign_id; END IF;
  RETURN NULL; END $$;
CREATE TRIGGER vouchers_rollup AFTER INSERT OR UPDATE OR DELETE ON vouchers
  FOR EACH ROW EXECUTE FUNCTION campaign_rollup_stale();)sql"},
          // Drill-downs page vouchers by issue time, then id.
          {603, "vouchers by issue time and id",
           "DROP INDEX vouchers_created;"
           "CREATE INDEX vouchers_created ON vouchers (created_at, id);",
           ""},
          // The admin overview counts the vouchers redeemed today.
          {604, "vouchers by redemption time",
           "CREATE INDEX vouchers_redeemed ON vouchers (redeemed_at)", ""}};
}

int64_t default_from() { return *parse_local_date("2021-01-01"); }

const std::vector<std::string>& figures() {
  static const std::vector<std::string> all = {"events",
                                               "events_by_kind",
                                               "events_by_brand",
                                               "lottery_events",
                                               "portions",
                                               "portions_by_product",
                                               "portions_by_produce",
                                               "by_kind",
                                               "by_brand",
                                               "by_platform",
                                               "person_times",
                                               "members_reached",
                                               "redeemed",
                                               "redemption_rate_permille",
                                               "purchases_fen",
                                               "prize_value_fen",
                                               "funds_fen",
                                               "counterpart_aid_fen",
                                               "counterpart_aid_by_region",
                                               "merchants_signed",
                                               "merchants_by_category",
                                               "orchards_and_farms",
                                               "points_issued",
                                               "points_spent",
                                               "offer_uses",
                                               "training_person_times",
                                               "subsidy_people",
                                               "subsidy_paid_fen",
                                               "helplist_needs",
                                               "helplist_needs_by_category",
                                               "helplist_needs_accepted",
                                               "helplist_funds_fen",
                                               "helplist_volunteer_minutes",
                                               "helplist_income_fen_per_year",
                                               "stations",
                                               "station_visits",
                                               "job_hires",
                                               "new_members"};
  return all;
}

}  // namespace gonghui::report
