// One-time invitation links: issuing them (the token shown once, its hash kept), reading
// what one is for, and accepting one with the owner's consent.
#include <boost/json/object.hpp>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/access/internal.hpp"
#include "domain/audit/audit.hpp"
#include "domain/jobs/jobs.hpp"
#include "domain/member/member.hpp"
#include "domain/merchant/merchant.hpp"
#include "domain/org/org.hpp"

namespace gonghui::access {
namespace internal {

Result<int64_t> other_roles(store::Tx& tx, int64_t account_id) {
  GH_ASSIGN(store::Rows roles,
            tx.query("SELECT COUNT(*) FROM account_roles WHERE account_id = ?", {account_id}));
  GH_ASSIGN(store::Rows members,
            tx.query("SELECT COUNT(*) FROM members WHERE account_id = ? AND status <> 'left'",
                     {account_id}));
  return roles[0].integer(0) + members[0].integer(0);
}

}  // namespace internal

namespace {

std::string path_of(Purpose purpose, const std::string& token) {
  return (purpose == Purpose::kActivation ? "/activate/" : "/invite/") + token;
}

Error unusable(std::string code, std::string message) {
  return Error::invalid("token", std::move(code), std::move(message));
}

// The invitation of a token, if it can still be used at `now`.
Result<Invitation> usable(store::Tx& tx, std::string_view token, int64_t now) {
  GH_ASSIGN(store::Rows rows,
            tx.query(std::string(internal::kSelectInvitation) + " WHERE token_hash = ?",
                     {crypto::sha256_hex(token)}));
  if (rows.empty()) {
    return Error::not_found("invitation");
  }
  Invitation inv = internal::InvitationFields::read(rows[0]);
  if (inv.used_at != 0) {
    return unusable("invite_used", "this link has been used already");
  }
  if (inv.revoked_at != 0) {
    return unusable("invite_revoked", "this link was withdrawn; ask for a new one");
  }
  if (inv.expires_at <= now) {
    return unusable("invite_expired", "this link has expired; ask for a new one");
  }
  return inv;
}

// The account an invitation is for: the member's for an activation, else the number's.
Result<std::optional<auth::Account>> account_of(store::Tx& tx, const Invitation& inv) {
  if (inv.purpose == Purpose::kActivation) {
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT account_id, status FROM members WHERE id = ?", {inv.member_id}));
    if (rows.empty() || rows[0].text(1) == "left") {
      return unusable("invite_revoked", "this member has left the union");
    }
    GH_ASSIGN(auth::Account account, auth::get_account(tx, rows[0].integer(0)));
    return std::optional<auth::Account>(account);
  }
  auto found = auth::find_account_by_phone(tx, inv.phone);
  if (!found.ok()) {
    if (found.error().kind == ErrorKind::kNotFound) {
      return std::optional<auth::Account>();
    }
    return found.error();
  }
  return std::optional<auth::Account>(*found);
}

Result<std::string> place_of(store::Tx& tx, const Invitation& inv) {
  if (inv.role == Role::kMerchantStaff) {
    GH_ASSIGN(merchant::Merchant m, merchant::get(tx, inv.merchant_id));
    return m.fields.name;
  }
  if (inv.role == Role::kEmployerStaff) {
    return jobs::employer_name(tx, inv.merchant_id);
  }
  GH_ASSIGN(org::Org org, org::get(tx, inv.org_id));
  return org.name;
}

// Uses up the invitation, makes or completes the account and grants the role: all in the
// caller's transaction. `hash` is the new password's hash, empty when an existing one was
// proved.
Result<int64_t> complete(store::Tx& tx, const Invitation& inv, const std::string& hash,
                         const std::string& new_name, int64_t now) {
  GH_ASSIGN(std::optional<auth::Account> account, account_of(tx, inv));
  if (!hash.empty() && account && account->has_password) {
    // A password was set between reading the link and now: prove it instead.
    return Error::conflict("password_already_set",
                           "this number has a password by now; open the link again");
  }
  if (!account) {
    GH_ASSIGN(auth::Account made, auth::create_account(tx, inv.phone, new_name, hash, false));
    account = made;
  } else if (!hash.empty()) {
    GH_TRY(auth::set_password_hash(tx, account->id, hash));
  }
  GH_ASSIGN(int64_t used,
            tx.exec("UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND "
                    "used_at = 0 AND revoked_at = 0 AND expires_at > ?",
                    {now, account->id, inv.id, now}));
  if (used != 1) {
    return unusable("invite_used", "this link has been used already");
  }
  if (inv.purpose == Purpose::kRole) {
    const RoleGrant grant = inv.role == Role::kMerchantStaff
                                ? RoleGrant{Role::kMerchantStaff, 0, inv.merchant_id, 0}
                            : inv.role == Role::kEmployerStaff
                                ? RoleGrant{Role::kEmployerStaff, 0, 0, 0, inv.merchant_id}
                                : RoleGrant{inv.role, inv.org_id, 0, 0};
    GH_TRY(auth::grant_role(tx, account->id, grant));
  }
  Principal invitee;
  invitee.account_id = account->id;
  invitee.name = account->name;
  boost::json::object after{{"purpose", enum_name(inv.purpose)},
                            {"invitation_id", std::to_string(inv.id)},
                            {"invited_by", std::to_string(inv.created_by)},
                            {"password_set", !hash.empty()}};
  if (inv.purpose == Purpose::kRole) {
    after["role"] = enum_name(inv.role);
    GH_ASSIGN(after["place"], place_of(tx, inv));
  }
  GH_TRY(audit::record(
      tx, invitee,
      inv.purpose == Purpose::kActivation ? "account.activate" : "account.accept_invitation",
      "account", std::to_string(account->id), inv.org_id, nullptr, after));
  return account->id;
}

}  // namespace

Result<Issued> issue(store::Tx& tx, const Principal& by, Invitation invitation, int64_t ttl_ms) {
  const int64_t now = Timestamp::now().ms;
  if (invitation.purpose == Purpose::kActivation) {
    GH_TRY(
        tx.exec("UPDATE invitations SET revoked_at = ? WHERE member_id = ? AND purpose = ? "
                "AND used_at = 0 AND revoked_at = 0",
                {now, invitation.member_id, std::string(enum_name(Purpose::kActivation))}));
  } else {
    GH_TRY(
        tx.exec("UPDATE invitations SET revoked_at = ? WHERE phone = ? AND role = ? AND "
                "org_id = ? AND merchant_id = ? AND purpose = ? AND used_at = 0 AND "
                "revoked_at = 0",
                {now, invitation.phone, std::string(enum_name(invitation.role)), invitation.org_id,
                 invitation.merchant_id, std::string(enum_name(Purpose::kRole))}));
  }
  Issued issued;
  // 256 random bits: never guessed, and only its hash is stored, like a session token.
  issued.token = "gi_" + crypto::base64url(crypto::random_bytes(32));
  invitation.id = new_id();
  invitation.created_by = by.account_id;
  invitation.created_at = now;
  invitation.expires_at = now + ttl_ms;
  invitation.used_at = 0;
  invitation.revoked_at = 0;
  GH_TRY(tx.exec(
      "INSERT INTO invitations (id, token_hash, purpose, phone, name, role, org_id, "
      "merchant_id, member_id, created_by, created_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {invitation.id, crypto::sha256_hex(issued.token), std::string(enum_name(invitation.purpose)),
       invitation.phone, invitation.name, std::string(enum_name(invitation.role)),
       invitation.org_id, invitation.merchant_id, invitation.member_id, invitation.created_by,
       invitation.created_at, invitation.expires_at}));
  issued.link = path_of(invitation.purpose, issued.token);
  issued.invitation = std::move(invitation);
  return issued;
}

