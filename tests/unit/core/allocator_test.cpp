#include "core/allocator.hpp"

#include <gtest/gtest.h>

namespace gonghui {
namespace {

// The unit tests link the library without jemalloc (only the server binary does).
TEST(AllocatorTest, TheTestBinaryRunsOnTheSystemMalloc) { EXPECT_EQ(allocator_name(), "system"); }

}  // namespace
}  // namespace gonghui
