// `gonghui copy`: moves a whole installation from one database to another (SQLite to
// PostgreSQL, or back) in one target transaction, then verifies it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/db.hpp"

namespace gonghui::cli {

// One table of a database as copy sees it.
struct TableInfo {
  std::string name;
  std::vector<std::string> columns;          // in declaration order
  std::vector<std::string> key;              // primary-key columns (empty: none)
  std::vector<std::string> references;       // other tables its foreign keys point to
  std::vector<std::string> self_references;  // its own columns that point into itself
};

// Every table of the database's schema except schema_migrations, by name. Errors only when
// the database fails.
Result<std::vector<TableInfo>> describe_tables(store::Db& db);

// The tables in an order that inserts referenced rows before the rows that reference them
// (ties by name, so the order is stable). Conflict reference_cycle if no such order exists.
Result<std::vector<std::string>> copy_order(const std::vector<TableInfo>& tables);

// Rows each table holds in a freshly migrated database (the rows migrations insert, such
// as the audit chain's head). Made by migrating a temporary SQLite file.
Result<std::map<std::string, int64_t>> migration_seed_rows();

// Ok if every table of `target` holds no more than what migrations put there (a database
// with no tables at all is empty). Conflict target_not_empty naming the first table that
// holds rows otherwise; Conflict schema_too_new if the target's schema is newer than this
// gonghui's. Reads only.
Status require_empty(store::Db& target, const std::map<std::string, int64_t>& seed_rows);

struct TableCount {
  std::string table;
  int64_t source = 0;  // rows in the source's snapshot
  int64_t copied = 0;  // rows written
  int64_t target = 0;  // rows in the target after the commit
  int64_t added = 0;   // rows the copy added (claim stock spread over rows on PostgreSQL)
  bool ok() const { return source == copied && copied + added == target; }
};

struct CopyOptions {
  int64_t batch_rows = 1000;  // rows read and written per statement round
  bool progress = false;      // one line per table on stderr while copying
};

// Copies every table from `source` (read in one consistent snapshot) to `target` (written
// in one transaction: all or nothing), tables in copy_order, rows in primary-key order and
// values unchanged, so ids and the audit hash chain survive byte for byte. Both must be at
// the same schema version (Conflict schema_mismatch otherwise; migrate them first). The
// caller checks emptiness first (require_empty); the rows migrations put into the target
// are replaced by the source's. Into PostgreSQL, the stock of claims kept on one row (as
// SQLite keeps it) is then spread over rows like a new claim's (campaign::spread_claim_stock),
// counted as `added` rows of campaign_stock. Returns the counts per table, in copy order.
Result<std::vector<TableCount>> copy_database(store::Db& source, store::Db& target,
                                              const CopyOptions& options);

}  // namespace gonghui::cli
