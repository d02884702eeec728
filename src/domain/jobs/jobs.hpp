// 就业服务: employers vetted by a union, the jobs they post (always with their pay), the
// union's review of each job, job seekers and their applications, and saved searches that
// become alerts. Employers' staff hold the employer_staff role for one employer and see only
// that employer's jobs and applications.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/principal.hpp"
#include "domain/access/access.hpp"
#include "domain/merchant/merchant.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"
#include "text/search_cache.hpp"

namespace gonghui::jobs {

// employers, jobs, job_seekers, job_applications, job_application_events, job_alerts
// (versions 1200-1209).
std::vector<store::Migration> migrations();

// ---- Employers -------------------------------------------------------------------------------

enum class EmployerStatus { kPending, kApproved, kRejected };
inline constexpr EnumNames<EmployerStatus, 3> kEmployerStatusNames{
    {"pending", "approved", "rejected"}, EmployerStatus::kPending};
constexpr const auto& enum_names(EmployerStatus) { return kEmployerStatusNames; }

struct EmployerInput {
  int64_t org_id = 0;  // the union asked to vet it; 0: the federation
  std::string name;
  std::string credit_code;  // 统一社会信用代码
  std::string contact_name;
  std::string phone;
  std::string address;
  merchant::Location location;
  int64_t licence_photo_id = 0;
  std::string description;
};

struct Employer {
  int64_t id = 0;
  std::string org_name;
  EmployerInput input;
  EmployerStatus status = EmployerStatus::kPending;
  std::string reason;  // why it was rejected
  int64_t created_at = 0;
  int64_t reviewed_at = 0;
};

// Anyone applies (the public form). 400 naming the field: required, too_long,
// invalid_credit_code (GB 32100-2015 check character), invalid_phone, invalid_coordinate,
// unknown_photo (licence_photo_id), unknown_org (org_id); 409 duplicate_credit_code while a
// pending or approved employer has the code.
Result<Employer> apply(store::Tx& tx, const EmployerInput& input, int64_t now);
// Admins whose subtree holds the vetting union, and the employer's own staff; Forbidden for
// others, NotFound if absent.
Result<Employer> get_employer(store::Tx& tx, const Principal& principal, int64_t id);
// The staff member's own employer (Forbidden for anyone else).
Result<Employer> my_employer(store::Tx& tx, const Principal& staff);
// The employer's name (for invitation pages); NotFound if absent.
Result<std::string> employer_name(store::Tx& tx, int64_t id);

struct EmployerFilter {
  std::optional<EmployerStatus> status;
  std::string q;  // part of the name or the credit code
  int64_t before_id = 0;
  int64_t limit = 50;
};
struct EmployerPage {
  std::vector<Employer> items;  // newest first
  int64_t next_cursor = 0;
};
// Employers vetted by a union in the admin's subtree (Forbidden for non-admins).
Result<EmployerPage> list_employers(store::Tx& tx, const Principal& admin,
                                    const EmployerFilter& filter);
// pending → approved / rejected (reason 1..200 characters, 400 naming reason). Admins in scope
// (Forbidden); 409 wrong_status. Audited (employer.approved, employer.rejected); the member
// whose phone is on the form gets an application_status message.
Result<Employer> approve_employer(store::Tx& tx, const Principal& admin, int64_t id, int64_t now);
Result<Employer> reject_employer(store::Tx& tx, const Principal& admin, int64_t id,
                                 std::string_view reason, int64_t now);
// Invites a number to be staff of an approved employer (a one-time link, as merchant staff).
// Admin in scope; 409 wrong_status unless approved, already_staff; 400 invalid_phone, required
// (name, for a number without an account). Audited (employer.staff_invited).
Result<access::Issued> add_employer_staff(store::Tx& tx, const Principal& admin, int64_t id,
                                          std::string_view phone, std::string_view name);

// ---- Jobs ------------------------------------------------------------------------------------

// 全职 (per month), 兼职, 季节工, 零工 (per day).
enum class JobKind { kFullTime, kPartTime, kSeasonal, kGig };
inline constexpr EnumNames<JobKind, 4> kJobKindNames{{"full_time", "part_time", "seasonal", "gig"},
                                                     JobKind::kFullTime};
constexpr const auto& enum_names(JobKind) { return kJobKindNames; }

enum class PayUnit { kMonth, kDay };
inline constexpr EnumNames<PayUnit, 2> kPayUnitNames{{"month", "day"}, PayUnit::kMonth};
constexpr const auto& enum_names(PayUnit) { return kPayUnitNames; }

// Stored: every status but expired is stored as shown; a published job past expires_at shows
// as expired until the sweep stores it so.
enum class JobStatus { kDraft, kSubmitted, kReturned, kPublished, kExpired, kFilled, kTakenDown };
inline constexpr EnumNames<JobStatus, 7> kJobStatusNames{
    {"draft", "submitted", "returned", "published", "expired", "filled", "taken_down"},
    JobStatus::kDraft};
constexpr const auto& enum_names(JobStatus) { return kJobStatusNames; }

inline constexpr int64_t kDefaultValidDays = 30;
inline constexpr int64_t kMaxPayFen = 10'000'000;

struct JobInput {
  std::string title;
  JobKind kind = JobKind::kFullTime;
  PayUnit pay_unit = PayUnit::kMonth;
  int64_t pay_min_fen = 0;
  int64_t pay_max_fen = 0;
  int64_t headcount = 1;
  std::string address;
  merchant::Location location;
  std::string requirements;
  std::string benefits;
  std::string contact_name;
  std::string contact_phone;
  int64_t valid_days = kDefaultValidDays;
};

struct Job {
  int64_t id = 0;
  int64_t employer_id = 0;
  std::string employer_name;
  int64_t org_id = 0;  // the employer's vetting union
  JobInput input;
  JobStatus stored_status = JobStatus::kDraft;
  std::string reason;  // of the last return or take-down
  int64_t published_at = 0;
  int64_t expires_at = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t applications = 0;
  JobStatus status(int64_t now) const;
};

// The checks of a job's fields; 400 naming the field (see docs/openapi.yaml, JobInput).
Status validate(const JobInput& input);

// The staff member's employer creates a draft (409 employer_not_approved unless approved).
// Audited (job.created).
Result<Job> create_job(store::Tx& tx, const Principal& staff, const JobInput& input, int64_t now);
// A draft or returned job of the staff member's employer is replaced (409 wrong_status).
// NotFound for another employer's job. Audited (job.edited).
Result<Job> replace_job(store::Tx& tx, const Principal& staff, int64_t id, const JobInput& input,
                        int64_t now);

// The review steps. Each is one conditional UPDATE … WHERE status = <the one it needs>, so of
// two at once one moves the job and the other gets 409 wrong_status, and an audit record
// (job.<step>) in the same transaction. Staff act on their employer's jobs only (NotFound for
// others); admins in the subtree of the employer's union (Forbidden outside it).
enum class Step { kSubmit, kApprove, kReturn, kTakeDown, kRenew, kFill };
struct StepInput {
  std::string reason;                 // return and take-down: 1..200 characters
  std::optional<int64_t> valid_days;  // renew: 1..90, default the job's own
};
// submit (staff): draft/returned → submitted; approve (admin): submitted → published, expiring
// valid_days from now; return (admin): submitted → returned; take_down (admin): published or
// expired → taken_down; renew (staff): published or expired → published with a new expiry;
// fill (staff): published or expired → filled.
Result<Job> step(store::Tx& tx, const Principal& principal, int64_t id, Step which,
                 const StepInput& input, int64_t now);

// One audited step of a job, oldest first, read back from the audit log.
struct StepRecord {
  std::string action;
  std::string actor;
  int64_t at = 0;
  std::string reason;
};
// A job for its employer's staff (NotFound for another's) or an admin in scope, with its steps.
Result<Job> posting(store::Tx& tx, const Principal& principal, int64_t id,
                    std::vector<StepRecord>* steps);

struct PostingFilter {
  std::optional<JobStatus> status;
  int64_t employer_id = 0;
  int64_t before_id = 0;
  int64_t limit = 50;
};
struct JobPage {
  std::vector<Job> items;
  int64_t next_cursor = 0;
};
// Staff: their employer's jobs; admins: jobs of employers vetted in their subtree. Newest first.
Result<JobPage> list_postings(store::Tx& tx, const Principal& principal,
                              const PostingFilter& filter, int64_t now);

// A published, unexpired job of an approved employer, for anyone; NotFound otherwise.
Result<Job> published_job(store::Tx& tx, int64_t id, int64_t now);
// The published, unexpired jobs of an approved employer, newest first (at most 50); for a
// job fair's page.
Result<std::vector<Job>> published_jobs_of(store::Tx& tx, int64_t employer_id, int64_t now);

// Search over published jobs (title and employer by simplified/traditional characters and
// pinyin; requirements and place as extra text), rebuilt when jobs_version moves or the first
// job in it expires.
class JobSearch {
 public:
  JobSearch(store::Db& db, const text::PinyinTable& pinyin);
  // Ids of matching published jobs, best first (at most 1,000).
  Result<std::vector<int64_t>> search(std::string_view query);
  Status refresh() { return cache_.refresh(); }

