// `gonghui backup --to FILE`: a consistent copy of a SQLite database taken with SQLite's
// online backup API while servers keep writing to it; PostgreSQL is pointed to pg_dump.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <tuple>

#include "app/config.hpp"
#include "cli/commands.hpp"
#include "cli/database_command.hpp"

namespace gonghui::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kBackupUsage =
    "usage: gonghui backup --to FILE [--db URL] [--config FILE]\n\n"
    "Copies a SQLite database to FILE while gonghui keeps serving it (SQLite's online backup\n"
    "API: one consistent snapshot, writers are not held up). FILE is written beside itself\n"
    "under a temporary name with mode 0600 (it holds password hashes and the voucher-signing\n"
    "keys), checked, synced to disk and then renamed, replacing an older FILE. Prints the\n"
    "pages, the rows and the schema version copied. To restore: stop gonghui, delete the\n"
    "database's -wal and -shm files, put the copy in its place (docs/deploy.md, Backups).\n\n"
    "PostgreSQL databases are backed up with pg_dump:\n"
    "  umask 077; pg_dump -Fc -f FILE URL\n";

// A SQLite connection closed when it goes out of scope.
struct Connection {
  sqlite3* handle = nullptr;
  ~Connection() { sqlite3_close_v2(handle); }
  std::string error() const { return handle ? sqlite3_errmsg(handle) : "out of memory"; }
};

int64_t single_integer(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  int64_t value = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    value = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  return value;
}

std::string single_text(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  std::string value;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(statement, 0);
    value = text ? reinterpret_cast<const char*>(text) : "";
  }
  sqlite3_finalize(statement);
  return value;
}

// Rows in every table of the copy, and the number of tables.
std::pair<int64_t, int64_t> count_rows(sqlite3* db) {
  sqlite3_stmt* statement = nullptr;
  int64_t rows = 0, tables = 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                         "'sqlite%' ORDER BY name",
                         -1, &statement, nullptr) == SQLITE_OK) {
    while (sqlite3_step(statement) == SQLITE_ROW) {
      const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
      std::string quoted = "\"";
      for (char c : name) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      }
      rows += single_integer(db, "SELECT COUNT(*) FROM " + quoted + "\"");
      ++tables;
    }
  }
  sqlite3_finalize(statement);
  return {rows, tables};
}

// Flushes a file (or a folder's entries) to disk.
bool sync_path(const fs::path& path, bool folder) {
  const int fd = ::open(path.c_str(), folder ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

struct Copied {
  int64_t pages = 0;
  int64_t page_size = 0;
  int64_t rows = 0;
  int64_t tables = 0;
  int64_t version = 0;
};

// Copies `source` into the new file `temp` in one step: one read transaction of the source,
// so the copy is the snapshot of one moment however much is written meanwhile (a copy in
// several steps would start over after each commit of another connection). The copy is left
// in rollback-journal mode, one self-contained file; a server opening it turns WAL back on.
std::string copy_into(const std::string& source, const fs::path& temp, Copied& copied) {
  Connection from, to;
  if (sqlite3_open_v2(source.c_str(), &from.handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    return "cannot open " + source + ": " + from.error();
  }
  sqlite3_busy_timeout(from.handle, 10000);
  if (sqlite3_open_v2(temp.c_str(), &to.handle, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    return "cannot open " + temp.string() + ": " + to.error();
  }
  sqlite3_backup* backup = sqlite3_backup_init(to.handle, "main", from.handle, "main");
  if (backup == nullptr) {
    return "cannot start the backup: " + to.error();
  }
  int rc = SQLITE_OK;
  // Busy or locked only while another connection recovers the WAL or checkpoints; retry.
  for (int attempt = 0; attempt < 600; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  copied.pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return std::string("the backup failed: ") + sqlite3_errstr(rc);
  }
  if (single_text(to.handle, "PRAGMA journal_mode=DELETE") != "delete") {
    return "cannot take the copy out of WAL mode: " + to.error();
  }
  copied.page_size = single_integer(to.handle, "PRAGMA page_size");
  const std::string check = single_text(to.handle, "PRAGMA quick_check");
  if (check != "ok") {
    return "the copy fails SQLite's quick_check: " + check;
  }
  std::tie(copied.rows, copied.tables) = count_rows(to.handle);
  copied.version = std::max<int64_t>(
      0, single_integer(to.handle, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return {};
}

int backup_sqlite(const std::string& source, const fs::path& target) {
  std::error_code ec;
  if (!fs::is_regular_file(source, ec)) {
    return fail("backup", "there is no SQLite database at " + source);
  }
  if (fs::equivalent(source, target, ec)) {
    return fail("backup", "--to names the database itself", 2);
  }
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const fs::path temp =
      folder / ("." + target.filename().string() + ".part-" + std::to_string(::getpid()));
  // Made here with mode 0600 whatever the umask; SQLite opens the empty file as a new
  // database and gives its journal the same mode.
  if (!fs::is_directory(folder, ec)) {
    return fail("backup", "the folder " + folder.string() + " does not exist");
  }
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail("backup", "cannot create " + temp.string() + ": " + std::strerror(errno));
  }
  ::close(fd);
  Copied copied;
  std::string error = copy_into(source, temp, copied);
  if (error.empty() && !sync_path(temp, false)) {
    error = "cannot sync " + temp.string() + " to disk";
  }
  if (error.empty()) {
    fs::rename(temp, target, ec);
    if (ec) {
      error = "cannot rename the copy to " + target.string() + ": " + ec.message();
    } else {
      sync_path(folder, true);
    }
  }
  if (!error.empty()) {
    fs::remove(temp, ec);
    return fail("backup", error);
  }
  std::cout << "backed up " << source << " to " << target.string() << ": " << copied.pages
            << " pages of " << copied.page_size << " bytes, " << copied.rows << " rows in "
            << copied.tables << " tables, schema version " << copied.version << "\n";
  return 0;
}

}  // namespace

int backup(const Args& original) {
  if (wants_help(original)) {
    std::cout << kBackupUsage;
    return 0;
  }
  Args args;
  std::string to;
  for (size_t i = 0; i < original.size(); ++i) {
    if (original[i] == "--to" && i + 1 < original.size()) {
      to = original[++i];
    } else if (original[i].rfind("--to=", 0) == 0) {
      to = original[i].substr(5);
    } else {
      args.push_back(original[i]);
    }
  }
  app::Config config;
  if (auto status = app::load_config(args, config); !status.ok()) {
    return fail("backup", status.error().message, 2);
  }
  if (to.empty()) {
    return fail("backup", "--to FILE is required (see gonghui backup --help)", 2);
  }
  const std::string& url = config.db;
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return fail("backup",
                "this is a PostgreSQL database; back it up with pg_dump, which takes a "
                "consistent snapshot while gonghui serves:\n  umask 077; pg_dump -Fc -f " +
                    to + " '" + url +
                    "'\nand restore with createdb and pg_restore --no-owner "
                    "(docs/deploy.md, Backups)",
                2);
  }
  if (url.rfind("sqlite:", 0) != 0) {
    return fail("backup", "unknown database URL (expected sqlite:… or postgresql://…): " + url, 2);
  }
  std::string path = url.substr(7);
  if (path.rfind("//", 0) == 0) {
    path = path.substr(2);
  }
  return backup_sqlite(path, to);
}

}  // namespace gonghui::cli
