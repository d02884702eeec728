// How one search query matches one text, literally and through pinyin.
#include "text/matcher.hpp"

#include <algorithm>

#include "text/normalize.hpp"
#include "text/utf8.hpp"

namespace gonghui::text {
namespace {

constexpr char32_t kAscii = 128;
// A way of matching the rest of the query is one number: abbreviations × kSpan plus how far
// before kSpan its run ends, so that the smallest is the fewest abbreviations and then the
// longest run. Texts are shorter than kSpan code points.
constexpr int kSpan = 2048;
constexpr int kNoRun = std::numeric_limits<int32_t>::max();

bool is_letter(char32_t cp) { return cp >= 'a' && cp <= 'z'; }

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'v';
}

// Whether query (ASCII so far as it matters) starts with the given syllable.
bool query_starts_with(std::u32string_view query, std::string_view syllable) {
  return query.size() >= syllable.size() &&
         std::equal(syllable.begin(), syllable.end(), query.begin(),
                    [](char a, char32_t b) { return static_cast<char32_t>(a) == b; });
}

// Fewer abbreviations first, then the longer run.
bool better(const PinyinMatcher::Way& a, const PinyinMatcher::Way& b) {
  return a.abbreviated != b.abbreviated ? a.abbreviated < b.abbreviated : a.length > b.length;
}

}  // namespace

std::u32string search_key(std::string_view text, size_t limit) {
  std::u32string out;
  const std::string folded = fold(text);
  for (size_t pos = 0; pos < folded.size() && out.size() < limit;) {
    const char32_t cp = decode_utf8(folded, pos);
    if (cp != ' ' && cp != '\'' && cp != 0x2019) {
      out += simplified_char(cp);
    }
  }
  return out;
}

thread_local std::vector<PinyinMatcher::Cell> PinyinMatcher::memo_;
thread_local uint32_t PinyinMatcher::stamp_ = 0;

PinyinMatcher::PinyinMatcher(const PinyinTable& pinyin, std::u32string_view query)
    : pinyin_(pinyin), q_(query), literal_(std::none_of(query.begin(), query.end(), is_letter)) {}

PinyinMatcher::Costs PinyinMatcher::match(std::u32string_view text, bool initials) {
  Costs costs;
  if (q_.empty() || text.size() >= static_cast<size_t>(kSpan)) {
    return costs;
  }
  if (literal_) {  // without letters there is no pinyin: a plain substring search
    const size_t at = text.find(q_);
    if (at != text.npos) {
      const Way way{0, static_cast<int>(q_.size())};
      costs.contains = way;
      costs.prefix = at == 0 ? way : Way{};
      costs.exact = text == q_ ? way : Way{};
    }
    return costs;
  }
  initials_ = initials;
  t_ = text;
  width_ = t_.size() + 1;
  memo_.resize(std::max(memo_.size(), (q_.size() + 1) * width_));
  if (++stamp_ == 0) {  // after 2^32 texts, stale stamps could look fresh
    std::fill(memo_.begin(), memo_.end(), Cell{});
    stamp_ = 1;
  }
  for (size_t t = 0; t < t_.size(); ++t) {
    if (!can_start(t_[t], q_[0])) {
      continue;
    }
    const auto [any, end] = solve(0, t);
    if (any == kNoRun) {
      continue;
    }
    const int run_end = kSpan - 1 - any % kSpan;
    const Way way{any / kSpan, run_end - static_cast<int>(t)};
    if (t == 0) {
      costs.prefix = way;
      if (end != kNone) {
        costs.exact = {end, static_cast<int>(t_.size())};
      }
    }
    if (better(way, costs.contains)) {
      costs.contains = way;
    }
  }
  return costs;
}

// Whether query character c may match text unit, literally or as pinyin.
bool PinyinMatcher::can_start(char32_t unit, char32_t c) const {
  return unit == c || (is_letter(c) && (pinyin_.first_letters(unit) >> (c - 'a') & 1) != 0);
}

// The best way to match query[q…] from text[t]: {any run (kNoRun for none), a run to the end
// of the text (its abbreviations; kNone for none)}. Memoised on (q, t), so a text costs at most
// query length × text length steps however many readings its characters have.
std::pair<int, int> PinyinMatcher::solve(size_t q, size_t t) {
  if (q == q_.size()) {
    return {kSpan - 1 - static_cast<int>(t), t == t_.size() ? 0 : kNone};
  }
  if (t == t_.size()) {
    return {kNoRun, kNone};
  }
  Cell& cell = memo_[q * width_ + t];
  if (cell.stamp == stamp_) {
    return {cell.any, cell.end};
  }
  int any = kNoRun;
  int end = kNone;
  const auto consider = [&](size_t next_q, int cost) {
    const auto [next_any, next_end] = solve(next_q, t + 1);
    any = std::min(any, next_any == kNoRun ? kNoRun : next_any + cost * kSpan);
    end = std::min(end, next_end == kNone ? kNone : next_end + cost);
  };
  const char32_t unit = t_[t];
  const char32_t c = q_[q];
  if (unit == c) {
    consider(q + 1, 0);
  }
  if (unit >= kAscii && is_letter(c) && can_start(unit, c)) {
    const std::u32string_view rest = q_.substr(q);
    // Where initials are not allowed, an unfinished last syllable needs two letters.
    const size_t shortest_start = initials_ ? 1 : 2;
    for (const PinyinTable::SyllableId id : pinyin_.syllables(unit)) {
      const std::string_view syllable = pinyin_.syllable(id);
      if (query_starts_with(rest, syllable)) {
        consider(q + syllable.size(), 0);
      } else if (rest.size() < syllable.size() && rest.size() >= shortest_start &&
                 query_starts_with(rest, syllable.substr(0, rest.size()))) {
        consider(q_.size(), 1);  // the last syllable, still being typed
      }
      if (initials_ && syllable.size() > 1 && !is_vowel(syllable[0]) &&
          c == static_cast<char32_t>(syllable[0])) {
        consider(q + 1, 1);  // an initial: p for pu, z for zhong
        const std::string_view initial = pinyin_initial(syllable);
        if (initial.size() == 2 && syllable.size() > 2 && query_starts_with(rest, initial)) {
          consider(q + 2, 1);  // zh for zhong
        }
      }
    }
  }
  cell = {stamp_, any, static_cast<int16_t>(end)};
  return {any, end};
}

}  // namespace gonghui::text
