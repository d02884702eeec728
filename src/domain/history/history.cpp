// Importing past records as batches, listing the batches and undoing one.
#include "domain/history/history.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/history/internal.hpp"
#include "domain/org/org.hpp"
#include "store/columns.hpp"

namespace gonghui::history {
namespace {

using store::Params;
using store::Rows;

constexpr std::array<std::string_view, 5> kKinds = {"lottery", "claim", "booking", "distribution",
                                                    "purchase"};

constexpr std::string_view kSelectBatch =
    "SELECT b.id, b.org_id, b.file_name, b.row_count, b.portions, b.funds_fen, b.person_times,"
    " b.first_on, b.last_on, b.created_by, COALESCE(a.name, ''), b.created_at, b.undone_at,"
    " b.undone_by FROM history_batches b LEFT JOIN accounts a ON a.id = b.created_by";
using BatchFields =
    store::Fields<&Batch::id, &Batch::org_id, &Batch::file_name, &Batch::rows, &Batch::portions,
                  &Batch::funds_fen, &Batch::person_times, &Batch::first_on, &Batch::last_on,
                  &Batch::created_by, &Batch::created_by_name, &Batch::created_at,
                  &Batch::undone_at, &Batch::undone_by>;
static_assert(BatchFields::matches(kSelectBatch));

// A union a row may name: its id and path.
struct Union {
  int64_t id = 0;
  std::string path;
};

// Looks up each row's union by id or exact name, inside `scope`; adds a row error where it is
// unknown, ambiguous or outside the scope.
Status resolve_unions(store::Tx& tx, const org::Org& scope, std::vector<internal::ParsedRow>& rows,
                      std::vector<RowError>& errors) {
  std::unordered_map<std::string, std::vector<Union>> found;
  for (const internal::ParsedRow& row : rows) {
    if (row.union_text.empty() || found.count(row.union_text)) continue;
    const std::string& text = row.union_text;
    const bool numeric =
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        text.size() <= 18;
    GH_ASSIGN(Rows matches,
              numeric ? tx.query("SELECT id, path FROM orgs WHERE id = ?", {std::stoll(text)})
                      : tx.query("SELECT id, path FROM orgs WHERE name = ?", {text}));
    std::vector<Union>& unions = found[text];
    for (const auto& r : matches) unions.push_back(Union{r.integer(0), r.text(1)});
  }
  for (internal::ParsedRow& row : rows) {
    if (row.union_text.empty()) continue;
    const std::vector<Union>& unions = found[row.union_text];
    std::vector<const Union*> inside;
    for (const Union& u : unions) {
      if (u.path.rfind(scope.path, 0) == 0) inside.push_back(&u);
    }
    auto fail = [&](std::string code, std::string message) {
      errors.push_back(
          RowError{row.line, "union", std::move(code), std::move(message), row.union_text});
      row.valid = false;
    };
    if (inside.size() == 1) {
      row.record.org_id = inside[0]->id;
    } else if (inside.size() > 1) {
      fail("ambiguous_union", "several unions have this name; use its id");
    } else if (!unions.empty()) {
      fail("out_of_scope", "this union is outside your part of the tree");
    } else {
      fail("unknown_union", "no union has this name or id");
    }
  }
  return Status::Ok();
}

// Totals of the valid rows, and per calendar year.
Totals totals_of(const std::vector<internal::ParsedRow>& rows) {
  Totals t;
  std::map<int64_t, YearTotals> years;
  for (const internal::ParsedRow& row : rows) {
    if (!row.valid) continue;
    const Contribution& r = row.record;
    const bool event = is_event(r.kind);
    const int64_t year = local_year_month(r.happened_on).year;
    YearTotals& y = years[year];
    y.year = year;
    auto add = [&](auto& sums) {
      ++sums.records;
      ++(event ? sums.events : sums.purchases);
      sums.portions += r.portions;
      sums.funds_fen += r.funds_fen;
      sums.person_times += r.person_times;
    };
    add(t);
    add(y);
  }
  for (auto& [year, y] : years) t.by_year.push_back(y);
  return t;
}

// Writes the records of a batch, several rows to a statement.
Status insert_records(store::Tx& tx, const Batch& batch,
                      const std::vector<internal::ParsedRow>& rows) {
  constexpr size_t kPerStatement = 40;
  constexpr std::string_view kInsert =
      "INSERT INTO history_records (id, batch_id, org_id, happened_on, kind, title, brand,"
      " produce_name, produce_kind, portions, funds_fen, person_times, supplier_name, region,"
      " platform, created_by, created_at) VALUES ";
  for (size_t start = 0; start < rows.size(); start += kPerStatement) {
    const size_t end = std::min(rows.size(), start + kPerStatement);
    std::string sql(kInsert);
    Params params;
    params.reserve((end - start) * 17);
    for (size_t i = start; i < end; ++i) {
      const Contribution& r = rows[i].record;
      sql += i == start ? "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                        : ",(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
      for (store::Value v : std::initializer_list<store::Value>{
               new_id(), batch.id, r.org_id, r.happened_on, r.kind, r.title, r.brand,
               r.produce_name, r.produce_kind, r.portions, r.funds_fen, r.person_times,
               r.supplier_name, r.region, r.platform, batch.created_by, batch.created_at}) {
        params.push_back(std::move(v));
      }
    }
    GH_TRY(tx.exec(sql, params));
  }
  return Status::Ok();
}

boost::json::object batch_json(const Batch& b) {
  return {{"file_name", b.file_name},
          {"rows", b.rows},
          {"portions", b.portions},
          {"funds_fen", b.funds_fen},
          {"person_times", b.person_times},
          {"first_on", format_local_date(b.first_on)},
          {"last_on", format_local_date(b.last_on)}};
}

// Writes the batch of the valid rows (all of them, as there were no errors) and audits it.
Result<int64_t> write_batch(store::Tx& tx, const Principal& admin, const org::Org& scope,
                            std::string_view file_name,
                            const std::vector<internal::ParsedRow>& rows, const Totals& totals) {
  Batch b;
  b.id = new_id();
  b.org_id = scope.id;
  b.file_name = std::string(file_name);
  b.rows = totals.records;
  b.portions = totals.portions;
  b.funds_fen = totals.funds_fen;
  b.person_times = totals.person_times;
  b.first_on = rows.front().record.happened_on;
  b.last_on = b.first_on;
  for (const internal::ParsedRow& row : rows) {
    b.first_on = std::min(b.first_on, row.record.happened_on);
    b.last_on = std::max(b.last_on, row.record.happened_on);
  }
  b.created_by = admin.account_id;
  b.created_at = Timestamp::now().ms;
  GH_TRY(
      tx.exec("INSERT INTO history_batches (id, org_id, file_name, row_count, portions,"
              " funds_fen, person_times, first_on, last_on, created_by, created_at,"
              " undone_at, undone_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)",
              {b.id, b.org_id, b.file_name, b.rows, b.portions, b.funds_fen, b.person_times,
               b.first_on, b.last_on, b.created_by, b.created_at}));
  GH_TRY(insert_records(tx, b, rows));
  GH_TRY(audit::record(tx, admin, "history.import", "history_batch", std::to_string(b.id), scope.id,
                       nullptr, batch_json(b)));
  return b.id;
}

}  // namespace

bool valid_kind(std::string_view kind) {
  return std::find(kKinds.begin(), kKinds.end(), kind) != kKinds.end();
}
bool is_event(std::string_view kind) { return valid_kind(kind) && kind != "purchase"; }

std::vector<store::Migration> migrations() {
  return {{700, "history",
           R"sql(CREATE TABLE history_batches (
  id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL REFERENCES orgs (id),
  file_name TEXT NOT NULL, row_count BIGINT NOT NULL, portions BIGINT NOT NULL,
  funds_fen BIGINT NOT NULL, person_times BIGINT NOT NULL,
  first_on BIGINT NOT NULL, last_on BIGINT NOT NULL,
  created_by BIGINT NOT NULL, created_at BIGINT NOT NULL,
  undone_at BIGINT NOT NULL, undone_by BIGINT NOT NULL);
CREATE INDEX history_batches_org ON history_batches (org_id, id);
-- Records of past farm aid, kept apart from campaigns and purchases; an undone batch's
-- records are deleted.
CREATE TABLE history_records (
  id BIGINT PRIMARY KEY, batch_id BIGINT NOT NULL REFERENCES history_batches (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id), happened_on BIGINT NOT NULL,
  kind TEXT NOT NULL
    CHECK (kind IN ('lottery', 'claim', 'booking', 'distribution', 'purchase')),
  title TEXT NOT NULL, brand TEXT NOT NULL, produce_name TEXT NOT NULL,
  produce_kind TEXT NOT NULL, portions BIGINT NOT NULL CHECK (portions >= 0),
  funds_fen BIGINT NOT NULL CHECK (funds_fen >= 0),
  person_times BIGINT NOT NULL CHECK (person_times >= 0),
  supplier_name TEXT NOT NULL, region TEXT NOT NULL, platform TEXT NOT NULL,
  created_by BIGINT NOT NULL, created_at BIGINT NOT NULL);
-- Reports walk a subtree's unions and read each one's records of a date range.
CREATE INDEX history_records_org_day ON history_records (org_id, happened_on);
CREATE INDEX history_records_batch ON history_records (batch_id, id);)sql",
           ""}};
}

