// Station figures for admins.
#include <algorithm>
#include <cmath>
#include <map>

#include "domain/org/org.hpp"
#include "domain/station/internal.hpp"

namespace gonghui::station {
namespace {

constexpr int64_t kDayMs = 86'400'000;

// The median of durations in ms, in days with one decimal.
std::optional<double> median_days(std::vector<int64_t> durations) {
  if (durations.empty()) return std::nullopt;
  std::sort(durations.begin(), durations.end());
  const size_t n = durations.size();
  const double ms =
      n % 2 == 1
          ? static_cast<double>(durations[n / 2])
          : (static_cast<double>(durations[n / 2 - 1]) + static_cast<double>(durations[n / 2])) /
                2.0;
  return std::round(ms / kDayMs * 10.0) / 10.0;
}

}  // namespace

Result<Figures> figures(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id,
                        int64_t from, int64_t to) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  if (org_id) {
    GH_ASSIGN(scope, org::require_in_scope(tx, admin, *org_id));
  }
  const org::PathRange range = org::range_of(scope.path);
  Figures f;
  std::map<int64_t, OrgFigures> by_org;
  GH_ASSIGN(store::Rows stations,
            tx.query("SELECT s.org_id, o.name, s.status FROM stations s JOIN orgs o ON o.id = "
                     "s.org_id WHERE o.path >= ? AND o.path < ?",
                     {range.lower, range.upper}));
  for (const store::Row& row : stations) {
    OrgFigures& o = by_org[row.integer(0)];
    o.org_id = row.integer(0);
    o.org_name = row.text(1);
    ++o.stations;
    ++f.stations;
    f.open_stations += row.text(2) == "open" ? 1 : 0;
  }
  GH_ASSIGN(
      store::Rows visits,
      tx.query("SELECT s.org_id, COUNT(*), SUM(CASE WHEN c.stars > 0 THEN 1 ELSE 0 END), "
               "SUM(c.stars) FROM station_check_ins c JOIN stations s ON s.id = c.station_id "
               "JOIN orgs o ON o.id = s.org_id WHERE o.path >= ? AND o.path < ? AND c.at >= ? "
               "AND c.at < ? GROUP BY s.org_id",
               {range.lower, range.upper, from, to}));
  for (const store::Row& row : visits) {
    by_org[row.integer(0)].visits = row.integer(1);
    f.visits += row.integer(1);
    f.ratings += row.integer(2);
    f.rating_sum += row.integer(3);
  }
  GH_ASSIGN(store::Rows problems,
            tx.query("SELECT s.org_id, p.status, p.reported_at, p.closed_at FROM station_problems "
                     "p JOIN stations s ON s.id = p.station_id JOIN orgs o ON o.id = s.org_id "
                     "WHERE o.path >= ? AND o.path < ? AND p.reported_at >= ? AND "
                     "p.reported_at < ?",
                     {range.lower, range.upper, from, to}));
  std::vector<int64_t> to_fix;
  for (const store::Row& row : problems) {
    OrgFigures& o = by_org[row.integer(0)];
    ++o.problems_reported;
    ++f.problems_reported;
    const std::string status = row.text(1);
    if (status == "fixed") {
      ++o.problems_fixed;
      ++f.problems_fixed;
      to_fix.push_back(row.integer(3) - row.integer(2));
    } else if (status == "reported" || status == "confirmed") {
      ++f.problems_open;
    }
  }
  f.median_days_to_fix = median_days(std::move(to_fix));
  for (auto& [id, o] : by_org) f.by_org.push_back(std::move(o));
  std::sort(f.by_org.begin(), f.by_org.end(),
            [](const OrgFigures& a, const OrgFigures& b) { return a.org_name < b.org_name; });
  return f;
}

}  // namespace gonghui::station
