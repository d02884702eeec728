#include "domain/access/access.hpp"

#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "domain/audit/audit.hpp"
#include "support/domain_test.hpp"
#include "support/test_db.hpp"

namespace gonghui::access {
namespace {

using gonghui::testing::DomainTest;

class AccessTest : public DomainTest {
 protected:
  void SetUp() override {
    crypto::init();
    DomainTest::SetUp();
    auth::SessionOptions options;
    options.phone_max_failures = 3;
    sessions_ = std::make_unique<auth::Sessions>(db(), options);
  }

  // The roles the account of `phone` holds now.
  std::vector<RoleGrant> roles_of(const std::string& phone) {
    std::vector<RoleGrant> roles;
    (void)db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(auth::Account account, auth::find_account_by_phone(tx, phone));
      GH_ASSIGN(roles, auth::roles_of(tx, account.id));
      return Status::Ok();
    });
    return roles;
  }
  bool holds(const std::string& phone, Role role, int64_t org_id) {
    for (const RoleGrant& g : roles_of(phone)) {
      if (g.role == role && (role != Role::kOrgAdmin || g.org_id == org_id)) return true;
    }
    return false;
  }
  int64_t audit_count(const std::string& action) {
    int64_t n = 0;
    (void)db().read([&](store::Tx& tx) -> Status {
      audit::Filter filter;
      filter.action = action;
      filter.limit = 100;
      GH_ASSIGN(auto entries, audit::list(tx, filter));
      n = static_cast<int64_t>(entries.size());
      return Status::Ok();
    });
    return n;
  }
  Result<Accepted> accept(const Issued& issued, const std::string& password,
                          const Principal* signed_in = nullptr) {
    return access::accept(db(), *sessions_, issued.token, {password, ""}, signed_in, "10.0.0.1");
  }
  void set_password(const std::string& phone, const std::string& password) {
    const std::string hash = crypto::hash_password(password);
    ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status {
      GH_ASSIGN(auth::Account account, auth::find_account_by_phone(tx, phone));
      return auth::set_password_hash(tx, account.id, hash);
    }));
  }

  std::unique_ptr<auth::Sessions> sessions_;
};

TEST_P(AccessTest, DistrictAdminAppointsOnlyStrictlyBelowItsOwnUnion) {
  auto own = in_tx([&](store::Tx& tx) {
    return appoint_admin(tx, tree_.admin_a, tree_.district_a.id, "13611110001", "某人");
  });
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().kind, ErrorKind::kForbidden);
  for (int64_t org : {tree_.district_b.id, tree_.base_b1.id, tree_.root.id}) {
    auto other = in_tx([&](store::Tx& tx) {
      return appoint_admin(tx, tree_.admin_a, org, "13611110001", "某人");
    });
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().kind, ErrorKind::kForbidden);
  }
  EXPECT_EQ(audit_count("org.invite_admin"), 0);
  auto below = in_tx([&](store::Tx& tx) {
    return appoint_admin(tx, tree_.admin_a, tree_.base_a1.id, "13611110001", "某人");
  });
  ASSERT_TRUE(below.ok()) << below.error().message;
  EXPECT_EQ(below->link.rfind("/invite/gi_", 0), 0u);
  EXPECT_GE(below->token.size(), 3u + 43u);  // 256 bits in base64url
  EXPECT_EQ(audit_count("org.invite_admin"), 1);
  // The platform admin appoints anywhere.
  auto platform = in_tx([&](store::Tx& tx) {
    return appoint_admin(tx, tree_.platform, tree_.district_b.id, "13611110002", "某人");
  });
  ASSERT_TRUE(platform.ok()) << platform.error().message;
}

TEST_P(AccessTest, TokenIsStoredOnlyAsItsHash) {
  auto issued = in_tx([&](store::Tx& tx) {
    return appoint_admin(tx, tree_.admin_a, tree_.base_a1.id, "13611110001", "某人");
  });
  ASSERT_TRUE(issued.ok());
  (void)db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT token_hash FROM invitations"));
    EXPECT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].text(0), crypto::sha256_hex(issued->token));
    return Status::Ok();
  });
}

TEST_P(AccessTest, NewNumberSetsItsPasswordAndGetsTheRole) {
  auto issued = in_tx([&](store::Tx& tx) {
    return appoint_admin(tx, tree_.admin_a, tree_.base_a1.id, "13611110001", "新管理员");
  });
  ASSERT_TRUE(issued.ok());
  auto weak = accept(*issued, "short");
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.error().field, "password");
  EXPECT_TRUE(roles_of("13611110001").empty());
  auto accepted = accept(*issued, "a-good-password");
  ASSERT_TRUE(accepted.ok()) << accepted.error().message;
  EXPECT_TRUE(accepted->password_set);
  EXPECT_TRUE(holds("13611110001", Role::kOrgAdmin, tree_.base_a1.id));
  EXPECT_TRUE(sessions_->sign_in("13611110001", "a-good-password", "10.0.0.2").ok());
  auto again = accept(*issued, "a-good-password");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "invite_used");
  EXPECT_EQ(audit_count("account.accept_invitation"), 1);
}

