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

}  // namespace gonghui::crypto
