// Member records: create, read, edit, move, list; every admin change is audited.
#include "domain/member/member.hpp"

#include <algorithm>

#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/auth/auth.hpp"
#include "domain/org/org.hpp"
#include "store/columns.hpp"
#include "text/matcher.hpp"
#include "text/normalize.hpp"

namespace gonghui::member {
namespace {

constexpr std::string_view kSelect =
    "SELECT m.id, m.account_id, m.org_id, o.name, m.name, m.phone, m.card_no, m.status, "
    "m.created_at, m.updated_at, m.frontline, m.joined_on FROM members m "
    "JOIN orgs o ON o.id = m.org_id";
using MemberFields =
    store::Fields<&Member::id, &Member::account_id, &Member::org_id, &Member::org_name,
                  &Member::name, &Member::phone, &Member::card_no, &Member::status,
                  &Member::created_at, &Member::updated_at, &Member::frontline, &Member::joined_on>;
static_assert(MemberFields::matches(kSelect));

Member from_row(const store::Row& row) { return MemberFields::read(row); }

boost::json::object snapshot(const Member& m) {
  return {{"name", m.name},
          {"phone", m.phone},
          {"card_no", m.card_no},
          {"org_id", std::to_string(m.org_id)},
          {"status", enum_name(m.status)},
          {"frontline", m.frontline},
          {"joined_on", m.joined_on ? boost::json::value(format_local_date(m.joined_on))
                                    : boost::json::value(nullptr)}};
}

Result<Member> load(store::Tx& tx, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kSelect) + " WHERE m.id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("member");
  }
  return from_row(rows[0]);
}

// The base union a member may be placed in: inside the admin's subtree, open, kind base.
Result<org::Org> placement(store::Tx& tx, const Principal& admin, int64_t org_id) {
  auto target = org::require_in_scope(tx, admin, org_id);
  if (!target.ok()) {
    if (target.error().kind == ErrorKind::kNotFound) {
      return Error::invalid("org_id", "unknown_org", "no union has that id");
    }
    return std::move(target).error();
  }
  if (target->kind != org::Kind::kBase) {
    return Error::invalid("org_id", "not_base_union", "members belong to a base union");
  }
  if (target->closed) {
    return Error::invalid("org_id", "org_closed", "that union is closed");
  }
  return std::move(target).value();
}

Status validate_name(const std::string& name) {
  if (name.empty()) {
    return Error::invalid("name", "required", "name is required");
  }
  return Status::Ok();
}

Status validate_phone(const std::string& phone) {
  if (!auth::valid_phone(phone)) {
    return Error::invalid("phone", "invalid_phone",
                          "phone must be an 11-digit mainland mobile number");
  }
  return Status::Ok();
}

Status validate_card(const std::string& card_no) {
  if (!valid_card_no(card_no)) {
    return Error::invalid("card_no", "invalid_card_no",
                          "card_no must be 4 to 32 letters, digits or '-'");
  }
  return Status::Ok();
}

Status validate_joined_on(int64_t joined_on) {
  if (joined_on > Timestamp::now().ms) {
    return Error::invalid("joined_on", "in_future", "joined_on may not be in the future");
  }
  return Status::Ok();
}

Error phone_in_use() {
  return Error::conflict(
      "phone_in_use", "this mobile number signs in to an admin or merchant staff account", "phone");
}

Error card_taken() {
  return Error::conflict("duplicate_card_no", "another member has this union card number",
                         "card_no");
}

// Finds or makes the account for a mobile number. An account that already belongs to another
// member, or holds an admin or staff role, is refused: attaching it would hand its sign-in
// (and, through a password reset, its roles) to whoever manages this member record.
Result<int64_t> account_for(store::Tx& tx, const std::string& phone, const std::string& name,
                            int64_t except_member) {
  auto existing = auth::find_account_by_phone(tx, phone);
  if (existing.ok()) {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT id FROM members WHERE account_id = ? AND id <> ?",
                                         {existing->id, except_member}));
    if (!rows.empty()) {
      return Error::conflict("duplicate_phone", "another member has this mobile number", "phone");
    }
    GH_ASSIGN(bool privileged, auth::holds_staff_or_admin_role(tx, existing->id));
    if (privileged) {
      return phone_in_use();
    }
    return existing->id;
  }
  GH_ASSIGN(auth::Account account, auth::create_account(tx, phone, name, "", false));
  return account.id;
}

