// 求学圆梦 rounds, who may apply, and bank details sealed at rest.
#include "domain/subsidy/subsidy.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "domain/member/member.hpp"
#include "domain/sealing/sealing.hpp"
#include "domain/subsidy/subsidy_test_support.hpp"

namespace gonghui::subsidy::testing {
namespace {

class SubsidyRoundTest : public SubsidyTest {
 protected:
  Result<Round> create_as(const Principal& who, const RoundInput& in) {
    return in_tx([&](store::Tx& tx) { return create_round(tx, who, in); });
  }
  std::string field_error(RoundInput in) {
    auto made = create_as(tree_.platform, in);
    return made.ok() ? "ok" : made.error().field + ":" + made.error().code;
  }
};

TEST_P(SubsidyRoundTest, OnlyTheCityUnionSetsUpARoundAndEachFieldIsChecked) {
  EXPECT_EQ(create_as(tree_.admin_a, round_input(5, 5)).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(create_as(base_a1_, round_input(5, 5)).error().kind, ErrorKind::kForbidden);
  // An admin of the federation itself is the city union as well as the platform admin.
  const Principal city = admin_of("13800000019", "市总管理员", tree_.root.id);
  EXPECT_TRUE(create_as(city, round_input(5, 5)).ok());

  RoundInput in = round_input(5, 5);
  in.year = 1999;
  EXPECT_EQ(field_error(in), "year:invalid_year");
  in = round_input(5, 5);
  in.title = "  ";
  EXPECT_EQ(field_error(in), "title:required");
  in = round_input(5, 5);
  in.windows = std::vector<Window>{{200, 100}};
  EXPECT_EQ(field_error(in), "windows:invalid_window");
  in.windows = std::vector<Window>{{100, 300}, {200, 400}};
  EXPECT_EQ(field_error(in), "windows:overlapping_windows");
  in.windows = std::vector<Window>{};
  EXPECT_EQ(field_error(in), "windows:required");
  in = round_input(5, 5);
  in.levels = std::vector<LevelAmount>{{Degree::kBachelor, 100}, {Degree::kBachelor, 200}};
  EXPECT_EQ(field_error(in), "levels:duplicate_level");
  in.levels = std::vector<LevelAmount>{{Degree::kBachelor, 0}};
  EXPECT_EQ(field_error(in), "levels:invalid_amount");
  in = round_input(5, 5);
  in.quotas = std::vector<Quota>{{tree_.base_a1.id, "", 5, 0}};
  EXPECT_EQ(field_error(in), "quotas:not_a_district");
  in.quotas = std::vector<Quota>{{tree_.district_a.id, "", 5, 0}, {tree_.district_a.id, "", 1, 0}};
  EXPECT_EQ(field_error(in), "quotas:duplicate_district");
  in.quotas = std::vector<Quota>{{tree_.district_a.id, "", -1, 0}};
  EXPECT_EQ(field_error(in), "quotas:invalid_quota");
  in = round_input(5, 5);
  in.min_membership_months = 601;
  EXPECT_EQ(field_error(in), "min_membership_months:invalid_months");
}

TEST_P(SubsidyRoundTest, ARoundMovesFromDraftToOpenToApprovedAndFixesWhatMembersRelyOn) {
  auto draft = create_as(tree_.platform, round_input(2, 3));
  ASSERT_TRUE(draft.ok()) << draft.error().message;
  EXPECT_EQ(draft->status, RoundStatus::kDraft);
  ASSERT_EQ(draft->quotas.size(), 2u);
  // Below the city, a draft does not exist.
  auto list = [&](const Principal& who) {
    return in_tx([&](store::Tx& tx) { return list_rounds(tx, who); });
  };
  EXPECT_EQ(list(tree_.platform)->size(), 1u);
  EXPECT_TRUE(list(tree_.admin_a)->empty());
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return get_round(tx, tree_.admin_a, draft->id); }).error().kind,
      ErrorKind::kNotFound);
  const Principal member = member_in(tree_.base_a1.id, 1);
  EXPECT_EQ(apply_now(*draft, member).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return approve_round(tx, tree_.platform, draft->id); })
                .error()
                .code,
            "round_not_open");

  auto opened =
      in_tx([&](store::Tx& tx) { return subsidy::open_round(tx, tree_.platform, draft->id); });
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->status, RoundStatus::kOpen);
  EXPECT_EQ(list(tree_.admin_a)->size(), 1u);
  auto update = [&](const RoundInput& in) {
    return in_tx([&](store::Tx& tx) { return update_round(tx, tree_.platform, draft->id, in); });
  };
  RoundInput levels;
  levels.levels = std::vector<LevelAmount>{{Degree::kBachelor, 5}};
  EXPECT_EQ(update(levels).error().code, "round_not_draft");
  auto a = apply_now(*opened, member);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(approve_as(base_a1_, a->id).ok());
  ASSERT_TRUE(approve_as(tree_.admin_a, a->id).ok());
  RoundInput quotas;
  quotas.quotas =
      std::vector<Quota>{{tree_.district_a.id, "", 0, 0}, {tree_.district_b.id, "", 3, 0}};
  EXPECT_EQ(update(quotas).error().code, "quota_below_used");
  quotas.quotas = std::vector<Quota>{{tree_.district_b.id, "", 3, 0}};
  EXPECT_EQ(update(quotas).error().code, "quota_below_used");
  quotas.quotas =
      std::vector<Quota>{{tree_.district_a.id, "", 4, 0}, {tree_.district_b.id, "", 3, 0}};
  RoundInput title = quotas;
  title.title = "2026年求学圆梦行动（第二批）";
  auto changed = update(title);
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->title, "2026年求学圆梦行动（第二批）");

  ASSERT_TRUE(
      in_tx([&](store::Tx& tx) { return approve_round(tx, tree_.platform, draft->id); }).ok());
  EXPECT_EQ(update(title).error().code, "round_approved");
  auto seen = in_tx([&](store::Tx& tx) { return get_round(tx, tree_.admin_a, draft->id); });
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->counts.district_approved, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'subsidy.round_%'"), 4);
}

