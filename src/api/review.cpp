// The review workflow's routes and the rendering articles and profiles share.
#include "api/review.hpp"

#include <charconv>

#include "api/json_render.hpp"
#include "app/app.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"

namespace gonghui::api {

namespace bj = boost::json;

namespace {

// A whole number in query parameter `name` within [min, max], else `fallback` when absent.
Result<int64_t> query_number(const http::Request& request, std::string_view name, int64_t min,
                             int64_t max, int64_t fallback) {
  const std::string_view text = request.query_param(name).value_or("");
  if (text.empty()) return fallback;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n < min || n > max) {
    return Error::invalid(std::string(name), "invalid_field",
                          std::string(name) + " must be a number from " + std::to_string(min) +
                              " to " + std::to_string(max));
  }
  return n;
}

}  // namespace

Result<news::PageRequest> page_request(const http::Request& request) {
  news::PageRequest page;
  GH_ASSIGN(page.page, query_number(request, "page", 1, 100000, 1));
  GH_ASSIGN(page.page_size, query_number(request, "page_size", 1, news::kMaxPageSize, 20));
  return page;
}

Result<news::ManageFilter> manage_filter(const http::Request& request, news::ItemType type) {
  news::ManageFilter filter;
  GH_ASSIGN(filter.status, query_enum<news::ItemStatus>(request, "status"));
  if (type == news::ItemType::kArticle) {
    GH_ASSIGN(filter.category, query_enum<news::Category>(request, "category"));
  } else {
    GH_ASSIGN(filter.level, query_enum<news::Level>(request, "level"));
  }
  filter.q = json::to_valid_utf8(request.query_param("q").value_or(""));
  GH_ASSIGN(filter.page, page_request(request));
  return filter;
}

Result<std::vector<news::LinkRef>> links_input(const bj::object& body) {
  std::vector<news::LinkRef> out;
  const bj::value* links = body.if_contains("links");
  if (links == nullptr || links->is_null()) return out;
  if (!links->is_array()) {
    return Error::invalid("links", "invalid_field", "links must be a list of {kind, id}");
  }
  for (const bj::value& item : links->get_array()) {
    if (!item.is_object()) {
      return Error::invalid("links", "invalid_field", "links must be a list of {kind, id}");
    }
    const bj::object& link = item.get_object();
    const bj::value* kind = link.if_contains("kind");
    auto parsed =
        kind && kind->is_string() ? parse_enum<news::LinkKind>(kind->get_string()) : std::nullopt;
    if (!parsed) {
      return Error::invalid(
          "links", "invalid_link_kind",
          "a link's kind is campaign, merchant, product, model_worker or article");
    }
    auto id = json::required_id(link, "id");
    if (!id.ok()) {
      return Error::invalid("links", "invalid_field", "a link's id must be an id string");
    }
    out.push_back({*parsed, *id});
  }
  return out;
}

bj::array render_links(const std::vector<news::Link>& links) {
  return render_items(links, [](const news::Link& link) {
    bj::object out{
        {"kind", enum_name(link.kind)}, {"id", id_string(link.id)}, {"title", link.title}};
    if (link.kind == news::LinkKind::kProduct) {
      out["merchant_id"] = optional_id_json(link.merchant_id);
    }
    return out;
  });
}

bj::value optional_ms(int64_t ms) { return ms == 0 ? bj::value(nullptr) : bj::value(ms); }

void merge(bj::object& out, bj::object more) {
  for (auto& field : more) {
    out[field.key()] = std::move(field.value());
  }
}

void add_review(bj::object& out, const news::Review& review) {
  merge(out, {{"status", enum_name(review.status)},
              {"org", bj::object{{"id", id_string(review.org_id)}, {"name", review.org_name}}},
              {"org_id", id_string(review.org_id)},
              {"author_name", review.author_name},
              {"author_account_id", id_string(review.author_account_id)},
              {"return_reason", review.return_reason},
              {"withdraw_reason", review.withdraw_reason},
              {"publish_at", optional_ms(review.publish_at)},
              {"published_at", optional_ms(review.published_at)},
              {"created_at", review.created_at},
              {"updated_at", review.updated_at}});
}

void add_review_detail(bj::object& out, news::RevisionStatus revision_status, bool can_approve,
                       const std::vector<news::Step>& steps) {
  out["revision_status"] = enum_name(revision_status);
  out["can_approve"] = can_approve;
  out["steps"] = render_items(steps, [](const news::Step& step) {
    return bj::object{{"action", step.action},
                      {"actor_name", step.actor_name},
                      {"at", step.at},
                      {"reason", step.reason}};
  });
}

void add_revision_state(bj::object& out, const news::RevisionState& state) {
  merge(out, {{"status", enum_name(state.status)},
              {"author_name", state.author_name},
              {"return_reason", state.return_reason},
              {"updated_at", state.updated_at}});
}

Result<news::StepInput> step_input(const http::Request& request, news::Action action) {
  GH_ASSIGN(const bj::object* body, body_object(request));
  news::StepInput input;
  if (action == news::Action::kReturn || action == news::Action::kWithdraw) {
    GH_ASSIGN(std::optional<std::string> reason,
              json::optional_string(*body, "reason", news::kMaxReasonChars));
    input.reason = reason.value_or("");
  }
  if (action == news::Action::kPublish) {
    GH_ASSIGN(std::optional<int64_t> at,
              json::optional_integer(*body, "publish_at", 1, json::kMaxSafeInteger));
    input.publish_at = at.value_or(0);
  }
  return input;
}

bj::object render_article_card(const news::ArticleCard& card) {
  return {{"id", id_string(card.id)},
          {"title", card.title},
          {"summary", card.summary},
          {"category", enum_name(card.category)},
          {"cover_photo_id", optional_id_json(card.cover_photo_id)},
          {"org_name", card.org_name},
          {"published_at", optional_ms(card.published_at)},
          {"read_count", card.read_count},
          {"pinned", card.pinned}};
}

bj::object render_model_worker_card(const news::ModelWorkerCard& card) {
  return {{"id", id_string(card.id)},
          {"name", card.name},
          {"honour", card.honour},
          {"level", enum_name(card.level)},
          {"honour_year", card.honour_year},
          {"field", card.field},
          {"photo_id", optional_id_json(card.photo_id)},
          {"intro", card.intro},
          {"org_name", card.org_name},
          {"has_studio", card.has_studio}};
}

const Principal* reader_of(const http::Request& request) {
  return request.principal ? &*request.principal : nullptr;
}

}  // namespace gonghui::api
