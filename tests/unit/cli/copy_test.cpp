// gonghui copy: the order tables are copied in, the refusal of a target that holds data, and
// a copy between engines that keeps ids, balances and the audit chain.
#include "cli/copy.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "domain/audit/audit.hpp"
#include "domain/ledger/ledger.hpp"
#include "store/migrate.hpp"
#include "support/fixtures.hpp"
#include "support/test_db.hpp"

namespace gonghui::cli {
namespace {

using gonghui::testing::TestDb;

size_t position(const std::vector<std::string>& order, const std::string& table) {
  return static_cast<size_t>(std::find(order.begin(), order.end(), table) - order.begin());
}

TEST(CopyOrderTest, ParentsComeFirstAndTiesGoByName) {
  const std::vector<TableInfo> tables = {
      {"vouchers", {"id"}, {"id"}, {"campaigns"}, {}},
      {"members", {"id"}, {"id"}, {"orgs", "accounts"}, {}},
      {"campaigns", {"id"}, {"id"}, {"orgs"}, {}},
      {"orgs", {"id"}, {"id"}, {}, {}},
      {"accounts", {"id"}, {"id"}, {}, {}},
      {"ledger_transfers", {"id", "reverses_id"}, {"id"}, {"ledger_accounts"}, {"reverses_id"}},
      {"ledger_accounts", {"id"}, {"id"}, {}, {}},
  };
  auto order = copy_order(tables);
  ASSERT_TRUE(order.ok()) << order.error().message;
  EXPECT_EQ(*order, (std::vector<std::string>{"accounts", "ledger_accounts", "ledger_transfers",
                                              "orgs", "campaigns", "members", "vouchers"}));
}

TEST(CopyOrderTest, ACycleIsRefusedByName) {
  const std::vector<TableInfo> tables = {
      {"a", {"id"}, {"id"}, {"b"}, {}},
      {"b", {"id"}, {"id"}, {"a"}, {}},
      {"c", {"id"}, {"id"}, {}, {}},
  };
  auto order = copy_order(tables);
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().code, "reference_cycle");
  EXPECT_NE(order.error().message.find("table a"), std::string::npos);
}

TEST(CopySeedTest, MigrationsSeedTheAuditHeadAndSettings) {
  auto seeds = migration_seed_rows();
  ASSERT_TRUE(seeds.ok()) << seeds.error().message;
  EXPECT_EQ(seeds->at("audit_head"), 1);
  EXPECT_GE(seeds->at("settings"), 1);
  EXPECT_EQ(seeds->count("accounts"), 0u);
}

class CopyTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CopyTest, TheRealSchemaIsDescribedAndOrdered) {
  TestDb test(GetParam());
  auto tables = describe_tables(test.db());
  ASSERT_TRUE(tables.ok()) << tables.error().message;
  auto transfers = std::find_if(tables->begin(), tables->end(),
                                [](const TableInfo& t) { return t.name == "ledger_transfers"; });
  ASSERT_NE(transfers, tables->end());
  EXPECT_EQ(transfers->key, std::vector<std::string>{"id"});
  EXPECT_EQ(transfers->self_references, std::vector<std::string>{"reverses_id"});
  EXPECT_NE(
      std::find(transfers->references.begin(), transfers->references.end(), "ledger_accounts"),
      transfers->references.end());
  auto counts = std::find_if(tables->begin(), tables->end(),
                             [](const TableInfo& t) { return t.name == "campaign_member_counts"; });
  ASSERT_NE(counts, tables->end());
  EXPECT_EQ(counts->key, (std::vector<std::string>{"campaign_id", "member_id"}));
  EXPECT_TRUE(std::none_of(tables->begin(), tables->end(),
                           [](const TableInfo& t) { return t.name == "schema_migrations"; }));
  auto order = copy_order(*tables);
  ASSERT_TRUE(order.ok()) << order.error().message;
  EXPECT_LT(position(*order, "orgs"), position(*order, "members"));
  EXPECT_LT(position(*order, "accounts"), position(*order, "members"));
  EXPECT_LT(position(*order, "campaigns"), position(*order, "campaign_prizes"));
  EXPECT_LT(position(*order, "ledger_accounts"), position(*order, "ledger_transfers"));
  EXPECT_LT(position(*order, "photos"), position(*order, "photo_data"));
  EXPECT_EQ(order->size(), tables->size());
}

