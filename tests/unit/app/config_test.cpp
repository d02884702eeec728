#include "app/config.hpp"

#include "app/app.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace gonghui::app {
namespace {

TEST(ConfigTest, FlagsOverrideEnvironmentOverrideFile) {
  const auto path = std::filesystem::temp_directory_path() / "gonghui_config_test.json";
  std::ofstream(path) << R"({"listen":"0.0.0.0:9000","workers":8,"access_log":false})";
  setenv("GONGHUI_WORKERS", "12", 1);
  Config config;
  ASSERT_TRUE(load_config({"--config", path.string(), "--listen", "127.0.0.1:9100"}, config));
  unsetenv("GONGHUI_WORKERS");
  EXPECT_EQ(config.listen, "127.0.0.1:9100");
  EXPECT_EQ(config.workers, 12);
  EXPECT_FALSE(config.access_log);
  std::filesystem::remove(path);
}

TEST(ConfigTest, PortEnvironmentSetsListenPort) {
  setenv("PORT", "9123", 1);
  Config config;
  ASSERT_TRUE(load_config({}, config));
  unsetenv("PORT");
  EXPECT_EQ(config.listen, "127.0.0.1:9123");
}

TEST(ConfigTest, UnknownFlagsAndBadNumbersAreErrorsNamingThem) {
  Config config;
  Status unknown = load_config({"--colour", "red"}, config);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("--colour"), std::string::npos);
  Status bad = load_config({"--workers", "many"}, config);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "workers");
}

TEST(ConfigTest, SwitchesTakeAFollowingTrueOrFalse) {
  Config config;
  ASSERT_TRUE(load_config({"--access-log", "false", "--production"}, config));
  EXPECT_FALSE(config.access_log);
  EXPECT_TRUE(config.production);
  ASSERT_TRUE(load_config({"--access-log", "1", "--trust-proxy", "0"}, config));
  EXPECT_TRUE(config.access_log);
  EXPECT_FALSE(config.trust_proxy);
  ASSERT_TRUE(load_config({"--access-log=no"}, config));
  EXPECT_FALSE(config.access_log);
  // Anything else after a switch is a separate argument, not its value.
  std::vector<std::string> positional;
  ASSERT_TRUE(load_config({"--production", "create"}, config, &positional));
  EXPECT_EQ(positional, std::vector<std::string>{"create"});
}

TEST(ConfigTest, TheSecretsFileIsNoLongerAnOption) {
  // Server keys live in the database (server_keys), shared by every instance and in backups.
  Config config;
  EXPECT_FALSE(load_config({"--secrets-file", "/tmp/x.json"}, config).ok());
  EXPECT_TRUE(config.web_root.empty());
}

}  // namespace
}  // namespace gonghui::app

namespace gonghui::app {
namespace {

TEST(ConfigTest, SmsSecretComesFromTheEnvironmentNeverAFlag) {
  Config config;
  auto flag = load_config({"--sms-key-secret", "s3cret"}, config);
  ASSERT_FALSE(flag.ok());
  EXPECT_EQ(flag.error().message.find("s3cret"), std::string::npos);
  ::setenv("GONGHUI_SMS_KEY_SECRET", "from-env", 1);
  ASSERT_TRUE(load_config({"--sms-provider", "aliyun", "--sms-key-id", "id"}, config));
  ::unsetenv("GONGHUI_SMS_KEY_SECRET");
  EXPECT_EQ(config.sms_key_secret, "from-env");
  EXPECT_EQ(config.sms_provider, "aliyun");
}

TEST(ConfigTest, SmsSecretFileIsRead) {
  const auto path = std::filesystem::temp_directory_path() / "gonghui-sms-secret-test";
  std::ofstream(path) << "file-secret\n";
  Config config;
  config.sms_key_secret_file = path.string();
  EXPECT_EQ(sms_provider_config(config).key_secret, "file-secret");
  std::filesystem::remove(path);
}

TEST(ConfigTest, MapTilesDefaultToAMapAndOnlyGcj02OrWgs84) {
  Config config;
  ASSERT_TRUE(load_config({}, config));
  EXPECT_EQ(config.map_tiles_crs, "gcj02");
  EXPECT_EQ(map_tiles_image_source(config), "https://*.is.autonavi.com");
  Status baidu = load_config({"--map-tiles-crs", "bd09"}, config);
  ASSERT_FALSE(baidu.ok());
  EXPECT_EQ(baidu.error().field, "map_tiles_crs");
  Config osm;
  ASSERT_TRUE(load_config(
      {"--map-tiles", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "--map-tiles-crs", "wgs84"},
      osm));
  EXPECT_EQ(map_tiles_image_source(osm), "https://tile.openstreetmap.org");
  osm.map_tiles = "javascript:alert(1)";
  EXPECT_EQ(map_tiles_image_source(osm), "");
  osm.map_tiles = "https://a.b{s}.example.com/{z}";  // {s} beyond the first label
  EXPECT_EQ(map_tiles_image_source(osm), "");
}

}  // namespace
}  // namespace gonghui::app
