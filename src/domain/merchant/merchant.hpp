// 优惠购: merchants signed into the discount column (many of them picking orchards and
// farms), the applications they come from, their staff, offers and farm products.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/principal.hpp"
#include "domain/access/access.hpp"
#include "domain/org/org.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::merchant {

// fresh_produce 生鲜蔬果, orchard 采摘园, farm 农场, dining, daily_services,
// culture_sport, other.
bool valid_category(std::string_view category);
const std::vector<std::string>& categories();

// Coordinates in millionths of a degree (integers, like every stored number).
struct Location {
  int64_t lat_e6 = 0;
  int64_t lng_e6 = 0;
};

struct MerchantFields {
  std::string name;
  std::string category;
  std::string address;
  Location location;
  std::string contact_name;
  std::string phone;  // a mobile or landline number members can call
  std::string licence_no;
  std::string description;
  std::string opening_hours;
  std::string external_url;  // e.g. its page on an urban picking-orchard platform
  std::string platform;      // the platform it is listed on, e.g. 海州采摘; at most 30
  std::vector<int64_t> photo_ids;
};

// A location and a merchant's fields as columns of a row (store::Fields): a location is
// lat_e6 and lng_e6; the fields are name … photo_ids in the order of MerchantFields.
void read_column(const store::Row& row, size_t& i, Location& out);
constexpr size_t column_width(const Location*) { return 2; }
void read_column(const store::Row& row, size_t& i, MerchantFields& out);
constexpr size_t column_width(const MerchantFields*) { return 13; }

struct Application {
  int64_t id = 0;
  int64_t org_id = 0;  // the signing union
  MerchantFields fields;
  std::string status;  // pending, approved, rejected
  std::string reason;  // why rejected
  int64_t merchant_id = 0;
  int64_t created_at = 0;
  int64_t decided_at = 0;
};

struct Merchant {
  int64_t id = 0;
  int64_t org_id = 0;
  MerchantFields fields;
  bool suspended = false;
  int64_t contract_start = 0;
  int64_t contract_end = 0;  // exclusive; past it the merchant is expired
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // signed, suspended or expired (at `now`).
  std::string status(int64_t now) const;
};

// 折扣 (members pay a percentage), 立减 (an amount off the bill), 会员价 (a member price) or
// 赠送 (something given).
enum class OfferKind { kPercentOff, kAmountOff, kMemberPrice, kGift };
inline constexpr EnumNames<OfferKind, 4> kOfferKindNames{
    {"percent_off", "amount_off", "member_price", "gift"}, OfferKind::kPercentOff};
constexpr const auto& enum_names(OfferKind) { return kOfferKindNames; }

struct Offer {
  int64_t id = 0;
  int64_t merchant_id = 0;
  std::string title;
  OfferKind kind = OfferKind::kPercentOff;
  int64_t pay_percent = 0;       // percent_off: members pay this percent (e.g. 88 for 8.8折)
  int64_t off_fen = 0;           // amount_off: taken off the bill
  int64_t member_price_fen = 0;  // member_price
  int64_t list_price_fen = 0;    // member_price: the usual price, for comparison
  std::string gift;              // gift: what members get
  std::string terms;
  int64_t valid_from = 0;
  int64_t valid_to = 0;  // exclusive
  bool withdrawn = false;
  int64_t updated_at = 0;
};

struct Product {
  int64_t id = 0;
  int64_t merchant_id = 0;
  std::string name;
  std::string kind;  // fruit, vegetable, grain, meat_egg, aquatic, tea, other
  std::string unit;  // 斤, 箱, 份, kg, 个, 袋
  int64_t unit_price_fen = 0;
  std::string origin;
  std::vector<int> season_months;  // 1-12
  bool withdrawn = false;
  int64_t updated_at = 0;
};

std::vector<store::Migration> migrations();

// Validation shared by the public form and the edit routes; errors name the field.
Status validate(const MerchantFields& fields);
Status validate(const Offer& offer);
Status validate(const Product& product);

// Public: anyone may apply to the given union (default: the root federation).
Result<Application> apply(store::Tx& tx, int64_t org_id, const MerchantFields& fields);
// Admins of the signing union's subtree.
Result<std::vector<Application>> list_applications(store::Tx& tx, const Principal& admin,
                                                   const std::string& status);
// Approves: creates the signed merchant with its contract period. Audited.
Result<Merchant> approve(store::Tx& tx, const Principal& admin, int64_t application_id,
                         int64_t contract_start, int64_t contract_end);
