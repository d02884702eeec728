// `gonghui demo`: a database with demo data to try gonghui on.
#include <iostream>

#include "app/app.hpp"
#include "app/demo.hpp"
#include "cli/commands.hpp"
#include "cli/database_command.hpp"

namespace gonghui::cli {

int demo(const Args& args) {
  if (wants_help(args)) {
    std::cout << "usage: gonghui demo [--db URL]\n\nCreates the schema and fills an empty "
                 "database with demo data: a city federation, 3 district unions,\n12 base "
                 "unions, 2,000 members and demo log-ins (password "
              << app::kDemoPassword << ").\nRefuses a database that already holds data.\n";
    return 0;
  }
  return with_database("demo", args, Open::kMigrated, [](store::Db& db, const app::Config& config) {
    if (auto status = app::create_demo(db); !status.ok()) {
      return fail("demo", status.error().message);
    }
    std::cout << "demo data created in " << config.db << "\n";
    return 0;
  });
}

}  // namespace gonghui::cli
