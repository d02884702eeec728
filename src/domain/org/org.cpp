// Union tree operations over the materialised-path table `orgs`.
#include "domain/org/org.hpp"

#include "core/id.hpp"
#include "core/time.hpp"
#include "store/columns.hpp"

namespace gonghui::org {
namespace {

constexpr std::string_view kColumns =
    "id, parent_id, name, kind, region, contact, path, depth, closed, created_at, updated_at";

using OrgFields =
    store::Fields<&Org::id, &Org::parent_id, &Org::name, &Org::kind, &Org::region, &Org::contact,
                  &Org::path, &Org::depth, &Org::closed, &Org::created_at, &Org::updated_at>;
static_assert(OrgFields::matches(kColumns));

Org from_row(const store::Row& row) { return OrgFields::read(row); }

Status validate(const OrgInput& input) {
  if (input.name.empty()) {
    return Error::invalid("name", "required", "name is required");
  }
  return Status::Ok();
}

Result<Org> insert(store::Tx& tx, int64_t parent_id, const std::string& parent_path, int64_t depth,
                   const OrgInput& input) {
  Org org;
  org.id = new_id();
  org.parent_id = parent_id;
  org.name = input.name;
  org.kind = input.kind;
  org.region = input.region;
  org.contact = input.contact;
  org.path = parent_path + std::to_string(org.id) + "/";
  org.depth = depth;
  org.created_at = org.updated_at = Timestamp::now().ms;
  auto inserted = tx.exec(
      "INSERT INTO orgs (id, parent_id, name, kind, region, contact, path, depth, closed, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
      {org.id, org.parent_id, org.name, std::string(enum_name(org.kind)), org.region, org.contact,
       org.path, org.depth, org.created_at, org.updated_at});
  if (!inserted.ok()) {
    if (inserted.error().code == store::kUniqueViolation) {
      return Error::conflict("duplicate_name", "a union with this name already exists here",
                             "name");
    }
    return std::move(inserted).error();
  }
  return org;
}

}  // namespace

std::vector<store::Migration> migrations() {
  // Paths compare byte-wise on both engines so that a subtree is one range.
  const std::string table =
      R"sql(CREATE TABLE orgs (
  id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL, name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('federation','district','industry','base')),
  region TEXT NOT NULL, contact TEXT NOT NULL, path TEXT %C% NOT NULL UNIQUE,
  depth INTEGER NOT NULL, closed INTEGER NOT NULL, created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL, UNIQUE (parent_id, name));
CREATE INDEX orgs_parent ON orgs (parent_id);)sql";
  return {store::byte_ordered(100, "orgs", table)};
}

PathRange range_of(const std::string& path) {
  // Every descendant path starts with `path` (which ends in '/'); the next byte after '/'
  // is '0', so [path, path-with-last-'/'-as-'0') holds exactly the subtree.
  PathRange range{path, path};
  range.upper.back() = '0';
  return range;
}

std::vector<int64_t> ids_on_path(const std::string& path) {
  std::vector<int64_t> ids;
  for (size_t start = 1; start < path.size();) {
    const size_t slash = path.find('/', start);
    ids.push_back(std::stoll(path.substr(start, slash - start)));
    start = slash + 1;
  }
  return ids;
}

Result<Org> get(store::Tx& tx, int64_t id) {
  GH_ASSIGN(
      store::Rows rows,
      tx.query(std::string("SELECT ") + std::string(kColumns) + " FROM orgs WHERE id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("union");
  }
  return from_row(rows[0]);
}

Result<Org> root(store::Tx& tx) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string("SELECT ") + std::string(kColumns) +
                                       " FROM orgs WHERE parent_id = 0"));
  if (rows.empty()) {
    return Error::not_found("root federation");
  }
  return from_row(rows[0]);
}

Result<std::vector<Org>> subtree(store::Tx& tx, int64_t id) {
  GH_ASSIGN(Org top, get(tx, id));
  const PathRange range = range_of(top.path);
  GH_ASSIGN(store::Rows rows, tx.query(std::string("SELECT ") + std::string(kColumns) +
                                           " FROM orgs WHERE path >= ? AND path < ? ORDER BY path",
                                       {range.lower, range.upper}));
  std::vector<Org> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    out.push_back(from_row(row));
  }
  return out;
}

Result<Org> admin_scope(store::Tx& tx, const Principal& principal) {
  if (principal.has(Role::kPlatformAdmin)) {
    return root(tx);
  }
  if (const RoleGrant* grant = principal.grant(Role::kOrgAdmin)) {
    return get(tx, grant->org_id);
  }
  return Error::forbidden("only union administrators may do this");
}

Result<Org> require_in_scope(store::Tx& tx, const Principal& principal, int64_t id) {
  GH_ASSIGN(Org scope, admin_scope(tx, principal));
  auto target = get(tx, id);
  if (!target.ok()) {
    return std::move(target).error();
  }
  if (target->path.rfind(scope.path, 0) != 0) {
    return Error::forbidden("that union is outside your part of the tree");
  }
  return std::move(target).value();
}

