// The HTTP/1.1 server: Beast + Asio, hardened connection loop, handler thread pool.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.hpp"

namespace gonghui::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  int io_threads = 2;             // threads running socket I/O
  int workers = 64;               // threads running handlers (they may wait on the store)
  size_t max_queue = 20000;       // requests waiting for a worker; past it, 503 at once
  size_t body_limit = 1 << 20;    // bytes; larger bodies get 413
  size_t header_limit = 16 * 1024;  // bytes of request line + headers; larger get 431
  int read_timeout_ms = 30000;    // a request must arrive within this (idle keep-alive too)
  int shutdown_grace_ms = 10000;  // in-flight requests get this long to finish
  bool access_log = true;         // one JSON line per request on stdout
};

struct ServerCounters {
  std::atomic<int64_t> requests{0};
  std::atomic<int64_t> rejected_overload{0};
  std::atomic<int64_t> in_flight{0};
  std::atomic<int64_t> connections{0};
};

class Server {
 public:
  using Dispatch = std::function<Response(Request&)>;

  Server(ServerOptions options, Dispatch dispatch);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Throws std::runtime_error if the address cannot be used.
  // Returns the port (useful with port 0).
  uint16_t listen();
  // Serves until SIGINT/SIGTERM or stop(); returns once in-flight requests have finished
  // (or the grace period ran out).
  void run();
  // Starts a graceful stop. Thread-safe.
  void stop();

  const ServerCounters& counters() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gonghui::http
