// The gonghui command line: one function per sub-command, each returning an exit code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gonghui::store {
class Db;
}

namespace gonghui::cli {

using Args = std::vector<std::string>;

int serve(const Args& args);
int migrate(const Args& args);
int check(const Args& args);
int demo(const Args& args);
int admin(const Args& args);
int audit_command(const Args& args);
int verify_draw(const Args& args);
int copy(const Args& args);
int backup(const Args& args);
int routes(const Args& args);
int version(const Args& args);
int help(const Args& args);

// Verifies the invariants `gonghui check` verifies and prints one line per invariant.
// Returns the number of violations, or -1 if they could not be read.
int64_t print_invariants(store::Db& db);

// Dispatches argv to a command. Unknown commands print help and return 2.
int run(int argc, char** argv);

}  // namespace gonghui::cli
