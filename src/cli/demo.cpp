// `gonghui demo`: a database with demo data to try gonghui on.
#include <iostream>

#include "app/app.hpp"
#include "cli/commands.hpp"

namespace gonghui::cli {

int demo(const Args& args) {
  for (const auto& arg : args) {
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: gonghui demo [--db URL]\n\nCreates the schema and fills an empty "
                   "database with demo data. Refuses a database that already holds data.\n";
      return 0;
    }
  }
  app::Config config;
  if (auto status = app::load_config(args, config); !status.ok()) {
    std::cerr << "gonghui demo: " << status.error().message << "\n";
    return 2;
  }
  try {
    auto db = app::open_database(config);
    Status status = db->write([](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows, tx.query("SELECT value FROM settings WHERE key = 'demo'"));
      if (!rows.empty()) {
        return Error::conflict("already_demo", "the database already holds demo data");
      }
      GH_TRY(tx.exec("INSERT INTO settings (key, value) VALUES ('demo', '1')"));
      return Status::Ok();
    });
    if (!status.ok()) {
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
