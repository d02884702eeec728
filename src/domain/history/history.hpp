// 历史数据: farm-aid events, purchases and hand-outs that happened before the federation used
// gonghui, imported from CSV in batches. Imported records are kept apart from live campaigns,
// vouchers and purchases: they only feed reports, and a batch can be undone as a whole.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::history {

// Kinds of record: an event that handed out produce (lottery claim booking distribution) or a
// purchase of produce (purchase).
bool valid_kind(std::string_view kind);
bool is_event(std::string_view kind);

// What a report reads of one imported record. happened_on is the UTC ms of the Asia/Shanghai
// local midnight of the day (as purchases.purchased_on); money in fen.
struct Contribution {
  int64_t id = 0;
  int64_t org_id = 0;
  int64_t happened_on = 0;
  std::string kind, title, brand, produce_name, produce_kind, supplier_name, region, platform;
  int64_t portions = 0;
  int64_t funds_fen = 0;
  int64_t person_times = 0;
};

// One imported record as the console lists it.
struct Record : Contribution {
  int64_t batch_id = 0;
  std::string org_name;
  int64_t created_by = 0;
  int64_t created_at = 0;
};

struct Batch {
  int64_t id = 0;
  int64_t org_id = 0;  // the importing admin's scope
  std::string file_name;
  int64_t rows = 0;
  int64_t portions = 0;
  int64_t funds_fen = 0;
  int64_t person_times = 0;
  int64_t first_on = 0;  // earliest and latest happened_on among its records
  int64_t last_on = 0;
  int64_t created_by = 0;
  std::string created_by_name;
  int64_t created_at = 0;
  int64_t undone_at = 0;  // 0 while live
  int64_t undone_by = 0;
};

std::vector<store::Migration> migrations();

// A problem with one row of a file: its line in the file (the header is line 1, as a
// spreadsheet numbers rows), the column by its code (date union kind brand title produce
// produce_kind portions funds person_times supplier region platform; "" for the whole row),
// a stable code and an English message. `value` is the cell as written.
struct RowError {
  int64_t row = 0;
  std::string column;
  std::string code;
  std::string message;
  std::string value;
};

struct YearTotals {
  int64_t year = 0;
  int64_t records = 0;
  int64_t events = 0;
  int64_t purchases = 0;
  int64_t portions = 0;
  int64_t funds_fen = 0;
  int64_t person_times = 0;
};
struct Totals {
  int64_t records = 0;
  int64_t events = 0;     // rows of an event kind
  int64_t purchases = 0;  // rows of kind purchase
  int64_t portions = 0;
  int64_t funds_fen = 0;
  int64_t person_times = 0;
  std::vector<YearTotals> by_year;  // ascending
};

struct ImportReport {
  int64_t batch_id = 0;          // 0 on a dry run or when a row has an error
  int64_t rows = 0;              // data rows in the file
  Totals totals;                 // of the rows without errors
  std::vector<RowError> errors;  // in file order; non-empty: nothing was written
};

// Reads and checks a file of past records and, unless `dry_run`, writes them as one batch of
// the admin's scope, all rows or none. Columns by Chinese or English header, in any order:
// 日期/date, 工会/union and 类型/kind required; 品牌/brand, 名称/title, 产品/produce,
// 品类/produce_kind, 份数/portions, 资金(元)/funds, 人次/person_times, 供应方/supplier,
// 对口地区/region, 平台/platform optional. An org admin or the platform admin; each row's
// union must lie in their scope (a row error out_of_scope otherwise). File errors (400, field
// "file"): invalid_encoding, unterminated_quote, empty_file, unknown_column,
// duplicate_column, missing_column, no_rows, too_many_rows; file_name (400) when longer than
// 200 characters. Row errors are listed in the report instead. Audited (history.import) when
// written.
Result<ImportReport> import_csv(store::Tx& tx, const Principal& admin, std::string_view file_name,
                                std::string_view csv, bool dry_run);

// The batches whose scope lies in the admin's, newest first, undone ones included.
struct BatchPage {
  std::vector<Batch> items;
  int64_t next_cursor = 0;
};
Result<BatchPage> list_batches(store::Tx& tx, const Principal& admin, int64_t before_id,
                               int64_t limit);

// Undoes a batch: its records are deleted and the batch is marked undone. An admin whose scope
// holds the batch's; 403 otherwise, 404 for no such batch, 409 already_undone. Audited
// (history.undo).
Result<Batch> undo(store::Tx& tx, const Principal& admin, int64_t batch_id);

struct Filter {
  std::optional<int64_t> batch_id;
  std::optional<int64_t> org_id;  // default: the admin's scope; subtree included
  std::optional<int64_t> from;    // happened_on >= from
  std::optional<int64_t> to;      // happened_on < to
  int64_t before_id = 0;          // paging: newest first, ids below this
  int64_t limit = 50;
};
struct RecordPage {
  std::vector<Record> items;
  int64_t next_cursor = 0;
};
// Imported records in the admin's scope (403 for an org_id outside it).
Result<RecordPage> list_records(store::Tx& tx, const Principal& admin, const Filter& filter);

// For reports: hands `fn` each record of a live batch whose union's path lies in
// [path_lower, path_upper) (org::range_of) and whose happened_on lies in [from, to), in no
// particular order. `fn` must not run statements on `tx`; its first error stops the walk
// (later rows are skipped) and is returned. No scope check: the caller has made one.
Status each_record(store::Tx& tx, const std::string& path_lower, const std::string& path_upper,
                   int64_t from, int64_t to, const std::function<Status(const Contribution&)>& fn);

}  // namespace gonghui::history
