// 我的: favourite merchants, the member's entries across campaigns, feedback (sent by members,
// answered by admins) and the federation's service hotline.
#include "domain/mine/mine.hpp"
#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;

// Feedback a member may send in a day.
constexpr int kFeedbackPerDay = 10;
constexpr int64_t kDayMs = 24LL * 3600 * 1000;

bj::object render(const mine::Favourite& f) {
  return {{"merchant_id", std::to_string(f.merchant_id)},
          {"name", f.name},
          {"category", f.category},
          {"address", f.address},
          {"photo_ids", ids_json(f.photo_ids)},
          {"created_at", optional_time_json(f.created_at)}};
}

bj::object render(const mine::MyEntry& e) {
  return {{"id", std::to_string(e.id)},
          {"campaign_id", std::to_string(e.campaign_id)},
          {"campaign_title", e.campaign_title},
          {"campaign_kind", e.campaign_kind},
          {"tickets", e.tickets},
          {"points", e.points},
          {"slot_starts_at", optional_time_json(e.slot_starts_at)},
          {"slot_ends_at", optional_time_json(e.slot_ends_at)},
          {"vouchers", e.vouchers},
          {"state", enum_name(e.state)},
          {"created_at", optional_time_json(e.created_at)}};
}

// `for_admin`: the sender's masked name and phone (admins answer; they need not see more).
bj::object render(const mine::Feedback& f, bool for_admin) {
  bj::object out{{"id", std::to_string(f.id)},
                 {"org_id", std::to_string(f.org_id)},
                 {"org_name", f.org_name},
                 {"body", f.body},
                 {"photo_id", optional_id_json(f.photo_id)},
                 {"status", enum_name(f.status)},
                 {"answer", f.answer},
                 {"answered_at", optional_time_json(f.answered_at)},
                 {"created_at", optional_time_json(f.created_at)}};
  if (for_admin) {
    out["member_name"] = mask_name(f.member_name);
    out["member_phone"] = mask_phone(f.member_phone);
    out["answered_by_name"] = f.answered_by_name;
  }
  return out;
}

// GET /api/v1/me/favourites
http::Response list_favourites(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(std::vector<mine::Favourite> items, mine::favourites(tx, caller(request)));
    return bj::object{
        {"items", render_items(items, [](const mine::Favourite& f) { return render(f); })}};
  });
}

// POST and DELETE /api/v1/me/favourites/{merchant_id}
http::Response set_favourite(app::App& app, http::Request& request, bool marked) {
  GH_ASSIGN_OR_RENDER(int64_t merchant_id, path_id(request, "merchant_id"));
  Status status = app.db->write([&](store::Tx& tx) -> Status {
    return marked ? mine::add_favourite(tx, caller(request), merchant_id, Timestamp::now().ms)
                  : mine::remove_favourite(tx, caller(request), merchant_id);
  });
  if (!status.ok()) {
    return error(status.error());
  }
  return http::Response::ok(
      bj::object{{"merchant_id", std::to_string(merchant_id)}, {"favourite", marked}});
}

// GET /api/v1/me/favourites/{merchant_id}
http::Response get_favourite(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t merchant_id, path_id(request, "merchant_id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(bool marked, mine::is_favourite(tx, caller(request), merchant_id));
    return bj::object{{"merchant_id", std::to_string(merchant_id)}, {"favourite", marked}};
  });
}

// GET /api/v1/me/entries
http::Response list_my_entries(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 20, 100));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(mine::EntryPage result,
              mine::my_entries(tx, caller(request), page.after_id, page.limit));
    return render_page(result.items, result.next_cursor,
                       [](const mine::MyEntry& e) { return render(e); });
  });
}

// POST /api/v1/me/feedback
http::Response send_feedback(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  // Length is the domain's rule; the reader only bounds what it copies.
  GH_ASSIGN_OR_RENDER(std::string text, json::required_string(*body, "body", 2000));
  GH_ASSIGN_OR_RENDER(std::optional<int64_t> photo_id, json::optional_id(*body, "photo_id"));
  const auth::Limit per_member{"feedback", kFeedbackPerDay, kDayMs};
  if (auto limited = take_limit(app, per_member, std::to_string(member_of(request)))) {
    return std::move(*limited);
  }
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(mine::Feedback sent, mine::send_feedback(tx, caller(request), text,
                                                       photo_id.value_or(0), Timestamp::now().ms));
    return http::Response::json(201, render(sent, false));
  });
}

// GET /api/v1/me/feedback
http::Response list_my_feedback(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(std::vector<mine::Feedback> items, mine::my_feedback(tx, caller(request)));
    return bj::object{
        {"items", render_items(items, [](const mine::Feedback& f) { return render(f, false); })}};
  });
}

// GET /api/v1/feedback
http::Response list_feedback(app::App& app, http::Request& request) {
  mine::FeedbackFilter filter;
  if (auto status = request.query_param("status"); status && !status->empty()) {
    auto parsed = parse_enum<mine::FeedbackStatus>(*status);
    if (!parsed) {
      return error(Error::invalid("status", "invalid_status", "status is open or answered"));
    }
    filter.status = *parsed;
  }
  GH_ASSIGN_OR_RENDER(Paging page, paging(request));
  filter.before_id = page.after_id;
  filter.limit = page.limit;
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(mine::FeedbackPage result, mine::list_feedback(tx, caller(request), filter));
    return render_page(result.items, result.next_cursor,
                       [](const mine::Feedback& f) { return render(f, true); });
  });
}

// POST /api/v1/feedback/{id}/answer
http::Response answer_feedback(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string answer, json::required_string(*body, "answer", 2000));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(mine::Feedback answered,
              mine::answer_feedback(tx, caller(request), id, answer, Timestamp::now().ms));
    return http::Response::ok(render(answered, true));
  });
}

// GET /api/v1/settings/hotline
http::Response get_hotline(app::App& app, http::Request&) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(std::string number, mine::hotline(tx));
    return bj::object{{"hotline", number}};
  });
}

// PUT /api/v1/settings/hotline
http::Response put_hotline(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string number, json::required_string(*body, "hotline", 40));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(std::string stored, mine::set_hotline(tx, caller(request), number));
    return http::Response::ok(bj::object{{"hotline", stored}});
  });
}

}  // namespace

void register_mine(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/me/favourites", kMembers, handle(app, list_favourites));
  router.add("GET", "/api/v1/me/favourites/{merchant_id}", kMembers, handle(app, get_favourite));
  router.add("POST", "/api/v1/me/favourites/{merchant_id}", kMembers,
             handle(app, set_favourite, true));
  router.add("DELETE", "/api/v1/me/favourites/{merchant_id}", kMembers,
             handle(app, set_favourite, false));
  router.add("GET", "/api/v1/me/entries", kMembers, handle(app, list_my_entries));
  router.add("POST", "/api/v1/me/feedback", kMembers, handle(app, send_feedback));
  router.add("GET", "/api/v1/me/feedback", kMembers, handle(app, list_my_feedback));
  router.add("GET", "/api/v1/feedback", kAdmins, handle(app, list_feedback));
  router.add("POST", "/api/v1/feedback/{id}/answer", kAdmins, handle(app, answer_feedback));
  router.add("GET", "/api/v1/settings/hotline", http::Access::signed_in(),
             handle(app, get_hotline));
  router.add("PUT", "/api/v1/settings/hotline", http::Access::of({Role::kPlatformAdmin}),
             handle(app, put_hotline));
}

}  // namespace gonghui::api
