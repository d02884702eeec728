// Chinese text normalisation: width and case folding, traditional → simplified, and removal
// of the pinyin annotations that pasted web text carries.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace gonghui::text {

// OpenCC's traditional → simplified configuration, resolved in OpenCC's data directory
// (/usr/share/opencc on Debian, package libopencc-data).
inline constexpr const char* kT2sConfig = "t2s.json";

// Folds text for search: full-width ASCII letters, digits and punctuation (U+FF01–U+FF5E)
// become half-width, ASCII letters become lower-case, and every run of white space
// (ASCII, U+3000 ideographic space, no-break spaces) becomes one ASCII space, with none at
// either end. Everything else, Chinese included, is kept as it is. Malformed UTF-8 becomes
// U+FFFD.
std::string fold(std::string_view text);

// Opens OpenCC's t2s converter once per process; to_simplified() and simplified_char() call
// it on first use. Call it at start-up to fail early: returns an error naming the config if
// OpenCC or its data is missing. Later calls return the first outcome. Thread-safe.
Status load_simplifier();

// Converts traditional Chinese to simplified with OpenCC (phrase-aware, so 乾隆 stays but
// 乾燥 becomes 干燥). If the converter cannot be opened, returns the text unchanged
// (load_simplifier() says why). Thread-safe: one converter, guarded by a mutex.
std::string to_simplified(std::string_view text);

// Converts one character to simplified, without context: the same character always maps the
// same way, so that a search query converts like the text it is a substring of. Returns cp
// itself when it has no simplified form. Lock-free after the first call.
char32_t simplified_char(char32_t cp);

// Removes pinyin written in brackets after Chinese characters, as in 會(huì) → 會. A group
// `(…)` or `（…）` is removed only when it follows a CJK ideograph and holds nothing but
// pinyin: Latin letters, tone-marked vowels (ā á ǎ à … ǖ ǘ ǚ ǜ ü ê), spaces, apostrophes and
// tone digits, and no run of two capitals (an acronym such as API is not pinyin). Every
// other bracket, e.g. (2021年), (三峡库区), or anything after a non-CJK character, is kept,
// while annotations inside a kept bracket are still removed.
std::string strip_pinyin_annotations(std::string_view text);

// Cleans text pasted from the web: strips pinyin annotations, then (if simplify) converts
// traditional to simplified with to_simplified().
std::string normalise_pasted(std::string_view text, bool simplify = true);

}  // namespace gonghui::text
