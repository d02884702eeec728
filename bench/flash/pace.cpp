// A constant-rate load generator for bench/flash (the wrk2 idea, which Debian does not ship):
// request k is due at start + k / rate whether or not earlier answers have come back, and
// its latency is measured from when it was due, not from when a connection was free to send
// it, so a stalled server cannot hide its stall (no coordinated omission). At the end it
// sends nothing more and waits for every answer, so its count of 2xx answers is exact.
//   flash_pace HOST PORT CAMPAIGN TOKENS_FILE RATE_PER_S SECONDS CONNECTIONS [IDS_FILE]
// With IDS_FILE, the id of every acknowledged (2xx) entry is appended to it, one per line, for
// bench/crash to look up after the server was killed.
// Prints: PACE due=N sent=N ok=N sold_out=N limited=N overloaded=N other=N errors=N
//         p50_us=N p99_us=N p999_us=N max_us=N send_lag_p99_us=N tick_late_p99_us=N
//         cpu_us=N wall_us=N
// The last four tell the generator's share of a latency apart from the server's: how late
// requests left after they were due (waiting for the generator, or for a connection the
// server had not answered yet), how late the generator's own 500 µs timer ran (the generator
// short of CPU), and the CPU time it used in its wall time (one thread: near 100% of the
// wall time means the generator itself was the limit).
#include <sys/resource.h>

#include <boost/asio.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Totals {
  std::FILE* ids = nullptr;
  int64_t due = 0, sent = 0, ok = 0, sold_out = 0, limited = 0, overloaded = 0, other = 0,
          errors = 0;
  std::vector<int64_t> latency_us;
  std::vector<int64_t> send_lag_us;   // from due to sent, per request
  std::vector<int64_t> tick_late_us;  // how late each tick of the generator's timer ran
};

class Pacer;

// One keep-alive connection with at most one request in flight.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::io_context& io, Pacer& pacer) : socket_(io), pacer_(pacer) {}
  void send(std::string request, Clock::time_point due);
  bool busy() const { return busy_; }

 private:
  void write();
  void read_head();
  void read_body(size_t header_bytes, size_t body_bytes, int status);
  void finish(int status, bool error);

  tcp::socket socket_;
  Pacer& pacer_;
  asio::streambuf buffer_;
  std::string request_;
  Clock::time_point due_;
  bool busy_ = false;
};

class Pacer {
 public:
  Pacer(asio::io_context& io, tcp::endpoint endpoint, std::string path,
        std::vector<std::string> tokens, double rate, double seconds, int connections)
      : io_(io),
        timer_(io),
        endpoint_(std::move(endpoint)),
        path_(std::move(path)),
        tokens_(std::move(tokens)),
        rate_(rate),
        seconds_(seconds) {
    for (int i = 0; i < connections; ++i) {
      connections_.push_back(std::make_shared<Connection>(io, *this));
      idle_.push_back(connections_.back().get());
    }
  }

  void start() {
    start_ = Clock::now();
    tick();
  }

  const tcp::endpoint& endpoint() const { return endpoint_; }
  Totals& totals() { return totals_; }

  // A connection is free again: it takes the oldest request that is due.
  void released(Connection* c) {
    idle_.push_back(c);
    dispatch();
  }

 private:
  void tick() {
    const auto now = Clock::now();
    if (next_tick_ != Clock::time_point{}) {
      totals_.tick_late_us.push_back(
          std::chrono::duration_cast<std::chrono::microseconds>(now - next_tick_).count());
    }
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const bool ending = elapsed >= seconds_;
    const auto due_now = static_cast<int64_t>(std::min(elapsed, seconds_) * rate_);
    for (; scheduled_ < due_now; ++scheduled_) {
      queue_.push_back(start_ +
                       std::chrono::nanoseconds(static_cast<int64_t>(scheduled_ * 1e9 / rate_)));
    }
    totals_.due = scheduled_;
    dispatch();
    if (ending) {
      // Requests still waiting for a connection at the end were due but never sent; they
      // count against the server in `due - sent`.
      queue_.clear();
      return;
    }
    next_tick_ = now + std::chrono::microseconds(500);
    timer_.expires_at(next_tick_);
    timer_.async_wait([this](boost::system::error_code) { tick(); });
  }

