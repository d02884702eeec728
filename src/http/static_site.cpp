// Static web app serving with precompressed in-memory files.
#include "http/static_site.hpp"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace gonghui::http {
namespace {

namespace fs = std::filesystem;

std::string content_type_for(const std::string& extension) {
  static const std::unordered_map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".gif", "image/gif"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  };
  auto it = types.find(extension);
  return it == types.end() ? "application/octet-stream" : it->second;
}

bool compressible(const std::string& type) {
  return type.rfind("text/", 0) == 0 || type.find("json") != std::string::npos ||
         type.find("svg") != std::string::npos;
}

bool accepts_gzip(const Request& request) {
  auto value = request.header("accept-encoding");
  return value && value->find("gzip") != std::string_view::npos;
}

}  // namespace

std::string gzip(std::string_view data) {
  z_stream stream{};
  // windowBits 15 + 16 asks zlib for a gzip wrapper.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return {};
  }
  std::string out;
  out.resize(deflateBound(&stream, data.size()));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return rc == Z_STREAM_END ? out : std::string{};
}

StaticSite::StaticSite(const std::string& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    return;
  }
  for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
    if (!entry.is_regular_file()) {
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    File file;
    file.content = buffer.str();
    file.content_type = content_type_for(entry.path().extension().string());
    const std::string relative = fs::relative(entry.path(), root).generic_string();
    file.immutable = relative.rfind("assets/", 0) == 0;
    if (compressible(file.content_type) && file.content.size() > 512) {
      std::string packed = gzip(file.content);
      if (!packed.empty() && packed.size() < file.content.size()) {
        file.gzipped = std::move(packed);
      }
    }
    file.etag = "\"" + std::to_string(std::hash<std::string>{}(file.content)) + "\"";
    files_.emplace("/" + relative, std::move(file));
  }
}

const StaticSite::File* StaticSite::find(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

Response StaticSite::respond(const Request& request, const File& file, int status) const {
  Response response;
  response.status = status;
  response.content_type = file.content_type;
  response.set_header("Cache-Control",
                      file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.set_header("ETag", file.etag);
  response.set_header("Vary", "Accept-Encoding");
  auto if_none_match = request.header("if-none-match");
  if (status == 200 && if_none_match && *if_none_match == file.etag) {
    response.status = 304;
    return response;
  }
  if (!file.gzipped.empty() && accepts_gzip(request)) {
    response.set_header("Content-Encoding", "gzip");
    response.body = file.gzipped;
  } else {
    response.body = file.content;
  }
  return response;
}

// Every page is sent with these: only this origin's scripts run (the built app has no inline
// script), no site may frame it (clickjacking the consoles), and other sites are told only
// this origin, never a page's path and query.
namespace {
void add_page_policy(Response& response, const std::string& policy) {
  response.set_header("Content-Security-Policy", policy);
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
}
}  // namespace

Response StaticSite::serve(const Request& request) const {
  Response response = serve_file(request);
  add_page_policy(response, policy_);
  return response;
}

void StaticSite::allow_images_from(std::string_view source) {
  constexpr std::string_view kImages = "img-src 'self' data: blob:";
  const size_t at = policy_.find(kImages);
  if (source.empty() || at == std::string::npos) return;
  policy_.insert(at + kImages.size(), " " + std::string(source));
}

Response StaticSite::serve_file(const Request& request) const {
  std::string path = request.path;
  if (path.find("..") != std::string::npos) {
    return Response::error(Error::not_found("file"));
  }
  if (!path.empty() && path.back() == '/') {
    path += "index.html";
  }
  if (const File* file = find(path)) {
    return respond(request, *file, 200);
  }
  if (files_.empty()) {
    return not_built();
  }
  // "/admin" → "/admin/" when that front end exists (admin, merchant, verify, …).
  if (path.find('/', 1) == std::string::npos && find(path + "/index.html")) {
    Response redirect;
    redirect.status = 308;
    redirect.set_header("Location", path + "/");
    return redirect;
  }
  // A path whose last segment has an extension names a file that is not there.
  const std::string last = path.substr(path.rfind('/') + 1);
  if (last.find('.') != std::string::npos) {
    Response response;
    response.status = 404;
    response.content_type = "text/plain; charset=utf-8";
    response.body = "not found\n";
    return response;
  }
  // Client-side routes of each front end fall back to that front end's index.html: the
  // one in the path's first folder if there is one, else the member H5's.
  const size_t second_slash = path.find('/', 1);
  const File* app_index = second_slash == std::string::npos
                              ? nullptr
                              : find(path.substr(0, second_slash) + "/index.html");
  if (app_index) {
    return respond(request, *app_index, 200);
  }
  if (const File* file = find("/index.html")) {
    if (head_markup_) {
      if (const std::string markup = head_markup_(request); !markup.empty()) {
        return with_head(request, *file, markup);
      }
    }
    return respond(request, *file, 200);
  }
  return not_built();
}

Response StaticSite::with_head(const Request& request, const File& index,
                               const std::string& markup) const {
  std::string page = index.content;
  const size_t title = page.find("<title>");
  const size_t title_end = title == std::string::npos ? title : page.find("</title>", title);
  if (title_end != std::string::npos) {
    page.replace(title, title_end + 8 - title, markup);
  } else if (const size_t head = page.find("</head>"); head != std::string::npos) {
    page.insert(head, markup);
  }
  Response response;
  response.content_type = index.content_type;
  response.set_header("Cache-Control", "no-cache");
  response.set_header("Vary", "Accept-Encoding");
  std::string packed = accepts_gzip(request) ? gzip(page) : std::string();
  if (!packed.empty()) {
    response.set_header("Content-Encoding", "gzip");
    response.body = std::move(packed);
  } else {
    response.body = std::move(page);
  }
  return response;
}

Response StaticSite::not_built() {
  Response response;
  response.status = 404;
  response.content_type = "text/html; charset=utf-8";
  response.body =
      "<!doctype html><meta charset=utf-8><title>gonghui</title>"
      "<p>The web app is not built. Run <code>make run</code>, or <code>npm run build</code> "
      "in web/.</p>";
  return response;
}

}  // namespace gonghui::http
