// 入会申请: applications, their review (approval makes the member) and the figures.
#include "domain/joining/joining.hpp"

#include <boost/json/object.hpp>

#include "core/check_digits.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/member/member.hpp"
#include "domain/message/message.hpp"
#include "domain/sealing/sealing.hpp"
#include "store/columns.hpp"

namespace gonghui::joining {
namespace {

constexpr std::string_view kSelect =
    "SELECT j.id, j.account_id, j.org_id, o.name, j.name, j.id_number_sealed, j.employer, "
    "j.phone, j.status, j.reason, j.member_id, j.member_no, j.created_at, j.reviewed_at "
    "FROM joining_applications j JOIN orgs o ON o.id = j.org_id";
// id_number_sealed is read into id_number_masked and replaced by its mask after opening.
using Fields =
    store::Fields<&Application::id, &Application::account_id, &Application::org_id,
                  &Application::org_name, &Application::name, &Application::id_number_masked,
                  &Application::employer, &Application::phone, &Application::status,
                  &Application::reason, &Application::member_id, &Application::member_no,
                  &Application::created_at, &Application::reviewed_at>;
static_assert(Fields::matches(kSelect));

std::string context(int64_t id) { return "joining_id:" + std::to_string(id); }

// Reads rows, opening each sealed ID number only to mask it.
Result<std::vector<Application>> read_rows(store::Tx& tx, const store::Rows& rows) {
  std::vector<Application> out;
  if (rows.empty()) {
    return out;
  }
  GH_ASSIGN(sealing::Sealer sealer, sealing::sealer(tx));
  for (const store::Row& row : rows) {
    Application a = Fields::read(row);
    GH_ASSIGN(std::string id_number, sealer.unseal(a.id_number_masked, context(a.id)));
    a.id_number_masked = mask_id_number(id_number);
    out.push_back(std::move(a));
  }
  return out;
}

Result<Application> load(store::Tx& tx, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kSelect) + " WHERE j.id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("joining application");
  }
  GH_ASSIGN(std::vector<Application> found, read_rows(tx, rows));
  return found.front();
}

Result<Application> in_scope(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Application a, load(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, a.org_id));
  return a;
}

Status check_text(std::string_view value, std::string_view field, size_t max) {
  if (value.empty()) {
    return Error::invalid(std::string(field), "required", std::string(field) + " is required");
  }
  if (json::count_code_points(value) > max) {
    return Error::invalid(std::string(field), "too_long",
                          "at most " + std::to_string(max) + " characters");
  }
  return Status::Ok();
}

boost::json::object audit_view(const Application& a) {
  return {{"name", a.name},
          {"id_number", a.id_number_masked},
          {"status", enum_name(a.status)},
          {"reason", a.reason},
          {"member_no", a.member_no}};
}

// submitted → `to` with a conditional update: of two reviewers at once, one moves it.
Result<Application> decide(store::Tx& tx, const Principal& admin, const Application& before,
                           State to, std::string_view reason, int64_t member_id,
                           std::string_view member_no, int64_t now) {
  GH_ASSIGN(int64_t changed,
            tx.exec("UPDATE joining_applications SET status = ?, reason = ?, member_id = ?, "
                    "member_no = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ? AND "
                    "status = 'submitted'",
                    {std::string(enum_name(to)), std::string(reason), member_id,
                     std::string(member_no), admin.account_id, now, before.id}));
  if (changed != 1) {
    return Error::conflict("wrong_status", "this application is not waiting for a review");
  }
  GH_ASSIGN(Application after, load(tx, before.id));
  GH_TRY(audit::record(tx, admin, to == State::kApproved ? "joining.approved" : "joining.rejected",
                       "joining_application", std::to_string(before.id), before.org_id,
                       audit_view(before), audit_view(after)));
  return after;
}

}  // namespace

