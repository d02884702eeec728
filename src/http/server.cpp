// Beast/Asio connection handling. This is the only translation unit that includes Beast.
#include "http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

#include "core/json.hpp"
#include "core/time.hpp"

namespace gonghui::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// A fixed pool of handler threads with a bounded queue. Handlers may block on the store;
// I/O threads never do.
class WorkerPool {
 public:
  WorkerPool(int threads, size_t max_queue) : max_queue_(max_queue) {
    for (int i = 0; i < threads; ++i) {
      threads_.emplace_back([this] { loop(); });
    }
  }
  ~WorkerPool() { shutdown(); }

  // False if the queue is full: the caller answers 503 instead of queueing without bound.
  bool submit(std::function<void()> task) {
    {
      std::lock_guard lock(mu_);
      if (stopping_ || tasks_.size() >= max_queue_) {
        return false;
      }
      tasks_.push_back(std::move(task));
    }
    cv_.notify_one();
    return true;
  }

  void shutdown() {
    {
      std::lock_guard lock(mu_);
      if (stopping_) {
        return;
      }
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& thread : threads_) {
      thread.join();
    }
  }

 private:
  void loop() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty()) {
          return;
        }
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  const size_t max_queue_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;  // GUARDED_BY(mu_)
  bool stopping_ = false;                    // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

std::string method_string(const bhttp::request<bhttp::string_body>& request) {
  return std::string(request.method_string());
}

void write_access_log(const Request& request, int status, size_t bytes, int64_t micros) {
  boost::json::object line;
  line["ts"] = format_rfc3339(Timestamp::now());
  line["remote"] = request.remote_address;
  line["method"] = request.method;
  line["path"] = request.path;
  line["status"] = status;
  line["us"] = micros;
  line["bytes"] = bytes;
  std::string text = json::to_string(line);
  text += '\n';
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  Impl(ServerOptions opts, Dispatch fn)
      : options(std::move(opts)),
        dispatch(std::move(fn)),
        ioc(options.io_threads),
        acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM),
        drain_timer(ioc),
        pool(options.workers, options.max_queue) {}

  class Session;
  void accept();
  void begin_shutdown();
  void poll_drained(Clock::time_point deadline);

  ServerOptions options;
  Dispatch dispatch;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer drain_timer;
  WorkerPool pool;
  ServerCounters counters;
  std::atomic<bool> shutting_down{false};
};

