#include "text/search_index.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace gonghui::text {
namespace {

using Ids = std::vector<int64_t>;

class SearchIndexTest : public ::testing::Test {
 protected:
  static const PinyinTable& pinyin() {
    const auto shared = PinyinTable::shared();
    if (!shared.ok()) {
      ADD_FAILURE() << shared.error().message;
      std::abort();
    }
    return **shared;
  }

  void SetUp() override {
    const SearchDocument documents[] = {
        {1, "merchant", "葡萄采摘园", "海州 采摘 夏黑 巨峰", 101},
        {2, "product", "葡萄", "巨峰 5斤装", 102},
        {3, "product", "草莓", "红颜 奶油草莓", 103},
        {4, "product", "苹果", "烟台 红富士", 104},
        {5, "merchant", "工会银行", "储蓄 理财", 105},
        {6, "merchant", "步行街水果店", "鲜果 零售", 106},
        {7, "product", "西瓜", "东海 8424", 107},
        {8, "product", "葡萄干", "新疆 吐鲁番", 108},
        {9, "product", "新疆葡萄", "无核白", 109},
        {10, "merchant", "阳光果园", "葡萄 草莓 采摘", 110},
        {11, "product", "绿色大米", "东北 五常", 111},
        {12, "merchant", "长城果蔬店", "蔬菜 水果", 112},
        {13, "offer", "ＡＢＣ超市九折", "全场", 113},
        {14, "product", "西瓜", "大棚 麒麟瓜", 114},
    };
    for (const auto& document : documents) {
      ASSERT_TRUE(index_.add(document).ok());
    }
  }

  Ids ids(std::string_view query, std::string_view kind = {}) const {
    Ids out;
    for (const SearchHit& hit : index_.search(query, 20, kind)) {
      out.push_back(hit.id);
    }
    return out;
  }

