// How one search query matches one text: character for character, or through the pinyin of
// the text's Chinese characters in full, by initials or mixed with characters.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "text/pinyin.hpp"

namespace gonghui::text {

// The form texts and queries are compared in: folded (full-width → half-width, lower case),
// converted character by character to simplified Chinese, without white space or apostrophes,
// cut after `limit` code points.
std::u32string search_key(std::string_view text, size_t limit);

// Matches one query (a search_key) against texts (search_keys too). The query has to match a
// contiguous run of the text where each query character is the same character, except that a
// run of Latin letters may also spell the pinyin of Chinese characters, each character by:
// - one of its readings in full (putao → 葡萄);
// - its initial, zh/ch/sh or the first letter (pt → 葡萄, zhs or zs → 中山), only where
//   initials are allowed: a text's syllables are taken whole or by their initial, one after
//   the other, never by letters picked from inside them;
// - at the end of the query only, any beginning of a reading (pingg → 苹果); where initials
//   are not allowed, a beginning of at least two letters.
// Readings that start with a vowel are never abbreviated to that vowel except at the end.
//
// Not thread-safe: one matcher per thread (its memory is per thread and reused).
class PinyinMatcher {
 public:
  static constexpr int kNone = std::numeric_limits<int16_t>::max();

  // How well one way of matching does; `abbreviated` is kNone when it does not match.
  struct Way {
    int abbreviated = kNone;  // characters matched only by an initial or an unfinished syllable
    int length = 0;           // text characters the match covers
    bool found() const { return abbreviated != kNone; }
  };
  struct Costs {
    Way exact;     // the whole text
    Way prefix;    // a run starting at the first character
    Way contains;  // any run: the fewest abbreviations, then the longest run
  };

  PinyinMatcher(const PinyinTable& pinyin, std::u32string_view query);

  Costs match(std::u32string_view text, bool initials = true);

 private:
  struct Cell {
    uint32_t stamp = 0;
    int32_t any = 0;  // the rest of the query from here, ending anywhere (see solve)
    int16_t end = 0;  // same, ending exactly at the end of the text: abbreviations only
  };

  bool can_start(char32_t unit, char32_t c) const;
  std::pair<int, int> solve(size_t q, size_t t);

  const PinyinTable& pinyin_;
  std::u32string_view q_;
  bool literal_;
  bool initials_ = true;
  std::u32string_view t_;
  size_t width_ = 0;
  // Per thread, so that concurrent searches share nothing and reuse their memory.
  static thread_local std::vector<Cell> memo_;
  static thread_local uint32_t stamp_;
};

}  // namespace gonghui::text
