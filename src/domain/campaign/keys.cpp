// The server's keys (member_ref privacy, voucher signing) and the member_ref they make.
#include "core/crypto.hpp"
#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/internal.hpp"
#include "domain/campaign/statements.hpp"

namespace gonghui::campaign {

namespace {

using store::Rows;

}  // namespace

Result<ServerKeys> server_keys(store::Tx& tx) {
  GH_ASSIGN(Rows rows, tx.query(sql::kKeys));
  if (rows.size() != 2) {
    // Each instance proposes keys; the first committed wins and everyone reads it back.
    const int64_t now = Timestamp::now().ms;
    GH_TRY(tx.exec(sql::kProposeKeys,
                   {std::string("member_ref_privacy"), crypto::hex(crypto::random_bytes(32)), now,
                    std::string("voucher_signing"), crypto::hex(crypto::sign_secret_key()), now}));
    GH_ASSIGN(rows, tx.query(sql::kKeys));
  }
  ServerKeys keys;
  if (rows.size() != 2 || !crypto::unhex(rows[0].text(1), keys.privacy) ||
      !crypto::unhex(rows[1].text(1), keys.sign_secret)) {
    return Error::internal("server keys are missing or damaged");
  }
  keys.sign_public = crypto::sign_public_key(keys.sign_secret);
  return keys;
}

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

namespace internal {

Result<std::string> privacy_key(store::Tx& tx) {
  GH_ASSIGN(Rows rows, tx.query(sql::kPrivacyKey));
  std::string privacy;
  if (rows.empty()) {
    GH_ASSIGN(ServerKeys keys, server_keys(tx));
    privacy = std::move(keys.privacy);
  } else if (!crypto::unhex(rows[0].text(0), privacy)) {
    return Error::internal("server keys are missing or damaged");
  }
  return privacy;
}

Result<std::string> entry_member_ref(store::Tx& tx, int64_t campaign_id, int64_t member_id) {
  GH_ASSIGN(std::string privacy, privacy_key(tx));
  return member_ref(privacy, campaign_id, member_id);
}

}  // namespace internal

}  // namespace gonghui::campaign
