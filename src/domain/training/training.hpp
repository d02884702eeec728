// 技能培训: courses a union runs for its members (农村技术, 农业创新, 直播带货 …), their scarce
// seats shared first come first served with a waiting list that moves up by itself, or by the
// same verifiable draw as lotteries (gonghui-draw-v1); sign-in by a QR code that changes every
// minute; certificates for those who attended enough sessions; and the figures.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::training {

// 农村技术, 农业创新, 直播带货, 职业技能, 数字技能, 安全生产, 其他.
enum class Category {
  kRuralTechnology,
  kAgriInnovation,
  kLiveCommerce,
  kVocationalSkills,
  kDigitalSkills,
  kSafety,
  kOther
};
inline constexpr EnumNames<Category, 7> kCategoryNames{
    {"rural_technology", "agri_innovation", "live_commerce", "vocational_skills", "digital_skills",
     "safety", "other"},
    Category::kOther};
constexpr const auto& enum_names(Category) { return kCategoryNames; }
// The Chinese name of a category, for certificates and messages.
std::string_view category_label(Category category);

enum class Mode { kFirstCome, kFairDraw };
inline constexpr EnumNames<Mode, 2> kModeNames{{"first_come", "fair_draw"}, Mode::kFirstCome};
constexpr const auto& enum_names(Mode) { return kModeNames; }

// Stored: draft, published, cancelled. Shown (Course::status): a published course is published
// before its window, enrolling in it, awaiting_draw after it until drawn (fair_draw), closed
// until its last session ends, then finished.
enum class CourseStatus {
  kDraft,
  kPublished,
  kEnrolling,
  kAwaitingDraw,
  kClosed,
  kFinished,
  kCancelled
};
inline constexpr EnumNames<CourseStatus, 7> kCourseStatusNames{
    {"draft", "published", "enrolling", "awaiting_draw", "closed", "finished", "cancelled"},
    CourseStatus::kDraft};
constexpr const auto& enum_names(CourseStatus) { return kCourseStatusNames; }

// A member's place in a course: applied (fair_draw, before the draw), enrolled (a seat),
// waiting, offered (promoted from the waiting list: holds a seat until confirmed or lapsed),
// cancelled (by the member), lapsed (an offer not confirmed in time).
enum class EnrolmentState { kApplied, kEnrolled, kWaiting, kOffered, kCancelled, kLapsed };
inline constexpr EnumNames<EnrolmentState, 6> kEnrolmentStateNames{
    {"applied", "enrolled", "waiting", "offered", "cancelled", "lapsed"},
    EnrolmentState::kCancelled};
constexpr const auto& enum_names(EnrolmentState) { return kEnrolmentStateNames; }

enum class MaterialKind { kDocument, kVideo, kLink };
inline constexpr EnumNames<MaterialKind, 3> kMaterialKindNames{{"document", "video", "link"},
                                                               MaterialKind::kLink};
constexpr const auto& enum_names(MaterialKind) { return kMaterialKindNames; }

struct Material {
  MaterialKind kind = MaterialKind::kLink;
  std::string title;
  std::string url;
};

struct Session {
  int64_t id = 0;
  int64_t course_id = 0;
  int64_t seq = 0;  // 1, 2, … in time order
  int64_t starts_at = 0;
  int64_t ends_at = 0;
  std::string place;
  bool located = false;  // lat_e6 and lng_e6 hold a place on the map
  int64_t lat_e6 = 0;
  int64_t lng_e6 = 0;
};

inline constexpr int64_t kMaxSessions = 50;
inline constexpr int64_t kMaxSeats = 10000;
inline constexpr int64_t kMaxListedOrgs = 200;
inline constexpr int64_t kDefaultNoShowBarDays = 30;
// Sign-in (by code or by staff) opens this long before a session starts.
inline constexpr int64_t kSignInEarlyMs = 30LL * 60 * 1000;

struct CourseInput {
  int64_t org_id = 0;            // the organising union; 0: the admin's own
  std::vector<int64_t> org_ids;  // who may enrol: these unions' subtrees (empty: the organiser's)
  std::string title;             // 1..100
  Category category = Category::kOther;
  std::string teacher_name;         // 1..50
  std::string teacher_title;        // 0..100
  int64_t model_worker_id = 0;      // 0: none; not checked (the model-worker module links it)
  std::string description;          // 0..5000
  std::vector<Material> materials;  // at most 20
  std::vector<int64_t> photo_ids;   // at most 9, uploaded photos
  Mode mode = Mode::kFirstCome;
  int64_t seats = 0;  // 1..kMaxSeats
  int64_t enrol_opens_at = 0;
  int64_t enrol_closes_at = 0;
  int64_t cancel_before_minutes = 1440;  // 0..43200
  int64_t confirm_hours = 24;            // 1..168
  int64_t required_sessions = 0;         // 0: all sessions
  int64_t no_show_bar_days = -1;         // -1: the global default; 0..365
  std::string beacon_source;             // fair_draw; 0..200
  std::vector<Session> sessions;         // 1..kMaxSessions (id, course_id and seq are made)
};

