#include "domain/audit/audit.hpp"

#include <gtest/gtest.h>

#include "support/fixtures.hpp"
#include "support/test_db.hpp"

namespace gonghui::audit {
namespace {

using gonghui::testing::TestDb;

class AuditTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_ = std::make_unique<TestDb>(GetParam());
    tree_ = gonghui::testing::make_tree(db());
    for (int i = 1; i <= 5; ++i) {
      gonghui::testing::add_member(db(), i % 2 ? tree_.admin_a : tree_.platform,
                                   i % 2 ? tree_.base_a1.id : tree_.base_b1.id, i);
    }
  }
  store::Db& db() { return test_->db(); }
  void tamper(const std::string& sql) {
    ASSERT_TRUE(db().write([&](store::Tx& tx) -> Status { return tx.script(sql); }));
  }
  std::unique_ptr<TestDb> test_;
  gonghui::testing::Tree tree_;
};

TEST_P(AuditTest, RecordsEveryAdminWriteAndVerifies) {
  auto report = verify(db());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->entries, 5);
}

TEST_P(AuditTest, ListsNewestFirstAndScopesBySubtree) {
  std::vector<Entry> entries;
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    Filter filter;
    filter.org_path = tree_.district_a.path;
    GH_ASSIGN(entries, list(tx, filter));
    return Status::Ok();
  }));
  ASSERT_EQ(entries.size(), 3u);  // members 1, 3, 5 are in district A
  EXPECT_GT(entries[0].seq, entries[1].seq);
  EXPECT_EQ(entries[0].action, "member.create");
  EXPECT_EQ(entries[0].actor_name, "江北管理员");
  EXPECT_NE(entries[0].after_json.find("\"card_no\""), std::string::npos);
}

TEST_P(AuditTest, DetectsAnEditedEntry) {
  tamper("UPDATE audit_log SET after_json = '{\"name\":\"forged\"}' WHERE seq = 3");
  auto report = verify(db());
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->broken_seq, 3);
}

TEST_P(AuditTest, DetectsADeletedEntry) {
  tamper("DELETE FROM audit_log WHERE seq = 2");
  auto report = verify(db());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->broken_seq, 3);
}

TEST_P(AuditTest, DetectsRemovedNewestEntries) {
  tamper("DELETE FROM audit_log WHERE seq = 5");
  auto report = verify(db());
  EXPECT_FALSE(report->ok);
}

TEST_P(AuditTest, DetectsARehashedEntryThatBreaksTheLink) {
  // Rewriting an entry and its own hash still breaks the next entry's link.
  std::vector<Entry> entries;
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(entries, list(tx, Filter{}));
    return Status::Ok();
  }));
  Entry forged = entries[2];  // seq 3
  forged.after_json = "{}";
  const std::string hash = entry_hash(forged);
  tamper("UPDATE audit_log SET after_json = '{}', hash = '" + hash + "' WHERE seq = 3");
  auto report = verify(db());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->broken_seq, 4);
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::audit
