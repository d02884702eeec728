// Job seekers and their applications: profiles, registration by phone code, applying, and the
// steps an employer moves an application through (each told to a member seeker).
#include <algorithm>

#include "core/id.hpp"
#include "core/mask.hpp"
#include "domain/auth/auth.hpp"
#include "domain/jobs/internal.hpp"
#include "domain/message/message.hpp"

namespace gonghui::jobs {
namespace {

constexpr std::string_view kSelectApplication =
    "SELECT a.id, a.job_id, j.title, a.employer_id, e.name, a.account_id, a.member_id, "
    "a.status, a.note, a.created_at, a.updated_at FROM job_applications a "
    "JOIN jobs j ON j.id = a.job_id JOIN employers e ON e.id = a.employer_id";
using ApplicationFields =
    store::Fields<&Application::id, &Application::job_id, &Application::job_title,
                  &Application::employer_id, &Application::employer_name, &Application::account_id,
                  &Application::member_id, &Application::status, &Application::note,
                  &Application::created_at, &Application::updated_at>;
static_assert(ApplicationFields::matches(kSelectApplication));

constexpr std::string_view kSelectStep =
    "SELECT status, note, created_at FROM job_application_events WHERE application_id = ? "
    "ORDER BY id";
using StepFields =
    store::Fields<&ApplicationStep::status, &ApplicationStep::note, &ApplicationStep::at>;
static_assert(StepFields::matches(kSelectStep));

std::string kinds_text(const std::vector<JobKind>& kinds) {
  std::string out;
  for (JobKind kind : kinds) {
    out += (out.empty() ? "" : ",") + std::string(enum_name(kind));
  }
  return out;
}

std::vector<JobKind> kinds_of(std::string_view text) {
  std::vector<JobKind> out;
  size_t start = 0;
  while (start < text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    if (auto kind = parse_enum<JobKind>(text.substr(start, comma - start))) {
      out.push_back(*kind);
    }
    start = comma + 1;
  }
  return out;
}

// The active member record of an account, 0 for none.
Result<int64_t> member_of_account(store::Tx& tx, int64_t account_id) {
  GH_ASSIGN(store::Rows rows, tx.query("SELECT id FROM members WHERE account_id = ? AND "
                                       "status = 'active'",
                                       {account_id}));
  return rows.empty() ? int64_t{0} : rows[0].integer(0);
}

Result<Profile> load_profile(store::Tx& tx, int64_t account_id) {
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT a.name, a.phone, s.skills, s.experience, s.preferred_kinds, "
                     "s.preferred_area FROM job_seekers s JOIN accounts a ON a.id = "
                     "s.account_id WHERE s.account_id = ?",
                     {account_id}));
  if (rows.empty()) {
    return Error::not_found("job seeker profile");
  }
  Profile p{rows[0].text(0), rows[0].text(1),           rows[0].text(2),
            rows[0].text(3), kinds_of(rows[0].text(4)), rows[0].text(5)};
  GH_ASSIGN(int64_t member, member_of_account(tx, account_id));
  p.member = member != 0;
  return p;
}

Status store_profile(store::Tx& tx, int64_t account_id, const ProfileInput& in, int64_t now) {
  GH_TRY(
      tx.exec("INSERT INTO job_seekers (account_id, skills, experience, preferred_kinds, "
              "preferred_area, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (account_id) DO UPDATE SET skills = excluded.skills, experience = "
              "excluded.experience, preferred_kinds = excluded.preferred_kinds, preferred_area = "
              "excluded.preferred_area, updated_at = excluded.updated_at",
              {account_id, in.skills, in.experience, kinds_text(in.preferred_kinds),
               in.preferred_area, now, now}));
  return Status::Ok();
}

Result<Application> with_timeline(store::Tx& tx, Application a) {
  GH_ASSIGN(store::Rows steps, tx.query(kSelectStep, {a.id}));
  for (const store::Row& row : steps) {
    a.timeline.push_back(StepFields::read(row));
  }
  return a;
}

Result<Application> load_application(store::Tx& tx, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kSelectApplication) + " WHERE a.id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("application");
  }
  return with_timeline(tx, ApplicationFields::read(rows[0]));
}

