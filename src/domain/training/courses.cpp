// A course's life: create and replace a draft, read and list, publish (committing to the draw's
// secret for a fair draw) and cancel.
#include <algorithm>
#include <cctype>

#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/message/message.hpp"
#include "domain/org/org.hpp"
#include "domain/training/internal.hpp"
#include "domain/training/statements.hpp"
#include "store/columns.hpp"

namespace gonghui::training {

namespace bj = boost::json;
using store::Rows;

namespace {

Status text_field(const std::string& text, std::string field, size_t max, bool required) {
  const bool blank = std::all_of(
      text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  if (required && blank) {
    return Error::invalid(std::move(field), "required", "this field is required");
  }
  if (json::count_code_points(text) > max) {
    return Error::invalid(std::move(field), "too_long",
                          "at most " + std::to_string(max) + " characters");
  }
  return Status::Ok();
}

Status in_range(int64_t value, int64_t min, int64_t max, std::string field) {
  if (value < min || value > max) {
    return Error::invalid(std::move(field), "out_of_range",
                          "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return Status::Ok();
}

Status check_materials(const std::vector<Material>& materials) {
  if (materials.size() > 20) {
    return Error::invalid("materials", "too_many", "at most 20 materials");
  }
  for (size_t i = 0; i < materials.size(); ++i) {
    const std::string at = "materials[" + std::to_string(i) + "]";
    GH_TRY(text_field(materials[i].title, at + ".title", 100, true));
    GH_TRY(text_field(materials[i].url, at + ".url", 500, true));
    const std::string& url = materials[i].url;
    const bool web = url.starts_with("https://") || url.starts_with("http://");
    if (!web || url.find_first_of(" \t\r\n\"<>") != std::string::npos) {
      return Error::invalid(at + ".url", "invalid_url", "a link starting with http:// or https://");
    }
  }
  return Status::Ok();
}

Status check_sessions(std::vector<Session>& sessions) {
  if (sessions.empty()) {
    return Error::invalid("sessions", "required", "a course has at least one session");
  }
  if (static_cast<int64_t>(sessions.size()) > kMaxSessions) {
    return Error::invalid("sessions", "too_many", "at most 50 sessions");
  }
  for (size_t i = 0; i < sessions.size(); ++i) {
    const std::string at = "sessions[" + std::to_string(i) + "]";
    const Session& s = sessions[i];
    GH_TRY(text_field(s.place, at + ".place", 200, true));
    if (s.ends_at <= s.starts_at || s.ends_at - s.starts_at > internal::kDayMs) {
      return Error::invalid(at + ".ends_at", "session_order",
                            "a session ends after it starts, within a day");
    }
    if (s.located && (s.lat_e6 < -90'000'000 || s.lat_e6 > 90'000'000 || s.lng_e6 < -180'000'000 ||
                      s.lng_e6 > 180'000'000)) {
      return Error::invalid(at + ".lat", "invalid_coordinates", "lat and lng out of range");
    }
  }
  std::stable_sort(sessions.begin(), sessions.end(),
                   [](const Session& a, const Session& b) { return a.starts_at < b.starts_at; });
  return Status::Ok();
}

// Every check of an input that needs no other row, in the order the fields are documented;
// fills required_sessions (0 → every session) and sorts the sessions.
Status check_input(CourseInput& in) {
  GH_TRY(text_field(in.title, "title", 100, true));
  GH_TRY(text_field(in.teacher_name, "teacher_name", 50, true));
  GH_TRY(text_field(in.teacher_title, "teacher_title", 100, false));
  GH_TRY(text_field(in.description, "description", 5000, false));
  GH_TRY(check_materials(in.materials));
  if (in.photo_ids.size() > 9) {
    return Error::invalid("photo_ids", "too_many", "at most 9 photos");
  }
  GH_TRY(in_range(in.seats, 1, kMaxSeats, "seats"));
  GH_TRY(in_range(in.cancel_before_minutes, 0, 43200, "cancel_before_minutes"));
  GH_TRY(in_range(in.confirm_hours, 1, 168, "confirm_hours"));
  GH_TRY(in_range(in.no_show_bar_days, -1, 365, "no_show_bar_days"));
  GH_TRY(text_field(in.beacon_source, "beacon_source", 200, false));
  if (static_cast<int64_t>(in.org_ids.size()) > kMaxListedOrgs) {
    return Error::invalid("org_ids", "too_many", "at most 200 unions");
  }
  GH_TRY(check_sessions(in.sessions));
  const int64_t sessions = static_cast<int64_t>(in.sessions.size());
  GH_TRY(in_range(in.required_sessions, 0, sessions, "required_sessions"));
  if (in.required_sessions == 0) {
    in.required_sessions = sessions;
  }
  if (in.enrol_closes_at <= in.enrol_opens_at) {
    return Error::invalid("enrol_closes_at", "window_order", "enrolment closes after it opens");
  }
  if (in.enrol_closes_at > in.sessions.front().starts_at) {
    return Error::invalid("enrol_closes_at", "window_after_sessions",
                          "enrolment closes before the first session starts");
  }
  return Status::Ok();
}

// The organiser (the admin's own union by default, in scope) and the listed unions under it.
Result<org::Org> check_unions(store::Tx& tx, const Principal& admin, CourseInput& in) {
  if (in.org_id == 0) {
    GH_ASSIGN(org::Org own, org::admin_scope(tx, admin));
    in.org_id = own.id;
  }
  GH_ASSIGN(org::Org organiser, org::require_in_scope(tx, admin, in.org_id));
  const org::PathRange range = org::range_of(organiser.path);
  std::sort(in.org_ids.begin(), in.org_ids.end());
  in.org_ids.erase(std::unique(in.org_ids.begin(), in.org_ids.end()), in.org_ids.end());
  for (size_t i = 0; i < in.org_ids.size(); ++i) {
    auto o = org::get(tx, in.org_ids[i]);
    if (!o.ok() || o->path < range.lower || o->path >= range.upper) {
      return Error::invalid("org_ids[" + std::to_string(i) + "]", "org_outside_course",
                            "each listed union must lie under the organising union");
    }
  }
  for (int64_t photo : in.photo_ids) {
    GH_ASSIGN(Rows found, tx.query(sql::kPhotoExists, {photo}));
    if (found.empty()) {
      return Error::invalid("photo_ids", "unknown_photo", "no uploaded photo has that id");
    }
  }
  return organiser;
}

std::string materials_json(const std::vector<Material>& materials) {
  bj::array out;
  for (const Material& m : materials) {
    out.push_back({{"kind", enum_name(m.kind)}, {"title", m.title}, {"url", m.url}});
  }
  return json::to_string(out);
}

Status write_parts(store::Tx& tx, int64_t id, const CourseInput& in) {
  GH_TRY(tx.exec(sql::kDeleteSessions, {id}));
  GH_TRY(tx.exec(sql::kDeleteListedOrgs, {id}));
  int64_t seq = 0;
  for (const Session& s : in.sessions) {
    GH_TRY(tx.exec(sql::kInsertSession, {new_id(), id, ++seq, s.starts_at, s.ends_at, s.place,
                                         int64_t{s.located ? 1 : 0}, s.lat_e6, s.lng_e6}));
  }
  for (int64_t org : in.org_ids) {
    GH_TRY(tx.exec(sql::kInsertListedOrg, {id, org}));
  }
  return Status::Ok();
}

int64_t last_end(const CourseInput& in) {
  int64_t last = 0;
  for (const Session& s : in.sessions) {
    last = std::max(last, s.ends_at);
  }
  return last;
}

// Members see a course once it is published (or cancelled) if they may enrol in it or have
// asked for a place in it.
Result<Course> get_for_member(store::Tx& tx, int64_t member_id, int64_t id,
                              std::optional<Enrolment>* mine) {
  GH_ASSIGN(Course c, internal::load(tx, id));
  if (c.stored_status == CourseStatus::kDraft) {
    return Error::not_found("course");
  }
  GH_ASSIGN(std::optional<Enrolment> place, internal::find_enrolment(tx, id, member_id));
  if (!place) {
    GH_ASSIGN(internal::MemberInfo member, internal::load_member(tx, member_id));
    if (!internal::eligible(c, member)) {
      return Error::not_found("course");
    }
  } else {
    GH_TRY(internal::fill_for_member(tx, c, *place, Timestamp::now().ms));
  }
  if (mine) {
    *mine = std::move(place);
  }
  return c;
}

}  // namespace

Result<Course> create(store::Tx& tx, const Principal& admin, const CourseInput& input) {
  CourseInput in = input;
  GH_TRY(check_input(in));
  GH_ASSIGN(org::Org organiser, check_unions(tx, admin, in));
  const int64_t id = new_id();
  const int64_t now = Timestamp::now().ms;
  GH_TRY(tx.exec(sql::kInsertCourse, {id,
                                      in.org_id,
                                      in.title,
                                      std::string(enum_name(in.category)),
                                      in.teacher_name,
                                      in.teacher_title,
                                      in.model_worker_id,
                                      in.description,
                                      materials_json(in.materials),
                                      store::join_ids(in.photo_ids),
                                      std::string(enum_name(in.mode)),
                                      in.seats,
                                      in.enrol_opens_at,
                                      in.enrol_closes_at,
                                      in.cancel_before_minutes,
                                      in.confirm_hours,
                                      in.required_sessions,
                                      in.no_show_bar_days,
                                      in.sessions.front().starts_at,
                                      last_end(in),
                                      in.beacon_source,
                                      admin.account_id,
                                      now,
                                      now}));
  GH_TRY(write_parts(tx, id, in));
  GH_ASSIGN(Course c, internal::load(tx, id));
  GH_TRY(audit::record(tx, admin, "training.create", "training_course", id_string(id), organiser.id,
                       nullptr, internal::snapshot(c)));
  return c;
}

Result<Course> update(store::Tx& tx, const Principal& admin, int64_t id, const CourseInput& input) {
  GH_ASSIGN(Course before, internal::load_for_admin(tx, admin, id));
  if (before.stored_status != CourseStatus::kDraft) {
    return Error::conflict("not_draft", "only a draft can be changed");
  }
  CourseInput in = input;
  GH_TRY(check_input(in));
  GH_ASSIGN(org::Org organiser, check_unions(tx, admin, in));
  GH_ASSIGN(int64_t changed, tx.exec(sql::kReplaceDraft, {in.org_id,
                                                          in.title,
                                                          std::string(enum_name(in.category)),
                                                          in.teacher_name,
                                                          in.teacher_title,
                                                          in.model_worker_id,
                                                          in.description,
                                                          materials_json(in.materials),
                                                          store::join_ids(in.photo_ids),
                                                          std::string(enum_name(in.mode)),
                                                          in.seats,
                                                          in.enrol_opens_at,
                                                          in.enrol_closes_at,
                                                          in.cancel_before_minutes,
                                                          in.confirm_hours,
                                                          in.required_sessions,
                                                          in.no_show_bar_days,
                                                          in.sessions.front().starts_at,
                                                          last_end(in),
                                                          in.beacon_source,
                                                          Timestamp::now().ms,
                                                          id}));
  if (changed != 1) {
    return Error::conflict("not_draft", "only a draft can be changed");
  }
  GH_TRY(write_parts(tx, id, in));
  GH_ASSIGN(Course after, internal::load(tx, id));
  GH_TRY(audit::record(tx, admin, "training.update", "training_course", id_string(id), organiser.id,
                       internal::snapshot(before), internal::snapshot(after)));
  return after;
}

Result<Course> get(store::Tx& tx, const Principal& principal, int64_t id,
                   std::optional<Enrolment>* mine) {
  if (principal.has(Role::kOrgAdmin) || principal.has(Role::kPlatformAdmin)) {
    auto c = internal::load_for_admin(tx, principal, id);
    if (c.ok() || !principal.has(Role::kMember)) {
      return c;
    }
  }
  const RoleGrant* member = principal.grant(Role::kMember);
  if (member == nullptr) {
    return Error::not_found("course");
  }
  return get_for_member(tx, member->member_id, id, mine);
}

Result<CoursePage> list(store::Tx& tx, const Principal& principal, const ListFilter& filter,
                        int64_t now) {
  const bool admin = principal.has(Role::kOrgAdmin) || principal.has(Role::kPlatformAdmin);
  const RoleGrant* member = principal.grant(Role::kMember);
  std::string sql = "SELECT c.id FROM training_courses c JOIN orgs o ON o.id = c.org_id WHERE ";
  store::Params params;
  if (admin) {
    GH_ASSIGN(org::Org scope, org::admin_scope(tx, principal));
    const org::PathRange range = org::range_of(scope.path);
    sql += "o.path >= ? AND o.path < ?";
    params = {range.lower, range.upper};
  } else if (member != nullptr) {
    // The organiser lies on the member's path; listed unions are checked per course below.
    GH_ASSIGN(internal::MemberInfo info, internal::load_member(tx, member->member_id));
    sql += "c.status <> 'draft' AND c.org_id IN (" + store::join_ids(info.path_ids) + ")";
  } else {
    return Error::forbidden();
  }
  if (filter.category) {
    sql += " AND c.category = ?";
    params.push_back(std::string(enum_name(*filter.category)));
  }
  sql += " AND c.id < ? ORDER BY c.id DESC";
  params.push_back(filter.before_id > 0 ? filter.before_id : INT64_MAX);
  GH_ASSIGN(Rows ids, tx.query(sql, params));
  CoursePage page;
  for (const auto& row : ids) {
    if (static_cast<int64_t>(page.items.size()) > filter.limit) {
      break;
    }
    std::optional<Enrolment> mine;
    auto c = admin ? internal::load(tx, row.integer(0))
                   : get_for_member(tx, member->member_id, row.integer(0), &mine);
    if (!c.ok()) {
      if (c.error().kind == ErrorKind::kNotFound) {
        continue;  // not for this member
      }
      return std::move(c).error();
    }
    if (filter.status && c->status(now) != *filter.status) {
      continue;
    }
    page.items.push_back(std::move(*c));
    page.mine.push_back(std::move(mine));
  }
  if (static_cast<int64_t>(page.items.size()) > filter.limit) {
    page.items.resize(static_cast<size_t>(filter.limit));
    page.mine.resize(static_cast<size_t>(filter.limit));
    page.next_cursor = page.items.back().id;
  }
  return page;
}

Result<Course> publish(store::Tx& tx, const Principal& admin, int64_t id, int64_t now) {
  GH_ASSIGN(Course before, internal::load_for_admin(tx, admin, id));
  if (before.stored_status != CourseStatus::kDraft) {
    return Error::conflict("not_draft", "only a draft can be published");
  }
  if (now >= before.input.enrol_closes_at) {
    return Error::conflict("enrolment_closed", "the enrolment window has already ended");
  }
  // The secret is fixed (and its hash shown) before the first application can exist.
  std::string secret, commitment;
  if (before.input.mode == Mode::kFairDraw) {
    const std::string raw = crypto::random_bytes(32);
    secret = crypto::hex(raw);
    commitment = crypto::sha256_hex(raw);
  }
  GH_ASSIGN(int64_t changed, tx.exec(sql::kPublish, {secret, commitment, now, now, id}));
  if (changed != 1) {
    return Error::conflict("not_draft", "only a draft can be published");
  }
  GH_ASSIGN(Course after, internal::load(tx, id));
  GH_TRY(audit::record(tx, admin, "training.publish", "training_course", id_string(id),
                       after.input.org_id, internal::snapshot(before), internal::snapshot(after)));
  return after;
}

Result<Course> cancel(store::Tx& tx, const Principal& admin, int64_t id, const std::string& reason,
                      int64_t now) {
  const size_t chars = json::count_code_points(reason);
  if (reason.empty()) {
    return Error::invalid("reason", "required", "say why the course is cancelled");
  }
  if (chars < 2 || chars > 200) {
    return Error::invalid("reason", "out_of_range", "2 to 200 characters");
  }
  GH_ASSIGN(Course before, internal::load_for_admin(tx, admin, id));
  if (before.stored_status == CourseStatus::kCancelled) {
    return Error::conflict("already_cancelled", "this course was already cancelled");
  }
  if (before.stored_status == CourseStatus::kPublished && now >= before.last_session_ends_at()) {
    return Error::conflict("course_finished", "the course has already finished");
  }
  GH_ASSIGN(int64_t changed, tx.exec(sql::kCancelCourse, {reason, now, now, id}));
  if (changed != 1) {
    return Error::conflict("already_cancelled", "this course was already cancelled");
  }
  GH_ASSIGN(Rows members, tx.query("SELECT member_id FROM training_enrolments WHERE course_id = ? "
                                   "AND state IN ('applied', 'enrolled', 'waiting', 'offered') "
                                   "ORDER BY member_id",
                                   {id}));
  std::vector<message::Draft> drafts;
  for (const auto& row : members) {
    drafts.push_back({row.integer(0), "培训已取消",
                      "很抱歉，「" + before.input.title + "」已取消：" + reason,
                      internal::course_link(id)});
  }
  GH_TRY(message::post_all(tx, "training", drafts, "training_cancelled:" + std::to_string(id)));
  GH_ASSIGN(Course after, internal::load(tx, id));
  bj::object audit_after = internal::snapshot(after);
  audit_after["reason"] = reason;
  GH_TRY(audit::record(tx, admin, "training.cancel", "training_course", id_string(id),
                       after.input.org_id, internal::snapshot(before), audit_after));
  return after;
}

}  // namespace gonghui::training
