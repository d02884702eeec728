// Demo 户外劳动者服务站: thirty stations around the demo city's centre, managed by the district
// unions and the unions of sanitation workers and couriers, with check-ins, ratings and problems.
#include <array>

#include "app/demo_parts.hpp"
#include "core/time.hpp"
#include "domain/member/member.hpp"
#include "domain/station/station.hpp"

namespace gonghui::app {
namespace {

using station::Amenity;

struct DemoStation {
  const char* name;
  const char* address;
  const char* union_name;
  int lat_offset;  // from the centre, in 1e-4 degree (about 11 m)
  int lng_offset;
  const char* hours;  // as an import writes them
  std::initializer_list<Amenity> amenities;
};

constexpr int64_t kCentreLatE7 = 302740000;  // the demo city's centre, WGS-84
constexpr int64_t kCentreLngE7 = 1201550000;

const std::array<DemoStation, 30> kStations{{
    {"滨江路爱心驿站",
     "江北区滨江路18号",
     "江北区总工会",
     12,
     -30,
     "24小时",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kMicrowave, Amenity::kSeating,
      Amenity::kToilet, Amenity::kCharging, Amenity::kWifi}},
    {"江北公交总站驿站",
     "江北区人民路公交总站",
     "江北公交公司工会",
     45,
     20,
     "05:30-23:00",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kSeating, Amenity::kToilet}},
    {"市一医院门诊驿站",
     "江北区解放路120号",
     "市第一人民医院工会",
     -25,
     55,
     "07:00-20:00",
     {Amenity::kDrinkingWater, Amenity::kSeating, Amenity::kFirstAid, Amenity::kCharging}},
    {"长江物流园驿站",
     "江北区物流大道66号",
     "长江物流集团工会",
     140,
     -120,
     "20:00-08:00",
     {Amenity::kAirConditioning, Amenity::kMicrowave, Amenity::kSeating, Amenity::kCharging,
      Amenity::kRepairTools}},
    {"江北实验中学驿站",
     "江北区学院路9号",
     "江北实验中学工会",
     80,
     95,
     "07:00-18:00",
     {Amenity::kDrinkingWater, Amenity::kSeating, Amenity::kBooks}},
    {"北岸公园驿站",
     "江北区北岸公园东门",
     "江北区总工会",
     210,
     40,
     "06:00-22:00",
     {Amenity::kDrinkingWater, Amenity::kSeating, Amenity::kToilet, Amenity::kRainGear}},
    {"江北商业街驿站",
     "江北区中山北路200号",
     "江北区总工会",
     60,
     -75,
     "08:00-22:00",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kMicrowave, Amenity::kFridge}},
    {"江北加油站驿站",
     "江北区环城北路加油站旁",
     "江北区总工会",
     260,
     -200,
     "24小时",
     {Amenity::kDrinkingWater, Amenity::kToilet, Amenity::kCharging, Amenity::kRepairTools}},
    {"江北城管中队驿站",
     "江北区和平路31号",
     "江北区总工会",
     -60,
     -160,
     "07:00-21:00",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kSeating}},
    {"江北图书馆驿站",
     "江北区文化路1号",
     "江北区总工会",
     150,
     160,
     "09:00-21:00",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kBooks, Amenity::kWifi}},
    {"城南环卫一所驿站",
     "城南区南环路8号",
     "市环卫集团工会",
     -120,
     10,
     "24小时",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kMicrowave, Amenity::kSeating,
      Amenity::kToilet, Amenity::kFirstAid}},
    {"城南环卫二所驿站",
     "城南区湖滨路52号",
     "市环卫集团工会",
     -210,
     90,
     "05:00-21:00",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kMicrowave, Amenity::kFridge}},
    {"南湖公园驿站",
     "城南区南湖公园北门",
     "城南区总工会",
     -280,
     -40,
     "06:00-21:00",
     {Amenity::kDrinkingWater, Amenity::kSeating, Amenity::kToilet, Amenity::kRainGear}},
    {"城南供电营业厅驿站",
     "城南区电力路16号",
     "城南供电公司工会",
     -150,
     180,
     "08:30-17:30",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kCharging, Amenity::kWifi}},
    {"城南街道社区驿站",
     "城南区幸福里社区服务中心",
     "城南街道社区工会",
     -90,
     140,
     "08:00-20:00",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kMicrowave, Amenity::kSeating,
      Amenity::kBooks}},
    {"南湖纺织厂驿站",
     "城南区纺织路3号",
     "南湖纺织厂工会",
     -330,
     230,
     "07:00-19:00",
     {Amenity::kDrinkingWater, Amenity::kSeating, Amenity::kFirstAid}},
    {"城南菜市场驿站",
     "城南区建设路农贸市场",
     "城南区总工会",
     -180,
     -150,
     "05:00-14:00",
     {Amenity::kDrinkingWater, Amenity::kToilet, Amenity::kRainGear}},
    {"城南高铁站驿站",
     "城南区高铁站东广场",
     "城南区总工会",
     -420,
     -260,
     "24小时",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kMicrowave, Amenity::kToilet,
      Amenity::kCharging, Amenity::kWifi}},
    {"城南环卫三所驿站",
     "城南区新塘路77号",
     "市环卫集团工会",
     -260,
     300,
     "20:00-08:00",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kMicrowave, Amenity::kSeating}},
    {"城南体育馆驿站",
     "城南区体育场路2号",
     "城南区总工会",
     -40,
     260,
     "08:00-22:00",
     {Amenity::kDrinkingWater, Amenity::kSeating, Amenity::kToilet}},
    {"高新快递分拨中心驿站",
     "高新区智慧路100号",
     "高新区快递行业工会",
     30,
     330,
     "24小时",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kMicrowave, Amenity::kSeating,
      Amenity::kCharging, Amenity::kRepairTools, Amenity::kRainGear}},
    {"软件园北门驿站",
     "高新区软件园北门",
     "高新软件园联合工会",
     110,
     410,
     "07:00-23:00",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kMicrowave, Amenity::kWifi,
      Amenity::kCharging}},
    {"智能制造园驿站",
     "高新区创新大道8号",
     "智能制造产业园工会",
     190,
     520,
     "06:00-22:00",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kSeating, Amenity::kFirstAid}},
    {"自来水公司驿站",
     "高新区水厂路1号",
     "市自来水公司工会",
     -70,
     470,
     "08:00-18:00",
     {Amenity::kDrinkingWater, Amenity::kSeating, Amenity::kToilet}},
    {"高新外卖骑手驿站",
     "高新区星光天地东侧",
     "高新区快递行业工会",
     70,
     250,
     "10:00-02:00",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kMicrowave, Amenity::kCharging,
      Amenity::kFridge}},
    {"高新科技馆驿站",
     "高新区科技馆南广场",
     "高新区总工会",
     250,
     380,
     "09:00-17:00",
     {Amenity::kDrinkingWater, Amenity::kSeating, Amenity::kBooks}},
    {"高新地铁口驿站",
     "高新区地铁1号线高新站B口",
     "高新区总工会",
     0,
     600,
     "06:00-23:30",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kCharging, Amenity::kWifi}},
    {"高新人才公寓驿站",
     "高新区人才公寓1幢",
     "高新区总工会",
     330,
     600,
     "24小时",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kMicrowave, Amenity::kSeating,
      Amenity::kToilet}},
    {"快递行业工会之家",
     "高新区快递产业园2号楼",
     "高新区快递行业工会",
     -160,
     560,
     "08:00-20:00",
     {Amenity::kAirConditioning, Amenity::kDrinkingWater, Amenity::kSeating, Amenity::kRepairTools,
      Amenity::kFirstAid}},
    {"高新环路驿站",
     "高新区环路与创新大道交叉口",
     "高新区总工会",
     400,
     700,
     "07:00-19:00",
     {Amenity::kDrinkingWater, Amenity::kToilet, Amenity::kRainGear}},
}};