std::vector<store::Migration> migrations() {
  return {{1220, "joining applications",
           R"sql(CREATE TABLE joining_applications (
  id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id), name TEXT NOT NULL,
  id_number_sealed TEXT NOT NULL, employer TEXT NOT NULL, phone TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('submitted','approved','rejected')),
  reason TEXT NOT NULL, member_id BIGINT NOT NULL, member_no TEXT NOT NULL,
  reviewed_by BIGINT NOT NULL, reviewed_at BIGINT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX joining_applications_org ON joining_applications (org_id, id);
CREATE INDEX joining_applications_account ON joining_applications (account_id, id);
CREATE UNIQUE INDEX joining_applications_waiting ON joining_applications (account_id)
  WHERE status = 'submitted';)sql",
           ""}};
}

Status validate(const Input& in) {
  if (in.org_id == 0) {
    return Error::invalid("org_id", "required", "org_id is required");
  }
  GH_TRY(check_text(in.name, "name", 50));
  if (!valid_id_number(in.id_number)) {
    return Error::invalid("id_number", "invalid_id_number",
                          "not a citizen ID number (its check character is wrong)");
  }
  return check_text(in.employer, "employer", 100);
}

Result<Application> apply(store::Tx& tx, const Principal& principal, const Input& in, int64_t now) {
  GH_TRY(validate(in));
  auto base = org::get(tx, in.org_id);
  if (!base.ok() || base->kind != org::Kind::kBase || base->closed) {
    return Error::invalid("org_id", "not_a_base_union", "choose a base union to join");
  }
  GH_ASSIGN(store::Rows member, tx.query("SELECT 1 FROM members WHERE account_id = ? AND "
                                         "status <> 'left'",
                                         {principal.account_id}));
  if (!member.empty()) {
    return Error::conflict("already_member", "this account is a union member already");
  }
  GH_ASSIGN(store::Rows phone,
            tx.query("SELECT phone FROM accounts WHERE id = ?", {principal.account_id}));
  if (phone.empty()) {
    return Error::not_found("account");
  }
  GH_ASSIGN(sealing::Sealer sealer, sealing::sealer(tx));
  const int64_t id = new_id();
  GH_ASSIGN(int64_t inserted,
            tx.exec("INSERT INTO joining_applications (id, account_id, org_id, name, "
                    "id_number_sealed, employer, phone, status, reason, member_id, member_no, "
                    "reviewed_by, reviewed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                    "'submitted', '', 0, '', 0, 0, ?) ON CONFLICT DO NOTHING",
                    {id, principal.account_id, in.org_id, in.name,
                     sealer.seal(in.id_number, context(id)), in.employer, phone[0].text(0), now}));
  if (inserted != 1) {
    return Error::conflict("already_applied", "an application of yours is waiting for review");
  }
  return load(tx, id);
}

Result<Application> mine(store::Tx& tx, const Principal& principal) {
  GH_ASSIGN(store::Rows rows,
            tx.query(std::string(kSelect) + " WHERE j.account_id = ? ORDER BY j.id DESC LIMIT 1",
                     {principal.account_id}));
  if (rows.empty()) {
    return Error::not_found("joining application");
  }
  GH_ASSIGN(std::vector<Application> found, read_rows(tx, rows));
  return found.front();
}

Result<Page> list(store::Tx& tx, const Principal& admin, std::optional<State> status,
                  int64_t before_id, int64_t limit) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  const org::PathRange range = org::range_of(scope.path);
  std::string sql = std::string(kSelect) + " WHERE o.path >= ? AND o.path < ?";
  store::Params params{range.lower, range.upper};
  if (status) {
    sql += " AND j.status = ?";
    params.emplace_back(std::string(enum_name(*status)));
  }
  if (before_id > 0) {
    sql += " AND j.id < ?";
    params.emplace_back(before_id);
  }
  sql += " ORDER BY j.id DESC LIMIT ?";
  params.emplace_back(limit + 1);
  GH_ASSIGN(store::Rows rows, tx.query(sql, params));
  GH_ASSIGN(std::vector<Application> found, read_rows(tx, rows));
  Page page;
  for (Application& a : found) {
    if (static_cast<int64_t>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(std::move(a));
  }
  return page;
}

Result<Application> get(store::Tx& tx, const Principal& admin, int64_t id) {
  return in_scope(tx, admin, id);
}

