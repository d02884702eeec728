// Who gets in: one-time invitations that give an admin or staff role only with the consent of
// the number's owner, the appointing and removing of union admins, and activation links for
// imported members who have no password yet.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/principal.hpp"
#include "domain/auth/auth.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::access {

// role: an admin or staff role for the number's owner; activation: a password for a member's
// account.
enum class Purpose { kRole, kActivation };
inline constexpr EnumNames<Purpose, 2> kPurposeNames{{"role", "activation"}, Purpose::kRole};
constexpr const auto& enum_names(Purpose) { return kPurposeNames; }

inline constexpr int64_t kDay = 24LL * 3600 * 1000;
inline constexpr int64_t kInvitationTtl = 7 * kDay;
inline constexpr int64_t kActivationTtl = 30 * kDay;

struct Invitation {
  int64_t id = 0;
  Purpose purpose = Purpose::kRole;
  std::string phone;
  std::string name;  // the invitee's name as the inviter gave it (a new account takes it)
  Role role = Role::kOrgAdmin;
  int64_t org_id = 0;       // org admin: the union; staff: the merchant's union; member: theirs
  int64_t merchant_id = 0;  // staff: the merchant, or the employer for employer staff
  int64_t member_id = 0;    // activation: the member
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  int64_t used_at = 0;
  int64_t revoked_at = 0;
};

// An invitation just made: its token exists only here, to be shown once to whoever made it.
struct Issued {
  Invitation invitation;
  std::string token;
  std::string link;  // the page path: /invite/<token> or /activate/<token>
};

std::vector<store::Migration> migrations();

// Makes a one-time link for `invitation` (its id, times and token are filled in here), valid
// for `ttl_ms`, and revokes any still pending for the same role and place (or, for an
// activation, the same member). The caller has checked scope; this records no audit entry.
Result<Issued> issue(store::Tx& tx, const Principal& by, Invitation invitation, int64_t ttl_ms);

// What a link is for, as its page shows it before anything is accepted.
struct Offer {
  Invitation invitation;
  std::string place;          // the union's or the merchant's name
  bool has_account = false;   // the number already has an account …
  bool has_password = false;  // … with a password, which accepting must then prove
  std::string account_name;   // the account's name, or the invitation's for a new one
};
// Looks up a token. NotFound for an unknown token; 400 naming `token` with invite_used,
// invite_revoked or invite_expired when it can no longer be used.
Result<Offer> look_up(store::Tx& tx, std::string_view token);

struct Acceptance {
  std::string password;  // the new password, or the account's current one to prove it
  std::string name;      // for a new account when the invitation names nobody
};
struct Accepted {
  int64_t account_id = 0;
  Invitation invitation;
  bool password_set = false;  // a new password was set (else an existing one was proved)
};
// Accepts a link. Where the number has no account or one without a password, `password`
// becomes its password (strength rule; 400 naming `password`); where it has one, the caller
// proves it: signed in as that account (`signed_in`), or its current password, counted like
// a sign-in attempt (400 wrong_password naming `password`, 429 too_many_attempts). Then the
// role is granted (or the member's account activated) and the link is used up, in one
// transaction with an audit entry whose actor is the invitee. Errors of look_up; 409
// already_activated for an activation of an account that has a password by now.
Result<Accepted> accept(store::Db& db, auth::Sessions& sessions, std::string_view token,
                        const Acceptance& input, const Principal* signed_in,
                        std::string_view client_address);

// Union admins.

struct Admin {
  int64_t account_id = 0;
  std::string name;
  std::string phone;
  int64_t since = 0;  // when the role was granted
};
struct AdminList {
  std::vector<Admin> admins;
  std::vector<Invitation> pending;         // unused, unrevoked, unexpired invitations
  std::vector<std::string> inviter_names;  // beside `pending`
};
// An admin in scope reads a union's admins and pending admin invitations; Forbidden
// otherwise.
Result<AdminList> list_admins(store::Tx& tx, const Principal& admin, int64_t org_id);

// Invites `phone` to administer union `org_id`. The platform admin may appoint for any union;
// an org admin only for unions strictly below their own (Forbidden for their own union, its
// siblings and parents). 400 invalid_phone (phone), required (name, for a number without an
// account), 409 already_admin, 409 org_closed. Audited (actor: the appointer).
Result<Issued> appoint_admin(store::Tx& tx, const Principal& admin, int64_t org_id,
                             const std::string& phone, const std::string& name);

// Takes the admin role of union `org_id` from an account: the same scope rule as appointing;
// 409 cannot_remove_self for the caller's own role; NotFound if the account holds no such
// role. Audited.
Status remove_admin(store::Tx& tx, const Principal& admin, int64_t org_id, int64_t account_id);

// Revokes a pending admin invitation of union `org_id`: the same scope rule as appointing.
// NotFound if there is no such pending invitation. Audited.
Status revoke_admin_invitation(store::Tx& tx, const Principal& admin, int64_t org_id,
                               int64_t invitation_id);

// What an operator with database access does for the first admins (`gonghui admin
// appoint`): grants the role directly when the number has no account or an account with no
// other role (and no password: then `link` is a link to set one); otherwise issues an
// invitation for the owner to accept. Audited with the operator as actor.
struct Appointment {
  bool granted = false;        // the role is held now
  std::optional<Issued> link;  // granted: a password link; else the invitation
};
Result<Appointment> appoint_by_operator(store::Tx& tx, const Principal& operator_principal,
                                        int64_t org_id, const std::string& phone,
                                        const std::string& name);

// Member activation.

// A one-time activation link for a member whose account has no password, valid 30 days; a
// new one revokes the old. An admin in scope (Forbidden otherwise); 409 already_activated
// if the account has a password, 409 member_left, 403 for an account that also holds an
// admin or staff role. Audited.
Result<Issued> issue_activation(store::Tx& tx, const Principal& admin, int64_t member_id);

// The activation list of a union's subtree: every member there whose account has no
// password, each with a new link (old ones revoked), as CSV in UTF-8 with a BOM (姓名, 手机号
// masked, 所属工会, 激活链接). `base_url` is put before each link path. At most `max_rows`
// members (409 too_many_rows beyond: export a smaller union). Audited once.
Result<std::string> activation_list_csv(store::Tx& tx, const Principal& admin, int64_t org_id,
                                        std::string_view base_url, int64_t max_rows = 20000);

}  // namespace gonghui::access
