// Campaigns (活动): points lotteries, first-come claims, bookings of time slots and
// distributions to listed members or a subtree, their prizes, stock and slots, entries paid with
// points, the verifiable draw, and cancellation with refunds. Stock and per-member limits are
// enforced by conditional updates in the database, so they hold under any concurrency on either
// engine.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/crypto.hpp"
#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/principal.hpp"
#include "domain/campaign/voucher.hpp"
#include "domain/ledger/ledger.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::campaign {

// lottery 抽奖, claim 限量领取, booking 预约, distribution 发放.
enum class Kind { kLottery, kClaim, kBooking, kDistribution };
// As stored and in the API; an unknown name reads as a lottery.
inline constexpr EnumNames<Kind, 4> kKindNames{{"lottery", "claim", "booking", "distribution"},
                                               Kind::kLottery};
constexpr const auto& enum_names(Kind) { return kKindNames; }

// A campaign's status. Stored: draft, published, drawn or cancelled. Shown (Campaign::status):
// a published campaign is published until its window opens, then open, then closed (a
// lottery waiting for its draw) or finished (any other kind).
enum class CampaignStatus { kDraft, kPublished, kOpen, kClosed, kDrawn, kFinished, kCancelled };
// As stored and in the API; an unknown name reads as a draft.
inline constexpr EnumNames<CampaignStatus, 7> kStatusNames{
    {"draft", "published", "open", "closed", "drawn", "finished", "cancelled"},
    CampaignStatus::kDraft};
constexpr const auto& enum_names(CampaignStatus) { return kStatusNames; }

struct Prize {
  int64_t id = 0;
  int64_t tier = 1;
  std::string name;
  int64_t quantity = 0;
  int64_t remaining = 0;  // claims: stock left; lotteries: quantity until drawn
  int64_t value_fen = 0;
  int64_t merchant_id = 0;  // where the voucher is redeemed (0: none named)
  int64_t product_id = 0;   // a product of merchant_id's catalogue (0: none)
  int64_t stock_rows = 1;   // claims: rows the stock is spread over (the prize row + buckets)
  // Where the produce comes from: a signed merchant's name (filled from merchant_id), or a
  // farm that is not one (e.g. a counterpart-aid cooperative); "" if none is named.
  std::string supplier_name{};
  // The produce handed out (e.g. 草莓) and its kind (purchase::valid_kind); taken from the
  // catalogue product when product_id is set, "" when not said.
  std::string produce_name{};
  std::string produce_kind{};
};

// A booking campaign's time slot (e.g. a picking trip at an orchard).
struct Slot {
  int64_t id = 0;
  int64_t starts_at = 0;
  int64_t ends_at = 0;
  int64_t capacity = 0;
  int64_t booked = 0;  // places taken (cancelled bookings give theirs back)
};

// Rows a claim prize's stock is spread over on PostgreSQL; measured in bench/claim_bench.cpp.
inline constexpr int64_t kStockRows = 8;

struct CampaignInput {
  int64_t org_id = 0;                 // the organising union; 0: the admin's own
  std::vector<int64_t> base_org_ids;  // narrows eligibility to these base unions
  Kind kind = Kind::kLottery;
  std::string title;
  std::string description;
  std::string brand;  // e.g. 连工助农
  std::vector<std::string> tags;
  std::vector<int64_t> photo_ids;  // images uploaded through /api/v1/photos
  int64_t opens_at = 0;
  int64_t closes_at = 0;
  int64_t points_cost = 0;       // per ticket / per claim; 0 = free
  int64_t per_member_limit = 1;  // tickets (lottery) or claims per member
  bool one_prize_per_member = true;
  int64_t voucher_valid_days = 30;
  std::string beacon_source;  // public randomness named before entries close (may be empty)
  std::vector<Prize> prizes;  // booking and distribution: exactly one (the voucher issued)
  std::vector<Slot> slots;    // booking only: 1..200 slots
  int64_t cancel_before_minutes = 120;  // booking: cancellation closes this long before a slot
  // Claims: how many rows each prize's stock is spread over (at most its quantity), so that
  // concurrent claims take different row locks. 0: kStockRows on PostgreSQL, 1 on SQLite
  // (whose one writer takes no row locks, so spreading would only cost). Not in the API.
  int64_t stock_rows = 0;
};

