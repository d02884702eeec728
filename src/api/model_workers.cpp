// 劳模工匠: admins keep model workers' profiles through the same review workflow as articles
// (its routes are in api/review.cpp); anyone browses the profiles their union may see.
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

bj::value render_studio(const std::optional<news::Studio>& studio, bool with_markdown) {
  if (!studio) return nullptr;
  bj::object out{{"name", studio->name},
                 {"members", studio->members},
                 {"address", studio->address},
                 {"achievements_html", text::render_markdown(studio->achievements)}};
  if (with_markdown) out["achievements"] = studio->achievements;
  return out;
}

// A profile's input fields as the editor shows them (the live version or a revision).
void add_profile(bj::object& out, const news::ModelWorkerInput& in,
                 const std::vector<news::Link>& links) {
  merge(out, {{"name", in.name},
              {"honour", in.honour},
              {"level", enum_name(in.level)},
              {"honour_year", in.honour_year},
              {"field", in.field},
              {"org_id", id_string(in.org_id)},
              {"photo_id", optional_id_json(in.photo_id)},
              {"intro", in.intro},
              {"story_article_id", optional_id_json(in.story_article_id)},
              {"studio", render_studio(in.studio, true)},
              {"links", render_links(links)}});
}

// ModelWorkerSummaryAdmin.
bj::object render_summary(const news::ModelWorker& w) {
  bj::object out{{"id", id_string(w.id)},
                 {"name", w.content.name},
                 {"honour", w.content.honour},
                 {"level", enum_name(w.content.level)},
                 {"honour_year", w.content.honour_year},
                 {"field", w.content.field},
                 {"revision_status", enum_name(w.revision_status)}};
  add_review(out, w.review);
  return out;
}

// ModelWorkerAdmin.
bj::object render_admin(const news::ModelWorker& w) {
  return render_reviewed(w, render_summary(w), add_profile);
}

// The studio of a body: null or absent for none. Errors name studio.<field>.
Result<std::optional<news::Studio>> read_studio(const bj::object& body) {
  const bj::value* value = body.if_contains("studio");
  if (value == nullptr || value->is_null()) return std::optional<news::Studio>{};
  if (!value->is_object()) {
    return Error::invalid("studio", "invalid_field", "studio must be an object or null");
  }
  const bj::object& s = value->get_object();
  news::Studio studio;
  auto read = [&]() -> Status {
    GH_ASSIGN(studio.name, json::required_string(s, "name", news::kMaxStudioNameChars));
    GH_ASSIGN(std::optional<int64_t> members,
              json::optional_integer(s, "members", 0, news::kMaxStudioMembers));
    studio.members = members.value_or(0);
    GH_ASSIGN(auto address, json::optional_string(s, "address", news::kMaxStudioAddressChars));
    studio.address = address.value_or("");
    GH_ASSIGN(auto achievements,
              json::optional_string(s, "achievements", news::kMaxAchievementsChars));
    studio.achievements = achievements.value_or("");
    return Status::Ok();
  };
  if (Status read_status = read(); !read_status.ok()) {
    Error e = read_status.error();
    e.field = "studio." + e.field;
    return e;
  }
  return std::optional<news::Studio>(std::move(studio));
}

Result<news::ModelWorkerInput> read_input(const http::Request& request) {
  GH_ASSIGN(const bj::object* body, body_object(request));
  news::ModelWorkerInput in;
  GH_ASSIGN(in.name, json::required_string(*body, "name", news::kMaxNameChars));
  GH_ASSIGN(in.honour, json::required_string(*body, "honour", news::kMaxHonourChars));
  GH_ASSIGN(std::string level, json::required_string(*body, "level", 40));
  auto parsed = parse_enum<news::Level>(level);
  if (!parsed) {
    return Error::invalid("level", "invalid_level",
                          "level is national, provincial, city, poverty_model, craftsman or other");
  }
  in.level = *parsed;
  GH_ASSIGN(in.honour_year, json::required_integer(*body, "honour_year", 0, 9999));
  GH_ASSIGN(in.org_id, json::required_id(*body, "org_id"));
  GH_ASSIGN(in.field, json::required_string(*body, "field", news::kMaxFieldChars));
  GH_ASSIGN(std::optional<int64_t> photo, json::optional_id(*body, "photo_id"));
  in.photo_id = photo.value_or(0);
  GH_ASSIGN(std::optional<std::string> intro,
            json::optional_string(*body, "intro", news::kMaxIntroChars));
  in.intro = intro.value_or("");
  GH_ASSIGN(std::optional<int64_t> story, json::optional_id(*body, "story_article_id"));
  in.story_article_id = story.value_or(0);
  GH_ASSIGN(in.studio, read_studio(*body));
  GH_ASSIGN(in.links, links_input(*body));
  return in;
}

// The admin's routes (api/review.hpp).
const ReviewedRoutes<news::ModelWorkerInput, news::ModelWorker> kModelWorkers{
    news::ItemType::kModelWorker,
    read_input,
    news::create_model_worker,
    news::update_model_worker,
    news::model_worker_for_admin,
    news::manage_model_workers,
    render_summary,
    render_admin};

// GET /api/v1/model-workers?level=&field=&q=&page=&page_size= (anyone; what the caller may see)
http::Response list_model_workers(app::App& app, http::Request& request) {
  news::ReaderFilter filter;
  GH_ASSIGN_OR_RENDER(filter.level, query_enum<news::Level>(request, "level"));
  filter.field = json::to_valid_utf8(request.query_param("field").value_or(""));
  GH_ASSIGN_OR_RENDER(filter.page, page_request(request));
  const std::string q = json::to_valid_utf8(request.query_param("q").value_or(""));
  if (!q.empty()) {
    GH_ASSIGN_OR_RENDER(filter.ranked, app.news_search->search(q, news::ItemType::kModelWorker));
  }
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(news::ModelWorkerList list, news::list_model_workers(tx, reader_of(request), filter));
    bj::object out = render_news_page(list.page, render_model_worker_card);
    bj::array fields;
    for (const std::string& field : list.fields) fields.emplace_back(field);
    out["fields"] = std::move(fields);
    return out;
  });
}

// GET /api/v1/model-workers/{id} (anyone who may see it)
http::Response read_model_worker(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(news::ModelWorkerReading w, news::read_model_worker(tx, reader_of(request), id));
    bj::object out = render_model_worker_card(w.card);
    out["story"] = nullptr;
    if (w.story) {
      bj::object story = render_article_card(w.story->card);
      story["body_html"] = text::render_markdown(w.story->body);
      out["story"] = std::move(story);
    }
    out["studio"] = render_studio(w.studio, false);
    out["links"] = render_links(w.links);
    return out;
  });
}

}  // namespace

void register_model_workers(http::Router& router, app::App& app) {
  const http::Access anyone = http::Access::public_route();
  register_reviewed(router, app, "/api/v1/model-workers", kModelWorkers);

  router.add("GET", "/api/v1/model-workers", anyone, handle(app, list_model_workers));
  router.add("GET", "/api/v1/model-workers/{id}", anyone, handle(app, read_model_worker));
}

}  // namespace gonghui::api
