// Demo 帮促清单: 江北区总工会 paired with 青山村 (with a first secretary whose 600 solar panels add
// ¥286,700 a year) and 城南区总工会 with 清河社区, their needs at every state, households (sealed),
// visits, a purchase of the village's tea, a donation of books and a volunteer task; a model
// worker links to 青山村.
#include <optional>

#include "app/demo_parts.hpp"
#include "core/time.hpp"
#include "domain/helplist/helplist.hpp"

namespace gonghui::app {
namespace {

using helplist::Category;
using helplist::NeedStatus;

constexpr int64_t kDay = 86'400'000;

struct DemoNeed {
  Category category;
  const char* title;
  int64_t target;
  const char* unit;
  int64_t budget_fen;
  NeedStatus status;
  int64_t delivered;
  const char* progress;  // the update that delivered it
};

// An org admin of the union, as the server would make them from their account.
Result<Principal> admin_with_phone(store::Tx& tx, const std::string& phone) {
  GH_ASSIGN(store::Rows rows, tx.query("SELECT a.id, a.name, r.org_id FROM accounts a JOIN "
                                       "account_roles r ON r.account_id = a.id WHERE a.phone = ? "
                                       "AND r.role = 'org_admin'",
                                       {phone}));
  if (rows.empty()) return Error::not_found("demo admin " + phone);
  Principal p;
  p.account_id = rows[0].integer(0);
  p.name = rows[0].text(1);
  p.roles.push_back({Role::kOrgAdmin, rows[0].integer(2), 0, 0});
  return p;
}

Result<int64_t> org_named(store::Tx& tx, const char* name) {
  GH_ASSIGN(store::Rows rows, tx.query("SELECT id FROM orgs WHERE name = ?", {std::string(name)}));
  if (rows.empty()) return Error::not_found(name);
  return rows[0].integer(0);
}

// Adds a need and moves it to `d.status`: `doer` claims, records how it is `met`, delivers and
// completes, `checker` accepts.
Result<helplist::Need> add_need(store::Tx& tx, const Principal& doer, const Principal& checker,
                                int64_t pairing, const DemoNeed& d, std::vector<int64_t> households,
                                int64_t now,
                                std::optional<helplist::FulfilmentInput> met = std::nullopt) {
  helplist::NeedInput in;
  in.category = d.category;
  in.title = d.title;
  in.target_quantity = d.target;
  in.unit = d.unit;
  in.budget_fen = d.budget_fen;
  in.deadline = local_day_start(local_day(now)) + 120 * kDay;
  in.household_ids = std::move(households);
  GH_ASSIGN(helplist::Need n, helplist::add_need(tx, doer, pairing, in, now - 60 * kDay));
  if (d.status == NeedStatus::kOpen) return n;
  GH_TRY(helplist::claim_need(tx, doer, n.id, "", now - 50 * kDay));
  if (met) {
    GH_TRY(helplist::add_fulfilment(tx, doer, n.id, *met, now - 25 * kDay));
  }
  if (d.delivered > 0) {
    GH_TRY(helplist::add_progress(tx, doer, n.id, {d.progress, {}, d.delivered}, now - 20 * kDay));
  }
  if (d.status == NeedStatus::kInProgress)
    return helplist::add_progress(tx, doer, n.id, {"工程按计划推进", {}, 0}, now - 5 * kDay);
  GH_TRY(helplist::complete_need(tx, doer, n.id, "已全部完成", now - 10 * kDay));
  if (d.status == NeedStatus::kDone) return n;
  return helplist::accept_need(tx, checker, n.id, "现场验收合格", now - 3 * kDay);
}

Status qingshan(store::Tx& tx, const Principal& platform, const Principal& district, int64_t now) {
  helplist::PairingInput in;
  GH_ASSIGN(in.org_id, org_named(tx, "江北区总工会"));
  in.village = "青山村";
  in.region = "示范市云岭县石门镇";
  in.description = "江北区总工会与青山村结对共建，围绕住房、路灯、道路、助学和产业帮扶开展工作。";
  in.fund_fen = 50'000'000;
  in.started_on = local_day_start(local_day(now)) - 400 * kDay;
  in.secretary_name = "覃志强";
  in.secretary_org = "江北区总工会";
  in.secretary_phone = "13977001122";
  GH_ASSIGN(helplist::Pairing p, helplist::create_pairing(tx, district, in, now - 400 * kDay));
  std::vector<int64_t> homes;
  const helplist::HouseholdInput households[] = {
      {"韦秀英", "45012119580312122X", "", "青山村三组12号", "房屋漏雨，独居老人"},
      {"蓝国富", "450121196507231235", "13977005566", "青山村一组5号", "危房，低保户"},
      {"黄美兰", "450121197211084326", "", "青山村二组21号", "墙体开裂，家有病人"},
      {"莫德昌", "450121196001015417", "", "青山村四组3号", "大病致贫"},
  };
  for (const helplist::HouseholdInput& h : households) {
    GH_ASSIGN(helplist::Household made,
              helplist::add_household(tx, district, p.id, h, now - 300 * kDay));
    homes.push_back(made.id);
  }
  GH_TRY(helplist::add_visit(tx, district, p.id,
                             {now - 90 * kDay, "江北区总工会主席、第一书记覃志强", 12,
                              "村民反映晚上村道太黑，希望安装路灯；三户房屋漏雨。"},
                             now));
  GH_TRY(helplist::add_visit(
      tx, district, p.id,
      {now - 15 * kDay, "江北区总工会帮扶工作组", 8, "路灯已亮，村民满意；村道硬化进度过半。"},
      now));
  GH_ASSIGN(helplist::Need housing,
            add_need(tx, district, platform, p.id,
                     {Category::kHousing, "低收入户危房修缮", 3, "户", 9'000'000,
                      NeedStatus::kInProgress, 2, "两户房屋屋面翻新完成"},
                     {homes[0], homes[1], homes[2]}, now));
  GH_TRY(add_need(tx, district, platform, p.id,
                  {Category::kStreetLights, "安装太阳能路灯", 50, "盏", 15'000'000,
                   NeedStatus::kAccepted, 50, "50盏太阳能路灯全部安装亮灯"},
                  {}, now,
                  helplist::FulfilmentInput{helplist::FulfilmentKind::kFund, 0, 14'800'000,
                                            "专项资金支付路灯采购安装款", "", now - 30 * kDay}));
  GH_ASSIGN(helplist::Need road, add_need(tx, district, platform, p.id,
                                          {Category::kRoads, "村道硬化", 1000, "米", 30'000'000,
                                           NeedStatus::kInProgress, 650, "完成650米路面浇筑"},
                                          {}, now));
  GH_TRY(helplist::add_task(tx, district, road.id,
                            {"村道硬化义务劳动", "青山村村委会门口集合", now + 5 * kDay, 20}, now));
  GH_TRY(add_need(tx, district, platform, p.id,
                  {Category::kEducation, "秋季助学金", 20, "人", 4'000'000, NeedStatus::kDone, 20,
                   "20名学生助学金发放到位"},
                  {}, now,
                  helplist::FulfilmentInput{helplist::FulfilmentKind::kFund, 0, 4'000'000,
                                            "每人2000元", "", now - 30 * kDay}));
  GH_TRY(add_need(tx, district, platform, p.id,
                  {Category::kIllness, "大病帮扶", 1, "户", 2'000'000, NeedStatus::kOpen, 0, ""},
                  {homes[3]}, now));
  GH_ASSIGN(helplist::Need tea, add_need(tx, district, platform, p.id,
                                         {Category::kIndustry, "助销高山茶叶", 80000, "元", 0,
                                          NeedStatus::kInProgress, 0, ""},
                                         {}, now));
  // A purchase of 江北区's, if the demo has one, is the village's produce bought.
  GH_ASSIGN(
      store::Rows bought,
      tx.query(
          "SELECT p.id, p.total_fen FROM purchases p JOIN orgs o ON o.id = p.org_id JOIN orgs d ON "
          "d.id = ? WHERE o.path >= d.path AND o.path < d.path || '~' ORDER BY p.id LIMIT 1",
          {in.org_id}));
  if (!bought.empty()) {
    GH_TRY(helplist::add_fulfilment(tx, district, tea.id,
                                    {helplist::FulfilmentKind::kPurchase, bought[0].integer(0), 0,
                                     "工会采购村里的高山茶叶", "", now - 7 * kDay},
                                    now));
  }
  helplist::OutcomeInput solar;
  solar.title = "安装光伏板600块";
  solar.kind = helplist::OutcomeKind::kIncome;
  solar.income_fen_per_year = 28'670'000;
  solar.quantity = 600;
  solar.unit = "块";
  solar.evidence = "村集体光伏电站并网发电，年度电费结算单及村集体账目";
  solar.recorded_on = local_day_start(local_day(now)) - 30 * kDay;
  solar.by = "第一书记覃志强";
  GH_TRY(helplist::add_outcome(tx, district, p.id, solar, now));
  // The first model worker of the demo helps the village: a link from the profile to it.
  GH_TRY(
      tx.exec("INSERT INTO news_links (item_type, item_id, position, kind, target_id) SELECT "
              "'model_worker', w.id, COALESCE((SELECT MAX(l.position) + 1 FROM news_links l "
              "WHERE l.item_type = 'model_worker' AND l.item_id = w.id), 0), 'pairing', ? FROM "
              "model_workers w WHERE w.status = 'published' ORDER BY w.id LIMIT 1",
              {p.id}));
  return Status::Ok();
}

Status qinghe(store::Tx& tx, const Principal& platform, const Principal& editor, int64_t now) {
  helplist::PairingInput in;
  GH_ASSIGN(in.org_id, org_named(tx, "城南区总工会"));
  in.village = "清河社区";
  in.region = "示范市城南区清河街道";
  in.description =
      "城南区总工会与清河社区结对共建，为环卫工人、快递小哥建设休息室，丰富社区文化生活。";
  in.fund_fen = 20'000'000;
  in.started_on = local_day_start(local_day(now)) - 200 * kDay;
  GH_ASSIGN(helplist::Pairing p, helplist::create_pairing(tx, platform, in, now - 200 * kDay));
  GH_TRY(helplist::add_visit(
      tx, platform, p.id,
      {now - 40 * kDay, "城南区总工会", 5, "环卫工人希望有个能热饭、避暑的地方。"}, now));
  GH_TRY(add_need(tx, editor, platform, p.id,
                  {Category::kCulture, "农家书屋图书", 6000, "元", 600'000, NeedStatus::kAccepted,
                   6000, "价值6000元图书上架"},
                  {}, now,
                  helplist::FulfilmentInput{helplist::FulfilmentKind::kInKind, 0, 600'000,
                                            "捐赠图书320册", "示范市图书馆", now - 30 * kDay}));
  GH_ASSIGN(helplist::Need rest_room, add_need(tx, editor, platform, p.id,
                                               {Category::kOther, "户外劳动者休息室（含空调）", 1,
                                                "间", 3'000'000, NeedStatus::kInProgress, 0, ""},
                                               {}, now));
  GH_TRY(helplist::add_task(tx, editor, rest_room.id,
                            {"休息室布置志愿服务", "清河社区服务中心", now + 7 * kDay, 10}, now));
  GH_TRY(add_need(
      tx, editor, platform, p.id,
      {Category::kOther, "饮水机", 2, "台", 300'000, NeedStatus::kDone, 2, "两台饮水机安装到位"},
      {}, now));
  GH_TRY(add_need(tx, editor, platform, p.id,
                  {Category::kOther, "微波炉", 2, "台", 160'000, NeedStatus::kOpen, 0, ""}, {},
                  now));
  GH_TRY(add_need(tx, editor, platform, p.id,
                  {Category::kOther, "桌椅", 10, "套", 500'000, NeedStatus::kOpen, 0, ""}, {},
                  now));
  return Status::Ok();
}

}  // namespace

Status create_demo_helplists(store::Db& db, const Principal& platform) {
  const int64_t now = Timestamp::now().ms;
  return db.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(Principal district, admin_with_phone(tx, "13800000001"));
    GH_ASSIGN(Principal editor, admin_with_phone(tx, "13800000009"));
    GH_TRY(qingshan(tx, platform, district, now));
    return qinghe(tx, platform, editor, now);
  });
}

}  // namespace gonghui::app
