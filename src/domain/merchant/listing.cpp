// The admin's 签约商家 list: every merchant in scope, filtered by status, with counts.
#include <algorithm>
#include <optional>

#include "core/time.hpp"
#include "domain/merchant/internal.hpp"
#include "domain/merchant/merchant.hpp"
#include "domain/org/org.hpp"
#include "text/matcher.hpp"

namespace gonghui::merchant {
namespace {

constexpr int64_t kDayMs = 86400000;

// signed, expiring or the merchant's own status, for counting.
bool in_status(const Merchant& m, std::string_view status, int64_t now) {
  const std::string own = m.status(now);
  if (status == "expiring") {
    return own == "signed" && m.contract_end <= now + kExpiringDays * kDayMs;
  }
  return own == status;
}

}  // namespace

bool valid_signed_status(std::string_view status) {
  return status == "signed" || status == "expiring" || status == "suspended" || status == "expired";
}

Result<SignedPage> list_signed(store::Tx& tx, const Principal& admin, const SignedFilter& filter) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  const org::PathRange range = org::range_of(scope.path);
  std::string sql = "SELECT " + std::string(internal::kMerchantColumns) +
                    " FROM merchants WHERE org_id IN (SELECT id FROM orgs WHERE path >= ? AND "
                    "path < ?)";
  store::Params params{range.lower, range.upper};
  if (!filter.category.empty()) {
    sql += " AND category = ?";
    params.emplace_back(filter.category);
  }
  GH_ASSIGN(store::Rows rows, tx.query(sql + " ORDER BY id", params));
  const std::u32string key = text::search_key(filter.q, 64);
  std::optional<text::PinyinMatcher> matcher;
  if (!key.empty()) {
    GH_ASSIGN(const text::PinyinTable* pinyin, text::PinyinTable::shared());
    matcher.emplace(*pinyin, key);
  }
  const int64_t now = Timestamp::now().ms;
  SignedPage page;
  int64_t listed = 0;  // merchants in the chosen status, before the page
  for (const auto& row : rows) {
    Merchant m = internal::merchant_from(row);
    if (matcher && !matcher->match(text::search_key(m.fields.name, 256)).contains.found()) {
      continue;
    }
    StatusCounts& c = page.counts;
    ++c.all;
    c.signed_ += in_status(m, "signed", now);
    c.expiring += in_status(m, "expiring", now);
    c.suspended += in_status(m, "suspended", now);
    c.expired += in_status(m, "expired", now);
    if (!filter.status.empty() && !in_status(m, filter.status, now)) {
      continue;
    }
    if (listed++ < filter.offset) {
      continue;
    }
    if (static_cast<int64_t>(page.items.size()) < filter.limit) {
      page.items.push_back(std::move(m));
    } else {
      page.next_offset = filter.offset + filter.limit;
    }
  }
  return page;
}

}  // namespace gonghui::merchant
