// Stations on both engines: admin writes and scope, finding near a place with 营业中, check-ins
// and ratings, problems told back to the reporter, figures and the CSV import.
#include <gtest/gtest.h>

#include "core/time.hpp"
#include "domain/station/station.hpp"
#include "support/domain_test.hpp"

namespace gonghui::station {
namespace {

using gonghui::testing::DomainTest;

// 2026-07-01 12:00 Beijing time.
constexpr int64_t kNoon = 1782878400000;
constexpr int64_t kHour = 3'600'000;

class StationTest : public DomainTest {
 protected:
  StationInput input(const std::string& name, double lat, double lng) {
    StationInput in;
    in.org_id = tree_.base_a1.id;
    in.name = name;
    in.address = "江北区滨江路1号";
    in.lat = lat;
    in.lng = lng;
    in.amenities = {Amenity::kAirConditioning, Amenity::kDrinkingWater};
    in.hours = Hours{false, 7 * 60, 21 * 60};
    in.manager_name = "林晓燕";
    in.manager_phone = "13911112222";
    return in;
  }
  Station create(const StationInput& in, const Principal* who = nullptr) {
    auto made = in_tx(
        [&](store::Tx& tx) { return create_station(tx, who ? *who : tree_.admin_a, in, kNoon); });
    EXPECT_TRUE(made.ok()) << made.error().message;
    return made.ok() ? *made : Station{};
  }
  std::vector<NearbyStation> find(const NearbyQuery& q, int64_t now) {
    auto found = in_tx([&](store::Tx& tx) { return find_stations(tx, q, now); });
    EXPECT_TRUE(found.ok());
    return found.ok() ? *found : std::vector<NearbyStation>{};
  }
};

TEST(StationHoursTest, OpenNowWithDaytimeOvernightAnd24Hours) {
  const Hours day{false, 7 * 60, 21 * 60};
  EXPECT_FALSE(open_at(day, 6 * 60 + 59));
  EXPECT_TRUE(open_at(day, 7 * 60));
  EXPECT_TRUE(open_at(day, 20 * 60 + 59));
  EXPECT_FALSE(open_at(day, 21 * 60));
  const Hours night{false, 20 * 60, 8 * 60};  // 20:00 to 08:00 the next morning
  EXPECT_TRUE(open_at(night, 23 * 60));
  EXPECT_TRUE(open_at(night, 0));
  EXPECT_TRUE(open_at(night, 7 * 60 + 59));
  EXPECT_FALSE(open_at(night, 8 * 60));
  EXPECT_FALSE(open_at(night, 12 * 60));
  EXPECT_TRUE(open_at(night, 20 * 60));
  EXPECT_TRUE(open_at(Hours{true, 0, 0}, 3 * 60));
  // Beijing time: 2026-07-01 04:00 UTC is 12:00 there; 16:30 UTC is 00:30 the next day.
  EXPECT_EQ(beijing_minute_of_day(kNoon), 12 * 60);
  EXPECT_EQ(beijing_minute_of_day(kNoon + 12 * kHour + 30 * 60000), 30);
}

TEST(StationHoursTest, ParsesHoursAsImportsWriteThem) {
  EXPECT_TRUE(parse_hours("24小时")->always_open);
  EXPECT_TRUE(parse_hours("24h")->always_open);
  const auto night = parse_hours("20:00-08:00");
  ASSERT_TRUE(night);
  EXPECT_EQ(night->opens_minute, 1200);
  EXPECT_EQ(night->closes_minute, 480);
  EXPECT_EQ(parse_hours("7:30～21:00")->opens_minute, 450);
  EXPECT_EQ(parse_hours("06:00-24:00")->closes_minute, 0);
  EXPECT_FALSE(parse_hours("08:00-08:00"));
  EXPECT_FALSE(parse_hours("25:00-08:00"));
  EXPECT_FALSE(parse_hours("早上"));
  EXPECT_EQ(format_minute(450), "07:30");
  EXPECT_EQ(amenity_named("空调"), Amenity::kAirConditioning);
  EXPECT_EQ(amenity_named("microwave"), Amenity::kMicrowave);
  EXPECT_FALSE(amenity_named("游泳池"));
}

TEST_P(StationTest, CreatesInScopeAndRefusesBadFields) {
  const Station s = create(input("滨江驿站", 30.2741, 120.1551));
  EXPECT_EQ(s.lat_e7, 302741000);
  EXPECT_EQ(s.check_in_code.size(), 12u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'station.create'"), 1);
  // Another district's admin may not create under A1, nor change A's station.
  auto outside = in_tx([&](store::Tx& tx) {
    return create_station(tx, tree_.admin_b, input("越界驿站", 30.27, 120.15), kNoon);
  });
  EXPECT_EQ(outside.error().kind, ErrorKind::kForbidden);
  auto change = in_tx([&](store::Tx& tx) {
    return update_station(tx, tree_.admin_b, s.id, input("改名", 30.27, 120.15), kNoon);
  });
  EXPECT_EQ(change.error().kind, ErrorKind::kForbidden);
  auto field_of = [&](StationInput in) {
    auto r = in_tx([&](store::Tx& tx) { return create_station(tx, tree_.admin_a, in, kNoon); });
    return r.ok() ? std::string("ok") : r.error().field + ":" + r.error().code;
  };
  StationInput bad = input("", 30.27, 120.15);
  EXPECT_EQ(field_of(bad), "name:required");
  bad = input("驿站", 120.15, 30.27);  // swapped
  EXPECT_EQ(field_of(bad), "lat:invalid_coordinates");
  bad = input("驿站", 0, 0);
  EXPECT_EQ(field_of(bad), "lat:invalid_coordinates");
  bad = input("驿站", 30.27, 120.15);
  bad.hours = Hours{false, 480, 480};
  EXPECT_EQ(field_of(bad), "hours:invalid_hours");
  bad = input("驿站", 30.27, 120.15);
  bad.contact_phone = "call me";
  EXPECT_EQ(field_of(bad), "contact_phone:invalid_phone");
  bad = input("驿站", 30.27, 120.15);
  bad.photo_ids = {12345};
  EXPECT_EQ(field_of(bad), "photo_ids:unknown_photo");
  bad = input("驿站", 30.27, 120.15);
  bad.org_id = 999;
  EXPECT_EQ(field_of(bad), "org_id:unknown_org");
  EXPECT_EQ(count("SELECT COUNT(*) FROM stations"), 1);
}

TEST_P(StationTest, StoresGcj02InputAsWgs84) {
  StationInput in = input("高德选点驿站", 31.17530398364597, 121.531541859215);
  in.coord_system = CoordSystem::kGcj02;
  const Station s = create(in);
  EXPECT_EQ(s.lat_e7, 311774276);
  EXPECT_EQ(s.lng_e7, 1215272106);
}

TEST_P(StationTest, FindsNearestOpenWithAmenities) {
  const Station near = create(input("近站", 30.2750, 120.1550));
  StationInput far_in = input("远站", 30.3000, 120.2000);
  far_in.hours = Hours{false, 20 * 60, 8 * 60};
  far_in.amenities = {Amenity::kMicrowave};
  const Station far = create(far_in);
  StationInput closed = input("停用站", 30.2741, 120.1551);
  closed.status = StationStatus::kClosed;
  create(closed);
  NearbyQuery q;
  q.from = geo::LatLng{30.2741, 120.1551};
  auto found = find(q, kNoon);
  ASSERT_EQ(found.size(), 2u);  // the closed one is not listed
  EXPECT_EQ(found[0].station.id, near.id);
  EXPECT_NEAR(static_cast<double>(*found[0].distance_m), 100, 2);
  EXPECT_TRUE(found[0].open_now);
  EXPECT_FALSE(found[1].open_now);  // overnight station at noon
  q.open_now = true;
  EXPECT_EQ(find(q, kNoon).size(), 1u);
  // At 23:00 Beijing time only the overnight one is open.
  auto night = find(q, kNoon + 11 * kHour);
  ASSERT_EQ(night.size(), 1u);
  EXPECT_EQ(night[0].station.id, far.id);
  q.open_now = false;
  q.amenities = {Amenity::kMicrowave};
  EXPECT_EQ(find(q, kNoon).size(), 1u);
  q.amenities.clear();
  q.within_m = 1000;
  EXPECT_EQ(find(q, kNoon).size(), 1u);
}

TEST_P(StationTest, CheckInsCountAndRatingsReplace) {
  const Station s = create(input("滨江驿站", 30.2741, 120.1551));
  auto wrong = in_tx([&](store::Tx& tx) { return check_in(tx, s.id, "nope", 0, kNoon); });
  EXPECT_EQ(wrong.error().code, "wrong_code");
  auto first = in_tx([&](store::Tx& tx) { return check_in(tx, s.id, s.check_in_code, 0, kNoon); });
  ASSERT_TRUE(first.ok());
  auto second =
      in_tx([&](store::Tx& tx) { return check_in(tx, s.id, s.check_in_code, 0, kNoon + 1); });
  EXPECT_EQ(second->visits, 2);
  auto rate = [&](int64_t id, const std::string& token, int stars, int64_t at) {
    return in_tx([&](store::Tx& tx) { return rate_visit(tx, id, token, stars, "", at); });
  };
  EXPECT_EQ(rate(first->id, "bad", 5, kNoon).error().code, "wrong_token");
  EXPECT_EQ(rate(first->id, first->rating_token, 6, kNoon).error().code, "invalid_rating");
  EXPECT_EQ(rate(first->id, first->rating_token, 5, kNoon)->rating_count, 1);
  auto replaced = rate(first->id, first->rating_token, 3, kNoon);  // replaces, not adds
  EXPECT_EQ(replaced->rating_count, 1);
  EXPECT_EQ(replaced->rating_sum, 3);
  EXPECT_EQ(rate(second->id, second->rating_token, 4, kNoon + kRatingWindowMs + 2).error().code,
            "rating_closed");
  // A closed station takes no check-ins.
  StationInput closed = input("滨江驿站", 30.2741, 120.1551);
  closed.status = StationStatus::kClosed;
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return update_station(tx, tree_.admin_a, s.id, closed, kNoon);
              }).ok());
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return check_in(tx, s.id, s.check_in_code, 0, kNoon); })
                .error()
                .code,
            "station_closed");
}

