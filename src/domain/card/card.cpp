// The membership card: its minute tokens, the staff check and the offer uses recorded
// against a token.
#include "domain/card/card.hpp"

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/mask.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/member/member.hpp"
#include "store/columns.hpp"

namespace gonghui::card {
namespace {

// The member behind a card, with the union they belong to.
struct Holder {
  int64_t id = 0;
  std::string name;
  std::string org_name;
  std::string card_no;
  member::MemberStatus status = member::MemberStatus::kActive;
};
constexpr std::string_view kSelectHolder =
    "SELECT m.id, m.name, o.name, m.card_no, m.status FROM members m "
    "JOIN orgs o ON o.id = m.org_id WHERE m.id = ?";
using HolderFields =
    store::Fields<&Holder::id, &Holder::name, &Holder::org_name, &Holder::card_no, &Holder::status>;
static_assert(HolderFields::matches(kSelectHolder));

Result<Holder> load_holder(store::Tx& tx, int64_t member_id) {
  GH_ASSIGN(store::Rows rows, tx.query(kSelectHolder, {member_id}));
  if (rows.empty()) {
    return Error::not_found("member");
  }
  return HolderFields::read(rows[0]);
}

constexpr std::string_view kSelectUse =
    "SELECT u.id, u.offer_id, f.title, u.merchant_id, u.member_id, m.name, o.name, "
    "u.recorded_by_name, u.used_at FROM offer_uses u JOIN offers f ON f.id = u.offer_id "
    "JOIN members m ON m.id = u.member_id JOIN orgs o ON o.id = u.org_id "
    "WHERE u.offer_id = ? AND u.token = ?";
using UseFields =
    store::Fields<&OfferUse::id, &OfferUse::offer_id, &OfferUse::offer_title,
                  &OfferUse::merchant_id, &OfferUse::member_id, &OfferUse::masked_name,
                  &OfferUse::org_name, &OfferUse::recorded_by, &OfferUse::used_at>;
static_assert(UseFields::matches(kSelectUse));

const RoleGrant* staff_grant(const Principal& staff) { return staff.grant(Role::kMerchantStaff); }

// The member of a genuine token, checked to be current and active.
Result<Holder> current_holder(store::Tx& tx, const CardClaims& claims, int64_t now) {
  if (claims.expires_at <= now) {
    return Error::conflict("card_expired", "this membership code has expired; ask for a new one",
                           "token");
  }
  Result<Holder> holder = load_holder(tx, claims.member_id);
  if (!holder.ok()) {
    return Error::invalid("token", "invalid_token", "the membership code names no member");
  }
  if (holder->status != member::MemberStatus::kActive) {
    return Error::conflict("member_inactive", "this member is frozen or has left the union",
                           "token");
  }
  return holder;
}

}  // namespace

std::vector<store::Migration> migrations() {
  // One row per use; (offer_id, token) makes a repeated record of the same code a no-op.
  // org_id is the member's union when the use was recorded, which the impact report counts.
  return {{820, "offer uses",
           R"sql(CREATE TABLE offer_uses (id BIGINT PRIMARY KEY,
  offer_id BIGINT NOT NULL REFERENCES offers (id), merchant_id BIGINT NOT NULL,
  member_id BIGINT NOT NULL REFERENCES members (id), org_id BIGINT NOT NULL,
  token TEXT NOT NULL, recorded_by BIGINT NOT NULL, recorded_by_name TEXT NOT NULL,
  used_at BIGINT NOT NULL, UNIQUE (offer_id, token));
CREATE INDEX offer_uses_org ON offer_uses (org_id, used_at);
CREATE INDEX offer_uses_used ON offer_uses (used_at, id);)sql",
           ""}};
}

std::string card_token(const std::string& sign_secret, int64_t member_id, int64_t now) {
  const int64_t window = now / kWindowMs;
  const std::string payload = "card." + std::to_string(member_id) + "." + std::to_string(window) +
                              "." + std::to_string(window * kWindowMs + kLifetimeMs);
  return payload + "." + crypto::base64url(crypto::sign(sign_secret, payload));
}

Result<CardClaims> check_card_token(const std::string& sign_public, std::string_view token) {
  const Error bad = Error::invalid("token", "invalid_token", "the membership code is not genuine");
  const size_t dot = token.rfind('.');
  std::string signature;
  if (token.size() > 400 || dot == std::string_view::npos ||
      !crypto::unbase64url(token.substr(dot + 1), signature) ||
      !crypto::verify_signature(sign_public, token.substr(0, dot), signature)) {
    return bad;
  }
  std::vector<std::string> parts;
  std::string_view rest = token.substr(0, dot);
  for (size_t at; (at = rest.find('.')) != std::string_view::npos; rest.remove_prefix(at + 1)) {
    parts.emplace_back(rest.substr(0, at));
  }
  parts.emplace_back(rest);
  if (parts.size() != 4 || parts[0] != "card") {
    return bad;
  }
  CardClaims claims;
  try {
    claims.member_id = std::stoll(parts[1]);
    claims.window = std::stoll(parts[2]);
    claims.expires_at = std::stoll(parts[3]);
  } catch (...) {
    return bad;
  }
  // Signed by this server, so well formed; the lifetime is checked all the same.
  if (claims.expires_at != claims.window * kWindowMs + kLifetimeMs) {
    return bad;
  }
  return claims;
}

