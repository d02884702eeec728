// The tables of 就业服务. An employer is its own application (pending until reviewed); a job
// keeps its employer's vetting union so that admins' reads are one index range; an
// application is unique per job and account; `announced` marks a job whose alerts were sent.
#include "domain/jobs/jobs.hpp"

namespace gonghui::jobs {

std::vector<store::Migration> migrations() {
  return {{1200, "employers",
           R"sql(CREATE TABLE employers (
  id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL REFERENCES orgs (id), name TEXT NOT NULL,
  credit_code TEXT NOT NULL, contact_name TEXT NOT NULL, phone TEXT NOT NULL,
  address TEXT NOT NULL, lat_e6 BIGINT NOT NULL, lng_e6 BIGINT NOT NULL,
  licence_photo_id BIGINT NOT NULL, description TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','approved','rejected')),
  reason TEXT NOT NULL, reviewed_by BIGINT NOT NULL, reviewed_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL);
CREATE INDEX employers_org ON employers (org_id, id);
CREATE UNIQUE INDEX employers_credit_code ON employers (credit_code)
  WHERE status <> 'rejected';
INSERT INTO settings (key, value) VALUES ('jobs_version', '0');)sql",
           ""},
          {1201, "jobs",
           R"sql(CREATE TABLE jobs (
  id BIGINT PRIMARY KEY, employer_id BIGINT NOT NULL REFERENCES employers (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id), title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('full_time','part_time','seasonal','gig')),
  pay_unit TEXT NOT NULL CHECK (pay_unit IN ('month','day')),
  pay_min_fen BIGINT NOT NULL CHECK (pay_min_fen > 0),
  pay_max_fen BIGINT NOT NULL CHECK (pay_max_fen >= pay_min_fen),
  headcount BIGINT NOT NULL CHECK (headcount > 0), address TEXT NOT NULL,
  lat_e6 BIGINT NOT NULL, lng_e6 BIGINT NOT NULL, requirements TEXT NOT NULL,
  benefits TEXT NOT NULL, contact_name TEXT NOT NULL, contact_phone TEXT NOT NULL,
  valid_days BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN
    ('draft','submitted','returned','published','expired','filled','taken_down')),
  reason TEXT NOT NULL, published_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
  announced INTEGER NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX jobs_employer ON jobs (employer_id, id);
CREATE INDEX jobs_org ON jobs (org_id, id);
CREATE INDEX jobs_status ON jobs (status, expires_at);
CREATE INDEX jobs_unannounced ON jobs (announced, id);)sql",
           ""},
          {1202, "job seekers and applications",
           R"sql(CREATE TABLE job_seekers (
  account_id BIGINT PRIMARY KEY REFERENCES accounts (id), skills TEXT NOT NULL,
  experience TEXT NOT NULL, preferred_kinds TEXT NOT NULL, preferred_area TEXT NOT NULL,
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE TABLE job_applications (
  id BIGINT PRIMARY KEY, job_id BIGINT NOT NULL REFERENCES jobs (id),
  employer_id BIGINT NOT NULL REFERENCES employers (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id), member_id BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('submitted','viewed','interview','hired','rejected')),
  note TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
  UNIQUE (job_id, account_id));
CREATE INDEX job_applications_employer ON job_applications (employer_id, id);
CREATE INDEX job_applications_account ON job_applications (account_id, id);
CREATE TABLE job_application_events (
  id BIGINT PRIMARY KEY, application_id BIGINT NOT NULL REFERENCES job_applications (id),
  status TEXT NOT NULL, note TEXT NOT NULL, actor_id BIGINT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX job_application_events_application ON job_application_events (application_id, id);
CREATE INDEX job_application_events_time ON job_application_events (created_at);)sql",
           ""},
          {1203, "job alerts",
           R"sql(CREATE TABLE job_alerts (
  id BIGINT PRIMARY KEY, member_id BIGINT NOT NULL REFERENCES members (id), q TEXT NOT NULL,
  kind TEXT NOT NULL, pay_unit TEXT NOT NULL, min_pay_fen BIGINT NOT NULL,
  located INTEGER NOT NULL, lat_e6 BIGINT NOT NULL, lng_e6 BIGINT NOT NULL,
  within_m BIGINT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX job_alerts_member ON job_alerts (member_id, id);)sql",
           ""}};
}

}  // namespace gonghui::jobs
