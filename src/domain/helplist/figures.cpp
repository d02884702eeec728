// Help-list figures of a subtree's pairings.
#include <map>

#include "domain/helplist/internal.hpp"
#include "domain/org/org.hpp"

namespace gonghui::helplist {

Result<Figures> figures(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  if (org_id) {
    GH_ASSIGN(scope, org::require_in_scope(tx, admin, *org_id));
  }
  const org::PathRange range = org::range_of(scope.path);
  GH_ASSIGN(
      std::vector<Pairing> pairings,
      internal::pairings_where(tx, "WHERE o.path >= ? AND o.path < ?", {range.lower, range.upper}));
  Figures f;
  std::map<Category, CategoryFigures> by_category;
  std::map<Category, std::string> units;  // "" once two units differ
  for (Pairing& p : pairings) {
    GH_TRY(internal::fill_aggregates(tx, p));
    ++f.pairings;
    f.fund_fen += p.fund_fen;
    f.spent_fen += p.spent_fen;
    f.households += p.households;
    f.visits += p.visits;
    f.volunteer_minutes += p.volunteer_minutes;
    f.income_fen_per_year += p.income_fen_per_year;
    GH_ASSIGN(store::Rows needs,
              tx.query("SELECT category, status, target_quantity, delivered_quantity, unit FROM "
                       "helplist_needs WHERE pairing_id = ?",
                       {p.id}));
    for (const store::Row& row : needs) {
      const Category c = parse_enum<Category>(row.text(0)).value_or(Category::kOther);
      CategoryFigures& cf = by_category[c];
      const bool first = cf.needs == 0;
      cf.category = c;
      ++cf.needs;
      ++f.needs;
      if (row.text(1) == "accepted") {
        ++cf.accepted;
        ++f.needs_accepted;
      }
      cf.target_quantity += row.integer(2);
      cf.delivered_quantity += row.integer(3);
      if (first) {
        units[c] = row.text(4);
      } else if (units[c] != row.text(4)) {
        units[c].clear();
      }
    }
  }
  GH_ASSIGN(store::Rows volunteers,
            tx.query("SELECT COUNT(DISTINCT v.member_id) FROM helplist_volunteers v JOIN "
                     "helplist_tasks t ON t.id = v.task_id JOIN helplist_needs n ON n.id = "
                     "t.need_id JOIN helplist_pairings p ON p.id = n.pairing_id JOIN orgs o ON "
                     "o.id = p.org_id WHERE v.minutes > 0 AND o.path >= ? AND o.path < ?",
                     {range.lower, range.upper}));
  f.volunteers = volunteers[0].integer(0);
  for (auto& [category, cf] : by_category) {
    cf.unit = units[category];
    f.by_category.push_back(cf);
  }
  return f;
}

}  // namespace gonghui::helplist
