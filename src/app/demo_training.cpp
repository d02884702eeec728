// Demo 技能培训 courses with invented teachers: a finished first-come course in 江北区 with its
// attendance and certificates, an open first-come course already full with a waiting list, a
// city-wide fair draw taking applications, and a drawn fair-draw course of 城南区 under way.
#include "app/demo.hpp"

#include "core/time.hpp"
#include "domain/org/org.hpp"
#include "domain/training/training.hpp"

namespace gonghui::app {
namespace {

using training::Category;
using training::CourseInput;
using training::Mode;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

struct DemoCourse {
  const char* district;  // organiser's name; nullptr: the federation
  const char* title;
  Category category;
  const char* teacher;
  const char* teacher_title;
  const char* description;
  Mode mode;
  int64_t seats;
  int64_t first_day;  // days from today (Asia/Shanghai) of the first session; one a day
  int sessions;
  const char* place;
};

constexpr DemoCourse kCourses[] = {
    {"江北区总工会", "设施草莓栽培与病虫害绿色防控", Category::kRuralTechnology, "周建农",
     "高级农艺师",
     "从育苗、定植到采收，讲授设施草莓的水肥管理和病虫害绿色防控，现场在合作社大棚实操。",
     Mode::kFirstCome, 30, -20, 3, "江北区职工服务中心三楼培训室"},
    {"江北区总工会", "直播带货入门：农产品短视频与直播", Category::kLiveCommerce, "林思远",
     "电商讲师", "手机拍摄、剪辑和直播间搭建，帮助职工把家乡农产品卖出去。", Mode::kFirstCome, 20,
     8, 3, "江北区青年创业园直播间"},
    {nullptr, "农业无人机植保作业技术", Category::kAgriInnovation, "郑航宇", "无人机飞防工程师",
     "植保无人机的操作、航线规划与安全规范，结业后可参加操作员考核。名额有限，公平抽签。",
     Mode::kFairDraw, 15, 7, 2, "市职工技能实训基地"},
    {"城南区总工会", "农村电商运营与品牌打造", Category::kDigitalSkills, "何佳宁", "电商运营师",
     "网店运营、品牌故事和包装设计，结合城南区特色农产品案例。", Mode::kFairDraw, 12, -2, 3,
     "城南区职工之家二楼教室"},
};

Result<std::vector<int64_t>> members_of(store::Tx& tx, int64_t org_id, int64_t limit) {
  GH_ASSIGN(org::Org o, org::get(tx, org_id));
  const org::PathRange range = org::range_of(o.path);
  GH_ASSIGN(store::Rows rows, tx.query("SELECT m.id FROM members m JOIN orgs o ON o.id = m.org_id "
                                       "WHERE o.path >= ? AND o.path < ? ORDER BY m.id LIMIT ?",
                                       {range.lower, range.upper, limit}));
  std::vector<int64_t> out;
  for (const auto& r : rows) out.push_back(r.integer(0));
  return out;
}

CourseInput input_of(const DemoCourse& d, int64_t org_id, int64_t today) {
  CourseInput in;
  in.org_id = org_id;
  in.title = d.title;
  in.category = d.category;
  in.teacher_name = d.teacher;
  in.teacher_title = d.teacher_title;
  in.description = d.description;
  in.materials = {{training::MaterialKind::kDocument, "课程讲义",
                   "https://training.example.org/handouts/" + std::to_string(d.first_day + 100)},
                  {training::MaterialKind::kVideo, "往期课程回放",
                   "https://training.example.org/videos/" + std::to_string(d.first_day + 100)}};
  in.mode = d.mode;
  in.seats = d.seats;
  const int64_t first = today + d.first_day * kDay + 9 * kHour;  // 09:00 Beijing time
  in.enrol_opens_at = first - 14 * kDay;
  in.enrol_closes_at = first - 3 * kDay;
  in.beacon_source = d.mode == Mode::kFairDraw ? "报名截止后第一个 drand quicknet 轮次" : "";
  in.required_sessions = d.sessions > 2 ? d.sessions - 1 : d.sessions;
  for (int i = 0; i < d.sessions; ++i) {
    training::Session s;
    s.starts_at = first + i * kDay;
    s.ends_at = s.starts_at + 3 * kHour;
    s.place = d.place;
    s.located = true;
    s.lat_e6 = 30'274'000 + i * 1000;
    s.lng_e6 = 120'155'000;
    in.sessions.push_back(s);
  }
  return in;
}

// Marks every seat present at each ended session, but for a few no-shows (never the first
// member's, so that the demo member is not barred from fair draws).
Status mark_ended(store::Tx& tx, const Principal& platform, const training::Course& c,
                  int64_t now) {
  GH_ASSIGN(auto seated,
            training::enrolments(tx, platform, c.id, training::EnrolmentState::kEnrolled, now));
  for (const training::Session& s : c.input.sessions) {
    if (s.ends_at > now) continue;
    for (size_t k = 0; k < seated.size(); ++k) {
      if (k > 0 && (k + static_cast<size_t>(s.seq)) % 7 == 3) continue;  // missed it
      GH_TRY(training::mark(tx, platform, s.id, seated[k].member_id,
                            training::AttendanceStatus::kPresent, s.starts_at + 5 * kMinute));
    }
  }
  return Status::Ok();
}

Status create_course(store::Db& db, const Principal& platform, const DemoCourse& d, int64_t today,
                     int64_t now) {
  return db.write([&](store::Tx& tx) -> Status {
    int64_t org_id = 0;
    if (d.district) {
      GH_ASSIGN(store::Rows rows,
                tx.query("SELECT id FROM orgs WHERE name = ?", {std::string(d.district)}));
      if (rows.empty()) return Error::internal("no demo district " + std::string(d.district));
      org_id = rows[0].integer(0);
    } else {
      GH_ASSIGN(org::Org root, org::root(tx));
      org_id = root.id;
    }
    const CourseInput in = input_of(d, org_id, today);
    GH_ASSIGN(training::Course c, training::create(tx, platform, in));
    GH_TRY(training::publish(tx, platform, c.id, in.enrol_opens_at));
    // Members ask for places while enrolment is open (a finished course's long ago). The
    // demo member (the first) takes a place only in the finished course, so that enrolling
    // can be tried in the others.
    const int64_t asked = std::min(now, in.enrol_closes_at - kHour);
    const int64_t wanted = d.mode == Mode::kFairDraw ? d.seats * 3 : d.seats + 3;
    GH_ASSIGN(std::vector<int64_t> members, members_of(tx, org_id, wanted + 1));
    for (size_t i = 0; i < members.size(); ++i) {
      if (i == 0 && d.first_day > 0) continue;
      auto place = training::enrol(tx, members[i], c.id, asked - static_cast<int64_t>(i) * kMinute);
      if (!place.ok() && place.error().code != "barred") {  // a no-show of the finished course
        return std::move(place).error();
      }
    }
    if (d.mode == Mode::kFairDraw && now >= in.enrol_closes_at) {
      GH_TRY(training::draw(tx, platform, c.id, "drand quicknet 演示轮次",
                            in.enrol_closes_at + kHour));
    }
    GH_ASSIGN(training::Course published, training::get(tx, platform, c.id));
    return mark_ended(tx, platform, published, now);
  });
}

}  // namespace

Status create_demo_training(store::Db& db, const Principal& platform) {
  const int64_t now = Timestamp::now().ms;
  const int64_t today = local_day_start(local_day(now));
  for (const DemoCourse& d : kCourses) {
    GH_TRY(create_course(db, platform, d, today, now));
  }
  return Status::Ok();
}

}  // namespace gonghui::app
