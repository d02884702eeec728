// Shared set-up for the purchase and report tests: the fixture tree, and rows (merchants,
// campaigns, prizes, vouchers, transfers) inserted directly with SQL at chosen times, so
// that the report's figures are known in advance.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/purchase/purchase.hpp"
#include "support/domain_test.hpp"

namespace gonghui::purchase {

class PurchaseTest : public gonghui::testing::DomainTest {
 protected:
  void sql(const std::string& statement, const store::Params& params) {
    Status s = db().write([&](store::Tx& tx) -> Status {
      GH_TRY(tx.exec(statement, params));
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.error().message << " in " << statement;
  }
  static int64_t day(const char* date) { return *parse_local_date(date); }

  int64_t add_member(int64_t org_id) {
    return gonghui::testing::add_member(db(), tree_.platform, org_id, ++members_);
  }
  int64_t add_merchant(int64_t org_id, const std::string& category, int64_t start, int64_t end,
                       bool suspended = false) {
    const int64_t id = new_id();
    sql("INSERT INTO merchants (id, org_id, name, category, address, lat_e6, lng_e6,"
        " contact_name, phone, licence_no, description, opening_hours, external_url, photo_ids,"
        " suspended, contract_start, contract_end, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, '', 0, 0, '', '', '', '', '', '', '', ?, ?, ?, 0, 0)",
        {id, org_id, "商家" + std::to_string(id % 1000), category, int64_t{suspended}, start, end});
    return id;
  }
  int64_t add_product(int64_t merchant_id, const std::string& name, const std::string& kind) {
    const int64_t id = new_id();
    sql("INSERT INTO products (id, merchant_id, name, kind, unit, unit_price_fen, origin,"
        " season_months, withdrawn, updated_at) VALUES (?, ?, ?, ?, '箱', 1000, '', '', 0, 0)",
        {id, merchant_id, name, kind});
    return id;
  }
  int64_t add_campaign(int64_t org_id, const std::string& kind, const std::string& status,
                       int64_t opens_at, const std::string& brand = "连工助农") {
    const int64_t id = new_id();
    sql("INSERT INTO campaigns (id, org_id, kind, title, description, brand, tags, opens_at,"
        " closes_at, points_cost, per_member_limit, one_prize_per_member, voucher_valid_days,"
        " status, secret, commitment, beacon_source, beacon_value, created_by, created_at,"
        " updated_at, published_at, drawn_at, cancelled_at)"
        " VALUES (?, ?, ?, '活动', '', ?, '[]', ?, ?, 0, 1, 0, 30, ?, '', '', '', '', 0, 0, 0, 0, "
        "0, 0)",
        {id, org_id, kind, brand, opens_at, opens_at + 86400000, status});
    return id;
  }
  int64_t add_prize(int64_t campaign_id, int64_t tier, int64_t quantity, int64_t value_fen,
                    int64_t product_id = 0) {
    const int64_t id = new_id();
    sql("INSERT INTO campaign_prizes (id, campaign_id, tier, name, quantity, remaining, value_fen,"
        " merchant_id, product_id) VALUES (?, ?, ?, '奖品', ?, ?, ?, 0, ?)",
        {id, campaign_id, tier, quantity, quantity, value_fen, product_id});
    return id;
  }
  int64_t add_voucher(int64_t campaign_id, int64_t prize_id, int64_t member_id, int64_t at,
                      const std::string& status = "issued") {
    const int64_t id = new_id();
    sql("INSERT INTO vouchers (id, code, campaign_id, prize_id, member_id, entry_id, merchant_id,"
        " expires_at, status, redeemed_at, redeemed_by, redeemed_by_name, created_at)"
        " VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?, 0, '', ?)",
        {id, "V" + std::to_string(id), campaign_id, prize_id, member_id, at + 86400000 * 30LL,
         status, status == "redeemed" ? at + 1000 : 0, at});
    return id;
  }

  PurchaseInput input(int64_t org_id, int64_t quantity, int64_t unit_price, const char* date) {
    PurchaseInput in;
    in.org_id = org_id;
    in.supplier_name = "绿源草莓园";
    in.product_name = "红颜草莓";
    in.product_kind = "fruit";
    in.quantity = quantity;
    in.unit = "箱";
    in.unit_price_fen = unit_price;
    in.total_fen = quantity * unit_price;
    in.funding_source = "工会经费";
    in.purchased_on = day(date);
    in.invoice_ref = "INV-" + std::to_string(++invoices_);
    return in;
  }

  int members_ = 0;
  int invoices_ = 0;
};

}  // namespace gonghui::purchase
