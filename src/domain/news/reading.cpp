// What readers see: published articles and profiles of the unions they may read, their
// lists (by category or level, newest first, or by search rank), one item with its links, read
// counts, and the items linking to a merchant or a campaign.
#include "core/time.hpp"
#include "domain/news/internal.hpp"

namespace gonghui::news {

namespace {

using internal::kArticleCardColumns;
using internal::kModelWorkerCardColumns;

// Published articles `a` the viewer sees, with their union `o`; more conditions are appended.
std::string published_articles(const internal::Viewer& viewer, store::Params& params) {
  return "SELECT " + std::string(kArticleCardColumns) +
         " FROM news_articles a JOIN orgs o ON o.id = a.org_id WHERE a.status = 'published' AND " +
         internal::visible_sql(viewer, params);
}

std::string published_profiles(const internal::Viewer& viewer, store::Params& params) {
  return "SELECT " + std::string(kModelWorkerCardColumns) +
         " FROM model_workers w JOIN orgs o ON o.id = w.org_id WHERE w.status = 'published' AND " +
         internal::visible_sql(viewer, params);
}

template <class Card>
std::vector<Card> cards(const store::Rows& rows, Card (*read)(const store::Row&)) {
  std::vector<Card> out;
  out.reserve(rows.size());
  for (const store::Row& row : rows) {
    out.push_back(read(row));
  }
  return out;
}

// A page of `sql` (ids first) over the table aliased `alias`, read by `read`: in the
// filter's rank order when searching, else newest published first.
template <class Card>
Result<Page<Card>> reader_page(store::Tx& tx, std::string sql, store::Params params,
                               const std::string& alias, const ReaderFilter& filter,
                               Card (*read)(const store::Row&)) {
  Page<Card> page{{}, 0, filter.page.page, filter.page.page_size};
  const std::string id_column = alias + ".id";
  store::Rows rows;
  if (!filter.ranked) {
    GH_ASSIGN(rows,
              internal::page_rows(tx, sql, alias + ".published_at DESC, " + id_column + " DESC",
                                  std::move(params), filter.page, page.total));
  } else if (!filter.ranked->empty()) {
    sql += " AND " + id_column + " IN (" + internal::placeholders(filter.ranked->size()) + ")";
    params.insert(params.end(), filter.ranked->begin(), filter.ranked->end());
    GH_ASSIGN(store::Rows matching, tx.query(sql, params));
    rows = internal::in_rank_order(matching, *filter.ranked, filter.page, page.total);
  }
  page.items = cards(rows, read);
  return page;
}

// Profiles linked to an article either way, or telling its story.
Result<std::vector<ModelWorkerCard>> profiles_of(store::Tx& tx, const internal::Viewer& viewer,
                                                 int64_t article_id) {
  store::Params params;
  std::string sql = published_profiles(viewer, params) +
                    " AND (w.story_article_id = ? OR w.id IN (SELECT target_id FROM news_links "
                    "WHERE item_type = 'article' AND item_id = ? AND kind = 'model_worker') OR "
                    "w.id IN (SELECT item_id FROM news_links WHERE item_type = 'model_worker' AND "
                    "kind = 'article' AND target_id = ?)) ORDER BY w.published_at DESC, w.id DESC";
  params.insert(params.end(), {article_id, article_id, article_id});
  GH_ASSIGN(store::Rows rows, tx.query(sql, params));
  return cards(rows, internal::model_worker_card);
}

// One published article the viewer sees: its card and body.
Result<ArticleReading> published_article(store::Tx& tx, const internal::Viewer& viewer,
                                         int64_t id) {
  store::Params params;
  std::string sql = published_articles(viewer, params);
  sql.replace(sql.find(" FROM "), 6, ", a.body FROM ");
  params.emplace_back(id);
  GH_ASSIGN(store::Rows rows, tx.query(sql + " AND a.id = ?", params));
  if (rows.empty()) {
    return Error::not_found("article");
  }
  ArticleReading out;
  out.card = internal::article_card(rows[0]);
  out.body = rows[0].text(internal::kArticleCardWidth);
  return out;
}

// Records the read once per account; true when it is the account's first.
Result<bool> record_read(store::Tx& tx, const Principal& reader, int64_t id, int64_t now) {
  GH_ASSIGN(int64_t added,
            tx.exec("INSERT INTO news_reads (article_id, account_id, read_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (article_id, account_id) DO NOTHING",
                    {id, reader.account_id, now}));
  if (added == 0) {
    return false;
  }
  GH_TRY(tx.exec("UPDATE news_articles SET read_count = read_count + 1 WHERE id = ?", {id}));
  return true;
}

}  // namespace

Result<ArticleList> list_articles(store::Tx& tx, const Principal* reader,
                                  const ReaderFilter& filter) {
  GH_ASSIGN(internal::Viewer viewer, internal::viewer_of(tx, reader));
  store::Params params;
  std::string sql = published_articles(viewer, params);
  if (filter.category) {
    sql += " AND a.category = ?";
    params.emplace_back(std::string(enum_name(*filter.category)));
  }
  ArticleList out;
  GH_ASSIGN(out.page, reader_page(tx, sql, params, "a", filter, internal::article_card));
  if (filter.page.page == 1 && !filter.ranked) {
    store::Params pinned_params;
    GH_ASSIGN(store::Rows rows, tx.query(published_articles(viewer, pinned_params) +
                                             " AND a.pinned = 1 AND a.category = 'notice' "
                                             "ORDER BY a.published_at DESC, a.id DESC LIMIT " +
                                             std::to_string(kMaxPinned),
                                         pinned_params));
    out.pinned = cards(rows, internal::article_card);
  }
  return out;
}

Result<ArticleReading> read_article(store::Tx& tx, const Principal* reader, int64_t id,
                                    int64_t now) {
  GH_ASSIGN(internal::Viewer viewer, internal::viewer_of(tx, reader));
  GH_ASSIGN(ArticleReading out, published_article(tx, viewer, id));
  GH_ASSIGN(std::vector<LinkRef> links, internal::read_links(tx, ItemType::kArticle, id));
  GH_ASSIGN(out.links, internal::titled(tx, links, &viewer, now));
  GH_ASSIGN(out.model_workers, profiles_of(tx, viewer, id));
  if (reader != nullptr) {
    GH_ASSIGN(bool first, record_read(tx, *reader, id, now));
    out.card.read_count += first ? 1 : 0;
  }
  return out;
}

Result<ModelWorkerList> list_model_workers(store::Tx& tx, const Principal* reader,
                                           const ReaderFilter& filter) {
  GH_ASSIGN(internal::Viewer viewer, internal::viewer_of(tx, reader));
  ModelWorkerList out;
  out.page.page = filter.page.page;
  out.page.page_size = filter.page.page_size;
  store::Params params;
  std::string sql = published_profiles(viewer, params);
  store::Params field_params = params;
  GH_ASSIGN(
      store::Rows fields,
      tx.query("SELECT DISTINCT field FROM (" + sql + ") AS visible ORDER BY field", field_params));
  for (const store::Row& row : fields) {
    out.fields.push_back(row.text(0));
  }
  if (filter.level) {
    sql += " AND w.level = ?";
    params.emplace_back(std::string(enum_name(*filter.level)));
  }
  if (!filter.field.empty()) {
    sql += " AND w.field = ?";
    params.emplace_back(filter.field);
  }
  GH_ASSIGN(out.page, reader_page(tx, sql, params, "w", filter, internal::model_worker_card));
  return out;
}

Result<ModelWorkerReading> read_model_worker(store::Tx& tx, const Principal* reader, int64_t id) {
  GH_ASSIGN(internal::Viewer viewer, internal::viewer_of(tx, reader));
  store::Params params;
  std::string sql = published_profiles(viewer, params);
  sql.replace(sql.find(" FROM "), 6,
              ", w.story_article_id, w.studio_name, w.studio_members, w.studio_address, "
              "w.studio_achievements FROM ");
  params.emplace_back(id);
  GH_ASSIGN(store::Rows rows, tx.query(sql + " AND w.id = ?", params));
  if (rows.empty()) {
    return Error::not_found("model worker");
  }
  const store::Row& row = rows[0];
  ModelWorkerReading out;
  out.card = internal::model_worker_card(row);
  const size_t next = internal::kModelWorkerCardWidth;
  if (out.card.has_studio) {
    out.studio =
        Studio{row.text(next + 1), row.integer(next + 2), row.text(next + 3), row.text(next + 4)};
  }
  if (const int64_t story = row.integer(next); story != 0) {
    auto article = published_article(tx, viewer, story);
    if (article.ok()) {
      out.story = std::move(article).value();
    }
  }
  const int64_t now = Timestamp::now().ms;
  GH_ASSIGN(std::vector<LinkRef> links, internal::read_links(tx, ItemType::kModelWorker, id));
  GH_ASSIGN(out.links, internal::titled(tx, links, &viewer, now));
  return out;
}

Result<LinkedItems> linked_to(store::Tx& tx, const Principal* reader, LinkKind kind,
                              int64_t target_id) {
  GH_ASSIGN(internal::Viewer viewer, internal::viewer_of(tx, reader));
  LinkedItems out;
  const std::string links =
      " IN (SELECT item_id FROM news_links WHERE item_type = ? AND kind = ? AND target_id = ?)";
  const std::string target_kind(enum_name(kind));
  store::Params params;
  std::string sql = published_articles(viewer, params) + " AND a.id" + links +
                    " ORDER BY a.published_at DESC, a.id DESC LIMIT 20";
  params.insert(params.end(), {std::string("article"), target_kind, target_id});
  GH_ASSIGN(store::Rows rows, tx.query(sql, params));
  out.articles = cards(rows, internal::article_card);
  params.clear();
  sql = published_profiles(viewer, params) + " AND w.id" + links +
        " ORDER BY w.published_at DESC, w.id DESC LIMIT 20";
  params.insert(params.end(), {std::string("model_worker"), target_kind, target_id});
  GH_ASSIGN(rows, tx.query(sql, params));
  out.model_workers = cards(rows, internal::model_worker_card);
  return out;
}

}  // namespace gonghui::news
