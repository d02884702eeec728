// The multi-instance engine: PostgreSQL through libpq with a connection pool.
#pragma once

#include <memory>
#include <string>

#include "store/db.hpp"

namespace gonghui::store {

struct PostgresOptions {
  std::string conninfo;  // libpq URI or key=value string
  int pool_size = 16;
};

// Connects once to check the URL. Throws std::runtime_error if it cannot.
std::unique_ptr<Db> open_postgres(const PostgresOptions& options);

// Rewrites `?` placeholders (outside quotes) into `$1`, `$2`, … Exposed for tests.
std::string number_placeholders(std::string_view sql);

}  // namespace gonghui::store
