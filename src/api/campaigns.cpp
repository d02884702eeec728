// Campaigns: create, publish, cancel, draw and distribute for administrators; browse, enter,
// book and cancel a booking, and see one's entries for members; the public audit bundle.
#include "api/campaign_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;

const http::Access kMembersAndAdmins =
    http::Access::of({Role::kMember, Role::kOrgAdmin, Role::kPlatformAdmin});

Result<int64_t> required_time(const bj::object& body, std::string_view field) {
  GH_ASSIGN(std::string text, json::required_string(body, field, 40));
  auto t = parse_rfc3339(text);
  if (!t) {
    return Error::invalid(std::string(field), "invalid_time", "expected an RFC 3339 time");
  }
  return t->ms;
}

Result<std::vector<int64_t>> id_list(const bj::object& body, std::string_view field,
                                     size_t max = 1000) {
  std::vector<int64_t> ids;
  const bj::value* v = body.if_contains(field);
  if (v == nullptr || v->is_null()) {
    return ids;
  }
  const Error bad = Error::invalid(std::string(field), "invalid_ids",
                                   std::string(field) + " must be an array of id strings");
  if (!v->is_array() || v->as_array().size() > max) {
    return bad;
  }
  for (const auto& item : v->as_array()) {
    auto id = item.is_string() ? parse_id(item.as_string()) : std::nullopt;
    if (!id) {
      return bad;
    }
    ids.push_back(*id);
  }
  return ids;
}

