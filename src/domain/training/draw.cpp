// The fair draw of a course's seats: gonghui-draw-v1 (domain/campaign/draw) over the
// applications, seats as tier 1 and the waiting list as tier 2, so that a course's audit
// bundle is a lottery bundle and `gonghui verify-draw` checks it unchanged.
#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/draw.hpp"
#include "domain/message/message.hpp"
#include "domain/training/internal.hpp"
#include "domain/training/statements.hpp"

namespace gonghui::training {

namespace bj = boost::json;
using store::Rows;

namespace {

constexpr std::string_view kSeatPrize = "名额";
constexpr std::string_view kWaitingPrize = "候补";

// The draw's input: `entries_sql` (kApplications before the draw, kDrawnEntries after it)
// in ascending id, one ticket each; tier 1 is the seats, tier 2 everyone else.
Result<campaign::DrawInput> draw_input(store::Tx& tx, const Course& c, std::string_view entries_sql,
                                       std::vector<int64_t>* member_ids) {
  campaign::DrawInput in;
  GH_ASSIGN(Rows secret, tx.query(sql::kSecret, {c.id}));
  if (!crypto::unhex(secret[0].text(0), in.secret) || in.secret.size() != 32) {
    return Error::internal("course secret damaged");
  }
  in.beacon = c.beacon_value;
  in.one_prize_per_member = true;
  GH_ASSIGN(campaign::ServerKeys keys, campaign::server_keys(tx));
  const crypto::HmacSha256Key privacy(keys.privacy);
  GH_ASSIGN(Rows rows, tx.query(entries_sql, {c.id}));
  for (const auto& r : rows) {
    in.entries.push_back({r.integer(0), campaign::member_ref(privacy, c.id, r.integer(1)), 1});
    if (member_ids) {
      member_ids->push_back(r.integer(1));
    }
  }
  in.prizes.push_back({1, std::string(kSeatPrize), c.input.seats});
  const int64_t rest = static_cast<int64_t>(in.entries.size()) - c.input.seats;
  if (rest > 0) {
    in.prizes.push_back({2, std::string(kWaitingPrize), rest});
  }
  return in;
}

Status require_drawable(const Course& c, int64_t now) {
  if (c.input.mode != Mode::kFairDraw) {
    return Error::conflict("not_fair_draw", "only a fair-draw course is drawn");
  }
  if (c.stored_status == CourseStatus::kCancelled) {
    return Error::conflict("course_cancelled", "this course was cancelled");
  }
  if (c.stored_status != CourseStatus::kPublished) {
    return Error::conflict("not_published", "only a published course can be drawn");
  }
  if (c.drawn_at != 0) {
    return Error::conflict("already_drawn", "this course was already drawn");
  }
  if (now < c.input.enrol_closes_at) {
    return Error::conflict("not_closed", "applications close at " +
                                             format_rfc3339(Timestamp{c.input.enrol_closes_at}));
  }
  return Status::Ok();
}

// Seats to the first drawn, the waiting list to the rest in draw order, and a message each.
Status place_drawn(store::Tx& tx, const Course& c, const campaign::DrawInput& input,
                   const std::vector<int64_t>& member_ids, const campaign::DrawResult& result,
                   int64_t now) {
  std::unordered_map<int64_t, int64_t> member_of;
  for (size_t i = 0; i < input.entries.size(); ++i) {
    member_of[input.entries[i].entry_id] = member_ids[i];
  }
  int64_t seq = 0, seats = 0, waiting = 0;
  std::vector<message::Draft> drafts;
  for (const auto& w : result.winners) {
    const bool seat = w.tier == 1;
    const int64_t queue_no = seat ? 0 : ++waiting;
    seats += seat ? 1 : 0;
    GH_ASSIGN(int64_t moved, tx.exec(sql::kSetDrawn, {std::string(seat ? "enrolled" : "waiting"),
                                                      queue_no, ++seq, now, w.entry_id}));
    if (moved != 1) {
      return Error::internal("an application changed during the draw");
    }
    drafts.push_back({member_of[w.entry_id], seat ? "培训抽签：已获得名额" : "培训抽签：进入候补",
                      seat ? "恭喜！您在「" + c.input.title + "」的公平抽签中获得名额，请按时参加。"
                           : "您在「" + c.input.title + "」的公平抽签中未获得名额，已排入候补第 " +
                                 std::to_string(queue_no) + " 位，有名额空出时将通知您。",
                      internal::course_link(c.id)});
  }
  GH_TRY(tx.exec(sql::kSetCounters, {seats, waiting, c.id}));
  GH_TRY(message::post_all(tx, "training", drafts, "training_draw:" + std::to_string(c.id)));
  return Status::Ok();
}

}  // namespace

Result<Course> draw(store::Tx& tx, const Principal& admin, int64_t course_id,
                    const std::string& beacon_value, int64_t now) {
  GH_ASSIGN(Course before, internal::load_for_admin(tx, admin, course_id));
  GH_TRY(require_drawable(before, now));
  GH_ASSIGN(int64_t marked, tx.exec(sql::kMarkDrawn, {now, beacon_value, now, course_id}));
  if (marked != 1) {
    return Error::conflict("already_drawn", "this course was already drawn");
  }
  Course c = before;
  c.beacon_value = beacon_value;
  std::vector<int64_t> member_ids;
  GH_ASSIGN(campaign::DrawInput input, draw_input(tx, c, sql::kApplications, &member_ids));
  const campaign::DrawResult result = campaign::run_draw(input);
  GH_TRY(place_drawn(tx, c, input, member_ids, result, now));
  GH_ASSIGN(Course after, internal::load(tx, course_id));
  bj::object audit_after = internal::snapshot(after);
  audit_after["beacon_value"] = beacon_value;
  audit_after["applications"] = input.entries.size();
  audit_after["seed"] = result.seed;
  GH_TRY(audit::record(tx, admin, "training.draw", "training_course", id_string(course_id),
                       after.input.org_id, internal::snapshot(before), audit_after));
  return after;
}

Result<bj::object> audit_bundle(store::Tx& tx, int64_t course_id) {
  GH_ASSIGN(Course c, internal::load(tx, course_id));
  if (c.input.mode != Mode::kFairDraw || c.drawn_at == 0) {
    return Error::not_found("draw");
  }
  GH_ASSIGN(campaign::DrawInput input, draw_input(tx, c, sql::kDrawnEntries, nullptr));
  const campaign::DrawResult computed = campaign::run_draw(input);
  GH_ASSIGN(campaign::ServerKeys keys, campaign::server_keys(tx));
  const crypto::HmacSha256Key privacy(keys.privacy);
  bj::array entries, prizes, winners;
  for (const auto& e : input.entries) {
    entries.push_back({{"entry_id", id_string(e.entry_id)},
                       {"member_ref", e.member_ref},
                       {"tickets", e.tickets}});
  }
  for (const auto& p : input.prizes) {
    prizes.push_back({{"tier", p.tier}, {"name", p.name}, {"quantity", p.quantity}});
  }
  // The places as recorded at the draw (not recomputed), so that the bundle can be checked.
  GH_ASSIGN(Rows drawn, tx.query(sql::kDrawnInOrder, {course_id}));
  for (const auto& r : drawn) {
    winners.push_back({{"tier", r.integer(2) <= c.input.seats ? 1 : 2},
                       {"entry_id", id_string(r.integer(0))},
                       {"member_ref", campaign::member_ref(privacy, course_id, r.integer(1))}});
  }
  return bj::object{{"algorithm", campaign::kDrawAlgorithm},
                    {"course_id", id_string(course_id)},
                    {"campaign_id", id_string(course_id)},
                    {"title", c.input.title},
                    {"commitment", c.commitment},
                    {"secret", crypto::hex(input.secret)},
                    {"beacon_source", c.input.beacon_source},
                    {"beacon_value", c.beacon_value},
                    {"entries", std::move(entries)},
                    {"entries_digest", computed.entries_digest},
                    {"seed", computed.seed},
                    {"prizes", std::move(prizes)},
                    {"one_prize_per_member", true},
                    {"winners", std::move(winners)},
                    {"drawn_at", format_rfc3339(Timestamp{c.drawn_at})}};
}

}  // namespace gonghui::training