 private:
  text::SearchCache cache_;
};

struct Browse {
  std::string q;
  std::optional<JobKind> kind;
  std::optional<PayUnit> pay_unit;
  int64_t min_pay_fen = 0;
  std::optional<merchant::Location> near;
  int64_t within_m = 0;  // 0: any distance
  enum class Sort { kNewest, kPay, kDistance } sort = Sort::kNewest;
  int64_t offset = 0;  // the cursor: an id for newest without q, else a position
  int64_t limit = 20;
};
struct BrowsePage {
  std::vector<Job> items;
  std::vector<int64_t> distance_m;  // per item, -1 without `near`
  int64_t next_cursor = 0;
};
// Published, unexpired jobs of approved employers, filtered and sorted as asked. `search` is
// used when q is set.
Result<BrowsePage> browse(store::Tx& tx, JobSearch& search, const Browse& query, int64_t now);

// Stores published jobs past their expiry as expired (audited as job.expired by the system),
// each with a conditional update so that several runners may sweep at once. Returns how many.
Result<int64_t> expire_jobs(store::Db& db, int64_t now);

// ---- Job seekers and applications -----------------------------------------------------------

struct Profile {
  std::string name;
  std::string phone;
  std::string skills;
  std::string experience;
  std::vector<JobKind> preferred_kinds;
  std::string preferred_area;
  bool member = false;
};
struct ProfileInput {
  std::string skills;
  std::string experience;
  std::vector<JobKind> preferred_kinds;
  std::string preferred_area;
};
// 400 too_long naming the field.
Status validate(const ProfileInput& input);

// The caller's profile (NotFound before one is saved).
Result<Profile> profile(store::Tx& tx, const Principal& principal);
// Creates or replaces the caller's profile.
Result<Profile> save_profile(store::Tx& tx, const Principal& principal, const ProfileInput& input,
                             int64_t now);
// For the registration of a job seeker, inside the proof of their number: makes the account
// (no password) when the number has none, and saves the profile if the account has none yet.
// 400 required/too_long (name). Runs in the sign-in's write transaction.
Status register_seeker(store::Tx& tx, std::string_view phone, std::string_view name,
                       const ProfileInput& input, int64_t now);

enum class ApplicationStatus { kSubmitted, kViewed, kInterview, kHired, kRejected };
inline constexpr EnumNames<ApplicationStatus, 5> kApplicationStatusNames{
    {"submitted", "viewed", "interview", "hired", "rejected"}, ApplicationStatus::kSubmitted};
constexpr const auto& enum_names(ApplicationStatus) { return kApplicationStatusNames; }

struct ApplicationStep {
  ApplicationStatus status = ApplicationStatus::kSubmitted;
  std::string note;
  int64_t at = 0;
};
struct Application {
  int64_t id = 0;
  int64_t job_id = 0;
  std::string job_title;
  int64_t employer_id = 0;
  std::string employer_name;
  int64_t account_id = 0;
  int64_t member_id = 0;  // the seeker's member record when they applied; 0 for non-members
  ApplicationStatus status = ApplicationStatus::kSubmitted;
  std::string note;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::vector<ApplicationStep> timeline;  // oldest first
  std::optional<Profile> seeker;          // for the employer's staff
};

// The caller applies to a published job with their profile (409 profile_required,
// already_applied, job_closed, own_employer; NotFound for a job that is not published; note at
// most 200 characters). A member seeker gets a message (job_application:<id>:submitted).
Result<Application> apply_to_job(store::Tx& tx, const Principal& principal, int64_t job_id,
                                 std::string_view note, int64_t now);
struct ApplicationPage {
  std::vector<Application> items;  // newest first
  int64_t next_cursor = 0;
};
// The caller's own applications, with timelines.
Result<ApplicationPage> my_applications(store::Tx& tx, const Principal& principal,
                                        int64_t before_id, int64_t limit);
struct ApplicationFilter {
  int64_t job_id = 0;
  std::optional<ApplicationStatus> status;
  int64_t before_id = 0;
  int64_t limit = 50;
};
// Applications to the staff member's employer's jobs only (Forbidden for anyone else).
Result<ApplicationPage> employer_applications(store::Tx& tx, const Principal& staff,
                                              const ApplicationFilter& filter);
// One application to the staff member's employer, with the seeker's profile (phone masked);
// NotFound for any other employer's.
Result<Application> employer_application(store::Tx& tx, const Principal& staff, int64_t id);
// Moves an application (see docs/openapi.yaml for the allowed steps; 409 wrong_status) with a
// conditional update, records the step and posts the seeker's message
// (job_application:<id>:<status>) when the seeker is a member. NotFound for another employer's.
Result<Application> move_application(store::Tx& tx, const Principal& staff, int64_t id,
                                     ApplicationStatus to, std::string_view note, int64_t now);

// ---- Alerts ----------------------------------------------------------------------------------

inline constexpr size_t kMaxAlerts = 10;

struct Alert {
  int64_t id = 0;
  int64_t member_id = 0;
  std::string q;
  std::optional<JobKind> kind;
  std::optional<PayUnit> pay_unit;
  int64_t min_pay_fen = 0;
  std::optional<merchant::Location> near;
  int64_t within_m = 0;
  int64_t created_at = 0;
};
// The member's alerts, newest first.
Result<std::vector<Alert>> alerts(store::Tx& tx, int64_t member_id);
// 400 empty_alert (nothing to match on), too_long (q), invalid_distance (within_m without a
// place or over 500 km); 409 too_many_alerts past kMaxAlerts.
Result<Alert> create_alert(store::Tx& tx, int64_t member_id, const Alert& alert, int64_t now);
// NotFound for another member's alert.
Status delete_alert(store::Tx& tx, int64_t member_id, int64_t id);
// Whether a job matches an alert (q by the pinyin matcher over title and employer name).
bool matches(const Alert& alert, const Job& job, const text::PinyinTable& pinyin);
// For each published job not yet announced (oldest first, up to `batch`), in a transaction of
// its own: marks it announced with a conditional update and posts a job message to every
// member with a matching alert (job_alert:<alert>:<job>). A job is announced once however many
// runners sweep at once. Returns the messages posted.
Result<int64_t> send_alerts(store::Db& db, const text::PinyinTable& pinyin, int64_t now,
                            int64_t batch = 100);

// ---- Figures ---------------------------------------------------------------------------------

struct Figures {
  int64_t jobs = 0;       // published in the period
  int64_t positions = 0;  // their headcount
  int64_t applications = 0;
  int64_t interviews = 0;
  int64_t hires = 0;
  int64_t new_members = 0;  // 入会申请 approved in the period
};
struct FigureRow {
  int64_t org_id = 0;  // a child union of the scope, or the scope itself (本级)
  std::string org_name;
  Figures figures;
};
struct FigureReport {
  Figures total;
  std::vector<FigureRow> rows;
};
// The subtree of `org_id` (default the admin's own; Forbidden outside the admin's scope) over
// [from, to): by the employer's vetting union, and new members by the union they joined.
Result<FigureReport> figures(store::Tx& tx, const Principal& admin, int64_t org_id, int64_t from,
                             int64_t to);

}  // namespace gonghui::jobs
