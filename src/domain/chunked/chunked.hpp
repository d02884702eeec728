// Chunked jobs: work for many members that an administrator starts once under an
// Idempotency-Key, recorded with a fingerprint of its input and its recipients, then done
// chunk by chunk, each chunk one write transaction, so that it resumes after any
// interruption and no recipient is served twice. Points grants (ledger) and campaign
// distributions are chunked jobs; each keeps its own table and what a chunk does, and shares
// the rest from here.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "domain/org/org.hpp"
#include "store/db.hpp"

namespace gonghui::chunked {

// Where a job type keeps its rows. `Job` has `id`, `done` and `replayed`; its table has the
// columns id, status ('running' or 'done'), recipients, target_org_id, created_by,
// idempotency_key, fingerprint and finished_at.
template <class Job>
struct JobTable {
  std::string_view noun;          // "grant", "distribution": in messages and error codes
  std::string_view table;         // e.g. "ledger_grants"
  std::string_view columns;       // what from_row reads, in its order
  size_t fingerprint_column = 0;  // the position of `fingerprint` in `columns`
  Job (*from_row)(const store::Row& row) = nullptr;
};

// ---- Starting a job ------------------------------------------------------------------------

// InvalidArgument idempotency_key_required (field "Idempotency-Key") unless `key` has 1 to 200
// characters: a job is found again by its key.
Status require_key(std::string_view key, std::string_view noun);
// InvalidArgument one_target_required unless exactly one of `org_id` (every active member of a
// union's subtree) and `member_ids` (a list) is given; InvalidArgument too_many (field
// "member_ids") for a list longer than `max_members`. `verb` says what the job does to a union
// instead ("grant", "distribute").
Status require_one_target(int64_t org_id, const std::vector<int64_t>& member_ids,
                          size_t max_members, std::string_view noun, std::string_view verb);
// `found`, a union an administrator named in field `field`, with NotFound turned into
// InvalidArgument unknown_org naming that field.
Result<org::Org> named_union(Result<org::Org> found, std::string_view field);

// The ids ascending, each once.
std::vector<int64_t> distinct(std::vector<int64_t> ids);
// What a job's input was: hex SHA-256 of `head` followed by each of `ids` and a comma. Two
// starts under one key are the same job exactly when their fingerprints are equal.
std::string fingerprint(std::string_view head, const std::vector<int64_t>& ids);

// Records a new job's recipients and where they were found (target_org_id; 0 for a list). A
// job without recipients is done as soon as it is made (finished_at = created_at). Returns
// whether it is done.
Result<bool> record_recipients(store::Tx& tx, std::string_view table, int64_t id,
                               int64_t recipients, int64_t target_org_id, int64_t created_at);

// The row `created_by` recorded under `key`, if any: nullopt if none, Conflict
// idempotency_conflict (field "Idempotency-Key") if it was recorded for another input.
Result<std::optional<store::Row>> keyed_row(store::Tx& tx, std::string_view noun,
                                            std::string_view select, size_t fingerprint_column,
                                            int64_t created_by, std::string_view key,
                                            std::string_view fingerprint);

template <class Job>
std::string select_of(const JobTable<Job>& jobs) {
  return "SELECT " + std::string(jobs.columns) + " FROM " + std::string(jobs.table);
}

// The job `created_by` started under `key`, marked replayed: re-sending a start resumes the
// first job. nullopt if there is none; Conflict idempotency_conflict if that job had another
// input.
template <class Job>
Result<std::optional<Job>> find_keyed(store::Tx& tx, const JobTable<Job>& jobs, int64_t created_by,
                                      std::string_view key, std::string_view fingerprint) {
  GH_ASSIGN(std::optional<store::Row> row,
            keyed_row(tx, jobs.noun, select_of(jobs), jobs.fingerprint_column, created_by, key,
                      fingerprint));
  if (!row) {
    return std::optional<Job>();
  }
  Job job = jobs.from_row(*row);
  job.replayed = true;
  return std::optional<Job>(std::move(job));
}

// Runs `record(tx)`, which records a job or finds it under its key (a Result<Job>), in a
// write transaction of its own. If the same key was committed concurrently (another
// instance, or the same request sent twice at once), the insert fails with a unique
// violation; `record` then runs once more and finds the first job.
template <class Record>
auto start(store::Db& db, const Record& record) {
  using Started = decltype(record(std::declval<store::Tx&>()));
  Started job = Error::internal("the job was not started");
  auto attempt = [&] {
    return db.write([&](store::Tx& tx) -> Status {
      job = record(tx);
      return job.ok() ? Status::Ok() : Status(job.error());
    });
  };
  Status status = attempt();
  if (!status.ok() && status.error().code == store::kUniqueViolation) {
    status = attempt();
  }
  if (!status.ok()) {
    return Started(std::move(status).error());
  }
  return job;
}

// ---- Running a job -------------------------------------------------------------------------

// The job with this id (NotFound `noun`).
template <class Job>
Result<Job> load(store::Tx& tx, const JobTable<Job>& jobs, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(select_of(jobs) + " WHERE id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found(std::string(jobs.noun));
  }
  return jobs.from_row(rows[0]);
}

// Unavailable <noun>_busy: another worker took this chunk first; what this one did is rolled
// back.
Error busy(std::string_view noun);
// True for the error busy(noun) makes.
bool is_busy(const Error& error, std::string_view noun);

// One chunk: `step(tx, job)` on the job as stored, in one write transaction, unless the job
// is done. Returns the job as `step` left it.
template <class Job, class Step>
Result<Job> run_chunk(store::Db& db, const JobTable<Job>& jobs, int64_t id, Step step) {
  Job job;
  Status status = db.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(job, load(tx, jobs, id));
    if (job.done) {
      return Status::Ok();
    }
    return step(tx, job);
  });
  if (!status.ok()) {
    return std::move(status).error();
  }
  return job;
}

// When run() stops before the job is done and reports it as it stands instead.
struct RunLimits {
  int busy_answers = 1;  // after this many <noun>_busy answers (another worker is on it)
  std::chrono::milliseconds busy_pause{0};  // the wait before trying again
  int64_t deadline_ms = 0;                  // once this time (UTC ms) has passed; 0: never
};

// Runs chunks (`chunk()`, one call per chunk) until the job is done or a chunk fails, or
// until `limits` say to stop: then returns the job as stored, read afresh.
template <class Job, class Chunk>
Result<Job> run(store::Db& db, const JobTable<Job>& jobs, int64_t id, Chunk chunk,
                const RunLimits& limits) {
  for (int busy = 0;;) {
    Result<Job> job = chunk();
    const bool was_busy = !job.ok() && is_busy(job.error(), jobs.noun);
    if (was_busy && ++busy < limits.busy_answers) {
      std::this_thread::sleep_for(limits.busy_pause);
      continue;
    }
    const bool late = job.ok() && !job->done && limits.deadline_ms != 0 &&
                      Timestamp::now().ms >= limits.deadline_ms;
    if (was_busy || late) {
      Job now;
      GH_TRY(db.read([&](store::Tx& tx) -> Status {
        GH_ASSIGN(now, load(tx, jobs, id));
        return Status::Ok();
      }));
      return now;
    }
    if (!job.ok() || job->done) {
      return job;
    }
  }
}

}  // namespace gonghui::chunked