TEST_P(StationTest, ProblemFixedTellsTheReporter) {
  const Station s = create(input("滨江驿站", 30.2741, 120.1551));
  const int64_t member = gonghui::testing::add_member(db(), tree_.platform, tree_.base_a1.id, 7);
  ProblemReport report;
  report.kind = ProblemKind::kAirConditioning;
  report.description = "空调不制冷";
  auto made = in_tx([&](store::Tx& tx) { return report_problem(tx, s.id, member, report, kNoon); });
  ASSERT_TRUE(made.ok());
  EXPECT_TRUE(made->notified);
  // An anonymous reporter with an active member's phone is told too; one without is not.
  report.phone = "13900000007";
  auto by_phone = in_tx([&](store::Tx& tx) { return report_problem(tx, s.id, 0, report, kNoon); });
  EXPECT_TRUE(by_phone->notified);
  report.phone = "13700009999";
  auto stranger = in_tx([&](store::Tx& tx) { return report_problem(tx, s.id, 0, report, kNoon); });
  EXPECT_FALSE(stranger->notified);
  report.phone = "";
  report.kind = ProblemKind::kOther;
  report.description = "";
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return report_problem(tx, s.id, 0, report, kNoon); })
                .error()
                .field,
            "description");

  // Another district's admin cannot touch it; fixing needs a note; a fixed one cannot move.
  auto outsider =
      in_tx([&](store::Tx& tx) { return confirm_problem(tx, tree_.admin_b, made->id, "", kNoon); });
  EXPECT_EQ(outsider.error().kind, ErrorKind::kForbidden);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return confirm_problem(tx, tree_.admin_a, made->id, "已派人", kNoon + kHour);
              }).ok());
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return fix_problem(tx, tree_.admin_a, made->id, "", kNoon); })
          .error()
          .code,
      "required");
  auto fixed = in_tx([&](store::Tx& tx) {
    return fix_problem(tx, tree_.admin_a, made->id, "已更换压缩机", kNoon + 36 * kHour);
  });
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->status, ProblemStatus::kFixed);
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return dismiss_problem(tx, tree_.admin_a, made->id, "重复", kNoon);
            })
                .error()
                .code,
            "wrong_status");
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE kind = 'station_problem' AND member_id = " +
                  std::to_string(member)),
            1);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return dismiss_problem(tx, tree_.admin_a, by_phone->id, "已核实正常", kNoon);
              }).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE kind = 'station_problem'"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'station_problem.%'"), 3);

  auto f = in_tx([&](store::Tx& tx) {
    return figures(tx, tree_.admin_a, std::nullopt, kNoon - kHour, kNoon + 48 * kHour);
  });
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->stations, 1);
  EXPECT_EQ(f->problems_reported, 3);
  EXPECT_EQ(f->problems_fixed, 1);
  EXPECT_EQ(f->problems_open, 1);
  EXPECT_DOUBLE_EQ(*f->median_days_to_fix, 1.5);
  auto b = in_tx([&](store::Tx& tx) {
    return figures(tx, tree_.admin_b, std::nullopt, kNoon - kHour, kNoon + 48 * kHour);
  });
  EXPECT_EQ(b->stations, 0);
}

