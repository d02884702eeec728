// Favourite merchants (收藏) and the member's own entries across campaigns.
#include <algorithm>

#include "domain/mine/internal.hpp"
#include "domain/mine/mine.hpp"
#include "store/columns.hpp"

namespace gonghui::mine {
namespace internal {

Result<int64_t> member_id(const Principal& principal) {
  const RoleGrant* grant = principal.grant(Role::kMember);
  if (grant == nullptr || grant->member_id == 0) {
    return Error::forbidden("only members keep favourites, entries and feedback");
  }
  return grant->member_id;
}

}  // namespace internal

namespace {

constexpr std::string_view kSelectFavourites =
    "SELECT f.merchant_id, m.name, m.category, m.address, m.photo_ids, f.created_at "
    "FROM member_favourites f JOIN merchants m ON m.id = f.merchant_id";
using FavouriteFields =
    store::Fields<&Favourite::merchant_id, &Favourite::name, &Favourite::category,
                  &Favourite::address, &Favourite::photo_ids, &Favourite::created_at>;
static_assert(FavouriteFields::matches(kSelectFavourites));

constexpr std::string_view kSelectEntries =
    "SELECT e.id, e.campaign_id, c.title, c.kind, c.status, e.tickets, e.points, "
    "COALESCE(s.starts_at, 0), COALESCE(s.ends_at, 0), e.cancelled_at, e.refunded, "
    "e.created_at FROM campaign_entries e JOIN campaigns c ON c.id = e.campaign_id "
    "LEFT JOIN campaign_slots s ON s.id = e.slot_id AND e.slot_id <> 0";
using EntryFields =
    store::Fields<&MyEntry::id, &MyEntry::campaign_id, &MyEntry::campaign_title,
                  &MyEntry::campaign_kind, &MyEntry::campaign_status, &MyEntry::tickets,
                  &MyEntry::points, &MyEntry::slot_starts_at, &MyEntry::slot_ends_at,
                  &MyEntry::cancelled_at, &MyEntry::refunded, &MyEntry::created_at>;
static_assert(EntryFields::matches(kSelectEntries));

EntryState state_of(const MyEntry& e) {
  if (e.cancelled_at != 0 || e.refunded || e.campaign_status == "cancelled") {
    return EntryState::kCancelled;
  }
  if (e.campaign_kind == "lottery") {
    if (e.campaign_status != "drawn") {
      return EntryState::kWaiting;
    }
    return e.vouchers > 0 ? EntryState::kWon : EntryState::kNotWon;
  }
  if (e.campaign_kind == "booking") {
    return EntryState::kBooked;
  }
  return EntryState::kClaimed;
}

// Sets each entry's count of vouchers (void ones left out), with one statement for the page.
Status count_vouchers(store::Tx& tx, std::vector<MyEntry>& entries) {
  if (entries.empty()) {
    return Status::Ok();
  }
  std::string sql =
      "SELECT entry_id, COUNT(*) FROM vouchers WHERE status <> 'void' AND entry_id IN (";
  store::Params params;
  for (const MyEntry& entry : entries) {
    sql += params.empty() ? "?" : ", ?";
    params.push_back(entry.id);
  }
  sql += ") GROUP BY entry_id";
  GH_ASSIGN(store::Rows rows, tx.query(sql, params));
  for (const store::Row& row : rows) {
    for (MyEntry& entry : entries) {
      if (entry.id == row.integer(0)) {
        entry.vouchers = row.integer(1);
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status add_favourite(store::Tx& tx, const Principal& member, int64_t merchant_id, int64_t now) {
  GH_ASSIGN(int64_t me, internal::member_id(member));
  GH_ASSIGN(store::Rows found, tx.query("SELECT 1 FROM merchants WHERE id = ?", {merchant_id}));
  if (found.empty()) {
    return Error::not_found("merchant");
  }
  GH_TRY(
      tx.exec("INSERT INTO member_favourites (member_id, merchant_id, created_at) "
              "VALUES (?, ?, ?) ON CONFLICT (member_id, merchant_id) DO NOTHING",
              {me, merchant_id, now}));
  return Status::Ok();
}

Status remove_favourite(store::Tx& tx, const Principal& member, int64_t merchant_id) {
  GH_ASSIGN(int64_t me, internal::member_id(member));
  GH_TRY(tx.exec("DELETE FROM member_favourites WHERE member_id = ? AND merchant_id = ?",
                 {me, merchant_id}));
  return Status::Ok();
}

Result<std::vector<Favourite>> favourites(store::Tx& tx, const Principal& member) {
  GH_ASSIGN(int64_t me, internal::member_id(member));
  GH_ASSIGN(store::Rows rows,
            tx.query(std::string(kSelectFavourites) +
                         " WHERE f.member_id = ? ORDER BY f.created_at DESC, f.merchant_id DESC",
                     {me}));
  std::vector<Favourite> out;
  out.reserve(rows.size());
  for (const store::Row& row : rows) {
    out.push_back(FavouriteFields::read(row));
  }
  return out;
}

Result<bool> is_favourite(store::Tx& tx, const Principal& member, int64_t merchant_id) {
  GH_ASSIGN(int64_t me, internal::member_id(member));
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT 1 FROM member_favourites WHERE member_id = ? AND merchant_id = ?",
                     {me, merchant_id}));
  return !rows.empty();
}

Result<EntryPage> my_entries(store::Tx& tx, const Principal& member, int64_t before_id,
                             int64_t limit) {
  GH_ASSIGN(int64_t me, internal::member_id(member));
  const int64_t below = before_id > 0 ? before_id : INT64_MAX;
  GH_ASSIGN(store::Rows rows,
            tx.query(std::string(kSelectEntries) +
                         " WHERE e.member_id = ? AND e.id < ? ORDER BY e.id DESC LIMIT ?",
                     {me, below, limit + 1}));
  EntryPage page;
  for (const store::Row& row : rows) {
    if (static_cast<int64_t>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(EntryFields::read(row));
  }
  GH_TRY(count_vouchers(tx, page.items));
  for (MyEntry& entry : page.items) {
    entry.state = state_of(entry);
  }
  return page;
}

}  // namespace gonghui::mine
