// cmark renders and walks the document; this file only chooses its options.
#include "text/markdown.hpp"

#include <cmark.h>

#include <cstdlib>
#include <memory>

namespace gonghui::text {
namespace {

// CMARK_OPT_UNSAFE is absent, so raw HTML and dangerous URLs are dropped.
constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_HARDBREAKS;

struct NodeFree {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct IterFree {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};

void append_separated(std::string& out, std::string_view text) {
  if (text.empty()) return;
  if (!out.empty() && out.back() != ' ') out += ' ';
  out += text;
}

}  // namespace

std::string render_markdown(std::string_view markdown) {
  char* html = cmark_markdown_to_html(markdown.data(), markdown.size(), kOptions);
  std::string out = html == nullptr ? std::string() : std::string(html);
  std::free(html);
  return out;
}

std::string markdown_text(std::string_view markdown) {
  std::unique_ptr<cmark_node, NodeFree> document(
      cmark_parse_document(markdown.data(), markdown.size(), kOptions));
  if (!document) return {};
  std::unique_ptr<cmark_iter, IterFree> iter(cmark_iter_new(document.get()));
  std::string out;
  int inside_image = 0;
  for (cmark_event_type event = cmark_iter_next(iter.get()); event != CMARK_EVENT_DONE;
       event = cmark_iter_next(iter.get())) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    const cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_IMAGE) {
      inside_image += event == CMARK_EVENT_ENTER ? 1 : -1;
      continue;
    }
    if (event != CMARK_EVENT_ENTER || inside_image > 0) continue;
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
      const char* literal = cmark_node_get_literal(node);
      if (literal != nullptr) out += literal;
    } else if (type == CMARK_NODE_CODE_BLOCK) {
      const char* literal = cmark_node_get_literal(node);
      if (literal != nullptr) append_separated(out, literal);
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK ||
               type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  return out;
}

}  // namespace gonghui::text
