// Pinyin readings of Chinese characters, read from Unicode's Unihan database.
#include "text/pinyin.hpp"

#include <bzlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "text/utf8.hpp"

namespace gonghui::text {
namespace {

// Fields in order of preference: the first lists the most common reading.
enum Field { kMandarin, kHanyuPinlu, kXHC1983, kTGHZ2013, kHanyuPinyin, kFieldCount };
constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "kMandarin", "kHanyuPinlu", "kXHC1983", "kTGHZ2013", "kHanyuPinyin"};

Error unihan_error(std::string code, std::string message) {
  return {ErrorKind::kInternal, std::move(code), std::move(message), {}};
}

Result<std::string> read_file(const std::string& path) {
  std::error_code error;  // a path that cannot be inspected is as good as missing
  std::ifstream in;
  if (std::filesystem::is_regular_file(path, error)) {
    in.open(path, std::ios::binary);
  }
  if (!in.is_open()) {
    return unihan_error("unihan_missing", "cannot read Unihan readings file " + path +
                                              " (install Debian package unicode-data or set " +
                                              kUnihanEnv + ")");
  }
  in.seekg(0, std::ios::end);
  std::string content(static_cast<size_t>(in.tellg()), '\0');
  in.seekg(0);
  if (!in.read(content.data(), static_cast<std::streamsize>(content.size()))) {
    return unihan_error("unihan_missing", "cannot read Unihan readings file " + path);
  }
  return content;
}

// Decompresses a .bz2 file, which may hold several concatenated streams.
Result<std::string> decompress_bzip2(const std::string& data, const std::string& path) {
  std::string out(data.size() * 6, '\0');
  size_t in_pos = 0;
  size_t out_pos = 0;
  while (in_pos < data.size()) {
    bz_stream stream{};
    if (BZ2_bzDecompressInit(&stream, 0, 0) != BZ_OK) {
      return unihan_error("unihan_corrupt", "cannot start bzip2 decompression of " + path);
    }
    for (;;) {
      if (out_pos == out.size()) {
        out.resize(out.size() * 2);
      }
      stream.next_in = const_cast<char*>(data.data() + in_pos);  // bzlib's API is not const
      stream.avail_in = static_cast<unsigned>(std::min<size_t>(data.size() - in_pos, 1u << 30));
      stream.next_out = out.data() + out_pos;
      stream.avail_out = static_cast<unsigned>(std::min<size_t>(out.size() - out_pos, 1u << 30));
      const int rc = BZ2_bzDecompress(&stream);
      in_pos = static_cast<size_t>(stream.next_in - data.data());
      out_pos = static_cast<size_t>(stream.next_out - out.data());
      if (rc == BZ_STREAM_END) {
        break;
      }
      if (rc != BZ_OK || (in_pos == data.size() && out_pos < out.size())) {
        BZ2_bzDecompressEnd(&stream);
        return unihan_error("unihan_corrupt", "bad or truncated bzip2 data in " + path);
      }
    }
    BZ2_bzDecompressEnd(&stream);
  }
  out.resize(out_pos);
  return out;
}

// Toneless ASCII form of a reading written with tone marks; empty if it has anything else.
std::string plain_reading(std::string_view reading) {
  std::string out;
  for (size_t pos = 0; pos < reading.size();) {
    const char32_t cp = decode_utf8(reading, pos);
    if (const char letter = plain_pinyin_letter(cp); letter != 0) {
      out += letter;
    } else if (cp < 0x0300 || cp > 0x036F) {  // combining tone marks are dropped
      return {};
    }
  }
  return out;
}

}  // namespace