Result<int64_t> org_named(store::Tx& tx, const char* name) {
  GH_ASSIGN(store::Rows rows, tx.query("SELECT id FROM orgs WHERE name = ?", {std::string(name)}));
  if (rows.empty()) return Error::not_found(name);
  return rows[0].integer(0);
}

}  // namespace

Status create_demo_stations(store::Db& db, const Principal& platform) {
  const int64_t now = Timestamp::now().ms;
  return db.write([&](store::Tx& tx) -> Status {
    std::vector<station::Station> made;
    int index = 0;
    for (const DemoStation& d : kStations) {
      station::StationInput in;
      GH_ASSIGN(in.org_id, org_named(tx, d.union_name));
      in.name = d.name;
      in.address = d.address;
      in.lat = static_cast<double>(kCentreLatE7 + d.lat_offset * 1000) / 1e7;
      in.lng = static_cast<double>(kCentreLngE7 + d.lng_offset * 1000) / 1e7;
      in.amenities = d.amenities;
      in.hours = *station::parse_hours(d.hours);
      in.contact_phone = "0571-8702" + std::to_string(1000 + index);
      in.manager_name = std::array{"周文静", "吴建国", "郑丽华", "王海涛", "冯晓燕"}[index % 5];
      in.manager_phone = "1391200" + std::to_string(1000 + index);
      // One station is closed for repairs, to show how a closed station looks.
      in.status = index == 16 ? station::StationStatus::kClosed : station::StationStatus::kOpen;
      GH_ASSIGN(station::Station s, station::create_station(tx, platform, in, now));
      made.push_back(s);
      ++index;
    }
    // Visits over the last fortnight, some rated.
    for (size_t i = 0; i < made.size(); ++i) {
      if (made[i].status != station::StationStatus::kOpen) continue;
      const int visits = 3 + static_cast<int>((i * 7) % 11);
      for (int v = 0; v < visits; ++v) {
        const int64_t at = now - (v * 31 + static_cast<int64_t>(i) * 7) * 3'600'000 / 2;
        GH_ASSIGN(station::CheckIn c,
                  station::check_in(tx, made[i].id, made[i].check_in_code, 0, at));
        if (v % 3 == 0) {
          GH_TRY(station::rate_visit(tx, c.id, c.rating_token, 4 + (v + static_cast<int>(i)) % 2,
                                     v % 2 ? "很方便，夏天有空调" : "热水随时有，谢谢工会", at));
        }
      }
    }
    // Problems: one reported by the demo member and fixed (she has the message), one open.
    GH_ASSIGN(store::Rows member, tx.query("SELECT id FROM members WHERE phone = '13900000001'"));
    station::ProblemReport broken{
        station::ProblemKind::kAirConditioning, "空调不制冷，室内很热", {}, ""};
    GH_ASSIGN(station::ProblemReceipt r,
              station::report_problem(tx, made[0].id, member.empty() ? 0 : member[0].integer(0),
                                      broken, now - 3 * 86'400'000));
    GH_TRY(station::confirm_problem(tx, platform, r.id, "已联系维修",
                                    now - 3 * 86'400'000 + 3'600'000));
    GH_TRY(station::fix_problem(tx, platform, r.id, "已更换空调外机电容，制冷恢复正常",
                                now - 2 * 86'400'000));
    station::ProblemReport closed{station::ProblemKind::kClosed, "开放时间内大门上锁", {}, ""};
    GH_TRY(station::report_problem(tx, made[10].id, 0, closed, now - 86'400'000));
    return Status::Ok();
  });
}

}  // namespace gonghui::app
