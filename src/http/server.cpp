// Beast/Asio connection handling. This is the only translation unit that includes Beast.
#include "http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include <sys/resource.h>

#include "core/json.hpp"
#include "core/metrics.hpp"
#include "core/thread_name.hpp"
#include "core/time.hpp"
#include "http/access_log.hpp"
#include "http/worker_pool.hpp"

namespace gonghui::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
// A connection's socket and stream name their io_context's executor type, not the
// type-erased any_io_executor: every handler of every read and write would otherwise copy,
// compare and destroy an erased executor.
using Executor = asio::io_context::executor_type;
using Socket = asio::basic_stream_socket<tcp, Executor>;
using Stream = beast::basic_stream<tcp, Executor>;

using RawRequest = bhttp::request<bhttp::string_body>;

// The request as handlers see it; false (and an error response) if the target is not a path.
bool to_request(RawRequest& raw, const std::string& remote, Request& request, Response& error) {
  request.method = std::string(raw.method_string());
  request.target = std::string(raw.target());
  request.remote_address = remote;
  for (const auto& field : raw) {
    std::string name(field.name_string());
    for (char& c : name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.body = std::move(raw.body());
  if (!parse_target(request.target, request.path, request.query)) {
    error = Response::error(
        Error::invalid("", "bad_request", "the request target is not a valid path"));
    return false;
  }
  return true;
}

// Whether a read error just means the peer went away (no answer is owed).
bool is_disconnect(const beast::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
         ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
         ec == asio::error::eof;
}

// The one answer to an unreadable request, after which the connection closes.
Response read_failure(const beast::error_code& ec, const ServerOptions& options) {
  int status = 400;
  std::string code = "bad_request";
  std::string message = "the request could not be parsed: " + ec.message();
  if (ec == bhttp::error::body_limit) {
    status = 413;
    code = "payload_too_large";
    message = "the request body exceeds " + std::to_string(options.body_limit) + " bytes";
  } else if (ec == bhttp::error::header_limit) {
    status = 431;
    code = "header_too_large";
    message =
        "the request line and headers exceed " + std::to_string(options.header_limit) + " bytes";
  }
  Response response = Response::error(Error{ErrorKind::kInvalidArgument, code, message, {}});
  response.status = status;
  return response;
}

Response overloaded(std::string message) {
  Response response =
      Response::error(Error{ErrorKind::kUnavailable, "overloaded", std::move(message), {}});
  response.set_header("Retry-After", "1");
  return response;
}

// Label values of gonghui_http_requests_total: the usual methods, then a catch-all.
const std::vector<std::string> kMethods = {"GET",   "HEAD",   "POST",    "PUT",
                                           "PATCH", "DELETE", "OPTIONS", "other"};
std::vector<std::string> status_values() {
  std::vector<std::string> out;
  for (int status = 100; status <= 599; ++status) {
    out.push_back(std::to_string(status));
  }
  return out;
}
enum RejectReason : size_t { kRejectOverload, kRejectQueueTimeout, kRejectConnections };

}  // namespace

// One io_context per I/O thread, each running alone on its thread: a connection lives on one
// of them from accept to close, so its handlers need no strand and an inline request is
// read, handled and answered without leaving the thread. The first also runs the acceptor,
// the signals and the timers.
std::vector<std::unique_ptr<asio::io_context>> make_contexts(int threads) {
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  for (int i = 0; i < std::max(threads, 1); ++i) {
    contexts.push_back(std::make_unique<asio::io_context>(1));
  }
  return contexts;
}

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  Impl(ServerOptions opts, Dispatch fn, InlineDispatch inline_fn)
      : options(std::move(opts)),
        access_log(options.access_log ? std::make_unique<AccessLog>(stdout) : nullptr),
        dispatch(std::move(fn)),
        inline_dispatch(std::move(inline_fn)),
        contexts(make_contexts(options.io_threads)),
        ioc(*contexts.front()),
        acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM),
        drain_timer(ioc),
        leave_timer(ioc),
        accept_timer(ioc),
        expiry_timer(ioc),
        pool(options.workers) {
    for (size_t i = 0; i < contexts.size(); ++i) {
      inboxes.push_back(std::make_unique<Inbox>());
    }
    if (options.metrics == nullptr) {
      own_metrics = std::make_unique<metrics::Registry>();
      options.metrics = own_metrics.get();
    }
    metrics::Registry& registry = *options.metrics;
    requests = &registry.counter_family("gonghui_http_requests_total",
                                        "HTTP requests answered, by method and status",
                                        {"method", "status"}, {kMethods, status_values()});
    duration = &registry.histogram("gonghui_http_request_duration_seconds",
                                   "time from reading a request to queueing its answer",
                                   metrics::latency_buckets());
    registry.observe("gonghui_http_in_flight", "requests read and not yet answered",
                     metrics::Registry::Type::kGauge,
                     [this] { return counters.in_flight.load(std::memory_order_relaxed); });
    registry.observe("gonghui_http_connections", "open client connections",
                     metrics::Registry::Type::kGauge,
                     [this] { return counters.connections.load(std::memory_order_relaxed); });
    rejected = &registry.counter_family("gonghui_http_rejected_total",
                                        "requests answered 503 overloaded without running",
                                        {"reason"}, {{"overload", "queue_timeout", "connections"}});
  }

  class Session;
  // Connections accepted at once past the one the event loop announced.
  static constexpr int kAcceptBurst = 256;
  void accept();
  void welcome(Socket socket, size_t context);
  void deliver(size_t context, std::function<void()> fn);
  void expire_queued();
  void record(const Request& request, int status, Clock::time_point started);
  void begin_drain();
  void poll_left(Clock::time_point deadline);
  void begin_shutdown();
  void poll_drained(Clock::time_point deadline);

  ServerOptions options;
  std::unique_ptr<AccessLog> access_log;  // null when the log is off
  Dispatch dispatch;
  InlineDispatch inline_dispatch;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  size_t next_context = 0;  // used only by the acceptor's thread: round robin of connections
  asio::io_context& ioc;    // contexts.front()
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer drain_timer;  // the grace period's wait for in-flight requests
  asio::steady_timer leave_timer;  // the drain's wait for connections to close
  asio::steady_timer accept_timer;
  asio::steady_timer expiry_timer;
  ServerCounters counters;
  std::unique_ptr<metrics::Registry> own_metrics;
  metrics::CounterFamily* requests = nullptr;
  metrics::Histogram* duration = nullptr;
  metrics::CounterFamily* rejected = nullptr;
  std::atomic<bool> draining{false};       // answers close their connection
  std::atomic<bool> shutting_down{false};  // the acceptor is closed
  struct Inbox {
    std::mutex mu;
    std::vector<std::function<void()>> items;  // under mu
  };
  std::vector<std::unique_ptr<Inbox>> inboxes;  // one per context, see deliver()
  // Last: its threads must stop before the members above are destroyed.
  WorkerPool pool;
};

