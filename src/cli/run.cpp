// Command dispatch and help text.
#include <cstdio>
#include <iostream>

#include "app/config.hpp"
#include "cli/commands.hpp"

namespace gonghui::cli {
namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*fn)(const Args&);
};

const Command kCommands[] = {
    {"serve", "run the HTTP server (API and web app)", serve},
    {"migrate", "apply database migrations and exit", migrate},
    {"check", "verify the ledger, stock and audit invariants", check},
    {"demo", "create a database with demo data", demo},
    {"copy", "copy a whole installation to another database (copy --from … --to …)", copy},
    {"backup", "copy a SQLite database while it is served (backup --to FILE)", backup},
    {"admin", "create the first platform admin (admin create)", admin},
    {"audit", "verify the audit log's hash chain (audit verify)", audit_command},
    {"verify-draw", "re-run a lottery draw from its audit bundle", verify_draw},
    {"routes", "print every API route and who may call it", routes},
    {"version", "print the version", version},
    {"help", "show this help", help},
};

}  // namespace

int help(const Args&) {
  std::cout << "gonghui " << GONGHUI_VERSION
            << " — union member benefits and farm aid\n\nusage: gonghui COMMAND [options]\n\n"
               "commands:\n";
  for (const Command& command : kCommands) {
    std::printf("  %-10s %s\n", command.name, command.summary);
  }
  std::cout << "\nRun `gonghui COMMAND --help` for a command's options.\n";
  return 0;
}

int version(const Args& args) {
  if (!args.empty() && args[0] == "--help") {
    std::cout << "usage: gonghui version\nPrints the version.\n";
    return 0;
  }
  std::cout << "gonghui " << GONGHUI_VERSION << "\n";
  return 0;
}

int run(int argc, char** argv) {
  if (argc < 2) {
    help({});
    return 2;
  }
  const std::string name = argv[1];
  Args args(argv + 2, argv + argc);
  if (name == "--help" || name == "-h") {
    return help(args);
  }
  if (name == "--version") {
    return version({});
  }
  for (const Command& command : kCommands) {
    if (name == command.name) {
      return command.fn(args);
    }
  }
  std::cerr << "gonghui: unknown command '" << name << "'\n\n";
  help({});
  return 2;
}

}  // namespace gonghui::cli
