#include <thread>

#include "news_test.hpp"
#include "store/db.hpp"

namespace gonghui::news {
namespace {

using WorkflowTest = NewsTest;

TEST_P(WorkflowTest, DraftToPublishedWithEachStepAudited) {
  auto a = create(tree_.admin_a, input(tree_.district_a.id));
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->review.status, ItemStatus::kDraft);
  EXPECT_EQ(a->review.author_account_id, tree_.admin_a.account_id);

  auto submitted = step(tree_.admin_a, a->id, Action::kSubmit);
  ASSERT_TRUE(submitted.ok());
  EXPECT_EQ(submitted->review.status, ItemStatus::kSubmitted);
  EXPECT_FALSE(submitted->can_approve) << "not for its author";

  // The platform admin, of the union above, may approve.
  auto seen = in_tx([&](store::Tx& tx) { return article_for_admin(tx, tree_.platform, a->id); });
  EXPECT_TRUE(seen->can_approve);
  auto approved = step(tree_.platform, a->id, Action::kApprove);
  ASSERT_TRUE(approved.ok()) << approved.error().message;
  EXPECT_EQ(approved->review.status, ItemStatus::kApproved);

  auto live = step(tree_.admin_a, a->id, Action::kPublish);
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(live->review.status, ItemStatus::kPublished);
  EXPECT_GT(live->review.published_at, 0);

  auto gone = step(tree_.admin_a, a->id, Action::kWithdraw, {"内容需要更正", 0});
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->review.status, ItemStatus::kWithdrawn);
  EXPECT_EQ(gone->review.withdraw_reason, "内容需要更正");

  std::vector<std::string> actions;
  for (const Step& s : gone->steps) actions.push_back(s.action);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"article.created", "article.submitted", "article.approved",
                                      "article.published", "article.withdrawn"}));
  EXPECT_EQ(gone->steps.back().reason, "内容需要更正");
  EXPECT_EQ(gone->steps[2].actor_name, tree_.platform.name);

  // Edited after withdrawal, it is a draft again.
  auto again = update(tree_.admin_a, a->id, input(tree_.district_a.id, "更正后的报道"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->review.status, ItemStatus::kDraft);
  EXPECT_EQ(again->content.title, "更正后的报道");
}

