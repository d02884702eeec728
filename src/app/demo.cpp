// A city federation with districts, base unions and 2,000 members, plus demo log-ins.
#include "app/demo.hpp"

#include <map>
#include <random>

#include "app/demo_parts.hpp"
#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/auth/auth.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/member/member.hpp"
#include "domain/merchant/merchant.hpp"
#include "domain/org/org.hpp"
#include "domain/purchase/purchase.hpp"

namespace gonghui::app {
namespace {

constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                     "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"};
constexpr const char* kGiven[] = {"伟", "芳",   "娜",   "秀英", "敏",   "静",   "丽",
                                  "强", "磊",   "军",   "洋",   "勇",   "艳",   "杰",
                                  "娟", "涛",   "明",   "超",   "秀兰", "霞",   "平",
                                  "刚", "桂英", "建华", "海燕", "晓东", "志强", "丽华"};

struct District {
  const char* name;
  const char* region;
  const char* bases[4];
};

constexpr District kDistricts[] = {
    {"江北区总工会",
     "江北区",
     {"市第一人民医院工会", "江北公交公司工会", "江北实验中学工会", "长江物流集团工会"}},
    {"城南区总工会",
     "城南区",
     {"城南供电公司工会", "市环卫集团工会", "城南街道社区工会", "南湖纺织厂工会"}},
    {"高新区总工会",
     "高新区",
     {"高新软件园联合工会", "智能制造产业园工会", "市自来水公司工会", "高新区快递行业工会"}},
};

struct DemoProduct {
  const char* name;
  const char* kind;
  const char* unit;
  int64_t price_fen;
  const char* origin;
  std::vector<int> months;
};

// An offer's title, its kind and its figure: the percent paid, the amount off or the member
// price (fen), or for a gift what is given.
struct DemoOffer {
  const char* title;
  merchant::OfferKind kind;
  int64_t figure;
  const char* gift;
};

struct DemoMerchant {
  const char* name;
  const char* category;
  const char* address;
  const char* description;
  std::vector<DemoProduct> products;
  DemoOffer offer;
};

// The 8 picking orchards and farms first; the first is where the demo merchant staff work.
const std::vector<DemoMerchant>& demo_merchants() {
  static const std::vector<DemoMerchant> all = {
      {"阳光葡萄采摘园",
       "orchard",
       "江北区长江路88号",
       "夏黑、阳光玫瑰葡萄，7-9月开园采摘，可预约亲子采摘。",
       {{"阳光玫瑰葡萄", "fruit", "斤", 1800, "江北区", {7, 8, 9}},
        {"夏黑葡萄", "fruit", "斤", 1200, "江北区", {7, 8}}},
       {"会员采摘门票8.8折", merchant::OfferKind::kPercentOff, 88, ""}},
      {"绿源草莓园",
       "orchard",
       "城南区草莓大道16号",
       "红颜草莓温室采摘，冬春两季。",
       {{"红颜草莓", "fruit", "斤", 3000, "城南区", {12, 1, 2, 3, 4}}},
       {"会员价每斤25元", merchant::OfferKind::kMemberPrice, 2500, ""}},
      {"瓜香西瓜农场",
       "farm",
       "高新区西湖村",
       "8424西瓜基地，夏季整箱直供工会。",
       {{"8424西瓜", "fruit", "个", 2500, "高新区", {6, 7, 8}}},
       {"整箱购买送小番茄一份", merchant::OfferKind::kGift, 0, "小番茄一份"}},
      {"青山蓝莓园",
       "orchard",
       "江北区青山镇",
       "有机蓝莓采摘，6月最佳。",
       {{"蓝莓", "fruit", "盒", 2800, "江北区", {6, 7}}},
       {"会员采摘9折", merchant::OfferKind::kPercentOff, 90, ""}},
      {"金秋苹果园",
       "orchard",
       "城南区果园路2号",
       "红富士苹果，秋季采摘。",
       {{"红富士苹果", "fruit", "斤", 600, "城南区", {9, 10, 11}},
        {"砀山梨", "fruit", "斤", 500, "城南区", {8, 9}}},
       {"会员采摘门票免费", merchant::OfferKind::kGift, 0, "免费采摘门票一张"}},
      {"猕猴桃生态农场",
       "farm",
       "高新区秦岭路",
       "红心猕猴桃，农场直供。",
       {{"红心猕猴桃", "fruit", "箱", 6800, "高新区", {9, 10}}},
       {"会员价每箱58元", merchant::OfferKind::kMemberPrice, 5800, ""}},
      {"稻香农场",
       "farm",
       "江北区稻田村",
       "生态大米和时令蔬菜。",
       {{"五常稻花香大米", "grain", "袋", 8800, "江北区", {10, 11}},
        {"番茄", "vegetable", "斤", 400, "江北区", {6, 7, 8}},
        {"大白菜", "vegetable", "斤", 150, "江北区", {11, 12, 1}}},
       {"会员满100减10", merchant::OfferKind::kAmountOff, 1000, ""}},
      {"冬桃采摘基地",
       "orchard",
       "城南区桃花坞",
       "冬桃11月成熟，可采摘。",
       {{"冬桃", "fruit", "斤", 1000, "城南区", {11, 12}}},
       {"会员采摘8折", merchant::OfferKind::kPercentOff, 80, ""}},
  };
  return all;
}

const char* kShopKinds[][2] = {{"fresh_produce", "鲜果超市"},
                               {"fresh_produce", "生鲜店"},
                               {"dining", "餐厅"},
                               {"dining", "面馆"},
                               {"daily_services", "洗衣店"},
                               {"daily_services", "理发店"},
                               {"culture_sport", "健身房"},
                               {"culture_sport", "书店"},
                               {"other", "眼镜店"}};
const char* kShopPlaces[] = {"江北", "城南", "高新", "长江", "南湖", "西湖", "滨江"};

// A demo prize: redeemed at the merchant that sells the named product.
struct DemoPrize {
  const char* name;
  int64_t quantity;
  int64_t value_fen;
  const char* product;
};

// 连工助农 campaigns (the brand is their one label, no tag repeats it), each prize redeemed
// where its produce is sold: a free lottery drawn three days ago (its audit bundle public;
// free, so that the demo member's ledger starts empty), an open points lottery that members
// with points have entered, an open first-come claim and an open picking booking with time
// slots at the grape orchard, where the demo staff work.
Status create_demo_campaigns(store::Db& db, const Principal& platform) {
  const int64_t now = Timestamp::now().ms, day = 86400000;
  int64_t root = 0;
  std::map<std::string, std::pair<int64_t, int64_t>> sellers;  // product → merchant, product id
  std::vector<int64_t> members;
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(org::Org r, org::root(tx));
    root = r.id;
    GH_ASSIGN(store::Rows products,
              tx.query("SELECT name, merchant_id, id FROM products ORDER BY id DESC"));
    for (const auto& row : products) {
      sellers[row.text(0)] = {row.integer(1), row.integer(2)};
    }
    GH_ASSIGN(store::Rows rows, tx.query("SELECT id FROM members ORDER BY id LIMIT 40"));
    for (const auto& row : rows) members.push_back(row.integer(0));
    return Status::Ok();
  }));
  auto make = [&](store::Tx& tx, campaign::Kind kind, std::string title, int64_t opens,
                  int64_t closes, int64_t cost, int64_t limit, std::vector<DemoPrize> prizes,
                  std::vector<campaign::Slot> slots = {}) -> Result<campaign::Campaign> {
    campaign::CampaignInput in;
    in.org_id = root;
    in.kind = kind;
    in.title = std::move(title);
    in.brand = "连工助农";
    in.opens_at = opens;
    in.closes_at = closes;
    in.points_cost = cost;
    in.per_member_limit = limit;
    in.beacon_source =
        in.kind == campaign::Kind::kLottery ? "drand quicknet round after close" : "";
    int64_t tier = 1;
    for (const DemoPrize& p : prizes) {
      const auto seller = sellers.find(p.product);
      if (seller == sellers.end())
        return Error::internal(std::string("no demo product ") + p.product);
      in.prizes.push_back({0, tier++, p.name, p.quantity, p.quantity, p.value_fen,
                           seller->second.first, seller->second.second});
    }
    in.slots = std::move(slots);
    GH_ASSIGN(campaign::Campaign c, campaign::create(tx, platform, in));
    return campaign::publish(tx, platform, c.id);
  };
  return db.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(campaign::Campaign drawn,
              make(tx, campaign::Kind::kLottery, "瓜分幸福·积分抽西瓜", now - 10 * day,
                   now - 3 * day, 0, 3,
                   {{"8424西瓜一箱", 3, 8800, "8424西瓜"},
                    {"阳光玫瑰葡萄采摘双人券", 5, 6000, "阳光玫瑰葡萄"}}));
    for (size_t i = 0; i < members.size(); ++i) {
      GH_TRY(campaign::enter(tx, members[i], drawn.id, 1 + static_cast<int64_t>(i % 3),
                             now - 9 * day + static_cast<int64_t>(i) * 60000));
    }
    GH_TRY(campaign::draw(tx, platform, drawn.id, "demo beacon 20260501", now - 3 * day + 3600000));
    GH_ASSIGN(campaign::Campaign grapes,
              make(tx, campaign::Kind::kLottery, "萄你欢心·葡萄采摘抽奖", now - day, now + 7 * day,
                   10, 5, {{"阳光玫瑰采摘券", 20, 6000, "阳光玫瑰葡萄"}}));
    // Sixty members with points from the year's grant have already entered it, paying with
    // their points.
    GH_ASSIGN(store::Rows paying, tx.query("SELECT m.id FROM members m JOIN ledger_accounts a"
                                           " ON a.id = m.id WHERE a.balance >= 30"
                                           " ORDER BY m.id LIMIT 60"));
    for (size_t i = 0; i < paying.size(); ++i) {
      GH_TRY(campaign::enter(tx, paying[i].integer(0), grapes.id, 1 + static_cast<int64_t>(i % 3),
                             now - day + 3600000 + static_cast<int64_t>(i) * 60000));
    }
    GH_TRY(make(tx, campaign::Kind::kClaim, "蔬送美好·时令蔬菜限量领", now - day, now + 7 * day, 5,
                1, {{"稻香农场时令蔬菜礼包", 50, 3000, "番茄"}}));
    // Picking trips on the next three days, 09:00-11:00 and 14:00-16:00 (UTC+8).
    std::vector<campaign::Slot> slots;
    const int64_t today = (now + 8 * 3600000) / day * day - 8 * 3600000;
    for (int64_t d = 2; d <= 4; ++d) {
      slots.push_back({0, today + d * day + 9 * 3600000, today + d * day + 11 * 3600000, 20, 0});
      slots.push_back({0, today + d * day + 14 * 3600000, today + d * day + 16 * 3600000, 20, 0});
    }
    GH_TRY(make(tx, campaign::Kind::kBooking, "萄你欢心·阳光葡萄采摘预约", now - day, now + 4 * day,
                10, 2, {{"葡萄采摘入园券", 120, 6000, "阳光玫瑰葡萄"}}, std::move(slots)));
    return Status::Ok();
  });
}

