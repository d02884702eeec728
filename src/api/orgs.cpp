// The union tree: read the administered subtree, create, rename, move and close unions.
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/org/org.hpp"

namespace gonghui::api {
namespace {

boost::json::object render(const org::Org& o) {
  return {{"id", std::to_string(o.id)},
          {"parent_id", o.parent_id ? boost::json::value(std::to_string(o.parent_id))
                                    : boost::json::value(nullptr)},
          {"name", o.name},
          {"kind", enum_name(o.kind)},
          {"region", o.region},
          {"contact", o.contact},
          {"depth", o.depth},
          {"status", o.closed ? "closed" : "open"},
          {"created_at", format_rfc3339(Timestamp{o.created_at})},
          {"updated_at", format_rfc3339(Timestamp{o.updated_at})}};
}

Result<org::OrgInput> read_input(const boost::json::object& body, bool with_kind) {
  org::OrgInput input;
  GH_ASSIGN(input.name, json::required_string(body, "name", 100));
  GH_ASSIGN(auto region, json::optional_string(body, "region", 100));
  GH_ASSIGN(auto contact, json::optional_string(body, "contact", 100));
  input.region = region.value_or("");
  input.contact = contact.value_or("");
  if (with_kind) {
    GH_ASSIGN(std::string kind, json::required_string(body, "kind", 20));
    auto parsed = parse_enum<org::Kind>(kind);
    if (!parsed) {
      return Error::invalid("kind", "invalid_kind", "kind must be district, industry or base");
    }
    input.kind = *parsed;
  }
  return input;
}

// The new parent of a union: one in the caller's scope (400 unknown_parent where there is no
// such union).
Status require_parent(store::Tx& tx, const Principal& admin, int64_t parent_id) {
  auto parent = org::require_in_scope(tx, admin, parent_id);
  if (!parent.ok()) {
    return parent.error().kind == ErrorKind::kNotFound
               ? Error::invalid("parent_id", "unknown_parent", "no union has that id")
               : std::move(parent).error();
  }
  return Status::Ok();
}

// A union in the caller's scope other than the one they administer (403 `refusal` for that).
Result<org::Org> require_below_scope(store::Tx& tx, const Principal& admin, int64_t id,
                                     std::string refusal) {
  GH_ASSIGN(org::Org found, org::require_in_scope(tx, admin, id));
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  if (found.id == scope.id) {
    return Error::forbidden(std::move(refusal));
  }
  return found;
}

// Records a change of a union in the audit log and answers with the union after it.
Result<http::Response> record_change(store::Tx& tx, const Principal& admin, std::string_view action,
                                     const org::Org& before, const org::Org& after) {
  GH_TRY(audit::record(tx, admin, action, "org", std::to_string(after.id), after.id, render(before),
                       render(after)));
  return http::Response::ok(render(after));
}

// The administered subtree as a flat list ordered by path (parents before children).
// GET /api/v1/orgs
http::Response list_orgs(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(org::Org scope, org::admin_scope(tx, caller(request)));
    GH_ASSIGN(std::vector<org::Org> all, org::subtree(tx, scope.id));
    boost::json::array items;
    for (const auto& o : all) {
      items.push_back(render(o));
    }
    return boost::json::object{{"items", std::move(items)}};
  });
}

// GET /api/v1/orgs/{id}
http::Response get_org(app::App& app, http::Request& request) {
  return read_by_id(app, request, org::require_in_scope, render);
}

// POST /api/v1/orgs
http::Response create_org(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(int64_t parent_id, json::required_id(*body, "parent_id"));
  GH_ASSIGN_OR_RENDER(org::OrgInput input, read_input(*body, true));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_TRY(require_parent(tx, caller(request), parent_id));
    GH_ASSIGN(org::Org created, org::create(tx, parent_id, input));
    GH_TRY(audit::record(tx, caller(request), "org.create", "org", std::to_string(created.id),
                         created.id, nullptr, render(created)));
    return http::Response::json(201, render(created));
  });
}

// PATCH /api/v1/orgs/{id}
http::Response update_org(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(org::Org before, org::require_in_scope(tx, caller(request), id));
    org::OrgInput input{before.name, before.kind, before.region, before.contact};
    GH_ASSIGN(auto name, json::optional_string(*body, "name", 100));
    GH_ASSIGN(auto region, json::optional_string(*body, "region", 100));
    GH_ASSIGN(auto contact, json::optional_string(*body, "contact", 100));
    if (name) input.name = *name;
    if (region) input.region = *region;
    if (contact) input.contact = *contact;
    GH_ASSIGN(org::Org after, org::update(tx, id, input));
    return record_change(tx, caller(request), "org.update", before, after);
  });
}

// POST /api/v1/orgs/{id}/move
http::Response move_org(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(int64_t parent_id, json::required_id(*body, "parent_id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(org::Org before, require_below_scope(tx, caller(request), id,
                                                   "you cannot move the union you administer"));
    GH_TRY(require_parent(tx, caller(request), parent_id));
    GH_ASSIGN(org::Org after, org::move(tx, id, parent_id));
    return record_change(tx, caller(request), "org.move", before, after);
  });
}

// POST /api/v1/orgs/{id}/close
http::Response close_org(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(org::Org before, require_below_scope(tx, caller(request), id,
                                                   "you cannot close the union you administer"));
    GH_ASSIGN(org::Org after, org::close(tx, id));
    return record_change(tx, caller(request), "org.close", before, after);
  });
}

}  // namespace

void register_orgs(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/orgs", kAdmins, handle(app, list_orgs));

  router.add("GET", "/api/v1/orgs/{id}", kAdmins, handle(app, get_org));

  router.add("POST", "/api/v1/orgs", kAdmins, handle(app, create_org));

  router.add("PATCH", "/api/v1/orgs/{id}", kAdmins, handle(app, update_org));

  router.add("POST", "/api/v1/orgs/{id}/move", kAdmins, handle(app, move_org));

  router.add("POST", "/api/v1/orgs/{id}/close", kAdmins, handle(app, close_org));
}

}  // namespace gonghui::api
