// In-memory catalogue search over merchants, offers and products that understands
// simplified and traditional characters, full pinyin, initials and mixtures of them.
#include "text/search_index.hpp"

#include <algorithm>
#include <limits>
#include <mutex>

#include "text/matcher.hpp"

namespace gonghui::text {
namespace {

constexpr size_t kMaxQuery = 64;    // code points; longer queries are cut
constexpr size_t kMaxName = 256;    // code points of a name that are searched
constexpr size_t kMaxExtra = 1024;  // code points of extra text that are searched
constexpr size_t kAscii = 128;

// Whether query (ASCII so far as it matters) starts with the given syllable.
bool query_starts_with(std::u32string_view query, std::string_view syllable) {
  return query.size() >= syllable.size() &&
         std::equal(syllable.begin(), syllable.end(), query.begin(),
                    [](char a, char32_t b) { return static_cast<char32_t>(a) == b; });
}

// Appends slot to each list once; postings stay ascending because slots only grow.
template <class Lists, class Key>
void post(Lists& lists, std::vector<Key>& keys, uint32_t slot) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (const Key& key : keys) {
    lists[key].push_back(slot);
  }
}

// Keys under which an ASCII query can reach a text unit: the unit itself if ASCII, the
// first letters of its readings if Chinese. As a mask: bit k for ASCII character k.
std::pair<uint64_t, uint64_t> unit_keys(const PinyinTable& pinyin, char32_t unit) {
  if (unit < 64) {
    return {uint64_t{1} << unit, 0};
  }
  if (unit < kAscii) {
    return {0, uint64_t{1} << (unit - 64)};
  }
  return {0, static_cast<uint64_t>(pinyin.first_letters(unit)) << ('a' - 64)};
}

template <class Fn>
void for_each_key(std::pair<uint64_t, uint64_t> keys, Fn&& fn) {
  for (uint64_t w = keys.first; w != 0; w &= w - 1) {
    fn(static_cast<uint32_t>(__builtin_ctzll(w)));
  }
  for (uint64_t w = keys.second; w != 0; w &= w - 1) {
    fn(static_cast<uint32_t>(64 + __builtin_ctzll(w)));
  }
}

}  // namespace

SearchIndex::FieldIndex::FieldIndex(size_t syllables)
    : by_pair(kAscii * kAscii), by_letter(kAscii), by_syllable(syllables) {}

void SearchIndex::FieldIndex::add(const PinyinTable& pinyin, std::u32string_view text, Slot slot) {
  std::vector<char32_t> chars;
  std::vector<uint32_t> pairs;
  std::vector<uint32_t> letters;
  std::vector<PinyinTable::SyllableId> syllables;
  std::pair<uint64_t, uint64_t> previous{0, 0};
  for (const char32_t unit : text) {
    if (unit < kAscii) {
      letters.push_back(unit);
    } else {
      chars.push_back(unit);
      const auto ids = pinyin.syllables(unit);
      syllables.insert(syllables.end(), ids.begin(), ids.end());
    }
    const auto keys = unit_keys(pinyin, unit);
    for_each_key(previous, [&](uint32_t a) {
      for_each_key(keys, [&](uint32_t b) { pairs.push_back(a * kAscii + b); });
    });
    previous = keys;
  }
  post(by_char, chars, slot);
  post(by_pair, pairs, slot);
  post(by_letter, letters, slot);
  post(by_syllable, syllables, slot);
}

void SearchIndex::FieldIndex::clear() {
  by_char.clear();
  for (auto* lists : {&by_pair, &by_letter, &by_syllable}) {
    for (Postings& postings : *lists) {
      postings.clear();
    }
  }
}

