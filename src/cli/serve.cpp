// `gonghui serve` and `gonghui migrate`.
#include <filesystem>
#include <iostream>

#include "api/share.hpp"
#include "app/app.hpp"
#include "app/demo.hpp"
#include "cli/commands.hpp"
#include "cli/database_command.hpp"
#include "core/crypto.hpp"
#include "core/id.hpp"
#include "http/server.hpp"
#include "http/static_site.hpp"

namespace gonghui::cli {
namespace {

bool split_listen(const std::string& listen, std::string& host, uint16_t& port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return false;
  }
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") {
    host = "127.0.0.1";
  }
  try {
    const int value = std::stoi(listen.substr(colon + 1));
    if (value < 0 || value > 65535) {
      return false;
    }
    port = static_cast<uint16_t>(value);
  } catch (...) {
    return false;
  }
  return true;
}

namespace fs = std::filesystem;

bool has_web_app(const fs::path& root) {
  std::error_code ec;
  return fs::is_regular_file(root / "index.html", ec);
}

// The built web app when --web-root is not given: the package's /usr/share/gonghui/web
// beside /usr/bin/gonghui, then the checkout's web/dist beside build/<type>/gonghui.
// Sets `looked_in` to the folders tried; empty result when none holds index.html.
std::string find_web_root(std::string& looked_in) {
  std::error_code ec;
  const fs::path executable = fs::read_symlink("/proc/self/exe", ec);
  if (ec) {
    looked_in = "(the binary's own path is unknown)";
    return {};
  }
  const fs::path bin = executable.parent_path();
  for (const fs::path& candidate :
       {bin / ".." / "share" / "gonghui" / "web", bin / ".." / ".." / "web" / "dist"}) {
    const fs::path root = candidate.lexically_normal();
    looked_in += (looked_in.empty() ? "" : ", ") + root.string();
    if (has_web_app(root)) {
      return root.string();
    }
  }
  return {};
}

// Settles config.web_root: "none" stays (API only); empty is looked for beside the binary.
// False, with the reason on standard error, when there is no web app where it should be.
bool settle_web_root(app::Config& config) {
  if (config.web_root == "none") {
    return true;
  }
  if (config.web_root.empty()) {
    std::string looked_in;
    config.web_root = find_web_root(looked_in);
    if (config.web_root.empty()) {
      std::cerr << "gonghui serve: no built web app found (looked in " << looked_in
                << "). Build it (make web), name it with --web-root DIR, or start an API-only "
                   "instance with --web-root none.\n";
      return false;
    }
    return true;
  }
  if (!has_web_app(config.web_root)) {
    std::error_code ec;
    std::cerr << "gonghui serve: the web root " << config.web_root
              << (fs::is_directory(config.web_root, ec) ? " holds no index.html"
                                                        : " does not exist")
              << ". Build the web app (make web), name the folder holding it with --web-root, "
                 "or start an API-only instance with --web-root none.\n";
    return false;
  }
  return true;
}

}  // namespace