Result<ApplicationPage> page_of(store::Tx& tx, std::string sql, store::Params params,
                                int64_t before_id, int64_t limit) {
  if (before_id > 0) {
    sql += " AND a.id < ?";
    params.emplace_back(before_id);
  }
  sql += " ORDER BY a.id DESC LIMIT ?";
  params.emplace_back(limit + 1);
  GH_ASSIGN(store::Rows rows, tx.query(sql, params));
  ApplicationPage page;
  for (const store::Row& row : rows) {
    if (static_cast<int64_t>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    GH_ASSIGN(Application a, with_timeline(tx, ApplicationFields::read(row)));
    page.items.push_back(std::move(a));
  }
  return page;
}

// What the seeker is told at each step.
std::pair<std::string, std::string> message_for(const Application& a, ApplicationStatus status,
                                                std::string_view note, const Job& job) {
  const std::string what = "「" + a.job_title + "」（" + a.employer_name + "）";
  std::string extra = note.empty() ? "" : "备注：" + std::string(note);
  switch (status) {
    case ApplicationStatus::kSubmitted:
      return {"简历已投递", "你已投递" + what + "，请留意用人单位的回复。"};
    case ApplicationStatus::kViewed:
      return {"简历已被查看", what + "已查看你的投递。"};
    case ApplicationStatus::kInterview:
      return {"邀请面试", what + "邀请你面试。联系人：" + job.input.contact_name + " " +
                              job.input.contact_phone + "。" + extra};
    case ApplicationStatus::kHired:
      return {"录用通知", "恭喜！" + what + "决定录用你。" + extra};
    case ApplicationStatus::kRejected:
      return {"投递结果", what + "认为本岗位暂不合适，感谢你的投递。" + extra};
  }
  return {"", ""};
}

Status record_step(store::Tx& tx, const Application& a, ApplicationStatus status,
                   std::string_view note, int64_t actor, const Job& job, int64_t now) {
  GH_TRY(
      tx.exec("INSERT INTO job_application_events (id, application_id, status, note, "
              "actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
              {new_id(), a.id, std::string(enum_name(status)), std::string(note), actor, now}));
  GH_ASSIGN(int64_t member, member_of_account(tx, a.account_id));
  if (member == 0) {
    return Status::Ok();  // messages belong to members; others read the timeline
  }
  const auto [title, body] = message_for(a, status, note, job);
  GH_TRY(message::post(
      tx, member, "job", title, body, "/me/jobs/applications",
      "job_application:" + std::to_string(a.id) + ":" + std::string(enum_name(status))));
  return Status::Ok();
}

bool allowed(ApplicationStatus from, ApplicationStatus to) {
  using S = ApplicationStatus;
  switch (to) {
    case S::kViewed:
      return from == S::kSubmitted;
    case S::kInterview:
      return from == S::kSubmitted || from == S::kViewed;
    case S::kHired:
      return from == S::kInterview;
    case S::kRejected:
      return from == S::kSubmitted || from == S::kViewed || from == S::kInterview;
    case S::kSubmitted:
      return false;
  }
  return false;
}

}  // namespace

Status validate(const ProfileInput& in) {
  GH_TRY(internal::check_text(in.skills, "skills", 500, false));
  GH_TRY(internal::check_text(in.experience, "experience", 1000, false));
  return internal::check_text(in.preferred_area, "preferred_area", 100, false);
}

Result<Profile> profile(store::Tx& tx, const Principal& principal) {
  return load_profile(tx, principal.account_id);
}

Result<Profile> save_profile(store::Tx& tx, const Principal& principal, const ProfileInput& input,
                             int64_t now) {
  GH_TRY(validate(input));
  GH_TRY(store_profile(tx, principal.account_id, input, now));
  return load_profile(tx, principal.account_id);
}

Status register_seeker(store::Tx& tx, std::string_view phone, std::string_view name,
                       const ProfileInput& input, int64_t now) {
  GH_TRY(internal::check_text(name, "name", 50, true));
  GH_TRY(validate(input));
  int64_t account_id = 0;
  auto existing = auth::find_account_by_phone(tx, phone);
  if (existing.ok()) {
    account_id = existing->id;
  } else if (existing.error().kind == ErrorKind::kNotFound) {
    GH_ASSIGN(auth::Account made, auth::create_account(tx, phone, name, "", false));
    account_id = made.id;
  } else {
    return existing.error();
  }
  GH_ASSIGN(store::Rows has,
            tx.query("SELECT 1 FROM job_seekers WHERE account_id = ?", {account_id}));
  if (has.empty()) {
    GH_TRY(store_profile(tx, account_id, input, now));
  }
  return Status::Ok();
}

