// Chinese text normalisation: width and case folding, traditional → simplified, and removal
// of the pinyin annotations that pasted web text carries.
#include "text/normalize.hpp"

#include <opencc/opencc.h>

#include <mutex>
#include <unordered_map>

#include "text/pinyin.hpp"
#include "text/utf8.hpp"

namespace gonghui::text {
namespace {

bool is_space(char32_t cp) {
  return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

// The ranges whose characters OpenCC may simplify: CJK unified ideographs and extensions A–F.
constexpr std::pair<char32_t, char32_t> kHanRanges[] = {
    {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0x20000, 0x2EBEF}};

// One OpenCC converter per process: opening one parses several megabytes of dictionaries.
class Simplifier {
 public:
  static Simplifier& instance() {
    static Simplifier simplifier;
    return simplifier;
  }

  const Status& status() const { return status_; }

  std::string convert(std::string_view text) {
    if (!status_.ok() || text.empty()) {
      return std::string(text);
    }
    std::lock_guard lock(mu_);
    return convert_locked(text);
  }

  char32_t map_char(char32_t cp) const {
    const auto it = chars_.find(cp);
    return it == chars_.end() ? cp : it->second;
  }

 private:
  Simplifier() {
    handle_ = opencc_open(kT2sConfig);
    if (handle_ == reinterpret_cast<opencc_t>(-1)) {
      handle_ = nullptr;
      status_ =
          Error::internal(std::string("cannot open OpenCC config ") + kT2sConfig + ": " +
                          opencc_error() + " (install Debian packages opencc/libopencc-data)");
      return;
    }
    build_char_map();
  }
  ~Simplifier() {
    if (handle_ != nullptr) {
      opencc_close(handle_);
    }
  }

  std::string convert_locked(std::string_view text) {
    char* converted = opencc_convert_utf8(handle_, text.data(), text.size());
    if (converted == nullptr) {
      return std::string(text);
    }
    std::string out(converted);
    opencc_convert_utf8_free(converted);
    return out;
  }

  // Converts every ideograph alone, one per line so that no phrase spans two of them, in a
  // single OpenCC call (tens of milliseconds) and keeps those that change.
  void build_char_map() {
    std::string all;
    for (const auto& [first, last] : kHanRanges) {
      for (char32_t cp = first; cp <= last; ++cp) {
        append_utf8(all, cp);
        all += '\n';
      }
    }
    const std::string converted = convert_locked(all);
    size_t pos = 0;
    for (const auto& [first, last] : kHanRanges) {
      for (char32_t cp = first; cp <= last && pos < converted.size(); ++cp) {
        const char32_t simplified = decode_utf8(converted, pos);
        if (pos < converted.size() && converted[pos] == '\n') {
          ++pos;
          if (simplified != cp) {
            chars_.emplace(cp, simplified);
          }
          continue;
        }
        // A character that became several (none in OpenCC's data today) keeps its form.
        pos = converted.find('\n', pos);
        pos = pos == std::string::npos ? converted.size() : pos + 1;
      }
    }
  }

  Status status_;
  opencc_t handle_ = nullptr;
  std::mutex mu_;  // OpenCC does not promise that one converter may be used concurrently.
  std::unordered_map<char32_t, char32_t> chars_;  // immutable after construction
};

// Where a pinyin annotation that opens just before `pos` ends (just past its closing
// bracket), or npos if the bracket holds anything but pinyin.
size_t pinyin_group_end(std::string_view text, size_t pos) {
  constexpr int kMaxLength = 48;  // code points; a few syllables at most
  bool has_letter = false;
  bool previous_capital = false;
  for (int count = 0; pos < text.size() && count < kMaxLength; ++count) {
    const char32_t cp = decode_utf8(text, pos);
    if (cp == ')' || cp == 0xFF09) {
      return has_letter ? pos : std::string_view::npos;
    }
    const bool capital = cp >= 'A' && cp <= 'Z';
    if (capital && previous_capital) {
      return std::string_view::npos;
    }
    previous_capital = capital;
    if (plain_pinyin_letter(cp) != 0) {
      has_letter = true;
    } else if (!(cp == ' ' || cp == '\'' || cp == 0x2019 || (cp >= '0' && cp <= '5') ||
                 (cp >= 0x0300 && cp <= 0x036F))) {
      return std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::string fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp = decode_utf8(text, pos);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      cp -= 0xFEE0;  // the full-width forms mirror ASCII 0x21–0x7E
    }
    if (is_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    if (cp >= 'A' && cp <= 'Z') {
      cp += 'a' - 'A';
    }
    append_utf8(out, cp);
  }
  return out;
}

Status load_simplifier() { return Simplifier::instance().status(); }

std::string to_simplified(std::string_view text) { return Simplifier::instance().convert(text); }

char32_t simplified_char(char32_t cp) {
  if (!is_han(cp)) {
    return cp;
  }
  return Simplifier::instance().map_char(cp);
}

std::string strip_pinyin_annotations(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool after_han = false;
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    const char32_t cp = decode_utf8(text, pos);
    if (after_han && (cp == '(' || cp == 0xFF08)) {
      if (const size_t end = pinyin_group_end(text, pos); end != std::string_view::npos) {
        pos = end;  // after_han stays set: 會(huì)(hui4) carries two annotations
        continue;
      }
    }
    out.append(text.substr(start, pos - start));
    after_han = is_han(cp);
  }
  return out;
}

std::string normalise_pasted(std::string_view text, bool simplify) {
  std::string stripped = strip_pinyin_annotations(text);
  return simplify ? to_simplified(stripped) : stripped;
}

}  // namespace gonghui::text
