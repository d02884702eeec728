// Masked names, mobile numbers and bank accounts.
#include "core/mask.hpp"

#include <gtest/gtest.h>

namespace gonghui {
namespace {

TEST(MaskTest, HidesTheMiddleOfAName) {
  EXPECT_EQ(mask_name("张晓梅"), "张*梅");
  EXPECT_EQ(mask_name("李明"), "李*");
  EXPECT_EQ(mask_name("欧阳晓梅"), "欧**梅");
  EXPECT_EQ(mask_name("王"), "王*");
  EXPECT_EQ(mask_name(""), "");
  EXPECT_EQ(mask_name("Anna"), "A**a");
}

TEST(MaskTest, HidesTheMiddleOfAMobileNumber) {
  EXPECT_EQ(mask_phone("13800000001"), "138****0001");
  EXPECT_EQ(mask_phone("0571-88001000"), "*********1000");
  EXPECT_EQ(mask_phone("110"), "***");
}

TEST(MaskTest, ShowsOnlyTheLastFourDigitsOfABankAccount) {
  EXPECT_EQ(mask_bank_account("6222021234567890123"), "**** 0123");
  EXPECT_EQ(mask_bank_account("6222 0212 3456 7890 123"), "**** 0123");
  EXPECT_EQ(mask_bank_account("12345678"), "****");
  EXPECT_EQ(mask_bank_account(""), "");
}

TEST(MaskTest, ShowsOnlyTheEndsOfAnIdNumber) {
  EXPECT_EQ(mask_id_number("11010519491231002X"), "110***********002X");
  EXPECT_EQ(mask_id_number("12345678"), "****");
  EXPECT_EQ(mask_id_number("33010619800101123X"), "330***********123X");
  EXPECT_EQ(mask_id_number("12345"), "****");
  EXPECT_EQ(mask_id_number(""), "");
}

}  // namespace
}  // namespace gonghui