char plain_pinyin_letter(char32_t cp) {
  if (cp < 0x80) {
    if (cp >= 'a' && cp <= 'z') {
      return static_cast<char>(cp);
    }
    return cp >= 'A' && cp <= 'Z' ? static_cast<char>(cp - 'A' + 'a') : 0;
  }
  struct Marked {
    char plain;
    std::u32string_view forms;
  };
  static constexpr Marked kMarked[] = {
      {'a', U"āáǎàĀÁǍÀ"}, {'e', U"ēéěèêếềĒÉĚÈÊẾỀ"}, {'i', U"īíǐìĪÍǏÌ"}, {'o', U"ōóǒòŌÓǑÒ"},
      {'u', U"ūúǔùŪÚǓÙ"}, {'v', U"üǖǘǚǜÜǕǗǙǛ"},     {'n', U"ńňǹŃŇǸ"},   {'m', U"ḿḾ"},
  };
  for (const auto& marked : kMarked) {
    if (marked.forms.find(cp) != std::u32string_view::npos) {
      return marked.plain;
    }
  }
  return 0;
}

std::string_view pinyin_initial(std::string_view syllable) {
  if (syllable.size() > 2 && syllable[1] == 'h' &&
      (syllable[0] == 'z' || syllable[0] == 'c' || syllable[0] == 's')) {
    return syllable.substr(0, 2);
  }
  return syllable.substr(0, 1);
}

// Gathers (code point, syllable) pairs while the file is scanned.
class PinyinTable::Builder {
 public:
  explicit Builder(PinyinTable& table) : table_(table) {}

  // Adds the readings of one character, given its field values (empty where absent).
  void add(char32_t cp, const std::array<std::string_view, kFieldCount>& values) {
    const bool modern = std::any_of(values.begin(), values.begin() + kHanyuPinyin,
                                    [](std::string_view v) { return !v.empty(); });
    const int last = modern ? kTGHZ2013 : kHanyuPinyin;
    for (int field = 0; field <= last; ++field) {
      add_field(cp, values[field]);
    }
  }