  void dispatch() {
    while (!idle_.empty() && !queue_.empty()) {
      Connection* c = idle_.back();
      idle_.pop_back();
      const Clock::time_point due = queue_.front();
      queue_.pop_front();
      const std::string& token = tokens_[next_token_];
      next_token_ = (next_token_ + 7919) % tokens_.size();
      std::string request = "POST " + path_ +
                            " HTTP/1.1\r\nHost: gonghui\r\nContent-Type: application/json\r\n"
                            "Authorization: Bearer " +
                            token + "\r\nContent-Length: 2\r\n\r\n{}";
      ++totals_.sent;
      totals_.send_lag_us.push_back(
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - due).count());
      c->send(std::move(request), due);
    }
  }

  asio::io_context& io_;
  asio::steady_timer timer_;
  tcp::endpoint endpoint_;
  std::string path_;
  std::vector<std::string> tokens_;
  size_t next_token_ = 0;
  double rate_, seconds_;
  Clock::time_point start_;
  Clock::time_point next_tick_{};
  int64_t scheduled_ = 0;
  std::deque<Clock::time_point> queue_;
  std::vector<std::shared_ptr<Connection>> connections_;
  std::vector<Connection*> idle_;
  Totals totals_;
};

void Connection::send(std::string request, Clock::time_point due) {
  request_ = std::move(request);
  due_ = due;
  busy_ = true;
  if (socket_.is_open()) {
    write();
    return;
  }
  socket_.async_connect(pacer_.endpoint(),
                        [self = shared_from_this()](boost::system::error_code ec) {
                          if (ec) return self->finish(0, true);
                          self->socket_.set_option(tcp::no_delay(true));
                          self->write();
                        });
}

void Connection::write() {
  asio::async_write(socket_, asio::buffer(request_),
                    [self = shared_from_this()](boost::system::error_code ec, size_t) {
                      if (ec) return self->finish(0, true);
                      self->read_head();
                    });
}

void Connection::read_head() {
  asio::async_read_until(
      socket_, buffer_, "\r\n\r\n",
      [self = shared_from_this()](boost::system::error_code ec, size_t n) {
        if (ec) return self->finish(0, true);
        const auto data = self->buffer_.data();
        const std::string head(asio::buffers_begin(data), asio::buffers_begin(data) + n);
        int status = 0;
        if (head.size() > 12) std::from_chars(head.data() + 9, head.data() + 12, status);
        size_t length = 0;
        for (const char* name : {"Content-Length: ", "content-length: "}) {
          const auto at = head.find(name);
          if (at != std::string::npos) {
            std::from_chars(head.data() + at + 16, head.data() + head.size(), length);
          }
        }
        self->read_body(n, length, status);
      });
}

void Connection::read_body(size_t header_bytes, size_t body_bytes, int status) {
  const size_t want = header_bytes + body_bytes;
  if (buffer_.size() >= want) {
    const auto data = buffer_.data();
    std::string body(asio::buffers_begin(data) + static_cast<std::ptrdiff_t>(header_bytes),
                     asio::buffers_begin(data) + static_cast<std::ptrdiff_t>(want));
    buffer_.consume(want);
    if (status == 409 && body.find("sold_out") != std::string::npos) status = 4090;
    Totals& t = pacer_.totals();
    if (t.ids != nullptr && status >= 200 && status < 300) {
      const auto at = body.find("\"id\":\"");
      if (at != std::string::npos) {
        const auto end = body.find('"', at + 6);
        std::fprintf(t.ids, "%s\n", body.substr(at + 6, end - at - 6).c_str());
      }
    }
    return finish(status, false);
  }
  asio::async_read(socket_, buffer_, asio::transfer_exactly(want - buffer_.size()),
                   [self = shared_from_this(), header_bytes, body_bytes, status](
                       boost::system::error_code ec, size_t) {
                     if (ec) return self->finish(0, true);
                     self->read_body(header_bytes, body_bytes, status);
                   });
}

