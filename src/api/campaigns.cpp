// Campaigns: create, publish, cancel, draw and distribute for administrators; browse, enter,
// book and cancel a booking, and see one's entries for members; the public audit bundle.
#include <memory>

#include "api/campaign_render.hpp"
#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;

const http::Access kMembersAndAdmins =
    http::Access::of({Role::kMember, Role::kOrgAdmin, Role::kPlatformAdmin});

// ---- Reading requests ------------------------------------------------------------------------

// An optional list: empty if absent or null, else up to `max` items each read by `read_item`
// (nullopt for an item it refuses); `bad` for more items, or for one refused.
template <class T, class ReadItem>
Result<std::vector<T>> optional_list(const bj::object& body, std::string_view field, size_t max,
                                     const Error& bad, const ReadItem& read_item) {
  std::vector<T> out;
  const bj::value* v = body.if_contains(field);
  if (v == nullptr || v->is_null()) {
    return out;
  }
  if (!v->is_array() || v->as_array().size() > max) {
    return bad;
  }
  for (const auto& item : v->as_array()) {
    auto read = read_item(item);
    if (!read) {
      return bad;
    }
    out.push_back(std::move(*read));
  }
  return out;
}

Result<std::vector<int64_t>> id_list(const bj::object& body, std::string_view field,
                                     size_t max = 1000) {
  return optional_list<int64_t>(
      body, field, max,
      Error::invalid(std::string(field), "invalid_ids",
                     std::string(field) + " must be an array of id strings"),
      [](const bj::value& item) {
        return item.is_string() ? parse_id(item.as_string()) : std::nullopt;
      });
}

Result<std::vector<std::string>> read_tags(const bj::object& body) {
  return optional_list<std::string>(
      body, "tags", 10,
      Error::invalid("tags", "invalid_tags", "tags must be up to 10 short strings"),
      [](const bj::value& t) -> std::optional<std::string> {
        if (!t.is_string() || t.as_string().empty() ||
            json::count_code_points(t.as_string()) > 20) {
          return std::nullopt;
        }
        return std::string(t.as_string());
      });
}

// Prizes in the order given; a prize without a tier takes the one after the prize before.
Result<std::vector<campaign::Prize>> read_prizes(const bj::object& body) {
  const bj::value* prizes = body.if_contains("prizes");
  if (prizes == nullptr || !prizes->is_array()) {
    return Error::invalid("prizes", "required", "prizes must be an array");
  }
  std::vector<campaign::Prize> out;
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
    // Their lengths and the kind are checked by campaign::create, naming the prize.
    for (auto [field, text] : {std::pair{"supplier_name", &prize.supplier_name},
                               std::pair{"produce_name", &prize.produce_name},
                               std::pair{"produce_kind", &prize.produce_kind}}) {
      GH_ASSIGN(auto value, json::optional_string(p, field, 1000));
      *text = value.value_or("");
    }
    out.push_back(std::move(prize));
  }
  return out;
}