struct Course {
  int64_t id = 0;
  CourseInput input;  // sessions sorted by start, required_sessions filled in
  std::string org_name;
  CourseStatus stored_status = CourseStatus::kDraft;  // draft, published or cancelled
  int64_t taken = 0;                                  // seats held (enrolled and offered)
  int64_t waiting = 0;                                // on the waiting list
  int64_t applications = 0;  // fair_draw: applied (before the draw) or drawn (after it)
  std::string commitment;    // fair_draw, from publication
  std::string beacon_value;
  int64_t drawn_at = 0;
  std::string cancel_reason;
  int64_t created_at = 0;
  int64_t published_at = 0;
  int64_t cancelled_at = 0;

  int64_t first_session_at() const;
  int64_t last_session_ends_at() const;
  // Members may cancel a seat (and the waiting list moves up) until this time.
  int64_t cancel_until() const;
  CourseStatus status(int64_t now) const;
};

struct Enrolment {
  int64_t id = 0;
  int64_t course_id = 0;
  int64_t member_id = 0;
  EnrolmentState state = EnrolmentState::kApplied;
  int64_t queue_no = 0;          // waiting order (lower first); 0 when not waiting
  int64_t waiting_position = 0;  // waiting: 1 = next to be offered (filled by reads)
  int64_t offer_expires_at = 0;
  int64_t draw_seq = 0;  // fair_draw: place in the draw's order (0: not drawn)
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // Filled by reads that need them:
  std::string member_ref;  // fair_draw
  std::string member_name;
  std::string member_phone;
  std::string org_name;  // the member's union
  int64_t attended = 0;
  int64_t no_shows = 0;
  int64_t certificate_id = 0;
};

// Tables training_courses, training_course_orgs, training_sessions, training_enrolments,
// training_attendance and training_certificates (versions 1000-1019).
std::vector<store::Migration> migrations();

// ---- Courses (courses.cpp) -------------------------------------------------------------------

// Creates a draft. Admins in scope of the organising union (Forbidden otherwise); the listed
// unions must lie in its subtree (InvalidArgument org_outside_course naming org_ids[i]). Other
// errors (InvalidArgument) name the field: title, teacher_name, teacher_title, description
// (required, too_long), materials[i].title|url (required, too_long, invalid_url), photo_ids
// (too_many, unknown_photo), seats, cancel_before_minutes, confirm_hours, required_sessions,
// no_show_bar_days (out_of_range), enrol_closes_at (window_order, window_after_sessions),
// sessions (required, too_many), sessions[i].place (required, too_long), sessions[i].ends_at
// (session_order), sessions[i].lat (invalid_coordinates), beacon_source (too_long). Audited.
Result<Course> create(store::Tx& tx, const Principal& admin, const CourseInput& input);
// Replaces a draft whole (the same checks). Conflict not_draft after publication. Audited.
Result<Course> update(store::Tx& tx, const Principal& admin, int64_t id, const CourseInput& input);
// Admins see courses in their subtree (any status); members a published or cancelled course
// they may enrol in or have asked for (NotFound otherwise, and for drafts). For a member,
// `mine` gets their enrolment if they have one.
Result<Course> get(store::Tx& tx, const Principal& principal, int64_t id,
                   std::optional<Enrolment>* mine = nullptr);

struct ListFilter {
  std::optional<CourseStatus> status;  // as shown at `now`
  std::optional<Category> category;
  int64_t before_id = 0;
  int64_t limit = 50;
};
struct CoursePage {
  std::vector<Course> items;                   // newest first
  std::vector<std::optional<Enrolment>> mine;  // members: their place in each item
  int64_t next_cursor = 0;
};
// Admins: their subtree's courses. Members: published (or cancelled) courses they may enrol in.
Result<CoursePage> list(store::Tx& tx, const Principal& principal, const ListFilter& filter,
                        int64_t now);
// draft → published; a fair_draw course gets its draw secret and commitment. Conflict
// not_draft, enrolment_closed (its window has ended). Audited.
Result<Course> publish(store::Tx& tx, const Principal& admin, int64_t id, int64_t now);
// Cancels a course before its last session ends; every member with a place (applied,
// enrolled, waiting, offered) gets a message. reason 2..200 characters (InvalidArgument naming
// reason: required, out_of_range). Conflict already_cancelled, course_finished. Audited.
Result<Course> cancel(store::Tx& tx, const Principal& admin, int64_t id, const std::string& reason,
                      int64_t now);

