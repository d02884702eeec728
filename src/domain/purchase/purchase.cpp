#include "domain/purchase/purchase.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <set>
#include <utility>

#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/merchant/merchant.hpp"
#include "domain/org/org.hpp"
#include "store/columns.hpp"

namespace gonghui::purchase {
namespace {

using store::Params;
using store::Rows;

constexpr std::array<std::string_view, 8> kUnits = {"斤", "箱", "份", "kg", "个", "袋", "盒", "篮"};
constexpr std::array<std::string_view, 7> kKinds = {"fruit",   "vegetable", "grain", "meat_egg",
                                                    "aquatic", "tea",       "other"};

constexpr std::string_view kColumns =
    "p.id, p.org_id, p.merchant_id, p.supplier_name, p.product_id, p.product_name,"
    " p.product_kind, p.quantity, p.unit, p.portions, p.unit_price_fen, p.total_fen,"
    " p.funding_source, p.purchased_on, p.invoice_ref, p.counterpart_region, p.handed_out,"
    " p.created_by, p.created_at";

using PurchaseFields =
    store::Fields<&Purchase::id, &Purchase::org_id, &Purchase::merchant_id,
                  &Purchase::supplier_name, &Purchase::product_id, &Purchase::product_name,
                  &Purchase::product_kind, &Purchase::quantity, &Purchase::unit,
                  &Purchase::portions, &Purchase::unit_price_fen, &Purchase::total_fen,
                  &Purchase::funding_source, &Purchase::purchased_on, &Purchase::invoice_ref,
                  &Purchase::counterpart_region, &Purchase::handed_out, &Purchase::created_by,
                  &Purchase::created_at>;
static_assert(PurchaseFields::matches(kColumns));

Purchase from_row(const store::Row& r) { return PurchaseFields::read(r); }

Status load_campaign_ids(store::Tx& tx, std::vector<Purchase>& items) {
  for (Purchase& p : items) {
    GH_ASSIGN(Rows rows, tx.query("SELECT campaign_id FROM purchase_campaigns WHERE purchase_id = ?"
                                  " ORDER BY campaign_id",
                                  {p.id}));
    for (const auto& r : rows) p.campaign_ids.push_back(r.integer(0));
  }
  return Status::Ok();
}

boost::json::object audit_json(const Purchase& p) {
  boost::json::array campaigns;
  for (int64_t id : p.campaign_ids) campaigns.push_back(boost::json::value(std::to_string(id)));
  return {{"org_id", std::to_string(p.org_id)},
          {"merchant_id", std::to_string(p.merchant_id)},
          {"supplier_name", p.supplier_name},
          {"product_name", p.product_name},
          {"product_kind", p.product_kind},
          {"quantity", p.quantity},
          {"unit", p.unit},
          {"portions", p.portions},
          {"unit_price_fen", p.unit_price_fen},
          {"total_fen", p.total_fen},
          {"funding_source", p.funding_source},
          {"purchased_on", format_local_date(p.purchased_on)},
          {"invoice_ref", p.invoice_ref},
          {"counterpart_region", p.counterpart_region},
          {"campaign_ids", std::move(campaigns)}};
}

}  // namespace

bool valid_unit(std::string_view unit) {
  return std::find(kUnits.begin(), kUnits.end(), unit) != kUnits.end();
}
bool valid_kind(std::string_view kind) {
  return std::find(kKinds.begin(), kKinds.end(), kind) != kKinds.end();
}
bool weight_unit(std::string_view unit) { return unit == "斤" || unit == "kg"; }

std::vector<store::Migration> migrations() {
  return {{500, "purchases",
           R"sql(CREATE TABLE purchases (
  id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL REFERENCES orgs (id),
  merchant_id BIGINT NOT NULL, supplier_name TEXT NOT NULL,
  product_id BIGINT NOT NULL, product_name TEXT NOT NULL, product_kind TEXT NOT NULL,
  quantity BIGINT NOT NULL CHECK (quantity > 0), unit TEXT NOT NULL,
  unit_price_fen BIGINT NOT NULL CHECK (unit_price_fen >= 0),
  total_fen BIGINT NOT NULL CHECK (total_fen >= 0), funding_source TEXT NOT NULL,
  purchased_on BIGINT NOT NULL, invoice_ref TEXT NOT NULL,
  counterpart_region TEXT NOT NULL,
  handed_out BIGINT NOT NULL CHECK (handed_out >= 0 AND handed_out <= quantity),
  created_by BIGINT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX purchases_org_date ON purchases (org_id, purchased_on);
-- A campaign's stock comes from one purchase.
CREATE TABLE purchase_campaigns (
  purchase_id BIGINT NOT NULL REFERENCES purchases (id),
  campaign_id BIGINT NOT NULL UNIQUE, PRIMARY KEY (purchase_id, campaign_id));
-- used_fen is raised by a conditional update, so the budget holds under concurrency.
CREATE TABLE purchase_budgets (
  org_id BIGINT NOT NULL REFERENCES orgs (id), year BIGINT NOT NULL,
  budget_fen BIGINT, used_fen BIGINT NOT NULL CHECK (used_fen >= 0),
  updated_at BIGINT NOT NULL, PRIMARY KEY (org_id, year));)sql",
           ""},
          // A campaign funded by several purchases, and purchases stating the portions they
          // make: handed_out counts portions, which a purchase by weight may make more of than
          // its quantity. Neither engine drops a constraint in place the same way, so both
          // tables are rebuilt (the links first, as they refer to the purchases).
          {501, "purchases funding campaigns together",
           R"sql(CREATE TABLE purchase_links_copy (purchase_id BIGINT NOT NULL,
  campaign_id BIGINT NOT NULL);
INSERT INTO purchase_links_copy (purchase_id, campaign_id)
  SELECT purchase_id, campaign_id FROM purchase_campaigns;
DROP TABLE purchase_campaigns;
CREATE TABLE purchases_new (
  id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL REFERENCES orgs (id),
  merchant_id BIGINT NOT NULL, supplier_name TEXT NOT NULL,
  product_id BIGINT NOT NULL, product_name TEXT NOT NULL, product_kind TEXT NOT NULL,
  quantity BIGINT NOT NULL CHECK (quantity > 0), unit TEXT NOT NULL,
  portions BIGINT NOT NULL CHECK (portions >= 0),
  unit_price_fen BIGINT NOT NULL CHECK (unit_price_fen >= 0),
  total_fen BIGINT NOT NULL CHECK (total_fen >= 0), funding_source TEXT NOT NULL,
  purchased_on BIGINT NOT NULL, invoice_ref TEXT NOT NULL,
  counterpart_region TEXT NOT NULL, handed_out BIGINT NOT NULL CHECK (handed_out >= 0),
  created_by BIGINT NOT NULL, created_at BIGINT NOT NULL);
INSERT INTO purchases_new (id, org_id, merchant_id, supplier_name, product_id, product_name,
  product_kind, quantity, unit, portions, unit_price_fen, total_fen, funding_source,
  purchased_on, invoice_ref, counterpart_region, handed_out, created_by, created_at)
  SELECT id, org_id, merchant_id, supplier_name, product_id, product_name, product_kind,
  quantity, unit, 0, unit_price_fen, total_fen, funding_source, purchased_on, invoice_ref,
  counterpart_region, handed_out, created_by, created_at FROM purchases;
DROP TABLE purchases;
ALTER TABLE purchases_new RENAME TO purchases;
CREATE INDEX purchases_org_date ON purchases (org_id, purchased_on);
CREATE TABLE purchase_campaigns (
  purchase_id BIGINT NOT NULL REFERENCES purchases (id),
  campaign_id BIGINT NOT NULL, PRIMARY KEY (purchase_id, campaign_id));
CREATE INDEX purchase_campaigns_campaign ON purchase_campaigns (campaign_id, purchase_id);
INSERT INTO purchase_campaigns (purchase_id, campaign_id)
  SELECT purchase_id, campaign_id FROM purchase_links_copy;
DROP TABLE purchase_links_copy;)sql",
           ""}};
}