Result<ImportReport> import_csv(store::Tx& tx, const Principal& admin, std::string_view file_name,
                                std::string_view csv, bool dry_run) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  if (!json::is_valid_utf8(file_name) || json::count_code_points(file_name) > 200) {
    return Error::invalid("file_name", "too_long", "file_name: at most 200 characters of UTF-8");
  }
  GH_ASSIGN(internal::ParsedFile file,
            internal::read_file(csv, local_day_start(local_day(Timestamp::now().ms))));
  ImportReport report;
  report.rows = file.rows;
  report.errors = std::move(file.errors);
  GH_TRY(resolve_unions(tx, scope, file.rows_read, report.errors));
  std::stable_sort(
      report.errors.begin(), report.errors.end(), [](const RowError& a, const RowError& b) {
        return a.row != b.row ? a.row < b.row
                              : internal::column_rank(a.column) < internal::column_rank(b.column);
      });
  report.totals = totals_of(file.rows_read);
  if (dry_run || !report.errors.empty()) {
    return report;
  }
  GH_ASSIGN(report.batch_id,
            write_batch(tx, admin, scope, file_name, file.rows_read, report.totals));
  return report;
}

Result<BatchPage> list_batches(store::Tx& tx, const Principal& admin, int64_t before_id,
                               int64_t limit) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  const org::PathRange range = org::range_of(scope.path);
  std::string sql = std::string(kSelectBatch) +
                    " JOIN orgs o ON o.id = b.org_id WHERE o.path >= ? AND o.path < ?";
  Params params{range.lower, range.upper};
  if (before_id > 0) {
    sql += " AND b.id < ?";
    params.push_back(before_id);
  }
  sql += " ORDER BY b.id DESC LIMIT ?";
  params.push_back(limit + 1);
  GH_ASSIGN(Rows rows, tx.query(sql, params));
  BatchPage page;
  for (const auto& r : rows) {
    if (static_cast<int64_t>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(BatchFields::read(r));
  }
  return page;
}

Result<Batch> undo(store::Tx& tx, const Principal& admin, int64_t batch_id) {
  GH_ASSIGN(Rows rows, tx.query(std::string(kSelectBatch) + " WHERE b.id = ?", {batch_id}));
  if (rows.empty()) {
    return Error::not_found("history batch");
  }
  Batch b = BatchFields::read(rows[0]);
  GH_TRY(org::require_in_scope(tx, admin, b.org_id));
  b.undone_at = Timestamp::now().ms;
  b.undone_by = admin.account_id;
  // Conditional, so that two undos at once cannot both succeed.
  GH_ASSIGN(int64_t marked, tx.exec("UPDATE history_batches SET undone_at = ?, undone_by = ?"
                                    " WHERE id = ? AND undone_at = 0",
                                    {b.undone_at, b.undone_by, b.id}));
  if (marked != 1) {
    return Error::conflict("already_undone", "this batch was already undone");
  }
  GH_TRY(tx.exec("DELETE FROM history_records WHERE batch_id = ?", {b.id}));
  GH_TRY(audit::record(tx, admin, "history.undo", "history_batch", std::to_string(b.id), b.org_id,
                       batch_json(b), boost::json::object{{"undone", true}}));
  return b;
}

}  // namespace gonghui::history
