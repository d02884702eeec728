// Merchant applications, signed merchants, staff, offers and products.
#include "domain/merchant/merchant.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/auth/auth.hpp"
#include "domain/merchant/internal.hpp"
#include "domain/message/message.hpp"
#include "domain/org/org.hpp"
#include "store/columns.hpp"

namespace gonghui::merchant {
namespace {

using internal::kMerchantColumns;
using internal::merchant_from;
constexpr std::string_view kOfferColumns =
    "id, merchant_id, title, kind, pay_percent, off_fen, member_price_fen, list_price_fen, gift, "
    "terms, valid_from, valid_to, withdrawn, updated_at";
constexpr std::string_view kProductColumns =
    "id, merchant_id, name, kind, unit, unit_price_fen, origin, season_months, withdrawn, "
    "updated_at";

store::Params field_params(const MerchantFields& f) {
  return {f.name,
          f.category,
          f.address,
          f.location.lat_e6,
          f.location.lng_e6,
          f.contact_name,
          f.phone,
          f.licence_no,
          f.description,
          f.opening_hours,
          f.external_url,
          f.platform,
          store::join_ids(f.photo_ids)};
}

using DetailFields =
    store::Fields<&MerchantFields::name, &MerchantFields::category, &MerchantFields::address,
                  &MerchantFields::location, &MerchantFields::contact_name, &MerchantFields::phone,
                  &MerchantFields::licence_no, &MerchantFields::description,
                  &MerchantFields::opening_hours, &MerchantFields::external_url,
                  &MerchantFields::platform, &MerchantFields::photo_ids>;
static_assert(DetailFields::columns == column_width(static_cast<const MerchantFields*>(nullptr)));
using MerchantRowFields =
    store::Fields<&Merchant::id, &Merchant::org_id, &Merchant::fields, &Merchant::suspended,
                  &Merchant::contract_start, &Merchant::contract_end, &Merchant::created_at,
                  &Merchant::updated_at>;
static_assert(MerchantRowFields::matches(kMerchantColumns));
using OfferFields =
    store::Fields<&Offer::id, &Offer::merchant_id, &Offer::title, &Offer::kind, &Offer::pay_percent,
                  &Offer::off_fen, &Offer::member_price_fen, &Offer::list_price_fen, &Offer::gift,
                  &Offer::terms, &Offer::valid_from, &Offer::valid_to, &Offer::withdrawn,
                  &Offer::updated_at>;
static_assert(OfferFields::matches(kOfferColumns));
using ProductFields =
    store::Fields<&Product::id, &Product::merchant_id, &Product::name, &Product::kind,
                  &Product::unit, &Product::unit_price_fen, &Product::origin,
                  &Product::season_months, &Product::withdrawn, &Product::updated_at>;
static_assert(ProductFields::matches(kProductColumns));

Offer offer_from(const store::Row& row) { return OfferFields::read(row); }
Product product_from(const store::Row& row) { return ProductFields::read(row); }

}  // namespace

Merchant internal::merchant_from(const store::Row& row) { return MerchantRowFields::read(row); }

namespace {

boost::json::object snapshot(const Merchant& m) {
  return {{"name", m.fields.name},         {"category", m.fields.category},
          {"platform", m.fields.platform}, {"address", m.fields.address},
          {"phone", m.fields.phone},       {"licence_no", m.fields.licence_no},
          {"suspended", m.suspended},      {"contract_end", m.contract_end}};
}

bool valid_contact_phone(std::string_view phone) {
  if (auth::valid_phone(phone)) {
    return true;
  }
  // Landlines such as 0571-88000000 or 400-800-8888.
  if (phone.size() < 7 || phone.size() > 20) {
    return false;
  }
  int digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '-') {
      return false;
    }
  }
  return digits >= 7 && phone.front() != '-' && phone.back() != '-';
}

bool in(std::string_view value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

Result<Merchant> load_merchant(store::Tx& tx, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string("SELECT ") + std::string(kMerchantColumns) +
                                           " FROM merchants WHERE id = ?",
                                       {id}));
  if (rows.empty()) {
    return Error::not_found("merchant");
  }
  return merchant_from(rows[0]);
}

constexpr std::string_view kSelectApplication =
    "SELECT id, org_id, name, category, address, lat_e6, lng_e6, contact_name, phone, "
    "licence_no, description, opening_hours, external_url, platform, photo_ids, status, reason, "
    "merchant_id, created_at, decided_at FROM merchant_applications WHERE id = ?";
