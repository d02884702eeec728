// Reading imported records: the console's paged list and the walk reports make.
#include "domain/history/history.hpp"
#include "domain/org/org.hpp"
#include "store/columns.hpp"

namespace gonghui::history {
namespace {

using store::Params;
using store::Rows;

constexpr std::string_view kSelectRecord =
    "SELECT h.batch_id, h.id, h.org_id, h.happened_on, h.kind, h.title, h.brand,"
    " h.produce_name, h.produce_kind, h.supplier_name, h.region, h.platform, h.portions,"
    " h.funds_fen, h.person_times, o.name, h.created_by, h.created_at"
    " FROM history_records h JOIN orgs o ON o.id = h.org_id";
// batch_id first: Fields reads the struct that declares its first member.
using RecordFields =
    store::Fields<&Record::batch_id, &Record::id, &Record::org_id, &Record::happened_on,
                  &Record::kind, &Record::title, &Record::brand, &Record::produce_name,
                  &Record::produce_kind, &Record::supplier_name, &Record::region, &Record::platform,
                  &Record::portions, &Record::funds_fen, &Record::person_times, &Record::org_name,
                  &Record::created_by, &Record::created_at>;
static_assert(RecordFields::matches(kSelectRecord));

// The columns each_record reads, in Contribution's order.
constexpr std::string_view kSelectContribution =
    "SELECT h.id, h.org_id, h.happened_on, h.kind, h.title, h.brand, h.produce_name,"
    " h.produce_kind, h.supplier_name, h.region, h.platform, h.portions, h.funds_fen,"
    " h.person_times FROM orgs o JOIN history_records h ON h.org_id = o.id"
    " WHERE o.path >= ? AND o.path < ? AND h.happened_on >= ? AND h.happened_on < ?";
static_assert(store::column_count(kSelectContribution) == 14);

}  // namespace

Result<RecordPage> list_records(store::Tx& tx, const Principal& admin, const Filter& filter) {
  org::Org scope;
  if (filter.org_id) {
    GH_ASSIGN(scope, org::require_in_scope(tx, admin, *filter.org_id));
  } else {
    GH_ASSIGN(scope, org::admin_scope(tx, admin));
  }
  const org::PathRange range = org::range_of(scope.path);
  std::string sql = std::string(kSelectRecord) + " WHERE o.path >= ? AND o.path < ?";
  Params params{range.lower, range.upper};
  if (filter.batch_id) {
    sql += " AND h.batch_id = ?";
    params.push_back(*filter.batch_id);
  }
  if (filter.from) {
    sql += " AND h.happened_on >= ?";
    params.push_back(*filter.from);
  }
  if (filter.to) {
    sql += " AND h.happened_on < ?";
    params.push_back(*filter.to);
  }
  if (filter.before_id > 0) {
    sql += " AND h.id < ?";
    params.push_back(filter.before_id);
  }
  sql += " ORDER BY h.id DESC LIMIT ?";
  params.push_back(filter.limit + 1);
  GH_ASSIGN(Rows rows, tx.query(sql, params));
  RecordPage page;
  for (const auto& r : rows) {
    if (static_cast<int64_t>(page.items.size()) == filter.limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(RecordFields::read(r));
  }
  return page;
}

Status each_record(store::Tx& tx, const std::string& path_lower, const std::string& path_upper,
                   int64_t from, int64_t to, const std::function<Status(const Contribution&)>& fn) {
  Status first_error;
  GH_TRY(tx.each(kSelectContribution, {path_lower, path_upper, from, to},
                 [&](const store::RowView& r) {
                   if (!first_error.ok()) return;
                   Contribution c;
                   c.id = r.integer(0);
                   c.org_id = r.integer(1);
                   c.happened_on = r.integer(2);
                   c.kind = r.text(3);
                   c.title = r.text(4);
                   c.brand = r.text(5);
                   c.produce_name = r.text(6);
                   c.produce_kind = r.text(7);
                   c.supplier_name = r.text(8);
                   c.region = r.text(9);
                   c.platform = r.text(10);
                   c.portions = r.integer(11);
                   c.funds_fen = r.integer(12);
                   c.person_times = r.integer(13);
                   first_error = fn(c);
                 }));
  return first_error;
}

}  // namespace gonghui::history
