// docs/openapi.yaml must describe exactly the routes the router serves, with their access.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "app/app.hpp"

namespace gonghui::api {
namespace {

// Reads "path → method → x-access" from our own openapi.yaml layout: paths at two spaces,
// methods at four, x-access at six.
std::map<std::string, std::string> documented_operations() {
  std::ifstream in(std::string(GONGHUI_SOURCE_DIR) + "/docs/openapi.yaml");
  std::map<std::string, std::string> out;
  std::string line, path, method;
  const std::regex path_line(R"(^  (/\S+):\s*$)");
  const std::regex method_line(R"(^    (get|post|put|patch|delete):\s*$)");
  const std::regex access_line(R"(^      x-access:\s*(.+?)\s*$)");
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, path_line)) {
      path = m[1];
    } else if (std::regex_match(line, m, method_line)) {
      method = m[1];
      for (char& c : method) c = static_cast<char>(std::toupper(c));
      out[method + " " + path] = "";
    } else if (std::regex_match(line, m, access_line) && !method.empty()) {
      std::string access = m[1];
      access.erase(std::remove(access.begin(), access.end(), ' '), access.end());
      out[method + " " + path] = access;
    }
  }
  return out;
}

TEST(OpenApiTest, DocumentsEveryRouteWithItsAccess) {
  app::App application;
  http::Router router;
  app::register_routes(router, application);
  const auto documented = documented_operations();
  ASSERT_FALSE(documented.empty());
  std::set<std::string> served;
  for (const auto& route : router.routes()) {
    const std::string key = route.method + " " + route.pattern;
    served.insert(key);
    auto it = documented.find(key);
    EXPECT_NE(it, documented.end()) << key << " is served but not in docs/openapi.yaml";
    if (it != documented.end()) {
      EXPECT_EQ(it->second, route.access.describe()) << "x-access of " << key;
    }
  }
  for (const auto& [key, access] : documented) {
    EXPECT_TRUE(served.count(key)) << key << " is documented but not served";
  }
}

}  // namespace
}  // namespace gonghui::api
