// An enum's stored names as one table, read both ways: the name of a value, and the value
// of a name. The first entry is the name of a value missing from the table. An enum with a
// table declares `enum_names(E)` returning it, so store::Fields can read it from a column.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace gonghui {

template <class Enum>
using EnumName = std::pair<Enum, std::string_view>;

template <class Enum, size_t N>
constexpr std::string_view name_of(const EnumName<Enum> (&names)[N], Enum value) {
  for (const auto& [e, name] : names) {
    if (e == value) {
      return name;
    }
  }
  return names[0].second;
}

template <class Enum, size_t N>
constexpr std::optional<Enum> value_named(const EnumName<Enum> (&names)[N], std::string_view text) {
  for (const auto& [e, name] : names) {
    if (name == text) {
      return e;
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