// A year of 助农 purchases from the demo farms, each handed out through a past distribution
// (its vouchers mostly redeemed), plus a 30,000-yuan counterpart-aid purchase of 赣州 navel
// oranges, so that the impact report shows meaningful figures.
Status create_demo_purchases(store::Db& db, const Principal& platform) {
  struct Buy {
    const char* product;
    const char* supplier;
    const char* kind;
    const char* unit;
    int64_t unit_price_fen;
    int64_t quantity;
    int64_t handed_out;
    int64_t months_ago;
    const char* title;
    const char* region;
  };
  static const Buy kBuys[] = {
      {"红颜草莓", "绿源草莓园", "fruit", "盒", 4500, 160, 150, 11, "莓好生活·草莓助农分发", ""},
      {"8424西瓜", "瓜香西瓜农场", "fruit", "个", 3500, 220, 200, 8, "清凉一夏·西瓜助农分发", ""},
      {"红富士苹果", "金秋苹果园", "fruit", "箱", 6800, 130, 120, 4, "平安果·苹果助农分发", ""},
      {"阳光玫瑰葡萄", "阳光葡萄采摘园", "fruit", "箱", 8800, 100, 90, 6, "萄你欢心·葡萄助农分发",
       ""},
      {"蓝莓", "青山蓝莓园", "fruit", "盒", 3900, 120, 110, 7, "蓝莓季·助农分发", ""},
      {"红心猕猴桃", "猕猴桃生态农场", "fruit", "箱", 7800, 90, 80, 3, "猕你幸福·猕猴桃分发", ""},
      {"冬桃", "冬桃采摘基地", "fruit", "箱", 9800, 70, 60, 2, "冬桃暖心·助农分发", ""},
      {"番茄", "稻香农场", "vegetable", "箱", 3000, 110, 100, 9, "蔬送美好·番茄分发", ""},
      {"大白菜", "稻香农场", "vegetable", "袋", 1500, 130, 120, 1, "蔬送美好·白菜分发", ""},
      {"库尔勒香梨", "库尔勒香梨合作社", "fruit", "箱", 6900, 90, 80, 5, "梨想生活·香梨分发", ""},
      {"五常稻花香大米", "稻香农场", "grain", "袋", 5500, 150, 140, 10, "稻香满仓·大米分发", ""},
      {"赣南脐橙", "赣州脐橙合作社", "fruit", "箱", 6000, 500, 120, 2, "橙心橙意·对口支援脐橙分发",
       "赣州"},
  };
  const int64_t now = Timestamp::now().ms, day = 86400000;
  std::vector<int64_t> districts, members;
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(org::Org root, org::root(tx));
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT id FROM orgs WHERE parent_id = ? ORDER BY id", {root.id}));
    for (const auto& row : rows) districts.push_back(row.integer(0));
    // Not the first member: the demo member's own voucher list stays as the campaigns left it.
    GH_ASSIGN(rows, tx.query("SELECT id FROM members ORDER BY id LIMIT 1000 OFFSET 1"));
    for (const auto& row : rows) members.push_back(row.integer(0));
    return Status::Ok();
  }));
  if (districts.empty() || members.empty()) return Status::Ok();
  return db.write([&](store::Tx& tx) -> Status {
    size_t next_member = 0;
    int index = 0;
    for (const Buy& b : kBuys) {
      const int64_t org_id = districts[static_cast<size_t>(index++) % districts.size()];
      GH_ASSIGN(
          store::Rows found,
          tx.query("SELECT m.id, p.id FROM merchants m JOIN products p ON p.merchant_id = m.id"
                   " WHERE p.name = ? ORDER BY m.id LIMIT 1",
                   {std::string(b.product)}));
      const int64_t merchant_id = found.empty() ? 0 : found[0].integer(0);
      const int64_t product_id = found.empty() ? 0 : found[0].integer(1);
      const int64_t opens = now - b.months_ago * 30 * day;
      const int64_t campaign_id = new_id(), prize_id = new_id();
      GH_TRY(
          tx.exec("INSERT INTO campaigns (id, org_id, kind, title, description, brand, tags,"
                  " opens_at, closes_at, points_cost, per_member_limit, one_prize_per_member,"
                  " voucher_valid_days, status, secret, commitment, beacon_source, beacon_value,"
                  " created_by, created_at, updated_at, published_at, drawn_at, cancelled_at)"
                  " VALUES (?, ?, 'distribution', ?, ?, '连工助农', '[]', ?, ?, 0, 1, 0, 30,"
                  " 'published', '', '', '', '', ?, ?, ?, ?, 0, 0)",
                  {campaign_id, org_id, std::string(b.title),
                   std::string("工会助农采购的") + b.product + "，按名单分发给职工。", opens,
                   opens + 7 * day, platform.account_id, opens - day, opens - day, opens - day}));
      GH_TRY(tx.exec("INSERT INTO campaign_orgs (campaign_id, org_id) VALUES (?, ?)",
                     {campaign_id, org_id}));
      GH_TRY(
          tx.exec("INSERT INTO campaign_prizes (id, campaign_id, tier, name, quantity, remaining,"
                  " value_fen, merchant_id, product_id, supplier_name, produce_name,"
                  " produce_kind) VALUES (?, ?, 1, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
                  {prize_id, campaign_id, std::string(b.product) + "一" + b.unit, b.handed_out,
                   b.unit_price_fen, merchant_id, product_id, std::string(b.supplier),
                   std::string(b.product), std::string(b.kind)}));
      for (int64_t i = 0; i < b.handed_out; ++i) {
        const int64_t voucher_id = new_id();
        const int64_t at = opens + (i % 72) * 3600000;
        const bool redeemed = i % 10 < 8;
        GH_TRY(tx.exec(
            "INSERT INTO vouchers (id, code, campaign_id, prize_id, member_id, entry_id,"
            " merchant_id, expires_at, status, redeemed_at, redeemed_by, redeemed_by_name,"
            " created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 0, ?, ?)",
            {voucher_id, "DEMO" + std::to_string(voucher_id), campaign_id, prize_id,
             members[next_member++ % members.size()], merchant_id, at + 30 * day,
             std::string(redeemed ? "redeemed" : "issued"), redeemed ? at + 2 * day : int64_t{0},
             std::string(redeemed ? "农场店员" : ""), at}));
      }
      purchase::PurchaseInput in;
      in.org_id = org_id;
      in.merchant_id = merchant_id;
      in.supplier_name = merchant_id ? "" : b.supplier;
      in.product_id = product_id;
      in.product_name = b.product;
      in.product_kind = b.kind;
      in.quantity = b.quantity;
      in.unit = b.unit;
      in.unit_price_fen = b.unit_price_fen;
      in.total_fen = b.quantity * b.unit_price_fen;
      in.funding_source = *b.region ? "对口支援专项经费" : "工会经费·助农专项";
      in.purchased_on = *parse_local_date(format_local_date(opens - 5 * day));
      in.invoice_ref = "FP" + format_local_date(opens - 5 * day) + "-" + std::to_string(index);
      in.counterpart_region = b.region;
      in.campaign_ids = {campaign_id};
      GH_TRY(purchase::create(tx, platform, in));
    }
    return Status::Ok();
  });
}
}  // namespace

