// A small RFC 4180 reader and writer.
#include "core/csv.hpp"

#include "core/json.hpp"

namespace gonghui::csv {

Result<std::vector<Record>> parse(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  if (!json::is_valid_utf8(text)) {
    return Error::invalid("file", "invalid_encoding",
                          "the file is not UTF-8 (it may be GBK/GB18030 from Excel); save it "
                          "as \"CSV UTF-8\" and upload again");
  }
  std::vector<Record> records;
  Record current;
  std::string field;
  int64_t line = 1;
  current.line = 1;
  bool in_quotes = false;
  bool field_started = false;  // anything seen in this record
  size_t i = 0;
  auto end_field = [&] {
    current.fields.push_back(std::move(field));
    field.clear();
  };
  auto end_record = [&] {
    end_field();
    const bool blank = current.fields.size() == 1 && current.fields[0].empty();
    if (!blank) {
      records.push_back(std::move(current));
    }
    current = Record{};
    current.line = line;
    field_started = false;
  };
  int64_t quote_line = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          i += 2;
          continue;
        }
        in_quotes = false;
      } else {
        if (c == '\n') {
          ++line;
        }
        field += c;
      }
      ++i;
      continue;
    }
    if (c == '"' && field.empty()) {
      in_quotes = true;
      quote_line = line;
      field_started = true;
    } else if (c == ',') {
      end_field();
      field_started = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      ++line;
      end_record();
    } else if (c == '\n' || c == '\r') {
      ++line;
      end_record();
    } else {
      field += c;
      field_started = true;
    }
    ++i;
  }
  if (in_quotes) {
    return Error::invalid("file", "unterminated_quote",
                          "line " + std::to_string(quote_line) + ": a quoted field never ends");
  }
  if (field_started || !field.empty() || !current.fields.empty()) {
    end_record();
  }
  return records;
}

std::string escape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(field);
  }
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  out += '"';
  return out;
}

std::string escape_cell(std::string_view field) {
  if (!field.empty() &&
      (field[0] == '=' || field[0] == '+' || field[0] == '-' || field[0] == '@')) {
    return escape("'" + std::string(field));
  }
  return escape(field);
}

}  // namespace gonghui::csv
