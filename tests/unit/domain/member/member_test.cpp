#include "domain/member/member.hpp"

#include <gtest/gtest.h>

#include "domain/auth/auth.hpp"
#include "support/domain_test.hpp"

namespace gonghui::member {
namespace {

class MemberTest : public gonghui::testing::DomainTest {
 protected:
  int64_t count_members() {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows, tx.query("SELECT COUNT(*) FROM members"));
      n = rows[0].integer(0);
      return Status::Ok();
    }));
    return n;
  }
};

TEST_P(MemberTest, CreateValidatesEveryField) {
  auto check = [&](MemberInput input, const char* field, const char* code) {
    auto result = in_tx([&](store::Tx& tx) { return create(tx, tree_.admin_a, input); });
    ASSERT_FALSE(result.ok()) << field;
    EXPECT_EQ(result.error().field, field);
    EXPECT_EQ(result.error().code, code);
  };
  check({"", "13900000001", "GH0001", tree_.base_a1.id}, "name", "required");
  check({"王伟", "1390000", "GH0001", tree_.base_a1.id}, "phone", "invalid_phone");
  check({"王伟", "13900000001", "G", tree_.base_a1.id}, "card_no", "invalid_card_no");
  check({"王伟", "13900000001", "GH0001", tree_.district_a.id}, "org_id", "not_base_union");
  check({"王伟", "13900000001", "GH0001", 12345}, "org_id", "unknown_org");
  EXPECT_EQ(count_members(), 0);
}

TEST_P(MemberTest, AdminOfDistrictACannotTouchDistrictB) {
  const int64_t b_member = gonghui::testing::add_member(db(), tree_.admin_b, tree_.base_b1.id, 1);
  auto create_in_b = in_tx([&](store::Tx& tx) {
    return create(tx, tree_.admin_a, {"王伟", "13900000002", "GH0002", tree_.base_b1.id});
  });
  EXPECT_EQ(create_in_b.error().kind, ErrorKind::kForbidden);
  auto read_b = in_tx([&](store::Tx& tx) { return get(tx, tree_.admin_a, b_member); });
  EXPECT_EQ(read_b.error().kind, ErrorKind::kForbidden);
  auto edit_b = in_tx([&](store::Tx& tx) {
    return update(tx, tree_.admin_a, b_member, {std::string("改名"), {}, {}, {}});
  });
  EXPECT_EQ(edit_b.error().kind, ErrorKind::kForbidden);
  auto unchanged = in_tx([&](store::Tx& tx) { return get(tx, tree_.platform, b_member); });
  EXPECT_EQ(unchanged->name, "会员1");
  auto move_in =
      in_tx([&](store::Tx& tx) { return move(tx, tree_.admin_b, b_member, tree_.base_a1.id); });
  EXPECT_EQ(move_in.error().kind, ErrorKind::kForbidden);
}

TEST_P(MemberTest, MemberReadsOnlyThemselves) {
  const int64_t me = gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 1);
  const int64_t other = gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 2);
  Principal member;
  member.roles.push_back({Role::kMember, tree_.base_a1.id, 0, me});
  EXPECT_TRUE(in_tx([&](store::Tx& tx) { return get(tx, member, me); }).ok());
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return get(tx, member, other); }).error().kind,
            ErrorKind::kForbidden);
}

TEST_P(MemberTest, UpdateFreezeAndDuplicateCard) {
  const int64_t one = gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 1);
  gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 2);
  auto frozen = in_tx([&](store::Tx& tx) {
    return update(tx, tree_.admin_a, one, {{}, {}, {}, MemberStatus::kFrozen});
  });
  ASSERT_TRUE(frozen.ok());
  EXPECT_EQ(frozen->status, MemberStatus::kFrozen);
  auto duplicate = in_tx([&](store::Tx& tx) {
    return update(tx, tree_.admin_a, one, {{}, {}, std::string("GH00000002"), {}});
  });
  EXPECT_EQ(duplicate.error().code, "duplicate_card_no");
  auto duplicate_phone = in_tx([&](store::Tx& tx) {
    return update(tx, tree_.admin_a, one, {{}, std::string("13900000002"), {}, {}});
  });
  EXPECT_EQ(duplicate_phone.error().code, "duplicate_phone");
}

