// Hash-chained audit log.
#include "domain/audit/audit.hpp"

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/org/org.hpp"
#include "store/columns.hpp"

namespace gonghui::audit {
namespace {

// The first entry links to the empty hash.
constexpr std::string_view kGenesis = "";
constexpr std::string_view kColumns =
    "seq, id, at, actor_id, actor_name, action, target_type, target_id, org_id, before_json, "
    "after_json, prev_hash, hash";

using EntryFields =
    store::Fields<&Entry::seq, &Entry::id, &Entry::at, &Entry::actor_id, &Entry::actor_name,
                  &Entry::action, &Entry::target_type, &Entry::target_id, &Entry::org_id,
                  &Entry::before_json, &Entry::after_json, &Entry::prev_hash, &Entry::hash>;
static_assert(EntryFields::matches(kColumns));

Entry from_row(const store::Row& row) { return EntryFields::read(row); }

std::string serialise(const boost::json::value& value) {
  return value.is_null() ? std::string() : json::to_string(value);
}

}  // namespace

std::vector<store::Migration> migrations() {
  return {{110, "audit_log",
           R"sql(CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY, id BIGINT NOT NULL UNIQUE, at BIGINT NOT NULL,
  actor_id BIGINT NOT NULL, actor_name TEXT NOT NULL, action TEXT NOT NULL,
  target_type TEXT NOT NULL, target_id TEXT NOT NULL, org_id BIGINT NOT NULL,
  before_json TEXT NOT NULL, after_json TEXT NOT NULL, prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
-- One row holds the chain head; updating it serialises appenders on PostgreSQL.
CREATE TABLE audit_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL,
  hash TEXT NOT NULL);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');)sql",
           ""}};
}

std::string entry_hash(const Entry& e) {
  // Length-prefixed fields: no two different entries serialise alike.
  std::string text;
  auto add = [&text](std::string_view field) {
    text += std::to_string(field.size());
    text += ':';
    text += field;
    text += '\n';
  };
  add(e.prev_hash);
  add(std::to_string(e.seq));
  add(std::to_string(e.id));
  add(std::to_string(e.at));
  add(std::to_string(e.actor_id));
  add(e.actor_name);
  add(e.action);
  add(e.target_type);
  add(e.target_id);
  add(std::to_string(e.org_id));
  add(e.before_json);
  add(e.after_json);
  return crypto::sha256_hex(text);
}

Status record(store::Tx& tx, const Principal& actor, std::string_view action,
              std::string_view target_type, std::string_view target_id, int64_t org_id,
              const boost::json::value& before, const boost::json::value& after) {
  // The UPDATE takes the head's row lock first, so concurrent appenders queue here.
  GH_ASSIGN(store::Rows head,
            tx.query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash"));
  if (head.empty()) {
    return Error::internal("audit chain head missing");
  }
  Entry e;
  e.seq = head[0].integer(0);
  e.prev_hash = head[0].text(1);
  e.id = new_id();
  e.at = Timestamp::now().ms;
  e.actor_id = actor.account_id;
  e.actor_name = actor.name;
  e.action = std::string(action);
  e.target_type = std::string(target_type);
  e.target_id = std::string(target_id);
  e.org_id = org_id;
  e.before_json = serialise(before);
  e.after_json = serialise(after);
  e.hash = entry_hash(e);
  GH_TRY(tx.exec("UPDATE audit_head SET hash = ? WHERE id = 1", {e.hash}));
  GH_TRY(
      tx.exec("INSERT INTO audit_log (seq, id, at, actor_id, actor_name, action, target_type, "
              "target_id, org_id, before_json, after_json, prev_hash, hash) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {e.seq, e.id, e.at, e.actor_id, e.actor_name, e.action, e.target_type, e.target_id,
               e.org_id, e.before_json, e.after_json, e.prev_hash, e.hash}));
  return Status::Ok();
}

Result<std::vector<Entry>> list(store::Tx& tx, const Filter& filter) {
  std::string sql =
      "SELECT a.seq, a.id, a.at, a.actor_id, a.actor_name, a.action, "
      "a.target_type, a.target_id, a.org_id, a.before_json, a.after_json, "
      "a.prev_hash, a.hash FROM audit_log a";
  store::Params params;
  std::string where;
  auto add = [&](std::string clause, store::Value value) {
    where += where.empty() ? " WHERE " : " AND ";
    where += clause;
    params.push_back(std::move(value));
  };
  if (!filter.org_path.empty()) {
    sql += " JOIN orgs o ON o.id = a.org_id";
    const org::PathRange range = org::range_of(filter.org_path);
    add("o.path >= ?", range.lower);
    add("o.path < ?", range.upper);
  }
  if (filter.actor_id) add("a.actor_id = ?", *filter.actor_id);
  if (!filter.action.empty()) {
    add("a.action >= ?", filter.action);
    add("a.action < ?", filter.action + "\x7f");
  }
  if (!filter.target_type.empty()) add("a.target_type = ?", filter.target_type);
  if (!filter.target_id.empty()) add("a.target_id = ?", filter.target_id);
  if (filter.from_ms) add("a.at >= ?", *filter.from_ms);
  if (filter.to_ms) add("a.at < ?", *filter.to_ms);
  if (filter.before_seq > 0) add("a.seq < ?", filter.before_seq);
  sql += where + " ORDER BY a.seq DESC LIMIT ?";
  params.push_back(filter.limit);
  GH_ASSIGN(store::Rows rows, tx.query(sql, params));
  std::vector<Entry> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    out.push_back(from_row(row));
  }
  return out;
}

Result<VerifyReport> verify(store::Db& db) {
  VerifyReport report;
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    std::string previous(kGenesis);
    int64_t expected_seq = 1;
    int64_t after = 0;
    for (;;) {
      // Pages of 10,000 keep memory flat on long chains.
      GH_ASSIGN(store::Rows rows,
                tx.query(std::string("SELECT ") + std::string(kColumns) +
                             " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 10000",
                         {after}));
      if (rows.empty()) {
        break;
      }
      for (const auto& row : rows) {
        Entry e = from_row(row);
        ++report.entries;
        after = e.seq;
        std::string problem;
        if (e.seq != expected_seq) {
          problem = "entry " + std::to_string(expected_seq) + " is missing";
        } else if (e.prev_hash != previous) {
          problem = "link to the previous entry does not match";
        } else if (entry_hash(e) != e.hash) {
          problem = "contents do not match the recorded hash";
        }
        if (!problem.empty() && report.ok) {
          report.ok = false;
          report.broken_seq = e.seq;
          report.problem = problem;
        }
        previous = e.hash;
        expected_seq = e.seq + 1;
      }
    }
    GH_ASSIGN(store::Rows head, tx.query("SELECT seq, hash FROM audit_head WHERE id = 1"));
    if (report.ok && !head.empty() &&
        (head[0].integer(0) != expected_seq - 1 || head[0].text(1) != previous)) {
      report.ok = false;
      report.broken_seq = expected_seq;
      report.problem = "the newest entries were removed (chain head does not match)";
    }
    return Status::Ok();
  }));
  return report;
}

}  // namespace gonghui::audit
