// Messages: a member's own messages (list, unread count, reading), 开始提醒 on a campaign, and
// admins' notices to a subtree (preview, send, list with read counts).
#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/chunked/chunked.hpp"
#include "domain/message/message.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;

// A notice answers once delivered or after this long (then 202; it finishes in the background).
constexpr int64_t kNoticeInlineMs = 1000;

bj::object render(const message::Message& m) {
  return {{"id", id_string(m.id)},
          {"kind", m.kind},
          {"title", m.title},
          {"body", m.body},
          {"link", m.link},
          {"read", m.read_at != 0},
          {"created_at", format_rfc3339(Timestamp{m.created_at})},
          {"read_at", optional_time_json(m.read_at)}};
}

bj::object render(const message::Notice& n) {
  return {{"id", id_string(n.id)},
          {"org_id", id_string(n.org_id)},
          {"title", n.title},
          {"body", n.body},
          {"link", n.link},
          {"status", n.done ? "done" : "running"},
          {"recipients", n.recipients},
          {"delivered", n.delivered},
          {"read", n.read},
          {"created_at", format_rfc3339(Timestamp{n.created_at})},
          {"finished_at", optional_time_json(n.finished_at)}};
}

// GET /api/v1/me/messages?unread=true
http::Response list_own_messages(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 20, 100));
  const std::string unread(request.query_param("unread").value_or("false"));
  if (unread != "true" && unread != "false") {
    return error(Error::invalid("unread", "invalid_field", "unread must be true or false"));
  }
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(message::MessagePage messages,
              message::list(tx, member_of(request), page.after_id, page.limit, unread == "true"));
    return render_page(messages.items, messages.next_cursor,
                       [](const message::Message& m) { return render(m); });
  });
}

// GET /api/v1/me/messages/unread-count
http::Response count_own_unread(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(int64_t unread, message::unread_count(tx, member_of(request)));
    return bj::object{{"unread", unread}};
  });
}

// POST /api/v1/me/messages/{id}/read
http::Response read_own_message(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(message::Message m,
              message::mark_read(tx, member_of(request), id, Timestamp::now().ms));
    return http::Response::ok(render(m));
  });
}

// POST /api/v1/me/messages/read-all
http::Response read_all_own_messages(app::App& app, http::Request& request) {
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(int64_t marked, message::mark_all_read(tx, member_of(request), Timestamp::now().ms));
    return http::Response::ok(bj::object{{"marked", marked}, {"unread", 0}});
  });
}

// GET /api/v1/campaigns/{id}/reminder
http::Response get_reminder(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(bool on, message::reminded(tx, caller(request), id));
    return bj::object{{"reminded", on}};
  });
}

// PUT (ask) and DELETE (stop asking) /api/v1/campaigns/{id}/reminder
http::Response set_reminder(app::App& app, http::Request& request, bool on) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(bool now_on, message::set_reminder(tx, caller(request), id, on, Timestamp::now().ms));
    return http::Response::ok(bj::object{{"reminded", now_on}});
  });
}

Result<message::NoticeInput> read_notice_input(const http::Request& request) {
  GH_ASSIGN(const bj::object* body, body_object(request));
  message::NoticeInput input;
  GH_ASSIGN(std::optional<int64_t> org_id, json::optional_id(*body, "org_id"));
  input.org_id = org_id.value_or(0);
  GH_ASSIGN(input.title, json::required_string(*body, "title", message::kMaxTitle));
  GH_ASSIGN(input.body, json::required_string(*body, "body", message::kMaxBody));
  GH_ASSIGN(std::optional<std::string> link,
            json::optional_string(*body, "link", message::kMaxLink));
  input.link = link.value_or("");
  return input;
}

// POST /api/v1/notices/preview: how many members the notice would reach.
http::Response preview_notice(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(message::NoticeInput input, read_notice_input(request));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(int64_t recipients, message::preview_notice(tx, caller(request), input));
    return bj::object{{"recipients", recipients}};
  });
}

// POST /api/v1/notices: recorded, then delivered here when small; a large one answers 202 and
// goes on in the background.
http::Response send_notice(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(message::NoticeInput input, read_notice_input(request));
  const std::string key(request.header("idempotency-key").value_or(""));
  GH_ASSIGN_OR_RENDER(message::Notice notice, chunked::start(*app.db, [&](store::Tx& tx) {
                        return message::start_notice(tx, caller(request), input, key);
                      }));
  const bool replayed = notice.replayed;
  if (!notice.done) {
    auto ran = message::deliver_notice(*app.db, notice.id, Timestamp::now().ms + kNoticeInlineMs);
    if (ran.ok()) {
      notice = std::move(ran).value();
    }
    if (!notice.done && app.messages) {
      app.messages->submit(notice.id);
    }
  }
  http::Response response = http::Response::json(notice.done ? 201 : 202, render(notice));
  if (replayed) {
    response.set_header("Idempotent-Replayed", "true");
  }
  return response;
}

// GET /api/v1/notices
http::Response list_notices(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(Paging page, paging(request));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(message::NoticePage notices,
              message::list_notices(tx, caller(request), page.after_id, page.limit));
    return render_page(notices.items, notices.next_cursor,
                       [](const message::Notice& n) { return render(n); });
  });
}

// GET /api/v1/notices/{id}
http::Response get_notice(app::App& app, http::Request& request) {
  return read_by_id(app, request, message::get_notice,
                    [](const message::Notice& n) { return render(n); });
}

}  // namespace

void register_messages(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/me/messages", kMembers, handle(app, list_own_messages));
  router.add("GET", "/api/v1/me/messages/unread-count", kMembers, handle(app, count_own_unread));
  router.add("POST", "/api/v1/me/messages/{id}/read", kMembers, handle(app, read_own_message));
  router.add("POST", "/api/v1/me/messages/read-all", kMembers, handle(app, read_all_own_messages));

  router.add("GET", "/api/v1/campaigns/{id}/reminder", kMembers, handle(app, get_reminder));
  router.add("PUT", "/api/v1/campaigns/{id}/reminder", kMembers, handle(app, set_reminder, true));
  router.add("DELETE", "/api/v1/campaigns/{id}/reminder", kMembers,
             handle(app, set_reminder, false));

  router.add("GET", "/api/v1/notices", kAdmins, handle(app, list_notices));
  router.add("POST", "/api/v1/notices", kAdmins, handle(app, send_notice));
  router.add("POST", "/api/v1/notices/preview", kAdmins, handle(app, preview_notice));
  router.add("GET", "/api/v1/notices/{id}", kAdmins, handle(app, get_notice));
}

}  // namespace gonghui::api