TEST_P(WorkflowTest, WhoMayApprove) {
  auto a = create(tree_.admin_a, input(tree_.district_a.id));
  ASSERT_TRUE(step(tree_.admin_a, a->id, Action::kSubmit).ok());

  auto own = step(tree_.admin_a, a->id, Action::kApprove);
  EXPECT_EQ(own.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(own.error().code, "own_submission");
  auto other_district = step(tree_.admin_b, a->id, Action::kApprove);
  EXPECT_EQ(other_district.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(other_district.error().code, "forbidden");
  auto member = step(member_in(tree_.base_a1.id, 1), a->id, Action::kApprove);
  EXPECT_EQ(member.error().kind, ErrorKind::kForbidden);

  // A lower union's admin may not approve the federation's article.
  auto city = create(tree_.platform, input(tree_.root.id));
  ASSERT_TRUE(step(tree_.platform, city->id, Action::kSubmit).ok());
  EXPECT_EQ(step(tree_.admin_a, city->id, Action::kApprove).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(step(tree_.platform, city->id, Action::kApprove).error().code, "own_submission");

  // Nothing moved: both still submitted.
  auto after = in_tx([&](store::Tx& tx) { return article_for_admin(tx, tree_.platform, a->id); });
  EXPECT_EQ(after->review.status, ItemStatus::kSubmitted);
  EXPECT_EQ(after->steps.size(), 2u);

  // Whoever submitted someone else's draft may not approve it either.
  auto draft = create(tree_.platform, input(tree_.district_a.id));
  ASSERT_TRUE(step(tree_.admin_a, draft->id, Action::kSubmit).ok());
  EXPECT_EQ(step(tree_.admin_a, draft->id, Action::kApprove).error().code, "own_submission");
  EXPECT_EQ(step(tree_.platform, draft->id, Action::kApprove).error().code, "own_submission");
}

TEST_P(WorkflowTest, StepsInTheWrongStateAreRefused) {
  auto a = create(tree_.admin_a, input(tree_.district_a.id));
  for (Action action : {Action::kApprove, Action::kPublish, Action::kDiscardRevision}) {
    EXPECT_EQ(step(tree_.platform, a->id, action).error().code, "wrong_status")
        << enum_name(action);
  }
  EXPECT_EQ(step(tree_.platform, a->id, Action::kReturn, {"不对", 0}).error().code, "wrong_status");
  EXPECT_EQ(step(tree_.platform, a->id, Action::kWithdraw, {"不对", 0}).error().code,
            "wrong_status");
  ASSERT_TRUE(step(tree_.admin_a, a->id, Action::kSubmit).ok());
  EXPECT_EQ(step(tree_.admin_a, a->id, Action::kSubmit).error().code, "wrong_status");
  EXPECT_EQ(step(tree_.platform, a->id, Action::kPublish).error().code, "wrong_status");
  auto edit = update(tree_.admin_a, a->id, input(tree_.district_a.id, "改"));
  EXPECT_EQ(edit.error().code, "wrong_status") << "a submitted article is returned first";
  EXPECT_EQ(edit.error().kind, ErrorKind::kConflict);

  // A return needs a reason and puts it back to draft with it; the author may pull back too.
  EXPECT_EQ(step(tree_.platform, a->id, Action::kReturn).error().field, "reason");
  auto returned = step(tree_.admin_a, a->id, Action::kReturn, {"补充图片", 0});
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->review.status, ItemStatus::kDraft);
  EXPECT_EQ(returned->review.return_reason, "补充图片");
  EXPECT_TRUE(update(tree_.admin_a, a->id, input(tree_.district_a.id, "补充后")).ok());

  // Unknown ids are NotFound.
  EXPECT_EQ(step(tree_.platform, 4242, Action::kSubmit).error().kind, ErrorKind::kNotFound);
}

TEST_P(WorkflowTest, SchedulingChecksTheTime) {
  auto a = create(tree_.admin_a, input(tree_.district_a.id));
  ASSERT_TRUE(step(tree_.admin_a, a->id, Action::kSubmit).ok());
  ASSERT_TRUE(step(tree_.platform, a->id, Action::kApprove).ok());
  auto past = step(tree_.platform, a->id, Action::kPublish, {"", now() - 1000});
  EXPECT_EQ(past.error().field, "publish_at");
  EXPECT_EQ(past.error().code, "in_past");
  auto far = step(tree_.platform, a->id, Action::kPublish, {"", now() + 400LL * 86400000});
  EXPECT_EQ(far.error().code, "too_far");
  auto scheduled = step(tree_.platform, a->id, Action::kPublish, {"", now() + 3600000});
  ASSERT_TRUE(scheduled.ok());
  EXPECT_EQ(scheduled->review.status, ItemStatus::kScheduled);
  // Not due yet: the sweep leaves it.
  EXPECT_EQ(*publish_due(db(), now()), 0);
  // A scheduled article may be withdrawn before it goes out.
  EXPECT_TRUE(step(tree_.admin_a, a->id, Action::kWithdraw, {"改期", 0}).ok());
  EXPECT_EQ(*publish_due(db(), now() + 7200000), 0);
}

TEST_P(WorkflowTest, ARevisionKeepsTheLiveVersionUntilApproved) {
  const int64_t id = published(tree_.admin_a, tree_.platform, tree_.district_a.id, "原标题");
  const Principal reader = member_in(tree_.base_a1.id, 1);

  auto revised = update(tree_.admin_a, id, input(tree_.district_a.id, "新标题"));
  ASSERT_TRUE(revised.ok()) << revised.error().message;
  EXPECT_EQ(revised->review.status, ItemStatus::kPublished);
  EXPECT_EQ(revised->content.title, "原标题");
  ASSERT_TRUE(revised->revision);
  EXPECT_EQ(revised->revision->state.status, RevisionStatus::kDraft);
  EXPECT_EQ(revised->revision->content.title, "新标题");
  EXPECT_EQ(revised->revision_status, RevisionStatus::kDraft);
  EXPECT_EQ(read(&reader, id)->card.title, "原标题");

  auto submitted = step(tree_.admin_a, id, Action::kSubmit);
  ASSERT_TRUE(submitted.ok());
  EXPECT_EQ(submitted->revision->state.status, RevisionStatus::kSubmitted);
  EXPECT_EQ(submitted->review.status, ItemStatus::kPublished);
  EXPECT_EQ(update(tree_.admin_a, id, input(tree_.district_a.id, "再改")).error().code,
            "wrong_status");
  EXPECT_EQ(step(tree_.admin_a, id, Action::kApprove).error().code, "own_submission");
  EXPECT_EQ(read(&reader, id)->card.title, "原标题");

  auto approved = step(tree_.platform, id, Action::kApprove);
  ASSERT_TRUE(approved.ok()) << approved.error().message;
  EXPECT_EQ(approved->review.status, ItemStatus::kPublished);
  EXPECT_EQ(approved->content.title, "新标题");
  EXPECT_FALSE(approved->revision);
  EXPECT_EQ(approved->steps.back().action, "article.revision_approved");
  EXPECT_EQ(read(&reader, id)->card.title, "新标题");

  // A revision may also be thrown away.
  ASSERT_TRUE(update(tree_.admin_a, id, input(tree_.district_a.id, "草稿修改")).ok());
  auto discarded = step(tree_.admin_a, id, Action::kDiscardRevision);
  ASSERT_TRUE(discarded.ok());
  EXPECT_FALSE(discarded->revision);
  EXPECT_EQ(discarded->content.title, "新标题");
  EXPECT_EQ(discarded->steps.back().action, "article.revision_discarded");
}

TEST_P(WorkflowTest, TwoSweepsPublishAScheduledArticleExactlyOnce) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    auto a = create(tree_.admin_a, input(tree_.district_a.id, "定时发布" + std::to_string(i)));
    ASSERT_TRUE(step(tree_.admin_a, a->id, Action::kSubmit).ok());
    ASSERT_TRUE(step(tree_.platform, a->id, Action::kApprove).ok());
    ASSERT_TRUE(step(tree_.platform, a->id, Action::kPublish, {"", now() + 60000}).ok());
    ids.push_back(a->id);
  }
  const int64_t due = now() + 120000;
  auto second = store::open(test_->url(), 2);
  int64_t published_by[2] = {-1, -1};
  std::thread one([&] { published_by[0] = publish_due(db(), due).value(); });
  std::thread two([&] { published_by[1] = publish_due(*second, due).value(); });
  one.join();
  two.join();
  EXPECT_EQ(published_by[0] + published_by[1], 3) << "each once between them";
  EXPECT_EQ(count("SELECT COUNT(*) FROM news_articles WHERE status = 'published'"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'article.published'"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'article.published' AND "
                  "actor_name = 'system' AND actor_id = 0"),
            3);
  EXPECT_EQ(*publish_due(db(), due + 1000), 0);
  auto a = in_tx([&](store::Tx& tx) { return article_for_admin(tx, tree_.platform, ids[0]); });
  EXPECT_EQ(a->review.status, ItemStatus::kPublished);
  EXPECT_EQ(a->review.publish_at, 0);
  EXPECT_GT(a->review.published_at, 0);
}

