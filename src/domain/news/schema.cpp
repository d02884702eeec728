// The tables of 工会资讯 and 劳模工匠: articles, profiles, their pending revisions, links and
// reads.
#include <string>

#include "domain/news/news.hpp"

namespace gonghui::news {
namespace {

// The review workflow's columns, the same in both items' tables.
constexpr std::string_view kReviewColumnsSql = R"sql(
  status TEXT NOT NULL CHECK (status IN
    ('draft','submitted','approved','scheduled','published','withdrawn')),
  author_account_id BIGINT NOT NULL, author_name TEXT NOT NULL, submitted_by BIGINT NOT NULL,
  return_reason TEXT NOT NULL, withdraw_reason TEXT NOT NULL, publish_at BIGINT NOT NULL,
  published_at BIGINT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)sql";

std::string articles_sql() {
  // Content columns have defaults: an item's row is made by the workflow, then its content
  // written by the kind's own code.
  return R"sql(CREATE TABLE news_articles (
  id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL REFERENCES orgs (id),
  title TEXT NOT NULL DEFAULT '', summary TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT 'union_news' CHECK (category IN
    ('union_news','notice','policy','model_worker','farm_aid')),
  cover_photo_id BIGINT NOT NULL DEFAULT 0, pinned INTEGER NOT NULL DEFAULT 0,
  read_count BIGINT NOT NULL DEFAULT 0,)sql" +
         std::string(kReviewColumnsSql) + R"sql();
CREATE INDEX news_articles_status ON news_articles (status, published_at);
CREATE INDEX news_articles_due ON news_articles (status, publish_at);
CREATE INDEX news_articles_org ON news_articles (org_id, updated_at);
CREATE TABLE news_reads (article_id BIGINT NOT NULL, account_id BIGINT NOT NULL,
  read_at BIGINT NOT NULL, PRIMARY KEY (article_id, account_id));
INSERT INTO settings (key, value) VALUES ('news_version', '0');)sql";
}

std::string model_workers_sql() {
  return R"sql(CREATE TABLE model_workers (
  id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL REFERENCES orgs (id),
  name TEXT NOT NULL DEFAULT '', honour TEXT NOT NULL DEFAULT '',
  level TEXT NOT NULL DEFAULT 'other' CHECK (level IN
    ('national','provincial','city','poverty_model','craftsman','other')),
  honour_year BIGINT NOT NULL DEFAULT 0, field TEXT NOT NULL DEFAULT '',
  photo_id BIGINT NOT NULL DEFAULT 0, intro TEXT NOT NULL DEFAULT '',
  story_article_id BIGINT NOT NULL DEFAULT 0, has_studio INTEGER NOT NULL DEFAULT 0,
  studio_name TEXT NOT NULL DEFAULT '', studio_members BIGINT NOT NULL DEFAULT 0,
  studio_address TEXT NOT NULL DEFAULT '', studio_achievements TEXT NOT NULL DEFAULT '',)sql" +
         std::string(kReviewColumnsSql) + R"sql();
CREATE INDEX model_workers_status ON model_workers (status, published_at);
CREATE INDEX model_workers_due ON model_workers (status, publish_at);
CREATE INDEX model_workers_org ON model_workers (org_id, updated_at);)sql";
}

}  // namespace

std::vector<store::Migration> migrations() {
  return {{900, "news articles", articles_sql(), ""},
          {901, "model workers", model_workers_sql(), ""},
          // A pending revision keeps its content as the JSON the kind's code writes; links
          // name their kind without a CHECK so that later kinds (courses, villages) need no
          // table copy on SQLite.
          {902, "news revisions and links",
           R"sql(CREATE TABLE news_revisions (
  item_type TEXT NOT NULL CHECK (item_type IN ('article','model_worker')),
  item_id BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','submitted')), content TEXT NOT NULL,
  author_account_id BIGINT NOT NULL, author_name TEXT NOT NULL, submitted_by BIGINT NOT NULL,
  return_reason TEXT NOT NULL, updated_at BIGINT NOT NULL,
  PRIMARY KEY (item_type, item_id));
CREATE TABLE news_links (
  item_type TEXT NOT NULL CHECK (item_type IN ('article','model_worker')),
  item_id BIGINT NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL,
  target_id BIGINT NOT NULL, PRIMARY KEY (item_type, item_id, position));
CREATE INDEX news_links_target ON news_links (kind, target_id);)sql",
           ""}};
}

}  // namespace gonghui::news
