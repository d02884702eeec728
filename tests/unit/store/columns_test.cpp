// store::Fields: members read from a row in the order of the SELECT list, with the count of
// columns checked against the list.
#include "store/columns.hpp"

#include <gtest/gtest.h>

namespace gonghui::store {
namespace {

enum class Colour { kRed, kGreen };
constexpr EnumNames<Colour, 2> kColourNames{{"red", "green"}, Colour::kRed};
constexpr const auto& enum_names(Colour) { return kColourNames; }

struct Point {
  int64_t x = 0;
  int64_t y = 0;
};
void read_column(const Row& row, size_t& i, Point& out) {
  out.x = row.integer(i++);
  out.y = row.integer(i++);
}
constexpr size_t column_width(const Point*) { return 2; }

struct Thing {
  int64_t id = 0;
  std::string name;
  bool done = false;
  Colour colour = Colour::kRed;
  Point at;
  std::vector<int64_t> ids;
  std::vector<int> months;
};

using ThingFields = Fields<&Thing::id, &Thing::name, &Thing::done, &Thing::colour, &Thing::at,
                           &Thing::ids, &Thing::months>;

TEST(ColumnsTest, CountsTheColumnsOfAListOrAStatement) {
  EXPECT_EQ(column_count("id"), 1u);
  EXPECT_EQ(column_count("id, COALESCE(SUM(n), 0), name"), 3u);
  EXPECT_EQ(column_count("SELECT a, b FROM t WHERE c IN (1, 2)"), 2u);
  static_assert(ThingFields::columns == 8);
  static_assert(ThingFields::matches("SELECT id, name, done, colour, x, y, ids, months FROM t"));
  static_assert(!ThingFields::matches("id, name, done, colour, x, ids, months"));
}

TEST(ColumnsTest, ReadsEachMemberFromItsColumn) {
  Row row({int64_t{7}, std::string("梨园"), std::string("1"), std::string("green"), int64_t{-3},
           std::string("42"), std::string("5,6,x,9"), std::string("3,4")});
  Thing t = ThingFields::read(row);
  EXPECT_EQ(t.id, 7);
  EXPECT_EQ(t.name, "梨园");
  EXPECT_TRUE(t.done);
  EXPECT_EQ(t.colour, Colour::kGreen);
  EXPECT_EQ(t.at.x, -3);
  EXPECT_EQ(t.at.y, 42);
  EXPECT_EQ(t.ids, (std::vector<int64_t>{5, 6, 9}));
  EXPECT_EQ(t.months, (std::vector<int>{3, 4}));
}

TEST(ColumnsTest, ReadsFromAnOffsetAndNullsAsEmpty) {
  Row row({std::string("skipped"), int64_t{1}, Value{}, Value{}, Value{}, Value{}, Value{}, Value{},
           Value{}});
  Thing t = ThingFields::read(row, 1);
  EXPECT_EQ(t.id, 1);
  EXPECT_EQ(t.name, "");
  EXPECT_FALSE(t.done);
  EXPECT_EQ(t.colour, Colour::kRed);  // an unknown name reads as the table's first
  EXPECT_TRUE(t.ids.empty());
}

TEST(ColumnsTest, JoinsAndSplitsIds) {
  EXPECT_EQ(join_ids({}), "");
  EXPECT_EQ(join_ids({1, 22, 333}), "1,22,333");
  EXPECT_EQ(split_ids(join_ids({1, 22, 333})), (std::vector<int64_t>{1, 22, 333}));
}

}  // namespace
}  // namespace gonghui::store
