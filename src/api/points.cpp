// Points: a member's balance, history and check-in; grants, reversals, union totals and
// policies for administrators.
#include <memory>

#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/member/member.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;

// A grant answers once done or after this long (then 202 and it finishes in the background).
constexpr int64_t kGrantInlineMs = 1000;

bj::object render(const ledger::Transfer& t) {
  return {
      {"id", id_string(t.id)},
      {"kind", t.kind},
      {"amount", t.signed_amount()},
      {"member_id", id_string(t.member_id)},
      {"org_id", id_string(t.org_id)},
      {"reference", t.reference},
      {"memo", t.memo},
      {"reverses_id", optional_id_json(t.reverses_id)},
      {"reverses", t.reverses_id == 0 ? bj::value(nullptr)
                                      : bj::value(bj::object{{"kind", t.reverses_kind},
                                                             {"reference", t.reverses_reference},
                                                             {"memo", t.reverses_memo}})},
      {"reversed_by", optional_id_json(t.reversed_by)},
      {"created_at", format_rfc3339(Timestamp{t.created_at})}};
}

bj::object render(const ledger::Grant& g) {
  return {{"id", id_string(g.id)},
          {"org_id", id_string(g.org_id)},
          {"target_org_id", optional_id_json(g.target_org_id)},
          {"amount", g.amount},
          {"reason", g.reason},
          {"status", g.done ? "done" : "running"},
          {"recipients", g.recipients},
          {"granted", g.granted},
          {"skipped", g.skipped},
          {"points_granted", g.granted * g.amount},
          {"created_at", format_rfc3339(Timestamp{g.created_at})},
          {"updated_at", format_rfc3339(Timestamp{g.updated_at})},
          {"finished_at", optional_time_json(g.finished_at)}};
}

bj::value optional_json(const std::optional<int64_t>& v) {
  return v ? bj::value(*v) : bj::value(nullptr);
}

bj::object render(const ledger::Summary& s) {
  return {{"org_id", id_string(s.org_id)},
          {"issued", s.issued},
          {"spent", s.spent},
          {"expired", s.expired},
          {"held", s.held},
          {"member_accounts", s.member_accounts},
          {"budget", optional_json(s.budget)},
          {"budget_used", s.budget_used},
          {"checkin_points", optional_json(s.checkin_points)},
          {"checkin_ceiling", optional_json(s.checkin_ceiling)},
          {"checkin_max", s.checkin_max}};
}

bj::object render(const ledger::TransferPage& page) {
  return render_page(page.items, page.next_cursor,
                     [](const ledger::Transfer& t) { return render(t); });
}

Result<std::vector<int64_t>> read_member_ids(const bj::object& body) {
  std::vector<int64_t> ids;
  const bj::value* v = body.if_contains("member_ids");
  if (v == nullptr || v->is_null()) {
    return ids;
  }
  const Error bad = Error::invalid("member_ids", "invalid_member_ids",
                                   "member_ids must be a non-empty array of id strings");
  if (!v->is_array() || v->as_array().empty()) {
    return bad;
  }
  if (v->as_array().size() > ledger::kMaxGrantMembers) {
    return Error::invalid("member_ids", "too_many",
                          "at most " + std::to_string(ledger::kMaxGrantMembers) +
                              " members per grant; grant to a union instead");
  }
  for (const auto& item : v->as_array()) {
    std::optional<int64_t> id;
    if (item.is_string()) {
      id = parse_id(item.as_string());
    }
    if (!id) {
      return bad;
    }
    ids.push_back(*id);
  }
  return ids;
}

// Reads an optional memo from a body that may be absent altogether.
Result<std::string> optional_memo(const http::Request& request) {
  if (request.json.is_null()) {
    return std::string();
  }
  GH_ASSIGN(const bj::object* body, body_object(request));
  GH_ASSIGN(std::optional<std::string> memo, json::optional_string(*body, "memo", 200));
  return memo.value_or("");
}

// `{"<field>": n}` or `{"<field>": null}`; the field must be present.
Result<std::optional<int64_t>> policy_value(const http::Request& request, std::string_view field,
                                            int64_t max) {
  GH_ASSIGN(const bj::object* body, body_object(request));
  if (!body->contains(field)) {
    return Error::invalid(std::string(field), "required",
                          std::string(field) + " is required (null removes it)");
  }
  return json::optional_integer(*body, field, 0, max);
}