void Server::Impl::record(const Request& request, int status, Clock::time_point started) {
  size_t method = kMethods.size() - 1;
  for (size_t i = 0; i + 1 < kMethods.size(); ++i) {
    if (request.method == kMethods[i]) {
      method = i;
      break;
    }
  }
  const size_t status_index = status >= 100 && status <= 599 ? static_cast<size_t>(status - 100)
                                                             : static_cast<size_t>(500 - 100);
  requests->at({method, status_index}).inc();
  duration->observe(std::chrono::duration<double>(Clock::now() - started).count());
}

namespace {

// The status line and headers of an answer, HTTP/1.1, written here rather than by Beast's
// serializer, which walks a view of many small buffers for every answer. content_length:
// none for an answer that has no body; idle_s: 0 to close the connection after the answer,
// else how long it stays open for the next request. A CR, LF or NUL in a name or value (a
// handler's bug) becomes a space, so that no header can end early or smuggle another.
void write_head(std::string& out, const Response& response, std::optional<size_t> content_length,
                int idle_s) {
  auto append_clean = [&out](std::string_view text) {
    for (char c : text) {
      out += c == '\r' || c == '\n' || c == '\0' ? ' ' : c;
    }
  };
  auto header = [&](std::string_view name, std::string_view value) {
    append_clean(name);
    out += ": ";
    append_clean(value);
    out += "\r\n";
  };
  out.clear();
  out += "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  out += bhttp::obsolete_reason(static_cast<bhttp::status>(response.status));
  out += "\r\n";
  header("Server", "gonghui");
  if (!response.content_type.empty()) {
    header("Content-Type", response.content_type);
  }
  for (const auto& [name, value] : response.headers) {
    header(name, value);
  }
  if (idle_s > 0) {
    header("Keep-Alive", "timeout=" + std::to_string(idle_s));
  } else {
    header("Connection", "close");
  }
  if (content_length) {
    header("Content-Length", std::to_string(*content_length));
  }
  out += "\r\n";
}

}  // namespace

