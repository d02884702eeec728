// Fuzz target for the HTTP request path: raw bytes → the server's request parser → route
// match → JSON body decode → authentication and access → each handler's validation. The
// database refuses every transaction, so a handler runs up to its first store call: what is
// fuzzed is everything a request meets before it can change anything.
//
// An `X-Fuzz-As: admin|org_admin|member|staff` header stands for a signed-in caller of that
// role, so that inputs reach the handlers behind sign-in; without it the real authenticator
// runs. Findings: a crash or sanitizer report; a 500 (an input the code did not expect, which
// must be a 4xx naming the field); an answer that is not valid UTF-8 JSON with an error code.
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "http/server.hpp"
#include "text/pinyin.hpp"

namespace gonghui {
namespace {

// Answers every transaction with 503, like a database that is down.
class RefusingDb final : public store::Db {
 public:
  std::string_view engine() const override { return "sqlite"; }
  Status read(const store::TxFunction&) override { return refused(); }
  Status write(const store::TxFunction&) override { return refused(); }
  Stats stats() const override { return {}; }

 private:
  static Status refused() {
    return Error{ErrorKind::kUnavailable, "fuzz_no_database", "no database while fuzzing", {}};
  }
};

std::optional<Principal> principal_for(std::string_view who) {
  Principal p;
  p.account_id = 1001;
  p.session_id = 2001;
  p.name = "fuzz";
  if (who == "admin") {
    p.roles.push_back({Role::kPlatformAdmin, 1, 0, 0});
  } else if (who == "org_admin") {
    p.roles.push_back({Role::kOrgAdmin, 11, 0, 0});
  } else if (who == "member") {
    p.roles.push_back({Role::kMember, 12, 0, 3001});
  } else if (who == "staff") {
    p.roles.push_back({Role::kMerchantStaff, 0, 4001, 0});
  } else {
    return std::nullopt;
  }
  return p;
}

struct Harness {
  Harness() {
    const auto dir = std::filesystem::temp_directory_path() / "gonghui-fuzz";
    std::filesystem::create_directories(dir);
    app.config.data_dir = dir.string();
    app.config.metrics_token = "fuzz-metrics-token";
    app.db = std::make_unique<RefusingDb>();
    app.sessions = std::make_unique<auth::Sessions>(*app.db, auth::SessionOptions{});
    auto pinyin = text::PinyinTable::shared();
    if (!pinyin.ok()) {
      std::fprintf(stderr, "cannot load pinyin readings: %s\n", pinyin.error().message.c_str());
      std::abort();
    }
    app.catalogue = std::make_unique<merchant::CatalogueSearch>(*app.db, **pinyin);
    app.news_search = std::make_unique<news::NewsSearch>(*app.db, **pinyin);
    app::register_routes(router, app);
    router.set_authenticator([real = api::authenticator(app)](
                                 const http::Request& request) -> Result<std::optional<Principal>> {
      if (auto who = request.header("x-fuzz-as")) {
        if (auto principal = principal_for(*who)) {
          return principal;
        }
      }
      return real(request);
    });
    options.body_limit = 64 * 1024;
    options.header_limit = 16 * 1024;
  }

  app::App app;
  http::Router router;
  http::ServerOptions options;
};

[[noreturn]] void fail(const char* what, const http::Response& response,
                       const http::Request* request) {
  std::fprintf(stderr, "FINDING: %s\nrequest: %s %s\nstatus %d, body: %.2000s\n", what,
               request ? request->method.c_str() : "-", request ? request->target.c_str() : "-",
               response.status, response.body.c_str());
  std::abort();
}

void check(const http::Response& response, const http::Request* request) {
  if (response.status < 200 || response.status > 599) {
    fail("status out of range", response, request);
  }
  if (response.status == 500) {
    fail("500: bad input must be a 4xx naming the field", response, request);
  }
  if (response.content_type.rfind("application/json", 0) != 0) {
    return;  // photos, metrics
  }
  if (!json::is_valid_utf8(response.body)) {
    fail("the JSON answer is not valid UTF-8", response, request);
  }
  auto parsed = json::parse(response.body);
  if (!parsed.ok()) {
    fail("the answer is not JSON", response, request);
  }
  // Health and readiness report a refused database with 503 ({"status":"degraded"},
  // {"ready":false,…}): a status for a load balancer, not an error.
  const bool health =
      request != nullptr && (request->path == "/api/v1/health" || request->path == "/api/v1/ready");
  if (response.status >= 400 && !health) {
    const auto* object = parsed->if_object();
    const auto* error = object ? object->if_contains("error") : nullptr;
    const auto* code =
        error && error->is_object() ? error->as_object().if_contains("code") : nullptr;
    if (code == nullptr || !code->is_string() || code->as_string().empty()) {
      fail("an error answer without error.code", response, request);
    }
  }
}

}  // namespace
}  // namespace gonghui

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gonghui;
  static Harness* harness = new Harness();  // lives for the whole run
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  http::ParsedRequest parsed = http::parse_request(bytes, harness->options);
  if (parsed.error) {
    check(*parsed.error, nullptr);
  }
  if (!parsed.request) {
    return 0;
  }
  http::Request& request = *parsed.request;
  const http::Response response = harness->router.dispatch(request);
  check(response, &request);
  return 0;
}
