// libsodium wrappers.
#include "core/crypto.hpp"

#include <sodium.h>

#include <stdexcept>

namespace gonghui::crypto {

void init() {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium failed to initialise");
  }
}

std::string hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

bool unhex(std::string_view text, std::string& bytes) {
  if (text.size() % 2 != 0) {
    return false;
  }
  bytes.assign(text.size() / 2, '\0');
  size_t length = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                     text.size(), nullptr, &length, &end) != 0 ||
      length != bytes.size() || end != text.data() + text.size()) {
    return false;
  }
  return true;
}

std::string sha256(std::string_view data) {
  std::string out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return out;
}

std::string hmac_sha256(std::string_view key, std::string_view message) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  std::string out(crypto_auth_hmacsha256_BYTES, '\0');
  crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

struct HmacSha256Key::State {
  crypto_auth_hmacsha256_state ready;
  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() { sodium_memzero(&ready, sizeof ready); }
};

HmacSha256Key::HmacSha256Key(std::string_view key) {
  auto state = std::make_shared<State>();
  crypto_auth_hmacsha256_init(&state->ready, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  state_ = std::move(state);
}

std::string HmacSha256Key::mac(std::string_view message) const {
  crypto_auth_hmacsha256_state state = state_->ready;
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  std::string out(crypto_auth_hmacsha256_BYTES, '\0');
  crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char*>(out.data()));
  sodium_memzero(&state, sizeof state);
  return out;
}

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

std::string base64url(std::string_view bytes) {
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("out of memory hashing a password");
  }
  return out;
}

bool verify_password(std::string_view hash, std::string_view password) {
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool unbase64url(std::string_view text, std::string& bytes) {
  bytes.assign(text.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return false;
  }
  bytes.resize(length);
  return true;
}

std::string sign_secret_key() {
  std::string public_key(crypto_sign_PUBLICKEYBYTES, '\0');
  std::string secret_key(crypto_sign_SECRETKEYBYTES, '\0');
  crypto_sign_keypair(reinterpret_cast<unsigned char*>(public_key.data()),
                      reinterpret_cast<unsigned char*>(secret_key.data()));
  return secret_key;
}

std::string sign_public_key(std::string_view secret_key) {
  return secret_key.size() == crypto_sign_SECRETKEYBYTES
             ? std::string(
                   secret_key.substr(crypto_sign_SECRETKEYBYTES - crypto_sign_PUBLICKEYBYTES))
             : std::string();
}

std::string sign(std::string_view secret_key, std::string_view message) {
  std::string signature(crypto_sign_BYTES, '\0');
  if (secret_key.size() != crypto_sign_SECRETKEYBYTES) {
    throw std::invalid_argument("bad Ed25519 secret key");
  }
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(secret_key.data()));
  return signature;
}

bool verify_signature(std::string_view public_key, std::string_view message,
                      std::string_view signature) {
  return public_key.size() == crypto_sign_PUBLICKEYBYTES && signature.size() == crypto_sign_BYTES &&
         crypto_sign_verify_detached(
             reinterpret_cast<const unsigned char*>(signature.data()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(),
             reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

namespace {

constexpr std::string_view kSealedPrefix = "s1.";
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(kSealingKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

const unsigned char* bytes_of(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

std::string sealing_key() { return random_bytes(kSealingKeyBytes); }

std::string seal(std::string_view key, std::string_view plaintext, std::string_view context) {
  if (key.size() != kSealingKeyBytes) {
    throw std::invalid_argument("bad sealing key");
  }
  std::string box = random_bytes(kNonceBytes);
  box.resize(kNonceBytes + plaintext.size() + kTagBytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(box.data()) + kNonceBytes, &written, bytes_of(plaintext),
      plaintext.size(), bytes_of(context), context.size(), nullptr, bytes_of(box), bytes_of(key));
  box.resize(kNonceBytes + static_cast<size_t>(written));
  std::string out(kSealedPrefix);
  out += base64url(box);
  return out;
}

bool unseal(std::string_view key, std::string_view sealed, std::string_view context,
            std::string& plaintext) {
  plaintext.clear();
  std::string box;
  if (key.size() != kSealingKeyBytes || !sealed.starts_with(kSealedPrefix) ||
      !unbase64url(sealed.substr(kSealedPrefix.size()), box) ||
      box.size() < kNonceBytes + kTagBytes) {
    return false;
  }
  std::string out(box.size() - kNonceBytes - kTagBytes, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &length, nullptr,
          bytes_of(box) + kNonceBytes, box.size() - kNonceBytes, bytes_of(context), context.size(),
          bytes_of(box), bytes_of(key)) != 0) {
    return false;
  }
  out.resize(static_cast<size_t>(length));
  plaintext = std::move(out);
  return true;
}

}  // namespace gonghui::crypto
