// Grants: points from a union's issuance account to many members, recorded first with their
// recipients and then moved chunk by chunk, each chunk one transaction, resumable.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <limits>
#include <set>

#include "core/id.hpp"
#include "core/thread_name.hpp"
#include "domain/audit/audit.hpp"
#include "domain/chunked/chunked.hpp"
#include "domain/ledger/internal.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/message/message.hpp"
#include "domain/org/org.hpp"
#include "store/columns.hpp"

namespace gonghui::ledger {
namespace {

using store::Params;
using store::Rows;

constexpr std::string_view kGrantColumns =
    "id, org_id, target_org_id, amount, reason, CASE WHEN status = 'done' THEN 1 ELSE 0 END, "
    "recipients, granted, skipped, "
    "cursor_member_id, created_by, created_at, updated_at, finished_at, fingerprint";

// The fingerprint is the column after the fields.
using GrantFields = store::Fields<&Grant::id, &Grant::org_id, &Grant::target_org_id, &Grant::amount,
                                  &Grant::reason, &Grant::done, &Grant::recipients, &Grant::granted,
                                  &Grant::skipped, &Grant::cursor, &Grant::created_by,
                                  &Grant::created_at, &Grant::updated_at, &Grant::finished_at>;
static_assert(GrantFields::columns + 1 == store::column_count(kGrantColumns));

Grant grant_from_row(const store::Row& row) { return GrantFields::read(row); }

constexpr chunked::JobTable<Grant> kGrants{"grant", "ledger_grants", kGrantColumns,
                                           GrantFields::columns, grant_from_row};

bool in_subtree(const std::string& path, const std::string& root_path) {
  return path.rfind(root_path, 0) == 0;
}

Status validate(const GrantInput& input, std::string_view key) {
  if (input.amount < 1 || input.amount > kMaxAmount) {
    return Error::invalid("amount", "out_of_range",
                          "amount must be between 1 and " + std::to_string(kMaxAmount));
  }
  if (input.reason.empty()) {
    return Error::invalid("reason", "required", "reason is required");
  }
  GH_TRY(chunked::require_one_target(input.org_id, input.member_ids, kMaxGrantMembers, "grant",
                                     "grant"));
  return chunked::require_key(key, "grant");
}

// Records the explicit member list after checking each member exists and may be granted to.
Result<int64_t> add_listed_members(store::Tx& tx, const Principal& admin, const org::Org& from,
                                   int64_t grant_id, const std::vector<int64_t>& ids) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  GH_TRY(internal::in_slices(ids.size(), [&](size_t begin, size_t n) -> Status {
    Params params(ids.begin() + static_cast<ptrdiff_t>(begin),
                  ids.begin() + static_cast<ptrdiff_t>(begin + n));
    GH_ASSIGN(Rows rows, tx.query("SELECT m.id, o.path FROM members m JOIN orgs o ON o.id = "
                                  "m.org_id WHERE m.id IN (" +
                                      internal::repeated("?", n) + ") ORDER BY m.id",
                                  params));
    size_t next = begin;
    for (const auto& row : rows) {
      if (row.integer(0) != ids[next]) {
        break;
      }
      if (!in_subtree(row.text(1), scope.path)) {
        return Error::forbidden("member " + std::to_string(ids[next]) +
                                " is outside your part of the tree");
      }
      if (!in_subtree(row.text(1), from.path)) {
        return Error::invalid(
            "member_ids", "outside_granting_union",
            "member " + std::to_string(ids[next]) + " does not belong to the granting union");
      }
      ++next;
    }
    if (next != begin + n) {
      return Error::invalid("member_ids", "unknown_member",
                            "no member has id " + std::to_string(ids[next]));
    }
    Params rows_params;
    for (size_t i = begin; i < begin + n; ++i) {
      rows_params.insert(rows_params.end(), {grant_id, ids[i]});
    }
    GH_TRY(tx.exec("INSERT INTO ledger_grant_members (grant_id, member_id) VALUES " +
                       internal::repeated("(?, ?)", n),
                   rows_params));
    return Status::Ok();
  }));
  return static_cast<int64_t>(ids.size());
}

boost::json::object grant_snapshot(const Grant& g) {
  return {{"amount", g.amount},
          {"reason", g.reason},
          {"target_org_id", g.target_org_id ? boost::json::value(std::to_string(g.target_org_id))
                                            : boost::json::value(nullptr)},
          {"recipients", g.recipients}};
}

// Each member granted to in a chunk is told who granted how many points and why, in the
// chunk's transaction: a chunk that rolls back takes its messages with it.
Status tell_recipients(store::Tx& tx, const Grant& g, const std::vector<int64_t>& members) {
  GH_ASSIGN(org::Org from, org::get(tx, g.org_id));
  const std::string body =
      from.name + " 向您发放 " + std::to_string(g.amount) + " 积分：" + g.reason;
  std::vector<message::Draft> drafts;
  drafts.reserve(members.size());
  for (int64_t member : members) {
    drafts.push_back({member, "收到积分", body, "/me/points"});
  }
  GH_TRY(message::post_all(tx, "points", drafts, "grant:" + std::to_string(g.id)));
  return Status::Ok();
}

}  // namespace

