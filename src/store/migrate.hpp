// Versioned schema migrations, applied in order, each in its own transaction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.hpp"

namespace gonghui::store {

// SQL must be portable between SQLite and PostgreSQL (BIGINT, TEXT, INTEGER, no
// engine-specific types); `postgresql_sql`, if not empty, replaces it on PostgreSQL.
// Version ranges belong to modules so that modules never collide: store 1-99,
// identity 100-199, ledger 200-299, merchant 300-399, campaign 400-499, purchase 500-599,
// report 600-699, content 700-799, 求学圆梦 1100-1119 (docs/architecture.md has them all).
struct Migration {
  int64_t version;
  std::string name;
  std::string sql;
  std::string postgresql_sql;
};

struct MigrationReport {
  std::vector<int64_t> applied;  // versions applied by this call, in order
  int64_t current = 0;           // highest version present afterwards
};

// A migration's SQL as SQLite runs it: `BIGINT PRIMARY KEY` becomes `INTEGER PRIMARY KEY`, so
// that the id is the table's rowid. SQLite keeps any other primary key as a second B-tree
// beside the table, and every insert and every lookup by id then pays for both. Ids are
// 64-bit integers either way; PostgreSQL keeps BIGINT.
std::string sqlite_schema(std::string_view sql);

// A migration whose SQL marks with %C% the text columns that must compare byte-wise on both
// engines (so that a prefix or a subtree is one index range): nothing on SQLite, whose
// default collation is byte-wise, and COLLATE "C" on PostgreSQL.
Migration byte_ordered(int64_t version, std::string name, std::string_view sql);

// Applies every migration whose version is not yet recorded. Safe to run from several
// instances at once on PostgreSQL (an advisory lock serialises them).
Result<MigrationReport> migrate(Db& db, std::vector<Migration> migrations);

}  // namespace gonghui::store
