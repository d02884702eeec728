#include "http/router.hpp"

#include "core/json.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace gonghui::http {
namespace {

Request make(std::string method, std::string path, std::string body = {},
             std::string content_type = "application/json") {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.body = std::move(body);
  if (!content_type.empty()) {
    request.headers.emplace_back("content-type", content_type);
  }
  return request;
}

std::string error_code(const Response& response) {
  return std::string(boost::json::parse(response.body).at("error").at("code").as_string());
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add("GET", "/api/v1/things/{id}", Access::public_route(), [](Request& r) {
      return Response::ok(boost::json::object{{"id", r.params["id"]}});
    });
    router_.add("GET", "/api/v1/things/special", Access::public_route(), [](Request&) {
      return Response::ok(boost::json::object{{"special", true}});
    });
    router_.add("POST", "/api/v1/things", Access::public_route(),
                [](Request& r) { return Response::json(201, r.json); });
    router_.add("POST", "/api/v1/admin", Access::of({Role::kPlatformAdmin}),
                [](Request&) { return Response::ok(boost::json::object{}); });
    router_.add("POST", "/api/v1/boom", Access::public_route(),
                [](Request&) -> Response { throw std::runtime_error("boom"); });
  }
  Router router_;
};

TEST_F(RouterTest, MatchesPathParametersAndPrefersLiterals) {
  auto request = make("GET", "/api/v1/things/42");
  EXPECT_EQ(router_.dispatch(request).body, R"({"id":"42"})");
  auto special = make("GET", "/api/v1/things/special");
  EXPECT_EQ(router_.dispatch(special).body, R"({"special":true})");
}

TEST_F(RouterTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  auto missing = make("GET", "/api/v1/nothing");
  EXPECT_EQ(router_.dispatch(missing).status, 404);
  auto wrong = make("DELETE", "/api/v1/things");
  Response response = router_.dispatch(wrong);
  EXPECT_EQ(response.status, 405);
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "Allow");
  EXPECT_EQ(response.headers[0].second, "POST");
}

TEST_F(RouterTest, ChecksBodyBeforeHandler) {
  auto bad_json = make("POST", "/api/v1/things", "{\"a\":");
  Response r1 = router_.dispatch(bad_json);
  EXPECT_EQ(r1.status, 400);
  EXPECT_EQ(error_code(r1), "invalid_json");
  auto bad_type = make("POST", "/api/v1/things", "a=1", "application/x-www-form-urlencoded");
  EXPECT_EQ(router_.dispatch(bad_type).status, 415);
  auto bad_utf8 = make("POST", "/api/v1/things", "{\"a\":\"\xfe\"}");
  Response r3 = router_.dispatch(bad_utf8);
  EXPECT_EQ(r3.status, 400);
  EXPECT_EQ(error_code(r3), "invalid_utf8");
  auto good = make("POST", "/api/v1/things", "{\"a\":1}", "application/json; charset=utf-8");
  EXPECT_EQ(router_.dispatch(good).status, 201);
}

TEST_F(RouterTest, DeniesUndeclaredRolesAndAnonymousCallers) {
  auto anonymous = make("POST", "/api/v1/admin");
  EXPECT_EQ(router_.dispatch(anonymous).status, 401);
  router_.set_authenticator([](const Request&) -> Result<std::optional<Principal>> {
    Principal principal;
    principal.roles.push_back({Role::kMember, 1, 0, 1});
    return std::optional<Principal>(principal);
  });
  auto member = make("POST", "/api/v1/admin");
  EXPECT_EQ(router_.dispatch(member).status, 403);
}

TEST_F(RouterTest, CookieWritesNeedMatchingCsrfToken) {
  router_.set_authenticator([](const Request&) -> Result<std::optional<Principal>> {
    Principal principal;
    principal.via_cookie = true;
    principal.csrf = "abc";
    principal.roles.push_back({Role::kPlatformAdmin, 1, 0, 0});
    return std::optional<Principal>(principal);
  });
  auto without = make("POST", "/api/v1/admin");
  without.headers.emplace_back("cookie", "gonghui_session=s; gonghui_csrf=abc");
  Response denied = router_.dispatch(without);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(error_code(denied), "csrf_failed");
  auto with = make("POST", "/api/v1/admin");
  with.headers.emplace_back("cookie", "gonghui_session=s; gonghui_csrf=abc");
  with.headers.emplace_back("x-csrf-token", "abc");
  EXPECT_EQ(router_.dispatch(with).status, 200);
}

