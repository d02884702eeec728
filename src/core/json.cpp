// Parsing and field validation for JSON request bodies.
#include "core/json.hpp"

#include "core/id.hpp"

namespace gonghui::json {
namespace {

std::string trim(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t' || text[begin] == '\n' ||
                         text[begin] == '\r')) {
    ++begin;
  }
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\n' ||
                         text[end - 1] == '\r')) {
    --end;
  }
  return std::string(text.substr(begin, end - begin));
}

Error type_error(std::string_view field, std::string_view expected) {
  return Error::invalid(std::string(field), "invalid_field",
                        std::string(field) + " must be " + std::string(expected));
}

}  // namespace

namespace {

// Length of the well-formed UTF-8 sequence at s[i] (1-4), or 0 if it is malformed: a stray
// continuation byte, a truncated sequence, an overlong form, a surrogate or past U+10FFFF.
size_t sequence_length(const unsigned char* s, size_t i, size_t n) {
  const unsigned char c = s[i];
  if (c < 0x80) {
    return 1;
  }
  size_t length;
  uint32_t code;
  if ((c & 0xE0) == 0xC0) {
    length = 2;
    code = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    length = 3;
    code = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    length = 4;
    code = c & 0x07;
  } else {
    return 0;
  }
  if (i + length > n) {
    return 0;
  }
  for (size_t k = 1; k < length; ++k) {
    if ((s[i + k] & 0xC0) != 0x80) {
      return 0;
    }
    code = (code << 6) | (s[i + k] & 0x3F);
  }
  if ((length == 2 && code < 0x80) || (length == 3 && code < 0x800) ||
      (length == 4 && code < 0x10000) || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return 0;
  }
  return length;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = 0; i < text.size();) {
    const size_t length = sequence_length(s, i, text.size());
    if (length == 0) {
      return false;
    }
    i += length;
  }
  return true;
}

std::string to_valid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t length = sequence_length(s, i, text.size());
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for one byte, so that a scan always moves on
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

size_t count_code_points(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) {
      ++count;
    }
  }
  return count;
}

Result<bj::value> parse(std::string_view text) {
  if (!is_valid_utf8(text)) {
    return Error::invalid("", "invalid_utf8", "the request body is not valid UTF-8");
  }
  boost::system::error_code ec;
  bj::parse_options options;
  options.max_depth = 32;
  bj::value value = bj::parse(text, ec, {}, options);
  if (ec) {
    return Error::invalid("", "invalid_json",
                          "the request body is not valid JSON: " + ec.message());
  }
  return value;
}

std::string to_string(const bj::value& value) { return bj::serialize(value); }

Result<const bj::object*> as_object(const bj::value& body) {
  if (!body.is_object()) {
    return Error::invalid("", "invalid_body", "the request body must be a JSON object");
  }
  return &body.get_object();
}

Result<std::optional<std::string>> optional_string(const bj::object& body, std::string_view field,
                                                   size_t max_chars) {
  const bj::value* v = body.if_contains(field);
  if (v == nullptr || v->is_null()) {
    return std::optional<std::string>{};
  }
  if (!v->is_string()) {
    return type_error(field, "a string");
  }
  std::string text = trim(std::string_view(v->get_string()));
  if (count_code_points(text) > max_chars) {
    return Error::invalid(
        std::string(field), "too_long",
        std::string(field) + " must be at most " + std::to_string(max_chars) + " characters");
  }
  return std::optional<std::string>(std::move(text));
}

Result<std::string> required_string(const bj::object& body, std::string_view field,
                                    size_t max_chars) {
  GH_ASSIGN(std::optional<std::string> text, optional_string(body, field, max_chars));
  if (!text || text->empty()) {
    return Error::invalid(std::string(field), "required", std::string(field) + " is required");
  }
  return std::move(*text);
}

Result<std::optional<int64_t>> optional_integer(const bj::object& body, std::string_view field,
                                                int64_t min, int64_t max) {
  const bj::value* v = body.if_contains(field);
  if (v == nullptr || v->is_null()) {
    return std::optional<int64_t>{};
  }
  int64_t n = 0;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64()) {
    n = INT64_MAX;  // beyond any allowed range; reported below
  } else if (v->is_double()) {
    return type_error(field, "a whole number");
  } else {
    return type_error(field, "a number");
  }
  if (n > kMaxSafeInteger || n < -kMaxSafeInteger) {
    return Error::invalid(std::string(field), "out_of_range", std::string(field) + " is too large");
  }
  if (n < min || n > max) {
    return Error::invalid(std::string(field), "out_of_range",
                          std::string(field) + " must be between " + std::to_string(min) + " and " +
                              std::to_string(max));
  }
  return std::optional<int64_t>(n);
}

Result<int64_t> required_integer(const bj::object& body, std::string_view field, int64_t min,
                                 int64_t max) {
  GH_ASSIGN(std::optional<int64_t> n, optional_integer(body, field, min, max));
  if (!n) {
    return Error::invalid(std::string(field), "required", std::string(field) + " is required");
  }
  return *n;
}

Result<bool> optional_bool(const bj::object& body, std::string_view field, bool fallback) {
  const bj::value* v = body.if_contains(field);
  if (v == nullptr || v->is_null()) {
    return fallback;
  }
  if (!v->is_bool()) {
    return type_error(field, "true or false");
  }
  return v->get_bool();
}

Result<std::optional<int64_t>> optional_id(const bj::object& body, std::string_view field) {
  const bj::value* v = body.if_contains(field);
  if (v == nullptr || v->is_null()) {
    return std::optional<int64_t>{};
  }
  if (!v->is_string()) {
    return type_error(field, "an id string");
  }
  auto id = parse_id(std::string_view(v->get_string()));
  if (!id) {
    return Error::invalid(std::string(field), "invalid_id", std::string(field) + " is not an id");
  }
  return std::optional<int64_t>(*id);
}

Result<int64_t> required_id(const bj::object& body, std::string_view field) {
  GH_ASSIGN(std::optional<int64_t> id, optional_id(body, field));
  if (!id) {
    return Error::invalid(std::string(field), "required", std::string(field) + " is required");
  }
  return *id;
}

Result<std::string> checked_text(std::string_view value, std::string_view field, size_t max_chars,
                                 bool required) {
  std::string text = trim(value);
  if (required && text.empty()) {
    return Error::invalid(std::string(field), "required", std::string(field) + " is required");
  }
  if (count_code_points(text) > max_chars) {
    return Error::invalid(
        std::string(field), "too_long",
        std::string(field) + " may have at most " + std::to_string(max_chars) + " characters");
  }
  return text;
}

}  // namespace gonghui::json