TEST_P(MemberTest, ListFiltersSearchesAndPages) {
  for (int i = 1; i <= 7; ++i) {
    gonghui::testing::add_member(db(), tree_.platform, i <= 5 ? tree_.base_a1.id : tree_.base_b1.id,
                                 i);
  }
  auto page = in_tx([&](store::Tx& tx) {
    ListFilter filter;
    filter.limit = 2;
    return list(tx, tree_.admin_a, filter);
  });
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 2u);
  int64_t seen = 2;
  int64_t cursor = page->next_after_id;
  while (cursor) {
    auto next = in_tx([&](store::Tx& tx) {
      ListFilter filter;
      filter.limit = 2;
      filter.after_id = cursor;
      return list(tx, tree_.admin_a, filter);
    });
    seen += static_cast<int64_t>(next->items.size());
    cursor = next->next_after_id;
  }
  EXPECT_EQ(seen, 5);  // only district A's members
  auto by_card = in_tx([&](store::Tx& tx) {
    ListFilter filter;
    filter.q = "GH00000003";
    return list(tx, tree_.platform, filter);
  });
  ASSERT_EQ(by_card->items.size(), 1u);
  EXPECT_EQ(by_card->items[0].name, "会员3");
  auto by_name = in_tx([&](store::Tx& tx) {
    ListFilter filter;
    filter.q = "会员";
    filter.org_id = tree_.base_b1.id;
    return list(tx, tree_.platform, filter);
  });
  EXPECT_EQ(by_name->items.size(), 2u);
}

TEST_P(MemberTest, SearchUnderstandsThePinyinOfNames) {
  const auto add = [&](const char* name, int64_t org_id, int index) {
    ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status {
      char phone[16], card[16];
      std::snprintf(phone, sizeof phone, "139%08d", index);
      std::snprintf(card, sizeof card, "GH%08d", index);
      GH_TRY(create(tx, tree_.platform, {name, phone, card, org_id}));
      return Status::Ok();
    }));
  };
  add("陈晓梅", tree_.base_a1.id, 1);
  add("陈小明", tree_.base_a1.id, 2);
  add("程雪梅", tree_.base_a1.id, 3);
  add("王晓梅", tree_.base_a1.id, 4);
  add("陈晓梅", tree_.base_b1.id, 5);  // another district
  const auto names = [&](const std::string& q, int64_t limit = 50, int64_t after = 0) {
    std::vector<std::string> out;
    auto page = in_tx([&](store::Tx& tx) {
      ListFilter filter;
      filter.q = q;
      filter.limit = limit;
      filter.after_id = after;
      return list(tx, tree_.admin_a, filter);
    });
    EXPECT_TRUE(page.ok());
    for (const auto& m : page->items) out.push_back(m.name);
    return std::make_pair(out, page->next_after_id);
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(names("cxm").first, (Names{"陈晓梅", "陈小明", "程雪梅"}));
  EXPECT_EQ(names("chenxiaomei").first, (Names{"陈晓梅"}));
  EXPECT_EQ(names("ChenXiaoMei").first, (Names{"陈晓梅"}));
  EXPECT_EQ(names("chen xm").first, (Names{"陈晓梅", "陈小明"}));
  EXPECT_EQ(names("chxm").first, (Names{"陈晓梅", "陈小明", "程雪梅"}));
  EXPECT_EQ(names("wxm").first, (Names{"王晓梅"}));
  EXPECT_TRUE(names("xiaomei").first.empty());  // the name's beginning, as with characters
  EXPECT_TRUE(names("mxc").first.empty());      // the initials in their order only
  EXPECT_EQ(names("陈晓").first, (Names{"陈晓梅"}));
  EXPECT_EQ(names("13900000003").first, (Names{"程雪梅"}));
  EXPECT_EQ(names("GH00000004").first, (Names{"王晓梅"}));
  // Paged like any list.
  const auto first = names("cxm", 2);
  EXPECT_EQ(first.first, (Names{"陈晓梅", "陈小明"}));
  ASSERT_NE(first.second, 0);
  EXPECT_EQ(names("cxm", 2, first.second).first, (Names{"程雪梅"}));
}

