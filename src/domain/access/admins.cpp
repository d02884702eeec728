// Union admins: who runs a union, appointing one (always through an invitation the owner
// accepts), removing one, and what an operator does for the first ones.
#include <boost/json/object.hpp>

#include "core/time.hpp"
#include "domain/access/internal.hpp"
#include "domain/audit/audit.hpp"
#include "domain/org/org.hpp"

namespace gonghui::access {
namespace {

// The union, if the principal may appoint and remove its admins: any for the platform admin,
// only unions strictly below their own for an org admin.
Result<org::Org> require_appointer(store::Tx& tx, const Principal& admin, int64_t org_id) {
  return org::require_set_from_above(tx, admin, org_id, "admins");
}

// Checks the appointment's input; the account of the number, if it has one.
Result<std::optional<auth::Account>> check_appointee(store::Tx& tx, const org::Org& org,
                                                     const std::string& phone,
                                                     const std::string& name) {
  if (!auth::valid_phone(phone)) {
    return Error::invalid("phone", "invalid_phone", "not a mainland mobile number");
  }
  if (org.closed) {
    return Error::conflict("org_closed", "this union is closed");
  }
  auto found = auth::find_account_by_phone(tx, phone);
  if (!found.ok()) {
    if (found.error().kind != ErrorKind::kNotFound) {
      return found.error();
    }
    if (name.empty()) {
      return Error::invalid("name", "required", "a name is needed for a new account");
    }
    return std::optional<auth::Account>();
  }
  GH_ASSIGN(store::Rows held,
            tx.query("SELECT 1 FROM account_roles WHERE account_id = ? AND "
                     "role = ? AND org_id = ?",
                     {found->id, std::string(enum_name(Role::kOrgAdmin)), org.id}));
  if (!held.empty()) {
    return Error::conflict("already_admin", "this number already administers this union", "phone");
  }
  return std::optional<auth::Account>(*found);
}

Invitation admin_invitation(const org::Org& org, const std::string& phone,
                            const std::string& name) {
  Invitation inv;
  inv.purpose = Purpose::kRole;
  inv.phone = phone;
  inv.name = name;
  inv.role = Role::kOrgAdmin;
  inv.org_id = org.id;
  return inv;
}

}  // namespace

Result<AdminList> list_admins(store::Tx& tx, const Principal& admin, int64_t org_id) {
  GH_ASSIGN(org::Org org, org::require_in_scope(tx, admin, org_id));
  AdminList list;
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT a.id, a.name, a.phone, r.created_at FROM account_roles r "
                     "JOIN accounts a ON a.id = r.account_id WHERE r.role = ? AND r.org_id = ? "
                     "ORDER BY r.created_at, a.id",
                     {std::string(enum_name(Role::kOrgAdmin)), org.id}));
  for (const auto& row : rows) {
    list.admins.push_back({row.integer(0), row.text(1), row.text(2), row.integer(3)});
  }
  GH_ASSIGN(store::Rows pending,
            tx.query(std::string("SELECT i.id, i.purpose, i.phone, i.name, i.role, i.org_id, "
                                 "i.merchant_id, i.member_id, i.created_by, i.created_at, "
                                 "i.expires_at, i.used_at, i.revoked_at, a.name FROM invitations "
                                 "i LEFT JOIN accounts a ON a.id = i.created_by WHERE i.role = ? "
                                 "AND i.org_id = ? AND i.purpose = ? AND i.used_at = 0 AND "
                                 "i.revoked_at = 0 AND i.expires_at > ? ORDER BY i.created_at"),
                     {std::string(enum_name(Role::kOrgAdmin)), org.id,
                      std::string(enum_name(Purpose::kRole)), Timestamp::now().ms}));
  for (const auto& row : pending) {
    list.pending.push_back(internal::InvitationFields::read(row));
    list.inviter_names.push_back(row.text(13));
  }
  return list;
}

