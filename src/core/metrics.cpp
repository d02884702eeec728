// Lock-free metric types and the Prometheus text format.
#include "core/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <variant>

namespace gonghui::metrics {
namespace {

bool valid_name(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
      return false;
    }
  }
  return true;
}

// HELP text escapes backslash and line feed; label values also escape the double quote.
std::string escape(std::string_view text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

std::string format_double(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc{} ? std::string(buffer, end) : std::string("NaN");
}

constexpr size_t kShowAllCombinations = 32;

}  // namespace

CounterFamily::CounterFamily(std::vector<std::string> labels,
                             std::vector<std::vector<std::string>> values)
    : labels_(std::move(labels)), values_(std::move(values)) {
  if (labels_.size() != values_.size()) {
    throw std::invalid_argument("CounterFamily: one list of values per label");
  }
  for (size_t i = 0; i < labels_.size(); ++i) {
    if (!valid_name(labels_[i]) || values_[i].empty()) {
      throw std::invalid_argument("CounterFamily: bad label " + labels_[i]);
    }
    size_ *= values_[i].size();
  }
  counters_ = std::make_unique<Counter[]>(size_);
}

Counter& CounterFamily::at(std::initializer_list<size_t> index) {
  size_t flat = 0;
  size_t label = 0;
  for (size_t i : index) {
    if (label == values_.size()) {
      break;
    }
    const size_t n = values_[label].size();
    flat = flat * n + std::min(i, n - 1);
    ++label;
  }
  for (; label < values_.size(); ++label) {
    flat = flat * values_[label].size() + values_[label].size() - 1;
  }
  return counters_[flat];
}

std::optional<size_t> CounterFamily::index_of(size_t label, std::string_view value) const {
  if (label >= values_.size()) {
    return std::nullopt;
  }
  const auto& list = values_[label];
  const auto it = std::find(list.begin(), list.end(), value);
  if (it == list.end()) {
    return std::nullopt;
  }
  return static_cast<size_t>(it - list.begin());
}

std::vector<size_t> CounterFamily::unflatten(size_t i) const {
  std::vector<size_t> index(values_.size());
  for (size_t label = values_.size(); label-- > 0;) {
    index[label] = i % values_[label].size();
    i /= values_[label].size();
  }
  return index;
}

Histogram::Histogram(std::vector<double> upper_bounds) : bounds_(std::move(upper_bounds)) {
  for (size_t i = 0; i < bounds_.size(); ++i) {
    if (!std::isfinite(bounds_[i]) || (i > 0 && bounds_[i] <= bounds_[i - 1])) {
      throw std::invalid_argument("Histogram: upper bounds must be finite and ascending");
    }
  }
  buckets_ = std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1);
}

void Histogram::observe(double value) {
  // Buckets are few (about a dozen): a linear scan beats a binary search here.
  size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) {
    ++i;
  }
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot out;
  out.cumulative.resize(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    out.cumulative[i] = running;
  }
  out.count = running;
  out.sum = sum_.load(std::memory_order_relaxed);
  return out;
}

const std::vector<double>& latency_buckets() {
  static const std::vector<double> buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                              0.25,  0.5,    1,     2.5,  5,     10};
  return buckets;
}

struct Registry::Entry {
  std::string name;
  std::string help;
  std::variant<std::monostate, Counter, Gauge, std::unique_ptr<CounterFamily>,
               std::unique_ptr<Histogram>>
      metric;
  Type observed_type = Type::kGauge;
  std::function<int64_t()> read;  // set for observed values
  std::string info_labels;        // set for info(): `a="x",b="y"`
};

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Entry& Registry::add(std::string name, std::string help) {
  if (!valid_name(name)) {
    throw std::invalid_argument("metrics: invalid name " + name);
  }
  for (const auto& entry : entries_) {
    if (entry->name == name) {
      throw std::invalid_argument("metrics: registered twice: " + name);
    }
  }
  auto entry = std::make_unique<Entry>();
  entry->name = std::move(name);
  entry->help = std::move(help);
  entries_.push_back(std::move(entry));
  return *entries_.back();
}

Counter& Registry::counter(std::string name, std::string help) {
  std::lock_guard lock(mu_);
  Entry& entry = add(std::move(name), std::move(help));
  return entry.metric.emplace<Counter>();
}

