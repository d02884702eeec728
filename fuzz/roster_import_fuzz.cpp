// Fuzz target for the roster upload: bytes → the CSV reader → the roster's header and row
// checks (member::read_roster, everything an import checks before the database).
// Findings: a crash or sanitizer report, or a broken promise of the contract: a rejected file
// names field "file" with a 400 code; every problem has a line within the file, a field-level
// code and a message; valid rows hold trimmed, non-empty fields and no duplicates.
#include <cstdio>
#include <cstdlib>
#include <set>

#include "core/csv.hpp"
#include "core/json.hpp"
#include "domain/member/member.hpp"

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "FINDING: %s\n", what.c_str());
  std::abort();
}

int64_t count_lines(std::string_view text) {
  int64_t lines = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      ++lines;
    }
  }
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gonghui;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto roster = member::read_roster(text);
  if (!roster.ok()) {
    const Error& e = roster.error();
    if (e.kind != ErrorKind::kInvalidArgument || e.field != "file" || e.code.empty() ||
        e.message.empty()) {
      fail("a rejected file must be a 400 naming field \"file\": " + e.code);
    }
    if (!json::is_valid_utf8(e.message)) {
      fail("the error message is not UTF-8: " + e.code);
    }
    return 0;
  }
  const int64_t lines = count_lines(text);
  if (roster->rows < 0 || static_cast<int64_t>(roster->valid.size()) > roster->rows) {
    fail("more valid rows than rows");
  }
  int64_t previous = 0;
  for (const auto& p : roster->problems) {
    if (p.line < 2 || p.line > lines || p.line < previous || p.code.empty() || p.message.empty() ||
        !json::is_valid_utf8(p.message)) {
      fail("bad problem " + p.code + " on line " + std::to_string(p.line));
    }
    previous = p.line;
  }
  std::set<std::string> phones, cards;
  for (const auto& row : roster->valid) {
    if (row.line < 2 || row.line > lines || row.name.empty() || row.org.empty() ||
        !member::valid_card_no(row.card_no) || row.phone.size() != 11) {
      fail("an invalid row passed, line " + std::to_string(row.line));
    }
    for (const std::string* field : {&row.name, &row.org}) {
      if (field->front() == ' ' || field->back() == ' ' || field->front() == '\t' ||
          field->back() == '\t') {
        fail("an untrimmed field passed, line " + std::to_string(row.line));
      }
    }
    if (!phones.insert(row.phone).second || !cards.insert(row.card_no).second) {
      fail("a duplicate passed, line " + std::to_string(row.line));
    }
  }
  // The same bytes read the same way twice (no hidden state).
  auto again = member::read_roster(text);
  if (!again.ok() || again->valid.size() != roster->valid.size() ||
      again->problems.size() != roster->problems.size()) {
    fail("reading twice differs");
  }
  return 0;
}