class Server::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Socket socket, size_t context, Impl& server)
      : stream_(std::move(socket)), server_(server), context_(context) {
    // Past the connection limit the connection still gets one answer (503) and is closed,
    // which a client handles better than a reset or a connect that hangs in the backlog.
    refused_ =
        ++server_.counters.connections > static_cast<int64_t>(server_.options.max_connections);
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    remote_ = ec ? std::string() : endpoint.address().to_string();
  }
  ~Session() { --server_.counters.connections; }

  void start() {
    // On the connection's own io_context, whose one thread runs all its handlers.
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::read, shared_from_this()));
  }

 private:
  void read() {
    if (server_.shutting_down) {
      close();
      return;
    }
    parser_.emplace();
    parser_->body_limit(server_.options.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
    // The timeout covers an idle keep-alive wait and a slow or silent client alike; a refused
    // connection gets little time to send the request it will be refused.
    const int timeout_ms = refused_ ? std::min(2000, server_.options.read_timeout_ms)
                                    : server_.options.read_timeout_ms;
    stream_.expires_after(std::chrono::milliseconds(timeout_ms));
    // The header first, so that a client waiting on `Expect: 100-continue` can be told to go
    // on (or refused) before it sends the body.
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t bytes) {
    // A body over the limit is already refused here by the parser (its Content-Length).
    if (ec || parser_->is_done()) {
      on_read(ec, bytes);
      return;
    }
    const auto expect = parser_->get()[bhttp::field::expect];
    if (beast::iequals(expect, "100-continue") && !refused_) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
                          if (write_ec) {
                            self->close();
                            return;
                          }
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (is_disconnect(ec)) {
      close();
      return;
    }
    const auto started = Clock::now();
    ++server_.counters.requests;
    if (ec) {
      Request request;
      request.method = "?";
      request.remote_address = remote_;
      send(read_failure(ec, server_.options), request, false, started);
      return;
    }
    auto request = std::make_shared<Request>();
    const bool keep_alive = parser_->get().keep_alive();
    Response invalid;
    if (!to_request(parser_->get(), remote_, *request, invalid)) {
      send(std::move(invalid), *request, false, started);
      return;
    }
    if (refused_) {
      server_.rejected->at({kRejectConnections}).inc();
      send(overloaded("the server has too many open connections; try again shortly"), *request,
           false, started);
      return;
    }
    // Admission: past max_in_flight the answer is an immediate 503, so that the queue and
    // everyone's latency stay bounded and the server recovers as soon as the burst passes.
    const bool exempt = exempt_from_overload(*request);
    if (!exempt &&
        ++server_.counters.admitted > static_cast<int64_t>(server_.options.max_in_flight)) {
      --server_.counters.admitted;
      server_.rejected->at({kRejectOverload}).inc();
      send(overloaded("the server is busy; try again shortly"), *request, keep_alive, started);
      return;
    }
    ++server_.counters.in_flight;
    auto self = shared_from_this();
    if (server_.inline_dispatch) {
      // A route that runs inline is handled here, on this connection's thread; its answer
      // may come later from the store's thread (an asynchronous write).
      const Respond respond = [self, request, keep_alive, started, exempt](Response response) {
        self->complete(std::move(response), request, keep_alive, started, exempt);
      };
      if (server_.inline_dispatch(*request, respond)) {
        return;
      }
    }
    // Other handlers run on the worker pool; the answer comes back to this connection's thread.
    // A request still queued after queue_timeout_ms is answered without running: its client
    // has likely given up, and running it would only delay the requests behind it.
    WorkerPool::Task task;
    task.run = [self, request, keep_alive, started, exempt] {
      self->complete(self->server_.dispatch(*request), request, keep_alive, started, exempt);
    };
    if (!exempt) {
      task.deadline = started + std::chrono::milliseconds(server_.options.queue_timeout_ms);
      task.expire = [self, request, keep_alive, started] {
        self->server_.rejected->at({kRejectQueueTimeout}).inc();
        self->complete(overloaded("the server is busy; try again shortly"), request, keep_alive,
                       started, false);
      };
    }
    if (!server_.pool.submit(std::move(task), exempt)) {
      --server_.counters.in_flight;
      if (!exempt) {
        --server_.counters.admitted;
      }
      send(overloaded("the server is shutting down"), *request, false, started);
    }
  }

  // Sends the answer on this connection's thread and releases the request's admission.
  void complete(Response response, std::shared_ptr<Request> request, bool keep_alive,
                Clock::time_point started, bool exempt) {
    server_.deliver(context_, [self = shared_from_this(), request, keep_alive, started, exempt,
                               response = std::move(response)]() mutable {
      self->send(std::move(response), *request, keep_alive, started);
      --self->server_.counters.in_flight;
      if (!exempt) {
        --self->server_.counters.admitted;
      }
    });
  }

  void send(Response response, const Request& request, bool keep_alive, Clock::time_point started) {
    keep_alive = keep_alive && !server_.draining && !server_.shutting_down;
    // A 1xx, 204 or 304 answer has no body; an answer to HEAD tells the length of the body
    // a GET would get and sends none (RFC 9110, 6.4.1).
    const int status = response.status;
    const bool no_body = (status >= 100 && status < 200) || status == 204 || status == 304;
    out_body_ = std::move(response.body);
    if (no_body) {
      out_body_.clear();
    }
    // Tell clients how long an idle connection lives, so that they stop reusing it before
    // this server closes it rather than racing the close.
    const int idle_s = keep_alive ? std::max(1, server_.options.read_timeout_ms / 1000 - 1) : 0;
    write_head(out_head_, response, no_body ? std::nullopt : std::optional(out_body_.size()),
               idle_s);
    if (request.method == "HEAD") {
      out_body_.clear();
    }
    server_.record(request, status, started);
    if (server_.access_log) {
      AccessRecord record;
      record.at_ms = Timestamp::now().ms;
      record.remote = request.remote_address;
      record.method = request.method;
      record.path = request.path;
      record.status = status;
      record.micros =
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
      record.bytes = out_body_.size();
      server_.access_log->append(record);
    }
    stream_.expires_after(std::chrono::milliseconds(server_.options.read_timeout_ms));
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(out_head_),
                                                    asio::buffer(out_body_)};
    asio::async_write(stream_, buffers,
                      [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                        if (ec) {
                          self->close();
                        } else if (keep_alive) {
                          self->read();
                        } else {
                          self->drain_and_close();
                        }
                      });
  }

  // After an error answer the client may still be sending its body; half-close and read
  // what remains for a moment so that it sees our answer rather than a reset.
  void drain_and_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (parser_ && parser_->is_done()) {
      close();
      return;
    }
    stream_.expires_after(std::chrono::seconds(2));
    drain_some();
  }

  void drain_some() {
    stream_.async_read_some(asio::buffer(scratch_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > (64u << 20)) {
                                self->close();
                              } else {
                                self->drain_some();
                              }
                            });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Impl& server_;
  size_t context_;        // the index of the io_context the connection lives on
  bool refused_ = false;  // over max_connections: one 503, then close
  std::string remote_;
  std::array<char, 16384> scratch_{};
  size_t drained_ = 0;
  // The answer being written: one at a time, as the next request is read only after it.
  std::string out_head_;
  std::string out_body_;
};

