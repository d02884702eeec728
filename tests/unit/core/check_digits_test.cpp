// Check characters of the unified social credit code and the ID number, with examples whose
// check characters were computed by hand from the standards' weights.
#include "core/check_digits.hpp"

#include <gtest/gtest.h>

namespace gonghui {
namespace {

TEST(CheckDigitsTest, AcceptsCreditCodesWithTheirCheckCharacter) {
  // Σ value × 3^i mod 31 over the first 17 characters, check = (31 − Σ mod 31) mod 31.
  EXPECT_TRUE(valid_credit_code("91110000100000000R"));
  EXPECT_TRUE(valid_credit_code("91320100MA1XYW12QX"));
  EXPECT_TRUE(valid_credit_code("92320102MA2ABCDE4Q"));
  EXPECT_TRUE(valid_credit_code("91320106MA1P5Q6R76"));
}

TEST(CheckDigitsTest, RefusesCreditCodesThatAreMistyped) {
  EXPECT_FALSE(valid_credit_code("91110000100000000Q"));  // wrong check character
  EXPECT_FALSE(valid_credit_code("91110000100000001R"));  // one character changed
  EXPECT_FALSE(valid_credit_code("19110000100000000R"));  // two characters swapped
  EXPECT_FALSE(valid_credit_code("91110000100000000"));   // 17 characters
  EXPECT_FALSE(valid_credit_code("91110000100000000RR"));
  EXPECT_FALSE(valid_credit_code("91320100MI1XYW12QX"));  // I is not in the set
  EXPECT_FALSE(valid_credit_code("91320100ma1xyw12qx"));  // lower case
  EXPECT_FALSE(valid_credit_code("9132A100MA1XYW12QX"));  // the region is digits
  EXPECT_FALSE(valid_credit_code(""));
}

TEST(CheckDigitsTest, AcceptsIdNumbersWithTheirCheckCharacter) {
  // Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; Σ mod 11 → 1 0 X 9 8 7 6 5 4 3 2.
  EXPECT_TRUE(valid_id_number("11010519491231002X"));
  EXPECT_TRUE(valid_id_number("320102199003071239"));
  EXPECT_TRUE(valid_id_number("440304198511113016"));
  EXPECT_TRUE(valid_id_number("320111199506122022"));
}

TEST(CheckDigitsTest, RefusesIdNumbersThatAreMistypedOrImpossible) {
  EXPECT_FALSE(valid_id_number("110105194912310021"));  // wrong check character
  EXPECT_FALSE(valid_id_number("11010519491231002x"));  // one spelling: capital X
  EXPECT_FALSE(valid_id_number("320102199003071238"));
  EXPECT_FALSE(valid_id_number("320102199003170129"));  // digits swapped
  EXPECT_FALSE(valid_id_number("32010219900307123"));   // 17 characters
  // Right check characters, impossible birth dates.
  EXPECT_FALSE(valid_id_number("320102199002300001"));  // 30 February
  EXPECT_FALSE(valid_id_number("320102189903071235"));  // before 1900
  EXPECT_FALSE(valid_id_number("32010219901301123X"));  // month 13
  EXPECT_FALSE(valid_id_number("3201021990030712A9"));
  EXPECT_FALSE(valid_id_number(""));
}

}  // namespace
}  // namespace gonghui
