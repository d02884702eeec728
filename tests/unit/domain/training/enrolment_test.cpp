// Training courses on both engines: input and scope, first come never over the seats however
// many race, the waiting list moving up in order, offers that lapse, and re-enrolment.
#include <atomic>
#include <set>
#include <thread>

#include "domain/message/message.hpp"
#include "domain/training/training_fixture.hpp"

namespace gonghui::training {
namespace {

class EnrolmentTest : public TrainingTest {};

TEST_P(EnrolmentTest, BadInputNamesTheFieldAndWritesNothing) {
  auto refused = [&](auto change) {
    CourseInput in = input(Mode::kFirstCome, 10);
    change(in);
    auto made = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, in); });
    EXPECT_FALSE(made.ok());
    return made.ok() ? Error{} : made.error();
  };
  EXPECT_EQ(refused([](CourseInput& in) { in.title = "  "; }).field, "title");
  EXPECT_EQ(refused([](CourseInput& in) { in.title = std::string(101, 'x'); }).code, "too_long");
  EXPECT_EQ(refused([](CourseInput& in) { in.teacher_name = ""; }).field, "teacher_name");
  EXPECT_EQ(refused([](CourseInput& in) { in.seats = 0; }).field, "seats");
  EXPECT_EQ(refused([](CourseInput& in) { in.seats = kMaxSeats + 1; }).code, "out_of_range");
  EXPECT_EQ(refused([](CourseInput& in) { in.materials[0].url = "ftp://x"; }).field,
            "materials[0].url");
  EXPECT_EQ(refused([](CourseInput& in) { in.photo_ids = {424242}; }).code, "unknown_photo");
  EXPECT_EQ(refused([](CourseInput& in) { in.sessions.clear(); }).field, "sessions");
  EXPECT_EQ(
      refused([](CourseInput& in) { in.sessions[1].ends_at = in.sessions[1].starts_at; }).field,
      "sessions[1].ends_at");
  EXPECT_EQ(refused([](CourseInput& in) { in.sessions[2].place = ""; }).field, "sessions[2].place");
  EXPECT_EQ(refused([](CourseInput& in) { in.enrol_closes_at = in.enrol_opens_at; }).code,
            "window_order");
  EXPECT_EQ(refused([&](CourseInput& in) { in.enrol_closes_at = now_ + 10 * kDay; }).code,
            "window_after_sessions");
  EXPECT_EQ(refused([](CourseInput& in) { in.required_sessions = 4; }).field, "required_sessions");
  EXPECT_EQ(refused([](CourseInput& in) { in.confirm_hours = 0; }).field, "confirm_hours");
  EXPECT_EQ(refused([&](CourseInput& in) { in.org_ids = {tree_.base_b1.id}; }).field, "org_ids[0]");
  EXPECT_EQ(count("SELECT COUNT(*) FROM training_courses"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM training_sessions"), 0);
}

TEST_P(EnrolmentTest, AnotherDistrictCannotTouchTheCourse) {
  CourseInput in = input(Mode::kFirstCome, 10);
  auto outside = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_b, in); });
  EXPECT_EQ(outside.error().kind, ErrorKind::kForbidden);
  const Course c = make(in, false);
  auto publish_b = in_tx([&](store::Tx& tx) { return publish(tx, tree_.admin_b, c.id, now_); });
  EXPECT_EQ(publish_b.error().kind, ErrorKind::kForbidden);
  auto update_b = in_tx([&](store::Tx& tx) { return update(tx, tree_.admin_b, c.id, in); });
  EXPECT_EQ(update_b.error().kind, ErrorKind::kForbidden);
  auto list_b =
      in_tx([&](store::Tx& tx) { return enrolments(tx, tree_.admin_b, c.id, std::nullopt, now_); });
  EXPECT_EQ(list_b.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(reload(c.id).stored_status, CourseStatus::kDraft);
  // The draft may be replaced by its own admins, not once published.
  in.title = "草莓种植进阶";
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return update(tx, tree_.admin_a, c.id, in); }).ok());
  EXPECT_EQ(reload(c.id).input.title, "草莓种植进阶");
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return publish(tx, tree_.admin_a, c.id, now_); }).ok());
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return update(tx, tree_.admin_a, c.id, in); }).error().code,
            "not_draft");
}

