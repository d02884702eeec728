// Reading a file of past records: its header, and each row's cells checked on their own.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <map>

#include "core/csv.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/history/internal.hpp"
#include "domain/purchase/purchase.hpp"

namespace gonghui::history::internal {
namespace {

enum Column {
  kDate,
  kUnion,
  kKind,
  kBrand,
  kTitle,
  kProduce,
  kProduceKind,
  kPortions,
  kFunds,
  kPersonTimes,
  kSupplier,
  kRegion,
  kPlatform,
  kColumnCount
};

// Column codes, as row errors name them.
constexpr std::array<std::string_view, kColumnCount> kColumnCodes = {
    "date",     "union", "kind",         "brand",    "title",  "produce", "produce_kind",
    "portions", "funds", "person_times", "supplier", "region", "platform"};

const std::map<std::string, Column, std::less<>>& header_names() {
  static const std::map<std::string, Column, std::less<>> names = {
      {"date", kDate},
      {"日期", kDate},
      {"union", kUnion},
      {"org", kUnion},
      {"org_id", kUnion},
      {"工会", kUnion},
      {"kind", kKind},
      {"type", kKind},
      {"类型", kKind},
      {"brand", kBrand},
      {"品牌", kBrand},
      {"title", kTitle},
      {"名称", kTitle},
      {"produce", kProduce},
      {"produce_name", kProduce},
      {"产品", kProduce},
      {"produce_kind", kProduceKind},
      {"品类", kProduceKind},
      {"portions", kPortions},
      {"份数", kPortions},
      {"funds", kFunds},
      {"funds_yuan", kFunds},
      {"资金(元)", kFunds},
      {"资金", kFunds},
      {"person_times", kPersonTimes},
      {"人次", kPersonTimes},
      {"supplier", kSupplier},
      {"supplier_name", kSupplier},
      {"供应方", kSupplier},
      {"region", kRegion},
      {"对口地区", kRegion},
      {"platform", kPlatform},
      {"平台", kPlatform},
  };
  return names;
}

const std::map<std::string, std::string, std::less<>>& kind_names() {
  static const std::map<std::string, std::string, std::less<>> names = {
      {"抽奖", "lottery"},      {"领取", "claim"},    {"预约", "booking"},
      {"发放", "distribution"}, {"采购", "purchase"},
  };
  return names;
}

const std::map<std::string, std::string, std::less<>>& produce_kind_names() {
  static const std::map<std::string, std::string, std::less<>> names = {
      {"水果", "fruit"},   {"蔬菜", "vegetable"}, {"粮油", "grain"}, {"肉蛋", "meat_egg"},
      {"水产", "aquatic"}, {"茶叶", "tea"},       {"其他", "other"}, {"其它", "other"},
  };
  return names;
}

// Longest text a column holds, in characters.
constexpr std::array<size_t, kColumnCount> kMaxChars = {0, 0, 0, 50,  100, 100, 0,
                                                        0, 0, 0, 100, 60,  60};

std::string trim(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) {
    return {};
  }
  const size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

std::string lower_ascii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// A header as written → its name in header_names(): trimmed, lower case, full-width
// parentheses and inner spaces dropped.
std::string header_key(std::string_view text) {
  std::string key = lower_ascii(trim(text));
  for (const auto& [from, to] :
       {std::pair<std::string_view, std::string_view>{"（", "("}, {"）", ")"}, {" ", ""}}) {
    for (size_t at = key.find(from); at != std::string::npos; at = key.find(from, at)) {
      key.replace(at, from.size(), to);
      at += to.size();
    }
  }
  return key;
}

// Which column of the file each Column is (-1: absent).
Result<std::array<int, kColumnCount>> read_header(const std::vector<std::string>& header) {
  std::array<int, kColumnCount> index;
  index.fill(-1);
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string key = header_key(header[i]);
    if (key.empty()) continue;  // a blank column a spreadsheet left
    auto it = header_names().find(key);
    if (it == header_names().end()) {
      return Error::invalid("file", "unknown_column",
                            "line 1: unknown column \"" + header[i] +
                                "\" (expected 日期 工会 类型 品牌 名称 产品 品类 份数 资金(元) "
                                "人次 供应方 对口地区 平台, or their English codes)");
    }
    if (index[it->second] >= 0) {
      return Error::invalid("file", "duplicate_column",
                            "line 1: two columns mean the same thing (\"" + header[i] + "\")");
    }
    index[it->second] = static_cast<int>(i);
  }
  for (Column required : {kDate, kUnion, kKind}) {
    if (index[required] < 0) {
      return Error::invalid(
          "file", "missing_column",
          "line 1: the column " + std::string(kColumnCodes[required]) + " is missing");
    }
  }
  return index;
}

std::optional<int64_t> parse_count(std::string_view text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

// Checks one data row, adding its errors to `errors`.
class RowReader {
 public:
  RowReader(const csv::Record& record, const std::array<int, kColumnCount>& index, int64_t today,
            std::vector<RowError>& errors)
      : record_(record), index_(index), today_(today), errors_(errors) {}

  ParsedRow read();

 private:
  std::string cell(Column c) const {
    const int i = index_[c];
    return i >= 0 && static_cast<size_t>(i) < record_.fields.size() ? trim(record_.fields[i])
                                                                    : std::string();
  }
  void fail(Column c, std::string code, std::string message, std::string value) {
    errors_.push_back(RowError{record_.line, std::string(kColumnCodes[c]), std::move(code),
                               std::move(message), std::move(value)});
    row_.valid = false;
    failed_[c] = true;
  }
  // The text of a free-text column, refused when too long.
  std::string text(Column c) {
    std::string value = cell(c);
    if (json::count_code_points(value) > kMaxChars[c]) {
      fail(c, "too_long", "at most " + std::to_string(kMaxChars[c]) + " characters", value);
    }
    return value;
  }
  int64_t count(Column c);
  void read_date();
  void read_kinds();
  void check_rules();

  const csv::Record& record_;
  const std::array<int, kColumnCount>& index_;
  int64_t today_;
  std::vector<RowError>& errors_;
  ParsedRow row_;
  std::array<bool, kColumnCount> failed_{};
};

int64_t RowReader::count(Column c) {
  const std::string value = cell(c);
  if (value.empty()) return 0;
  auto n = parse_count(value);
  if (!n) {
    fail(c, "invalid_integer", "must be a whole number, 0 or more", value);
    return 0;
  }
  return *n;
}

void RowReader::read_date() {
  const std::string value = cell(kDate);
  if (value.empty()) {
    fail(kDate, "required", "the date is empty", value);
    return;
  }
  auto day = parse_date(value);
  if (!day) {
    fail(kDate, "invalid_date", "not a date (2021-03-05 or 2021/3/5)", value);
  } else if (*day > today_) {
    fail(kDate, "future_date", "the date is in the future", value);
  } else {
    row_.record.happened_on = *day;
  }
}

void RowReader::read_kinds() {
  const std::string kind = cell(kKind);
  if (kind.empty()) {
    fail(kKind, "required", "the kind is empty", kind);
  } else if (auto it = kind_names().find(kind); it != kind_names().end()) {
    row_.record.kind = it->second;
  } else if (valid_kind(lower_ascii(kind))) {
    row_.record.kind = lower_ascii(kind);
  } else {
    fail(kKind, "unknown_kind",
         "the kind must be one of 抽奖 领取 预约 发放 采购 (lottery claim booking distribution "
         "purchase)",
         kind);
  }
  const std::string produce_kind = cell(kProduceKind);
  if (produce_kind.empty()) {
    return;
  }
  if (auto it = produce_kind_names().find(produce_kind); it != produce_kind_names().end()) {
    row_.record.produce_kind = it->second;
  } else if (purchase::valid_kind(lower_ascii(produce_kind))) {
    row_.record.produce_kind = lower_ascii(produce_kind);
  } else {
    fail(kProduceKind, "unknown_produce_kind",
         "the produce kind must be one of 水果 蔬菜 粮油 肉蛋 水产 茶叶 其他 (fruit vegetable "
         "grain meat_egg aquatic tea other)",
         produce_kind);
  }
}

// What an event or a purchase needs beyond well-formed cells (a cell already refused is
// not refused again).
void RowReader::check_rules() {
  const Contribution& r = row_.record;
  if (r.kind.empty()) return;
  if (is_event(r.kind)) {
    if (!failed_[kPortions] && r.portions <= 0) {
      fail(kPortions, "event_needs_portions", "an event row needs portions above 0",
           cell(kPortions));
    }
    if (!failed_[kProduce] && !failed_[kProduceKind] && r.produce_name.empty() &&
        r.produce_kind.empty()) {
      fail(kProduce, "event_needs_produce", "an event row needs a produce name or kind", "");
    }
  } else {
    if (!failed_[kFunds] && r.funds_fen <= 0) {
      fail(kFunds, "purchase_needs_funds", "a purchase row needs funds above 0", cell(kFunds));
    }
    if (!failed_[kSupplier] && r.supplier_name.empty()) {
      fail(kSupplier, "purchase_needs_supplier", "a purchase row needs a supplier", "");
    }
  }
}

ParsedRow RowReader::read() {
  row_.line = record_.line;
  read_date();
  row_.union_text = cell(kUnion);
  if (row_.union_text.empty()) {
    fail(kUnion, "required", "the union is empty", "");
  }
  read_kinds();
  Contribution& r = row_.record;
  r.brand = text(kBrand);
  r.title = text(kTitle);
  r.produce_name = text(kProduce);
  r.supplier_name = text(kSupplier);
  r.region = text(kRegion);
  r.platform = text(kPlatform);
  r.portions = count(kPortions);
  r.person_times = count(kPersonTimes);
  const std::string funds = cell(kFunds);
  if (!funds.empty()) {
    auto fen = parse_yuan(funds);
    if (!fen) {
      fail(kFunds, "invalid_amount", "not an amount of yuan with at most 2 decimals (1234.50)",
           funds);
    } else {
      r.funds_fen = *fen;
    }
  }
  check_rules();
  if (r.produce_kind.empty() && !r.produce_name.empty()) {
    r.produce_kind = "other";
  }
  return std::move(row_);
}

}  // namespace

int column_rank(std::string_view column) {
  auto it = std::find(kColumnCodes.begin(), kColumnCodes.end(), column);
  return it == kColumnCodes.end() ? -1 : static_cast<int>(it - kColumnCodes.begin());
}

std::optional<int64_t> parse_date(std::string_view text) {
  // Year, month and day separated by one of - / . (the same one twice).
  int parts[3] = {0, 0, 0};
  int digits[3] = {0, 0, 0};
  int part = 0;
  char separator = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      if (++digits[part] > (part == 0 ? 4 : 2)) return std::nullopt;
      parts[part] = parts[part] * 10 + (c - '0');
    } else if ((c == '-' || c == '/' || c == '.') && part < 2 && digits[part] > 0 &&
               (separator == 0 || separator == c)) {
      separator = c;
      ++part;
    } else {
      return std::nullopt;
    }
  }
  if (part != 2 || digits[0] != 4 || digits[2] == 0) return std::nullopt;
  char normal[11];
  std::snprintf(normal, sizeof normal, "%04d-%02d-%02d", parts[0], parts[1], parts[2]);
  return parse_local_date(normal);
}

