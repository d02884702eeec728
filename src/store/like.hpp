// Substring search with LIKE: the searched text is matched literally, its % and _ included.
#pragma once

#include <string>
#include <string_view>

namespace gonghui::store {

// Written after each `column LIKE ?` that takes like_contains(). SQLite's LIKE has no escape
// character unless ESCAPE names one; PostgreSQL's default is the backslash; naming it keeps
// both engines the same.
inline constexpr std::string_view kLikeEscape = " ESCAPE '\\'";

// "%text%" with the text's \, % and _ escaped by a backslash.
inline std::string like_contains(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

}  // namespace gonghui::store
