// Alibaba Cloud RPC and Tencent Cloud TC3 request signatures.
#include "sms/signing.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <ctime>

#include "core/crypto.hpp"

namespace gonghui::sms {
namespace {

std::string hmac_sha1(std::string_view key, std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &length);
  return std::string(reinterpret_cast<const char*>(out), length);
}

// Standard base64 with padding (RFC 4648 section 4), as Alibaba Cloud expects.
std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(written));
  return out;
}

}  // namespace

std::string aliyun_percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
        (byte >= '0' && byte <= '9') || byte == '-' || byte == '_' || byte == '.' || byte == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0f];
    }
  }
  return out;
}

std::string aliyun_canonical_query(const std::map<std::string, std::string>& params) {
  std::string out;
  for (const auto& [name, value] : params) {  // std::map keeps byte order
    if (!out.empty()) {
      out += '&';
    }
    out += aliyun_percent_encode(name) + "=" + aliyun_percent_encode(value);
  }
  return out;
}

std::string aliyun_string_to_sign(std::string_view method,
                                  const std::map<std::string, std::string>& params) {
  return std::string(method) + "&" + aliyun_percent_encode("/") + "&" +
         aliyun_percent_encode(aliyun_canonical_query(params));
}

std::string aliyun_signature(std::string_view access_key_secret, std::string_view string_to_sign) {
  return base64(hmac_sha1(std::string(access_key_secret) + "&", string_to_sign));
}

std::string tc3_canonical_request(const Tc3Request& request) {
  return request.method + "\n/\n" + request.query + "\ncontent-type:" + request.content_type +
         "\nhost:" + request.host + "\n\ncontent-type;host\n" + crypto::sha256_hex(request.payload);
}

std::string tc3_date(int64_t timestamp) {
  const std::time_t seconds = static_cast<std::time_t>(timestamp);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char out[16];
  std::strftime(out, sizeof out, "%Y-%m-%d", &utc);
  return out;
}

std::string tc3_string_to_sign(const Tc3Request& request) {
  return "TC3-HMAC-SHA256\n" + std::to_string(request.timestamp) + "\n" +
         tc3_date(request.timestamp) + "/" + request.service + "/tc3_request\n" +
         crypto::sha256_hex(tc3_canonical_request(request));
}

std::string tc3_signature(std::string_view secret_key, const Tc3Request& request) {
  const std::string secret_date =
      crypto::hmac_sha256("TC3" + std::string(secret_key), tc3_date(request.timestamp));
  const std::string secret_service = crypto::hmac_sha256(secret_date, request.service);
  const std::string secret_signing = crypto::hmac_sha256(secret_service, "tc3_request");
  return crypto::hex(crypto::hmac_sha256(secret_signing, tc3_string_to_sign(request)));
}

std::string tc3_authorization(std::string_view secret_id, std::string_view secret_key,
                              const Tc3Request& request) {
  return "TC3-HMAC-SHA256 Credential=" + std::string(secret_id) + "/" +
         tc3_date(request.timestamp) + "/" + request.service +
         "/tc3_request, SignedHeaders=content-type;host, Signature=" +
         tc3_signature(secret_key, request);
}

}  // namespace gonghui::sms
