// Where a text message goes: the `log` provider (server log; the default and the demo), or a
// cloud SMS service (Alibaba Cloud, Tencent Cloud) reached over HTTPS.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace gonghui::sms {

// One text to one mainland mobile number.
struct Text {
  std::string phone;          // 11 digits
  std::string template_code;  // the vendor's approved template for this kind of text
  // The template's variables in the template's order (Tencent takes the values by position,
  // Alibaba Cloud by name).
  std::vector<std::pair<std::string, std::string>> params;
  std::string body;  // the text as the member reads it (what the `log` provider writes)
};

struct ProviderConfig {
  std::string name = "log";  // log | aliyun | tencent
  std::string key_id;        // AccessKeyId / SecretId
  std::string key_secret;    // AccessKeySecret / SecretKey; never logged
  std::string sign_name;     // the approved signature, e.g. 工会服务
  std::string app_id;        // Tencent SmsSdkAppId
  std::string region;        // Tencent region (default ap-guangzhou)
  std::string endpoint;      // override of the vendor's https URL (tests)
  std::string ca_file;       // extra CA to trust (tests)
  int64_t timeout_ms = 10000;
};

class Provider {
 public:
  virtual ~Provider() = default;
  // "log", "aliyun" or "tencent".
  virtual std::string_view name() const = 0;
  // Sends the text. Errors: 503 sms_unavailable when the vendor cannot be reached, 503
  // sms_rejected (the vendor's code in the message) when it refuses the text. Neither error's
  // message holds the text's parameters.
  virtual Status send(const Text& text) = 0;
};

// The provider config names. Throws std::invalid_argument for an unknown name or a cloud
// provider without its key id, secret, sign name (and, for Tencent, app id).
std::unique_ptr<Provider> make_provider(const ProviderConfig& config);

// Each provider on its own (tests).
std::unique_ptr<Provider> make_log_provider();
std::unique_ptr<Provider> make_aliyun_provider(const ProviderConfig& config);
std::unique_ptr<Provider> make_tencent_provider(const ProviderConfig& config);

// The error of a vendor that refused a text.
Error rejected(std::string_view vendor, std::string_view code, std::string_view message);

}  // namespace gonghui::sms
