// Serves the built web app (web/dist) from memory: content types, gzip, long-lived caching
// for hashed assets, and fallback to each front end's index.html for client-side routes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/message.hpp"

namespace gonghui::http {

class StaticSite {
 public:
  // Loads every file under root. A missing root gives an empty site that answers a short
  // page saying the web app was not built.
  explicit StaticSite(const std::string& root);

  // Answers a GET/HEAD for a non-API path.
  Response serve(const Request& request) const;
  size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string content;
    std::string gzipped;  // empty when compression does not pay
    std::string content_type;
    std::string etag;
    bool immutable = false;  // content-hashed asset
  };
  const File* find(const std::string& path) const;
  Response respond(const Request& request, const File& file, int status) const;
  static Response not_built();

  std::unordered_map<std::string, File> files_;  // key: URL path, e.g. "/admin/index.html"
};

// Compresses with gzip (zlib, best compression). Exposed for tests.
std::string gzip(std::string_view data);

}  // namespace gonghui::http