// ---- Enrolment (enrolment.cpp) ---------------------------------------------------------------

// The member asks for a place: first_come takes a seat by a conditional update of the course's
// counter (never more than `seats`, however many race), else joins the waiting list; fair_draw
// records an application. A member who cancelled or lapsed may ask again (at the back).
// NotFound for a draft or unknown course; Forbidden not_eligible; Conflict course_cancelled,
// not_open (outside the window, or drawn), already_enrolled, member_not_active, barred (fair_draw:
// a recent no-show; the message names the time it ends).
Result<Enrolment> enrol(store::Tx& tx, int64_t member_id, int64_t course_id, int64_t now);
// The member gives up their place. A seat or offer given up before cancel_until() goes to the
// first on the waiting list (offered, with a message and confirm_hours to confirm). Conflict
// not_enrolled (no active place), cancel_too_late (a seat after cancel_until()); NotFound for a
// course the member may not see.
Result<Enrolment> cancel_enrolment(store::Tx& tx, int64_t member_id, int64_t course_id,
                                   int64_t now);
// offered → enrolled before the offer's deadline. Conflict not_offered, offer_lapsed.
Result<Enrolment> confirm(store::Tx& tx, int64_t member_id, int64_t course_id, int64_t now);
// Lapses every offer whose deadline has passed and offers each freed seat to the next on the
// waiting list (while the first session has not started), in short transactions. Safe to run
// on several instances at once. Returns how many offers lapsed.
Result<int64_t> lapse_offers(store::Db& db, int64_t now);
// The course's enrolments for its admins (Forbidden outside their subtree): seats first, then
// the waiting list in order, applications, cancelled and lapsed; with attendance figures.
Result<std::vector<Enrolment>> enrolments(store::Tx& tx, const Principal& admin, int64_t course_id,
                                          std::optional<EnrolmentState> state, int64_t now);

// ---- The fair draw (draw.cpp) ----------------------------------------------------------------

// Draws a fair_draw course whose window has closed (admins in scope): gonghui-draw-v1 over the
// applications (one ticket each) with prizes tier 1 "名额" × seats and tier 2 "候补" × the rest,
// so the seats go to the first drawn and the rest form the waiting list in draw order. Every
// applicant gets a message. Conflict not_fair_draw, not_published, course_cancelled,
// not_closed, already_drawn. Audited.
Result<Course> draw(store::Tx& tx, const Principal& admin, int64_t course_id,
                    const std::string& beacon_value, int64_t now);
// The public audit bundle of a drawn course, in the lottery bundle's format (docs/draw.md) with
// course_id beside campaign_id. NotFound before the draw.
Result<boost::json::object> audit_bundle(store::Tx& tx, int64_t course_id);

// ---- Attendance (attendance.cpp) ------------------------------------------------------------

// Makes the attendance key (server_keys) once, at start-up, so that reads can use it.
Status ensure_key(store::Db& db);

struct SessionCode {
  int64_t session_id = 0;
  std::string code;    // 16 hex
  int64_t minute = 0;  // the minute (UTC ms / 60000) it belongs to
};
// The sign-in code of `session_id` for the minute of `now`: the first 16 hex characters of
// HMAC-SHA256(training key, "<session id>:<minute>"), the key kept in server_keys.
Result<SessionCode> session_code(store::Tx& tx, const Principal& admin, int64_t session_id,
                                 int64_t now);
// Whether `code` is the session's code for the minute of `now` or the one before.
Result<bool> code_is_valid(store::Tx& tx, int64_t session_id, std::string_view code, int64_t now);

enum class AttendanceStatus { kPresent, kExcused, kAbsent, kPending };
inline constexpr EnumNames<AttendanceStatus, 4> kAttendanceStatusNames{
    {"present", "excused", "absent", "pending"}, AttendanceStatus::kPending};
constexpr const auto& enum_names(AttendanceStatus) { return kAttendanceStatusNames; }

struct Attendance {
  int64_t session_id = 0;
  int64_t course_id = 0;
  int64_t member_id = 0;
  std::string member_name;
  std::string member_phone;
  AttendanceStatus status = AttendanceStatus::kPending;
  std::string method;  // qr, staff, or "" when not marked
  int64_t signed_at = 0;
  std::string marked_by_name;
};