  SearchIndex index_{pinyin()};
};

TEST_F(SearchIndexTest, SimplifiedAndTraditionalGiveTheSameHits) {
  EXPECT_EQ(ids("苹果"), (Ids{4}));
  EXPECT_EQ(ids("蘋果"), ids("苹果"));
  EXPECT_EQ(ids("葡萄園"), ids("葡萄园"));
  EXPECT_EQ(ids("工會"), (Ids{5}));
  EXPECT_EQ(ids("長城"), (Ids{12}));
}

TEST_F(SearchIndexTest, FullPinyinMatches) {
  EXPECT_EQ(ids("pingguo"), ids("苹果"));
  EXPECT_EQ(ids("caomei"), ids("草莓"));
  EXPECT_EQ(ids("putao"), ids("葡萄"));
  EXPECT_EQ(ids("putao"), (Ids{2, 8, 1, 9, 10}));
  EXPECT_EQ(ids("xigua"), (Ids{7, 14}));
}

TEST_F(SearchIndexTest, InitialsMatch) {
  // Initials match names only: 10 has 葡萄 and 草莓 in its extra text alone.
  EXPECT_EQ(ids("葡萄"), (Ids{2, 8, 1, 9, 10}));
  EXPECT_EQ(ids("pt"), (Ids{2, 8, 1, 9}));
  EXPECT_EQ(ids("cm"), (Ids{3}));
  EXPECT_EQ(ids("pg"), (Ids{4}));
  EXPECT_EQ(ids("ghyh"), (Ids{5}));
  EXPECT_EQ(ids("zhcheng"), (Ids{12}));  // 长 as the initial of zhang, 城 in full
  EXPECT_EQ(ids("chch"), (Ids{12}));
  EXPECT_EQ(ids("cc"), (Ids{12, 13}));  // 13 by its literal c followed by 超 (chao)
}

TEST_F(SearchIndexTest, MixedCharactersAndPinyinMatch) {
  EXPECT_EQ(ids("草mei"), ids("草莓"));
  EXPECT_EQ(ids("cao莓"), ids("草莓"));
  EXPECT_EQ(ids("pu萄"), ids("葡萄"));
  EXPECT_EQ(ids("p萄"), (Ids{2, 8, 1, 9}));  // p is an initial: names only
  EXPECT_EQ(ids("西gua"), (Ids{7, 14}));
}

TEST_F(SearchIndexTest, IgnoresCaseWidthAndSpaces) {
  EXPECT_EQ(ids("PuTao"), ids("putao"));
  EXPECT_EQ(ids("ｐｕｔａｏ"), ids("putao"));
  EXPECT_EQ(ids("ＰＵＴＡＯ"), ids("putao"));
  EXPECT_EQ(ids("pu tao"), ids("putao"));
  EXPECT_EQ(ids("pu'tao"), ids("putao"));
  EXPECT_EQ(ids("abc"), (Ids{13}));
  EXPECT_EQ(ids("ＡＢＣ超市"), (Ids{13}));
}

TEST_F(SearchIndexTest, MatchesSyllablesInsideNames) {
  const Ids tao = ids("tao");
  for (const int64_t id : {1, 2, 8, 9}) {
    EXPECT_NE(std::find(tao.begin(), tao.end(), id), tao.end()) << id;
  }
  EXPECT_EQ(ids("shuiguo"), (Ids{6, 12}));  // 6 by name, 12 by its extra text 水果
  EXPECT_EQ(ids("pingg"), (Ids{4}));        // the last syllable still being typed
}

TEST_F(SearchIndexTest, MatchesEveryReadingOfPolyphonicCharacters) {
  EXPECT_EQ(ids("yinhang"), (Ids{5}));      // 行 as hang
  EXPECT_EQ(ids("buxingjie"), (Ids{6}));    // 行 as xing
  EXPECT_EQ(ids("changcheng"), (Ids{12}));  // 长 as chang
  EXPECT_EQ(ids("lvse"), (Ids{11}));        // 绿 as lü, typed v
  EXPECT_EQ(ids("luse"), (Ids{11}));        // or u
}

TEST_F(SearchIndexTest, QueriesThatMatchNothingGiveNothing) {
  EXPECT_TRUE(ids("zzzz").empty());
  EXPECT_TRUE(ids("qqqxxx").empty());
  EXPECT_TRUE(ids("榴莲").empty());
  EXPECT_TRUE(ids("葡萄酒").empty());
  EXPECT_TRUE(ids("").empty());
  EXPECT_TRUE(ids("　 ").empty());
  EXPECT_TRUE(index_.search("putao", 0).empty());
}

TEST_F(SearchIndexTest, RanksExactThenPrefixThenContainsThenExtraText) {
  const auto hits = index_.search("葡萄", 10);
  ASSERT_EQ(hits.size(), 5u);
  EXPECT_EQ(hits[0].id, 2);  // exact
  EXPECT_EQ(hits[0].match, MatchKind::kExactName);
  EXPECT_EQ(hits[1].id, 8);  // prefix, shorter name
  EXPECT_EQ(hits[2].id, 1);  // prefix
  EXPECT_EQ(hits[2].match, MatchKind::kNamePrefix);
  EXPECT_EQ(hits[3].id, 9);  // contains
  EXPECT_EQ(hits[3].match, MatchKind::kNameContains);
  EXPECT_EQ(hits[4].id, 10);  // extra text
  EXPECT_EQ(hits[4].match, MatchKind::kExtraText);
  EXPECT_GT(hits[0].score, hits[1].score);
  EXPECT_EQ(hits[0].payload, 102);
  EXPECT_EQ(hits[0].kind, "product");
  EXPECT_EQ(hits[0].name, "葡萄");
}

TEST_F(SearchIndexTest, BreaksTiesByIdAndPrefersFullSyllables) {
  EXPECT_EQ(ids("西瓜"), (Ids{7, 14}));
  const auto full = index_.search("putao", 1);
  const auto initials = index_.search("pt", 1);
  ASSERT_EQ(full.size(), 1u);
  ASSERT_EQ(initials.size(), 1u);
  EXPECT_EQ(full[0].score, 400);
  EXPECT_EQ(initials[0].score, 398);  // two characters matched by their initials
}

TEST_F(SearchIndexTest, InitialsDoNotMatchExtraText) {
  ASSERT_TRUE(index_.add({20, "merchant", "江北书店2号店", "工会优惠购签约商家。", 120}).ok());
  ASSERT_TRUE(index_.add({21, "merchant", "青云茶舍", "", 121}).ok());
  ASSERT_TRUE(index_.add({22, "merchant", "小青云山庄", "", 122}).ok());
  ASSERT_TRUE(index_.add({23, "merchant", "青云", "", 123}).ok());
  // Once "qy" found 20 through 签约 in its description.
  EXPECT_EQ(ids("qy"), (Ids{23, 21, 22}));
  EXPECT_EQ(ids("qianyue"), (Ids{20}));
  EXPECT_EQ(ids("签约"), (Ids{20}));
}

TEST_F(SearchIndexTest, RanksByHowMuchOfTheNameTheMatchCovers) {
  ASSERT_TRUE(index_.add({30, "merchant", "先锋书店", "", 130}).ok());
  ASSERT_TRUE(index_.add({31, "merchant", "西安面馆店", "", 131}).ok());
  ASSERT_TRUE(index_.add({32, "merchant", "大青云茶", "", 132}).ok());
  ASSERT_TRUE(index_.add({33, "merchant", "老字号青云茶叶", "", 133}).ok());
  // Both prefixes in full: 西安 covers 2 of 5 characters, 先 1 of 4.
  EXPECT_EQ(ids("xian"), (Ids{31, 30, 6}));  // 6 by 鲜 in its extra text
  // Contained: 青云 covers half of 大青云茶, two sevenths of 老字号青云茶叶.
  EXPECT_EQ(ids("qy"), (Ids{32, 33}));
}

TEST_F(SearchIndexTest, ShortResultListsAgreeWithTheFullRanking) {
  // Enough similar names that the index stops checking early; a limit that no query reaches
  // makes it check everything, and the first hits must be the same either way.
  const char* const words[] = {"葡萄", "草莓", "苹果", "西瓜", "精品", "新鲜", "海州", "礼盒"};
  uint32_t random = 7;
  const auto next = [&random] { return random = random * 1103515245u + 12345u; };
  for (int64_t id = 100; id < 3100; ++id) {
    std::string name;
    std::string extra;
    for (uint32_t n = next() % 4 + 1; n > 0; --n) {
      name += words[(next() >> 8) % 8];
    }
    extra = std::string(words[(next() >> 8) % 8]) + " 助农";
    ASSERT_TRUE(index_.add({id, id % 2 == 0 ? "product" : "offer", name, extra, 0}).ok());
  }
  for (const char* query :
       {"葡萄", "putao", "pt", "草莓苹果", "cmpg", "海zhou", "助农", "zn", "p", "礼盒", "lihe"}) {
    for (const char* kind : {"", "offer"}) {
      const auto all = index_.search(query, 1'000'000, kind);
      for (const size_t limit : {1u, 5u, 20u, 300u}) {
        const auto some = index_.search(query, limit, kind);
        ASSERT_EQ(some.size(), std::min(limit, all.size())) << query;
        for (size_t i = 0; i < some.size(); ++i) {
          EXPECT_EQ(some[i].id, all[i].id) << query << " limit " << limit << " at " << i;
          EXPECT_EQ(some[i].score, all[i].score) << query;
        }
      }
    }
  }
}

TEST_F(SearchIndexTest, LimitsAndFiltersByKind) {
  EXPECT_EQ(ids("葡萄", "merchant"), (Ids{1, 10}));
  EXPECT_EQ(ids("葡萄", "offer"), (Ids{}));
  EXPECT_EQ(index_.search("葡萄", 2).size(), 2u);
}

TEST_F(SearchIndexTest, UpdatesAndRemovals) {
  EXPECT_EQ(index_.size(), 14u);
  EXPECT_EQ(index_.add({2, "product", "重复", "", 0}).error().code, "duplicate_id");
  ASSERT_TRUE(index_.update({4, "product", "蓝莓", "", 204}).ok());
  EXPECT_TRUE(ids("pingguo").empty());
  EXPECT_EQ(ids("lanmei"), (Ids{4}));
  EXPECT_EQ(index_.search("lm", 1).at(0).payload, 204);
  ASSERT_TRUE(index_.remove(2).ok());
  EXPECT_EQ(ids("putao"), (Ids{8, 1, 9, 10}));
  EXPECT_EQ(index_.remove(2).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(index_.update({2, "product", "葡萄", "", 0}).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(index_.size(), 13u);
}

TEST_F(SearchIndexTest, StaysCorrectAfterManyRemovals) {
  for (int64_t id = 1000; id < 4000; ++id) {
    ASSERT_TRUE(index_.add({id, "product", "临时葡萄" + std::to_string(id), "", 0}).ok());
  }
  EXPECT_EQ(index_.search("putao", 5000).size(), 3005u);
  for (int64_t id = 1000; id < 4000; ++id) {  // enough to make the index rebuild itself
    ASSERT_TRUE(index_.remove(id).ok());
  }
  EXPECT_EQ(ids("putao"), (Ids{2, 8, 1, 9, 10}));
  EXPECT_EQ(index_.size(), 14u);
  ASSERT_TRUE(index_.add({1000, "product", "葡萄汁", "", 0}).ok());
  EXPECT_EQ(ids("葡萄"), (Ids{2, 8, 1000, 1, 9, 10}));
}

TEST_F(SearchIndexTest, ConcurrentReadersWithAWriter) {
  std::atomic<bool> stop = false;
  std::atomic<int> wrong = 0;
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&, r] {
      while (!stop) {
        // Document 2 is never touched by the writer, so it must always come first.
        const auto hits = index_.search(r % 2 == 0 ? "putao" : "葡萄", 5);
        if (hits.empty() || hits[0].id != 2) {
          ++wrong;
        }
      }
    });
  }
  for (int64_t round = 0; round < 1000; ++round) {
    const int64_t id = 10000 + round % 50;
    if (round % 100 < 50) {
      ASSERT_TRUE(index_.add({id, "product", "葡萄礼盒" + std::to_string(round), "", 0}).ok());
    } else {
      ASSERT_TRUE(index_.update({id, "product", "精品葡萄", "", 0}).ok());
      ASSERT_TRUE(index_.remove(id).ok());
    }
  }
  stop = true;
  for (auto& reader : readers) {
    reader.join();
  }
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(index_.size(), 14u);
}

}  // namespace
}  // namespace gonghui::text
