// Demo news: five rural model workers written for the demo (invented people), two of them with
// a studio, and ten articles across the categories, the sample report among them imported
// through the editor's importer. Each goes through the real workflow: written by the
// federation's news editor (or a district admin), approved and published by the platform
// admin.
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "app/demo.hpp"
#include "core/time.hpp"
#include "domain/auth/auth.hpp"
#include "domain/news/news.hpp"
#include "domain/org/org.hpp"

namespace gonghui::app {
namespace {

constexpr int64_t kDayMs = 86400000;

// The ids the demo's news links to, found by name.
struct Targets {
  int64_t root = 0, jiangbei = 0, chengnan = 0;
  std::map<std::string, int64_t> merchants, products, campaigns;
};

Result<Targets> find_targets(store::Db& db) {
  Targets t;
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(org::Org root, org::root(tx));
    t.root = root.id;
    GH_ASSIGN(store::Rows rows, tx.query("SELECT name, id FROM orgs"));
    for (const auto& row : rows) {
      if (row.text(0) == "江北区总工会") t.jiangbei = row.integer(1);
      if (row.text(0) == "城南区总工会") t.chengnan = row.integer(1);
    }
    for (auto [table, names] :
         {std::pair{"merchants", &t.merchants}, std::pair{"products", &t.products}}) {
      GH_ASSIGN(rows,
                tx.query("SELECT name, MIN(id) FROM " + std::string(table) + " GROUP BY name"));
      for (const auto& row : rows) (*names)[row.text(0)] = row.integer(1);
    }
    GH_ASSIGN(rows, tx.query("SELECT title, MIN(id) FROM campaigns GROUP BY title"));
    for (const auto& row : rows) t.campaigns[row.text(0)] = row.integer(1);
    return Status::Ok();
  }));
  return t;
}

// Who writes and who approves.
struct Newsroom {
  store::Db& db;
  Principal reviewer;  // the platform admin
  int64_t now = 0;
};

// Submits, approves and publishes an item the author wrote, then dates it `days_ago`.
Status publish(store::Tx& tx, const Newsroom& room, const Principal& author, news::ItemType type,
               int64_t id, int64_t days_ago) {
  GH_TRY(news::take_step(tx, author, type, id, news::Action::kSubmit, {}, room.now));
  GH_TRY(news::take_step(tx, room.reviewer, type, id, news::Action::kApprove, {}, room.now));
  GH_TRY(news::take_step(tx, room.reviewer, type, id, news::Action::kPublish, {}, room.now));
  const std::string table = type == news::ItemType::kArticle ? "news_articles" : "model_workers";
  GH_TRY(tx.exec("UPDATE " + table + " SET published_at = ? WHERE id = ?",
                 {room.now - days_ago * kDayMs + 9 * 3600000, id}));
  return Status::Ok();
}

Result<int64_t> article(const Newsroom& room, const Principal& author, news::ArticleInput in,
                        int64_t days_ago) {
  int64_t id = 0;
  GH_TRY(room.db.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(news::Article a, news::create_article(tx, author, in, room.now));
    id = a.id;
    return publish(tx, room, author, news::ItemType::kArticle, id, days_ago);
  }));
  return id;
}

Result<int64_t> profile(const Newsroom& room, const Principal& author, news::ModelWorkerInput in,
                        int64_t days_ago) {
  int64_t id = 0;
  GH_TRY(room.db.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(news::ModelWorker w, news::create_model_worker(tx, author, in, room.now));
    id = w.id;
    return publish(tx, room, author, news::ItemType::kModelWorker, id, days_ago);
  }));
  return id;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// The sample report, imported as an editor would (simplified, pinyin removed). The report is
// a real one: its people are replaced by the demo's invented model workers and the lines
// naming its reporters and editors left out, since demo data names no real person.
Result<news::ImportedText> imported_report() {
  GH_ASSIGN(news::ImportedText report, news::import_text(sample_news_report(), true, true));
  for (auto [real, invented] :
       {std::pair{"刘敏捷", "林振国"}, std::pair{"宋成伍", "周长海"}, std::pair{"陈广兵", "何建新"},
        std::pair{"徐瑶", "许晓雯"}, std::pair{"郝大宝", "韩立春"}, std::pair{"连云港", "示范"},
        std::pair{"(张文烨 严涵 刘毅)", ""}}) {
    replace_all(report.body, real, invented);
    replace_all(report.summary, real, invented);
  }
  std::string body;
  for (size_t start = 0; start < report.body.size();) {
    size_t end = report.body.find("\n\n", start);
    if (end == std::string::npos) end = report.body.size();
    const std::string paragraph = report.body.substr(start, end - start);
    if (paragraph.find("总值班") == std::string::npos && paragraph.find("来源") != 0) {
      body += (body.empty() ? "" : "\n\n") + paragraph;
    }
    start = end + 2;
  }
  report.body = body + "\n\n来源：示范市总工会";
  return report;
}

}  // namespace

