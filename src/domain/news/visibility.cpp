// Who reads what: the unions whose published items a reader sees, and the paging and cards
// every reader's list shares.
#include <unordered_map>

#include "domain/news/internal.hpp"

namespace gonghui::news::internal {
namespace {

using ArticleCardFields =
    store::Fields<&ArticleCard::id, &ArticleCard::title, &ArticleCard::summary,
                  &ArticleCard::category, &ArticleCard::cover_photo_id, &ArticleCard::org_name,
                  &ArticleCard::published_at, &ArticleCard::read_count, &ArticleCard::pinned>;
static_assert(ArticleCardFields::matches(kArticleCardColumns));

using ModelWorkerCardFields =
    store::Fields<&ModelWorkerCard::id, &ModelWorkerCard::name, &ModelWorkerCard::honour,
                  &ModelWorkerCard::level, &ModelWorkerCard::honour_year, &ModelWorkerCard::field,
                  &ModelWorkerCard::photo_id, &ModelWorkerCard::intro, &ModelWorkerCard::org_name,
                  &ModelWorkerCard::has_studio>;
static_assert(ModelWorkerCardFields::matches(kModelWorkerCardColumns));

}  // namespace

ArticleCard article_card(const store::Row& row) { return ArticleCardFields::read(row); }
ModelWorkerCard model_worker_card(const store::Row& row) {
  return ModelWorkerCardFields::read(row);
}

std::string placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += i == 0 ? "?" : ", ?";
  }
  return out;
}

Result<Viewer> viewer_of(store::Tx& tx, const Principal* reader) {
  GH_ASSIGN(org::Org root, org::root(tx));
  Viewer viewer;
  viewer.orgs.push_back(root.id);
  if (reader == nullptr) {
    return viewer;
  }
  if (const RoleGrant* member = reader->grant(Role::kMember)) {
    GH_ASSIGN(org::Org own, org::get(tx, member->org_id));
    for (int64_t id : org::ids_on_path(own.path)) {
      if (id != root.id) viewer.orgs.push_back(id);
    }
  }
  if (reader->has(Role::kOrgAdmin) || reader->has(Role::kPlatformAdmin)) {
    GH_ASSIGN(org::Org scope, org::admin_scope(tx, *reader));
    viewer.admin_range = org::range_of(scope.path);
  }
  return viewer;
}

std::string visible_sql(const Viewer& viewer, store::Params& params) {
  std::string sql = "(o.id IN (" + placeholders(viewer.orgs.size()) + ")";
  params.insert(params.end(), viewer.orgs.begin(), viewer.orgs.end());
  if (viewer.admin_range) {
    sql += " OR (o.path >= ? AND o.path < ?)";
    params.emplace_back(viewer.admin_range->lower);
    params.emplace_back(viewer.admin_range->upper);
  }
  return sql + ")";
}

bool sees(const Viewer& viewer, int64_t org_id, const std::string& path) {
  for (int64_t id : viewer.orgs) {
    if (id == org_id) return true;
  }
  return viewer.admin_range && path >= viewer.admin_range->lower &&
         path < viewer.admin_range->upper;
}

Result<store::Rows> page_rows(store::Tx& tx, const std::string& sql, const std::string& order,
                              store::Params params, const PageRequest& page, int64_t& total) {
  GH_ASSIGN(store::Rows count, tx.query("SELECT COUNT(*) FROM (" + sql + ") AS counted", params));
  total = count.empty() ? 0 : count[0].integer(0);
  params.emplace_back(page.page_size);
  params.emplace_back((page.page - 1) * page.page_size);
  return tx.query(sql + " ORDER BY " + order + " LIMIT ? OFFSET ?", params);
}

store::Rows in_rank_order(const store::Rows& rows, const std::vector<int64_t>& ranked,
                          const PageRequest& page, int64_t& total) {
  std::unordered_map<int64_t, const store::Row*> by_id;
  for (const store::Row& row : rows) {
    by_id[row.integer(0)] = &row;
  }
  store::Rows out;
  total = 0;
  const int64_t first = (page.page - 1) * page.page_size;
  for (int64_t id : ranked) {
    auto found = by_id.find(id);
    if (found == by_id.end()) continue;
    if (total >= first && total < first + page.page_size) {
      out.push_back(*found->second);
    }
    ++total;
  }
  return out;
}

}  // namespace gonghui::news::internal