std::optional<int64_t> parse_yuan(std::string_view text) {
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view cents = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 12 || cents.size() > 2 ||
      (dot != std::string_view::npos && cents.empty())) {
    return std::nullopt;
  }
  int64_t fen = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    fen = fen * 10 + (c - '0');
  }
  for (size_t i = 0; i < 2; ++i) {
    const char c = i < cents.size() ? cents[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    fen = fen * 10 + (c - '0');
  }
  return fen;
}

Result<ParsedFile> read_file(std::string_view text, int64_t today) {
  GH_ASSIGN(std::vector<csv::Record> records, csv::parse(text));
  if (records.empty()) {
    return Error::invalid("file", "empty_file", "the file has no header row");
  }
  GH_ASSIGN(auto index, read_header(records[0].fields));
  ParsedFile file;
  file.rows = static_cast<int64_t>(records.size()) - 1;
  if (file.rows == 0) {
    return Error::invalid("file", "no_rows", "the file has a header but no rows");
  }
  if (file.rows > kMaxRows) {
    return Error::invalid("file", "too_many_rows",
                          "at most " + std::to_string(kMaxRows) + " rows in one file; split it");
  }
  const size_t width = records[0].fields.size();
  file.rows_read.reserve(records.size() - 1);
  for (size_t i = 1; i < records.size(); ++i) {
    const csv::Record& record = records[i];
    if (record.fields.size() > width) {
      // Cells beyond the header belong to no column: the row is probably shifted.
      file.errors.push_back(RowError{record.line, "", "wrong_column_count",
                                     "expected " + std::to_string(width) + " columns, found " +
                                         std::to_string(record.fields.size()),
                                     ""});
      ParsedRow row;
      row.line = record.line;
      row.valid = false;
      file.rows_read.push_back(std::move(row));
      continue;
    }
    file.rows_read.push_back(RowReader(record, index, today, file.errors).read());
  }
  return file;
}

}  // namespace gonghui::history::internal
