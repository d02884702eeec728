// Fresh databases for tests: a temporary SQLite file, and, when GONGHUI_TEST_POSTGRES_URL
// is set, a throwaway schema in that PostgreSQL. Tests run once per engine.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace gonghui::testing {

// "sqlite", plus "postgresql" when GONGHUI_TEST_POSTGRES_URL is set.
std::vector<std::string> engines();

// A fresh, migrated database of the given engine; dropped when destroyed.
class TestDb {
 public:
  explicit TestDb(const std::string& engine, bool migrate = true);
  ~TestDb();
  store::Db& db() { return *db_; }
  const std::string& url() const { return url_; }

 private:
  std::string engine_;
  std::string url_;
  std::string sqlite_path_;
  std::string pg_schema_;
  std::unique_ptr<store::Db> db_;
};

// A fresh, empty directory under the system's temporary directory; removed when destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Name printer for INSTANTIATE_TEST_SUITE_P over engines().
struct EngineName {
  std::string operator()(const ::testing::TestParamInfo<std::string>& info) const {
    return info.param;
  }
};

}  // namespace gonghui::testing
