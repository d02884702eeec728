// The one id type of gonghui: application-made, time-ordered 64-bit integers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gonghui {

// Layout (high to low): 41 bits of milliseconds since 2024-01-01T00:00:00Z (69 years),
// 10 bits of instance number, 12 bits of sequence within the millisecond. Ids from one
// instance strictly increase; ids from several instances sharing a database never collide
// as long as their instance numbers differ (chosen at random unless configured).
class IdGenerator {
 public:
  explicit IdGenerator(uint32_t instance);
  // Thread-safe.
  int64_t next();
  uint32_t instance() const { return instance_; }

  // The process-wide generator used by domain code.
  static IdGenerator& global();
  // Sets the process-wide instance number (start-up only, before any id is made).
  static void set_global_instance(uint32_t instance);

 private:
  uint32_t instance_;
  uint64_t last_ = 0;  // last id made, for monotonicity; guarded by an atomic CAS
};

inline int64_t new_id() { return IdGenerator::global().next(); }

// Ids travel as decimal strings in JSON. Returns nullopt unless text is a positive integer
// that fits in int64.
std::optional<int64_t> parse_id(std::string_view text);
inline std::string id_string(int64_t id) { return std::to_string(id); }

}  // namespace gonghui