using ApplicationFields =
    store::Fields<&Application::id, &Application::org_id, &Application::fields,
                  &Application::status, &Application::reason, &Application::merchant_id,
                  &Application::created_at, &Application::decided_at>;
static_assert(ApplicationFields::matches(kSelectApplication));

Result<Application> load_application(store::Tx& tx, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(kSelectApplication, {id}));
  if (rows.empty()) {
    return Error::not_found("application");
  }
  return ApplicationFields::read(rows[0]);
}

}  // namespace

void read_column(const store::Row& row, size_t& i, Location& out) {
  out.lat_e6 = row.integer(i++);
  out.lng_e6 = row.integer(i++);
}

void read_column(const store::Row& row, size_t& i, MerchantFields& out) {
  DetailFields::read_into(out, row, i);
  i += DetailFields::columns;
}

const std::vector<std::string>& categories() {
  static const std::vector<std::string> all = {"fresh_produce",  "orchard",       "farm", "dining",
                                               "daily_services", "culture_sport", "other"};
  return all;
}

bool valid_category(std::string_view category) {
  const auto& all = categories();
  return std::find(all.begin(), all.end(), category) != all.end();
}

std::string Merchant::status(int64_t now) const {
  if (suspended) return "suspended";
  if (contract_end <= now) return "expired";
  return "signed";
}

std::vector<store::Migration> migrations() {
  const std::string merchant_columns = R"sql(
  name TEXT NOT NULL, category TEXT NOT NULL, address TEXT NOT NULL,
  lat_e6 BIGINT NOT NULL, lng_e6 BIGINT NOT NULL, contact_name TEXT NOT NULL,
  phone TEXT NOT NULL, licence_no TEXT NOT NULL, description TEXT NOT NULL,
  opening_hours TEXT NOT NULL, external_url TEXT NOT NULL, photo_ids TEXT NOT NULL,)sql";
  return {{300, "merchants",
           "CREATE TABLE merchant_applications (id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL," +
               merchant_columns + R"sql(
  status TEXT NOT NULL, reason TEXT NOT NULL, merchant_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL, decided_at BIGINT NOT NULL);
CREATE INDEX merchant_applications_status ON merchant_applications (status, id);
CREATE TABLE merchants (id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL,)sql" +
               merchant_columns + R"sql(
  suspended INTEGER NOT NULL, contract_start BIGINT NOT NULL,
  contract_end BIGINT NOT NULL, created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL);
CREATE INDEX merchants_category ON merchants (category, id);
CREATE INDEX merchants_contract_end ON merchants (contract_end);
CREATE TABLE offers (id BIGINT PRIMARY KEY,
  merchant_id BIGINT NOT NULL REFERENCES merchants (id), title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('percent_off','member_price','gift')),
  pay_percent INTEGER NOT NULL, member_price_fen BIGINT NOT NULL,
  list_price_fen BIGINT NOT NULL, gift TEXT NOT NULL, terms TEXT NOT NULL,
  valid_from BIGINT NOT NULL, valid_to BIGINT NOT NULL,
  withdrawn INTEGER NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX offers_merchant ON offers (merchant_id);
CREATE TABLE products (id BIGINT PRIMARY KEY,
  merchant_id BIGINT NOT NULL REFERENCES merchants (id), name TEXT NOT NULL,
  kind TEXT NOT NULL, unit TEXT NOT NULL,
  unit_price_fen BIGINT NOT NULL CHECK (unit_price_fen >= 0),
  origin TEXT NOT NULL, season_months TEXT NOT NULL,
  withdrawn INTEGER NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX products_merchant ON products (merchant_id);
INSERT INTO settings (key, value) VALUES ('catalogue_version', '0');)sql",
           ""},
          // 立减: an amount off the bill, kept apart from a gift. SQLite cannot change a CHECK
          // constraint, so it copies the table into one with the new constraint.
          {301, "offer amounts off",
           R"sql(CREATE TABLE offers_new (id BIGINT PRIMARY KEY,
  merchant_id BIGINT NOT NULL REFERENCES merchants (id), title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('percent_off','amount_off','member_price','gift')),
  pay_percent INTEGER NOT NULL, off_fen BIGINT NOT NULL, member_price_fen BIGINT NOT NULL,
  list_price_fen BIGINT NOT NULL, gift TEXT NOT NULL, terms TEXT NOT NULL,
  valid_from BIGINT NOT NULL, valid_to BIGINT NOT NULL,
  withdrawn INTEGER NOT NULL, updated_at BIGINT NOT NULL);