TEST_P(CopyTest, OnlyAnEmptyOrFreshlyMigratedTargetIsAccepted) {
  auto seeds = migration_seed_rows();
  ASSERT_TRUE(seeds.ok());
  TestDb bare(GetParam(), /*migrate=*/false);
  EXPECT_TRUE(require_empty(bare.db(), *seeds).ok()) << "no tables at all";
  TestDb migrated(GetParam());
  EXPECT_TRUE(require_empty(migrated.db(), *seeds).ok()) << "only what migrations put there";
  gonghui::testing::make_tree(migrated.db());
  const Status refused = require_empty(migrated.db(), *seeds);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "target_not_empty");
  EXPECT_NE(refused.error().message.find("table account_roles has 3 row(s)"), std::string::npos)
      << refused.error().message;
}

TEST_P(CopyTest, CopiesEverythingUnchangedIntoTheOtherEngine) {
  TestDb source(GetParam());
  const auto tree = gonghui::testing::make_tree(source.db());
  std::vector<int64_t> members;
  for (int i = 1; i <= 30; ++i) {
    members.push_back(gonghui::testing::add_member(source.db(), tree.platform,
                                                   i % 2 ? tree.base_a1.id : tree.base_b1.id, i));
  }
  ledger::Grant grant;
  ASSERT_TRUE(source.db()
                  .write([&](store::Tx& tx) -> Status {
                    ledger::GrantInput input;
                    input.org_id = tree.root.id;
                    input.amount = 50;
                    input.reason = "复制测试";
                    GH_ASSIGN(grant, ledger::start_grant(tx, tree.platform, input, "copy-test"));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(ledger::run_grant(source.db(), grant.id).ok());
  int64_t spend_id = 0;
  ASSERT_TRUE(source.db()
                  .write([&](store::Tx& tx) -> Status {
                    GH_ASSIGN(ledger::Transfer spent,
                              ledger::spend(
                                  tx, {members[0], 0, 20, "copy-test", "兑换", "copy-test-spend"}));
                    spend_id = spent.id;
                    return Status::Ok();
                  })
                  .ok());
  // A refund points at its spend: a row of ledger_transfers referring to another.
  ASSERT_TRUE(source.db()
                  .write([&](store::Tx& tx) -> Status {
                    return ledger::refund(tx, spend_id, "退还").ok() ? Status::Ok()
                                                                     : Error::internal("refund");
                  })
                  .ok());

  const std::string other =
      gonghui::testing::engines().size() > 1 && GetParam() == "sqlite" ? "postgresql" : "sqlite";
  TestDb target(other);
  CopyOptions options;
  options.batch_rows = 7;  // several batches per table, and a last short one
  auto counts = copy_database(source.db(), target.db(), options);
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  int64_t rows = 0;
  for (const auto& count : *counts) {
    EXPECT_TRUE(count.ok()) << count.table << ": " << count.source << " / " << count.copied << " / "
                            << count.target;
    rows += count.target;
  }
  EXPECT_GT(rows, 100);

  auto chain = audit::verify(target.db());
  ASSERT_TRUE(chain.ok());
  EXPECT_TRUE(chain->ok) << chain->problem;
  EXPECT_GT(chain->entries, 30);
  auto items = ledger::check(target.db());
  ASSERT_TRUE(items.ok()) << items.error().message;
  for (const auto& item : *items) {
    EXPECT_EQ(item.violation_count, 0) << item.name;
  }
  auto rows_of = [](store::Db& db, const std::string& sql) {
    std::vector<std::string> out;
    EXPECT_TRUE(db.read([&](store::Tx& tx) -> Status {
                    GH_ASSIGN(store::Rows rows, tx.query(sql));
                    for (const auto& row : rows) {
                      std::string line;
                      for (size_t i = 0; i < row.size(); ++i) {
                        line += row.text(i) + "|";
                      }
                      out.push_back(line);
                    }
                    return Status::Ok();
                  }).ok());
    return out;
  };
  for (const char* sql :
       {"SELECT id, debit_account_id, credit_account_id, amount, kind, reverses_id FROM "
        "ledger_transfers ORDER BY id",
        "SELECT id, balance FROM ledger_accounts ORDER BY id",
        "SELECT seq, hash FROM audit_log ORDER BY seq", "SELECT seq, hash FROM audit_head",
        "SELECT id, name, path FROM orgs ORDER BY id"}) {
    EXPECT_EQ(rows_of(source.db(), sql), rows_of(target.db(), sql)) << sql;
  }

  // The target now holds data: a second copy is refused before anything is written.
  auto seeds = migration_seed_rows();
  ASSERT_TRUE(seeds.ok());
  EXPECT_EQ(require_empty(target.db(), *seeds).error().code, "target_not_empty");
}

INSTANTIATE_TEST_SUITE_P(Engines, CopyTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::cli