Result<Grant> start_grant(store::Tx& tx, const Principal& admin, const GrantInput& input,
                          std::string_view idempotency_key) {
  GH_TRY(validate(input, idempotency_key));
  GH_ASSIGN(
      const org::Org from,
      chunked::named_union(input.from_org_id ? org::require_in_scope(tx, admin, input.from_org_id)
                                             : org::admin_scope(tx, admin),
                           "from_org_id"));
  const std::vector<int64_t> ids = chunked::distinct(input.member_ids);
  const std::string fingerprint =
      chunked::fingerprint(std::to_string(from.id) + "|" + std::to_string(input.org_id) + "|" +
                               std::to_string(input.amount) + "|" + input.reason + "|",
                           ids);
  const std::string key(idempotency_key);
  GH_ASSIGN(std::optional<Grant> replayed,
            chunked::find_keyed(tx, kGrants, admin.account_id, key, fingerprint));
  if (replayed) {
    return std::move(*replayed);
  }

  Grant g;
  g.id = new_id();
  g.org_id = from.id;
  g.amount = input.amount;
  g.reason = input.reason;
  g.created_by = admin.account_id;
  g.created_at = g.updated_at = Timestamp::now().ms;
  GH_TRY(
      tx.exec("INSERT INTO ledger_grants (id, org_id, target_org_id, amount, reason, status, "
              "recipients, granted, skipped, cursor_member_id, created_by, idempotency_key, "
              "fingerprint, created_at, updated_at, finished_at) "
              "VALUES (?, ?, ?, ?, ?, 'running', 0, 0, 0, 0, ?, ?, ?, ?, ?, 0)",
              {g.id, g.org_id, input.org_id, g.amount, g.reason, g.created_by, key, fingerprint,
               g.created_at, g.updated_at}));
  if (input.org_id != 0) {
    GH_ASSIGN(const org::Org target,
              chunked::named_union(org::require_in_scope(tx, admin, input.org_id), "org_id"));
    if (!in_subtree(target.path, from.path)) {
      return Error::invalid("org_id", "outside_granting_union",
                            "that union is not under the granting union");
    }
    g.target_org_id = target.id;
    // The recipients are fixed now: every member active at this moment, in one statement.
    const org::PathRange range = org::range_of(target.path);
    GH_ASSIGN(g.recipients, tx.exec("INSERT INTO ledger_grant_members (grant_id, member_id) "
                                    "SELECT ?, m.id FROM members m JOIN orgs o ON o.id = m.org_id "
                                    "WHERE o.path >= ? AND o.path < ? AND m.status = 'active'",
                                    {g.id, range.lower, range.upper}));
  } else {
    GH_ASSIGN(g.recipients, add_listed_members(tx, admin, from, g.id, ids));
  }
  const int64_t total = g.recipients * g.amount;  // ≤ 10^7 × 10^9: no overflow
  // Reserve the whole grant now from the budget of the granting union and of every union
  // above it, so a grant never stops half-way for lack of budget; run_grant gives back what
  // skipped members did not receive.
  GH_TRY(internal::charge_budgets(tx, org::ids_on_path(from.path), total, "amount", g.created_at));
  GH_ASSIGN(g.done, chunked::record_recipients(tx, kGrants.table, g.id, g.recipients,
                                               g.target_org_id, g.created_at));
  g.finished_at = g.done ? g.created_at : 0;
  GH_TRY(audit::record(tx, admin, "points.grant", "points_grant", std::to_string(g.id), g.org_id,
                       boost::json::value(nullptr), grant_snapshot(g)));
  return g;
}