void Server::Impl::accept() {
  const size_t home = next_context;
  next_context = (next_context + 1) % contexts.size();
  acceptor.async_accept(*contexts[home], [this, home](beast::error_code ec, Socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || shutting_down) {
        return;  // the acceptor was closed for shutdown
      }
      // Out of file descriptors (or another transient failure): accepting again at once
      // would fail again at once and spin; pause while connections close.
      accept_timer.expires_after(std::chrono::milliseconds(50));
      accept_timer.async_wait([this](beast::error_code) {
        if (!shutting_down) {
          accept();
        }
      });
      return;
    }
    welcome(std::move(socket), home);
    // Then every connection already waiting, without going back to the event loop for each:
    // accepted one per turn of a loop busy with a thousand connections, the last of a crowd
    // that connects at once waited seconds for their first answer.
    acceptor.non_blocking(true, ec);
    for (int i = 0; i < kAcceptBurst && !ec; ++i) {
      Socket next(*contexts[next_context]);
      acceptor.accept(next, ec);
      if (ec) {
        break;  // would_block: none waiting; a real failure shows again in async_accept
      }
      welcome(std::move(next), next_context);
      next_context = (next_context + 1) % contexts.size();
    }
    accept();
  });
}

void Server::Impl::welcome(Socket socket, size_t context) {
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  std::make_shared<Session>(std::move(socket), context, *this)->start();
}

