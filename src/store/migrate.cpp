// Applies schema migrations and records them in schema_migrations.
#include "store/migrate.hpp"

#include <algorithm>

#include "core/time.hpp"

namespace gonghui::store {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

}  // namespace

Migration byte_ordered(int64_t version, std::string name, std::string_view sql) {
  auto with = [sql](std::string_view collate) {
    std::string out(sql);
    for (size_t at; (at = out.find("%C%")) != std::string::npos;) {
      out.replace(at, 3, collate);
    }
    return out;
  };
  return {version, std::move(name), with(""), with("COLLATE \"C\"")};
}

std::string sqlite_schema(std::string_view sql) {
  constexpr std::string_view kPortable = " BIGINT PRIMARY KEY";
  constexpr std::string_view kRowid = " INTEGER PRIMARY KEY";
  std::string out;
  out.reserve(sql.size());
  size_t from = 0;
  for (size_t at = sql.find(kPortable); at != std::string_view::npos;
       at = sql.find(kPortable, from)) {
    out.append(sql.substr(from, at - from));
    out.append(kRowid);
    from = at + kPortable.size();
  }
  out.append(sql.substr(from));
  return out;
}

Result<MigrationReport> migrate(Db& db, std::vector<Migration> migrations) {
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version == migrations[i - 1].version) {
      return Error::internal("two migrations share version " +
                             std::to_string(migrations[i].version));
    }
  }
  MigrationReport report;
  GH_TRY(db.write([&](Tx& tx) -> Status {
    if (tx.engine() == "postgresql") {
      GH_TRY(tx.query("SELECT pg_advisory_xact_lock(7031504)"));
    }
    return tx.script(kCreateTable);
  }));
  for (const Migration& migration : migrations) {
    bool applied = false;
    GH_TRY(db.write([&](Tx& tx) -> Status {
      applied = false;
      if (tx.engine() == "postgresql") {
        // Several instances may start together; one applies, the others wait and skip.
        GH_TRY(tx.query("SELECT pg_advisory_xact_lock(7031504)"));
      }
      GH_ASSIGN(Rows rows,
                tx.query("SELECT 1 FROM schema_migrations WHERE version = ?", {migration.version}));
      if (!rows.empty()) {
        return Status::Ok();
      }
      if (tx.engine() == "postgresql") {
        GH_TRY(
            tx.script(migration.postgresql_sql.empty() ? migration.sql : migration.postgresql_sql));
      } else {
        GH_TRY(tx.script(sqlite_schema(migration.sql)));
      }
      GH_TRY(tx.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                     {migration.version, migration.name, Timestamp::now().ms}));
      applied = true;
      return Status::Ok();
    }));
    if (applied) {
      report.applied.push_back(migration.version);
    }
  }
  GH_TRY(db.read([&](Tx& tx) -> Status {
    GH_ASSIGN(Rows rows, tx.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    report.current = rows.empty() ? 0 : rows[0].integer(0);
    return Status::Ok();
  }));
  return report;
}

}  // namespace gonghui::store
