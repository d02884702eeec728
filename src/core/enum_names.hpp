// An enum's stored names as one table, read both ways: the name of a value, and the value
// of a name. The names are in the order of the enum's values (0, 1, …); a name the table
// does not hold reads as `unknown`. An enum with a table declares `enum_names(E)` returning
// it, so store::Fields can read it from a column.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace gonghui {

template <class Enum, size_t N>
struct EnumNames {
  std::array<std::string_view, N> names;
  Enum unknown;
};

template <class Enum, size_t N>
constexpr std::string_view name_of(const EnumNames<Enum, N>& table, Enum value) {
  const auto i = static_cast<size_t>(value);
  return i < N ? table.names[i] : table.names[static_cast<size_t>(table.unknown)];
}

template <class Enum, size_t N>
constexpr std::optional<Enum> value_named(const EnumNames<Enum, N>& table, std::string_view text) {
  for (size_t i = 0; i < N; ++i) {
    if (table.names[i] == text) {
      return static_cast<Enum>(i);
    }
  }
  return std::nullopt;
}

// The stored name of any enum that declares enum_names(E), and the value of a name.
template <class E>
constexpr std::string_view enum_name(E value) {
  return name_of(enum_names(value), value);
}
template <class E>
constexpr std::optional<E> parse_enum(std::string_view text) {
  return value_named(enum_names(E{}), text);
}

}  // namespace gonghui
