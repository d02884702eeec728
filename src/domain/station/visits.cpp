// Check-ins, ratings and problems: the public writes at a station, and the union's handling of
// the problems reported.
#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "domain/audit/audit.hpp"
#include "domain/auth/auth.hpp"
#include "domain/merchant/photo.hpp"
#include "domain/message/message.hpp"
#include "domain/org/org.hpp"
#include "domain/station/internal.hpp"

namespace gonghui::station {
namespace {

constexpr std::string_view kSelectProblem =
    "SELECT p.id, p.station_id, s.name, s.org_id, o.name, p.kind, p.description, p.photo_ids, "
    "p.reporter_member_id, p.reporter_phone, p.status, p.note, p.reported_at, p.confirmed_at, "
    "p.closed_at, p.handled_by_name FROM station_problems p "
    "JOIN stations s ON s.id = p.station_id JOIN orgs o ON o.id = s.org_id";
using ProblemFields =
    store::Fields<&Problem::id, &Problem::station_id, &Problem::station_name, &Problem::org_id,
                  &Problem::org_name, &Problem::kind, &Problem::description, &Problem::photo_ids,
                  &Problem::reporter_member_id, &Problem::reporter_phone, &Problem::status,
                  &Problem::note, &Problem::reported_at, &Problem::confirmed_at,
                  &Problem::closed_at, &Problem::handled_by_name>;
static_assert(ProblemFields::matches(kSelectProblem));

Result<std::vector<Problem>> problems_where(store::Tx& tx, const std::string& where,
                                            const store::Params& params) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kSelectProblem) + " " + where, params));
  std::vector<Problem> out;
  for (const store::Row& row : rows) out.push_back(ProblemFields::read(row));
  return out;
}

Result<Problem> load_problem(store::Tx& tx, int64_t id) {
  GH_ASSIGN(std::vector<Problem> found, problems_where(tx, "WHERE p.id = ?", {id}));
  if (found.empty()) return Error::not_found("problem");
  return std::move(found.front());
}

std::string_view kind_words(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kClosed:
      return "未按时开放";
    case ProblemKind::kAirConditioning:
      return "空调故障";
    case ProblemKind::kWater:
      return "饮水问题";
    case ProblemKind::kPower:
      return "断电或无法充电";
    case ProblemKind::kCleanliness:
      return "卫生问题";
    case ProblemKind::kFacilities:
      return "设施损坏";
    case ProblemKind::kOther:
      break;
  }
  return "问题";
}

// Tells the reporter what became of their report: a member by id, else an active member by the
// phone they gave. Nothing for an anonymous report without one.
Status tell_reporter(store::Tx& tx, const Problem& p) {
  const bool fixed = p.status == ProblemStatus::kFixed;
  const std::string title = fixed ? "您反馈的服务站问题已处理" : "您反馈的服务站问题已答复";
  const std::string body = "您反馈的" + p.station_name + "“" + std::string(kind_words(p.kind)) +
                           "”" + (fixed ? "已修复：" : "经核实不予处理：") + p.note;
  const std::string link = "/stations/" + id_string(p.station_id);
  const std::string key = "station_problem:" + id_string(p.id);
  if (p.reporter_member_id != 0) {
    GH_TRY(message::post(tx, p.reporter_member_id, "station_problem", title, body, link, key));
  } else if (!p.reporter_phone.empty()) {
    GH_TRY(message::post_to_phone(tx, p.reporter_phone, "station_problem", title, body, link, key));
  }
  return Status::Ok();
}

