// The sample news report (tests/unit/text/data/union-farm-aid-report.txt: traditional
// characters with pinyin in brackets after each) and a check of cleaned text, for the tests
// compiled with GONGHUI_SOURCE_DIR (tests/unit/CMakeLists.txt).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "text/pinyin.hpp"
#include "text/utf8.hpp"

namespace gonghui::testing {

inline std::string read_sample_report() {
  const auto path = std::filesystem::path(GONGHUI_SOURCE_DIR) / "tests" / "unit" / "text" / "data" /
                    "union-farm-aid-report.txt";
  std::ifstream in(path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// True if a bracket in text still opens onto pinyin, i.e. an annotation was left behind.
inline bool has_pinyin_annotation(std::string_view text) {
  const std::u32string units = text::to_utf32(text);
  for (size_t i = 0; i + 1 < units.size(); ++i) {
    if ((units[i] == U'(' || units[i] == U'（') && text::plain_pinyin_letter(units[i + 1]) != 0) {
      return true;
    }
  }
  return false;
}

}  // namespace gonghui::testing
