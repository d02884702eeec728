// A SearchIndex kept as a cache of the database: rebuilt whole when a version counter that
// every write of what it holds bumps (on any instance) has moved, or when what it holds goes
// stale by the clock alone (a contract that ends). Merchant catalogue search and news search
// are built on it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "store/db.hpp"
#include "text/search_index.hpp"

namespace gonghui::text {

class SearchCache {
 public:
  // Reads the version of what is indexed: one cheap, indexed read.
  using Version = std::function<Result<int64_t>(store::Tx&)>;
  // Adds to an empty index everything it should hold at `now`, and returns the first moment
  // at which that changes by the clock alone (INT64_MAX: never).
  using Fill = std::function<Result<int64_t>(store::Tx&, SearchIndex&, int64_t now)>;

  // The version is read at most once per `staleness_ms` (0: before every search, so that a
  // change made on any instance is visible at once everywhere). The PinyinTable must
  // outlive the cache.
  SearchCache(store::Db& db, const PinyinTable& pinyin, Version version, Fill fill,
              int64_t staleness_ms = 0);

  // Ranked hits (SearchIndex::search) from an index no older than the rules above. Errors
  // only when the database fails. Thread-safe.
  Result<std::vector<SearchHit>> search(std::string_view query, size_t limit,
                                        std::string_view kind = {});
  // Rebuilds now if the version moved or the index went stale (tests and benchmarks call it
  // to skip the wait). Thread-safe; one rebuild at a time.
  Status refresh();
  size_t size() const;

 private:
  Status rebuild(int64_t version);

  store::Db& db_;
  const PinyinTable& pinyin_;
  const Version version_of_;
  const Fill fill_;
  const int64_t staleness_ms_;
  std::mutex rebuild_mu_;               // one rebuild at a time
  std::shared_ptr<SearchIndex> index_;  // swapped whole; under index_mu_
  mutable std::mutex index_mu_;
  std::atomic<int64_t> version_{-1};
  std::atomic<int64_t> stale_at_{0};  // UTC ms
  std::atomic<int64_t> checked_at_{0};
};

}  // namespace gonghui::text
