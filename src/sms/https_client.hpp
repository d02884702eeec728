// A small HTTPS client for the SMS vendors' APIs: one POST per call over Beast and OpenSSL,
// the server's certificate checked against the system's trust store (and an extra CA file,
// for a test server), every step bounded by a deadline.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace gonghui::sms {

struct HttpsPost {
  std::string url;  // https://host[:port]/path
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string ca_file;  // extra certificate authority to trust ("" = system store only)
  int64_t timeout_ms = 10000;
};

struct HttpsReply {
  int status = 0;
  std::string body;
};

// The host[:port] of an https URL as it goes into the Host header; "" if the URL is not https.
std::string https_host(std::string_view url);

// Sends the POST and reads the whole answer. Errors (503 sms_unavailable): the URL is not
// https, the name does not resolve, the connection, the TLS handshake or the certificate
// check fails, or the deadline passes.
Result<HttpsReply> https_post(const HttpsPost& post);

}  // namespace gonghui::sms
