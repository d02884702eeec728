// What the commands that work on the configured database share: the help flag, reading the
// configuration, opening the database and reporting failures as "gonghui <command>: …".
#pragma once

#include <functional>
#include <string_view>

#include "app/config.hpp"
#include "cli/commands.hpp"
#include "store/db.hpp"

namespace gonghui::cli {

// True when the arguments ask for help (--help or -h).
bool wants_help(const Args& args);

// Prints "gonghui <command>: <message>" to standard error and returns `code`.
int fail(std::string_view command, std::string_view message, int code = 1);

// How the database is opened: as it is, or migrated first (app::open_database, which also
// takes an instance number).
enum class Open { kAsItIs, kMigrated };

using DatabaseBody = std::function<int(store::Db& db, const app::Config& config)>;

// Reads the configuration from `args` (2 when it is wrong), opens the database and runs
// `body`, whose exit code is returned; an exception is printed and exits 1.
int with_database(std::string_view command, const Args& args, Open open, const DatabaseBody& body);

}  // namespace gonghui::cli
