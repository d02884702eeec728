// A small union tree with admins and members, made through the domain functions, for
// domain tests: federation → districts A and B → base unions A1, A2, B1.
#pragma once

#include <string>

#include "core/principal.hpp"
#include "domain/org/org.hpp"
#include "store/db.hpp"

namespace gonghui::testing {

struct Tree {
  org::Org root, district_a, district_b, base_a1, base_a2, base_b1;
  Principal platform;  // platform admin
  Principal admin_a;   // org admin of district A
  Principal admin_b;   // org admin of district B
};

// Builds the tree and the three admin principals (accounts created, no passwords).
Tree make_tree(store::Db& db);

// Adds a member to a base union; returns the member id.
int64_t add_member(store::Db& db, const Principal& admin, int64_t org_id, int index);

}  // namespace gonghui::testing
