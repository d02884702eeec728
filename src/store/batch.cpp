// Multi-row statement helpers.
#include "store/batch.hpp"

namespace gonghui::store {

Status in_slices(size_t total, const std::function<Status(size_t begin, size_t n)>& fn) {
  size_t begin = 0;
  for (size_t slice : {size_t{256}, size_t{16}, size_t{1}}) {
    while (total - begin >= slice) {
      GH_TRY(fn(begin, slice));
      begin += slice;
    }
  }
  return Status::Ok();
}

std::string repeated(std::string_view row, size_t n) {
  std::string out;
  out.reserve((row.size() + 2) * n);
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) {
      out += ", ";
    }
    out += row;
  }
  return out;
}

}  // namespace gonghui::store
