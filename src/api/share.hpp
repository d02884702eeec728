// Share previews and QR codes of member pages (see domain/share).
#pragma once

#include <string>

#include "http/message.hpp"

namespace gonghui::app {
struct App;
}

namespace gonghui::api {

// The <head> markup of a shared campaign or merchant page for StaticSite::set_head_markup;
// empty for any other path, an unknown or unlisted id, or when the database cannot answer.
std::string share_head(app::App& app, const http::Request& request);

// "https://host" of the request, from its Host header (a trusted proxy's X-Forwarded-Proto
// sets https); a Host with anything but name characters is replaced by "localhost".
std::string origin_of(const http::Request& request);

}  // namespace gonghui::api