struct Campaign {
  int64_t id = 0;
  CampaignInput input;
  std::vector<Prize> prizes;
  std::vector<Slot> slots;                                // by starts_at
  CampaignStatus stored_status = CampaignStatus::kDraft;  // draft, published, drawn, cancelled
  std::string commitment;  // hex SHA-256 of the secret, once published
  std::string beacon_value;
  int64_t entries = 0;  // entry rows
  int64_t tickets = 0;
  int64_t created_at = 0;
  int64_t published_at = 0;
  int64_t drawn_at = 0;
  // The stored status, or for a published campaign where `now` falls in its window.
  CampaignStatus status(int64_t now) const;
};

struct Entry {
  int64_t id = 0;
  int64_t campaign_id = 0;
  int64_t member_id = 0;
  int64_t tickets = 0;
  int64_t points = 0;
  int64_t spend_id = 0;
  bool refunded = false;     // refunded by a cancellation (of the booking or the campaign)
  int64_t slot_id = 0;       // bookings
  int64_t cancelled_at = 0;  // bookings cancelled by the member
  int64_t created_at = 0;
  std::string member_ref;
  std::optional<Voucher> voucher;  // claims: the voucher issued with the entry
};

// Tables server_keys, campaigns, campaign_orgs, campaign_prizes, campaign_entries,
// campaign_member_counts, campaign_winners and vouchers (versions 400-499).
std::vector<store::Migration> migrations();

// Makes the privacy key and the voucher signing key once (several instances share them).
Status ensure_keys(store::Db& db);
struct ServerKeys {
  std::string privacy;      // HMAC key for member_ref; never published
  std::string sign_secret;  // Ed25519 secret key (64 bytes)
  std::string sign_public;
};
// Inside a write transaction the keys are made if missing; in a read one they must exist.
Result<ServerKeys> server_keys(store::Tx& tx);

// First 16 hex of HMAC-SHA256(privacy key, "<campaign id>:<member id>").
std::string member_ref(const std::string& privacy_key, int64_t campaign_id, int64_t member_id);
// The same with the key made ready once, for many entries of a group or a draw.
std::string member_ref(const crypto::HmacSha256Key& privacy_key, int64_t campaign_id,
                       int64_t member_id);

// Admins in scope of the organising union; the eligible base unions must lie in its subtree.
// Each prize's merchant must be in force for the organiser (merchant_id errors as
// merchant::require_available_to, naming "prizes"); its product must be that merchant's
// (InvalidArgument naming prizes[i].product_id: unknown_product if there is no such product,
// product_not_of_merchant if no merchant is named or it is another's), and then gives the
// prize its produce_name and produce_kind. Without a product, produce_kind must be a
// purchase kind (invalid_kind) and produce_name at most 40 characters (too_long), each naming
// prizes[i].<field>; supplier_name (at most 100, too_long) is the merchant's name when one is
// named. Audited.
Result<Campaign> create(store::Tx& tx, const Principal& admin, const CampaignInput& input);
// For a module whose own rules decided who may (a mentor publishing their consultation slots):
// creates and publishes a campaign of input.org_id (which must exist) without the admin scope
// check, with create()'s validation, audited as `actor`'s campaign.create and campaign.publish.
Result<Campaign> create_published(store::Tx& tx, const Principal& actor,
                                  const CampaignInput& input);
// Admins see campaigns in their subtree; members see published ones they are eligible for
// (NotFound otherwise).
Result<Campaign> get(store::Tx& tx, const Principal& principal, int64_t id);
struct CampaignPage {
  std::vector<Campaign> items;  // newest first
  int64_t next_cursor = 0;
};
Result<CampaignPage> list(store::Tx& tx, const Principal& principal, int64_t before_id,
                          int64_t limit);
// draft → published: makes the secret and its commitment. Audited.
Result<Campaign> publish(store::Tx& tx, const Principal& admin, int64_t id);
// Closes a lottery's entry window early: closes_at becomes `now`, and the draw then waits
// for the beacon as after any close. Admins in scope (Forbidden otherwise, NotFound if
// absent); reason 2..200 characters (InvalidArgument naming "reason": required,
// out_of_range); Conflict not_a_lottery for another kind, not_open unless it is open at `now`.
// Audited as campaign.close_early with the reason.
Result<Campaign> close_early(store::Tx& tx, const Principal& admin, int64_t id,
                             const std::string& reason, int64_t now);
