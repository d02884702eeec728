// 就业服务 figures of a subtree: jobs posted and their positions, applications, interviews,
// hires and new members joined, in total and per child union (and 本级).
#include <map>

#include "domain/jobs/internal.hpp"
#include "domain/joining/joining.hpp"
#include "domain/org/org.hpp"

namespace gonghui::jobs {
namespace {

// Per union of the subtree: the row it counts under (a child of the scope, or the scope).
struct Rows {
  std::map<int64_t, size_t> row_of;  // union id → index in report.rows
  FigureReport report;

  Figures* at(int64_t org_id) {
    auto it = row_of.find(org_id);
    return it == row_of.end() ? nullptr : &report.rows[it->second].figures;
  }
};

Result<Rows> rows_of(store::Tx& tx, const org::Org& scope) {
  Rows out;
  out.report.rows.push_back({scope.id, scope.name + "（本级）", {}});
  GH_ASSIGN(std::vector<org::Org> subtree, org::subtree(tx, scope.id));
  std::map<std::string, size_t> child_rows;  // a child's path → its row
  for (const org::Org& o : subtree) {
    if (o.parent_id == scope.id) {
      child_rows[o.path] = out.report.rows.size();
      out.report.rows.push_back({o.id, o.name, {}});
    }
  }
  for (const org::Org& o : subtree) {
    size_t row = 0;
    for (const auto& [path, index] : child_rows) {
      if (o.path.starts_with(path)) {
        row = index;
      }
    }
    out.row_of[o.id] = row;
  }
  return out;
}

// Adds `sql`'s (org_id, count[, sum]) rows to the member of Figures named by `first` (and
// `second` for the sum).
Status add(store::Tx& tx, Rows& rows, const std::string& sql, const store::Params& params,
           int64_t Figures::*first, int64_t Figures::*second = nullptr) {
  GH_ASSIGN(store::Rows found, tx.query(sql, params));
  for (const store::Row& row : found) {
    if (Figures* f = rows.at(row.integer(0))) {
      f->*first += row.integer(1);
      if (second != nullptr) {
        f->*second += row.integer(2);
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<FigureReport> figures(store::Tx& tx, const Principal& admin, int64_t org_id, int64_t from,
                             int64_t to) {
  GH_ASSIGN(org::Org own, org::admin_scope(tx, admin));
  GH_ASSIGN(org::Org scope, org::require_in_scope(tx, admin, org_id == 0 ? own.id : org_id));
  GH_ASSIGN(Rows rows, rows_of(tx, scope));
  const org::PathRange range = org::range_of(scope.path);
  const store::Params params{range.lower, range.upper, from, to};
  const std::string in_scope = " JOIN orgs o ON o.id = j.org_id WHERE o.path >= ? AND o.path < ?";
  GH_TRY(add(tx, rows,
             "SELECT j.org_id, COUNT(*), SUM(j.headcount) FROM jobs j" + in_scope +
                 " AND j.published_at >= ? AND j.published_at < ? AND j.published_at > 0 "
                 "GROUP BY j.org_id",
             params, &Figures::jobs, &Figures::positions));
  GH_TRY(add(tx, rows,
             "SELECT j.org_id, COUNT(*) FROM job_applications a JOIN jobs j ON j.id = a.job_id" +
                 in_scope + " AND a.created_at >= ? AND a.created_at < ? GROUP BY j.org_id",
             params, &Figures::applications));
  const std::string steps =
      "SELECT j.org_id, COUNT(*) FROM job_application_events v JOIN job_applications a ON "
      "a.id = v.application_id JOIN jobs j ON j.id = a.job_id" +
      in_scope + " AND v.created_at >= ? AND v.created_at < ? AND v.status = ";
  GH_TRY(add(tx, rows, steps + "'interview' GROUP BY j.org_id", params, &Figures::interviews));
  GH_TRY(add(tx, rows, steps + "'hired' GROUP BY j.org_id", params, &Figures::hires));
  GH_ASSIGN(auto joined, joining::approvals_by_union(tx, range, from, to));
  for (const auto& [union_id, count] : joined) {
    if (Figures* f = rows.at(union_id)) {
      f->new_members += count;
    }
  }
  for (const FigureRow& row : rows.report.rows) {
    const Figures& f = row.figures;
    Figures& t = rows.report.total;
    t.jobs += f.jobs;
    t.positions += f.positions;
    t.applications += f.applications;
    t.interviews += f.interviews;
    t.hires += f.hires;
    t.new_members += f.new_members;
  }
  return rows.report;
}

}  // namespace gonghui::jobs
