// What the training tests share: the fixture tree with the server keys made, a course input
// whose window is open at `now_` and whose sessions follow it, and helpers to run calls.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/principal.hpp"
#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/training/training.hpp"
#include "support/domain_test.hpp"

namespace gonghui::training {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 86'400'000;

class TrainingTest : public gonghui::testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    ASSERT_TRUE(campaign::ensure_keys(db()).ok());
    ASSERT_TRUE(ensure_key(db()).ok());
    now_ = Timestamp::now().ms / kMinute * kMinute;
  }

  // Three sessions on days 3, 4 and 5 from now, enrolment open from an hour ago for a day.
  CourseInput input(Mode mode, int64_t seats) {
    CourseInput in;
    in.org_id = tree_.district_a.id;
    in.title = "设施大棚草莓种植技术";
    in.category = Category::kRuralTechnology;
    in.teacher_name = "周建农";
    in.teacher_title = "高级农艺师";
    in.description = "从育苗到采收的大棚草莓管理。";
    in.materials = {{MaterialKind::kVideo, "第一课录像", "https://example.org/v/1"}};
    in.mode = mode;
    in.seats = seats;
    in.enrol_opens_at = now_ - kHour;
    in.enrol_closes_at = now_ + kDay;
    in.beacon_source = mode == Mode::kFairDraw ? "drand quicknet round 1000" : "";
    for (int i = 0; i < 3; ++i) {
      Session s;
      s.starts_at = now_ + (3 + i) * kDay;
      s.ends_at = s.starts_at + 2 * kHour;
      s.place = "江北区职工服务中心 " + std::to_string(i + 1) + " 号教室";
      s.located = true;
      s.lat_e6 = 30'270'000;
      s.lng_e6 = 120'150'000;
      in.sessions.push_back(s);
    }
    return in;
  }

  Course make(const CourseInput& in, bool published = true) {
    auto c = in_tx([&](store::Tx& tx) -> Result<Course> {
      GH_ASSIGN(Course made, create(tx, tree_.admin_a, in));
      return published ? publish(tx, tree_.admin_a, made.id, now_) : Result<Course>(made);
    });
    EXPECT_TRUE(c.ok()) << c.error().message;
    return c.ok() ? *c : Course{};
  }

  std::vector<int64_t> members(int n, int64_t org_id, int first_index = 1) {
    std::vector<int64_t> out;
    for (int i = 0; i < n; ++i) {
      out.push_back(gonghui::testing::add_member(db(), tree_.platform, org_id, first_index + i));
    }
    return out;
  }

  Principal as_member(int64_t member_id, int64_t org_id) {
    Principal p;
    p.name = "会员";
    p.roles.push_back({Role::kMember, org_id, 0, member_id});
    return p;
  }

  Result<Enrolment> enrol_at(int64_t member, int64_t course, int64_t now) {
    return in_tx([&](store::Tx& tx) { return enrol(tx, member, course, now); });
  }

  int64_t count(const std::string& sql, const store::Params& params = {}) {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows, tx.query(sql, params));
      n = rows[0].integer(0);
      return Status::Ok();
    }));
    return n;
  }

  Course reload(int64_t id) {
    Course c;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(c, get(tx, tree_.platform, id));
      return Status::Ok();
    }));
    return c;
  }

  int64_t now_ = 0;
};

}  // namespace gonghui::training
