// UTF-8 decoding and encoding for the text module, tolerant of bad input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gonghui::text {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point starting at text[pos] and advances pos past it. Malformed,
// overlong or truncated sequences and surrogates decode as U+FFFD, consuming one byte, so
// untrusted input never stops a scan. Requires pos < text.size().
char32_t decode_utf8(std::string_view text, size_t& pos);

// Appends the UTF-8 encoding of cp to out.
void append_utf8(std::string& out, char32_t cp);

std::u32string to_utf32(std::string_view text);
std::string to_utf8(std::u32string_view text);

// True for CJK unified and compatibility ideographs (the characters pinyin is written for).
inline bool is_han(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x323AF) || cp == 0x3007;
}

}  // namespace gonghui::text
