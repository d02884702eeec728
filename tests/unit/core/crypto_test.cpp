#include "core/crypto.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gonghui::crypto {
namespace {

// RFC 4231, test cases 1 and 6 (a key longer than SHA-256's block).
TEST(CryptoTest, HmacMatchesRfc4231) {
  init();
  EXPECT_EQ(hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  const std::string long_key(131, '\xaa');
  const std::string message = "Test Using Larger Than Block-Size Key - Hash Key First";
  EXPECT_EQ(hex(hmac_sha256(long_key, message)),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(hex(HmacSha256Key(long_key).mac(message)),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(CryptoTest, AReadyKeyGivesTheSameMacForEveryMessage) {
  init();
  const std::string key = random_bytes(32);
  const HmacSha256Key ready(key);
  for (const std::string& message : std::vector<std::string>{
           "", "1:2", "386608836682711040:386608836682711041", std::string(200, 'x')}) {
    EXPECT_EQ(ready.mac(message), hmac_sha256(key, message)) << message;
  }
  // A copy shares the prepared key and still starts each message afresh.
  const HmacSha256Key copy = ready;
  EXPECT_EQ(copy.mac("1:2"), ready.mac("1:2"));
  EXPECT_NE(ready.mac("1:2"), HmacSha256Key(random_bytes(32)).mac("1:2"));
}

}  // namespace
}  // namespace gonghui::crypto
