// `gonghui copy --from URL --to URL`: the whole installation, table by table in dependency
// order, in one target transaction; then row counts and the invariants of `gonghui check`.
#include "cli/copy.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "app/app.hpp"
#include "cli/commands.hpp"
#include "core/crypto.hpp"
#include "domain/campaign/campaign.hpp"
#include "store/batch.hpp"

namespace gonghui::cli {
namespace {

using store::Params;
using store::Rows;

std::string sql_name(const std::string& identifier) { return "\"" + identifier + "\""; }

std::string joined(const std::vector<std::string>& names, const std::string& separator = ", ") {
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : separator) + sql_name(name);
  }
  return out;
}

Result<TableInfo> describe_sqlite(store::Tx& tx, const std::string& table) {
  TableInfo info{table, {}, {}, {}, {}};
  GH_ASSIGN(Rows columns,
            tx.query("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", {table}));
  std::vector<std::pair<int64_t, std::string>> key;
  for (const auto& row : columns) {
    info.columns.push_back(row.text(0));
    if (row.integer(1) > 0) {
      key.emplace_back(row.integer(1), row.text(0));
    }
  }
  std::sort(key.begin(), key.end());
  for (const auto& [position, name] : key) {
    info.key.push_back(name);
  }
  GH_ASSIGN(Rows foreign,
            tx.query("SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?)", {table}));
  for (const auto& row : foreign) {
    if (row.text(0) == table) {
      info.self_references.push_back(row.text(1));
    } else {
      info.references.push_back(row.text(0));
    }
  }
  return info;
}

Result<TableInfo> describe_postgres(store::Tx& tx, const std::string& table) {
  TableInfo info{table, {}, {}, {}, {}};
  const std::string relation =
      "CAST(quote_ident(current_schema()) || '.' || quote_ident(?) "
      "AS regclass)";
  GH_ASSIGN(Rows columns,
            tx.query("SELECT a.attname FROM pg_attribute a WHERE a.attrelid = " + relation +
                         " AND a.attnum > 0 AND NOT a.attisdropped "
                         "ORDER BY a.attnum",
                     {table}));
  for (const auto& row : columns) {
    info.columns.push_back(row.text(0));
  }
  GH_ASSIGN(Rows key, tx.query("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON "
                               "a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                               "WHERE i.indrelid = " +
                                   relation +
                                   " AND i.indisprimary "
                                   "ORDER BY array_position(CAST(i.indkey AS int2[]), a.attnum)",
                               {table}));
  for (const auto& row : key) {
    info.key.push_back(row.text(0));
  }
  GH_ASSIGN(Rows foreign, tx.query("SELECT r.relname, a.attname FROM pg_constraint k "
                                   "JOIN pg_class r ON r.oid = k.confrelid "
                                   "JOIN pg_attribute a ON a.attrelid = k.conrelid AND "
                                   "a.attnum = k.conkey[1] WHERE k.contype = 'f' AND "
                                   "k.conrelid = " +
                                       relation,
                                   {table}));
  for (const auto& row : foreign) {
    if (row.text(0) == table) {
      info.self_references.push_back(row.text(1));
    } else {
      info.references.push_back(row.text(0));
    }
  }
  return info;
}

// The tables to copy: all but the migration record and campaign_rollups, a cache that the
// target's triggers would void as the vouchers arrive and that its instances rebuild.
Result<std::vector<TableInfo>> describe(store::Tx& tx) {
  const bool postgres = tx.engine() == "postgresql";
  GH_ASSIGN(Rows names,
            postgres ? tx.query("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON "
                                "n.oid = c.relnamespace WHERE n.nspname = current_schema() AND "
                                "c.relkind IN ('r', 'p') AND c.relname NOT IN "
                                "('schema_migrations', 'campaign_rollups') ORDER BY c.relname")
                     : tx.query("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                "name NOT LIKE 'sqlite%' AND name NOT IN "
                                "('schema_migrations', 'campaign_rollups') ORDER BY name"));
  std::vector<TableInfo> tables;
  for (const auto& row : names) {
    GH_ASSIGN(TableInfo info,
              postgres ? describe_postgres(tx, row.text(0)) : describe_sqlite(tx, row.text(0)));
    tables.push_back(std::move(info));
  }
  return tables;
}

