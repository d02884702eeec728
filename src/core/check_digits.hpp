// The check characters of the two national identifiers a form may carry: the unified social
// credit code of an organisation (统一社会信用代码, GB 32100-2015) and the citizen ID number
// (公民身份号码, GB 11643-1999). Both catch a mistyped character before anything is stored.
#pragma once

#include <string_view>

namespace gonghui {

// 18 characters from 0-9 and the capitals without I, O, Z, S and V; the first two are the
// registering authority and kind, characters 3-8 the region (digits), and the last is the
// check character: 31 − (Σ value × 3^i mod 31) mod 31, as a character of the same set.
bool valid_credit_code(std::string_view code);

// 18 characters: a six-digit region, a valid birth date (YYYYMMDD, 1900 or later), a
// three-digit sequence and the ISO 7064 MOD 11-2 check character (0-9 or X; a lower-case x
// is refused, so that a stored number has one spelling).
bool valid_id_number(std::string_view id_number);

}  // namespace gonghui