// Whether a search is letters only (after folding width and case; spaces and apostrophes
// between syllables allowed): it may then spell the pinyin of a name.
bool spells_pinyin(std::string_view q) {
  const std::string folded = text::fold(q);
  return std::any_of(folded.begin(), folded.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
         std::all_of(folded.begin(), folded.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || c == ' ' || c == '\''; });
}

// Members in range whose name begins with the pinyin q (in full, by initials or mixed: cxm,
// chenxiaomei, chenxm for 陈晓梅) or whose card number begins with q. The names are read in
// id order, a slice at a time, until a page is full.
Result<Page> list_by_pinyin(store::Tx& tx, const org::PathRange& range, const ListFilter& filter) {
  GH_ASSIGN(const text::PinyinTable* pinyin, text::PinyinTable::shared());
  const std::u32string key = text::search_key(filter.q, 64);
  text::PinyinMatcher matcher(*pinyin, key);
  constexpr int64_t kSlice = 2000;
  std::string sql = std::string(kSelect) + " WHERE o.path >= ? AND o.path < ? AND m.id > ?";
  if (filter.status) {
    sql += " AND m.status = ?";
  }
  sql += " ORDER BY m.id LIMIT ?";
  Page page;
  for (int64_t after = filter.after_id;;) {
    store::Params params{range.lower, range.upper, after};
    if (filter.status) {
      params.emplace_back(std::string(enum_name(*filter.status)));
    }
    params.emplace_back(kSlice);
    GH_ASSIGN(store::Rows rows, tx.query(sql, params));
    for (const auto& row : rows) {
      Member m = from_row(row);
      after = m.id;
      if (!m.card_no.starts_with(filter.q) &&
          !matcher.match(text::search_key(m.name, 64)).prefix.found()) {
        continue;
      }
      if (static_cast<int64_t>(page.items.size()) == filter.limit) {
        page.next_after_id = page.items.back().id;
        return page;
      }
      page.items.push_back(std::move(m));
    }
    if (static_cast<int64_t>(rows.size()) < kSlice) {
      return page;
    }
  }
}

}  // namespace

bool valid_card_no(std::string_view card_no) {
  if (card_no.size() < 4 || card_no.size() > 32) {
    return false;
  }
  return std::all_of(card_no.begin(), card_no.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
  });
}

std::vector<store::Migration> migrations() {
  // Name, number and card compare byte-wise on both engines so that prefix search is an
  // index range.
  const std::string table =
      R"sql(CREATE TABLE members (
  id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL UNIQUE REFERENCES accounts (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id), name TEXT %C% NOT NULL,
  phone TEXT %C% NOT NULL, card_no TEXT %C% NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('active','frozen','left')),
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX members_org ON members (org_id, id);
CREATE INDEX members_phone ON members (phone);
CREATE INDEX members_name ON members (name);)sql";
  // Frontline (一线职工) and the day of joining the union, which programmes such as 求学圆梦
  // ask for; joined_on 0 is unknown (membership then counts from created_at).
  constexpr std::string_view columns =
      R"sql(ALTER TABLE members ADD COLUMN frontline INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN joined_on BIGINT NOT NULL DEFAULT 0;)sql";
  return {store::byte_ordered(130, "members", table),
          {1100, "members frontline and joined_on", std::string(columns), ""}};
}

