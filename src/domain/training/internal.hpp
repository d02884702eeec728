// What the training module's files share: reading courses, enrolments and members, who may
// enrol, moving the waiting list up and settling certificates; not part of the module's surface.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "domain/training/training.hpp"
#include "store/db.hpp"

namespace gonghui::training::internal {

inline constexpr int64_t kMinuteMs = 60'000;
inline constexpr int64_t kHourMs = 3'600'000;
inline constexpr int64_t kDayMs = 86'400'000;

// A course with its sessions, listed unions, organiser's name and enrolment counts.
Result<Course> load(store::Tx& tx, int64_t id);
// load() for admins in scope of the organiser; Forbidden otherwise (NotFound if absent).
Result<Course> load_for_admin(store::Tx& tx, const Principal& admin, int64_t id);
// The course's enrolment counts (waiting, applications) into `c`.
Status count_places(store::Tx& tx, Course& c);
// The session and its course.
struct SessionOf {
  Session session;
  Course course;
};
Result<SessionOf> load_session(store::Tx& tx, int64_t session_id);

struct MemberInfo {
  int64_t org_id = 0;
  bool active = false;
  std::vector<int64_t> path_ids;  // the member's union and every union above it
  std::string name;
};
Result<MemberInfo> load_member(store::Tx& tx, int64_t member_id);
// Whether the member belongs to the organiser's subtree and, when unions are listed, to one
// of theirs.
bool eligible(const Course& c, const MemberInfo& m);

// The member's enrolment in the course, if any (without the fields reads fill in).
Result<std::optional<Enrolment>> find_enrolment(store::Tx& tx, int64_t course_id,
                                                int64_t member_id);
// Enrolments matching `condition` (what follows WHERE; may end in ORDER BY).
Result<std::vector<Enrolment>> read_enrolments(store::Tx& tx, std::string_view condition,
                                               const store::Params& params);
// The member's place, for the member: waiting position, member_ref, attendance, certificate.
Status fill_for_member(store::Tx& tx, const Course& c, Enrolment& e, int64_t now);
// Sessions attended (present) and no-shows (ended, held a seat, neither present nor excused).
Status fill_attendance(store::Tx& tx, const Course& c, Enrolment& e, int64_t now);

// While a seat is free and the first session has not started, offers it to the first on the
// waiting list (state offered, a deadline of confirm_hours but not past the first session,
// and a message). Returns how many were offered.
Result<int64_t> offer_free_seats(store::Tx& tx, const Course& c, int64_t now);

// Issues the member's certificate once their attendance reaches required_sessions, revokes it
// when a correction takes it below, and keeps its count of sessions current. Returns the
// certificate id (0 when there is none or it is revoked).
Result<int64_t> settle_certificate(store::Tx& tx, const Course& c, int64_t member_id, int64_t now);

// What the audit log records of a course.
boost::json::object snapshot(const Course& c);
// The member app's page of a course.
std::string course_link(int64_t course_id);

}  // namespace gonghui::training::internal
