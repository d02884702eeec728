// gonghui-draw-v1: the lottery draw as a pure function of the committed secret, the entry
// list and the public beacon, so that anyone can re-run it from the audit bundle
// (docs/draw.md is the specification).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace gonghui::campaign {

inline constexpr std::string_view kDrawAlgorithm = "gonghui-draw-v1";

struct DrawEntry {
  int64_t entry_id = 0;
  std::string member_ref;  // 16 hex chars, stable per member within a campaign
  int64_t tickets = 0;
};

struct DrawPrize {
  int64_t tier = 0;  // 1 is drawn first
  std::string name;
  int64_t quantity = 0;
};

struct DrawInput {
  std::string secret;              // 32 raw bytes
  std::string beacon;              // the public beacon value B (UTF-8, may be empty)
  std::vector<DrawEntry> entries;  // ascending entry_id
  std::vector<DrawPrize> prizes;   // any order; filled by tier (stable within a tier)
  bool one_prize_per_member = true;
};

struct DrawWinner {
  int64_t tier = 0;
  int64_t entry_id = 0;
  std::string member_ref;
  auto operator<=>(const DrawWinner&) const = default;
};

struct DrawResult {
  std::string commitment;           // hex(SHA-256(S))
  std::string entries_digest;       // hex(D)
  std::string seed;                 // hex(Seed)
  std::vector<DrawWinner> winners;  // in the order prizes were filled
};

// The entry list text that D is the SHA-256 of: "entry_id\tmember_ref\ttickets\n" per entry.
std::string entry_lines(const std::vector<DrawEntry>& entries);

// Runs the draw. Deterministic: the same input always gives the same result.
DrawResult run_draw(const DrawInput& input);

// The deterministic word stream of the draw: block i = SHA-256(seed ‖ i as 8-byte
// big-endian), four 64-bit big-endian words per block.
class DrawWords {
 public:
  explicit DrawWords(std::string seed) : seed_(std::move(seed)) {}
  uint64_t next();
  // Uniform in [0, n), n >= 1, by rejection of the biased top of the 64-bit range.
  uint64_t uniform(uint64_t n);

 private:
  std::string seed_;
  uint64_t block_index_ = 0;
  unsigned char block_[32] = {};
  int used_ = 4;  // words of the current block consumed
};

// Verifies an audit bundle (as published by GET /campaigns/{id}/audit): recomputes the
// commitment, the entries digest, the seed and the winners. Returns the list of mismatches,
// each one line in words; empty when the bundle verifies.
std::vector<std::string> verify_bundle(const boost::json::value& bundle);

}  // namespace gonghui::campaign
