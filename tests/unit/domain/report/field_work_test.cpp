// The impact report's help-list and station figures on both engines: each counts only its range
// and subtree, and each drills down to rows that add up to it (the breakdown by category to the
// total), in the JSON, the summary and the sheets.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include <map>

#include "api/impact_render.hpp"
#include "core/time.hpp"
#include "domain/helplist/helplist.hpp"
#include "domain/report/report.hpp"
#include "domain/report/summary.hpp"
#include "domain/station/station.hpp"
#include "support/domain_test.hpp"

namespace gonghui::report {
namespace {

constexpr int64_t kDay = 86'400'000;

class FieldWorkTest : public gonghui::testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    now_ = Timestamp::now().ms;
    from_ = now_ - 30 * kDay;
    to_ = now_ + kDay;
    pairing_ = pairing_of(tree_.district_a.id, "青山村");
    const int64_t foreign = pairing_of(tree_.district_b.id, "清河社区");
    // 江北区: three needs now (two lamps, one road), one accepted; one need of 城南区.
    lamps_ = need(pairing_, helplist::Category::kStreetLights, 50, "盏");
    const int64_t road = need(pairing_, helplist::Category::kRoads, 1000, "米");
    need(pairing_, helplist::Category::kStreetLights, 10, "盏");
    need(foreign, helplist::Category::kCulture, 6000, "元");
    must(in_tx(
        [&](store::Tx& tx) { return helplist::claim_need(tx, tree_.admin_a, lamps_, "", now_); }));
    must(in_tx([&](store::Tx& tx) {
      return helplist::add_fulfilment(tx, tree_.admin_a, lamps_,
                                      {helplist::FulfilmentKind::kFund, 0, 1'500'000, "", "", now_},
                                      now_);
    }));
    must(in_tx([&](store::Tx& tx) {
      return helplist::add_fulfilment(
          tx, tree_.admin_a, lamps_,
          {helplist::FulfilmentKind::kInKind, 0, 99'999, "灯杆", "某企业", now_}, now_);
    }));
    must(in_tx([&](store::Tx& tx) {
      return helplist::add_progress(tx, tree_.admin_a, lamps_, {"亮灯", {}, 50}, now_);
    }));
    must(in_tx([&](store::Tx& tx) {
      return helplist::complete_need(tx, tree_.admin_a, lamps_, "", now_);
    }));
    must(in_tx([&](store::Tx& tx) {
      return helplist::accept_need(tx, tree_.platform, lamps_, "", now_);
    }));
    // A task that starts soon, with hours recorded after it (the report's `to` is tomorrow).
    auto task = in_tx([&](store::Tx& tx) {
      return helplist::add_task(tx, tree_.admin_a, road, {"修路", "", now_ + 1000, 5}, now_);
    });
    must(task);
    const int64_t member = gonghui::testing::add_member(db(), tree_.platform, tree_.base_a1.id, 3);
    Principal volunteer;
    volunteer.roles.push_back({Role::kMember, tree_.base_a1.id, 0, member});
    must(in_tx([&](store::Tx& tx) { return helplist::sign_up(tx, volunteer, task->id, now_); }));
    must(in_tx([&](store::Tx& tx) {
      return helplist::record_minutes(tx, tree_.admin_a, task->id, member, 150, now_ + 2000);
    }));
    helplist::OutcomeInput solar;
    solar.title = "光伏增收";
    solar.kind = helplist::OutcomeKind::kIncome;
    solar.income_fen_per_year = 28'670'000;
    solar.evidence = "结算单";
    solar.recorded_on = now_ - kDay;
    must(in_tx([&](store::Tx& tx) {
      return helplist::add_outcome(tx, tree_.admin_a, pairing_, solar, now_);
    }));
    // Two stations of 江北区 with three check-ins, one of 城南区 with one.
    const int64_t own = station_of(tree_.base_a1.id, "滨江驿站");
    station_of(tree_.district_a.id, "公交驿站");
    const int64_t theirs = station_of(tree_.district_b.id, "南湖驿站");
    for (int64_t s : {own, own, own, theirs}) {
      must(in_tx([&](store::Tx& tx) { return station::check_in(tx, s, code_[s], 0, now_); }));
    }
  }

  template <class R>
  void must(const R& r) {
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  int64_t pairing_of(int64_t org, const std::string& village) {
    helplist::PairingInput in;
    in.org_id = org;
    in.village = village;
    in.region = "示范市";
    in.started_on = now_ - 100 * kDay;
    auto made = in_tx(
        [&](store::Tx& tx) { return helplist::create_pairing(tx, tree_.platform, in, now_); });
    EXPECT_TRUE(made.ok());
    return made.ok() ? made->id : 0;
  }

  int64_t need(int64_t pairing, helplist::Category c, int64_t target, const std::string& unit) {
    helplist::NeedInput in;
    in.category = c;
    in.title = "需求";
    in.target_quantity = target;
    in.unit = unit;
    auto made = in_tx(
        [&](store::Tx& tx) { return helplist::add_need(tx, tree_.platform, pairing, in, now_); });
    EXPECT_TRUE(made.ok());
    return made.ok() ? made->id : 0;
  }

  int64_t station_of(int64_t org, const std::string& name) {
    station::StationInput in;
    in.org_id = org;
    in.name = name;
    in.address = "示范市";
    in.lat = 30.27;
    in.lng = 120.15;
    in.hours = {true, 0, 0};
    auto made =
        in_tx([&](store::Tx& tx) { return station::create_station(tx, tree_.platform, in, now_); });
    EXPECT_TRUE(made.ok());
    code_[made->id] = made->check_in_code;
    return made->id;
  }

  Impact run(const Principal& who) {
    auto r = in_tx([&](store::Tx& tx) { return impact(tx, who, std::nullopt, from_, to_); });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : Impact{};
  }

  // Every row behind a figure, and the sum of `field` over them (or their count when empty).
  int64_t drilled(const Principal& who, const std::string& figure, const std::string& key,
                  const std::string& field, std::string* type = nullptr) {
    int64_t total = 0;
    int64_t after = 0;
    do {
      auto r = in_tx([&](store::Tx& tx) {
        return records(tx, who, {figure, key, std::nullopt, from_, to_, after, 2});
      });
      EXPECT_TRUE(r.ok()) << r.error().message;
      if (!r.ok()) return -1;
      if (type) *type = r->type;
      for (const auto& item : r->items) {
        total += field.empty() ? 1 : item.as_object().at(field).as_int64();
      }
      after = r->next_cursor;
    } while (after != 0);
    return total;
  }

  int64_t now_ = 0, from_ = 0, to_ = 0, pairing_ = 0, lamps_ = 0;
  std::map<int64_t, std::string> code_;
};

TEST_P(FieldWorkTest, FiguresCountTheirRangeAndSubtreeAndDrillDownToRowsThatAddUp) {
  const Impact city = run(tree_.platform);
  EXPECT_EQ(city.helplist_needs, 4);
  EXPECT_EQ(city.helplist_needs_accepted, 1);
  EXPECT_EQ(city.helplist_funds_fen, 1'500'000);  // a donation in kind is not funds
  EXPECT_EQ(city.helplist_volunteer_minutes, 150);
  EXPECT_EQ(city.helplist_income_fen_per_year, 28'670'000);
  EXPECT_EQ(city.stations, 3);
  EXPECT_EQ(city.station_visits, 4);
  EXPECT_EQ(city.helplist_needs_by_category.at("street_lights"), 2);
  const Impact a = run(tree_.admin_a);
  EXPECT_EQ(a.helplist_needs, 3);
  EXPECT_EQ(a.stations, 2);
  EXPECT_EQ(a.station_visits, 3);
  std::string type;
  for (const Principal* who : {&tree_.platform, &tree_.admin_a}) {
    const Impact m = run(*who);
    EXPECT_EQ(drilled(*who, "helplist_needs", "", "", &type), m.helplist_needs);
    EXPECT_EQ(type, "helplist_need");
    EXPECT_EQ(drilled(*who, "helplist_needs_accepted", "", ""), m.helplist_needs_accepted);
    EXPECT_EQ(drilled(*who, "helplist_funds_fen", "", "amount_fen", &type), m.helplist_funds_fen);
    EXPECT_EQ(type, "helplist_fulfilment");
    EXPECT_EQ(drilled(*who, "helplist_volunteer_minutes", "", "minutes", &type),
              m.helplist_volunteer_minutes);
    EXPECT_EQ(type, "helplist_task");
    EXPECT_EQ(drilled(*who, "helplist_income_fen_per_year", "", "income_fen_per_year", &type),
              m.helplist_income_fen_per_year);
    EXPECT_EQ(drilled(*who, "stations", "", "", &type), m.stations);
    EXPECT_EQ(type, "station");
    EXPECT_EQ(drilled(*who, "station_visits", "", "", &type), m.station_visits);
    EXPECT_EQ(type, "station_check_in");
    int64_t by_category = 0;
    for (const auto& [category, needs] : m.helplist_needs_by_category) {
      EXPECT_EQ(drilled(*who, "helplist_needs_by_category", category, ""), needs) << category;
      by_category += needs;
    }
    EXPECT_EQ(by_category, m.helplist_needs);
    // Imported history has no rows behind these figures.
    auto imported = in_tx([&](store::Tx& tx) {
      RecordQuery q{"station_visits", "", std::nullopt, from_, to_, 0, 50};
      q.imported = true;
      return records(tx, *who, q);
    });
    ASSERT_TRUE(imported.ok());
    EXPECT_TRUE(imported->items.empty());
  }
  // A range before everything holds none of it but the stations that existed then (none).
  from_ -= 400 * kDay;
  to_ = now_ - 200 * kDay;
  const Impact before = run(tree_.platform);
  EXPECT_EQ(before.helplist_needs + before.stations + before.station_visits +
                before.helplist_funds_fen + before.helplist_volunteer_minutes,
            0);
}

TEST_P(FieldWorkTest, JsonSummaryAndSheetsCarryTheFigures) {
  const Impact m = run(tree_.platform);
  const boost::json::object json = api::impact_json(m);
  const std::string text = boost::json::serialize(json);
  for (const char* name :
       {"helplist_needs", "helplist_funds_fen", "station_visits", "helplist_needs_by_category"}) {
    EXPECT_NE(text.find(name), std::string::npos) << name;
    EXPECT_TRUE(json.at("links").as_object().contains(name)) << name;
  }
  std::string summary;
  for (const std::string& p : summarize(m).paragraphs) summary += p;
  EXPECT_NE(summary.find("验收完成1项"), std::string::npos) << summary;
  EXPECT_NE(summary.find("年增收28.67万元"), std::string::npos) << summary;
  EXPECT_NE(summary.find("户外劳动者服务站3个，服务4人次"), std::string::npos) << summary;
  const std::string staff = api::impact_staff_csv(m);
  EXPECT_NE(staff.find("服务站服务（人次）"), std::string::npos);
  EXPECT_NE(staff.find("路灯"), std::string::npos);
  EXPECT_NE(api::impact_csv(m).find("station_visits"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Engines, FieldWorkTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::report
