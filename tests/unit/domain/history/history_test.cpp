// Imported history on both engines: each column's bad value is named by row and column, an
// admin imports only for unions in their scope, a file is imported whole or not at all, a
// batch can be undone, and reports walk records by subtree and date.
#include <gtest/gtest.h>

#include "core/time.hpp"
#include "domain/history/history.hpp"
#include "domain/history/internal.hpp"
#include "support/domain_test.hpp"

namespace gonghui::history {
namespace {

constexpr std::string_view kHeader =
    "日期,工会,类型,品牌,名称,产品,品类,份数,资金（元）,人次,供应方,对口地区,平台\n";

class HistoryTest : public gonghui::testing::DomainTest {
 protected:
  Result<ImportReport> import(const Principal& admin, const std::string& rows,
                              bool dry_run = false) {
    const std::string csv = std::string(kHeader) + rows;
    return in_tx([&](store::Tx& tx) { return import_csv(tx, admin, "历史.csv", csv, dry_run); });
  }
  int64_t count(const std::string& table) {
    int64_t n = -1;
    Status s = db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows, tx.query("SELECT COUNT(*) FROM " + table));
      n = rows[0].integer(0);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok());
    return n;
  }
  // The contributions each_record hands over for a union's subtree and [from, to).
  std::vector<Contribution> walk(const org::Org& scope, const char* from, const char* to) {
    std::vector<Contribution> out;
    const org::PathRange range = org::range_of(scope.path);
    Status s = db().read([&](store::Tx& tx) {
      return each_record(tx, range.lower, range.upper, *parse_local_date(from),
                         *parse_local_date(to), [&](const Contribution& c) {
                           out.push_back(c);
                           return Status::Ok();
                         });
    });
    EXPECT_TRUE(s.ok()) << s.error().message;
    return out;
  }
};

// An event row and a purchase row that are both fine.
const std::string kGoodRows =
    "2021-03-05,医院工会,发放,连工助农,春季草莓发放,草莓,水果,120,,118,,,\n"
    "2021/6/18,公交工会,采购,连工助农,,大米,粮油,50,12345.6,,绿源合作社,对口支援地区甲,海州采摘\n";

TEST_P(HistoryTest, EachColumnsBadValueIsNamedByRowAndColumn) {
  const std::string rows =
      "2021-13-01,医院工会,发放,,,草莓,,10,,,,,\n"      // line 2: date
      "2999-01-01,医院工会,发放,,,草莓,,10,,,,,\n"      // line 3: future date
      ",医院工会,发放,,,草莓,,10,,,,,\n"                // line 4: date required
      "2021-03-05,无此工会,发放,,,草莓,,10,,,,,\n"      // line 5: union
      "2021-03-05,医院工会,捐赠,,,草莓,,10,,,,,\n"      // line 6: kind
      "2021-03-05,医院工会,发放,,,草莓,,1.5,,,,,\n"     // line 7: portions
      "2021-03-05,医院工会,发放,,,草莓,,10,,abc,,,\n"   // line 8: person_times
      "2021-03-05,医院工会,采购,,,,,,12.345,,农场,,\n"  // line 9: funds
      "2021-03-05,医院工会,发放,,,草莓,花卉,10,,,,,\n"  // line 10: produce_kind
      "2021-03-05,医院工会,发放,,,草莓,,0,,,,,\n"       // line 11: event portions
      "2021-03-05,医院工会,抽奖,,,,,10,,,,,\n"          // line 12: event produce
      "2021-03-05,医院工会,采购,,,,,,0,,农场,,\n"       // line 13: purchase funds
      "2021-03-05,医院工会,purchase,,,,,,10,,,,\n"      // line 14: purchase supplier
      "2021-03-05,医院工会,发放,," +
      std::string(101, 'x') +
      ",草莓,,10,,,,,\n"                                  // line 15: title too long
      "2021-03-05,医院工会,发放,,,草莓,,10,,,,,,extra\n"  // line 16: extra cell
      "2021-03-05,医院工会,发放,,,草莓,,-3,,,,,\n";       // line 17: negative portions
  auto report = import(tree_.admin_a, rows, true);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->rows, 16);
  struct Expected {
    int64_t row;
    const char* column;
    const char* code;
  };
  const std::vector<Expected> expected = {
      {2, "date", "invalid_date"},
      {3, "date", "future_date"},
      {4, "date", "required"},
      {5, "union", "unknown_union"},
      {6, "kind", "unknown_kind"},
      {7, "portions", "invalid_integer"},
      {8, "person_times", "invalid_integer"},
      {9, "funds", "invalid_amount"},
      {10, "produce_kind", "unknown_produce_kind"},
      {11, "portions", "event_needs_portions"},
      {12, "produce", "event_needs_produce"},
      {13, "funds", "purchase_needs_funds"},
      {14, "supplier", "purchase_needs_supplier"},
      {15, "title", "too_long"},
      {16, "", "wrong_column_count"},
      {17, "portions", "invalid_integer"},
  };
  ASSERT_EQ(report->errors.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(report->errors[i].row, expected[i].row);
    EXPECT_EQ(report->errors[i].column, expected[i].column);
    EXPECT_EQ(report->errors[i].code, expected[i].code);
  }
  EXPECT_EQ(report->errors[3].value, "无此工会");
  EXPECT_EQ(report->totals.records, 0);
  EXPECT_EQ(count("history_batches"), 0);
}

