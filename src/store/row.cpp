// Row accessors shared by both engines.
#include <charconv>

#include "store/db.hpp"

namespace gonghui::store {

int64_t Row::integer(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* n = std::get_if<int64_t>(&v)) {
    return *n;
  }
  if (const auto* s = std::get_if<std::string>(&v)) {
    int64_t n = 0;
    std::from_chars(s->data(), s->data() + s->size(), n);
    return n;
  }
  return 0;
}

std::string Row::text(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) {
    return *s;
  }
  if (const auto* n = std::get_if<int64_t>(&v)) {
    return std::to_string(*n);
  }
  return {};
}

}  // namespace gonghui::store
