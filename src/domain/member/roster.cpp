// Roster import (all rows or none) and export of members as CSV.
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/csv.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/auth/auth.hpp"
#include "domain/member/member.hpp"
#include "domain/org/org.hpp"

namespace gonghui::member {
namespace {

// A member's status as the console shows it.
std::string_view status_words(MemberStatus status) {
  switch (status) {
    case MemberStatus::kFrozen:
      return "冻结";
    case MemberStatus::kLeft:
      return "已离会";
    case MemberStatus::kActive:
      break;
  }
  return "正常";
}

enum Column { kName, kPhone, kCard, kOrg, kColumnCount, kIgnored };

const std::map<std::string, Column>& header_names() {
  static const std::map<std::string, Column> names = {
      {"name", kName},
      {"姓名", kName},
      {"phone", kPhone},
      {"手机号", kPhone},
      {"mobile", kPhone},
      {"手机号码", kPhone},
      {"card_no", kCard},
      {"工会卡号", kCard},
      {"card", kCard},
      {"org", kOrg},
      {"所属工会", kOrg},
      {"org_id", kOrg},
      {"union", kOrg},
      {"工会", kOrg},
      // Columns of our own export that an import does not need.
      {"org_name", kIgnored},
      {"工会名称", kIgnored},
      {"status", kIgnored},
      {"状态", kIgnored},
      {"created_at", kIgnored},
      {"加入时间", kIgnored},
  };
  return names;
}

std::string trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) {
    return {};
  }
  size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

struct Row : RosterRow {
  int64_t org_id = 0;
};

}  // namespace

Result<Roster> read_roster(std::string_view text) {
  GH_ASSIGN(std::vector<csv::Record> records, csv::parse(text));
  Roster roster;
  if (records.empty()) {
    return Error::invalid("file", "empty_file", "the file has no header row");
  }
  // Header: which column is which.
  int index[kColumnCount] = {-1, -1, -1, -1};
  const auto& header = records[0].fields;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string name = trim(header[i]);
    for (char& c : name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    auto it = header_names().find(name);
    if (it == header_names().end()) {
      return Error::invalid(
          "file", "unknown_column",
          "line 1: unknown column \"" + header[i] + "\" (expected name, phone, card_no, org)");
    }
    if (it->second == kIgnored) {
      continue;
    }
    if (index[it->second] >= 0) {
      return Error::invalid("file", "duplicate_column",
                            "line 1: two columns mean the same thing (\"" + header[i] + "\")");
    }
    index[it->second] = static_cast<int>(i);
  }
  for (int c = 0; c < kColumnCount; ++c) {
    if (index[c] < 0) {
      static const char* kNames[] = {"name", "phone", "card_no", "org"};
      return Error::invalid("file", "missing_column",
                            std::string("line 1: the column ") + kNames[c] + " is missing");
    }
  }
  auto problem = [&roster](int64_t line, std::string field, std::string code,
                           std::string msg) -> ImportProblem& {
    ImportProblem& p = roster.problems.emplace_back();
    p.line = line;
    p.field = std::move(field);
    p.code = std::move(code);
    p.message = std::move(msg);
    return p;
  };
  roster.valid.reserve(records.size());
  std::unordered_map<std::string, int64_t> card_lines, phone_lines;
  for (size_t r = 1; r < records.size(); ++r) {
    const csv::Record& record = records[r];
    if (record.fields.size() != header.size()) {
      ImportProblem& p = problem(record.line, "", "wrong_column_count",
                                 "expected " + std::to_string(header.size()) + " columns, found " +
                                     std::to_string(record.fields.size()));
      p.expected_columns = static_cast<int64_t>(header.size());
      p.found_columns = static_cast<int64_t>(record.fields.size());
      continue;
    }
    RosterRow row{record.line, trim(record.fields[index[kName]]),
                  trim(record.fields[index[kPhone]]), trim(record.fields[index[kCard]]),
                  trim(record.fields[index[kOrg]])};
    const size_t before = roster.problems.size();
    if (row.name.empty()) {
      problem(row.line, "name", "required", "name is empty");
    }
    if (!auth::valid_phone(row.phone)) {
      problem(row.line, "phone", "invalid_phone",
              "\"" + row.phone + "\" is not an 11-digit mainland mobile number")
          .value = row.phone;
    } else if (auto [it, fresh] = phone_lines.emplace(row.phone, row.line); !fresh) {
      ImportProblem& p = problem(row.line, "phone", "duplicate_phone",
                                 "the same number is on line " + std::to_string(it->second));
      p.value = row.phone;
      p.other_line = it->second;
    }
    if (!valid_card_no(row.card_no)) {
      problem(row.line, "card_no", "invalid_card_no",
              "\"" + row.card_no + "\" is not a union card number (4-32 letters or digits)")
          .value = row.card_no;
    } else if (auto [it, fresh] = card_lines.emplace(row.card_no, row.line); !fresh) {
      ImportProblem& p = problem(row.line, "card_no", "duplicate_card_no",
                                 "the same card number is on line " + std::to_string(it->second));
      p.value = row.card_no;
      p.other_line = it->second;
    }
    if (row.org.empty()) {
      problem(row.line, "org", "required", "the union is empty");
    }
    if (roster.problems.size() == before) {
      roster.valid.push_back(std::move(row));
    }
  }
  roster.rows = static_cast<int64_t>(records.size() - 1);
  return roster;
}