Result<Issued> appoint_admin(store::Tx& tx, const Principal& admin, int64_t org_id,
                             const std::string& phone, const std::string& name) {
  GH_ASSIGN(org::Org org, require_appointer(tx, admin, org_id));
  GH_ASSIGN(std::optional<auth::Account> account, check_appointee(tx, org, phone, name));
  // Always an invitation: the role is only ever added with the owner's consent.
  GH_ASSIGN(Issued issued, issue(tx, admin, admin_invitation(org, phone, name), kInvitationTtl));
  GH_TRY(audit::record(tx, admin, "org.invite_admin", "account",
                       account ? std::to_string(account->id) : "", org.id, nullptr,
                       boost::json::object{{"phone", phone},
                                           {"name", account ? account->name : name},
                                           {"org", org.name},
                                           {"invitation_id", std::to_string(issued.invitation.id)},
                                           {"expires_at", issued.invitation.expires_at}}));
  return issued;
}

Status remove_admin(store::Tx& tx, const Principal& admin, int64_t org_id, int64_t account_id) {
  GH_ASSIGN(org::Org org, require_appointer(tx, admin, org_id));
  if (account_id == admin.account_id) {
    return Error::conflict("cannot_remove_self", "you cannot remove your own admin role");
  }
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT a.name, a.phone FROM account_roles r JOIN accounts a ON "
                     "a.id = r.account_id WHERE r.account_id = ? AND r.role = ? AND r.org_id = ?",
                     {account_id, std::string(enum_name(Role::kOrgAdmin)), org.id}));
  if (rows.empty()) {
    return Error::not_found("admin");
  }
  GH_TRY(tx.exec("DELETE FROM account_roles WHERE account_id = ? AND role = ? AND org_id = ?",
                 {account_id, std::string(enum_name(Role::kOrgAdmin)), org.id}));
  return audit::record(tx, admin, "org.remove_admin", "account", std::to_string(account_id), org.id,
                       boost::json::object{{"name", rows[0].text(0)},
                                           {"phone", rows[0].text(1)},
                                           {"role", enum_name(Role::kOrgAdmin)},
                                           {"org", org.name}},
                       nullptr);
}

Status revoke_admin_invitation(store::Tx& tx, const Principal& admin, int64_t org_id,
                               int64_t invitation_id) {
  GH_ASSIGN(org::Org org, require_appointer(tx, admin, org_id));
  GH_ASSIGN(
      int64_t changed,
      tx.exec("UPDATE invitations SET revoked_at = ? WHERE id = ? AND org_id = ? AND "
              "role = ? AND purpose = ? AND used_at = 0 AND revoked_at = 0",
              {Timestamp::now().ms, invitation_id, org.id, std::string(enum_name(Role::kOrgAdmin)),
               std::string(enum_name(Purpose::kRole))}));
  if (changed != 1) {
    return Error::not_found("invitation");
  }
  return audit::record(tx, admin, "org.revoke_admin_invitation", "invitation",
                       std::to_string(invitation_id), org.id, nullptr,
                       boost::json::object{{"org", org.name}});
}

Result<Appointment> appoint_by_operator(store::Tx& tx, const Principal& operator_principal,
                                        int64_t org_id, const std::string& phone,
                                        const std::string& name) {
  GH_ASSIGN(org::Org org, org::get(tx, org_id));
  GH_ASSIGN(std::optional<auth::Account> account, check_appointee(tx, org, phone, name));
  Appointment appointment;
  int64_t others = 0;
  if (account) {
    GH_ASSIGN(others, internal::other_roles(tx, account->id));
  }
  if (account && (others > 0 || account->has_password)) {
    // The number belongs to someone who already uses it: only their consent adds a role.
    GH_ASSIGN(appointment.link,
              issue(tx, operator_principal, admin_invitation(org, phone, name), kInvitationTtl));
  } else {
    if (!account) {
      GH_ASSIGN(account, auth::create_account(tx, phone, name, "", false));
    }
    GH_TRY(auth::grant_role(tx, account->id, {Role::kOrgAdmin, org.id, 0, 0}));
    appointment.granted = true;
    // The new admin sets a password through a one-time link, accepting a role held already.
    GH_ASSIGN(appointment.link,
              issue(tx, operator_principal, admin_invitation(org, phone, name), kInvitationTtl));
  }
  GH_TRY(audit::record(tx, operator_principal,
                       appointment.granted ? "org.appoint_admin" : "org.invite_admin", "account",
                       account ? std::to_string(account->id) : "", org.id, nullptr,
                       boost::json::object{{"phone", phone},
                                           {"name", account ? account->name : name},
                                           {"org", org.name},
                                           {"by", "operator"}}));
  return appointment;
}

}  // namespace gonghui::access
