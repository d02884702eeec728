#include "core/id.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

namespace gonghui {
namespace {

TEST(IdTest, IdsIncreaseAndAreUniqueAcrossThreads) {
  IdGenerator generator(5);
  std::vector<std::vector<int64_t>> per_thread(4);
  std::vector<std::thread> threads;
  for (auto& ids : per_thread) {
    threads.emplace_back([&generator, &ids] {
      for (int i = 0; i < 20000; ++i) {
        ids.push_back(generator.next());
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  std::set<int64_t> all;
  for (const auto& ids : per_thread) {
    for (size_t i = 1; i < ids.size(); ++i) {
      ASSERT_LT(ids[i - 1], ids[i]);
    }
    all.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(all.size(), 80000u);
}

TEST(IdTest, InstancesNeverCollide) {
  IdGenerator a(1), b(2);
  std::set<int64_t> seen;
  for (int i = 0; i < 10000; ++i) {
    ASSERT_TRUE(seen.insert(a.next()).second);
    ASSERT_TRUE(seen.insert(b.next()).second);
  }
}

TEST(IdTest, ParsesOnlyPositiveDecimalIds) {
  EXPECT_EQ(parse_id("123"), 123);
  EXPECT_EQ(parse_id("9223372036854775807"), INT64_MAX);
  for (const char* bad : {"", "0", "-1", "+1", "1.0", "12a", "9223372036854775808", " 1"}) {
    EXPECT_FALSE(parse_id(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace gonghui
