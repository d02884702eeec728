// 工会资讯: admins write, review and publish articles (the workflow's routes are in
// api/review.cpp), import pasted text; anyone reads what their union may see.
#include "api/json_render.hpp"
#include "api/review.hpp"
#include "api/routes.hpp"
#include "app/app.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "text/markdown.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;

// An article's content fields as the editor shows them (the live version or a revision).
void add_content(bj::object& out, const news::ArticleInput& content,
                 const std::vector<news::Link>& links) {
  merge(out, {{"title", content.title},
              {"summary", content.summary},
              {"body", content.body},
              {"body_html", text::render_markdown(content.body)},
              {"category", enum_name(content.category)},
              {"cover_photo_id", optional_id_json(content.cover_photo_id)},
              {"pinned", content.pinned},
              {"org_id", id_string(content.org_id)},
              {"links", render_links(links)}});
}

// ArticleSummaryAdmin (a list's row).
bj::object render_summary(const news::Article& a) {
  bj::object out{{"id", id_string(a.id)},
                 {"title", a.content.title},
                 {"category", enum_name(a.content.category)},
                 {"pinned", a.content.pinned},
                 {"read_count", a.read_count},
                 {"revision_status", enum_name(a.revision_status)}};
  add_review(out, a.review);
  return out;
}

// ArticleAdmin (the editor's and reviewer's page).
bj::object render_admin(const news::Article& a) {
  return render_reviewed(a, render_summary(a), add_content);
}

Result<news::ArticleInput> read_input(const http::Request& request) {
  GH_ASSIGN(const bj::object* body, body_object(request));
  news::ArticleInput in;
  GH_ASSIGN(in.title, json::required_string(*body, "title", news::kMaxTitleChars));
  GH_ASSIGN(std::optional<std::string> summary,
            json::optional_string(*body, "summary", news::kMaxSummaryChars));
  in.summary = summary.value_or("");
  GH_ASSIGN(in.body, json::required_string(*body, "body", news::kMaxBodyBytes));
  GH_ASSIGN(std::string category, json::required_string(*body, "category", 40));
  auto parsed = parse_enum<news::Category>(category);
  if (!parsed) {
    return Error::invalid("category", "invalid_category",
                          "category is union_news, notice, policy, model_worker or farm_aid");
  }
  in.category = *parsed;
  GH_ASSIGN(in.org_id, json::required_id(*body, "org_id"));
  GH_ASSIGN(std::optional<int64_t> cover, json::optional_id(*body, "cover_photo_id"));
  in.cover_photo_id = cover.value_or(0);
  GH_ASSIGN(in.pinned, json::optional_bool(*body, "pinned", false));
  GH_ASSIGN(in.links, links_input(*body));
  return in;
}

// The admin's routes (api/review.hpp).
const ReviewedRoutes<news::ArticleInput, news::Article> kArticles{
    news::ItemType::kArticle, read_input,
    news::create_article,     news::update_article,
    news::article_for_admin,  news::manage_articles,
    render_summary,           render_admin};

// POST /api/v1/news/import {text, simplify, strip_pinyin}
http::Response import_article_text(app::App&, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  const bj::value* text = body->if_contains("text");
  if (text == nullptr || !text->is_string() || text->get_string().empty()) {
    return error(Error::invalid("text", "required", "paste the text to import"));
  }
  GH_ASSIGN_OR_RENDER(bool simplify, json::optional_bool(*body, "simplify", true));
  GH_ASSIGN_OR_RENDER(bool strip_pinyin, json::optional_bool(*body, "strip_pinyin", true));
  GH_ASSIGN_OR_RENDER(news::ImportedText imported,
                      news::import_text(text->get_string(), simplify, strip_pinyin));
  return http::Response::ok(bj::object{{"title", imported.title},
                                       {"summary", imported.summary},
                                       {"body", imported.body},
                                       {"had_traditional", imported.had_traditional},
                                       {"had_pinyin", imported.had_pinyin}});
}

// GET /api/v1/news?category=&q=&page=&page_size= (anyone; what the caller may see)
http::Response list_articles(app::App& app, http::Request& request) {
  news::ReaderFilter filter;
  GH_ASSIGN_OR_RENDER(filter.category, query_enum<news::Category>(request, "category"));
  GH_ASSIGN_OR_RENDER(filter.page, page_request(request));
  const std::string q = json::to_valid_utf8(request.query_param("q").value_or(""));
  if (!q.empty()) {
    GH_ASSIGN_OR_RENDER(filter.ranked, app.news_search->search(q, news::ItemType::kArticle));
  }
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(news::ArticleList list, news::list_articles(tx, reader_of(request), filter));
    bj::object out = render_news_page(list.page, render_article_card);
    out["pinned"] = render_items(list.pinned, render_article_card);
    return out;
  });
}

bj::object render_reading(const news::ArticleReading& article) {
  bj::object out = render_article_card(article.card);
  out["body_html"] = text::render_markdown(article.body);
  out["links"] = render_links(article.links);
  out["model_workers"] = render_items(article.model_workers, render_model_worker_card);
  return out;
}

// GET /api/v1/news/{id} (anyone who may see it; a signed-in reader's read is counted once)
http::Response read_article(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  const Principal* reader = reader_of(request);
  std::optional<news::ArticleReading> article;
  auto read = [&](store::Tx& tx) -> Status {
    GH_ASSIGN(article, news::read_article(tx, reader, id, Timestamp::now().ms));
    return Status::Ok();
  };
  const Status status = reader != nullptr ? app.db->write(read) : app.db->read(read);
  if (!status.ok()) {
    return error(status.error());
  }
  return http::Response::ok(render_reading(*article));
}

// GET /api/v1/news/linked?kind=merchant|product|campaign|…&id= (anyone)
http::Response list_linked(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(std::optional<news::LinkKind> kind,
                      query_enum<news::LinkKind>(request, "kind"));
  GH_ASSIGN_OR_RENDER(std::optional<int64_t> id, query_id(request, "id"));
  if (!kind || !id) {
    return error(Error::invalid(kind ? "id" : "kind", "required", "name the kind and the id"));
  }
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(news::LinkedItems linked, news::linked_to(tx, reader_of(request), *kind, *id));
    return bj::object{
        {"articles", render_items(linked.articles, render_article_card)},
        {"model_workers", render_items(linked.model_workers, render_model_worker_card)}};
  });
}

}  // namespace

void register_news(http::Router& router, app::App& app) {
  register_reviewed(router, app, "/api/v1/news", kArticles);
  router.add("POST", "/api/v1/news/import", kAdmins, handle(app, import_article_text));

  router.add("GET", "/api/v1/news", http::Access::public_route(), handle(app, list_articles));
  router.add("GET", "/api/v1/news/linked", http::Access::public_route(), handle(app, list_linked));
  router.add("GET", "/api/v1/news/{id}", http::Access::public_route(), handle(app, read_article));
}

}  // namespace gonghui::api