INSERT INTO offers_new (id, merchant_id, title, kind, pay_percent, off_fen, member_price_fen,
  list_price_fen, gift, terms, valid_from, valid_to, withdrawn, updated_at)
  SELECT id, merchant_id, title, kind, pay_percent, 0, member_price_fen, list_price_fen, gift,
  terms, valid_from, valid_to, withdrawn, updated_at FROM offers;
DROP TABLE offers;
ALTER TABLE offers_new RENAME TO offers;
CREATE INDEX offers_merchant ON offers (merchant_id);)sql",
           R"sql(ALTER TABLE offers DROP CONSTRAINT offers_kind_check;
ALTER TABLE offers ADD CONSTRAINT offers_kind_check
  CHECK (kind IN ('percent_off','amount_off','member_price','gift'));
ALTER TABLE offers ADD COLUMN off_fen BIGINT NOT NULL DEFAULT 0;)sql"},
          // The platform a merchant is listed on (e.g. 海州采摘): where its produce is found.
          {302, "merchant platforms",
           R"sql(ALTER TABLE merchant_applications ADD COLUMN platform TEXT NOT NULL DEFAULT '';
ALTER TABLE merchants ADD COLUMN platform TEXT NOT NULL DEFAULT '';)sql",
           ""}};
}

Status validate(const MerchantFields& f) {
  if (f.name.empty()) return Error::invalid("name", "required", "name is required");
  if (!valid_category(f.category)) {
    return Error::invalid("category", "invalid_category",
                          "category must be one of fresh_produce, orchard, farm, dining, "
                          "daily_services, culture_sport, other");
  }
  if (f.address.empty()) return Error::invalid("address", "required", "address is required");
  if (f.location.lat_e6 < -90000000 || f.location.lat_e6 > 90000000) {
    return Error::invalid("lat", "out_of_range", "lat must be between -90 and 90");
  }
  if (f.location.lng_e6 < -180000000 || f.location.lng_e6 > 180000000) {
    return Error::invalid("lng", "out_of_range", "lng must be between -180 and 180");
  }
  if (f.contact_name.empty()) {
    return Error::invalid("contact_name", "required", "contact_name is required");
  }
  if (!valid_contact_phone(f.phone)) {
    return Error::invalid("phone", "invalid_phone",
                          "phone must be a mobile number or a landline such as 0571-88000000");
  }
  if (f.licence_no.size() < 6 || f.licence_no.size() > 30) {
    return Error::invalid("licence_no", "invalid_licence_no",
                          "licence_no must be 6 to 30 characters");
  }
  if (!f.external_url.empty() && f.external_url.rfind("https://", 0) != 0 &&
      f.external_url.rfind("http://", 0) != 0) {
    return Error::invalid("external_url", "invalid_url", "external_url must start with http(s)://");
  }
  if (json::count_code_points(f.platform) > 30) {
    return Error::invalid("platform", "too_long", "platform must be at most 30 characters");
  }
  if (f.photo_ids.size() > 9) {
    return Error::invalid("photo_ids", "too_many", "at most 9 photos");
  }
  return Status::Ok();
}

Status validate(const Offer& o) {
  if (o.title.empty()) return Error::invalid("title", "required", "title is required");
  switch (o.kind) {
    case OfferKind::kPercentOff:
      if (o.pay_percent < 1 || o.pay_percent > 99) {
        return Error::invalid("pay_percent", "out_of_range",
                              "pay_percent (what members pay) must be 1 to 99");
      }
      break;
    case OfferKind::kAmountOff:
      if (o.off_fen < 1) {
        return Error::invalid("off_fen", "out_of_range", "off_fen (the amount off) must be > 0");
      }
      break;
    case OfferKind::kMemberPrice:
      if (o.member_price_fen < 0) {
        return Error::invalid("member_price_fen", "out_of_range", "member_price_fen must be >= 0");
      }
      break;
    case OfferKind::kGift:
      if (o.gift.empty()) return Error::invalid("gift", "required", "gift is required");
      break;
  }
  if (o.valid_to <= o.valid_from) {
    return Error::invalid("valid_to", "invalid_period", "valid_to must be after valid_from");
  }
  return Status::Ok();
}

