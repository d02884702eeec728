#include "http/access_log.hpp"

#include <boost/json/serialize.hpp>

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

AccessLog::AccessLog(std::FILE* out) : out_(out), thread_([this] { loop(); }) {}

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
  bool was_empty = false;
  {
    std::lock_guard lock(mu_);
    was_empty = pending_.empty();
    pending_ += line;
  }
  // The log thread sleeps only once it has found nothing pending: a line added to others
  // already pending needs no wake-up of its own.
  if (was_empty) {
    cv_.notify_one();
  }
}

void AccessLog::loop() {
  std::string writing;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) {
        return;  // stopping, and everything written
      }
      writing.swap(pending_);
    }
    std::fwrite(writing.data(), 1, writing.size(), out_);
    std::fflush(out_);
    writing.clear();
  }
}

}  // namespace gonghui::http