Result<Application> apply_to_job(store::Tx& tx, const Principal& principal, int64_t job_id,
                                 std::string_view note, int64_t now) {
  GH_TRY(internal::check_text(note, "note", 200, false));
  GH_ASSIGN(Job job, internal::load_job(tx, job_id));
  if (job.stored_status != JobStatus::kPublished && job.stored_status != JobStatus::kExpired &&
      job.stored_status != JobStatus::kFilled && job.stored_status != JobStatus::kTakenDown) {
    return Error::not_found("job");
  }
  if (job.status(now) != JobStatus::kPublished) {
    return Error::conflict("job_closed", "this job no longer takes applications");
  }
  if (internal::employer_of(principal) == job.employer_id) {
    return Error::conflict("own_employer", "staff cannot apply to their own employer");
  }
  GH_ASSIGN(store::Rows has,
            tx.query("SELECT 1 FROM job_seekers WHERE account_id = ?", {principal.account_id}));
  if (has.empty()) {
    return Error::conflict("profile_required", "save a job-seeker profile first");
  }
  GH_ASSIGN(int64_t member, member_of_account(tx, principal.account_id));
  const int64_t id = new_id();
  GH_ASSIGN(int64_t inserted,
            tx.exec("INSERT INTO job_applications (id, job_id, employer_id, account_id, "
                    "member_id, status, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "
                    "'submitted', ?, ?, ?) ON CONFLICT (job_id, account_id) DO NOTHING",
                    {id, job_id, job.employer_id, principal.account_id, member, std::string(note),
                     now, now}));
  if (inserted != 1) {
    return Error::conflict("already_applied", "you have applied to this job already");
  }
  GH_ASSIGN(Application a, load_application(tx, id));
  GH_TRY(record_step(tx, a, ApplicationStatus::kSubmitted, "", principal.account_id, job, now));
  return load_application(tx, id);
}

Result<ApplicationPage> my_applications(store::Tx& tx, const Principal& principal,
                                        int64_t before_id, int64_t limit) {
  return page_of(tx, std::string(kSelectApplication) + " WHERE a.account_id = ?",
                 {principal.account_id}, before_id, limit);
}

Result<ApplicationPage> employer_applications(store::Tx& tx, const Principal& staff,
                                              const ApplicationFilter& filter) {
  const int64_t employer = internal::employer_of(staff);
  if (employer == 0) {
    return Error::forbidden("only the employer's staff read its applications");
  }
  std::string sql = std::string(kSelectApplication) + " WHERE a.employer_id = ?";
  store::Params params{employer};
  if (filter.job_id != 0) {
    sql += " AND a.job_id = ?";
    params.emplace_back(filter.job_id);
  }
  if (filter.status) {
    sql += " AND a.status = ?";
    params.emplace_back(std::string(enum_name(*filter.status)));
  }
  GH_ASSIGN(ApplicationPage page,
            page_of(tx, std::move(sql), std::move(params), filter.before_id, filter.limit));
  for (Application& a : page.items) {
    auto seeker = load_profile(tx, a.account_id);
    if (seeker.ok()) {
      seeker->phone = mask_phone(seeker->phone);
      a.seeker = std::move(seeker).value();
    }
  }
  return page;
}

Result<Application> employer_application(store::Tx& tx, const Principal& staff, int64_t id) {
  const int64_t employer = internal::employer_of(staff);
  GH_ASSIGN(Application a, load_application(tx, id));
  if (employer == 0 || a.employer_id != employer) {
    return Error::not_found("application");
  }
  auto seeker = load_profile(tx, a.account_id);
  if (seeker.ok()) {
    seeker->phone = mask_phone(seeker->phone);
    a.seeker = std::move(seeker).value();
  }
  return a;
}

Result<Application> move_application(store::Tx& tx, const Principal& staff, int64_t id,
                                     ApplicationStatus to, std::string_view note, int64_t now) {
  GH_TRY(internal::check_text(note, "note", 200, false));
  GH_ASSIGN(Application a, employer_application(tx, staff, id));
  if (!allowed(a.status, to)) {
    return Error::conflict("wrong_status", "an application cannot move from " +
                                               std::string(enum_name(a.status)) + " to " +
                                               std::string(enum_name(to)));
  }
  // Of two moves at once, the one whose update still finds the status it read wins.
  GH_ASSIGN(int64_t changed,
            tx.exec("UPDATE job_applications SET status = ?, updated_at = ? WHERE id = ? AND "
                    "status = ?",
                    {std::string(enum_name(to)), now, id, std::string(enum_name(a.status))}));
  if (changed != 1) {
    return Error::conflict("wrong_status", "the application was moved meanwhile");
  }
  GH_ASSIGN(Job job, internal::load_job(tx, a.job_id));
  GH_TRY(record_step(tx, a, to, note, staff.account_id, job, now));
  return employer_application(tx, staff, id);
}

}  // namespace gonghui::jobs
