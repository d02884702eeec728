// The tables of job fairs and mentors. A fair and a mentor's slots keep only what they add to
// their booking campaigns: the fair's place and employers, the mentor's profile, which campaign
// holds a mentor's slots (and where they take place), and the mentor's notes per booking.
// `campaigns.listed` is 0 for those campaigns: they are reached through their fair or mentor,
// and are no 活动 of the campaign lists, the overview or the 助农 impact report.
#include "domain/fair/fair.hpp"

namespace gonghui::fair {

std::vector<store::Migration> migrations() {
  return {{1230, "job fairs",
           R"sql(CREATE TABLE job_fairs (
  id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL REFERENCES orgs (id),
  campaign_id BIGINT NOT NULL UNIQUE REFERENCES campaigns (id), slot_id BIGINT NOT NULL,
  title TEXT NOT NULL, description TEXT NOT NULL, place TEXT NOT NULL,
  lat_e6 BIGINT NOT NULL, lng_e6 BIGINT NOT NULL, created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX job_fairs_org ON job_fairs (org_id, id);
CREATE TABLE job_fair_employers (
  fair_id BIGINT NOT NULL REFERENCES job_fairs (id),
  employer_id BIGINT NOT NULL REFERENCES employers (id), position BIGINT NOT NULL,
  PRIMARY KEY (fair_id, employer_id));)sql",
           ""},
          {1231, "mentors",
           R"sql(CREATE TABLE mentors (
  id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL REFERENCES orgs (id), name TEXT NOT NULL,
  phone TEXT NOT NULL UNIQUE, kind TEXT NOT NULL CHECK (kind IN ('model_worker','expert')),
  title TEXT NOT NULL, intro TEXT NOT NULL, model_worker_id BIGINT NOT NULL,
  created_by BIGINT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX mentors_org ON mentors (org_id, id);
CREATE TABLE mentor_campaigns (
  campaign_id BIGINT PRIMARY KEY REFERENCES campaigns (id),
  mentor_id BIGINT NOT NULL REFERENCES mentors (id), place TEXT NOT NULL);
CREATE INDEX mentor_campaigns_mentor ON mentor_campaigns (mentor_id, campaign_id);
CREATE TABLE mentor_notes (
  entry_id BIGINT PRIMARY KEY, mentor_id BIGINT NOT NULL REFERENCES mentors (id),
  note TEXT NOT NULL, noted_at BIGINT NOT NULL);)sql",
           ""},
          {1232, "campaigns kept out of the campaign lists and the impact report",
           "ALTER TABLE campaigns ADD COLUMN listed INTEGER NOT NULL DEFAULT 1;", ""}};
}

}  // namespace gonghui::fair
