// Reader search over published articles and profiles: a text::SearchCache rebuilt when the
// news version moves.
#include <limits>

#include "domain/news/internal.hpp"
#include "text/markdown.hpp"

namespace gonghui::news {
namespace {

// Enough for any reader's page of search results; visibility is decided afterwards.
constexpr size_t kMaxHits = 1000;

// Every published item: an article by its title, with its summary and body's text as extra
// text; a profile by its name, with its honour, field, introduction and studio. The payload is
// the item's union. Nothing goes stale by the clock alone (a scheduled item's publishing
// bumps the version).
Result<int64_t> fill_news(store::Tx& tx, text::SearchIndex& index, int64_t) {
  GH_ASSIGN(store::Rows articles,
            tx.query("SELECT id, title, summary, body, org_id FROM news_articles "
                     "WHERE status = 'published'"));
  for (const store::Row& row : articles) {
    GH_TRY(index.add({row.integer(0), "article", row.text(1),
                      row.text(2) + " " + text::markdown_text(row.text(3)), row.integer(4)}));
  }
  GH_ASSIGN(store::Rows profiles,
            tx.query("SELECT id, name, honour, field, intro, studio_name, org_id "
                     "FROM model_workers WHERE status = 'published'"));
  for (const store::Row& row : profiles) {
    GH_TRY(index.add({row.integer(0), "model_worker", row.text(1),
                      row.text(2) + " " + row.text(3) + " " + row.text(4) + " " + row.text(5),
                      row.integer(6)}));
  }
  return std::numeric_limits<int64_t>::max();
}

}  // namespace

Result<int64_t> news_version(store::Tx& tx) {
  GH_ASSIGN(store::Rows rows, tx.query("SELECT value FROM settings WHERE key = 'news_version'"));
  return rows.empty() ? int64_t{0} : rows[0].integer(0);
}

NewsSearch::NewsSearch(store::Db& db, const text::PinyinTable& pinyin)
    : cache_(db, pinyin, news_version, fill_news) {}

Result<std::vector<int64_t>> NewsSearch::search(std::string_view query, ItemType type) {
  GH_ASSIGN(std::vector<text::SearchHit> hits, cache_.search(query, kMaxHits, enum_name(type)));
  std::vector<int64_t> ids;
  ids.reserve(hits.size());
  for (const text::SearchHit& hit : hits) {
    ids.push_back(hit.id);
  }
  return ids;
}

}  // namespace gonghui::news
