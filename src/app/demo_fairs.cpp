// Demo 招聘会 and 创业指导: an upcoming fair of 江北区总工会 with the vetted demo employers, and
// two invented mentors, one of them an expert who signs in as 13300000011 with consultation
// slots over the coming days.
#include "app/demo_parts.hpp"
#include "core/time.hpp"
#include "domain/auth/auth.hpp"
#include "domain/fair/fair.hpp"

namespace gonghui::app {

Status create_demo_fairs(store::Db& db, const Principal& platform) {
  return db.write([&](store::Tx& tx) -> Status {
    const int64_t now = Timestamp::now().ms;
    const int64_t hour = 3'600'000;
    const int64_t today = local_day(now);
    GH_ASSIGN(store::Rows jiangbei,
              tx.query("SELECT id FROM orgs WHERE name = '江北区总工会'", {}));
    if (jiangbei.empty()) return Error::internal("no demo district");
    fair::FairInput in;
    in.org_id = jiangbei[0].integer(0);
    in.title = "江北区2027年春风行动专场招聘会";
    in.description = "物流、建筑、农业等用工单位现场招聘，工会会员凭入场券二维码签到入场。";
    in.place = "江北区职工服务中心一楼大厅";
    in.location = {30286000, 120163000};
    in.starts_at = local_day_start(today + 10) + 9 * hour;
    in.ends_at = local_day_start(today + 10) + 16 * hour;
    in.capacity = 300;
    GH_ASSIGN(store::Rows employers,
              tx.query("SELECT id FROM employers WHERE status = 'approved' ORDER BY id", {}));
    for (const store::Row& row : employers) {
      in.employer_ids.push_back(row.integer(0));
    }
    GH_TRY(fair::create(tx, platform, in, now));

    GH_TRY(auth::create_account(tx, "13300000011", "周立新", "", false));
    fair::MentorInput expert;
    expert.org_id = in.org_id;
    expert.name = "周立新";
    expert.phone = "13300000011";
    expert.kind = fair::MentorKind::kExpert;
    expert.title = "市创业导师、高级经济师";
    expert.intro = "从事小微企业创业辅导十余年，擅长商业计划、创业担保贷款申请与门店选址。";
    GH_ASSIGN(fair::Mentor mentor, fair::create_mentor(tx, platform, expert, now));
    std::vector<fair::SlotTime> slots;
    for (int64_t day : {2, 3, 5}) {
      const int64_t start = local_day_start(today + day) + 14 * hour;
      slots.push_back({start, start + hour});
    }
    GH_TRY(
        fair::add_slots(tx, platform, mentor.id, "江北区职工服务中心三楼创业指导室", slots, now));
    GH_ASSIGN(
        store::Rows worker,
        tx.query(
            "SELECT id, name FROM model_workers WHERE status = 'published' ORDER BY id LIMIT 1",
            {}));
    if (!worker.empty()) {
      fair::MentorInput model;
      model.org_id = in.org_id;
      model.name = worker[0].text(1);
      model.phone = "13300000012";
      model.kind = fair::MentorKind::kModelWorker;
      model.title = "劳动模范、创业带头人";
      model.intro = "分享从一线岗位到自主创业的经验。";
      model.model_worker_id = worker[0].integer(0);
      GH_TRY(fair::create_mentor(tx, platform, model, now));
    }
    return Status::Ok();
  });
}

}  // namespace gonghui::app
