// The impact report (工会助农普惠成效): every figure of a union subtree over a date range,
// computed from gonghui's own records, each with a drill-down to the rows behind it.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::report {

std::vector<store::Migration> migrations();

// The default start of a report: 2021-01-01 00:00 Asia/Shanghai (the 14th five-year plan).
int64_t default_from();

// The figures that are summed per district as well.
// Live records: campaigns and vouchers; imported history (history::Contribution) counts by its
// own date: an event row as an event with its portions, person-times (its portions when it
// names none) and funds (counted with prize_value_fen), a purchase row as a purchase.
struct Core {
  int64_t events = 0;  // published or drawn campaigns organised in the subtree, opened in range
  int64_t lottery_events = 0;   // of those, lotteries
  int64_t portions = 0;         // vouchers (not void) issued in range for those campaigns
  int64_t person_times = 0;     // the same vouchers: one person-time each
  int64_t members_reached = 0;  // distinct members holding one of them
  int64_t redeemed = 0;         // of them, redeemed
  int64_t purchases_fen = 0;    // purchases of unions in the subtree dated in range
  int64_t prize_value_fen =
      0;                  // value_fen of those vouchers whose campaign is linked to no purchase
  int64_t funds_fen = 0;  // purchases_fen + prize_value_fen
  int64_t counterpart_aid_fen = 0;  // purchases with a counterpart-aid region
};

// A row of the district table: one per child union of the report's root, then one for the
// root's own events and purchases (本级), so that the rows add up to the total.
struct District {
  int64_t org_id = 0;
  std::string name;
  Core core;
  bool own = false;  // the 本级 row: the root union's own records
};

// The figures of one kind, brand or listing platform. Funds are split so that each
// breakdown adds up to the report's funds: a voucher's prize value goes to its campaign, a
// purchase's total to the campaigns it hands out (equal shares, the remainder to the first by
// id), and a purchase that hands out no campaign to kind "purchase" and brand "(none)".
// Platforms carry events, portions and person-times only (funds_fen stays 0).
struct Share {
  int64_t events = 0;
  int64_t portions = 0;
  int64_t person_times = 0;
  int64_t funds_fen = 0;
  bool operator==(const Share&) const = default;
};

struct Month {
  std::string month;  // "2025-03" (Asia/Shanghai)
  int64_t portions = 0;
  int64_t funds_fen = 0;
};

struct Impact {
  int64_t org_id = 0;
  std::string org_name;
  int64_t from = 0;
  int64_t to = 0;
  Core core;
  int64_t redemption_rate_permille = 0;  // redeemed × 1000 / portions, rounded down
  Core imported;  // the part of `core` that comes from imported history (members_reached 0)
  std::map<std::string, int64_t> events_by_kind;
  std::map<std::string, int64_t> events_by_brand;
  // By the produce's kind: the catalogue product's, else the prize's declared produce_kind;
  // "other" only when neither is known.
  std::map<std::string, int64_t> portions_by_product;
  // By named produce (草莓, 西瓜 …): the catalogue product's name, else the prize's declared
  // produce_name, else the Chinese name of its kind (水果); "other" only when nothing is known.
  std::map<std::string, int64_t> portions_by_produce;
  std::map<std::string, Share> by_kind;   // campaign kinds, and "purchase" (see Share)
  std::map<std::string, Share> by_brand;  // "(none)" for no brand
  // Listing platforms (海州采摘) of the prizes' merchants and of imported rows; a campaign
  // counts as an event of each platform one of its prizes is redeemed on. Unlisted: absent.
  std::map<std::string, Share> by_platform;
  int64_t merchants_signed = 0;  // not suspended, in contract at `to`, signed by a union in scope
  std::map<std::string, int64_t> merchants_by_category;
  int64_t orchards_and_farms = 0;
  std::map<std::string, int64_t> counterpart_aid_by_region;
  int64_t points_issued = 0;  // grant + checkin transfers credited to members in scope
  int64_t points_spent = 0;   // spend transfers debited from members in scope, less refunds
  // 优惠购 person-times: offers used with a membership card by members of unions in scope
  // (their union when the use was recorded), recorded in range.
  int64_t offer_uses = 0;
  // 技能培训 person-times: sessions attended (signed in or marked present) of courses organised
  // in scope, by the session's start in range.
  int64_t training_person_times = 0;
  // 求学圆梦: members of unions in scope (their union when they applied) paid in range, counted
  // once each, and the amount paid to them (by the payment's date).
  int64_t subsidy_people = 0;
  int64_t subsidy_paid_fen = 0;
  // 帮促清单 of pairings of unions in scope: needs added in range (and by category), needs
  // accepted in range, fund payments and purchases meeting needs recorded in range, volunteer
  // minutes of tasks started in range, yearly income added by outcomes recorded in range.
  int64_t helplist_needs = 0;
  std::map<std::string, int64_t> helplist_needs_by_category;
  int64_t helplist_needs_accepted = 0;
  int64_t helplist_funds_fen = 0;
  int64_t helplist_volunteer_minutes = 0;
  int64_t helplist_income_fen_per_year = 0;
  // 户外劳动者服务站 of unions in scope existing at the end of the range, and their check-ins
  // (person-times) in range.
  int64_t stations = 0;
  int64_t station_visits = 0;
  // 就业服务: job applications moved to 录用 in range (jobs of employers vetted by unions in
  // scope), and 入会申请 approved in range by unions in scope.
  int64_t job_hires = 0;
  int64_t new_members = 0;
  std::vector<Month> trend_by_month;
  std::vector<District> by_district;  // child unions of the scope root, then 本级 (own)
};

// The subtree is `org_id` (default: the admin's scope root); 403 outside the admin's scope.
Result<Impact> impact(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id,
                      int64_t from, int64_t to);

// The figure names that have a drill-down.
const std::vector<std::string>& figures();

struct RecordQuery {
  std::string figure;
  // Optional breakdown key: kind, brand, product kind, produce, platform, category or region.
  std::string key;
  std::optional<int64_t> org_id;
  int64_t from = 0;
  int64_t to = 0;
  // The cursor: the last id listed; for training_attendance rows, the number of rows listed.
  int64_t after_id = 0;
  int64_t limit = 50;
  bool imported = false;  // the imported history rows behind the figure instead of live ones
};
struct Records {
  // campaign, voucher, purchase, merchant, transfer, offer_use, training_attendance,
  // subsidy_payout, helplist_need, helplist_fulfilment, helplist_task, helplist_outcome, station,
  // station_check_in, job_hire, joining_approval; imported
  std::string type;
  boost::json::array items;
  int64_t next_cursor = 0;
};
// The rows behind a figure, by ascending id (vouchers by issue time, then id; training
// attendance, which has no id, by the session's start, session and member). 400
// unknown_figure naming `figure`; 400 unknown_cursor naming `cursor` for a voucher cursor that
// names no voucher.
Result<Records> records(store::Tx& tx, const Principal& admin, const RecordQuery& query);

}  // namespace gonghui::report
