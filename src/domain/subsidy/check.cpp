// The quota invariant of `gonghui check`: each district's places used are exactly its
// applications that hold one, and never more than its quota.
#include "domain/ledger/ledger.hpp"
#include "domain/subsidy/subsidy.hpp"

namespace gonghui::subsidy {

Result<ledger::CheckItem> check_quotas(store::Db& db) {
  ledger::CheckItem item{
      "求学圆梦 quotas hold (places used = applications holding one ≤ quota)", 0, "quotas", {}, 0};
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    // A place is taken at the district's approval and given back only by a return at the
    // city's step, so district_approved, approved and paid applications hold one each.
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT q.round_id, q.org_id, q.quota, q.used, "
                       "(SELECT COUNT(*) FROM subsidy_applications a WHERE a.round_id = "
                       "q.round_id AND a.district_id = q.org_id AND a.status IN "
                       "('district_approved', 'approved', 'paid')) "
                       "FROM subsidy_quotas q ORDER BY q.round_id, q.org_id"));
    for (const auto& row : rows) {
      ++item.checked;
      const int64_t quota = row.integer(2), used = row.integer(3), holding = row.integer(4);
      if (used != holding || used > quota) {
        if (++item.violation_count <= 20) {
          item.violations.push_back("round " + row.text(0) + ", district " + row.text(1) +
                                    ": quota " + std::to_string(quota) + ", used " +
                                    std::to_string(used) + ", applications holding a place " +
                                    std::to_string(holding));
        }
      }
    }
    return Status::Ok();
  }));
  return item;
}

}  // namespace gonghui::subsidy