struct SignedIn {
  Attendance attendance;
  std::string course_title;
  int64_t attended = 0;
  int64_t required_sessions = 0;
  int64_t certificate_id = 0;
};
// A member holding a seat signs in with the session's current or previous code. Signing in
// again returns the same attendance. Reaching required_sessions issues the certificate.
// NotFound (session) for a course the member may not see; InvalidArgument invalid_code (field
// code); Conflict not_enrolled,
// session_not_open (before kSignInEarlyMs ahead of the start, or after the end),
// course_cancelled.
Result<SignedIn> sign_in(store::Tx& tx, int64_t member_id, int64_t session_id,
                         std::string_view code, int64_t now);
// An admin in scope of the course marks a member holding a seat present, excused or absent
// (absent removes the mark); from kSignInEarlyMs before the start. Issues or revokes the
// certificate as attendance crosses required_sessions. InvalidArgument invalid_status (status);
// NotFound (member) for a member who never asked for a place in the course; Conflict
// not_enrolled (no seat), session_not_open, course_cancelled. Audited.
Result<Attendance> mark(store::Tx& tx, const Principal& admin, int64_t session_id,
                        int64_t member_id, AttendanceStatus status, int64_t now);

struct SessionAttendance {
  Session session;
  std::string course_title;
  int64_t seats = 0;              // the course's
  std::vector<Attendance> items;  // by name
  int64_t present = 0, excused = 0, absent = 0, pending = 0;
};
// A session's attendance for the course's admins: each member holding a seat (and anyone
// marked) with their status.
Result<SessionAttendance> session_attendance(store::Tx& tx, const Principal& admin,
                                             int64_t session_id, int64_t now);

// ---- No-shows -------------------------------------------------------------------------------

// The default number of days a no-show bars a member from fair draws (settings, else 30).
Result<int64_t> default_bar_days(store::Tx& tx);
// The platform admin sets it, 0..365 (InvalidArgument out_of_range naming no_show_bar_days);
// Forbidden for anyone else. Audited.
Result<int64_t> set_default_bar_days(store::Tx& tx, const Principal& admin, int64_t days);
// Until when the member's no-shows bar them from fair draws (0: not barred): the latest end of
// a session they held a seat for, did not attend and were not excused from, plus its course's
// bar days (or the default).
Result<int64_t> barred_until(store::Tx& tx, int64_t member_id, int64_t now);

// ---- Certificates (certificates.cpp, certificate_pdf.cpp) -----------------------------------

struct Certificate {
  int64_t id = 0;
  int64_t course_id = 0;
  int64_t member_id = 0;
  std::string verify_code;
  int64_t sessions_attended = 0;
  int64_t issued_at = 0;
  int64_t revoked_at = 0;  // 0: valid
  std::string course_title;
  Category category = Category::kOther;
  std::string org_name;
  std::string teacher_name;
  std::string holder_name;
  int64_t required_sessions = 0;
};
// A certificate for its holder or an admin in scope of the course (NotFound otherwise).
Result<Certificate> certificate(store::Tx& tx, const Principal& principal, int64_t id);
// The certificate with this verification code, for anyone (NotFound if none).
Result<Certificate> certificate_by_code(store::Tx& tx, std::string_view code);
// The certificate as a PDF (A4 landscape) whose QR code links to `verify_url`.
Result<std::string> certificate_pdf(const Certificate& c, const std::string& verify_url);

// ---- The member's courses and the figures (mine.cpp, figures.cpp) ----------------------------

struct MyCourse {
  Course course;
  Enrolment enrolment;
};
// Every course the member has asked for, newest place first (at most 200).
Result<std::vector<MyCourse>> my_courses(store::Tx& tx, const Principal& member, int64_t now);

struct FigureRow {
  int64_t courses = 0, sessions = 0, seats = 0, applications = 0, enrolments = 0;
  int64_t attendances = 0, expected = 0, no_shows = 0, completions = 0;
  int64_t ended_attendances = 0;  // attendances of ended sessions (the rate's numerator)
  void add(const FigureRow& other);
};
struct UnionFigures {
  int64_t org_id = 0;
  std::string org_name;
  bool own = false;
  FigureRow figures;
};
struct Figures {
  int64_t org_id = 0;
  int64_t from = 0, to = 0;
  FigureRow totals;
  std::vector<UnionFigures> by_union;
  std::vector<std::pair<Category, FigureRow>> by_category;
};
// Published (not cancelled) courses organised in the subtree of `org_id` (default: the admin's
// scope) whose first session lies in [from, to). Forbidden outside the admin's subtree.
Result<Figures> figures(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id,
                        int64_t from, int64_t to, int64_t now);
// Training person-times for the impact report: sessions attended (present) in [from, to) of
// courses organised by unions whose path lies in [lower, upper).
Result<int64_t> person_times(store::Tx& tx, const std::string& lower, const std::string& upper,
                             int64_t from, int64_t to);

}  // namespace gonghui::training
