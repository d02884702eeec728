#include "core/thread_name.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace gonghui {
namespace {

TEST(ThreadNameTest, NamesTheCallingThreadOnly) {
  const std::string before = this_thread_name();
  std::string inside;
  std::thread([&] {
    name_this_thread("gh-test-thread");
    inside = this_thread_name();
  }).join();
  EXPECT_EQ(inside, "gh-test-thread");
  EXPECT_EQ(this_thread_name(), before);
}

TEST(ThreadNameTest, KeepsTheFirstFifteenBytes) {
  std::string inside;
  std::thread([&] {
    name_this_thread("gh-a-very-long-thread-name");
    inside = this_thread_name();
  }).join();
  EXPECT_EQ(inside, "gh-a-very-long-");
}

}  // namespace
}  // namespace gonghui
