// 求学圆梦: rounds (the city union), applications (members), the review chain, payouts and the
// payout list for the bank.
#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/subsidy_render.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/subsidy/subsidy.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;

int64_t now_ms() { return Timestamp::now().ms; }

// A round as answered to an admin.
http::Response round_answer(int status, const subsidy::Round& round) {
  return http::Response::json(status, render_round(round, now_ms()));
}

// An application as answered, rendered in the transaction that made or read it.
Result<http::Response> application_answer(store::Tx& tx, int status, const subsidy::Application& a,
                                          bool for_admin) {
  GH_ASSIGN(bj::object body, render_application(tx, a, for_admin));
  return http::Response::json(status, std::move(body));
}

// ---- Rounds ---------------------------------------------------------------------------------

// GET /api/v1/subsidy-rounds
http::Response list_rounds(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(std::vector<subsidy::Round> rounds, subsidy::list_rounds(tx, caller(request)));
    const int64_t now = now_ms();
    return bj::object{{"items", render_items(rounds, [now](const subsidy::Round& r) {
                         return render_round(r, now);
                       })}};
  });
}

// POST /api/v1/subsidy-rounds
http::Response create_round(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(subsidy::RoundInput input, read_round_input(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(subsidy::Round round, subsidy::create_round(tx, caller(request), input));
    return round_answer(201, round);
  });
}

// GET /api/v1/subsidy-rounds/{id}
http::Response get_round(app::App& app, http::Request& request) {
  return read_by_id(app, request, subsidy::get_round,
                    [](const subsidy::Round& r) { return render_round(r, now_ms()); });
}

// PATCH /api/v1/subsidy-rounds/{id}
http::Response update_round(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(subsidy::RoundInput input, read_round_input(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(subsidy::Round round, subsidy::update_round(tx, caller(request), id, input));
    return round_answer(200, round);
  });
}

// POST /api/v1/subsidy-rounds/{id}/open and …/approve
http::Response advance_round(app::App& app, http::Request& request, bool approve) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(subsidy::Round round, approve ? subsidy::approve_round(tx, caller(request), id)
                                            : subsidy::open_round(tx, caller(request), id));
    return round_answer(200, round);
  });
}

// POST /api/v1/subsidy-rounds/{id}/bulk-approve
http::Response bulk_approve(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::vector<int64_t> ids, optional_ids(*body, "application_ids"));
  GH_ASSIGN_OR_RENDER(auto note, json::optional_string(*body, "note", 1000));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(std::vector<subsidy::BulkResult> results,
              subsidy::bulk_approve(tx, caller(request), id, ids, note.value_or(""), now_ms()));
    int64_t approved = 0;
    bj::array items;
    for (const subsidy::BulkResult& r : results) {
      approved += r.status ? 1 : 0;
      bj::object item{{"id", std::to_string(r.id)},
                      {"status", r.status ? bj::value(enum_name(*r.status)) : bj::value(nullptr)},
                      {"error", nullptr}};
      if (r.error) {
        item["error"] = bj::object{{"code", r.error->code}, {"message", r.error->message}};
      }
      items.push_back(std::move(item));
    }
    return http::Response::ok(bj::object{{"approved", approved}, {"results", std::move(items)}});
  });
}

// GET /api/v1/subsidy-rounds/{id}/payouts.xlsx
http::Response export_payouts(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  std::optional<subsidy::State> status = subsidy::State::kApproved;
  if (auto text = request.query_param("status"); text && !text->empty()) {
    if (*text == "all") {
      status.reset();
    } else if (*text == "paid") {
      status = subsidy::State::kPaid;
    } else if (*text != "approved") {
      return error(Error::invalid("status", "invalid_status", "status is approved, paid or all"));
    }
  }
  // A write: the export is recorded in the audit log with who took the account numbers.
  std::vector<subsidy::PayoutRow> rows;
  const Status done = app.db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(rows, subsidy::payout_list(tx, caller(request), id, status));
    return Status::Ok();
  });
  if (!done.ok()) {
    return error(done.error());
  }
  GH_ASSIGN_OR_RENDER(std::string workbook, payout_workbook(rows));
  return attachment("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "subsidy-payouts-" + std::to_string(id) + ".xlsx", std::move(workbook));
}

// ---- Applications, for admins ---------------------------------------------------------------

