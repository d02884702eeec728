// What the handlers of news articles (api/news.cpp) and model workers' profiles
// (api/model_workers.cpp) share: the routes of their one review workflow, paging, links, and
// the review fields every admin view renders. Times here are UTC milliseconds (numbers).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "api/support.hpp"
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
// An admin list's filter from the query: status, q and the page (category and level are the
// caller's). 400 status (invalid_status).
Result<news::ManageFilter> manage_filter(const http::Request& request);
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

// What an admin's view of an item is rendered by: the item read with its detail for the
// caller (Forbidden outside scope).
using RenderForAdmin = Result<boost::json::object> (*)(store::Tx& tx, const Principal& admin,
                                                       int64_t id);
// POST …/{id}/submit|approve|return|publish|withdraw and DELETE …/{id}/revision: reads what
// the step needs from the body (reason, publish_at), takes it in one write (Idempotency-Key
// honoured) and answers the item as the admin now sees it.
http::Response take_review_step(app::App& app, http::Request& request, news::ItemType type,
                                news::Action action, RenderForAdmin render);
// Registers the workflow's routes under `base` (e.g. /api/v1/news) for admins, each handled
// by step(app, request, action).
using StepHandler = http::Response (*)(app::App&, http::Request&, news::Action);
void register_review_steps(http::Router& router, app::App& app, const std::string& base,
                           StepHandler step);

// ArticleCard and ModelWorkerCard, as readers' lists show them.
boost::json::object render_article_card(const news::ArticleCard& card);
boost::json::object render_model_worker_card(const news::ModelWorkerCard& card);

// The caller of a public route, nullptr when anonymous.
const Principal* reader_of(const http::Request& request);

}  // namespace gonghui::api
