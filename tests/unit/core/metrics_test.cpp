#include "core/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace gonghui::metrics {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(MetricsTest, RendersCountersAndGaugesWithHelpAndType) {
  Registry registry;
  Counter& commits = registry.counter("app_commits_total", "commits\nand a \\ backslash");
  Gauge& open = registry.gauge("app_open", "open things");
  commits.inc();
  commits.inc(4);
  open.add(3);
  open.add(-1);
  const std::string text = registry.render();
  EXPECT_TRUE(contains(text, "# HELP app_commits_total commits\\nand a \\\\ backslash\n"));
  EXPECT_TRUE(contains(text, "# TYPE app_commits_total counter\napp_commits_total 5\n"));
  EXPECT_TRUE(contains(text, "# TYPE app_open gauge\napp_open 2\n"));
  EXPECT_EQ(text.back(), '\n');
}

TEST(MetricsTest, SmallFamiliesShowEveryCombinationLargeOnesOnlyCounted) {
  Registry registry;
  CounterFamily& kinds =
      registry.counter_family("app_entries_total", "entries", {"kind"}, {{"a", "b\"q"}});
  std::vector<std::string> many;
  for (int i = 0; i < 40; ++i) many.push_back(std::to_string(i));
  CounterFamily& wide = registry.counter_family("app_wide_total", "wide", {"method", "status"},
                                                {{"GET", "other"}, many});
  kinds.at({1}).inc();
  wide.at({0, 7}).inc(2);
  wide.at({99, 99}).inc();  // past the end: the last value of each label
  const std::string text = registry.render();
  EXPECT_TRUE(contains(text, "app_entries_total{kind=\"a\"} 0\n"));
  EXPECT_TRUE(contains(text, "app_entries_total{kind=\"b\\\"q\"} 1\n"));
  EXPECT_TRUE(contains(text, "app_wide_total{method=\"GET\",status=\"7\"} 2\n"));
  EXPECT_TRUE(contains(text, "app_wide_total{method=\"other\",status=\"39\"} 1\n"));
  EXPECT_FALSE(contains(text, "status=\"8\""));
  EXPECT_EQ(wide.index_of(1, "12"), 12u);
  EXPECT_FALSE(wide.index_of(1, "x").has_value());
}

TEST(MetricsTest, HistogramBucketsAreCumulativeWithSumAndCount) {
  Registry registry;
  Histogram& latency = registry.histogram("app_seconds", "latency", {0.01, 0.1, 1});
  latency.observe(0.005);
  latency.observe(0.01);  // a bound is inclusive (le)
  latency.observe(0.5);
  latency.observe(30);
  const std::string text = registry.render();
  EXPECT_TRUE(contains(text, "# TYPE app_seconds histogram\n"));
  EXPECT_TRUE(contains(text, "app_seconds_bucket{le=\"0.01\"} 2\n"));
  EXPECT_TRUE(contains(text, "app_seconds_bucket{le=\"0.1\"} 2\n"));
  EXPECT_TRUE(contains(text, "app_seconds_bucket{le=\"1\"} 3\n"));
  EXPECT_TRUE(contains(text, "app_seconds_bucket{le=\"+Inf\"} 4\n"));
  EXPECT_TRUE(contains(text, "app_seconds_sum 30.515\n"));
  EXPECT_TRUE(contains(text, "app_seconds_count 4\n"));
}

TEST(MetricsTest, LatencyBucketsSpanOneMillisecondToTenSeconds) {
  const auto& buckets = latency_buckets();
  EXPECT_DOUBLE_EQ(buckets.front(), 0.001);
  EXPECT_DOUBLE_EQ(buckets.back(), 10);
  EXPECT_NO_THROW(Histogram{buckets});
  EXPECT_THROW(Histogram({1, 0.5}), std::invalid_argument);
}

TEST(MetricsTest, ObservedValuesAreReadAtRenderTime) {
  Registry registry;
  int64_t value = 1;
  registry.observe("app_pool_size", "pool", Registry::Type::kGauge, [&value] { return value; });
  EXPECT_TRUE(contains(registry.render(), "# TYPE app_pool_size gauge\napp_pool_size 1\n"));
  value = 7;
  EXPECT_TRUE(contains(registry.render(), "app_pool_size 7\n"));
}

TEST(MetricsTest, InfoIsAGaugeOfOneWithItsLabels) {
  Registry registry;
  registry.info("app_build_info", "build", {{"version", "1.2.3"}});
  EXPECT_TRUE(contains(registry.render(),
                       "# TYPE app_build_info gauge\napp_build_info{version=\"1.2.3\"} 1\n"));
  EXPECT_THROW(registry.info("app_other_info", "x", {{"bad label", "v"}}), std::invalid_argument);
}

TEST(MetricsTest, NamesAreValidAndUnique) {
  Registry registry;
  registry.counter("app_total", "x");
  EXPECT_THROW(registry.counter("app_total", "again"), std::invalid_argument);
  EXPECT_THROW(registry.gauge("9lives", "x"), std::invalid_argument);
  EXPECT_THROW(registry.gauge("has space", "x"), std::invalid_argument);
  EXPECT_THROW(registry.counter_family("app_f", "x", {"a"}, {}), std::invalid_argument);
}

TEST(MetricsTest, ConcurrentCountingLosesNothing) {
  Registry registry;
  Counter& counter = registry.counter("app_total", "x");
  CounterFamily& family = registry.counter_family("app_f_total", "x", {"k"}, {{"a", "b"}});
  Histogram& histogram = registry.histogram("app_h", "x", latency_buckets());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10000; ++i) {
        counter.inc();
        family.at({static_cast<size_t>(t % 2)}).inc();
        histogram.observe(0.002);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter.value(), 40000u);
  EXPECT_EQ(family.at({0}).value() + family.at({1}).value(), 40000u);
  EXPECT_EQ(histogram.snapshot().count, 40000u);
  EXPECT_NEAR(histogram.snapshot().sum, 80.0, 1e-6);
}

}  // namespace
}  // namespace gonghui::metrics