// Answers finished on other threads (workers, the store's) reach their connection's thread
// through its inbox: one post carries every answer that arrived before the thread took them,
// instead of one post, and one contended lock of the io_context, per answer.
void Server::Impl::deliver(size_t context, std::function<void()> fn) {
  Inbox& inbox = *inboxes[context];
  bool first = false;
  {
    std::lock_guard lock(inbox.mu);
    first = inbox.items.empty();
    inbox.items.push_back(std::move(fn));
  }
  if (first) {
    asio::post(*contexts[context], [&inbox] {
      std::vector<std::function<void()>> items;
      {
        std::lock_guard lock(inbox.mu);
        items.swap(inbox.items);
      }
      for (auto& item : items) {
        item();
      }
    });
  }
}

// Every quarter of the queue timeout (5-250 ms), answers the requests that waited it out.
void Server::Impl::expire_queued() {
  const int tick_ms = std::clamp(options.queue_timeout_ms / 4, 5, 250);
  expiry_timer.expires_after(std::chrono::milliseconds(tick_ms));
  expiry_timer.async_wait([this](beast::error_code ec) {
    if (ec || shutting_down) {
      return;
    }
    pool.expire_overdue(Clock::now());
    expire_queued();
  });
}

void Server::Impl::begin_drain() {
  if (draining.exchange(true)) {
    begin_shutdown();  // asked again: stop draining
    return;
  }
  if (options.on_drain) {
    options.on_drain();
  }
  if (options.drain_ms <= 0) {
    begin_shutdown();
    return;
  }
  poll_left(Clock::now() + std::chrono::milliseconds(options.drain_ms));
}

// Every 50 ms of the drain: once no connection is open, or the drain time is up, shut down.
void Server::Impl::poll_left(Clock::time_point deadline) {
  if (shutting_down) {
    return;
  }
  if (counters.connections == 0 || Clock::now() >= deadline) {
    begin_shutdown();
    return;
  }
  leave_timer.expires_after(std::chrono::milliseconds(50));
  leave_timer.async_wait([this, deadline](beast::error_code) { poll_left(deadline); });
}

void Server::Impl::begin_shutdown() {
  if (shutting_down.exchange(true)) {
    return;
  }
  draining = true;
  leave_timer.cancel();
  beast::error_code ec;
  acceptor.close(ec);
  accept_timer.cancel();
  expiry_timer.cancel();
  poll_drained(Clock::now() + std::chrono::milliseconds(options.shutdown_grace_ms));
}

void Server::Impl::poll_drained(Clock::time_point deadline) {
  if (counters.in_flight == 0 || Clock::now() >= deadline) {
    for (auto& context : contexts) {
      context->stop();
    }
    return;
  }
  drain_timer.expires_after(std::chrono::milliseconds(20));
  drain_timer.async_wait([this, deadline](beast::error_code) { poll_drained(deadline); });
}