Result<Application> approve(store::Tx& tx, const Principal& admin, int64_t id, int64_t now) {
  GH_ASSIGN(Application a, in_scope(tx, admin, id));
  if (a.status != State::kSubmitted) {
    return Error::conflict("wrong_status", "this application is not waiting for a review");
  }
  member::MemberInput input;
  input.name = a.name;
  input.phone = a.phone;
  input.card_no = "RH" + std::to_string(a.id);
  input.org_id = a.org_id;
  input.joined_on = local_day_start(local_day(now));
  GH_ASSIGN(member::Member m, member::create(tx, admin, input));
  GH_ASSIGN(Application after, decide(tx, admin, a, State::kApproved, "", m.id, m.card_no, now));
  GH_TRY(message::post(
      tx, m.id, "application_status", "入会申请已通过",
      "欢迎加入" + a.org_name + "！你的会员号是 " + m.card_no + "。重新登录后即可使用会员服务。",
      "/me", "joining:" + std::to_string(a.id)));
  return after;
}

Result<Application> reject(store::Tx& tx, const Principal& admin, int64_t id,
                           std::string_view reason, int64_t now) {
  GH_TRY(check_text(reason, "reason", 200));
  GH_ASSIGN(Application a, in_scope(tx, admin, id));
  return decide(tx, admin, a, State::kRejected, reason, 0, "", now);
}

Result<Figures> figures(store::Tx& tx, const Principal& admin, int64_t from, int64_t to) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  const org::PathRange range = org::range_of(scope.path);
  const std::string in_range =
      " FROM joining_applications j JOIN orgs o ON o.id = j.org_id WHERE o.path >= ? AND "
      "o.path < ?";
  Figures f;
  GH_ASSIGN(store::Rows made,
            tx.query("SELECT COUNT(*)" + in_range + " AND j.created_at >= ? AND j.created_at < ?",
                     {range.lower, range.upper, from, to}));
  f.applications = made[0].integer(0);
  GH_ASSIGN(store::Rows decided,
            tx.query("SELECT j.status, COUNT(*), SUM(j.reviewed_at - j.created_at)" + in_range +
                         " AND j.status <> 'submitted' AND j.reviewed_at >= ? AND "
                         "j.reviewed_at < ? GROUP BY j.status",
                     {range.lower, range.upper, from, to}));
  for (const store::Row& row : decided) {
    if (row.text(0) == "approved") {
      f.approvals = row.integer(1);
      f.average_days_to_approve =
          static_cast<double>(row.integer(2)) / static_cast<double>(row.integer(1)) / 86400000.0;
    } else {
      f.rejections = row.integer(1);
    }
  }
  GH_ASSIGN(store::Rows waiting,
            tx.query("SELECT COUNT(*)" + in_range + " AND j.status = 'submitted'",
                     {range.lower, range.upper}));
  f.waiting = waiting[0].integer(0);
  return f;
}

Result<std::map<int64_t, int64_t>> approvals_by_union(store::Tx& tx, const org::PathRange& range,
                                                      int64_t from, int64_t to) {
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT j.org_id, COUNT(*) FROM joining_applications j JOIN orgs o ON "
                     "o.id = j.org_id WHERE o.path >= ? AND o.path < ? AND j.status = "
                     "'approved' AND j.reviewed_at >= ? AND j.reviewed_at < ? GROUP BY j.org_id",
                     {range.lower, range.upper, from, to}));
  std::map<int64_t, int64_t> out;
  for (const store::Row& row : rows) {
    out[row.integer(0)] = row.integer(1);
  }
  return out;
}

Result<std::vector<Union>> unions(store::Tx& tx, std::string_view q, int64_t limit) {
  GH_ASSIGN(store::Rows rows, tx.query("SELECT id, path FROM orgs WHERE kind = 'base' AND "
                                       "closed = 0 AND name LIKE ? ORDER BY name LIMIT ?",
                                       {"%" + std::string(q) + "%", limit}));
  std::vector<Union> out;
  for (const store::Row& row : rows) {
    Union u;
    u.id = row.integer(0);
    for (int64_t on_path : org::ids_on_path(row.text(1))) {
      GH_ASSIGN(org::Org o, org::get(tx, on_path));
      u.path_names.push_back(o.name);
      u.name = o.name;
    }
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace gonghui::joining
