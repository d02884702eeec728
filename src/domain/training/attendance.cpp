// Signing in to a session: the code that changes every minute (an HMAC under a server key kept
// in the database, so every instance shows and accepts the same one), members scanning it,
// staff marking members, the session's list, and the no-show bar from fair draws.
#include <algorithm>
#include <map>

#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/org/org.hpp"
#include "domain/training/internal.hpp"
#include "domain/training/statements.hpp"

namespace gonghui::training {

namespace bj = boost::json;
using store::Rows;

namespace {

// The attendance key: made by the first instance that needs it (inside a write transaction;
// a read needs it to exist), the first committed winning.
Result<std::string> attendance_key(store::Tx& tx) {
  GH_ASSIGN(Rows rows, tx.query(sql::kTrainingKey));
  if (rows.empty()) {
    GH_TRY(tx.exec(sql::kProposeTrainingKey,
                   {crypto::hex(crypto::random_bytes(32)), Timestamp::now().ms}));
    GH_ASSIGN(rows, tx.query(sql::kTrainingKey));
  }
  std::string key;
  if (rows.empty() || !crypto::unhex(rows[0].text(0), key) || key.size() != 32) {
    return Error::internal("the training key is missing or damaged");
  }
  return key;
}

std::string code_for(const std::string& key, int64_t session_id, int64_t minute) {
  const std::string mac =
      crypto::hmac_sha256(key, std::to_string(session_id) + ":" + std::to_string(minute));
  return crypto::hex(std::string_view(mac).substr(0, 8));
}

Status require_open(const Course& c, const Session& s, int64_t now, bool until_end) {
  if (c.stored_status == CourseStatus::kCancelled) {
    return Error::conflict("course_cancelled", "this course was cancelled");
  }
  if (c.stored_status != CourseStatus::kPublished || now < s.starts_at - kSignInEarlyMs ||
      (until_end && now > s.ends_at)) {
    return Error::conflict("session_not_open",
                           "sign-in is open from 30 minutes before the session until it ends");
  }
  return Status::Ok();
}

// A seat in the course; a member who never asked for a place in it is not found.
Status require_seat(store::Tx& tx, int64_t course_id, int64_t member_id) {
  GH_ASSIGN(std::optional<Enrolment> e, internal::find_enrolment(tx, course_id, member_id));
  if (!e) {
    return Error::not_found("member");
  }
  if (e->state != EnrolmentState::kEnrolled) {
    return Error::conflict("not_enrolled", "a seat in the course is needed to sign in");
  }
  return Status::Ok();
}

constexpr std::string_view kSelectAttendance =
    "SELECT a.session_id, a.course_id, a.member_id, m.name, ac.phone, a.status, a.method, "
    "a.signed_at, a.marked_by_name FROM training_attendance a "
    "JOIN members m ON m.id = a.member_id JOIN accounts ac ON ac.id = m.account_id";

Attendance read_attendance(const store::Row& r) {
  Attendance a;
  a.session_id = r.integer(0);
  a.course_id = r.integer(1);
  a.member_id = r.integer(2);
  a.member_name = r.text(3);
  a.member_phone = r.text(4);
  a.status = parse_enum<AttendanceStatus>(r.text(5)).value_or(AttendanceStatus::kPending);
  a.method = r.text(6);
  a.signed_at = r.integer(7);
  a.marked_by_name = r.text(8);
  return a;
}

// The member's row for the session: their mark, or absent/pending without one.
Result<Attendance> attendance_of(store::Tx& tx, const Session& s, int64_t member_id, int64_t now) {
  GH_ASSIGN(Rows rows,
            tx.query(std::string(kSelectAttendance) + " WHERE a.session_id = ? AND a.member_id = ?",
                     {s.id, member_id}));
  if (!rows.empty()) {
    return read_attendance(rows[0]);
  }
  GH_ASSIGN(Rows member, tx.query("SELECT m.name, a.phone FROM members m JOIN accounts a "
                                  "ON a.id = m.account_id WHERE m.id = ?",
                                  {member_id}));
  if (member.empty()) {
    return Error::not_found("member");
  }
  Attendance a;
  a.session_id = s.id;
  a.course_id = s.course_id;
  a.member_id = member_id;
  a.member_name = member[0].text(0);
  a.member_phone = member[0].text(1);
  a.status = now > s.ends_at ? AttendanceStatus::kAbsent : AttendanceStatus::kPending;
  return a;
}

}  // namespace

Status ensure_key(store::Db& db) {
  return db.write([](store::Tx& tx) -> Status {
    GH_TRY(attendance_key(tx));
    return Status::Ok();
  });
}

Result<SessionCode> session_code(store::Tx& tx, const Principal& admin, int64_t session_id,
                                 int64_t now) {
  GH_ASSIGN(internal::SessionOf found, internal::load_session(tx, session_id));
  GH_TRY(org::require_in_scope(tx, admin, found.course.input.org_id));
  GH_TRY(require_open(found.course, found.session, now, true));
  GH_ASSIGN(std::string key, attendance_key(tx));
  const int64_t minute = now / internal::kMinuteMs;
  return SessionCode{session_id, code_for(key, session_id, minute), minute};
}

Result<bool> code_is_valid(store::Tx& tx, int64_t session_id, std::string_view code, int64_t now) {
  GH_ASSIGN(std::string key, attendance_key(tx));
  const int64_t minute = now / internal::kMinuteMs;
  for (int64_t m : {minute, minute - 1}) {
    if (crypto::equal(code_for(key, session_id, m), code)) {
      return true;
    }
  }
  return false;
}

Result<SignedIn> sign_in(store::Tx& tx, int64_t member_id, int64_t session_id,
                         std::string_view code, int64_t now) {
  GH_ASSIGN(internal::SessionOf found, internal::load_session(tx, session_id));
  const Course& c = found.course;
  // A session of a course the member may not see is not found.
  GH_ASSIGN(std::optional<Enrolment> place, internal::find_enrolment(tx, c.id, member_id));
  GH_ASSIGN(internal::MemberInfo member, internal::load_member(tx, member_id));
  if (c.stored_status == CourseStatus::kDraft || (!place && !internal::eligible(c, member))) {
    return Error::not_found("session");
  }
  GH_ASSIGN(bool valid, code_is_valid(tx, session_id, code, now));
  if (!valid) {
    return Error::invalid("code", "invalid_code", "the code is wrong or has expired; scan again");
  }
  GH_TRY(require_open(c, found.session, now, true));
  if (!place || place->state != EnrolmentState::kEnrolled) {
    return Error::conflict("not_enrolled", "a seat in the course is needed to sign in");
  }
  GH_TRY(tx.exec(sql::kInsertAttendance, {session_id, member_id, c.id, std::string("present"),
                                          std::string("qr"), now, int64_t{0}, std::string()}));
  GH_ASSIGN(int64_t certificate, internal::settle_certificate(tx, c, member_id, now));
  SignedIn out;
  GH_ASSIGN(out.attendance, attendance_of(tx, found.session, member_id, now));
  GH_ASSIGN(Rows attended, tx.query(sql::kAttendedCount, {c.id, member_id}));
  out.course_title = c.input.title;
  out.attended = attended[0].integer(0);
  out.required_sessions = c.input.required_sessions;
  out.certificate_id = certificate;
  return out;
}

Result<Attendance> mark(store::Tx& tx, const Principal& admin, int64_t session_id,
                        int64_t member_id, AttendanceStatus status, int64_t now) {
  if (status == AttendanceStatus::kPending) {
    return Error::invalid("status", "invalid_status", "status is present, excused or absent");
  }
  GH_ASSIGN(internal::SessionOf found, internal::load_session(tx, session_id));
  const Course& c = found.course;
  GH_TRY(org::require_in_scope(tx, admin, c.input.org_id));
  GH_TRY(require_open(c, found.session, now, false));
  GH_TRY(require_seat(tx, c.id, member_id));
  GH_ASSIGN(Attendance before, attendance_of(tx, found.session, member_id, now));
  if (status == AttendanceStatus::kAbsent) {
    GH_TRY(tx.exec(sql::kDeleteAttendance, {session_id, member_id}));
  } else {
    const std::string name(enum_name(status));
    GH_ASSIGN(int64_t inserted, tx.exec(sql::kInsertAttendance,
                                        {session_id, member_id, c.id, name, std::string("staff"),
                                         now, admin.account_id, admin.name}));
    if (inserted == 0) {
      GH_TRY(tx.exec(sql::kUpdateAttendance, {name, std::string("staff"), now, admin.account_id,
                                              admin.name, session_id, member_id}));
    }
  }
  GH_TRY(internal::settle_certificate(tx, c, member_id, now));
  GH_ASSIGN(Attendance after, attendance_of(tx, found.session, member_id, now));
  GH_TRY(audit::record(
      tx, admin, "training.attendance", "training_session", id_string(session_id), c.input.org_id,
      bj::object{{"member_id", id_string(member_id)}, {"status", enum_name(before.status)}},
      bj::object{{"member_id", id_string(member_id)}, {"status", enum_name(after.status)}}));
  return after;
}

Result<SessionAttendance> session_attendance(store::Tx& tx, const Principal& admin,
                                             int64_t session_id, int64_t now) {
  GH_ASSIGN(internal::SessionOf found, internal::load_session(tx, session_id));
  GH_TRY(org::require_in_scope(tx, admin, found.course.input.org_id));
  SessionAttendance out;
  out.session = found.session;
  out.course_title = found.course.input.title;
  out.seats = found.course.input.seats;
  GH_ASSIGN(Rows marked,
            tx.query(std::string(kSelectAttendance) + " WHERE a.session_id = ?", {session_id}));
  std::map<int64_t, Attendance> by_member;
  for (const auto& r : marked) {
    Attendance a = read_attendance(r);
    by_member[a.member_id] = std::move(a);
  }
  GH_ASSIGN(Rows seated, tx.query("SELECT e.member_id, m.name, a.phone FROM training_enrolments e "
                                  "JOIN members m ON m.id = e.member_id JOIN accounts a "
                                  "ON a.id = m.account_id WHERE e.course_id = ? "
                                  "AND e.state = 'enrolled'",
                                  {found.course.id}));
  const bool ended = now > found.session.ends_at;
  for (const auto& r : seated) {
    if (by_member.count(r.integer(0)) == 0) {
      Attendance a;
      a.session_id = session_id;
      a.course_id = found.course.id;
      a.member_id = r.integer(0);
      a.member_name = r.text(1);
      a.member_phone = r.text(2);
      a.status = ended ? AttendanceStatus::kAbsent : AttendanceStatus::kPending;
      by_member[a.member_id] = std::move(a);
    }
  }
  for (auto& [member, a] : by_member) {
    switch (a.status) {
      case AttendanceStatus::kPresent:
        ++out.present;
        break;
      case AttendanceStatus::kExcused:
        ++out.excused;
        break;
      case AttendanceStatus::kAbsent:
        ++out.absent;
        break;
      case AttendanceStatus::kPending:
        ++out.pending;
        break;
    }
    out.items.push_back(std::move(a));
  }
  std::sort(out.items.begin(), out.items.end(), [](const Attendance& a, const Attendance& b) {
    return std::tie(a.member_name, a.member_id) < std::tie(b.member_name, b.member_id);
  });
  return out;
}

Result<int64_t> default_bar_days(store::Tx& tx) {
  GH_ASSIGN(Rows rows, tx.query(sql::kBarDaysSetting));
  return rows.empty() ? kDefaultNoShowBarDays : rows[0].integer(0);
}

Result<int64_t> set_default_bar_days(store::Tx& tx, const Principal& admin, int64_t days) {
  if (!admin.has(Role::kPlatformAdmin)) {
    return Error::forbidden("only the platform admin sets the no-show bar");
  }
  if (days < 0 || days > 365) {
    return Error::invalid("no_show_bar_days", "out_of_range", "0 to 365 days");
  }
  GH_ASSIGN(int64_t before, default_bar_days(tx));
  GH_TRY(tx.exec(sql::kSetBarDays, {std::to_string(days)}));
  GH_ASSIGN(org::Org federation, org::root(tx));
  GH_TRY(audit::record(tx, admin, "training.settings", "org", id_string(federation.id),
                       federation.id, bj::object{{"no_show_bar_days", before}},
                       bj::object{{"no_show_bar_days", days}}));
  return days;
}

Result<int64_t> barred_until(store::Tx& tx, int64_t member_id, int64_t now) {
  // Per course: the last ended session the member held a seat for and was not marked in.
  GH_ASSIGN(Rows rows,
            tx.query("SELECT c.no_show_bar_days, MAX(s.ends_at) FROM training_enrolments e "
                     "JOIN training_courses c ON c.id = e.course_id "
                     "JOIN training_sessions s ON s.course_id = e.course_id "
                     "LEFT JOIN training_attendance a ON a.session_id = s.id "
                     "AND a.member_id = e.member_id "
                     "WHERE e.member_id = ? AND e.state = 'enrolled' AND c.status = 'published' "
                     "AND s.ends_at <= ? AND a.session_id IS NULL "
                     "GROUP BY c.id, c.no_show_bar_days",
                     {member_id, now}));
  if (rows.empty()) {
    return int64_t{0};
  }
  GH_ASSIGN(int64_t fallback, default_bar_days(tx));
  int64_t until = 0;
  for (const auto& r : rows) {
    const int64_t days = r.integer(0) >= 0 ? r.integer(0) : fallback;
    if (days > 0) {
      until = std::max(until, r.integer(1) + days * internal::kDayMs);
    }
  }
  return until > now ? until : 0;
}

}  // namespace gonghui::training