TEST_P(EnrolmentTest, OnlyMembersOfTheCoursesUnionsMayEnrol) {
  CourseInput in = input(Mode::kFirstCome, 10);
  in.org_ids = {tree_.base_a1.id};
  const Course c = make(in);
  const int64_t in_a1 = members(1, tree_.base_a1.id, 1)[0];
  const int64_t in_a2 = members(1, tree_.base_a2.id, 2)[0];
  const int64_t in_b1 = members(1, tree_.base_b1.id, 3)[0];
  EXPECT_TRUE(enrol_at(in_a1, c.id, now_).ok());
  EXPECT_EQ(enrol_at(in_a2, c.id, now_).error().code, "not_eligible");
  EXPECT_EQ(enrol_at(in_b1, c.id, now_).error().code, "not_eligible");
  // A member outside sees nothing of it; a draft is nobody's.
  auto seen =
      in_tx([&](store::Tx& tx) { return get(tx, as_member(in_b1, tree_.base_b1.id), c.id); });
  EXPECT_EQ(seen.error().kind, ErrorKind::kNotFound);
  const Course draft = make(input(Mode::kFirstCome, 5), false);
  EXPECT_EQ(enrol_at(in_a1, draft.id, now_).error().kind, ErrorKind::kNotFound);
  // Outside the window.
  const Course other = make(input(Mode::kFirstCome, 5));
  EXPECT_EQ(enrol_at(in_a1, other.id, now_ - 2 * kHour).error().code, "not_open");
  EXPECT_EQ(enrol_at(in_a1, other.id, now_ + 2 * kDay).error().code, "not_open");
  EXPECT_EQ(count("SELECT COUNT(*) FROM training_enrolments"), 1);
}

TEST_P(EnrolmentTest, ARaceOf200ForTwentySeatsGivesExactlyTwenty) {
  const Course c = make(input(Mode::kFirstCome, 20));
  const std::vector<int64_t> crowd = members(200, tree_.base_a1.id);
  std::atomic<size_t> next{0};
  std::atomic<int> seated{0}, waiting{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      for (size_t i = next++; i < crowd.size(); i = next++) {
        auto e = enrol_at(crowd[i], c.id, now_);
        if (!e.ok()) {
          ++failed;
        } else if (e->state == EnrolmentState::kEnrolled) {
          ++seated;
        } else if (e->state == EnrolmentState::kWaiting) {
          ++waiting;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(seated.load(), 20);
  EXPECT_EQ(waiting.load(), 180);
  EXPECT_EQ(reload(c.id).taken, 20);
  EXPECT_EQ(count("SELECT COUNT(*) FROM training_enrolments WHERE state = 'enrolled'"), 20);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT queue_no) FROM training_enrolments "
                  "WHERE state = 'waiting'"),
            180);
}

