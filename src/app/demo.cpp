// A city federation with districts, base unions and 2,000 members, plus demo log-ins.
#include "app/demo.hpp"

#include <random>

#include "core/crypto.hpp"
#include "domain/auth/auth.hpp"
#include "domain/member/member.hpp"
#include "domain/org/org.hpp"

namespace gonghui::app {
namespace {

constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                     "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"};
constexpr const char* kGiven[] = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军",
                                  "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞",
                                  "平", "刚", "桂英", "建华", "海燕", "晓东", "志强", "丽华"};

struct District {
  const char* name;
  const char* region;
  const char* bases[4];
};

constexpr District kDistricts[] = {
    {"江北区总工会", "江北区",
     {"市第一人民医院工会", "江北公交公司工会", "江北实验中学工会", "长江物流集团工会"}},
    {"城南区总工会", "城南区",
     {"城南供电公司工会", "市环卫集团工会", "城南街道社区工会", "南湖纺织厂工会"}},
    {"高新区总工会", "高新区",
     {"高新软件园联合工会", "智能制造产业园工会", "市自来水公司工会", "高新区快递行业工会"}},
};

}  // namespace

std::vector<DemoLogin> demo_logins() {
  return {{"platform admin", "13800000000"},
          {"district admin", "13800000001"},
          {"member", "13900000001"}};
}

Result<bool> has_demo_accounts(store::Db& db) {
  bool found = false;
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT COUNT(*) FROM accounts WHERE demo = 1"));
    found = rows[0].integer(0) > 0;
    return Status::Ok();
  }));
  return found;
}

Status create_demo(store::Db& db) {
  const std::string hash = crypto::hash_password(kDemoPassword);
  Principal platform;
  std::vector<int64_t> bases;
  GH_TRY(db.write([&](store::Tx& tx) -> Status {
    if (org::root(tx).ok()) {
      return Error::conflict("not_empty", "the database already holds a federation");
    }
    GH_ASSIGN(org::Org root,
              org::create_root(tx, {"示范市总工会", org::Kind::kFederation, "示范市",
                                    "市总工会办公室 0571-88000000"}));
    GH_ASSIGN(auth::Account admin,
              auth::create_account(tx, "13800000000", "平台管理员", hash, true));
    GH_TRY(auth::grant_role(tx, admin.id, {Role::kPlatformAdmin, root.id, 0, 0}));
    platform.account_id = admin.id;
    platform.name = admin.name;
    platform.roles.push_back({Role::kPlatformAdmin, root.id, 0, 0});
    bool first = true;
    for (const District& d : kDistricts) {
      GH_ASSIGN(org::Org district,
                org::create(tx, root.id, {d.name, org::Kind::kDistrict, d.region, "工会办公室"}));
      if (first) {
        GH_ASSIGN(auth::Account district_admin,
                  auth::create_account(tx, "13800000001", "江北区工会管理员", hash, true));
        GH_TRY(auth::grant_role(tx, district_admin.id, {Role::kOrgAdmin, district.id, 0, 0}));
        first = false;
      }
      for (const char* base_name : d.bases) {
        GH_ASSIGN(org::Org base,
                  org::create(tx, district.id, {base_name, org::Kind::kBase, d.region, ""}));
        bases.push_back(base.id);
      }
    }
    return Status::Ok();
  }));
  // Members in batches of 500 so that no single transaction holds the writer long.
  std::mt19937 random(20260501);
  for (int batch = 0; batch < 4; ++batch) {
    GH_TRY(db.write([&](store::Tx& tx) -> Status {
      for (int i = batch * 500 + 1; i <= (batch + 1) * 500; ++i) {
        member::MemberInput input;
        input.name = std::string(kSurnames[random() % std::size(kSurnames)]) +
                     kGiven[random() % std::size(kGiven)];
        if (i == 1) {
          input.name = "陈晓梅";
        }
        char phone[16];
        std::snprintf(phone, sizeof phone, "139%08d", i);
        input.phone = phone;
        char card[16];
        std::snprintf(card, sizeof card, "GH%08d", 20210000 + i);
        input.card_no = card;
        input.org_id = bases[(i - 1) % bases.size()];
        GH_TRY(member::create(tx, platform, input));
      }
      return Status::Ok();
    }));
  }
  return db.write([&](store::Tx& tx) -> Status {
    // Every demo account can sign in with the demo password.
    GH_TRY(tx.exec("UPDATE accounts SET demo = 1, password_hash = ?", {hash}));
    GH_TRY(tx.exec("INSERT INTO settings (key, value) VALUES ('demo', '1')"));
    return Status::Ok();
  });
}

}  // namespace gonghui::app
