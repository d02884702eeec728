#include "http/server.hpp"

#include <gtest/gtest.h>

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
  request.path = "/metrics";
  EXPECT_TRUE(exempt_from_overload(request));
  request.method = "POST";
  EXPECT_FALSE(exempt_from_overload(request));
  request.method = "GET";
  request.path = "/api/v1/campaigns";
  EXPECT_FALSE(exempt_from_overload(request));
}

}  // namespace
}  // namespace gonghui::http
