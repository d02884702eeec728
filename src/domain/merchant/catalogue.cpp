// Builds and queries the in-memory catalogue index.
#include "domain/merchant/catalogue.hpp"

#include <limits>

#include "core/time.hpp"
#include "domain/merchant/merchant.hpp"

namespace gonghui::merchant {

CatalogueSearch::CatalogueSearch(store::Db& db, const text::PinyinTable& pinyin,
                                 int64_t staleness_ms)
    : db_(db),
      pinyin_(pinyin),
      staleness_ms_(staleness_ms),
      index_(std::make_shared<text::SearchIndex>(pinyin)) {}

size_t CatalogueSearch::size() const {
  std::lock_guard lock(index_mu_);
  return index_->size();
}

Status CatalogueSearch::refresh() {
  int64_t version = 0;
  GH_TRY(db_.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(version, catalogue_version(tx));
    return Status::Ok();
  }));
  const int64_t now = Timestamp::now().ms;
  checked_at_ = now;
  // The index also goes stale without any write: when a contract or an offer ends, or a
  // signed contract begins.
  if (version == version_.load() && now < stale_at_.load()) {
    return Status::Ok();
  }
  std::lock_guard lock(rebuild_mu_);
  if (version == version_.load() && now < stale_at_.load()) {
    return Status::Ok();
  }
  return rebuild(version);
}

Status CatalogueSearch::rebuild(int64_t version) {
  auto index = std::make_shared<text::SearchIndex>(pinyin_);
  const int64_t now = Timestamp::now().ms;
  int64_t stale_at = std::numeric_limits<int64_t>::max();
  GH_TRY(db_.read([&](store::Tx& tx) -> Status {
    // Only what members can see: signed merchants in contract, live offers and products.
    GH_ASSIGN(store::Rows merchants,
              tx.query("SELECT id, name, address, description FROM merchants "
                       "WHERE suspended = 0 AND contract_start <= ? AND contract_end > ?",
                       {now, now}));
    std::unordered_map<int64_t, std::string> names;
    for (const auto& row : merchants) {
      names[row.integer(0)] = row.text(1);
      GH_TRY(index->add({row.integer(0), "merchant", row.text(1), row.text(2) + " " + row.text(3),
                         row.integer(0)}));
    }
    GH_ASSIGN(store::Rows offers, tx.query("SELECT id, merchant_id, title, terms, gift FROM offers "
                                           "WHERE withdrawn = 0 AND valid_to > ?",
                                           {now}));
    for (const auto& row : offers) {
      auto merchant = names.find(row.integer(1));
      if (merchant == names.end()) continue;
      GH_TRY(
          index->add({row.integer(0), "offer", row.text(2),
                      merchant->second + " " + row.text(3) + " " + row.text(4), row.integer(1)}));
    }
    GH_ASSIGN(store::Rows products,
              tx.query("SELECT id, merchant_id, name, origin FROM products WHERE withdrawn = 0"));
    for (const auto& row : products) {
      auto merchant = names.find(row.integer(1));
      if (merchant == names.end()) continue;
      GH_TRY(index->add({row.integer(0), "product", row.text(2),
                         merchant->second + " " + row.text(3), row.integer(1)}));
    }
    // The first moment at which what members may see changes by the clock alone.
    GH_ASSIGN(store::Rows next,
              tx.query("SELECT MIN(t) FROM (SELECT MIN(contract_end) AS t FROM merchants "
                       "WHERE suspended = 0 AND contract_start <= ? AND contract_end > ? "
                       "UNION ALL SELECT MIN(contract_start) FROM merchants "
                       "WHERE suspended = 0 AND contract_start > ? "
                       "UNION ALL SELECT MIN(valid_to) FROM offers "
                       "WHERE withdrawn = 0 AND valid_to > ?) AS boundaries",
                       {now, now, now, now}));
    stale_at = next.empty() || next[0].is_null(0) ? std::numeric_limits<int64_t>::max()
                                                  : next[0].integer(0);
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

Result<std::vector<CatalogueHit>> CatalogueSearch::search(std::string_view query, size_t limit,
                                                          std::string_view kind) {
  if (Timestamp::now().ms - checked_at_.load() >= staleness_ms_ || version_.load() < 0) {
    GH_TRY(refresh());
  }
  std::shared_ptr<text::SearchIndex> index;
  {
    std::lock_guard lock(index_mu_);
    index = index_;
  }
  std::vector<CatalogueHit> out;
  for (const auto& hit : index->search(query, limit, kind)) {
    out.push_back({hit.kind, hit.id, hit.payload, hit.name, hit.score});
  }
  return out;
}

}  // namespace gonghui::merchant