// Highest schema version recorded; 0 if the database has no schema_migrations table yet.
int64_t schema_version(store::Db& db) {
  int64_t version = 0;
  // A database without the table fails this read, which means version 0.
  (void)db.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(Rows rows, tx.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    version = rows.empty() ? 0 : rows[0].integer(0);
    return Status::Ok();
  });
  return version;
}

int64_t latest_version() {
  int64_t latest = 0;
  for (const auto& migration : app::all_migrations()) {
    latest = std::max(latest, migration.version);
  }
  return latest;
}

Result<int64_t> count_rows(store::Tx& tx, const std::string& table) {
  GH_ASSIGN(Rows rows, tx.query("SELECT COUNT(*) FROM " + sql_name(table)));
  return rows[0].integer(0);
}

// Inserts rows into `table` with multi-row statements of the three shapes store::in_slices
// makes, so that each table only ever has three statements for the engines to prepare.
Status insert_rows(store::Tx& tx, const std::string& table, const std::vector<std::string>& columns,
                   const Rows& rows) {
  const std::string head = "INSERT INTO " + sql_name(table) + " (" + joined(columns) + ") VALUES ";
  const std::string one = "(" + store::repeated("?", columns.size()) + ")";
  return store::in_slices(rows.size(), [&](size_t begin, size_t n) -> Status {
    Params params;
    params.reserve(n * columns.size());
    for (size_t r = begin; r < begin + n; ++r) {
      for (size_t c = 0; c < columns.size(); ++c) {
        params.push_back(rows[r].value(c));
      }
    }
    GH_TRY(tx.exec(head + store::repeated(one, n), params));
    return Status::Ok();
  });
}

// Copies one table's rows whose self-references satisfy `where` (or all rows), reading
// batch by batch in key order. Returns the rows copied.
Result<int64_t> copy_rows(store::Tx& source, store::Tx& target, const TableInfo& table,
                          const std::string& where, int64_t batch_rows) {
  const std::string select = "SELECT " + joined(table.columns) + " FROM " + sql_name(table.name);
  std::vector<size_t> key_index;
  for (const auto& key : table.key) {
    key_index.push_back(std::find(table.columns.begin(), table.columns.end(), key) -
                        table.columns.begin());
  }
  int64_t copied = 0;
  std::optional<store::Row> last;
  for (;;) {
    std::string sql = select;
    Params params;
    std::vector<std::string> conditions;
    if (!where.empty()) {
      conditions.push_back(where);
    }
    if (!table.key.empty() && last) {
      // Keyset paging: (k1, k2) > (last k1, last k2), in both engines' row-value syntax.
      std::string marks;
      for (size_t i : key_index) {
        marks += marks.empty() ? "?" : ", ?";
        params.push_back(last->value(i));
      }
      conditions.push_back(table.key.size() == 1 ? sql_name(table.key[0]) + " > ?"
                                                 : "(" + joined(table.key) + ") > (" + marks + ")");
    }
    for (size_t i = 0; i < conditions.size(); ++i) {
      sql += (i ? " AND " : " WHERE ") + conditions[i];
    }
    sql += " ORDER BY " + joined(table.key.empty() ? table.columns : table.key) + " LIMIT ?";
    params.push_back(batch_rows);
    if (table.key.empty()) {
      sql += " OFFSET ?";
      params.push_back(copied);
    }
    GH_ASSIGN(Rows rows, source.query(sql, params));
    if (rows.empty()) {
      break;
    }
    GH_TRY(insert_rows(target, table.name, table.columns, rows));
    copied += static_cast<int64_t>(rows.size());
    last = rows.back();
    if (static_cast<int64_t>(rows.size()) < batch_rows) {
      break;
    }
  }
  return copied;
}

}  // namespace

