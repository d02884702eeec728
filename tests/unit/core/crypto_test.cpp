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

TEST(CryptoTest, SealedTextOpensOnlyWithItsKeyAndContext) {
  init();
  const std::string key = sealing_key();
  ASSERT_EQ(key.size(), kSealingKeyBytes);
  const std::string account = "6222021234567890123";
  const std::string sealed = seal(key, account, "subsidy_bank:1");
  EXPECT_TRUE(sealed.starts_with("s1."));
  EXPECT_EQ(sealed.find(account), std::string::npos);
  std::string opened;
  ASSERT_TRUE(unseal(key, sealed, "subsidy_bank:1", opened));
  EXPECT_EQ(opened, account);
  // A fresh nonce every time: the same text never seals the same way twice.
  EXPECT_NE(seal(key, account, "subsidy_bank:1"), sealed);
  EXPECT_FALSE(unseal(key, sealed, "subsidy_bank:2", opened));
  EXPECT_TRUE(opened.empty());
  EXPECT_FALSE(unseal(sealing_key(), sealed, "subsidy_bank:1", opened));
  std::string altered = sealed;
  altered[10] = altered[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(unseal(key, altered, "subsidy_bank:1", opened));
  EXPECT_FALSE(unseal(key, "6222021234567890123", "subsidy_bank:1", opened));
  EXPECT_FALSE(unseal(key, "s1.", "subsidy_bank:1", opened));
  EXPECT_FALSE(unseal(key.substr(1), sealed, "subsidy_bank:1", opened));
  EXPECT_THROW((void)seal("short", account, "x"), std::invalid_argument);
}

TEST(CryptoTest, SealsEmptyAndBinaryText) {
  init();
  const std::string key = sealing_key();
  std::string opened = "x";
  ASSERT_TRUE(unseal(key, seal(key, "", "c"), "c", opened));
  EXPECT_EQ(opened, "");
  const std::string binary("%PDF-\0\xff\x01", 8);
  ASSERT_TRUE(unseal(key, seal(key, binary, "document:9"), "document:9", opened));
  EXPECT_EQ(opened, binary);
}

}  // namespace
}  // namespace gonghui::crypto