TEST_F(RouterTest, ThrowingHandlerBecomes500WithoutItsMessage) {
  auto request = make("POST", "/api/v1/boom");
  Response answer = router_.dispatch(request);
  EXPECT_EQ(answer.status, 500);
  EXPECT_EQ(error_code(answer), "internal");
  // What failed inside is for the server's log, not for the client.
  EXPECT_EQ(answer.body.find("boom"), std::string::npos) << answer.body;
}

TEST(ResponseTest, AnInternalErrorKeepsItsDetailsFromTheClient) {
  Response answer = Response::error(
      Error{ErrorKind::kInternal, "sqlite_error", "no such column: secret_x in SELECT …", {}});
  EXPECT_EQ(answer.status, 500);
  EXPECT_EQ(answer.body.find("secret_x"), std::string::npos) << answer.body;
  EXPECT_EQ(answer.body.find("sqlite"), std::string::npos) << answer.body;
  // Other kinds still name the problem for the caller.
  Response refused = Response::error(Error::invalid("title", "required", "title is required"));
  EXPECT_NE(refused.body.find("title is required"), std::string::npos);
}

// Inline routes are handled by dispatch_inline, all others left to dispatch on a worker; an
// asynchronous handler's later answer is what dispatch returns.
TEST(RouterInlineTest, OnlyInlineRoutesRunOnTheIoThreadAndAsyncAnswersAreWaitedFor) {
  Router router;
  int worker_runs = 0;
  router.add("GET", "/api/v1/blocking", Access::public_route(), [&](Request&) {
    ++worker_runs;
    return Response::ok(boost::json::object{});
  });
  router.add(
      "GET", "/api/v1/quick", Access::public_route(),
      [](Request&) {
        return Response::ok(boost::json::object{{"quick", true}});
      },
      Body::kJson, Runs::kInline);
  router.add_async(
      "POST", "/api/v1/later", Access::signed_in(),
      [](Request& request, Respond respond) {
        // Answered from another thread, as the store answers an asynchronous write.
        std::thread([body = request.body, respond] {
          respond(Response::json(201, boost::json::parse(body)));
        }).detach();
      },
      Runs::kInline);
  std::vector<Response> answers;
  std::mutex mu;
  std::condition_variable cv;
  const Respond respond = [&](Response response) {
    std::lock_guard lock(mu);
    answers.push_back(std::move(response));
    cv.notify_all();
  };

  auto blocking = make("GET", "/api/v1/blocking");
  EXPECT_FALSE(router.dispatch_inline(blocking, respond));
  auto missing = make("GET", "/api/v1/nothing");
  EXPECT_FALSE(router.dispatch_inline(missing, respond));  // the worker answers the 404
  EXPECT_EQ(worker_runs, 0);

  auto quick = make("GET", "/api/v1/quick");
  EXPECT_TRUE(router.dispatch_inline(quick, respond));
  // The access checks come first: an anonymous caller is answered 401 without the handler.
  auto anonymous = make("POST", "/api/v1/later", "{\"n\":1}");
  EXPECT_TRUE(router.dispatch_inline(anonymous, respond));
  {
    std::lock_guard lock(mu);
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[0].body, R"({"quick":true})");
    EXPECT_EQ(answers[1].status, 401);
  }

  router.set_authenticator([](const Request&) -> Result<std::optional<Principal>> {
    return std::optional<Principal>(Principal{});
  });
  auto later = make("POST", "/api/v1/later", "{\"n\":2}");
  EXPECT_TRUE(router.dispatch_inline(later, respond));
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return answers.size() == 3; });
    EXPECT_EQ(answers[2].status, 201);
    EXPECT_EQ(answers[2].body, R"({"n":2})");
  }
  // On a worker (PostgreSQL has no asynchronous writes) the same handler is waited for.
  auto waited = make("POST", "/api/v1/later", "{\"n\":3}");
  Response response = router.dispatch(waited);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, R"({"n":3})");
}

