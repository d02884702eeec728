// The impact report's help-list (帮促清单), rest-station (户外劳动者服务站) and 就业服务 (hires,
// members joined online) figures and their records. Each figure is one set of rows — its tables and
// condition, written once here — that the figure aggregates and its drill-down lists, so the two
// cannot disagree.
#include <array>

#include "core/time.hpp"
#include "domain/report/internal.hpp"

namespace gonghui::report::internal {
namespace {

struct FieldFigure {
  std::string_view name;
  std::string_view type;       // of its records
  std::string_view aggregate;  // the figure over the rows
  std::string_view columns;    // a record's columns; the first is its id
  std::string_view rows;  // FROM … WHERE with ? for lower, upper, from, to (or lower, upper, to)
  bool ranged = true;     // false: no lower bound in time (counts what exists at `to`)
  std::string_view key_column;  // the breakdown's key, for a figure by key
};

constexpr std::string_view kNeeds =
    " FROM helplist_needs n JOIN helplist_pairings p ON p.id = n.pairing_id"
    " JOIN orgs o ON o.id = p.org_id WHERE o.path >= ? AND o.path < ?";
constexpr std::string_view kNeedColumns =
    "n.id, n.pairing_id, p.village, n.category, n.title, n.target_quantity, n.unit,"
    " n.delivered_quantity, n.status, n.created_at";

// Needs added in range; needs accepted in range (an accepted need is never written again, so
// its updated_at is when it was accepted); fund payments and purchases recorded in range;
// volunteer minutes of tasks that started in range; yearly income of outcomes recorded in range;
// stations existing at the end of the range; check-ins in range; applications moved to 录用 in
// range, by the job's (its employer's vetting) union; 入会申请 approved in range, by the union
// joined.
const std::array<FieldFigure, 10> kFigures{{
    {"helplist_needs", "helplist_need", "COUNT(*)", kNeedColumns,
     "{needs} AND n.created_at >= ? AND n.created_at < ?", true, ""},
    {"helplist_needs_by_category", "helplist_need", "COUNT(*)", kNeedColumns,
     "{needs} AND n.created_at >= ? AND n.created_at < ?", true, "n.category"},
    {"helplist_needs_accepted", "helplist_need", "COUNT(*)", kNeedColumns,
     "{needs} AND n.status = 'accepted' AND n.updated_at >= ? AND n.updated_at < ?", true, ""},
    {"helplist_funds_fen", "helplist_fulfilment", "COALESCE(SUM(f.amount_fen), 0)",
     "f.id, f.need_id, n.title, p.village, f.kind, f.purchase_id, f.amount_fen, f.recorded_on",
     " FROM helplist_fulfilments f JOIN helplist_needs n ON n.id = f.need_id"
     " JOIN helplist_pairings p ON p.id = n.pairing_id JOIN orgs o ON o.id = p.org_id"
     " WHERE o.path >= ? AND o.path < ? AND f.kind IN ('purchase', 'fund')"
     " AND f.recorded_on >= ? AND f.recorded_on < ?",
     true, ""},
    {"helplist_volunteer_minutes", "helplist_task",
     "COALESCE(SUM((SELECT SUM(v.minutes) FROM helplist_volunteers v WHERE v.task_id = t.id)), 0)",
     "t.id, t.need_id, t.title, p.village, t.starts_at, (SELECT COUNT(*) FROM helplist_volunteers"
     " v WHERE v.task_id = t.id AND v.minutes > 0), (SELECT COALESCE(SUM(v.minutes), 0) FROM"
     " helplist_volunteers v WHERE v.task_id = t.id)",
     " FROM helplist_tasks t JOIN helplist_needs n ON n.id = t.need_id"
     " JOIN helplist_pairings p ON p.id = n.pairing_id JOIN orgs o ON o.id = p.org_id"
     " WHERE o.path >= ? AND o.path < ? AND t.starts_at >= ? AND t.starts_at < ?",
     true, ""},
    {"helplist_income_fen_per_year", "helplist_outcome", "COALESCE(SUM(h.income_fen_per_year), 0)",
     "h.id, h.pairing_id, p.village, h.title, h.kind, h.income_fen_per_year, h.evidence,"
     " h.recorded_on",
     " FROM helplist_outcomes h JOIN helplist_pairings p ON p.id = h.pairing_id"
     " JOIN orgs o ON o.id = p.org_id WHERE o.path >= ? AND o.path < ?"
     " AND h.recorded_on >= ? AND h.recorded_on < ?",
     true, ""},
    {"stations", "station", "COUNT(*)", "s.id, s.org_id, s.name, s.address, s.status, s.created_at",
     " FROM stations s JOIN orgs o ON o.id = s.org_id WHERE o.path >= ? AND o.path < ?"
     " AND s.created_at < ?",
     false, ""},
    {"station_visits", "station_check_in", "COUNT(*)", "c.id, c.station_id, s.name, c.at, c.stars",
     " FROM station_check_ins c JOIN stations s ON s.id = c.station_id"
     " JOIN orgs o ON o.id = s.org_id WHERE o.path >= ? AND o.path < ? AND c.at >= ? AND c.at < ?",
     true, ""},
    {"job_hires", "job_hire", "COUNT(*)", "v.id, a.job_id, j.title, e.name, v.created_at",
     " FROM job_application_events v JOIN job_applications a ON a.id = v.application_id"
     " JOIN jobs j ON j.id = a.job_id JOIN employers e ON e.id = j.employer_id"
     " JOIN orgs o ON o.id = j.org_id WHERE o.path >= ? AND o.path < ? AND v.status = 'hired'"
     " AND v.created_at >= ? AND v.created_at < ?",
     true, ""},
    {"new_members", "joining_approval", "COUNT(*)", "a.id, a.org_id, o.name, a.reviewed_at",
     " FROM joining_applications a JOIN orgs o ON o.id = a.org_id WHERE o.path >= ?"
     " AND o.path < ? AND a.status = 'approved' AND a.reviewed_at >= ? AND a.reviewed_at < ?",
     true, ""},
}};

const FieldFigure* find(std::string_view name) {
  for (const FieldFigure& f : kFigures) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// The figure's FROM … WHERE and its parameters.
std::pair<std::string, store::Params> rows_of(const FieldFigure& f, const org::PathRange& range,
                                              int64_t from, int64_t to) {
  std::string rows(f.rows);
  if (const size_t at = rows.find("{needs}"); at != std::string::npos) {
    rows.replace(at, 7, kNeeds);
  }
  store::Params params{range.lower, range.upper};
  if (f.ranged) params.emplace_back(from);
  params.emplace_back(to);
  return {rows, params};
}

}  // namespace

bool is_field_work(std::string_view figure) { return find(figure) != nullptr; }

Status read_field_work(store::Tx& tx, const org::PathRange& range, int64_t from, int64_t to,
                       Impact& m) {
  for (const FieldFigure& f : kFigures) {
    auto [rows, params] = rows_of(f, range, from, to);
    if (!f.key_column.empty()) {
      GH_ASSIGN(store::Rows found,
                tx.query("SELECT " + std::string(f.key_column) + ", " + std::string(f.aggregate) +
                             rows + " GROUP BY " + std::string(f.key_column),
                         params));
      for (const store::Row& row : found)
        m.helplist_needs_by_category[row.text(0)] = row.integer(1);
      continue;
    }
    GH_ASSIGN(store::Rows found, tx.query("SELECT " + std::string(f.aggregate) + rows, params));
    const int64_t value = found[0].integer(0);
    if (f.name == "helplist_needs") m.helplist_needs = value;
    if (f.name == "helplist_needs_accepted") m.helplist_needs_accepted = value;
    if (f.name == "helplist_funds_fen") m.helplist_funds_fen = value;
    if (f.name == "helplist_volunteer_minutes") m.helplist_volunteer_minutes = value;
    if (f.name == "helplist_income_fen_per_year") m.helplist_income_fen_per_year = value;
    if (f.name == "stations") m.stations = value;
    if (f.name == "station_visits") m.station_visits = value;
    if (f.name == "job_hires") m.job_hires = value;
    if (f.name == "new_members") m.new_members = value;
  }
  return Status::Ok();
}

std::optional<FieldRecords> field_work_records(std::string_view figure, std::string_view key,
                                               const org::PathRange& range, int64_t from,
                                               int64_t to) {
  const FieldFigure* f = find(figure);
  if (f == nullptr) return std::nullopt;
  auto [rows, params] = rows_of(*f, range, from, to);
  FieldRecords out{std::string(f->type), "SELECT " + std::string(f->columns) + rows,
                   std::move(params), std::string(f->columns.substr(0, f->columns.find(',')))};
  if (!f->key_column.empty() && !key.empty()) {
    out.sql += " AND " + std::string(f->key_column) + " = ?";
    out.params.emplace_back(std::string(key));
  }
  return out;
}

std::optional<boost::json::object> field_work_item(std::string_view type, const store::Row& r) {
  auto id = [](int64_t v) { return boost::json::value(std::to_string(v)); };
  auto time = [](int64_t v) { return boost::json::value(format_rfc3339(Timestamp{v})); };
  if (type == "helplist_need") {
    return boost::json::object{{"id", id(r.integer(0))}, {"pairing_id", id(r.integer(1))},
                               {"village", r.text(2)},   {"category", r.text(3)},
                               {"title", r.text(4)},     {"target_quantity", r.integer(5)},
                               {"unit", r.text(6)},      {"delivered_quantity", r.integer(7)},
                               {"status", r.text(8)},    {"created_at", time(r.integer(9))}};
  }
  if (type == "helplist_fulfilment") {
    return boost::json::object{
        {"id", id(r.integer(0))},     {"need_id", id(r.integer(1))},
        {"need_title", r.text(2)},    {"village", r.text(3)},
        {"kind", r.text(4)},          {"purchase_id", r.integer(5) ? id(r.integer(5)) : nullptr},
        {"amount_fen", r.integer(6)}, {"recorded_on", format_local_date(r.integer(7))}};
  }
  if (type == "helplist_task") {
    return boost::json::object{
        {"id", id(r.integer(0))}, {"need_id", id(r.integer(1))},     {"title", r.text(2)},
        {"village", r.text(3)},   {"starts_at", time(r.integer(4))}, {"volunteers", r.integer(5)},
        {"minutes", r.integer(6)}};
  }
  if (type == "helplist_outcome") {
    return boost::json::object{
        {"id", id(r.integer(0))}, {"pairing_id", id(r.integer(1))},
        {"village", r.text(2)},   {"title", r.text(3)},
        {"kind", r.text(4)},      {"income_fen_per_year", r.integer(5)},
        {"evidence", r.text(6)},  {"recorded_on", format_local_date(r.integer(7))}};
  }
  if (type == "station") {
    return boost::json::object{{"id", id(r.integer(0))}, {"org_id", id(r.integer(1))},
                               {"name", r.text(2)},      {"address", r.text(3)},
                               {"status", r.text(4)},    {"created_at", time(r.integer(5))}};
  }
  if (type == "station_check_in") {
    return boost::json::object{{"id", id(r.integer(0))},
                               {"station_id", id(r.integer(1))},
                               {"station_name", r.text(2)},
                               {"at", time(r.integer(3))},
                               {"stars", r.integer(4)}};
  }
  if (type == "job_hire") {
    return boost::json::object{{"id", id(r.integer(0))},
                               {"job_id", id(r.integer(1))},
                               {"job_title", r.text(2)},
                               {"employer_name", r.text(3)},
                               {"at", time(r.integer(4))}};
  }
  if (type == "joining_approval") {
    return boost::json::object{{"id", id(r.integer(0))},
                               {"org_id", id(r.integer(1))},
                               {"org_name", r.text(2)},
                               {"approved_at", time(r.integer(3))}};
  }
  return std::nullopt;
}

}  // namespace gonghui::report::internal