// GET /api/v1/me/points
http::Response get_own_points(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(ledger::MemberPoints points,
              ledger::member_points(tx, member_of(request), Timestamp::now()));
    return bj::object{{"member_id", id_string(member_of(request))},
                      {"balance", points.balance},
                      {"checkin_points", points.checkin_points},
                      {"checked_in_today", points.checked_in_today}};
  });
}

// GET /api/v1/me/points/transfers
http::Response list_own_transfers(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(Paging page, paging(request));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(ledger::TransferPage transfers,
              ledger::member_transfers(tx, member_of(request), page.after_id, page.limit));
    return render(transfers);
  });
}

// POST /api/v1/me/checkin
http::Response check_in(app::App& app, http::Request& request) {
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(ledger::Checkin done, ledger::checkin(tx, member_of(request), Timestamp::now()));
    return http::Response::json(201, bj::object{{"points", done.points},
                                                {"balance", done.balance},
                                                {"day", done.day},
                                                {"transfer", render(done.transfer)}});
  });
}

// GET /api/v1/points/grants
http::Response list_grants(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(Paging page, paging(request));
  GH_ASSIGN_OR_RENDER(std::optional<int64_t> org_id, query_id(request, "org_id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(ledger::GrantPage grants, ledger::list_grants(tx, caller(request), org_id.value_or(0),
                                                            page.after_id, page.limit));
    return render_page(grants.items, grants.next_cursor,
                       [](const ledger::Grant& g) { return render(g); });
  });
}

// GET /api/v1/points/grants/{id}
http::Response get_grant(app::App& app, http::Request& request) {
  return read_by_id(app, request, ledger::get_grant,
                    [](const ledger::Grant& grant) { return render(grant); });
}

// POST /api/v1/points/transfers/{id}/reverse
http::Response reverse_transfer(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(std::string memo, optional_memo(request));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(ledger::Transfer reversal, ledger::reverse(tx, caller(request), id, memo));
    return http::Response::json(201, render(reversal));
  });
}

// GET /api/v1/members/{id}/points/transfers
http::Response list_member_transfers(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(Paging page, paging(request));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_TRY(member::get(tx, caller(request), id));  // scope: 403 outside it
    GH_ASSIGN(int64_t balance, ledger::balance(tx, id));
    GH_ASSIGN(ledger::TransferPage transfers,
              ledger::member_transfers(tx, id, page.after_id, page.limit));
    bj::object out = render(transfers);
    out["balance"] = balance;
    return out;
  });
}

// GET /api/v1/orgs/{id}/points/summary
http::Response get_points_summary(app::App& app, http::Request& request) {
  return read_by_id(app, request, ledger::summary,
                    [](const ledger::Summary& summary) { return render(summary); });
}

// A union's points policy: the body field that sets it (null removes it), its largest value
// and the ledger function that sets it.
struct Policy {
  std::string_view field;
  int64_t max = 0;
  Result<ledger::Summary> (*set)(store::Tx& tx, const Principal& admin, int64_t org_id,
                                 std::optional<int64_t> value);
};
// PUT /api/v1/orgs/{id}/points/budget
const Policy kBudget{"budget", json::kMaxSafeInteger, ledger::set_budget};
// PUT /api/v1/orgs/{id}/points/checkin-ceiling
const Policy kCheckinCeiling{"ceiling", ledger::kMaxAmount, ledger::set_checkin_ceiling};
// PUT /api/v1/orgs/{id}/points/checkin
const Policy kCheckinPoints{"points", ledger::kMaxAmount, ledger::set_checkin_points};

// PUT /api/v1/orgs/{id}/points/<policy>
http::Response set_policy(app::App& app, http::Request& request, Policy policy) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(std::optional<int64_t> value,
                      policy_value(request, policy.field, policy.max));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(ledger::Summary summary, policy.set(tx, caller(request), id, value));
    return http::Response::ok(render(summary));
  });
}

