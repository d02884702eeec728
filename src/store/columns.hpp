// Reading a row into a struct by naming the struct's members in the order of the SELECT's
// columns, so no column position is ever written by hand and a column list that no longer
// matches its members fails to compile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/enum_names.hpp"
#include "store/db.hpp"

namespace gonghui::store {

// The number of columns in a SELECT list, or in the list of a whole "SELECT … FROM …"
// statement: its commas outside parentheses, plus one.
constexpr size_t column_count(std::string_view list) {
  if (list.starts_with("SELECT ")) {
    list = list.substr(7, list.find(" FROM ") - 7);
  }
  size_t count = 1;
  int depth = 0;
  for (char c : list) {
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    count += c == ',' && depth == 0 ? 1 : 0;
  }
  return count;
}

// Ids kept in one text column, separated by commas ("" for none).
std::string join_ids(const std::vector<int64_t>& ids);
std::vector<int64_t> split_ids(std::string_view text);

// One column into one member; `i` moves past what was read. A type of a domain module reads
// itself through an overload found by argument-dependent lookup: an enum through
// `enum_names(E)` (core/enum_names.hpp), a type of several columns through its own
// `read_column` and `column_width`.
void read_column(const Row& row, size_t& i, int64_t& out);
void read_column(const Row& row, size_t& i, int& out);
void read_column(const Row& row, size_t& i, std::string& out);
void read_column(const Row& row, size_t& i, bool& out);
void read_column(const Row& row, size_t& i, std::vector<int64_t>& out);
void read_column(const Row& row, size_t& i, std::vector<int>& out);

template <class E>
requires std::is_enum_v<E>
void read_column(const Row& row, size_t& i, E& out) {
  const auto& names = enum_names(out);
  out = value_named(names, row.text(i++)).value_or(names.unknown);
}

template <class T>
constexpr size_t column_width(const T*) {
  return 1;
}

// A type of several columns may instead name the Fields that read it: declare
// `MyFields fields_of(const MyType*);` (no definition needed) beside it, and its columns are
// read by MyFields.
template <class T>
concept ReadByFields = requires(const T* t) {
  fields_of(t);
};
template <ReadByFields T>
void read_column(const Row& row, size_t& i, T& out);
template <ReadByFields T>
constexpr size_t column_width(const T*);

namespace detail {
template <class C, class M>
C owner_of(M C::*);
template <class C, class M>
M member_of(M C::*);
}  // namespace detail

// The members a SELECT list reads, in its order: `Fields<&Org::id, &Org::name>::read(row)`.
template <auto First, auto... Rest>
struct Fields {
  using Owner = decltype(detail::owner_of(First));
  static constexpr size_t columns =
      column_width(static_cast<const decltype(detail::member_of(First))*>(nullptr)) +
      (column_width(static_cast<const decltype(detail::member_of(Rest))*>(nullptr)) + ... + 0);

  // Reads the members from column `first` on.
  static void read_into(Owner& out, const Row& row, size_t first = 0) {
    size_t i = first;
    read_column(row, i, out.*First);
    (read_column(row, i, out.*Rest), ...);
  }
  static Owner read(const Row& row, size_t first = 0) {
    Owner out;
    read_into(out, row, first);
    return out;
  }
  // True when a SELECT list has one column for each member: for a static_assert beside it.
  static constexpr bool matches(std::string_view list) { return column_count(list) == columns; }
};

template <ReadByFields T>
void read_column(const Row& row, size_t& i, T& out) {
  using TheFields = decltype(fields_of(static_cast<const T*>(nullptr)));
  TheFields::read_into(out, row, i);
  i += TheFields::columns;
}
template <ReadByFields T>
constexpr size_t column_width(const T*) {
  return decltype(fields_of(static_cast<const T*>(nullptr)))::columns;
}

}  // namespace gonghui::store
