// The vendors' signatures against their published examples.
#include "sms/signing.hpp"

#include <gtest/gtest.h>

#include "core/crypto.hpp"

namespace gonghui::sms {
namespace {

// Alibaba Cloud's "Signature mechanism" page (RPC APIs) signs ECS DescribeRegions with
// AccessKeyId testid and AccessKeySecret testsecret and publishes the GET signature.
const std::map<std::string, std::string> kAliyunExample = {
    {"AccessKeyId", "testid"},
    {"Action", "DescribeRegions"},
    {"Format", "XML"},
    {"SignatureMethod", "HMAC-SHA1"},
    {"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
    {"SignatureVersion", "1.0"},
    {"Timestamp", "2016-02-23T12:46:24Z"},
    {"Version", "2014-05-26"},
};

TEST(AliyunSigning, PercentEncodesByItsRules) {
  EXPECT_EQ(aliyun_percent_encode("a b*c~d-_."), "a%20b%2Ac~d-_.");
  EXPECT_EQ(aliyun_percent_encode("2016-02-23T12:46:24Z"), "2016-02-23T12%3A46%3A24Z");
  EXPECT_EQ(aliyun_percent_encode("工"), "%E5%B7%A5");
  EXPECT_EQ(aliyun_percent_encode("{\"code\":\"1\"}"), "%7B%22code%22%3A%221%22%7D");
}

TEST(AliyunSigning, MatchesThePublishedExample) {
  const std::string string_to_sign = aliyun_string_to_sign("GET", kAliyunExample);
  EXPECT_EQ(string_to_sign,
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
            "%26SignatureMethod%3DHMAC-SHA1"
            "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
            "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z"
            "%26Version%3D2014-05-26");
  EXPECT_EQ(aliyun_signature("testsecret", string_to_sign), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
}

// SendSms goes by POST. The docs publish no POST example; the same parameters signed by POST
// differ only in the method at the head of the string to sign ("POST&%2F&…"), and the
// expected value was computed from the documented algorithm with Python's hmac and base64.
TEST(AliyunSigning, SignsPostLikeGetButForTheMethod) {
  const std::string string_to_sign = aliyun_string_to_sign("POST", kAliyunExample);
  EXPECT_EQ(string_to_sign.rfind("POST&%2F&AccessKeyId%3Dtestid%26", 0), 0u);
  EXPECT_EQ(aliyun_signature("testsecret", string_to_sign), "MxbnVAM4w6sft9xjVpe/GCKueuk=");
}

// Tencent Cloud's "Signature v3" page works DescribeInstances of CVM through, step by step,
// with SecretKey Gu5t9xGARNpq86cd98joQYCN3EXAMPLE at timestamp 1551113065.
Tc3Request tencent_example() {
  Tc3Request request;
  request.content_type = "application/json; charset=utf-8";
  request.host = "cvm.tencentcloudapi.com";
  request.payload =
      R"({"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]})";
  request.service = "cvm";
  request.timestamp = 1551113065;
  return request;
}

TEST(TencentSigning, MatchesThePublishedExampleStepByStep) {
  crypto::init();
  const Tc3Request request = tencent_example();
  EXPECT_EQ(crypto::sha256_hex(request.payload),
            "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
  EXPECT_EQ(tc3_canonical_request(request),
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\n"
            "host:cvm.tencentcloudapi.com\n\ncontent-type;host\n"
            "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
  // The date is UTC's: 00:44 on the 26th in Beijing is still the 25th.
  EXPECT_EQ(tc3_date(request.timestamp), "2019-02-25");
  EXPECT_EQ(tc3_string_to_sign(request),
            "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"
            "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
  EXPECT_EQ(tc3_signature("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", request),
            "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
  EXPECT_EQ(tc3_authorization("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
                              "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", request),
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/"
            "tc3_request, SignedHeaders=content-type;host, "
            "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
}

}  // namespace
}  // namespace gonghui::sms