// POST /api/v1/points/grants: a grant to a union's members or to listed members. Finished
// here when it is small; a large one answers 202 and goes on in the background.
Result<ledger::GrantInput> read_grant_input(const http::Request& request) {
  GH_ASSIGN(const bj::object* body, body_object(request));
  ledger::GrantInput input;
  GH_ASSIGN(input.amount, json::required_integer(*body, "amount", 1, ledger::kMaxAmount));
  GH_ASSIGN(input.reason, json::required_string(*body, "reason", 200));
  GH_ASSIGN(std::optional<int64_t> org_id, json::optional_id(*body, "org_id"));
  GH_ASSIGN(std::optional<int64_t> from, json::optional_id(*body, "from_org_id"));
  GH_ASSIGN(input.member_ids, read_member_ids(*body));
  input.org_id = org_id.value_or(0);
  input.from_org_id = from.value_or(0);
  return input;
}

// POST /api/v1/points/grants/preview: what the grant would do, so that the admin confirms
// "将向 167 人各发放 50 分，共 8,350 分" and the budget left before it goes.
http::Response preview_points_grant(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(ledger::GrantInput input, read_grant_input(request));
  ledger::GrantPreview preview;
  Status status = app.db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(preview, ledger::preview_grant(tx, caller(request), input));
    return Status::Ok();
  });
  if (!status.ok()) {
    return error(status.error());
  }
  return http::Response::ok(bj::object{
      {"recipients", preview.recipients},
      {"amount", input.amount},
      {"total", preview.total},
      {"budget_left", preview.budget_left ? bj::value(*preview.budget_left) : bj::value(nullptr)}});
}

http::Response start_points_grant(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(ledger::GrantInput input, read_grant_input(request));
  const std::string key(request.header("idempotency-key").value_or(""));
  ledger::Grant grant;
  auto start = [&] {
    return app.db->write([&](store::Tx& tx) -> Status {
      GH_ASSIGN(grant, ledger::start_grant(tx, caller(request), input, key));
      return Status::Ok();
    });
  };
  Status status = start();
  if (!status.ok() && status.error().code == store::kUniqueViolation) {
    status = start();  // the same key committed concurrently: now it is a replay
  }
  if (!status.ok()) {
    return error(status.error());
  }
  const bool replayed = grant.replayed;
  if (!grant.done) {
    auto ran = ledger::run_grant(*app.db, grant.id, Timestamp::now().ms + kGrantInlineMs);
    if (ran.ok()) {
      grant = std::move(ran).value();
    }
    if (!grant.done && app.grants) {
      app.grants->submit(grant.id);
    }
  }
  http::Response response = http::Response::json(grant.done ? 201 : 202, render(grant));
  if (replayed) {
    response.set_header("Idempotent-Replayed", "true");
  }
  return response;
}

}  // namespace

void register_points(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/me/points", kMembers, handle(app, get_own_points));

  router.add("GET", "/api/v1/me/points/transfers", kMembers, handle(app, list_own_transfers));

  router.add("POST", "/api/v1/me/checkin", kMembers, handle(app, check_in));

  router.add("POST", "/api/v1/points/grants", kAdmins, handle(app, start_points_grant));
  router.add("POST", "/api/v1/points/grants/preview", kAdmins, handle(app, preview_points_grant));

  router.add("GET", "/api/v1/points/grants", kAdmins, handle(app, list_grants));

  router.add("GET", "/api/v1/points/grants/{id}", kAdmins, handle(app, get_grant));

  router.add("POST", "/api/v1/points/transfers/{id}/reverse", kAdmins,
             handle(app, reverse_transfer));

  router.add("GET", "/api/v1/members/{id}/points/transfers", kAdmins,
             handle(app, list_member_transfers));

  router.add("GET", "/api/v1/orgs/{id}/points/summary", kAdmins, handle(app, get_points_summary));

  router.add("PUT", "/api/v1/orgs/{id}/points/budget", kAdmins, handle(app, set_policy, kBudget));

  router.add("PUT", "/api/v1/orgs/{id}/points/checkin-ceiling", kAdmins,
             handle(app, set_policy, kCheckinCeiling));

  router.add("PUT", "/api/v1/orgs/{id}/points/checkin", kAdmins,
             handle(app, set_policy, kCheckinPoints));
}

}  // namespace gonghui::api