TEST_P(AccessTest, MemberGetsAnInvitationNotARoleAndMustProveThePassword) {
  gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 5);
  const std::string phone = "13900000005";
  set_password(phone, "member-password");
  auto issued = in_tx(
      [&](store::Tx& tx) { return appoint_admin(tx, tree_.admin_a, tree_.base_a2.id, phone, ""); });
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  EXPECT_FALSE(holds(phone, Role::kOrgAdmin, tree_.base_a2.id));
  auto wrong = accept(*issued, "not-the-password");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "wrong_password");
  EXPECT_FALSE(holds(phone, Role::kOrgAdmin, tree_.base_a2.id));
  auto proved = accept(*issued, "member-password");
  ASSERT_TRUE(proved.ok()) << proved.error().message;
  EXPECT_FALSE(proved->password_set);
  EXPECT_TRUE(holds(phone, Role::kOrgAdmin, tree_.base_a2.id));
  EXPECT_TRUE(holds(phone, Role::kMember, 0));
}

TEST_P(AccessTest, SignedInOwnerAcceptsWithoutRetypingThePassword) {
  gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 6);
  const std::string phone = "13900000006";
  set_password(phone, "member-password");
  auto issued = in_tx(
      [&](store::Tx& tx) { return appoint_admin(tx, tree_.admin_a, tree_.base_a1.id, phone, ""); });
  ASSERT_TRUE(issued.ok());
  // Signed in as someone else: not proof.
  auto other = accept(*issued, "", &tree_.admin_b);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().field, "password");
  auto signed_in = sessions_->sign_in(phone, "member-password", "10.0.0.3");
  ASSERT_TRUE(signed_in.ok());
  auto accepted = accept(*issued, "", &signed_in->principal);
  ASSERT_TRUE(accepted.ok()) << accepted.error().message;
  EXPECT_TRUE(holds(phone, Role::kOrgAdmin, tree_.base_a1.id));
}

TEST_P(AccessTest, ExpiredAndRevokedLinksChangeNothing) {
  auto issued = in_tx([&](store::Tx& tx) {
    return appoint_admin(tx, tree_.platform, tree_.district_a.id, "13611110001", "某人");
  });
  ASSERT_TRUE(issued.ok());
  ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status {
    GH_TRY(tx.exec("UPDATE invitations SET expires_at = 1"));
    return Status::Ok();
  }));
  auto expired = accept(*issued, "a-good-password");
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "invite_expired");
  EXPECT_TRUE(roles_of("13611110001").empty());
  // A second invitation for the same number and union revokes the first.
  auto first = in_tx([&](store::Tx& tx) {
    return appoint_admin(tx, tree_.platform, tree_.district_b.id, "13611110002", "某人");
  });
  auto second = in_tx([&](store::Tx& tx) {
    return appoint_admin(tx, tree_.platform, tree_.district_b.id, "13611110002", "某人");
  });
  ASSERT_TRUE(first.ok() && second.ok());
  auto revoked = accept(*first, "a-good-password");
  ASSERT_FALSE(revoked.ok());
  EXPECT_EQ(revoked.error().code, "invite_revoked");
  EXPECT_TRUE(accept(*second, "a-good-password").ok());
}

TEST_P(AccessTest, RemovalFollowsTheScopeRuleIsAuditedAndNeverOfOneself) {
  auto self = in_tx([&](store::Tx& tx) -> Result<bool> {
    GH_TRY(remove_admin(tx, tree_.platform, tree_.root.id, tree_.platform.account_id));
    return true;
  });
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().code, "cannot_remove_self");
  auto sibling = in_tx([&](store::Tx& tx) -> Result<bool> {
    GH_TRY(remove_admin(tx, tree_.admin_a, tree_.district_b.id, tree_.admin_b.account_id));
    return true;
  });
  ASSERT_FALSE(sibling.ok());
  EXPECT_EQ(sibling.error().kind, ErrorKind::kForbidden);
  EXPECT_TRUE(holds("13800000002", Role::kOrgAdmin, tree_.district_b.id));
  auto removed = in_tx([&](store::Tx& tx) -> Result<bool> {
    GH_TRY(remove_admin(tx, tree_.platform, tree_.district_b.id, tree_.admin_b.account_id));
    return true;
  });
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_FALSE(holds("13800000002", Role::kOrgAdmin, tree_.district_b.id));
  EXPECT_EQ(audit_count("org.remove_admin"), 1);
}

