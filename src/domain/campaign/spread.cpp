// Spreading copied claim stock over rows, as new claims on PostgreSQL have it.
#include <algorithm>

#include "domain/campaign/campaign.hpp"
#include "domain/campaign/statements.hpp"

namespace gonghui::campaign {

Result<int64_t> spread_claim_stock(store::Tx& tx) {
  GH_ASSIGN(store::Rows prizes,
            tx.query("SELECT p.id, p.quantity, p.remaining FROM campaign_prizes p "
                     "JOIN campaigns c ON c.id = p.campaign_id WHERE c.kind = ? AND NOT EXISTS "
                     "(SELECT 1 FROM campaign_stock s WHERE s.prize_id = p.id) ORDER BY p.id",
                     {std::string(enum_name(Kind::kClaim))}));
  int64_t added = 0;
  for (const auto& prize : prizes) {
    const int64_t id = prize.integer(0), quantity = prize.integer(1), left = prize.integer(2);
    const int64_t rows = std::clamp<int64_t>(kStockRows, 1, quantity);
    if (rows < 2) {
      continue;
    }
    // As at creation (lifecycle.cpp, insert_prizes): each bucket one share, the prize row
    // the rest.
    const int64_t share = left / rows;
    GH_TRY(tx.exec("UPDATE campaign_prizes SET remaining = ? WHERE id = ?",
                   {left - share * (rows - 1), id}));
    for (int64_t bucket = 1; bucket < rows; ++bucket) {
      GH_TRY(tx.exec(sql::kInsertStockBucket, {id, bucket, share}));
    }
    added += rows - 1;
  }
  return added;
}

}  // namespace gonghui::campaign
