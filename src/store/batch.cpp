// Multi-row statement helpers.
#include "store/batch.hpp"

namespace gonghui::store {

Status in_slices(size_t total, const std::function<Status(size_t begin, size_t n)>& fn) {
  size_t begin = 0;
  for (size_t slice : {size_t{256}, size_t{16}, size_t{1}}) {
    while (total - begin >= slice) {
      GH_TRY(fn(begin, slice));
      begin += slice;
    }
  }
  return Status::Ok();
}

std::string repeated(std::string_view row, size_t n) {
  std::string out;
  out.reserve((row.size() + 2) * n);
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) {
      out += ", ";
    }
    out += row;
  }
  return out;
}

std::string one_of(std::string_view engine, std::string_view column,
                   const std::vector<int64_t>& ids, Params& params) {
  const bool postgres = engine == "postgresql";
  std::string list(1, postgres ? '{' : '[');
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) {
      list += ',';
    }
    list += std::to_string(ids[i]);
  }
  list += postgres ? '}' : ']';
  params.emplace_back(std::move(list));
  return std::string(column) +
         (postgres ? " = ANY(CAST(? AS bigint[]))" : " IN (SELECT value FROM json_each(?))");
}

std::string pg_array(const std::vector<const Value*>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    const Value& v = *values[i];
    if (std::holds_alternative<std::monostate>(v)) {
      out += "NULL";
    } else if (const auto* n = std::get_if<int64_t>(&v)) {
      out += std::to_string(*n);
    } else {
      out += '"';
      for (char c : std::get<std::string>(v)) {
        if (c == '"' || c == '\\') {
          out += '\\';
        }
        out += c;
      }
      out += '"';
    }
  }
  out += '}';
  return out;
}

Status insert_rows(Tx& tx, std::string_view table, const std::vector<Column>& columns, size_t rows,
                   const std::function<void(size_t row, Params& params)>& row) {
  if (rows == 0) {
    return Status::Ok();
  }
  std::string names;
  for (const Column& c : columns) {
    names += names.empty() ? "" : ", ";
    names += c.name;
  }
  const std::string head = "INSERT INTO " + std::string(table) + " (" + names + ") ";
  if (tx.engine() == "postgresql") {
    Params values;
    values.reserve(rows * columns.size());
    for (size_t i = 0; i < rows; ++i) {
      row(i, values);
    }
    std::string unnest;
    Params arrays;
    std::vector<const Value*> column;
    for (size_t c = 0; c < columns.size(); ++c) {
      column.clear();
      for (size_t i = 0; i < rows; ++i) {
        column.push_back(&values[i * columns.size() + c]);
      }
      arrays.emplace_back(pg_array(column));
      unnest += c == 0 ? "" : ", ";
      unnest += "CAST(? AS " + std::string(columns[c].pg_type) + "[])";
    }
    GH_TRY(tx.exec(head + "SELECT * FROM unnest(" + unnest + ")", arrays));
    return Status::Ok();
  }
  const std::string placeholders = "(" + repeated("?", columns.size()) + ")";
  return in_slices(rows, [&](size_t begin, size_t n) -> Status {
    Params params;
    params.reserve(n * columns.size());
    for (size_t i = begin; i < begin + n; ++i) {
      row(i, params);
    }
    GH_TRY(tx.exec(head + "VALUES " + repeated(placeholders, n), params));
    return Status::Ok();
  });
}

}  // namespace gonghui::store
