#include "http/server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gonghui::http {
namespace {

TEST(ParseRequestTest, ReadsARequestAsAConnectionWould) {
  ServerOptions options;
  auto parsed = parse_request(
      "POST /api/v1/things?limit=5&q=%E8%8D%89 HTTP/1.1\r\nHost: x\r\nContent-Type: "
      "application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}",
      options);
  ASSERT_TRUE(parsed.request.has_value());
  EXPECT_FALSE(parsed.error.has_value());
  EXPECT_TRUE(parsed.keep_alive);
  EXPECT_EQ(parsed.request->method, "POST");
  EXPECT_EQ(parsed.request->path, "/api/v1/things");
  EXPECT_EQ(parsed.request->query_param("q"), "草");
  EXPECT_EQ(parsed.request->header("content-type"), "application/json");
  EXPECT_EQ(parsed.request->body, "{\"a\":1}");
}

TEST(ParseRequestTest, AnswersMalformedAndOversizedRequestsLikeTheServer) {
  ServerOptions options;
  options.body_limit = 10;
  options.header_limit = 256;
  auto garbage = parse_request("GARBAGE\r\n\r\n", options);
  ASSERT_TRUE(garbage.error.has_value());
  EXPECT_EQ(garbage.error->status, 400);
  auto big_body =
      parse_request("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n01234567890", options);
  ASSERT_TRUE(big_body.error.has_value());
  EXPECT_EQ(big_body.error->status, 413);
  auto big_header =
      parse_request("GET / HTTP/1.1\r\nX: " + std::string(400, 'a') + "\r\n\r\n", options);
  ASSERT_TRUE(big_header.error.has_value());
  EXPECT_EQ(big_header.error->status, 431);
  auto bad_target = parse_request("GET nopath HTTP/1.1\r\n\r\n", options);
  ASSERT_TRUE(bad_target.error.has_value());
  EXPECT_EQ(bad_target.error->status, 400);
  // A request cut short is a 400; nothing at all is a closed connection, owed no answer.
  auto partial = parse_request("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab", options);
  ASSERT_TRUE(partial.error.has_value());
  EXPECT_EQ(partial.error->status, 400);
  auto nothing = parse_request("", options);
  EXPECT_FALSE(nothing.error.has_value());
  EXPECT_FALSE(nothing.request.has_value());
}

TEST(ParseRequestTest, OnlyHealthAndMetricsReadsAreExemptFromOverload) {
  Request request;
  request.method = "GET";
  request.path = "/api/v1/health";
  EXPECT_TRUE(exempt_from_overload(request));
  request.path = "/api/v1/ready";
  EXPECT_TRUE(exempt_from_overload(request));
  request.path = "/metrics";
  EXPECT_TRUE(exempt_from_overload(request));
  request.method = "POST";
  EXPECT_FALSE(exempt_from_overload(request));
  request.method = "GET";
  request.path = "/api/v1/campaigns";
  EXPECT_FALSE(exempt_from_overload(request));
}

// Opens a connection to the server and sends one request; the descriptor stays open.
int send_request(uint16_t port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  EXPECT_EQ(::send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
  return fd;
}

// An ephemeral loopback port, one handler thread, no access log.
ServerOptions one_worker_on_loopback() {
  ServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.workers = 1;
  options.access_log = false;
  return options;
}

// With every worker busy, health checks wait for one in the order they came: a flood of
// them must not starve the first.
TEST(ServerTest, HealthChecksWaitingForAWorkerRunInArrivalOrder) {
  std::mutex mu;
  std::condition_variable cv;
  bool blocking = false, release = false;
  std::vector<std::string> order;
  const ServerOptions options = one_worker_on_loopback();
  Server server(options, [&](Request& request) {
    std::unique_lock lock(mu);
    if (request.path == "/slow") {
      blocking = true;
      cv.notify_all();
      cv.wait(lock, [&] { return release; });
    } else {
      order.emplace_back(request.query_param("n").value_or(""));
    }
    return Response::json(200, boost::json::object{});
  });
  const uint16_t port = server.listen();
  std::thread serving([&] { server.run(); });
  std::vector<int> fds;
  fds.push_back(send_request(port, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return blocking; });
  }
  for (int n = 1; n <= 4; ++n) {
    fds.push_back(send_request(
        port, "GET /api/v1/health?n=" + std::to_string(n) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::this_thread::sleep_for(std::chrono::milliseconds(30));  // read and queued in turn
  }
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  for (int fd : fds) {
    char buffer[512];
    EXPECT_GT(::recv(fd, buffer, sizeof(buffer), 0), 0);
    ::close(fd);
  }
  server.stop();
  serving.join();
  EXPECT_EQ(order, (std::vector<std::string>{"1", "2", "3", "4"}));
}

// A request taken by the inline dispatch is answered on the I/O thread, even after its
// handler has returned and from another thread (an asynchronous write), while the only
// worker is blocked.
TEST(ServerTest, InlineRequestsAreAnsweredWhileEveryWorkerIsBlocked) {
  std::mutex mu;
  std::condition_variable cv;
  bool blocking = false, release = false;
  std::thread::id worker;
  std::vector<std::thread::id> inline_threads;
  std::vector<std::thread> answerers;
  const ServerOptions options = one_worker_on_loopback();
  Server server(
      options,
      [&](Request&) {
        std::unique_lock lock(mu);
        worker = std::this_thread::get_id();
        blocking = true;
        cv.notify_all();
        cv.wait(lock, [&] { return release; });
        return Response::json(200, boost::json::object{{"from", "worker"}});
      },
      [&](Request& request, const Respond& respond) {
        if (request.path != "/inline") {
          return false;
        }
        std::lock_guard lock(mu);
        inline_threads.push_back(std::this_thread::get_id());
        answerers.emplace_back([respond] {
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          respond(Response::json(201, boost::json::object{{"from", "inline"}}));
        });
        return true;
      });
  const uint16_t port = server.listen();
  std::thread serving([&] { server.run(); });
  const int slow = send_request(port, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return blocking; });
  }
  for (int n = 0; n < 3; ++n) {
    const int fd =
        send_request(port, "POST /inline HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    char buffer[512];
    const ssize_t got = ::recv(fd, buffer, sizeof(buffer), 0);
    ASSERT_GT(got, 0);
    const std::string answer(buffer, static_cast<size_t>(got));
    EXPECT_EQ(answer.rfind("HTTP/1.1 201", 0), 0u) << answer;
    EXPECT_NE(answer.find(R"({"from":"inline"})"), std::string::npos) << answer;
    ::close(fd);
  }
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  char buffer[512];
  EXPECT_GT(::recv(slow, buffer, sizeof(buffer), 0), 0);
  ::close(slow);
  server.stop();
  serving.join();
  for (auto& thread : answerers) {
    thread.join();
  }
  ASSERT_EQ(inline_threads.size(), 3u);
  for (const auto& id : inline_threads) {
    EXPECT_NE(id, worker);
  }
}

// Reads from fd until the peer closes it (or 2 s pass) and returns all of it.
std::string read_until_closed(int fd) {
  timeval timeout{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  std::string out;
  char buffer[4096];
  for (;;) {
    const ssize_t got = ::recv(fd, buffer, sizeof(buffer), 0);
    if (got <= 0) {
      return out;
    }
    out.append(buffer, static_cast<size_t>(got));
  }
}

// The bytes of each answer on one kept-alive connection: status line, headers, length and
// body; HEAD and 204 get no body; a header value cannot break the framing.
TEST(ServerTest, AnswersAreFramedAsHttp11) {
  const ServerOptions options = one_worker_on_loopback();
  Server server(options, [&](Request& request) {
    if (request.path == "/empty") {
      Response response;
      response.status = 204;
      response.content_type.clear();
      return response;
    }
    Response response;
    response.status = 200;
    response.content_type = "text/plain";
    response.body = "hello";
    response.set_header("X-Bad", "a\r\nSet-Cookie: stolen=1");
    return response;
  });
  const uint16_t port = server.listen();
  std::thread serving([&] { server.run(); });
  const int fd = send_request(port,
                              "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
                              "HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n"
                              "DELETE /empty HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string answers = read_until_closed(fd);
  ::close(fd);
  server.stop();
  serving.join();
  const int idle_s = options.read_timeout_ms / 1000 - 1;
  const std::string kept = "Keep-Alive: timeout=" + std::to_string(idle_s) + "\r\n";
  const std::string hello_head =
      "HTTP/1.1 200 OK\r\nServer: gonghui\r\nContent-Type: text/plain\r\n"
      "X-Bad: a  Set-Cookie: stolen=1\r\n" +
      kept + "Content-Length: 5\r\n\r\n";
  EXPECT_EQ(answers, hello_head + "hello" + hello_head +
                         "HTTP/1.1 204 No Content\r\nServer: gonghui\r\nConnection: close\r\n\r\n");
}

// A stop first drains: the server says so (on_drain), keeps accepting and answering, and
// closes each connection after its answer, so that a proxy never has a request it sent cut
// off; once no connection is open the drain ends early and run() returns.
TEST(ServerTest, AStopDrainsWithConnectionCloseBeforeItStopsAccepting) {
  ServerOptions options = one_worker_on_loopback();
  options.drain_ms = 60000;
  std::atomic<bool> drained{false};
  options.on_drain = [&] { drained = true; };
  Server server(options, [&](Request&) {
    Response response;
    response.status = 200;
    response.content_type = "text/plain";
    response.body = "ok";
    return response;
  });
  const uint16_t port = server.listen();
  std::thread serving([&] { server.run(); });
  // A kept-alive connection, answered once before the stop.
  const int kept = send_request(port, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
  char buffer[1024];
  const ssize_t first = ::recv(kept, buffer, sizeof(buffer), 0);
  ASSERT_GT(first, 0);
  EXPECT_NE(std::string(buffer, static_cast<size_t>(first)).find("Keep-Alive"), std::string::npos);
  server.stop();
  for (int i = 0; i < 100 && !drained; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(drained);
  // The kept-alive connection is still served, and closed after its answer.
  const std::string second = "GET /b HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(::send(kept, second.data(), second.size(), 0), static_cast<ssize_t>(second.size()));
  const std::string on_kept = read_until_closed(kept);
  ::close(kept);
  EXPECT_EQ(on_kept.rfind("HTTP/1.1 200 OK", 0), 0u) << on_kept;
  EXPECT_NE(on_kept.find("Connection: close"), std::string::npos) << on_kept;
  // A new connection during the drain is still accepted and answered, with Connection: close.
  const int fresh = send_request(port, "GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string on_fresh = read_until_closed(fresh);
  ::close(fresh);
  EXPECT_EQ(on_fresh.rfind("HTTP/1.1 200 OK", 0), 0u) << on_fresh;
  EXPECT_NE(on_fresh.find("Connection: close"), std::string::npos) << on_fresh;
  // With no connection left open, the drain ends long before its 60 s.
  const auto started = std::chrono::steady_clock::now();
  serving.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

}  // namespace
}  // namespace gonghui::http
