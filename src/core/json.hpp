// The one JSON helper: parsing untrusted text and reading validated fields (Boost.JSON).
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace gonghui::json {

namespace bj = boost::json;

// The largest integer a JavaScript client can hold exactly (2^53 - 1).
inline constexpr int64_t kMaxSafeInteger = 9007199254740991;

bool is_valid_utf8(std::string_view text);
// The text with each byte of a malformed UTF-8 sequence replaced by U+FFFD: for echoing
// untrusted text (a decoded path or query value) in a JSON answer.
std::string to_valid_utf8(std::string_view text);

// Parses a request body. Errors: invalid_utf8, invalid_json (400).
Result<bj::value> parse(std::string_view text);

// Serialises compactly.
std::string to_string(const bj::value& value);

// Field readers: each error is 400 naming the field. Strings are trimmed of surrounding
// white space; max_chars counts Unicode code points.
Result<std::string> required_string(const bj::object& body, std::string_view field,
                                    size_t max_chars = 200);
Result<std::optional<std::string>> optional_string(const bj::object& body, std::string_view field,
                                                   size_t max_chars = 200);
// Integers must be JSON integers (not 1.5, not "1") within [min, max] and within ±(2^53-1).
Result<int64_t> required_integer(const bj::object& body, std::string_view field, int64_t min,
                                 int64_t max);
Result<std::optional<int64_t>> optional_integer(const bj::object& body, std::string_view field,
                                                int64_t min, int64_t max);
Result<bool> optional_bool(const bj::object& body, std::string_view field, bool fallback);
// Ids are decimal strings in JSON.
Result<int64_t> required_id(const bj::object& body, std::string_view field);
Result<std::optional<int64_t>> optional_id(const bj::object& body, std::string_view field);

// The body must be a JSON object. Error: invalid_body (400).
Result<const bj::object*> as_object(const bj::value& body);

size_t count_code_points(std::string_view text);

// A text a domain function was given, trimmed and checked: 1 (when required) to max_chars code
// points. 400 naming the field: required, too_long.
Result<std::string> checked_text(std::string_view value, std::string_view field, size_t max_chars,
                                 bool required = true);

}  // namespace gonghui::json
