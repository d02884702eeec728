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

}  // namespace gonghui::api
