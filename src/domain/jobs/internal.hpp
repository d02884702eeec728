// What the files of the jobs module share: row mappers, the staff member's employer, scope
// checks and the search version.
#pragma once

#include <string>
#include <string_view>

#include "domain/jobs/jobs.hpp"
#include "store/columns.hpp"

namespace gonghui::jobs {

using EmployerInputFields =
    store::Fields<&EmployerInput::org_id, &EmployerInput::name, &EmployerInput::credit_code,
                  &EmployerInput::contact_name, &EmployerInput::phone, &EmployerInput::address,
                  &EmployerInput::location, &EmployerInput::licence_photo_id,
                  &EmployerInput::description>;
EmployerInputFields fields_of(const EmployerInput*);

using JobInputFields =
    store::Fields<&JobInput::title, &JobInput::kind, &JobInput::pay_unit, &JobInput::pay_min_fen,
                  &JobInput::pay_max_fen, &JobInput::headcount, &JobInput::address,
                  &JobInput::location, &JobInput::requirements, &JobInput::benefits,
                  &JobInput::contact_name, &JobInput::contact_phone, &JobInput::valid_days>;
JobInputFields fields_of(const JobInput*);

namespace internal {

// SELECT of an employer with its union's name; `WHERE …` follows.
inline constexpr std::string_view kSelectEmployer =
    "SELECT e.id, o.name, e.org_id, e.name, e.credit_code, e.contact_name, e.phone, e.address, "
    "e.lat_e6, e.lng_e6, e.licence_photo_id, e.description, e.status, e.reason, e.created_at, "
    "e.reviewed_at FROM employers e JOIN orgs o ON o.id = e.org_id";
using EmployerFields =
    store::Fields<&Employer::id, &Employer::org_name, &Employer::input, &Employer::status,
                  &Employer::reason, &Employer::created_at, &Employer::reviewed_at>;
static_assert(EmployerFields::matches(kSelectEmployer));

// SELECT of a job with its employer's name and its count of applications.
inline constexpr std::string_view kSelectJob =
    "SELECT j.id, j.employer_id, e.name, j.org_id, j.title, j.kind, j.pay_unit, j.pay_min_fen, "
    "j.pay_max_fen, j.headcount, j.address, j.lat_e6, j.lng_e6, j.requirements, j.benefits, "
    "j.contact_name, j.contact_phone, j.valid_days, j.status, j.reason, j.published_at, "
    "j.expires_at, j.created_at, j.updated_at, (SELECT COUNT(*) FROM job_applications a WHERE "
    "a.job_id = j.id) FROM jobs j JOIN employers e ON e.id = j.employer_id";
using JobFields =
    store::Fields<&Job::id, &Job::employer_id, &Job::employer_name, &Job::org_id, &Job::input,
                  &Job::stored_status, &Job::reason, &Job::published_at, &Job::expires_at,
                  &Job::created_at, &Job::updated_at, &Job::applications>;
static_assert(JobFields::matches(kSelectJob));

// The employer the principal is staff of, 0 when none.
int64_t employer_of(const Principal& principal);
bool is_admin(const Principal& principal);

// One employer / job by id, NotFound if absent.
Result<Employer> load_employer(store::Tx& tx, int64_t id);
Result<Job> load_job(store::Tx& tx, int64_t id);

// Bumped in every transaction that changes what job search holds.
Status touch_jobs(store::Tx& tx);
Result<int64_t> jobs_version(store::Tx& tx);

// 400 naming `field`: required when empty (if `required`), too_long past `max` code points.
Status check_text(std::string_view value, std::string_view field, size_t max, bool required);
// 400 naming `field` (invalid_coordinate) outside ±90° / ±180°.
Status check_location(const merchant::Location& location);
// A reason of 1..200 characters (400 naming reason).
Status check_reason(std::string_view reason);

}  // namespace internal
}  // namespace gonghui::jobs
