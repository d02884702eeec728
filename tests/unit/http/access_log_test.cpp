#include "http/access_log.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdio>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace gonghui::http {
namespace {

TEST(AccessLogTest, ALineIsOneJsonObjectWithEveryField) {
  AccessRecord record;
  record.at_ms = 1764633600123;  // 2025-12-02T00:00:00.123Z
  record.remote = "10.0.0.7";
  record.method = "POST";
  record.path = "/api/v1/\"odd\"\\path\n草";
  record.status = 409;
  record.micros = 1234;
  record.bytes = 56;
  const std::string line = format_access_line(record);
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line, whatever the path holds";
  const boost::json::object parsed = boost::json::parse(line).as_object();
  EXPECT_EQ(parsed.at("ts").as_string(), "2025-12-02T00:00:00.123Z");
  EXPECT_EQ(parsed.at("remote").as_string(), "10.0.0.7");
  EXPECT_EQ(parsed.at("method").as_string(), "POST");
  EXPECT_EQ(parsed.at("path").as_string(), record.path);
  EXPECT_EQ(parsed.at("status").as_int64(), 409);
  EXPECT_EQ(parsed.at("us").as_int64(), 1234);
  EXPECT_EQ(parsed.at("bytes").as_int64(), 56);
}

// Lines appended from several threads at once all reach the file whole, each thread's in its
// order, by the time the log is destroyed.
TEST(AccessLogTest, EveryLineIsWrittenWholeBeforeTheLogIsGone) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  constexpr int kThreads = 4;
  constexpr int kLines = 2000;
  {
    AccessLog log(out);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&log, t] {
        const std::string method = "T" + std::to_string(t);
        for (int i = 0; i < kLines; ++i) {
          AccessRecord record;
          record.method = method;
          record.path = "/p";
          record.status = 200;
          record.micros = i;
          log.append(record);
        }
      });
    }
    for (auto& thread : threads) thread.join();
  }
  std::rewind(out);
  std::string text;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, out)) > 0) text.append(buffer, n);
  std::fclose(out);
  std::istringstream lines(text);
  std::string line;
  std::vector<int64_t> last(kThreads, -1);
  int count = 0;
  while (std::getline(lines, line)) {
    const boost::json::object parsed = boost::json::parse(line).as_object();
    const int t = std::stoi(std::string(parsed.at("method").as_string()).substr(1));
    const int64_t i = parsed.at("us").as_int64();
    EXPECT_EQ(i, last[t] + 1) << "thread " << t << " out of order";
    last[t] = i;
    ++count;
  }
  EXPECT_EQ(count, kThreads * kLines);
}

}  // namespace
}  // namespace gonghui::http
