// Activation links for imported members, who have an account without a password: one at a
// time, or the whole list of a union's subtree for the union to hand out.
#include <boost/json/object.hpp>

#include "core/csv.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"
#include "domain/access/internal.hpp"
#include "domain/audit/audit.hpp"
#include "domain/member/member.hpp"
#include "domain/org/org.hpp"

namespace gonghui::access {
namespace {

Invitation activation_for(int64_t member_id, int64_t org_id, const std::string& phone,
                          const std::string& name) {
  Invitation inv;
  inv.purpose = Purpose::kActivation;
  inv.phone = phone;
  inv.name = name;
  inv.role = Role::kMember;
  inv.org_id = org_id;
  inv.member_id = member_id;
  return inv;
}

// Members in the subtree whose accounts have no password and no other role: id, name,
// phone, union name, union id.
constexpr std::string_view kUnactivated =
    "SELECT m.id, m.name, m.phone, o.name, o.id FROM members m JOIN orgs o ON o.id = m.org_id "
    "JOIN accounts a ON a.id = m.account_id WHERE o.path >= ? AND o.path < ? AND "
    "m.status <> 'left' AND a.password_hash = '' AND NOT EXISTS (SELECT 1 FROM account_roles r "
    "WHERE r.account_id = a.id) ORDER BY o.path, m.id";

}  // namespace

Result<Issued> issue_activation(store::Tx& tx, const Principal& admin, int64_t member_id) {
  GH_ASSIGN(member::Member m, member::get(tx, admin, member_id));
  GH_TRY(org::require_in_scope(tx, admin, m.org_id));
  if (m.status == member::MemberStatus::kLeft) {
    return Error::conflict("member_left", "this member has left the union");
  }
  GH_ASSIGN(auth::Account account, auth::get_account(tx, m.account_id));
  if (account.has_password) {
    return Error::conflict("already_activated", "this member can sign in already");
  }
  GH_ASSIGN(bool privileged, auth::holds_staff_or_admin_role(tx, m.account_id));
  if (privileged) {
    return Error::forbidden(
        "this member's number signs in to an admin or merchant staff account; its owner "
        "accepts that role's invitation instead");
  }
  GH_ASSIGN(Issued issued,
            issue(tx, admin, activation_for(m.id, m.org_id, m.phone, m.name), kActivationTtl));
  GH_TRY(audit::record(tx, admin, "member.issue_activation", "member", std::to_string(m.id),
                       m.org_id, nullptr,
                       boost::json::object{{"invitation_id", std::to_string(issued.invitation.id)},
                                           {"expires_at", issued.invitation.expires_at}}));
  return issued;
}

Result<std::string> activation_list_csv(store::Tx& tx, const Principal& admin, int64_t org_id,
                                        std::string_view base_url, int64_t max_rows) {
  GH_ASSIGN(org::Org org, org::require_in_scope(tx, admin, org_id));
  const org::PathRange range = org::range_of(org.path);
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kUnactivated) + " LIMIT ?",
                                       {range.lower, range.upper, max_rows + 1}));
  if (static_cast<int64_t>(rows.size()) > max_rows) {
    return Error::conflict("too_many_rows",
                           "more than " + std::to_string(max_rows) +
                               " members to activate; export the list of a smaller union");
  }
  std::string out = "\xEF\xBB\xBF姓名,手机号,所属工会,激活链接,有效期至\r\n";
  for (const auto& row : rows) {
    GH_ASSIGN(
        Issued issued,
        issue(tx, admin, activation_for(row.integer(0), row.integer(4), row.text(2), row.text(1)),
              kActivationTtl));
    out += csv::escape_cell(row.text(1)) + "," + mask_phone(row.text(2)) + "," +
           csv::escape_cell(row.text(3)) + "," + csv::escape(std::string(base_url) + issued.link) +
           "," + format_local_date(issued.invitation.expires_at) + "\r\n";
  }
  GH_TRY(audit::record(
      tx, admin, "org.export_activation_list", "org", std::to_string(org.id), org.id, nullptr,
      boost::json::object{{"org", org.name}, {"links", static_cast<int64_t>(rows.size())}}));
  return out;
}

}  // namespace gonghui::access
