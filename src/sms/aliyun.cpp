// Alibaba Cloud SMS (dysmsapi SendSms, version 2017-05-25): an RPC request POSTed as a form,
// signed with HMAC-SHA1 over the canonicalized parameters.
#include <ctime>

#include "core/crypto.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "sms/https_client.hpp"
#include "sms/provider.hpp"
#include "sms/signing.hpp"

namespace gonghui::sms {
namespace {

constexpr std::string_view kEndpoint = "https://dysmsapi.aliyuncs.com/";

// ISO 8601 in UTC to the second, as the Timestamp parameter wants it.
std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return out;
}

// A version 4 UUID, as the docs recommend for SignatureNonce.
std::string nonce() {
  std::string hex = crypto::hex(crypto::random_bytes(16));
  hex[12] = '4';
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

class AliyunProvider final : public Provider {
 public:
  explicit AliyunProvider(ProviderConfig config) : config_(std::move(config)) {}
  std::string_view name() const override { return "aliyun"; }

  Status send(const Text& text) override {
    boost::json::object template_param;
    for (const auto& [name, value] : text.params) {
      template_param[name] = value;
    }
    std::map<std::string, std::string> params = {
        {"AccessKeyId", config_.key_id},
        {"Action", "SendSms"},
        {"Format", "JSON"},
        {"PhoneNumbers", text.phone},
        {"RegionId", "cn-hangzhou"},
        {"SignName", config_.sign_name},
        {"SignatureMethod", "HMAC-SHA1"},
        {"SignatureNonce", nonce()},
        {"SignatureVersion", "1.0"},
        {"TemplateCode", text.template_code},
        {"TemplateParam", boost::json::serialize(template_param)},
        {"Timestamp", utc_timestamp()},
        {"Version", "2017-05-25"},
    };
    const std::string signature =
        aliyun_signature(config_.key_secret, aliyun_string_to_sign("POST", params));
    HttpsPost post;
    post.url = config_.endpoint.empty() ? std::string(kEndpoint) : config_.endpoint;
    post.ca_file = config_.ca_file;
    post.timeout_ms = config_.timeout_ms;
    post.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                    {"Accept", "application/json"}};
    post.body =
        "Signature=" + aliyun_percent_encode(signature) + "&" + aliyun_canonical_query(params);
    GH_ASSIGN(HttpsReply reply, https_post(post));
    auto parsed = json::parse(reply.body);
    if (!parsed.ok() || !parsed->is_object()) {
      return rejected("aliyun", "HTTP " + std::to_string(reply.status), "(no JSON answer)");
    }
    const boost::json::object& answer = parsed->get_object();
    const auto* code = answer.if_contains("Code");
    const auto* message = answer.if_contains("Message");
    const std::string code_text =
        code != nullptr && code->is_string() ? std::string(code->get_string()) : "";
    if (reply.status == 200 && code_text == "OK") {
      return Status::Ok();
    }
    return rejected("aliyun",
                    code_text.empty() ? "HTTP " + std::to_string(reply.status) : code_text,
                    message != nullptr && message->is_string() ? message->get_string() : "");
  }

 private:
  ProviderConfig config_;
};

}  // namespace

std::unique_ptr<Provider> make_aliyun_provider(const ProviderConfig& config) {
  return std::make_unique<AliyunProvider>(config);
}

}  // namespace gonghui::sms