TEST_P(HistoryTest, DryRunCountsAndWritesNothing) {
  auto report = import(tree_.admin_a, kGoodRows, true);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->errors.empty());
  EXPECT_EQ(report->batch_id, 0);
  EXPECT_EQ(report->totals.records, 2);
  EXPECT_EQ(report->totals.events, 1);
  EXPECT_EQ(report->totals.purchases, 1);
  EXPECT_EQ(report->totals.portions, 170);
  EXPECT_EQ(report->totals.funds_fen, 1234560);
  EXPECT_EQ(report->totals.person_times, 118);
  ASSERT_EQ(report->totals.by_year.size(), 1u);
  EXPECT_EQ(report->totals.by_year[0].year, 2021);
  EXPECT_EQ(count("history_batches"), 0);
  EXPECT_EQ(count("history_records"), 0);
  EXPECT_EQ(count("audit_log WHERE action LIKE 'history.%'"), 0);
}

TEST_P(HistoryTest, ReadsEnglishHeadersAndCodes) {
  const std::string csv =
      "Date,Union,Kind,Produce,Produce_Kind,Portions,Funds,Supplier\n"
      "2020-1-2," +
      std::to_string(tree_.base_a1.id) +
      ",lottery,茶叶礼盒,tea,30,,\n"
      "2019.12.31,医院工会,purchase,,,,0.07,茶园\n";
  auto report =
      in_tx([&](store::Tx& tx) { return import_csv(tx, tree_.admin_a, "x.csv", csv, false); });
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_TRUE(report->errors.empty()) << report->errors[0].message;
  EXPECT_NE(report->batch_id, 0);
  EXPECT_EQ(report->totals.funds_fen, 7);
  ASSERT_EQ(report->totals.by_year.size(), 2u);
  EXPECT_EQ(report->totals.by_year[0].year, 2019);
  auto page = in_tx([&](store::Tx& tx) { return list_records(tx, tree_.admin_a, Filter{}); });
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 2u);
  for (const Record& r : page->items) {
    EXPECT_EQ(r.org_id, tree_.base_a1.id);
    EXPECT_EQ(r.org_name, "医院工会");
    EXPECT_EQ(r.batch_id, report->batch_id);
  }
}

TEST_P(HistoryTest, RefusesABadHeader) {
  auto unknown = in_tx([&](store::Tx& tx) {
    return import_csv(tx, tree_.admin_a, "x.csv",
                      "日期,工会,类型,备注\n2021-01-01,医院工会,发放,x\n", true);
  });
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "unknown_column");
  EXPECT_EQ(unknown.error().field, "file");
  auto missing = in_tx([&](store::Tx& tx) {
    return import_csv(tx, tree_.admin_a, "x.csv", "日期,类型\n2021-01-01,发放\n", true);
  });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "missing_column");
  auto empty = in_tx([&](store::Tx& tx) {
    return import_csv(tx, tree_.admin_a, "x.csv", std::string(kHeader), true);
  });
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, "no_rows");
}