Status validate(const Product& p) {
  if (p.name.empty()) return Error::invalid("name", "required", "name is required");
  if (!in(p.kind, {"fruit", "vegetable", "grain", "meat_egg", "aquatic", "tea", "other"})) {
    return Error::invalid("kind", "invalid_kind",
                          "kind must be fruit, vegetable, grain, meat_egg, aquatic, tea or other");
  }
  if (!in(p.unit, {"斤", "箱", "份", "kg", "个", "袋", "盒", "篮"})) {
    return Error::invalid("unit", "invalid_unit", "unit must be 斤, 箱, 份, kg, 个, 袋, 盒 or 篮");
  }
  for (int month : p.season_months) {
    if (month < 1 || month > 12) {
      return Error::invalid("season_months", "out_of_range", "months are 1 to 12");
    }
  }
  return Status::Ok();
}

Status touch_catalogue(store::Tx& tx) {
  GH_TRY(
      tx.exec("UPDATE settings SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) "
              "WHERE key = 'catalogue_version'"));
  return Status::Ok();
}

Result<int64_t> catalogue_version(store::Tx& tx) {
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT value FROM settings WHERE key = 'catalogue_version'"));
  return rows.empty() ? int64_t{0} : rows[0].integer(0);
}

Result<Application> apply(store::Tx& tx, int64_t org_id, const MerchantFields& fields) {
  GH_TRY(validate(fields));
  if (org_id == 0) {
    GH_ASSIGN(org::Org root, org::root(tx));
    org_id = root.id;
  } else if (!org::get(tx, org_id).ok()) {
    return Error::invalid("org_id", "unknown_org", "no union has that id");
  }
  Application a;
  a.id = new_id();
  a.org_id = org_id;
  a.fields = fields;
  a.status = "pending";
  a.created_at = Timestamp::now().ms;
  store::Params params{a.id, a.org_id};
  for (auto& value : field_params(fields)) params.push_back(std::move(value));
  params.push_back(a.created_at);
  GH_TRY(
      tx.exec("INSERT INTO merchant_applications (id, org_id, name, category, address, lat_e6, "
              "lng_e6, contact_name, phone, licence_no, description, opening_hours, "
              "external_url, platform, photo_ids, status, reason, merchant_id, created_at, "
              "decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', '', 0, "
              "?, 0)",
              params));
  return a;
}

Result<std::vector<Application>> list_applications(store::Tx& tx, const Principal& admin,
                                                   const std::string& status) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  const org::PathRange range = org::range_of(scope.path);
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT a.id FROM merchant_applications a JOIN orgs o ON o.id = a.org_id "
                     "WHERE o.path >= ? AND o.path < ? AND a.status = ? ORDER BY a.id DESC "
                     "LIMIT 200",
                     {range.lower, range.upper, status}));
  std::vector<Application> out;
  for (const auto& row : rows) {
    GH_ASSIGN(Application a, load_application(tx, row.integer(0)));
    out.push_back(std::move(a));
  }
  return out;
}

Result<Merchant> approve(store::Tx& tx, const Principal& admin, int64_t application_id,
                         int64_t contract_start, int64_t contract_end) {
  GH_ASSIGN(Application a, load_application(tx, application_id));
  GH_TRY(org::require_in_scope(tx, admin, a.org_id));
  if (a.status != "pending") {
    return Error::conflict("already_decided", "this application was already " + a.status);
  }
  if (contract_end <= contract_start) {
    return Error::invalid("contract_end", "invalid_period",
                          "contract_end must be after contract_start");
  }
  Merchant m;
  m.id = new_id();
  m.org_id = a.org_id;
  m.fields = a.fields;
  m.contract_start = contract_start;
  m.contract_end = contract_end;
  m.created_at = m.updated_at = Timestamp::now().ms;
  store::Params params{m.id, m.org_id};
  for (auto& value : field_params(m.fields)) params.push_back(std::move(value));
  params.insert(params.end(), {m.contract_start, m.contract_end, m.created_at, m.updated_at});
  GH_TRY(
      tx.exec("INSERT INTO merchants (id, org_id, name, category, address, lat_e6, lng_e6, "
              "contact_name, phone, licence_no, description, opening_hours, external_url, "
              "platform, photo_ids, suspended, contract_start, contract_end, created_at, "
              "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
              params));
  GH_TRY(
      tx.exec("UPDATE merchant_applications SET status = 'approved', merchant_id = ?, "
              "decided_at = ? WHERE id = ?",
              {m.id, m.created_at, a.id}));
  GH_TRY(touch_catalogue(tx));
  GH_TRY(message::post_to_phone(tx, a.fields.phone, "application_status", "商户入驻申请已通过",
                                "您为「" + a.fields.name + "」提交的入驻申请已通过。", "",
                                "merchant_application:" + std::to_string(a.id)));
  GH_TRY(audit::record(tx, admin, "merchant.approve", "merchant", std::to_string(m.id), m.org_id,
                       nullptr, snapshot(m)));
  return m;
}

