// In-memory catalogue search over merchants, offers and products that understands
// simplified and traditional characters, full pinyin, initials and mixtures of them.
#pragma once

#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "text/pinyin.hpp"

namespace gonghui::text {

struct SearchDocument {
  int64_t id = 0;
  std::string kind;        // "merchant", "offer" or "product"; the index does not restrict it
  std::string name;        // what ranking is about
  std::string extra_text;  // description and tags; matched after the name
  int64_t payload = 0;     // opaque to the index, returned with each hit
};

// How a hit matched, best first.
enum class MatchKind { kExactName = 4, kNamePrefix = 3, kNameContains = 2, kExtraText = 1 };

struct SearchHit {
  int64_t id = 0;
  std::string kind;
  std::string name;
  int64_t payload = 0;
  MatchKind match = MatchKind::kExtraText;
  // Higher is better: 100 per MatchKind step, less one per character matched only by an
  // abbreviation (an initial or an unfinished last syllable) rather than in full.
  int score = 0;
};

// Matching is PinyinMatcher's (text/matcher.hpp): the query has to match a contiguous run of
// the text, character for character or by the pinyin of Chinese characters in full, by
// initials or unfinished at the end (putao, pt, pingg, 草mei, pu萄 …).
//
// Extra text is matched without initials (every syllable in full, the last one begun with at
// least two letters), so that "qy" does not find every description that says 签约.
//
// Ranking: exact name > name prefix > name contains > extra text contains, then fewer
// abbreviated characters, then how much of the name the match covers, then the shorter name,
// then the smaller id.
//
// Thread-safety: search() may run concurrently from any number of threads; add, update and
// remove take an exclusive lock. The PinyinTable must outlive the index.
class SearchIndex {
 public:
  explicit SearchIndex(const PinyinTable& pinyin);

  // Adds a document. Returns kConflict "duplicate_id" if the id is already indexed.
  Status add(SearchDocument document);
  // Replaces the document with the same id. Returns kNotFound if there is none.
  Status update(SearchDocument document);
  // Removes a document. Returns kNotFound if there is none.
  Status remove(int64_t id);

  // Up to limit hits, best first; kind, when not empty, keeps only documents of that kind.
  // A query that is empty after folding, or that matches nothing, gives no hits.
  std::vector<SearchHit> search(std::string_view query, size_t limit,
                                std::string_view kind = {}) const;

  size_t size() const;

 private:
  using Slot = uint32_t;
  // What a hit returns; read only for hits.
  struct Stored {
    int64_t id = 0;
    std::string kind;
    std::string name;
    int64_t payload = 0;
  };
  // What every candidate is checked against: small, and in slot order like the candidates,
  // so that checking thousands of them reads memory front to back.
  struct Facts {
    int64_t id = 0;
    uint32_t key_begin = 0;  // in keys_: the name's key, then the extra text's
    uint16_t name_length = 0;
    uint16_t extra_length = 0;
    uint16_t kind = 0;  // in kinds_
    bool live = true;
  };
  // A document made ready for the index outside the lock.
  struct Prepared {
    Stored stored;
    std::u32string name_key;   // folded, simplified, without white space
    std::u32string extra_key;  // likewise
  };
  using Postings = std::vector<Slot>;  // ascending, since slots are only ever appended

  // The postings of one field. A query's candidates are a superset of its matches.
  struct FieldIndex {
    std::unordered_map<char32_t, Postings> by_char;  // non-ASCII characters present
    std::vector<Postings> by_pair;                   // first-letter keys of adjacent characters
    std::vector<Postings> by_letter;                 // ASCII characters present
    std::vector<Postings> by_syllable;               // readings present

    explicit FieldIndex(size_t syllables);
    void add(const PinyinTable& pinyin, std::u32string_view text, Slot slot);
    void clear();
    // Candidate slots for a query key, ascending and unique.
    Postings candidates(const PinyinTable& pinyin, std::u32string_view query, size_t slots) const;
  };

  static Prepared prepare(SearchDocument document);
  void insert_locked(Prepared document);
  void erase_locked(Slot slot);
  void compact_locked();
  // What checking a candidate found: the hit's score (-1 for none) and how many characters
  // of the name its match covers.
  struct Checked {
    int score = -1;
    int run = 0;
  };
  // Calls check(slot) for candidates in order of name length, shortest first, and stops
  // after a length once `need` checks have returned best_score with a coverage (run / name
  // length) that no longer name can reach, since no match covers more than max_run
  // characters: longer names could not outrank those.
  template <class Check>
  void check_shortest_first(const Postings& candidates, size_t need, int best_score, int max_run,
                            Check&& check) const;

  // Readers and writers take mu_ through these, never directly.
  std::shared_lock<std::shared_mutex> lock_for_reading() const;
  std::pair<std::unique_lock<std::mutex>, std::unique_lock<std::shared_mutex>> lock_for_writing();

  const PinyinTable& pinyin_;
  // glibc's shared_mutex lets a steady stream of readers starve a writer: a writer holds
  // writer_gate_ while it waits for mu_, and new readers pass through the gate first.
  mutable std::mutex writer_gate_;
  mutable std::shared_mutex mu_;
  std::vector<Stored> stored_;               // guarded by mu_; index = slot
  std::vector<Facts> facts_;                 // guarded by mu_; index = slot
  std::u32string keys_;                      // guarded by mu_; search keys of all slots
  std::vector<std::string> kinds_;           // guarded by mu_; kinds seen, by number
  std::unordered_map<int64_t, Slot> slots_;  // guarded by mu_; live ids only
  size_t dead_ = 0;                          // guarded by mu_; removed entries
  FieldIndex names_;                         // guarded by mu_
  FieldIndex extras_;                        // guarded by mu_
  // Names by their first character: the character itself if beyond ASCII, and each ASCII
  // key a query may reach it by. Only these names can match at their start.
  std::unordered_map<char32_t, Postings> heads_;  // guarded by mu_
};

}  // namespace gonghui::text