Result<std::vector<TableInfo>> describe_tables(store::Db& db) {
  std::vector<TableInfo> tables;
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(tables, describe(tx));
    return Status::Ok();
  }));
  return tables;
}

Result<std::vector<std::string>> copy_order(const std::vector<TableInfo>& tables) {
  std::map<std::string, std::set<std::string>> waiting_for;  // table → tables it references
  std::map<std::string, std::vector<std::string>> referenced_by;
  for (const auto& table : tables) {
    waiting_for[table.name];
  }
  for (const auto& table : tables) {
    for (const auto& parent : table.references) {
      if (parent != table.name && waiting_for.count(parent)) {
        if (waiting_for[table.name].insert(parent).second) {
          referenced_by[parent].push_back(table.name);
        }
      }
    }
  }
  std::set<std::string> ready;
  for (const auto& [name, parents] : waiting_for) {
    if (parents.empty()) {
      ready.insert(name);
    }
  }
  std::vector<std::string> order;
  while (!ready.empty()) {
    const std::string next = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(next);
    for (const auto& child : referenced_by[next]) {
      auto& parents = waiting_for[child];
      parents.erase(next);
      if (parents.empty()) {
        ready.insert(child);
      }
    }
  }
  if (order.size() != tables.size()) {
    for (const auto& [name, parents] : waiting_for) {
      if (!parents.empty() && std::find(order.begin(), order.end(), name) == order.end()) {
        return Error::conflict("reference_cycle",
                               "the foreign keys of table " + name + " form a cycle");
      }
    }
  }
  return order;
}

Result<std::map<std::string, int64_t>> migration_seed_rows() {
  std::random_device device;
  const auto path =
      std::filesystem::temp_directory_path() / ("gonghui_copy_seed_" + std::to_string(::getpid()) +
                                                "_" + std::to_string(device() % 1000000) + ".db");
  std::map<std::string, int64_t> seeds;
  Status status = Status::Ok();
  try {
    auto db = store::open("sqlite:" + path.string());
    auto migrated = store::migrate(*db, app::all_migrations());
    if (!migrated.ok()) {
      status = migrated.error();
    } else {
      status = db->read([&](store::Tx& tx) -> Status {
        GH_ASSIGN(std::vector<TableInfo> tables, describe(tx));
        for (const auto& table : tables) {
          GH_ASSIGN(int64_t n, count_rows(tx, table.name));
          if (n > 0) {
            seeds[table.name] = n;
          }
        }
        return Status::Ok();
      });
    }
  } catch (const std::exception& e) {
    status = Error::internal(std::string("cannot make a scratch database: ") + e.what());
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ignored;
    std::filesystem::remove(path.string() + suffix, ignored);
  }
  if (!status.ok()) {
    return std::move(status).error();
  }
  return seeds;
}

Status require_empty(store::Db& target, const std::map<std::string, int64_t>& seed_rows) {
  const int64_t version = schema_version(target), latest = latest_version();
  if (version > latest) {
    return Error::conflict("schema_too_new",
                           "the target's schema (version " + std::to_string(version) +
                               ") is newer than this gonghui's (" + std::to_string(latest) + ")");
  }
  return target.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(std::vector<TableInfo> tables, describe(tx));
    for (const auto& table : tables) {
      GH_ASSIGN(int64_t n, count_rows(tx, table.name));
      const auto seeded = seed_rows.find(table.name);
      const int64_t allowed = seeded == seed_rows.end() ? 0 : seeded->second;
      if (n > allowed) {
        return Error::conflict("target_not_empty",
                               "the target database is not empty: table " + table.name + " has " +
                                   std::to_string(n) +
                                   " row(s). gonghui copy only writes into an empty database "
                                   "(a new one, or one that only `gonghui migrate` has touched)");
      }
    }
    return Status::Ok();
  });
}