// Cancels (not after a draw) and refunds every points entry exactly once; running it again
// refunds only what is left. Voids unredeemed vouchers. Audited.
struct Cancelled {
  Campaign campaign;
  int64_t refunded = 0;  // entries refunded by this call
};
Result<Cancelled> cancel(store::Tx& tx, const Principal& admin, int64_t id);

// A member enters: lottery tickets (1..limit) or a claim (tickets = 1). Checks status,
// window, eligibility and the per-member limit (Conflict limit_reached), takes
// points_cost × tickets points (Conflict insufficient_points), and for a claim takes one
// unit of stock in tier order (Conflict sold_out) and issues its voucher.
Result<Entry> enter(store::Tx& tx, int64_t member_id, int64_t campaign_id, int64_t tickets,
                    int64_t now);
// Members' entries run together (store::Db::write_grouped): each gets what enter() would
// have given it had they run one after another in the order given, with `now` read once
// for the group. A lottery's entries are checked in memory and written with a few
// statements for all of them (ledger::SpendBatch, multi-row inserts); a claim or a
// booking campaign's run one by one through enter(), each in its own savepoint. On
// PostgreSQL only lottery entries run in the group: any other is left for a transaction of
// its own (`alone`), since a claim's rows (stock buckets, the member's points, the spending
// account's shard) locked in a shared transaction in no fixed order could deadlock with
// another instance's group.
struct EntryWrite final : store::GroupedWrite {
  EntryWrite(int64_t member, int64_t campaign, int64_t n)
      : member_id(member), campaign_id(campaign), tickets(n) {}
  int64_t member_id;
  int64_t campaign_id;
  int64_t tickets;
  Result<Entry> result = Error::internal("the entry was not run");
  int64_t now = 0;     // the time it was entered at
  bool alone = false;  // not run by the group: to be written in a transaction of its own
};
class EntryGroup final : public store::WriteGroup {
 public:
  // Each write must be an EntryWrite. An error is a failure of the store: every entry of
  // the group is then undone.
  Status run(store::Tx& tx, const std::vector<store::GroupedWrite*>& writes) override;
};

// A booking: one place in `slot_id` (Conflict slot_full, slot_started), the per-member
// limit, points_cost points, and a voucher at the prize's merchant valid until the slot ends.
Result<Entry> book(store::Tx& tx, int64_t member_id, int64_t campaign_id, int64_t slot_id,
                   int64_t now);
// The member who booked cancels before the cut-off (cancel_before_minutes before the slot
// starts; Conflict cancel_too_late after it): refunds the points once, frees the place and
// the member's count, voids the voucher. Conflict already_cancelled, already_redeemed;
// NotFound for another member's entry.
Result<Entry> cancel_booking(store::Tx& tx, int64_t member_id, int64_t campaign_id,
                             int64_t entry_id, int64_t now);
// The calling member's entries in a campaign they may see (NotFound otherwise, as get()),
// oldest first, with their vouchers.
Result<std::vector<Entry>> my_entries(store::Tx& tx, const Principal& member, int64_t campaign_id);

// A member's request to take part, as the API receives it: tickets in a lottery, a claim,
// or with a slot a place in a booking.
struct EntryRequest {
  int64_t member_id = 0;
  int64_t campaign_id = 0;
  int64_t tickets = 1;
  int64_t slot_id = 0;  // the slot to book; 0 for any other kind
};
// book() when the request names a slot, enter() otherwise.
Result<Entry> take_part(store::Tx& tx, const EntryRequest& request, int64_t now);

// Writes members' entries as they come and answers each once it is durable. A request that
// names no slot waits with the crowd's for a grouped write (EntryGroup: on SQLite many
// entries share a commit, and a waiting entry holds no thread); a booking runs in a write of
// its own. Thread-safe; lives as long as the writes it was given.
class EntryDesk {
 public:
  explicit EntryDesk(store::Db& db) : db_(db) {}
  // `done` gets what take_part() gave (or the store's failure) and the time the entry was
  // made at. Where the store writes asynchronously it runs on the store's thread, so it must
  // be quick.
  using Done = std::function<void(Result<Entry> entry, int64_t now)>;
  void submit(const EntryRequest& request, Done done);