Result<GrantPreview> preview_grant(store::Tx& tx, const Principal& admin, const GrantInput& input) {
  // The grant is made inside a savepoint and undone by returning this error from it.
  constexpr std::string_view kUndo = "grant_preview_undo";
  GrantPreview out;
  Status status = tx.isolated([&](store::Tx& t) -> Status {
    GH_ASSIGN(Grant g, start_grant(t, admin, input, "preview:" + std::to_string(new_id())));
    out.recipients = g.recipients;
    out.total = g.recipients * g.amount;
    GH_ASSIGN(org::Org from, org::get(t, g.org_id));
    const std::vector<int64_t> path = org::ids_on_path(from.path);
    Params params(path.begin(), path.end());
    GH_ASSIGN(Rows left, t.query("SELECT MIN(budget - budget_used) FROM ledger_policies "
                                 "WHERE budget IS NOT NULL AND org_id IN (" +
                                     internal::repeated("?", path.size()) + ")",
                                 params));
    if (!left.empty() && !left[0].is_null(0)) {
      out.budget_left = left[0].integer(0);
    }
    return Error{ErrorKind::kConflict, std::string(kUndo), "preview", {}};
  });
  if (!status.ok() && status.error().code != kUndo) {
    return std::move(status).error();
  }
  return out;
}

Result<Grant> grant_chunk(store::Db& db, int64_t grant_id, int64_t chunk) {
  return chunked::run_chunk(db, kGrants, grant_id, [&](store::Tx& tx, Grant& g) -> Status {
    GH_ASSIGN(Rows rows, tx.query("SELECT member_id FROM ledger_grant_members "
                                  "WHERE grant_id = ? AND member_id > ? "
                                  "ORDER BY member_id LIMIT ?",
                                  {grant_id, g.cursor, chunk}));
    // Recipients who have since been frozen or have left are skipped. Chunks cover disjoint
    // id ranges, so these range scans read each member at most once over the whole grant.
    std::set<int64_t> inactive;
    if (!rows.empty()) {
      GH_ASSIGN(Rows gone, tx.query("SELECT id FROM members WHERE id >= ? AND id <= ? "
                                    "AND status <> 'active'",
                                    {rows.front().integer(0), rows.back().integer(0)}));
      for (const auto& row : gone) {
        inactive.insert(row.integer(0));
      }
    }
    std::vector<int64_t> active;
    active.reserve(rows.size());
    for (const auto& row : rows) {
      if (!inactive.count(row.integer(0))) {
        active.push_back(row.integer(0));
      }
    }
    const int64_t skipped = static_cast<int64_t>(rows.size() - active.size());
    const bool last = static_cast<int64_t>(rows.size()) < chunk;
    const int64_t now = Timestamp::now().ms;
    const int64_t cursor = rows.empty() ? g.cursor : rows.back().integer(0);
    // Claim the chunk before moving anything: a second worker on the same grant finds the
    // cursor moved (on PostgreSQL it waits here for the first to commit) and rolls back.
    GH_ASSIGN(int64_t claimed,
              tx.exec("UPDATE ledger_grants SET cursor_member_id = ?, granted = granted + ?, "
                      "skipped = skipped + ?, status = ?, updated_at = ?, finished_at = ? "
                      "WHERE id = ? AND cursor_member_id = ? AND status = 'running'",
                      {cursor, static_cast<int64_t>(active.size()), skipped,
                       std::string(last ? "done" : "running"), now, last ? now : int64_t{0},
                       grant_id, g.cursor}));
    if (claimed != 1) {
      return chunked::busy(kGrants.noun);
    }
    if (!active.empty()) {
      GH_ASSIGN(int64_t issuance, internal::system_account(tx, AccountKind::kIssuance, g.org_id));
      GH_TRY(internal::credit_members(tx, issuance, active, g.amount, "grant",
                                      "grant:" + std::to_string(g.id), g.reason,
                                      "grant:" + std::to_string(g.id) + ":", now));
      GH_TRY(tell_recipients(tx, g, active));
    }
    g.cursor = cursor;
    g.granted += static_cast<int64_t>(active.size());
    g.skipped += skipped;
    g.updated_at = now;
    if (last) {
      g.done = true;
      g.finished_at = now;
      const int64_t unused = (g.recipients - g.granted) * g.amount;
      if (unused > 0) {
        GH_ASSIGN(org::Org from, org::get(tx, g.org_id));
        GH_TRY(internal::release_budgets(tx, org::ids_on_path(from.path), unused));
      }
    }
    return Status::Ok();
  });
}

