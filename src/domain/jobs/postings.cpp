// Jobs as their employer writes them and the union reviews them: the field checks, drafts,
// the review steps (conditional updates, each audited) and the lists of jobs to manage.
#include <boost/json/object.hpp>

#include "core/id.hpp"
#include "core/json.hpp"
#include "domain/audit/audit.hpp"
#include "domain/jobs/internal.hpp"
#include "domain/org/org.hpp"

namespace gonghui::jobs {
namespace {

namespace bj = boost::json;
using internal::JobFields;
using internal::kSelectJob;

bool valid_contact_phone(std::string_view phone) {
  size_t digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '-') {
      return false;
    }
  }
  return digits >= 5 && phone.size() <= 20;
}

bj::object audit_view(const Job& job) {
  return {{"title", job.input.title},
          {"status", enum_name(job.stored_status)},
          {"pay_min_fen", job.input.pay_min_fen},
          {"pay_max_fen", job.input.pay_max_fen},
          {"expires_at", job.expires_at}};
}

// The job, if the principal may manage it: staff of its employer (NotFound for anyone else's,
// so that staff cannot tell another employer's jobs exist), or an admin in scope.
Result<Job> managed_job(store::Tx& tx, const Principal& principal, int64_t id) {
  auto job = internal::load_job(tx, id);
  const int64_t employer = internal::employer_of(principal);
  if (employer != 0 && job.ok() && job->employer_id == employer) {
    return job;
  }
  if (!internal::is_admin(principal)) {
    return Error::not_found("job");
  }
  GH_ASSIGN(Job found, std::move(job));
  GH_TRY(org::require_in_scope(tx, principal, found.org_id));
  return found;
}

// The staff member's own job (NotFound for another's, Forbidden for non-staff).
Result<Job> own_job(store::Tx& tx, const Principal& staff, int64_t id) {
  const int64_t employer = internal::employer_of(staff);
  if (employer == 0) {
    return Error::forbidden("only the employer's staff may do this");
  }
  GH_ASSIGN(Job job, internal::load_job(tx, id));
  if (job.employer_id != employer) {
    return Error::not_found("job");
  }
  return job;
}

Result<Employer> approved_employer(store::Tx& tx, const Principal& staff) {
  GH_ASSIGN(Employer e, my_employer(tx, staff));
  if (e.status != EmployerStatus::kApproved) {
    return Error::conflict("employer_not_approved", "the employer has not been approved yet");
  }
  return e;
}

struct Move {
  const char* action;
  std::vector<JobStatus> from;
  JobStatus to;
  bool by_admin;
};

Move move_of(Step which) {
  using S = JobStatus;
  switch (which) {
    case Step::kSubmit:
      return {"job.submitted", {S::kDraft, S::kReturned}, S::kSubmitted, false};
    case Step::kApprove:
      return {"job.approved", {S::kSubmitted}, S::kPublished, true};
    case Step::kReturn:
      return {"job.returned", {S::kSubmitted}, S::kReturned, true};
    case Step::kTakeDown:
      return {"job.taken_down", {S::kPublished, S::kExpired}, S::kTakenDown, true};
    case Step::kRenew:
      return {"job.renewed", {S::kPublished, S::kExpired}, S::kPublished, false};
    case Step::kFill:
      return {"job.filled", {S::kPublished, S::kExpired}, S::kFilled, false};
  }
  return {"", {}, S::kDraft, false};
}

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

}  // namespace

JobStatus Job::status(int64_t now) const {
  if (stored_status == JobStatus::kPublished && expires_at <= now) {
    return JobStatus::kExpired;
  }
  return stored_status;
}

Status validate(const JobInput& in) {
  GH_TRY(internal::check_text(in.title, "title", 60, true));
  if (in.kind == JobKind::kFullTime && in.pay_unit != PayUnit::kMonth) {
    return Error::invalid("pay_unit", "pay_unit_mismatch", "a full-time job is paid per month");
  }
  if (in.kind == JobKind::kGig && in.pay_unit != PayUnit::kDay) {
    return Error::invalid("pay_unit", "pay_unit_mismatch", "a gig is paid per day");
  }
  if (in.pay_min_fen < 1 || in.pay_min_fen > kMaxPayFen) {
    return Error::invalid("pay_min_fen", "invalid_pay", "pay_min_fen must be 1 to 10000000 fen");
  }
  if (in.pay_max_fen < in.pay_min_fen || in.pay_max_fen > kMaxPayFen) {
    return Error::invalid("pay_max_fen", "invalid_pay",
                          "pay_max_fen must be at least pay_min_fen and at most 10000000 fen");
  }
  if (in.headcount < 1 || in.headcount > 10'000) {
    return Error::invalid("headcount", "invalid_headcount", "headcount must be 1 to 10000");
  }
  GH_TRY(internal::check_text(in.address, "address", 200, true));
  GH_TRY(internal::check_location(in.location));
  GH_TRY(internal::check_text(in.requirements, "requirements", 2000, false));
  GH_TRY(internal::check_text(in.benefits, "benefits", 2000, false));
  GH_TRY(internal::check_text(in.contact_name, "contact_name", 50, true));
  if (!valid_contact_phone(in.contact_phone)) {
    return Error::invalid("contact_phone", "invalid_phone",
                          "a phone number of 5 to 20 digits and '-'");
  }
  if (in.valid_days < 1 || in.valid_days > 90) {
    return Error::invalid("valid_days", "invalid_days", "valid_days must be 1 to 90");
  }
  return Status::Ok();
}