namespace {

// The input's own checks, filling the supplier, product name and kind from the merchant and
// product named. Errors name the field.
Status complete_input(store::Tx& tx, PurchaseInput& in) {
  if (in.quantity <= 0)
    return Error::invalid("quantity", "out_of_range", "quantity must be above 0");
  if (!valid_unit(in.unit)) {
    return Error::invalid("unit", "invalid_unit", "unit must be one of 斤 箱 份 kg 个 袋 盒 篮");
  }
  if (in.portions < 0 || in.portions > 1'000'000'000) {
    return Error::invalid("portions", "out_of_range", "portions must be 0 to 1000000000");
  }
  if (in.unit_price_fen < 0) {
    return Error::invalid("unit_price_fen", "out_of_range", "unit_price_fen must not be negative");
  }
  int64_t expected = 0;
  if (__builtin_mul_overflow(in.quantity, in.unit_price_fen, &expected) ||
      expected != in.total_fen) {
    return Error::invalid(
        "total_fen", "total_mismatch",
        "total_fen must equal quantity × unit_price_fen (" + std::to_string(expected) + ")");
  }
  if (in.merchant_id != 0) {
    auto m = merchant::get(tx, in.merchant_id);
    if (!m.ok()) return Error::invalid("merchant_id", "unknown_merchant", "no such merchant");
    if (m->suspended) {
      return Error::invalid("merchant_id", "merchant_not_signed", "that merchant is suspended");
    }
    if (in.supplier_name.empty()) in.supplier_name = m->fields.name;
  } else if (in.supplier_name.empty()) {
    return Error::invalid("supplier_name", "required",
                          "supplier_name is required when merchant_id is not given");
  }
  if (in.product_id != 0) {
    GH_ASSIGN(Rows rows, tx.query("SELECT merchant_id, name, kind FROM products WHERE id = ?",
                                  {in.product_id}));
    if (rows.empty() || (in.merchant_id != 0 && rows[0].integer(0) != in.merchant_id)) {
      return Error::invalid("product_id", "unknown_product", "no such product of that merchant");
    }
    if (in.product_name.empty()) in.product_name = rows[0].text(1);
    if (in.product_kind.empty()) in.product_kind = rows[0].text(2);
  } else if (in.product_name.empty()) {
    return Error::invalid("product_name", "required",
                          "product_name is required when product_id is not given");
  }
  if (in.product_kind.empty()) in.product_kind = "other";
  if (!valid_kind(in.product_kind)) {
    return Error::invalid("product_kind", "invalid_kind",
                          "product_kind must be one of fruit, vegetable, grain, meat_egg, "
                          "aquatic, tea, other");
  }
  if (in.purchased_on == 0) {
    return Error::invalid("purchased_on", "required", "purchased_on is required");
  }
  return Status::Ok();
}

// The portions a campaign hands out: one for each unit of each prize.
Result<int64_t> portions_of_campaign(store::Tx& tx, int64_t campaign_id) {
  GH_ASSIGN(Rows q, tx.query("SELECT COALESCE(SUM(quantity), 0) FROM campaign_prizes"
                             " WHERE campaign_id = ?",
                             {campaign_id}));
  return q[0].integer(0);
}

// Campaigns to be linked to `p`: each exists and is in the admin's scope, and a purchase by
// weight states its portions. Returns the portions they hand out together.
Result<int64_t> check_new_links(store::Tx& tx, const Principal& admin, const Purchase& p,
                                const std::vector<int64_t>& campaign_ids) {
  if (!campaign_ids.empty() && weight_unit(p.unit) && p.portions == 0) {
    return Error::invalid(
        "portions", "portions_required",
        "a purchase by " + p.unit + " must state the portions it makes before it funds campaigns");
  }
  int64_t handed_out = 0;
  for (int64_t campaign_id : campaign_ids) {
    GH_ASSIGN(Rows c, tx.query("SELECT org_id FROM campaigns WHERE id = ?", {campaign_id}));
    if (c.empty()) {
      return Error::invalid("campaign_ids", "unknown_campaign",
                            "no campaign " + std::to_string(campaign_id));
    }
    GH_TRY(org::require_in_scope(tx, admin, c[0].integer(0)));
    GH_ASSIGN(int64_t portions, portions_of_campaign(tx, campaign_id));
    handed_out += portions;
  }
  return handed_out;
}

// Walks the links from one purchase to every purchase and campaign connected to it, and
// refuses the set if its campaigns hand out more portions than its purchases make.
Status check_funding(store::Tx& tx, int64_t purchase_id) {
  std::set<int64_t> purchases{purchase_id}, campaigns;
  std::vector<int64_t> purchase_queue{purchase_id}, campaign_queue;
  while (!purchase_queue.empty() || !campaign_queue.empty()) {
    for (int64_t id : std::exchange(purchase_queue, {})) {
      GH_ASSIGN(Rows rows, tx.query("SELECT campaign_id FROM purchase_campaigns"
                                    " WHERE purchase_id = ?",
                                    {id}));
      for (const auto& r : rows) {
        if (campaigns.insert(r.integer(0)).second) campaign_queue.push_back(r.integer(0));
      }
    }
    for (int64_t id : std::exchange(campaign_queue, {})) {
      GH_ASSIGN(Rows rows, tx.query("SELECT purchase_id FROM purchase_campaigns"
                                    " WHERE campaign_id = ?",
                                    {id}));
      for (const auto& r : rows) {
        if (purchases.insert(r.integer(0)).second) purchase_queue.push_back(r.integer(0));
      }
    }
  }
  int64_t made = 0, handed_out = 0;
  for (int64_t id : purchases) {
    GH_ASSIGN(Rows rows, tx.query("SELECT CASE WHEN portions > 0 THEN portions ELSE quantity END"
                                  " FROM purchases WHERE id = ?",
                                  {id}));
    made += rows.empty() ? 0 : rows[0].integer(0);
  }
  for (int64_t id : campaigns) {
    GH_ASSIGN(int64_t portions, portions_of_campaign(tx, id));
    handed_out += portions;
  }
  if (handed_out > made) {
    return Error::conflict("exceeds_purchase",
                           "the linked campaigns hand out " + std::to_string(handed_out) +
                               " portions, more than the " + std::to_string(made) +
                               " their purchases make",
                           "campaign_ids");
  }
  return Status::Ok();
}

// Raises the union's purchase budget use for the purchase's calendar year, if it fits.
Status charge_budget(store::Tx& tx, const Purchase& p) {
  const int64_t year = local_year_month(p.purchased_on).year;
  GH_TRY(
      tx.exec("INSERT INTO purchase_budgets (org_id, year, budget_fen, used_fen, updated_at)"
              " VALUES (?, ?, NULL, 0, ?) ON CONFLICT DO NOTHING",
              {p.org_id, year, p.created_at}));
  GH_ASSIGN(int64_t raised,
            tx.exec("UPDATE purchase_budgets SET used_fen = used_fen + ?, updated_at = ?"
                    " WHERE org_id = ? AND year = ?"
                    " AND (budget_fen IS NULL OR used_fen + ? <= budget_fen)",
                    {p.total_fen, p.created_at, p.org_id, year, p.total_fen}));
  if (raised != 1) {
    return Error::conflict(
        "budget_exceeded",
        "this purchase would exceed the union's purchase budget for " + std::to_string(year),
        "total_fen");
  }

  return Status::Ok();
}

// Links the campaigns to the purchase (each at most once: Conflict already_linked).
Status insert_links(store::Tx& tx, int64_t purchase_id, const std::vector<int64_t>& campaign_ids) {
  for (int64_t campaign_id : campaign_ids) {
    auto inserted =
        tx.exec("INSERT INTO purchase_campaigns (purchase_id, campaign_id) VALUES (?, ?)",
                {purchase_id, campaign_id});
    if (!inserted.ok()) {
      if (inserted.error().code == store::kUniqueViolation) {
        return Error::conflict(
            "already_linked",
            "campaign " + std::to_string(campaign_id) + " already hands out this purchase",
            "campaign_ids");
      }
      return std::move(inserted).error();
    }
  }
  return Status::Ok();
}

// Writes the purchase.
Status insert(store::Tx& tx, const Purchase& p) {
  GH_TRY(tx.exec(
      "INSERT INTO purchases (id, org_id, merchant_id, supplier_name, product_id,"
      " product_name, product_kind, quantity, unit, portions, unit_price_fen, total_fen,"
      " funding_source, purchased_on, invoice_ref, counterpart_region, handed_out,"
      " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {p.id, p.org_id, p.merchant_id, p.supplier_name, p.product_id, p.product_name, p.product_kind,
       p.quantity, p.unit, p.portions, p.unit_price_fen, p.total_fen, p.funding_source,
       p.purchased_on, p.invoice_ref, p.counterpart_region, p.handed_out, p.created_by,
       p.created_at}));
  return Status::Ok();
}

