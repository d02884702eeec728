// The stock invariant of `gonghui check`: no prize ever gave out more than its quantity.
#include "domain/campaign/campaign.hpp"
#include "domain/ledger/ledger.hpp"

namespace gonghui::campaign {

Result<ledger::CheckItem> check_stock(store::Db& db) {
  ledger::CheckItem item{
      "stock is never oversold (vouchers ≤ stock taken ≤ quantity)", 0, "prizes", {}, 0};
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    // taken = quantity − what is left in the prize row and its buckets. Claims and
    // lotteries issue one voucher per unit taken; a distribution reserves its stock before
    // it issues the vouchers. Bookings are bounded by their slots, not by this stock.
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT p.id, c.kind, p.quantity, p.quantity - p.remaining - "
                       "COALESCE((SELECT SUM(s.remaining) FROM campaign_stock s "
                       "WHERE s.prize_id = p.id), 0), "
                       "(SELECT COUNT(*) FROM vouchers v WHERE v.prize_id = p.id) "
                       "FROM campaign_prizes p JOIN campaigns c ON c.id = p.campaign_id "
                       "WHERE c.kind <> 'booking' ORDER BY p.id"));
    for (const auto& row : rows) {
      ++item.checked;
      const std::string kind = row.text(1);
      const int64_t quantity = row.integer(2), taken = row.integer(3), vouchers = row.integer(4);
      const std::optional<Kind> parsed = parse_enum<Kind>(kind);
      const bool exact = parsed == Kind::kClaim || parsed == Kind::kLottery;
      if (taken < 0 || taken > quantity || vouchers > taken || (exact && vouchers != taken)) {
        if (++item.violation_count <= 20) {
          item.violations.push_back(
              "prize " + row.text(0) + " (" + kind + "): quantity " + std::to_string(quantity) +
              ", stock taken " + std::to_string(taken) + ", vouchers " + std::to_string(vouchers));
        }
      }
    }
    return Status::Ok();
  }));
  return item;
}

}  // namespace gonghui::campaign