Result<Application> reject(store::Tx& tx, const Principal& admin, int64_t application_id,
                           const std::string& reason);

Result<Merchant> get(store::Tx& tx, int64_t id);
// A merchant a union's campaign may name (a prize's merchant): in contract at `now`, not
// suspended, and signed by a union on the organiser's line (the organiser itself, a union
// above it, or one under it). InvalidArgument naming `field` otherwise (unknown_merchant,
// merchant_not_in_force, merchant_out_of_scope).
Result<Merchant> require_available_to(store::Tx& tx, int64_t id, const org::Org& organiser,
                                      int64_t now, std::string_view field);
// Admin in scope, or staff of this merchant; Forbidden otherwise.
Status require_manager(store::Tx& tx, const Principal& principal, const Merchant& merchant);
// Staff edit contact details, description, hours, location, photos and link; admins may
// also change name, category and licence. Audited.
Result<Merchant> update(store::Tx& tx, const Principal& principal, int64_t id,
                        const MerchantFields& fields);
Result<Merchant> set_suspended(store::Tx& tx, const Principal& admin, int64_t id, bool suspended);
Result<Merchant> renew(store::Tx& tx, const Principal& admin, int64_t id, int64_t contract_end);
// Contracts of signed merchants in the admin's subtree ending within `days`.
Result<std::vector<Merchant>> expiring(store::Tx& tx, const Principal& admin, int64_t days);
// Invites the owner of a number to be staff of this merchant: a one-time link (7 days) whose
// acceptance sets or proves the password and gives the merchant_staff role (the role is never
// added without the owner's consent). Admin in scope (Forbidden otherwise); 400 invalid_phone
// (phone), required (name, for a number without an account); 409 already_staff. Audited.
Result<access::Issued> add_staff(store::Tx& tx, const Principal& admin, int64_t merchant_id,
                                 const std::string& phone, const std::string& name);

// Merchants members can see (signed, in contract), filtered.
struct Browse {
  std::string category;
  std::optional<Location> near;  // sort by distance from here
  int64_t offset = 0;
  int64_t limit = 20;
  std::vector<int64_t> only_ids;  // when searching: these merchants, in this order
};
struct MerchantPage {
  std::vector<Merchant> items;
  std::vector<int64_t> distance_m;  // parallel to items when `near` was given
  int64_t next_offset = 0;          // 0 when there is no further page
};
Result<MerchantPage> browse(store::Tx& tx, const Browse& query);

// Every merchant an admin manages, whatever its status, as the 签约商家 list shows them.
// Statuses at `now`: signed (在约: not suspended, contract not ended), expiring (即将到期:
// signed, its contract ending within kExpiringDays), suspended (已暂停), expired (已到期: not
// suspended, contract ended). Expiring merchants are signed ones too.
inline constexpr int64_t kExpiringDays = 30;
struct SignedFilter {
  std::string status;    // empty for all, else signed, expiring, suspended or expired
  std::string category;  // empty for all
  std::string q;         // in the name: characters, pinyin in full or initials
  int64_t offset = 0;
  int64_t limit = 20;
};
struct StatusCounts {
  int64_t all = 0, signed_ = 0, expiring = 0, suspended = 0, expired = 0;
};
struct SignedPage {
  std::vector<Merchant> items;  // by id
  int64_t next_offset = 0;      // 0 when there is no further page
  StatusCounts counts;          // of the merchants matching category and q, per status
};
bool valid_signed_status(std::string_view status);
// Merchants signed by the admin's union or a union under it (platform admins: all).
// Forbidden for callers who are not admins.
Result<SignedPage> list_signed(store::Tx& tx, const Principal& admin, const SignedFilter& filter);

Result<std::vector<Offer>> offers_of(store::Tx& tx, int64_t merchant_id, bool include_withdrawn);
Result<std::vector<Product>> products_of(store::Tx& tx, int64_t merchant_id,
                                         bool include_withdrawn);
Result<Offer> get_offer(store::Tx& tx, int64_t id);
Result<Product> get_product(store::Tx& tx, int64_t id);
// Staff of the merchant or admins in scope; audited.
Result<Offer> save_offer(store::Tx& tx, const Principal& principal, Offer offer);
Result<Product> save_product(store::Tx& tx, const Principal& principal, Product product);

// Great-circle distance in metres.
int64_t distance_m(const Location& a, const Location& b);

// Bumped inside every catalogue write so that search indexes know to refresh.
Status touch_catalogue(store::Tx& tx);
Result<int64_t> catalogue_version(store::Tx& tx);

}  // namespace gonghui::merchant