TEST_P(SubsidyRoundTest, MembersApplyOnlyWhenEligibleAndOncePerLevel) {
  RoundInput in = round_input(5, 0);
  in.frontline_only = true;
  in.min_membership_months = 12;
  in.quotas = std::vector<Quota>{{tree_.district_a.id, "", 5, 0}};
  const Round round = open_round_with(in);
  const Principal member = member_in(tree_.base_a1.id, 1);
  auto eligibility = [&](const Principal& who) {
    auto rounds =
        in_tx([&](store::Tx& tx) { return rounds_for_member(tx, who, Timestamp::now().ms); });
    EXPECT_TRUE(rounds.ok());
    return rounds->front().levels[1].ineligible;
  };
  EXPECT_EQ(apply_now(round, member).error().code, "not_frontline");
  EXPECT_EQ(eligibility(member), Ineligible::kNotFrontline);
  member::MemberPatch patch;
  patch.frontline = true;
  patch.joined_on = local_day_start(local_day(Timestamp::now().ms) - 200);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return member::update(tx, tree_.platform, member_id(member), patch);
              }).ok());
  EXPECT_EQ(apply_now(round, member).error().code, "membership_too_short");
  patch.joined_on = local_day_start(local_day(Timestamp::now().ms) - 400);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return member::update(tx, tree_.platform, member_id(member), patch);
              }).ok());
  EXPECT_FALSE(eligibility(member).has_value());

  ApplicationInput bad = application(round, member);
  auto try_apply = [&](const ApplicationInput& input) {
    auto r = in_tx([&](store::Tx& tx) { return apply(tx, member, input, Timestamp::now().ms); });
    return r.ok() ? std::string("ok") : r.error().field + ":" + r.error().code;
  };
  bad.school = "";
  EXPECT_EQ(try_apply(bad), "school:required");
  bad = application(round, member);
  bad.bank.account_no = "6222-0212";
  EXPECT_EQ(try_apply(bad), "account_no:invalid_account_no");
  bad = application(round, member);
  bad.bank.account_holder = "";
  EXPECT_EQ(try_apply(bad), "account_holder:required");
  bad = application(round, member);
  bad.document_id = document_of(member_in(tree_.base_a1.id, 2));  // someone else's upload
  EXPECT_EQ(try_apply(bad), "document_id:unknown_document");
  bad = application(round, member);
  bad.round_id = 424242;
  EXPECT_EQ(try_apply(bad), ":not_found");

  ASSERT_TRUE(apply_now(round, member).ok());
  EXPECT_EQ(apply_now(round, member).error().code, "already_applied");
  EXPECT_EQ(eligibility(member), Ineligible::kAlreadyApplied);

  // 城南区 takes no part in this round.
  const Principal south = member_in(tree_.base_b1.id, 3);
  patch.joined_on = local_day_start(local_day(Timestamp::now().ms) - 400);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return member::update(tx, tree_.platform, member_id(south), patch);
              }).ok());
  EXPECT_EQ(apply_now(round, south).error().code, "district_not_in_round");
}

