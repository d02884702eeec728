// Process metrics: lock-free counters, gauges and histograms, rendered in the Prometheus text
// exposition format (version 0.0.4). Knows nothing of HTTP or of the store.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gonghui::metrics {

// A count that only goes up. Thread-safe and lock-free: one relaxed atomic add.
class Counter {
 public:
  void inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down. Thread-safe and lock-free.
class Gauge {
 public:
  void add(int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  void set(int64_t n) { value_.store(n, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// One counter per combination of label values. Every label's values are listed up front, so
// that counting is an index computation and an atomic add: no lock, no allocation.
class CounterFamily {
 public:
  // labels[i] may take the values values[i]. Throws std::invalid_argument if the sizes differ
  // or a label has no values.
  CounterFamily(std::vector<std::string> labels, std::vector<std::vector<std::string>> values);

  // The counter for one value index per label, in label order. An index past the end of a
  // label's values means its last value (so a catch-all such as "other" goes last).
  Counter& at(std::initializer_list<size_t> index);
  // Position of `value` among the values of label `label`; nullopt if it is not one of them.
  std::optional<size_t> index_of(size_t label, std::string_view value) const;

  const std::vector<std::string>& labels() const { return labels_; }
  const std::vector<std::vector<std::string>>& values() const { return values_; }
  size_t size() const { return size_; }
  // The counter at a flat position (0 <= i < size()), and the value index of each label there.
  const Counter& flat(size_t i) const { return counters_[i]; }
  std::vector<size_t> unflatten(size_t i) const;

 private:
  std::vector<std::string> labels_;
  std::vector<std::vector<std::string>> values_;
  size_t size_ = 1;
  std::unique_ptr<Counter[]> counters_;
};

// Observations counted into buckets by upper bound. Thread-safe and lock-free.
class Histogram {
 public:
  // upper_bounds must be ascending; +Inf is implied. Throws std::invalid_argument otherwise.
  explicit Histogram(std::vector<double> upper_bounds);
  void observe(double value);

  struct Snapshot {
    std::vector<uint64_t> cumulative;  // per bound, then +Inf (== count)
    double sum = 0;
    uint64_t count = 0;
  };
  // The sum may include an observation whose bucket the counts do not yet show (or the other
  // way round): scrapes tolerate that, and the count always equals the +Inf bucket.
  Snapshot snapshot() const;
  const std::vector<double>& upper_bounds() const { return bounds_; }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // per bound, then +Inf; not cumulative
  std::atomic<double> sum_{0};
};

// Request latency buckets in seconds, 1 ms to 10 s.
const std::vector<double>& latency_buckets();

// The set of metrics one process exposes. Registration (at start-up) takes a lock; counting
// through the returned references never does. Metrics live as long as the registry.
class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Each name may be registered once; registering it again (or an invalid name) throws
  // std::invalid_argument, a programming error found at start-up.
  Counter& counter(std::string name, std::string help);
  Gauge& gauge(std::string name, std::string help);
  CounterFamily& counter_family(std::string name, std::string help, std::vector<std::string> labels,
                                std::vector<std::vector<std::string>> values);
  Histogram& histogram(std::string name, std::string help, std::vector<double> upper_bounds);

  enum class Type { kCounter, kGauge };
  // A value read when rendering, e.g. from a store's statistics or a server's counters.
  // `read` must be thread-safe and outlive its use by render().
  void observe(std::string name, std::string help, Type type, std::function<int64_t()> read);

  // A gauge that is always 1 and says something in its labels, such as the version of the
  // running binary (name_info{version="…"} 1).
  void info(std::string name, std::string help,
            std::vector<std::pair<std::string, std::string>> labels);

  // All metrics in registration order, as Prometheus text format 0.0.4. Families of up to 32
  // label combinations show every combination; larger ones only those counted at least once.
  std::string render() const;

  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

 private:
  struct Entry;
  Entry& add(std::string name, std::string help);

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Entry>> entries_;  // under mu_
};

}  // namespace gonghui::metrics
