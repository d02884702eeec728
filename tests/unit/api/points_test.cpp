// The points routes through the real router and handlers, with a stand-in authenticator
// ("Authorization: <who>") instead of sign-in.
#include <gtest/gtest.h>

#include <map>

#include "api/routes.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "support/fixtures.hpp"
#include "support/test_db.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;

class PointsApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_ = std::make_unique<gonghui::testing::TestDb>(GetParam());
    app_.db = store::open(test_->url());
    tree_ = gonghui::testing::make_tree(*app_.db);
    member_id_ = gonghui::testing::add_member(*app_.db, tree_.admin_a, tree_.base_a1.id, 1);
    Principal member;
    member.account_id = 99;
    member.roles.push_back({Role::kMember, tree_.base_a1.id, 0, member_id_});
    principals_ = {{"platform", tree_.platform},
                   {"admin_a", tree_.admin_a},
                   {"admin_b", tree_.admin_b},
                   {"member", member}};
    register_points(router_, app_);
    router_.set_authenticator(
        [this](const http::Request& request) -> Result<std::optional<Principal>> {
          auto who = request.header("authorization");
          if (!who) {
            return std::optional<Principal>{};
          }
          return std::optional<Principal>(principals_.at(std::string(*who)));
        });
  }
  void TearDown() override {
    router_ = http::Router();  // stops the grant runner before the database closes
    app_.db.reset();
  }

  struct Reply {
    int status = 0;
    bj::value body;
    http::Response raw;
  };
  Reply call(const std::string& method, const std::string& path, const std::string& who,
             const std::string& body = {}, const std::string& key = {}) {
    http::Request request;
    request.method = method;
    request.target = path;
    EXPECT_TRUE(http::parse_target(path, request.path, request.query)) << path;
    request.headers.push_back({"authorization", who});
    if (!body.empty()) {
      request.headers.push_back({"content-type", "application/json"});
      request.body = body;
    }
    if (!key.empty()) {
      request.headers.push_back({"idempotency-key", key});
    }
    Reply reply;
    reply.raw = router_.dispatch(request);
    reply.status = reply.raw.status;
    reply.body = bj::parse(reply.raw.body);
    return reply;
  }
  static std::string field_of(const Reply& reply) {
    const auto* error = reply.body.as_object().if_contains("error");
    const auto* field = error ? error->as_object().if_contains("field") : nullptr;
    return field ? std::string(field->as_string()) : "";
  }
  static std::string code_of(const Reply& reply) {
    const auto* error = reply.body.as_object().if_contains("error");
    return error ? std::string(error->at("code").as_string()) : "";
  }
  std::string grant_body(int64_t amount) {
    return R"({"member_ids":[")" + std::to_string(member_id_) + R"("],"amount":)" +
           std::to_string(amount) + R"(,"reason":"劳动节"})";
  }

  std::unique_ptr<gonghui::testing::TestDb> test_;
  app::App app_;
  http::Router router_;
  gonghui::testing::Tree tree_;
  int64_t member_id_ = 0;
  std::map<std::string, Principal> principals_;
};

TEST_P(PointsApiTest, BadAmountsAreRejectedNamingTheField) {
  const std::string ids = R"("member_ids":[")" + std::to_string(member_id_) + R"("])";
  for (const std::string amount :
       {"-5", "0", "1.5", "\"10\"", "9007199254740993", "100000000000000000000", "null"}) {
    auto reply = call("POST", "/api/v1/points/grants", "platform",
                      "{" + ids + R"(,"reason":"x","amount":)" + amount + "}", "k-" + amount);
    EXPECT_EQ(reply.status, 400) << amount;
    EXPECT_EQ(field_of(reply), "amount") << amount;
  }
  auto missing = call("POST", "/api/v1/points/grants", "platform", "{" + ids + R"(,"reason":"x"})",
                      "k-missing");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(field_of(missing), "amount");
  auto no_key = call("POST", "/api/v1/points/grants", "platform", grant_body(5));
  EXPECT_EQ(no_key.status, 400);
  EXPECT_EQ(field_of(no_key), "Idempotency-Key");
  auto me = call("GET", "/api/v1/me/points", "member");
  EXPECT_EQ(me.body.at("balance").as_int64(), 0);
}