 private:
  // take_part() in a write of its own.
  void write_alone(const EntryRequest& request, Done done);
  // Whether an entry waits for a group: always where writes are asynchronous (SQLite's
  // writer runs every kind in its commit); elsewhere (PostgreSQL, where the caller's thread
  // runs a write of its own) only a lottery's, as EntryGroup leaves any other alone there.
  // A campaign's kind never changes: it is read once.
  bool grouped(int64_t campaign_id);

  store::Db& db_;
  EntryGroup group_;
  std::mutex mu_;
  std::unordered_map<int64_t, bool> lotteries_;  // campaign id → is a lottery; under mu_
};

// ---- Distribution (发放) ------------------------------------------------------------------
inline constexpr int64_t kDistributionChunk = 500;

struct DistributionInput {
  int64_t org_id = 0;               // every active member of this subtree, or
  std::vector<int64_t> member_ids;  // these members (exactly one of the two)
};
struct Distribution {
  int64_t id = 0;
  int64_t campaign_id = 0;
  int64_t target_org_id = 0;
  int64_t recipients = 0;  // members newly recorded (earlier recipients of the campaign skipped)
  int64_t issued = 0;      // vouchers issued so far
  bool done = false;
  bool replayed = false;  // the Idempotency-Key was seen before: this is the first distribution
  int64_t created_at = 0;
};
// Admins in scope of a published distribution campaign record the recipients (each member
// at most once per campaign) and reserve that much stock from its prize (Conflict
// insufficient_stock, before anything is recorded). The same key again returns the first
// distribution (Conflict idempotency_conflict if for other recipients). Audited.
Result<Distribution> start_distribution(store::Tx& tx, const Principal& admin, int64_t campaign_id,
                                        const DistributionInput& input, std::string_view key);
// Issues vouchers to the next `chunk` recipients without one, in one write transaction. A
// recipient's voucher is recorded by a conditional update, so each member gets exactly one
// however often this is interrupted and re-run (a racing worker is rolled back:
// Unavailable distribution_busy).
Result<Distribution> distribution_chunk(store::Db& db, int64_t distribution_id,
                                        int64_t chunk = kDistributionChunk);
// Runs chunks until done; if another worker keeps the chunks busy for about a second (the
// same request sent to another instance), returns the distribution as it stands instead.
Result<Distribution> run_distribution(store::Db& db, int64_t distribution_id,
                                      int64_t chunk = kDistributionChunk);
// What the API's distribute does: start_distribution in a write transaction of its own
// (a concurrent start under the same key is found as a replay), then run_distribution
// unless it is done. Re-sending it after an interruption finishes what is left; nobody gets
// a second voucher.
Result<Distribution> distribute(store::Db& db, const Principal& admin, int64_t campaign_id,
                                const DistributionInput& input, std::string_view key);

// Draws a closed lottery (admins in scope), issues vouchers to the winners, marks it drawn.
// Audited.
Result<Campaign> draw(store::Tx& tx, const Principal& admin, int64_t id,
                      const std::string& beacon_value, int64_t now);
// The public audit bundle of a drawn lottery (NotFound before the draw).
Result<boost::json::object> audit_bundle(store::Tx& tx, int64_t id);

// One winner of a drawn lottery, for the result page (personal data: shown masked).
struct Winner {
  int64_t tier = 0;
  std::string prize_name;
  std::string member_name;
  std::string member_phone;
};
// The winners of a drawn lottery the principal may see (as get()), in the order drawn; at
// most `limit`. NotFound before the draw.
Result<std::vector<Winner>> winners(store::Tx& tx, const Principal& principal, int64_t id,
                                    int64_t limit);

// `gonghui check`: for every prize outside bookings, vouchers ≤ stock taken ≤ quantity,
// and for claims and lotteries one voucher per unit taken.
Result<ledger::CheckItem> check_stock(store::Db& db);

// Spreads what is left of each claim prize whose stock is on its own row alone over
// kStockRows rows (at most its quantity), the way a claim made on PostgreSQL is: for an
// installation `gonghui copy` moved to PostgreSQL from SQLite, where claims keep one row.
// Prizes already spread are left as they are. Returns the stock rows added.
Result<int64_t> spread_claim_stock(store::Tx& tx);

}  // namespace gonghui::campaign