SearchIndex::Postings SearchIndex::FieldIndex::candidates(const PinyinTable& pinyin,
                                                          std::u32string_view query,
                                                          size_t slots) const {
  // A query with a character beyond ASCII can only match texts holding that character:
  // the rarest one gives the fewest candidates.
  const Postings* rarest = nullptr;
  for (const char32_t cp : query) {
    if (cp < kAscii) {
      continue;
    }
    const auto it = by_char.find(cp);
    if (it == by_char.end()) {
      return {};
    }
    if (rarest == nullptr || it->second.size() < rarest->size()) {
      rarest = &it->second;
    }
  }
  if (rarest != nullptr) {
    return *rarest;
  }

  // An ASCII query: the first text unit matched takes query[0, k) for some k, and the
  // second unit then starts with query[k]. Collect every (query[0], query[k]) pair, plus the
  // texts where one unit alone can take the whole query.
  std::vector<const Postings*> lists;
  std::vector<size_t> steps = {1};
  if (query.size() > 2 && query[1] == 'h' &&
      (query[0] == 'z' || query[0] == 'c' || query[0] == 's')) {
    steps.push_back(2);
  }
  for (size_t id = 0; id < pinyin.syllable_count(); ++id) {
    const std::string_view syllable = pinyin.syllable(static_cast<PinyinTable::SyllableId>(id));
    if (query_starts_with(query, syllable)) {
      steps.push_back(syllable.size());
    }
    if (syllable.size() >= query.size() &&
        query_starts_with(query, syllable.substr(0, query.size()))) {
      lists.push_back(&by_syllable[id]);
    }
  }
  for (const size_t step : steps) {
    if (step < query.size()) {
      lists.push_back(&by_pair[query[0] * kAscii + query[step]]);
    }
  }
  if (query.size() == 1) {
    lists.push_back(&by_letter[query[0]]);
  }
  // Union through a bitmap: linear in the postings, and the output comes out sorted.
  std::vector<uint64_t> bits((slots + 63) / 64);
  size_t total = 0;
  for (const Postings* postings : lists) {
    total += postings->size();
    for (const Slot slot : *postings) {
      bits[slot / 64] |= uint64_t{1} << (slot % 64);
    }
  }
  Postings out;
  out.reserve(std::min(total, slots));
  for (size_t word = 0; word < bits.size(); ++word) {
    for (uint64_t w = bits[word]; w != 0; w &= w - 1) {
      out.push_back(static_cast<Slot>(word * 64 + static_cast<size_t>(__builtin_ctzll(w))));
    }
  }
  return out;
}

SearchIndex::SearchIndex(const PinyinTable& pinyin)
    : pinyin_(pinyin), names_(pinyin.syllable_count()), extras_(pinyin.syllable_count()) {}

Status SearchIndex::add(SearchDocument document) {
  Prepared prepared = prepare(std::move(document));
  const auto lock = lock_for_writing();
  if (slots_.contains(prepared.stored.id)) {
    return Error::conflict("duplicate_id", "document " + std::to_string(prepared.stored.id) +
                                               " is already in the search index");
  }
  insert_locked(std::move(prepared));
  return Status::Ok();
}

Status SearchIndex::update(SearchDocument document) {
  Prepared prepared = prepare(std::move(document));
  const auto lock = lock_for_writing();
  const auto it = slots_.find(prepared.stored.id);
  if (it == slots_.end()) {
    return Error::not_found("search document " + std::to_string(prepared.stored.id));
  }
  erase_locked(it->second);
  insert_locked(std::move(prepared));
  return Status::Ok();
}

Status SearchIndex::remove(int64_t id) {
  const auto lock = lock_for_writing();
  const auto it = slots_.find(id);
  if (it == slots_.end()) {
    return Error::not_found("search document " + std::to_string(id));
  }
  erase_locked(it->second);
  // Postings and keys keep removed slots until enough pile up to rebuild them all at once.
  if (dead_ > 1024 && dead_ * 2 > facts_.size()) {
    compact_locked();
  }
  return Status::Ok();
}

std::shared_lock<std::shared_mutex> SearchIndex::lock_for_reading() const {
  { const std::lock_guard gate(writer_gate_); }
  return std::shared_lock(mu_);
}

std::pair<std::unique_lock<std::mutex>, std::unique_lock<std::shared_mutex>>
SearchIndex::lock_for_writing() {
  std::unique_lock gate(writer_gate_);
  std::unique_lock lock(mu_);
  return {std::move(gate), std::move(lock)};
}

size_t SearchIndex::size() const {
  const auto lock = lock_for_reading();
  return slots_.size();
}

SearchIndex::Prepared SearchIndex::prepare(SearchDocument document) {
  Prepared prepared;
  prepared.name_key = search_key(document.name, kMaxName);
  prepared.extra_key = search_key(document.extra_text, kMaxExtra);
  prepared.stored = {document.id, std::move(document.kind), std::move(document.name),
                     document.payload};
  return prepared;
}