Result<Grant> run_grant(store::Db& db, int64_t grant_id, int64_t deadline_ms, int64_t chunk) {
  // Out of time, or another worker is on it (at once): report where the grant stands.
  return chunked::run(db, kGrants, grant_id, [&] { return grant_chunk(db, grant_id, chunk); },
                      {.busy_answers = 1, .deadline_ms = deadline_ms});
}

Result<Grant> get_grant(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Grant g, chunked::load(tx, kGrants, id));
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  GH_ASSIGN(org::Org granting, org::get(tx, g.org_id));
  if (!in_subtree(granting.path, scope.path)) {
    return Error::not_found("grant");
  }
  return g;
}

Result<GrantPage> list_grants(store::Tx& tx, const Principal& admin, int64_t org_id,
                              int64_t before_id, int64_t limit) {
  GH_ASSIGN(org::Org top,
            org_id ? org::require_in_scope(tx, admin, org_id) : org::admin_scope(tx, admin));
  const org::PathRange range = org::range_of(top.path);
  GH_ASSIGN(Rows rows,
            tx.query("SELECT " + std::string(kGrantColumns) +
                         " FROM ledger_grants WHERE org_id IN (SELECT id FROM orgs WHERE path >= ? "
                         "AND path < ?) AND id < ? ORDER BY id DESC LIMIT ?",
                     {range.lower, range.upper,
                      before_id > 0 ? before_id : std::numeric_limits<int64_t>::max(), limit + 1}));
  GrantPage page;
  for (const auto& row : rows) {
    if (static_cast<int64_t>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(grant_from_row(row));
  }
  return page;
}

// ---- GrantRunner ---------------------------------------------------------------------------

GrantRunner::GrantRunner(store::Db& db, Options options)
    : db_(db), options_(options), thread_(start_named_thread("gh-grant", [this] { loop(); })) {}

GrantRunner::~GrantRunner() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void GrantRunner::submit(int64_t grant_id) {
  {
    std::lock_guard lock(mu_);
    if (!queued_.insert(grant_id).second) {
      return;
    }
    queue_.push_back(grant_id);
  }
  cv_.notify_all();
}

void GrantRunner::pick_up(int64_t before_ms) {
  Status listed = db_.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(Rows rows, tx.query("SELECT id FROM ledger_grants WHERE status = 'running' "
                                  "AND updated_at < ? ORDER BY id",
                                  {before_ms}));
    for (const auto& row : rows) {
      submit(row.integer(0));
    }
    return Status::Ok();
  });
  if (!listed.ok()) {
    std::cerr << "grants: cannot list running grants: " << listed.error().message << std::endl;
  }
}

void GrantRunner::loop() {
  // Grants left running by a crash or restart are finished first.
  pick_up(std::numeric_limits<int64_t>::max());
  int64_t next_sweep = Timestamp::now().ms + options_.sweep_ms;
  for (;;) {
    if (Timestamp::now().ms >= next_sweep) {
      // Grants another instance left behind (it died, or was stopped mid-grant).
      pick_up(Timestamp::now().ms - options_.stale_ms);
      next_sweep = Timestamp::now().ms + options_.sweep_ms;
    }
    int64_t id = 0;
    {
      std::unique_lock lock(mu_);
      const int64_t wait = std::max<int64_t>(0, next_sweep - Timestamp::now().ms);
      if (!cv_.wait_for(lock, std::chrono::milliseconds(wait),
                        [this] { return stopping_ || !queue_.empty(); })) {
        continue;  // time to sweep
      }
      if (stopping_) {
        return;
      }
      id = queue_.front();
      queue_.pop_front();
      queued_.erase(id);
    }
    // Chunk by chunk, checking for shutdown between chunks.
    for (;;) {
      auto g = grant_chunk(db_, id);
      if (g.ok() && g->done) {
        break;
      }
      if (!g.ok()) {
        if (!chunked::is_busy(g.error(), kGrants.noun)) {
          std::cerr << "grants: grant " << id << " paused: " << g.error().message << std::endl;
          break;
        }
        // Another instance is running it; look again shortly.
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stopping_; });
      }
      std::lock_guard lock(mu_);
      if (stopping_) {
        return;
      }
    }
  }
}

}  // namespace gonghui::ledger