Result<std::vector<TableCount>> copy_database(store::Db& source, store::Db& target,
                                              const CopyOptions& options) {
  const int64_t from_version = schema_version(source), to_version = schema_version(target);
  if (from_version != to_version) {
    return Error::conflict("schema_mismatch",
                           "the source is at schema version " + std::to_string(from_version) +
                               " and the target at " + std::to_string(to_version) +
                               "; run `gonghui migrate` on both first");
  }
  GH_ASSIGN(std::vector<TableInfo> tables, describe_tables(target));
  GH_ASSIGN(std::vector<TableInfo> source_tables, describe_tables(source));
  std::map<std::string, const TableInfo*> by_name;
  for (const auto& table : tables) {
    by_name[table.name] = &table;
  }
  for (const auto& table : source_tables) {
    auto found = by_name.find(table.name);
    std::vector<std::string> a = table.columns, b;
    if (found != by_name.end()) {
      b = found->second->columns;
    }
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    if (a != b) {
      return Error::conflict("schema_mismatch",
                             "table " + table.name + " differs between the source and the target");
    }
  }
  GH_ASSIGN(std::vector<std::string> order, copy_order(tables));
  std::vector<TableCount> counts;
  GH_TRY(source.read([&](store::Tx& from) -> Status {
    counts.clear();
    for (const auto& name : order) {
      GH_ASSIGN(int64_t n, count_rows(from, name));
      counts.push_back({name, n, 0, 0});
    }
    return target.write([&](store::Tx& to) -> Status {
      if (to.engine() == "sqlite") {
        // Rows of a table that points into itself may come before the rows they name.
        GH_TRY(to.script("PRAGMA defer_foreign_keys = ON"));
      }
      // What migrations put into the target (the audit chain's head, settings) gives way
      // to the source's rows. Children first, so that no foreign key is left dangling.
      for (auto it = order.rbegin(); it != order.rend(); ++it) {
        GH_ASSIGN(int64_t present, count_rows(to, *it));
        if (present > 0) {
          GH_TRY(to.exec("DELETE FROM " + sql_name(*it)));
        }
      }
      for (size_t i = 0; i < order.size(); ++i) {
        const TableInfo& table = *by_name[order[i]];
        counts[i].copied = 0;
        if (table.self_references.empty()) {
          GH_ASSIGN(counts[i].copied, copy_rows(from, to, table, "", options.batch_rows));
        } else {
          // Rows that point at no row of their own table first (a transfer before its
          // reversal), then the others in key order.
          std::string none;
          for (const auto& column : table.self_references) {
            none += (none.empty() ? "" : " AND ") + sql_name(column) + " IS NULL";
          }
          GH_ASSIGN(int64_t roots, copy_rows(from, to, table, none, options.batch_rows));
          GH_ASSIGN(int64_t rest,
                    copy_rows(from, to, table, "NOT (" + none + ")", options.batch_rows));
          counts[i].copied = roots + rest;
        }
        if (options.progress) {
          std::fprintf(stderr, "copied %-28s %10lld rows\n", table.name.c_str(),
                       static_cast<long long>(counts[i].copied));
        }
      }
      if (to.engine() == "postgresql") {
        GH_ASSIGN(const int64_t added, campaign::spread_claim_stock(to));
        for (auto& count : counts) {
          count.added = count.table == "campaign_stock" ? added : 0;
        }
      }
      return Status::Ok();
    });
  }));
  GH_TRY(target.read([&](store::Tx& tx) -> Status {
    for (auto& count : counts) {
      GH_ASSIGN(count.target, count_rows(tx, count.table));
    }
    return Status::Ok();
  }));
  return counts;
}

