// The training tables. A course row carries its seat counter (`taken`, held below `seats` by
// conditional updates and a CHECK) and the waiting list's last number, so that enrolments on any
// number of instances queue on that one row.
#include "domain/training/training.hpp"

namespace gonghui::training {

std::vector<store::Migration> migrations() {
  return {{1000, "training courses",
           R"sql(CREATE TABLE training_courses (
  id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL REFERENCES orgs (id),
  title TEXT NOT NULL, category TEXT NOT NULL, teacher_name TEXT NOT NULL,
  teacher_title TEXT NOT NULL, model_worker_id BIGINT NOT NULL, description TEXT NOT NULL,
  materials TEXT NOT NULL, photo_ids TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('first_come','fair_draw')),
  seats BIGINT NOT NULL CHECK (seats >= 1),
  taken BIGINT NOT NULL CHECK (taken >= 0 AND taken <= seats),
  waiting_seq BIGINT NOT NULL,
  enrol_opens_at BIGINT NOT NULL, enrol_closes_at BIGINT NOT NULL,
  cancel_before_minutes BIGINT NOT NULL, confirm_hours BIGINT NOT NULL,
  required_sessions BIGINT NOT NULL, no_show_bar_days BIGINT NOT NULL,
  first_session_at BIGINT NOT NULL, last_session_ends_at BIGINT NOT NULL,
  beacon_source TEXT NOT NULL, secret TEXT NOT NULL, commitment TEXT NOT NULL,
  beacon_value TEXT NOT NULL, drawn_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','published','cancelled')),
  cancel_reason TEXT NOT NULL, created_by BIGINT NOT NULL, created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL, published_at BIGINT NOT NULL, cancelled_at BIGINT NOT NULL);
CREATE INDEX training_courses_org ON training_courses (org_id, id);
CREATE TABLE training_course_orgs (
  course_id BIGINT NOT NULL REFERENCES training_courses (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id), PRIMARY KEY (course_id, org_id));
CREATE TABLE training_sessions (
  id BIGINT PRIMARY KEY, course_id BIGINT NOT NULL REFERENCES training_courses (id),
  seq BIGINT NOT NULL, starts_at BIGINT NOT NULL, ends_at BIGINT NOT NULL, place TEXT NOT NULL,
  located BIGINT NOT NULL, lat_e6 BIGINT NOT NULL, lng_e6 BIGINT NOT NULL);
CREATE INDEX training_sessions_course ON training_sessions (course_id, seq);
CREATE INDEX training_sessions_time ON training_sessions (starts_at);)sql",
           ""},
          {1001, "training enrolments",
           R"sql(CREATE TABLE training_enrolments (
  id BIGINT PRIMARY KEY, course_id BIGINT NOT NULL REFERENCES training_courses (id),
  member_id BIGINT NOT NULL REFERENCES members (id),
  state TEXT NOT NULL
    CHECK (state IN ('applied','enrolled','waiting','offered','cancelled','lapsed')),
  queue_no BIGINT NOT NULL, offer_expires_at BIGINT NOT NULL, draw_seq BIGINT NOT NULL,
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
  UNIQUE (course_id, member_id));
CREATE INDEX training_enrolments_queue ON training_enrolments (course_id, state, queue_no);
CREATE INDEX training_enrolments_member ON training_enrolments (member_id, id);
CREATE INDEX training_enrolments_offers ON training_enrolments (state, offer_expires_at);)sql",
           ""},
          {1002, "training attendance and certificates",
           R"sql(CREATE TABLE training_attendance (
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  member_id BIGINT NOT NULL REFERENCES members (id),
  course_id BIGINT NOT NULL REFERENCES training_courses (id),
  status TEXT NOT NULL CHECK (status IN ('present','excused')),
  method TEXT NOT NULL CHECK (method IN ('qr','staff')),
  signed_at BIGINT NOT NULL, marked_by BIGINT NOT NULL, marked_by_name TEXT NOT NULL,
  PRIMARY KEY (session_id, member_id));
CREATE INDEX training_attendance_member ON training_attendance (member_id, course_id);
CREATE INDEX training_attendance_course ON training_attendance (course_id, member_id);
CREATE TABLE training_certificates (
  id BIGINT PRIMARY KEY, course_id BIGINT NOT NULL REFERENCES training_courses (id),
  member_id BIGINT NOT NULL REFERENCES members (id), verify_code TEXT NOT NULL UNIQUE,
  sessions_attended BIGINT NOT NULL, issued_at BIGINT NOT NULL, revoked_at BIGINT NOT NULL,
  UNIQUE (course_id, member_id));
CREATE INDEX training_certificates_member ON training_certificates (member_id);)sql",
           ""}};
}

}  // namespace gonghui::training
