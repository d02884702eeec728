// The HTTP/1.1 server: Beast + Asio, hardened connection loop, handler thread pool, and
// handlers that run on the I/O threads without blocking.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.hpp"

namespace gonghui::metrics {
class Registry;
}

namespace gonghui::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  int io_threads = 2;  // threads running socket I/O, each with its own share of connections
  int workers = 64;    // threads running handlers (they may wait on the store)
  // Overload bounds. Past them the server answers 503 `overloaded` with Retry-After at once
  // instead of queueing without bound. GET /api/v1/health, GET /api/v1/ready and GET /metrics
  // are exempt (they are cheap and jump the queue) so that a load balancer and a scraper still
  // see the server.
  size_t max_in_flight = 2048;      // requests read and not yet answered
  int queue_timeout_ms = 1000;      // a request that waited longer for a worker is not run
  size_t max_connections = 10000;   // open connections; lowered to fit RLIMIT_NOFILE
  size_t body_limit = 1 << 20;      // bytes; larger bodies get 413
  size_t header_limit = 16 * 1024;  // bytes of request line + headers; larger get 431
  int read_timeout_ms = 30000;      // a request must arrive within this (idle keep-alive too)
  int shutdown_grace_ms = 10000;    // in-flight requests get this long to finish
  // On SIGTERM/SIGINT or stop(), the server first drains for up to this long: it keeps
  // accepting and serving, but closes every connection after its answer (Connection: close),
  // so that a proxy's kept-alive connections end on an answer instead of under a request
  // already sent. The drain ends early once no connection is open (the proxy has moved
  // away). Only then does it stop accepting and give in-flight requests shutdown_grace_ms.
  // 0: no drain.
  int drain_ms = 0;
  // Called once, on the I/O thread, when the drain begins (before any answer is sent with
  // Connection: close); the readiness route reads the state it sets.
  std::function<void()> on_drain;
  bool access_log = true;  // one JSON line per request on stdout
  // Where the server's gonghui_http_* metrics are registered; nullptr: a private registry.
  metrics::Registry* metrics = nullptr;
};

struct ServerCounters {
  std::atomic<int64_t> requests{0};
  std::atomic<int64_t> in_flight{0};  // all requests between reading and answering
  std::atomic<int64_t> admitted{0};   // those counted against max_in_flight
  std::atomic<int64_t> connections{0};
};

// Reads one request from raw bytes exactly as a connection does (same parser, limits and
// Request fields), for the fuzzer and tests. On a malformed request, returns the error
// response the server would send (400, 413 or 431).
struct ParsedRequest {
  std::optional<Request> request;  // set when the bytes hold one complete, valid request
  std::optional<Response> error;   // set when the server would reject the bytes
  bool keep_alive = false;
};
ParsedRequest parse_request(std::string_view bytes, const ServerOptions& options);

// Whether a request bypasses the overload bounds (health, readiness and metrics).
bool exempt_from_overload(const Request& request);

class Server {
 public:
  using Dispatch = std::function<Response(Request&)>;
  // Tried first, on the I/O thread that read the request: returns true once it has taken
  // the request (and answers through the Respond, now or later), false to have a worker
  // run `dispatch` instead. It must not block.
  using InlineDispatch = std::function<bool(Request&, const Respond&)>;

  Server(ServerOptions options, Dispatch dispatch, InlineDispatch inline_dispatch = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Throws std::runtime_error if the address cannot be used.
  // Returns the port (useful with port 0).
  uint16_t listen();
  // Serves until SIGINT/SIGTERM or stop(); returns once in-flight requests have finished
  // (or the grace period ran out). A second signal during the drain cuts it short.
  void run();
  // Starts a graceful stop (the drain, then the grace period), as a signal does. Thread-safe.
  void stop();

  const ServerCounters& counters() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gonghui::http