namespace {

using Problems = std::vector<ImportProblem>;

// Adds a problem about `value` as written in the row.
void add_problem(Problems& problems, int64_t line, std::string field, std::string code,
                 std::string message, std::string value) {
  ImportProblem& p = problems.emplace_back();
  p.line = line;
  p.field = std::move(field);
  p.code = std::move(code);
  p.message = std::move(message);
  p.value = std::move(value);
}

// Each row's union, named by id or by name among the open base unions of the admin's subtree.
Status resolve_unions(store::Tx& tx, const org::Org& scope, std::vector<Row>& rows,
                      Problems& problems) {
  auto problem = [&problems](int64_t line, std::string field, std::string code, std::string msg,
                             std::string value) {
    add_problem(problems, line, std::move(field), std::move(code), std::move(msg),
                std::move(value));
  };
  GH_ASSIGN(std::vector<org::Org> unions, org::subtree(tx, scope.id));
  std::unordered_map<std::string, const org::Org*> by_id;
  std::unordered_map<std::string, std::vector<const org::Org*>> by_name;
  for (const org::Org& o : unions) {
    if (o.kind == org::Kind::kBase && !o.closed) {
      by_id[std::to_string(o.id)] = &o;
      by_name[o.name].push_back(&o);
    }
  }
  for (Row& row : rows) {
    if (auto it = by_id.find(row.org); it != by_id.end()) {
      row.org_id = it->second->id;
    } else if (auto named = by_name.find(row.org); named != by_name.end()) {
      if (named->second.size() > 1) {
        problem(row.line, "org", "ambiguous_org",
                "several base unions are named \"" + row.org + "\"; use its id", row.org);
      } else {
        row.org_id = named->second[0]->id;
      }
    } else {
      problem(row.line, "org", "unknown_org",
              "no open base union \"" + row.org + "\" in your part of the tree", row.org);
    }
  }
  return Status::Ok();
}

// Card numbers already held by members, and numbers of members or of admin and staff
// accounts.
Status check_taken(store::Tx& tx, const std::vector<Row>& rows, Problems& problems) {
  auto problem = [&problems](int64_t line, std::string field, std::string code, std::string msg,
                             std::string value) {
    add_problem(problems, line, std::move(field), std::move(code), std::move(msg),
                std::move(value));
  };
  // Looked up in chunks.
  for (size_t start = 0; start < rows.size(); start += 400) {
    const size_t end = std::min(rows.size(), start + 400);
    std::string marks;
    store::Params cards, phones;
    for (size_t i = start; i < end; ++i) {
      marks += marks.empty() ? "?" : ",?";
      cards.emplace_back(rows[i].card_no);
      phones.emplace_back(rows[i].phone);
    }
    GH_ASSIGN(store::Rows taken_cards,
              tx.query("SELECT card_no FROM members WHERE card_no IN (" + marks + ")", cards));
    GH_ASSIGN(store::Rows taken_phones,
              tx.query("SELECT a.phone FROM accounts a JOIN members m ON m.account_id = a.id "
                       "WHERE a.phone IN (" +
                           marks + ")",
                       phones));
    // Numbers of admin and staff accounts: a roster never attaches those (see account_for
    // in member.cpp).
    GH_ASSIGN(store::Rows privileged_phones,
              tx.query("SELECT DISTINCT a.phone FROM accounts a "
                       "JOIN account_roles r ON r.account_id = a.id WHERE a.phone IN (" +
                           marks + ")",
                       phones));
    std::unordered_set<std::string> card_set, phone_set, privileged_set;
    for (const auto& r : taken_cards) card_set.insert(r.text(0));
    for (const auto& r : taken_phones) phone_set.insert(r.text(0));
    for (const auto& r : privileged_phones) privileged_set.insert(r.text(0));
    for (size_t i = start; i < end; ++i) {
      if (card_set.count(rows[i].card_no)) {
        problem(rows[i].line, "card_no", "duplicate_card_no",
                "card number " + rows[i].card_no + " already belongs to a member", rows[i].card_no);
      }
      if (phone_set.count(rows[i].phone)) {
        problem(rows[i].line, "phone", "duplicate_phone",
                "number " + rows[i].phone + " already belongs to a member", rows[i].phone);
      } else if (privileged_set.count(rows[i].phone)) {
        problem(rows[i].line, "phone", "phone_in_use",
                "number " + rows[i].phone + " signs in to an admin or merchant staff account",
                rows[i].phone);
      }
    }
  }
  return Status::Ok();
}

// Writes every row: the account of its number (made if missing) and the member.
Status insert_members(store::Tx& tx, const std::vector<Row>& rows) {
  const int64_t now = Timestamp::now().ms;
  for (const Row& row : rows) {
    GH_ASSIGN(store::Rows account,
              tx.query("SELECT id FROM accounts WHERE phone = ?", {row.phone}));
    int64_t account_id = 0;
    if (!account.empty()) {
      account_id = account[0].integer(0);
    } else {
      account_id = new_id();
      GH_TRY(
          tx.exec("INSERT INTO accounts (id, phone, name, password_hash, disabled, demo, "
                  "created_at, updated_at) VALUES (?, ?, ?, '', 0, 0, ?, ?)",
                  {account_id, row.phone, row.name, now, now}));
    }
    GH_TRY(
        tx.exec("INSERT INTO members (id, account_id, org_id, name, phone, card_no, status, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)",
                {new_id(), account_id, row.org_id, row.name, row.phone, row.card_no, now, now}));
  }
  return Status::Ok();
}

}  // namespace