void SearchIndex::insert_locked(Prepared document) {
  const auto slot = static_cast<Slot>(facts_.size());
  auto kind = std::find(kinds_.begin(), kinds_.end(), document.stored.kind);
  if (kind == kinds_.end()) {
    kind = kinds_.insert(kind, document.stored.kind);
  }
  facts_.push_back({document.stored.id, static_cast<uint32_t>(keys_.size()),
                    static_cast<uint16_t>(document.name_key.size()),
                    static_cast<uint16_t>(document.extra_key.size()),
                    static_cast<uint16_t>(kind - kinds_.begin()), true});
  keys_ += document.name_key;
  keys_ += document.extra_key;
  slots_[document.stored.id] = slot;
  stored_.push_back(std::move(document.stored));
  names_.add(pinyin_, document.name_key, slot);
  if (!document.name_key.empty()) {
    const char32_t head = document.name_key.front();
    if (head >= kAscii) {
      heads_[head].push_back(slot);
    }
    for_each_key(unit_keys(pinyin_, head), [&](uint32_t key) { heads_[key].push_back(slot); });
  }
  extras_.add(pinyin_, document.extra_key, slot);
}

void SearchIndex::erase_locked(Slot slot) {
  slots_.erase(facts_[slot].id);
  facts_[slot].live = false;
  stored_[slot] = {};
  ++dead_;
}

void SearchIndex::compact_locked() {
  std::vector<Prepared> live;
  live.reserve(slots_.size());
  for (Slot slot = 0; slot < facts_.size(); ++slot) {
    const Facts& facts = facts_[slot];
    if (facts.live) {
      const std::u32string_view key(keys_.data() + facts.key_begin,
                                    facts.name_length + facts.extra_length);
      live.push_back({std::move(stored_[slot]), std::u32string(key.substr(0, facts.name_length)),
                      std::u32string(key.substr(facts.name_length))});
    }
  }
  stored_.clear();
  facts_.clear();
  keys_.clear();
  slots_.clear();
  dead_ = 0;
  names_.clear();
  heads_.clear();
  extras_.clear();
  for (Prepared& document : live) {
    insert_locked(std::move(document));
  }
}

template <class Check>
void SearchIndex::check_shortest_first(const Postings& candidates, size_t need, int best_score,
                                       int max_run, Check&& check) const {
  // Few candidates are cheaper to check all, in slot order, than to sort.
  if (candidates.size() <= 256) {
    for (const Slot slot : candidates) {
      check(slot);
    }
    return;
  }
  // A counting sort: names are at most kMaxName characters long.
  std::vector<uint32_t> starts(kMaxName + 2, 0);
  for (const Slot slot : candidates) {
    ++starts[facts_[slot].name_length + 1];
  }
  for (size_t length = 1; length < starts.size(); ++length) {
    starts[length] += starts[length - 1];
  }
  Postings order(candidates.size());
  for (const Slot slot : candidates) {
    order[starts[facts_[slot].name_length]++] = slot;
  }
  std::vector<std::pair<int, int>> best;  // run and name length of hits with best_score
  // Whether `need` hits cover more of their names than any name of this length could be.
  const auto settled = [&](int length) {
    return need <= static_cast<size_t>(std::count_if(best.begin(), best.end(), [&](auto hit) {
             return hit.first * length >= max_run * hit.second;
           }));
  };
  uint16_t length = 0;
  for (const Slot slot : order) {
    if (facts_[slot].name_length != length) {
      if (best.size() >= need && settled(facts_[slot].name_length)) {
        return;
      }
      length = facts_[slot].name_length;
    }
    if (const Checked hit = check(slot); hit.score == best_score) {
      best.emplace_back(hit.run, length);
    }
  }
}

