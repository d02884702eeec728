#include "http/static_site.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

namespace gonghui::http {
namespace {

namespace fs = std::filesystem;

std::string gunzip(const std::string& data) {
  z_stream stream{};
  inflateInit2(&stream, 15 + 16);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

std::string header(const Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

class StaticSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("gonghui_site_" + std::to_string(::getpid()));
    fs::create_directories(root_ / "assets");
    fs::create_directories(root_ / "admin");
    std::ofstream(root_ / "index.html") << "<html>member</html>";
    std::ofstream(root_ / "admin" / "index.html") << "<html>admin</html>";
    std::ofstream(root_ / "assets" / "app-3f2a.js") << std::string(4000, 'x');
  }
  void TearDown() override { fs::remove_all(root_); }
  Request get(std::string path, bool gzip = false) {
    Request request;
    request.method = "GET";
    request.path = std::move(path);
    if (gzip) {
      request.headers.emplace_back("accept-encoding", "gzip, br");
    }
    return request;
  }
  fs::path root_;
};

TEST_F(StaticSiteTest, HashedAssetsAreImmutableAndGzipped) {
  StaticSite site(root_.string());
  Response response = site.serve(get("/assets/app-3f2a.js", true));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(response, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(response, "Content-Encoding"), "gzip");
  EXPECT_EQ(gunzip(response.body), std::string(4000, 'x'));
  Response plain = site.serve(get("/assets/app-3f2a.js"));
  EXPECT_EQ(plain.body.size(), 4000u);
}

TEST_F(StaticSiteTest, ClientRoutesFallBackToTheirFrontEnd) {
  StaticSite site(root_.string());
  EXPECT_EQ(site.serve(get("/")).body, "<html>member</html>");
  EXPECT_EQ(site.serve(get("/vouchers/12")).body, "<html>member</html>");
  EXPECT_EQ(site.serve(get("/admin/members/5")).body, "<html>admin</html>");
  EXPECT_EQ(header(site.serve(get("/")), "Cache-Control"), "no-cache");
  EXPECT_EQ(site.serve(get("/assets/missing.js")).status, 404);
  EXPECT_EQ(site.serve(get("/admin")).status, 308);
}

TEST_F(StaticSiteTest, EtagAnswers304) {
  StaticSite site(root_.string());
  const std::string etag = header(site.serve(get("/")), "ETag");
  Request again = get("/");
  again.headers.emplace_back("if-none-match", etag);
  EXPECT_EQ(site.serve(again).status, 304);
}

}  // namespace
}  // namespace gonghui::http
