// Hashing, randomness and encodings over libsodium: one place for the primitives.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace gonghui::crypto {

// Must be called once before any other function (idempotent, thread-safe).
void init();

std::string hex(std::string_view bytes);
// Decodes lower- or upper-case hex; returns false on bad input.
bool unhex(std::string_view text, std::string& bytes);

std::string sha256(std::string_view data);  // 32 raw bytes
inline std::string sha256_hex(std::string_view data) { return hex(sha256(data)); }
std::string hmac_sha256(std::string_view key, std::string_view message);  // 32 raw bytes

// An HMAC-SHA256 key made ready once (its inner and outer pads hashed), for many messages
// under the same key: each mac() then hashes only the message. Same output as hmac_sha256.
class HmacSha256Key {
 public:
  explicit HmacSha256Key(std::string_view key);
  std::string mac(std::string_view message) const;  // 32 raw bytes

 private:
  struct State;
  std::shared_ptr<const State> state_;
};

std::string random_bytes(size_t n);
// URL-safe base64 without padding.
std::string base64url(std::string_view bytes);

// Argon2id password hashing (libsodium's crypto_pwhash_str, interactive limits).
std::string hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);

// Decodes URL-safe base64 without padding; returns false on bad input.
bool unbase64url(std::string_view text, std::string& bytes);

// Ed25519 (libsodium crypto_sign): a secret key of 64 bytes holds its public key in its last
// 32 bytes; signatures are 64 bytes.
std::string sign_secret_key();  // a fresh secret key
std::string sign_public_key(std::string_view secret_key);
std::string sign(std::string_view secret_key, std::string_view message);
bool verify_signature(std::string_view public_key, std::string_view message,
                      std::string_view signature);

// Constant-time equality.
bool equal(std::string_view a, std::string_view b);

// ---- Sealing personal data at rest ------------------------------------------------------------
//
// Personal data beyond name and phone (bank accounts, ID numbers, households, uploaded
// documents such as enrolment reports) is sealed before it reaches a statement and opened only
// where it is shown (masked) or exported. Sealing is XChaCha20-Poly1305 (libsodium's
// crypto_aead_xchacha20poly1305_ietf) with a fresh random nonce for every value, so sealing the
// same text twice gives different results and nothing can be looked up by its sealed form.
//
// `context` names where the value lives ("subsidy_bank:<application id>", "document:<id>") and
// is authenticated with it: a sealed value copied into another row or column does not open.
//
// These functions take the key as bytes and know nothing of where it is kept. Domain code does
// not call them directly: domain/sealing/sealing.hpp reads the server's one sealing key from the
// database (`server_keys`, beside the voucher-signing key, so that every instance shares it and
// backups hold it) and seals and opens with it.

inline constexpr size_t kSealingKeyBytes = 32;

// A fresh random sealing key (kSealingKeyBytes bytes).
std::string sealing_key();
// The sealed form of `plaintext`, as text safe for a TEXT column: "s1." followed by the
// URL-safe base64 of nonce, ciphertext and tag (40 bytes longer than the plaintext, before
// base64). Throws std::invalid_argument for a key that is not kSealingKeyBytes long.
std::string seal(std::string_view key, std::string_view plaintext, std::string_view context);
// Opens what seal() made with the same key and context into `plaintext`. Returns false (and
// leaves `plaintext` empty) for another key or context, or text that was altered or is not a
// sealed value.
bool unseal(std::string_view key, std::string_view sealed, std::string_view context,
            std::string& plaintext);

}  // namespace gonghui::crypto
