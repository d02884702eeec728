// Pasted text into an article: the text module cleans it (pinyin annotations, traditional
// characters), then lines become Markdown paragraphs, with a title and a summary picked out.
#include "core/json.hpp"
#include "domain/news/news.hpp"
#include "text/normalize.hpp"
#include "text/utf8.hpp"

namespace gonghui::news {
namespace {

// A summary is the first paragraph up to this many characters, cut with "…" when longer.
constexpr size_t kSummaryChars = 100;

bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\r' || c == U'\f' || c == U'\v' || c == 0x3000 ||
         c == 0xA0 || c == 0xFEFF;
}

// The non-empty lines of the text, white space (ideographic included) trimmed at both ends.
std::vector<std::u32string> paragraphs_of(std::string_view text) {
  std::vector<std::u32string> out;
  const std::u32string all = text::to_utf32(text);
  size_t start = 0;
  while (start <= all.size()) {
    size_t end = all.find(U'\n', start);
    if (end == std::u32string::npos) end = all.size();
    size_t first = start, last = end;
    while (first < last && is_space(all[first])) ++first;
    while (last > first && is_space(all[last - 1])) --last;
    if (last > first) out.push_back(all.substr(first, last - first));
    start = end + 1;
  }
  return out;
}

// A first line that reads as a heading: short, and not a sentence.
bool is_title(const std::u32string& line) {
  return line.size() <= kMaxTitleChars && line.find_first_of(U"。！？") == std::u32string::npos;
}

// The paragraph as Markdown that renders as exactly this text: ASCII punctuation Markdown
// reads as markup is escaped, and so is what would start a heading, quote or list.
std::string as_markdown(const std::u32string& paragraph) {
  std::string out;
  size_t digits = 0;
  while (digits < paragraph.size() && paragraph[digits] >= U'0' && paragraph[digits] <= U'9') {
    ++digits;
  }
  for (size_t i = 0; i < paragraph.size(); ++i) {
    const char32_t c = paragraph[i];
    const bool markup = c == U'\\' || c == U'`' || c == U'*' || c == U'_' || c == U'[' ||
                        c == U']' || c == U'<' || c == U'>' || c == U'&';
    const bool opens_block = i == 0 && (c == U'#' || c == U'-' || c == U'+' || c == U'=');
    const bool ends_number = i == digits && digits > 0 && (c == U'.' || c == U')');
    if (markup || opens_block || ends_number) out += '\\';
    text::append_utf8(out, c);
  }
  return out;
}

std::string summary_of(const std::u32string& paragraph) {
  if (paragraph.size() <= kSummaryChars) return text::to_utf8(paragraph);
  return text::to_utf8(std::u32string_view(paragraph).substr(0, kSummaryChars)) + "…";
}

}  // namespace

Result<ImportedText> import_text(std::string_view text, bool simplify, bool strip_pinyin) {
  if (text.size() > kMaxImportBytes) {
    return Error::invalid("text", "too_long", "paste at most 200,000 bytes");
  }
  const std::string valid = json::to_valid_utf8(text);
  ImportedText out;
  const std::string stripped = text::strip_pinyin_annotations(valid);
  out.had_pinyin = stripped != valid;
  out.had_traditional = text::to_simplified(stripped) != stripped;
  std::string cleaned = strip_pinyin ? stripped : valid;
  if (simplify) cleaned = text::to_simplified(cleaned);
  std::vector<std::u32string> paragraphs = paragraphs_of(cleaned);
  if (paragraphs.empty()) {
    return Error::invalid("text", "required", "paste the text to import");
  }
  size_t first = 0;
  if (is_title(paragraphs[0])) {
    out.title = text::to_utf8(paragraphs[0]);
    first = 1;
  }
  for (size_t i = first; i < paragraphs.size(); ++i) {
    if (!out.body.empty()) out.body += "\n\n";
    out.body += as_markdown(paragraphs[i]);
  }
  if (first < paragraphs.size()) {
    out.summary = summary_of(paragraphs[first]);
  }
  return out;
}

}  // namespace gonghui::news
