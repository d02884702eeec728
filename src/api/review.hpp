// What the handlers of news articles (api/news.cpp) and model workers' profiles
// (api/model_workers.cpp) share: the routes of their one review workflow, paging, links, and
// the review fields every admin view renders. Times here are UTC milliseconds (numbers).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "api/support.hpp"
#include "core/time.hpp"
#include "domain/news/news.hpp"

namespace gonghui::api {

// `page` (from 1, default 1) and `page_size` (1..100, default 20) from the query; 400 naming
// the field (invalid_field).
Result<news::PageRequest> page_request(const http::Request& request);
// `{items, total, page, page_size}`.
template <class T, class Render>
boost::json::object render_news_page(const news::Page<T>& page, const Render& render) {
  return {{"items", render_items(page.items, render)},
          {"total", page.total},
          {"page", page.page},
          {"page_size", page.page_size}};
}
// An admin list's filter from the query: status, q, the page, and category (articles) or
// level (profiles). 400 naming the field (invalid_status, invalid_category, invalid_level).
Result<news::ManageFilter> manage_filter(const http::Request& request, news::ItemType type);
// An enum from query parameter `name` (absent or empty: nullopt); 400 naming it otherwise.
template <class E>
Result<std::optional<E>> query_enum(const http::Request& request, std::string_view name) {
  const std::string_view text = request.query_param(name).value_or("");
  if (text.empty()) return std::optional<E>{};
  auto value = parse_enum<E>(text);
  if (!value) {
    return Error::invalid(std::string(name), "invalid_" + std::string(name),
                          "unknown " + std::string(name));
  }
  return value;
}

// `links: [{kind, id}]` of a body (absent: none); 400 links (invalid_field, invalid_link_kind).
Result<std::vector<news::LinkRef>> links_input(const boost::json::object& body);
// `[{kind, id, title}]`, a product's with its merchant_id.
boost::json::array render_links(const std::vector<news::Link>& links);
// A time in UTC ms; 0 (never) is null.
boost::json::value optional_ms(int64_t ms);
// Adds the review state every admin view of an item has: status, org {id, name}, org_id,
// author_name, author_account_id, return_reason, withdraw_reason, publish_at, published_at,
// created_at, updated_at.
void add_review(boost::json::object& out, const news::Review& review);
// Adds the detail's revision_status, can_approve and steps.
void add_review_detail(boost::json::object& out, news::RevisionStatus revision_status,
                       bool can_approve, const std::vector<news::Step>& steps);
// A revision's own state: status, author_name, return_reason, updated_at.
void add_revision_state(boost::json::object& out, const news::RevisionState& state);
// An item's detail: its list row, then its content (add_content, the live version's and the
// pending revision's), can_approve, steps and the revision.
template <class Content>
boost::json::object render_reviewed(const news::Reviewed<Content>& item, boost::json::object row,
                                    void (*add_content)(boost::json::object&, const Content&,
                                                        const std::vector<news::Link>&)) {
  add_content(row, item.content, item.links);
  add_review_detail(row, item.revision_status, item.can_approve, item.steps);
  row["revision"] = nullptr;
  if (item.revision) {
    boost::json::object revision;
    add_content(revision, item.revision->content, item.revision->links);
    add_revision_state(revision, item.revision->state);
    row["revision"] = std::move(revision);
  }
  return row;
}

// ArticleCard and ModelWorkerCard, as readers' lists show them.
boost::json::object render_article_card(const news::ArticleCard& card);
boost::json::object render_model_worker_card(const news::ModelWorkerCard& card);

// Adds the fields of `more` to `out`.
void merge(boost::json::object& out, boost::json::object more);

// ---- The admin's routes of a kind of item, the same for articles and profiles -------------

// What the admin's routes of a kind of item are made of: its input read from a request, the
// domain functions, and its renderings (a list's row, the detail).
template <class Input, class Item>
struct ReviewedRoutes {
  news::ItemType type;
  Result<Input> (*read)(const http::Request& request);
  Result<Item> (*create)(store::Tx&, const Principal&, const Input&, int64_t now);
  Result<Item> (*update)(store::Tx&, const Principal&, int64_t id, const Input&, int64_t now);
  Result<Item> (*for_admin)(store::Tx&, const Principal&, int64_t id);
  Result<news::Page<Item>> (*list)(store::Tx&, const Principal&, const news::ManageFilter&);
  boost::json::object (*render_row)(const Item&);
  boost::json::object (*render_detail)(const Item&);
};

// GET <items>/manage?status=&category=|level=&q=&page=&page_size=: a page of the admin's list.
template <class Input, class Item>
http::Response list_reviewed(app::App& app, http::Request& request,
                             const ReviewedRoutes<Input, Item>* routes) {
  GH_ASSIGN_OR_RENDER(news::ManageFilter filter, manage_filter(request, routes->type));
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(news::Page<Item> page, routes->list(tx, caller(request), filter));
    return render_news_page(page, routes->render_row);
  });
}

