// `gonghui demo`: a database with demo data to try gonghui on.
#include <iostream>

#include "app/app.hpp"
#include "app/demo.hpp"
#include "cli/commands.hpp"
#include "core/crypto.hpp"

namespace gonghui::cli {

int demo(const Args& args) {
  for (const auto& arg : args) {
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: gonghui demo [--db URL]\n\nCreates the schema and fills an empty "
                   "database with demo data: a city federation, 3 district unions,\n12 base "
                   "unions, 2,000 members and demo log-ins (password "
                << app::kDemoPassword << ").\nRefuses a database that already holds data.\n";
      return 0;
    }
  }
  app::Config config;
  if (auto status = app::load_config(args, config); !status.ok()) {
    std::cerr << "gonghui demo: " << status.error().message << "\n";
    return 2;
  }
  try {
    crypto::init();
    auto db = app::open_database(config);
    if (auto status = app::create_demo(*db); !status.ok()) {
      std::cerr << "gonghui demo: " << status.error().message << "\n";
      return 1;
    }
    std::cout << "demo data created in " << config.db << "\n";
  } catch (const std::exception& e) {
    std::cerr << "gonghui demo: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace gonghui::cli
