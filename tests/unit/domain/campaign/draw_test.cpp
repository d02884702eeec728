// gonghui-draw-v1 against the fixed test vectors of docs/draw.md.
#include <gtest/gtest.h>

#include <set>

#include "core/crypto.hpp"
#include "domain/campaign/draw.hpp"

namespace gonghui::campaign {
namespace {

// The example of docs/draw.md: secret bytes 0x00..0x1f, five entries, two tiers.
DrawInput example() {
  DrawInput in;
  for (int i = 0; i < 32; ++i) {
    in.secret += static_cast<char>(i);
  }
  in.beacon = "drand quicknet round 1000";
  in.entries = {{101, "a1a1a1a1a1a1a1a1", 1},
                {102, "b2b2b2b2b2b2b2b2", 3},
                {103, "c3c3c3c3c3c3c3c3", 2},
                {104, "a1a1a1a1a1a1a1a1", 2},
                {105, "d4d4d4d4d4d4d4d4", 1}};
  in.prizes = {{2, "西瓜", 2}, {1, "葡萄采摘券", 1}};
  in.one_prize_per_member = true;
  return in;
}

TEST(DrawTest, MatchesTheFixedVectorsOfDocsDrawMd) {
  crypto::init();
  const DrawResult r = run_draw(example());
  EXPECT_EQ(entry_lines(example().entries).substr(0, 23), "101\ta1a1a1a1a1a1a1a1\t1\n");
  EXPECT_EQ(r.commitment, "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd");
  EXPECT_EQ(r.entries_digest, "e663af1cf8b13b612ebbd58a513539583b02fa813d89340318174db5821fff8d");
  EXPECT_EQ(r.seed, "d543d3e5e5c22a805e6d30c563404156c140139dc9e530cc1372434db9c567c9");
  const std::vector<DrawWinner> expected = {
      {1, 105, "d4d4d4d4d4d4d4d4"}, {2, 102, "b2b2b2b2b2b2b2b2"}, {2, 103, "c3c3c3c3c3c3c3c3"}};
  EXPECT_EQ(r.winners, expected);
}

TEST(DrawTest, WordsAndUniformFollowTheSpec) {
  crypto::init();
  std::string seed(32, '\x07');
  DrawWords words(seed);
  // Word 0 is the first 8 bytes of SHA-256(seed ‖ 0x0000000000000000), big-endian.
  const std::string block0 = crypto::sha256(seed + std::string(8, '\0'));
  uint64_t w0 = 0;
  for (int i = 0; i < 8; ++i) {
    w0 = (w0 << 8) | static_cast<unsigned char>(block0[i]);
  }
  EXPECT_EQ(words.next(), w0);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_LT(words.uniform(7), 7u);
    EXPECT_EQ(words.uniform(1), 0u);
  }
}

TEST(DrawTest, OnePrizePerMemberSkipsRepeatWinners) {
  crypto::init();
  DrawInput in = example();
  in.entries = {
      {1, "aaaaaaaaaaaaaaaa", 500}, {2, "bbbbbbbbbbbbbbbb", 1}, {3, "aaaaaaaaaaaaaaaa", 500}};
  in.prizes = {{1, "西瓜", 3}};
  const DrawResult once = run_draw(in);
  ASSERT_EQ(once.winners.size(), 2u);  // only two distinct members
  EXPECT_NE(once.winners[0].member_ref, once.winners[1].member_ref);
  in.one_prize_per_member = false;
  const DrawResult repeat = run_draw(in);
  ASSERT_EQ(repeat.winners.size(), 3u);
  std::set<std::string> refs;
  for (const auto& w : repeat.winners) {
    refs.insert(w.member_ref);
  }
  EXPECT_LT(refs.size(), 3u);  // with 1000 of 1001 tickets, member a wins more than once
}

TEST(DrawTest, SameInputSameWinnersAndFewerTicketsThanPrizes) {
  crypto::init();
  EXPECT_EQ(run_draw(example()).winners, run_draw(example()).winners);
  DrawInput in = example();
  in.beacon = "another beacon";
  EXPECT_NE(run_draw(in).seed, run_draw(example()).seed);
  in.prizes = {{1, "西瓜", 100}};
  EXPECT_EQ(run_draw(in).winners.size(), 4u);  // four distinct members
}

}  // namespace
}  // namespace gonghui::campaign