Result<Member> create(store::Tx& tx, const Principal& admin, const MemberInput& input) {
  GH_TRY(validate_name(input.name));
  GH_TRY(validate_phone(input.phone));
  GH_TRY(validate_card(input.card_no));
  GH_TRY(validate_joined_on(input.joined_on));
  GH_ASSIGN(org::Org base, placement(tx, admin, input.org_id));
  GH_ASSIGN(int64_t account_id, account_for(tx, input.phone, input.name, 0));
  Member m;
  m.id = new_id();
  m.account_id = account_id;
  m.org_id = base.id;
  m.org_name = base.name;
  m.name = input.name;
  m.phone = input.phone;
  m.card_no = input.card_no;
  m.frontline = input.frontline;
  m.joined_on = input.joined_on;
  m.created_at = m.updated_at = Timestamp::now().ms;
  auto inserted = tx.exec(
      "INSERT INTO members (id, account_id, org_id, name, phone, card_no, status, created_at, "
      "updated_at, frontline, joined_on) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)",
      {m.id, m.account_id, m.org_id, m.name, m.phone, m.card_no, m.created_at, m.updated_at,
       int64_t{m.frontline}, m.joined_on});
  if (!inserted.ok()) {
    return inserted.error().code == store::kUniqueViolation ? card_taken()
                                                            : std::move(inserted).error();
  }
  GH_TRY(audit::record(tx, admin, "member.create", "member", std::to_string(m.id), m.org_id,
                       nullptr, snapshot(m)));
  return m;
}

Result<Member> get(store::Tx& tx, const Principal& principal, int64_t id) {
  GH_ASSIGN(Member m, load(tx, id));
  if (const RoleGrant* own = principal.grant(Role::kMember); own && own->member_id == id) {
    return m;
  }
  if (principal.has(Role::kPlatformAdmin) || principal.has(Role::kOrgAdmin)) {
    auto scoped = org::require_in_scope(tx, principal, m.org_id);
    if (scoped.ok()) {
      return m;
    }
  }
  return Error::forbidden("that member is outside your part of the tree");
}

Result<Member> update(store::Tx& tx, const Principal& admin, int64_t id, const MemberPatch& patch) {
  GH_ASSIGN(Member m, load(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, m.org_id));
  const Member before = m;
  if (patch.name) {
    GH_TRY(validate_name(*patch.name));
    m.name = *patch.name;
  }
  if (patch.card_no) {
    GH_TRY(validate_card(*patch.card_no));
    m.card_no = *patch.card_no;
  }
  if (patch.status) {
    m.status = *patch.status;
  }
  if (patch.frontline) {
    m.frontline = *patch.frontline;
  }
  if (patch.joined_on) {
    GH_TRY(validate_joined_on(*patch.joined_on));
    m.joined_on = *patch.joined_on;
  }
  if (patch.phone && *patch.phone != m.phone) {
    GH_TRY(validate_phone(*patch.phone));
    m.phone = *patch.phone;
    GH_ASSIGN(m.account_id, account_for(tx, m.phone, m.name, m.id));
  }
  m.updated_at = Timestamp::now().ms;
  auto changed = tx.exec(
      "UPDATE members SET name = ?, phone = ?, card_no = ?, status = ?, account_id = ?, "
      "updated_at = ?, frontline = ?, joined_on = ? WHERE id = ?",
      {m.name, m.phone, m.card_no, std::string(enum_name(m.status)), m.account_id, m.updated_at,
       int64_t{m.frontline}, m.joined_on, m.id});
  if (!changed.ok()) {
    return changed.error().code == store::kUniqueViolation ? card_taken()
                                                           : std::move(changed).error();
  }
  GH_TRY(audit::record(tx, admin, "member.update", "member", std::to_string(m.id), m.org_id,
                       snapshot(before), snapshot(m)));
  return m;
}

