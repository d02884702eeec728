// Who may take part in a campaign, and when: the one rule that single entries, grouped
// entries and bookings all apply, and the tickets an entry may ask for.
#include <gtest/gtest.h>

#include "domain/campaign/internal.hpp"

namespace gonghui::campaign::internal {
namespace {

constexpr int64_t kOrganiser = 10, kBase = 11, kOtherBase = 12, kOutside = 20;
constexpr int64_t kOpens = 1'000'000, kCloses = 2'000'000, kDuring = 1'500'000;

Campaign campaign(CampaignStatus status = CampaignStatus::kPublished) {
  Campaign c;
  c.input.org_id = kOrganiser;
  c.input.kind = Kind::kLottery;
  c.input.opens_at = kOpens;
  c.input.closes_at = kCloses;
  c.input.per_member_limit = 3;
  c.stored_status = status;
  return c;
}

MemberInfo member(int64_t base = kBase, bool active = true) {
  const int64_t parent = base == kOutside ? 0 : kOrganiser;
  return {base, active, {1, parent, base}};
}

// The error code admission gives, or "ok".
std::string answer(const Campaign& c, const MemberInfo& m, int64_t now = kDuring) {
  Status s = admission(c, m, now);
  return s.ok() ? "ok" : s.error().code;
}

TEST(AdmissionTest, AnActiveMemberUnderTheOrganiserEntersAnOpenCampaign) {
  EXPECT_EQ(answer(campaign(), member()), "ok");
  EXPECT_EQ(answer(campaign(), member(), kOpens), "ok");
}

TEST(AdmissionTest, EachRefusalHasItsOwnAnswer) {
  EXPECT_EQ(answer(campaign(CampaignStatus::kDraft), member()), "not_found");
  EXPECT_EQ(answer(campaign(), member(kOutside)), "not_eligible");
  EXPECT_EQ(answer(campaign(CampaignStatus::kCancelled), member()), "campaign_cancelled");
  EXPECT_EQ(answer(campaign(CampaignStatus::kDrawn), member()), "campaign_closed");
  EXPECT_EQ(answer(campaign(), member(), kCloses), "campaign_closed");
  EXPECT_EQ(answer(campaign(), member(), kOpens - 1), "not_open");
  EXPECT_EQ(answer(campaign(), member(kBase, false)), "member_not_active");
}

TEST(AdmissionTest, ListedBaseUnionsNarrowWhoIsEligible) {
  Campaign c = campaign();
  c.input.base_org_ids = {kOtherBase};
  EXPECT_EQ(answer(c, member(kBase)), "not_eligible");
  EXPECT_EQ(answer(c, member(kOtherBase)), "ok");
}

// When several refusals apply, a member is told the first: the campaign's existence, then
// eligibility, then the window, then the member's own status.
TEST(AdmissionTest, TheFirstRefusalInOrderIsTheAnswer) {
  EXPECT_EQ(answer(campaign(CampaignStatus::kDraft), member(kOutside, false)), "not_found");
  EXPECT_EQ(answer(campaign(CampaignStatus::kCancelled), member(kOutside, false)), "not_eligible");
  EXPECT_EQ(answer(campaign(), member(kBase, false), kCloses), "campaign_closed");
}

TEST(TicketCountTest, ALotteryTakesOneUpToTheLimitAndAClaimExactlyOne) {
  Campaign lottery = campaign();
  EXPECT_TRUE(ticket_count(lottery, 1).ok());
  EXPECT_TRUE(ticket_count(lottery, 3).ok());
  for (int64_t tickets : {0, 4}) {
    Status refused = ticket_count(lottery, tickets);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "out_of_range");
    EXPECT_EQ(refused.error().field, "tickets");
  }
  Campaign claim = campaign();
  claim.input.kind = Kind::kClaim;
  EXPECT_TRUE(ticket_count(claim, 1).ok());
  EXPECT_FALSE(ticket_count(claim, 2).ok());
}

}  // namespace
}  // namespace gonghui::campaign::internal