Result<Application> reject(store::Tx& tx, const Principal& admin, int64_t application_id,
                           const std::string& reason) {
  GH_ASSIGN(Application a, load_application(tx, application_id));
  GH_TRY(org::require_in_scope(tx, admin, a.org_id));
  if (a.status != "pending") {
    return Error::conflict("already_decided", "this application was already " + a.status);
  }
  if (reason.empty()) {
    return Error::invalid("reason", "required", "say why the application is rejected");
  }
  a.status = "rejected";
  a.reason = reason;
  a.decided_at = Timestamp::now().ms;
  GH_TRY(
      tx.exec("UPDATE merchant_applications SET status = 'rejected', reason = ?, "
              "decided_at = ? WHERE id = ?",
              {reason, a.decided_at, a.id}));
  GH_TRY(message::post_to_phone(tx, a.fields.phone, "application_status", "商户入驻申请未通过",
                                "您为「" + a.fields.name + "」提交的入驻申请未通过：" + reason, "",
                                "merchant_application:" + std::to_string(a.id)));
  GH_TRY(audit::record(tx, admin, "merchant.reject", "merchant_application", std::to_string(a.id),
                       a.org_id, nullptr,
                       boost::json::object{{"name", a.fields.name}, {"reason", reason}}));
  return a;
}

Result<Merchant> get(store::Tx& tx, int64_t id) { return load_merchant(tx, id); }

Status require_manager(store::Tx& tx, const Principal& principal, const Merchant& merchant) {
  for (const RoleGrant& grant : principal.roles) {
    if (grant.role == Role::kMerchantStaff && grant.merchant_id == merchant.id) {
      return Status::Ok();
    }
  }
  if (principal.has(Role::kPlatformAdmin) || principal.has(Role::kOrgAdmin)) {
    if (org::require_in_scope(tx, principal, merchant.org_id).ok()) {
      return Status::Ok();
    }
  }
  return Error::forbidden("you may only manage your own merchant");
}

Result<Merchant> require_available_to(store::Tx& tx, int64_t id, const org::Org& organiser,
                                      int64_t now, std::string_view field) {
  auto found = get(tx, id);
  if (!found.ok()) {
    if (found.error().kind == ErrorKind::kNotFound) {
      return Error::invalid(std::string(field), "unknown_merchant", "no merchant has that id");
    }
    return std::move(found).error();
  }
  if (found->suspended || found->contract_start > now || found->contract_end <= now) {
    return Error::invalid(std::string(field), "merchant_not_in_force",
                          found->fields.name + " is suspended or not in contract");
  }
  GH_ASSIGN(org::Org signer, org::get(tx, found->org_id));
  const bool above = organiser.path.rfind(signer.path, 0) == 0;
  const bool under = signer.path.rfind(organiser.path, 0) == 0;
  if (!above && !under) {
    return Error::invalid(std::string(field), "merchant_out_of_scope",
                          found->fields.name + " is signed by a union outside the organiser's");
  }
  return std::move(found).value();
}

Result<Merchant> update(store::Tx& tx, const Principal& principal, int64_t id,
                        const MerchantFields& fields) {
  GH_ASSIGN(Merchant m, load_merchant(tx, id));
  GH_TRY(require_manager(tx, principal, m));
  const bool admin = principal.has(Role::kPlatformAdmin) || principal.has(Role::kOrgAdmin);
  MerchantFields next = fields;
  if (!admin) {
    // Name, category and licence are part of the signed contract.
    next.name = m.fields.name;
    next.category = m.fields.category;
    next.licence_no = m.fields.licence_no;
  }
  GH_TRY(validate(next));
  const Merchant before = m;
  m.fields = next;
  m.updated_at = Timestamp::now().ms;
  store::Params params = field_params(m.fields);
  params.push_back(m.updated_at);
  params.push_back(m.id);
  GH_TRY(
      tx.exec("UPDATE merchants SET name = ?, category = ?, address = ?, lat_e6 = ?, "
              "lng_e6 = ?, contact_name = ?, phone = ?, licence_no = ?, description = ?, "
              "opening_hours = ?, external_url = ?, platform = ?, photo_ids = ?, updated_at = ? "
              "WHERE id = ?",
              params));
  GH_TRY(touch_catalogue(tx));
  GH_TRY(audit::record(tx, principal, "merchant.update", "merchant", std::to_string(m.id), m.org_id,
                       snapshot(before), snapshot(m)));
  return m;
}

