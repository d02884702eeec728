#include "domain/report/internal.hpp"

#include <cstdio>
#include <iterator>

#include "core/time.hpp"
#include "domain/report/summary.hpp"

namespace gonghui::report::internal {

std::string over_events(std::string_view columns, std::string_view tables,
                        std::string_view conditions) {
  return "SELECT " + std::string(columns) + " FROM orgs o CROSS JOIN campaigns c" +
         std::string(tables) +
         " WHERE c.org_id = o.id AND o.path >= ? AND o.path < ?"
         " AND c.status IN ('published', 'drawn') AND c.listed = 1"
         " AND c.opens_at >= ? AND c.opens_at < ?" +
         std::string(conditions);
}

Status plan_for_parameters(store::Tx& tx) {
  return tx.engine() == "postgresql" ? tx.script("SET LOCAL plan_cache_mode = force_custom_plan")
                                     : Status::Ok();
}

store::Params event_params(const org::PathRange& r, int64_t from, int64_t to) {
  return {r.lower, r.upper, from, to};
}

namespace {
constexpr std::string_view kKinds[] = {"fruit",   "vegetable", "grain", "meat_egg",
                                       "aquatic", "tea",       "other"};
}  // namespace

std::string produce_of(std::string_view product_name, std::string_view produce_name,
                       std::string_view produce_kind) {
  if (!product_name.empty()) return std::string(product_name);
  if (!produce_name.empty()) return std::string(produce_name);
  if (!produce_kind.empty()) return std::string(product_kind_name(produce_kind));
  return "other";
}

std::optional<std::string> kind_named(std::string_view produce) {
  for (const std::string_view kind : kKinds) {
    if (product_kind_name(kind) == produce) return std::string(kind);
  }
  return std::nullopt;
}

int Scope::district_of(std::string_view path) const {
  const auto after =
      std::upper_bound(children.begin(), children.end(), path,
                       [](std::string_view p, const org::Org& child) { return p < child.path; });
  if (after == children.begin()) return -1;
  const auto& child = *std::prev(after);
  return path.substr(0, child.path.size()) == child.path
             ? static_cast<int>(after - children.begin() - 1)
             : -1;
}

Result<Scope> load_scope(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id) {
  Scope s;
  if (org_id) {
    GH_ASSIGN(s.root, org::require_in_scope(tx, admin, *org_id));
  } else {
    GH_ASSIGN(s.root, org::admin_scope(tx, admin));
  }
  GH_ASSIGN(
      store::Rows rows,
      tx.query("SELECT id, name, path FROM orgs WHERE parent_id = ? ORDER BY path", {s.root.id}));
  for (const auto& r : rows) {
    org::Org o;
    o.id = r.integer(0);
    o.name = r.text(1);
    o.path = r.text(2);
    s.children.push_back(std::move(o));
  }
  return s;
}

namespace {
std::string month_name(int64_t ms) {
  const auto ym = local_year_month(ms);
  char out[16];
  std::snprintf(out, sizeof out, "%04lld-%02lld", static_cast<long long>(ym.year),
                static_cast<long long>(ym.month));
  return out;
}
}  // namespace

MonthTally::MonthTally(int64_t from, int64_t to) {
  if (to <= from) return;
  const auto first = local_year_month(from);
  first_ = first.year * 12 + (first.month - 1);
  for (int64_t i = first_;; ++i) {
    const int64_t start = local_month_start(i / 12, i % 12 + 1);
    if (start >= to) break;
    months_.push_back({month_name(start), 0, 0});
  }
}

MonthTally::Slot& MonthTally::at(int64_t ms) {
  const auto ym = local_year_month(ms);
  return months_.at(static_cast<size_t>(ym.year * 12 + (ym.month - 1) - first_));
}

}  // namespace gonghui::report::internal
