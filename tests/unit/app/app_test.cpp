// The wiring's own rules: each process sharing a database takes its own id instance number.
#include "app/app.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "support/test_db.hpp"

namespace gonghui::app {
namespace {

class InstanceNumberTest : public ::testing::TestWithParam<std::string> {};

TEST_P(InstanceNumberTest, ProcessesStartingTogetherGetDifferentNumbers) {
  gonghui::testing::TestDb test(GetParam());
  auto first = next_instance_number(test.db());
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto second = next_instance_number(test.db());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, (*first + 1) % 1024);
  std::mutex mu;
  std::set<uint32_t> seen{*first, *second};
  std::vector<std::thread> starts;
  for (int i = 0; i < 8; ++i) {
    starts.emplace_back([&] {
      auto n = next_instance_number(test.db());
      ASSERT_TRUE(n.ok()) << n.error().message;
      std::lock_guard lock(mu);
      seen.insert(*n);
    });
  }
  for (auto& t : starts) {
    t.join();
  }
  EXPECT_EQ(seen.size(), 10u);
}

INSTANTIATE_TEST_SUITE_P(Engines, InstanceNumberTest,
                         ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::app