Result<Merchant> set_suspended(store::Tx& tx, const Principal& admin, int64_t id, bool suspended) {
  GH_ASSIGN(Merchant m, load_merchant(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, m.org_id));
  const Merchant before = m;
  m.suspended = suspended;
  m.updated_at = Timestamp::now().ms;
  GH_TRY(tx.exec("UPDATE merchants SET suspended = ?, updated_at = ? WHERE id = ?",
                 {int64_t{suspended ? 1 : 0}, m.updated_at, m.id}));
  GH_TRY(touch_catalogue(tx));
  GH_TRY(audit::record(tx, admin, suspended ? "merchant.suspend" : "merchant.reinstate", "merchant",
                       std::to_string(m.id), m.org_id, snapshot(before), snapshot(m)));
  return m;
}

Result<Merchant> renew(store::Tx& tx, const Principal& admin, int64_t id, int64_t contract_end) {
  GH_ASSIGN(Merchant m, load_merchant(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, m.org_id));
  if (contract_end <= m.contract_start) {
    return Error::invalid("contract_end", "invalid_period",
                          "contract_end must be after the contract start");
  }
  const Merchant before = m;
  m.contract_end = contract_end;
  m.updated_at = Timestamp::now().ms;
  GH_TRY(tx.exec("UPDATE merchants SET contract_end = ?, updated_at = ? WHERE id = ?",
                 {m.contract_end, m.updated_at, m.id}));
  GH_TRY(touch_catalogue(tx));
  GH_TRY(audit::record(tx, admin, "merchant.renew", "merchant", std::to_string(m.id), m.org_id,
                       snapshot(before), snapshot(m)));
  return m;
}

Result<std::vector<Merchant>> expiring(store::Tx& tx, const Principal& admin, int64_t days) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  const org::PathRange range = org::range_of(scope.path);
  const int64_t now = Timestamp::now().ms;
  GH_ASSIGN(store::Rows rows,
            tx.query(std::string("SELECT m.id FROM merchants m JOIN orgs o ON o.id = m.org_id "
                                 "WHERE o.path >= ? AND o.path < ? AND m.suspended = 0 AND "
                                 "m.contract_end > ? AND m.contract_end <= ? "
                                 "ORDER BY m.contract_end"),
                     {range.lower, range.upper, now, now + days * 86400000}));
  std::vector<Merchant> out;
  for (const auto& row : rows) {
    GH_ASSIGN(Merchant m, load_merchant(tx, row.integer(0)));
    out.push_back(std::move(m));
  }
  return out;
}

Result<access::Issued> add_staff(store::Tx& tx, const Principal& admin, int64_t merchant_id,
                                 const std::string& phone, const std::string& name) {
  GH_ASSIGN(Merchant m, load_merchant(tx, merchant_id));
  GH_TRY(org::require_in_scope(tx, admin, m.org_id));
  if (!auth::valid_phone(phone)) {
    return Error::invalid("phone", "invalid_phone", "not a mainland mobile number");
  }
  auto existing = auth::find_account_by_phone(tx, phone);
  if (existing.ok()) {
    GH_ASSIGN(store::Rows held,
              tx.query("SELECT 1 FROM account_roles WHERE account_id = ? AND role = ? AND "
                       "merchant_id = ?",
                       {existing->id, std::string(enum_name(Role::kMerchantStaff)), m.id}));
    if (!held.empty()) {
      return Error::conflict("already_staff", "this number is staff of this merchant already",
                             "phone");
    }
  } else if (name.empty()) {
    return Error::invalid("name", "required", "name is required");
  }
  access::Invitation invitation;
  invitation.phone = phone;
  invitation.name = existing.ok() ? existing->name : name;
  invitation.role = Role::kMerchantStaff;
  invitation.org_id = m.org_id;
  invitation.merchant_id = m.id;
  GH_ASSIGN(access::Issued issued,
            access::issue(tx, admin, std::move(invitation), access::kInvitationTtl));
  GH_TRY(audit::record(tx, admin, "merchant.invite_staff", "merchant", std::to_string(merchant_id),
                       m.org_id, nullptr,
                       boost::json::object{{"phone", phone},
                                           {"merchant", m.fields.name},
                                           {"invitation_id", std::to_string(issued.invitation.id)},
                                           {"expires_at", issued.invitation.expires_at}}));
  return issued;
}