Result<Card> member_card(store::Tx& tx, int64_t member_id, int64_t now) {
  GH_ASSIGN(Holder holder, load_holder(tx, member_id));
  if (holder.status != member::MemberStatus::kActive) {
    return Error{ErrorKind::kForbidden,
                 "member_inactive",
                 "a frozen member or one who has left has no card",
                 {}};
  }
  GH_ASSIGN(campaign::ServerKeys keys, campaign::server_keys(tx));
  Card card;
  card.member_id = holder.id;
  card.name = std::move(holder.name);
  card.org_name = std::move(holder.org_name);
  card.card_no = std::move(holder.card_no);
  card.token = card_token(keys.sign_secret, member_id, now);
  card.refresh_at = (now / kWindowMs + 1) * kWindowMs;
  card.expires_at = (now / kWindowMs) * kWindowMs + kLifetimeMs;
  return card;
}

Result<MemberCheck> check_member(store::Tx& tx, const Principal& staff, std::string_view token,
                                 int64_t now) {
  if (staff_grant(staff) == nullptr) {
    return Error::forbidden("only merchant staff check membership cards");
  }
  GH_ASSIGN(campaign::ServerKeys keys, campaign::server_keys(tx));
  GH_ASSIGN(CardClaims claims, check_card_token(keys.sign_public, token));
  Result<Holder> holder = load_holder(tx, claims.member_id);
  if (!holder.ok()) {
    return Error::invalid("token", "invalid_token", "the membership code names no member");
  }
  MemberCheck out;
  out.masked_name = mask_name(holder->name);
  out.org_name = holder->org_name;
  out.expires_at = claims.expires_at;
  out.status = holder->status != member::MemberStatus::kActive ? CardStatus::kInvalid
               : claims.expires_at <= now                      ? CardStatus::kExpired
                                                               : CardStatus::kValid;
  return out;
}

Result<OfferUse> record_offer_use(store::Tx& tx, const Principal& staff, std::string_view token,
                                  int64_t offer_id, int64_t now) {
  const RoleGrant* grant = staff_grant(staff);
  if (grant == nullptr) {
    return Error::forbidden("only merchant staff record offer uses");
  }
  GH_ASSIGN(campaign::ServerKeys keys, campaign::server_keys(tx));
  GH_ASSIGN(CardClaims claims, check_card_token(keys.sign_public, token));
  // A repeat (a lost answer retried, a second tap) answers the first record, even once the
  // code has expired.
  GH_ASSIGN(store::Rows earlier, tx.query(kSelectUse, {offer_id, std::string(token)}));
  if (!earlier.empty() && earlier[0].integer(3) == grant->merchant_id) {
    OfferUse use = UseFields::read(earlier[0]);
    use.masked_name = mask_name(use.masked_name);
    return use;
  }
  GH_ASSIGN(Holder holder, current_holder(tx, claims, now));
  GH_ASSIGN(store::Rows offers,
            tx.query("SELECT merchant_id, withdrawn, valid_from, valid_to FROM offers "
                     "WHERE id = ?",
                     {offer_id}));
  if (offers.empty()) {
    return Error::not_found("offer");
  }
  if (offers[0].integer(0) != grant->merchant_id) {
    return Error{ErrorKind::kForbidden, "wrong_merchant", "this offer is another merchant's", {}};
  }
  if (offers[0].integer(1) != 0 || offers[0].integer(2) > now || offers[0].integer(3) <= now) {
    return Error::conflict("offer_not_current", "this offer is withdrawn or not in its dates",
                           "offer_id");
  }
  GH_ASSIGN(store::Rows org, tx.query("SELECT org_id FROM members WHERE id = ?", {holder.id}));
  // Only the first record of a token and offer inserts; a repeat reads it back.
  GH_ASSIGN(int64_t inserted,
            tx.exec("INSERT INTO offer_uses (id, offer_id, merchant_id, member_id, org_id, token, "
                    "recorded_by, recorded_by_name, used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (offer_id, token) DO NOTHING",
                    {new_id(), offer_id, grant->merchant_id, holder.id, org[0].integer(0),
                     std::string(token), staff.account_id, staff.name, now}));
  GH_ASSIGN(store::Rows rows, tx.query(kSelectUse, {offer_id, std::string(token)}));
  if (rows.empty()) {
    return Error::internal("the offer use was not recorded");
  }
  OfferUse use = UseFields::read(rows[0]);
  use.masked_name = mask_name(use.masked_name);
  use.created = inserted == 1;
  return use;
}

}  // namespace gonghui::card