Result<Offer> look_up(store::Tx& tx, std::string_view token) {
  Offer offer;
  GH_ASSIGN(offer.invitation, usable(tx, token, Timestamp::now().ms));
  GH_ASSIGN(std::optional<auth::Account> account, account_of(tx, offer.invitation));
  offer.has_account = account.has_value();
  offer.has_password = account && account->has_password;
  offer.account_name = account ? account->name : offer.invitation.name;
  GH_ASSIGN(offer.place, place_of(tx, offer.invitation));
  return offer;
}

Result<Accepted> accept(store::Db& db, auth::Sessions& sessions, std::string_view token,
                        const Acceptance& input, const Principal* signed_in,
                        std::string_view client_address) {
  std::optional<Offer> offer;
  std::optional<int64_t> account_id;
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(offer, look_up(tx, token));
    GH_ASSIGN(std::optional<auth::Account> account, account_of(tx, offer->invitation));
    if (account) account_id = account->id;
    return Status::Ok();
  }));
  const Invitation& inv = offer->invitation;
  if (inv.purpose == Purpose::kActivation && offer->has_password) {
    return Error::conflict("already_activated",
                           "this account has a password already; sign in with it");
  }
  std::string hash;
  std::string name = inv.name.empty() ? input.name : inv.name;
  if (!offer->has_password) {
    GH_TRY(auth::check_password_strength(input.password, "password"));
    if (!offer->has_account && name.empty()) {
      return Error::invalid("name", "required", "a name is needed for a new account");
    }
    GH_ASSIGN(hash, sessions.hash_password(input.password));
  } else if (signed_in == nullptr || signed_in->account_id != *account_id) {
    if (input.password.empty()) {
      return Error::invalid("password", "required",
                            "the account's current password is needed to accept");
    }
    GH_TRY(sessions.prove_password(inv.phone, input.password, client_address, "password"));
  }
  Accepted accepted;
  accepted.invitation = inv;
  accepted.password_set = !hash.empty();
  GH_TRY(db.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(accepted.account_id, complete(tx, inv, hash, name, Timestamp::now().ms));
    return Status::Ok();
  }));
  return accepted;
}

}  // namespace gonghui::access
