// 电子会员卡: a member proves membership with a QR code that changes every minute. The code
// carries a signed token (Ed25519, the server's voucher-signing key) that merchant staff check
// offline or through the server, and against which they record a use of one of their offers
// (优惠购), once per token and offer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::card {

// Table offer_uses (versions 820-829).
std::vector<store::Migration> migrations();

// A token belongs to a minute window (UTC ms / 60000) and expires two minutes after the
// window opens: a code shown until the end of its minute stays good for one more minute.
inline constexpr int64_t kWindowMs = 60'000;
inline constexpr int64_t kLifetimeMs = 2 * kWindowMs;

// "card.<member id>.<window>.<expires_at ms>.<signature base64url>". The "card" prefix keeps
// a voucher token from passing as a card token and the other way round.
std::string card_token(const std::string& sign_secret, int64_t member_id, int64_t now);

struct CardClaims {
  int64_t member_id = 0;
  int64_t window = 0;
  int64_t expires_at = 0;
};
// Checks the signature and the shape only (not the time); InvalidArgument invalid_token
// (field "token") if it is not genuine.
Result<CardClaims> check_card_token(const std::string& sign_public, std::string_view token);

struct Card {
  int64_t member_id = 0;
  std::string name;
  std::string org_name;
  std::string card_no;
  std::string token;
  int64_t expires_at = 0;
  int64_t refresh_at = 0;  // when the next window opens: show a new code then
};
// The member's own card with a token for the window holding `now`. NotFound for an unknown
// member; Forbidden member_inactive for a frozen member or one who has left.
Result<Card> member_card(store::Tx& tx, int64_t member_id, int64_t now);

// valid: genuine, current, the member active; expired: genuine but past its expiry;
// invalid: genuine, but the member is frozen or has left.
enum class CardStatus { kValid, kExpired, kInvalid };
inline constexpr EnumNames<CardStatus, 3> kCardStatusNames{{"valid", "expired", "invalid"},
                                                           CardStatus::kInvalid};
constexpr const auto& enum_names(CardStatus) { return kCardStatusNames; }

struct MemberCheck {
  CardStatus status = CardStatus::kInvalid;
  std::string masked_name;  // 陈*梅: staff never see the whole name
  std::string org_name;
  int64_t expires_at = 0;
};
// Merchant staff check a card token. Forbidden for callers who are not merchant staff;
// InvalidArgument invalid_token (field "token") for a token that is not genuine or names no
// member.
Result<MemberCheck> check_member(store::Tx& tx, const Principal& staff, std::string_view token,
                                 int64_t now);

struct OfferUse {
  int64_t id = 0;
  int64_t offer_id = 0;
  std::string offer_title;
  int64_t merchant_id = 0;
  int64_t member_id = 0;
  std::string masked_name;
  std::string org_name;
  std::string recorded_by;  // the staff member's name
  int64_t used_at = 0;
  bool created = false;  // false: this token and offer were recorded before
};
// Staff of the offer's merchant record that the card's member used the offer. Idempotent per
// token and offer: a repeat answers the first record with created false. Errors, nothing
// written: Forbidden for callers who are not merchant staff; invalid_token (400, "token");
// Conflict card_expired, member_inactive; NotFound offer; Forbidden wrong_merchant for another
// merchant's offer; Conflict offer_not_current for a withdrawn offer or one outside its dates.
Result<OfferUse> record_offer_use(store::Tx& tx, const Principal& staff, std::string_view token,
                                  int64_t offer_id, int64_t now);

}  // namespace gonghui::card
