// Tencent Cloud SMS (API 3.0 SendSms, version 2021-01-11): a JSON POST signed with
// TC3-HMAC-SHA256 in the Authorization header.
#include <ctime>

#include "core/json.hpp"
#include "sms/https_client.hpp"
#include "sms/provider.hpp"
#include "sms/signing.hpp"

namespace gonghui::sms {
namespace {

constexpr std::string_view kEndpoint = "https://sms.tencentcloudapi.com/";
constexpr std::string_view kContentType = "application/json; charset=utf-8";

std::string string_field(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : "";
}

class TencentProvider final : public Provider {
 public:
  explicit TencentProvider(ProviderConfig config) : config_(std::move(config)) {
    if (config_.region.empty()) {
      config_.region = "ap-guangzhou";
    }
  }
  std::string_view name() const override { return "tencent"; }

  Status send(const Text& text) override {
    boost::json::array values;
    for (const auto& [name, value] : text.params) {
      values.emplace_back(value);
    }
    const boost::json::object payload{{"PhoneNumberSet", boost::json::array{"+86" + text.phone}},
                                      {"SmsSdkAppId", config_.app_id},
                                      {"SignName", config_.sign_name},
                                      {"TemplateId", text.template_code},
                                      {"TemplateParamSet", std::move(values)}};
    HttpsPost post;
    post.url = config_.endpoint.empty() ? std::string(kEndpoint) : config_.endpoint;
    post.ca_file = config_.ca_file;
    post.timeout_ms = config_.timeout_ms;
    post.body = boost::json::serialize(payload);
    Tc3Request request;
    request.content_type = std::string(kContentType);
    request.host = https_host(post.url);
    request.payload = post.body;
    request.service = "sms";
    request.timestamp = static_cast<int64_t>(std::time(nullptr));
    post.headers = {
        {"Authorization", tc3_authorization(config_.key_id, config_.key_secret, request)},
        {"Content-Type", std::string(kContentType)},
        {"X-TC-Action", "SendSms"},
        {"X-TC-Version", "2021-01-11"},
        {"X-TC-Timestamp", std::to_string(request.timestamp)},
        {"X-TC-Region", config_.region}};
    GH_ASSIGN(HttpsReply reply, https_post(post));
    return read_answer(reply);
  }

 private:
  // The call's error (Response.Error) or the one number's status (Response.SendStatusSet[0],
  // "Ok" when sent).
  static Status read_answer(const HttpsReply& reply) {
    auto parsed = json::parse(reply.body);
    const boost::json::object* response = nullptr;
    if (parsed.ok() && parsed->is_object()) {
      if (const auto* r = parsed->get_object().if_contains("Response"); r && r->is_object()) {
        response = &r->get_object();
      }
    }
    if (response == nullptr) {
      return rejected("tencent", "HTTP " + std::to_string(reply.status), "(no JSON answer)");
    }
    if (const auto* error = response->if_contains("Error"); error && error->is_object()) {
      return rejected("tencent", string_field(error->get_object(), "Code"),
                      string_field(error->get_object(), "Message"));
    }
    const auto* statuses = response->if_contains("SendStatusSet");
    if (statuses == nullptr || !statuses->is_array() || statuses->get_array().empty() ||
        !statuses->get_array()[0].is_object()) {
      return rejected("tencent", "HTTP " + std::to_string(reply.status), "(no send status)");
    }
    const boost::json::object& status = statuses->get_array()[0].get_object();
    if (string_field(status, "Code") != "Ok") {
      return rejected("tencent", string_field(status, "Code"), string_field(status, "Message"));
    }
    return Status::Ok();
  }

  ProviderConfig config_;
};

}  // namespace

std::unique_ptr<Provider> make_tencent_provider(const ProviderConfig& config) {
  return std::make_unique<TencentProvider>(config);
}

}  // namespace gonghui::sms
