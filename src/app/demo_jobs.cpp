// Demo 就业服务: four invented employers of the demo city (three vetted, one waiting), jobs of
// every kind with their pay, one waiting for review, one draft and one expired, applications
// by the demo member and by a job seeker who is not a member, a saved search, and two
// applications to join the union (one waiting, one approved).
#include <filesystem>

#include "app/demo_parts.hpp"
#include "core/time.hpp"
#include "domain/auth/auth.hpp"
#include "domain/jobs/jobs.hpp"
#include "domain/joining/joining.hpp"
#include "domain/merchant/photo.hpp"

namespace gonghui::app {
namespace {

using jobs::JobKind;
using jobs::PayUnit;

// A 1×1 PNG: the demo's licence photos.
const std::string kLicencePng = std::string(
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde\0\0\0\x0cIDAT\x08"
    "\xd7\x63\xf8\xcf\xc0\0\0\x03\x01\x01\0\x18\xdd\x8d\xb0\0\0\0\0IEND\xae\x42\x60\x82",
    69);

struct DemoEmployer {
  const char* name;
  const char* credit_code;  // with its GB 32100-2015 check character
  const char* district;
  const char* address;
  merchant::Location at;
  bool approve;
};

constexpr DemoEmployer kEmployers[] = {
    {"江北汇通物流有限公司",
     "91320100MA1XYW12QX",
     "江北区总工会",
     "江北区港城路88号",
     {30291000, 120168000},
     true},
    {"示范市城南建设劳务有限公司",
     "91110000100000000R",
     "城南区总工会",
     "城南区建设大道16号",
     {30232000, 120141000},
     true},
    {"高新区鲜果农业专业合作社",
     "92320102MA2ABCDE4Q",
     "高新区总工会",
     "高新区果园路3号",
     {30305000, 120102000},
     true},
    {"示范市安心家政服务中心",
     "91320105MA1N2K3L4A",
     "江北区总工会",
     "江北区幸福里5号",
     {30281000, 120160000},
     false},
};

struct DemoJob {
  int employer;
  const char* title;
  JobKind kind;
  PayUnit unit;
  int64_t min_yuan;
  int64_t max_yuan;
  int64_t headcount;
  const char* requirements;
  const char* benefits;
  // published (with days of validity left; negative: expired), submitted, or draft
  enum class State { kPublished, kSubmitted, kDraft } state;
  int64_t days_left;
};

constexpr DemoJob kJobs[] = {
    {0, "仓库分拣员", JobKind::kFullTime, PayUnit::kMonth, 4500, 6000, 10,
     "身体健康，能适应两班倒；有仓储经验优先。", "五险一金，包住宿，工作餐补贴。",
     DemoJob::State::kPublished, 25},
    {0, "夜班快递装卸工", JobKind::kPartTime, PayUnit::kDay, 180, 220, 6,
     "能上夜班（22:00-次日4:00），吃苦耐劳。", "日结工资，夜宵补贴。", DemoJob::State::kPublished,
     20},
    {0, "叉车司机", JobKind::kFullTime, PayUnit::kMonth, 6000, 7500, 2, "持叉车操作证。",
     "五险一金，年终奖。", DemoJob::State::kSubmitted, 0},
    {1, "建筑木工", JobKind::kFullTime, PayUnit::kMonth, 7000, 9000, 8,
     "三年以上木工经验，能看懂图纸。", "包吃住，按月足额发放工资，工会监督欠薪。",
     DemoJob::State::kPublished, 28},
    {1, "钢筋工（零工）", JobKind::kGig, PayUnit::kDay, 300, 380, 15, "有钢筋绑扎经验。",
     "当天结算，提供安全帽和劳保用品。", DemoJob::State::kPublished, 10},
    {1, "工地保洁", JobKind::kPartTime, PayUnit::kDay, 120, 150, 3, "年龄60岁以下。",
     "工作时间灵活。", DemoJob::State::kPublished, -3},
    {2, "草莓采摘季节工", JobKind::kSeasonal, PayUnit::kDay, 150, 180, 30,
     "手脚麻利，能连续工作两个月（12月至次年2月）。", "包午餐，往返班车。",
     DemoJob::State::kPublished, 30},
    {2, "大棚种植技术员", JobKind::kFullTime, PayUnit::kMonth, 5000, 6500, 2,
     "熟悉设施农业，有农技证书优先。", "五险，住房补贴。", DemoJob::State::kDraft, 0},
};

Result<int64_t> org_named(store::Tx& tx, const char* name) {
  GH_ASSIGN(store::Rows rows, tx.query("SELECT id FROM orgs WHERE name = ?", {std::string(name)}));
  if (rows.empty()) return Error::internal("no demo union " + std::string(name));
  return rows[0].integer(0);
}

jobs::JobInput job_input(const DemoJob& d, const DemoEmployer& e, int index) {
  jobs::JobInput in;
  in.title = d.title;
  in.kind = d.kind;
  in.pay_unit = d.unit;
  in.pay_min_fen = d.min_yuan * 100;
  in.pay_max_fen = d.max_yuan * 100;
  in.headcount = d.headcount;
  in.address = e.address;
  in.location = {e.at.lat_e6 + index * 700, e.at.lng_e6 - index * 500};
  in.requirements = d.requirements;
  in.benefits = d.benefits;
  in.contact_name = "人事部";
  in.contact_phone = "0571-8712" + std::to_string(3400 + index);
  return in;
}

Principal staff_of(int64_t account_id, int64_t employer_id) {
  Principal p;
  p.account_id = account_id;
  p.name = "汇通人事专员";
  p.roles.push_back({Role::kEmployerStaff, 0, 0, 0, employer_id});
  return p;
}

}  // namespace

Status create_demo_jobs(store::Db& db, const Principal& platform) {
  const std::filesystem::path cache = std::filesystem::temp_directory_path() / "gonghui-demo";
  GH_ASSIGN(merchant::Photo licence, merchant::save_photo(db, cache.string(), kLicencePng, 0));
  return db.write([&](store::Tx& tx) -> Status {
    const int64_t now = Timestamp::now().ms;
    const int64_t day = 86'400'000;
    std::vector<int64_t> employer_ids;
    std::vector<Principal> staff;
    for (const DemoEmployer& d : kEmployers) {
      jobs::EmployerInput in;
      GH_ASSIGN(in.org_id, org_named(tx, d.district));
      in.name = d.name;
      in.credit_code = d.credit_code;
      in.contact_name = "人事负责人";
      in.phone = "1330000000" + std::to_string(employer_ids.size() + 1);
      in.address = d.address;
      in.location = d.at;
      in.licence_photo_id = licence.id;
      in.description = "经工会审核认证的用工单位。";
      GH_ASSIGN(jobs::Employer e, jobs::apply(tx, in, now - 40 * day));
      if (d.approve) {
        GH_TRY(jobs::approve_employer(tx, platform, e.id, now - 35 * day));
      }
      // Each vetted employer's staff hold the role outright (a real one accepts a link).
      GH_ASSIGN(auth::Account account, auth::create_account(tx, in.phone, "人事专员", "", false));
      if (d.approve) {
        GH_TRY(auth::grant_role(tx, account.id, {Role::kEmployerStaff, 0, 0, 0, e.id}));
      }
      employer_ids.push_back(e.id);
      staff.push_back(staff_of(account.id, e.id));
    }
    std::vector<int64_t> job_ids;
    int index = 0;
    for (const DemoJob& d : kJobs) {
      const Principal& by = staff[static_cast<size_t>(d.employer)];
      GH_ASSIGN(jobs::Job job, jobs::create_job(tx, by, job_input(d, kEmployers[d.employer], index),
                                                now - 20 * day));
      if (d.state != DemoJob::State::kDraft) {
        GH_TRY(jobs::step(tx, by, job.id, jobs::Step::kSubmit, {}, now - 19 * day));
      }
      if (d.state == DemoJob::State::kPublished) {
        // Published so that the days left come out as wanted; announced already, so that the
        // alerts of the demo tell only of jobs published from now on.
        const int64_t published = now + (d.days_left - 30) * day;
        GH_TRY(jobs::step(tx, platform, job.id, jobs::Step::kApprove, {}, published));
        GH_TRY(tx.exec("UPDATE jobs SET announced = 1 WHERE id = ?", {job.id}));
      }
      job_ids.push_back(job.id);
      ++index;
    }
    // The demo member (13900000001) applied to the sorting job and was invited to an interview.
    GH_ASSIGN(store::Rows member, tx.query("SELECT id, account_id, org_id FROM members WHERE "
                                           "phone = '13900000001'"));
    if (member.empty()) return Error::internal("no demo member");
    Principal chen;
    chen.account_id = member[0].integer(1);
    chen.name = "陈晓梅";
    chen.roles.push_back({Role::kMember, member[0].integer(2), 0, member[0].integer(0)});
    GH_TRY(jobs::save_profile(tx, chen,
                              {"仓储管理、收银", "超市理货员3年", {JobKind::kFullTime}, "江北区"},
                              now - 10 * day));
    GH_ASSIGN(jobs::Application a,
              jobs::apply_to_job(tx, chen, job_ids[0], "可以接受两班倒。", now - 9 * day));
    GH_TRY(jobs::move_application(tx, staff[0], a.id, jobs::ApplicationStatus::kViewed, "",
                                  now - 8 * day));
    GH_TRY(jobs::move_application(tx, staff[0], a.id, jobs::ApplicationStatus::kInterview,
                                  "请于周三上午9点到港城路88号面试。", now - 7 * day));
    // A job seeker who is not a member, registered by phone code, applied to the rebar gig.
    GH_TRY(jobs::register_seeker(tx, "13500000001", "李建国",
                                 {"钢筋绑扎、木工", "工地干过8年", {JobKind::kGig}, "城南区"},
                                 now - 5 * day));
    GH_ASSIGN(auth::Account seeker, auth::find_account_by_phone(tx, "13500000001"));
    Principal li;
    li.account_id = seeker.id;
    li.name = seeker.name;
    GH_TRY(jobs::apply_to_job(tx, li, job_ids[4], "", now - 4 * day));
    // The demo member's saved search: new jobs in 江北区's warehouses.
    jobs::Alert alert;
    alert.q = "分拣";
    GH_TRY(jobs::create_alert(tx, member[0].integer(0), alert, now - 6 * day));
    // 入会申请: 李建国 waits for 城南供电公司工会; 王秀英, a seeker too, was approved.
    GH_ASSIGN(int64_t power_union, org_named(tx, "城南供电公司工会"));
    GH_TRY(joining::apply(tx, li, {power_union, "李建国", "320102199003071239", "城南建设劳务"},
                          now - 3 * day));
    GH_TRY(jobs::register_seeker(tx, "13500000002", "王秀英", {"家政、保洁", "", {}, "江北区"},
                                 now - 12 * day));
    GH_ASSIGN(auth::Account wang, auth::find_account_by_phone(tx, "13500000002"));
    Principal applicant;
    applicant.account_id = wang.id;
    GH_ASSIGN(int64_t bus_union, org_named(tx, "江北公交公司工会"));
    GH_ASSIGN(
        joining::Application joined,
        joining::apply(tx, applicant, {bus_union, "王秀英", "440304198511113016", "江北公交公司"},
                       now - 11 * day));
    GH_TRY(joining::approve(tx, platform, joined.id, now - 9 * day));
    return Status::Ok();
  });
}

}  // namespace gonghui::app
