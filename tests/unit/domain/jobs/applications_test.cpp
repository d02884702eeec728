// Applications and alerts: a seeker's profile and application, every move and its refusals,
// isolation between employers, the seeker's messages, registration, and alerts sent exactly
// once per matching job even with two sweeps racing.
#include <thread>

#include "domain/jobs/jobs_test_support.hpp"
#include "text/pinyin.hpp"

namespace gonghui::jobs::testing {
namespace {

class ApplicationsTest : public JobsTest {
 protected:
  Result<Application> move_as(const Principal& staff, int64_t id, ApplicationStatus to,
                              const std::string& note = "") {
    return in_tx([&](store::Tx& tx) { return move_application(tx, staff, id, to, note, now_); });
  }
  Result<Application> apply_as(const Principal& who, int64_t job) {
    return in_tx([&](store::Tx& tx) { return apply_to_job(tx, who, job, "", now_); });
  }
};

TEST_P(ApplicationsTest, AnApplicationMovesThroughItsStepsAndTheMemberIsToldAtEach) {
  const Job job = published(staff_a_);
  const Principal member = member_in(tree_.base_a1.id, 1);
  EXPECT_EQ(apply_as(member, job.id).error().code, "profile_required");
  give_profile(member);
  auto a = apply_as(member, job.id);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->status, ApplicationStatus::kSubmitted);
  EXPECT_EQ(a->member_id, member_id(member));
  EXPECT_EQ(apply_as(member, job.id).error().code, "already_applied");
  EXPECT_EQ(apply_as(staff_a_, job.id).error().code, "own_employer");

  EXPECT_EQ(move_as(staff_a_, a->id, ApplicationStatus::kHired).error().code, "wrong_status");
  EXPECT_EQ(move_as(staff_a_, a->id, ApplicationStatus::kSubmitted).error().code, "wrong_status");
  ASSERT_TRUE(move_as(staff_a_, a->id, ApplicationStatus::kViewed).ok());
  EXPECT_EQ(move_as(staff_a_, a->id, ApplicationStatus::kViewed).error().code, "wrong_status");
  ASSERT_TRUE(move_as(staff_a_, a->id, ApplicationStatus::kInterview, "周三上午").ok());
  auto hired = move_as(staff_a_, a->id, ApplicationStatus::kHired);
  ASSERT_TRUE(hired.ok());
  EXPECT_EQ(move_as(staff_a_, a->id, ApplicationStatus::kRejected).error().code, "wrong_status");
  ASSERT_EQ(hired->timeline.size(), 4u);
  EXPECT_EQ(hired->timeline[2].note, "周三上午");
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE member_id = ? AND kind = 'job'",
                  {member_id(member)}),
            4);
  // The interview message carries the job's contact.
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE member_id = ? AND body LIKE ?",
                  {member_id(member), std::string("%0571-87123456%")}),
            1);
}

TEST_P(ApplicationsTest, AnEmployerSeesOnlyApplicationsToItsOwnJobs) {
  const Job job_a = published(staff_a_);
  const Job job_b = published(staff_b_, job_input("钢筋工"));
  const Principal one = member_in(tree_.base_a1.id, 1);
  const Principal two = member_in(tree_.base_b1.id, 2);
  give_profile(one);
  give_profile(two);
  auto to_a = apply_as(one, job_a.id);
  auto to_b = apply_as(two, job_b.id);
  ASSERT_TRUE(to_a.ok() && to_b.ok());
  auto list_a = in_tx([&](store::Tx& tx) { return employer_applications(tx, staff_a_, {}); });
  ASSERT_TRUE(list_a.ok());
  ASSERT_EQ(list_a->items.size(), 1u);
  EXPECT_EQ(list_a->items[0].id, to_a->id);
  EXPECT_EQ(list_a->items[0].seeker->phone.find("****"), 3u);
  ApplicationFilter by_other_job;
  by_other_job.job_id = job_b.id;
  EXPECT_TRUE(in_tx([&](store::Tx& tx) {
                return employer_applications(tx, staff_a_, by_other_job);
              })->items.empty());
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return employer_application(tx, staff_a_, to_b->id); })
                .error()
                .kind,
            ErrorKind::kNotFound);
  EXPECT_EQ(move_as(staff_a_, to_b->id, ApplicationStatus::kViewed).error().kind,
            ErrorKind::kNotFound);
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return employer_applications(tx, tree_.platform, {}); })
                .error()
                .kind,
            ErrorKind::kForbidden);
  // Two moves at once: one wins, the other is told.
  std::atomic<int> won{0};
  std::atomic<int> refused{0};
  auto mover = [&](ApplicationStatus to) {
    auto r = move_as(staff_a_, to_a->id, to);
    (r.ok() ? won : refused) += 1;
  };
  std::thread x(mover, ApplicationStatus::kViewed);
  std::thread y(mover, ApplicationStatus::kRejected);
  x.join();
  y.join();
  EXPECT_GE(won.load(), 1);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM job_application_events WHERE application_id = ?", {to_a->id}),
      1 + won.load());
}