Result<subsidy::ApplicationFilter> read_filter(const http::Request& request) {
  subsidy::ApplicationFilter filter;
  GH_ASSIGN(Paging page, paging(request));
  filter.before_id = page.after_id;
  filter.limit = page.limit;
  GH_ASSIGN(filter.round_id, query_id(request, "round_id"));
  GH_ASSIGN(filter.org_id, query_id(request, "org_id"));
  if (auto text = request.query_param("status"); text && !text->empty()) {
    filter.status = parse_enum<subsidy::State>(*text);
    if (!filter.status) {
      return Error::invalid("status", "invalid_status", "not an application status");
    }
  }
  if (auto text = request.query_param("level"); text && !text->empty()) {
    filter.level = parse_enum<subsidy::Degree>(*text);
    if (!filter.level) {
      return Error::invalid("level", "invalid_level",
                            "level is junior_college, bachelor or "
                            "postgraduate");
    }
  }
  if (auto text = request.query_param("awaiting"); text && !text->empty()) {
    if (*text != "me") {
      return Error::invalid("awaiting", "invalid_awaiting", "awaiting may only be me");
    }
    filter.awaiting_me = true;
  }
  return filter;
}

// GET /api/v1/subsidy-applications
http::Response list_applications(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(subsidy::ApplicationFilter filter, read_filter(request));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(subsidy::ApplicationPage page,
              subsidy::list_applications(tx, caller(request), filter));
    bj::array items;
    for (const subsidy::Application& a : page.items) {
      GH_ASSIGN(bj::object item, render_application(tx, a, true));
      item.erase("timeline");
      items.push_back(std::move(item));
    }
    return bj::object{{"items", std::move(items)},
                      {"next_cursor", optional_id_json(page.next_cursor)}};
  });
}

// GET /api/v1/subsidy-applications/{id}
http::Response get_application(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(subsidy::Application a, subsidy::get_application(tx, caller(request), id));
    return render_application(tx, a, true);
  });
}

// GET /api/v1/subsidy-applications/{id}/document
http::Response get_application_document(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(auto loaded, read_value(*app.db, [&](store::Tx& tx) {
                        return subsidy::application_document(tx, caller(request), id);
                      }));
  return private_file(std::move(loaded.first), std::move(loaded.second));
}

// POST /api/v1/subsidy-applications/{id}/approve and …/return
http::Response review(app::App& app, http::Request& request, bool approve) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  std::string text;
  if (approve) {
    GH_ASSIGN_OR_RENDER(auto note, json::optional_string(*body, "note", 1000));
    text = note.value_or("");
  } else {
    GH_ASSIGN_OR_RENDER(text, json::required_string(*body, "reason", 1000));
  }
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(subsidy::Application a,
              approve ? subsidy::approve(tx, caller(request), id, text, now_ms())
                      : subsidy::return_application(tx, caller(request), id, text, now_ms()));
    return application_answer(tx, 200, a, true);
  });
}

// POST /api/v1/subsidy-applications/{id}/payout
http::Response record_payout(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  subsidy::PayoutInput input;
  GH_ASSIGN_OR_RENDER(std::string paid_on, json::required_string(*body, "paid_on", 10));
  const auto day = parse_local_date(paid_on);
  if (!day) {
    return error(Error::invalid("paid_on", "invalid_date", "paid_on must be a date (2026-09-30)"));
  }
  input.paid_on = *day;
  GH_ASSIGN_OR_RENDER(input.amount_fen,
                      json::required_integer(*body, "amount_fen", -1, 1'000'000'000));
  GH_ASSIGN_OR_RENDER(input.transfer_ref, json::required_string(*body, "transfer_ref", 200));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(subsidy::Application a,
              subsidy::record_payout(tx, caller(request), id, input, now_ms()));
    return application_answer(tx, 201, a, true);
  });
}

// ---- Applications, for members --------------------------------------------------------------

// GET /api/v1/me/subsidy-rounds
http::Response list_member_rounds(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(std::vector<subsidy::MemberRound> rounds,
              subsidy::rounds_for_member(tx, caller(request), now_ms()));
    return bj::object{{"items", render_items(rounds, render_member_round)}};
  });
}

// GET /api/v1/me/subsidy-applications
http::Response list_my_applications(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(std::vector<subsidy::Application> found,
              subsidy::my_applications(tx, caller(request)));
    bj::array items;
    for (const subsidy::Application& a : found) {
      GH_ASSIGN(bj::object item, render_application(tx, a, false));
      items.push_back(std::move(item));
    }
    return bj::object{{"items", std::move(items)}};
  });
}

// GET /api/v1/me/subsidy-applications/{id}
http::Response get_my_application(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(subsidy::Application a, subsidy::my_application(tx, caller(request), id));
    return render_application(tx, a, false);
  });
}

// Bank details in a body, all three or (when `optional` and account_no is absent) none.
Result<std::optional<subsidy::BankDetails>> read_bank(const bj::object& body, bool optional) {
  if (optional && !body.contains("account_no")) {
    return std::optional<subsidy::BankDetails>();
  }
  subsidy::BankDetails bank;
  GH_ASSIGN(bank.bank_name, json::required_string(body, "bank_name", 200));
  GH_ASSIGN(bank.account_no, json::required_string(body, "account_no", 100));
  GH_ASSIGN(bank.account_holder, json::required_string(body, "account_holder", 200));
  return std::optional(std::move(bank));
}