TEST_P(PointsApiTest, GrantReplayConflictAndTheMembersView) {
  auto first = call("POST", "/api/v1/points/grants", "admin_a", grant_body(120), "g-1");
  ASSERT_EQ(first.status, 201) << first.raw.body;
  EXPECT_EQ(first.body.at("status").as_string(), "done");
  EXPECT_EQ(first.body.at("granted").as_int64(), 1);
  const std::string grant_id(first.body.at("id").as_string());
  auto replay = call("POST", "/api/v1/points/grants", "admin_a", grant_body(120), "g-1");
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.body.at("id").as_string(), grant_id);
  bool replay_header = false;
  for (const auto& [name, value] : replay.raw.headers) {
    replay_header |= name == "Idempotent-Replayed";
  }
  EXPECT_TRUE(replay_header);
  auto conflict = call("POST", "/api/v1/points/grants", "admin_a", grant_body(121), "g-1");
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(code_of(conflict), "idempotency_conflict");
  EXPECT_EQ(call("GET", "/api/v1/points/grants/" + grant_id, "admin_a").status, 200);
  EXPECT_EQ(call("GET", "/api/v1/points/grants/" + grant_id, "admin_b").status, 404);

  auto me = call("GET", "/api/v1/me/points", "member");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.body.at("balance").as_int64(), 120);
  EXPECT_FALSE(me.body.at("checked_in_today").as_bool());
  auto checkin = call("POST", "/api/v1/me/checkin", "member");
  ASSERT_EQ(checkin.status, 201) << checkin.raw.body;
  EXPECT_EQ(checkin.body.at("balance").as_int64(), 125);
  auto again = call("POST", "/api/v1/me/checkin", "member");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(code_of(again), "already_checked_in");

  auto history = call("GET", "/api/v1/me/points/transfers?limit=1", "member");
  ASSERT_EQ(history.status, 200);
  const auto& newest = history.body.at("items").as_array().at(0);
  EXPECT_EQ(newest.at("kind").as_string(), "checkin");
  EXPECT_EQ(newest.at("amount").as_int64(), 5);
  ASSERT_TRUE(history.body.at("next_cursor").is_string());
  auto older = call("GET",
                    "/api/v1/me/points/transfers?limit=1&cursor=" +
                        std::string(history.body.at("next_cursor").as_string()),
                    "member");
  const auto& granted = older.body.at("items").as_array().at(0);
  EXPECT_EQ(granted.at("kind").as_string(), "grant");
  EXPECT_EQ(granted.at("memo").as_string(), "劳动节");
  EXPECT_EQ(granted.at("amount").as_int64(), 120);
  EXPECT_TRUE(parse_rfc3339(std::string(granted.at("created_at").as_string())).has_value());

  // The member may not use administrators' routes.
  EXPECT_EQ(call("POST", "/api/v1/points/grants", "member", grant_body(1), "g-2").status, 403);
}

TEST_P(PointsApiTest, AdministratorsReverseReadAndSetPolicies) {
  ASSERT_EQ(call("POST", "/api/v1/points/grants", "admin_a", grant_body(50), "g-1").status, 201);
  const std::string member = std::to_string(member_id_);
  auto ledger = call("GET", "/api/v1/members/" + member + "/points/transfers", "admin_a");
  ASSERT_EQ(ledger.status, 200) << ledger.raw.body;
  EXPECT_EQ(ledger.body.at("balance").as_int64(), 50);
  EXPECT_EQ(call("GET", "/api/v1/members/" + member + "/points/transfers", "admin_b").status, 403);
  const std::string transfer(ledger.body.at("items").as_array().at(0).at("id").as_string());

  auto reversed = call("POST", "/api/v1/points/transfers/" + transfer + "/reverse", "admin_a",
                       R"({"memo":"发错了"})", "r-1");
  ASSERT_EQ(reversed.status, 201) << reversed.raw.body;
  EXPECT_EQ(reversed.body.at("amount").as_int64(), -50);
  EXPECT_EQ(reversed.body.at("reverses_id").as_string(), transfer);
  auto replayed = call("POST", "/api/v1/points/transfers/" + transfer + "/reverse", "admin_a",
                       R"({"memo":"发错了"})", "r-1");
  EXPECT_EQ(replayed.status, 201);
  EXPECT_EQ(replayed.body.at("id"), reversed.body.at("id"));
  auto twice = call("POST", "/api/v1/points/transfers/" + transfer + "/reverse", "admin_a");
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(code_of(twice), "already_reversed");

  const std::string district = "/api/v1/orgs/" + std::to_string(tree_.district_a.id);
  auto budget = call("PUT", district + "/points/budget", "platform", R"({"budget":1000})");
  ASSERT_EQ(budget.status, 200) << budget.raw.body;
  EXPECT_EQ(budget.body.at("budget").as_int64(), 1000);
  EXPECT_EQ(call("PUT", district + "/points/budget", "admin_a", R"({"budget":5})").status, 403);
  auto bad = call("PUT", district + "/points/budget", "platform", R"({"budget":-1})");
  EXPECT_EQ(field_of(bad), "budget");
  auto over = call("POST", "/api/v1/points/grants", "admin_a", grant_body(951), "g-2");
  EXPECT_EQ(over.status, 409);
  EXPECT_EQ(code_of(over), "budget_exceeded");
  auto checkin = call("PUT", district + "/points/checkin", "admin_a", R"({"points":8})");
  EXPECT_EQ(checkin.status, 200);
  auto summary = call("GET", district + "/points/summary", "admin_a");
  ASSERT_EQ(summary.status, 200);
  EXPECT_EQ(summary.body.at("issued").as_int64(), 0);
  EXPECT_EQ(summary.body.at("budget_used").as_int64(), 50);
  EXPECT_EQ(summary.body.at("checkin_points").as_int64(), 8);
  auto grants = call("GET", "/api/v1/points/grants", "admin_a");
  EXPECT_EQ(grants.body.at("items").as_array().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, PointsApiTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::api