void sort_unique(std::vector<int64_t>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

}  // namespace

Result<Purchase> create(store::Tx& tx, const Principal& admin, PurchaseInput in) {
  GH_TRY(org::require_in_scope(tx, admin, in.org_id));
  GH_TRY(complete_input(tx, in));
  sort_unique(in.campaign_ids);
  Purchase p;
  static_cast<PurchaseInput&>(p) = in;
  p.id = new_id();
  p.created_by = admin.account_id;
  p.created_at = Timestamp::now().ms;
  GH_ASSIGN(p.handed_out, check_new_links(tx, admin, p, p.campaign_ids));
  GH_TRY(charge_budget(tx, p));
  GH_TRY(insert(tx, p));
  GH_TRY(insert_links(tx, p.id, p.campaign_ids));
  GH_TRY(check_funding(tx, p.id));
  GH_TRY(audit::record(tx, admin, "purchase.create", "purchase", std::to_string(p.id), p.org_id,
                       nullptr, audit_json(p)));
  return p;
}

Result<Purchase> link_campaigns(store::Tx& tx, const Principal& admin, int64_t purchase_id,
                                std::vector<int64_t> campaign_ids) {
  GH_ASSIGN(Rows rows,
            tx.query("SELECT " + std::string(kColumns) + " FROM purchases p WHERE p.id = ?",
                     {purchase_id}));
  if (rows.empty()) {
    return Error::not_found("purchase");
  }
  std::vector<Purchase> found{from_row(rows[0])};
  GH_TRY(org::require_in_scope(tx, admin, found[0].org_id));
  if (campaign_ids.empty()) {
    return Error::invalid("campaign_ids", "required", "name at least one campaign to link");
  }
  sort_unique(campaign_ids);
  GH_TRY(load_campaign_ids(tx, found));
  Purchase p = std::move(found[0]);
  const boost::json::object before = audit_json(p);
  GH_ASSIGN(int64_t added, check_new_links(tx, admin, p, campaign_ids));
  GH_TRY(insert_links(tx, p.id, campaign_ids));
  GH_TRY(check_funding(tx, p.id));
  p.handed_out += added;
  GH_TRY(tx.exec("UPDATE purchases SET handed_out = ? WHERE id = ?", {p.handed_out, p.id}));
  p.campaign_ids.insert(p.campaign_ids.end(), campaign_ids.begin(), campaign_ids.end());
  sort_unique(p.campaign_ids);
  GH_TRY(audit::record(tx, admin, "purchase.link_campaigns", "purchase", std::to_string(p.id),
                       p.org_id, before, audit_json(p)));
  return p;
}