void Connection::finish(int status, bool error) {
  Totals& t = pacer_.totals();
  if (error) {
    ++t.errors;
    boost::system::error_code ignored;
    socket_.close(ignored);
    buffer_.consume(buffer_.size());
  } else {
    t.latency_us.push_back(
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - due_).count());
    if (status >= 200 && status < 300)
      ++t.ok;
    else if (status == 4090)
      ++t.sold_out;
    else if (status == 409)
      ++t.limited;
    else if (status == 503 || status == 429)
      ++t.overloaded;
    else
      ++t.other;
  }
  busy_ = false;
  pacer_.released(this);
}

int64_t percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto at = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1));
  return sorted[at];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 8 && argc != 9) {
    std::fprintf(stderr,
                 "usage: flash_pace HOST PORT CAMPAIGN TOKENS_FILE RATE_PER_S SECONDS CONNECTIONS "
                 "[IDS_FILE]\n");
    return 2;
  }
  std::vector<std::string> tokens;
  {
    std::ifstream in(argv[4]);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) tokens.push_back(line);
    }
  }
  if (tokens.empty()) {
    std::fprintf(stderr, "flash_pace: no tokens in %s\n", argv[4]);
    return 2;
  }
  asio::io_context io(1);
  const tcp::endpoint endpoint(asio::ip::make_address(argv[1]),
                               static_cast<unsigned short>(std::atoi(argv[2])));
  Pacer pacer(io, endpoint, std::string("/api/v1/campaigns/") + argv[3] + "/entries",
              std::move(tokens), std::atof(argv[5]), std::atof(argv[6]), std::atoi(argv[7]));
  if (argc == 9) {
    pacer.totals().ids = std::fopen(argv[8], "a");
    if (pacer.totals().ids == nullptr) {
      std::fprintf(stderr, "flash_pace: cannot write %s\n", argv[8]);
      return 2;
    }
  }
  const auto started = Clock::now();
  pacer.start();
  io.run();  // returns when nothing is due and every answer is in
  const auto wall_us =
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const int64_t cpu_us = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1'000'000LL +
                         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
  Totals& t = pacer.totals();
  if (t.ids != nullptr) std::fclose(t.ids);
  std::sort(t.latency_us.begin(), t.latency_us.end());
  std::sort(t.send_lag_us.begin(), t.send_lag_us.end());
  std::sort(t.tick_late_us.begin(), t.tick_late_us.end());
  std::printf(
      "PACE due=%lld sent=%lld ok=%lld sold_out=%lld limited=%lld overloaded=%lld other=%lld "
      "errors=%lld p50_us=%lld p99_us=%lld p999_us=%lld max_us=%lld send_lag_p99_us=%lld "
      "tick_late_p99_us=%lld cpu_us=%lld wall_us=%lld\n",
      static_cast<long long>(t.due), static_cast<long long>(t.sent), static_cast<long long>(t.ok),
      static_cast<long long>(t.sold_out), static_cast<long long>(t.limited),
      static_cast<long long>(t.overloaded), static_cast<long long>(t.other),
      static_cast<long long>(t.errors), static_cast<long long>(percentile(t.latency_us, 50)),
      static_cast<long long>(percentile(t.latency_us, 99)),
      static_cast<long long>(percentile(t.latency_us, 99.9)),
      static_cast<long long>(t.latency_us.empty() ? 0 : t.latency_us.back()),
      static_cast<long long>(percentile(t.send_lag_us, 99)),
      static_cast<long long>(percentile(t.tick_late_us, 99)), static_cast<long long>(cpu_us),
      static_cast<long long>(wall_us));
  return 0;
}