TEST_P(AccessTest, BadInputNamesItsField) {
  auto phone = in_tx([&](store::Tx& tx) {
    return appoint_admin(tx, tree_.platform, tree_.district_a.id, "12345", "某人");
  });
  ASSERT_FALSE(phone.ok());
  EXPECT_EQ(phone.error().field, "phone");
  auto name = in_tx([&](store::Tx& tx) {
    return appoint_admin(tx, tree_.platform, tree_.district_a.id, "13611110001", "");
  });
  ASSERT_FALSE(name.ok());
  EXPECT_EQ(name.error().field, "name");
  auto already = in_tx([&](store::Tx& tx) {
    return appoint_admin(tx, tree_.platform, tree_.district_a.id, "13800000001", "");
  });
  ASSERT_FALSE(already.ok());
  EXPECT_EQ(already.error().code, "already_admin");
}

TEST_P(AccessTest, OperatorGrantsANewNumberButOnlyInvitesAMember) {
  const Principal operator_principal{0, 0, "operator", {}, false, ""};
  auto fresh = in_tx([&](store::Tx& tx) {
    return appoint_by_operator(tx, operator_principal, tree_.base_a1.id, "13611110001", "某人");
  });
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  EXPECT_TRUE(fresh->granted);
  EXPECT_TRUE(holds("13611110001", Role::kOrgAdmin, tree_.base_a1.id));
  ASSERT_TRUE(accept(*fresh->link, "a-good-password").ok());
  gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 8);
  auto member = in_tx([&](store::Tx& tx) {
    return appoint_by_operator(tx, operator_principal, tree_.base_a1.id, "13900000008", "");
  });
  ASSERT_TRUE(member.ok()) << member.error().message;
  EXPECT_FALSE(member->granted);
  EXPECT_FALSE(holds("13900000008", Role::kOrgAdmin, tree_.base_a1.id));
}

TEST_P(AccessTest, ActivationSetsAMembersPasswordOnce) {
  const int64_t member_id = gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 9);
  auto foreign =
      in_tx([&](store::Tx& tx) { return issue_activation(tx, tree_.admin_b, member_id); });
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().kind, ErrorKind::kForbidden);
  auto old_link =
      in_tx([&](store::Tx& tx) { return issue_activation(tx, tree_.admin_a, member_id); });
  auto link = in_tx([&](store::Tx& tx) { return issue_activation(tx, tree_.admin_a, member_id); });
  ASSERT_TRUE(old_link.ok() && link.ok());
  EXPECT_EQ(link->link.rfind("/activate/gi_", 0), 0u);
  EXPECT_EQ(accept(*old_link, "member-password").error().code, "invite_revoked");
  auto done = accept(*link, "member-password");
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_TRUE(sessions_->sign_in("13900000009", "member-password", "10.0.0.4").ok());
  auto again = in_tx([&](store::Tx& tx) { return issue_activation(tx, tree_.admin_a, member_id); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "already_activated");
  EXPECT_EQ(audit_count("member.issue_activation"), 2);
}

TEST_P(AccessTest, ActivationListHoldsOnlyMembersWithoutPasswordInTheSubtree) {
  gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 11);
  gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a2.id, 12);
  gonghui::testing::add_member(db(), tree_.admin_b, tree_.base_b1.id, 13);
  set_password("13900000012", "member-password");
  auto csv = in_tx([&](store::Tx& tx) {
    return activation_list_csv(tx, tree_.admin_a, tree_.district_a.id, "https://example.org");
  });
  ASSERT_TRUE(csv.ok()) << csv.error().message;
  EXPECT_EQ(csv->rfind("\xEF\xBB\xBF姓名,手机号,所属工会,激活链接", 0), 0u);
  EXPECT_NE(csv->find("139****0011"), std::string::npos);
  EXPECT_NE(csv->find("https://example.org/activate/gi_"), std::string::npos);
  EXPECT_EQ(csv->find("139****0012"), std::string::npos);  // has a password
  EXPECT_EQ(csv->find("139****0013"), std::string::npos);  // another district
  EXPECT_EQ(csv->find("13900000011"), std::string::npos);  // never unmasked
  auto foreign = in_tx([&](store::Tx& tx) {
    return activation_list_csv(tx, tree_.admin_a, tree_.district_b.id, "");
  });
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().kind, ErrorKind::kForbidden);
}

INSTANTIATE_TEST_SUITE_P(Engines, AccessTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::access