Result<Page> list(store::Tx& tx, const Principal& admin, const Filter& filter) {
  org::Org scope;
  if (filter.org_id) {
    GH_ASSIGN(scope, org::require_in_scope(tx, admin, *filter.org_id));
  } else {
    GH_ASSIGN(scope, org::admin_scope(tx, admin));
  }
  const org::PathRange range = org::range_of(scope.path);
  std::string sql = "SELECT " + std::string(kColumns) +
                    " FROM purchases p JOIN orgs o ON o.id = p.org_id"
                    " WHERE o.path >= ? AND o.path < ?";
  Params params{range.lower, range.upper};
  if (filter.from) {
    sql += " AND p.purchased_on >= ?";
    params.push_back(*filter.from);
  }
  if (filter.to) {
    sql += " AND p.purchased_on < ?";
    params.push_back(*filter.to);
  }
  if (filter.before_id > 0) {
    sql += " AND p.id < ?";
    params.push_back(filter.before_id);
  }
  sql += " ORDER BY p.id DESC LIMIT ?";
  params.push_back(filter.limit + 1);
  GH_ASSIGN(Rows rows, tx.query(sql, params));
  Page page;
  for (const auto& r : rows) {
    if (static_cast<int64_t>(page.items.size()) == filter.limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(from_row(r));
  }
  GH_TRY(load_campaign_ids(tx, page.items));
  return page;
}

Result<Budget> set_budget(store::Tx& tx, const Principal& admin, int64_t org_id, int64_t year,
                          int64_t budget_fen) {
  GH_TRY(org::require_set_from_above(tx, admin, org_id, "purchase budget"));
  if (year < 2000 || year > 2200) {
    return Error::invalid("year", "out_of_range", "year must be between 2000 and 2200");
  }
  if (budget_fen < 0) {
    return Error::invalid("budget_fen", "out_of_range", "budget_fen must not be negative");
  }
  const int64_t now = Timestamp::now().ms;
  GH_ASSIGN(Rows before, tx.query("SELECT budget_fen, used_fen FROM purchase_budgets"
                                  " WHERE org_id = ? AND year = ?",
                                  {org_id, year}));
  if (before.empty()) {
    // Purchases are counted from the first one recorded, so a new row starts from them.
    GH_ASSIGN(Rows used,
              tx.query("SELECT COALESCE(SUM(total_fen), 0) FROM purchases"
                       " WHERE org_id = ? AND purchased_on >= ? AND purchased_on < ?",
                       {org_id, local_month_start(year, 1), local_month_start(year + 1, 1)}));
    GH_TRY(
        tx.exec("INSERT INTO purchase_budgets (org_id, year, budget_fen, used_fen, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                {org_id, year, budget_fen, used[0].integer(0), now}));
  } else {
    GH_TRY(
        tx.exec("UPDATE purchase_budgets SET budget_fen = ?, updated_at = ?"
                " WHERE org_id = ? AND year = ?",
                {budget_fen, now, org_id, year}));
  }
  GH_ASSIGN(Rows after, tx.query("SELECT budget_fen, used_fen FROM purchase_budgets"
                                 " WHERE org_id = ? AND year = ?",
                                 {org_id, year}));
  Budget b{org_id, year, after[0].integer(0), after[0].integer(1)};
  boost::json::value before_json = nullptr;
  if (!before.empty() && !before[0].is_null(0)) {
    before_json = boost::json::object{{"budget_fen", before[0].integer(0)}};
  }
  GH_TRY(audit::record(tx, admin, "purchase.budget", "purchase_budget",
                       std::to_string(org_id) + ":" + std::to_string(year), org_id, before_json,
                       boost::json::object{{"budget_fen", budget_fen}, {"year", year}}));
  return b;
}

}  // namespace gonghui::purchase
