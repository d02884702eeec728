// What the benchmarks share: elapsed time and stopping at the first failed set-up step.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "core/error.hpp"

namespace gonghui::bench {

using Clock = std::chrono::steady_clock;

inline double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Prints what failed and exits: a benchmark whose set-up failed has nothing to measure.
inline void must(const Status& status, const char* what) {
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, status.error().message.c_str());
    std::exit(1);
  }
}

}  // namespace gonghui::bench