TEST_P(MemberTest, ImportAppliesAllRowsOrReportsEveryBadOne) {
  const std::string good =
      "姓名,手机号,工会卡号,所属工会\n"
      "王伟,13900000101,GH90000101,医院工会\n"
      "\"李, 娜\",13900000102,GH90000102," +
      std::to_string(tree_.base_a2.id) + "\n";
  auto ok = import_csv(db(), tree_.admin_a, good);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_TRUE(ok->problems.empty());
  EXPECT_EQ(ok->created, 2);
  EXPECT_EQ(count_members(), 2);

  const std::string bad =
      "name,phone,card_no,org\n"
      "张三,12345,GH90000201,医院工会\n"          // line 2: bad number
      "李四,13900000202,GH90000101,医院工会\n"    // line 3: card already taken
      "王五,13900000203,GH90000203,不存在工会\n"  // line 4: unknown union
      "赵六,13900000204\n"                        // line 5: wrong column count
      "钱七,13900000205,GH90000205,供电工会\n"    // line 6: outside district A
      "孙八,13900000206,GH90000206,医院工会\n";   // line 7: fine on its own
  auto report = import_csv(db(), tree_.admin_a, bad);
  ASSERT_TRUE(report.ok());
  std::vector<std::pair<int64_t, std::string>> problems;
  for (const auto& p : report->problems) problems.emplace_back(p.line, p.code);
  EXPECT_EQ(problems, (std::vector<std::pair<int64_t, std::string>>{{2, "invalid_phone"},
                                                                    {3, "duplicate_card_no"},
                                                                    {4, "unknown_org"},
                                                                    {5, "wrong_column_count"},
                                                                    {6, "unknown_org"}}));
  EXPECT_EQ(report->created, 0);
  EXPECT_EQ(count_members(), 2);  // nothing applied
}

// An admin account's number is never attached to a member record: by creating, editing or
// importing one, an admin of district A could otherwise reset the platform admin's password.
TEST_P(MemberTest, AnAdminsNumberIsNeverAttachedToAMember) {
  const std::string platform_phone = "13800000000";
  auto created = in_tx([&](store::Tx& tx) {
    return create(tx, tree_.admin_a, {"冒名", platform_phone, "GH0001", tree_.base_a1.id});
  });
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, "phone_in_use");
  EXPECT_EQ(created.error().field, "phone");
  EXPECT_EQ(created.error().kind, ErrorKind::kConflict);

  const int64_t id = gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 3);
  MemberPatch patch;
  patch.phone = platform_phone;
  auto edited = in_tx([&](store::Tx& tx) { return update(tx, tree_.admin_a, id, patch); });
  ASSERT_FALSE(edited.ok());
  EXPECT_EQ(edited.error().code, "phone_in_use");

  const std::string roster = "姓名,手机号,工会卡号,所属工会\n冒名,13800000002,GH0009,医院工会\n";
  auto report = import_csv(db(), tree_.admin_a, roster);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].code, "phone_in_use");
  EXPECT_EQ(report->problems[0].line, 2);

  // Nothing changed: the member keeps its own account and no member holds an admin's.
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT COUNT(*) FROM members m JOIN account_roles r "
                                         "ON r.account_id = m.account_id"));
    EXPECT_EQ(rows[0].integer(0), 0);
    GH_ASSIGN(Member m, get(tx, tree_.admin_a, id));
    EXPECT_EQ(m.phone, "13900000003");
    return Status::Ok();
  }));
  EXPECT_EQ(count_members(), 1);
}

