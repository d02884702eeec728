// Share previews: what a campaign or merchant page shows when its link is pasted into WeChat
// (Open Graph and the itemprop meta WeChat reads), rendered by the server into the member
// app's index.html for those pages only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "store/db.hpp"

namespace gonghui::share {

struct SharePage {
  std::string title;
  std::string description;  // at most about 80 characters, on one line
  int64_t photo_id = 0;     // the page's first photo; 0 for none
};

// The public summary of a member path: "/campaigns/{id}" for a published or drawn campaign,
// "/merchants/{id}" for a signed merchant that is not suspended. nullopt for any other path
// and for an unknown, draft, cancelled or suspended one (their pages show nothing to share).
Result<std::optional<SharePage>> page_at(store::Tx& tx, std::string_view path);

// The <head> markup of a page: <title>, og:* and itemprop meta, every value HTML-escaped.
// `page_url` and `image_url` are absolute.
std::string head_markup(const SharePage& page, std::string_view page_url,
                        std::string_view image_url);

// Escapes & < > " ' for an HTML attribute or text.
std::string escape_html(std::string_view text);

// The first `max_chars` characters of UTF-8 text, whitespace runs made one space, with "…"
// when it was cut.
std::string summary(std::string_view text, size_t max_chars);

}  // namespace gonghui::share
