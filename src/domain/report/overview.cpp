// The admin console's overview: pending applications, ending contracts, today's redemptions,
// campaigns closing soon and the points budget, each read from its own module's tables.
#include "domain/report/overview.hpp"

#include "core/time.hpp"
#include "domain/org/org.hpp"
#include "store/columns.hpp"

namespace gonghui::report {
namespace {

using store::Params;
using store::Rows;

using ItemFields =
    store::Fields<&OverviewItem::id, &OverviewItem::name, &OverviewItem::detail, &OverviewItem::at>;

// Each list's columns (as ItemFields reads them), its rows and their order. The rows'
// parameters are the subtree's path range first, then the list's own.
struct ListSql {
  std::string_view columns;
  std::string_view rows;
  std::string_view order;
};

constexpr std::string_view kApplicationColumns = "SELECT a.id, a.name, '', a.created_at";
constexpr ListSql kApplications{kApplicationColumns,
                                " FROM merchant_applications a JOIN orgs o ON o.id = a.org_id"
                                " WHERE o.path >= ? AND o.path < ? AND a.status = 'pending'",
                                " ORDER BY a.id DESC"};
static_assert(ItemFields::matches(kApplicationColumns));

constexpr std::string_view kExpiringColumns = "SELECT m.id, m.name, '', m.contract_end";
constexpr ListSql kExpiring{kExpiringColumns,
                            " FROM merchants m JOIN orgs o ON o.id = m.org_id"
                            " WHERE o.path >= ? AND o.path < ? AND m.suspended = 0"
                            " AND m.contract_end > ? AND m.contract_end <= ?",
                            " ORDER BY m.contract_end, m.id"};
static_assert(ItemFields::matches(kExpiringColumns));

constexpr std::string_view kRedemptionColumns =
    "SELECT v.id, p.name, COALESCE(m.name, ''), v.redeemed_at";
constexpr ListSql kRedemptions{
    kRedemptionColumns,
    " FROM vouchers v JOIN campaigns c ON c.id = v.campaign_id"
    " JOIN orgs o ON o.id = c.org_id JOIN campaign_prizes p ON p.id = v.prize_id"
    " LEFT JOIN merchants m ON m.id = v.merchant_id"
    " WHERE o.path >= ? AND o.path < ? AND v.status = 'redeemed'"
    " AND v.redeemed_at >= ? AND v.redeemed_at < ?",
    " ORDER BY v.redeemed_at DESC, v.id DESC"};
static_assert(ItemFields::matches(kRedemptionColumns));

constexpr std::string_view kClosingColumns = "SELECT c.id, c.title, c.kind, c.closes_at";
constexpr ListSql kClosing{kClosingColumns,
                           " FROM campaigns c JOIN orgs o ON o.id = c.org_id"
                           " WHERE o.path >= ? AND o.path < ? AND c.status = 'published'"
                           " AND c.listed = 1 AND c.closes_at > ? AND c.closes_at <= ?",
                           " ORDER BY c.closes_at, c.id"};
static_assert(ItemFields::matches(kClosingColumns));

Result<OverviewList> read_list(store::Tx& tx, const ListSql& sql, const org::PathRange& range,
                               const Params& own) {
  Params params{range.lower, range.upper};
  params.insert(params.end(), own.begin(), own.end());
  OverviewList out;
  GH_ASSIGN(Rows count, tx.query("SELECT COUNT(*)" + std::string(sql.rows), params));
  out.count = count[0].integer(0);
  if (out.count == 0) {
    return out;
  }
  GH_ASSIGN(Rows rows,
            tx.query(std::string(sql.columns) + std::string(sql.rows) + std::string(sql.order) +
                         " LIMIT " + std::to_string(kOverviewItems),
                     params));
  for (const auto& row : rows) {
    out.items.push_back(ItemFields::read(row));
  }
  return out;
}

Status read_points(store::Tx& tx, const org::Org& scope, int64_t now, Overview& out) {
  GH_ASSIGN(Rows policy, tx.query("SELECT budget, budget_used FROM ledger_policies "
                                  "WHERE org_id = ?",
                                  {scope.id}));
  if (!policy.empty()) {
    if (!policy[0].is_null(0)) out.budget = policy[0].integer(0);
    out.budget_used = policy[0].integer(1);
  }
  const org::PathRange range = org::range_of(scope.path);
  const int64_t year_start = local_month_start(local_year_month(now).year, 1);
  GH_ASSIGN(Rows issued, tx.query("SELECT COALESCE(SUM(t.amount), 0) FROM ledger_transfers t"
                                  " JOIN members mb ON mb.id = t.credit_account_id"
                                  " JOIN orgs o ON o.id = mb.org_id"
                                  " WHERE t.kind IN ('grant', 'checkin') AND t.created_at >= ?"
                                  " AND o.path >= ? AND o.path < ?",
                                  {year_start, range.lower, range.upper}));
  out.issued_this_year = issued[0].integer(0);
  return Status::Ok();
}

}  // namespace

Result<Overview> overview(store::Tx& tx, const Principal& admin, int64_t now) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  const org::PathRange range = org::range_of(scope.path);
  Overview out;
  out.org_id = scope.id;
  out.org_name = scope.name;
  GH_ASSIGN(out.applications, read_list(tx, kApplications, range, {}));
  GH_ASSIGN(out.expiring,
            read_list(tx, kExpiring, range, {now, now + kOverviewExpiringDays * kDayMs}));
  const int64_t today = local_day_start(local_day(now));
  GH_ASSIGN(out.redemptions, read_list(tx, kRedemptions, range, {today, today + kDayMs}));
  GH_ASSIGN(out.closing,
            read_list(tx, kClosing, range, {now, now + kOverviewClosingDays * kDayMs}));
  GH_TRY(read_points(tx, scope, now, out));
  return out;
}

}  // namespace gonghui::report
