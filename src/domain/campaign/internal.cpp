// Reading a campaign with its prizes and slots, reading a member, and who may enter.
#include "domain/campaign/internal.hpp"
#include "domain/campaign/statements.hpp"

#include <algorithm>

#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/org/org.hpp"
#include "store/columns.hpp"

namespace gonghui::campaign::internal {
namespace {

namespace bj = boost::json;
using store::Rows;

// The campaign's own columns, then its input's, then its tags (a JSON array).
constexpr std::string_view kSelectCampaign =
    "SELECT c.id, c.status, c.commitment, c.beacon_value, c.created_at, c.published_at, "
    "c.drawn_at, c.org_id, c.kind, c.title, c.description, c.brand, c.opens_at, c.closes_at, "
    "c.points_cost, c.per_member_limit, c.one_prize_per_member, c.voucher_valid_days, "
    "c.beacon_source, c.cancel_before_minutes, c.photo_ids, c.tags FROM campaigns c "
    "WHERE c.id = ?";
using CampaignFields = store::Fields<&Campaign::id, &Campaign::stored_status, &Campaign::commitment,
                                     &Campaign::beacon_value, &Campaign::created_at,
                                     &Campaign::published_at, &Campaign::drawn_at>;
using InputFields =
    store::Fields<&CampaignInput::org_id, &CampaignInput::kind, &CampaignInput::title,
                  &CampaignInput::description, &CampaignInput::brand, &CampaignInput::opens_at,
                  &CampaignInput::closes_at, &CampaignInput::points_cost,
                  &CampaignInput::per_member_limit, &CampaignInput::one_prize_per_member,
                  &CampaignInput::voucher_valid_days, &CampaignInput::beacon_source,
                  &CampaignInput::cancel_before_minutes, &CampaignInput::photo_ids>;
constexpr size_t kTagsColumn = CampaignFields::columns + InputFields::columns;
static_assert(kTagsColumn + 1 == store::column_count(kSelectCampaign));

// The tags column: a JSON array of strings.
std::vector<std::string> tags_from(const std::string& text) {
  std::vector<std::string> tags;
  if (auto parsed = json::parse(text); parsed.ok() && parsed->is_array()) {
    for (const auto& t : parsed->as_array()) {
      if (t.is_string()) {
        tags.emplace_back(t.as_string());
      }
    }
  }
  return tags;
}

Campaign from_row(const store::Row& r) {
  Campaign c = CampaignFields::read(r);
  InputFields::read_into(c.input, r, CampaignFields::columns);
  c.input.tags = tags_from(r.text(kTagsColumn));
  return c;
}

// A prize's stock is its own row's `remaining` plus its buckets' (claims only); its
// stock rows are the prize row and the buckets.
constexpr std::string_view kSelectPrizes =
    "SELECT p.id, p.tier, p.name, p.quantity, p.remaining + COALESCE(SUM(s.remaining), 0), "
    "p.value_fen, p.merchant_id, p.product_id, COUNT(s.bucket), p.supplier_name, "
    "p.produce_name, p.produce_kind FROM campaign_prizes p "
    "LEFT JOIN campaign_stock s ON s.prize_id = p.id WHERE p.campaign_id = ? "
    "GROUP BY p.id, p.tier, p.name, p.quantity, p.remaining, p.value_fen, p.merchant_id, "
    "p.product_id, p.supplier_name, p.produce_name, p.produce_kind ORDER BY p.tier, p.id";

Status load_prizes(store::Tx& tx, Campaign& c) {
  GH_ASSIGN(Rows prizes, tx.query(kSelectPrizes, {c.id}));
  for (const auto& p : prizes) {
    c.prizes.push_back({p.integer(0), p.integer(1), p.text(2), p.integer(3), p.integer(4),
                        p.integer(5), p.integer(6), p.integer(7), p.integer(8) + 1, p.text(9),
                        p.text(10), p.text(11)});
  }
  c.input.prizes = c.prizes;
  return Status::Ok();
}

constexpr std::string_view kSelectSlots =
    "SELECT id, starts_at, ends_at, capacity, booked FROM campaign_slots WHERE campaign_id = ? "
    "ORDER BY starts_at, id";

Status load_slots(store::Tx& tx, Campaign& c) {
  GH_ASSIGN(Rows slots, tx.query(kSelectSlots, {c.id}));
  for (const auto& r : slots) {
    c.slots.push_back({r.integer(0), r.integer(1), r.integer(2), r.integer(3), r.integer(4)});
  }
  c.input.slots = c.slots;
  return Status::Ok();
}

}  // namespace

Result<Campaign> load(store::Tx& tx, int64_t id, Depth depth) {
  GH_ASSIGN(Rows rows, tx.query(kSelectCampaign, {id}));
  if (rows.empty()) {
    return Error::not_found("campaign");
  }
  Campaign c = from_row(rows[0]);
  const bool full = depth == Depth::kFull;
  if (full || c.input.kind == Kind::kClaim || c.input.kind == Kind::kBooking) {
    GH_TRY(load_prizes(tx, c));
  }
  if (full || c.input.kind == Kind::kBooking) {
    GH_TRY(load_slots(tx, c));
  }
  GH_ASSIGN(Rows orgs, tx.query(sql::kSelectBaseOrgs, {id}));
  for (const auto& o : orgs) {
    c.input.base_org_ids.push_back(o.integer(0));
  }
  if (full) {
    GH_ASSIGN(Rows totals, tx.query(sql::kSelectTotals, {id}));
    c.entries = totals[0].integer(0);
    c.tickets = totals[0].integer(1);
  }
  return c;
}

bj::object snapshot(const Campaign& c) {
  return {{"id", id_string(c.id)},
          {"kind", enum_name(c.input.kind)},
          {"title", c.input.title},
          {"status", enum_name(c.stored_status)},
          {"org_id", id_string(c.input.org_id)}};
}

std::vector<int64_t> path_ids(const std::string& path) { return org::ids_on_path(path); }

Result<MemberInfo> load_member(store::Tx& tx, int64_t member_id) {
  GH_ASSIGN(Rows rows, tx.query(sql::kSelectMember, {member_id}));
  if (rows.empty()) {
    return Error::not_found("member");
  }
  return MemberInfo{rows[0].integer(0), rows[0].text(1) == "active", path_ids(rows[0].text(2))};
}

bool eligible(const Campaign& c, const MemberInfo& m) {
  const bool in_subtree =
      std::find(m.path_ids.begin(), m.path_ids.end(), c.input.org_id) != m.path_ids.end();
  const auto& only = c.input.base_org_ids;
  return in_subtree &&
         (only.empty() || std::find(only.begin(), only.end(), m.org_id) != only.end());
}

Result<Campaign> load_for_admin(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Campaign c, load(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, c.input.org_id));
  return c;
}

