// Shared between the history module's files: a file's rows as read, before their unions are
// looked up.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/history/history.hpp"

namespace gonghui::history::internal {

// At most this many data rows in one file.
inline constexpr int64_t kMaxRows = 20000;

struct ParsedRow {
  int64_t line = 0;
  std::string union_text;  // a union's id or exact name, still unresolved
  Contribution record;     // org_id still 0
  bool valid = true;       // false once a row error was found
};

struct ParsedFile {
  int64_t rows = 0;
  std::vector<ParsedRow> rows_read;  // every data row, in file order
  std::vector<RowError> errors;
};

// The checks that need no database: the file's shape and header, and each row's cells.
// `today` is the UTC ms of today's local midnight (dates after it are in the future).
// File errors as history::import_csv.
Result<ParsedFile> read_file(std::string_view text, int64_t today);

// A column code's place among the columns (date first), for ordering a row's errors; "" (the
// whole row) comes first.
int column_rank(std::string_view column);

// "2021-03-05", "2021/3/5" or "2021.3.5" → UTC ms of that local midnight.
std::optional<int64_t> parse_date(std::string_view text);
// "1234", "1234.5", "1234.56" yuan → fen; nullopt for anything else or above 10^12 yuan.
std::optional<int64_t> parse_yuan(std::string_view text);

}  // namespace gonghui::history::internal
