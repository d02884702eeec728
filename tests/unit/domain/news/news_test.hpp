// What the news tests share: the fixture tree, articles written and moved along the workflow,
// members and readers.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/time.hpp"
#include "domain/news/news.hpp"
#include "support/domain_test.hpp"

namespace gonghui::news {

class NewsTest : public gonghui::testing::DomainTest {
 protected:
  int64_t now() const { return Timestamp::now().ms; }

  static ArticleInput input(int64_t org_id, std::string title = "助农采摘活动报道") {
    ArticleInput in;
    in.title = std::move(title);
    in.summary = "工会组织会员参加采摘。";
    in.body = "会员们走进果园，体验**采摘**的乐趣。";
    in.category = Category::kFarmAid;
    in.org_id = org_id;
    return in;
  }

  Result<Article> create(const Principal& admin, const ArticleInput& in) {
    return in_tx([&](store::Tx& tx) { return create_article(tx, admin, in, now()); });
  }
  Result<Article> update(const Principal& admin, int64_t id, const ArticleInput& in) {
    return in_tx([&](store::Tx& tx) { return update_article(tx, admin, id, in, now()); });
  }
  // One step; the item as the caller then sees it, or the step's error.
  Result<Article> step(const Principal& admin, int64_t id, Action action, StepInput in = {},
                       ItemType type = ItemType::kArticle) {
    return in_tx([&](store::Tx& tx) -> Result<Article> {
      GH_TRY(take_step(tx, admin, type, id, action, in, now()));
      if (type != ItemType::kArticle) return Article{};
      return article_for_admin(tx, admin, id);
    });
  }
  // An article of `org_id` written by `author` and published after `reviewer` approved it.
  int64_t published(const Principal& author, const Principal& reviewer, int64_t org_id,
                    std::string title = "助农采摘活动报道") {
    auto a = create(author, input(org_id, std::move(title)));
    EXPECT_TRUE(a.ok()) << a.error().message;
    EXPECT_TRUE(step(author, a->id, Action::kSubmit).ok());
    EXPECT_TRUE(step(reviewer, a->id, Action::kApprove).ok());
    auto done = step(reviewer, a->id, Action::kPublish);
    EXPECT_TRUE(done.ok()) << done.error().message;
    return a->id;
  }

  // A second admin of the federation (beside the platform admin), to review its articles.
  Principal root_admin() const {
    Principal p;
    p.account_id = 777;
    p.name = "市总工会宣传部";
    p.roles = {{Role::kOrgAdmin, tree_.root.id, 0, 0}};
    return p;
  }

  // A member of `org_id` as the server makes the principal for them.
  Principal member_in(int64_t org_id, int index) {
    Principal p;
    p.account_id = 900000 + index;
    p.name = "会员" + std::to_string(index);
    p.roles.push_back({Role::kMember, org_id, 0,
                       gonghui::testing::add_member(db(), tree_.platform, org_id, index)});
    return p;
  }

  // The article as a reader sees it (in a write, since a signed-in read is recorded).
  Result<ArticleReading> read(const Principal* reader, int64_t id) {
    return in_tx([&](store::Tx& tx) { return read_article(tx, reader, id, now()); });
  }

  int64_t count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows, tx.query(sql));
      n = rows[0].integer(0);
      return Status::Ok();
    }));
    return n;
  }
};

}  // namespace gonghui::news
