// RFC 4180 CSV: reading untrusted uploads and writing exports.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace gonghui::csv {

struct Record {
  int64_t line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

// Parses the whole text. A leading UTF-8 byte-order mark is skipped; CRLF and LF both end
// records; quoted fields may hold commas, quotes ("") and line breaks. Blank lines are
// skipped. Errors (400, field "file"): invalid_encoding when the text is not UTF-8 (GBK and
// GB18030 files are named as the likely cause), unterminated_quote with its line.
Result<std::vector<Record>> parse(std::string_view text);

// Quotes a field when needed.
std::string escape(std::string_view field);
// Cells that a spreadsheet would run as a formula (=, +, -, @) are prefixed with '.
std::string escape_cell(std::string_view field);

}  // namespace gonghui::csv
