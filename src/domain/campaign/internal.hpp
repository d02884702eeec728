// What the campaign module's files share: reading campaigns and members, who may enter, and
// the steps every entry takes; not part of the module's public surface.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/org/org.hpp"
#include "store/db.hpp"

namespace gonghui::campaign::internal {

inline constexpr int64_t kDayMs = 86'400'000;

// What load reads. kFull: everything, with the entry and ticket totals (a scan of the
// campaign's entries, which grows with every entry). kForEntry: what a member's entry
// needs, once per entry in the crowd: no totals, the prizes only for a claim or a booking
// (its ticket) and the slots only for a booking.
enum class Depth { kFull, kForEntry };
Result<Campaign> load(store::Tx& tx, int64_t id, Depth depth = Depth::kFull);
// Admins in scope of the campaign's union; Forbidden otherwise (NotFound if absent).
Result<Campaign> load_for_admin(store::Tx& tx, const Principal& admin, int64_t id);
// Checks each prize's merchant, product and produce as create() says, filling the supplier
// from the merchant and the produce from the product.
Status complete_prizes(store::Tx& tx, std::vector<Prize>& prizes, const org::Org& organiser,
                       int64_t now);
// What the audit log records of a campaign.
boost::json::object snapshot(const Campaign& c);

struct MemberInfo {
  int64_t org_id = 0;
  bool active = false;
  std::vector<int64_t> path_ids;  // the member's base union and every union above it
};
// The ids in a union's path: that union and every union above it.
std::vector<int64_t> path_ids(const std::string& path);
Result<MemberInfo> load_member(store::Tx& tx, int64_t member_id);
bool eligible(const Campaign& c, const MemberInfo& m);

// Who may take part, and when: the one rule every entry, grouped or not, and every booking
// applies. NotFound for a draft; Forbidden not_eligible for a member outside the campaign's
// unions; Conflict campaign_cancelled, campaign_closed or not_open outside its window; then
// Conflict member_not_active for a frozen member or one who has left.
Status admission(const Campaign& c, const MemberInfo& member, int64_t now);
// The tickets one entry may ask for: 1 up to the per-member limit, and exactly 1 for a claim
// (InvalidArgument out_of_range naming "tickets").
Status ticket_count(const Campaign& c, int64_t tickets);
// The campaign (read for an entry) if the member may take part in it now (admission).
Result<Campaign> admit(store::Tx& tx, int64_t member_id, int64_t campaign_id, int64_t now);

// The privacy key alone (an entry needs no signing key, and this runs once per entry of a
// crowd, or once per group); server_keys makes the keys if they are missing.
Result<std::string> privacy_key(store::Tx& tx);
// The member_ref of an entry.
Result<std::string> entry_member_ref(store::Tx& tx, int64_t campaign_id, int64_t member_id);

// The entries matching `condition` (what follows WHERE, and may end in ORDER BY), without
// member_ref or voucher.
Result<std::vector<Entry>> read_entries(store::Tx& tx, std::string_view condition,
                                        const store::Params& params);
// Records new entries (neither refunded nor cancelled) with a few multi-row statements.
Status record_entries(store::Tx& tx, const std::vector<const Entry*>& entries);

// A new entry of `tickets` by the member, costing points_cost for each, made at `now`.
Entry new_entry(const Campaign& c, int64_t member_id, int64_t tickets, int64_t now);
Error limit_reached(const Campaign& c);
// What a member has used of a lottery's per-member limit: the tickets of their entries in it.
Result<int64_t> lottery_tickets(store::Tx& tx, int64_t campaign_id, int64_t member_id);
// Raises the member's usage of a claim or booking by `n` within the per-member limit
// (Conflict limit_reached).
Status count_use(store::Tx& tx, const Campaign& c, int64_t member_id, int64_t n);
// Takes the entry's points (if any) and records the entry.
Status pay_and_record(store::Tx& tx, const Campaign& c, Entry& e);

}  // namespace gonghui::campaign::internal
