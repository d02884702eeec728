// Personal data shown to people who need to recognise it but not read it: a name with its
// middle hidden (张*梅, 李*), a mobile number with its middle four digits hidden and a bank
// account with only its last four digits shown, and an ID number with its first three and
// last four characters.
#pragma once

#include <string>
#include <string_view>

namespace gonghui {

// The first and, for three characters or more, the last character of a UTF-8 name, with one
// * for each character between (one * for a two-character name). "" stays "".
std::string mask_name(std::string_view name);
// 138****0001 for an 11-digit mobile number; anything else shows only its last four characters
// (none when it has four or fewer).
std::string mask_phone(std::string_view phone);
// "**** 0123" for a bank account number (spaces in it are ignored): only the last four digits,
// enough for the holder to recognise the account and too few to use it. Eight characters or
// fewer show nothing ("****"); "" stays "".
std::string mask_bank_account(std::string_view account);
// "110***********123X" for an 18-character ID number: the first three and the last four
// characters, a * for each between; anything of eight characters or fewer is "****" ("" stays "").
std::string mask_id_number(std::string_view id_number);

}  // namespace gonghui