Result<Job> create_job(store::Tx& tx, const Principal& staff, const JobInput& in, int64_t now) {
  GH_TRY(validate(in));
  GH_ASSIGN(Employer e, approved_employer(tx, staff));
  const int64_t id = new_id();
  GH_TRY(tx.exec(
      "INSERT INTO jobs (id, employer_id, org_id, title, kind, pay_unit, pay_min_fen, "
      "pay_max_fen, headcount, address, lat_e6, lng_e6, requirements, benefits, contact_name, "
      "contact_phone, valid_days, status, reason, published_at, expires_at, announced, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "'draft', '', 0, 0, 0, ?, ?)",
      {id, e.id, e.input.org_id, in.title, std::string(enum_name(in.kind)),
       std::string(enum_name(in.pay_unit)), in.pay_min_fen, in.pay_max_fen, in.headcount,
       in.address, in.location.lat_e6, in.location.lng_e6, in.requirements, in.benefits,
       in.contact_name, in.contact_phone, in.valid_days, now, now}));
  GH_ASSIGN(Job job, internal::load_job(tx, id));
  GH_TRY(audit::record(tx, staff, "job.created", "job", std::to_string(id), job.org_id, nullptr,
                       audit_view(job)));
  return job;
}

Result<Job> replace_job(store::Tx& tx, const Principal& staff, int64_t id, const JobInput& in,
                        int64_t now) {
  GH_TRY(validate(in));
  GH_ASSIGN(Job before, own_job(tx, staff, id));
  GH_ASSIGN(int64_t changed,
            tx.exec("UPDATE jobs SET title = ?, kind = ?, pay_unit = ?, pay_min_fen = ?, "
                    "pay_max_fen = ?, headcount = ?, address = ?, lat_e6 = ?, lng_e6 = ?, "
                    "requirements = ?, benefits = ?, contact_name = ?, contact_phone = ?, "
                    "valid_days = ?, updated_at = ? WHERE id = ? AND status IN "
                    "('draft', 'returned')",
                    {in.title, std::string(enum_name(in.kind)), std::string(enum_name(in.pay_unit)),
                     in.pay_min_fen, in.pay_max_fen, in.headcount, in.address, in.location.lat_e6,
                     in.location.lng_e6, in.requirements, in.benefits, in.contact_name,
                     in.contact_phone, in.valid_days, now, id}));
  if (changed != 1) {
    return Error::conflict("wrong_status", "only a draft or returned job is edited");
  }
  GH_ASSIGN(Job after, internal::load_job(tx, id));
  GH_TRY(audit::record(tx, staff, "job.edited", "job", std::to_string(id), after.org_id,
                       audit_view(before), audit_view(after)));
  return after;
}

Result<Job> step(store::Tx& tx, const Principal& principal, int64_t id, Step which,
                 const StepInput& input, int64_t now) {
  const Move move = move_of(which);
  Job before;
  if (move.by_admin) {
    if (!internal::is_admin(principal)) {
      return Error::forbidden("only the union's admins review jobs");
    }
    GH_ASSIGN(before, internal::load_job(tx, id));
    GH_TRY(org::require_in_scope(tx, principal, before.org_id));
  } else {
    GH_ASSIGN(before, own_job(tx, principal, id));
  }
  if (which == Step::kReturn || which == Step::kTakeDown) {
    GH_TRY(internal::check_reason(input.reason));
  }
  if (which == Step::kSubmit) {
    if (auto employer = approved_employer(tx, principal); !employer.ok()) {
      return employer.error();
    }
  }
  const int64_t days = input.valid_days.value_or(before.input.valid_days);
  if (days < 1 || days > 90) {
    return Error::invalid("valid_days", "invalid_days", "valid_days must be 1 to 90");
  }
  const bool publishes = which == Step::kApprove || which == Step::kRenew;
  std::string sql =
      "UPDATE jobs SET status = ?, reason = ?, updated_at = ?, published_at = ?, expires_at = ?, "
      "valid_days = ? WHERE id = ? AND status IN (";
  store::Params params{std::string(enum_name(move.to)),
                       publishes || which == Step::kSubmit ? std::string() : input.reason,
                       now,
                       which == Step::kApprove ? now : before.published_at,
                       publishes ? now + days * kDayMs : before.expires_at,
                       days,
                       id};
  for (size_t i = 0; i < move.from.size(); ++i) {
    sql += i == 0 ? "?" : ", ?";
    params.emplace_back(std::string(enum_name(move.from[i])));
  }
  GH_ASSIGN(int64_t changed, tx.exec(sql + ")", params));
  if (changed != 1) {
    return Error::conflict("wrong_status", "the job is not in a state this step needs");
  }
  GH_TRY(internal::touch_jobs(tx));
  GH_ASSIGN(Job after, internal::load_job(tx, id));
  bj::object view = audit_view(after);
  if (!input.reason.empty()) {
    view["reason"] = input.reason;
  }
  GH_TRY(audit::record(tx, principal, move.action, "job", std::to_string(id), after.org_id,
                       audit_view(before), view));
  return after;
}

