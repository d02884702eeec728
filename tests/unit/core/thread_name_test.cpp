#include "core/thread_name.hpp"

#include <gtest/gtest.h>

namespace gonghui {
namespace {

// The name a thread started by start_named_thread(name, …) has inside its body.
std::string name_inside(const std::string& name) {
  std::string inside;
  start_named_thread(name, [&] { inside = this_thread_name(); }).join();
  return inside;
}

TEST(ThreadNameTest, NamesTheNewThreadOnly) {
  const std::string before = this_thread_name();
  EXPECT_EQ(name_inside("gh-test-thread"), "gh-test-thread");
  EXPECT_EQ(this_thread_name(), before);
}

TEST(ThreadNameTest, KeepsTheFirstFifteenBytes) {
  EXPECT_EQ(name_inside("gh-a-very-long-thread-name"), "gh-a-very-long-");
}

TEST(ThreadNameTest, NamesTheCallingThread) {
  std::string inside;
  std::thread([&] {
    name_this_thread("gh-named-here");
    inside = this_thread_name();
  }).join();
  EXPECT_EQ(inside, "gh-named-here");
}

}  // namespace
}  // namespace gonghui
