// What anyone reads of the jobs: search (a text::SearchCache over published jobs), the
// filtered and sorted list, and the sweep that stores expired jobs as expired.
#include <algorithm>
#include <limits>
#include <unordered_map>

#include <boost/json/object.hpp>

#include "domain/audit/audit.hpp"
#include "domain/jobs/internal.hpp"
#include "store/batch.hpp"

namespace gonghui::jobs {
namespace {

using internal::JobFields;
using internal::kSelectJob;

constexpr size_t kMaxHits = 1000;
// More published jobs than a person pages through; the list sorts at most this many.
constexpr int64_t kMaxSorted = 5000;

constexpr std::string_view kPublishedNow =
    " WHERE j.status = 'published' AND j.expires_at > ? AND e.status = 'approved'";

// Every published, unexpired job: its title and employer as the name, requirements, benefits
// and place as extra text. The index goes stale when its first job expires.
Result<int64_t> fill_jobs(store::Tx& tx, text::SearchIndex& index, int64_t now) {
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT j.id, j.title, e.name, j.requirements, j.benefits, j.address, "
                     "j.expires_at FROM jobs j JOIN employers e ON e.id = j.employer_id" +
                         std::string(kPublishedNow),
                     {now}));
  int64_t stale_at = std::numeric_limits<int64_t>::max();
  for (const store::Row& row : rows) {
    GH_TRY(index.add({row.integer(0), "job", row.text(1) + " " + row.text(2),
                      row.text(3) + " " + row.text(4) + " " + row.text(5), 0}));
    stale_at = std::min(stale_at, row.integer(6));
  }
  return stale_at;
}

int64_t distance_to(const Browse& query, const Job& job) {
  return query.near ? merchant::distance_m(*query.near, job.input.location) : -1;
}

// The filters every way of listing shares, as SQL after kSelectJob.
std::string filters(const Browse& query, int64_t now, store::Params& params) {
  std::string sql(kPublishedNow);
  params.emplace_back(now);
  if (query.kind) {
    sql += " AND j.kind = ?";
    params.emplace_back(std::string(enum_name(*query.kind)));
  }
  if (query.pay_unit) {
    sql += " AND j.pay_unit = ?";
    params.emplace_back(std::string(enum_name(*query.pay_unit)));
  }
  if (query.min_pay_fen > 0) {
    sql += " AND j.pay_max_fen >= ?";
    params.emplace_back(query.min_pay_fen);
  }
  return sql;
}

// Newest first without a search or a distance: paged in SQL by id.
Result<BrowsePage> newest(store::Tx& tx, const Browse& query, int64_t now) {
  store::Params params;
  std::string sql = std::string(kSelectJob) + filters(query, now, params);
  if (query.offset > 0) {
    sql += " AND j.id < ?";
    params.emplace_back(query.offset);
  }
  sql += " ORDER BY j.id DESC LIMIT ?";
  params.emplace_back(query.limit + 1);
  GH_ASSIGN(store::Rows rows, tx.query(sql, params));
  BrowsePage page;
  for (const store::Row& row : rows) {
    if (static_cast<int64_t>(page.items.size()) == query.limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(JobFields::read(row));
    page.distance_m.push_back(distance_to(query, page.items.back()));
  }
  return page;
}

}  // namespace

JobSearch::JobSearch(store::Db& db, const text::PinyinTable& pinyin)
    : cache_(db, pinyin, internal::jobs_version, fill_jobs) {}

Result<std::vector<int64_t>> JobSearch::search(std::string_view query) {
  GH_ASSIGN(std::vector<text::SearchHit> hits, cache_.search(query, kMaxHits, "job"));
  std::vector<int64_t> ids;
  ids.reserve(hits.size());
  for (const text::SearchHit& hit : hits) {
    ids.push_back(hit.id);
  }
  return ids;
}

Result<BrowsePage> browse(store::Tx& tx, JobSearch& search, const Browse& query, int64_t now) {
  if (query.q.empty() && query.sort == Browse::Sort::kNewest && query.within_m == 0) {
    return newest(tx, query, now);
  }
  store::Params params;
  std::string sql = std::string(kSelectJob) + filters(query, now, params);
  std::unordered_map<int64_t, size_t> rank;
  if (!query.q.empty()) {
    GH_ASSIGN(std::vector<int64_t> ids, search.search(query.q));
    if (ids.empty()) {
      return BrowsePage{};
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      rank[ids[i]] = i;
    }
    sql += " AND j.id IN (" + store::repeated("?", ids.size()) + ")";
    params.insert(params.end(), ids.begin(), ids.end());
  }
  sql += " ORDER BY j.id DESC LIMIT " + std::to_string(kMaxSorted);
  GH_ASSIGN(store::Rows rows, tx.query(sql, params));
  std::vector<std::pair<Job, int64_t>> found;
  for (const store::Row& row : rows) {
    Job job = JobFields::read(row);
    const int64_t distance = distance_to(query, job);
    if (query.within_m > 0 && distance > query.within_m) {
      continue;
    }
    found.emplace_back(std::move(job), distance);
  }
  // Stable: ties keep the newest first.
  std::stable_sort(found.begin(), found.end(), [&](const auto& a, const auto& b) {
    switch (query.sort) {
      case Browse::Sort::kPay:
        return a.first.input.pay_max_fen > b.first.input.pay_max_fen;
      case Browse::Sort::kDistance:
        return a.second < b.second;
      case Browse::Sort::kNewest:
        break;
    }
    return !query.q.empty() && rank[a.first.id] < rank[b.first.id];
  });
  BrowsePage page;
  const size_t begin = static_cast<size_t>(std::max<int64_t>(0, query.offset));
  for (size_t i = begin; i < found.size(); ++i) {
    if (static_cast<int64_t>(page.items.size()) == query.limit) {
      page.next_cursor = static_cast<int64_t>(i);
      break;
    }
    page.items.push_back(found[i].first);
    page.distance_m.push_back(found[i].second);
  }
  return page;
}

Result<int64_t> expire_jobs(store::Db& db, int64_t now) {
  std::vector<std::pair<int64_t, int64_t>> due;  // job, its union
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT id, org_id FROM jobs WHERE status = 'published' AND "
                       "expires_at <= ? ORDER BY expires_at LIMIT 500",
                       {now}));
    for (const store::Row& row : rows) {
      due.emplace_back(row.integer(0), row.integer(1));
    }
    return Status::Ok();
  }));
  Principal system;
  system.name = "system";
  int64_t expired = 0;
  for (const auto& entry : due) {
    const int64_t id = entry.first;
    const int64_t org_id = entry.second;
    GH_TRY(db.write([&](store::Tx& tx) -> Status {
      // Of several runners, the one whose update changes the row records the step.
      GH_ASSIGN(int64_t changed,
                tx.exec("UPDATE jobs SET status = 'expired', updated_at = ? WHERE id = ? AND "
                        "status = 'published' AND expires_at <= ?",
                        {now, id, now}));
      if (changed == 1) {
        ++expired;
        GH_TRY(internal::touch_jobs(tx));
        GH_TRY(audit::record(tx, system, "job.expired", "job", std::to_string(id), org_id, nullptr,
                             boost::json::object{{"status", "expired"}}));
      }
      return Status::Ok();
    }));
  }
  return expired;
}

}  // namespace gonghui::jobs
