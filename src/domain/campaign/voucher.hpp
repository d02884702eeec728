// Vouchers (兑换券): what a member wins, claims or is given. A short human code and a signed
// token (Ed25519) that merchant staff can check offline; redeemed (核销) exactly once, only
// at the merchant named on it, before it expires.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"

namespace gonghui::campaign {

// Stored: issued, redeemed, or void (its campaign was cancelled). Shown: an issued voucher past
// its expiry is expired.
enum class VoucherStatus { kIssued, kRedeemed, kVoid, kExpired };
inline constexpr EnumNames<VoucherStatus, 4> kVoucherStatusNames{
    {"issued", "redeemed", "void", "expired"}, VoucherStatus::kIssued};
constexpr const auto& enum_names(VoucherStatus) { return kVoucherStatusNames; }

struct Voucher {
  int64_t id = 0;
  std::string code;  // 10 characters from an unambiguous alphabet
  int64_t campaign_id = 0;
  std::string campaign_title;
  int64_t prize_id = 0;
  std::string prize_name;
  int64_t tier = 0;
  int64_t member_id = 0;
  int64_t entry_id = 0;
  int64_t merchant_id = 0;
  int64_t expires_at = 0;
  VoucherStatus stored_status = VoucherStatus::kIssued;  // issued, redeemed or void
  int64_t redeemed_at = 0;
  std::string redeemed_by;  // the staff member's name
  int64_t created_at = 0;
  std::string member_name;     // whom it was issued to
  int64_t slot_starts_at = 0;  // a booking's slot; 0 for other vouchers
  int64_t slot_ends_at = 0;
  std::string token;  // signed; filled when read with keys
  // The stored status, except that an issued voucher past its expiry is expired.
  VoucherStatus status(int64_t now) const;
};

// Issues a voucher inside the caller's transaction.
struct VoucherGrant {
  int64_t campaign_id = 0;
  int64_t prize_id = 0;
  int64_t member_id = 0;
  int64_t entry_id = 0;
  int64_t merchant_id = 0;
  int64_t expires_at = 0;
};
Result<Voucher> issue_voucher(store::Tx& tx, const VoucherGrant& grant);

// The signed token: "<id>.<code>.<merchant id>.<expires_at ms>.<signature base64url>".
std::string voucher_token(const std::string& sign_secret, const Voucher& v);
// Checks the signature; InvalidArgument invalid_token (field "token") if it is bad.
struct TokenClaims {
  int64_t voucher_id = 0;
  std::string code;
  int64_t merchant_id = 0;
  int64_t expires_at = 0;
};
Result<TokenClaims> check_token(const std::string& sign_public, std::string_view token);

// The member's vouchers, newest first, with tokens.
Result<std::vector<Voucher>> member_vouchers(store::Tx& tx, int64_t member_id);
// One voucher of the member (NotFound for another member's).
Result<Voucher> member_voucher(store::Tx& tx, int64_t member_id, int64_t voucher_id);

// The voucher a signed token names (InvalidArgument invalid_token naming "token" if its
// signature is bad) or, without a token, the one with that code (spaces and dashes ignored);
// NotFound if there is none. The caller decides who may redeem it.
Result<Voucher> find_voucher(store::Tx& tx, std::string_view code, std::string_view token);
// Redeems a voucher found by find_voucher, by `redeemer` (recorded by account and name):
// Conflict voucher_void, voucher_expired, or already_redeemed (saying when and by whom) if
// another redemption came first.
Result<Voucher> redeem_found(store::Tx& tx, const Principal& redeemer, const Voucher& found,
                             int64_t now);
// Merchant staff redeem by code or token. Forbidden wrong_merchant at another merchant;
// Conflict already_redeemed (saying when and by whom), voucher_expired, voucher_void.
Result<Voucher> redeem(store::Tx& tx, const Principal& staff, std::string_view code,
                       std::string_view token, int64_t now);

// The token as a QR code in SVG (black modules as rects on white, 4-module quiet zone).
Result<std::string> qr_svg(std::string_view text);

}  // namespace gonghui::campaign