TEST(HistoryAmounts, YuanToFenExactly) {
  using internal::parse_yuan;
  EXPECT_EQ(parse_yuan("12"), 1200);
  EXPECT_EQ(parse_yuan("12.3"), 1230);
  EXPECT_EQ(parse_yuan("0.07"), 7);
  EXPECT_EQ(parse_yuan("999999999999.99"), 99999999999999);
  for (const char* bad : {"", ".5", "1.", "1.234", "1e3", "-1", "1,000", "¥5", "1000000000000"}) {
    EXPECT_FALSE(parse_yuan(bad).has_value()) << bad;
  }
  using internal::parse_date;
  EXPECT_EQ(parse_date("2021/3/5"), parse_local_date("2021-03-05"));
  EXPECT_EQ(parse_date("2021.03.05"), parse_local_date("2021-03-05"));
  for (const char* bad : {"2021-3", "21-3-5", "2021-02-30", "2021/3-5", "2021-03-05 10:00"}) {
    EXPECT_FALSE(parse_date(bad).has_value()) << bad;
  }
}

TEST_P(HistoryTest, ADistrictAdminCannotImportForAnotherDistrictsUnion) {
  const std::string rows =
      "2021-03-05,供电工会,发放,,,草莓,,10,,,,,\n" +
      ("2021-03-05," + std::to_string(tree_.base_b1.id) + ",发放,,,草莓,,10,,,,,\n") +
      "2021-03-05,医院工会,发放,,,草莓,,10,,,,,\n";
  auto report = import(tree_.admin_a, rows);
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_EQ(report->errors.size(), 2u);
  EXPECT_EQ(report->errors[0].code, "out_of_scope");
  EXPECT_EQ(report->errors[0].column, "union");
  EXPECT_EQ(report->errors[1].row, 3);
  EXPECT_EQ(report->errors[1].code, "out_of_scope");
  EXPECT_EQ(report->batch_id, 0);
  EXPECT_EQ(count("history_records"), 0);
  // The platform admin may.
  auto platform = import(tree_.platform, rows);
  ASSERT_TRUE(platform.ok());
  EXPECT_TRUE(platform->errors.empty());
  EXPECT_EQ(count("history_records"), 3);
}

TEST_P(HistoryTest, ImportsAllRowsOrNone) {
  auto refused = import(tree_.admin_a, kGoodRows + "2021-07-01,医院工会,发放,,,,,10,,,,,\n");
  ASSERT_TRUE(refused.ok());
  ASSERT_EQ(refused->errors.size(), 1u);
  EXPECT_EQ(refused->errors[0].row, 4);
  EXPECT_EQ(refused->batch_id, 0);
  EXPECT_EQ(count("history_batches"), 0);
  EXPECT_EQ(count("history_records"), 0);
  auto done = import(tree_.admin_a, kGoodRows + "2022-07-01,医院工会,发放,,,西瓜,,10,,,,,\n");
  ASSERT_TRUE(done.ok());
  ASSERT_TRUE(done->errors.empty());
  EXPECT_NE(done->batch_id, 0);
  EXPECT_EQ(done->totals.by_year.size(), 2u);
  EXPECT_EQ(count("history_records"), 3);
  auto batches = in_tx([&](store::Tx& tx) { return list_batches(tx, tree_.admin_a, 0, 50); });
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->items.size(), 1u);
  const Batch& b = batches->items[0];
  EXPECT_EQ(b.id, done->batch_id);
  EXPECT_EQ(b.org_id, tree_.district_a.id);
  EXPECT_EQ(b.file_name, "历史.csv");
  EXPECT_EQ(b.rows, 3);
  EXPECT_EQ(b.funds_fen, 1234560);
  EXPECT_EQ(format_local_date(b.first_on), "2021-03-05");
  EXPECT_EQ(format_local_date(b.last_on), "2022-07-01");
  EXPECT_EQ(b.created_by_name, "江北管理员");
  // District B's admin sees neither the batch nor its records.
  auto other = in_tx([&](store::Tx& tx) { return list_batches(tx, tree_.admin_b, 0, 50); });
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->items.empty());
  auto records = in_tx([&](store::Tx& tx) { return list_records(tx, tree_.admin_b, Filter{}); });
  ASSERT_TRUE(records.ok());
  EXPECT_TRUE(records->items.empty());
}