// POST <items>: creates the item in one write (Idempotency-Key honoured), 201.
template <class Input, class Item>
http::Response create_reviewed(app::App& app, http::Request& request,
                               const ReviewedRoutes<Input, Item>* routes) {
  GH_ASSIGN_OR_RENDER(Input input, routes->read(request));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(Item item, routes->create(tx, caller(request), input, Timestamp::now().ms));
    return http::Response::json(201, routes->render_detail(item));
  });
}

// GET <items>/{id}/manage: the item with its revision, steps and can_approve.
template <class Input, class Item>
http::Response get_reviewed(app::App& app, http::Request& request,
                            const ReviewedRoutes<Input, Item>* routes) {
  return read_by_id(app, request, routes->for_admin, routes->render_detail);
}

// PUT <items>/{id}: edits the item (or writes its revision) in one write.
template <class Input, class Item>
http::Response update_reviewed(app::App& app, http::Request& request,
                               const ReviewedRoutes<Input, Item>* routes) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(Input input, routes->read(request));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(Item item, routes->update(tx, caller(request), id, input, Timestamp::now().ms));
    return http::Response::ok(routes->render_detail(item));
  });
}

// What a step needs from the request body: reason (return, withdraw), publish_at (publish).
Result<news::StepInput> step_input(const http::Request& request, news::Action action);

template <class Input, class Item>
struct ReviewStep {
  const ReviewedRoutes<Input, Item>* routes;
  news::Action action;
};

// POST <items>/{id}/submit|approve|return|publish|withdraw, DELETE <items>/{id}/revision:
// takes the step in one write (Idempotency-Key honoured) and answers the item as the admin
// now sees it.
template <class Input, class Item>
http::Response take_review_step(app::App& app, http::Request& request,
                                ReviewStep<Input, Item> step) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(news::StepInput input, step_input(request, step.action));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const Principal& admin = caller(request);
    GH_TRY(
        news::take_step(tx, admin, step.routes->type, id, step.action, input, Timestamp::now().ms));
    GH_ASSIGN(Item item, step.routes->for_admin(tx, admin, id));
    return http::Response::ok(step.routes->render_detail(item));
  });
}

// Where each step's route is under an item's path.
struct StepPath {
  news::Action action;
  const char* method;
  const char* path;
};
inline constexpr StepPath kStepPaths[] = {
    {news::Action::kSubmit, "POST", "/submit"},
    {news::Action::kApprove, "POST", "/approve"},
    {news::Action::kReturn, "POST", "/return"},
    {news::Action::kPublish, "POST", "/publish"},
    {news::Action::kWithdraw, "POST", "/withdraw"},
    {news::Action::kDiscardRevision, "DELETE", "/revision"},
};

// Registers the admin's routes of a kind of item under `base` (e.g. /api/v1/news), for org
// and platform admins. `routes` must outlive the router.
template <class Input, class Item>
void register_reviewed(http::Router& router, app::App& app, const std::string& base,
                       const ReviewedRoutes<Input, Item>& routes) {
  router.add("GET", base + "/manage", kAdmins, handle(app, list_reviewed<Input, Item>, &routes));
  router.add("POST", base, kAdmins, handle(app, create_reviewed<Input, Item>, &routes));
  router.add("GET", base + "/{id}/manage", kAdmins,
             handle(app, get_reviewed<Input, Item>, &routes));
  router.add("PUT", base + "/{id}", kAdmins, handle(app, update_reviewed<Input, Item>, &routes));
  for (const StepPath& step : kStepPaths) {
    router.add(
        step.method, base + "/{id}" + step.path, kAdmins,
        handle(app, take_review_step<Input, Item>, ReviewStep<Input, Item>{&routes, step.action}));
  }
}

// The caller of a public route, nullptr when anonymous.
const Principal* reader_of(const http::Request& request);

}  // namespace gonghui::api
