// Training figures of a union subtree: courses, sessions, seats, places asked for and held,
// attendance and its rate, no-shows and completions, in total, per child union and per
// category; and the person-times the impact report counts.
#include <algorithm>
#include <map>

#include "domain/org/org.hpp"
#include "domain/training/internal.hpp"

namespace gonghui::training {

using store::Rows;

namespace {

// The courses a figure counts, joined as `c` with their organiser as `o`.
constexpr std::string_view kCounted =
    " JOIN orgs o ON o.id = c.org_id WHERE o.path >= ? AND o.path < ? AND c.status = 'published' "
    "AND c.first_session_at >= ? AND c.first_session_at < ?";

struct CourseFigures {
  Category category = Category::kOther;
  int union_index = -1;  // index into by_union; the root's own row is the last
  FigureRow row;
};

// Adds each row of `sql` (course id first, then values) into that course's figures.
template <class Fn>
Status per_course(store::Tx& tx, const std::string& sql, const store::Params& params,
                  std::map<int64_t, CourseFigures>& courses, const Fn& add) {
  GH_ASSIGN(Rows rows, tx.query(sql, params));
  for (const auto& r : rows) {
    auto it = courses.find(r.integer(0));
    if (it != courses.end()) {
      add(it->second.row, r);
    }
  }
  return Status::Ok();
}

Status read_counts(store::Tx& tx, const store::Params& params, int64_t now,
                   std::map<int64_t, CourseFigures>& courses) {
  const std::string where(kCounted);
  store::Params with_now = params;
  with_now.insert(with_now.begin(), now);
  GH_TRY(per_course(tx,
                    "SELECT s.course_id, COUNT(*), SUM(CASE WHEN s.ends_at <= ? THEN 1 ELSE 0 END) "
                    "FROM training_sessions s JOIN training_courses c ON c.id = s.course_id" +
                        where + " GROUP BY s.course_id",
                    with_now, courses, [](FigureRow& f, const store::Row& r) {
                      f.sessions = r.integer(1);
                      f.expected = r.integer(2);  // ended sessions, times seats held below
                    }));
  GH_TRY(per_course(tx,
                    "SELECT e.course_id, COUNT(*), SUM(CASE WHEN e.state = 'enrolled' THEN 1 ELSE "
                    "0 END) FROM training_enrolments e JOIN training_courses c "
                    "ON c.id = e.course_id" +
                        where + " GROUP BY e.course_id",
                    params, courses, [](FigureRow& f, const store::Row& r) {
                      f.applications = r.integer(1);
                      f.enrolments = r.integer(2);
                    }));
  for (auto& [id, c] : courses) {
    c.row.expected *= c.row.enrolments;
    c.row.no_shows = c.row.expected;  // less the marks of ended sessions, below
  }
  GH_TRY(per_course(
      tx,
      "SELECT a.course_id, SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN a.status = 'present' AND s.ends_at <= ? THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN s.ends_at <= ? AND e.state = 'enrolled' THEN 1 ELSE 0 END) "
      "FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id "
      "JOIN training_enrolments e ON e.course_id = a.course_id AND e.member_id = a.member_id "
      "JOIN training_courses c ON c.id = a.course_id" +
          where + " GROUP BY a.course_id",
      [&] {
        store::Params p = params;
        p.insert(p.begin(), now);
        p.insert(p.begin(), now);
        return p;
      }(),
      courses,
      [](FigureRow& f, const store::Row& r) {
        f.attendances = r.integer(1);
        f.ended_attendances = r.integer(2);
        f.no_shows -= r.integer(3);
      }));
  return per_course(tx,
                    "SELECT t.course_id, COUNT(*) FROM training_certificates t "
                    "JOIN training_courses c ON c.id = t.course_id" +
                        where + " AND t.revoked_at = 0 GROUP BY t.course_id",
                    params, courses,
                    [](FigureRow& f, const store::Row& r) { f.completions = r.integer(1); });
}

}  // namespace

void FigureRow::add(const FigureRow& o) {
  courses += o.courses;
  sessions += o.sessions;
  seats += o.seats;
  applications += o.applications;
  enrolments += o.enrolments;
  attendances += o.attendances;
  ended_attendances += o.ended_attendances;
  expected += o.expected;
  no_shows += o.no_shows;
  completions += o.completions;
}

Result<Figures> figures(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id,
                        int64_t from, int64_t to, int64_t now) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  if (org_id) {
    GH_ASSIGN(scope, org::require_in_scope(tx, admin, *org_id));
  }
  Figures out;
  out.org_id = scope.id;
  out.from = from;
  out.to = to;
  GH_ASSIGN(Rows children, tx.query("SELECT id, name, path FROM orgs WHERE parent_id = ? "
                                    "ORDER BY path",
                                    {scope.id}));
  std::map<int64_t, int> child_index;
  for (const auto& r : children) {
    child_index[r.integer(0)] = static_cast<int>(out.by_union.size());
    out.by_union.push_back({r.integer(0), r.text(1), false, {}});
  }
  out.by_union.push_back({scope.id, scope.name, true, {}});
  const org::PathRange range = org::range_of(scope.path);
  const store::Params params{range.lower, range.upper, from, to};
  GH_ASSIGN(Rows rows, tx.query("SELECT c.id, c.category, c.seats, o.path FROM training_courses c" +
                                    std::string(kCounted),
                                params));
  std::map<int64_t, CourseFigures> courses;
  const size_t depth = org::ids_on_path(scope.path).size();
  for (const auto& r : rows) {
    CourseFigures c;
    c.category = parse_enum<Category>(r.text(1)).value_or(Category::kOther);
    c.row.courses = 1;
    c.row.seats = r.integer(2);
    const std::vector<int64_t> path = org::ids_on_path(r.text(3));
    c.union_index = static_cast<int>(out.by_union.size()) - 1;
    if (path.size() > depth) {
      auto child = child_index.find(path[depth]);
      if (child != child_index.end()) {
        c.union_index = child->second;
      }
    }
    courses[r.integer(0)] = c;
  }
  GH_TRY(read_counts(tx, params, now, courses));
  std::map<Category, FigureRow> by_category;
  for (const auto& [id, c] : courses) {
    out.totals.add(c.row);
    out.by_union[static_cast<size_t>(c.union_index)].figures.add(c.row);
    by_category[c.category].add(c.row);
  }
  for (const auto& [category, row] : by_category) {
    out.by_category.emplace_back(category, row);
  }
  return out;
}

Result<int64_t> person_times(store::Tx& tx, const std::string& lower, const std::string& upper,
                             int64_t from, int64_t to) {
  GH_ASSIGN(Rows rows, tx.query("SELECT COUNT(*) FROM training_attendance a "
                                "JOIN training_sessions s ON s.id = a.session_id "
                                "JOIN training_courses c ON c.id = a.course_id "
                                "JOIN orgs o ON o.id = c.org_id WHERE a.status = 'present' "
                                "AND c.status = 'published' AND o.path >= ? AND o.path < ? "
                                "AND s.starts_at >= ? AND s.starts_at < ?",
                                {lower, upper, from, to}));
  return rows[0].integer(0);
}

}  // namespace gonghui::training