int copy(const Args& args) {
  std::string from, to;
  CopyOptions options;
  options.progress = true;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool has_value = i + 1 < args.size();
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: gonghui copy --from URL --to URL [--batch-rows N]\n\n"
                   "Copies a whole installation from one database to another, for example "
                   "from SQLite\nto PostgreSQL when a union outgrows one machine:\n\n"
                   "  gonghui copy --from sqlite:data/gonghui.db --to postgresql://gonghui@db/"
                   "gonghui\n\n"
                   "The target is migrated to the current schema and must be empty (a new "
                   "database, or\none only `gonghui migrate` has touched); otherwise nothing is "
                   "written. Every table is\ncopied in dependency order inside one target "
                   "transaction, ids and the audit hash chain\nunchanged. Then the row counts of "
                   "both sides are compared and the invariants of\n`gonghui check` are verified "
                   "on the target. Exits 1 on any difference or violation.\nStop the servers "
                   "writing to the source first (or copy from a backup of it).\n";
      return 0;
    }
    if (arg == "--from" && has_value) {
      from = args[++i];
    } else if (arg == "--to" && has_value) {
      to = args[++i];
    } else if (arg == "--batch-rows" && has_value) {
      try {
        options.batch_rows = std::stoll(args[++i]);
      } catch (...) {
        options.batch_rows = 0;
      }
      if (options.batch_rows < 1 || options.batch_rows > 100000) {
        std::cerr << "gonghui copy: --batch-rows must be between 1 and 100000\n";
        return 2;
      }
    } else {
      std::cerr << "gonghui copy: unknown or incomplete option " << arg
                << " (see gonghui copy --help)\n";
      return 2;
    }
  }
  if (from.empty() || to.empty()) {
    std::cerr << "gonghui copy: --from URL and --to URL are both required\n";
    return 2;
  }
  if (from == to) {
    std::cerr << "gonghui copy: --from and --to name the same database\n";
    return 2;
  }
  try {
    crypto::init();
    auto seeds = migration_seed_rows();
    if (!seeds.ok()) {
      std::cerr << "gonghui copy: " << seeds.error().message << "\n";
      return 1;
    }
    auto source = store::open(from);
    const int64_t source_version = schema_version(*source), latest = latest_version();
    if (source_version != latest) {
      std::cerr << "gonghui copy: the source is at schema version " << source_version
                << " but this gonghui expects " << latest << "; run `gonghui migrate --db " << from
                << "` first\n";
      return 1;
    }
    auto target = store::open(to);
    if (auto empty = require_empty(*target, *seeds); !empty.ok()) {
      std::cerr << "gonghui copy: " << empty.error().message << "; nothing was written\n";
      return 1;
    }
    auto migrated = store::migrate(*target, app::all_migrations());
    if (!migrated.ok()) {
      std::cerr << "gonghui copy: migrating the target failed: " << migrated.error().message
                << "\n";
      return 1;
    }
    std::cerr << "copying " << source->engine() << " → " << target->engine() << "\n";
    auto counts = copy_database(*source, *target, options);
    if (!counts.ok()) {
      std::cerr << "gonghui copy: " << counts.error().message
                << " (the target transaction was rolled back)\n";
      return 1;
    }
    int mismatches = 0;
    std::printf("%-30s %12s %12s %12s\n", "table", "source", "copied", "target");
    for (const auto& count : *counts) {
      const std::string added =
          count.added ? "  (+" + std::to_string(count.added) + " claim stock rows spread)" : "";
      std::printf("%-30s %12lld %12lld %12lld%s%s\n", count.table.c_str(),
                  static_cast<long long>(count.source), static_cast<long long>(count.copied),
                  static_cast<long long>(count.target), added.c_str(),
                  count.ok() ? "" : "  MISMATCH");
      mismatches += count.ok() ? 0 : 1;
    }
    std::fflush(stdout);
    const int64_t violations = print_invariants(*target);
    if (mismatches > 0 || violations != 0) {
      std::cout << "copy NOT verified: " << mismatches << " table(s) differ, "
                << (violations < 0 ? std::string("invariants unreadable")
                                   : std::to_string(violations) + " violation(s)")
                << "\n";
      return 1;
    }
    std::cout << "copy verified: " << counts->size()
              << " tables, row counts equal, every invariant holds on the target\n";
  } catch (const std::exception& e) {
    std::cerr << "gonghui copy: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace gonghui::cli