TEST_P(EnrolmentTest, TheWaitingListMovesUpInOrderAndOffersLapse) {
  const Course c = make(input(Mode::kFirstCome, 2));
  const std::vector<int64_t> m = members(5, tree_.base_a1.id);
  for (int64_t member : m) ASSERT_TRUE(enrol_at(member, c.id, now_).ok());
  auto place = [&](int64_t member) {
    std::optional<Enrolment> mine;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_TRY(get(tx, as_member(member, tree_.base_a1.id), c.id, &mine));
      return Status::Ok();
    }));
    return mine.value_or(Enrolment{});
  };
  EXPECT_EQ(place(m[2]).waiting_position, 1);
  EXPECT_EQ(place(m[4]).waiting_position, 3);

  // The first seat given up goes to the first waiting, who is told and has a deadline.
  auto cancelled = in_tx([&](store::Tx& tx) { return cancel_enrolment(tx, m[0], c.id, now_); });
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
  EXPECT_EQ(cancelled->state, EnrolmentState::kCancelled);
  const Enrolment offered = place(m[2]);
  EXPECT_EQ(offered.state, EnrolmentState::kOffered);
  EXPECT_EQ(offered.offer_expires_at, now_ + 24 * kHour);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM messages WHERE member_id = ? AND kind = 'training'", {m[2]}), 1);
  EXPECT_EQ(place(m[3]).waiting_position, 1);
  EXPECT_EQ(reload(c.id).taken, 2);

  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return cancel_enrolment(tx, m[1], c.id, now_); }).ok());
  EXPECT_EQ(place(m[3]).state, EnrolmentState::kOffered);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return confirm(tx, m[2], c.id, now_ + kHour); }).ok());
  EXPECT_EQ(place(m[2]).state, EnrolmentState::kEnrolled);

  // m[3] does not confirm: the sweep after the deadline lapses it and offers m[4].
  auto none = lapse_offers(db(), now_ + 23 * kHour);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
  auto lapsed = lapse_offers(db(), now_ + 25 * kHour);
  ASSERT_TRUE(lapsed.ok()) << lapsed.error().message;
  EXPECT_EQ(*lapsed, 1);
  EXPECT_EQ(place(m[3]).state, EnrolmentState::kLapsed);
  EXPECT_EQ(place(m[4]).state, EnrolmentState::kOffered);
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return confirm(tx, m[3], c.id, now_ + 26 * kHour); }).error().code,
      "offer_lapsed");
  EXPECT_EQ(reload(c.id).taken, 2);

  // After the cut-off a seat can no longer be given up.
  const int64_t late = reload(c.id).cancel_until();
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return cancel_enrolment(tx, m[2], c.id, late); }).error().code,
      "cancel_too_late");
}

TEST_P(EnrolmentTest, AMemberWhoGaveUpMayAskAgainAtTheBack) {
  const Course c = make(input(Mode::kFirstCome, 1));
  const std::vector<int64_t> m = members(3, tree_.base_a1.id);
  for (int64_t member : m) ASSERT_TRUE(enrol_at(member, c.id, now_).ok());
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return cancel_enrolment(tx, m[1], c.id, now_); }).ok());
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return cancel_enrolment(tx, m[1], c.id, now_); }).error().code,
      "not_enrolled");
  auto again = enrol_at(m[1], c.id, now_ + kMinute);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->state, EnrolmentState::kWaiting);
  EXPECT_EQ(again->waiting_position, 2);
  EXPECT_EQ(enrol_at(m[1], c.id, now_).error().code, "already_enrolled");

  auto listed =
      in_tx([&](store::Tx& tx) { return enrolments(tx, tree_.admin_a, c.id, std::nullopt, now_); });
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 3u);
  EXPECT_EQ((*listed)[0].member_id, m[0]);
  EXPECT_EQ((*listed)[1].member_id, m[2]);
  EXPECT_EQ((*listed)[2].member_id, m[1]);
  EXPECT_EQ((*listed)[2].waiting_position, 2);
}

TEST_P(EnrolmentTest, CancellingACourseTellsEveryoneWithAPlace) {
  const Course c = make(input(Mode::kFirstCome, 1));
  const std::vector<int64_t> m = members(2, tree_.base_a1.id);
  for (int64_t member : m) ASSERT_TRUE(enrol_at(member, c.id, now_).ok());
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return cancel(tx, tree_.admin_a, c.id, "x", now_); })
                .error()
                .field,
            "reason");
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return cancel(tx, tree_.admin_b, c.id, "天气原因", now_); })
                .error()
                .kind,
            ErrorKind::kForbidden);
  auto done =
      in_tx([&](store::Tx& tx) { return cancel(tx, tree_.admin_a, c.id, "天气原因", now_); });
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->status(now_), CourseStatus::kCancelled);
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE kind = 'training' AND title = '培训已取消'"),
            2);
  EXPECT_EQ(enrol_at(members(1, tree_.base_a1.id, 9)[0], c.id, now_).error().code,
            "course_cancelled");
}

INSTANTIATE_TEST_SUITE_P(Engines, EnrolmentTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::training