namespace {

news::ArticleInput text_article(std::string title, std::string summary, std::string body,
                                news::Category category, int64_t org_id,
                                std::vector<news::LinkRef> links = {}) {
  return {std::move(title), std::move(summary), std::move(body), category, org_id, 0, false,
          std::move(links)};
}

// The two model workers' stories, published before their profiles name them.
Result<std::pair<int64_t, int64_t>> write_stories(const Newsroom& room, const Principal& editor,
                                                  const Targets& t) {
  GH_ASSIGN(int64_t machinery,
            article(room, editor,
                    text_article("林振国：把农机送到田间地头的全国劳模",
                                 "二十年扎根农村，研制十余种农机具免费给村民用。",
                                 "天刚亮，林振国的农机站里已经排起了借农机的队。\n\n"
                                 "二十年来，他研制了旋耕播种一体机、秸秆打捆机等十余种农机具，"
                                 "**全部免费**供村民使用，每年服务农田三千余亩次。\n\n"
                                 "“机器多转一圈，乡亲们就少弯一次腰。”这是他常说的一句话。",
                                 news::Category::kModelWorker, t.root),
                    6));
  GH_ASSIGN(int64_t flowers,
            article(room, editor,
                    text_article("韩立春：花开致富路", "带领三百多户村民发展鲜切花，两年全村脱贫。",
                                 "走进村里的花卉大棚，百合、玫瑰开得正盛。\n\n"
                                 "韩立春带领村民因地制宜发展鲜切花产业，一年四季“上班”进大棚，"
                                 "天天见收入。仅仅两年时间，全村贫困家庭全部实现脱贫。",
                                 news::Category::kModelWorker, t.root),
                    5));
  return std::pair{machinery, flowers};
}

// Five rural model workers (invented for the demo), all of the federation.
Result<std::vector<int64_t>> write_profiles(const Newsroom& room, const Principal& editor,
                                            const Targets& t, std::pair<int64_t, int64_t> stories) {
  const int64_t year = std::stoll(format_local_date(room.now).substr(0, 4));
  using news::LinkKind, news::Level;
  const std::vector<news::ModelWorkerInput> profiles = {
      {"郑国栋",
       "示范市工匠",
       Level::kCraftsman,
       year - 1,
       t.root,
       "果树栽培",
       0,
       "三十年钻研果树嫁接与修剪，培训果农两千余人次。",
       0,
       std::nullopt,
       {{LinkKind::kMerchant, t.merchants.at("阳光葡萄采摘园")}}},
      {"韩立春",
       "全国脱贫攻坚模范",
       Level::kPovertyModel,
       year - 4,
       t.root,
       "鲜切花种植",
       0,
       "带领村民发展鲜切花产业，两年时间全村贫困家庭全部脱贫。",
       stories.second,
       std::nullopt,
       {}},
      {"许晓雯",
       "省劳动模范",
       Level::kProvincial,
       year - 2,
       t.root,
       "蔬果种植",
       0,
       "大学毕业后返乡创业，成立合作社，把小村建成了蔬果专业村。",
       0,
       std::nullopt,
       {{LinkKind::kMerchant, t.merchants.at("猕猴桃生态农场")},
        {LinkKind::kProduct, t.products.at("红心猕猴桃")}}},
      {"周长海",
       "省劳动模范",
       Level::kProvincial,
       year - 3,
       t.root,
       "稻虾种养",
       0,
       "创办稻虾种养专业合作社，带动300多名村民就业。",
       0,
       news::Studio{"周长海稻虾种养工作室", 8, "示范市江北区稻田村",
                    "- 推广“稻虾共作”模式，亩均增收**2000元**\n- 合作社带动300多名村民就业"},
       {{LinkKind::kMerchant, t.merchants.at("稻香农场")},
        {LinkKind::kProduct, t.products.at("五常稻花香大米")}}},
      {"林振国",
       "全国劳动模范",
       Level::kNational,
       year - 10,
       t.root,
       "农机制造",
       0,
       "扎根农村二十年，研制的农机具免费供村民使用。",
       stories.first,
       news::Studio{"林振国农机创新工作室", 12, "示范市江北区稻田村农机站",
                    "- 研制旋耕播种一体机、秸秆打捆机等农机具12种\n- 获实用新型专利8项\n"
                    "- 每年免费服务农田3000余亩次"},
       {{LinkKind::kMerchant, t.merchants.at("稻香农场")}}},
  };
  std::vector<int64_t> ids;  // newest first: 林振国, 周长海, 许晓雯, 韩立春, 郑国栋
  int64_t days_ago = 5;
  for (const auto& p : profiles) {
    GH_ASSIGN(int64_t id, profile(room, editor, p, days_ago--));
    ids.insert(ids.begin(), id);
  }
  return ids;
}

Status write_articles(const Newsroom& room, const Principal& editor, const Principal& district,
                      const Targets& t, const std::vector<int64_t>& workers) {
  using news::Category, news::LinkKind;
  auto campaign = [&](const char* title) {
    return news::LinkRef{LinkKind::kCampaign, t.campaigns.at(title)};
  };
  news::ArticleInput notice = text_article(
      "关于开展“连工助农”系列活动的通知", "积分抽奖、限量领取、采摘预约，会员在“工会服务”里参加。",
      "各区总工会、各基层工会：\n\n为助力乡村振兴，市总工会开展“连工助农”系列活动：\n\n"
      "1. **积分抽奖**：萄你欢心·葡萄采摘抽奖\n2. **限量领取**：蔬送美好·时令蔬菜\n"
      "3. **采摘预约**：阳光葡萄采摘园\n\n请各级工会广泛宣传，组织会员参加。",
      Category::kNotice, t.root,
      {campaign("萄你欢心·葡萄采摘抽奖"), campaign("蔬送美好·时令蔬菜限量领"),
       campaign("萄你欢心·阳光葡萄采摘预约")});
  notice.pinned = true;
  GH_ASSIGN(news::ImportedText report, imported_report());
  std::vector<news::LinkRef> report_links;
  for (int64_t worker : workers) report_links.push_back({LinkKind::kModelWorker, worker});
  const std::vector<std::tuple<const Principal*, news::ArticleInput, int64_t>> articles = {
      {&editor,
       text_article("城南区工会经费助农采购工作指引", "采购范围、流程和票据要求一文说清。",
                    "## 采购范围\n\n签约助农商家的农产品。\n\n## 票据\n\n"
                    "采购须取得发票，并在系统中登记采购记录。",
                    Category::kPolicy, t.chengnan),
       12},
      {&district,
       text_article("江北区职工疗休养报名通知", "本年度职工疗休养开始报名。",
                    "各基层工会：\n\n本年度职工疗休养开始报名，请于月底前报送名单。",
                    Category::kNotice, t.jiangbei),
       10},
      {&district,
       text_article("江北区总工会走访慰问一线职工", "为户外劳动者送去清凉。",
                    "江北区总工会走访公交、环卫、快递一线职工，送去防暑降温物品。",
                    Category::kUnionNews, t.jiangbei),
       9},
      {&editor,
       text_article("一图读懂：会员积分怎么用", "积分的来源、用途和有效期。",
                    "- 积分由工会发放，参加签到也能获得\n- 可用于积分抽奖、限量领取\n"
                    "- 积分明细在“我的”里查看",
                    Category::kPolicy, t.root),
       8},
      {&editor,
       text_article("市总工会举办劳模工匠助农直播", "劳模进直播间，为合作社农产品代言。",
                    "全国劳模林振国、省劳模周长海走进直播间，推介合作社的大米和农产品。",
                    Category::kUnionNews, t.root,
                    {{LinkKind::kModelWorker, workers[0]},
                     {LinkKind::kModelWorker, workers[1]},
                     {LinkKind::kMerchant, t.merchants.at("稻香农场")}}),
       3},
      {&editor,
       text_article("“萄你欢心”葡萄采摘预约开启", "阳光玫瑰葡萄成熟，会员可预约采摘。",
                    "阳光葡萄采摘园的阳光玫瑰葡萄进入成熟期，会员可在活动页预约采摘时段。",
                    Category::kFarmAid, t.root,
                    {campaign("萄你欢心·阳光葡萄采摘预约"),
                     {LinkKind::kMerchant, t.merchants.at("阳光葡萄采摘园")}}),
       2},
      {&editor,
       news::ArticleInput{"市总工会接续助力乡村全面振兴", report.summary, report.body,
                          Category::kFarmAid, t.root, 0, false, report_links},
       1},
      {&editor, notice, 0},
  };
  for (const auto& [author, input, days_ago] : articles) {
    GH_TRY(article(room, *author, input, days_ago));
  }
  return Status::Ok();
}

}  // namespace

Status create_demo_news(store::Db& db, const Principal& platform) {
  GH_ASSIGN(Targets targets, find_targets(db));
  Principal editor, district;
  GH_TRY(db.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(auth::Account account, auth::create_account(tx, std::string(kDemoNewsEditorPhone),
                                                          "市总工会宣传部", "", false));
    GH_TRY(auth::grant_role(tx, account.id, {Role::kOrgAdmin, targets.root, 0, 0}));
    editor = {account.id, 0, account.name, {{Role::kOrgAdmin, targets.root, 0, 0}}, false, ""};
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT id, name FROM accounts WHERE phone = '13800000001'"));
    if (rows.empty()) return Error::internal("no demo district admin");
    district = {rows[0].integer(0),
                0,
                rows[0].text(1),
                {{Role::kOrgAdmin, targets.jiangbei, 0, 0}},
                false,
                ""};
    return Status::Ok();
  }));
  const Newsroom room{db, platform, Timestamp::now().ms};
  GH_ASSIGN(auto stories, write_stories(room, editor, targets));
  GH_ASSIGN(std::vector<int64_t> workers, write_profiles(room, editor, targets, stories));
  return write_articles(room, editor, district, targets, workers);
}

}  // namespace gonghui::app
