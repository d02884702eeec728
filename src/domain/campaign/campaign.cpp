// Campaigns: schema, server keys, create/publish/cancel, entries and claims, the draw and
// its audit bundle.
#include "domain/campaign/campaign.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/campaign/draw.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/merchant/merchant.hpp"
#include "domain/org/org.hpp"
#include "store/batch.hpp"

namespace gonghui::campaign {
namespace {

namespace bj = boost::json;
using store::Params;
using store::Rows;

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kMaxTickets = 1000;
constexpr size_t kMaxPrizes = 20;

constexpr std::string_view kColumns =
    "c.id, c.org_id, c.kind, c.title, c.description, c.brand, c.tags, c.opens_at, c.closes_at, "
    "c.points_cost, c.per_member_limit, c.one_prize_per_member, c.voucher_valid_days, "
    "c.status, c.commitment, c.beacon_source, c.beacon_value, c.created_at, c.published_at, "
    "c.drawn_at, c.cancel_before_minutes, c.photo_ids";

Campaign from_row(const store::Row& r) {
  Campaign c;
  c.id = r.integer(0);
  c.input.org_id = r.integer(1);
  c.input.kind = r.text(2);
  c.input.title = r.text(3);
  c.input.description = r.text(4);
  c.input.brand = r.text(5);
  if (auto tags = json::parse(r.text(6)); tags.ok() && tags->is_array()) {
    for (const auto& t : tags->as_array()) {
      if (t.is_string()) {
        c.input.tags.emplace_back(t.as_string());
      }
    }
  }
  {
    const std::string photos = r.text(21);
    size_t start = 0;
    while (start < photos.size()) {
      size_t comma = photos.find(',', start);
      if (comma == std::string::npos) comma = photos.size();
      if (auto id = parse_id(std::string_view(photos).substr(start, comma - start))) {
        c.input.photo_ids.push_back(*id);
      }
      start = comma + 1;
    }
  }
  c.input.opens_at = r.integer(7);
  c.input.closes_at = r.integer(8);
  c.input.points_cost = r.integer(9);
  c.input.per_member_limit = r.integer(10);
  c.input.one_prize_per_member = r.integer(11) != 0;
  c.input.voucher_valid_days = r.integer(12);
  c.stored_status = r.text(13);
  c.commitment = r.text(14);
  c.input.beacon_source = r.text(15);
  c.beacon_value = r.text(16);
  c.created_at = r.integer(17);
  c.published_at = r.integer(18);
  c.drawn_at = r.integer(19);
  c.input.cancel_before_minutes = r.integer(20);
  return c;
}

// What load reads. kFull: everything, with the entry and ticket totals (a scan of the
// campaign's entries, which grows with every entry). kForEntry: what a member's entry
// needs, once per entry in the crowd: no totals, the prizes only for a claim or a booking
// (its ticket) and the slots only for a booking.
enum class Depth { kFull, kForEntry };
Status load_prizes(store::Tx& tx, Campaign& c);
Status load_slots(store::Tx& tx, Campaign& c);

Result<Campaign> load(store::Tx& tx, int64_t id, Depth depth = Depth::kFull) {
  GH_ASSIGN(Rows rows,
            tx.query("SELECT " + std::string(kColumns) + " FROM campaigns c WHERE c.id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("campaign");
  }
  Campaign c = from_row(rows[0]);
  const bool full = depth == Depth::kFull;
  if (full || c.input.kind == "claim" || c.input.kind == "booking") {
    GH_TRY(load_prizes(tx, c));
  }
  if (full || c.input.kind == "booking") {
    GH_TRY(load_slots(tx, c));
  }
  GH_ASSIGN(Rows orgs, tx.query("SELECT org_id FROM campaign_orgs WHERE campaign_id = ? "
                                "ORDER BY org_id",
                                {id}));
  for (const auto& o : orgs) {
    c.input.base_org_ids.push_back(o.integer(0));
  }
  if (full) {
    GH_ASSIGN(Rows totals, tx.query("SELECT COUNT(*), COALESCE(SUM(tickets), 0) FROM "
                                    "campaign_entries WHERE campaign_id = ?",
                                    {id}));
    c.entries = totals[0].integer(0);
    c.tickets = totals[0].integer(1);
  }
  return c;
}

Status load_prizes(store::Tx& tx, Campaign& c) {
  const int64_t id = c.id;
  // A prize's stock is its own row's `remaining` plus its buckets' (claims only).
  GH_ASSIGN(Rows prizes,
            tx.query("SELECT p.id, p.tier, p.name, p.quantity, "
                     "p.remaining + COALESCE(SUM(s.remaining), 0), p.value_fen, p.merchant_id, "
                     "p.product_id, COUNT(s.bucket) FROM campaign_prizes p "
                     "LEFT JOIN campaign_stock s ON s.prize_id = p.id WHERE p.campaign_id = ? "
                     "GROUP BY p.id, p.tier, p.name, p.quantity, p.remaining, p.value_fen, "
                     "p.merchant_id, p.product_id ORDER BY p.tier, p.id",
                     {id}));
  for (const auto& p : prizes) {
    c.prizes.push_back({p.integer(0), p.integer(1), p.text(2), p.integer(3), p.integer(4),
                        p.integer(5), p.integer(6), p.integer(7), p.integer(8) + 1});
  }
  c.input.prizes = c.prizes;
  return Status::Ok();
}

Status load_slots(store::Tx& tx, Campaign& c) {
  GH_ASSIGN(Rows slots, tx.query("SELECT id, starts_at, ends_at, capacity, booked FROM "
                                 "campaign_slots WHERE campaign_id = ? ORDER BY starts_at, id",
                                 {c.id}));
  for (const auto& r : slots) {
    c.slots.push_back({r.integer(0), r.integer(1), r.integer(2), r.integer(3), r.integer(4)});
  }
  c.input.slots = c.slots;
  return Status::Ok();
}

bj::object snapshot(const Campaign& c) {
  return {{"id", id_string(c.id)},
          {"kind", c.input.kind},
          {"title", c.input.title},
          {"status", c.stored_status},
          {"org_id", id_string(c.input.org_id)}};
}

bool is_admin(const Principal& p) { return p.has(Role::kOrgAdmin) || p.has(Role::kPlatformAdmin); }

struct MemberInfo {
  int64_t org_id = 0;
  bool active = false;
  std::vector<int64_t> path_ids;  // the member's base union and every union above it
};

// The ids in a union's path: that union and every union above it.
std::vector<int64_t> path_ids(const std::string& path) { return org::ids_on_path(path); }

Result<MemberInfo> load_member(store::Tx& tx, int64_t member_id) {
  GH_ASSIGN(Rows rows, tx.query("SELECT m.org_id, m.status, o.path FROM members m "
                                "JOIN orgs o ON o.id = m.org_id WHERE m.id = ?",
                                {member_id}));
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

// Admins in scope of the campaign's union; Forbidden otherwise (NotFound if absent).
Result<Campaign> load_for_admin(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Campaign c, load(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, c.input.org_id));
  return c;
}

Status validate(const CampaignInput& in) {
  if (!valid_kind(in.kind)) {
    return Error::invalid("kind", "invalid_kind",
                          "kind must be lottery, claim, booking or distribution");
  }
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
  const bool booking = in.kind == "booking";
  if ((booking || in.kind == "distribution") && in.prizes.size() != 1) {
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

Error not_open(const Campaign& c, int64_t now) {
  if (c.stored_status == "cancelled") {
    return Error::conflict("campaign_cancelled", "this campaign was cancelled");
  }
  if (c.stored_status != "published" || now >= c.input.closes_at) {
    return Error::conflict("campaign_closed", "entries for this campaign have closed");
  }
  return Error::conflict("not_open",
                         "entries open at " + format_rfc3339(Timestamp{c.input.opens_at}));
}

Result<Entry> entry_from_row(const store::Row& r) {
  Entry e;
  e.id = r.integer(0);
  e.campaign_id = r.integer(1);
  e.member_id = r.integer(2);
  e.tickets = r.integer(3);
  e.points = r.integer(4);
  e.spend_id = r.integer(5);
  e.refunded = r.integer(6) != 0;
  e.created_at = r.integer(7);
  e.slot_id = r.integer(8);
  e.cancelled_at = r.integer(9);
  return e;
}

std::string marks(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += i ? ", ?" : "?";
  }
  return out;
}

constexpr std::string_view kEntryColumns =
    "id, campaign_id, member_id, tickets, points, spend_id, refunded, created_at, slot_id, "
    "cancelled_at";

}  // namespace

bool valid_kind(std::string_view kind) {
  return kind == "lottery" || kind == "claim" || kind == "booking" || kind == "distribution";
}

std::string Campaign::status(int64_t now) const {
  if (stored_status != "published") {
    return stored_status;
  }
  if (now < input.opens_at) {
    return "published";
  }
  if (now < input.closes_at) {
    return "open";
  }
  return input.kind == "lottery" ? "closed" : "finished";
}

std::vector<store::Migration> migrations() {
  const std::string sql =
      "CREATE TABLE server_keys (name TEXT PRIMARY KEY, value TEXT NOT NULL,"
      " created_at BIGINT NOT NULL);"
      "CREATE TABLE campaigns ("
      " id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL REFERENCES orgs (id),"
      " kind TEXT NOT NULL CHECK (kind IN ('lottery','claim','booking','distribution')),"
      " title TEXT NOT NULL, description TEXT NOT NULL, brand TEXT NOT NULL, tags TEXT NOT NULL,"
      " opens_at BIGINT NOT NULL, closes_at BIGINT NOT NULL,"
      " points_cost BIGINT NOT NULL CHECK (points_cost >= 0),"
      " per_member_limit BIGINT NOT NULL CHECK (per_member_limit >= 1),"
      " one_prize_per_member INTEGER NOT NULL, voucher_valid_days BIGINT NOT NULL,"
      " status TEXT NOT NULL CHECK (status IN ('draft','published','drawn','cancelled')),"
      " secret TEXT NOT NULL, commitment TEXT NOT NULL, beacon_source TEXT NOT NULL,"
      " beacon_value TEXT NOT NULL, created_by BIGINT NOT NULL, created_at BIGINT NOT NULL,"
      " updated_at BIGINT NOT NULL, published_at BIGINT NOT NULL, drawn_at BIGINT NOT NULL,"
      " cancelled_at BIGINT NOT NULL);"
      "CREATE INDEX campaigns_org ON campaigns (org_id, id);"
      "CREATE TABLE campaign_orgs ("
      " campaign_id BIGINT NOT NULL REFERENCES campaigns (id), org_id BIGINT NOT NULL,"
      " PRIMARY KEY (campaign_id, org_id));"
      "CREATE TABLE campaign_prizes ("
      " id BIGINT PRIMARY KEY, campaign_id BIGINT NOT NULL REFERENCES campaigns (id),"
      " tier BIGINT NOT NULL, name TEXT NOT NULL, quantity BIGINT NOT NULL CHECK (quantity >= 1),"
      " remaining BIGINT NOT NULL CHECK (remaining >= 0 AND remaining <= quantity),"
      " value_fen BIGINT NOT NULL, merchant_id BIGINT NOT NULL, product_id BIGINT NOT NULL,"
      " UNIQUE (campaign_id, tier));"
      "CREATE TABLE campaign_entries ("
      " id BIGINT PRIMARY KEY, campaign_id BIGINT NOT NULL REFERENCES campaigns (id),"
      " member_id BIGINT NOT NULL, tickets BIGINT NOT NULL CHECK (tickets >= 1),"
      " points BIGINT NOT NULL, spend_id BIGINT NOT NULL, refunded INTEGER NOT NULL,"
      " created_at BIGINT NOT NULL);"
      "CREATE INDEX campaign_entries_campaign ON campaign_entries (campaign_id, id);"
      "CREATE INDEX campaign_entries_member ON campaign_entries (member_id, campaign_id);"
      // Per-member usage of claims and bookings (a lottery's is its entries: lottery_tickets),
      // raised by a conditional update so the limit holds under concurrency.
      "CREATE TABLE campaign_member_counts ("
      " campaign_id BIGINT NOT NULL, member_id BIGINT NOT NULL, used BIGINT NOT NULL,"
      " PRIMARY KEY (campaign_id, member_id));"
      "CREATE TABLE campaign_winners ("
      " campaign_id BIGINT NOT NULL REFERENCES campaigns (id), seq BIGINT NOT NULL,"
      " tier BIGINT NOT NULL, entry_id BIGINT NOT NULL, voucher_id BIGINT NOT NULL,"
      " PRIMARY KEY (campaign_id, seq));"
      "CREATE TABLE vouchers ("
      " id BIGINT PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
      " campaign_id BIGINT NOT NULL REFERENCES campaigns (id), prize_id BIGINT NOT NULL,"
      " member_id BIGINT NOT NULL, entry_id BIGINT NOT NULL, merchant_id BIGINT NOT NULL,"
      " expires_at BIGINT NOT NULL,"
      " status TEXT NOT NULL CHECK (status IN ('issued','redeemed','void')),"
      " redeemed_at BIGINT NOT NULL, redeemed_by BIGINT NOT NULL, redeemed_by_name TEXT NOT NULL,"
      " created_at BIGINT NOT NULL);"
      "CREATE INDEX vouchers_member ON vouchers (member_id, id);"
      "CREATE INDEX vouchers_campaign ON vouchers (campaign_id, prize_id);"
      "CREATE INDEX vouchers_entry ON vouchers (entry_id);";
  const std::string bookings =
      "ALTER TABLE campaigns ADD COLUMN cancel_before_minutes BIGINT NOT NULL DEFAULT 120;"
      "ALTER TABLE campaign_entries ADD COLUMN slot_id BIGINT NOT NULL DEFAULT 0;"
      "ALTER TABLE campaign_entries ADD COLUMN cancelled_at BIGINT NOT NULL DEFAULT 0;"
      // booked <= capacity is also a constraint: the conditional update is the real guard.
      "CREATE TABLE campaign_slots ("
      " id BIGINT PRIMARY KEY, campaign_id BIGINT NOT NULL REFERENCES campaigns (id),"
      " starts_at BIGINT NOT NULL, ends_at BIGINT NOT NULL,"
      " capacity BIGINT NOT NULL CHECK (capacity >= 1),"
      " booked BIGINT NOT NULL CHECK (booked >= 0 AND booked <= capacity));"
      "CREATE INDEX campaign_slots_campaign ON campaign_slots (campaign_id, starts_at);"
      "CREATE TABLE campaign_distributions ("
      " id BIGINT PRIMARY KEY, campaign_id BIGINT NOT NULL REFERENCES campaigns (id),"
      " target_org_id BIGINT NOT NULL,"
      " status TEXT NOT NULL CHECK (status IN ('running','done')),"
      " recipients BIGINT NOT NULL, issued BIGINT NOT NULL, created_by BIGINT NOT NULL,"
      " idempotency_key TEXT NOT NULL, fingerprint TEXT NOT NULL, created_at BIGINT NOT NULL,"
      " finished_at BIGINT NOT NULL, UNIQUE (created_by, idempotency_key));"
      // One row per (campaign, member): a member receives at most one distributed voucher.
      "CREATE TABLE campaign_recipients ("
      " campaign_id BIGINT NOT NULL, member_id BIGINT NOT NULL,"
      " distribution_id BIGINT NOT NULL, voucher_id BIGINT NOT NULL,"
      " PRIMARY KEY (campaign_id, member_id));"
      "CREATE INDEX campaign_recipients_distribution ON campaign_recipients "
      "(distribution_id, voucher_id, member_id);";
  return {{400, "campaigns", sql, ""},
          {401, "campaign bookings and distributions", bookings, ""},
          {402, "campaign photos",
           "ALTER TABLE campaigns ADD COLUMN photo_ids TEXT NOT NULL DEFAULT ''", ""},
          // A claim prize's stock beyond its own row's `remaining`, spread over buckets so
          // that concurrent claims on PostgreSQL do not all queue for one row lock.
          {403, "campaign stock buckets",
           "CREATE TABLE campaign_stock ("
           " prize_id BIGINT NOT NULL, bucket BIGINT NOT NULL,"
           " remaining BIGINT NOT NULL CHECK (remaining >= 0),"
           " PRIMARY KEY (prize_id, bucket))",
           ""},
          // A lottery's per-member limit is the member's tickets in its entries
          // (lottery_tickets): with the tickets in the member index, their sum is read from
          // the index alone, not from each entry's row.
          {404, "campaign entries' tickets in the member index",
           "DROP INDEX campaign_entries_member;"
           "CREATE INDEX campaign_entries_member ON campaign_entries "
           "(member_id, campaign_id, tickets);",
           ""}};
}

Result<ServerKeys> server_keys(store::Tx& tx) {
  auto read = [&]() -> Result<Rows> {
    return tx.query(
        "SELECT name, value FROM server_keys WHERE name IN "
        "('member_ref_privacy', 'voucher_signing') ORDER BY name");
  };
  GH_ASSIGN(Rows rows, read());
  if (rows.size() != 2) {
    // Each instance proposes keys; the first committed wins and everyone reads it back.
    const int64_t now = Timestamp::now().ms;
    GH_TRY(
        tx.exec("INSERT INTO server_keys (name, value, created_at) VALUES (?, ?, ?), "
                "(?, ?, ?) ON CONFLICT (name) DO NOTHING",
                {std::string("member_ref_privacy"), crypto::hex(crypto::random_bytes(32)), now,
                 std::string("voucher_signing"), crypto::hex(crypto::sign_secret_key()), now}));
    GH_ASSIGN(rows, read());
  }
  ServerKeys keys;
  if (rows.size() != 2 || !crypto::unhex(rows[0].text(1), keys.privacy) ||
      !crypto::unhex(rows[1].text(1), keys.sign_secret)) {
    return Error::internal("server keys are missing or damaged");
  }
  keys.sign_public = crypto::sign_public_key(keys.sign_secret);
  return keys;
}

namespace {

// The privacy key alone (an entry needs no signing key, and this runs once per entry of a
// crowd, or once per group); server_keys makes the keys if they are missing.
Result<std::string> privacy_key(store::Tx& tx) {
  GH_ASSIGN(Rows rows, tx.query("SELECT value FROM server_keys WHERE name = 'member_ref_privacy'"));
  std::string privacy;
  if (rows.empty()) {
    GH_ASSIGN(ServerKeys keys, server_keys(tx));
    privacy = std::move(keys.privacy);
  } else if (!crypto::unhex(rows[0].text(0), privacy)) {
    return Error::internal("server keys are missing or damaged");
  }
  return privacy;
}

// The member_ref of an entry.
Result<std::string> entry_member_ref(store::Tx& tx, int64_t campaign_id, int64_t member_id) {
  GH_ASSIGN(std::string privacy, privacy_key(tx));
  return member_ref(privacy, campaign_id, member_id);
}

}  // namespace

Status ensure_keys(store::Db& db) {
  return db.write([](store::Tx& tx) -> Status {
    return server_keys(tx).ok() ? Status::Ok() : Status(Error::internal("cannot make server keys"));
  });
}

std::string member_ref(const std::string& privacy_key, int64_t campaign_id, int64_t member_id) {
  return member_ref(crypto::HmacSha256Key(privacy_key), campaign_id, member_id);
}

std::string member_ref(const crypto::HmacSha256Key& privacy_key, int64_t campaign_id,
                       int64_t member_id) {
  const std::string mac =
      privacy_key.mac(std::to_string(campaign_id) + ":" + std::to_string(member_id));
  return crypto::hex(std::string_view(mac).substr(0, 8));  // 16 hex digits
}

Result<Campaign> create(store::Tx& tx, const Principal& admin, const CampaignInput& input) {
  GH_TRY(validate(input));
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
  const int64_t id = new_id(), now = Timestamp::now().ms;
  for (const auto& p : input.prizes) {
    if (p.merchant_id != 0) {
      GH_TRY(merchant::require_available_to(tx, p.merchant_id, organiser, now, "prizes"));
    }
  }
  bj::array tags;
  for (const auto& t : input.tags) {
    tags.emplace_back(t);
  }
  GH_TRY(tx.exec(
      "INSERT INTO campaigns (id, org_id, kind, title, description, brand, tags, opens_at, "
      "closes_at, points_cost, per_member_limit, one_prize_per_member, voucher_valid_days, "
      "status, secret, commitment, beacon_source, beacon_value, created_by, created_at, "
      "updated_at, published_at, drawn_at, cancelled_at, cancel_before_minutes) VALUES (?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', '', '', ?, '', ?, ?, ?, 0, 0, 0, ?)",
      {id, org_id, input.kind, input.title, input.description, input.brand, json::to_string(tags),
       input.opens_at, input.closes_at, input.points_cost, input.per_member_limit,
       int64_t{input.one_prize_per_member ? 1 : 0}, input.voucher_valid_days, input.beacon_source,
       admin.account_id, now, now, input.cancel_before_minutes}));
  if (input.photo_ids.size() > 9) {
    return Error::invalid("photo_ids", "too_many", "at most 9 photos");
  }
  std::string photos;
  for (int64_t photo : input.photo_ids) {
    GH_ASSIGN(store::Rows found, tx.query("SELECT 1 FROM photos WHERE id = ?", {photo}));
    if (found.empty()) {
      return Error::invalid("photo_ids", "unknown_photo", "no uploaded photo has that id");
    }
    photos += (photos.empty() ? "" : ",") + std::to_string(photo);
  }
  GH_TRY(tx.exec("UPDATE campaigns SET photo_ids = ? WHERE id = ?", {photos, id}));
  for (const auto& slot : input.slots) {
    GH_TRY(
        tx.exec("INSERT INTO campaign_slots (id, campaign_id, starts_at, ends_at, capacity, "
                "booked) VALUES (?, ?, ?, ?, ?, 0)",
                {new_id(), id, slot.starts_at, slot.ends_at, slot.capacity}));
  }
  for (int64_t base : std::set<int64_t>(input.base_org_ids.begin(), input.base_org_ids.end())) {
    GH_TRY(tx.exec("INSERT INTO campaign_orgs (campaign_id, org_id) VALUES (?, ?)", {id, base}));
  }
  for (const auto& p : input.prizes) {
    // A claim's stock is spread over rows (see take_stock); the prize row keeps one share
    // and the remainder of the division.
    const int64_t wanted = input.stock_rows > 0          ? input.stock_rows
                           : tx.engine() == "postgresql" ? kStockRows
                                                         : 1;
    const int64_t rows = input.kind == "claim" ? std::clamp<int64_t>(wanted, 1, p.quantity) : 1;
    const int64_t share = p.quantity / rows;
    const int64_t prize_id = new_id();
    GH_TRY(
        tx.exec("INSERT INTO campaign_prizes (id, campaign_id, tier, name, quantity, "
                "remaining, value_fen, merchant_id, product_id) VALUES (?, ?, ?, ?, ?, ?, ?, "
                "?, ?)",
                {prize_id, id, p.tier, p.name, p.quantity, p.quantity - share * (rows - 1),
                 p.value_fen, p.merchant_id, p.product_id}));
    for (int64_t bucket = 1; bucket < rows; ++bucket) {
      GH_TRY(tx.exec("INSERT INTO campaign_stock (prize_id, bucket, remaining) VALUES (?, ?, ?)",
                     {prize_id, bucket, share}));
    }
  }
  GH_ASSIGN(Campaign c, load(tx, id));
  GH_TRY(audit::record(tx, admin, "campaign.create", "campaign", id_string(id), org_id, nullptr,
                       snapshot(c)));
  return c;
}

Result<Campaign> get(store::Tx& tx, const Principal& principal, int64_t id) {
  GH_ASSIGN(Campaign c, load(tx, id));
  if (is_admin(principal) && org::require_in_scope(tx, principal, c.input.org_id).ok()) {
    return c;
  }
  if (const RoleGrant* m = principal.grant(Role::kMember); m && c.stored_status != "draft") {
    GH_ASSIGN(MemberInfo info, load_member(tx, m->member_id));
    if (eligible(c, info)) {
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
    GH_ASSIGN(rows, tx.query("SELECT c.id FROM campaigns c JOIN orgs o ON o.id = c.org_id "
                             "WHERE o.path >= ? AND o.path < ? AND c.id < ? "
                             "ORDER BY c.id DESC LIMIT ?",
                             {range.lower, range.upper, before, limit + 1}));
  } else if (const RoleGrant* m = principal.grant(Role::kMember)) {
    GH_ASSIGN(MemberInfo info, load_member(tx, m->member_id));
    std::string marks;
    Params params;
    for (int64_t id : info.path_ids) {
      marks += marks.empty() ? "?" : ", ?";
      params.push_back(id);
    }
    params.insert(params.end(), {info.org_id, before, limit + 1});
    GH_ASSIGN(rows, tx.query("SELECT c.id FROM campaigns c WHERE c.org_id IN (" + marks +
                                 ") AND c.status <> 'draft' AND (NOT EXISTS (SELECT 1 FROM "
                                 "campaign_orgs n WHERE n.campaign_id = c.id) OR EXISTS (SELECT "
                                 "1 FROM campaign_orgs n WHERE n.campaign_id = c.id AND "
                                 "n.org_id = ?)) AND c.id < ? ORDER BY c.id DESC LIMIT ?",
                             params));
  } else {
    return Error::forbidden();
  }
  CampaignPage page;
  for (const auto& row : rows) {
    if (static_cast<int64_t>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    GH_ASSIGN(Campaign c, load(tx, row.integer(0)));
    page.items.push_back(std::move(c));
  }
  return page;
}

Result<Campaign> publish(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Campaign before, load_for_admin(tx, admin, id));
  if (before.stored_status != "draft") {
    return Error::conflict("not_draft", "only a draft can be published");
  }
  GH_TRY(server_keys(tx));  // entries will need them
  // The secret is fixed (and its hash shown) before the first entry can exist.
  const std::string secret = crypto::random_bytes(32);
  const int64_t now = Timestamp::now().ms;
  GH_ASSIGN(int64_t changed,
            tx.exec("UPDATE campaigns SET status = 'published', secret = ?, commitment = ?, "
                    "published_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
                    {crypto::hex(secret), crypto::sha256_hex(secret), now, now, id}));
  if (changed != 1) {
    return Error::conflict("not_draft", "only a draft can be published");
  }
  GH_ASSIGN(Campaign after, load(tx, id));
  GH_TRY(audit::record(tx, admin, "campaign.publish", "campaign", id_string(id), after.input.org_id,
                       snapshot(before), snapshot(after)));
  return after;
}

Result<Cancelled> cancel(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Campaign before, load_for_admin(tx, admin, id));
  if (before.stored_status == "drawn") {
    return Error::conflict("already_drawn", "a drawn campaign cannot be cancelled");
  }
  const int64_t now = Timestamp::now().ms;
  GH_TRY(
      tx.exec("UPDATE campaigns SET status = 'cancelled', cancelled_at = ?, updated_at = ? "
              "WHERE id = ? AND status IN ('draft', 'published')",
              {now, now, id}));
  Cancelled out;
  // Each entry's refund is one ledger reversal, which the ledger allows once; the flag
  // makes a second run skip what is done.
  GH_ASSIGN(Rows entries, tx.query("SELECT id, spend_id FROM campaign_entries WHERE "
                                   "campaign_id = ? AND refunded = 0 ORDER BY id",
                                   {id}));
  for (const auto& e : entries) {
    if (e.integer(1) != 0) {
      auto refunded = ledger::refund(tx, e.integer(1), "活动取消退还积分");
      if (!refunded.ok() && refunded.error().code != "already_reversed") {
        return std::move(refunded).error();
      }
      out.refunded += refunded.ok() ? 1 : 0;
    }
    GH_TRY(tx.exec("UPDATE campaign_entries SET refunded = 1 WHERE id = ?", {e.integer(0)}));
  }
  GH_TRY(tx.exec("UPDATE vouchers SET status = 'void' WHERE campaign_id = ? AND status = 'issued'",
                 {id}));
  GH_ASSIGN(out.campaign, load(tx, id));
  if (before.stored_status != "cancelled") {
    bj::object after = snapshot(out.campaign);
    after["refunded_entries"] = out.refunded;
    GH_TRY(audit::record(tx, admin, "campaign.cancel", "campaign", id_string(id),
                         before.input.org_id, snapshot(before), after));
  }
  return out;
}

namespace {

// The checks every member entry passes: the campaign exists and is not a draft, the member
// is eligible and active, and the window is open.
Result<Campaign> admit(store::Tx& tx, int64_t member_id, int64_t campaign_id, int64_t now) {
  GH_ASSIGN(Campaign c, load(tx, campaign_id, Depth::kForEntry));
  GH_ASSIGN(MemberInfo member, load_member(tx, member_id));
  if (c.stored_status == "draft" || !eligible(c, member)) {
    if (c.stored_status == "draft") {
      return Error::not_found("campaign");
    }
    return Error{ErrorKind::kForbidden,
                 "not_eligible",
                 "this campaign is not open to members of your union",
                 {}};
  }
  if (c.stored_status != "published" || now < c.input.opens_at || now >= c.input.closes_at) {
    return not_open(c, now);
  }
  if (!member.active) {
    return Error::conflict("member_not_active", "the member is frozen or has left");
  }
  return c;
}

Error limit_reached(const Campaign& c) {
  return Error::conflict(
      "limit_reached",
      "you may take part at most " + std::to_string(c.input.per_member_limit) + " times",
      "tickets");
}

// What a member has used of a lottery's per-member limit: the tickets of their entries in
// it. A lottery's entries are only ever added (cancelling it refunds them and takes no
// more), so their sum is the count, with no row to write per entry: a per-member count row
// was one more randomly placed page in every entry's commit. Claims and bookings keep theirs
// in campaign_member_counts (cancelling a booking lowers it).
//
// On PostgreSQL other instances enter too. The member's row is locked first, by every
// lottery entry, so a concurrent entry of the same member waits for this transaction, and
// this one counts what an entry before it committed (READ COMMITTED reads each statement
// afresh).
Result<int64_t> lottery_tickets(store::Tx& tx, int64_t campaign_id, int64_t member_id) {
  if (tx.engine() == "postgresql") {
    GH_ASSIGN(Rows locked,
              tx.query("SELECT id FROM members WHERE id = ? FOR NO KEY UPDATE", {member_id}));
    if (locked.empty()) {
      return Error::not_found("member");
    }
  }
  GH_ASSIGN(Rows rows, tx.query("SELECT COALESCE(SUM(tickets), 0) FROM campaign_entries "
                                "WHERE member_id = ? AND campaign_id = ?",
                                {member_id, campaign_id}));
  return rows.empty() ? 0 : rows[0].integer(0);
}

// Raises the member's usage of a claim or booking by `n` within the per-member limit: one
// conditional upsert (n itself is within the limit, checked by the callers), which changes
// no row when the limit would be passed.
Status count_use(store::Tx& tx, const Campaign& c, int64_t member_id, int64_t n) {
  GH_ASSIGN(int64_t counted,
            tx.exec("INSERT INTO campaign_member_counts (campaign_id, member_id, used) "
                    "VALUES (?, ?, ?) ON CONFLICT (campaign_id, member_id) DO UPDATE SET "
                    "used = campaign_member_counts.used + excluded.used "
                    "WHERE campaign_member_counts.used + excluded.used <= ?",
                    {c.id, member_id, n, c.input.per_member_limit}));
  if (counted != 1) {
    return limit_reached(c);
  }
  return Status::Ok();
}

// Takes one unit of a prize's stock if there is any left: false when sold out. The stock
// is spread over `stock_rows` rows (the prize row and its buckets); a claim starts at a
// random one so that concurrent claims lock different rows, and moves on while the rows
// it tries are empty. Each conditional decrement holds at most one row lock (a decrement
// that finds its row empty changes nothing), so claims cannot deadlock on the stock.
Result<bool> take_stock(store::Tx& tx, const Prize& prize) {
  thread_local std::minstd_rand random(std::random_device{}());
  const int64_t rows = std::max<int64_t>(prize.stock_rows, 1);
  const int64_t start = rows == 1 ? 0 : static_cast<int64_t>(random() % rows);
  for (int64_t i = 0; i < rows; ++i) {
    const int64_t bucket = (start + i) % rows;
    GH_ASSIGN(int64_t took, bucket == 0
                                ? tx.exec("UPDATE campaign_prizes SET remaining = remaining - 1 "
                                          "WHERE id = ? AND remaining >= 1",
                                          {prize.id})
                                : tx.exec("UPDATE campaign_stock SET remaining = remaining - 1 "
                                          "WHERE prize_id = ? AND bucket = ? AND remaining >= 1",
                                          {prize.id, bucket}));
    if (took == 1) {
      return true;
    }
  }
  return false;
}

// Takes the entry's points (if any) and records the entry.
Status pay_and_record(store::Tx& tx, const Campaign& c, Entry& e) {
  if (e.points > 0) {
    ledger::Spend spend;
    spend.member_id = e.member_id;
    spend.org_id = c.input.org_id;
    spend.amount = e.points;
    spend.reference = "campaign_entry:" + id_string(e.id);
    spend.memo = c.input.title;
    // No idempotency key of the entry's own: its id is new, so no earlier spend could hold
    // it, and looking it up cost an index probe per entry. The ledger makes a fresh key.
    GH_ASSIGN(ledger::Transfer t, ledger::spend(tx, spend));
    e.spend_id = t.id;
  }
  GH_TRY(
      tx.exec("INSERT INTO campaign_entries (id, campaign_id, member_id, tickets, points, "
              "spend_id, refunded, created_at, slot_id, cancelled_at) "
              "VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, 0)",
              {e.id, e.campaign_id, e.member_id, e.tickets, e.points, e.spend_id, e.created_at,
               e.slot_id}));
  return Status::Ok();
}

}  // namespace

Result<Entry> enter(store::Tx& tx, int64_t member_id, int64_t campaign_id, int64_t tickets,
                    int64_t now) {
  GH_ASSIGN(Campaign c, admit(tx, member_id, campaign_id, now));
  if (c.input.kind == "booking") {
    return Error::invalid("slot_id", "required", "a booking names the slot_id to book");
  }
  if (c.input.kind == "distribution") {
    return Error::conflict("not_enterable", "the union hands out this campaign's vouchers");
  }
  const bool claim = c.input.kind == "claim";
  if (tickets < 1 || tickets > c.input.per_member_limit || (claim && tickets != 1)) {
    return Error::invalid(
        "tickets", "out_of_range",
        claim ? "a claim is for one"
              : "tickets must be between 1 and " + std::to_string(c.input.per_member_limit));
  }
  // A claim takes one unit of the first tier with stock. The stock rows are rows every claim
  // of the campaign writes, so they are taken near the end, just before the points and the
  // commit: on PostgreSQL a row lock is then held for a few statements and the commit
  // instead of the whole transaction, and the stock is spread over several rows
  // (take_stock; see docs/deploy.md, "Hot rows"). The stock as read here only decides early
  // that it is sold out; the conditional decrement decides for real.
  const Prize* expected = nullptr;
  if (claim) {
    for (const auto& p : c.prizes) {
      if (p.remaining > 0) {
        expected = &p;
        break;
      }
    }
    if (expected == nullptr) {
      return Error::conflict("sold_out", "all of it has been claimed");
    }
  }
  if (claim) {
    GH_TRY(count_use(tx, c, member_id, tickets));
  } else {
    GH_ASSIGN(int64_t used, lottery_tickets(tx, campaign_id, member_id));
    if (used + tickets > c.input.per_member_limit) {
      return limit_reached(c);
    }
  }
  Entry e;
  e.id = new_id();
  e.campaign_id = campaign_id;
  e.member_id = member_id;
  e.tickets = tickets;
  e.points = c.input.points_cost * tickets;
  e.created_at = now;
  if (!claim) {
    GH_ASSIGN(e.member_ref, entry_member_ref(tx, campaign_id, member_id));
    // The points go last: the union's spending account is a row every paid entry writes.
    GH_TRY(pay_and_record(tx, c, e));
    return e;
  }
  GH_ASSIGN(ServerKeys keys, server_keys(tx));
  e.member_ref = member_ref(keys.privacy, campaign_id, member_id);
  GH_ASSIGN(Voucher v,
            issue_voucher(tx, {campaign_id, expected->id, member_id, e.id, expected->merchant_id,
                               now + c.input.voucher_valid_days * kDayMs}));
  // The WHERE clause makes overselling impossible however many claims race; the tier read
  // above is tried first, then every tier in order.
  const Prize* won = nullptr;
  GH_ASSIGN(bool took, take_stock(tx, *expected));
  if (took) {
    won = expected;
  } else {
    for (const auto& p : c.prizes) {
      if (&p == expected) {
        continue;
      }
      GH_ASSIGN(took, take_stock(tx, p));
      if (took) {
        won = &p;
        break;
      }
    }
  }
  if (won == nullptr) {
    return Error::conflict("sold_out", "all of it has been claimed");
  }
  if (won != expected) {
    GH_TRY(tx.exec("UPDATE vouchers SET prize_id = ?, merchant_id = ? WHERE id = ?",
                   {won->id, won->merchant_id, v.id}));
    GH_ASSIGN(v, member_voucher(tx, member_id, v.id));
  }
  // Then the points, for the same reason as the stock: the spending account's row lock is
  // held from here to the commit. (Stock rows are spread, the spending account is one row.)
  GH_TRY(pay_and_record(tx, c, e));
  v.token = voucher_token(keys.sign_secret, v);
  e.voucher = std::move(v);
  return e;
}

namespace {

// One lottery's entries of a group: enter()'s checks in its order, against the campaign,
// its members, their counts and their points as read once and changed in memory by the
// entries before; then every accepted entry written at once.
Status enter_lottery(store::Tx& tx, const Campaign& c, const std::vector<EntryWrite*>& writes,
                     int64_t now) {
  GH_ASSIGN(std::string privacy_text, privacy_key(tx));
  const crypto::HmacSha256Key privacy(privacy_text);
  std::unordered_map<int64_t, Result<MemberInfo>> members;
  std::unordered_map<int64_t, int64_t> used;  // the member's tickets, as the entries left them
  ledger::SpendBatch spends(c.input.org_id, c.input.title);
  // load_member() and the spend's read of the member's balance in one read of the member;
  // each union's path once for the group.
  std::unordered_map<int64_t, Result<std::vector<int64_t>>> org_paths;
  auto read_member = [&](int64_t member_id) -> Result<MemberInfo> {
    GH_ASSIGN(Rows rows, tx.query("SELECT m.org_id, m.status, a.balance FROM members m "
                                  "LEFT JOIN ledger_accounts a ON a.id = m.id WHERE m.id = ?",
                                  {member_id}));
    if (rows.empty()) {
      return Error::not_found("member");
    }
    MemberInfo info{rows[0].integer(0), rows[0].text(1) == "active", {}};
    auto path = org_paths.find(info.org_id);
    if (path == org_paths.end()) {
      Result<std::vector<int64_t>> ids = Error::not_found("member");
      GH_ASSIGN(Rows org, tx.query("SELECT path FROM orgs WHERE id = ?", {info.org_id}));
      if (!org.empty()) {
        ids = path_ids(org[0].text(0));
      }
      path = org_paths.emplace(info.org_id, std::move(ids)).first;
    }
    if (!path->second.ok()) {
      return path->second.error();
    }
    info.path_ids = *path->second;
    spends.seen(member_id, info.active,
                rows[0].is_null(2) ? std::nullopt : std::optional<int64_t>(rows[0].integer(2)));
    return info;
  };
  std::vector<std::pair<EntryWrite*, Entry>> accepted;
  for (EntryWrite* w : writes) {
    w->now = now;
    auto member = members.find(w->member_id);
    if (member == members.end()) {
      member = members.emplace(w->member_id, read_member(w->member_id)).first;
    }
    if (!member->second.ok()) {
      w->result = member->second.error();
      continue;
    }
    const MemberInfo& info = *member->second;
    if (c.stored_status == "draft") {
      w->result = Error::not_found("campaign");
      continue;
    }
    if (!eligible(c, info)) {
      w->result = Error{ErrorKind::kForbidden,
                        "not_eligible",
                        "this campaign is not open to members of your union",
                        {}};
      continue;
    }
    if (c.stored_status != "published" || now < c.input.opens_at || now >= c.input.closes_at) {
      w->result = not_open(c, now);
      continue;
    }
    if (!info.active) {
      w->result = Error::conflict("member_not_active", "the member is frozen or has left");
      continue;
    }
    if (w->tickets < 1 || w->tickets > c.input.per_member_limit) {
      w->result = Error::invalid(
          "tickets", "out_of_range",
          "tickets must be between 1 and " + std::to_string(c.input.per_member_limit));
      continue;
    }
    auto count = used.find(w->member_id);
    if (count == used.end()) {
      GH_ASSIGN(int64_t tickets, lottery_tickets(tx, c.id, w->member_id));
      count = used.emplace(w->member_id, tickets).first;
    }
    if (count->second + w->tickets > c.input.per_member_limit) {
      w->result = limit_reached(c);
      continue;
    }
    Entry e;
    e.id = new_id();
    e.campaign_id = c.id;
    e.member_id = w->member_id;
    e.tickets = w->tickets;
    e.points = c.input.points_cost * w->tickets;
    e.created_at = now;
    if (e.points > 0) {
      Status paid = spends.reserve(tx, e.member_id, e.points, "campaign_entry:" + id_string(e.id));
      if (!paid.ok()) {
        w->result = paid.error();
        continue;
      }
    }
    count->second += w->tickets;
    e.member_ref = member_ref(privacy, c.id, e.member_id);
    accepted.emplace_back(w, std::move(e));
  }
  if (accepted.empty()) {
    return Status::Ok();
  }
  GH_ASSIGN(std::vector<ledger::Transfer> transfers, spends.write(tx));
  size_t next_transfer = 0;
  for (auto& [w, e] : accepted) {
    if (e.points > 0) {
      e.spend_id = transfers.at(next_transfer++).id;
    }
  }
  GH_TRY(store::in_slices(accepted.size(), [&](size_t begin, size_t n) -> Status {
    store::Params params;
    params.reserve(n * 8);
    for (size_t i = begin; i < begin + n; ++i) {
      const Entry& e = accepted[i].second;
      params.insert(params.end(), {e.id, e.campaign_id, e.member_id, e.tickets, e.points,
                                   e.spend_id, e.created_at, e.slot_id});
    }
    GH_TRY(
        tx.exec("INSERT INTO campaign_entries (id, campaign_id, member_id, tickets, points, "
                "spend_id, refunded, created_at, slot_id, cancelled_at) VALUES " +
                    store::repeated("(?, ?, ?, ?, ?, ?, 0, ?, ?, 0)", n),
                params));
    return Status::Ok();
  }));
  for (auto& [w, e] : accepted) {
    w->result = std::move(e);
  }
  return Status::Ok();
}

}  // namespace

Status EntryGroup::run(store::Tx& tx, const std::vector<store::GroupedWrite*>& writes) {
  const int64_t now = Timestamp::now().ms;
  // By campaign, each campaign's entries in their order.
  std::vector<std::pair<int64_t, std::vector<EntryWrite*>>> campaigns;
  for (store::GroupedWrite* write : writes) {
    auto* w = static_cast<EntryWrite*>(write);
    auto it = std::find_if(campaigns.begin(), campaigns.end(),
                           [&](const auto& c) { return c.first == w->campaign_id; });
    if (it == campaigns.end()) {
      campaigns.emplace_back(w->campaign_id, std::vector<EntryWrite*>{});
      it = std::prev(campaigns.end());
    }
    it->second.push_back(w);
  }
  for (auto& [campaign_id, entries] : campaigns) {
    auto c = load(tx, campaign_id, Depth::kForEntry);
    if (c.ok() && c->input.kind == "lottery") {
      GH_TRY(enter_lottery(tx, *c, entries, now));
      continue;
    }
    // Anything else (or no such campaign) as enter() answers it, one at a time.
    for (EntryWrite* w : entries) {
      w->now = now;
      Status control = tx.isolated([&](store::Tx& inner) -> Status {
        w->result = enter(inner, w->member_id, w->campaign_id, w->tickets, now);
        return w->result.ok() ? Status::Ok() : Status(w->result.error());
      });
      if (!control.ok() && w->result.ok()) {
        return control;  // the savepoint itself failed
      }
    }
  }
  return Status::Ok();
}

Result<Entry> book(store::Tx& tx, int64_t member_id, int64_t campaign_id, int64_t slot_id,
                   int64_t now) {
  GH_ASSIGN(Campaign c, admit(tx, member_id, campaign_id, now));
  if (c.input.kind != "booking") {
    return Error::invalid("slot_id", "not_a_booking", "this campaign has no slots");
  }
  const auto slot =
      std::find_if(c.slots.begin(), c.slots.end(), [&](const Slot& s) { return s.id == slot_id; });
  if (slot == c.slots.end()) {
    return Error::invalid("slot_id", "unknown_slot", "this campaign has no such slot");
  }
  if (now >= slot->starts_at) {
    return Error::conflict("slot_started", "this slot has already started", "slot_id");
  }
  // The WHERE clause is what keeps a slot from being overbooked however many race for it.
  GH_ASSIGN(int64_t took, tx.exec("UPDATE campaign_slots SET booked = booked + 1 "
                                  "WHERE id = ? AND booked < capacity",
                                  {slot_id}));
  if (took != 1) {
    return Error::conflict("slot_full", "this slot is fully booked", "slot_id");
  }
  GH_TRY(count_use(tx, c, member_id, 1));
  Entry e;
  e.id = new_id();
  e.campaign_id = campaign_id;
  e.member_id = member_id;
  e.tickets = 1;
  e.points = c.input.points_cost;
  e.slot_id = slot_id;
  e.created_at = now;
  GH_TRY(pay_and_record(tx, c, e));
  GH_ASSIGN(ServerKeys keys, server_keys(tx));
  e.member_ref = member_ref(keys.privacy, campaign_id, member_id);
  const Prize& ticket = c.prizes.front();
  // Checking in at the orchard is redeeming this voucher, up to the end of the slot.
  GH_ASSIGN(Voucher v, issue_voucher(tx, {campaign_id, ticket.id, member_id, e.id,
                                          ticket.merchant_id, slot->ends_at}));
  v.token = voucher_token(keys.sign_secret, v);
  e.voucher = std::move(v);
  return e;
}

Result<Entry> cancel_booking(store::Tx& tx, int64_t member_id, int64_t campaign_id,
                             int64_t entry_id, int64_t now) {
  GH_ASSIGN(Rows rows, tx.query("SELECT " + std::string(kEntryColumns) +
                                    " FROM campaign_entries WHERE id = ? AND campaign_id = ? "
                                    "AND member_id = ?",
                                {entry_id, campaign_id, member_id}));
  if (rows.empty()) {
    return Error::not_found("entry");
  }
  GH_ASSIGN(Entry e, entry_from_row(rows[0]));
  if (e.slot_id == 0) {
    return Error::conflict("not_a_booking", "only a booking can be cancelled by its member");
  }
  if (e.refunded) {
    return Error::conflict("already_cancelled", "this booking was already cancelled");
  }
  GH_ASSIGN(Campaign c, load(tx, campaign_id));
  const auto slot = std::find_if(c.slots.begin(), c.slots.end(),
                                 [&](const Slot& s) { return s.id == e.slot_id; });
  if (slot == c.slots.end()) {
    return Error::internal("booking without its slot");
  }
  const int64_t cutoff = slot->starts_at - c.input.cancel_before_minutes * 60'000;
  if (now >= cutoff) {
    return Error::conflict("cancel_too_late",
                           "bookings can be cancelled until " + format_rfc3339(Timestamp{cutoff}));
  }
  // The voucher first: of a cancellation and a check-in that race, only one moves it.
  GH_ASSIGN(int64_t voided, tx.exec("UPDATE vouchers SET status = 'void' WHERE entry_id = ? "
                                    "AND status = 'issued'",
                                    {e.id}));
  if (voided != 1) {
    GH_ASSIGN(Rows v, tx.query("SELECT status FROM vouchers WHERE entry_id = ?", {e.id}));
    if (!v.empty() && v[0].text(0) == "redeemed") {
      return Error::conflict("already_redeemed", "this booking was already checked in");
    }
    return Error::conflict("already_cancelled", "this booking was already cancelled");
  }
  GH_ASSIGN(int64_t marked,
            tx.exec("UPDATE campaign_entries SET refunded = 1, cancelled_at = ? WHERE id = ? "
                    "AND refunded = 0",
                    {now, e.id}));
  if (marked != 1) {
    return Error::conflict("already_cancelled", "this booking was already cancelled");
  }
  if (e.spend_id != 0) {
    GH_TRY(ledger::refund(tx, e.spend_id, "预约取消退还积分"));
  }
  GH_TRY(tx.exec("UPDATE campaign_slots SET booked = booked - 1 WHERE id = ? AND booked >= 1",
                 {e.slot_id}));
  GH_TRY(
      tx.exec("UPDATE campaign_member_counts SET used = used - 1 WHERE campaign_id = ? AND "
              "member_id = ? AND used >= 1",
              {campaign_id, member_id}));
  e.refunded = true;
  e.cancelled_at = now;
  GH_ASSIGN(e.member_ref, entry_member_ref(tx, campaign_id, member_id));
  GH_ASSIGN(Rows voucher, tx.query("SELECT id FROM vouchers WHERE entry_id = ?", {e.id}));
  if (!voucher.empty()) {
    GH_ASSIGN(Voucher v, member_voucher(tx, member_id, voucher[0].integer(0)));
    e.voucher = std::move(v);
  }
  return e;
}

Result<std::vector<Entry>> my_entries(store::Tx& tx, int64_t member_id, int64_t campaign_id) {
  GH_ASSIGN(Rows rows, tx.query("SELECT " + std::string(kEntryColumns) +
                                    " FROM campaign_entries WHERE member_id = ? AND "
                                    "campaign_id = ? ORDER BY id",
                                {member_id, campaign_id}));
  GH_ASSIGN(std::vector<Voucher> vouchers, member_vouchers(tx, member_id));
  GH_ASSIGN(ServerKeys keys, server_keys(tx));
  std::vector<Entry> out;
  for (const auto& row : rows) {
    GH_ASSIGN(Entry e, entry_from_row(row));
    e.member_ref = member_ref(keys.privacy, campaign_id, member_id);
    for (const auto& v : vouchers) {
      if (v.entry_id == e.id) {
        e.voucher = v;
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

// ---- Distribution ------------------------------------------------------------------------

namespace {

constexpr std::string_view kDistributionSelect =
    "SELECT id, campaign_id, target_org_id, status, recipients, issued, created_at, fingerprint "
    "FROM campaign_distributions";

Distribution distribution_from_row(const store::Row& r) {
  Distribution d;
  d.id = r.integer(0);
  d.campaign_id = r.integer(1);
  d.target_org_id = r.integer(2);
  d.done = r.text(3) == "done";
  d.recipients = r.integer(4);
  d.issued = r.integer(5);
  d.created_at = r.integer(6);
  return d;
}

Result<Distribution> load_distribution(store::Tx& tx, int64_t id) {
  GH_ASSIGN(Rows rows, tx.query(std::string(kDistributionSelect) + " WHERE id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("distribution");
  }
  return distribution_from_row(rows[0]);
}

}  // namespace

Result<Distribution> start_distribution(store::Tx& tx, const Principal& admin, int64_t campaign_id,
                                        const DistributionInput& input, std::string_view key) {
  if (key.empty() || key.size() > 200) {
    return Error::invalid("Idempotency-Key", "idempotency_key_required",
                          "a distribution needs an Idempotency-Key of 1 to 200 characters");
  }
  if ((input.org_id != 0) == !input.member_ids.empty()) {
    return Error::invalid("org_id", "one_target_required",
                          "give either org_id (a whole union) or member_ids (a list)");
  }
  if (input.member_ids.size() > ledger::kMaxGrantMembers) {
    return Error::invalid("member_ids", "too_many",
                          "at most " + std::to_string(ledger::kMaxGrantMembers) +
                              " members per distribution; distribute to a union instead");
  }
  GH_ASSIGN(Campaign c, load_for_admin(tx, admin, campaign_id));
  std::vector<int64_t> ids = input.member_ids;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::string canonical = std::to_string(campaign_id) + "|" + std::to_string(input.org_id) + "|";
  for (int64_t id : ids) {
    canonical += std::to_string(id) + ",";
  }
  const std::string fingerprint = crypto::sha256_hex(canonical);
  GH_ASSIGN(Rows existing, tx.query(std::string(kDistributionSelect) +
                                        " WHERE created_by = ? AND idempotency_key = ?",
                                    {admin.account_id, std::string(key)}));
  if (!existing.empty()) {
    if (existing[0].text(7) != fingerprint) {
      return Error::conflict("idempotency_conflict",
                             "this Idempotency-Key was used for a different distribution",
                             "Idempotency-Key");
    }
    Distribution d = distribution_from_row(existing[0]);
    d.replayed = true;
    return d;
  }
  if (c.input.kind != "distribution") {
    return Error::conflict("not_a_distribution", "only a distribution campaign is handed out");
  }
  if (c.stored_status != "published") {
    return Error::conflict(c.stored_status == "cancelled" ? "campaign_cancelled" : "not_published",
                           "only a published distribution can be handed out");
  }
  GH_ASSIGN(org::Org organiser, org::get(tx, c.input.org_id));
  const org::PathRange campaign_range = org::range_of(organiser.path);
  Distribution d;
  d.id = new_id();
  d.campaign_id = campaign_id;
  d.created_at = Timestamp::now().ms;
  GH_TRY(
      tx.exec("INSERT INTO campaign_distributions (id, campaign_id, target_org_id, status, "
              "recipients, issued, created_by, idempotency_key, fingerprint, created_at, "
              "finished_at) VALUES (?, ?, ?, 'running', 0, 0, ?, ?, ?, ?, 0)",
              {d.id, campaign_id, input.org_id, admin.account_id, std::string(key), fingerprint,
               d.created_at}));
  // Members who already received this campaign's voucher are skipped (DO NOTHING).
  if (input.org_id != 0) {
    auto target = org::require_in_scope(tx, admin, input.org_id);
    if (!target.ok()) {
      if (target.error().kind == ErrorKind::kNotFound) {
        return Error::invalid("org_id", "unknown_org", "no union has that id");
      }
      return std::move(target).error();
    }
    if (target->path < campaign_range.lower || target->path >= campaign_range.upper) {
      return Error::invalid("org_id", "not_in_subtree",
                            "that union is not under the campaign's union");
    }
    d.target_org_id = target->id;
    const org::PathRange range = org::range_of(target->path);
    std::string narrowed;
    Params params{campaign_id, d.id, range.lower, range.upper};
    if (!c.input.base_org_ids.empty()) {
      narrowed = " AND m.org_id IN (" + marks(c.input.base_org_ids.size()) + ")";
      params.insert(params.end(), c.input.base_org_ids.begin(), c.input.base_org_ids.end());
    }
    GH_ASSIGN(d.recipients,
              tx.exec("INSERT INTO campaign_recipients (campaign_id, member_id, distribution_id, "
                      "voucher_id) SELECT ?, m.id, ?, 0 FROM members m JOIN orgs o ON "
                      "o.id = m.org_id WHERE o.path >= ? AND o.path < ? AND m.status = 'active'" +
                          narrowed + " ON CONFLICT (campaign_id, member_id) DO NOTHING",
                      params));
  } else {
    GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
    for (int64_t member_id : ids) {
      auto info = load_member(tx, member_id);
      if (!info.ok()) {
        return Error::invalid("member_ids", "unknown_member",
                              "no member has id " + std::to_string(member_id));
      }
      if (std::find(info->path_ids.begin(), info->path_ids.end(), scope.id) ==
          info->path_ids.end()) {
        return Error::forbidden("member " + std::to_string(member_id) +
                                " is outside your part of the tree");
      }
      if (!eligible(c, *info)) {
        return Error::invalid(
            "member_ids", "not_eligible",
            "member " + std::to_string(member_id) + " is not eligible for this campaign");
      }
      if (!info->active) {
        continue;  // frozen or left: like a subtree distribution, only active members
      }
      GH_ASSIGN(int64_t added, tx.exec("INSERT INTO campaign_recipients (campaign_id, member_id, "
                                       "distribution_id, voucher_id) VALUES (?, ?, ?, 0) "
                                       "ON CONFLICT (campaign_id, member_id) DO NOTHING",
                                       {campaign_id, member_id, d.id}));
      d.recipients += added;
    }
  }
  // The stock is reserved for every recipient before any voucher is issued; the WHERE
  // clause means concurrent distributions can never take more than the quantity.
  const Prize& prize = c.prizes.front();
  GH_ASSIGN(int64_t reserved,
            tx.exec("UPDATE campaign_prizes SET remaining = remaining - ? WHERE id = ? AND "
                    "remaining >= ?",
                    {d.recipients, prize.id, d.recipients}));
  if (reserved != 1) {
    GH_ASSIGN(Rows left,
              tx.query("SELECT remaining FROM campaign_prizes WHERE id = ?", {prize.id}));
    return Error::conflict("insufficient_stock",
                           std::to_string(d.recipients) + " recipients but only " +
                               std::to_string(left.empty() ? 0 : left[0].integer(0)) +
                               " left in stock");
  }
  d.done = d.recipients == 0;
  GH_TRY(
      tx.exec("UPDATE campaign_distributions SET recipients = ?, target_org_id = ?, "
              "status = ?, finished_at = ? WHERE id = ?",
              {d.recipients, d.target_org_id, std::string(d.done ? "done" : "running"),
               d.done ? d.created_at : int64_t{0}, d.id}));
  bj::object after = snapshot(c);
  after["distribution_id"] = id_string(d.id);
  after["target_org_id"] = d.target_org_id ? bj::value(id_string(d.target_org_id)) : nullptr;
  after["recipients"] = d.recipients;
  GH_TRY(audit::record(tx, admin, "campaign.distribute", "campaign", id_string(campaign_id),
                       c.input.org_id, nullptr, after));
  return d;
}

Result<Distribution> distribution_chunk(store::Db& db, int64_t distribution_id, int64_t chunk) {
  Distribution d;
  Status status = db.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(d, load_distribution(tx, distribution_id));
    if (d.done) {
      return Status::Ok();
    }
    GH_ASSIGN(Campaign c, load(tx, d.campaign_id));
    GH_ASSIGN(Rows rows, tx.query("SELECT member_id FROM campaign_recipients WHERE "
                                  "distribution_id = ? AND voucher_id = 0 ORDER BY member_id "
                                  "LIMIT ?",
                                  {distribution_id, chunk}));
    const Prize& prize = c.prizes.front();
    const int64_t now = Timestamp::now().ms;
    for (const auto& row : rows) {
      const int64_t member_id = row.integer(0);
      GH_ASSIGN(Voucher v, issue_voucher(tx, {c.id, prize.id, member_id, 0, prize.merchant_id,
                                              now + c.input.voucher_valid_days * kDayMs}));
      // Exactly one voucher per recipient: a worker racing on the same rows finds them taken.
      GH_ASSIGN(int64_t marked,
                tx.exec("UPDATE campaign_recipients SET voucher_id = ? WHERE campaign_id = ? "
                        "AND member_id = ? AND voucher_id = 0",
                        {v.id, c.id, member_id}));
      if (marked != 1) {
        return Error{ErrorKind::kUnavailable,
                     "distribution_busy",
                     "another worker is running this distribution",
                     {}};
      }
    }
    const bool last = static_cast<int64_t>(rows.size()) < chunk;
    d.issued += static_cast<int64_t>(rows.size());
    d.done = last;
    GH_TRY(
        tx.exec("UPDATE campaign_distributions SET issued = issued + ?, status = ?, "
                "finished_at = ? WHERE id = ?",
                {static_cast<int64_t>(rows.size()), std::string(last ? "done" : "running"),
                 last ? now : int64_t{0}, distribution_id}));
    return Status::Ok();
  });
  if (!status.ok()) {
    return std::move(status).error();
  }
  return d;
}

Result<Distribution> run_distribution(store::Db& db, int64_t distribution_id, int64_t chunk) {
  for (int busy = 0;;) {
    auto d = distribution_chunk(db, distribution_id, chunk);
    if (!d.ok() && d.error().code == "distribution_busy") {
      if (++busy < 50) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      // Another worker (another instance, given the same request) is running it: report
      // where it stands instead of failing; re-sending the request shows the rest.
      Distribution now;
      GH_TRY(db.read([&](store::Tx& tx) -> Status {
        GH_ASSIGN(now, load_distribution(tx, distribution_id));
        return Status::Ok();
      }));
      return now;
    }
    if (!d.ok() || d->done) {
      return d;
    }
  }
}

namespace {

// The draw's input as stored: entries in ascending id with their member_ref.
Result<DrawInput> draw_input(store::Tx& tx, const Campaign& c, const ServerKeys& keys,
                             std::vector<int64_t>* member_ids) {
  DrawInput in;
  GH_ASSIGN(Rows secret, tx.query("SELECT secret FROM campaigns WHERE id = ?", {c.id}));
  if (!crypto::unhex(secret[0].text(0), in.secret)) {
    return Error::internal("campaign secret damaged");
  }
  in.beacon = c.beacon_value;
  in.one_prize_per_member = c.input.one_prize_per_member;
  GH_ASSIGN(Rows rows, tx.query("SELECT id, member_id, tickets FROM campaign_entries WHERE "
                                "campaign_id = ? ORDER BY id",
                                {c.id}));
  in.entries.reserve(rows.size());
  const crypto::HmacSha256Key privacy(keys.privacy);
  for (const auto& r : rows) {
    in.entries.push_back({r.integer(0), member_ref(privacy, c.id, r.integer(1)), r.integer(2)});
    if (member_ids) {
      member_ids->push_back(r.integer(1));
    }
  }
  for (const auto& p : c.prizes) {
    in.prizes.push_back({p.tier, p.name, p.quantity});
  }
  return in;
}

}  // namespace

Result<Campaign> draw(store::Tx& tx, const Principal& admin, int64_t id,
                      const std::string& beacon_value, int64_t now) {
  GH_ASSIGN(Campaign c, load_for_admin(tx, admin, id));
  if (c.input.kind != "lottery") {
    return Error::conflict("not_a_lottery", "only a lottery is drawn");
  }
  if (c.stored_status == "drawn") {
    return Error::conflict("already_drawn", "this lottery was already drawn");
  }
  if (c.stored_status != "published") {
    return Error::conflict("not_published", "only a published lottery can be drawn");
  }
  if (now < c.input.closes_at) {
    return Error::conflict("not_closed",
                           "entries close at " + format_rfc3339(Timestamp{c.input.closes_at}));
  }
  // Marks it drawn first: of two concurrent draws only one gets past this update.
  GH_ASSIGN(int64_t changed,
            tx.exec("UPDATE campaigns SET status = 'drawn', beacon_value = ?, drawn_at = ?, "
                    "updated_at = ? WHERE id = ? AND status = 'published'",
                    {beacon_value, now, now, id}));
  if (changed != 1) {
    return Error::conflict("already_drawn", "this lottery was already drawn");
  }
  c.beacon_value = beacon_value;
  GH_ASSIGN(ServerKeys keys, server_keys(tx));
  std::vector<int64_t> member_ids;
  GH_ASSIGN(DrawInput input, draw_input(tx, c, keys, &member_ids));
  const DrawResult result = run_draw(input);
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < input.entries.size(); ++i) {
    index[input.entries[i].entry_id] = i;
  }
  int64_t seq = 0;
  for (const auto& w : result.winners) {
    const Prize& prize = *std::find_if(c.prizes.begin(), c.prizes.end(),
                                       [&](const Prize& p) { return p.tier == w.tier; });
    GH_ASSIGN(Voucher v,
              issue_voucher(tx, {id, prize.id, member_ids[index[w.entry_id]], w.entry_id,
                                 prize.merchant_id, now + c.input.voucher_valid_days * kDayMs}));
    GH_TRY(
        tx.exec("INSERT INTO campaign_winners (campaign_id, seq, tier, entry_id, voucher_id) "
                "VALUES (?, ?, ?, ?, ?)",
                {id, ++seq, w.tier, w.entry_id, v.id}));
    GH_TRY(
        tx.exec("UPDATE campaign_prizes SET remaining = remaining - 1 WHERE id = ? AND "
                "remaining >= 1",
                {prize.id}));
  }
  GH_ASSIGN(Campaign after, load(tx, id));
  bj::object audit_after = snapshot(after);
  audit_after["beacon_value"] = beacon_value;
  audit_after["winners"] = result.winners.size();
  audit_after["seed"] = result.seed;
  GH_TRY(audit::record(tx, admin, "campaign.draw", "campaign", id_string(id), c.input.org_id,
                       snapshot(c), audit_after));
  return after;
}

Result<bj::object> audit_bundle(store::Tx& tx, int64_t id) {
  GH_ASSIGN(Campaign c, load(tx, id));
  if (c.stored_status != "drawn") {
    return Error::not_found("draw");
  }
  GH_ASSIGN(ServerKeys keys, server_keys(tx));
  GH_ASSIGN(DrawInput input, draw_input(tx, c, keys, nullptr));
  const DrawResult computed = run_draw(input);
  bj::array entries, prizes, winners;
  for (const auto& e : input.entries) {
    entries.push_back({{"entry_id", id_string(e.entry_id)},
                       {"member_ref", e.member_ref},
                       {"tickets", e.tickets}});
  }
  for (const auto& p : input.prizes) {
    prizes.push_back({{"tier", p.tier}, {"name", p.name}, {"quantity", p.quantity}});
  }
  // The winners as recorded at the draw (not recomputed), so that the bundle can be checked.
  GH_ASSIGN(Rows rows, tx.query("SELECT w.tier, w.entry_id, e.member_id FROM campaign_winners w "
                                "JOIN campaign_entries e ON e.id = w.entry_id "
                                "WHERE w.campaign_id = ? ORDER BY w.seq",
                                {id}));
  for (const auto& r : rows) {
    winners.push_back({{"tier", r.integer(0)},
                       {"entry_id", id_string(r.integer(1))},
                       {"member_ref", member_ref(keys.privacy, id, r.integer(2))}});
  }
  return bj::object{{"algorithm", kDrawAlgorithm},
                    {"campaign_id", id_string(id)},
                    {"title", c.input.title},
                    {"commitment", c.commitment},
                    {"secret", crypto::hex(input.secret)},
                    {"beacon_source", c.input.beacon_source},
                    {"beacon_value", c.beacon_value},
                    {"entries", std::move(entries)},
                    {"entries_digest", computed.entries_digest},
                    {"seed", computed.seed},
                    {"prizes", std::move(prizes)},
                    {"one_prize_per_member", c.input.one_prize_per_member},
                    {"winners", std::move(winners)},
                    {"drawn_at", format_rfc3339(Timestamp{c.drawn_at})}};
}

}  // namespace gonghui::campaign
