// Shared by the files of the news module: the workflow's view of an item, the readers' view
// of who sees what, links, and the checks every input makes.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/news/news.hpp"
#include "domain/org/org.hpp"
#include "store/columns.hpp"

namespace gonghui::news {

namespace internal {

// The review columns of an item's table `t` joined with its union `o`.
inline constexpr std::string_view kReviewColumns =
    "t.org_id, o.name, t.status, t.author_account_id, t.author_name, t.submitted_by, "
    "t.return_reason, t.withdraw_reason, t.publish_at, t.published_at, t.created_at, "
    "t.updated_at";
// The pending revision's columns in news_revisions `r`.
inline constexpr std::string_view kRevisionColumns =
    "r.status, r.author_account_id, r.author_name, r.submitted_by, r.return_reason, "
    "r.updated_at";
using ReviewFields =
    store::Fields<&Review::org_id, &Review::org_name, &Review::status, &Review::author_account_id,
                  &Review::author_name, &Review::submitted_by, &Review::return_reason,
                  &Review::withdraw_reason, &Review::publish_at, &Review::published_at,
                  &Review::created_at, &Review::updated_at>;
static_assert(ReviewFields::matches(kReviewColumns));
using RevisionFields = store::Fields<&RevisionState::status, &RevisionState::author_account_id,
                                     &RevisionState::author_name, &RevisionState::submitted_by,
                                     &RevisionState::return_reason, &RevisionState::updated_at>;
static_assert(RevisionFields::matches(kRevisionColumns));

// What the workflow knows of a kind of item: its table, and how its content (the JSON that
// revisions and the audit log keep, made by the kind's own code) is written into its row.
struct Kind {
  ItemType type;
  std::string_view table;
  std::string_view noun;  // for NotFound: "article", "model worker"
  Status (*write_content)(store::Tx& tx, int64_t id, const boost::json::object& content);
};
const Kind& kind_of(ItemType type);

// Writers of the two kinds' content (articles.cpp, model_workers.cpp).
Status write_article(store::Tx& tx, int64_t id, const boost::json::object& content);
Status write_model_worker(store::Tx& tx, int64_t id, const boost::json::object& content);

// ---- Workflow (workflow.cpp) --------------------------------------------------------------------

// The review state of an item; NotFound (its noun) if there is none.
Result<Review> load_review(store::Tx& tx, ItemType type, int64_t id);
struct StoredRevision {
  RevisionState state;
  boost::json::object content;
};
// The review state of an item of a union in the caller's scope: NotFound; Forbidden outside.
Result<Review> review_in_scope(store::Tx& tx, const Principal& admin, ItemType type, int64_t id);
// The pending revision of an item, if any.
Result<std::optional<StoredRevision>> load_revision(store::Tx& tx, ItemType type, int64_t id);
// Makes an item in draft from validated content (its org_id in the caller's scope), authored
// by the caller; audited as <type>.created. Returns its id.
Result<int64_t> create_item(store::Tx& tx, const Principal& admin, ItemType type,
                            const boost::json::object& content, int64_t now);
// Edits an item as update_article describes; audited as <type>.updated.
Status edit_item(store::Tx& tx, const Principal& admin, ItemType type, int64_t id,
                 const boost::json::object& content, int64_t now);
// Whether the caller may approve what is submitted (the item or its revision).
bool can_approve(const Principal& admin, const Review& review,
                 const std::optional<RevisionState>& revision);
// The item's audited steps, oldest first.
Result<std::vector<Step>> steps_of(store::Tx& tx, ItemType type, int64_t id);
// Bumps the news version, so that every instance's search index is rebuilt.
Status touch_news(store::Tx& tx);

// The ids of a page of an admin's list: items of `type` whose union is in the caller's
// scope, narrowed by the filter (status, category or level, and q on the title or name),
// newest updated_at first; `total` is set to the number of them all.
Result<std::vector<int64_t>> manage_page(store::Tx& tx, const Principal& admin, ItemType type,
                                         const ManageFilter& filter, int64_t& total);

// ---- Who reads what (visibility.cpp) ----------------------------------------------------------

// The unions whose published items a reader sees: the federation's always, a member's own
// union and every one above it, and an admin's whole subtree.
struct Viewer {
  std::vector<int64_t> orgs;
  std::optional<org::PathRange> admin_range;
};
Result<Viewer> viewer_of(store::Tx& tx, const Principal* reader);
// An SQL condition on the union `o` of a row: true when the viewer sees its items.
std::string visible_sql(const Viewer& viewer, store::Params& params);
// Whether the viewer sees published items of the union with this id and path.
bool sees(const Viewer& viewer, int64_t org_id, const std::string& path);
// `sql` run for a page: the total count of its rows and the page's rows (sql without ORDER BY
// is counted; `order` is appended for the page).
Result<store::Rows> page_rows(store::Tx& tx, const std::string& sql, const std::string& order,
                              store::Params params, const PageRequest& page, int64_t& total);
// The rows of `sql` whose first column is an id in `ranked`, in that order, and the page of them.
store::Rows in_rank_order(const store::Rows& rows, const std::vector<int64_t>& ranked,
                          const PageRequest& page, int64_t& total);
// "?, ?, ?" for n parameters.
std::string placeholders(size_t n);

// Cards, as the readers' SELECTs name them (articles `a`, profiles `w`, unions `o`).
inline constexpr std::string_view kArticleCardColumns =
    "a.id, a.title, a.summary, a.category, a.cover_photo_id, o.name, a.published_at, "
    "a.read_count, a.pinned";
inline constexpr std::string_view kModelWorkerCardColumns =
    "w.id, w.name, w.honour, w.level, w.honour_year, w.field, w.photo_id, w.intro, o.name, "
    "w.has_studio";
inline constexpr size_t kArticleCardWidth = store::column_count(kArticleCardColumns);
inline constexpr size_t kModelWorkerCardWidth = store::column_count(kModelWorkerCardColumns);
ArticleCard article_card(const store::Row& row);
ModelWorkerCard model_worker_card(const store::Row& row);

// ---- Links (links.cpp) -------------------------------------------------------------------------

// 400 links (too_many) past kMaxLinks; 422 links (unknown_link) if one does not exist.
// Repeated links are dropped.
Result<std::vector<LinkRef>> checked_links(store::Tx& tx, const std::vector<LinkRef>& links);
// Replaces an item's links.
Status write_links(store::Tx& tx, ItemType type, int64_t id, const std::vector<LinkRef>& links);
// An item's links in order.
Result<std::vector<LinkRef>> read_links(store::Tx& tx, ItemType type, int64_t id);
// The links with their targets' titles: all of them for an admin (viewer nullptr), only the
// targets a reader may see at `now` for a reader.
Result<std::vector<Link>> titled(store::Tx& tx, const std::vector<LinkRef>& links,
                                 const Viewer* viewer, int64_t now);
boost::json::array links_json(const std::vector<LinkRef>& links);
Result<std::vector<LinkRef>> links_from_json(const boost::json::value& value);

// ---- Content as JSON (what revisions and the audit log keep) ---------------------------------

inline std::string content_text(const boost::json::object& content, std::string_view key) {
  const boost::json::value* v = content.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}
inline int64_t content_integer(const boost::json::object& content, std::string_view key) {
  const boost::json::value* v = content.if_contains(key);
  return v != nullptr && v->is_int64() ? v->get_int64() : 0;
}
inline bool content_flag(const boost::json::object& content, std::string_view key) {
  const boost::json::value* v = content.if_contains(key);
  return v != nullptr && v->is_bool() && v->get_bool();
}

// ---- Input checks -----------------------------------------------------------------------------

// 400 naming the field: required (when min_chars > 0 and empty), too_long.
Status check_text(std::string_view field, const std::string& text, size_t min_chars,
                  size_t max_chars);
// 400 naming the field (unknown_photo) unless 0 or an uploaded photo.
Status check_photo(store::Tx& tx, std::string_view field, int64_t photo_id);
// 400 reason: required, too_long.
Status check_reason(const std::string& reason);

// ---- What both kinds do alike -----------------------------------------------------------------

// An item by `select` (a SELECT over its table `t` that Fields reads) with its links titled
// as admins see them; NotFound (its noun).
template <class Fields>
Result<typename Fields::Owner> load_item(store::Tx& tx, ItemType type, std::string_view select,
                                         int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string(select) + " WHERE t.id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found(std::string(kind_of(type).noun));
  }
  typename Fields::Owner item = Fields::read(rows[0]);
  GH_ASSIGN(item.content.links, read_links(tx, type, id));
  GH_ASSIGN(item.links, titled(tx, item.content.links, nullptr, 0));
  return item;
}

// An admin's list of items, each read by load(tx, id).
template <class Item, class Load>
Result<Page<Item>> manage_list(store::Tx& tx, const Principal& admin, ItemType type,
                               const ManageFilter& filter, const Load& load) {
  Page<Item> page{{}, 0, filter.page.page, filter.page.page_size};
  GH_ASSIGN(std::vector<int64_t> ids, manage_page(tx, admin, type, filter, page.total));
  for (int64_t id : ids) {
    GH_ASSIGN(Item item, load(tx, id));
    page.items.push_back(std::move(item));
  }
  return page;
}

// Creates (id 0) or edits an item from its checked content, then reads it as the caller sees
// it (for_admin).
template <class Item, class ForAdmin>
Result<Item> save(store::Tx& tx, const Principal& admin, ItemType type, int64_t id,
                  Result<boost::json::object> content, int64_t now, const ForAdmin& for_admin) {
  if (!content.ok()) {
    return content.error();
  }
  if (id == 0) {
    GH_ASSIGN(id, create_item(tx, admin, type, *content, now));
  } else {
    GH_TRY(edit_item(tx, admin, type, id, *content, now));
  }
  return for_admin(tx, admin, id);
}

// An item (read by load) for an admin of its union (Forbidden otherwise), with its pending
// revision (content read by from_content, links titled), can_approve and steps.
template <class Item, class Load, class FromContent>
Result<Item> for_admin(store::Tx& tx, const Principal& admin, ItemType type, int64_t id,
                       const Load& load, const FromContent& from_content) {
  GH_ASSIGN(Item item, load(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, item.review.org_id));
  GH_ASSIGN(std::optional<StoredRevision> stored, load_revision(tx, type, item.id));
  std::optional<RevisionState> pending;
  if (stored && item.review.status == ItemStatus::kPublished) {
    pending = stored->state;
    auto& revision = item.revision.emplace();
    revision.state = stored->state;
    GH_ASSIGN(revision.content, from_content(stored->content));
    GH_ASSIGN(revision.links, titled(tx, revision.content.links, nullptr, 0));
  }
  item.can_approve = can_approve(admin, item.review, pending);
  GH_ASSIGN(item.steps, steps_of(tx, type, item.id));
  return item;
}

}  // namespace internal

// A Review and a RevisionState as columns of a row (store::ReadByFields).
internal::ReviewFields fields_of(const Review*);
internal::RevisionFields fields_of(const RevisionState*);

}  // namespace gonghui::news
