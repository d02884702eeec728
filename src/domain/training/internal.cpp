// Reading courses, sessions, members and enrolments; moving the waiting list up; certificates.
#include "domain/training/internal.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/message/message.hpp"
#include "domain/org/org.hpp"
#include "domain/training/statements.hpp"
#include "store/columns.hpp"

namespace gonghui::training {

namespace bj = boost::json;
using store::Rows;

// Materials are kept as a JSON array in one column.
void read_column(const store::Row& row, size_t& i, std::vector<Material>& out) {
  out.clear();
  auto parsed = json::parse(row.text(i++));
  if (!parsed.ok() || !parsed->is_array()) {
    return;
  }
  for (const bj::value& item : parsed->as_array()) {
    if (!item.is_object()) {
      continue;
    }
    const bj::object& o = item.as_object();
    auto text = [&](std::string_view key) {
      const bj::value* v = o.if_contains(key);
      return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    out.push_back({parse_enum<MaterialKind>(text("kind")).value_or(MaterialKind::kLink),
                   text("title"), text("url")});
  }
}

namespace {

constexpr std::string_view kSelectCourse =
    "SELECT c.org_id, c.title, c.category, c.teacher_name, c.teacher_title, c.model_worker_id, "
    "c.description, c.materials, c.photo_ids, c.mode, c.seats, c.enrol_opens_at, "
    "c.enrol_closes_at, c.cancel_before_minutes, c.confirm_hours, c.required_sessions, "
    "c.no_show_bar_days, c.beacon_source, c.id, o.name, c.status, c.taken, c.commitment, "
    "c.beacon_value, c.drawn_at, c.cancel_reason, c.created_at, c.published_at, c.cancelled_at "
    "FROM training_courses c JOIN orgs o ON o.id = c.org_id";
using InputFields = store::Fields<
    &CourseInput::org_id, &CourseInput::title, &CourseInput::category, &CourseInput::teacher_name,
    &CourseInput::teacher_title, &CourseInput::model_worker_id, &CourseInput::description,
    &CourseInput::materials, &CourseInput::photo_ids, &CourseInput::mode, &CourseInput::seats,
    &CourseInput::enrol_opens_at, &CourseInput::enrol_closes_at,
    &CourseInput::cancel_before_minutes, &CourseInput::confirm_hours,
    &CourseInput::required_sessions, &CourseInput::no_show_bar_days, &CourseInput::beacon_source>;
using CourseFields = store::Fields<&Course::id, &Course::org_name, &Course::stored_status,
                                   &Course::taken, &Course::commitment, &Course::beacon_value,
                                   &Course::drawn_at, &Course::cancel_reason, &Course::created_at,
                                   &Course::published_at, &Course::cancelled_at>;
static_assert(store::column_count(kSelectCourse) == InputFields::columns + CourseFields::columns);

constexpr std::string_view kSelectSession =
    "SELECT id, course_id, seq, starts_at, ends_at, place, located, lat_e6, lng_e6 "
    "FROM training_sessions";
using SessionFields = store::Fields<&Session::id, &Session::course_id, &Session::seq,
                                    &Session::starts_at, &Session::ends_at, &Session::place,
                                    &Session::located, &Session::lat_e6, &Session::lng_e6>;
static_assert(SessionFields::matches(kSelectSession));

constexpr std::string_view kSelectEnrolment =
    "SELECT id, course_id, member_id, state, queue_no, offer_expires_at, draw_seq, created_at, "
    "updated_at FROM training_enrolments";
using EnrolmentFields =
    store::Fields<&Enrolment::id, &Enrolment::course_id, &Enrolment::member_id, &Enrolment::state,
                  &Enrolment::queue_no, &Enrolment::offer_expires_at, &Enrolment::draw_seq,
                  &Enrolment::created_at, &Enrolment::updated_at>;
static_assert(EnrolmentFields::matches(kSelectEnrolment));

Course read_course(const store::Row& row) {
  Course c = CourseFields::read(row, InputFields::columns);
  InputFields::read_into(c.input, row);
  return c;
}

Status load_parts(store::Tx& tx, Course& c) {
  GH_ASSIGN(Rows sessions,
            tx.query(std::string(kSelectSession) + " WHERE course_id = ? ORDER BY seq", {c.id}));
  for (const auto& row : sessions) {
    c.input.sessions.push_back(SessionFields::read(row));
  }
  GH_ASSIGN(Rows orgs, tx.query("SELECT org_id FROM training_course_orgs WHERE course_id = ? "
                                "ORDER BY org_id",
                                {c.id}));
  for (const auto& row : orgs) {
    c.input.org_ids.push_back(row.integer(0));
  }
  return internal::count_places(tx, c);
}

}  // namespace

namespace internal {

Result<Course> load(store::Tx& tx, int64_t id) {
  GH_ASSIGN(Rows rows, tx.query(std::string(kSelectCourse) + " WHERE c.id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("course");
  }
  Course c = read_course(rows[0]);
  GH_TRY(load_parts(tx, c));
  return c;
}

Result<Course> load_for_admin(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Course c, load(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, c.input.org_id));
  return c;
}

Status count_places(store::Tx& tx, Course& c) {
  GH_ASSIGN(Rows rows,
            tx.query("SELECT COALESCE(SUM(CASE WHEN state = 'waiting' THEN 1 ELSE 0 END), 0), "
                     "COALESCE(SUM(CASE WHEN state = 'applied' OR draw_seq > 0 THEN 1 ELSE 0 "
                     "END), 0) FROM training_enrolments WHERE course_id = ?",
                     {c.id}));
  c.waiting = rows[0].integer(0);
  c.applications = rows[0].integer(1);
  return Status::Ok();
}

Result<SessionOf> load_session(store::Tx& tx, int64_t session_id) {
  GH_ASSIGN(Rows rows, tx.query(std::string(kSelectSession) + " WHERE id = ?", {session_id}));
  if (rows.empty()) {
    return Error::not_found("session");
  }
  SessionOf out;
  out.session = SessionFields::read(rows[0]);
  GH_ASSIGN(out.course, load(tx, out.session.course_id));
  return out;
}

Result<MemberInfo> load_member(store::Tx& tx, int64_t member_id) {
  GH_ASSIGN(Rows rows, tx.query("SELECT m.org_id, m.status, o.path, m.name FROM members m "
                                "JOIN orgs o ON o.id = m.org_id WHERE m.id = ?",
                                {member_id}));
  if (rows.empty()) {
    return Error::not_found("member");
  }
  return MemberInfo{rows[0].integer(0), rows[0].text(1) == "active",
                    org::ids_on_path(rows[0].text(2)), rows[0].text(3)};
}

bool eligible(const Course& c, const MemberInfo& m) {
  auto on_path = [&](int64_t org) {
    return std::find(m.path_ids.begin(), m.path_ids.end(), org) != m.path_ids.end();
  };
  if (!on_path(c.input.org_id)) {
    return false;
  }
  return c.input.org_ids.empty() ||
         std::any_of(c.input.org_ids.begin(), c.input.org_ids.end(), on_path);
}

Result<std::vector<Enrolment>> read_enrolments(store::Tx& tx, std::string_view condition,
                                               const store::Params& params) {
  GH_ASSIGN(Rows rows,
            tx.query(std::string(kSelectEnrolment) + " WHERE " + std::string(condition), params));
  std::vector<Enrolment> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    out.push_back(EnrolmentFields::read(row));
  }
  return out;
}

Result<std::optional<Enrolment>> find_enrolment(store::Tx& tx, int64_t course_id,
                                                int64_t member_id) {
  GH_ASSIGN(std::vector<Enrolment> found,
            read_enrolments(tx, "course_id = ? AND member_id = ?", {course_id, member_id}));
  if (found.empty()) {
    return std::optional<Enrolment>();
  }
  return std::optional<Enrolment>(std::move(found.front()));
}

Status fill_attendance(store::Tx& tx, const Course& c, Enrolment& e, int64_t now) {
  GH_ASSIGN(Rows attended, tx.query(sql::kAttendedCount, {c.id, e.member_id}));
  e.attended = attended[0].integer(0);
  e.no_shows = 0;
  if (e.state == EnrolmentState::kEnrolled && c.stored_status == CourseStatus::kPublished) {
    GH_ASSIGN(Rows missed,
              tx.query("SELECT COUNT(*) FROM training_sessions s LEFT JOIN training_attendance a "
                       "ON a.session_id = s.id AND a.member_id = ? "
                       "WHERE s.course_id = ? AND s.ends_at <= ? AND a.session_id IS NULL",
                       {e.member_id, c.id, now}));
    e.no_shows = missed[0].integer(0);
  }
  GH_ASSIGN(Rows certificate, tx.query(sql::kCertificateOf, {c.id, e.member_id}));
  e.certificate_id =
      !certificate.empty() && certificate[0].integer(1) == 0 ? certificate[0].integer(0) : 0;
  return Status::Ok();
}

Status fill_for_member(store::Tx& tx, const Course& c, Enrolment& e, int64_t now) {
  if (e.state == EnrolmentState::kWaiting) {
    GH_ASSIGN(Rows ahead, tx.query(sql::kWaitingAhead, {c.id, e.queue_no}));
    e.waiting_position = ahead[0].integer(0) + 1;
  }
  if (c.input.mode == Mode::kFairDraw) {
    GH_ASSIGN(campaign::ServerKeys keys, campaign::server_keys(tx));
    e.member_ref = campaign::member_ref(keys.privacy, c.id, e.member_id);
  }
  return fill_attendance(tx, c, e, now);
}

Result<int64_t> offer_free_seats(store::Tx& tx, const Course& c, int64_t now) {
  const int64_t first = c.first_session_at();
  if (c.stored_status != CourseStatus::kPublished || now >= first) {
    return int64_t{0};
  }
  const int64_t deadline = std::min(now + c.input.confirm_hours * kHourMs, first);
  int64_t offered = 0;
  for (;;) {
    GH_ASSIGN(Rows next, tx.query(sql::kFirstWaiting, {c.id}));
    if (next.empty()) {
      break;
    }
    GH_ASSIGN(int64_t seat, tx.exec(sql::kTakeSeat, {c.id}));
    if (seat != 1) {
      break;  // no seat is free
    }
    const int64_t enrolment = next[0].integer(0);
    GH_ASSIGN(int64_t moved, tx.exec(sql::kMoveEnrolment, {std::string("offered"), deadline, now,
                                                           enrolment, std::string("waiting")}));
    if (moved != 1) {
      return Error::internal("a waiting place changed while it was being offered");
    }
    GH_TRY(message::post(
        tx, next[0].integer(1), "training", "培训候补转正，请确认",
        "「" + c.input.title + "」有名额空出，已为您保留。请在 " + format_local_minute(deadline) +
            " 前确认，逾期名额将顺延给下一位。",
        course_link(c.id),
        "training_offer:" + std::to_string(enrolment) + ":" + std::to_string(deadline)));
    ++offered;
  }
  return offered;
}

Result<int64_t> settle_certificate(store::Tx& tx, const Course& c, int64_t member_id, int64_t now) {
  GH_ASSIGN(Rows attended_rows, tx.query(sql::kAttendedCount, {c.id, member_id}));
  const int64_t attended = attended_rows[0].integer(0);
  GH_ASSIGN(Rows found, tx.query(sql::kCertificateOf, {c.id, member_id}));
  const bool earned = attended >= c.input.required_sessions;
  if (found.empty()) {
    if (!earned) {
      return int64_t{0};
    }
    const int64_t id = new_id();
    GH_TRY(tx.exec(sql::kInsertCertificate,
                   {id, c.id, member_id, crypto::hex(crypto::random_bytes(10)), attended, now}));
    GH_TRY(
        message::post(tx, member_id, "training", "培训结业证书已发放",
                      "您已完成「" + c.input.title + "」的学习，结业证书可在我的培训中查看和下载。",
                      "/training/certificates/" + std::to_string(id),
                      "training_certificate:" + std::to_string(c.id)));
    return id;
  }
  const int64_t id = found[0].integer(0);
  const int64_t revoked_at = earned ? 0 : (found[0].integer(1) != 0 ? found[0].integer(1) : now);
  GH_TRY(tx.exec(sql::kCertificateAttended, {attended, revoked_at, id}));
  return earned ? id : int64_t{0};
}

bj::object snapshot(const Course& c) {
  return {{"id", id_string(c.id)},
          {"title", c.input.title},
          {"mode", enum_name(c.input.mode)},
          {"seats", c.input.seats},
          {"status", enum_name(c.stored_status)},
          {"org_id", id_string(c.input.org_id)}};
}

std::string course_link(int64_t course_id) { return "/training/" + std::to_string(course_id); }

}  // namespace internal

int64_t Course::first_session_at() const {
  return input.sessions.empty() ? 0 : input.sessions.front().starts_at;
}

int64_t Course::last_session_ends_at() const {
  int64_t last = 0;
  for (const Session& s : input.sessions) {
    last = std::max(last, s.ends_at);
  }
  return last;
}

int64_t Course::cancel_until() const {
  return first_session_at() - input.cancel_before_minutes * internal::kMinuteMs;
}

CourseStatus Course::status(int64_t now) const {
  if (stored_status != CourseStatus::kPublished) {
    return stored_status;
  }
  if (now < input.enrol_opens_at) {
    return CourseStatus::kPublished;
  }
  if (now < input.enrol_closes_at) {
    return CourseStatus::kEnrolling;
  }
  if (now >= last_session_ends_at()) {
    return CourseStatus::kFinished;
  }
  if (input.mode == Mode::kFairDraw && drawn_at == 0) {
    return CourseStatus::kAwaitingDraw;
  }
  return CourseStatus::kClosed;
}

std::string_view category_label(Category category) {
  static constexpr std::string_view kLabels[] = {"农村技术", "农业创新", "直播带货", "职业技能",
                                                 "数字技能", "安全生产", "其他"};
  return kLabels[static_cast<size_t>(category)];
}

}  // namespace gonghui::training