// Moves a problem from one of `from` to `to` with a conditional UPDATE (409 wrong_status when
// it is in another state, or another request moved it first), audited as `action`.
Result<Problem> move_problem(store::Tx& tx, const Principal& admin, int64_t id,
                             std::initializer_list<ProblemStatus> from, ProblemStatus to,
                             const std::string& note_in, bool note_required, int64_t now) {
  GH_ASSIGN(Problem before, load_problem(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, before.org_id));
  GH_ASSIGN(std::string note, json::checked_text(note_in, "note", 200, note_required));
  bool allowed = false;
  for (ProblemStatus s : from) allowed = allowed || s == before.status;
  if (!allowed) {
    return Error::conflict("wrong_status",
                           "the problem is " + std::string(enum_name(before.status)));
  }
  const bool closing = to != ProblemStatus::kConfirmed;
  GH_ASSIGN(int64_t changed,
            tx.exec("UPDATE station_problems SET status = ?, note = ?, handled_by_name = ?, "
                    "confirmed_at = CASE WHEN ? = 1 THEN confirmed_at ELSE ? END, "
                    "closed_at = CASE WHEN ? = 1 THEN ? ELSE closed_at END "
                    "WHERE id = ? AND status = ?",
                    {std::string(enum_name(to)), note, admin.name, int64_t{closing}, now,
                     int64_t{closing}, now, id, std::string(enum_name(before.status))}));
  if (changed == 0) {
    return Error::conflict("wrong_status", "the problem was moved by another request");
  }
  GH_ASSIGN(Problem after, load_problem(tx, id));
  if (closing) {
    GH_TRY(tell_reporter(tx, after));
  }
  GH_TRY(audit::record(
      tx, admin,
      "station_problem." +
          std::string(closing ? (to == ProblemStatus::kFixed ? "fix" : "dismiss") : "confirm"),
      "station_problem", id_string(id), after.org_id,
      boost::json::object{{"status", enum_name(before.status)}},
      boost::json::object{{"status", enum_name(after.status)}, {"note", note}}));
  return after;
}

}  // namespace

Result<CheckIn> check_in(store::Tx& tx, int64_t station_id, std::string_view code,
                         int64_t member_id, int64_t now) {
  GH_ASSIGN(Station s, internal::load(tx, station_id));
  if (code.empty()) return Error::invalid("code", "required", "code is required");
  if (!crypto::equal(code, s.check_in_code)) {
    return Error{ErrorKind::kForbidden, "wrong_code", "that is not this station's code", "code"};
  }
  if (s.status != StationStatus::kOpen) {
    return Error::conflict("station_closed", "the station is closed");
  }
  CheckIn out{new_id(), station_id, now, 0, crypto::base64url(crypto::random_bytes(18))};
  GH_TRY(
      tx.exec("INSERT INTO station_check_ins (id, station_id, at, member_id, token_hash, stars, "
              "comment, rated_at) VALUES (?, ?, ?, ?, ?, 0, '', 0)",
              {out.id, station_id, now, member_id, crypto::sha256_hex(out.rating_token)}));
  GH_TRY(tx.exec("UPDATE stations SET visits = visits + 1 WHERE id = ?", {station_id}));
  out.visits = s.visits + 1;
  return out;
}

Result<Station> rate_visit(store::Tx& tx, int64_t check_in_id, std::string_view token, int stars,
                           const std::string& comment_in, int64_t now) {
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT station_id, at, token_hash, stars FROM station_check_ins WHERE id = ?",
                     {check_in_id}));
  if (rows.empty()) return Error::not_found("check-in");
  if (token.empty()) return Error::invalid("token", "required", "token is required");
  if (stars < 1 || stars > 5) {
    return Error::invalid("stars", "invalid_rating", "stars must be 1 to 5");
  }
  GH_ASSIGN(std::string comment, json::checked_text(comment_in, "comment", 200, false));
  if (!crypto::equal(crypto::sha256_hex(token), rows[0].text(2))) {
    return Error{ErrorKind::kForbidden, "wrong_token", "that is not this visit's token", "token"};
  }
  if (now - rows[0].integer(1) > kRatingWindowMs) {
    return Error::conflict("rating_closed", "a visit may be rated for 7 days");
  }
  const int64_t station_id = rows[0].integer(0);
  const int64_t old_stars = rows[0].integer(3);
  GH_TRY(tx.exec("UPDATE station_check_ins SET stars = ?, comment = ?, rated_at = ? WHERE id = ?",
                 {int64_t{stars}, comment, now, check_in_id}));
  GH_TRY(
      tx.exec("UPDATE stations SET rating_sum = rating_sum + ?, rating_count = rating_count + ? "
              "WHERE id = ?",
              {stars - old_stars, int64_t{old_stars == 0 ? 1 : 0}, station_id}));
  return internal::load(tx, station_id);
}

