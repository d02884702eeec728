// Catalogue search over signed merchants, their offers and products, with the text module's
// Chinese matching. The index is a cache of the database: it is rebuilt when the catalogue
// version (bumped by every catalogue write, on any instance) has changed, or when a
// contract or offer it holds has ended (or a signed contract begun) since it was built. The
// version is read at most once per `staleness_ms` (0, the default: before every search, one
// indexed read, so that a change is visible at once on every instance).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/db.hpp"
#include "text/search_index.hpp"

namespace gonghui::merchant {

struct CatalogueHit {
  std::string kind;  // merchant, offer, product
  int64_t id = 0;
  int64_t merchant_id = 0;
  std::string name;
  int score = 0;
};

class CatalogueSearch {
 public:
  CatalogueSearch(store::Db& db, const text::PinyinTable& pinyin, int64_t staleness_ms = 0);

  // Ranked hits; kind may be empty (all kinds). Errors only when the database fails.
  Result<std::vector<CatalogueHit>> search(std::string_view query, size_t limit,
                                           std::string_view kind = {});
  // Rebuilds now if the catalogue changed (tests and benchmarks call it to skip the wait).
  Status refresh();
  size_t size() const;

 private:
  Status rebuild(int64_t version);

  store::Db& db_;
  const text::PinyinTable& pinyin_;
  const int64_t staleness_ms_;
  std::mutex rebuild_mu_;                     // one rebuild at a time
  std::shared_ptr<text::SearchIndex> index_;  // swapped whole; under index_mu_
  mutable std::mutex index_mu_;
  std::atomic<int64_t> version_{-1};
  std::atomic<int64_t> stale_at_{0};  // when a contract or offer starts or ends (UTC ms)
  std::atomic<int64_t> checked_at_{0};
};

}  // namespace gonghui::merchant
