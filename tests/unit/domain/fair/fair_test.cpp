// Job fairs and mentors on both engines: scope (another district's admin changes nothing),
// places never oversold by racing registrations, a ticket checked in once by racing doors, and
// a mentor's slot booked once.
#include <atomic>
#include <thread>
#include <vector>

#include "domain/fair/fair.hpp"
#include "domain/jobs/jobs_test_support.hpp"

namespace gonghui::fair::testing {
namespace {

using jobs::testing::kDay;

class FairTest : public jobs::testing::JobsTest {
 protected:
  FairInput fair_input(int64_t capacity) {
    FairInput in;
    in.org_id = tree_.district_a.id;
    in.title = "春风行动招聘会";
    in.place = "职工服务中心";
    in.location = {30286000, 120163000};
    in.starts_at = now_ + 5 * kDay;
    in.ends_at = in.starts_at + kDay / 4;
    in.capacity = capacity;
    in.employer_ids = {employer_a_};
    return in;
  }
  Fair made(int64_t capacity) {
    auto f =
        in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, fair_input(capacity), now_); });
    EXPECT_TRUE(f.ok()) << f.error().message;
    return *f;
  }
};

TEST_P(FairTest, AnotherDistrictsAdminCannotEditCancelOrCheckIn) {
  const Fair f = made(10);
  FairInput foreign = fair_input(10);
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_b, foreign, now_); }).error().kind,
      ErrorKind::kForbidden);
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return cancel(tx, tree_.admin_b, f.id, now_); }).error().kind,
      ErrorKind::kForbidden);
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return check_in(tx, tree_.admin_b, f.id, "ABCDEFGHJK", "", now_);
            })
                .error()
                .kind,
            ErrorKind::kForbidden);
  auto after = in_tx([&](store::Tx& tx) { return get(tx, tree_.platform, f.id, now_); });
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->status(now_), FairStatus::kUpcoming);
  ASSERT_EQ(after->employers.size(), 1u);
}

TEST_P(FairTest, RacingRegistrationsNeverTakeMoreThanThePlaces) {
  const Fair f = made(3);
  std::vector<Principal> members;
  for (int i = 1; i <= 8; ++i) {
    members.push_back(member_in(tree_.base_a1.id, i));
  }
  std::atomic<int> taken{0}, full{0};
  std::vector<std::thread> threads;
  for (const Principal& m : members) {
    threads.emplace_back([&, m] {
      auto r = in_tx([&](store::Tx& tx) { return register_member(tx, m, f.id, now_); });
      if (r.ok()) {
        ++taken;
      } else if (r.error().code == "slot_full") {
        ++full;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(taken.load(), 3);
  EXPECT_EQ(full.load(), 5);
  EXPECT_EQ(count("SELECT booked FROM campaign_slots WHERE id = ?", {f.slot_id}), 3);
}

TEST_P(FairTest, RacingDoorsCheckATicketInOnce) {
  const Fair f = made(5);
  const Principal m = member_in(tree_.base_a1.id, 1);
  auto mine = in_tx([&](store::Tx& tx) { return register_member(tx, m, f.id, now_); });
  ASSERT_TRUE(mine.ok() && mine->my_registration) << mine.error().message;
  const std::string token = mine->my_registration->ticket.token;
  std::atomic<int> in{0}, refused{0};
  std::vector<std::thread> doors;
  for (int i = 0; i < 4; ++i) {
    doors.emplace_back([&] {
      auto r =
          in_tx([&](store::Tx& tx) { return check_in(tx, tree_.admin_a, f.id, "", token, now_); });
      if (r.ok()) {
        ++in;
      } else if (r.error().code == "already_redeemed") {
        ++refused;
      }
    });
  }
  for (std::thread& t : doors) t.join();
  EXPECT_EQ(in.load(), 1);
  EXPECT_EQ(refused.load(), 3);
}

TEST_P(FairTest, AMentorsSlotIsBookedOnce) {
  MentorInput in;
  in.org_id = tree_.district_a.id;
  in.name = "周立新";
  in.phone = "13312340001";
  in.title = "创业导师";
  auto mentor = in_tx([&](store::Tx& tx) { return create_mentor(tx, tree_.admin_a, in, now_); });
  ASSERT_TRUE(mentor.ok()) << mentor.error().message;
  const std::vector<SlotTime> slots{{now_ + 2 * kDay, now_ + 2 * kDay + kDay / 24}};
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return add_slots(tx, tree_.admin_b, mentor->id, "线上", slots, now_);
            })
                .error()
                .kind,
            ErrorKind::kForbidden);
  auto published = in_tx(
      [&](store::Tx& tx) { return add_slots(tx, tree_.admin_a, mentor->id, "线上", slots, now_); });
  ASSERT_TRUE(published.ok() && published->slots.size() == 1u);
  const int64_t slot = published->slots[0].slot_id;
  std::atomic<int> booked{0};
  std::vector<std::thread> threads;
  for (int i = 1; i <= 5; ++i) {
    const Principal m = member_in(tree_.base_a1.id, i);
    threads.emplace_back([&, m] {
      auto r = in_tx([&](store::Tx& tx) { return book_mentor(tx, m, mentor->id, slot, now_); });
      booked += r.ok() ? 1 : 0;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(booked.load(), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, FairTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::fair::testing