ParsedRequest parse_request(std::string_view bytes, const ServerOptions& options) {
  ParsedRequest out;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.body_limit(options.body_limit);
  parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
  beast::error_code ec;
  size_t offset = 0;
  // As bhttp::read does: feed what there is; when the parser wants more than is left, the
  // peer has closed the connection.
  while (!parser.is_done()) {
    const size_t used = parser.put(asio::buffer(bytes.data() + offset, bytes.size() - offset), ec);
    offset += used;
    if (ec == bhttp::error::need_more) {
      ec = {};
    }
    if (ec) {
      break;
    }
    if (!parser.is_done() && (used == 0 || offset >= bytes.size())) {
      if (!parser.got_some()) {
        ec = bhttp::error::end_of_stream;  // as bhttp::read reports a connection closed idle
        break;
      }
      parser.put_eof(ec);
      if (!ec && !parser.is_done()) {
        ec = bhttp::error::partial_message;
      }
      break;
    }
  }
  if (ec) {
    if (!is_disconnect(ec)) {
      out.error = read_failure(ec, options);
    }
    return out;
  }
  out.keep_alive = parser.get().keep_alive();
  Request request;
  Response invalid;
  if (!to_request(parser.get(), "127.0.0.1", request, invalid)) {
    out.error = std::move(invalid);
    return out;
  }
  out.request = std::move(request);
  return out;
}

bool exempt_from_overload(const Request& request) {
  return (request.method == "GET" || request.method == "HEAD") &&
         (request.path == "/api/v1/health" || request.path == "/api/v1/ready" ||
          request.path == "/metrics");
}

Server::Server(ServerOptions options, Dispatch dispatch, InlineDispatch inline_dispatch)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dispatch),
                                   std::move(inline_dispatch))) {}

Server::~Server() { impl_->pool.shutdown(); }

uint16_t Server::listen() {
  // Each connection is a file descriptor: raise the soft limit to the hard one and keep the
  // connection limit below it, with room for the database, its pool and log files.
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    if (limit.rlim_cur < limit.rlim_max) {
      rlimit raised = limit;
      raised.rlim_cur = limit.rlim_max;
      if (setrlimit(RLIMIT_NOFILE, &raised) == 0) {
        limit = raised;
      }
    }
    if (limit.rlim_cur != RLIM_INFINITY) {
      const size_t usable = limit.rlim_cur > 256 ? limit.rlim_cur - 128 : limit.rlim_cur / 2;
      impl_->options.max_connections = std::min(impl_->options.max_connections, usable);
    }
  }
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) {
    throw std::runtime_error("bad listen address: " + impl_->options.address);
  }
  tcp::endpoint endpoint(address, impl_->options.port);
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + impl_->options.address + ":" +
                             std::to_string(impl_->options.port) + ": " + ec.message());
  }
  return impl_->acceptor.local_endpoint().port();
}

void Server::run() {
  Impl& impl = *impl_;
  // The first signal starts the drain; a second one ends it at once.
  impl.signals.async_wait([&impl](beast::error_code ec, int) {
    if (ec) {
      return;
    }
    impl.begin_drain();
    impl.signals.async_wait([&impl](beast::error_code again, int) {
      if (!again) {
        impl.begin_drain();
      }
    });
  });
  impl.accept();
  impl.expire_queued();
  // The other contexts have nothing to do until a connection arrives: the guards keep
  // their threads running until shutdown stops them.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::vector<std::thread> threads;
  for (size_t i = 1; i < impl.contexts.size(); ++i) {
    asio::io_context& context = *impl.contexts[i];
    guards.push_back(asio::make_work_guard(context));
    threads.push_back(
        start_named_thread("gh-io-" + std::to_string(i), [&context] { context.run(); }));
  }
  name_this_thread("gh-io-0");
  impl.ioc.run();
  for (auto& context : impl.contexts) {
    context->stop();
  }
  for (auto& thread : threads) {
    thread.join();
  }
  // Handlers still running past the grace period finish before the pool is gone.
  impl.pool.shutdown();
}

void Server::stop() {
  asio::post(impl_->ioc, [impl = impl_.get()] { impl->begin_drain(); });
}

const ServerCounters& Server::counters() const { return impl_->counters; }

}  // namespace gonghui::http
