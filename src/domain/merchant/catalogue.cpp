// Builds and queries the in-memory catalogue index.
#include "domain/merchant/catalogue.hpp"

#include <limits>
#include <unordered_map>

#include "domain/merchant/merchant.hpp"

namespace gonghui::merchant {
namespace {

// Only what members can see: signed merchants in contract, live offers and products. Returns
// the first moment at which what members may see changes by the clock alone: a contract or
// an offer ends, or a signed contract begins.
Result<int64_t> fill_catalogue(store::Tx& tx, text::SearchIndex& index, int64_t now) {
  GH_ASSIGN(store::Rows merchants,
            tx.query("SELECT id, name, address, description FROM merchants "
                     "WHERE suspended = 0 AND contract_start <= ? AND contract_end > ?",
                     {now, now}));
  std::unordered_map<int64_t, std::string> names;
  for (const auto& row : merchants) {
    names[row.integer(0)] = row.text(1);
    GH_TRY(index.add({row.integer(0), "merchant", row.text(1), row.text(2) + " " + row.text(3),
                      row.integer(0)}));
  }
  GH_ASSIGN(store::Rows offers, tx.query("SELECT id, merchant_id, title, terms, gift FROM offers "
                                         "WHERE withdrawn = 0 AND valid_to > ?",
                                         {now}));
  for (const auto& row : offers) {
    auto merchant = names.find(row.integer(1));
    if (merchant == names.end()) continue;
    GH_TRY(index.add({row.integer(0), "offer", row.text(2),
                      merchant->second + " " + row.text(3) + " " + row.text(4), row.integer(1)}));
  }
  GH_ASSIGN(store::Rows products,
            tx.query("SELECT id, merchant_id, name, origin FROM products WHERE withdrawn = 0"));
  for (const auto& row : products) {
    auto merchant = names.find(row.integer(1));
    if (merchant == names.end()) continue;
    GH_TRY(index.add({row.integer(0), "product", row.text(2), merchant->second + " " + row.text(3),
                      row.integer(1)}));
  }
  GH_ASSIGN(store::Rows next,
            tx.query("SELECT MIN(t) FROM (SELECT MIN(contract_end) AS t FROM merchants "
                     "WHERE suspended = 0 AND contract_start <= ? AND contract_end > ? "
                     "UNION ALL SELECT MIN(contract_start) FROM merchants "
                     "WHERE suspended = 0 AND contract_start > ? "
                     "UNION ALL SELECT MIN(valid_to) FROM offers "
                     "WHERE withdrawn = 0 AND valid_to > ?) AS boundaries",
                     {now, now, now, now}));
  return next.empty() || next[0].is_null(0) ? std::numeric_limits<int64_t>::max()
                                            : next[0].integer(0);
}

}  // namespace

CatalogueSearch::CatalogueSearch(store::Db& db, const text::PinyinTable& pinyin,
                                 int64_t staleness_ms)
    : cache_(db, pinyin, catalogue_version, fill_catalogue, staleness_ms) {}

Result<std::vector<CatalogueHit>> CatalogueSearch::search(std::string_view query, size_t limit,
                                                          std::string_view kind) {
  GH_ASSIGN(std::vector<text::SearchHit> hits, cache_.search(query, limit, kind));
  std::vector<CatalogueHit> out;
  out.reserve(hits.size());
  for (const auto& hit : hits) {
    out.push_back({hit.kind, hit.id, hit.payload, hit.name, hit.score});
  }
  return out;
}

}  // namespace gonghui::merchant
