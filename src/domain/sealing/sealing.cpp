// The sealing key in server_keys, and sealing with it.
#include "domain/sealing/sealing.hpp"

#include "core/crypto.hpp"
#include "core/time.hpp"

namespace gonghui::sealing {
namespace {

constexpr std::string_view kSelectKey =
    "SELECT value FROM server_keys WHERE name = 'personal_data_sealing'";
constexpr std::string_view kProposeKey =
    "INSERT INTO server_keys (name, value, created_at) VALUES ('personal_data_sealing', ?, ?) "
    "ON CONFLICT (name) DO NOTHING";

Result<std::string> read_key(store::Tx& tx) {
  GH_ASSIGN(store::Rows rows, tx.query(kSelectKey));
  if (rows.empty()) {
    return std::string();
  }
  std::string key;
  if (!crypto::unhex(rows[0].text(0), key) || key.size() != crypto::kSealingKeyBytes) {
    return Error::internal("the sealing key is damaged");
  }
  return key;
}

}  // namespace

std::string Sealer::seal(std::string_view plaintext, std::string_view context) const {
  return crypto::seal(key_, plaintext, context);
}

Result<std::string> Sealer::unseal(std::string_view sealed, std::string_view context) const {
  std::string plaintext;
  if (!crypto::unseal(key_, sealed, context, plaintext)) {
    return Error::internal("sealed data is damaged (" + std::string(context) + ")");
  }
  return plaintext;
}

Result<Sealer> sealer(store::Tx& tx) {
  GH_ASSIGN(std::string key, read_key(tx));
  if (key.empty()) {
    GH_TRY(tx.exec(kProposeKey, {crypto::hex(crypto::sealing_key()), Timestamp::now().ms}));
    GH_ASSIGN(key, read_key(tx));
    if (key.empty()) {
      return Error::internal("cannot make the sealing key");
    }
  }
  return Sealer(std::move(key));
}

Status ensure_key(store::Db& db) {
  return db.write([](store::Tx& tx) -> Status {
    GH_TRY(sealer(tx));
    return Status::Ok();
  });
}

}  // namespace gonghui::sealing
