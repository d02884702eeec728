// Check characters of the unified social credit code and the citizen ID number.
#include "core/check_digits.hpp"

#include <array>

namespace gonghui {
namespace {

constexpr std::string_view kCreditCodeCharacters = "0123456789ABCDEFGHJKLMNPQRTUWXY";

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

int number(std::string_view digits) {
  int n = 0;
  for (char c : digits) {
    n = n * 10 + (c - '0');
  }
  return n;
}

bool valid_birth_date(std::string_view yyyymmdd) {
  const int year = number(yyyymmdd.substr(0, 4));
  const int month = number(yyyymmdd.substr(4, 2));
  const int day = number(yyyymmdd.substr(6, 2));
  if (year < 1900 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

}  // namespace

bool valid_credit_code(std::string_view code) {
  if (code.size() != 18 || !all_digits(code.substr(2, 6))) {
    return false;
  }
  int sum = 0;
  int weight = 1;
  for (size_t i = 0; i < 17; ++i) {
    const size_t value = kCreditCodeCharacters.find(code[i]);
    if (value == std::string_view::npos) {
      return false;
    }
    sum += static_cast<int>(value) * weight;
    weight = weight * 3 % 31;
  }
  const int check = (31 - sum % 31) % 31;
  return code[17] == kCreditCodeCharacters[static_cast<size_t>(check)];
}

bool valid_id_number(std::string_view id_number) {
  if (id_number.size() != 18 || !all_digits(id_number.substr(0, 17)) ||
      !valid_birth_date(id_number.substr(6, 8))) {
    return false;
  }
  constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    sum += (id_number[i] - '0') * kWeights[i];
  }
  constexpr std::string_view kCheck = "10X98765432";
  return id_number[17] == kCheck[static_cast<size_t>(sum % 11)];
}

}  // namespace gonghui
