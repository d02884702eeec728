// Throwaway databases for engine-parametrised tests.
#include <gtest/gtest.h>

#include "support/test_db.hpp"

#include <libpq-fe.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "app/app.hpp"
#include "store/migrate.hpp"

namespace gonghui::testing {
namespace {

void pg_exec(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("test PostgreSQL unreachable: " + message);
  }
  PGresult* result = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  std::string message = PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
  if (!ok) {
    throw std::runtime_error("test PostgreSQL: " + message);
  }
}

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  std::random_device device;
  return std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(device() % 100000);
}

}  // namespace

std::vector<std::string> engines() {
  std::vector<std::string> out{"sqlite"};
  const char* url = std::getenv("GONGHUI_TEST_POSTGRES_URL");
  if (url && *url) {
    out.push_back("postgresql");
  }
  return out;
}

TempDir::TempDir()
    : path_(std::filesystem::temp_directory_path() / ("gonghui_dir_" + unique_suffix())) {
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

TestDb::TestDb(const std::string& engine, bool migrate) : engine_(engine) {
  if (engine == "sqlite") {
    sqlite_path_ =
        (std::filesystem::temp_directory_path() / ("gonghui_test_" + unique_suffix() + ".db"))
            .string();
    url_ = "sqlite:" + sqlite_path_;
  } else {
    const std::string base = std::getenv("GONGHUI_TEST_POSTGRES_URL");
    pg_schema_ = "t_" + unique_suffix();
    pg_exec(base, "CREATE SCHEMA " + pg_schema_);
    url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           pg_schema_;
  }
  db_ = store::open(url_);
  if (migrate) {
    auto report = store::migrate(*db_, app::all_migrations());
    if (!report.ok()) {
      throw std::runtime_error("test migration failed: " + report.error().message);
    }
  }
}

TestDb::~TestDb() {
  db_.reset();
  if (!sqlite_path_.empty()) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::error_code ec;
      std::filesystem::remove(sqlite_path_ + suffix, ec);
    }
  }
  if (!pg_schema_.empty()) {
    try {
      pg_exec(std::getenv("GONGHUI_TEST_POSTGRES_URL"), "DROP SCHEMA " + pg_schema_ + " CASCADE");
    } catch (...) {
      // A leftover schema in a throwaway cluster is harmless.
    }
  }
}

}  // namespace gonghui::testing
