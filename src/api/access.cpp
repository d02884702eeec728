// Union admins, invitations and member activation links: appointing and removing admins,
// reading and accepting a one-time link, and issuing activation links.
#include "domain/access/access.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/crypto.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"

namespace gonghui::api {
namespace {

// Accepting one link: at most this many tries an hour, whoever makes them.
constexpr auth::Limit kAcceptsPerToken{"invite", 10, 3600 * 1000};

// A link just made, for the one who made it: the only time its token is shown.
boost::json::object render_issued(const access::Issued& issued) {
  const access::Invitation& inv = issued.invitation;
  return {{"id", std::to_string(inv.id)},
          {"link", issued.link},
          {"role", enum_name(inv.role)},
          {"phone", mask_phone(inv.phone)},
          {"name", inv.name},
          {"expires_at", format_rfc3339(Timestamp{inv.expires_at})}};
}

std::string token_of(const http::Request& request) {
  auto it = request.params.find("token");
  return it == request.params.end() ? std::string() : it->second;
}

// GET /api/v1/orgs/{id}/admins
http::Response list_admins(app::App& app, http::Request& request) {
  return read_by_id(app, request, access::list_admins, [](const access::AdminList& list) {
    boost::json::array admins;
    for (const access::Admin& a : list.admins) {
      admins.push_back({{"account_id", std::to_string(a.account_id)},
                        {"name", a.name},
                        {"phone", mask_phone(a.phone)},
                        {"since", format_rfc3339(Timestamp{a.since})}});
    }
    boost::json::array pending;
    for (size_t i = 0; i < list.pending.size(); ++i) {
      const access::Invitation& inv = list.pending[i];
      pending.push_back({{"id", std::to_string(inv.id)},
                         {"name", inv.name},
                         {"phone", mask_phone(inv.phone)},
                         {"invited_by", list.inviter_names[i]},
                         {"created_at", format_rfc3339(Timestamp{inv.created_at})},
                         {"expires_at", format_rfc3339(Timestamp{inv.expires_at})}});
    }
    return boost::json::object{{"admins", std::move(admins)}, {"pending", std::move(pending)}};
  });
}

// POST /api/v1/orgs/{id}/admins
http::Response appoint_admin(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string phone, json::required_string(*body, "phone", 20));
  GH_ASSIGN_OR_RENDER(auto name, json::optional_string(*body, "name", 50));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(access::Issued issued,
              access::appoint_admin(tx, caller(request), id, phone, name.value_or("")));
    return http::Response::json(201, render_issued(issued));
  });
}

// DELETE /api/v1/orgs/{id}/admins/{account_id}
http::Response remove_admin(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(int64_t account_id, path_id(request, "account_id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_TRY(access::remove_admin(tx, caller(request), id, account_id));
    return http::Response::ok(boost::json::object{{"ok", true}});
  });
}

// DELETE /api/v1/orgs/{id}/invitations/{invitation_id}
http::Response revoke_admin_invitation(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(int64_t invitation_id, path_id(request, "invitation_id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_TRY(access::revoke_admin_invitation(tx, caller(request), id, invitation_id));
    return http::Response::ok(boost::json::object{{"ok", true}});
  });
}

// GET /api/v1/invitations/{token}
http::Response get_invitation(app::App& app, http::Request& request) {
  const std::string token = token_of(request);
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(access::Offer offer, access::look_up(tx, token));
    const access::Invitation& inv = offer.invitation;
    return boost::json::object{{"purpose", enum_name(inv.purpose)},
                               {"role", enum_name(inv.role)},
                               {"place", offer.place},
                               {"phone", mask_phone(inv.phone)},
                               {"name", mask_name(offer.account_name)},
                               {"must_set_password", !offer.has_password},
                               {"needs_name", !offer.has_account && inv.name.empty()},
                               {"expires_at", format_rfc3339(Timestamp{inv.expires_at})}};
  });
}

// POST /api/v1/invitations/{token}/accept
http::Response accept_invitation(app::App& app, http::Request& request) {
  const std::string token = token_of(request);
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(auto password, json::optional_string(*body, "password", 200));
  GH_ASSIGN_OR_RENDER(auto name, json::optional_string(*body, "name", 50));
  // Each link's own count, besides the router's per address and the sign-in count per number
  // that proving a password takes from.
  if (auto limited = take_limit(app, kAcceptsPerToken, crypto::sha256_hex(token))) {
    return *limited;
  }
  const Principal* signed_in = request.principal ? &*request.principal : nullptr;
  GH_ASSIGN_OR_RENDER(
      access::Accepted accepted,
      access::accept(*app.db, *app.sessions, token, {password.value_or(""), name.value_or("")},
                     signed_in, request.remote_address));
  return http::Response::ok(boost::json::object{{"account_id", std::to_string(accepted.account_id)},
                                                {"purpose", enum_name(accepted.invitation.purpose)},
                                                {"role", enum_name(accepted.invitation.role)},
                                                {"phone", mask_phone(accepted.invitation.phone)},
                                                {"password_set", accepted.password_set}});
}

// POST /api/v1/members/{id}/activation
http::Response issue_activation(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(access::Issued issued, access::issue_activation(tx, caller(request), id));
    return http::Response::json(201, render_issued(issued));
  });
}

// GET /api/v1/orgs/{id}/activation-list: every download issues new links (and revokes the
// links of the list before), so it runs as a write.
http::Response activation_list(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  const std::string host(request.header("host").value_or("localhost"));
  const std::string base = (request.https ? "https://" : "http://") + host;
  std::string csv;
  const Status status = app.db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(csv, access::activation_list_csv(tx, caller(request), id, base));
    return Status::Ok();
  });
  if (!status.ok()) {
    return error(status.error());
  }
  http::Response response =
      attachment("text/csv; charset=utf-8", "activation-list.csv", std::move(csv));
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace

void register_access(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/orgs/{id}/admins", kAdmins, handle(app, list_admins));
  router.add("POST", "/api/v1/orgs/{id}/admins", kAdmins, handle(app, appoint_admin));
  router.add("DELETE", "/api/v1/orgs/{id}/admins/{account_id}", kAdmins, handle(app, remove_admin));
  router.add("DELETE", "/api/v1/orgs/{id}/invitations/{invitation_id}", kAdmins,
             handle(app, revoke_admin_invitation));
  router.add("GET", "/api/v1/orgs/{id}/activation-list", kAdmins, handle(app, activation_list));
  router.add("POST", "/api/v1/members/{id}/activation", kAdmins, handle(app, issue_activation));
  router.add("GET", "/api/v1/invitations/{token}", http::Access::public_route(),
             handle(app, get_invitation));
  router.add("POST", "/api/v1/invitations/{token}/accept", http::Access::public_route(),
             handle(app, accept_invitation));
}

}  // namespace gonghui::api
