// The fixture of the 就业服务 tests: the test tree with two vetted employers (one in each
// district) and their staff, a licence photo, members and helpers to publish jobs.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/time.hpp"
#include "domain/auth/auth.hpp"
#include "domain/jobs/jobs.hpp"
#include "support/domain_test.hpp"

namespace gonghui::jobs::testing {

inline constexpr int64_t kDay = 86400000;

class JobsTest : public gonghui::testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    EXPECT_TRUE(db().write([&](store::Tx& tx) -> Status {
                      GH_TRY(
                          tx.exec("INSERT INTO photos (id, content_type, width, height, "
                                  "bytes, sha256, uploader_account_id, created_at) VALUES "
                                  "(?, 'image/png', 1, 1, 69, 'x', 0, 0)",
                                  {kPhoto}));
                      return Status::Ok();
                    })
                    .ok());
    employer_a_ = vetted("江北汇通物流有限公司", "91320100MA1XYW12QX", tree_.district_a.id);
    employer_b_ = vetted("城南建设劳务有限公司", "91110000100000000R", tree_.district_b.id);
    staff_a_ = staff_of(employer_a_, "13600000001");
    staff_b_ = staff_of(employer_b_, "13600000002");
  }

  EmployerInput employer_input(const std::string& name, const std::string& code, int64_t org) {
    EmployerInput in;
    in.org_id = org;
    in.name = name;
    in.credit_code = code;
    in.contact_name = "人事";
    in.phone = "13512345678";
    in.address = "港城路88号";
    in.location = {30291000, 120168000};
    in.licence_photo_id = kPhoto;
    return in;
  }

  int64_t vetted(const std::string& name, const std::string& code, int64_t org) {
    auto e = in_tx([&](store::Tx& tx) { return apply(tx, employer_input(name, code, org), now_); });
    EXPECT_TRUE(e.ok()) << e.error().message;
    auto approved =
        in_tx([&](store::Tx& tx) { return approve_employer(tx, tree_.platform, e->id, now_); });
    EXPECT_TRUE(approved.ok()) << approved.error().message;
    return e->id;
  }

  Principal staff_of(int64_t employer, const std::string& phone) {
    Principal p;
    p.name = "人事专员";
    EXPECT_TRUE(db().write([&](store::Tx& tx) -> Status {
                      GH_ASSIGN(auth::Account a,
                                auth::create_account(tx, phone, p.name, "", false));
                      p.account_id = a.id;
                      return auth::grant_role(tx, a.id, {Role::kEmployerStaff, 0, 0, 0, employer});
                    })
                    .ok());
    p.roles.push_back({Role::kEmployerStaff, 0, 0, 0, employer});
    return p;
  }

  Principal member_in(int64_t org_id, int index) {
    const int64_t id = gonghui::testing::add_member(db(), tree_.platform, org_id, index);
    Principal p;
    p.name = "会员" + std::to_string(index);
    p.roles.push_back({Role::kMember, org_id, 0, id});
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
                      GH_ASSIGN(store::Rows rows,
                                tx.query("SELECT account_id FROM members WHERE id = ?", {id}));
                      p.account_id = rows[0].integer(0);
                      return Status::Ok();
                    })
                    .ok());
    return p;
  }
  static int64_t member_id(const Principal& p) { return p.roles.front().member_id; }

  static JobInput job_input(const std::string& title = "仓库分拣员") {
    JobInput in;
    in.title = title;
    in.kind = JobKind::kFullTime;
    in.pay_unit = PayUnit::kMonth;
    in.pay_min_fen = 450000;
    in.pay_max_fen = 600000;
    in.headcount = 3;
    in.address = "港城路88号";
    in.location = {30291000, 120168000};
    in.contact_name = "王经理";
    in.contact_phone = "0571-87123456";
    return in;
  }

  Result<Job> step_as(const Principal& who, int64_t id, Step which, StepInput input = {},
                      int64_t at = 0) {
    return in_tx([&](store::Tx& tx) { return step(tx, who, id, which, input, at ? at : now_); });
  }

  // A job of `staff`'s employer, published by the platform admin at `at`.
  Job published(const Principal& staff, JobInput in = job_input(), int64_t at = 0) {
    auto job = in_tx([&](store::Tx& tx) { return create_job(tx, staff, in, now_); });
    EXPECT_TRUE(job.ok()) << job.error().message;
    EXPECT_TRUE(step_as(staff, job->id, Step::kSubmit).ok());
    auto done = step_as(tree_.platform, job->id, Step::kApprove, {}, at);
    EXPECT_TRUE(done.ok()) << done.error().message;
    return *done;
  }

  void give_profile(const Principal& who) {
    auto saved = in_tx([&](store::Tx& tx) {
      return save_profile(tx, who, {"理货", "三年", {JobKind::kFullTime}, "江北区"}, now_);
    });
    EXPECT_TRUE(saved.ok()) << saved.error().message;
  }

  int64_t count(const std::string& sql, store::Params params = {}) {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows, tx.query(sql, params));
      n = rows[0].integer(0);
      return Status::Ok();
    }));
    return n;
  }

  static constexpr int64_t kPhoto = 777;
  const int64_t now_ = Timestamp::now().ms;
  int64_t employer_a_ = 0;
  int64_t employer_b_ = 0;
  Principal staff_a_;
  Principal staff_b_;
};

}  // namespace gonghui::jobs::testing
