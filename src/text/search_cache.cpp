// Rebuilds a SearchIndex from the database when its version moves or it goes stale.
#include "text/search_cache.hpp"

#include "core/time.hpp"

namespace gonghui::text {

SearchCache::SearchCache(store::Db& db, const PinyinTable& pinyin, Version version, Fill fill,
                         int64_t staleness_ms)
    : db_(db),
      pinyin_(pinyin),
      version_of_(std::move(version)),
      fill_(std::move(fill)),
      staleness_ms_(staleness_ms),
      index_(std::make_shared<SearchIndex>(pinyin)) {}

size_t SearchCache::size() const {
  std::lock_guard lock(index_mu_);
  return index_->size();
}

Status SearchCache::refresh() {
  int64_t version = 0;
  GH_TRY(db_.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(version, version_of_(tx));
    return Status::Ok();
  }));
  const int64_t now = Timestamp::now().ms;
  checked_at_ = now;
  if (version == version_.load() && now < stale_at_.load()) {
    return Status::Ok();
  }
  std::lock_guard lock(rebuild_mu_);
  if (version == version_.load() && now < stale_at_.load()) {
    return Status::Ok();
  }
  return rebuild(version);
}

Status SearchCache::rebuild(int64_t version) {
  auto index = std::make_shared<SearchIndex>(pinyin_);
  int64_t stale_at = 0;
  GH_TRY(db_.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(stale_at, fill_(tx, *index, Timestamp::now().ms));
    return Status::Ok();
  }));
  {
    std::lock_guard lock(index_mu_);
    index_ = std::move(index);
  }
  stale_at_ = stale_at;
  version_ = version;
  return Status::Ok();
}

Result<std::vector<SearchHit>> SearchCache::search(std::string_view query, size_t limit,
                                                   std::string_view kind) {
  if (Timestamp::now().ms - checked_at_.load() >= staleness_ms_ || version_.load() < 0) {
    GH_TRY(refresh());
  }
  std::shared_ptr<SearchIndex> index;
  {
    std::lock_guard lock(index_mu_);
    index = index_;
  }
  return index->search(query, limit, kind);
}

}  // namespace gonghui::text
