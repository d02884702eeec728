// Masking names, mobile numbers and bank accounts for display.
#include "core/mask.hpp"

#include <algorithm>
#include <vector>

namespace gonghui {
namespace {

// The UTF-8 characters of text (a stray continuation byte counts as a character of its own).
std::vector<std::string_view> characters(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t next = i + 1;
    while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) {
      ++next;
    }
    out.push_back(text.substr(i, next - i));
    i = next;
  }
  return out;
}

}  // namespace

std::string mask_name(std::string_view name) {
  const std::vector<std::string_view> chars = characters(name);
  if (chars.empty()) {
    return {};
  }
  std::string out(chars.front());
  if (chars.size() <= 2) {
    return out + "*";
  }
  out.append(chars.size() - 2, '*');
  return out.append(chars.back());
}

std::string mask_phone(std::string_view phone) {
  if (phone.size() == 11) {
    return std::string(phone.substr(0, 3)) + "****" + std::string(phone.substr(7));
  }
  if (phone.size() <= 4) {
    return std::string(phone.size(), '*');
  }
  return std::string(phone.size() - 4, '*') + std::string(phone.substr(phone.size() - 4));
}

std::string mask_bank_account(std::string_view account) {
  std::string compact;
  for (char c : account) {
    if (c != ' ') compact.push_back(c);
  }
  if (compact.empty()) {
    return {};
  }
  if (compact.size() <= 8) {
    return "****";
  }
  return "**** " + compact.substr(compact.size() - 4);
}

std::string mask_id_number(std::string_view id_number) {
  if (id_number.empty()) {
    return {};
  }
  if (id_number.size() <= 8) {
    return "****";
  }
  return std::string(id_number.substr(0, 3)) + std::string(id_number.size() - 7, '*') +
         std::string(id_number.substr(id_number.size() - 4));
}

}  // namespace gonghui