// POST /api/v1/me/subsidy-applications
http::Response apply(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  subsidy::ApplicationInput input;
  GH_ASSIGN_OR_RENDER(input.round_id, json::required_id(*body, "round_id"));
  GH_ASSIGN_OR_RENDER(std::string level, json::required_string(*body, "level", 20));
  const auto parsed = parse_enum<subsidy::Degree>(level);
  if (!parsed) {
    return error(Error::invalid("level", "unknown_level",
                                "level is junior_college, bachelor or postgraduate"));
  }
  input.level = *parsed;
  GH_ASSIGN_OR_RENDER(input.school, json::required_string(*body, "school", 200));
  GH_ASSIGN_OR_RENDER(input.major, json::required_string(*body, "major", 200));
  GH_ASSIGN_OR_RENDER(input.document_id, json::required_id(*body, "document_id"));
  GH_ASSIGN_OR_RENDER(auto bank, read_bank(*body, false));
  input.bank = std::move(*bank);
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(subsidy::Application a, subsidy::apply(tx, caller(request), input, now_ms()));
    return application_answer(tx, 201, a, false);
  });
}

// POST /api/v1/me/subsidy-applications/{id}/resubmit
http::Response resubmit(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  subsidy::Resubmission changes;
  GH_ASSIGN_OR_RENDER(changes.school, json::optional_string(*body, "school", 200));
  GH_ASSIGN_OR_RENDER(changes.major, json::optional_string(*body, "major", 200));
  GH_ASSIGN_OR_RENDER(changes.document_id, json::optional_id(*body, "document_id"));
  GH_ASSIGN_OR_RENDER(changes.bank, read_bank(*body, true));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(subsidy::Application a,
              subsidy::resubmit(tx, caller(request), id, changes, now_ms()));
    return application_answer(tx, 200, a, false);
  });
}

// POST /api/v1/me/subsidy-applications/{id}/withdraw
http::Response withdraw(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(subsidy::Application a, subsidy::withdraw(tx, caller(request), id, now_ms()));
    return application_answer(tx, 200, a, false);
  });
}

}  // namespace

void register_subsidies(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/subsidy-rounds", kAdmins, handle(app, list_rounds));
  router.add("POST", "/api/v1/subsidy-rounds", kAdmins, handle(app, create_round));
  router.add("GET", "/api/v1/subsidy-rounds/{id}", kAdmins, handle(app, get_round));
  router.add("PATCH", "/api/v1/subsidy-rounds/{id}", kAdmins, handle(app, update_round));
  router.add("POST", "/api/v1/subsidy-rounds/{id}/open", kAdmins,
             handle(app, advance_round, false));
  router.add("POST", "/api/v1/subsidy-rounds/{id}/approve", kAdmins,
             handle(app, advance_round, true));
  router.add("POST", "/api/v1/subsidy-rounds/{id}/bulk-approve", kAdmins,
             handle(app, bulk_approve));
  router.add("GET", "/api/v1/subsidy-rounds/{id}/payouts.xlsx", kAdmins,
             handle(app, export_payouts));
  router.add("GET", "/api/v1/subsidy-applications", kAdmins, handle(app, list_applications));
  router.add("GET", "/api/v1/subsidy-applications/{id}", kAdmins, handle(app, get_application));
  router.add("GET", "/api/v1/subsidy-applications/{id}/document", kAdmins,
             handle(app, get_application_document));
  router.add("POST", "/api/v1/subsidy-applications/{id}/approve", kAdmins,
             handle(app, review, true));
  router.add("POST", "/api/v1/subsidy-applications/{id}/return", kAdmins,
             handle(app, review, false));
  router.add("POST", "/api/v1/subsidy-applications/{id}/payout", kAdmins,
             handle(app, record_payout));
  router.add("GET", "/api/v1/me/subsidy-rounds", kMembers, handle(app, list_member_rounds));
  router.add("GET", "/api/v1/me/subsidy-applications", kMembers, handle(app, list_my_applications));
  router.add("POST", "/api/v1/me/subsidy-applications", kMembers, handle(app, apply));
  router.add("GET", "/api/v1/me/subsidy-applications/{id}", kMembers,
             handle(app, get_my_application));
  router.add("POST", "/api/v1/me/subsidy-applications/{id}/resubmit", kMembers,
             handle(app, resubmit));
  router.add("POST", "/api/v1/me/subsidy-applications/{id}/withdraw", kMembers,
             handle(app, withdraw));
}

}  // namespace gonghui::api