Result<Member> move(store::Tx& tx, const Principal& admin, int64_t id, int64_t org_id) {
  GH_ASSIGN(Member m, load(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, m.org_id));
  GH_ASSIGN(org::Org base, placement(tx, admin, org_id));
  const Member before = m;
  m.org_id = base.id;
  m.org_name = base.name;
  m.updated_at = Timestamp::now().ms;
  GH_TRY(tx.exec("UPDATE members SET org_id = ?, updated_at = ? WHERE id = ?",
                 {m.org_id, m.updated_at, m.id}));
  GH_TRY(audit::record(tx, admin, "member.move", "member", std::to_string(m.id), m.org_id,
                       snapshot(before), snapshot(m)));
  return m;
}

Status reset_password(store::Tx& tx, const Principal& admin, int64_t id,
                      std::string_view password_hash) {
  GH_ASSIGN(Member m, load(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, m.org_id));
  if (m.account_id == admin.account_id) {
    return Error::forbidden("use password change for your own account");
  }
  GH_ASSIGN(bool privileged, auth::holds_staff_or_admin_role(tx, m.account_id));
  if (privileged) {
    return Error::forbidden(
        "this member's number signs in to an admin or merchant staff account; its owner "
        "changes that password");
  }
  GH_TRY(auth::set_password_hash(tx, m.account_id, password_hash));
  GH_TRY(tx.exec("UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at = 0",
                 {Timestamp::now().ms, m.account_id}));
  // The member's name, so the log can say whose password it was.
  return audit::record(tx, admin, "member.password_reset", "member", std::to_string(id), m.org_id,
                       nullptr, boost::json::object{{"name", m.name}});
}

Result<Page> list(store::Tx& tx, const Principal& admin, const ListFilter& filter) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  if (filter.org_id) {
    auto narrowed = org::require_in_scope(tx, admin, *filter.org_id);
    if (!narrowed.ok()) {
      if (narrowed.error().kind == ErrorKind::kNotFound) {
        return Error::invalid("org_id", "unknown_org", "no union has that id");
      }
      return std::move(narrowed).error();
    }
    scope = std::move(narrowed).value();
  }
  const org::PathRange range = org::range_of(scope.path);
  if (spells_pinyin(filter.q)) {
    return list_by_pinyin(tx, range, filter);
  }
  std::string sql = std::string(kSelect) + " WHERE o.path >= ? AND o.path < ? AND m.id > ?";
  if (!filter.q.empty()) {
    // Searching, the name/number/card ranges are the selective part: make SQLite drive the
    // join from members (CROSS JOIN fixes the order; the unary + keeps the id range from
    // being chosen over the OR of index ranges). PostgreSQL plans this form as usual.
    sql = std::string(kSelect);
    sql.replace(sql.find("JOIN orgs o ON o.id = m.org_id"), 30, "CROSS JOIN orgs o");
    sql += " WHERE o.id = m.org_id AND o.path >= ? AND o.path < ? AND +m.id > ?";
  }
  store::Params params{range.lower, range.upper, filter.after_id};
  if (filter.status) {
    sql += " AND m.status = ?";
    params.emplace_back(std::string(enum_name(*filter.status)));
  }
  if (!filter.q.empty()) {
    // A prefix of the name, the mobile number or the card number: three index ranges.
    // U+10FFFF sorts after every character that can follow the prefix.
    const std::string upper = filter.q + "\xf4\x8f\xbf\xbf";
    sql +=
        " AND ((m.name >= ? AND m.name < ?) OR (m.phone >= ? AND m.phone < ?) OR "
        "(m.card_no >= ? AND m.card_no < ?))";
    for (int i = 0; i < 3; ++i) {
      params.emplace_back(filter.q);
      params.emplace_back(upper);
    }
  }
  sql += " ORDER BY m.id LIMIT ?";
  params.emplace_back(filter.limit + 1);
  GH_ASSIGN(store::Rows rows, tx.query(sql, params));
  Page page;
  for (const auto& row : rows) {
    if (static_cast<int64_t>(page.items.size()) == filter.limit) {
      page.next_after_id = page.items.back().id;
      break;
    }
    page.items.push_back(from_row(row));
  }
  return page;
}

}  // namespace gonghui::member