Result<std::vector<campaign::Slot>> read_slots(const bj::object& body) {
  std::vector<campaign::Slot> out;
  const bj::value* slots = body.if_contains("slots");
  if (slots == nullptr || slots->is_null()) {
    return out;
  }
  if (!slots->is_array() || slots->as_array().size() > 200) {
    return Error::invalid("slots", "invalid_slots", "slots must be an array of up to 200");
  }
  for (const auto& item : slots->as_array()) {
    if (!item.is_object()) {
      return Error::invalid("slots", "invalid_slots", "each slot must be an object");
    }
    const bj::object& o = item.as_object();
    auto starts = required_time(o, "starts_at");
    auto ends = required_time(o, "ends_at");
    auto capacity = json::required_integer(o, "capacity", 1, 100'000);
    if (!starts.ok() || !ends.ok() || !capacity.ok()) {
      return Error::invalid("slots", "invalid_slots",
                            "each slot needs starts_at, ends_at (RFC 3339) and a capacity "
                            "between 1 and 100000");
    }
    out.push_back({0, *starts, *ends, *capacity, 0});
  }
  return out;
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
  GH_ASSIGN(in.tags, read_tags(body));
  GH_ASSIGN(in.opens_at, required_time(body, "opens_at"));
  GH_ASSIGN(in.closes_at, required_time(body, "closes_at"));
  GH_ASSIGN(auto cost, json::optional_integer(body, "points_cost", 0, 1'000'000));
  in.points_cost = cost.value_or(0);
  GH_ASSIGN(auto limit, json::optional_integer(body, "per_member_limit", 1, 1000));
  in.per_member_limit = limit.value_or(1);
  GH_ASSIGN(in.one_prize_per_member, json::optional_bool(body, "one_prize_per_member", true));
  GH_ASSIGN(auto days, json::optional_integer(body, "voucher_valid_days", 1, 3660));
  in.voucher_valid_days = days.value_or(30);
  GH_ASSIGN(in.prizes, read_prizes(body));
  GH_ASSIGN(auto cancel_before, json::optional_integer(body, "cancel_before_minutes", 0, 43200));
  in.cancel_before_minutes = cancel_before.value_or(120);
  GH_ASSIGN(in.slots, read_slots(body));
  // After the fields above and before create()'s own checks: a request with several faults
  // is told of the first in that order.
  const std::optional<campaign::Kind> parsed = parse_enum<campaign::Kind>(kind);
  if (!parsed) {
    return Error::invalid("kind", "invalid_kind",
                          "kind must be lottery, claim, booking or distribution");
  }
  in.kind = *parsed;
  return in;
}

// The entry a member asks for: tickets (default 1) or a booking's slot_id; no body is 1 ticket.
Result<campaign::EntryRequest> read_entry(const http::Request& request) {
  campaign::EntryRequest entry;
  entry.member_id = member_of(request);
  GH_ASSIGN(entry.campaign_id, path_id(request, "id"));
  if (!request.json.is_null()) {
    GH_ASSIGN(const bj::object* body, body_object(request));
    GH_ASSIGN(auto slot, json::optional_id(*body, "slot_id"));
    entry.slot_id = slot.value_or(0);
    GH_ASSIGN(auto tickets, json::optional_integer(*body, "tickets", 1, 1000));
    entry.tickets = tickets.value_or(1);
  }
  return entry;
}

// ---- Handlers for administrators -------------------------------------------------------------

http::Response create_campaign(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(campaign::CampaignInput input, read_input(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(campaign::Campaign c, campaign::create(tx, caller(request), input));
    return http::Response::json(201, render(c, Timestamp::now().ms));
  });
}

http::Response publish_campaign(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(campaign::Campaign c, campaign::publish(tx, caller(request), id));
    return http::Response::ok(render(c, Timestamp::now().ms));
  });
}

http::Response cancel_campaign(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(campaign::Cancelled done, campaign::cancel(tx, caller(request), id));
    bj::object out = render(done.campaign, Timestamp::now().ms);
    out["refunded_entries"] = done.refunded;
    return http::Response::ok(out);
  });
}

http::Response close_campaign_early(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  std::string reason;  // its absence is told by campaign::close_early, naming "reason"
  if (!request.json.is_null()) {
    GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
    GH_ASSIGN_OR_RENDER(auto value, json::optional_string(*body, "reason", 1000));
    reason = value.value_or("");
  }
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const int64_t now = Timestamp::now().ms;
    GH_ASSIGN(campaign::Campaign c, campaign::close_early(tx, caller(request), id, reason, now));
    return http::Response::ok(render(c, now));
  });
}

