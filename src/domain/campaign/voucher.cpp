// Vouchers: issue, sign, list, redeem exactly once, and the QR code.
#include "domain/campaign/voucher.hpp"

#include <qrencode.h>

#include <memory>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "store/columns.hpp"

namespace gonghui::campaign {
namespace {

// No 0/O, 1/I/L: easy to read aloud and type.
constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr size_t kCodeLength = 10;

constexpr std::string_view kSelect =
    "SELECT v.id, v.code, v.campaign_id, c.title, v.prize_id, p.name, p.tier, v.member_id, "
    "v.entry_id, v.merchant_id, v.expires_at, v.status, v.redeemed_at, v.redeemed_by_name, "
    "v.created_at, m.name, COALESCE(s.starts_at, 0), COALESCE(s.ends_at, 0) FROM vouchers v "
    "JOIN campaigns c ON c.id = v.campaign_id JOIN campaign_prizes p ON p.id = v.prize_id "
    "JOIN members m ON m.id = v.member_id "
    "LEFT JOIN campaign_entries e ON e.id = v.entry_id AND e.slot_id <> 0 "
    "LEFT JOIN campaign_slots s ON s.id = e.slot_id";

using VoucherFields =
    store::Fields<&Voucher::id, &Voucher::code, &Voucher::campaign_id, &Voucher::campaign_title,
                  &Voucher::prize_id, &Voucher::prize_name, &Voucher::tier, &Voucher::member_id,
                  &Voucher::entry_id, &Voucher::merchant_id, &Voucher::expires_at,
                  &Voucher::stored_status, &Voucher::redeemed_at, &Voucher::redeemed_by,
                  &Voucher::created_at, &Voucher::member_name, &Voucher::slot_starts_at,
                  &Voucher::slot_ends_at>;
static_assert(VoucherFields::matches(kSelect));

Voucher from_row(const store::Row& r) { return VoucherFields::read(r); }

std::string new_code() {
  const std::string bytes = crypto::random_bytes(kCodeLength);
  std::string code;
  for (unsigned char b : bytes) {
    code += kCodeAlphabet[b % kCodeAlphabet.size()];  // 31 symbols: a slight bias is harmless
  }
  return code;
}

Result<Voucher> load(store::Tx& tx, std::string_view where, const store::Params& params) {
  GH_ASSIGN(store::Rows rows,
            tx.query(std::string(kSelect) + " WHERE " + std::string(where), params));
  if (rows.empty()) {
    return Error::not_found("voucher");
  }
  return from_row(rows[0]);
}

}  // namespace

VoucherStatus Voucher::status(int64_t now) const {
  if (stored_status == VoucherStatus::kIssued && expires_at <= now) {
    return VoucherStatus::kExpired;
  }
  return stored_status;
}

Result<Voucher> issue_voucher(store::Tx& tx, const VoucherGrant& g) {
  const int64_t id = new_id(), now = Timestamp::now().ms;
  GH_TRY(
      tx.exec("INSERT INTO vouchers (id, code, campaign_id, prize_id, member_id, entry_id, "
              "merchant_id, expires_at, status, redeemed_at, redeemed_by, redeemed_by_name, "
              "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'issued', 0, 0, '', ?)",
              {id, new_code(), g.campaign_id, g.prize_id, g.member_id, g.entry_id, g.merchant_id,
               g.expires_at, now}));
  return load(tx, "v.id = ?", {id});
}

std::string voucher_token(const std::string& sign_secret, const Voucher& v) {
  const std::string payload = std::to_string(v.id) + "." + v.code + "." +
                              std::to_string(v.merchant_id) + "." + std::to_string(v.expires_at);
  return payload + "." + crypto::base64url(crypto::sign(sign_secret, payload));
}

Result<TokenClaims> check_token(const std::string& sign_public, std::string_view token) {
  const Error bad = Error::invalid("token", "invalid_token", "the voucher token is not genuine");
  const size_t dot = token.rfind('.');
  std::string signature;
  if (dot == std::string_view::npos || !crypto::unbase64url(token.substr(dot + 1), signature) ||
      !crypto::verify_signature(sign_public, token.substr(0, dot), signature)) {
    return bad;
  }
  std::vector<std::string> parts;
  std::string_view rest = token.substr(0, dot);
  for (size_t at; (at = rest.find('.')) != std::string_view::npos; rest.remove_prefix(at + 1)) {
    parts.emplace_back(rest.substr(0, at));
  }
  parts.emplace_back(rest);
  if (parts.size() != 4) {
    return bad;
  }
  TokenClaims claims;
  try {
    claims.voucher_id = std::stoll(parts[0]);
    claims.code = parts[1];
    claims.merchant_id = std::stoll(parts[2]);
    claims.expires_at = std::stoll(parts[3]);
  } catch (...) {
    return bad;
  }
  return claims;
}

Result<std::vector<Voucher>> member_vouchers(store::Tx& tx, int64_t member_id) {
  GH_ASSIGN(ServerKeys keys, server_keys(tx));
  GH_ASSIGN(store::Rows rows,
            tx.query(std::string(kSelect) + " WHERE v.member_id = ? ORDER BY v.id DESC LIMIT 500",
                     {member_id}));
  std::vector<Voucher> out;
  for (const auto& row : rows) {
    out.push_back(from_row(row));
    out.back().token = voucher_token(keys.sign_secret, out.back());
  }
  return out;
}

Result<Voucher> member_voucher(store::Tx& tx, int64_t member_id, int64_t voucher_id) {
  GH_ASSIGN(ServerKeys keys, server_keys(tx));
  GH_ASSIGN(Voucher v, load(tx, "v.id = ? AND v.member_id = ?", {voucher_id, member_id}));
  v.token = voucher_token(keys.sign_secret, v);
  return v;
}

Result<Voucher> find_voucher(store::Tx& tx, std::string_view code, std::string_view token) {
  if (!token.empty()) {
    GH_ASSIGN(ServerKeys keys, server_keys(tx));
    GH_ASSIGN(TokenClaims claims, check_token(keys.sign_public, token));
    return load(tx, "v.id = ? AND v.code = ?", {claims.voucher_id, claims.code});
  }
  std::string normalised;
  for (char c : code) {
    if (c != ' ' && c != '-') {
      normalised += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return load(tx, "v.code = ?", {normalised});
}

Result<Voucher> redeem_found(store::Tx& tx, const Principal& redeemer, const Voucher& found,
                             int64_t now) {
  if (found.stored_status == VoucherStatus::kVoid) {
    return Error::conflict("voucher_void", "this voucher's campaign was cancelled");
  }
  if (found.status(now) == VoucherStatus::kExpired) {
    return Error::conflict("voucher_expired", "this voucher expired at " +
                                                  format_rfc3339(Timestamp{found.expires_at}));
  }
  // Exactly once: only one conditional update can move it from issued to redeemed.
  GH_ASSIGN(int64_t changed,
            tx.exec("UPDATE vouchers SET status = 'redeemed', redeemed_at = ?, redeemed_by = ?, "
                    "redeemed_by_name = ? WHERE id = ? AND status = 'issued'",
                    {now, redeemer.account_id, redeemer.name, found.id}));
  GH_ASSIGN(Voucher v, load(tx, "v.id = ?", {found.id}));
  if (changed != 1) {
    return Error::conflict("already_redeemed", "this voucher was already redeemed at " +
                                                   format_rfc3339(Timestamp{v.redeemed_at}) +
                                                   " by " + v.redeemed_by);
  }
  return v;
}

Result<Voucher> redeem(store::Tx& tx, const Principal& staff, std::string_view code,
                       std::string_view token, int64_t now) {
  const RoleGrant* grant = staff.grant(Role::kMerchantStaff);
  if (grant == nullptr) {
    return Error::forbidden("only merchant staff redeem vouchers");
  }
  GH_ASSIGN(Voucher v, find_voucher(tx, code, token));
  if (v.merchant_id != grant->merchant_id) {
    return Error{ErrorKind::kForbidden,
                 "wrong_merchant",
                 "this voucher is redeemed at another merchant",
                 {}};
  }
  return redeem_found(tx, staff, v, now);
}

Result<std::string> qr_svg(std::string_view text) {
  std::unique_ptr<QRcode, void (*)(QRcode*)> qr(
      QRcode_encodeString(std::string(text).c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), QRcode_free);
  if (!qr) {
    return Error::internal("QR encoding failed");
  }
  const int quiet = 4, size = qr->width + 2 * quiet;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(size) + " " + std::to_string(size) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" "
                    "fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < qr->width; ++y) {
    for (int x = 0; x < qr->width; ++x) {
      if (qr->data[y * qr->width + x] & 1) {
        svg += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
      }
    }
  }
  svg += "\"/></svg>";
  return svg;
}

}  // namespace gonghui::campaign
