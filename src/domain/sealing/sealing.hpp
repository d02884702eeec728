// Sealing personal data with the server's one sealing key, kept in the database.
//
// Any module that stores personal data beyond name and phone (bank accounts, ID numbers,
// households, uploaded documents) seals it here before it reaches a statement, and opens it
// only to show it masked (core/mask.hpp) or to export it to someone entitled to it:
//
//   GH_ASSIGN(sealing::Sealer sealer, sealing::sealer(tx));
//   const std::string stored = sealer.seal(account_no, "subsidy_bank:" + std::to_string(id));
//   …
//   GH_ASSIGN(std::string account_no, sealer.unseal(stored, "subsidy_bank:" + std::to_string(id)));
//
// The context names the value's place (table or purpose, and row id) and must be the same to
// open it: a sealed value copied to another row does not open there. The primitive is
// XChaCha20-Poly1305 with a random nonce per value (core/crypto.hpp, seal/unseal).
//
// The key is the row 'personal_data_sealing' of `server_keys`, beside the voucher-signing key:
// every instance reads the same key, and a backup or `gonghui copy` carries it with the data it
// opens (a backup must therefore be kept as safe as the database). It is made on first use in a
// write, and at start-up by ensure_key so that reads find it.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "store/db.hpp"

namespace gonghui::sealing {

// Seals and opens with one key, read once per transaction or request. Cheap to copy.
class Sealer {
 public:
  explicit Sealer(std::string key) : key_(std::move(key)) {}
  // The sealed text of `plaintext` for the place named by `context`.
  std::string seal(std::string_view plaintext, std::string_view context) const;
  // The plaintext of a value sealed for `context`. Internal error ("sealed data is damaged")
  // for a value that does not open: another context, another key, or altered text.
  Result<std::string> unseal(std::string_view sealed, std::string_view context) const;

 private:
  std::string key_;
};

// The server's sealing key. In a write transaction it is made if missing (each instance
// proposes one and the first committed wins; everyone reads back the same key). In a read
// transaction a missing key is an internal error, which cannot happen once ensure_key has run
// (and there is nothing sealed to open before the first write made the key).
Result<Sealer> sealer(store::Tx& tx);

// Makes the key if it is missing; run at start-up.
Status ensure_key(store::Db& db);

}  // namespace gonghui::sealing
