// Markdown for articles written by union staff, rendered to HTML with cmark (CommonMark) in
// its safe mode, so that what an author types can never become markup or script on a page.
#pragma once

#include <string>
#include <string_view>

namespace gonghui::text {

// Renders CommonMark to an HTML fragment. Safe: raw HTML blocks and inline HTML are dropped
// (cmark writes a `<!-- raw HTML omitted -->` comment instead), and links or images whose
// address uses javascript:, vbscript:, file: or data: (other than data:image/png, gif, jpeg,
// webp) get an empty address; all text is escaped. A single line break inside a paragraph
// stays a line break (<br />), as pasted Chinese text expects. Malformed UTF-8 becomes U+FFFD.
std::string render_markdown(std::string_view markdown);

// The text of a Markdown document without its markup, for search and summaries: paragraphs
// joined by one space, images and raw HTML dropped, link texts kept.
std::string markdown_text(std::string_view markdown);

}  // namespace gonghui::text
