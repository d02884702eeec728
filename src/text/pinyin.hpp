// Pinyin readings of Chinese characters, read from Unicode's Unihan database.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace gonghui::text {

// Debian package unicode-data ships Unihan split by topic, bzip2-compressed.
inline constexpr const char* kDefaultUnihanPath = "/usr/share/unicode/Unihan_Readings.txt.bz2";
// Environment variable naming another Unihan_Readings.txt (plain or .bz2) to use.
inline constexpr const char* kUnihanEnv = "GONGHUI_UNIHAN";

// The plain lower-case ASCII letter of a letter written in pinyin: tone marks are removed
// (ǎ → a, ê → e, ń → n) and ü becomes v. Returns 0 for anything that is not such a letter.
char plain_pinyin_letter(char32_t cp);

// The initial a syllable is abbreviated to: zh, ch or sh, else its first letter.
std::string_view pinyin_initial(std::string_view syllable);

// Maps each CJK ideograph to all its Mandarin readings as toneless ASCII syllables. Readings
// come from the Unihan fields of modern usage (kMandarin, kHanyuPinlu, kXHC1983, kTGHZ2013);
// kHanyuPinyin, which lists classical readings too, is used only for characters none of
// those cover. A reading with ü is listed as v and also as u (女 → nv, nu), since both are
// typed. Immutable after load, so concurrent readers need no lock.
class PinyinTable {
 public:
  using SyllableId = uint16_t;

  // Reads a Unihan_Readings.txt, bzip2-compressed or not (told by its content). Returns an
  // error with code "unihan_missing" if the file cannot be read and "unihan_corrupt" if it
  // cannot be decompressed or holds no readings.
  static Result<PinyinTable> load(const std::string& path);

  // The process-wide table, loaded on the first call from $GONGHUI_UNIHAN or else
  // kDefaultUnihanPath; later calls return the same table or the same error. Thread-safe.
  static Result<const PinyinTable*> shared();

  // Ids of the readings of cp, most common first; empty if cp has none.
  std::span<const SyllableId> syllables(char32_t cp) const;
  // The toneless syllable an id stands for, e.g. "xing".
  std::string_view syllable(SyllableId id) const { return syllables_[id]; }
  size_t syllable_count() const { return syllables_.size(); }

  // The readings of cp as strings, most common first: 行 → xing, hang, heng.
  std::vector<std::string_view> readings(char32_t cp) const;
  // The distinct initials of cp's readings: 行 → x, h; 长 → zh, ch.
  std::vector<std::string_view> initials(char32_t cp) const;

  // Bit i is set when a reading of cp starts with the letter 'a' + i: a quick test of whether
  // a query letter can begin cp.
  uint32_t first_letters(char32_t cp) const {
    return cp < first_letters_.size() ? first_letters_[cp] : 0;
  }

  // Number of characters that have at least one reading.
  size_t size() const { return characters_; }

 private:
  PinyinTable() = default;
  class Builder;

  std::vector<std::string> syllables_;  // id → syllable
  std::vector<uint32_t> offsets_;       // code point → start in ids_; offsets_[cp + 1] ends it
  std::vector<SyllableId> ids_;
  std::vector<uint32_t> first_letters_;  // code point → letter mask
  size_t characters_ = 0;
};

}  // namespace gonghui::text
