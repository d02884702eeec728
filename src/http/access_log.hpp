// The access log: one JSON line per answered request. Lines are formatted on the thread that
// answered and written by a thread of the log's own, those of a couple of milliseconds
// together, so that an I/O thread neither waits on the log's file nor wakes a thread for
// each line.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace gonghui::http {

struct AccessRecord {
  int64_t at_ms = 0;  // when the answer was sent (UTC)
  std::string_view remote;
  std::string_view method;
  std::string_view path;
  int status = 0;
  int64_t micros = 0;  // from reading the request to sending its answer
  size_t bytes = 0;    // of the answer's body
};

// {"ts":"…","remote":"…","method":"…","path":"…","status":200,"us":12,"bytes":34} and a newline.
std::string format_access_line(const AccessRecord& record);

class AccessLog {
 public:
  // Writes to `out` (not closed); flushed after every gathering of lines.
  explicit AccessLog(std::FILE* out);
  // Writes every line appended before.
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void append(const AccessRecord& record);

 private:
  void loop();

  std::FILE* out_;
  std::mutex mu_;
  std::condition_variable cv_;
  static constexpr int kGatherMs = 2;
  std::string pending_;    // under mu_
  bool waiting_ = false;   // under mu_: the log thread waits for a first line
  bool stopping_ = false;  // under mu_
  std::thread thread_;
};

}  // namespace gonghui::http
