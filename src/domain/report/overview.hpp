// The admin console's overview: what waits for an admin in their subtree today, each as a
// count with the few items behind it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"

namespace gonghui::report {

inline constexpr int64_t kOverviewExpiringDays = 30;
inline constexpr int64_t kOverviewClosingDays = 7;
inline constexpr int64_t kOverviewItems = 5;

// One thing waiting: its id, what it is called, a second name where it has one and the time
// that makes it urgent.
struct OverviewItem {
  int64_t id = 0;
  std::string name;
  std::string detail;
  int64_t at = 0;
};

// How many there are, and the first kOverviewItems of them.
struct OverviewList {
  int64_t count = 0;
  std::vector<OverviewItem> items;
};

struct Overview {
  int64_t org_id = 0;  // the admin's scope root
  std::string org_name;
  // Merchant applications to unions of the subtree waiting for a decision, newest first;
  // name: the merchant, at: when it applied.
  OverviewList applications;
  // Contracts of signed (not suspended) merchants of the subtree ending within 30 days,
  // soonest first; name: the merchant, at: the contract's end.
  OverviewList expiring;
  // Vouchers of the subtree's campaigns redeemed today (Asia/Shanghai), latest first;
  // name: the prize, detail: the merchant, at: when redeemed.
  OverviewList redemptions;
  // Published campaigns of the subtree closing within 7 days, soonest first; name: the
  // title, detail: the kind, at: when it closes.
  OverviewList closing;
  std::optional<int64_t> budget;  // the scope root's points budget; nullopt: no limit
  int64_t budget_used = 0;        // what grants and check-ins have taken of it
  int64_t issued_this_year = 0;   // grant and check-in points to the subtree's members since
                                  // 1 January (Asia/Shanghai)
};

// The overview of the administrator's subtree at `now`. Forbidden for a caller who
// administers nothing.
Result<Overview> overview(store::Tx& tx, const Principal& admin, int64_t now);

}  // namespace gonghui::report
