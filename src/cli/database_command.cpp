// Help, configuration, opening the database and reporting failures for database commands.
#include "cli/database_command.hpp"

#include <exception>
#include <iostream>

#include "app/app.hpp"
#include "core/crypto.hpp"

namespace gonghui::cli {

bool wants_help(const Args& args) {
  for (const auto& arg : args) {
    if (arg == "--help" || arg == "-h") {
      return true;
    }
  }
  return false;
}

int fail(std::string_view command, std::string_view message, int code) {
  std::cerr << "gonghui " << command << ": " << message << "\n";
  return code;
}

int with_database(std::string_view command, const Args& args, Open open, const DatabaseBody& body) {
  app::Config config;
  if (auto status = app::load_config(args, config); !status.ok()) {
    return fail(command, status.error().message, 2);
  }
  try {
    crypto::init();
    auto db = open == Open::kMigrated ? app::open_database(config) : store::open(config.db);
    return body(*db, config);
  } catch (const std::exception& e) {
    return fail(command, e.what());
  }
}

}  // namespace gonghui::cli
