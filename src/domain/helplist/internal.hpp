// What the files of the help-list module share: loading pairings and needs with their parts,
// who administers a pairing, and the timeline.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/helplist/helplist.hpp"
#include "store/columns.hpp"

namespace gonghui::helplist::internal {

inline constexpr std::string_view kSelectPairing =
    "SELECT p.id, p.org_id, o.name, p.village, p.region, p.description, p.fund_fen, "
    "p.started_on, p.secretary_name, p.secretary_org, p.secretary_phone, p.status, "
    "p.created_at, p.updated_at FROM helplist_pairings p JOIN orgs o ON o.id = p.org_id";
using PairingFields =
    store::Fields<&Pairing::id, &Pairing::org_id, &Pairing::org_name, &Pairing::village,
                  &Pairing::region, &Pairing::description, &Pairing::fund_fen, &Pairing::started_on,
                  &Pairing::secretary_name, &Pairing::secretary_org, &Pairing::secretary_phone,
                  &Pairing::status, &Pairing::created_at, &Pairing::updated_at>;
static_assert(PairingFields::matches(kSelectPairing));

inline constexpr std::string_view kSelectNeed =
    "SELECT n.id, n.pairing_id, n.category, n.title, n.description, n.target_quantity, n.unit, "
    "n.delivered_quantity, n.budget_fen, n.deadline, n.responsible, n.status, n.completed_by, "
    "n.created_at, n.updated_at FROM helplist_needs n";
using NeedFields =
    store::Fields<&Need::id, &Need::pairing_id, &Need::category, &Need::title, &Need::description,
                  &Need::target_quantity, &Need::unit, &Need::delivered_quantity, &Need::budget_fen,
                  &Need::deadline, &Need::responsible, &Need::status, &Need::completed_by,
                  &Need::created_at, &Need::updated_at>;
static_assert(NeedFields::matches(kSelectNeed));

// Pairings matching `where` (a clause on the columns above with its ORDER BY), without
// aggregates.
Result<std::vector<Pairing>> pairings_where(store::Tx& tx, const std::string& where,
                                            const store::Params& params);
// One pairing without aggregates. NotFound (pairing).
Result<Pairing> load_pairing(store::Tx& tx, int64_t id);
// Fills the pairing's aggregates (need counts, households, visits, spent, minutes, income).
Status fill_aggregates(store::Tx& tx, Pairing& p);
// Whether the principal (null: anonymous) administers the union: an org admin whose subtree
// holds it, or the platform admin.
Result<bool> administers(store::Tx& tx, const Principal* principal, int64_t org_id);

// One need without its parts. NotFound (need).
Result<Need> load_need(store::Tx& tx, int64_t id);
// The need and its pairing, for an admin of the pairing (Forbidden otherwise).
struct NeedOf {
  Need need;
  Pairing pairing;
};
Result<NeedOf> need_for_admin(store::Tx& tx, const Principal& admin, int64_t id);
// The pairing for an admin of it (Forbidden otherwise).
Result<Pairing> pairing_for_admin(store::Tx& tx, const Principal& admin, int64_t id);
// Fills the need's counts, timeline, fulfilments and tasks; household_ids when `with_households`.
Status fill_need(store::Tx& tx, Need& need, bool with_households);
// The needs of a pairing, oldest first, filled.
Result<std::vector<Need>> needs_of(store::Tx& tx, int64_t pairing_id, bool with_households);

// Appends an entry to the need's timeline.
Status record_progress(store::Tx& tx, int64_t need_id, std::string_view kind, std::string_view text,
                       const std::vector<int64_t>& photo_ids, int64_t delivered,
                       const Principal& actor, int64_t now);

// Tasks matching `where` (on t, n, p), with the pairing's village and union.
Result<std::vector<Task>> tasks_where(store::Tx& tx, const std::string& where,
                                      const store::Params& params);

}  // namespace gonghui::helplist::internal
