// Server configuration: defaults, then a JSON config file, then GONGHUI_* environment
// variables, then command-line flags; each later source overrides the earlier.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace gonghui::app {

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string db = "sqlite:data/gonghui.db";
  int64_t db_pool_size = 16;  // PostgreSQL connections per instance, at most
  std::string web_root;  // empty: found beside the binary (cli::find_web_root); "none": API only
  std::string data_dir = "data";  // this instance's cache of photo files
  int64_t io_threads = 2;
  int64_t workers = 64;
  int64_t max_in_flight = 2048;
  int64_t queue_timeout_ms = 1000;
  int64_t max_connections = 10000;
  int64_t body_limit_bytes = 6 << 20;  // photos may be 5 MiB
  int64_t header_limit_bytes = 16 * 1024;
  int64_t read_timeout_ms = 30000;
  int64_t shutdown_grace_ms = 10000;
  int64_t drain_ms = 0;      // at a stop, serve with Connection: close this long first
  int64_t instance_id = -1;  // -1: the next number from a counter in the database
  int64_t session_ttl_hours = 24 * 7;
  bool access_log = true;
  bool production = false;    // refuses demo accounts
  bool trust_proxy = false;   // take the client address from X-Forwarded-For
  std::string metrics_token;  // bearer token a Prometheus scraper sends to GET /metrics
  // Abuse limits (docs/security.md).
  int64_t anonymous_writes_per_hour = 20;  // per client address and public write route
  int64_t uploads_per_account_per_day = 200;
  int64_t uploads_per_day = 5000;   // photos, all uploaders together
  int64_t max_password_hashes = 2;  // Argon2id hashes at once (64 MiB each)
  int64_t sms_codes_per_address_per_hour = 20;
  // Text messages (docs/deploy.md "Configuring SMS").
  std::string sms_provider = "log";  // log | aliyun | tencent
  std::string sms_key_id;
  std::string sms_key_secret;  // from the environment or a file only, never a flag
  std::string sms_key_secret_file;
  std::string sms_sign_name;
  std::string sms_templates;         // kind=CODE,kind=CODE
  std::string sms_app_id;            // Tencent SmsSdkAppId
  std::string sms_region;            // Tencent region (default ap-guangzhou)
  std::string sms_endpoint;          // override of the vendor's https URL (tests)
  std::string sms_ca_file;           // extra CA certificate to trust for the endpoint (tests)
  int64_t message_sweep_ms = 60000;  // due reminders and warnings become messages this often
  int64_t news_sweep_ms = 10000;     // scheduled articles and profiles are published this often
  // Map tiles the web app draws station and job maps on (docs/deploy.md "Map tiles").
  std::string map_tiles =
      "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}"
      "&z={z}";
  std::string map_tiles_subdomains = "1234";  // each character one value of {s}
  std::string map_tiles_crs = "gcj02";        // gcj02 (AMap, Tencent) or wgs84 (OpenStreetMap)
  std::string map_tiles_attribution = "© 高德地图";
};

struct ConfigKey {
  std::string name;  // snake_case; flag --name-with-dashes, env GONGHUI_NAME
  std::string help;
};
const std::vector<ConfigKey>& config_keys();

// Parses args (after the command name) into config. Unknown flags are an error naming them.
// Leftover positional arguments are returned in `positional`.
// Reads `--config FILE` first, then the environment, then the other flags. `PORT` in the
// environment sets the port of `listen`.
Status load_config(const std::vector<std::string>& args, Config& config,
                   std::vector<std::string>* positional = nullptr);

std::string config_help();

// The CSP host-source map tile images come from: the scheme and host of config.map_tiles, a
// first label holding {s} widened to * (https://webrd0{s}.is.autonavi.com →
// https://*.is.autonavi.com). Empty for a template that is not an http(s) URL.
std::string map_tiles_image_source(const Config& config);

}  // namespace gonghui::app