TEST_P(WorkflowTest, ModelWorkersGoThroughTheSameWorkflow) {
  ModelWorkerInput in;
  in.name = "林振国";
  in.honour = "全国劳动模范";
  in.level = Level::kNational;
  in.honour_year = 2015;
  in.org_id = tree_.district_a.id;
  in.field = "农机制造";
  in.studio = Studio{"农机创新工作室", 12, "江北区稻田村", "- 研制农机具12种"};
  auto w = in_tx([&](store::Tx& tx) { return create_model_worker(tx, tree_.admin_a, in, now()); });
  ASSERT_TRUE(w.ok()) << w.error().message;
  EXPECT_EQ(w->review.status, ItemStatus::kDraft);
  ASSERT_TRUE(w->content.studio);
  EXPECT_EQ(w->content.studio->members, 12);
  const ItemType type = ItemType::kModelWorker;
  ASSERT_TRUE(step(tree_.admin_a, w->id, Action::kSubmit, {}, type).ok());
  EXPECT_EQ(step(tree_.admin_a, w->id, Action::kApprove, {}, type).error().code, "own_submission");
  EXPECT_EQ(step(tree_.admin_b, w->id, Action::kApprove, {}, type).error().kind,
            ErrorKind::kForbidden);
  ASSERT_TRUE(step(tree_.platform, w->id, Action::kApprove, {}, type).ok());
  ASSERT_TRUE(step(tree_.platform, w->id, Action::kPublish, {}, type).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE target_type = 'model_worker'"), 4);

  in.intro = "修改后的简介";
  auto revised = in_tx(
      [&](store::Tx& tx) { return update_model_worker(tx, tree_.admin_a, w->id, in, now()); });
  ASSERT_TRUE(revised.ok()) << revised.error().message;
  EXPECT_EQ(revised->content.intro, "");
  ASSERT_TRUE(revised->revision);
  EXPECT_EQ(revised->revision->content.intro, "修改后的简介");
  const Principal reader = member_in(tree_.base_a1.id, 3);
  auto seen = in_tx([&](store::Tx& tx) { return read_model_worker(tx, &reader, w->id); });
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->card.intro, "");
  ASSERT_TRUE(seen->studio);
  EXPECT_EQ(seen->studio->name, "农机创新工作室");
}

INSTANTIATE_TEST_SUITE_P(Engines, WorkflowTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::news
