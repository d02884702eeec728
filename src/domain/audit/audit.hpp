// The audit log: every admin write records who, what, when, the target and the values
// before and after. Entries form a hash chain, so any edit or deletion is detectable.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::audit {

struct Entry {
  int64_t seq = 0;
  int64_t id = 0;
  int64_t at = 0;
  int64_t actor_id = 0;
  std::string actor_name;
  std::string action;       // e.g. "member.update"
  std::string target_type;  // e.g. "member"
  std::string target_id;
  int64_t org_id = 0;       // the union the change belongs to (for scoping reads)
  std::string before_json;  // "" when nothing existed before
  std::string after_json;   // "" when nothing exists after
  std::string prev_hash;
  std::string hash;
};

std::vector<store::Migration> migrations();

// Appends an entry inside the caller's transaction, chained to the previous one.
Status record(store::Tx& tx, const Principal& actor, std::string_view action,
              std::string_view target_type, std::string_view target_id, int64_t org_id,
              const boost::json::value& before, const boost::json::value& after);

struct Filter {
  std::optional<int64_t> actor_id;
  std::string action;  // prefix match, e.g. "member."
  std::string target_type;
  std::string target_id;
  std::optional<int64_t> from_ms;
  std::optional<int64_t> to_ms;
  std::string org_path;    // only entries whose union lies in this subtree ("" = all)
  int64_t before_seq = 0;  // paging: entries with seq < this (0 = newest)
  int64_t limit = 50;
};
// Newest first.
Result<std::vector<Entry>> list(store::Tx& tx, const Filter& filter);

struct VerifyReport {
  int64_t entries = 0;
  bool ok = true;
  int64_t broken_seq = 0;  // first entry whose hash or link does not match
  std::string problem;
};
// Walks the whole chain in order.
Result<VerifyReport> verify(store::Db& db);

// The hash of an entry given its fields and prev_hash (exposed for tests).
std::string entry_hash(const Entry& entry);

}  // namespace gonghui::audit
