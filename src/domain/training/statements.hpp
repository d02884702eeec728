// The statements the training module writes with, in one place, so that the conditions that
// keep seats from being overbooked and places from being given twice can be read together.
// Statements whose rows a row mapper reads stay beside that mapper.
#pragma once

#include <string_view>

namespace gonghui::training::sql {

// ---- Courses.

inline constexpr std::string_view kInsertCourse =
    "INSERT INTO training_courses (id, org_id, title, category, teacher_name, teacher_title, "
    "model_worker_id, description, materials, photo_ids, mode, seats, taken, waiting_seq, "
    "enrol_opens_at, enrol_closes_at, cancel_before_minutes, confirm_hours, required_sessions, "
    "no_show_bar_days, first_session_at, last_session_ends_at, beacon_source, secret, commitment, "
    "beacon_value, drawn_at, status, cancel_reason, created_by, created_at, updated_at, "
    "published_at, cancelled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, '', '', '', 0, 'draft', '', ?, ?, ?, 0, 0)";
// A draft replaced whole; the WHERE clause refuses a course published meanwhile.
inline constexpr std::string_view kReplaceDraft =
    "UPDATE training_courses SET org_id = ?, title = ?, category = ?, teacher_name = ?, "
    "teacher_title = ?, model_worker_id = ?, description = ?, materials = ?, photo_ids = ?, "
    "mode = ?, seats = ?, enrol_opens_at = ?, enrol_closes_at = ?, cancel_before_minutes = ?, "
    "confirm_hours = ?, required_sessions = ?, no_show_bar_days = ?, first_session_at = ?, "
    "last_session_ends_at = ?, beacon_source = ?, updated_at = ? WHERE id = ? AND status = 'draft'";
inline constexpr std::string_view kDeleteSessions =
    "DELETE FROM training_sessions WHERE course_id = ?";
inline constexpr std::string_view kDeleteListedOrgs =
    "DELETE FROM training_course_orgs WHERE course_id = ?";
inline constexpr std::string_view kInsertSession =
    "INSERT INTO training_sessions (id, course_id, seq, starts_at, ends_at, place, located, "
    "lat_e6, lng_e6) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr std::string_view kInsertListedOrg =
    "INSERT INTO training_course_orgs (course_id, org_id) VALUES (?, ?)";
inline constexpr std::string_view kPublish =
    "UPDATE training_courses SET status = 'published', secret = ?, commitment = ?, "
    "published_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'";
inline constexpr std::string_view kCancelCourse =
    "UPDATE training_courses SET status = 'cancelled', cancel_reason = ?, cancelled_at = ?, "
    "updated_at = ? WHERE id = ? AND status <> 'cancelled'";
inline constexpr std::string_view kPhotoExists = "SELECT 1 FROM photos WHERE id = ?";

// ---- Seats: the WHERE clauses are what keep a course from being overbooked however many
// race for it, on any number of instances (each update waits for the row's lock and then
// re-checks its condition).

inline constexpr std::string_view kTakeSeat =
    "UPDATE training_courses SET taken = taken + 1 WHERE id = ? AND taken < seats "
    "AND status = 'published'";
inline constexpr std::string_view kGiveSeatBack =
    "UPDATE training_courses SET taken = taken - 1 WHERE id = ? AND taken >= 1";
// The next waiting-list number; read back in the same transaction, which holds the row.
inline constexpr std::string_view kNextQueueNo =
    "UPDATE training_courses SET waiting_seq = waiting_seq + 1 WHERE id = ?";
inline constexpr std::string_view kQueueNo =
    "SELECT waiting_seq FROM training_courses WHERE id = ?";

// ---- Enrolments.

inline constexpr std::string_view kInsertEnrolment =
    "INSERT INTO training_enrolments (id, course_id, member_id, state, queue_no, "
    "offer_expires_at, draw_seq, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?) "
    "ON CONFLICT (course_id, member_id) DO NOTHING";
// A member who gave up their place (or let an offer lapse) asks again.
inline constexpr std::string_view kRenewEnrolment =
    "UPDATE training_enrolments SET state = ?, queue_no = ?, offer_expires_at = 0, "
    "updated_at = ? WHERE id = ? AND state IN ('cancelled', 'lapsed')";
// A state change from an expected state: a racing writer finds the row changed.
inline constexpr std::string_view kMoveEnrolment =
    "UPDATE training_enrolments SET state = ?, offer_expires_at = ?, updated_at = ? "
    "WHERE id = ? AND state = ?";
inline constexpr std::string_view kFirstWaiting =
    "SELECT id, member_id FROM training_enrolments WHERE course_id = ? AND state = 'waiting' "
    "ORDER BY queue_no, id LIMIT 1";
inline constexpr std::string_view kWaitingAhead =
    "SELECT COUNT(*) FROM training_enrolments WHERE course_id = ? AND state = 'waiting' "
    "AND queue_no < ?";
inline constexpr std::string_view kLapsedOffers =
    "SELECT id, course_id FROM training_enrolments WHERE state = 'offered' "
    "AND offer_expires_at <= ? ORDER BY offer_expires_at, id LIMIT 100";

// ---- The draw.

inline constexpr std::string_view kMarkDrawn =
    "UPDATE training_courses SET drawn_at = ?, beacon_value = ?, updated_at = ? "
    "WHERE id = ? AND drawn_at = 0 AND status = 'published'";
inline constexpr std::string_view kApplications =
    "SELECT id, member_id FROM training_enrolments WHERE course_id = ? AND state = 'applied' "
    "ORDER BY id";
inline constexpr std::string_view kDrawnEntries =
    "SELECT id, member_id FROM training_enrolments WHERE course_id = ? AND draw_seq > 0 "
    "ORDER BY id";
inline constexpr std::string_view kDrawnInOrder =
    "SELECT id, member_id, draw_seq FROM training_enrolments WHERE course_id = ? "
    "AND draw_seq > 0 ORDER BY draw_seq";
inline constexpr std::string_view kSetDrawn =
    "UPDATE training_enrolments SET state = ?, queue_no = ?, draw_seq = ?, updated_at = ? "
    "WHERE id = ? AND state = 'applied'";
inline constexpr std::string_view kSetCounters =
    "UPDATE training_courses SET taken = ?, waiting_seq = ? WHERE id = ?";
inline constexpr std::string_view kSecret = "SELECT secret FROM training_courses WHERE id = ?";

// ---- Attendance and certificates.

inline constexpr std::string_view kInsertAttendance =
    "INSERT INTO training_attendance (session_id, member_id, course_id, status, method, "
    "signed_at, marked_by, marked_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (session_id, member_id) DO NOTHING";
inline constexpr std::string_view kUpdateAttendance =
    "UPDATE training_attendance SET status = ?, method = ?, signed_at = ?, marked_by = ?, "
    "marked_by_name = ? WHERE session_id = ? AND member_id = ?";
inline constexpr std::string_view kDeleteAttendance =
    "DELETE FROM training_attendance WHERE session_id = ? AND member_id = ?";
inline constexpr std::string_view kAttendedCount =
    "SELECT COUNT(*) FROM training_attendance WHERE course_id = ? AND member_id = ? "
    "AND status = 'present'";
inline constexpr std::string_view kCertificateOf =
    "SELECT id, revoked_at FROM training_certificates WHERE course_id = ? AND member_id = ?";
inline constexpr std::string_view kInsertCertificate =
    "INSERT INTO training_certificates (id, course_id, member_id, verify_code, "
    "sessions_attended, issued_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, 0) "
    "ON CONFLICT (course_id, member_id) DO NOTHING";
inline constexpr std::string_view kCertificateAttended =
    "UPDATE training_certificates SET sessions_attended = ?, revoked_at = ? WHERE id = ?";

// ---- Keys and settings.

inline constexpr std::string_view kTrainingKey =
    "SELECT value FROM server_keys WHERE name = 'training_attendance'";
inline constexpr std::string_view kProposeTrainingKey =
    "INSERT INTO server_keys (name, value, created_at) VALUES ('training_attendance', ?, ?) "
    "ON CONFLICT (name) DO NOTHING";
inline constexpr std::string_view kBarDaysSetting =
    "SELECT value FROM settings WHERE key = 'training_no_show_bar_days'";
inline constexpr std::string_view kSetBarDays =
    "INSERT INTO settings (key, value) VALUES ('training_no_show_bar_days', ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

}  // namespace gonghui::training::sql