Result<Org> require_set_from_above(store::Tx& tx, const Principal& principal, int64_t id,
                                   std::string_view what) {
  GH_ASSIGN(Org org, require_in_scope(tx, principal, id));
  if (!principal.has(Role::kPlatformAdmin)) {
    GH_ASSIGN(Org own, admin_scope(tx, principal));
    if (own.id == org.id) {
      return Error::forbidden("a union's " + std::string(what) + " is set by the union above it");
    }
  }
  return org;
}

Result<Org> create_root(store::Tx& tx, const OrgInput& input) {
  GH_TRY(validate(input));
  if (root(tx).ok()) {
    return Error::conflict("root_exists", "the federation already exists");
  }
  OrgInput federation = input;
  federation.kind = Kind::kFederation;
  return insert(tx, 0, "/", 0, federation);
}

Result<Org> create(store::Tx& tx, int64_t parent_id, const OrgInput& input) {
  GH_TRY(validate(input));
  auto parent = get(tx, parent_id);
  if (!parent.ok()) {
    return Error::invalid("parent_id", "unknown_parent", "no union has that parent_id");
  }
  if (parent->closed) {
    return Error::conflict("parent_closed", "the parent union is closed", "parent_id");
  }
  if (parent->kind == Kind::kBase) {
    return Error::invalid("parent_id", "base_has_no_children",
                          "a base union cannot have unions under it");
  }
  if (input.kind == Kind::kFederation) {
    return Error::invalid("kind", "invalid_kind", "only the root can be a federation");
  }
  return insert(tx, parent->id, parent->path, parent->depth + 1, input);
}

Result<Org> update(store::Tx& tx, int64_t id, const OrgInput& input) {
  GH_TRY(validate(input));
  GH_ASSIGN(Org org, get(tx, id));
  org.name = input.name;
  org.region = input.region;
  org.contact = input.contact;
  org.updated_at = Timestamp::now().ms;
  auto changed =
      tx.exec("UPDATE orgs SET name = ?, region = ?, contact = ?, updated_at = ? WHERE id = ?",
              {org.name, org.region, org.contact, org.updated_at, org.id});
  if (!changed.ok()) {
    if (changed.error().code == store::kUniqueViolation) {
      return Error::conflict("duplicate_name", "a union with this name already exists here",
                             "name");
    }
    return std::move(changed).error();
  }
  return org;
}

Result<Org> move(store::Tx& tx, int64_t id, int64_t new_parent_id) {
  GH_ASSIGN(Org org, get(tx, id));
  if (org.parent_id == 0) {
    return Error::invalid("id", "cannot_move_root", "the federation cannot be moved");
  }
  auto parent = get(tx, new_parent_id);
  if (!parent.ok()) {
    return Error::invalid("parent_id", "unknown_parent", "no union has that parent_id");
  }
  if (parent->path.rfind(org.path, 0) == 0) {
    return Error::invalid("parent_id", "cycle", "a union cannot move under itself");
  }
  if (parent->kind == Kind::kBase) {
    return Error::invalid("parent_id", "base_has_no_children",
                          "a base union cannot have unions under it");
  }
  const std::string new_path = parent->path + std::to_string(org.id) + "/";
  const PathRange range = range_of(org.path);
  const int64_t depth_shift = parent->depth + 1 - org.depth;
  // Rewrites the prefix of every path in the subtree in one statement.
  GH_TRY(
      tx.exec("UPDATE orgs SET path = ? || substr(path, ?), depth = depth + ? "
              "WHERE path >= ? AND path < ?",
              {new_path, static_cast<int64_t>(org.path.size() + 1), depth_shift, range.lower,
               range.upper}));
  auto reparented = tx.exec("UPDATE orgs SET parent_id = ?, updated_at = ? WHERE id = ?",
                            {parent->id, Timestamp::now().ms, org.id});
  if (!reparented.ok()) {
    if (reparented.error().code == store::kUniqueViolation) {
      return Error::conflict("duplicate_name", "the new parent already has a union with this name",
                             "parent_id");
    }
    return std::move(reparented).error();
  }
  return get(tx, id);
}

Result<Org> close(store::Tx& tx, int64_t id) {
  GH_ASSIGN(Org org, get(tx, id));
  if (org.parent_id == 0) {
    return Error::invalid("id", "cannot_close_root", "the federation cannot be closed");
  }
  GH_ASSIGN(store::Rows children,
            tx.query("SELECT COUNT(*) FROM orgs WHERE parent_id = ? AND closed = 0", {id}));
  if (children[0].integer(0) > 0) {
    return Error::conflict("has_open_children", "close or move the unions under it first");
  }
  GH_ASSIGN(store::Rows members,
            tx.query("SELECT COUNT(*) FROM members WHERE org_id = ? AND status <> 'left'", {id}));
  if (members[0].integer(0) > 0) {
    return Error::conflict("has_members", "move or remove its members first");
  }
  GH_TRY(tx.exec("UPDATE orgs SET closed = 1, updated_at = ? WHERE id = ?",
                 {Timestamp::now().ms, id}));
  org.closed = true;
  return org;
}

}  // namespace gonghui::org