http::Response distribute(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  campaign::DistributionInput input;
  GH_ASSIGN_OR_RENDER(auto org_id, json::optional_id(*body, "org_id"));
  input.org_id = org_id.value_or(0);
  GH_ASSIGN_OR_RENDER(input.member_ids, id_list(*body, "member_ids", 10000));
  const std::string key(request.header("idempotency-key").value_or(""));
  GH_ASSIGN_OR_RENDER(campaign::Distribution d,
                      campaign::distribute(*app.db, caller(request), id, input, key));
  http::Response response = http::Response::json(d.replayed ? 200 : 201, render(d));
  if (d.replayed) {
    response.set_header("Idempotent-Replayed", "true");
  }
  return response;
}

http::Response draw(app::App& app, http::Request& request) {
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
}

// ---- Handlers for members and everyone -------------------------------------------------------

// Members see what they may enter, admins their subtree.
http::Response list_campaigns(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 50, 200));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(campaign::CampaignPage found,
              campaign::list(tx, caller(request), page.after_id, page.limit));
    return render(found, Timestamp::now().ms);
  });
}

http::Response get_campaign(app::App& app, http::Request& request) {
  return read_by_id(app, request, campaign::get,
                    [](const campaign::Campaign& c) { return render(c, Timestamp::now().ms); });
}

// GET /api/v1/campaigns/{id}/winners: who won a drawn lottery, masked (张*梅, 138****0001).
http::Response list_winners(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(auto found, campaign::winners(tx, caller(request), id, 1000));
    return bj::object{{"items", render_items(found, [](const campaign::Winner& w) {
                         return bj::object{{"tier", w.tier},
                                           {"prize_name", w.prize_name},
                                           {"name", mask_name(w.member_name)},
                                           {"phone", mask_phone(w.member_phone)}};
                       })}};
  });
}

http::Response cancel_booking(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(int64_t entry_id, path_id(request, "entry_id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const int64_t now = Timestamp::now().ms;
    GH_ASSIGN(campaign::Entry e,
              campaign::cancel_booking(tx, member_of(request), id, entry_id, now));
    return http::Response::ok(render(e, now));
  });
}

http::Response my_entries(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(std::vector<campaign::Entry> entries, campaign::my_entries(tx, caller(request), id));
    const int64_t now = Timestamp::now().ms;
    return bj::object{{"items", render_items(entries, [now](const campaign::Entry& e) {
                         return render(e, now);
                       })}};
  });
}

http::Response audit_bundle(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) { return campaign::audit_bundle(tx, id); });
}

// ---- Entering: the crowd's route ------------------------------------------------------------

// The values of the entry counters' labels, in the order they are registered.
enum class EntryKind : size_t { kLottery, kBooking, kClaim };
enum class ClaimResult : size_t { kWon, kSoldOut };

// What an entry came to, for the counters. Set, not incremented, inside the transaction:
// PostgreSQL may run it again.
struct EntryOutcome {
  std::optional<EntryKind> kind;  // what was written
  bool sold_out = false;

  void record(const Result<campaign::Entry>& entered) {
    sold_out = !entered.ok() && entered.error().code == "sold_out";
    if (entered.ok()) {
      kind = entered->slot_id   ? EntryKind::kBooking
             : entered->voucher ? EntryKind::kClaim
                                : EntryKind::kLottery;
    }
  }
};

// What the entry route keeps between requests: where entries are written, and the counters
// (counted once the answer is known; replays and failures other than sold_out are not).
struct EntryRoute {
  explicit EntryRoute(app::App& app)
      : desk(app.db ? std::make_unique<campaign::EntryDesk>(*app.db) : nullptr),
        entries(app.metrics.counter_family("gonghui_campaign_entries_total",
                                           "lottery entries, bookings and claims written", {"kind"},
                                           {{"lottery", "booking", "claim"}})),
        claims(app.metrics.counter_family("gonghui_campaign_claims_total",
                                          "giveaway claims by result", {"result"},
                                          {{"won", "sold_out"}})) {}

