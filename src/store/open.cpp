// Chooses the engine from a database URL.
#include <stdexcept>

#include "store/db.hpp"
#include "store/postgres.hpp"
#include "store/sqlite.hpp"

namespace gonghui::store {

std::unique_ptr<Db> open(const std::string& url, int pool_size) {
  if (url.rfind("sqlite:", 0) == 0) {
    SqliteOptions options;
    options.path = url.substr(7);
    if (options.path.rfind("//", 0) == 0) {
      options.path = options.path.substr(2);
    }
    if (options.path.empty()) {
      throw std::runtime_error("the SQLite URL names no file: " + url);
    }
    return open_sqlite(options);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    PostgresOptions options;
    options.conninfo = url;
    if (pool_size > 0) {
      options.pool_size = pool_size;
    }
    return open_postgres(options);
  }
  throw std::runtime_error("unknown database URL (expected sqlite:… or postgresql://…): " + url);
}

}  // namespace gonghui::store
