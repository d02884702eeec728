// Places in a course: asking for one (a seat, the waiting list or a fair-draw application),
// giving it up, confirming an offer, offers that lapse, and the list the course's admins see.
#include <algorithm>
#include <map>

#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/message/message.hpp"
#include "domain/training/internal.hpp"
#include "domain/training/statements.hpp"

namespace gonghui::training {

using store::Rows;

namespace {

bool active_place(EnrolmentState s) {
  return s != EnrolmentState::kCancelled && s != EnrolmentState::kLapsed;
}

bool holds_seat(EnrolmentState s) {
  return s == EnrolmentState::kEnrolled || s == EnrolmentState::kOffered;
}

// Who may ask for a place now: NotFound for a draft, then eligibility, the course's state and
// window, the member's own state, and for a fair draw any no-show bar.
Status admission(store::Tx& tx, const Course& c, const internal::MemberInfo& member,
                 int64_t member_id, int64_t now) {
  if (c.stored_status == CourseStatus::kDraft) {
    return Error::not_found("course");
  }
  if (!internal::eligible(c, member)) {
    return Error{ErrorKind::kForbidden,
                 "not_eligible",
                 "this course is not open to members of your union",
                 {}};
  }
  if (c.stored_status == CourseStatus::kCancelled) {
    return Error::conflict("course_cancelled", "this course was cancelled");
  }
  if (now < c.input.enrol_opens_at || now >= c.input.enrol_closes_at || c.drawn_at != 0) {
    return Error::conflict("not_open", "enrolment is open from " +
                                           format_local_minute(c.input.enrol_opens_at) + " to " +
                                           format_local_minute(c.input.enrol_closes_at));
  }
  if (!member.active) {
    return Error::conflict("member_not_active", "the member is frozen or has left");
  }
  if (c.input.mode == Mode::kFairDraw) {
    GH_ASSIGN(int64_t until, barred_until(tx, member_id, now));
    if (until > now) {
      return Error::conflict("barred", "a missed session bars fair-draw applications until " +
                                           format_rfc3339(Timestamp{until}));
    }
  }
  return Status::Ok();
}

// A member without a place in a course they may not see finds no course, as get() says.
Status require_visible(store::Tx& tx, const Course& c, int64_t member_id) {
  if (c.stored_status == CourseStatus::kDraft) {
    return Error::not_found("course");
  }
  GH_ASSIGN(internal::MemberInfo member, internal::load_member(tx, member_id));
  return internal::eligible(c, member) ? Status::Ok() : Status(Error::not_found("course"));
}

Result<Enrolment> reread(store::Tx& tx, const Course& c, int64_t member_id, int64_t now) {
  GH_ASSIGN(std::optional<Enrolment> e, internal::find_enrolment(tx, c.id, member_id));
  if (!e) {
    return Error::internal("the enrolment just written is missing");
  }
  GH_TRY(internal::fill_for_member(tx, c, *e, now));
  return std::move(*e);
}

// Order of the admins' list: seats, the waiting list, applications, then the rest.
int rank(EnrolmentState s) {
  switch (s) {
    case EnrolmentState::kEnrolled:
    case EnrolmentState::kOffered:
      return 0;
    case EnrolmentState::kWaiting:
      return 1;
    case EnrolmentState::kApplied:
      return 2;
    case EnrolmentState::kCancelled:
      return 3;
    case EnrolmentState::kLapsed:
      return 4;
  }
  return 5;
}

// Attendance figures of every enrolment of a course with three statements.
Status fill_all(store::Tx& tx, const Course& c, std::vector<Enrolment>& list, int64_t now) {
  std::map<int64_t, int64_t> attended, marked_ended, certificates;
  GH_ASSIGN(Rows present, tx.query("SELECT member_id, COUNT(*) FROM training_attendance "
                                   "WHERE course_id = ? AND status = 'present' GROUP BY member_id",
                                   {c.id}));
  for (const auto& r : present) attended[r.integer(0)] = r.integer(1);
  GH_ASSIGN(Rows marked, tx.query("SELECT a.member_id, COUNT(*) FROM training_attendance a "
                                  "JOIN training_sessions s ON s.id = a.session_id "
                                  "WHERE a.course_id = ? AND s.ends_at <= ? GROUP BY a.member_id",
                                  {c.id, now}));
  for (const auto& r : marked) marked_ended[r.integer(0)] = r.integer(1);
  GH_ASSIGN(Rows certs, tx.query("SELECT member_id, id FROM training_certificates "
                                 "WHERE course_id = ? AND revoked_at = 0",
                                 {c.id}));
  for (const auto& r : certs) certificates[r.integer(0)] = r.integer(1);
  const int64_t ended = std::count_if(c.input.sessions.begin(), c.input.sessions.end(),
                                      [now](const Session& s) { return s.ends_at <= now; });
  for (Enrolment& e : list) {
    e.attended = attended[e.member_id];
    e.no_shows = e.state == EnrolmentState::kEnrolled && c.stored_status == CourseStatus::kPublished
                     ? ended - marked_ended[e.member_id]
                     : 0;
    e.certificate_id = certificates[e.member_id];
  }
  return Status::Ok();
}

}  // namespace

Result<Enrolment> enrol(store::Tx& tx, int64_t member_id, int64_t course_id, int64_t now) {
  GH_ASSIGN(Course c, internal::load(tx, course_id));
  GH_ASSIGN(internal::MemberInfo member, internal::load_member(tx, member_id));
  GH_TRY(admission(tx, c, member, member_id, now));
  GH_ASSIGN(std::optional<Enrolment> existing, internal::find_enrolment(tx, course_id, member_id));
  const Error already = Error::conflict("already_enrolled", "you already have a place here");
  if (existing && active_place(existing->state)) {
    return already;
  }
  EnrolmentState state = EnrolmentState::kApplied;
  int64_t queue_no = 0;
  if (c.input.mode == Mode::kFirstCome) {
    GH_ASSIGN(int64_t seat, tx.exec(sql::kTakeSeat, {course_id}));
    if (seat == 1) {
      state = EnrolmentState::kEnrolled;
    } else {
      state = EnrolmentState::kWaiting;
      GH_TRY(tx.exec(sql::kNextQueueNo, {course_id}));
      GH_ASSIGN(Rows seq, tx.query(sql::kQueueNo, {course_id}));
      queue_no = seq[0].integer(0);
    }
  }
  const std::string state_name(enum_name(state));
  // A failure below rolls back the seat or number taken above with the rest.
  if (existing) {
    GH_ASSIGN(int64_t renewed,
              tx.exec(sql::kRenewEnrolment, {state_name, queue_no, now, existing->id}));
    if (renewed != 1) {
      return already;
    }
  } else {
    GH_ASSIGN(int64_t inserted, tx.exec(sql::kInsertEnrolment, {new_id(), course_id, member_id,
                                                                state_name, queue_no, now, now}));
    if (inserted != 1) {
      return already;
    }
  }
  return reread(tx, c, member_id, now);
}

Result<Enrolment> cancel_enrolment(store::Tx& tx, int64_t member_id, int64_t course_id,
                                   int64_t now) {
  GH_ASSIGN(Course c, internal::load(tx, course_id));
  GH_ASSIGN(std::optional<Enrolment> e, internal::find_enrolment(tx, course_id, member_id));
  if (!e) {
    GH_TRY(require_visible(tx, c, member_id));
  }
  const Error none = Error::conflict("not_enrolled", "you have no place in this course to give up");
  if (!e || !active_place(e->state)) {
    return none;
  }
  const bool seat = holds_seat(e->state);
  const bool running = c.stored_status == CourseStatus::kPublished;
  if (seat && running && now >= c.cancel_until()) {
    return Error::conflict("cancel_too_late",
                           "places can be given up until " + format_local_minute(c.cancel_until()));
  }
  GH_ASSIGN(int64_t moved, tx.exec(sql::kMoveEnrolment, {std::string("cancelled"), int64_t{0}, now,
                                                         e->id, std::string(enum_name(e->state))}));
  if (moved != 1) {
    return none;
  }
  if (seat && running) {
    GH_TRY(tx.exec(sql::kGiveSeatBack, {course_id}));
    GH_TRY(internal::offer_free_seats(tx, c, now));
  }
  return reread(tx, c, member_id, now);
}

Result<Enrolment> confirm(store::Tx& tx, int64_t member_id, int64_t course_id, int64_t now) {
  GH_ASSIGN(Course c, internal::load(tx, course_id));
  GH_ASSIGN(std::optional<Enrolment> e, internal::find_enrolment(tx, course_id, member_id));
  if (!e) {
    GH_TRY(require_visible(tx, c, member_id));
  }
  const Error lapsed = Error::conflict("offer_lapsed", "the time to confirm has passed");
  if (e && e->state == EnrolmentState::kLapsed) {
    return lapsed;
  }
  if (!e || e->state != EnrolmentState::kOffered || c.stored_status != CourseStatus::kPublished) {
    return Error::conflict("not_offered", "no seat is waiting for your confirmation");
  }
  if (now >= e->offer_expires_at) {
    return lapsed;
  }
  GH_ASSIGN(int64_t moved, tx.exec(sql::kMoveEnrolment, {std::string("enrolled"), int64_t{0}, now,
                                                         e->id, std::string("offered")}));
  if (moved != 1) {
    return lapsed;
  }
  return reread(tx, c, member_id, now);
}

Result<int64_t> lapse_offers(store::Db& db, int64_t now) {
  Rows due;
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(due, tx.query(sql::kLapsedOffers, {now}));
    return Status::Ok();
  }));
  int64_t lapsed = 0;
  for (const auto& row : due) {
    const int64_t enrolment = row.integer(0);
    const int64_t course_id = row.integer(1);
    bool moved_here = false;  // set, not counted, inside: PostgreSQL may run the write again
    GH_TRY(db.write([&](store::Tx& tx) -> Status {
      moved_here = false;
      GH_ASSIGN(Course c, internal::load(tx, course_id));
      GH_ASSIGN(
          std::vector<Enrolment> found,
          internal::read_enrolments(tx, "id = ? AND state = 'offered' AND offer_expires_at <= ?",
                                    {enrolment, now}));
      if (found.empty()) {
        return Status::Ok();  // confirmed, given up or lapsed by another runner meanwhile
      }
      const Enrolment& e = found.front();
      GH_ASSIGN(int64_t moved, tx.exec(sql::kMoveEnrolment, {std::string("lapsed"), int64_t{0}, now,
                                                             e.id, std::string("offered")}));
      if (moved != 1) {
        return Status::Ok();
      }
      moved_here = true;
      if (c.stored_status == CourseStatus::kPublished) {
        GH_TRY(tx.exec(sql::kGiveSeatBack, {course_id}));
      }
      GH_TRY(message::post(
          tx, e.member_id, "training", "培训名额已顺延",
          "您未在期限内确认「" + c.input.title + "」的名额，名额已顺延给下一位。",
          internal::course_link(course_id),
          "training_lapsed:" + std::to_string(e.id) + ":" + std::to_string(e.offer_expires_at)));
      GH_TRY(internal::offer_free_seats(tx, c, now));
      return Status::Ok();
    }));
    lapsed += moved_here ? 1 : 0;
  }
  return lapsed;
}

