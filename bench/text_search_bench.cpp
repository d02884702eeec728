// Catalogue search latency over 10,000 merchants and 50,000 products with generated Chinese
// names, by query form, against a plain substring scan of the same names for comparison.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "text/normalize.hpp"
#include "text/pinyin.hpp"
#include "text/search_index.hpp"

namespace {

using gonghui::text::SearchDocument;
using gonghui::text::SearchIndex;
using Clock = std::chrono::steady_clock;

constexpr int kMerchants = 10000;
constexpr int kProducts = 50000;
constexpr int kTimedQueries = 10000;

const std::vector<std::string> kPlaces = {"海州",   "连云", "赣榆", "东海", "灌云", "灌南", "新浦",
                                          "花果山", "青口", "沙河", "宿城", "墟沟", "板浦", "南城",
                                          "云台",   "朝阳", "浦南", "徐圩", "黄川", "石桥"};
const std::vector<std::string> kProduce = {
    "草莓", "西瓜", "苹果", "葡萄", "蓝莓", "猕猴桃", "橙子", "冬桃", "西红柿", "大白菜",
    "梨",   "大米", "脐橙", "黄桃", "樱桃", "水蜜桃", "甜瓜", "玉米", "花生",   "茶叶",
    "蜂蜜", "鸡蛋", "山药", "芦笋", "紫菜", "海带",   "对虾", "地瓜", "土豆",   "黄瓜",
    "茄子", "辣椒", "蘑菇", "板栗", "核桃", "红枣",   "石榴", "柿子", "枇杷",   "无花果"};
const std::vector<std::string> kBrands = {"绿源", "丰收", "阳光", "金色", "农家", "田园",
                                          "四季", "鲜达", "惠民", "福满", "山海", "乡味"};
const std::vector<std::string> kMerchantKinds = {"采摘园",   "农场",     "果园",       "合作社",
                                                 "家庭农场", "生态园",   "农庄",       "果蔬店",
                                                 "生鲜超市", "种植基地", "专业合作社", "农产品店"};
const std::vector<std::string> kQualities = {"精品", "有机", "新鲜", "特级", "生态",
                                             "农家", "高山", "现摘", "散装", ""};
const std::vector<std::string> kSpecs = {"5斤装", "礼盒",   "一箱", "500g", "10斤",
                                         "2斤",   "家庭装", "整箱", "3kg",  ""};
const std::vector<std::string> kBranches = {"新浦店", "海州店", "总店", "二店", "东门店"};

struct Generator {
  std::mt19937 random{20240601};

  const std::string& pick(const std::vector<std::string>& words) {
    return words[random() % words.size()];
  }

  SearchDocument merchant(int64_t id) {
    const std::string& place = pick(kPlaces);
    std::string name =
        place + (random() % 2 == 0 ? pick(kProduce) : pick(kBrands)) + pick(kMerchantKinds);
    if (random() % 4 == 0) {
      name += "（" + pick(kBranches) + "）";
    }
    std::string extra = "地址：" + place + "区" + pick(kBrands) + "路" +
                        std::to_string(random() % 300 + 1) + "号 主营：" + pick(kProduce) + " " +
                        pick(kProduce) + " " + pick(kProduce);
    return {id, "merchant", std::move(name), std::move(extra), id};
  }

