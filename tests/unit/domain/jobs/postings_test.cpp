// Employers and jobs: the application and its review, each step of a job and its refusals,
// scope, isolation between employers, expiry and renewal.
#include <thread>

#include "domain/jobs/jobs_test_support.hpp"

namespace gonghui::jobs::testing {
namespace {

class PostingsTest : public JobsTest {};

TEST_P(PostingsTest, AnEmployerAppliesWithACheckedCodeAndIsReviewedInScope) {
  auto in = employer_input("新材料科技", "91320106MA1P5Q6R76", tree_.district_a.id);
  auto bad = in;
  bad.credit_code = "91320106MA1P5Q6R77";
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return apply(tx, bad, now_); }).error().code,
            "invalid_credit_code");
  bad = in;
  bad.licence_photo_id = 1;
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return apply(tx, bad, now_); }).error().code,
            "unknown_photo");
  bad = in;
  bad.phone = "12345";
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return apply(tx, bad, now_); }).error().field, "phone");
  auto e = in_tx([&](store::Tx& tx) { return apply(tx, in, now_); });
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->status, EmployerStatus::kPending);
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return apply(tx, in, now_); }).error().code,
            "duplicate_credit_code");
  // Another district's admin may not review it; the right one decides once.
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return approve_employer(tx, tree_.admin_b, e->id, now_); })
                .error()
                .kind,
            ErrorKind::kForbidden);
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return reject_employer(tx, tree_.admin_a, e->id, "", now_); })
          .error()
          .code,
      "required");
  auto rejected = in_tx(
      [&](store::Tx& tx) { return reject_employer(tx, tree_.admin_a, e->id, "执照模糊", now_); });
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->status, EmployerStatus::kRejected);
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return approve_employer(tx, tree_.admin_a, e->id, now_); })
                .error()
                .code,
            "wrong_status");
  // A rejected code may apply again.
  EXPECT_TRUE(in_tx([&](store::Tx& tx) { return apply(tx, in, now_); }).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'employer.rejected'"), 1);
  // Staff read their own employer only.
  EXPECT_TRUE(in_tx([&](store::Tx& tx) { return get_employer(tx, staff_a_, employer_a_); }).ok());
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return get_employer(tx, staff_a_, employer_b_); }).error().kind,
      ErrorKind::kForbidden);
}

TEST_P(PostingsTest, EachStepMovesOnlyFromItsStatesAndIsAudited) {
  auto bad = job_input();
  bad.kind = JobKind::kGig;
  EXPECT_EQ(validate(bad).error().code, "pay_unit_mismatch");
  bad = job_input();
  bad.pay_max_fen = bad.pay_min_fen - 1;
  EXPECT_EQ(validate(bad).error().field, "pay_max_fen");
  bad = job_input();
  bad.pay_min_fen = 0;
  EXPECT_EQ(validate(bad).error().code, "invalid_pay");
  bad = job_input();
  bad.headcount = 0;
  EXPECT_EQ(validate(bad).error().code, "invalid_headcount");
  bad = job_input();
  bad.contact_phone = "call me";
  EXPECT_EQ(validate(bad).error().field, "contact_phone");

  auto job = in_tx([&](store::Tx& tx) { return create_job(tx, staff_a_, job_input(), now_); });
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(job->stored_status, JobStatus::kDraft);
  EXPECT_EQ(step_as(tree_.platform, job->id, Step::kApprove).error().code, "wrong_status");
  EXPECT_EQ(step_as(staff_a_, job->id, Step::kRenew).error().code, "wrong_status");
  EXPECT_EQ(step_as(staff_a_, job->id, Step::kFill).error().code, "wrong_status");
  ASSERT_TRUE(step_as(staff_a_, job->id, Step::kSubmit).ok());
  EXPECT_EQ(step_as(staff_a_, job->id, Step::kSubmit).error().code, "wrong_status");
  // Staff do not review; another district's admin may not; a return needs a reason.
  EXPECT_EQ(step_as(staff_a_, job->id, Step::kApprove).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(step_as(tree_.admin_b, job->id, Step::kApprove).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(step_as(tree_.admin_a, job->id, Step::kReturn).error().code, "required");
  auto returned = step_as(tree_.admin_a, job->id, Step::kReturn, {"请补充工作时间", {}});
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->stored_status, JobStatus::kReturned);
  EXPECT_EQ(returned->reason, "请补充工作时间");
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return replace_job(tx, staff_a_, job->id, job_input("仓库分拣员（白班）"), now_);
              }).ok());
  ASSERT_TRUE(step_as(staff_a_, job->id, Step::kSubmit).ok());
  auto live = step_as(tree_.admin_a, job->id, Step::kApprove);
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(live->stored_status, JobStatus::kPublished);
  EXPECT_EQ(live->expires_at, now_ + 30 * kDay);
  EXPECT_EQ(live->input.title, "仓库分拣员（白班）");
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return replace_job(tx, staff_a_, job->id, job_input(), now_); })
          .error()
          .code,
      "wrong_status");
  EXPECT_EQ(step_as(tree_.admin_a, job->id, Step::kTakeDown).error().code, "required");
  auto down = step_as(tree_.admin_a, job->id, Step::kTakeDown, {"虚假招聘", {}});
  ASSERT_TRUE(down.ok());
  EXPECT_EQ(down->stored_status, JobStatus::kTakenDown);
  EXPECT_EQ(step_as(staff_a_, job->id, Step::kRenew).error().code, "wrong_status");
  EXPECT_EQ(step_as(staff_a_, job->id, Step::kFill).error().code, "wrong_status");
  std::vector<StepRecord> steps;
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return posting(tx, staff_a_, job->id, &steps); }).ok());
  std::vector<std::string> actions;
  for (const auto& s : steps) actions.push_back(s.action);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"job.created", "job.submitted", "job.returned", "job.edited",
                                      "job.submitted", "job.approved", "job.taken_down"}));
  EXPECT_EQ(steps.back().reason, "虚假招聘");
}