Result<std::vector<Enrolment>> enrolments(store::Tx& tx, const Principal& admin, int64_t course_id,
                                          std::optional<EnrolmentState> state, int64_t now) {
  GH_ASSIGN(Course c, internal::load_for_admin(tx, admin, course_id));
  std::string sql =
      "SELECT e.id, e.member_id, e.state, e.queue_no, e.offer_expires_at, e.draw_seq, "
      "e.created_at, m.name, a.phone, o.name FROM training_enrolments e "
      "JOIN members m ON m.id = e.member_id JOIN accounts a ON a.id = m.account_id "
      "JOIN orgs o ON o.id = m.org_id WHERE e.course_id = ?";
  store::Params params{course_id};
  if (state) {
    sql += " AND e.state = ?";
    params.push_back(std::string(enum_name(*state)));
  }
  GH_ASSIGN(Rows rows, tx.query(sql, params));
  std::vector<Enrolment> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    Enrolment e;
    e.id = r.integer(0);
    e.course_id = course_id;
    e.member_id = r.integer(1);
    e.state = parse_enum<EnrolmentState>(r.text(2)).value_or(EnrolmentState::kCancelled);
    e.queue_no = r.integer(3);
    e.offer_expires_at = r.integer(4);
    e.draw_seq = r.integer(5);
    e.created_at = r.integer(6);
    e.member_name = r.text(7);
    e.member_phone = r.text(8);
    e.org_name = r.text(9);
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const Enrolment& a, const Enrolment& b) {
    return std::tuple(rank(a.state), a.queue_no, a.draw_seq, a.id) <
           std::tuple(rank(b.state), b.queue_no, b.draw_seq, b.id);
  });
  // The waiting list's positions, counted from the head whether or not a filter hid part of it.
  GH_ASSIGN(Rows waiting, tx.query("SELECT queue_no FROM training_enrolments WHERE course_id = ? "
                                   "AND state = 'waiting' ORDER BY queue_no",
                                   {course_id}));
  std::map<int64_t, int64_t> position;
  for (size_t i = 0; i < waiting.size(); ++i) {
    position[waiting[i].integer(0)] = static_cast<int64_t>(i) + 1;
  }
  for (Enrolment& e : out) {
    if (e.state == EnrolmentState::kWaiting) {
      e.waiting_position = position[e.queue_no];
    }
  }
  GH_TRY(fill_all(tx, c, out, now));
  return out;
}

}  // namespace gonghui::training