Result<campaign::CampaignInput> read_input(const bj::object& body) {
  campaign::CampaignInput in;
  GH_ASSIGN(const std::string kind, json::required_string(body, "kind", 20));
  GH_ASSIGN(in.title, json::required_string(body, "title", 100));
  GH_ASSIGN(auto description, json::optional_string(body, "description", 5000));
  in.description = description.value_or("");
  GH_ASSIGN(auto brand, json::optional_string(body, "brand", 40));
  in.brand = brand.value_or("");
  GH_ASSIGN(auto beacon, json::optional_string(body, "beacon_source", 500));
  in.beacon_source = beacon.value_or("");
  GH_ASSIGN(auto org_id, json::optional_id(body, "org_id"));
  in.org_id = org_id.value_or(0);
  GH_ASSIGN(in.base_org_ids, id_list(body, "base_org_ids"));
  GH_ASSIGN(in.photo_ids, id_list(body, "photo_ids"));
  if (const bj::value* tags = body.if_contains("tags"); tags && !tags->is_null()) {
    const Error bad = Error::invalid("tags", "invalid_tags", "tags must be up to 10 short strings");
    if (!tags->is_array() || tags->as_array().size() > 10) {
      return bad;
    }
    for (const auto& t : tags->as_array()) {
      if (!t.is_string() || t.as_string().empty() || json::count_code_points(t.as_string()) > 20) {
        return bad;
      }
      in.tags.emplace_back(t.as_string());
    }
  }
  GH_ASSIGN(in.opens_at, required_time(body, "opens_at"));
  GH_ASSIGN(in.closes_at, required_time(body, "closes_at"));
  GH_ASSIGN(auto cost, json::optional_integer(body, "points_cost", 0, 1'000'000));
  in.points_cost = cost.value_or(0);
  GH_ASSIGN(auto limit, json::optional_integer(body, "per_member_limit", 1, 1000));
  in.per_member_limit = limit.value_or(1);
  GH_ASSIGN(in.one_prize_per_member, json::optional_bool(body, "one_prize_per_member", true));
  GH_ASSIGN(auto days, json::optional_integer(body, "voucher_valid_days", 1, 3660));
  in.voucher_valid_days = days.value_or(30);
  const bj::value* prizes = body.if_contains("prizes");
  if (prizes == nullptr || !prizes->is_array()) {
    return Error::invalid("prizes", "required", "prizes must be an array");
  }
  int64_t next_tier = 1;
  for (const auto& item : prizes->as_array()) {
    if (!item.is_object()) {
      return Error::invalid("prizes", "invalid_prizes", "each prize must be an object");
    }
    const bj::object& p = item.as_object();
    campaign::Prize prize;
    GH_ASSIGN(auto tier, json::optional_integer(p, "tier", 1, 100));
    prize.tier = tier.value_or(next_tier);
    next_tier = prize.tier + 1;
    GH_ASSIGN(prize.name, json::required_string(p, "name", 100));
    GH_ASSIGN(prize.quantity, json::required_integer(p, "quantity", 1, 10'000'000));
    GH_ASSIGN(auto value, json::optional_integer(p, "value_fen", 0, 1'000'000'000));
    prize.value_fen = value.value_or(0);
    GH_ASSIGN(auto merchant_id, json::optional_id(p, "merchant_id"));
    prize.merchant_id = merchant_id.value_or(0);
    GH_ASSIGN(auto product_id, json::optional_id(p, "product_id"));
    prize.product_id = product_id.value_or(0);
    in.prizes.push_back(std::move(prize));
  }
  GH_ASSIGN(auto cancel_before, json::optional_integer(body, "cancel_before_minutes", 0, 43200));
  in.cancel_before_minutes = cancel_before.value_or(120);
  if (const bj::value* slots = body.if_contains("slots"); slots && !slots->is_null()) {
    if (!slots->is_array() || slots->as_array().size() > 200) {
      return Error::invalid("slots", "invalid_slots", "slots must be an array of up to 200");
    }
    for (const auto& item : slots->as_array()) {
      if (!item.is_object()) {
        return Error::invalid("slots", "invalid_slots", "each slot must be an object");
      }
      const bj::object& o = item.as_object();
      campaign::Slot slot;
      auto starts = required_time(o, "starts_at");
      auto ends = required_time(o, "ends_at");
      auto capacity = json::required_integer(o, "capacity", 1, 100'000);
      if (!starts.ok() || !ends.ok() || !capacity.ok()) {
        return Error::invalid("slots", "invalid_slots",
                              "each slot needs starts_at, ends_at (RFC 3339) and a capacity "
                              "between 1 and 100000");
      }
      slot.starts_at = *starts;
      slot.ends_at = *ends;
      slot.capacity = *capacity;
      in.slots.push_back(slot);
    }
  }
  // After the fields above and before create()'s own checks: a request with several faults
  // is told of the first in that order.
  const std::optional<campaign::Kind> parsed = campaign::parse_kind(kind);
  if (!parsed) {
    return Error::invalid("kind", "invalid_kind",
                          "kind must be lottery, claim, booking or distribution");
  }
  in.kind = *parsed;
  return in;
}

}  // namespace

void register_campaigns(http::Router& router, app::App& app) {
  router.add("POST", "/api/v1/campaigns", kAdmins, [&app](http::Request& request) {
    GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
    GH_ASSIGN_OR_RENDER(campaign::CampaignInput input, read_input(*body));
    return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
      GH_ASSIGN(campaign::Campaign c, campaign::create(tx, caller(request), input));
      return http::Response::json(201, render(c, Timestamp::now().ms));
    });
  });

  // Members see what they may enter, admins their subtree; merchant staff have campaigns of
  // their own nowhere, so the route is not theirs.
  router.add("GET", "/api/v1/campaigns", kMembersAndAdmins, [&app](http::Request& request) {
    GH_ASSIGN_OR_RENDER(Paging page, paging(request, 50, 200));
    bj::object out;
    Status status = app.db->read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(campaign::CampaignPage found,
                campaign::list(tx, caller(request), page.after_id, page.limit));
      out = render(found, Timestamp::now().ms);
      return Status::Ok();
    });
    return status.ok() ? http::Response::ok(out) : error(status.error());
  });

  router.add("GET", "/api/v1/campaigns/{id}", http::Access::signed_in(),
             [&app](http::Request& request) {
               GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
               bj::object out;
               Status status = app.db->read([&](store::Tx& tx) -> Status {
                 GH_ASSIGN(campaign::Campaign c, campaign::get(tx, caller(request), id));
                 out = render(c, Timestamp::now().ms);
                 return Status::Ok();
               });
               return status.ok() ? http::Response::ok(out) : error(status.error());
             });

  router.add("POST", "/api/v1/campaigns/{id}/publish", kAdmins, [&app](http::Request& request) {
    GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
    return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
      GH_ASSIGN(campaign::Campaign c, campaign::publish(tx, caller(request), id));
      return http::Response::ok(render(c, Timestamp::now().ms));
    });
  });

  router.add("POST", "/api/v1/campaigns/{id}/cancel", kAdmins, [&app](http::Request& request) {
    GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
    return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
      GH_ASSIGN(campaign::Cancelled done, campaign::cancel(tx, caller(request), id));
      bj::object out = render(done.campaign, Timestamp::now().ms);
      out["refunded_entries"] = done.refunded;
      return http::Response::ok(out);
    });
  });

  // Counted after the write is answered; replays and failures other than sold_out are not.
  auto& entries_total = app.metrics.counter_family("gonghui_campaign_entries_total",
                                                   "lottery entries, bookings and claims written",
                                                   {"kind"}, {{"lottery", "booking", "claim"}});
  auto& claims_total =
      app.metrics.counter_family("gonghui_campaign_claims_total", "giveaway claims by result",
                                 {"result"}, {{"won", "sold_out"}});
  // The crowd's route: on SQLite it runs on the I/O thread and its write is answered when the
  // group commit that holds it is durable, so a waiting entry holds no thread.
  const http::Runs entry_runs =
      app.db && app.db->writes_asynchronously() ? http::Runs::kInline : http::Runs::kWorker;
  auto entry_group = std::make_shared<campaign::EntryGroup>();
  router.add_async(
      "POST", "/api/v1/campaigns/{id}/entries", kMembers,
      [&app, &entries_total, &claims_total, entry_group](http::Request& request,
                                                         http::Respond respond) {
        GH_ASSIGN_OR_RESPOND(int64_t id, path_id(request, "id"), respond);
        int64_t tickets = 1, slot_id = 0;
        if (!request.json.is_null()) {
          GH_ASSIGN_OR_RESPOND(const bj::object* body, body_object(request), respond);
          GH_ASSIGN_OR_RESPOND(auto slot, json::optional_id(*body, "slot_id"), respond);
          slot_id = slot.value_or(0);
          GH_ASSIGN_OR_RESPOND(auto n, json::optional_integer(*body, "tickets", 1, 1000), respond);
          tickets = n.value_or(1);
        }
        // Set, not incremented, inside the transaction: PostgreSQL may run it again.
        struct Outcome {
          std::optional<size_t> kind;  // 0 lottery, 1 booking, 2 claim
          bool sold_out = false;
        };
        auto outcome = std::make_shared<Outcome>();
        const int64_t member_id = member_of(request);
        auto count = [outcome, &entries_total, &claims_total](const http::Response& response) {
          if (response.status == 201 && outcome->kind) {
            entries_total.at({*outcome->kind}).inc();
            if (*outcome->kind == 2) {
              claims_total.at({0}).inc();
            }
          } else if (outcome->sold_out) {
            claims_total.at({1}).inc();
          }
        };
        const auto key = request.header("idempotency-key");
        if (slot_id == 0 && (!key || key->empty())) {
          // The crowd's case: run with the other entries waiting for the writer.
          auto write = std::make_shared<campaign::EntryWrite>(member_id, id, tickets);
          app.db->write_grouped(
              *entry_group, write,
              [write, outcome, count, respond = std::move(respond)](Status status) {
                if (!status.ok()) {
                  respond(error(status.error()));
                  return;
                }
                if (!write->result.ok()) {
                  outcome->sold_out = write->result.error().code == "sold_out";
                  http::Response refused = error(write->result.error());
                  count(refused);
                  respond(std::move(refused));
                  return;
                }
                const campaign::Entry& e = *write->result;
                outcome->kind = e.voucher ? 2 : 0;
                http::Response response = http::Response::json(201, render(e, write->now));
                count(response);
                respond(std::move(response));
              });
          return;
        }
        idempotent_write_async(
            app, request,
            [outcome, member_id, id, slot_id, tickets](store::Tx& tx) -> Result<http::Response> {
              const int64_t now = Timestamp::now().ms;
              auto entered = slot_id ? campaign::book(tx, member_id, id, slot_id, now)
                                     : campaign::enter(tx, member_id, id, tickets, now);
              outcome->sold_out = !entered.ok() && entered.error().code == "sold_out";
              GH_ASSIGN(campaign::Entry e, std::move(entered));
              outcome->kind = slot_id ? 1 : e.voucher ? 2 : 0;
              return http::Response::json(201, render(e, now));
            },
            [count, respond = std::move(respond)](http::Response response) {
              count(response);
              respond(std::move(response));
            });
      },
      entry_runs);

  router.add("POST", "/api/v1/campaigns/{id}/entries/{entry_id}/cancel", kMembers,
             [&app](http::Request& request) {
               GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
               GH_ASSIGN_OR_RENDER(int64_t entry_id, path_id(request, "entry_id"));
               return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
                 const int64_t now = Timestamp::now().ms;
                 GH_ASSIGN(campaign::Entry e,
                           campaign::cancel_booking(tx, member_of(request), id, entry_id, now));
                 return http::Response::ok(render(e, now));
               });
             });

  router.add("POST", "/api/v1/campaigns/{id}/distribute", kAdmins, [&app](http::Request& request) {
    GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
    GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
    campaign::DistributionInput input;
    GH_ASSIGN_OR_RENDER(auto org_id, json::optional_id(*body, "org_id"));
    input.org_id = org_id.value_or(0);
    GH_ASSIGN_OR_RENDER(input.member_ids, id_list(*body, "member_ids", 10000));
    const std::string key(request.header("idempotency-key").value_or(""));
    GH_ASSIGN_OR_RENDER(campaign::Distribution d,
                        campaign::distribute(*app.db, caller(request), id, input, key));
    const bool replayed = d.replayed;
    http::Response response = http::Response::json(replayed ? 200 : 201, render(d));
    if (replayed) {
      response.set_header("Idempotent-Replayed", "true");
    }
    return response;
  });

  router.add("GET", "/api/v1/campaigns/{id}/my-entries", kMembers, [&app](http::Request& request) {
    GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
    bj::object out;
    Status status = app.db->read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(std::vector<campaign::Entry> entries,
                campaign::my_entries(tx, caller(request), id));
      bj::array items;
      const int64_t now = Timestamp::now().ms;
      for (const auto& e : entries) {
        items.push_back(render(e, now));
      }
      out = {{"items", std::move(items)}};
      return Status::Ok();
    });
    return status.ok() ? http::Response::ok(out) : error(status.error());
  });

  router.add("POST", "/api/v1/campaigns/{id}/draw", kAdmins, [&app](http::Request& request) {
    GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
    std::string beacon;
    if (!request.json.is_null()) {
      GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
      GH_ASSIGN_OR_RENDER(auto value, json::optional_string(*body, "beacon_value", 1000));
      beacon = value.value_or("");
    }
    return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
      const int64_t now = Timestamp::now().ms;
      GH_ASSIGN(campaign::Campaign c, campaign::draw(tx, caller(request), id, beacon, now));
      return http::Response::ok(render(c, now));
    });
  });

  router.add("GET", "/api/v1/campaigns/{id}/audit", http::Access::public_route(),
             [&app](http::Request& request) {
               GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
               bj::object out;
               Status status = app.db->read([&](store::Tx& tx) -> Status {
                 GH_ASSIGN(out, campaign::audit_bundle(tx, id));
                 return Status::Ok();
               });
               return status.ok() ? http::Response::ok(out) : error(status.error());
             });
}

}  // namespace gonghui::api