Result<Job> posting(store::Tx& tx, const Principal& principal, int64_t id,
                    std::vector<StepRecord>* steps) {
  GH_ASSIGN(Job job, managed_job(tx, principal, id));
  if (steps == nullptr) {
    return job;
  }
  audit::Filter filter;
  filter.target_type = "job";
  filter.target_id = std::to_string(id);
  filter.limit = 500;
  GH_ASSIGN(std::vector<audit::Entry> entries, audit::list(tx, filter));
  for (auto entry = entries.rbegin(); entry != entries.rend(); ++entry) {
    StepRecord record{entry->action, entry->actor_name, entry->at, ""};
    auto after = json::parse(entry->after_json);
    if (after.ok() && after->is_object()) {
      if (const bj::value* reason = after->get_object().if_contains("reason");
          reason != nullptr && reason->is_string()) {
        record.reason = std::string(reason->get_string());
      }
    }
    steps->push_back(std::move(record));
  }
  return job;
}

Result<JobPage> list_postings(store::Tx& tx, const Principal& principal,
                              const PostingFilter& filter, int64_t now) {
  std::string sql = std::string(kSelectJob);
  store::Params params;
  if (const int64_t employer = internal::employer_of(principal); employer != 0) {
    sql += " WHERE j.employer_id = ?";
    params.emplace_back(employer);
  } else {
    GH_ASSIGN(org::Org scope, org::admin_scope(tx, principal));
    const org::PathRange range = org::range_of(scope.path);
    sql += " JOIN orgs o ON o.id = j.org_id WHERE o.path >= ? AND o.path < ?";
    params.emplace_back(range.lower);
    params.emplace_back(range.upper);
    if (filter.employer_id != 0) {
      sql += " AND j.employer_id = ?";
      params.emplace_back(filter.employer_id);
    }
  }
  if (filter.status == JobStatus::kExpired) {
    sql += " AND (j.status = 'expired' OR (j.status = 'published' AND j.expires_at <= ?))";
    params.emplace_back(now);
  } else if (filter.status == JobStatus::kPublished) {
    sql += " AND j.status = 'published' AND j.expires_at > ?";
    params.emplace_back(now);
  } else if (filter.status) {
    sql += " AND j.status = ?";
    params.emplace_back(std::string(enum_name(*filter.status)));
  }
  if (filter.before_id > 0) {
    sql += " AND j.id < ?";
    params.emplace_back(filter.before_id);
  }
  sql += " ORDER BY j.id DESC LIMIT ?";
  params.emplace_back(filter.limit + 1);
  GH_ASSIGN(store::Rows rows, tx.query(sql, params));
  JobPage page;
  for (const store::Row& row : rows) {
    if (static_cast<int64_t>(page.items.size()) == filter.limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(JobFields::read(row));
  }
  return page;
}

Result<Job> published_job(store::Tx& tx, int64_t id, int64_t now) {
  GH_ASSIGN(store::Rows rows,
            tx.query(std::string(kSelectJob) + " WHERE j.id = ? AND j.status = 'published' AND "
                                               "j.expires_at > ? AND e.status = 'approved'",
                     {id, now}));
  if (rows.empty()) {
    return Error::not_found("job");
  }
  return JobFields::read(rows[0]);
}

Result<std::vector<Job>> published_jobs_of(store::Tx& tx, int64_t employer_id, int64_t now) {
  GH_ASSIGN(store::Rows rows,
            tx.query(std::string(kSelectJob) +
                         " WHERE j.employer_id = ? AND j.status = 'published' AND "
                         "j.expires_at > ? AND e.status = 'approved' ORDER BY j.id DESC LIMIT 50",
                     {employer_id, now}));
  std::vector<Job> out;
  for (const store::Row& row : rows) {
    out.push_back(JobFields::read(row));
  }
  return out;
}

}  // namespace gonghui::jobs