TEST_P(PostingsTest, StaffOfOneEmployerNeverReachAnothersJobs) {
  const Job job = published(staff_a_);
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return posting(tx, staff_b_, job.id, nullptr); }).error().kind,
      ErrorKind::kNotFound);
  EXPECT_EQ(step_as(staff_b_, job.id, Step::kFill).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return replace_job(tx, staff_b_, job.id, job_input(), now_); })
          .error()
          .kind,
      ErrorKind::kNotFound);
  auto theirs = in_tx([&](store::Tx& tx) { return list_postings(tx, staff_b_, {}, now_); });
  ASSERT_TRUE(theirs.ok());
  EXPECT_TRUE(theirs->items.empty());
  // District B's admin does not list district A's jobs; the platform does.
  auto b = in_tx([&](store::Tx& tx) { return list_postings(tx, tree_.admin_b, {}, now_); });
  EXPECT_TRUE(b->items.empty());
  auto all = in_tx([&](store::Tx& tx) { return list_postings(tx, tree_.platform, {}, now_); });
  EXPECT_EQ(all->items.size(), 1u);
  // An employer that is not approved posts nothing.
  auto pending = in_tx([&](store::Tx& tx) {
    return apply(tx, employer_input("待审单位", "91320105MA1N2K3L4A", tree_.district_a.id), now_);
  });
  const Principal waiting = staff_of(pending->id, "13600000009");
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return create_job(tx, waiting, job_input(), now_); }).error().code,
      "employer_not_approved");
}

TEST_P(PostingsTest, AJobExpiresOnceByTheSweepAndIsRenewedOrFilled) {
  const Job job = published(staff_a_, job_input(), now_ - 31 * kDay);
  EXPECT_EQ(job.status(now_), JobStatus::kExpired);
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return published_job(tx, job.id, now_); }).error().kind,
            ErrorKind::kNotFound);
  // Two runners sweeping at once store it once and audit it once.
  std::thread other([&] { EXPECT_TRUE(expire_jobs(db(), now_).ok()); });
  auto expired = expire_jobs(db(), now_);
  other.join();
  ASSERT_TRUE(expired.ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'job.expired'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM jobs WHERE status = 'expired'"), 1);
  EXPECT_EQ(*expire_jobs(db(), now_), 0);
  EXPECT_EQ(step_as(staff_a_, job.id, Step::kRenew, {"", 0}).error().code, "invalid_days");
  auto renewed = step_as(staff_a_, job.id, Step::kRenew, {"", 7});
  ASSERT_TRUE(renewed.ok()) << renewed.error().message;
  EXPECT_EQ(renewed->stored_status, JobStatus::kPublished);
  EXPECT_EQ(renewed->expires_at, now_ + 7 * kDay);
  EXPECT_TRUE(in_tx([&](store::Tx& tx) { return published_job(tx, job.id, now_); }).ok());
  auto filled = step_as(staff_a_, job.id, Step::kFill);
  ASSERT_TRUE(filled.ok());
  EXPECT_EQ(filled->stored_status, JobStatus::kFilled);
  EXPECT_EQ(step_as(staff_a_, job.id, Step::kRenew).error().code, "wrong_status");
  EXPECT_EQ(*expire_jobs(db(), now_ + 60 * kDay), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, PostingsTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::jobs::testing
