// Members (职工会员): workers belonging to one base union, managed by the admins of the
// unions above them. Each member has an account (their mobile number) to sign in with.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::member {

enum class MemberStatus { kActive, kFrozen, kLeft };
// As stored and in the API; an unknown name reads as active.
inline constexpr EnumNames<MemberStatus, 3> kStatusNames{{"active", "frozen", "left"},
                                                         MemberStatus::kActive};
constexpr const auto& enum_names(MemberStatus) { return kStatusNames; }

struct Member {
  int64_t id = 0;
  int64_t account_id = 0;
  int64_t org_id = 0;
  std::string org_name;
  std::string name;
  std::string phone;
  std::string card_no;
  MemberStatus status = MemberStatus::kActive;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  bool frontline = false;  // 一线职工, for programmes such as 求学圆梦
  int64_t joined_on = 0;   // the day they joined the union (its local start, UTC ms); 0 unknown
};

struct MemberInput {
  std::string name;
  std::string phone;
  std::string card_no;
  int64_t org_id = 0;
  bool frontline = false;
  int64_t joined_on = 0;  // a day's local start (core/time parse_local_date), or 0
};

struct MemberPatch {
  std::optional<std::string> name;
  std::optional<std::string> phone;
  std::optional<std::string> card_no;
  std::optional<MemberStatus> status;
  std::optional<bool> frontline = std::nullopt;
  std::optional<int64_t> joined_on = std::nullopt;  // 0 clears it
};

// The members table (130) and its frontline and joined_on columns (1100).
std::vector<store::Migration> migrations();

// Card numbers: 4-32 letters, digits or '-'.
bool valid_card_no(std::string_view card_no);

// Creates a member in a base union inside the admin's subtree; links the account with
// that mobile number or creates one without a password. Audited. A joined_on in the future is
// 400 in_future (field joined_on).
Result<Member> create(store::Tx& tx, const Principal& admin, const MemberInput& input);
// An admin reads members in their subtree; a member reads only themselves.
Result<Member> get(store::Tx& tx, const Principal& principal, int64_t id);
// Changes name, number, card, status (active, frozen, left), frontline or joined_on. Audited
// with before/after.
Result<Member> update(store::Tx& tx, const Principal& admin, int64_t id, const MemberPatch& patch);
// Moves a member to another base union; both must be in the admin's subtree. Audited.
Result<Member> move(store::Tx& tx, const Principal& admin, int64_t id, int64_t org_id);

// Sets a new password hash for a member's account (an admin's one-time password for the
// member to pass on) and ends every session of that account. Forbidden for a member outside
// the admin's subtree, for the admin's own member record, and for an account that also holds
// an admin or staff role (those are managed by their owners, not through a member record).
// Audited.
Status reset_password(store::Tx& tx, const Principal& admin, int64_t id,
                      std::string_view password_hash);

struct ListFilter {
  std::optional<int64_t> org_id;  // subtree of this union (default: the admin's scope)
  std::optional<MemberStatus> status;
  // Name prefix, mobile number prefix or card number prefix; letters alone are also the
  // pinyin of the name's beginning, in full, by initials or mixed (chenxiaomei, cxm, chenxm
  // for 陈晓梅).
  std::string q;
  int64_t after_id = 0;  // cursor: members with id > after_id
  int64_t limit = 50;    // at most 500
};
struct Page {
  std::vector<Member> items;
  int64_t next_after_id = 0;  // 0 when there is no further page
};
Result<Page> list(store::Tx& tx, const Principal& admin, const ListFilter& filter);

// Roster import (CSV, UTF-8, header row). Columns, in any order, by English or Chinese
// header: name/姓名, phone/手机号, card_no/工会卡号, org/所属工会 (a base union's id or name).
struct ImportProblem {
  int64_t line = 0;  // 1-based line in the file
  std::string field;
  std::string code;
  std::string message;     // English, for logs and programs; people read code and the values
  std::string value;       // the text at fault as written (a phone, card number or union), if any
  int64_t other_line = 0;  // duplicate_* within the file: the line that has it first
  int64_t expected_columns = 0;  // wrong_column_count: columns in the header …
  int64_t found_columns = 0;     // … and in the row
};
struct ImportReport {
  int64_t rows = 0;
  int64_t created = 0;
  std::vector<ImportProblem> problems;  // non-empty: nothing was applied
};
// The checks of a roster that need no database: the file's encoding and shape, the header,
// and each row's fields and duplicates within the file. Errors (400, field "file"):
// invalid_encoding, unterminated_quote, empty_file, unknown_column, duplicate_column,
// missing_column. Row problems are listed instead, with their line.
struct RosterRow {
  int64_t line = 0;
  std::string name, phone, card_no, org;  // org: a base union's id or name, still unresolved
};
struct Roster {
  int64_t rows = 0;                     // data rows in the file
  std::vector<RosterRow> valid;         // rows without problems, in file order
  std::vector<ImportProblem> problems;  // in file order
};
Result<Roster> read_roster(std::string_view csv);

// Validates every row first; applies all rows in one transaction or none.
Result<ImportReport> import_csv(store::Db& db, const Principal& admin, std::string_view csv);

// Who an export is for: staff read Chinese headings, union names, statuses in words and
// times in Beijing time (姓名, 手机号, 工会卡号, 所属工会, 状态, 加入时间); programs read the data
// form (name, phone, card_no, org as the union's id, org_name, status code, created_at in
// RFC 3339 UTC). Both read back as a roster.
enum class ExportForm { kStaff, kData };

// The filtered list as CSV (UTF-8 with BOM so that spreadsheet programs read Chinese).
Result<std::string> export_csv(store::Tx& tx, const Principal& admin, ListFilter filter,
                               ExportForm form = ExportForm::kData);

}  // namespace gonghui::member
