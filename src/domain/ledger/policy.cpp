// Union policies over points: budgets that bind a whole subtree, check-in rewards and the
// ceilings the union above puts on them.
#include <algorithm>

#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/ledger/internal.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/org/org.hpp"

namespace gonghui::ledger {
namespace {

using store::Rows;

boost::json::value optional_json(const std::optional<int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

std::optional<int64_t> column_of(const Summary& s, std::string_view column) {
  if (column == "budget") return s.budget;
  if (column == "checkin_points") return s.checkin_points;
  return s.checkin_ceiling;
}

// Upserts one policy column of a union and audits the change.
Result<Summary> set_policy(store::Tx& tx, const Principal& admin, const org::Org& org,
                           std::string_view column, std::optional<int64_t> value,
                           std::string_view action) {
  GH_ASSIGN(Summary before, internal::load_summary(tx, org));
  const std::string col(column);
  const store::Value v = value ? store::Value(*value) : store::Value(std::monostate{});
  GH_TRY(tx.exec("INSERT INTO ledger_policies (org_id, " + col +
                     ", budget_used, updated_at) VALUES (?, ?, 0, ?) "
                     "ON CONFLICT (org_id) DO UPDATE SET " +
                     col + " = excluded." + col + ", updated_at = excluded.updated_at",
                 {org.id, v, Timestamp::now().ms}));
  GH_ASSIGN(Summary after, internal::load_summary(tx, org));
  GH_TRY(audit::record(tx, admin, action, "org", std::to_string(org.id), org.id,
                       boost::json::object{{col, optional_json(column_of(before, column))}},
                       boost::json::object{{col, optional_json(column_of(after, column))}}));
  return after;
}

// 400 out_of_range naming `field` unless the value is absent (no limit) or 0..max.
Status absent_or_up_to(std::optional<int64_t> value, int64_t max, const std::string& field) {
  if (value && (*value < 0 || *value > max)) {
    return Error::invalid(field, "out_of_range",
                          field + " must be between 0 and " + std::to_string(max));
  }
  return Status::Ok();
}

std::string marks(size_t n) { return internal::repeated("?", n); }

}  // namespace

namespace internal {

Status charge_budgets(store::Tx& tx, const std::vector<int64_t>& org_ids, int64_t points,
                      std::string_view field, int64_t now) {
  if (org_ids.empty() || points == 0) {
    return Status::Ok();
  }
  store::Params rows;
  for (int64_t id : org_ids) {
    rows.insert(rows.end(), {id, now});
  }
  GH_TRY(tx.exec("INSERT INTO ledger_policies (org_id, budget_used, updated_at) VALUES " +
                     repeated("(?, 0, ?)", org_ids.size()) + " ON CONFLICT (org_id) DO NOTHING",
                 rows));
  store::Params params{points, points};
  params.insert(params.end(), org_ids.begin(), org_ids.end());
  GH_ASSIGN(int64_t charged,
            tx.exec("UPDATE ledger_policies SET budget_used = budget_used + ? "
                    "WHERE (budget IS NULL OR budget_used + ? <= budget) AND org_id IN (" +
                        marks(org_ids.size()) + ")",
                    params));
  if (charged == static_cast<int64_t>(org_ids.size())) {
    return Status::Ok();
  }
  // Name the highest union whose budget is short (the caller rolls the charges back).
  store::Params short_params{points};
  short_params.insert(short_params.end(), org_ids.begin(), org_ids.end());
  GH_ASSIGN(Rows short_of,
            tx.query("SELECT p.org_id, o.name, p.budget - p.budget_used FROM ledger_policies p "
                     "JOIN orgs o ON o.id = p.org_id WHERE p.budget IS NOT NULL AND "
                     "p.budget_used + ? > p.budget AND p.org_id IN (" +
                         marks(org_ids.size()) + ") ORDER BY o.depth",
                     short_params));
  std::string message = "this needs " + std::to_string(points) + " points";
  if (!short_of.empty()) {
    message += " but the budget of " + short_of[0].text(1) + " has " +
               std::to_string(std::max<int64_t>(0, short_of[0].integer(2))) + " left";
  }
  return Error::conflict("budget_exceeded", message, std::string(field));
}

Status release_budgets(store::Tx& tx, const std::vector<int64_t>& org_ids, int64_t points) {
  if (org_ids.empty() || points == 0) {
    return Status::Ok();
  }
  store::Params params{points};
  params.insert(params.end(), org_ids.begin(), org_ids.end());
  GH_TRY(tx.exec("UPDATE ledger_policies SET budget_used = budget_used - ? WHERE org_id IN (" +
                     marks(org_ids.size()) + ")",
                 params));
  return Status::Ok();
}

Result<int64_t> checkin_ceiling(store::Tx& tx, const std::string& path) {
  const std::vector<int64_t> ids = org::ids_on_path(path);
  if (ids.empty()) {
    return kDefaultCheckinCeiling;
  }
  GH_ASSIGN(Rows rows, tx.query("SELECT MIN(checkin_ceiling) FROM ledger_policies WHERE "
                                "checkin_ceiling IS NOT NULL AND org_id IN (" +
                                    marks(ids.size()) + ")",
                                store::Params(ids.begin(), ids.end())));
  return rows.empty() || rows[0].is_null(0) ? kDefaultCheckinCeiling : rows[0].integer(0);
}

}  // namespace internal

Result<Summary> set_budget(store::Tx& tx, const Principal& admin, int64_t org_id,
                           std::optional<int64_t> budget) {
  GH_TRY(absent_or_up_to(budget, json::kMaxSafeInteger, "budget"));
  GH_ASSIGN(org::Org org, org::require_set_from_above(tx, admin, org_id, "budget"));
  return set_policy(tx, admin, org, "budget", budget, "points.budget");
}

Result<Summary> set_checkin_points(store::Tx& tx, const Principal& admin, int64_t org_id,
                                   std::optional<int64_t> points) {
  GH_TRY(absent_or_up_to(points, kMaxAmount, "points"));
  GH_ASSIGN(org::Org org, org::require_in_scope(tx, admin, org_id));
  if (points && !admin.has(Role::kPlatformAdmin)) {
    GH_ASSIGN(int64_t ceiling, internal::checkin_ceiling(tx, org.path));
    if (*points > ceiling) {
      return Error::invalid("points", "above_ceiling",
                            "the check-in reward may be at most " + std::to_string(ceiling) +
                                " points, the ceiling set by the union above");
    }
  }
  return set_policy(tx, admin, org, "checkin_points", points, "points.checkin");
}

Result<Summary> set_checkin_ceiling(store::Tx& tx, const Principal& admin, int64_t org_id,
                                    std::optional<int64_t> ceiling) {
  GH_TRY(absent_or_up_to(ceiling, kMaxAmount, "ceiling"));
  GH_ASSIGN(org::Org org, org::require_set_from_above(tx, admin, org_id, "check-in ceiling"));
  return set_policy(tx, admin, org, "checkin_ceiling", ceiling, "points.checkin_ceiling");
}

}  // namespace gonghui::ledger
