// Request signing of the two cloud SMS vendors, as pure functions of their inputs so that
// the vendors' published examples serve as test vectors.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace gonghui::sms {

// Alibaba Cloud RPC signature (SignatureMethod=HMAC-SHA1, SignatureVersion=1.0).

// Percent-encoding of Alibaba Cloud's RPC rules: RFC 3986 unreserved characters
// (A-Z a-z 0-9 - _ . ~) stay, every other byte becomes %XX in upper-case hex (so a space is
// %20, never +; * is %2A).
std::string aliyun_percent_encode(std::string_view text);
// The canonicalized query string: parameters sorted by name (byte order), each name and value
// percent-encoded, joined as name=value with &. `Signature` itself must not be among them.
std::string aliyun_canonical_query(const std::map<std::string, std::string>& params);
// METHOD + "&" + encode("/") + "&" + encode(canonicalized query string).
std::string aliyun_string_to_sign(std::string_view method,
                                  const std::map<std::string, std::string>& params);
// Base64(HMAC-SHA1(secret + "&", string_to_sign)).
std::string aliyun_signature(std::string_view access_key_secret, std::string_view string_to_sign);

// Tencent Cloud API 3.0 signature (TC3-HMAC-SHA256).

struct Tc3Request {
  std::string method = "POST";
  std::string query;         // canonical query string ("" for POST)
  std::string content_type;  // as sent, e.g. "application/json; charset=utf-8"
  std::string host;          // as sent in the Host header
  std::string payload;       // the request body
  std::string service;       // e.g. "sms"
  int64_t timestamp = 0;     // X-TC-Timestamp, seconds since the epoch
};

// The canonical request with signed headers content-type;host.
std::string tc3_canonical_request(const Tc3Request& request);
// The UTC date (YYYY-MM-DD) of a timestamp in seconds.
std::string tc3_date(int64_t timestamp);
// "TC3-HMAC-SHA256\n" + timestamp + "\n" + date/service/tc3_request + "\n" +
// hex(sha256(canonical request)).
std::string tc3_string_to_sign(const Tc3Request& request);
// hex(HMAC-SHA256(SecretSigning, string_to_sign)) where SecretSigning is derived from
// "TC3" + secret_key over the date, the service and "tc3_request".
std::string tc3_signature(std::string_view secret_key, const Tc3Request& request);
// The Authorization header value.
std::string tc3_authorization(std::string_view secret_id, std::string_view secret_key,
                              const Tc3Request& request);

}  // namespace gonghui::sms