namespace {

Error not_open(const Campaign& c, int64_t now) {
  if (c.stored_status == CampaignStatus::kCancelled) {
    return Error::conflict("campaign_cancelled", "this campaign was cancelled");
  }
  if (c.stored_status != CampaignStatus::kPublished || now >= c.input.closes_at) {
    return Error::conflict("campaign_closed", "entries for this campaign have closed");
  }
  return Error::conflict("not_open",
                         "entries open at " + format_rfc3339(Timestamp{c.input.opens_at}));
}

}  // namespace

Status admission(const Campaign& c, const MemberInfo& member, int64_t now) {
  if (c.stored_status == CampaignStatus::kDraft) {
    return Error::not_found("campaign");
  }
  if (!eligible(c, member)) {
    return Error{ErrorKind::kForbidden,
                 "not_eligible",
                 "this campaign is not open to members of your union",
                 {}};
  }
  if (c.stored_status != CampaignStatus::kPublished || now < c.input.opens_at ||
      now >= c.input.closes_at) {
    return not_open(c, now);
  }
  if (!member.active) {
    return Error::conflict("member_not_active", "the member is frozen or has left");
  }
  return Status::Ok();
}

Status ticket_count(const Campaign& c, int64_t tickets) {
  const bool claim = c.input.kind == Kind::kClaim;
  if (tickets < 1 || tickets > c.input.per_member_limit || (claim && tickets != 1)) {
    return Error::invalid(
        "tickets", "out_of_range",
        claim ? "a claim is for one"
              : "tickets must be between 1 and " + std::to_string(c.input.per_member_limit));
  }
  return Status::Ok();
}

Result<Campaign> admit(store::Tx& tx, int64_t member_id, int64_t campaign_id, int64_t now) {
  GH_ASSIGN(Campaign c, load(tx, campaign_id, Depth::kForEntry));
  GH_ASSIGN(MemberInfo member, load_member(tx, member_id));
  GH_TRY(admission(c, member, now));
  return c;
}

}  // namespace gonghui::campaign::internal