Gauge& Registry::gauge(std::string name, std::string help) {
  std::lock_guard lock(mu_);
  Entry& entry = add(std::move(name), std::move(help));
  return entry.metric.emplace<Gauge>();
}

CounterFamily& Registry::counter_family(std::string name, std::string help,
                                        std::vector<std::string> labels,
                                        std::vector<std::vector<std::string>> values) {
  auto family = std::make_unique<CounterFamily>(std::move(labels), std::move(values));
  std::lock_guard lock(mu_);
  Entry& entry = add(std::move(name), std::move(help));
  return *entry.metric.emplace<std::unique_ptr<CounterFamily>>(std::move(family));
}

Histogram& Registry::histogram(std::string name, std::string help,
                               std::vector<double> upper_bounds) {
  auto histogram = std::make_unique<Histogram>(std::move(upper_bounds));
  std::lock_guard lock(mu_);
  Entry& entry = add(std::move(name), std::move(help));
  return *entry.metric.emplace<std::unique_ptr<Histogram>>(std::move(histogram));
}

void Registry::info(std::string name, std::string help,
                    std::vector<std::pair<std::string, std::string>> labels) {
  std::string text;
  for (const auto& [label, value] : labels) {
    if (!valid_name(label)) {
      throw std::invalid_argument("metrics: invalid label " + label);
    }
    text += (text.empty() ? "" : ",") + label + "=\"" + escape(value, true) + "\"";
  }
  std::lock_guard lock(mu_);
  Entry& entry = add(std::move(name), std::move(help));
  entry.info_labels = text.empty() ? "{}" : std::move(text);
}

void Registry::observe(std::string name, std::string help, Type type,
                       std::function<int64_t()> read) {
  std::lock_guard lock(mu_);
  Entry& entry = add(std::move(name), std::move(help));
  entry.observed_type = type;
  entry.read = std::move(read);
}

std::string Registry::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  auto header = [&out](const Entry& entry, std::string_view type) {
    out += "# HELP " + entry.name + " " + escape(entry.help, false) + "\n";
    out += "# TYPE " + entry.name + " " + std::string(type) + "\n";
  };
  for (const auto& entry_ptr : entries_) {
    const Entry& e = *entry_ptr;
    if (const auto* counter = std::get_if<Counter>(&e.metric)) {
      header(e, "counter");
      out += e.name + " " + std::to_string(counter->value()) + "\n";
    } else if (const auto* gauge = std::get_if<Gauge>(&e.metric)) {
      header(e, "gauge");
      out += e.name + " " + std::to_string(gauge->value()) + "\n";
    } else if (const auto* family = std::get_if<std::unique_ptr<CounterFamily>>(&e.metric)) {
      header(e, "counter");
      const CounterFamily& f = **family;
      for (size_t i = 0; i < f.size(); ++i) {
        const uint64_t value = f.flat(i).value();
        if (value == 0 && f.size() > kShowAllCombinations) {
          continue;
        }
        const std::vector<size_t> index = f.unflatten(i);
        out += e.name + "{";
        for (size_t label = 0; label < index.size(); ++label) {
          out += (label ? "," : "") + f.labels()[label] + "=\"" +
                 escape(f.values()[label][index[label]], true) + "\"";
        }
        out += "} " + std::to_string(value) + "\n";
      }
    } else if (const auto* histogram = std::get_if<std::unique_ptr<Histogram>>(&e.metric)) {
      header(e, "histogram");
      const Histogram& h = **histogram;
      const Histogram::Snapshot s = h.snapshot();
      for (size_t i = 0; i < s.cumulative.size(); ++i) {
        const std::string le =
            i < h.upper_bounds().size() ? format_double(h.upper_bounds()[i]) : "+Inf";
        out += e.name + "_bucket{le=\"" + le + "\"} " + std::to_string(s.cumulative[i]) + "\n";
      }
      out += e.name + "_sum " + format_double(s.sum) + "\n";
      out += e.name + "_count " + std::to_string(s.count) + "\n";
    } else if (!e.info_labels.empty()) {
      header(e, "gauge");
      out += e.name + "{" + (e.info_labels == "{}" ? "" : e.info_labels) + "} 1\n";
    } else if (e.read) {
      header(e, e.observed_type == Type::kCounter ? "counter" : "gauge");
      out += e.name + " " + std::to_string(e.read()) + "\n";
    }
  }
  return out;
}

}  // namespace gonghui::metrics