Result<ProblemReceipt> report_problem(store::Tx& tx, int64_t station_id, int64_t member_id,
                                      const ProblemReport& report, int64_t now) {
  GH_TRY(internal::load(tx, station_id));
  GH_ASSIGN(std::string description, json::checked_text(report.description, "description", 500,
                                                        report.kind == ProblemKind::kOther));
  if (report.photo_ids.size() > 3) {
    return Error::invalid("photo_ids", "too_many", "at most 3 photos");
  }
  GH_TRY(merchant::check_photo_ids(tx, report.photo_ids, "photo_ids"));
  std::string phone;
  bool notified = member_id != 0;
  if (member_id == 0 && !report.phone.empty()) {
    if (!auth::valid_phone(report.phone)) {
      return Error::invalid("phone", "invalid_phone", "not a mainland mobile number");
    }
    phone = report.phone;
    GH_ASSIGN(store::Rows found,
              tx.query("SELECT 1 FROM members WHERE phone = ? AND status = 'active'", {phone}));
    notified = !found.empty();
  }
  const int64_t id = new_id();
  GH_TRY(
      tx.exec("INSERT INTO station_problems (id, station_id, kind, description, photo_ids, "
              "reporter_member_id, reporter_phone, status, note, reported_at, confirmed_at, "
              "closed_at, handled_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, 'reported', '', ?, 0, "
              "0, '')",
              {id, station_id, std::string(enum_name(report.kind)), description,
               store::join_ids(report.photo_ids), member_id, phone, now}));
  return ProblemReceipt{id, notified};
}

Result<Problem> confirm_problem(store::Tx& tx, const Principal& admin, int64_t id,
                                const std::string& note, int64_t now) {
  return move_problem(tx, admin, id, {ProblemStatus::kReported}, ProblemStatus::kConfirmed, note,
                      false, now);
}

Result<Problem> fix_problem(store::Tx& tx, const Principal& admin, int64_t id,
                            const std::string& note, int64_t now) {
  return move_problem(tx, admin, id, {ProblemStatus::kReported, ProblemStatus::kConfirmed},
                      ProblemStatus::kFixed, note, true, now);
}

Result<Problem> dismiss_problem(store::Tx& tx, const Principal& admin, int64_t id,
                                const std::string& note, int64_t now) {
  return move_problem(tx, admin, id, {ProblemStatus::kReported, ProblemStatus::kConfirmed},
                      ProblemStatus::kDismissed, note, true, now);
}

Result<ProblemPage> list_problems(store::Tx& tx, const Principal& admin,
                                  const ProblemFilter& filter) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  const org::PathRange range = org::range_of(scope.path);
  std::string where = "WHERE o.path >= ? AND o.path < ? AND p.id < ?";
  store::Params params{range.lower, range.upper,
                       filter.before_id > 0 ? filter.before_id : INT64_MAX};
  if (filter.station_id) {
    GH_ASSIGN(Station s, internal::load(tx, *filter.station_id));
    GH_TRY(org::require_in_scope(tx, admin, s.org_id));
    where += " AND p.station_id = ?";
    params.emplace_back(*filter.station_id);
  }
  if (filter.status) {
    where += " AND p.status = ?";
    params.emplace_back(std::string(enum_name(*filter.status)));
  } else if (filter.open_only) {
    where += " AND p.status IN ('reported', 'confirmed')";
  }
  where += " ORDER BY p.id DESC LIMIT ?";
  params.emplace_back(filter.limit + 1);
  ProblemPage page;
  GH_ASSIGN(page.items, problems_where(tx, where, params));
  if (static_cast<int64_t>(page.items.size()) > filter.limit) {
    page.items.resize(static_cast<size_t>(filter.limit));
    page.next_cursor = page.items.back().id;
  }
  return page;
}

}  // namespace gonghui::station