TEST_P(HistoryTest, UndoesABatch) {
  auto done = import(tree_.admin_a, kGoodRows);
  ASSERT_TRUE(done.ok());
  const int64_t id = done->batch_id;
  auto forbidden = in_tx([&](store::Tx& tx) { return undo(tx, tree_.admin_b, id); });
  ASSERT_FALSE(forbidden.ok());
  EXPECT_EQ(forbidden.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(count("history_records"), 2);
  auto missing = in_tx([&](store::Tx& tx) { return undo(tx, tree_.admin_a, id + 1); });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  auto undone = in_tx([&](store::Tx& tx) { return undo(tx, tree_.admin_a, id); });
  ASSERT_TRUE(undone.ok()) << undone.error().message;
  EXPECT_NE(undone->undone_at, 0);
  EXPECT_EQ(count("history_records"), 0);
  auto again = in_tx([&](store::Tx& tx) { return undo(tx, tree_.platform, id); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "already_undone");
  auto batches = in_tx([&](store::Tx& tx) { return list_batches(tx, tree_.platform, 0, 50); });
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->items.size(), 1u);
  EXPECT_EQ(batches->items[0].undone_by, tree_.admin_a.account_id);
  int64_t audited = 0;
  Status s = db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT COUNT(*) FROM audit_log WHERE action IN"
                                         " ('history.import', 'history.undo') AND target_id = ?",
                                         {std::to_string(id)}));
    audited = rows[0].integer(0);
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(audited, 2);
}

TEST_P(HistoryTest, EachRecordFiltersBySubtreeAndDate) {
  auto a = import(tree_.platform,
                  "2021-03-05,医院工会,发放,,,草莓,,10,,,,,\n"
                  "2022-01-01,公交工会,发放,,,草莓,,20,,,,,\n"
                  "2020-12-31,公交工会,采购,,,,,,8.5,,农场,,\n"
                  "2021-06-01,供电工会,发放,,,草莓,,40,,,,,\n"
                  "2021-06-01,江北区总工会,领取,品牌,标题,,茶叶,7,,3,,地区,平台\n");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(a->errors.empty()) << a->errors[0].message;
  auto in_a = walk(tree_.district_a, "2021-01-01", "2022-01-01");
  ASSERT_EQ(in_a.size(), 2u);
  int64_t portions = 0;
  for (const Contribution& c : in_a) portions += c.portions;
  EXPECT_EQ(portions, 17);
  auto base = walk(tree_.base_a1, "2021-01-01", "2022-01-01");
  ASSERT_EQ(base.size(), 1u);
  EXPECT_EQ(base[0].org_id, tree_.base_a1.id);
  EXPECT_EQ(base[0].kind, "distribution");
  EXPECT_EQ(base[0].produce_name, "草莓");
  EXPECT_EQ(base[0].produce_kind, "other");
  EXPECT_EQ(walk(tree_.root, "2020-01-01", "2023-01-01").size(), 5u);
  EXPECT_EQ(walk(tree_.district_a, "2020-12-31", "2021-01-01").size(), 1u);
  // A second batch, undone, is not walked.
  auto b = import(tree_.platform, "2021-03-05,医院工会,发放,,,草莓,,99,,,,,\n");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(walk(tree_.base_a1, "2021-01-01", "2022-01-01").size(), 2u);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return undo(tx, tree_.platform, b->batch_id); }).ok());
  EXPECT_EQ(walk(tree_.base_a1, "2021-01-01", "2022-01-01").size(), 1u);
  // The first error of fn ends the walk and is returned.
  int calls = 0;
  const org::PathRange range = org::range_of(tree_.root.path);
  Status s = db().read([&](store::Tx& tx) {
    return each_record(tx, range.lower, range.upper, 0, *parse_local_date("2030-01-01"),
                       [&](const Contribution&) -> Status {
                         ++calls;
                         return Error::invalid("x", "stop", "stop");
                       });
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "stop");
  EXPECT_EQ(calls, 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, HistoryTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::history
