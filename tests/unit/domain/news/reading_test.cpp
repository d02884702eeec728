#include "domain/merchant/merchant.hpp"
#include "news_test.hpp"
#include "text/pinyin.hpp"

namespace gonghui::news {
namespace {

using ReadingTest = NewsTest;

std::vector<std::string> titles(const std::vector<ArticleCard>& cards) {
  std::vector<std::string> out;
  for (const auto& c : cards) out.push_back(c.title);
  return out;
}

TEST_P(ReadingTest, TheFederationIsReadByEveryoneALowerUnionByItsSubtree) {
  const int64_t city = published(tree_.platform, root_admin(), tree_.root.id, "市总工会资讯");
  const int64_t east = published(tree_.admin_a, tree_.platform, tree_.district_a.id, "江北区资讯");
  auto draft = create(tree_.platform, input(tree_.root.id, "未发布的草稿"));
  const Principal own = member_in(tree_.base_a1.id, 1);
  const Principal other = member_in(tree_.base_b1.id, 2);

  auto list = [&](const Principal* reader) {
    auto l = in_tx([&](store::Tx& tx) { return list_articles(tx, reader, {}); });
    EXPECT_TRUE(l.ok());
    return titles(l->page.items);
  };
  const std::vector<std::string> city_only{"市总工会资讯"};
  const std::vector<std::string> both{"江北区资讯", "市总工会资讯"};
  EXPECT_EQ(list(nullptr), city_only) << "anonymous";
  EXPECT_EQ(list(&other), city_only) << "a member of another district";
  EXPECT_EQ(list(&own), both);
  EXPECT_EQ(list(&tree_.admin_a), both);
  EXPECT_EQ(list(&tree_.admin_b), city_only);
  EXPECT_EQ(list(&tree_.platform), both);

  EXPECT_TRUE(read(nullptr, city).ok());
  EXPECT_EQ(read(nullptr, east).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(read(&other, east).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(read(&tree_.admin_b, east).error().kind, ErrorKind::kNotFound);
  EXPECT_TRUE(read(&own, east).ok());
  EXPECT_EQ(read(&own, draft->id).error().kind, ErrorKind::kNotFound) << "never a draft";

  // Admins of another district may not manage it either.
  auto manage = in_tx([&](store::Tx& tx) { return article_for_admin(tx, tree_.admin_b, east); });
  EXPECT_EQ(manage.error().kind, ErrorKind::kForbidden);
  auto managed = in_tx([&](store::Tx& tx) { return manage_articles(tx, tree_.admin_b, {}); });
  EXPECT_EQ(managed->total, 0);
}

TEST_P(ReadingTest, ReadsAreCountedOncePerAccount) {
  const int64_t id = published(tree_.platform, root_admin(), tree_.root.id);
  const Principal a = member_in(tree_.base_a1.id, 1);
  const Principal b = member_in(tree_.base_b1.id, 2);
  EXPECT_EQ(read(&a, id)->card.read_count, 1);
  EXPECT_EQ(read(&a, id)->card.read_count, 1);
  EXPECT_EQ(read(nullptr, id)->card.read_count, 1) << "anonymous reads are not counted";
  EXPECT_EQ(read(&b, id)->card.read_count, 2);
  EXPECT_EQ(read(&tree_.admin_a, id)->card.read_count, 3);
}

TEST_P(ReadingTest, PinnedNoticesAndCategories) {
  ArticleInput notice = input(tree_.root.id, "置顶通知");
  notice.category = Category::kNotice;
  notice.pinned = true;
  auto n = create(tree_.platform, notice);
  ASSERT_TRUE(step(tree_.platform, n->id, Action::kSubmit).ok());
  EXPECT_EQ(step(tree_.admin_a, n->id, Action::kApprove).error().kind, ErrorKind::kForbidden);
  published(tree_.platform, root_admin(), tree_.root.id, "普通资讯");
  auto l = in_tx([&](store::Tx& tx) { return list_articles(tx, nullptr, {}); });
  EXPECT_TRUE(l->pinned.empty()) << "not yet published";

  ASSERT_TRUE(step(root_admin(), n->id, Action::kApprove).ok());
  ASSERT_TRUE(step(root_admin(), n->id, Action::kPublish).ok());
  l = in_tx([&](store::Tx& tx) { return list_articles(tx, nullptr, {}); });
  EXPECT_EQ(titles(l->pinned), std::vector<std::string>{"置顶通知"});
  ReaderFilter notices;
  notices.category = Category::kNotice;
  l = in_tx([&](store::Tx& tx) { return list_articles(tx, nullptr, notices); });
  EXPECT_EQ(titles(l->page.items), std::vector<std::string>{"置顶通知"});
  ReaderFilter second_page;
  second_page.page = {2, 1};
  l = in_tx([&](store::Tx& tx) { return list_articles(tx, nullptr, second_page); });
  EXPECT_EQ(l->page.total, 2);
  EXPECT_EQ(l->page.items.size(), 1u);
  EXPECT_TRUE(l->pinned.empty()) << "only on page 1";
}

TEST_P(ReadingTest, SearchFindsPublishedArticlesByPinyin) {
  published(tree_.platform, root_admin(), tree_.root.id, "助农采摘活动报道");
  published(tree_.platform, root_admin(), tree_.root.id, "职工疗休养通知");
  ASSERT_TRUE(create(tree_.platform, input(tree_.root.id, "助农草稿")).ok());
  auto pinyin = text::PinyinTable::shared();
  ASSERT_TRUE(pinyin.ok());
  NewsSearch search(db(), **pinyin);
  for (const char* q : {"zhunong", "zn", "助農", "zhunongcai"}) {
    auto ids = search.search(q, ItemType::kArticle);
    ASSERT_TRUE(ids.ok());
    ReaderFilter filter;
    filter.ranked = *ids;
    auto l = in_tx([&](store::Tx& tx) { return list_articles(tx, nullptr, filter); });
    EXPECT_EQ(titles(l->page.items), std::vector<std::string>{"助农采摘活动报道"}) << q;
    EXPECT_TRUE(l->pinned.empty());
  }
  // A new publication is found at once (the news version moved).
  published(tree_.platform, root_admin(), tree_.root.id, "助农直播");
  EXPECT_EQ(search.search("zhunong", ItemType::kArticle)->size(), 2u);
}

TEST_P(ReadingTest, LinksMustExistAndReadersSeeOnlyWhatIsLive) {
  auto merchant = in_tx([&](store::Tx& tx) -> Result<merchant::Merchant> {
    merchant::MerchantFields fields{"稻香农场",
                                    "farm",
                                    "江北区稻田村",
                                    {30000000, 120000000},
                                    "场长",
                                    "0571-88000000",
                                    "LICENCE123",
                                    "",
                                    "",
                                    "",
                                    "",
                                    {}};
    GH_ASSIGN(merchant::Application app, merchant::apply(tx, tree_.district_a.id, fields));
    return merchant::approve(tx, tree_.platform, app.id, 0, now() + 86400000);
  });
  ASSERT_TRUE(merchant.ok()) << merchant.error().message;
  ArticleInput in = input(tree_.root.id);
  in.links = {{LinkKind::kMerchant, 4242}};
  auto unknown = create(tree_.platform, in);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kUnprocessable);
  EXPECT_EQ(unknown.error().code, "unknown_link");
  EXPECT_EQ(unknown.error().field, "links");
  in.links.assign(21, {LinkKind::kMerchant, merchant->id});
  EXPECT_EQ(create(tree_.platform, in).error().code, "too_many");

  const int64_t draft_article = create(tree_.platform, input(tree_.root.id, "草稿"))->id;
  in.links = {{LinkKind::kMerchant, merchant->id},
              {LinkKind::kMerchant, merchant->id},
              {LinkKind::kArticle, draft_article}};
  auto linked = create(tree_.platform, in);
  ASSERT_TRUE(linked.ok()) << linked.error().message;
  ASSERT_EQ(linked->links.size(), 2u) << "the repeated link is dropped";
  EXPECT_EQ(linked->links[0].title, "稻香农场");
  EXPECT_EQ(linked->links[1].title, "草稿");
  ASSERT_TRUE(step(tree_.platform, linked->id, Action::kSubmit).ok());
  ASSERT_TRUE(step(root_admin(), linked->id, Action::kApprove).ok());
  ASSERT_TRUE(step(root_admin(), linked->id, Action::kPublish).ok());

  auto reading = read(nullptr, linked->id);
  ASSERT_TRUE(reading.ok());
  ASSERT_EQ(reading->links.size(), 1u) << "the draft article is not shown";
  EXPECT_EQ(reading->links[0].kind, LinkKind::kMerchant);
  auto back = in_tx(
      [&](store::Tx& tx) { return linked_to(tx, nullptr, LinkKind::kMerchant, merchant->id); });
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->articles.size(), 1u);
}

TEST_P(ReadingTest, BadInputNamesTheField) {
  struct Case {
    std::function<void(ArticleInput&)> change;
    std::string field;
    std::string code;
  };
  const std::vector<Case> cases = {
      {[](ArticleInput& in) { in.title = ""; }, "title", "required"},
      {[](ArticleInput& in) { in.title = std::string(81 * 3, 'x'); }, "title", "too_long"},
      {[](ArticleInput& in) { in.summary = std::string(201, 'x'); }, "summary", "too_long"},
      {[](ArticleInput& in) { in.body = ""; }, "body", "required"},
      {[](ArticleInput& in) { in.body = std::string(50001, 'x'); }, "body", "too_long"},
      {[](ArticleInput& in) { in.cover_photo_id = 4242; }, "cover_photo_id", "unknown_photo"},
  };
  for (const Case& c : cases) {
    ArticleInput in = input(tree_.district_a.id);
    c.change(in);
    auto a = create(tree_.admin_a, in);
    ASSERT_FALSE(a.ok()) << c.field;
    EXPECT_EQ(a.error().field, c.field);
    EXPECT_EQ(a.error().code, c.code) << c.field;
  }
  EXPECT_EQ(create(tree_.admin_a, input(tree_.district_b.id)).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(count("SELECT COUNT(*) FROM news_articles"), 0);

  ModelWorkerInput w;
  w.name = "林振国";
  w.honour = "全国劳动模范";
  w.level = Level::kNational;
  w.honour_year = 2015;
  w.org_id = tree_.district_a.id;
  w.field = "农机制造";
  struct WorkerCase {
    std::function<void(ModelWorkerInput&)> change;
    std::string field;
    std::string code;
  };
  const std::vector<WorkerCase> worker_cases = {
      {[](ModelWorkerInput& in) { in.name = ""; }, "name", "required"},
      {[](ModelWorkerInput& in) { in.honour = std::string(61, 'x'); }, "honour", "too_long"},
      {[](ModelWorkerInput& in) { in.honour_year = 1949; }, "honour_year", "out_of_range"},
      {[](ModelWorkerInput& in) { in.honour_year = 3000; }, "honour_year", "out_of_range"},
      {[](ModelWorkerInput& in) { in.field = ""; }, "field", "required"},
      {[](ModelWorkerInput& in) { in.intro = std::string(201, 'x'); }, "intro", "too_long"},
      {[](ModelWorkerInput& in) { in.photo_id = 4242; }, "photo_id", "unknown_photo"},
      {[](ModelWorkerInput& in) {
         in.studio = Studio{"", 1, "", ""};
       },
       "studio.name", "required"},
      {[](ModelWorkerInput& in) {
         in.studio = Studio{"工作室", 10001, "", ""};
       },
       "studio.members", "out_of_range"},
      {[](ModelWorkerInput& in) { in.story_article_id = 4242; }, "story_article_id",
       "unknown_article"},
  };
  for (const WorkerCase& c : worker_cases) {
    ModelWorkerInput in = w;
    c.change(in);
    auto made =
        in_tx([&](store::Tx& tx) { return create_model_worker(tx, tree_.admin_a, in, now()); });
    ASSERT_FALSE(made.ok()) << c.field;
    EXPECT_EQ(made.error().field, c.field);
    EXPECT_EQ(made.error().code, c.code) << c.field;
  }
  // The story must be an article the admin may manage.
  const int64_t foreign = create(tree_.admin_b, input(tree_.district_b.id))->id;
  w.story_article_id = foreign;
  auto story =
      in_tx([&](store::Tx& tx) { return create_model_worker(tx, tree_.admin_a, w, now()); });
  EXPECT_EQ(story.error().code, "unknown_article");
  EXPECT_EQ(count("SELECT COUNT(*) FROM model_workers"), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, ReadingTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::news
