#include "http/access_log.hpp"

#include <boost/json/serialize.hpp>

#include "core/thread_name.hpp"
#include "core/time.hpp"

namespace gonghui::http {

std::string format_access_line(const AccessRecord& record) {
  std::string line;
  line.reserve(160 + record.path.size());
  line += R"({"ts":")";
  line += format_rfc3339(Timestamp{record.at_ms});
  line += R"(","remote":)";
  line += boost::json::serialize(boost::json::string_view(record.remote));
  line += R"(,"method":)";
  line += boost::json::serialize(boost::json::string_view(record.method));
  line += R"(,"path":)";
  line += boost::json::serialize(boost::json::string_view(record.path));
  line += R"(,"status":)";
  line += std::to_string(record.status);
  line += R"(,"us":)";
  line += std::to_string(record.micros);
  line += R"(,"bytes":)";
  line += std::to_string(record.bytes);
  line += "}\n";
  return line;
}

AccessLog::AccessLog(std::FILE* out)
    : out_(out), thread_(start_named_thread("gh-log", [this] { loop(); })) {}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void AccessLog::append(const AccessRecord& record) {
  const std::string line = format_access_line(record);
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    pending_ += line;
    wake = waiting_;
    waiting_ = false;
  }
  // Only a log thread waiting for its first line needs waking; one that is writing or
  // gathering takes this line in its next round.
  if (wake) {
    cv_.notify_one();
  }
}

void AccessLog::loop() {
  std::string writing;
  std::unique_lock lock(mu_);
  for (;;) {
    waiting_ = true;
    cv_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
    waiting_ = false;
    if (pending_.empty()) {
      return;  // stopping, and everything written
    }
    // The lines of a busy moment gather for a little while and are written together: a
    // line is on its way to the file within kGatherMs of its answer.
    cv_.wait_for(lock, std::chrono::milliseconds(kGatherMs), [this] { return stopping_; });
    writing.swap(pending_);
    lock.unlock();
    std::fwrite(writing.data(), 1, writing.size(), out_);
    std::fflush(out_);
    writing.clear();
    lock.lock();
  }
}

}  // namespace gonghui::http
