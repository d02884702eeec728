// The fixture of the 求学圆梦 tests: the test tree with base union admins, members who can
// upload their enrolment report, and a round open now with quotas for both districts.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/time.hpp"
#include "domain/auth/auth.hpp"
#include "domain/document/document.hpp"
#include "domain/subsidy/subsidy.hpp"
#include "support/domain_test.hpp"

namespace gonghui::subsidy::testing {

inline constexpr int64_t kDay = 86400000;
inline constexpr char kPdf[] = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
inline constexpr char kAccount[] = "6222021234567890123";

class SubsidyTest : public gonghui::testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    base_a1_ = admin_of("13800000011", "医院工会管理员", tree_.base_a1.id);
    base_a2_ = admin_of("13800000012", "公交工会管理员", tree_.base_a2.id);
    base_b1_ = admin_of("13800000013", "供电工会管理员", tree_.base_b1.id);
  }

  Principal admin_of(const std::string& phone, const std::string& name, int64_t org_id) {
    Principal p;
    EXPECT_TRUE(db().write([&](store::Tx& tx) -> Status {
                      GH_ASSIGN(auth::Account account,
                                auth::create_account(tx, phone, name, "", false));
                      GH_TRY(auth::grant_role(tx, account.id, {Role::kOrgAdmin, org_id, 0, 0}));
                      p.account_id = account.id;
                      return Status::Ok();
                    })
                    .ok());
    p.name = name;
    p.roles.push_back({Role::kOrgAdmin, org_id, 0, 0});
    return p;
  }

  // A member of a base union as the principal the server makes for them.
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

  int64_t document_of(const Principal& member) {
    auto saved = in_tx([&](store::Tx& tx) {
      return document::save(tx, std::string_view(kPdf, sizeof kPdf - 1), member.account_id);
    });
    EXPECT_TRUE(saved.ok()) << saved.error().message;
    return saved->id;
  }

  RoundInput round_input(int64_t quota_a, int64_t quota_b) {
    const int64_t now = Timestamp::now().ms;
    RoundInput in;
    in.year = 2026;
    in.title = "2026年求学圆梦行动";
    in.description = "资助一线职工提升学历";
    in.windows = std::vector<Window>{{now - kDay, now + 30 * kDay}};
    in.levels = std::vector<LevelAmount>{{Degree::kJuniorCollege, 100000},
                                         {Degree::kBachelor, 100000},
                                         {Degree::kPostgraduate, 200000}};
    in.quotas = std::vector<Quota>{{tree_.district_a.id, "", quota_a, 0},
                                   {tree_.district_b.id, "", quota_b, 0}};
    return in;
  }

  // A round created and opened by the city union.
  Round open_round_with(const RoundInput& input) {
    auto round = in_tx([&](store::Tx& tx) -> Result<Round> {
      GH_ASSIGN(Round made, create_round(tx, tree_.platform, input));
      return subsidy::open_round(tx, tree_.platform, made.id);
    });
    EXPECT_TRUE(round.ok()) << round.error().message;
    return *round;
  }
  Round open_round(int64_t quota_a = 10, int64_t quota_b = 10) {
    return open_round_with(round_input(quota_a, quota_b));
  }

  ApplicationInput application(const Round& round, const Principal& member,
                               Degree level = Degree::kBachelor) {
    ApplicationInput in;
    in.round_id = round.id;
    in.level = level;
    in.school = "示范职业技术大学";
    in.major = "机电一体化";
    in.document_id = document_of(member);
    in.bank = {"中国工商银行", kAccount, member.name};
    return in;
  }
  Result<Application> apply_now(const Round& round, const Principal& member,
                                Degree level = Degree::kBachelor) {
    const ApplicationInput in = application(round, member, level);
    return in_tx([&](store::Tx& tx) { return apply(tx, member, in, Timestamp::now().ms); });
  }
  Result<Application> approve_as(const Principal& admin, int64_t id) {
    return in_tx([&](store::Tx& tx) { return approve(tx, admin, id, "", Timestamp::now().ms); });
  }
  Result<Application> return_as(const Principal& admin, int64_t id, const std::string& reason) {
    return in_tx([&](store::Tx& tx) {
      return return_application(tx, admin, id, reason, Timestamp::now().ms);
    });
  }
  Result<Round> round_now(int64_t id) {
    return in_tx([&](store::Tx& tx) { return get_round(tx, tree_.platform, id); });
  }
  int64_t count(const std::string& sql, const store::Params& params = {}) {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
                      GH_ASSIGN(store::Rows rows, tx.query(sql, params));
                      n = rows[0].integer(0);
                      return Status::Ok();
                    })
                    .ok());
    return n;
  }

  Principal base_a1_, base_a2_, base_b1_;
};

}  // namespace gonghui::subsidy::testing
