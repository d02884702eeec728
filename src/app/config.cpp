// Layered configuration from defaults, file, environment and flags.
#include "app/config.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/json.hpp"

namespace gonghui::app {
namespace {

struct Binding {
  const char* name;
  const char* help;
  std::string Config::*text = nullptr;
  int64_t Config::*number = nullptr;
  bool Config::*flag = nullptr;
  bool secret = false;  // refused on the command line, where `ps` would show it
};

const std::vector<Binding>& bindings() {
  static const std::vector<Binding> all = {
      {"listen", "address:port to listen on", &Config::listen},
      {"db", "database URL: sqlite:FILE or postgresql://…", &Config::db},
      {"db_pool_size", "PostgreSQL connections this instance opens at most", nullptr,
       &Config::db_pool_size},
      {"web_root",
       "folder of the built web app (default: ../share/gonghui/web beside the binary, else "
       "the checkout's web/dist; none: serve the API only)",
       &Config::web_root},
      {"data_dir", "folder for this instance's cache of photo files (nothing to back up)",
       &Config::data_dir},
      {"io_threads", "threads doing socket I/O", nullptr, &Config::io_threads},
      {"workers", "threads running request handlers", nullptr, &Config::workers},
      {"max_in_flight", "requests in progress before 503 overloaded", nullptr,
       &Config::max_in_flight},
      {"queue_timeout_ms", "longest wait for a worker before 503 overloaded", nullptr,
       &Config::queue_timeout_ms},
      {"max_connections", "open connections before 503 (kept under the fd limit)", nullptr,
       &Config::max_connections},
      {"metrics_token", "bearer token for GET /metrics (else platform admins only)",
       &Config::metrics_token},
      {"body_limit_bytes", "largest request body", nullptr, &Config::body_limit_bytes},
      {"header_limit_bytes", "largest request line plus headers", nullptr,
       &Config::header_limit_bytes},
      {"read_timeout_ms", "time allowed for a request to arrive", nullptr,
       &Config::read_timeout_ms},
      {"shutdown_grace_ms", "time in-flight requests get at shutdown", nullptr,
       &Config::shutdown_grace_ms},
      {"drain_ms",
       "at a stop, first report not ready and close connections after each answer this long "
       "(ends early once no connection is open)",
       nullptr, &Config::drain_ms},
      {"instance_id", "0-1023, unique per instance on one database; -1: next from its counter",
       nullptr, &Config::instance_id},
      {"session_ttl_hours", "sign-in session lifetime", nullptr, &Config::session_ttl_hours},
      {"access_log", "write one JSON line per request", nullptr, nullptr, &Config::access_log},
      {"production", "refuse demo accounts", nullptr, nullptr, &Config::production},
      {"trust_proxy", "take the client address from X-Forwarded-For", nullptr, nullptr,
       &Config::trust_proxy},
      {"anonymous_writes_per_hour",
       "writes without sign-in per client address and route per hour (then 429)", nullptr,
       &Config::anonymous_writes_per_hour},
      {"uploads_per_account_per_day", "photo uploads per account per day (then 429)", nullptr,
       &Config::uploads_per_account_per_day},
      {"uploads_per_day", "photo uploads in total per day (then 429)", nullptr,
       &Config::uploads_per_day},
      {"max_password_hashes", "password hashes running at once (64 MiB each; then sign-ins wait)",
       nullptr, &Config::max_password_hashes},
      {"sms_codes_per_address_per_hour", "sign-in and reset codes asked for per client address",
       nullptr, &Config::sms_codes_per_address_per_hour},
      {"sms_provider", "where texts go: log (server log; default), aliyun or tencent",
       &Config::sms_provider},
      {"sms_key_id", "the SMS vendor's AccessKeyId (aliyun) or SecretId (tencent)",
       &Config::sms_key_id},
      {"sms_key_secret", "the SMS vendor's secret (environment or config file only)",
       &Config::sms_key_secret, nullptr, nullptr, true},
      {"sms_key_secret_file", "file holding the SMS vendor's secret", &Config::sms_key_secret_file},
      {"sms_sign_name", "the approved SMS signature (签名), e.g. 工会服务", &Config::sms_sign_name},
      {"sms_templates",
       "approved template per text kind: sign_in=CODE,reset_password=CODE,booking_reminder=CODE",
       &Config::sms_templates},
      {"sms_app_id", "Tencent SmsSdkAppId", &Config::sms_app_id},
      {"sms_region", "Tencent region (default ap-guangzhou)", &Config::sms_region},
      {"sms_endpoint", "https URL replacing the vendor's (tests)", &Config::sms_endpoint},
      {"sms_ca_file", "extra CA certificate (PEM) trusted for the SMS endpoint (tests)",
       &Config::sms_ca_file},
      {"message_sweep_ms",
       "how often reminders and expiry warnings that are due are posted as messages (ms)", nullptr,
       &Config::message_sweep_ms},
      {"news_sweep_ms",
       "how often scheduled news articles and model-worker profiles that are due are published "
       "(ms, at least 100)",
       nullptr, &Config::news_sweep_ms},
      {"map_tiles", "map tile URL template with {x} {y} {z} and optionally {s} (default AMap)",
       &Config::map_tiles},
      {"map_tiles_subdomains", "the values of {s} in map_tiles, one character each",
       &Config::map_tiles_subdomains},
      {"map_tiles_crs", "coordinates the map tiles are drawn in: gcj02 (AMap, Tencent) or wgs84",
       &Config::map_tiles_crs},
      {"map_tiles_attribution", "the map tiles' credit line shown on maps",
       &Config::map_tiles_attribution},
  };
  return all;
}

const Binding* find_binding(std::string_view name) {
  for (const Binding& binding : bindings()) {
    if (name == binding.name) {
      return &binding;
    }
  }
  return nullptr;
}

Status assign(Config& config, const Binding& binding, std::string_view value,
              std::string_view source) {
  if (binding.text) {
    config.*binding.text = std::string(value);
    return Status::Ok();
  }
  if (binding.number) {
    int64_t n = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc{} || ptr != value.data() + value.size()) {
      return Error::invalid(binding.name, "invalid_config",
                            std::string(source) + ": " + binding.name + " must be a number");
    }
    config.*binding.number = n;
    return Status::Ok();
  }
  if (value == "true" || value == "1" || value == "yes" || value.empty()) {
    config.*binding.flag = true;
  } else if (value == "false" || value == "0" || value == "no") {
    config.*binding.flag = false;
  } else {
    return Error::invalid(binding.name, "invalid_config",
                          std::string(source) + ": " + binding.name + " must be true or false");
  }
  return Status::Ok();
}

Status load_file(const std::string& path, Config& config) {
  std::ifstream in(path);
  if (!in) {
    return Error::invalid("config", "invalid_config", "cannot read config file " + path);
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto parsed = json::parse(buffer.str());
  if (!parsed.ok() || !parsed->is_object()) {
    return Error::invalid("config", "invalid_config", path + " is not a JSON object");
  }
  for (const auto& [key, value] : parsed->get_object()) {
    const Binding* binding = find_binding(key);
    if (binding == nullptr) {
      return Error::invalid(std::string(key), "invalid_config",
                            path + ": unknown key " + std::string(key));
    }
    std::string text;
    if (value.is_string()) {
      text = std::string(value.get_string());
    } else if (value.is_bool()) {
      text = value.get_bool() ? "true" : "false";
    } else if (value.is_int64()) {
      text = std::to_string(value.get_int64());
    } else {
      return Error::invalid(std::string(key), "invalid_config",
                            path + ": " + std::string(key) + " has the wrong type");
    }
    GH_TRY(assign(config, *binding, text, path));
  }
  return Status::Ok();
}

std::string env_name(std::string_view name) {
  std::string out = "GONGHUI_";
  for (char c : name) {
    out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  return out;
}

bool is_switch_value(std::string_view value) {
  return value == "true" || value == "false" || value == "1" || value == "0" || value == "yes" ||
         value == "no";
}

std::string flag_to_key(std::string_view flag) {
  std::string key(flag);
  for (char& c : key) {
    if (c == '-') c = '_';
  }
  return key;
}

}  // namespace

const std::vector<ConfigKey>& config_keys() {
  static const std::vector<ConfigKey> keys = [] {
    std::vector<ConfigKey> out;
    for (const Binding& binding : bindings()) {
      out.push_back({binding.name, binding.help});
    }
    return out;
  }();
  return keys;
}

Status load_config(const std::vector<std::string>& args, Config& config,
                   std::vector<std::string>* positional) {
  // Split flags first so that --config is applied before the environment and other flags.
  std::vector<std::pair<std::string, std::string>> flags;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0) {
      if (positional == nullptr) {
        return Error::invalid(arg, "invalid_argument", "unexpected argument: " + arg);
      }
      positional->push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    const size_t eq = name.find('=');
    const std::string key = flag_to_key(eq == std::string::npos ? name : name.substr(0, eq));
    const Binding* binding = find_binding(key);
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
    } else if (binding && binding->flag) {
      // A switch alone means true; a following true/false/1/0/yes/no is its value.
      value = "true";
      if (i + 1 < args.size() && is_switch_value(args[i + 1])) {
        value = args[++i];
      }
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return Error::invalid(key, "invalid_argument", "--" + name + " needs a value");
    }
    if (key != "config" && binding == nullptr) {
      return Error::invalid(key, "invalid_argument", "unknown option --" + name);
    }
    if (binding != nullptr && binding->secret) {
      return Error::invalid(key, "invalid_argument",
                            "--" + name.substr(0, eq) + " is not taken on the command line; set " +
                                env_name(key) + " or --" + name.substr(0, eq) + "-file");
    }
    flags.emplace_back(key, value);
  }
  for (const auto& [key, value] : flags) {
    if (key == "config") {
      GH_TRY(load_file(value, config));
    }
  }
  for (const Binding& binding : bindings()) {
    if (const char* value = std::getenv(env_name(binding.name).c_str())) {
      GH_TRY(assign(config, binding, value, env_name(binding.name)));
    }
  }
  if (const char* port = std::getenv("PORT"); port && *port) {
    const size_t colon = config.listen.rfind(':');
    config.listen =
        (colon == std::string::npos ? config.listen : config.listen.substr(0, colon)) + ":" + port;
  }
  for (const auto& [key, value] : flags) {
    if (key != "config") {
      GH_TRY(assign(config, *find_binding(key), value, "--" + key));
    }
  }
  // BD-09 tiles (Baidu) use their own tile grid as well as shifted coordinates: not offered.
  if (config.map_tiles_crs != "gcj02" && config.map_tiles_crs != "wgs84") {
    return Error::invalid("map_tiles_crs", "invalid_config",
                          "map_tiles_crs must be gcj02 or wgs84");
  }
  return Status::Ok();
}

std::string config_help() {
  std::string out = "  --config FILE            JSON file of the keys below\n";
  for (const Binding& binding : bindings()) {
    std::string flag = std::string("--") + binding.name;
    for (char& c : flag) {
      if (c == '_') c = '-';
    }
    flag += binding.flag ? "" : " V";
    out += "  " + flag + std::string(flag.size() < 25 ? 25 - flag.size() : 1, ' ') + binding.help +
           " (env " + env_name(binding.name) + ")\n";
  }
  return out;
}

std::string map_tiles_image_source(const Config& config) {
  const std::string& url = config.map_tiles;
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return "";
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "https" && scheme != "http") return "";
  const size_t host_start = scheme_end + 3;
  std::string host = url.substr(host_start, url.find_first_of("/?#", host_start) - host_start);
  if (host.empty() || host.find_first_of(" ;,'\"") != std::string::npos) return "";
  const size_t dot = host.find('.');
  if (host.find('{') != std::string::npos) {
    if (dot == std::string::npos || host.find('{', dot) != std::string::npos) return "";
    host = "*" + host.substr(dot);
  }
  return scheme + "://" + host;
}

}  // namespace gonghui::app