  SearchDocument product(int64_t id) {
    const std::string& produce = pick(kProduce);
    std::string name = pick(kQualities) + (random() % 3 == 0 ? pick(kPlaces) : "") + produce;
    if (const std::string& spec = pick(kSpecs); !spec.empty()) {
      name += " " + spec;
    }
    std::string extra = "产地：" + pick(kPlaces) + " 标签：" + pick(kQualities) + " " + produce +
                        " 助农 " + pick(kBrands);
    return {id, "product", std::move(name), std::move(extra), id};
  }
};

struct QueryGroup {
  const char* form;
  std::vector<std::string> queries;
};

// The mix the p99 target is about.

const std::vector<QueryGroup> kQueryGroups = {
    {"chinese",
     {"葡萄", "草莓园", "海州", "西瓜", "猕猴桃", "采摘园", "大米", "东海西瓜", "蓝莓", "有机"}},
    {"traditional", {"蘋果", "獼猴桃", "農場", "採摘園", "東海", "藍莓", "葡萄園", "雞蛋"}},
    {"pinyin",
     {"putao", "caomei", "pingguo", "xigua", "haizhou", "mihoutao", "lanmei", "caizhaiyuan",
      "nongchang", "dami"}},
    {"initials", {"pt", "cm", "pg", "xg", "hz", "mht", "lm", "czy", "nc", "jd"}},
    {"mixed", {"草mei", "pu萄", "西gua", "hai州", "蓝mei", "猕猴tao", "cai摘园", "农chang"}},
};

// Edge cases, timed apart: one letter (every character with that initial) and a tag that
// only extra text holds, in every product.
const std::vector<QueryGroup> kEdgeGroups = {
    {"one-letter", {"p", "s", "x", "h"}},
    {"extra-only", {"助农", "zhunong"}},
};

struct Percentiles {
  double p50_us;
  double p99_us;
  double max_us;
};

Percentiles percentiles(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  const auto at = [&](double fraction) {
    return samples[std::min(samples.size() - 1, static_cast<size_t>(fraction * samples.size()))];
  };
  return {at(0.50), at(0.99), samples.back()};
}

template <class Fn>
double time_us(Fn&& fn) {
  const auto start = Clock::now();
  fn();
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

double thread_cpu_us() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

struct Timings {
  std::vector<double> wall;
  std::vector<double> cpu;
  size_t hits = 0;
};

// Runs count queries of a group round robin, timing each.
Timings run(const SearchIndex& index, const QueryGroup& group, int count) {
  Timings timings;
  for (int i = 0; i < count; ++i) {
    const std::string& query = group.queries[i % group.queries.size()];
    const double cpu_start = thread_cpu_us();
    timings.wall.push_back(time_us([&] { timings.hits += index.search(query, 20).size(); }));
    timings.cpu.push_back(thread_cpu_us() - cpu_start);
  }
  return timings;
}

void print_row(const char* form, const Timings& timings) {
  const Percentiles wall = percentiles(timings.wall);
  const Percentiles cpu = percentiles(timings.cpu);
  std::printf("%-12s %8zu %10.1f %10.1f %10.1f %10.1f %9.1f\n", form, timings.wall.size(),
              wall.p50_us, wall.p99_us, wall.max_us, cpu.p99_us,
              static_cast<double>(timings.hits) / static_cast<double>(timings.wall.size()));
}

}  // namespace

int main(int argc, char** argv) {
  const double simplifier_us = time_us([] {
    if (!gonghui::text::load_simplifier().ok()) {
      std::fprintf(stderr, "%s\n", gonghui::text::load_simplifier().error().message.c_str());
      std::exit(1);
    }
  });
  const gonghui::text::PinyinTable* pinyin = nullptr;
  const double unihan_us = time_us([&] {
    const auto shared = gonghui::text::PinyinTable::shared();
    if (!shared.ok()) {
      std::fprintf(stderr, "%s\n", shared.error().message.c_str());
      std::exit(1);
    }
    pinyin = *shared;
  });
  std::printf("start-up: Unihan readings %.0f ms (%zu characters), OpenCC t2s %.0f ms\n",
              unihan_us / 1000, pinyin->size(), simplifier_us / 1000);

  Generator generator;
  std::vector<SearchDocument> documents;
  for (int64_t id = 1; id <= kMerchants; ++id) {
    documents.push_back(generator.merchant(id));
  }
  for (int64_t id = kMerchants + 1; id <= kMerchants + kProducts; ++id) {
    documents.push_back(generator.product(id));
  }
  static SearchIndex index(*pinyin);
  const double build_us = time_us([&] {
    for (const SearchDocument& document : documents) {
      if (!index.add(document).ok()) {
        std::exit(1);
      }
    }
  });
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("index: %zu documents built in %.0f ms; process peak RSS %ld MiB\n", index.size(),
              build_us / 1000, usage.ru_maxrss / 1024);

  // The comparison: a substring scan of every folded, simplified name, as SQL LIKE would do.
  std::vector<std::string> folded_names;
  for (const SearchDocument& document : documents) {
    folded_names.push_back(gonghui::text::to_simplified(gonghui::text::fold(document.name)));
  }

  std::printf("\nlatency of search(query, 20), microseconds (wall clock; cpu = thread CPU time)\n");
  std::printf("%-12s %8s %10s %10s %10s %10s %9s\n", "form", "queries", "p50", "p99", "max",
              "cpu p99", "avg hits");
  Timings all;
  Timings chinese;
  for (const QueryGroup& group : kQueryGroups) {
    Timings timings = run(index, group, kTimedQueries / static_cast<int>(kQueryGroups.size()));
    print_row(group.form, timings);
    all.wall.insert(all.wall.end(), timings.wall.begin(), timings.wall.end());
    all.cpu.insert(all.cpu.end(), timings.cpu.begin(), timings.cpu.end());
    all.hits += timings.hits;
    if (std::string_view(group.form) == "chinese") {
      chinese = std::move(timings);
    }
  }
  print_row("all", all);
  std::printf("edge cases, not in the mix:\n");
  for (const QueryGroup& group : kEdgeGroups) {
    print_row(group.form, run(index, group, 400));
  }

  std::vector<double> scan;
  const std::vector<std::string>& scan_queries = kQueryGroups[0].queries;
  for (int i = 0; i < 200; ++i) {
    const std::string& query = scan_queries[i % scan_queries.size()];
    scan.push_back(time_us([&] {
      size_t found = 0;
      for (const std::string& name : folded_names) {
        found += name.find(query) != std::string::npos ? 1 : 0;
      }
      benchmark::DoNotOptimize(found);
    }));
  }
  const Percentiles scan_p = percentiles(scan);
  const Percentiles chinese_p = percentiles(chinese.wall);
  std::printf(
      "\ncomparison, Chinese queries: substring scan of all names p50 %.1f us, p99 %.1f us;"
      " index p50 %.1f us, p99 %.1f us (%.0fx faster at p50)\n\n",
      scan_p.p50_us, scan_p.p99_us, chinese_p.p50_us, chinese_p.p99_us,
      scan_p.p50_us / chinese_p.p50_us);

  // The same mixes through Google Benchmark, for its usual per-iteration report.
  for (const QueryGroup& group : kQueryGroups) {
    benchmark::RegisterBenchmark(
        (std::string("search/") + group.form).c_str(), [&group](benchmark::State& state) {
          size_t i = 0;
          for (auto _ : state) {
            benchmark::DoNotOptimize(index.search(group.queries[i++ % group.queries.size()], 20));
          }
        });
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