std::vector<SearchHit> SearchIndex::search(std::string_view query, size_t limit,
                                           std::string_view kind) const {
  const std::u32string key = search_key(query, kMaxQuery);
  if (key.empty() || limit == 0) {
    return {};
  }
  struct Ranked {
    int score;
    uint16_t name_length;
    uint16_t run;  // name characters the match covers; 0 for extra text
    int64_t id;
    Slot slot;
    MatchKind match;
  };
  std::vector<Ranked> ranked;
  const auto lock = lock_for_reading();
  int kind_number = -1;  // any
  if (!kind.empty()) {
    const auto it = std::find(kinds_.begin(), kinds_.end(), kind);
    if (it == kinds_.end()) {
      return {};
    }
    kind_number = static_cast<int>(it - kinds_.begin());
  }
  const auto wanted = [&](const Facts& facts) {
    return facts.live && (kind_number < 0 || facts.kind == kind_number);
  };
  const auto keep = [&](Slot slot, MatchKind match, PinyinMatcher::Way way) {
    const int score = static_cast<int>(match) * 100 - way.abbreviated;
    const int run = match == MatchKind::kExtraText ? 0 : way.length;
    ranked.push_back({score, facts_[slot].name_length, static_cast<uint16_t>(run), facts_[slot].id,
                      slot, match});
    return Checked{score, run};
  };
  PinyinMatcher matcher(pinyin_, key);
  const auto check_name = [&](Slot slot) {
    const Facts& facts = facts_[slot];
    if (!wanted(facts)) {
      return Checked{};
    }
    const PinyinMatcher::Costs costs =
        matcher.match(std::u32string_view(keys_.data() + facts.key_begin, facts.name_length));
    if (costs.exact.found()) {
      return keep(slot, MatchKind::kExactName, costs.exact);
    }
    if (costs.prefix.found()) {
      return keep(slot, MatchKind::kNamePrefix, costs.prefix);
    }
    if (costs.contains.found()) {
      return keep(slot, MatchKind::kNameContains, costs.contains);
    }
    return Checked{};
  };

  // Names that can match at their start come first: when they give enough exact and prefix
  // hits, no other name can rank among the results.
  const Postings candidates = names_.candidates(pinyin_, key, facts_.size());
  const auto heads_it = heads_.find(key.front());
  const Postings no_heads;
  const Postings& heads = heads_it == heads_.end() ? no_heads : heads_it->second;
  Postings rest;
  size_t leading = 0;  // exact and prefix hits
  auto head = heads.begin();
  for (const Slot slot : candidates) {
    head = std::lower_bound(head, heads.end(), slot);
    if (head == heads.end() || *head != slot) {
      rest.push_back(slot);
    } else if (check_name(slot).score > static_cast<int>(MatchKind::kNameContains) * 100) {
      ++leading;
    }
  }
  if (leading < limit) {
    check_shortest_first(rest, limit - leading, static_cast<int>(MatchKind::kNameContains) * 100,
                         static_cast<int>(key.size()), check_name);
  }

  // Extra text ranks below every name match, so it is read only when names fall short.
  if (ranked.size() < limit) {
    std::vector<uint64_t> name_hits((facts_.size() + 63) / 64);
    for (const Ranked& hit : ranked) {
      name_hits[hit.slot / 64] |= uint64_t{1} << (hit.slot % 64);
    }
    const auto check_extra = [&](Slot slot) {
      const Facts& facts = facts_[slot];
      if ((name_hits[slot / 64] >> (slot % 64) & 1) != 0 || !wanted(facts)) {
        return Checked{};
      }
      const std::u32string_view extra(keys_.data() + facts.key_begin + facts.name_length,
                                      facts.extra_length);
      const PinyinMatcher::Way way = matcher.match(extra, /*initials=*/false).contains;
      return way.found() ? keep(slot, MatchKind::kExtraText, way) : Checked{};
    };
    check_shortest_first(extras_.candidates(pinyin_, key, facts_.size()), limit - ranked.size(),
                         static_cast<int>(MatchKind::kExtraText) * 100, 0, check_extra);
  }

  const auto better = [](const Ranked& a, const Ranked& b) {
    if (a.score != b.score) {
      return a.score > b.score;
    }
    const int covers = a.run * b.name_length - b.run * a.name_length;  // a.run/a.len − b.run/b.len
    if (covers != 0) {
      return covers > 0;
    }
    return a.name_length != b.name_length ? a.name_length < b.name_length : a.id < b.id;
  };
  const size_t count = std::min(limit, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<ptrdiff_t>(count), ranked.end(),
                    better);
  std::vector<SearchHit> hits;
  hits.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const Stored& stored = stored_[ranked[i].slot];
    hits.push_back(
        {stored.id, stored.kind, stored.name, stored.payload, ranked[i].match, ranked[i].score});
  }
  return hits;
}

}  // namespace gonghui::text