TEST_P(MemberTest, PasswordResetOnlyForPlainMembersInScopeAndEndsTheirSessions) {
  const int64_t id = gonghui::testing::add_member(db(), tree_.admin_a, tree_.base_a1.id, 4);
  const int64_t in_b = gonghui::testing::add_member(db(), tree_.admin_b, tree_.base_b1.id, 5);
  int64_t account_id = 0;
  ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT account_id FROM members WHERE id = ?", {id}));
    account_id = rows[0].integer(0);
    GH_TRY(
        tx.exec("INSERT INTO sessions (id, account_id, token_hash, csrf, created_at, "
                "expires_at, revoked_at, client_address) VALUES (1, ?, 'h', 'c', 0, ?, 0, 'a')",
                {account_id, int64_t{1} << 50}));
    return Status::Ok();
  }));
  auto reset = [&](const Principal& admin, int64_t member) {
    return db().write([&](store::Tx& tx) { return reset_password(tx, admin, member, "new-hash"); });
  };
  EXPECT_EQ(reset(tree_.admin_a, in_b).error().kind, ErrorKind::kForbidden);
  ASSERT_TRUE(reset(tree_.admin_a, id).ok());
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT revoked_at FROM sessions WHERE id = 1"));
    EXPECT_GT(rows[0].integer(0), 0);  // the member's session has ended
    GH_ASSIGN(store::Rows hash,
              tx.query("SELECT password_hash FROM accounts WHERE id = ?", {account_id}));
    EXPECT_EQ(hash[0].text(0), "new-hash");
    return Status::Ok();
  }));
  // A member whose account also runs a merchant is reset by no admin.
  ASSERT_TRUE(db().write([&](store::Tx& tx) {
    return auth::grant_role(tx, account_id, {Role::kMerchantStaff, 0, 42, 0});
  }));
  auto refused = reset(tree_.platform, id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
}

TEST_P(MemberTest, ImportRefusesGbkAndMissingColumns) {
  auto gbk = import_csv(db(), tree_.admin_a, "\xD0\xD5\xC3\xFB,phone\n");
  EXPECT_EQ(gbk.error().code, "invalid_encoding");
  auto missing = import_csv(db(), tree_.admin_a, "name,phone,org\n王伟,13900000101,医院工会\n");
  EXPECT_EQ(missing.error().code, "missing_column");
  EXPECT_EQ(count_members(), 0);
}

TEST_P(MemberTest, ExportHasTheFilteredMembers) {
  gonghui::testing::add_member(db(), tree_.platform, tree_.base_a1.id, 1);
  gonghui::testing::add_member(db(), tree_.platform, tree_.base_b1.id, 2);
  auto csv = in_tx([&](store::Tx& tx) { return export_csv(tx, tree_.admin_b, ListFilter{}); });
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->find("会员1"), std::string::npos);
  EXPECT_NE(csv->find("会员2,13900000002,GH00000002"), std::string::npos);
}

TEST_P(MemberTest, AnExportReadsBackAsARoster) {
  gonghui::testing::add_member(db(), tree_.platform, tree_.base_a1.id, 1);
  auto csv = in_tx([&](store::Tx& tx) { return export_csv(tx, tree_.platform, ListFilter{}); });
  ASSERT_TRUE(csv.ok());
  // The same people again: only "already a member" problems, no header or column trouble.
  auto report = import_csv(db(), tree_.platform, *csv);
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_EQ(report->problems.size(), 2u);
  EXPECT_EQ(report->problems[0].code, "duplicate_card_no");
  EXPECT_EQ(report->problems[1].code, "duplicate_phone");
}

INSTANTIATE_TEST_SUITE_P(Engines, MemberTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::member
