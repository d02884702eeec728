// Time-ordered 64-bit id generation.
#include "core/id.hpp"

#include <atomic>
#include <charconv>
#include <random>

#include "core/time.hpp"

namespace gonghui {
namespace {

constexpr int64_t kEpochMs = 1704067200000;  // 2024-01-01T00:00:00Z
constexpr int kSequenceBits = 12;
constexpr int kInstanceBits = 10;

std::atomic<uint32_t> g_instance{0xFFFFFFFF};

uint32_t random_instance() {
  std::random_device device;
  return device() & ((1u << kInstanceBits) - 1);
}

}  // namespace

IdGenerator::IdGenerator(uint32_t instance) : instance_(instance & ((1u << kInstanceBits) - 1)) {}

int64_t IdGenerator::next() {
  // A lock-free loop: the candidate is max(time-based id, last + 1) within this instance's
  // bit pattern, so ids stay unique and increasing even if the clock steps back.
  std::atomic_ref<uint64_t> last(last_);
  uint64_t previous = last.load(std::memory_order_relaxed);
  for (;;) {
    const uint64_t ms = static_cast<uint64_t>(Timestamp::now().ms - kEpochMs);
    uint64_t candidate =
        (ms << (kInstanceBits + kSequenceBits)) | (uint64_t{instance_} << kSequenceBits);
    if (candidate <= previous) {
      // Same millisecond (or clock went back): bump the sequence; on overflow, borrow the
      // next millisecond.
      const uint64_t seq = (previous & ((1u << kSequenceBits) - 1)) + 1;
      const uint64_t base = previous >> (kInstanceBits + kSequenceBits);
      candidate = seq < (1u << kSequenceBits) ? (base << (kInstanceBits + kSequenceBits)) |
                                                    (uint64_t{instance_} << kSequenceBits) | seq
                                              : ((base + 1) << (kInstanceBits + kSequenceBits)) |
                                                    (uint64_t{instance_} << kSequenceBits);
    }
    if (last.compare_exchange_weak(previous, candidate, std::memory_order_relaxed)) {
      return static_cast<int64_t>(candidate);
    }
  }
}

IdGenerator& IdGenerator::global() {
  uint32_t instance = g_instance.load();
  if (instance == 0xFFFFFFFF) {
    uint32_t expected = 0xFFFFFFFF;
    g_instance.compare_exchange_strong(expected, random_instance());
    instance = g_instance.load();
  }
  static IdGenerator generator(instance);
  return generator;
}

void IdGenerator::set_global_instance(uint32_t instance) { g_instance.store(instance); }

std::optional<int64_t> parse_id(std::string_view text) {
  int64_t value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || value <= 0 || text.empty() || text[0] == '+') {
    return std::nullopt;
  }
  return value;
}

}  // namespace gonghui