TEST_P(StationTest, ImportRejectsBadCoordinatesRowByRow) {
  const std::string csv =
      "名称,地址,工会,纬度,经度,坐标系,设施,开放时间\n"
      "一号驿站,滨江路1号,江北区总工会,30.2741,120.1551,WGS-84,空调、微波炉,24小时\n"
      "二号驿站,滨江路2号,江北区总工会,120.1551,30.2741,,,07:00-21:00\n"
      "三号驿站,滨江路3号,江北区总工会,abc,120.1,,,\n"
      "四号驿站,滨江路4号,城南区总工会,30.2,120.1,,,\n"
      "五号驿站,滨江路5号,江北区总工会,51.5,-0.12,,游泳池,早上\n"
      "六号驿站,滨江路6号,江北区总工会,30.28,120.16,GCJ-02,饮水,20:00-08:00\n";
  auto dry = in_tx([&](store::Tx& tx) { return import_csv(tx, tree_.admin_a, csv, true, kNoon); });
  ASSERT_TRUE(dry.ok()) << dry.error().message;
  EXPECT_EQ(dry->rows, 6);
  std::vector<std::string> seen;
  for (const ImportRowError& e : dry->errors) {
    seen.push_back(std::to_string(e.row) + ":" + e.column + ":" + e.code);
  }
  EXPECT_EQ(seen,
            (std::vector<std::string>{"3:lat:invalid_coordinates", "4:lat:invalid_number",
                                      "5:union:out_of_scope", "6:lat:invalid_coordinates",
                                      "6:amenities:unknown_amenity", "6:hours:invalid_hours"}));
  EXPECT_NE(dry->errors[0].message.find("swapped"), std::string::npos);
  auto refused =
      in_tx([&](store::Tx& tx) { return import_csv(tx, tree_.admin_a, csv, false, kNoon); });
  EXPECT_EQ(refused->created, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM stations"), 0);
  const std::string clean =
      "name,address,union,lat,lng,coord_system,amenities,hours\n"
      "一号驿站,滨江路1号,江北区总工会,30.2741,120.1551,wgs84,空调,24h\n"
      "六号驿站,滨江路6号," +
      std::to_string(tree_.base_a1.id) + ",30.28,120.16,gcj02,饮水,20:00-08:00\n";
  auto written =
      in_tx([&](store::Tx& tx) { return import_csv(tx, tree_.admin_a, clean, false, kNoon); });
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(written->created, 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'station.import'"), 1);
  // The same file again: each row is a duplicate now.
  auto again =
      in_tx([&](store::Tx& tx) { return import_csv(tx, tree_.admin_a, clean, true, kNoon); });
  EXPECT_EQ(again->errors.size(), 2u);
  EXPECT_EQ(again->errors[0].code, "duplicate_station");
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return import_csv(tx, tree_.admin_a, "名称,地址\n甲,乙\n", true, kNoon);
            })
                .error()
                .code,
            "missing_column");
}

INSTANTIATE_TEST_SUITE_P(Engines, StationTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::station
