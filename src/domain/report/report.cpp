#include "domain/report/report.hpp"

#include <xlsxwriter.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "core/csv.hpp"
#include "core/time.hpp"
#include "domain/org/org.hpp"
#include "domain/purchase/purchase.hpp"

namespace gonghui::report {
namespace {

using store::Params;
using store::Rows;

constexpr int64_t kDayMs = 86400000;
// Days in Asia/Shanghai: (ms + 8 h) / 1 day, the same integer division on both engines.
constexpr std::string_view kLocalDay = "(v.created_at + 28800000) / 86400000";

// The campaigns that count as events: organised in the subtree, published or drawn (never
// draft or cancelled), opened in [from, to). Parameters: lower, upper, from, to.
constexpr std::string_view kEventFilter =
    " JOIN orgs o ON o.id = c.org_id"
    " WHERE o.path >= ? AND o.path < ? AND c.status IN ('published', 'drawn')"
    " AND c.opens_at >= ? AND c.opens_at < ?";

Params event_params(const org::PathRange& r, int64_t from, int64_t to) {
  return {r.lower, r.upper, from, to};
}

std::string month_name(int64_t ms) {
  const auto ym = purchase::local_year_month(ms);
  char out[16];
  std::snprintf(out, sizeof out, "%04lld-%02lld", static_cast<long long>(ym.year),
                static_cast<long long>(ym.month));
  return out;
}

struct Scope {
  org::Org root;
  std::vector<org::Org> children;
  // Index into children of the district holding `path`, or -1 (the root itself).
  int district_of(const std::string& path) const {
    for (size_t i = 0; i < children.size(); ++i) {
      if (path.rfind(children[i].path, 0) == 0) return static_cast<int>(i);
    }
    return -1;
  }
};

Result<Scope> load_scope(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id) {
  Scope s;
  if (org_id) {
    GH_ASSIGN(s.root, org::require_in_scope(tx, admin, *org_id));
  } else {
    GH_ASSIGN(s.root, org::admin_scope(tx, admin));
  }
  GH_ASSIGN(Rows rows, tx.query("SELECT id, name, path FROM orgs WHERE parent_id = ? ORDER BY path",
                                {s.root.id}));
  for (const auto& r : rows) {
    org::Org o;
    o.id = r.integer(0);
    o.name = r.text(1);
    o.path = r.text(2);
    s.children.push_back(std::move(o));
  }
  return s;
}

Status add_counts(store::Tx& tx, const std::string& sql, const Params& params,
                  std::map<std::string, int64_t>& into) {
  GH_ASSIGN(Rows rows, tx.query(sql, params));
  for (const auto& r : rows) into[r.text(0)] += r.integer(1);
  return Status::Ok();
}

std::string link(const std::string& figure, const Impact& m) {
  return "/api/v1/reports/impact/records?figure=" + figure + "&org_id=" + std::to_string(m.org_id) +
         "&from=" + format_rfc3339(Timestamp{m.from}) + "&to=" + format_rfc3339(Timestamp{m.to});
}

boost::json::object map_json(const std::map<std::string, int64_t>& m) {
  boost::json::object out;
  for (const auto& [k, v] : m) out[k] = v;
  return out;
}

boost::json::object core_json(const Core& c) {
  return {{"events", c.events},
          {"lottery_events", c.lottery_events},
          {"portions", c.portions},
          {"person_times", c.person_times},
          {"members_reached", c.members_reached},
          {"redeemed", c.redeemed},
          {"purchases_fen", c.purchases_fen},
          {"prize_value_fen", c.prize_value_fen},
          {"funds_fen", c.funds_fen},
          {"counterpart_aid_fen", c.counterpart_aid_fen}};
}

// The figure rows every rendering shares: (name, value) in a fixed order.
std::vector<std::pair<std::string, int64_t>> summary_rows(const Impact& m) {
  return {{"events", m.core.events},
          {"lottery_events", m.core.lottery_events},
          {"portions", m.core.portions},
          {"person_times", m.core.person_times},
          {"members_reached", m.core.members_reached},
          {"redeemed", m.core.redeemed},
          {"redemption_rate_permille", m.redemption_rate_permille},
          {"purchases_fen", m.core.purchases_fen},
          {"prize_value_fen", m.core.prize_value_fen},
          {"funds_fen", m.core.funds_fen},
          {"counterpart_aid_fen", m.core.counterpart_aid_fen},
          {"merchants_signed", m.merchants_signed},
          {"orchards_and_farms", m.orchards_and_farms},
          {"points_issued", m.points_issued},
          {"points_spent", m.points_spent}};
}

std::vector<std::pair<std::string, const std::map<std::string, int64_t>*>> breakdowns(
    const Impact& m) {
  return {{"events_by_kind", &m.events_by_kind},
          {"events_by_brand", &m.events_by_brand},
          {"portions_by_product", &m.portions_by_product},
          {"merchants_by_category", &m.merchants_by_category},
          {"counterpart_aid_by_region", &m.counterpart_aid_by_region}};
}

}  // namespace

std::vector<store::Migration> migrations() {
  // The report reads vouchers by campaign and issue time; covering the other columns it
  // needs lets both engines answer from the index alone.
  return {{600, "report indexes",
           "CREATE INDEX vouchers_report ON vouchers"
           " (campaign_id, created_at, status, prize_id, member_id);"
           "CREATE INDEX vouchers_created ON vouchers (created_at);"
           "CREATE INDEX campaigns_opens ON campaigns (opens_at);"
           "CREATE INDEX ledger_transfers_created ON ledger_transfers (created_at);",
           ""}};
}

int64_t default_from() { return *purchase::parse_local_date("2021-01-01"); }

Result<Impact> impact(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id,
                      int64_t from, int64_t to) {
  GH_ASSIGN(Scope scope, load_scope(tx, admin, org_id));
  Impact m;
  m.org_id = scope.root.id;
  m.org_name = scope.root.name;
  m.from = from;
  m.to = to;
  m.by_district.reserve(scope.children.size());
  for (const auto& child : scope.children) m.by_district.push_back({child.id, child.name, {}});
  const org::PathRange range = org::range_of(scope.root.path);
  const Params events = event_params(range, from, to);
  auto per_district = [&](const std::string& path) -> Core* {
    const int d = scope.district_of(path);
    return d < 0 ? nullptr : &m.by_district[static_cast<size_t>(d)].core;
  };

  // Months of the range, so the trend has no gaps.
  std::map<std::string, Month> months;
  if (to > from) {
    const auto first = purchase::local_year_month(from);
    int64_t year = first.year, month = first.month;
    while (purchase::local_month_start(year, month) < to) {
      const std::string name = month_name(purchase::local_month_start(year, month));
      months[name].month = name;
      if (++month > 12) {
        month = 1;
        ++year;
      }
    }
  }

  // Events.
  std::unordered_map<int64_t, std::string> campaign_path;
  {
    GH_ASSIGN(Rows rows, tx.query("SELECT c.id, c.kind, c.brand, o.path FROM campaigns c" +
                                      std::string(kEventFilter),
                                  events));
    for (const auto& r : rows) {
      const std::string kind = r.text(1);
      const bool lottery = kind == "lottery";
      ++m.core.events;
      m.core.lottery_events += lottery;
      ++m.events_by_kind[kind];
      ++m.events_by_brand[r.text(2).empty() ? "(none)" : r.text(2)];
      campaign_path[r.integer(0)] = r.text(3);
      if (Core* d = per_district(r.text(3))) {
        ++d->events;
        d->lottery_events += lottery;
      }
    }
  }
  // Campaigns handing out a purchase: their vouchers' value is already in the purchase.
  std::unordered_set<int64_t> linked;
  {
    GH_ASSIGN(Rows rows, tx.query("SELECT pc.campaign_id FROM purchase_campaigns pc"
                                  " JOIN campaigns c ON c.id = pc.campaign_id" +
                                      std::string(kEventFilter),
                                  events));
    for (const auto& r : rows) linked.insert(r.integer(0));
  }
  struct PrizeInfo {
    int64_t campaign_id;
    int64_t value_fen;
    std::string kind;
  };
  std::unordered_map<int64_t, PrizeInfo> prizes;
  {
    GH_ASSIGN(Rows rows, tx.query("SELECT cp.id, cp.campaign_id, cp.value_fen, pr.kind"
                                  " FROM campaign_prizes cp JOIN campaigns c ON c.id = cp.campaign_id"
                                  " LEFT JOIN products pr ON pr.id = cp.product_id" +
                                      std::string(kEventFilter),
                                  events));
    for (const auto& r : rows) {
      prizes[r.integer(0)] = {r.integer(1), r.integer(2), r.is_null(3) ? "other" : r.text(3)};
    }
  }
  // Vouchers, grouped by prize and local day in one pass.
  {
    Params params = events;
    params.push_back(from);
    params.push_back(to);
    GH_ASSIGN(Rows rows,
              tx.query("SELECT v.prize_id, " + std::string(kLocalDay) +
                           ", COUNT(*), SUM(CASE WHEN v.status = 'redeemed' THEN 1 ELSE 0 END)"
                           " FROM campaigns c JOIN vouchers v ON v.campaign_id = c.id" +
                           std::string(kEventFilter) +
                           " AND v.created_at >= ? AND v.created_at < ? AND v.status <> 'void'"
                           " GROUP BY 1, 2",
                       params));
    for (const auto& r : rows) {
      const auto it = prizes.find(r.integer(0));
      const PrizeInfo prize = it == prizes.end() ? PrizeInfo{0, 0, "other"} : it->second;
      const int64_t n = r.integer(2), redeemed = r.integer(3);
      // A prize of a campaign linked to a purchase is paid for by that purchase.
      const int64_t value = linked.count(prize.campaign_id) ? 0 : n * prize.value_fen;
      m.core.portions += n;
      m.core.redeemed += redeemed;
      m.core.prize_value_fen += value;
      m.portions_by_product[prize.kind] += n;
      const std::string month = month_name(r.integer(1) * kDayMs - purchase::kShanghaiOffsetMs);
      months[month].month = month;
      months[month].portions += n;
      months[month].funds_fen += value;
      const auto path = campaign_path.find(prize.campaign_id);
      if (path != campaign_path.end()) {
        if (Core* d = per_district(path->second)) {
          d->portions += n;
          d->redeemed += redeemed;
          d->prize_value_fen += value;
        }
      }
    }
  }
  // Distinct members, for the scope and for each district.
  auto distinct_members = [&](const org::PathRange& r) -> Result<int64_t> {
    GH_ASSIGN(Rows rows, tx.query("SELECT COUNT(DISTINCT v.member_id)"
                                  " FROM campaigns c JOIN vouchers v ON v.campaign_id = c.id" +
                                      std::string(kEventFilter) +
                                      " AND v.created_at >= ? AND v.created_at < ?"
                                      " AND v.status <> 'void'",
                                  {r.lower, r.upper, from, to, from, to}));
    return rows[0].integer(0);
  };
  GH_ASSIGN(m.core.members_reached, distinct_members(range));
  for (size_t i = 0; i < scope.children.size(); ++i) {
    if (m.by_district[i].core.portions > 0) {
      GH_ASSIGN(m.by_district[i].core.members_reached,
                distinct_members(org::range_of(scope.children[i].path)));
    }
  }
  // Purchases: by union, by region and by local day.
  const Params purchase_params{range.lower, range.upper, from, to};
  const std::string purchase_from =
      " FROM purchases p JOIN orgs o ON o.id = p.org_id"
      " WHERE o.path >= ? AND o.path < ? AND p.purchased_on >= ? AND p.purchased_on < ?";
  {
    GH_ASSIGN(Rows rows, tx.query("SELECT o.path, SUM(p.total_fen),"
                                  " SUM(CASE WHEN p.counterpart_region <> '' THEN p.total_fen ELSE 0 END)" +
                                      purchase_from + " GROUP BY o.path",
                                  purchase_params));
    for (const auto& r : rows) {
      m.core.purchases_fen += r.integer(1);
      m.core.counterpart_aid_fen += r.integer(2);
      if (Core* d = per_district(r.text(0))) {
        d->purchases_fen += r.integer(1);
        d->counterpart_aid_fen += r.integer(2);
      }
    }
  }
  GH_TRY(add_counts(tx,
                    "SELECT p.counterpart_region, SUM(p.total_fen)" + purchase_from +
                        " AND p.counterpart_region <> '' GROUP BY p.counterpart_region",
                    purchase_params, m.counterpart_aid_by_region));
  {
    GH_ASSIGN(Rows rows, tx.query("SELECT (p.purchased_on + 28800000) / 86400000, SUM(p.total_fen)" +
                                      purchase_from + " GROUP BY 1",
                                  purchase_params));
    for (const auto& r : rows) {
      const std::string month = month_name(r.integer(0) * kDayMs - purchase::kShanghaiOffsetMs);
      months[month].month = month;
      months[month].funds_fen += r.integer(1);
    }
  }
  // Funds: purchases in range plus the value of prizes handed out from campaigns that are
  // linked to no purchase (a linked campaign's prizes were paid for by its purchase).
  m.core.funds_fen = m.core.purchases_fen + m.core.prize_value_fen;
  m.core.person_times = m.core.portions;
  for (auto& d : m.by_district) {
    d.core.funds_fen = d.core.purchases_fen + d.core.prize_value_fen;
    d.core.person_times = d.core.portions;
  }
  m.redemption_rate_permille = m.core.portions ? m.core.redeemed * 1000 / m.core.portions : 0;
  for (auto& [name, month] : months) m.trend_by_month.push_back(month);

  // Signed merchants in contract at `to`.
  GH_TRY(add_counts(tx,
                    "SELECT m.category, COUNT(*) FROM merchants m JOIN orgs o ON o.id = m.org_id"
                    " WHERE o.path >= ? AND o.path < ? AND m.suspended = 0"
                    " AND m.contract_start <= ? AND m.contract_end > ? GROUP BY m.category",
                    {range.lower, range.upper, to, to}, m.merchants_by_category));
  for (const auto& [category, n] : m.merchants_by_category) {
    m.merchants_signed += n;
    if (category == "orchard" || category == "farm") m.orchards_and_farms += n;
  }
  // Points: a member's ledger account id is the member id.
  {
    GH_ASSIGN(Rows rows, tx.query("SELECT t.kind, SUM(t.amount) FROM ledger_transfers t"
                                  " JOIN members mb ON mb.id = t.credit_account_id"
                                  " JOIN orgs o ON o.id = mb.org_id"
                                  " WHERE t.kind IN ('grant', 'checkin', 'refund')"
                                  " AND t.created_at >= ? AND t.created_at < ?"
                                  " AND o.path >= ? AND o.path < ? GROUP BY t.kind",
                                  {from, to, range.lower, range.upper}));
    for (const auto& r : rows) {
      if (r.text(0) == "refund") m.points_spent -= r.integer(1);
      else m.points_issued += r.integer(1);
    }
    GH_ASSIGN(rows, tx.query("SELECT SUM(t.amount) FROM ledger_transfers t"
                             " JOIN members mb ON mb.id = t.debit_account_id"
                             " JOIN orgs o ON o.id = mb.org_id"
                             " WHERE t.kind = 'spend' AND t.created_at >= ? AND t.created_at < ?"
                             " AND o.path >= ? AND o.path < ?",
                             {from, to, range.lower, range.upper}));
    m.points_spent += rows[0].integer(0);
  }
  return m;
}

const std::vector<std::string>& figures() {
  static const std::vector<std::string> all = {
      "events", "events_by_kind", "events_by_brand", "lottery_events", "portions",
      "portions_by_product", "person_times", "members_reached", "redeemed",
      "redemption_rate_permille", "purchases_fen", "prize_value_fen", "funds_fen",
      "counterpart_aid_fen", "counterpart_aid_by_region", "merchants_signed",
      "merchants_by_category", "orchards_and_farms", "points_issued", "points_spent"};
  return all;
}

Result<Records> records(store::Tx& tx, const Principal& admin, const RecordQuery& q) {
  const auto& all = figures();
  if (std::find(all.begin(), all.end(), q.figure) == all.end()) {
    return Error::invalid("figure", "unknown_figure", "figure must be one of the report's figures");
  }
  GH_ASSIGN(Scope scope, load_scope(tx, admin, q.org_id));
  const org::PathRange range = org::range_of(scope.root.path);
  const std::string& f = q.figure;
  Records out;
  std::string sql;
  Params params;
  auto page = [&](const std::string& id_column) {
    sql += " AND " + id_column + " > ? ORDER BY " + id_column + " LIMIT ?";
    params.push_back(q.after_id);
    params.push_back(q.limit + 1);
  };
  const std::string ts_from = " AND v.created_at >= ? AND v.created_at < ?";
  if (f == "events" || f == "events_by_kind" || f == "events_by_brand" || f == "lottery_events") {
    out.type = "campaign";
    sql = "SELECT c.id, c.org_id, c.kind, c.title, c.brand, c.status, c.opens_at FROM campaigns c" +
          std::string(kEventFilter);
    params = event_params(range, q.from, q.to);
    if (f == "lottery_events") sql += " AND c.kind = 'lottery'";
    if (f == "events_by_kind" && !q.key.empty()) {
      sql += " AND c.kind = ?";
      params.push_back(q.key);
    }
    if (f == "events_by_brand" && !q.key.empty()) {
      sql += " AND c.brand = ?";
      params.push_back(q.key == "(none)" ? std::string() : q.key);
    }
    page("c.id");
  } else if (f == "portions" || f == "portions_by_product" || f == "person_times" ||
             f == "members_reached" || f == "redeemed" || f == "redemption_rate_permille" ||
             f == "prize_value_fen") {
    out.type = "voucher";
    sql = "SELECT v.id, v.campaign_id, v.prize_id, v.member_id, v.merchant_id, v.status,"
          " cp.value_fen, COALESCE(pr.kind, 'other'), v.created_at, v.redeemed_at"
          " FROM campaigns c JOIN vouchers v ON v.campaign_id = c.id"
          " LEFT JOIN campaign_prizes cp ON cp.id = v.prize_id"
          " LEFT JOIN products pr ON pr.id = cp.product_id" +
          std::string(kEventFilter) + ts_from + " AND v.status <> 'void'";
    params = event_params(range, q.from, q.to);
    params.push_back(q.from);
    params.push_back(q.to);
    if (f == "redeemed") sql += " AND v.status = 'redeemed'";
    if (f == "prize_value_fen") {
      sql += " AND NOT EXISTS (SELECT 1 FROM purchase_campaigns pc WHERE pc.campaign_id = c.id)";
    }
    if (f == "portions_by_product" && !q.key.empty()) {
      sql += " AND COALESCE(pr.kind, 'other') = ?";
      params.push_back(q.key);
    }
    page("v.id");
  } else if (f == "purchases_fen" || f == "funds_fen" || f == "counterpart_aid_fen" ||
             f == "counterpart_aid_by_region") {
    // funds_fen lists the purchases; the prize part of it is figure=prize_value_fen.
    out.type = "purchase";
    sql = "SELECT p.id, p.org_id, p.supplier_name, p.product_name, p.product_kind, p.quantity,"
          " p.unit, p.total_fen, p.purchased_on, p.counterpart_region, p.invoice_ref"
          " FROM purchases p JOIN orgs o ON o.id = p.org_id"
          " WHERE o.path >= ? AND o.path < ? AND p.purchased_on >= ? AND p.purchased_on < ?";
    params = {range.lower, range.upper, q.from, q.to};
    if (f == "counterpart_aid_fen" || f == "counterpart_aid_by_region") {
      sql += " AND p.counterpart_region <> ''";
    }
    if (f == "counterpart_aid_by_region" && !q.key.empty()) {
      sql += " AND p.counterpart_region = ?";
      params.push_back(q.key);
    }
    page("p.id");
  } else if (f == "merchants_signed" || f == "merchants_by_category" || f == "orchards_and_farms") {
    out.type = "merchant";
    sql = "SELECT m.id, m.org_id, m.name, m.category, m.contract_start, m.contract_end"
          " FROM merchants m JOIN orgs o ON o.id = m.org_id"
          " WHERE o.path >= ? AND o.path < ? AND m.suspended = 0"
          " AND m.contract_start <= ? AND m.contract_end > ?";
    params = {range.lower, range.upper, q.to, q.to};
    if (f == "orchards_and_farms") sql += " AND m.category IN ('orchard', 'farm')";
    if (f == "merchants_by_category" && !q.key.empty()) {
      sql += " AND m.category = ?";
      params.push_back(q.key);
    }
    page("m.id");
  } else {
    out.type = "transfer";
    const bool issued = f == "points_issued";
    sql = "SELECT t.id, t.kind, t.amount, mb.id, t.created_at FROM ledger_transfers t"
          " JOIN members mb ON mb.id = " +
          std::string(issued ? "t.credit_account_id" : "(CASE WHEN t.kind = 'spend' THEN t.debit_account_id ELSE t.credit_account_id END)") +
          " JOIN orgs o ON o.id = mb.org_id WHERE t.kind IN " +
          std::string(issued ? "('grant', 'checkin')" : "('spend', 'refund')") +
          " AND t.created_at >= ? AND t.created_at < ? AND o.path >= ? AND o.path < ?";
    params = {q.from, q.to, range.lower, range.upper};
    page("t.id");
  }
  GH_ASSIGN(Rows rows, tx.query(sql, params));
  auto id = [](int64_t v) { return boost::json::value(std::to_string(v)); };
  auto time = [](int64_t v) { return boost::json::value(format_rfc3339(Timestamp{v})); };
  int64_t last = 0;
  for (const auto& r : rows) {
    if (static_cast<int64_t>(out.items.size()) == q.limit) {
      out.next_cursor = last;
      break;
    }
    last = r.integer(0);
    boost::json::object item;
    if (out.type == "campaign") {
      item = {{"id", id(r.integer(0))}, {"org_id", id(r.integer(1))}, {"kind", r.text(2)},
              {"title", r.text(3)},     {"brand", r.text(4)},         {"status", r.text(5)},
              {"opens_at", time(r.integer(6))}};
    } else if (out.type == "voucher") {
      item = {{"id", id(r.integer(0))},          {"campaign_id", id(r.integer(1))},
              {"prize_id", id(r.integer(2))},    {"member_id", id(r.integer(3))},
              {"merchant_id", id(r.integer(4))}, {"status", r.text(5)},
              {"value_fen", r.integer(6)},       {"product_kind", r.text(7)},
              {"created_at", time(r.integer(8))},
              {"redeemed_at", r.integer(9) ? time(r.integer(9)) : boost::json::value(nullptr)}};
    } else if (out.type == "purchase") {
      item = {{"id", id(r.integer(0))},       {"org_id", id(r.integer(1))},
              {"supplier_name", r.text(2)},   {"product_name", r.text(3)},
              {"product_kind", r.text(4)},    {"quantity", r.integer(5)},
              {"unit", r.text(6)},            {"total_fen", r.integer(7)},
              {"purchased_on", purchase::format_local_date(r.integer(8))},
              {"counterpart_region", r.text(9)}, {"invoice_ref", r.text(10)}};
    } else if (out.type == "merchant") {
      item = {{"id", id(r.integer(0))},   {"org_id", id(r.integer(1))},
              {"name", r.text(2)},        {"category", r.text(3)},
              {"contract_start", time(r.integer(4))}, {"contract_end", time(r.integer(5))}};
    } else {
      item = {{"id", id(r.integer(0))}, {"kind", r.text(1)}, {"amount", r.integer(2)},
              {"member_id", id(r.integer(3))}, {"created_at", time(r.integer(4))}};
    }
    out.items.push_back(std::move(item));
  }
  return out;
}

boost::json::object to_json(const Impact& m) {
  boost::json::object out;
  out["org_id"] = std::to_string(m.org_id);
  out["org_name"] = m.org_name;
  out["from"] = format_rfc3339(Timestamp{m.from});
  out["to"] = format_rfc3339(Timestamp{m.to});
  for (const auto& [name, value] : summary_rows(m)) out[name] = value;
  for (const auto& [name, map] : breakdowns(m)) out[name] = map_json(*map);
  boost::json::array trend;
  for (const Month& month : m.trend_by_month) {
    trend.push_back({{"month", month.month},
                     {"portions", month.portions},
                     {"funds_fen", month.funds_fen}});
  }
  out["trend_by_month"] = std::move(trend);
  boost::json::array districts;
  for (const District& d : m.by_district) {
    boost::json::object row = core_json(d.core);
    row["org_id"] = std::to_string(d.org_id);
    row["name"] = d.name;
    row["report"] = "/api/v1/reports/impact?org_id=" + std::to_string(d.org_id) + "&from=" +
                    format_rfc3339(Timestamp{m.from}) + "&to=" + format_rfc3339(Timestamp{m.to});
    districts.push_back(std::move(row));
  }
  out["by_district"] = std::move(districts);
  boost::json::object links;
  for (const std::string& figure : figures()) links[figure] = link(figure, m);
  out["links"] = std::move(links);
  return out;
}

std::string to_csv(const Impact& m) {
  std::string out = "section,key,figure,value\r\n";
  auto row = [&](std::string_view section, std::string_view key, std::string_view figure,
                 int64_t value) {
    out += csv::escape_cell(section) + "," + csv::escape_cell(key) + "," +
           csv::escape_cell(figure) + "," + std::to_string(value) + "\r\n";
  };
  out += "report," + csv::escape_cell(m.org_name) + ",from," + format_rfc3339(Timestamp{m.from}) +
         "\r\nreport," + csv::escape_cell(m.org_name) + ",to," + format_rfc3339(Timestamp{m.to}) +
         "\r\n";
  for (const auto& [name, value] : summary_rows(m)) row("summary", "", name, value);
  for (const auto& [name, map] : breakdowns(m)) {
    for (const auto& [key, value] : *map) row(name, key, name, value);
  }
  for (const Month& month : m.trend_by_month) {
    row("trend_by_month", month.month, "portions", month.portions);
    row("trend_by_month", month.month, "funds_fen", month.funds_fen);
  }
  for (const District& d : m.by_district) {
    for (const auto& [figure, value] : core_json(d.core)) {
      row("by_district", d.name, figure, value.as_int64());
    }
  }
  return out;
}

Result<std::string> to_xlsx(const Impact& m) {
  char path[] = "/tmp/gonghui-report-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return Error::internal("cannot make a temporary file for the workbook");
  close(fd);
  struct Remove {
    const char* p;
    ~Remove() { std::remove(p); }
  } remove{path};
  lxw_workbook* workbook = workbook_new(path);
  if (workbook == nullptr) return Error::internal("cannot create the workbook");
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  // Sheet 1: the figures.
  lxw_worksheet* summary = workbook_add_worksheet(workbook, "summary");
  worksheet_write_string(summary, 0, 0, "figure", bold);
  worksheet_write_string(summary, 0, 1, "value", bold);
  lxw_row_t r = 1;
  worksheet_write_string(summary, r, 0, "union", nullptr);
  worksheet_write_string(summary, r++, 1, m.org_name.c_str(), nullptr);
  worksheet_write_string(summary, r, 0, "from", nullptr);
  worksheet_write_string(summary, r++, 1, format_rfc3339(Timestamp{m.from}).c_str(), nullptr);
  worksheet_write_string(summary, r, 0, "to", nullptr);
  worksheet_write_string(summary, r++, 1, format_rfc3339(Timestamp{m.to}).c_str(), nullptr);
  for (const auto& [name, value] : summary_rows(m)) {
    worksheet_write_string(summary, r, 0, name.c_str(), nullptr);
    worksheet_write_number(summary, r++, 1, static_cast<double>(value), nullptr);
  }
  worksheet_set_column(summary, 0, 0, 28, nullptr);
  worksheet_set_column(summary, 1, 1, 24, nullptr);
  // Sheet 2: the breakdowns.
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "breakdowns");
  worksheet_write_string(sheet, 0, 0, "figure", bold);
  worksheet_write_string(sheet, 0, 1, "key", bold);
  worksheet_write_string(sheet, 0, 2, "value", bold);
  r = 1;
  for (const auto& [name, map] : breakdowns(m)) {
    for (const auto& [key, value] : *map) {
      worksheet_write_string(sheet, r, 0, name.c_str(), nullptr);
      worksheet_write_string(sheet, r, 1, key.c_str(), nullptr);
      worksheet_write_number(sheet, r++, 2, static_cast<double>(value), nullptr);
    }
  }
  // Sheet 3: the trend by month.
  sheet = workbook_add_worksheet(workbook, "trend_by_month");
  worksheet_write_string(sheet, 0, 0, "month", bold);
  worksheet_write_string(sheet, 0, 1, "portions", bold);
  worksheet_write_string(sheet, 0, 2, "funds_fen", bold);
  r = 1;
  for (const Month& month : m.trend_by_month) {
    worksheet_write_string(sheet, r, 0, month.month.c_str(), nullptr);
    worksheet_write_number(sheet, r, 1, static_cast<double>(month.portions), nullptr);
    worksheet_write_number(sheet, r++, 2, static_cast<double>(month.funds_fen), nullptr);
  }
  // Sheet 4: per district.
  sheet = workbook_add_worksheet(workbook, "by_district");
  worksheet_write_string(sheet, 0, 0, "union", bold);
  lxw_col_t c = 1;
  for (const auto& [figure, value] : core_json(Core{})) {
    worksheet_write_string(sheet, 0, c++, std::string(figure).c_str(), bold);
  }
  r = 1;
  for (const District& d : m.by_district) {
    worksheet_write_string(sheet, r, 0, d.name.c_str(), nullptr);
    c = 1;
    for (const auto& [figure, value] : core_json(d.core)) {
      worksheet_write_number(sheet, r, c++, static_cast<double>(value.as_int64()), nullptr);
    }
    ++r;
  }
  if (workbook_close(workbook) != LXW_NO_ERROR) {
    return Error::internal("cannot write the workbook");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return Error::internal("cannot read the workbook back");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace gonghui::report
