// Multi-row statements: many rows written with a few statements of a few shapes.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "store/db.hpp"

namespace gonghui::store {

// Runs fn(begin, n) over [0, total) in slices of 256, 16 and 1 so that a multi-row statement
// only ever has three shapes (the engines cache one prepared statement per shape).
Status in_slices(size_t total, const std::function<Status(size_t begin, size_t n)>& fn);
// "row, row, …" with n copies of row, e.g. "(?, ?)".
std::string repeated(std::string_view row, size_t n);
// "column is one of ids" as one statement shape however many ids there are, with its one
// parameter appended to params: an array on PostgreSQL, a JSON list read by json_each on
// SQLite. For reading a group's rows with one statement instead of one per row.
std::string one_of(std::string_view engine, std::string_view column,
                   const std::vector<int64_t>& ids, Params& params);

// A column of insert_rows: its name and its PostgreSQL type ("bigint", "text", "integer").
struct Column {
  std::string_view name;
  std::string_view pg_type;
};
// Inserts `rows` rows into `table`; row(i, params) appends row i's values in the order of
// `columns`. On PostgreSQL one statement however many rows (each column sent as an array and
// unnested: one round trip); on SQLite multi-row VALUES in slices (in_slices).
Status insert_rows(Tx& tx, std::string_view table, const std::vector<Column>& columns, size_t rows,
                   const std::function<void(size_t row, Params& params)>& row);
// A PostgreSQL array literal of these values ('{1,NULL,"a \"b\""}'), for CAST(? AS type[]).
std::string pg_array(const std::vector<const Value*>& values);

}  // namespace gonghui::store
