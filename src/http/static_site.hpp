// Serves the built web app (web/dist) from memory: content types, gzip, long-lived caching
// for hashed assets, and fallback to each front end's index.html for client-side routes.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/message.hpp"

namespace gonghui::http {

// The Content-Security-Policy of every page: scripts, styles, fonts and requests only from
// this origin (styles may also be inline: the UI libraries set style attributes), images
// also as data: and blob: URLs (QR codes, photo previews), workers also from blob: URLs (the
// spreadsheet reader unzips a large roster in one), no plugins, no framing.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "media-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'";

class StaticSite {
 public:
  // Loads every file under root. A missing root gives an empty site that answers a short
  // page saying the web app was not built.
  explicit StaticSite(const std::string& root);

  // Answers a GET/HEAD for a non-API path, with the page security headers
  // (kContentSecurityPolicy, X-Frame-Options DENY, nosniff, Referrer-Policy).
  Response serve(const Request& request) const;
  size_t file_count() const { return files_.size(); }

  // Lets pages also load images from source (a CSP host-source such as https://*.example.com):
  // the configured map tiles.
  void allow_images_from(std::string_view source);

  // Markup for the <head> of a client-side route of the member H5 (share previews of campaign
  // and merchant pages): it replaces index.html's <title>. Empty for the plain page. Called
  // on the server's worker threads, so it may read the database.
  using HeadMarkup = std::function<std::string(const Request&)>;
  void set_head_markup(HeadMarkup markup) { head_markup_ = std::move(markup); }

 private:
  struct File {
    std::string content;
    std::string gzipped;  // empty when compression does not pay
    std::string content_type;
    std::string etag;
    bool immutable = false;  // content-hashed asset
  };
  Response serve_file(const Request& request) const;
  const File* find(const std::string& path) const;
  Response respond(const Request& request, const File& file, int status) const;
  static Response not_built();
  Response with_head(const Request& request, const File& index, const std::string& markup) const;

  std::unordered_map<std::string, File> files_;  // key: URL path, e.g. "/admin/index.html"
  HeadMarkup head_markup_;
  std::string policy_{kContentSecurityPolicy};
};

// Compresses with gzip (zlib, best compression). Exposed for tests.
std::string gzip(std::string_view data);

}  // namespace gonghui::http
