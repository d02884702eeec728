// The review workflow articles and model workers' profiles share: draft → submitted →
// approved → published (or scheduled) → withdrawn, with a pending revision for an edit of a
// published item. Every step is a conditional UPDATE on the state it starts from, audited in
// the same transaction.
#include <algorithm>

#include "core/id.hpp"
#include "core/json.hpp"
#include "domain/audit/audit.hpp"
#include "domain/news/internal.hpp"
#include "text/matcher.hpp"

namespace gonghui::news {

namespace bj = boost::json;

namespace internal {
namespace {

const Kind kKinds[] = {
    {ItemType::kArticle, "news_articles", "article", write_article},
    {ItemType::kModelWorker, "model_workers", "model worker", write_model_worker},
};

std::string type_name(ItemType type) { return std::string(enum_name(type)); }

Error wrong_status(std::string_view message) {
  return Error::conflict("wrong_status", std::string(message));
}

Error own_submission() {
  return {ErrorKind::kForbidden,
          "own_submission",
          "another admin approves what you wrote or submitted",
          {}};
}

bool own(const Principal& admin, int64_t author, int64_t submitter) {
  return admin.account_id == author || admin.account_id == submitter;
}

// Records a step; an empty object stands for nothing (before a creation, after a discard).
Status audit_step(store::Tx& tx, const Principal& actor, ItemType type, int64_t id, int64_t org_id,
                  std::string_view step, bj::object before, bj::object after) {
  auto value = [](bj::object& o) { return o.empty() ? bj::value(nullptr) : bj::value(o); };
  return audit::record(tx, actor, type_name(type) + "." + std::string(step), type_name(type),
                       id_string(id), org_id, value(before), value(after));
}

// Runs an UPDATE of the item's row that must change it; wrong_status if it did not (another
// request moved it first).
Status update_item(store::Tx& tx, ItemType type, int64_t id, std::string_view set, ItemStatus from,
                   store::Params params) {
  params.emplace_back(id);
  params.emplace_back(std::string(enum_name(from)));
  GH_ASSIGN(int64_t changed, tx.exec("UPDATE " + std::string(kind_of(type).table) + " SET " +
                                         std::string(set) + " WHERE id = ? AND status = ?",
                                     params));
  if (changed != 1) {
    return wrong_status("the item is no longer " + std::string(enum_name(from)));
  }
  return touch_news(tx);
}

int64_t content_org(const bj::object& content) { return content_integer(content, "org_id"); }

Status write_revision(store::Tx& tx, const Principal& admin, ItemType type, int64_t id,
                      const bj::object& content, int64_t now) {
  GH_TRY(tx.exec(
      "INSERT INTO news_revisions (item_type, item_id, status, content, author_account_id, "
      "author_name, submitted_by, return_reason, updated_at) VALUES (?, ?, 'draft', ?, ?, ?, 0, "
      "'', ?) ON CONFLICT (item_type, item_id) DO UPDATE SET status = 'draft', "
      "content = excluded.content, author_account_id = excluded.author_account_id, "
      "author_name = excluded.author_name, submitted_by = 0, updated_at = excluded.updated_at",
      {type_name(type), id, json::to_string(content), admin.account_id, admin.name, now}));
  GH_TRY(tx.exec("UPDATE " + std::string(kind_of(type).table) + " SET updated_at = ? WHERE id = ?",
                 {now, id}));
  return Status::Ok();
}

Status delete_revision(store::Tx& tx, ItemType type, int64_t id) {
  GH_TRY(tx.exec("DELETE FROM news_revisions WHERE item_type = ? AND item_id = ?",
                 {type_name(type), id}));
  return Status::Ok();
}

// ---- The steps ----------------------------------------------------------------------------------

struct StepContext {
  store::Tx& tx;
  const Principal& admin;
  ItemType type;
  int64_t id;
  const Review& review;
  const std::optional<StoredRevision>& revision;
  int64_t now;
};

// Runs an UPDATE of the pending revision, which must be in state `from`; wrong_status if it is
// not.
Status update_revision(const StepContext& c, RevisionStatus from, std::string_view set,
                       store::Params params) {
  const std::string state(enum_name(from));
  if (c.revision->state.status != from) {
    return wrong_status("the revision is not " + state);
  }
  params.insert(params.end(), {c.now, type_name(c.type), c.id, state});
  GH_TRY(c.tx.exec("UPDATE news_revisions SET " + std::string(set) +
                       ", updated_at = ? WHERE item_type = ? AND item_id = ? AND status = ?",
                   params));
  return touch_news(c.tx);
}

Status submit(const StepContext& c) {
  if (c.revision) {
    GH_TRY(update_revision(c, RevisionStatus::kDraft,
                           "status = 'submitted', submitted_by = ?, return_reason = ''",
                           {c.admin.account_id}));
    return audit_step(c.tx, c.admin, c.type, c.id, c.review.org_id, "submitted",
                      {{"revision", "draft"}}, {{"revision", "submitted"}});
  }
  GH_TRY(update_item(c.tx, c.type, c.id,
                     "status = 'submitted', submitted_by = ?, return_reason = '', updated_at = ?",
                     ItemStatus::kDraft, {c.admin.account_id, c.now}));
  return audit_step(c.tx, c.admin, c.type, c.id, c.review.org_id, "submitted",
                    {{"status", "draft"}}, {{"status", "submitted"}});
}

Status approve(const StepContext& c) {
  if (c.revision) {
    const RevisionState& r = c.revision->state;
    if (r.status != RevisionStatus::kSubmitted) {
      return wrong_status("the revision is not submitted");
    }
    if (own(c.admin, r.author_account_id, r.submitted_by)) {
      return own_submission();
    }
    GH_TRY(org::require_in_scope(c.tx, c.admin, content_org(c.revision->content)));
    GH_TRY(kind_of(c.type).write_content(c.tx, c.id, c.revision->content));
    GH_TRY(c.tx.exec("UPDATE " + std::string(kind_of(c.type).table) +
                         " SET author_account_id = ?, author_name = ?, updated_at = ? WHERE id = ?",
                     {r.author_account_id, r.author_name, c.now, c.id}));
    GH_TRY(delete_revision(c.tx, c.type, c.id));
    GH_TRY(touch_news(c.tx));
    return audit_step(c.tx, c.admin, c.type, c.id, c.review.org_id, "revision_approved",
                      {{"revision", "submitted"}}, c.revision->content);
  }
  if (c.review.status == ItemStatus::kSubmitted &&
      own(c.admin, c.review.author_account_id, c.review.submitted_by)) {
    return own_submission();
  }
  GH_TRY(update_item(c.tx, c.type, c.id, "status = 'approved', updated_at = ?",
                     ItemStatus::kSubmitted, {c.now}));
  return audit_step(c.tx, c.admin, c.type, c.id, c.review.org_id, "approved",
                    {{"status", "submitted"}}, {{"status", "approved"}});
}

Status give_back(const StepContext& c, const std::string& reason) {
  GH_TRY(check_reason(reason));
  if (c.revision) {
    GH_TRY(update_revision(c, RevisionStatus::kSubmitted,
                           "status = 'draft', submitted_by = 0, return_reason = ?", {reason}));
    return audit_step(c.tx, c.admin, c.type, c.id, c.review.org_id, "returned",
                      {{"revision", "submitted"}}, {{"revision", "draft"}, {"reason", reason}});
  }
  GH_TRY(update_item(c.tx, c.type, c.id,
                     "status = 'draft', submitted_by = 0, return_reason = ?, updated_at = ?",
                     ItemStatus::kSubmitted, {reason, c.now}));
  return audit_step(c.tx, c.admin, c.type, c.id, c.review.org_id, "returned",
                    {{"status", "submitted"}}, {{"status", "draft"}, {"reason", reason}});
}

Status publish(const StepContext& c, int64_t publish_at) {
  if (publish_at != 0 && publish_at <= c.now) {
    return Error::invalid("publish_at", "in_past", "a scheduled time must be in the future");
  }
  if (publish_at > c.now + kMaxScheduleMs) {
    return Error::invalid("publish_at", "too_far", "schedule at most a year ahead");
  }
  if (publish_at == 0) {
    GH_TRY(update_item(c.tx, c.type, c.id,
                       "status = 'published', published_at = ?, publish_at = 0, updated_at = ?",
                       ItemStatus::kApproved, {c.now, c.now}));
    return audit_step(c.tx, c.admin, c.type, c.id, c.review.org_id, "published",
                      {{"status", "approved"}}, {{"status", "published"}});
  }
  GH_TRY(update_item(c.tx, c.type, c.id, "status = 'scheduled', publish_at = ?, updated_at = ?",
                     ItemStatus::kApproved, {publish_at, c.now}));
  return audit_step(c.tx, c.admin, c.type, c.id, c.review.org_id, "scheduled",
                    {{"status", "approved"}},
                    {{"status", "scheduled"}, {"publish_at", publish_at}});
}

Status withdraw(const StepContext& c, const std::string& reason) {
  GH_TRY(check_reason(reason));
  const ItemStatus from = c.review.status;
  if (from != ItemStatus::kPublished && from != ItemStatus::kScheduled) {
    return wrong_status("only a published or scheduled item can be withdrawn");
  }
  if (c.revision) {
    // The newest text is kept: it is what the next edit starts from.
    GH_TRY(kind_of(c.type).write_content(c.tx, c.id, c.revision->content));
    GH_TRY(delete_revision(c.tx, c.type, c.id));
  }
  GH_TRY(update_item(c.tx, c.type, c.id,
                     "status = 'withdrawn', withdraw_reason = ?, publish_at = 0, updated_at = ?",
                     from, {reason, c.now}));
  return audit_step(c.tx, c.admin, c.type, c.id, c.review.org_id, "withdrawn",
                    {{"status", std::string(enum_name(from))}},
                    {{"status", "withdrawn"}, {"reason", reason}});
}

Status discard_revision(const StepContext& c) {
  if (!c.revision) {
    return wrong_status("there is no pending revision");
  }
  GH_TRY(delete_revision(c.tx, c.type, c.id));
  GH_TRY(touch_news(c.tx));
  return audit_step(c.tx, c.admin, c.type, c.id, c.review.org_id, "revision_discarded",
                    c.revision->content, {});
}

}  // namespace

const Kind& kind_of(ItemType type) { return kKinds[static_cast<size_t>(type)]; }

Status touch_news(store::Tx& tx) {
  GH_TRY(
      tx.exec("UPDATE settings SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) "
              "WHERE key = 'news_version'"));
  return Status::Ok();
}

Result<Review> load_review(store::Tx& tx, ItemType type, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query("SELECT " + std::string(kReviewColumns) + " FROM " +
                                           std::string(kind_of(type).table) +
                                           " t JOIN orgs o ON o.id = t.org_id WHERE t.id = ?",
                                       {id}));
  if (rows.empty()) {
    return Error::not_found(std::string(kind_of(type).noun));
  }
  return ReviewFields::read(rows[0]);
}

Result<Review> review_in_scope(store::Tx& tx, const Principal& admin, ItemType type, int64_t id) {
  GH_ASSIGN(Review review, load_review(tx, type, id));
  GH_TRY(org::require_in_scope(tx, admin, review.org_id));
  return review;
}

Result<std::optional<StoredRevision>> load_revision(store::Tx& tx, ItemType type, int64_t id) {
  GH_ASSIGN(
      store::Rows rows,
      tx.query("SELECT " + std::string(kRevisionColumns) +
                   ", r.content FROM news_revisions r WHERE r.item_type = ? AND r.item_id = ?",
               {type_name(type), id}));
  if (rows.empty()) {
    return std::optional<StoredRevision>{};
  }
  StoredRevision out;
  out.state = RevisionFields::read(rows[0]);
  GH_ASSIGN(bj::value content, json::parse(rows[0].text(RevisionFields::columns)));
  GH_ASSIGN(const bj::object* object, json::as_object(content));
  out.content = *object;
  return std::optional<StoredRevision>(std::move(out));
}

Result<int64_t> create_item(store::Tx& tx, const Principal& admin, ItemType type,
                            const bj::object& content, int64_t now) {
  const int64_t org_id = content_org(content);
  GH_TRY(org::require_in_scope(tx, admin, org_id));
  const int64_t id = new_id();
  GH_TRY(tx.exec("INSERT INTO " + std::string(kind_of(type).table) +
                     " (id, org_id, status, author_account_id, author_name, submitted_by, "
                     "return_reason, withdraw_reason, publish_at, published_at, created_at, "
                     "updated_at) VALUES (?, ?, 'draft', ?, ?, 0, '', '', 0, 0, ?, ?)",
                 {id, org_id, admin.account_id, admin.name, now, now}));
  GH_TRY(kind_of(type).write_content(tx, id, content));
  GH_TRY(touch_news(tx));
  bj::object after = content;
  after["status"] = "draft";
  GH_TRY(audit_step(tx, admin, type, id, org_id, "created", {}, std::move(after)));
  return id;
}

Status edit_item(store::Tx& tx, const Principal& admin, ItemType type, int64_t id,
                 const bj::object& content, int64_t now) {
  GH_ASSIGN(Review review, review_in_scope(tx, admin, type, id));
  GH_TRY(org::require_in_scope(tx, admin, content_org(content)));
  bj::object after = content;
  if (review.status == ItemStatus::kPublished) {
    GH_ASSIGN(std::optional<StoredRevision> revision, load_revision(tx, type, id));
    if (revision && revision->state.status == RevisionStatus::kSubmitted) {
      return wrong_status("the revision is submitted: return it before editing");
    }
    GH_TRY(write_revision(tx, admin, type, id, content, now));
    after["revision"] = "draft";
  } else if (review.status == ItemStatus::kDraft || review.status == ItemStatus::kWithdrawn) {
    GH_TRY(kind_of(type).write_content(tx, id, content));
    GH_TRY(update_item(tx, type, id,
                       "status = 'draft', author_account_id = ?, author_name = ?, updated_at = ?",
                       review.status, {admin.account_id, admin.name, now}));
    after["status"] = "draft";
  } else {
    return wrong_status("a " + std::string(enum_name(review.status)) +
                        " item is not edited: return or withdraw it first");
  }
  GH_TRY(touch_news(tx));
  return audit_step(tx, admin, type, id, review.org_id, "updated",
                    {{"status", std::string(enum_name(review.status))}}, std::move(after));
}

bool can_approve(const Principal& admin, const Review& review,
                 const std::optional<RevisionState>& revision) {
  if (revision) {
    return revision->status == RevisionStatus::kSubmitted &&
           !own(admin, revision->author_account_id, revision->submitted_by);
  }
  return review.status == ItemStatus::kSubmitted &&
         !own(admin, review.author_account_id, review.submitted_by);
}

Result<std::vector<Step>> steps_of(store::Tx& tx, ItemType type, int64_t id) {
  audit::Filter filter;
  filter.target_type = type_name(type);
  filter.target_id = id_string(id);
  filter.limit = 500;
  GH_ASSIGN(std::vector<audit::Entry> entries, audit::list(tx, filter));
  std::vector<Step> steps;
  for (auto entry = entries.rbegin(); entry != entries.rend(); ++entry) {
    Step step{entry->action, entry->actor_name, entry->at, ""};
    auto after = json::parse(entry->after_json);
    if (after.ok() && after->is_object()) {
      if (const bj::value* reason = after->get_object().if_contains("reason");
          reason != nullptr && reason->is_string()) {
        step.reason = std::string(reason->get_string());
      }
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

Result<std::vector<int64_t>> manage_page(store::Tx& tx, const Principal& admin, ItemType type,
                                         const ManageFilter& filter, int64_t& total) {
  const bool article = type == ItemType::kArticle;
  std::string where;
  store::Params params;
  if (filter.status) {
    where += " AND t.status = ?";
    params.emplace_back(std::string(enum_name(*filter.status)));
  }
  if (article && filter.category) {
    where += " AND t.category = ?";
    params.emplace_back(std::string(enum_name(*filter.category)));
  }
  if (!article && filter.level) {
    where += " AND t.level = ?";
    params.emplace_back(std::string(enum_name(*filter.level)));
  }
  const std::string_view title_column = article ? "t.title" : "t.name";
  const std::string& q = filter.q;
  const PageRequest& page = filter.page;
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  const org::PathRange range = org::range_of(scope.path);
  params.insert(params.begin(), {range.lower, range.upper});
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT t.id, " + std::string(title_column) + " FROM " +
                         std::string(kind_of(type).table) +
                         " t JOIN orgs o ON o.id = t.org_id WHERE o.path >= ? AND o.path < ?" +
                         where + " ORDER BY t.updated_at DESC, t.id DESC",
                     params));
  const std::u32string key = text::search_key(q, 64);
  std::optional<text::PinyinMatcher> matcher;
  if (!key.empty()) {
    GH_ASSIGN(const text::PinyinTable* pinyin, text::PinyinTable::shared());
    matcher.emplace(*pinyin, key);
  }
  std::vector<int64_t> ids;
  total = 0;
  const int64_t first = (page.page - 1) * page.page_size;
  for (const store::Row& row : rows) {
    if (matcher && !matcher->match(text::search_key(row.text(1), 256)).contains.found()) {
      continue;
    }
    if (total >= first && total < first + page.page_size) {
      ids.push_back(row.integer(0));
    }
    ++total;
  }
  return ids;
}

}  // namespace internal

Status take_step(store::Tx& tx, const Principal& admin, ItemType type, int64_t id, Action action,
                 const StepInput& input, int64_t now) {
  GH_ASSIGN(Review review, internal::review_in_scope(tx, admin, type, id));
  std::optional<internal::StoredRevision> revision;
  if (review.status == ItemStatus::kPublished) {
    GH_ASSIGN(revision, internal::load_revision(tx, type, id));
  }
  const internal::StepContext context{tx, admin, type, id, review, revision, now};
  switch (action) {
    case Action::kSubmit:
      return internal::submit(context);
    case Action::kApprove:
      return internal::approve(context);
    case Action::kReturn:
      return internal::give_back(context, input.reason);
    case Action::kPublish:
      return internal::publish(context, input.publish_at);
    case Action::kWithdraw:
      return internal::withdraw(context, input.reason);
    case Action::kDiscardRevision:
      return internal::discard_revision(context);
  }
  return Error::internal("unknown workflow step");
}

}  // namespace gonghui::news
