// The JSON of 就业服务 (docs/openapi.yaml: Employer, JobCard, Job, JobPosting, JobApplication,
// JobSeekerProfile, JobAlert) and reading employers, jobs, profiles and alerts from a body.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <vector>

#include "core/error.hpp"
#include "domain/jobs/jobs.hpp"

namespace gonghui::api::jobs_json {

// Employer (phone masked).
boost::json::object employer(const jobs::Employer& e);
// JobCard, with the distance when known (-1: none).
boost::json::object card(const jobs::Job& j, int64_t now, int64_t distance_m = -1);
// Job: the card with requirements and benefits; the contact only if `signed_in`.
boost::json::object job(const jobs::Job& j, int64_t now, bool signed_in, int64_t my_application_id);
// JobPosting; steps when given.
boost::json::object posting(const jobs::Job& j, int64_t now,
                            const std::vector<jobs::StepRecord>* steps);
// JobSeekerProfile (the phone as given: the domain masks it for employers).
boost::json::object profile(const jobs::Profile& p, bool mask);
// JobApplication.
boost::json::object application(const jobs::Application& a);
// JobAlert.
boost::json::object alert(const jobs::Alert& a);

// EmployerApplicationInput; JobInput; the profile fields; an alert. Type errors name the
// field; the rules are the domain's.
Result<jobs::EmployerInput> read_employer(const boost::json::object& body);
Result<jobs::JobInput> read_job(const boost::json::object& body);
Result<jobs::ProfileInput> read_profile(const boost::json::object& body);
Result<jobs::Alert> read_alert(const boost::json::object& body);

}  // namespace gonghui::api::jobs_json