Result<MerchantPage> browse(store::Tx& tx, const Browse& query) {
  const int64_t now = Timestamp::now().ms;
  std::string sql = std::string("SELECT ") + std::string(kMerchantColumns) +
                    " FROM merchants WHERE suspended = 0 AND contract_start <= ? AND "
                    "contract_end > ?";
  store::Params params{now, now};
  if (!query.category.empty()) {
    sql += " AND category = ?";
    params.emplace_back(query.category);
  }
  if (!query.only_ids.empty()) {
    std::string marks;
    for (int64_t id : query.only_ids) {
      marks += marks.empty() ? "?" : ",?";
      params.emplace_back(id);
    }
    sql += " AND id IN (" + marks + ")";
  }
  sql += " ORDER BY id";
  GH_ASSIGN(store::Rows rows, tx.query(sql, params));
  std::vector<Merchant> all;
  all.reserve(rows.size());
  for (const auto& row : rows) all.push_back(merchant_from(row));
  std::vector<int64_t> distances;
  if (query.near) {
    std::vector<std::pair<int64_t, size_t>> order;
    for (size_t i = 0; i < all.size(); ++i) {
      order.emplace_back(distance_m(*query.near, all[i].fields.location), i);
    }
    std::stable_sort(order.begin(), order.end());
    std::vector<Merchant> sorted;
    for (auto& [d, i] : order) {
      sorted.push_back(std::move(all[i]));
      distances.push_back(d);
    }
    all = std::move(sorted);
  } else if (!query.only_ids.empty()) {
    // Keep the search ranking.
    std::unordered_map<int64_t, size_t> rank;
    for (size_t i = 0; i < query.only_ids.size(); ++i) rank.emplace(query.only_ids[i], i);
    std::stable_sort(all.begin(), all.end(), [&rank](const Merchant& a, const Merchant& b) {
      return rank[a.id] < rank[b.id];
    });
  }
  MerchantPage page;
  for (int64_t i = query.offset; i < static_cast<int64_t>(all.size()) &&
                                 static_cast<int64_t>(page.items.size()) < query.limit;
       ++i) {
    page.items.push_back(all[static_cast<size_t>(i)]);
    if (query.near) page.distance_m.push_back(distances[static_cast<size_t>(i)]);
  }
  if (query.offset + query.limit < static_cast<int64_t>(all.size())) {
    page.next_offset = query.offset + query.limit;
  }
  return page;
}

Result<std::vector<Offer>> offers_of(store::Tx& tx, int64_t merchant_id, bool include_withdrawn) {
  GH_ASSIGN(store::Rows rows,
            tx.query(std::string("SELECT ") + std::string(kOfferColumns) +
                         " FROM offers WHERE merchant_id = ?" +
                         (include_withdrawn ? "" : " AND withdrawn = 0") + " ORDER BY id",
                     {merchant_id}));
  std::vector<Offer> out;
  for (const auto& row : rows) out.push_back(offer_from(row));
  return out;
}

Result<std::vector<Product>> products_of(store::Tx& tx, int64_t merchant_id,
                                         bool include_withdrawn) {
  GH_ASSIGN(store::Rows rows,
            tx.query(std::string("SELECT ") + std::string(kProductColumns) +
                         " FROM products WHERE merchant_id = ?" +
                         (include_withdrawn ? "" : " AND withdrawn = 0") + " ORDER BY id",
                     {merchant_id}));
  std::vector<Product> out;
  for (const auto& row : rows) out.push_back(product_from(row));
  return out;
}

Result<Offer> get_offer(store::Tx& tx, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string("SELECT ") + std::string(kOfferColumns) +
                                           " FROM offers WHERE id = ?",
                                       {id}));
  if (rows.empty()) return Error::not_found("offer");
  return offer_from(rows[0]);
}

Result<Product> get_product(store::Tx& tx, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string("SELECT ") + std::string(kProductColumns) +
                                           " FROM products WHERE id = ?",
                                       {id}));
  if (rows.empty()) return Error::not_found("product");
  return product_from(rows[0]);
}