Result<ImportReport> import_csv(store::Db& db, const Principal& admin, std::string_view text) {
  GH_ASSIGN(Roster roster, read_roster(text));
  ImportReport report;
  report.rows = roster.rows;
  report.problems = std::move(roster.problems);
  std::vector<Row> rows;
  rows.reserve(roster.valid.size());
  for (RosterRow& valid : roster.valid) {
    rows.push_back(Row{std::move(valid), 0});
  }
  // Everything else is checked against the database inside the one write transaction.
  Status status = db.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
    GH_TRY(resolve_unions(tx, scope, rows, report.problems));
    GH_TRY(check_taken(tx, rows, report.problems));
    if (!report.problems.empty()) {
      return Status::Ok();  // nothing written
    }
    GH_TRY(insert_members(tx, rows));
    report.created = static_cast<int64_t>(rows.size());
    return audit::record(tx, admin, "member.import", "org", std::to_string(scope.id), scope.id,
                         nullptr,
                         boost::json::object{{"rows", report.rows}, {"created", report.created}});
  });
  if (!status.ok()) {
    return std::move(status).error();
  }
  if (!report.problems.empty()) {
    std::stable_sort(
        report.problems.begin(), report.problems.end(),
        [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
    report.created = 0;
  }
  return report;
}

Result<std::string> export_csv(store::Tx& tx, const Principal& admin, ListFilter filter,
                               ExportForm form) {
  const bool staff = form == ExportForm::kStaff;
  // The first four columns are exactly what an import reads back; the rest are ignored by it.
  std::string out = staff ? "\xEF\xBB\xBF姓名,手机号,工会卡号,所属工会,状态,加入时间\r\n"
                          : "\xEF\xBB\xBFname,phone,card_no,org,org_name,status,created_at\r\n";
  filter.limit = 500;
  filter.after_id = 0;
  for (;;) {
    GH_ASSIGN(Page page, list(tx, admin, filter));
    for (const Member& m : page.items) {
      out += csv::escape_cell(m.name) + "," + m.phone + "," + csv::escape_cell(m.card_no) + ",";
      if (staff) {
        out += csv::escape_cell(m.org_name) + "," + std::string(status_words(m.status)) + "," +
               format_local_minute(m.created_at) + "\r\n";
      } else {
        out += std::to_string(m.org_id) + "," + csv::escape_cell(m.org_name) + "," +
               std::string(enum_name(m.status)) + "," + format_rfc3339(Timestamp{m.created_at}) +
               "\r\n";
      }
    }
    if (page.next_after_id == 0) {
      break;
    }
    filter.after_id = page.next_after_id;
  }
  return out;
}

}  // namespace gonghui::member