int serve(const Args& args) {
  if (wants_help(args)) {
    std::cout << "usage: gonghui serve [options]\n\nRuns the HTTP server: the JSON API under "
                 "/api/v1 and the web app.\nMigrations are applied at start-up.\n\noptions:\n"
              << app::config_help();
    return 0;
  }
  app::App application;
  if (auto status = app::load_config(args, application.config); !status.ok()) {
    std::cerr << "gonghui serve: " << status.error().message << "\n";
    return 2;
  }
  if (!settle_web_root(application.config)) {
    return 2;
  }
  const app::Config& config = application.config;
  if (config.instance_id >= 0) {
    IdGenerator::set_global_instance(static_cast<uint32_t>(config.instance_id));
  }
  http::ServerOptions options;
  if (!split_listen(config.listen, options.address, options.port)) {
    std::cerr << "gonghui serve: --listen must be HOST:PORT, got " << config.listen << "\n";
    return 2;
  }
  options.io_threads = static_cast<int>(config.io_threads);
  options.workers = static_cast<int>(config.workers);
  if (config.max_in_flight < 1 || config.queue_timeout_ms < 1 || config.max_connections < 1) {
    std::cerr << "gonghui serve: --max-in-flight, --queue-timeout-ms and --max-connections must "
                 "be positive\n";
    return 2;
  }
  options.max_in_flight = static_cast<size_t>(config.max_in_flight);
  options.queue_timeout_ms = static_cast<int>(config.queue_timeout_ms);
  options.max_connections = static_cast<size_t>(config.max_connections);
  options.metrics = &application.metrics;
  options.body_limit = static_cast<size_t>(config.body_limit_bytes);
  options.header_limit = static_cast<size_t>(config.header_limit_bytes);
  options.read_timeout_ms = static_cast<int>(config.read_timeout_ms);
  options.shutdown_grace_ms = static_cast<int>(config.shutdown_grace_ms);
  options.drain_ms = static_cast<int>(config.drain_ms);
  options.on_drain = [&application] { application.draining = true; };
  options.access_log = config.access_log;

  try {
    crypto::init();
    application.db = app::open_database(config);
    app::start_services(application);
  } catch (const std::exception& e) {
    std::cerr << "gonghui serve: " << e.what() << "\n";
    return 1;
  }
  auto demo = app::has_demo_accounts(*application.db);
  if (!demo.ok()) {
    std::cerr << "gonghui serve: " << demo.error().message << "\n";
    return 1;
  }
  if (*demo && config.production) {
    std::cerr << "gonghui serve: this database holds demo accounts; --production refuses to "
                 "serve it. Use a database made without `gonghui demo`.\n";
    return 1;
  }
  http::Router router;
  app::register_routes(router, application);
  const bool api_only = config.web_root == "none";
  http::StaticSite site(api_only ? std::string() : config.web_root);
  site.allow_images_from(app::map_tiles_image_source(config));
  site.set_head_markup([&application](const http::Request& request) {
    return api::share_head(application, request);
  });
  const bool trust_proxy = config.trust_proxy;

  auto for_router = [trust_proxy](http::Request& request) {
    if (trust_proxy) {
      if (auto forwarded = request.header("x-forwarded-for")) {
        request.remote_address = std::string(forwarded->substr(0, forwarded->find(',')));
      }
      if (auto proto = request.header("x-forwarded-proto")) {
        request.https = *proto == "https";
      }
    }
    return request.path == "/api" || request.path.rfind("/api/", 0) == 0 ||
           request.path == "/metrics";
  };
  // Routes that run inline (router.hpp, Runs) are handled on the I/O threads.
  auto inline_dispatch = [&](http::Request& request, const http::Respond& respond) {
    return for_router(request) && router.dispatch_inline(request, respond);
  };
  http::Server server(
      options,
      [&](http::Request& request) {
        if (for_router(request)) {
          return router.dispatch(request);
        }
        if (request.method != "GET" && request.method != "HEAD") {
          http::Response response = http::Response::error(
              Error{ErrorKind::kInvalidArgument, "method_not_allowed", "only GET here", {}});
          response.status = 405;
          response.set_header("Allow", "GET, HEAD");
          return response;
        }
        if (api_only) {
          return http::Response::error(Error::not_found("page"));
        }
        return site.serve(request);
      },
      inline_dispatch);
  uint16_t port = 0;
  try {
    port = server.listen();
  } catch (const std::exception& e) {
    std::cerr << "gonghui serve: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "gonghui " << GONGHUI_VERSION << " listening on http://"
            << (options.address == "0.0.0.0" || options.address == "127.0.0.1" ? "localhost"
                                                                               : options.address)
            << ":" << port << "/ (database: " << application.db->engine() << ", web app: "
            << (api_only ? std::string("none, API only")
                         : std::to_string(site.file_count()) + " files from " + config.web_root)
            << ")" << std::endl;
  if (*demo) {
    std::cerr << "demo log-ins (password " << app::kDemoPassword << "):";
    for (const auto& login : app::demo_logins()) {
      std::cerr << "  " << login.role << " " << login.phone << ";";
    }
    std::cerr << std::endl;
  }
  server.run();
  std::cerr << "gonghui stopped" << std::endl;
  return 0;
}

int migrate(const Args& args) {
  if (wants_help(args)) {
    std::cout << "usage: gonghui migrate [--db URL] [--config FILE]\n\nApplies pending database "
                 "migrations and prints what it did.\n";
    return 0;
  }
  return with_database("migrate", args, Open::kAsItIs, [](store::Db& db, const app::Config&) {
    auto report = store::migrate(db, app::all_migrations());
    if (!report.ok()) {
      return fail("migrate", report.error().message);
    }
    std::cout << "applied " << report->applied.size() << " migration(s); schema version "
              << report->current << "\n";
    return 0;
  });
}

}  // namespace gonghui::cli