TEST(RouterInlineTest, AThrowingAsyncHandlerIsAnswered500Once) {
  Router router;
  router.add_async(
      "POST", "/api/v1/boom", Access::public_route(),
      [](Request&, Respond respond) {
        respond(Response::json(201, boost::json::object{}));
        throw std::runtime_error("after answering");
      },
      Runs::kInline);
  router.add_async(
      "POST", "/api/v1/boom-first", Access::public_route(),
      [](Request&, Respond) { throw std::runtime_error("before answering"); }, Runs::kInline);
  std::vector<int> statuses;
  const Respond respond = [&](Response response) { statuses.push_back(response.status); };
  auto after = make("POST", "/api/v1/boom");
  EXPECT_TRUE(router.dispatch_inline(after, respond));
  auto before = make("POST", "/api/v1/boom-first");
  EXPECT_TRUE(router.dispatch_inline(before, respond));
  EXPECT_EQ(statuses, (std::vector<int>{201, 500}));
}

TEST(ParseTargetTest, DecodesPathAndQuery) {
  std::string path;
  Fields query;
  ASSERT_TRUE(parse_target("/api/v1/search?q=%E8%91%A1%E8%90%84&limit=5", path, query));
  EXPECT_EQ(path, "/api/v1/search");
  ASSERT_EQ(query.size(), 2u);
  EXPECT_EQ(query[0].second, "葡萄");
  EXPECT_FALSE(parse_target("http://x/%zz", path, query));
}

}  // namespace
}  // namespace gonghui::http

namespace gonghui::http {
namespace {

TEST(RouterMetricsTokenTest, ScraperTokenOrPlatformAdminMayReadMetrics) {
  Router router;
  router.add("GET", "/metrics", Access::metrics_scraper_or({Role::kPlatformAdmin}), [](Request&) {
    return Response::ok(boost::json::object{{"ok", true}});
  });
  // Sessions: "admin" is a platform admin, "member" a member; anything else is invalid.
  router.set_authenticator([](const Request& request) -> Result<std::optional<Principal>> {
    auto header = request.header("authorization");
    if (!header) return std::optional<Principal>{};
    Principal principal;
    if (*header == "Bearer admin") {
      principal.roles.push_back({Role::kPlatformAdmin});
    } else if (*header == "Bearer member") {
      principal.roles.push_back({Role::kMember});
    } else {
      return Error{ErrorKind::kUnauthenticated, "session_invalid", "no such session", {}};
    }
    return std::optional<Principal>(principal);
  });
  auto call = [&router](std::string authorization) {
    Request request;
    request.method = "GET";
    request.path = "/metrics";
    if (!authorization.empty()) request.headers.emplace_back("authorization", authorization);
    return router.dispatch(request).status;
  };
  EXPECT_EQ(call(""), 401);
  EXPECT_EQ(call("Bearer member"), 403);
  EXPECT_EQ(call("Bearer admin"), 200);
  EXPECT_EQ(call("Bearer scrape-secret"), 401);  // no token configured: not a way in
  router.set_metrics_token("scrape-secret");
  EXPECT_EQ(call("Bearer scrape-secret"), 200);
  EXPECT_EQ(call("Bearer scrape-secreT"), 401);
  EXPECT_EQ(call("Bearer scrape-secret2"), 401);
  EXPECT_EQ(call("Bearer admin"), 200);
  EXPECT_EQ(router.routes()[0].access.describe(), "platform_admin,metrics_token");
}

}  // namespace
}  // namespace gonghui::http

namespace gonghui::http {
namespace {

// Found by fuzz/http_request_fuzz: the 404 message echoed a decoded path that was not UTF-8.
TEST(RouterFuzzRegressionTest, NotFoundForANonUtf8PathIsValidJson) {
  Router router;
  Request request;
  request.method = "GET";
  ASSERT_TRUE(parse_target("/api/v1/members/%FF%FE", request.path, request.query));
  const Response response = router.dispatch(request);
  EXPECT_EQ(response.status, 404);
  EXPECT_TRUE(json::is_valid_utf8(response.body));
  EXPECT_NE(response.body.find("/api/v1/members/\xEF\xBF\xBD\xEF\xBF\xBD"), std::string::npos);
}

}  // namespace
}  // namespace gonghui::http
