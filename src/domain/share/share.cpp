// Share previews of campaign and merchant pages.
#include "domain/share/share.hpp"

#include <charconv>

#include "store/columns.hpp"

namespace gonghui::share {
namespace {

// The id after `prefix` in a path such as "/campaigns/123" (a trailing slash allowed).
std::optional<int64_t> id_after(std::string_view path, std::string_view prefix) {
  if (!path.starts_with(prefix)) return std::nullopt;
  std::string_view rest = path.substr(prefix.size());
  if (rest.ends_with('/')) rest.remove_suffix(1);
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), id);
  if (ec != std::errc() || end != rest.data() + rest.size() || rest.empty() || id <= 0) {
    return std::nullopt;
  }
  return id;
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string summary(std::string_view text, size_t max_chars) {
  std::string out;
  size_t chars = 0;
  bool space = false;
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    const size_t width = lead < 0x80    ? 1
                         : lead >= 0xF0 ? 4
                         : lead >= 0xE0 ? 3
                         : lead >= 0xC0 ? 2
                                        : 1;
    if (lead == ' ' || lead == '\n' || lead == '\r' || lead == '\t') {
      space = !out.empty();
      ++i;
      continue;
    }
    if (chars == max_chars) {
      out += "…";
      break;
    }
    if (space) {
      out += ' ';
      space = false;
      ++chars;
    }
    out += text.substr(i, width);
    ++chars;
    i += width;
  }
  return out;
}

Result<std::optional<SharePage>> page_at(store::Tx& tx, std::string_view path) {
  std::optional<int64_t> id;
  store::Rows rows;
  if ((id = id_after(path, "/campaigns/"))) {
    GH_ASSIGN(rows, tx.query("SELECT title, description, photo_ids FROM campaigns "
                             "WHERE id = ? AND status IN ('published', 'drawn')",
                             {*id}));
  } else if ((id = id_after(path, "/merchants/"))) {
    GH_ASSIGN(rows, tx.query("SELECT name, description, photo_ids FROM merchants "
                             "WHERE id = ? AND suspended = 0",
                             {*id}));
  }
  if (rows.empty()) {
    return std::optional<SharePage>();
  }
  SharePage page;
  page.title = std::string(rows[0].text(0));
  page.description = summary(rows[0].text(1), 80);
  const std::vector<int64_t> photos = store::split_ids(rows[0].text(2));
  page.photo_id = photos.empty() ? 0 : photos.front();
  return std::optional<SharePage>(std::move(page));
}

std::string head_markup(const SharePage& page, std::string_view page_url,
                        std::string_view image_url) {
  const std::string title = escape_html(page.title), description = escape_html(page.description),
                    url = escape_html(page_url), image = escape_html(image_url);
  auto meta = [](std::string_view attribute, std::string_view name, const std::string& value) {
    return "<meta " + std::string(attribute) + "=\"" + std::string(name) + "\" content=\"" + value +
           "\" />\n";
  };
  return "<title>" + title + "</title>\n" + meta("name", "description", description) +
         meta("property", "og:type", "website") + meta("property", "og:title", title) +
         meta("property", "og:description", description) + meta("property", "og:image", image) +
         meta("property", "og:url", url) + meta("itemprop", "name", title) +
         meta("itemprop", "description", description) + meta("itemprop", "image", image);
}

}  // namespace gonghui::share
