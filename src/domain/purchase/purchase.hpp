// 助农采购: a union buys produce from a signed merchant or a farm, hands it out through
// campaigns (distributions, lottery prizes, claim stock) and stays within its yearly budget.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::purchase {

// Dates are Asia/Shanghai calendar dates (core/time.hpp), stored as the UTC milliseconds of
// their local midnight.
bool valid_unit(std::string_view unit);  // 斤 箱 份 kg 个 袋 盒 篮
bool valid_kind(std::string_view kind);  // fruit vegetable grain meat_egg aquatic tea other
// 斤 and kg: a weight, which says nothing of how many portions it makes.
bool weight_unit(std::string_view unit);

// Funding campaigns. A campaign hands out portions (份): each unit of each of its prizes is
// one portion. A purchase makes `portions` portions when it states them, and otherwise one
// per unit bought (份 个 箱 袋 盒 篮); a purchase by weight (斤 kg) must state its portions
// before it can be linked to campaigns. Purchases and campaigns are linked many to many (a
// campaign funded by several purchases, a purchase handed out by several campaigns), and
// every connected set of them — the purchases and campaigns reachable from one another
// through links — must hand out no more portions than its purchases make.

struct PurchaseInput {
  int64_t org_id = 0;
  int64_t merchant_id = 0;    // 0: not a signed merchant; supplier_name names the farm
  std::string supplier_name;  // filled from the merchant when merchant_id is set
  int64_t product_id = 0;     // 0: product_name (and product_kind) describe it
  std::string product_name;
  std::string product_kind;
  int64_t quantity = 0;
  std::string unit;
  int64_t portions = 0;  // the portions the quantity makes; 0: not stated (one per unit)
  int64_t unit_price_fen = 0;
  int64_t total_fen = 0;
  std::string funding_source;
  int64_t purchased_on = 0;  // local midnight, UTC ms
  std::string invoice_ref;
  std::string counterpart_region;  // 对口支援 region, "" if none
  std::vector<int64_t> campaign_ids;
};

struct Purchase : PurchaseInput {
  int64_t id = 0;
  int64_t handed_out = 0;  // the portions the campaigns linked to it hand out
  int64_t created_by = 0;
  int64_t created_at = 0;
};

std::vector<store::Migration> migrations();

// Records a purchase, linked to the campaigns named (which may already be funded by other
// purchases). Errors: 400 naming the field (invalid_unit, invalid_kind, total_mismatch on
// total_fen, out_of_range on portions, unknown_campaign on campaign_ids, portions_required on
// portions when a purchase by weight names campaigns without its portions, …); 403 outside
// the admin's scope (the purchase's union or a campaign's); 409 exceeds_purchase
// (campaign_ids) when the set of purchases and campaigns it joins would hand out more
// portions than its purchases make, budget_exceeded (total_fen). Audited.
Result<Purchase> create(store::Tx& tx, const Principal& admin, PurchaseInput input);

// Links more campaigns to a recorded purchase (admins in scope of it and of each campaign),
// with create()'s errors for campaign_ids and portions; NotFound for no such purchase,
// 409 already_linked (campaign_ids) for a campaign linked to it already. Audited.
Result<Purchase> link_campaigns(store::Tx& tx, const Principal& admin, int64_t purchase_id,
                                std::vector<int64_t> campaign_ids);

struct Filter {
  std::optional<int64_t> org_id;  // default: the admin's scope root; subtree included
  std::optional<int64_t> from;    // purchased_on >= from
  std::optional<int64_t> to;      // purchased_on < to
  int64_t before_id = 0;          // paging: newest first, ids below this
  int64_t limit = 50;
};
struct Page {
  std::vector<Purchase> items;
  int64_t next_cursor = 0;  // 0 when there is no further page
};
Result<Page> list(store::Tx& tx, const Principal& admin, const Filter& filter);

struct Budget {
  int64_t org_id = 0;
  int64_t year = 0;
  int64_t budget_fen = 0;
  int64_t used_fen = 0;
};
// Sets the purchase budget of a union for a calendar year (Asia/Shanghai). Like a points
// budget it is set by the union above: an org admin only for unions under their own. Audited.
Result<Budget> set_budget(store::Tx& tx, const Principal& admin, int64_t org_id, int64_t year,
                          int64_t budget_fen);

}  // namespace gonghui::purchase
