// Model workers' profiles (劳模工匠) as admins keep them: checks, content as the workflow
// keeps it, and the admin's list and detail.
#include "core/time.hpp"
#include "domain/news/internal.hpp"

namespace gonghui::news {

namespace bj = boost::json;

namespace {

using ProfileFields =
    store::Fields<&ModelWorkerInput::name, &ModelWorkerInput::honour, &ModelWorkerInput::level,
                  &ModelWorkerInput::honour_year, &ModelWorkerInput::org_id,
                  &ModelWorkerInput::field, &ModelWorkerInput::photo_id, &ModelWorkerInput::intro,
                  &ModelWorkerInput::story_article_id, &ModelWorkerInput::studio>;

using StudioFields =
    store::Fields<&Studio::name, &Studio::members, &Studio::address, &Studio::achievements>;

}  // namespace

// A studio is has_studio and its four columns; nullopt when has_studio is 0.
void read_column(const store::Row& row, size_t& i, std::optional<Studio>& out) {
  const bool has = row.integer(i) != 0;
  out = has ? std::optional<Studio>(StudioFields::read(row, i + 1)) : std::nullopt;
  i += 1 + StudioFields::columns;
}
constexpr size_t column_width(const std::optional<Studio>*) { return 5; }

// A profile's content columns (store::ReadByFields).
ProfileFields fields_of(const ModelWorkerInput*);

namespace {

constexpr std::string_view kSelectModelWorker =
    "SELECT t.id, t.name, t.honour, t.level, t.honour_year, t.org_id, t.field, t.photo_id, "
    "t.intro, t.story_article_id, t.has_studio, t.studio_name, t.studio_members, "
    "t.studio_address, t.studio_achievements, t.org_id, o.name, t.status, t.author_account_id, "
    "t.author_name, t.submitted_by, t.return_reason, t.withdraw_reason, t.publish_at, "
    "t.published_at, t.created_at, t.updated_at, COALESCE(r.status, '') FROM model_workers t "
    "JOIN orgs o ON o.id = t.org_id "
    "LEFT JOIN news_revisions r ON r.item_type = 'model_worker' AND r.item_id = t.id";
using ModelWorkerFields = store::Fields<&ModelWorker::id, &ModelWorker::content,
                                        &ModelWorker::review, &ModelWorker::revision_status>;
static_assert(ModelWorkerFields::matches(kSelectModelWorker));

bj::object to_content(const ModelWorkerInput& in) {
  bj::object content{{"name", in.name},
                     {"honour", in.honour},
                     {"level", enum_name(in.level)},
                     {"honour_year", in.honour_year},
                     {"org_id", in.org_id},
                     {"field", in.field},
                     {"photo_id", in.photo_id},
                     {"intro", in.intro},
                     {"story_article_id", in.story_article_id},
                     {"links", internal::links_json(in.links)}};
  if (in.studio) {
    content["studio"] = bj::object{{"name", in.studio->name},
                                   {"members", in.studio->members},
                                   {"address", in.studio->address},
                                   {"achievements", in.studio->achievements}};
  }
  return content;
}

Result<ModelWorkerInput> from_content(const bj::object& content) {
  using internal::content_integer, internal::content_text;
  ModelWorkerInput in;
  in.name = content_text(content, "name");
  in.honour = content_text(content, "honour");
  in.level = parse_enum<Level>(content_text(content, "level")).value_or(Level::kOther);
  in.honour_year = content_integer(content, "honour_year");
  in.org_id = content_integer(content, "org_id");
  in.field = content_text(content, "field");
  in.photo_id = content_integer(content, "photo_id");
  in.intro = content_text(content, "intro");
  in.story_article_id = content_integer(content, "story_article_id");
  if (const bj::value* studio = content.if_contains("studio"); studio && studio->is_object()) {
    const bj::object& s = studio->get_object();
    in.studio = Studio{content_text(s, "name"), content_integer(s, "members"),
                       content_text(s, "address"), content_text(s, "achievements")};
  }
  if (const bj::value* links = content.if_contains("links")) {
    GH_ASSIGN(in.links, internal::links_from_json(*links));
  }
  return in;
}

Status check_studio(const Studio& studio) {
  GH_TRY(internal::check_text("studio.name", studio.name, 1, kMaxStudioNameChars));
  if (studio.members < 0 || studio.members > kMaxStudioMembers) {
    return Error::invalid("studio.members", "out_of_range", "members must be 0 to 10,000");
  }
  GH_TRY(internal::check_text("studio.address", studio.address, 0, kMaxStudioAddressChars));
  return internal::check_text("studio.achievements", studio.achievements, 0, kMaxAchievementsChars);
}

// The story must be an article the admin may manage (any status).
Status check_story(store::Tx& tx, const Principal& admin, int64_t article_id) {
  if (article_id == 0) return Status::Ok();
  auto review = internal::load_review(tx, ItemType::kArticle, article_id);
  if (!review.ok() || !org::require_in_scope(tx, admin, review->org_id).ok()) {
    return Error{ErrorKind::kUnprocessable, "unknown_article",
                 "no article in your scope has that id", "story_article_id"};
  }
  return Status::Ok();
}

Result<bj::object> checked(store::Tx& tx, const Principal& admin, ModelWorkerInput in,
                           int64_t now) {
  GH_TRY(internal::check_text("name", in.name, 1, kMaxNameChars));
  GH_TRY(internal::check_text("honour", in.honour, 1, kMaxHonourChars));
  const int64_t this_year = std::stoll(format_local_date(now).substr(0, 4));
  if (in.honour_year < kFirstHonourYear || in.honour_year > this_year) {
    return Error::invalid("honour_year", "out_of_range",
                          "honour_year must be 1950 to " + std::to_string(this_year));
  }
  GH_TRY(internal::check_text("field", in.field, 1, kMaxFieldChars));
  GH_TRY(internal::check_text("intro", in.intro, 0, kMaxIntroChars));
  GH_TRY(internal::check_photo(tx, "photo_id", in.photo_id));
  if (in.studio) {
    GH_TRY(check_studio(*in.studio));
  }
  GH_TRY(check_story(tx, admin, in.story_article_id));
  GH_ASSIGN(in.links, internal::checked_links(tx, in.links));
  return to_content(in);
}

Result<ModelWorker> load(store::Tx& tx, int64_t id) {
  return internal::load_item<ModelWorkerFields>(tx, ItemType::kModelWorker, kSelectModelWorker, id);
}

}  // namespace

namespace internal {

Status write_model_worker(store::Tx& tx, int64_t id, const bj::object& content) {
  GH_ASSIGN(ModelWorkerInput in, from_content(content));
  const Studio studio = in.studio.value_or(Studio{});
  GH_TRY(tx.exec(
      "UPDATE model_workers SET name = ?, honour = ?, level = ?, honour_year = ?, org_id = ?, "
      "field = ?, photo_id = ?, intro = ?, story_article_id = ?, has_studio = ?, "
      "studio_name = ?, studio_members = ?, studio_address = ?, studio_achievements = ? "
      "WHERE id = ?",
      {in.name, in.honour, std::string(enum_name(in.level)), in.honour_year, in.org_id, in.field,
       in.photo_id, in.intro, in.story_article_id, int64_t{in.studio ? 1 : 0}, studio.name,
       studio.members, studio.address, studio.achievements, id}));
  return write_links(tx, ItemType::kModelWorker, id, in.links);
}

}  // namespace internal

Result<ModelWorker> create_model_worker(store::Tx& tx, const Principal& admin,
                                        const ModelWorkerInput& input, int64_t now) {
  GH_TRY(org::require_in_scope(tx, admin, input.org_id));
  return internal::save<ModelWorker>(tx, admin, ItemType::kModelWorker, 0,
                                     checked(tx, admin, input, now), now, model_worker_for_admin);
}

Result<ModelWorker> update_model_worker(store::Tx& tx, const Principal& admin, int64_t id,
                                        const ModelWorkerInput& input, int64_t now) {
  GH_TRY(internal::review_in_scope(tx, admin, ItemType::kModelWorker, id));
  return internal::save<ModelWorker>(tx, admin, ItemType::kModelWorker, id,
                                     checked(tx, admin, input, now), now, model_worker_for_admin);
}

Result<ModelWorker> model_worker_for_admin(store::Tx& tx, const Principal& admin, int64_t id) {
  return internal::for_admin<ModelWorker>(tx, admin, ItemType::kModelWorker, id, load,
                                          from_content);
}

Result<Page<ModelWorker>> manage_model_workers(store::Tx& tx, const Principal& admin,
                                               const ManageFilter& filter) {
  return internal::manage_list<ModelWorker>(tx, admin, ItemType::kModelWorker, filter, load);
}

}  // namespace gonghui::news
