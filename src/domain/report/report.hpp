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

struct District {
  int64_t org_id = 0;
  std::string name;
  Core core;
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
  std::map<std::string, int64_t> events_by_kind;
  std::map<std::string, int64_t> events_by_brand;
  std::map<std::string, int64_t> portions_by_product;  // by the prize product's kind; none → other
  int64_t merchants_signed = 0;  // not suspended, in contract at `to`, signed by a union in scope
  std::map<std::string, int64_t> merchants_by_category;
  int64_t orchards_and_farms = 0;
  std::map<std::string, int64_t> counterpart_aid_by_region;
  int64_t points_issued = 0;  // grant + checkin transfers credited to members in scope
  int64_t points_spent = 0;   // spend transfers debited from members in scope, less refunds
  std::vector<Month> trend_by_month;
  std::vector<District> by_district;  // one per child union of the scope root
};

// The subtree is `org_id` (default: the admin's scope root); 403 outside the admin's scope.
Result<Impact> impact(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id,
                      int64_t from, int64_t to);

// The figure names that have a drill-down.
const std::vector<std::string>& figures();

struct RecordQuery {
  std::string figure;
  std::string key;  // optional breakdown key: kind, brand, product kind, category or region
  std::optional<int64_t> org_id;
  int64_t from = 0;
  int64_t to = 0;
  int64_t after_id = 0;
  int64_t limit = 50;
};
struct Records {
  std::string type;  // campaign, voucher, purchase, merchant, transfer
  boost::json::array items;
  int64_t next_cursor = 0;
};
// The rows behind a figure, by ascending id (vouchers by issue time, then id). 400
// unknown_figure naming `figure`; 400 unknown_cursor naming `cursor` for a voucher cursor that
// names no voucher.
Result<Records> records(store::Tx& tx, const Principal& admin, const RecordQuery& query);

}  // namespace gonghui::report
