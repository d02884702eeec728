// A campaign's life: create, read and list, publish (committing to the draw's secret), and
// cancel with refunds.
#include <algorithm>
#include <limits>
#include <set>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/internal.hpp"
#include "domain/campaign/statements.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/merchant/merchant.hpp"
#include "domain/org/org.hpp"
#include "store/batch.hpp"

namespace gonghui::campaign {
namespace {

namespace bj = boost::json;
using store::Params;
using store::Rows;

constexpr size_t kMaxPrizes = 20;
constexpr int64_t kMaxTickets = 1000;

bool is_admin(const Principal& p) { return p.has(Role::kOrgAdmin) || p.has(Role::kPlatformAdmin); }

Status validate(const CampaignInput& in) {
  if (in.title.empty()) {
    return Error::invalid("title", "required", "title is required");
  }
  if (in.closes_at <= in.opens_at) {
    return Error::invalid("closes_at", "invalid_window", "closes_at must be after opens_at");
  }
  if (in.points_cost < 0 || in.points_cost > ledger::kMaxAmount / kMaxTickets) {
    return Error::invalid("points_cost", "out_of_range", "points_cost is out of range");
  }
  if (in.per_member_limit < 1 || in.per_member_limit > kMaxTickets) {
    return Error::invalid("per_member_limit", "out_of_range",
                          "per_member_limit must be between 1 and 1000");
  }
  if (in.voucher_valid_days < 1 || in.voucher_valid_days > 3660) {
    return Error::invalid("voucher_valid_days", "out_of_range",
                          "voucher_valid_days must be between 1 and 3660");
  }
  if (in.prizes.empty() || in.prizes.size() > kMaxPrizes) {
    return Error::invalid("prizes", "invalid_prizes", "between 1 and 20 prizes are required");
  }
  const bool booking = in.kind == Kind::kBooking;
  if ((booking || in.kind == Kind::kDistribution) && in.prizes.size() != 1) {
    return Error::invalid("prizes", "invalid_prizes",
                          "a booking or distribution names exactly one prize (its voucher)");
  }
  if (booking != !in.slots.empty() || in.slots.size() > 200) {
    return Error::invalid("slots", booking ? "required" : "invalid_slots",
                          booking ? "a booking needs 1 to 200 slots" : "only a booking has slots");
  }
  for (const auto& slot : in.slots) {
    if (slot.ends_at <= slot.starts_at) {
      return Error::invalid("slots", "invalid_window", "each slot must end after it starts");
    }
    if (slot.capacity < 1 || slot.capacity > 100'000) {
      return Error::invalid("slots", "invalid_capacity",
                            "each slot needs a capacity between 1 and 100000");
    }
  }
  if (in.cancel_before_minutes < 0 || in.cancel_before_minutes > 60 * 24 * 30) {
    return Error::invalid("cancel_before_minutes", "out_of_range",
                          "cancel_before_minutes must be between 0 and 43200");
  }
  std::set<int64_t> tiers;
  for (const auto& p : in.prizes) {
    if (p.tier < 1 || p.tier > 100 || !tiers.insert(p.tier).second) {
      return Error::invalid("prizes", "invalid_tier", "each prize needs its own tier 1..100");
    }
    if (p.name.empty() || p.quantity < 1 || p.quantity > 10'000'000 || p.value_fen < 0) {
      return Error::invalid("prizes", "invalid_prizes",
                            "each prize needs a name, a quantity 1..10000000 and value_fen >= 0");
    }
  }
  return Status::Ok();
}

// Published listed campaigns a member may see, newest first: organised by one of the `unions`
// on the member's path, and open to every base union or listing the member's.
std::string campaigns_for_member(size_t unions) {
  return "SELECT c.id FROM campaigns c WHERE c.org_id IN (" + store::repeated("?", unions) +
         ") AND c.status <> 'draft' AND c.listed = 1 AND (NOT EXISTS (SELECT 1 FROM campaign_orgs "
         "n "
         "WHERE n.campaign_id = c.id) OR EXISTS (SELECT 1 FROM campaign_orgs n "
         "WHERE n.campaign_id = c.id AND n.org_id = ?)) AND c.id < ? ORDER BY c.id DESC LIMIT ?";
}

// The organising union (the admin's own when none is named), in the admin's scope; each
// listed union must be a base union under it.
Result<org::Org> organiser_of(store::Tx& tx, const Principal& admin, const CampaignInput& input) {
  int64_t org_id = input.org_id;
  if (org_id == 0) {
    GH_ASSIGN(org::Org own, org::admin_scope(tx, admin));
    org_id = own.id;
  }
  GH_ASSIGN(org::Org organiser, org::require_in_scope(tx, admin, org_id));
  const org::PathRange range = org::range_of(organiser.path);
  for (int64_t base : input.base_org_ids) {
    auto o = org::get(tx, base);
    if (!o.ok() || o->kind != org::Kind::kBase || o->path < range.lower || o->path >= range.upper) {
      return Error::invalid("base_org_ids", "not_in_subtree",
                            "each listed union must be a base union under the organiser");
    }
  }
  return organiser;
}

// The campaign's uploaded photos, as the comma-separated ids the row keeps.
Status attach_photos(store::Tx& tx, const CampaignInput& input, int64_t id) {
  if (input.photo_ids.size() > 9) {
    return Error::invalid("photo_ids", "too_many", "at most 9 photos");
  }
  std::string photos;
  for (int64_t photo : input.photo_ids) {
    GH_ASSIGN(store::Rows found, tx.query(sql::kPhotoExists, {photo}));
    if (found.empty()) {
      return Error::invalid("photo_ids", "unknown_photo", "no uploaded photo has that id");
    }
    photos += (photos.empty() ? "" : ",") + std::to_string(photo);
  }
  GH_TRY(tx.exec(sql::kSetPhotos, {photos, id}));
  return Status::Ok();
}

// The prizes and their stock. A claim's stock is spread over rows (see take_stock); the
// prize row keeps one share and the remainder of the division.
Status insert_prizes(store::Tx& tx, const CampaignInput& input, int64_t id) {
  for (const auto& p : input.prizes) {
    const int64_t wanted = input.stock_rows > 0          ? input.stock_rows
                           : tx.engine() == "postgresql" ? kStockRows
                                                         : 1;
    const int64_t rows =
        input.kind == Kind::kClaim ? std::clamp<int64_t>(wanted, 1, p.quantity) : 1;
    const int64_t share = p.quantity / rows;
    const int64_t prize_id = new_id();
    GH_TRY(tx.exec(
        sql::kInsertPrize,
        {prize_id, id, p.tier, p.name, p.quantity, p.quantity - share * (rows - 1), p.value_fen,
         p.merchant_id, p.product_id, p.supplier_name, p.produce_name, p.produce_kind}));
    for (int64_t bucket = 1; bucket < rows; ++bucket) {
      GH_TRY(tx.exec(sql::kInsertStockBucket, {prize_id, bucket, share}));
    }
  }
  return Status::Ok();
}

// Inserts a checked campaign of `organiser`, audited as `actor`'s campaign.create.
Result<Campaign> insert_campaign(store::Tx& tx, const Principal& actor, const org::Org& organiser,
                                 const CampaignInput& given) {
  const int64_t id = new_id(), now = Timestamp::now().ms;
  CampaignInput input = given;
  GH_TRY(internal::complete_prizes(tx, input.prizes, organiser, now));
  bj::array tags;
  for (const auto& t : input.tags) {
    tags.emplace_back(t);
  }
  GH_TRY(tx.exec(sql::kInsertCampaign,
                 {id, organiser.id, std::string(enum_name(input.kind)), input.title,
                  input.description, input.brand, json::to_string(tags), input.opens_at,
                  input.closes_at, input.points_cost, input.per_member_limit,
                  int64_t{input.one_prize_per_member ? 1 : 0}, input.voucher_valid_days,
                  input.beacon_source, actor.account_id, now, now, input.cancel_before_minutes}));
  GH_TRY(attach_photos(tx, input, id));
  for (const auto& slot : input.slots) {
    GH_TRY(tx.exec(sql::kInsertSlot, {new_id(), id, slot.starts_at, slot.ends_at, slot.capacity}));
  }
  for (int64_t base : std::set<int64_t>(input.base_org_ids.begin(), input.base_org_ids.end())) {
    GH_TRY(tx.exec(sql::kInsertBaseOrg, {id, base}));
  }
  GH_TRY(insert_prizes(tx, input, id));
  GH_ASSIGN(Campaign c, internal::load(tx, id));
  GH_TRY(audit::record(tx, actor, "campaign.create", "campaign", id_string(id), organiser.id,
                       nullptr, internal::snapshot(c)));
  return c;
}

// draft → published, audited as `actor`'s campaign.publish.
Result<Campaign> publish_draft(store::Tx& tx, const Principal& actor, const Campaign& before) {
  if (before.stored_status != CampaignStatus::kDraft) {
    return Error::conflict("not_draft", "only a draft can be published");
  }
  GH_TRY(server_keys(tx));  // entries will need them
  // The secret is fixed (and its hash shown) before the first entry can exist.
  const std::string secret = crypto::random_bytes(32);
  const int64_t now = Timestamp::now().ms;
  GH_ASSIGN(int64_t changed,
            tx.exec(sql::kPublish,
                    {crypto::hex(secret), crypto::sha256_hex(secret), now, now, before.id}));
  if (changed != 1) {
    return Error::conflict("not_draft", "only a draft can be published");
  }
  GH_ASSIGN(Campaign after, internal::load(tx, before.id));
  GH_TRY(audit::record(tx, actor, "campaign.publish", "campaign", id_string(before.id),
                       after.input.org_id, internal::snapshot(before), internal::snapshot(after)));
  return after;
}

}  // namespace

Result<Campaign> create(store::Tx& tx, const Principal& admin, const CampaignInput& given) {
  GH_TRY(validate(given));
  GH_ASSIGN(const org::Org organiser, organiser_of(tx, admin, given));
  return insert_campaign(tx, admin, organiser, given);
}

Result<Campaign> create_published(store::Tx& tx, const Principal& actor,
                                  const CampaignInput& given) {
  GH_TRY(validate(given));
  GH_ASSIGN(const org::Org organiser, org::get(tx, given.org_id));
  GH_ASSIGN(Campaign draft, insert_campaign(tx, actor, organiser, given));
  return publish_draft(tx, actor, draft);
}

Result<Campaign> get(store::Tx& tx, const Principal& principal, int64_t id) {
  GH_ASSIGN(Campaign c, internal::load(tx, id));
  if (is_admin(principal) && org::require_in_scope(tx, principal, c.input.org_id).ok()) {
    return c;
  }
  if (const RoleGrant* m = principal.grant(Role::kMember);
      m && c.stored_status != CampaignStatus::kDraft) {
    GH_ASSIGN(internal::MemberInfo info, internal::load_member(tx, m->member_id));
    if (internal::eligible(c, info)) {
      return c;
    }
  }
  return Error::not_found("campaign");
}

Result<CampaignPage> list(store::Tx& tx, const Principal& principal, int64_t before_id,
                          int64_t limit) {
  const int64_t before = before_id > 0 ? before_id : std::numeric_limits<int64_t>::max();
  Rows rows;
  if (is_admin(principal)) {
    GH_ASSIGN(org::Org scope, org::admin_scope(tx, principal));
    const org::PathRange range = org::range_of(scope.path);
    GH_ASSIGN(rows,
              tx.query(sql::kCampaignsInRange, {range.lower, range.upper, before, limit + 1}));
  } else if (const RoleGrant* m = principal.grant(Role::kMember)) {
    GH_ASSIGN(internal::MemberInfo info, internal::load_member(tx, m->member_id));
    Params params(info.path_ids.begin(), info.path_ids.end());
    params.insert(params.end(), {info.org_id, before, limit + 1});
    GH_ASSIGN(rows, tx.query(campaigns_for_member(info.path_ids.size()), params));
  } else {
    return Error::forbidden();
  }
  CampaignPage page;
  for (const auto& row : rows) {
    if (static_cast<int64_t>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    GH_ASSIGN(Campaign c, internal::load(tx, row.integer(0)));
    page.items.push_back(std::move(c));
  }
  return page;
}

Result<Campaign> publish(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Campaign before, internal::load_for_admin(tx, admin, id));
  return publish_draft(tx, admin, before);
}

Result<Campaign> close_early(store::Tx& tx, const Principal& admin, int64_t id,
                             const std::string& reason, int64_t now) {
  GH_ASSIGN(Campaign before, internal::load_for_admin(tx, admin, id));
  const size_t length = json::count_code_points(reason);
  if (length == 0) {
    return Error::invalid("reason", "required", "say why entries close early");
  }
  if (length < 2 || length > 200) {
    return Error::invalid("reason", "out_of_range", "reason must be 2 to 200 characters");
  }
  if (before.input.kind != Kind::kLottery) {
    return Error::conflict("not_a_lottery", "only a lottery's entries can be closed early");
  }
  if (before.status(now) != CampaignStatus::kOpen) {
    return Error::conflict("not_open", "only an open lottery can be closed early");
  }
  GH_ASSIGN(int64_t changed, tx.exec(sql::kCloseEarly, {now, now, id, now, now}));
  if (changed != 1) {
    return Error::conflict("not_open", "only an open lottery can be closed early");
  }
  GH_ASSIGN(Campaign after, internal::load(tx, id));
  bj::object before_json = internal::snapshot(before), after_json = internal::snapshot(after);
  before_json["closes_at"] = format_rfc3339(Timestamp{before.input.closes_at});
  after_json["closes_at"] = format_rfc3339(Timestamp{after.input.closes_at});
  after_json["reason"] = reason;
  GH_TRY(audit::record(tx, admin, "campaign.close_early", "campaign", id_string(id),
                       after.input.org_id, before_json, after_json));
  return after;
}

Result<Cancelled> cancel(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Campaign before, internal::load_for_admin(tx, admin, id));
  if (before.stored_status == CampaignStatus::kDrawn) {
    return Error::conflict("already_drawn", "a drawn campaign cannot be cancelled");
  }
  const int64_t now = Timestamp::now().ms;
  GH_TRY(tx.exec(sql::kCancel, {now, now, id}));
  Cancelled out;
  // Each entry's refund is one ledger reversal, which the ledger allows once; the flag
  // makes a second run skip what is done.
  GH_ASSIGN(Rows entries, tx.query(sql::kEntriesToRefund, {id}));
  for (const auto& e : entries) {
    if (e.integer(1) != 0) {
      auto refunded = ledger::refund(tx, e.integer(1), "活动取消退还积分");
      if (!refunded.ok() && refunded.error().code != "already_reversed") {
        return std::move(refunded).error();
      }
      out.refunded += refunded.ok() ? 1 : 0;
    }
    GH_TRY(tx.exec(sql::kMarkRefunded, {e.integer(0)}));
  }
  GH_TRY(tx.exec(sql::kVoidVouchers, {id}));
  GH_ASSIGN(out.campaign, internal::load(tx, id));
  if (before.stored_status != CampaignStatus::kCancelled) {
    bj::object after = internal::snapshot(out.campaign);
    after["refunded_entries"] = out.refunded;
    GH_TRY(audit::record(tx, admin, "campaign.cancel", "campaign", id_string(id),
                         before.input.org_id, internal::snapshot(before), after));
  }
  return out;
}

}  // namespace gonghui::campaign
