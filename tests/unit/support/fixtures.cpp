// Fixture tree for domain tests.
#include "support/fixtures.hpp"

#include <stdexcept>

#include "domain/auth/auth.hpp"
#include "domain/member/member.hpp"

namespace gonghui::testing {
namespace {

template <class T>
T must(Result<T> result) {
  if (!result.ok()) {
    throw std::runtime_error("fixture failed: " + result.error().message);
  }
  return std::move(result).value();
}

Principal admin_of(store::Tx& tx, const std::string& phone, const std::string& name, Role role,
                   int64_t org_id) {
  auth::Account account = must(auth::create_account(tx, phone, name, "", false));
  if (!auth::grant_role(tx, account.id, {role, org_id, 0, 0}).ok()) {
    throw std::runtime_error("grant failed");
  }
  Principal principal;
  principal.account_id = account.id;
  principal.name = name;
  principal.roles.push_back({role, org_id, 0, 0});
  return principal;
}

}  // namespace

Tree make_tree(store::Db& db) {
  Tree t;
  Status status = db.write([&](store::Tx& tx) -> Status {
    t.root = must(org::create_root(tx, {"示范市总工会", org::Kind::kFederation, "", ""}));
    t.district_a = must(org::create(tx, t.root.id, {"江北区总工会", org::Kind::kDistrict, "", ""}));
    t.district_b = must(org::create(tx, t.root.id, {"城南区总工会", org::Kind::kDistrict, "", ""}));
    t.base_a1 = must(org::create(tx, t.district_a.id, {"医院工会", org::Kind::kBase, "", ""}));
    t.base_a2 = must(org::create(tx, t.district_a.id, {"公交工会", org::Kind::kBase, "", ""}));
    t.base_b1 = must(org::create(tx, t.district_b.id, {"供电工会", org::Kind::kBase, "", ""}));
    t.platform = admin_of(tx, "13800000000", "平台管理员", Role::kPlatformAdmin, t.root.id);
    t.admin_a = admin_of(tx, "13800000001", "江北管理员", Role::kOrgAdmin, t.district_a.id);
    t.admin_b = admin_of(tx, "13800000002", "城南管理员", Role::kOrgAdmin, t.district_b.id);
    return Status::Ok();
  });
  if (!status.ok()) {
    throw std::runtime_error("tree failed: " + status.error().message);
  }
  return t;
}

int64_t add_member(store::Db& db, const Principal& admin, int64_t org_id, int index) {
  int64_t id = 0;
  Status status = db.write([&](store::Tx& tx) -> Status {
    char phone[16], card[16];
    std::snprintf(phone, sizeof phone, "139%08d", index);
    std::snprintf(card, sizeof card, "GH%08d", index);
    GH_ASSIGN(member::Member m,
              member::create(tx, admin, {"会员" + std::to_string(index), phone, card, org_id}));
    id = m.id;
    return Status::Ok();
  });
  if (!status.ok()) {
    throw std::runtime_error("member failed: " + status.error().message);
  }
  return id;
}

}  // namespace gonghui::testing
