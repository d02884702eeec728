// Multi-row statements: many rows written with a few statements of a few shapes.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace gonghui::store {

// Runs fn(begin, n) over [0, total) in slices of 256, 16 and 1 so that a multi-row statement
// only ever has three shapes (the engines cache one prepared statement per shape).
Status in_slices(size_t total, const std::function<Status(size_t begin, size_t n)>& fn);
// "row, row, …" with n copies of row, e.g. "(?, ?)".
std::string repeated(std::string_view row, size_t n);

}  // namespace gonghui::store
