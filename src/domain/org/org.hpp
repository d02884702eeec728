// The union tree: federation → district/industry unions → base unions. Subtrees are found
// by materialised path ("/1/7/42/"), so "this union and everything under it" is one index
// range scan at any size.
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

namespace gonghui::org {

enum class Kind { kFederation, kDistrict, kIndustry, kBase };
// As stored and in the API; an unknown name reads as base.
inline constexpr EnumNames<Kind, 4> kKindNames{{"federation", "district", "industry", "base"},
                                               Kind::kBase};
constexpr const auto& enum_names(Kind) { return kKindNames; }

struct Org {
  int64_t id = 0;
  int64_t parent_id = 0;  // 0 for the root federation
  std::string name;
  Kind kind = Kind::kBase;
  std::string region;
  std::string contact;
  std::string path;  // "/root/…/id/"
  int64_t depth = 0;
  bool closed = false;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct OrgInput {
  std::string name;
  Kind kind = Kind::kBase;
  std::string region;
  std::string contact;
};

std::vector<store::Migration> migrations();

// Reads one union. NotFound if absent.
Result<Org> get(store::Tx& tx, int64_t id);
// The root federation. NotFound before one exists.
Result<Org> root(store::Tx& tx);
// Every union in the subtree of `id` (itself included), ordered by path.
Result<std::vector<Org>> subtree(store::Tx& tx, int64_t id);
// Bounds for "path in subtree": path >= lower AND path < upper.
struct PathRange {
  std::string lower;
  std::string upper;
};
PathRange range_of(const std::string& path);
// The ids in a union's path, "/1/5/9/" → {1, 5, 9}: the root first, the union itself last.
std::vector<int64_t> ids_on_path(const std::string& path);

// The subtree the principal administers: the platform admin's is the root, an org admin's
// their own union. Forbidden for other roles.
Result<Org> admin_scope(store::Tx& tx, const Principal& principal);
// Forbidden unless `id` lies inside the principal's administered subtree.
Result<Org> require_in_scope(store::Tx& tx, const Principal& principal, int64_t id);
// For the limits a union lives under (budgets, ceilings), which the union above sets:
// Forbidden unless `id` lies strictly under the org admin's own union (the platform admin
// may set any). `what` names the limit in the message.
Result<Org> require_set_from_above(store::Tx& tx, const Principal& principal, int64_t id,
                                   std::string_view what);

// Creates the root federation (only when none exists).
Result<Org> create_root(store::Tx& tx, const OrgInput& input);
// Creates a union under `parent_id`. Base unions can have no children; a federation only
// exists at the root.
Result<Org> create(store::Tx& tx, int64_t parent_id, const OrgInput& input);
// Changes name, region and contact (kind is fixed once created).
Result<Org> update(store::Tx& tx, int64_t id, const OrgInput& input);
// Moves a union (with its subtree) under another parent; refuses moving under itself.
Result<Org> move(store::Tx& tx, int64_t id, int64_t new_parent_id);
// Closes a union; refuses while it has open child unions or active members.
Result<Org> close(store::Tx& tx, int64_t id);

}  // namespace gonghui::org