  void count(const EntryOutcome& outcome, const http::Response& response) {
    if (response.status == 201 && outcome.kind) {
      entries.at({static_cast<size_t>(*outcome.kind)}).inc();
      if (*outcome.kind == EntryKind::kClaim) {
        claims.at({static_cast<size_t>(ClaimResult::kWon)}).inc();
      }
    } else if (outcome.sold_out) {
      claims.at({static_cast<size_t>(ClaimResult::kSoldOut)}).inc();
    }
  }

  std::unique_ptr<campaign::EntryDesk> desk;  // none where the app has no database
  metrics::CounterFamily& entries;
  metrics::CounterFamily& claims;
};

// With an Idempotency-Key the entry runs in the idempotent write that keeps its answer;
// without one, the entry desk writes it, with the crowd's where it can.
void enter(app::App& app, EntryRoute& route, http::Request& request, http::Respond respond) {
  GH_ASSIGN_OR_RESPOND(campaign::EntryRequest entry, read_entry(request), respond);
  auto outcome = std::make_shared<EntryOutcome>();
  auto answer = [&route, outcome, respond = std::move(respond)](http::Response response) {
    route.count(*outcome, response);
    respond(std::move(response));
  };
  if (const auto key = request.header("idempotency-key"); key && !key->empty()) {
    idempotent_write_async(
        app, request,
        [entry, outcome](store::Tx& tx) -> Result<http::Response> {
          const int64_t now = Timestamp::now().ms;
          auto entered = campaign::take_part(tx, entry, now);
          outcome->record(entered);
          GH_ASSIGN(campaign::Entry e, std::move(entered));
          return http::Response::json(201, render(e, now));
        },
        std::move(answer));
    return;
  }
  route.desk->submit(
      entry, [outcome, answer = std::move(answer)](Result<campaign::Entry> entered, int64_t now) {
        outcome->record(entered);
        answer(entered.ok() ? http::Response::json(201, render(*entered, now))
                            : error(entered.error()));
      });
}

}  // namespace

void register_campaigns(http::Router& router, app::App& app) {
  router.add("POST", "/api/v1/campaigns", kAdmins, handle(app, create_campaign));
  // Merchant staff have campaigns of their own nowhere, so the list is not theirs.
  router.add("GET", "/api/v1/campaigns", kMembersAndAdmins, handle(app, list_campaigns));
  router.add("GET", "/api/v1/campaigns/{id}", http::Access::signed_in(), handle(app, get_campaign));
  router.add("GET", "/api/v1/campaigns/{id}/winners", http::Access::signed_in(),
             handle(app, list_winners));
  router.add("POST", "/api/v1/campaigns/{id}/publish", kAdmins, handle(app, publish_campaign));
  router.add("POST", "/api/v1/campaigns/{id}/cancel", kAdmins, handle(app, cancel_campaign));
  router.add("POST", "/api/v1/campaigns/{id}/close", kAdmins, handle(app, close_campaign_early));
  // The crowd's route: on SQLite it runs on the I/O thread and its write is answered when the
  // group commit that holds it is durable, so a waiting entry holds no thread.
  const http::Runs entry_runs =
      app.db && app.db->writes_asynchronously() ? http::Runs::kInline : http::Runs::kWorker;
  auto route = std::make_shared<EntryRoute>(app);
  router.add_async(
      "POST", "/api/v1/campaigns/{id}/entries", kMembers,
      [&app, route](http::Request& request, http::Respond respond) {
        enter(app, *route, request, std::move(respond));
      },
      entry_runs);
  router.add("POST", "/api/v1/campaigns/{id}/entries/{entry_id}/cancel", kMembers,
             handle(app, cancel_booking));
  router.add("POST", "/api/v1/campaigns/{id}/distribute", kAdmins, handle(app, distribute));
  router.add("GET", "/api/v1/campaigns/{id}/my-entries", kMembers, handle(app, my_entries));
  router.add("POST", "/api/v1/campaigns/{id}/draw", kAdmins, handle(app, draw));
  router.add("GET", "/api/v1/campaigns/{id}/audit", http::Access::public_route(),
             handle(app, audit_bundle));
}

}  // namespace gonghui::api
