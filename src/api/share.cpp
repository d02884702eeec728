// Sharing a member page: the Open Graph head of campaign and merchant pages, and the QR code
// of a page's link for the share poster.
#include "api/share.hpp"

#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "domain/campaign/voucher.hpp"
#include "domain/share/share.hpp"

namespace gonghui::api {

std::string origin_of(const http::Request& request) {
  std::string host(request.header("host").value_or("localhost"));
  const bool plain = !host.empty() && host.size() <= 255 &&
                     host.find_first_not_of(
                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         "0123456789.-:[]") == std::string::npos;
  return std::string(request.https ? "https://" : "http://") + (plain ? host : "localhost");
}

namespace {

// A path of this site to share: "/" then up to 200 URL characters, no "//" start.
bool shareable_path(std::string_view path) {
  return !path.empty() && path.size() <= 200 && path[0] == '/' && !path.starts_with("//") &&
         path.find_first_not_of(
             "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
             "-._~/?=&%") == std::string_view::npos;
}

// GET /api/v1/share/qr.svg?path=/campaigns/1: the QR code of the page's absolute link.
http::Response share_qr(app::App&, http::Request& request) {
  const std::string path(request.query_param("path").value_or(""));
  if (!shareable_path(path)) {
    return error(Error::invalid("path", "invalid_path", "path must be a page of this site"));
  }
  GH_ASSIGN_OR_RENDER(std::string svg, campaign::qr_svg(origin_of(request) + path));
  http::Response response;
  response.content_type = "image/svg+xml";
  response.body = std::move(svg);
  response.set_header("Cache-Control", "public, max-age=3600");
  return response;
}

}  // namespace

std::string share_head(app::App& app, const http::Request& request) {
  Result<std::optional<share::SharePage>> page =
      read_value(*app.db, [&](store::Tx& tx) { return share::page_at(tx, request.path); });
  if (!page.ok() || !page->has_value()) {
    return {};
  }
  const std::string origin = origin_of(request);
  const share::SharePage& p = **page;
  const std::string image = p.photo_id != 0
                                ? origin + "/api/v1/photos/" + std::to_string(p.photo_id)
                                : origin + "/favicon.svg";
  return share::head_markup(p, origin + request.path, image);
}

void register_share(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/share/qr.svg", http::Access::public_route(), handle(app, share_qr));
}

}  // namespace gonghui::api