TEST_P(ApplicationsTest, ASeekerWhoIsNotAMemberRegistersAppliesAndIsNotMessaged) {
  const Job job = published(staff_a_);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) -> Result<bool> {
                GH_TRY(register_seeker(tx, "13511112222", "赵小满", {"电焊", "", {}, ""}, now_));
                return true;
              }).ok());
  EXPECT_EQ(in_tx([&](store::Tx& tx) -> Result<bool> {
              GH_TRY(register_seeker(tx, "13511113333", "", {}, now_));
              return true;
            })
                .error()
                .code,
            "required");
  Principal seeker;
  seeker.account_id = count("SELECT id FROM accounts WHERE phone = '13511112222'");
  auto mine = in_tx([&](store::Tx& tx) { return profile(tx, seeker); });
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->skills, "电焊");
  EXPECT_FALSE(mine->member);
  auto a = apply_as(seeker, job.id);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->member_id, 0);
  ASSERT_TRUE(move_as(staff_a_, a->id, ApplicationStatus::kInterview).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE kind = 'job'"), 0);
  auto page = in_tx([&](store::Tx& tx) { return my_applications(tx, seeker, 0, 10); });
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].timeline.size(), 2u);
}

TEST_P(ApplicationsTest, AnAlertIsSentOncePerMatchingJobEvenWithTwoSweepsRacing) {
  auto pinyin = text::PinyinTable::shared();
  ASSERT_TRUE(pinyin.ok());
  const Principal member = member_in(tree_.base_a1.id, 1);
  Alert wanted;
  wanted.q = "fenjian";
  wanted.pay_unit = PayUnit::kMonth;
  wanted.min_pay_fen = 500000;
  auto alert =
      in_tx([&](store::Tx& tx) { return create_alert(tx, member_id(member), wanted, now_); });
  ASSERT_TRUE(alert.ok()) << alert.error().message;
  Alert near;
  near.near = merchant::Location{30291000, 120168000};
  near.within_m = 2000;
  ASSERT_TRUE(
      in_tx([&](store::Tx& tx) { return create_alert(tx, member_id(member), near, now_); }).ok());
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return create_alert(tx, member_id(member), {}, now_); })
                .error()
                .code,
            "empty_alert");
  const Job hit = published(staff_a_, job_input("仓库分拣员"));
  auto low_in = job_input("分拣助理");
  low_in.pay_min_fen = 300000;
  low_in.pay_max_fen = 400000;
  low_in.location = {31000000, 121000000};  // far away, too
  const Job low = published(staff_a_, low_in);
  auto other_in = job_input("厨师");
  other_in.location = {31000000, 121000000};
  const Job other = published(staff_b_, other_in);
  std::thread racer([&] { EXPECT_TRUE(send_alerts(db(), **pinyin, now_).ok()); });
  auto sent = send_alerts(db(), **pinyin, now_);
  racer.join();
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(*send_alerts(db(), **pinyin, now_), 0);
  // The sorting job matches both alerts (words and pay; place): one message per alert.
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE member_id = ? AND kind = 'job'",
                  {member_id(member)}),
            2);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM messages WHERE link = ?", {"/jobs/" + std::to_string(hit.id)}),
      2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE link IN (?, ?)",
                  {"/jobs/" + std::to_string(low.id), "/jobs/" + std::to_string(other.id)}),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM jobs WHERE announced = 0"), 0);
  // Renewing does not announce a job again.
  ASSERT_TRUE(step_as(staff_a_, hit.id, Step::kRenew).ok());
  EXPECT_EQ(*send_alerts(db(), **pinyin, now_), 0);
  // Other members never delete one's alert.
  const Principal stranger = member_in(tree_.base_a1.id, 2);
  EXPECT_EQ(in_tx([&](store::Tx& tx) -> Result<bool> {
              GH_TRY(delete_alert(tx, member_id(stranger), alert->id));
              return true;
            })
                .error()
                .kind,
            ErrorKind::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Engines, ApplicationsTest,
                         ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::jobs::testing