TEST_P(SubsidyRoundTest, ApplicationsAreTakenOnlyInAWindowAndForTheRoundsLevels) {
  RoundInput in = round_input(5, 5);
  const int64_t now = Timestamp::now().ms;
  in.windows =
      std::vector<Window>{{now - 10 * kDay, now - 5 * kDay}, {now + 5 * kDay, now + 9 * kDay}};
  in.levels = std::vector<LevelAmount>{{Degree::kBachelor, 100000}};
  const Round round = open_round_with(in);
  const Principal member = member_in(tree_.base_a1.id, 1);
  EXPECT_EQ(apply_now(round, member).error().code, "window_closed");
  EXPECT_EQ(apply_now(round, member, Degree::kPostgraduate).error().code, "level_not_in_round");
}

TEST_P(SubsidyRoundTest, BankDetailsAreSealedAtRestAndShownMasked) {
  const Round round = open_round();
  const Principal member = member_in(tree_.base_a1.id, 1);
  auto a = apply_now(round, member);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->bank_sealed.find(kAccount), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM subsidy_applications WHERE bank_sealed LIKE ?",
                  {std::string("%") + kAccount + "%"}),
            0);
  auto masked = in_tx([&](store::Tx& tx) { return masked_bank(tx, *a); });
  ASSERT_TRUE(masked.ok());
  EXPECT_EQ(masked->account, "**** 0123");
  EXPECT_EQ(masked->holder, "会*1");
  // The full number only in the city's payout list, which is audited.
  ASSERT_TRUE(approve_as(base_a1_, a->id).ok());
  ASSERT_TRUE(approve_as(tree_.admin_a, a->id).ok());
  ASSERT_TRUE(approve_as(tree_.platform, a->id).ok());
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return payout_list(tx, tree_.admin_a, round.id, State::kApproved);
            })
                .error()
                .kind,
            ErrorKind::kForbidden);
  auto rows = in_tx(
      [&](store::Tx& tx) { return payout_list(tx, tree_.platform, round.id, State::kApproved); });
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].bank.account_no, kAccount);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'subsidy.payout_export'"), 1);
  // A sealed value copied to another application does not open there.
  auto b = apply_now(round, member_in(tree_.base_a1.id, 2));
  ASSERT_TRUE(b.ok());
  Application swapped = *b;
  swapped.bank_sealed = a->bank_sealed;
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return masked_bank(tx, swapped); }).error().kind,
            ErrorKind::kInternal);
  if (GetParam() != "sqlite") return;
  // Nowhere in the database file or its log is the number in clear; the school is.
  std::string bytes;
  const std::string path = test_->url().substr(std::string("sqlite:").size());
  for (const std::string& file : {path, path + "-wal"}) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    bytes += content.str();
  }
  ASSERT_FALSE(bytes.empty());
  EXPECT_NE(bytes.find("示范职业技术大学"), std::string::npos);
  EXPECT_EQ(bytes.find(kAccount), std::string::npos);
  EXPECT_EQ(bytes.find("%PDF-1.4"), std::string::npos);  // documents are sealed too
}

TEST_P(SubsidyRoundTest, EveryInstanceSealsWithTheSameKey) {
  ASSERT_TRUE(sealing::ensure_key(db()).ok());
  ASSERT_TRUE(sealing::ensure_key(db()).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM server_keys WHERE name = 'personal_data_sealing'"), 1);
  std::string sealed;
  ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status {
                    GH_ASSIGN(sealing::Sealer sealer, sealing::sealer(tx));
                    sealed = sealer.seal("6222021234567890123", "test:1");
                    return Status::Ok();
                  })
                  .ok());
  std::string opened;
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
                    GH_ASSIGN(sealing::Sealer sealer, sealing::sealer(tx));
                    GH_ASSIGN(opened, sealer.unseal(sealed, "test:1"));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(opened, "6222021234567890123");
}

INSTANTIATE_TEST_SUITE_P(Engines, SubsidyRoundTest,
                         ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::subsidy::testing