std::vector<DemoLogin> demo_logins() {
  return {{"platform admin", "13800000000"},
          {"district admin", "13800000001"},
          {"base union admin", "13800000011"},
          {"member", "13900000001"},
          {"merchant staff", "13700000001"},
          {"employer staff", "13300000001"},
          {"news editor", std::string(kDemoNewsEditorPhone)}};
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
    GH_ASSIGN(org::Org root, org::create_root(tx, {"示范市总工会", org::Kind::kFederation, "示范市",
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
        // Two in three are frontline workers (一线职工), members for one to nine years.
        input.frontline = i % 3 != 0;
        input.joined_on = local_day_start(local_day(Timestamp::now().ms) - 400 - (i * 37) % 3000);
        GH_TRY(member::create(tx, platform, input));
      }
      return Status::Ok();
    }));
  }
  // The year's member points: 200 to every member of 城南区 and 高新区 from the federation, so
  // that balances and the report's points issued are not empty. 江北区, where the demo member
  // and the district admin are, starts without points, as a union that has not granted yet.
  for (const char* district : {"城南区总工会", "高新区总工会"}) {
    ledger::Grant grant;
    GH_TRY(db.write([&](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows,
                tx.query("SELECT id FROM orgs WHERE name = ?", {std::string(district)}));
      if (rows.empty()) return Error::internal("no demo district " + std::string(district));
      ledger::GrantInput input;
      input.org_id = rows[0].integer(0);
      input.amount = kDemoGrantPoints;
      input.reason = "年度会员积分";
      GH_ASSIGN(grant, ledger::start_grant(tx, platform, input,
                                           "demo-annual-points-" + std::string(district)));
      return Status::Ok();
    }));
    GH_ASSIGN(ledger::Grant done, ledger::run_grant(db, grant.id));
    if (!done.done) return Error::internal("the demo grant did not finish");
  }
  GH_TRY(db.write([&](store::Tx& tx) -> Status {
    const int64_t now = Timestamp::now().ms;
    const int64_t day = 86400000;
    auto sign = [&](merchant::MerchantFields fields,
                    int64_t contract_days) -> Result<merchant::Merchant> {
      GH_ASSIGN(merchant::Application a, merchant::apply(tx, 0, fields));
      return merchant::approve(tx, platform, a.id, now - 300 * day, now + contract_days * day);
    };
    int index = 0;
    // Orchards and farms with their produce and offers, in a ring around the city centre.
    for (const DemoMerchant& d : demo_merchants()) {
      merchant::MerchantFields f{
          d.name,
          d.category,
          d.address,
          {30274000 + (index % 4) * 9000 - 12000, 120155000 + (index / 4) * 15000 - 8000},
          "负责人",
          "0571-8800" + std::to_string(1000 + index),
          "91330100MA" + std::to_string(100000 + index),
          d.description,
          "08:00-17:30",
          "",
          // The picking orchards are listed on the city's picking platform.
          std::string_view(d.category) == "orchard" ? "海州采摘" : "",
          {}};
      if (index == 0) f.external_url = "https://picking.example.org/orchards/1";
      GH_ASSIGN(merchant::Merchant m, sign(f, index == 1 ? 20 : 400));
      for (const DemoProduct& p : d.products) {
        merchant::Product product;
        product.merchant_id = m.id;
        product.name = p.name;
        product.kind = p.kind;
        product.unit = p.unit;
        product.unit_price_fen = p.price_fen;
        product.origin = p.origin;
        product.season_months = p.months;
        GH_TRY(merchant::save_product(tx, platform, product));
      }
      merchant::Offer offer;
      offer.merchant_id = m.id;
      offer.title = d.offer.title;
      offer.kind = d.offer.kind;
      offer.gift = d.offer.gift;
      offer.pay_percent = d.offer.kind == merchant::OfferKind::kPercentOff ? d.offer.figure : 0;
      offer.off_fen = d.offer.kind == merchant::OfferKind::kAmountOff ? d.offer.figure : 0;
      if (d.offer.kind == merchant::OfferKind::kMemberPrice) {
        offer.member_price_fen = d.offer.figure;
        offer.list_price_fen = d.products.front().price_fen;
      }
      offer.terms = d.offer.kind == merchant::OfferKind::kAmountOff
                        ? "单笔满100元可用，凭工会会员身份享受。"
                        : "凭工会会员身份享受，节假日通用。";
      offer.valid_from = now - 30 * day;
      offer.valid_to = now + 365 * day;
      GH_TRY(merchant::save_offer(tx, platform, offer));
      if (index == 0) {
        // Demo staff hold the role outright (a real one accepts an invitation first).
        GH_ASSIGN(auth::Account staff,
                  auth::create_account(tx, "13700000001", "葡萄园店员", "", false));
        GH_TRY(auth::grant_role(tx, staff.id, {Role::kMerchantStaff, 0, m.id, 0}));
      }
      ++index;
    }
    // 49 more shops: fresh produce (with navel oranges and pears), dining and services.
    for (int i = 0; i < 49; ++i) {
      const auto& kind = kShopKinds[i % std::size(kShopKinds)];
      const std::string name = std::string(kShopPlaces[i % std::size(kShopPlaces)]) + kind[1] +
                               std::to_string(i / std::size(kShopPlaces) + 1) + "号店";
      merchant::MerchantFields f{name,
                                 kind[0],
                                 std::string(kShopPlaces[i % std::size(kShopPlaces)]) + "路" +
                                     std::to_string(10 + i) + "号",
                                 {30240000 + (i % 7) * 11000, 120110000 + (i / 7) * 13000},
                                 "店长",
                                 "0571-8600" + std::to_string(1000 + i),
                                 "91330100MB" + std::to_string(200000 + i),
                                 "工会优惠购签约商家。",
                                 "09:00-21:00",
                                 "",
                                 "",
                                 {}};
      GH_ASSIGN(merchant::Merchant m, sign(f, i % 10 == 0 ? 25 : 365));
      if (std::string_view(kind[0]) == "fresh_produce") {
        merchant::Product product;
        product.merchant_id = m.id;
        product.name = i % 2 ? "赣南脐橙" : "库尔勒香梨";
        product.kind = "fruit";
        product.unit = "箱";
        product.unit_price_fen = i % 2 ? 5900 : 6900;
        product.origin = i % 2 ? "江西赣州" : "新疆库尔勒";
        product.season_months = {11, 12, 1};
        GH_TRY(merchant::save_product(tx, platform, product));
      }
      merchant::Offer offer;
      offer.merchant_id = m.id;
      offer.title = "会员专享" + std::to_string(85 + i % 10) + "折";
      offer.kind = merchant::OfferKind::kPercentOff;
      offer.pay_percent = 85 + i % 10;
      offer.terms = "出示工会会员码即可享受。";
      offer.valid_from = now - 30 * day;
      offer.valid_to = now + 365 * day;
      GH_TRY(merchant::save_offer(tx, platform, offer));
    }
    return Status::Ok();
  }));
  GH_TRY(create_demo_campaigns(db, platform));
  GH_TRY(create_demo_purchases(db, platform));
  GH_TRY(create_demo_news(db, platform));
  GH_TRY(create_demo_training(db, platform));
  GH_TRY(create_demo_subsidies(db, platform, hash));
  GH_TRY(create_demo_jobs(db, platform));
  GH_TRY(create_demo_fairs(db, platform));
  GH_TRY(create_demo_stations(db, platform));
  GH_TRY(create_demo_helplists(db, platform));
  return db.write([&](store::Tx& tx) -> Status {
    // Every demo account can sign in with the demo password.
    GH_TRY(tx.exec("UPDATE accounts SET demo = 1, password_hash = ?", {hash}));
    GH_TRY(tx.exec("INSERT INTO settings (key, value) VALUES ('demo', '1')"));
    return Status::Ok();
  });
}

}  // namespace gonghui::app