class Server::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Impl& server)
      : stream_(std::move(socket)), server_(server) {
    ++server_.counters.connections;
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    remote_ = ec ? std::string() : endpoint.address().to_string();
  }
  ~Session() { --server_.counters.connections; }

  void start() {
    // The strand serialises this connection's handlers across the I/O threads.
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
    // The timeout covers an idle keep-alive wait and a slow or silent client alike.
    stream_.expires_after(std::chrono::milliseconds(server_.options.read_timeout_ms));
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
        ec == asio::error::eof) {
      close();
      return;
    }
    if (ec) {
      // Unreadable requests get one answer, then the connection closes.
      int status = 400;
      std::string code = "bad_request";
      std::string message = "the request could not be parsed: " + ec.message();
      if (ec == bhttp::error::body_limit) {
        status = 413;
        code = "payload_too_large";
        message = "the request body exceeds " + std::to_string(server_.options.body_limit) +
                  " bytes";
      } else if (ec == bhttp::error::header_limit) {
        status = 431;
        code = "header_too_large";
        message = "the request line and headers exceed " +
                  std::to_string(server_.options.header_limit) + " bytes";
      }
      Response response = Response::error(Error{ErrorKind::kInvalidArgument, code, message, {}});
      response.status = status;
      Request request;
      request.method = "?";
      request.remote_address = remote_;
      send(std::move(response), request, false, Clock::now());
      return;
    }
    auto& raw = parser_->get();
    auto request = std::make_shared<Request>();
    request->method = method_string(raw);
    request->target = std::string(raw.target());
    request->remote_address = remote_;
    for (const auto& field : raw) {
      std::string name(field.name_string());
      for (char& c : name) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      request->headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request->body = std::move(raw.body());
    const bool keep_alive = raw.keep_alive();
    const auto started = Clock::now();
    ++server_.counters.requests;
    if (!parse_target(request->target, request->path, request->query)) {
      Response response = Response::error(
          Error::invalid("", "bad_request", "the request target is not a valid path"));
      send(std::move(response), *request, false, started);
      return;
    }
    ++server_.counters.in_flight;
    // Handlers run on the worker pool; the answer comes back to this connection's strand.
    auto self = shared_from_this();
    const bool queued = server_.pool.submit([self, request, keep_alive, started] {
      Response response = self->server_.dispatch(*request);
      asio::post(self->stream_.get_executor(),
                 [self, request, keep_alive, started, response = std::move(response)]() mutable {
                   self->send(std::move(response), *request, keep_alive, started);
                   --self->server_.counters.in_flight;
                 });
    });
    if (!queued) {
      --server_.counters.in_flight;
      ++server_.counters.rejected_overload;
      Response response = Response::error(Error{ErrorKind::kUnavailable, "overloaded",
                                                "the server is busy; try again shortly", {}});
      response.set_header("Retry-After", "1");
      send(std::move(response), *request, keep_alive, started);
    }
  }

  void send(Response response, const Request& request, bool keep_alive, Clock::time_point started) {
    keep_alive = keep_alive && !server_.shutting_down;
    auto message = std::make_shared<bhttp::response<bhttp::string_body>>();
    message->version(11);
    message->result(static_cast<unsigned>(response.status));
    message->set(bhttp::field::server, "gonghui");
    message->set(bhttp::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) {
      message->insert(name, value);
    }
    message->body() = std::move(response.body);
    message->keep_alive(keep_alive);
    if (keep_alive) {
      // Tell clients how long an idle connection lives, so that they stop reusing it
      // before this server closes it rather than racing the close.
      const int idle_s = std::max(1, server_.options.read_timeout_ms / 1000 - 1);
      message->set(bhttp::field::keep_alive, "timeout=" + std::to_string(idle_s));
    }
    message->prepare_payload();
    if (server_.options.access_log) {
      const int64_t micros =
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
      write_access_log(request, response.status, message->body().size(), micros);
    }
    stream_.expires_after(std::chrono::milliseconds(server_.options.read_timeout_ms));
    bhttp::async_write(stream_, *message,
                       [self = shared_from_this(), message, keep_alive](beast::error_code ec,
                                                                        std::size_t) {
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
    stream_.async_read_some(
        asio::buffer(scratch_),
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

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Impl& server_;
  std::string remote_;
  std::array<char, 16384> scratch_{};
  size_t drained_ = 0;
};

void Server::Impl::accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || shutting_down) {
        return;  // the acceptor was closed for shutdown
      }
    } else {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(socket), *this)->start();
    }
    accept();
  });
}

void Server::Impl::begin_shutdown() {
  if (shutting_down.exchange(true)) {
    return;
  }
  beast::error_code ec;
  acceptor.close(ec);
  poll_drained(Clock::now() + std::chrono::milliseconds(options.shutdown_grace_ms));
}

void Server::Impl::poll_drained(Clock::time_point deadline) {
  if (counters.in_flight == 0 || Clock::now() >= deadline) {
    ioc.stop();
    return;
  }
  drain_timer.expires_after(std::chrono::milliseconds(20));
  drain_timer.async_wait([this, deadline](beast::error_code) { poll_drained(deadline); });
}

Server::Server(ServerOptions options, Dispatch dispatch)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dispatch))) {}

Server::~Server() {
  impl_->pool.shutdown();
}

uint16_t Server::listen() {
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
  impl.signals.async_wait([&impl](beast::error_code ec, int) {
    if (!ec) {
      impl.begin_shutdown();
    }
  });
  impl.accept();
  std::vector<std::thread> threads;
  for (int i = 1; i < impl.options.io_threads; ++i) {
    threads.emplace_back([&impl] { impl.ioc.run(); });
  }
  impl.ioc.run();
  for (auto& thread : threads) {
    thread.join();
  }
  // Handlers still running past the grace period finish before the pool is gone.
  impl.pool.shutdown();
}

void Server::stop() {
  asio::post(impl_->ioc, [impl = impl_.get()] { impl->begin_shutdown(); });
}

const ServerCounters& Server::counters() const { return impl_->counters; }

}  // namespace gonghui::http