Result<Offer> save_offer(store::Tx& tx, const Principal& principal, Offer offer) {
  GH_TRY(validate(offer));
  boost::json::value before = nullptr;
  if (offer.id != 0) {
    GH_ASSIGN(Offer existing, get_offer(tx, offer.id));
    offer.merchant_id = existing.merchant_id;
    before = boost::json::object{{"title", existing.title}, {"terms", existing.terms}};
  }
  GH_ASSIGN(Merchant m, load_merchant(tx, offer.merchant_id));
  GH_TRY(require_manager(tx, principal, m));
  offer.updated_at = Timestamp::now().ms;
  store::Params params{offer.title,
                       std::string(enum_name(offer.kind)),
                       offer.pay_percent,
                       offer.off_fen,
                       offer.member_price_fen,
                       offer.list_price_fen,
                       offer.gift,
                       offer.terms,
                       offer.valid_from,
                       offer.valid_to,
                       int64_t{offer.withdrawn ? 1 : 0},
                       offer.updated_at};
  if (before.is_null()) {
    offer.id = new_id();
    params.insert(params.begin(), {offer.id, offer.merchant_id});
    GH_TRY(
        tx.exec("INSERT INTO offers (id, merchant_id, title, kind, pay_percent, off_fen, "
                "member_price_fen, list_price_fen, gift, terms, valid_from, valid_to, "
                "withdrawn, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                params));
  } else {
    params.push_back(offer.id);
    GH_TRY(
        tx.exec("UPDATE offers SET title = ?, kind = ?, pay_percent = ?, off_fen = ?, "
                "member_price_fen = ?, "
                "list_price_fen = ?, gift = ?, terms = ?, valid_from = ?, valid_to = ?, "
                "withdrawn = ?, updated_at = ? WHERE id = ?",
                params));
  }
  GH_TRY(touch_catalogue(tx));
  GH_TRY(audit::record(tx, principal, before.is_null() ? "offer.create" : "offer.update", "offer",
                       std::to_string(offer.id), m.org_id, before,
                       boost::json::object{{"title", offer.title}, {"terms", offer.terms}}));
  return offer;
}

Result<Product> save_product(store::Tx& tx, const Principal& principal, Product product) {
  GH_TRY(validate(product));
  boost::json::value before = nullptr;
  if (product.id != 0) {
    GH_ASSIGN(Product existing, get_product(tx, product.id));
    product.merchant_id = existing.merchant_id;
    before =
        boost::json::object{{"name", existing.name}, {"unit_price_fen", existing.unit_price_fen}};
  }
  GH_ASSIGN(Merchant m, load_merchant(tx, product.merchant_id));
  GH_TRY(require_manager(tx, principal, m));
  product.updated_at = Timestamp::now().ms;
  std::vector<int64_t> months(product.season_months.begin(), product.season_months.end());
  store::Params params{product.name,
                       product.kind,
                       product.unit,
                       product.unit_price_fen,
                       product.origin,
                       store::join_ids(months),
                       int64_t{product.withdrawn ? 1 : 0},
                       product.updated_at};
  if (before.is_null()) {
    product.id = new_id();
    params.insert(params.begin(), {product.id, product.merchant_id});
    GH_TRY(
        tx.exec("INSERT INTO products (id, merchant_id, name, kind, unit, unit_price_fen, "
                "origin, season_months, withdrawn, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                params));
  } else {
    params.push_back(product.id);
    GH_TRY(
        tx.exec("UPDATE products SET name = ?, kind = ?, unit = ?, unit_price_fen = ?, "
                "origin = ?, season_months = ?, withdrawn = ?, updated_at = ? WHERE id = ?",
                params));
  }
  GH_TRY(touch_catalogue(tx));
  GH_TRY(audit::record(
      tx, principal, before.is_null() ? "product.create" : "product.update", "product",
      std::to_string(product.id), m.org_id, before,
      boost::json::object{{"name", product.name}, {"unit_price_fen", product.unit_price_fen}}));
  return product;
}

int64_t distance_m(const Location& a, const Location& b) {
  constexpr double kEarthRadiusM = 6371008.8;
  const double to_rad = std::numbers::pi / 180.0 / 1e6;
  const double lat1 = static_cast<double>(a.lat_e6) * to_rad;
  const double lat2 = static_cast<double>(b.lat_e6) * to_rad;
  const double dlat = lat2 - lat1;
  const double dlng = static_cast<double>(b.lng_e6 - a.lng_e6) * to_rad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1) * std::cos(lat2) * std::sin(dlng / 2) * std::sin(dlng / 2);
  return static_cast<int64_t>(std::llround(2 * kEarthRadiusM * std::asin(std::sqrt(h))));
}

}  // namespace gonghui::merchant
