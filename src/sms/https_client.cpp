// HTTPS POST over Beast: resolve, connect, TLS with SNI and host-name check, write, read.
#include "sms/https_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <chrono>

namespace gonghui::sms {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

Error unavailable(std::string message) {
  return Error{ErrorKind::kUnavailable, "sms_unavailable", std::move(message), {}};
}

// Runs one asynchronous operation to its end on `io` and returns its error. Each operation
// is asynchronous only so that the stream's deadline (expires_after) applies to it.
template <class Start>
beast::error_code run(asio::io_context& io, Start start) {
  beast::error_code result;
  start([&result](beast::error_code ec, auto&&...) { result = ec; });
  io.restart();
  io.run();
  return result;
}

}  // namespace

std::string https_host(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || parsed->scheme() != "https" || parsed->host().empty()) {
    return "";
  }
  return std::string(parsed->encoded_host_and_port());
}

Result<HttpsReply> https_post(const HttpsPost& post) {
  auto parsed = boost::urls::parse_uri(post.url);
  if (!parsed || parsed->scheme() != "https" || parsed->host().empty()) {
    return unavailable("the SMS endpoint is not an https URL");
  }
  const std::string host = parsed->host();
  const std::string port = parsed->has_port() ? std::string(parsed->port()) : "443";
  const std::string target =
      parsed->encoded_path().empty() ? std::string("/") : std::string(parsed->encoded_path());

  asio::io_context io;
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths();
  beast::error_code ec;
  if (!post.ca_file.empty()) {
    tls.load_verify_file(post.ca_file, ec);
    if (ec) {
      return unavailable("cannot read the SMS CA file " + post.ca_file);
    }
  }
  tls.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, tls);
  stream.set_verify_callback(asio::ssl::host_name_verification(host));
  if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str())) {
    return unavailable("cannot set the TLS server name");
  }
  const auto deadline = std::chrono::milliseconds(post.timeout_ms);

  asio::ip::tcp::resolver resolver(io);
  asio::ip::tcp::resolver::results_type addresses;
  ec = run(io, [&](auto done) {
    resolver.async_resolve(host, port, [&, done](beast::error_code e, auto results) {
      addresses = results;
      done(e);
    });
  });
  if (ec) {
    return unavailable("cannot resolve " + host + ": " + ec.message());
  }
  beast::get_lowest_layer(stream).expires_after(deadline);
  ec = run(io, [&](auto done) { beast::get_lowest_layer(stream).async_connect(addresses, done); });
  if (ec) {
    return unavailable("cannot connect to " + host + ": " + ec.message());
  }
  ec = run(io, [&](auto done) { stream.async_handshake(asio::ssl::stream_base::client, done); });
  if (ec) {
    return unavailable("TLS handshake with " + host + " failed: " + ec.message());
  }

  bhttp::request<bhttp::string_body> request(bhttp::verb::post, target, 11);
  request.set(bhttp::field::host, https_host(post.url));
  request.set(bhttp::field::user_agent, "gonghui");
  for (const auto& [name, value] : post.headers) {
    request.set(name, value);
  }
  request.body() = post.body;
  request.prepare_payload();
  ec = run(io, [&](auto done) { bhttp::async_write(stream, request, done); });
  if (ec) {
    return unavailable("cannot send to " + host + ": " + ec.message());
  }
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(1 << 20);
  ec = run(io, [&](auto done) { bhttp::async_read(stream, buffer, parser, done); });
  if (ec) {
    return unavailable("no answer from " + host + ": " + ec.message());
  }
  HttpsReply reply;
  reply.status = static_cast<int>(parser.get().result_int());
  reply.body = std::move(parser.get().body());
  // The connection is dropped without a TLS close_notify: the answer is complete already.
  return reply;
}

}  // namespace gonghui::sms
