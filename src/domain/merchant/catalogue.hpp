// Catalogue search over signed merchants, their offers and products, with the text module's
// Chinese matching. The index is a cache of the database: it is rebuilt when the catalogue
// version (bumped by every catalogue write, on any instance) has changed, or when a
// contract or offer it holds has ended (or a signed contract begun) since it was built. The
// version is read at most once per `staleness_ms` (0, the default: before every search, one
// indexed read, so that a change is visible at once on every instance).
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/db.hpp"
#include "text/search_cache.hpp"

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
  Status refresh() { return cache_.refresh(); }
  size_t size() const { return cache_.size(); }

 private:
  text::SearchCache cache_;
};

}  // namespace gonghui::merchant
