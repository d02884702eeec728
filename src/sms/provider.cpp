// The `log` provider and the choice of provider by configuration.
#include "sms/provider.hpp"

#include <iostream>
#include <mutex>
#include <stdexcept>

namespace gonghui::sms {
namespace {

// Writes the text to the server log (standard error), where an operator or a demo reads it.
class LogProvider final : public Provider {
 public:
  std::string_view name() const override { return "log"; }
  Status send(const Text& text) override {
    static std::mutex mu;  // one line at a time among the worker threads
    std::lock_guard lock(mu);
    std::cerr << "sms (log provider) to " << text.phone << ": " << text.body << std::endl;
    return Status::Ok();
  }
};

}  // namespace

Error rejected(std::string_view vendor, std::string_view code, std::string_view message) {
  return Error{
      ErrorKind::kUnavailable,
      "sms_rejected",
      std::string(vendor) + " refused the text: " + std::string(code) + " " + std::string(message),
      {}};
}

std::unique_ptr<Provider> make_log_provider() { return std::make_unique<LogProvider>(); }

std::unique_ptr<Provider> make_provider(const ProviderConfig& config) {
  if (config.name == "log" || config.name.empty()) {
    return make_log_provider();
  }
  if (config.name != "aliyun" && config.name != "tencent") {
    throw std::invalid_argument("sms_provider must be log, aliyun or tencent");
  }
  if (config.key_id.empty() || config.key_secret.empty() || config.sign_name.empty()) {
    throw std::invalid_argument("sms_provider " + config.name +
                                " needs sms_key_id, the secret (GONGHUI_SMS_KEY_SECRET or "
                                "sms_key_secret_file) and sms_sign_name");
  }
  if (config.name == "aliyun") {
    return make_aliyun_provider(config);
  }
  if (config.app_id.empty()) {
    throw std::invalid_argument("sms_provider tencent needs sms_app_id (SmsSdkAppId)");
  }
  return make_tencent_provider(config);
}

}  // namespace gonghui::sms
