// Articles as admins write them: checks, content as the workflow keeps it, and the admin's
// list and detail.
#include "domain/news/internal.hpp"

namespace gonghui::news {

namespace bj = boost::json;

namespace {

using ContentFields =
    store::Fields<&ArticleInput::title, &ArticleInput::summary, &ArticleInput::body,
                  &ArticleInput::category, &ArticleInput::org_id, &ArticleInput::cover_photo_id,
                  &ArticleInput::pinned>;

}  // namespace

// An article's content columns (store::ReadByFields).
ContentFields fields_of(const ArticleInput*);

namespace {

constexpr std::string_view kSelectArticle =
    "SELECT t.id, t.title, t.summary, t.body, t.category, t.org_id, t.cover_photo_id, t.pinned, "
    "t.org_id, o.name, t.status, t.author_account_id, t.author_name, t.submitted_by, "
    "t.return_reason, t.withdraw_reason, t.publish_at, t.published_at, t.created_at, "
    "t.updated_at, t.read_count, COALESCE(r.status, '') FROM news_articles t "
    "JOIN orgs o ON o.id = t.org_id "
    "LEFT JOIN news_revisions r ON r.item_type = 'article' AND r.item_id = t.id";
using ArticleFields = store::Fields<&Article::id, &Article::content, &Article::review,
                                    &Article::read_count, &Article::revision_status>;
static_assert(ArticleFields::matches(kSelectArticle));

Result<Article> load(store::Tx& tx, int64_t id) {
  return internal::load_item<ArticleFields>(tx, ItemType::kArticle, kSelectArticle, id);
}

bj::object to_content(const ArticleInput& in) {
  return {{"title", in.title},   {"summary", in.summary},
          {"body", in.body},     {"category", enum_name(in.category)},
          {"org_id", in.org_id}, {"cover_photo_id", in.cover_photo_id},
          {"pinned", in.pinned}, {"links", internal::links_json(in.links)}};
}

Result<ArticleInput> from_content(const bj::object& content) {
  ArticleInput in;
  in.title = internal::content_text(content, "title");
  in.summary = internal::content_text(content, "summary");
  in.body = internal::content_text(content, "body");
  in.category = parse_enum<Category>(internal::content_text(content, "category"))
                    .value_or(Category::kUnionNews);
  in.org_id = internal::content_integer(content, "org_id");
  in.cover_photo_id = internal::content_integer(content, "cover_photo_id");
  in.pinned = internal::content_flag(content, "pinned");
  if (const bj::value* links = content.if_contains("links")) {
    GH_ASSIGN(in.links, internal::links_from_json(*links));
  }
  return in;
}

// The input checked and its links made unique: what the workflow stores.
Result<bj::object> checked(store::Tx& tx, ArticleInput in) {
  GH_TRY(internal::check_text("title", in.title, 1, kMaxTitleChars));
  GH_TRY(internal::check_text("summary", in.summary, 0, kMaxSummaryChars));
  if (in.body.empty()) {
    return Error::invalid("body", "required", "body is required");
  }
  if (in.body.size() > kMaxBodyBytes) {
    return Error::invalid("body", "too_long", "body must be at most 50,000 bytes");
  }
  GH_TRY(internal::check_photo(tx, "cover_photo_id", in.cover_photo_id));
  GH_ASSIGN(in.links, internal::checked_links(tx, in.links));
  return to_content(in);
}

}  // namespace

namespace internal {

Status write_article(store::Tx& tx, int64_t id, const bj::object& content) {
  GH_ASSIGN(ArticleInput in, from_content(content));
  GH_TRY(tx.exec(
      "UPDATE news_articles SET title = ?, summary = ?, body = ?, category = ?, org_id = ?, "
      "cover_photo_id = ?, pinned = ? WHERE id = ?",
      {in.title, in.summary, in.body, std::string(enum_name(in.category)), in.org_id,
       in.cover_photo_id, int64_t{in.pinned ? 1 : 0}, id}));
  return write_links(tx, ItemType::kArticle, id, in.links);
}

}  // namespace internal

Result<Article> create_article(store::Tx& tx, const Principal& admin, const ArticleInput& input,
                               int64_t now) {
  GH_TRY(org::require_in_scope(tx, admin, input.org_id));
  return internal::save<Article>(tx, admin, ItemType::kArticle, 0, checked(tx, input), now,
                                 article_for_admin);
}

Result<Article> update_article(store::Tx& tx, const Principal& admin, int64_t id,
                               const ArticleInput& input, int64_t now) {
  GH_TRY(internal::review_in_scope(tx, admin, ItemType::kArticle, id));
  return internal::save<Article>(tx, admin, ItemType::kArticle, id, checked(tx, input), now,
                                 article_for_admin);
}

Result<Article> article_for_admin(store::Tx& tx, const Principal& admin, int64_t id) {
  return internal::for_admin<Article>(tx, admin, ItemType::kArticle, id, load, from_content);
}

Result<Page<Article>> manage_articles(store::Tx& tx, const Principal& admin,
                                      const ManageFilter& filter) {
  return internal::manage_list<Article>(tx, admin, ItemType::kArticle, filter, load);
}

}  // namespace gonghui::news
