// Demo 求学圆梦: this year's round with two windows (the first closed, the second open now), a
// base union admin at the demo member's hospital union, and applications of invented members
// at every step of the chain.
#include <cstdio>

#include "app/demo_parts.hpp"
#include "core/time.hpp"
#include "domain/auth/auth.hpp"
#include "domain/document/document.hpp"
#include "domain/subsidy/subsidy.hpp"

namespace gonghui::app {
namespace {

using subsidy::State;

// A one-page PDF saying what it stands for, with correct cross-reference offsets, so that a
// reviewer opening it sees a page.
std::string demo_report(const std::string& card_no) {
  const std::string text = "Demo enrolment report (xuexin.com.cn) - member " + card_no;
  const std::string stream = "BT /F1 14 Tf 60 760 Td (" + text + ") Tj ET";
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t offset : offsets) {
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// The demo member numbered i (13900000000 + i), as the server would make their principal.
Result<Principal> member_principal(store::Tx& tx, int i, std::string& card_no) {
  char phone[16];
  std::snprintf(phone, sizeof phone, "139%08d", i);
  GH_ASSIGN(store::Rows rows, tx.query("SELECT id, account_id, org_id, name, card_no FROM members "
                                       "WHERE phone = ?",
                                       {std::string(phone)}));
  if (rows.empty()) return Error::internal("no demo member " + std::string(phone));
  Principal p;
  p.account_id = rows[0].integer(1);
  p.name = rows[0].text(3);
  p.roles.push_back({Role::kMember, rows[0].integer(2), 0, rows[0].integer(0)});
  card_no = rows[0].text(4);
  return p;
}

struct DemoApplication {
  int member;  // demo member number
  subsidy::Degree level;
  const char* school;
  const char* major;
  State reached;
};

}  // namespace

Status create_demo_subsidies(store::Db& db, const Principal& platform, const std::string& hash) {
  const int64_t now = Timestamp::now().ms, day = kDayMs;
  return db.write([&](store::Tx& tx) -> Status {
    // The admin of the demo member's base union, who reviews the chain's first step.
    GH_ASSIGN(store::Rows hospital,
              tx.query("SELECT id FROM orgs WHERE name = '市第一人民医院工会'"));
    GH_ASSIGN(store::Rows districts, tx.query("SELECT id, name FROM orgs WHERE kind = 'district' "
                                              "ORDER BY name"));
    if (hospital.empty() || districts.empty()) return Error::internal("no demo unions");
    GH_ASSIGN(auth::Account base_account,
              auth::create_account(tx, "13800000011", "医院工会管理员", hash, true));
    const int64_t hospital_id = hospital[0].integer(0);
    GH_TRY(auth::grant_role(tx, base_account.id, {Role::kOrgAdmin, hospital_id, 0, 0}));
    Principal base;
    base.account_id = base_account.id;
    base.name = base_account.name;
    base.roles.push_back({Role::kOrgAdmin, hospital_id, 0, 0});
    GH_ASSIGN(store::Rows jiangbei,
              tx.query("SELECT a.id, a.name, r.org_id FROM accounts a JOIN account_roles r "
                       "ON r.account_id = a.id WHERE a.phone = '13800000001'"));
    if (jiangbei.empty()) return Error::internal("no demo district admin");
    Principal district;
    district.account_id = jiangbei[0].integer(0);
    district.name = jiangbei[0].text(1);
    district.roles.push_back({Role::kOrgAdmin, jiangbei[0].integer(2), 0, 0});

    subsidy::RoundInput in;
    in.year = local_year_month(now).year;
    in.title = std::to_string(*in.year) + "年“求学圆梦”行动";
    in.description =
        "资助一线职工提升学历：取得大专、本科或研究生学历教育录取资格的一线职工会员，"
        "每人每个学历层次资助一次。请上传学信网《教育部学籍在线验证报告》。";
    in.windows = std::vector<subsidy::Window>{{now - 120 * day, now - 60 * day},
                                              {now - 10 * day, now + 50 * day}};
    in.levels = std::vector<subsidy::LevelAmount>{{subsidy::Degree::kJuniorCollege, 100000},
                                                  {subsidy::Degree::kBachelor, 100000},
                                                  {subsidy::Degree::kPostgraduate, 200000}};
    in.quotas.emplace();
    for (const store::Row& d : districts) {
      in.quotas->push_back({d.integer(0), "", d.text(1) == "江北区总工会" ? 20 : 15, 0});
    }
    in.frontline_only = true;
    in.min_membership_months = 12;
    GH_ASSIGN(subsidy::Round round, subsidy::create_round(tx, platform, in));
    GH_ASSIGN(round, subsidy::open_round(tx, platform, round.id));

    // Members of 市第一人民医院工会 (every twelfth demo member from the first) at each step.
    const DemoApplication applications[] = {
        {13, subsidy::Degree::kJuniorCollege, "江北职业技术学院", "护理", State::kSubmitted},
        {25, subsidy::Degree::kBachelor, "示范医科大学", "临床医学", State::kSubmitted},
        {37, subsidy::Degree::kBachelor, "示范开放大学", "药学", State::kBaseApproved},
        {49, subsidy::Degree::kPostgraduate, "示范医科大学", "护理学", State::kDistrictApproved},
        {61, subsidy::Degree::kJuniorCollege, "江北职业技术学院", "医学检验技术", State::kApproved},
        {73, subsidy::Degree::kBachelor, "示范开放大学", "公共事业管理", State::kPaid},
        {85, subsidy::Degree::kBachelor, "示范理工大学", "医学影像技术", State::kReturned},
    };
    const char* banks[] = {"中国工商银行", "中国建设银行", "中国农业银行", "中国银行"};
    for (const DemoApplication& d : applications) {
      std::string card_no;
      GH_ASSIGN(Principal member, member_principal(tx, d.member, card_no));
      GH_ASSIGN(document::Document report,
                document::save(tx, demo_report(card_no), member.account_id));
      char account[24];
      std::snprintf(account, sizeof account, "6222%015d", 20260000 + d.member);
      subsidy::ApplicationInput input{round.id,  d.level,
                                      d.school,  d.major,
                                      report.id, {banks[d.member % 4], account, member.name}};
      GH_ASSIGN(subsidy::Application a, subsidy::apply(tx, member, input, now));
      if (d.reached == State::kReturned) {
        GH_TRY(subsidy::return_application(tx, base, a.id, "学信网验证报告已过期，请重新下载后上传",
                                           now));
        continue;
      }
      const Principal* chain[] = {&base, &district, &platform};
      const int steps = d.reached == State::kSubmitted          ? 0
                        : d.reached == State::kBaseApproved     ? 1
                        : d.reached == State::kDistrictApproved ? 2
                                                                : 3;
      for (int s = 0; s < steps; ++s) GH_TRY(subsidy::approve(tx, *chain[s], a.id, "", now));
      if (d.reached == State::kPaid) {
        const subsidy::PayoutInput paid{local_day_start(local_day(now) - 3), 100000,
                                        "DEMO-TRX-0001"};
        GH_TRY(subsidy::record_payout(tx, platform, a.id, paid, now));
      }
    }
    return Status::Ok();
  });
}

}  // namespace gonghui::app