  void finish() {
    std::stable_sort(pairs_.begin(), pairs_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    const size_t limit = pairs_.empty() ? 0 : pairs_.back().first + 2;
    table_.offsets_.assign(limit, 0);
    char32_t next = 0;  // first code point whose offset is not yet set
    for (size_t i = 0; i < pairs_.size(); ++i) {
      const auto [cp, id] = pairs_[i];
      if (next <= cp) {
        std::fill(table_.offsets_.begin() + next, table_.offsets_.begin() + cp + 1,
                  static_cast<uint32_t>(table_.ids_.size()));
        next = cp + 1;
        ++table_.characters_;
      }
      const auto begin = table_.ids_.begin() + table_.offsets_[cp];
      if (std::find(begin, table_.ids_.end(), id) == table_.ids_.end()) {
        table_.ids_.push_back(id);
      }
    }
    std::fill(table_.offsets_.begin() + next, table_.offsets_.end(),
              static_cast<uint32_t>(table_.ids_.size()));
    table_.first_letters_.assign(limit, 0);
    for (const auto& [cp, id] : pairs_) {
      table_.first_letters_[cp] |= uint32_t{1} << (table_.syllables_[id][0] - 'a');
    }
  }

 private:
  // Values look like "xíng háng" (kMandarin), "xíng(2943) háng(218)" (kHanyuPinlu) or
  // "0442.080:háng 0443.050:hàng" and "20811.060:háng,xìng" (dictionary positions).
  void add_field(char32_t cp, std::string_view value) {
    while (!value.empty()) {
      const size_t space = value.find(' ');
      std::string_view token = value.substr(0, space);
      value = space == std::string_view::npos ? std::string_view() : value.substr(space + 1);
      if (const size_t colon = token.rfind(':'); colon != std::string_view::npos) {
        token.remove_prefix(colon + 1);
      }
      token = token.substr(0, token.find('('));
      while (!token.empty()) {
        const size_t comma = token.find(',');
        add_reading(cp, plain_reading(token.substr(0, comma)));
        token = comma == std::string_view::npos ? std::string_view() : token.substr(comma + 1);
      }
    }
  }

  void add_reading(char32_t cp, const std::string& reading) {
    if (reading.empty()) {
      return;
    }
    pairs_.emplace_back(cp, intern(reading));
    if (reading.find('v') != std::string::npos) {
      std::string u_form = reading;
      std::replace(u_form.begin(), u_form.end(), 'v', 'u');
      pairs_.emplace_back(cp, intern(u_form));
    }
  }

  SyllableId intern(const std::string& syllable) {
    const auto [it, added] =
        ids_.try_emplace(syllable, static_cast<SyllableId>(table_.syllables_.size()));
    if (added) {
      table_.syllables_.push_back(syllable);
    }
    return it->second;
  }

  PinyinTable& table_;
  std::unordered_map<std::string, SyllableId> ids_;
  std::vector<std::pair<char32_t, SyllableId>> pairs_;
};

Result<PinyinTable> PinyinTable::load(const std::string& path) {
  GH_ASSIGN(std::string content, read_file(path));
  if (content.starts_with("BZh")) {
    GH_ASSIGN(content, decompress_bzip2(content, path));
  }
  PinyinTable table;
  Builder builder(table);
  // Lines are "U+884C<TAB>kMandarin<TAB>xíng", grouped by code point.
  char32_t current = 0;
  std::array<std::string_view, kFieldCount> values{};
  std::string_view rest = content;
  while (!rest.empty()) {
    const size_t newline = rest.find('\n');
    std::string_view line = rest.substr(0, newline);
    rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
    if (!line.starts_with("U+")) {
      continue;
    }
    const size_t tab = line.find('\t');
    const size_t tab2 = line.find('\t', tab + 1);
    if (tab == std::string_view::npos || tab2 == std::string_view::npos) {
      continue;
    }
    const auto field =
        std::find(kFieldNames.begin(), kFieldNames.end(), line.substr(tab + 1, tab2 - tab - 1));
    uint32_t cp = 0;
    const auto parsed = std::from_chars(line.data() + 2, line.data() + tab, cp, 16);
    if (field == kFieldNames.end() || parsed.ec != std::errc() || cp > 0x10FFFF) {
      continue;
    }
    if (cp != current) {
      builder.add(current, values);
      values = {};
      current = cp;
    }
    std::string_view value = line.substr(tab2 + 1);
    if (value.ends_with('\r')) {
      value.remove_suffix(1);
    }
    values[field - kFieldNames.begin()] = value;
  }
  builder.add(current, values);
  builder.finish();
  if (table.characters_ == 0) {
    return unihan_error("unihan_corrupt", "no kMandarin or kHanyuPinyin readings in " + path);
  }
  return table;
}

Result<const PinyinTable*> PinyinTable::shared() {
  static const Result<PinyinTable> table = [] {
    const char* path = std::getenv(kUnihanEnv);
    return load(path != nullptr && *path != '\0' ? path : kDefaultUnihanPath);
  }();
  if (!table.ok()) {
    return table.error();
  }
  return &table.value();
}

std::span<const PinyinTable::SyllableId> PinyinTable::syllables(char32_t cp) const {
  if (static_cast<size_t>(cp) + 1 >= offsets_.size()) {
    return {};
  }
  return {ids_.data() + offsets_[cp], ids_.data() + offsets_[cp + 1]};
}

std::vector<std::string_view> PinyinTable::readings(char32_t cp) const {
  std::vector<std::string_view> out;
  for (const SyllableId id : syllables(cp)) {
    out.push_back(syllable(id));
  }
  return out;
}

std::vector<std::string_view> PinyinTable::initials(char32_t cp) const {
  std::vector<std::string_view> out;
  for (const SyllableId id : syllables(cp)) {
    const std::string_view initial = pinyin_initial(syllable(id));
    if (std::find(out.begin(), out.end(), initial) == out.end()) {
      out.push_back(initial);
    }
  }
  return out;
}

}  // namespace gonghui::text
