// Saved searches (职位提醒): a member's alerts, and the sweep that tells each alert once about
// every newly published job that matches it.
#include "core/id.hpp"
#include "core/json.hpp"
#include "domain/jobs/internal.hpp"
#include "domain/message/message.hpp"
#include "text/matcher.hpp"

namespace gonghui::jobs {
namespace {

constexpr int64_t kMaxWithinM = 500'000;

constexpr std::string_view kSelectAlert =
    "SELECT id, member_id, q, kind, pay_unit, min_pay_fen, located, lat_e6, lng_e6, within_m, "
    "created_at FROM job_alerts";

Alert alert_from(const store::Row& row) {
  Alert a;
  a.id = row.integer(0);
  a.member_id = row.integer(1);
  a.q = row.text(2);
  a.kind = parse_enum<JobKind>(row.text(3));
  a.pay_unit = parse_enum<PayUnit>(row.text(4));
  a.min_pay_fen = row.integer(5);
  if (row.integer(6) != 0) {
    a.near = merchant::Location{row.integer(7), row.integer(8)};
  }
  a.within_m = row.integer(9);
  a.created_at = row.integer(10);
  return a;
}

std::string pay_text(const Job& job) {
  const auto yuan = [](int64_t fen) { return std::to_string(fen / 100); };
  return yuan(job.input.pay_min_fen) + "–" + yuan(job.input.pay_max_fen) +
         (job.input.pay_unit == PayUnit::kMonth ? " 元/月" : " 元/天");
}

// Announces one job, if no runner has yet: returns the messages posted.
Result<int64_t> announce(store::Tx& tx, int64_t job_id, const std::vector<Alert>& all,
                         const text::PinyinTable& pinyin) {
  GH_ASSIGN(int64_t claimed,
            tx.exec("UPDATE jobs SET announced = 1 WHERE id = ? AND announced = 0", {job_id}));
  if (claimed != 1) {
    return int64_t{0};
  }
  GH_ASSIGN(Job job, internal::load_job(tx, job_id));
  int64_t posted = 0;
  for (const Alert& alert : all) {
    if (!matches(alert, job, pinyin)) {
      continue;
    }
    GH_ASSIGN(bool fresh, message::post(tx, alert.member_id, "job", "新职位：" + job.input.title,
                                        job.employer_name + " 招聘" + job.input.title + "，" +
                                            pay_text(job) + "，" + job.input.address + "。",
                                        "/jobs/" + std::to_string(job.id),
                                        "job_alert:" + std::to_string(alert.id) + ":" +
                                            std::to_string(job.id)));
    posted += fresh ? 1 : 0;
  }
  return posted;
}

}  // namespace

Result<std::vector<Alert>> alerts(store::Tx& tx, int64_t member_id) {
  GH_ASSIGN(
      store::Rows rows,
      tx.query(std::string(kSelectAlert) + " WHERE member_id = ? ORDER BY id DESC", {member_id}));
  std::vector<Alert> out;
  for (const store::Row& row : rows) {
    out.push_back(alert_from(row));
  }
  return out;
}

Result<Alert> create_alert(store::Tx& tx, int64_t member_id, const Alert& in, int64_t now) {
  GH_TRY(internal::check_text(in.q, "q", 50, false));
  if (in.within_m != 0 && (!in.near || in.within_m < 1000 || in.within_m > kMaxWithinM)) {
    return Error::invalid("within_km", "invalid_distance",
                          "within_km needs lat and lng and is 1 to 500");
  }
  if (in.near) {
    GH_TRY(internal::check_location(*in.near));
  }
  if (in.min_pay_fen < 0 || in.min_pay_fen > kMaxPayFen) {
    return Error::invalid("min_pay_fen", "invalid_amount", "min_pay_fen is 0 to 10000000");
  }
  if (in.q.empty() && !in.kind && in.min_pay_fen == 0 && in.within_m == 0) {
    return Error::invalid("q", "empty_alert", "an alert needs something to match on");
  }
  GH_ASSIGN(store::Rows count,
            tx.query("SELECT COUNT(*) FROM job_alerts WHERE member_id = ?", {member_id}));
  if (count[0].integer(0) >= static_cast<int64_t>(kMaxAlerts)) {
    return Error::conflict("too_many_alerts", "at most 10 alerts");
  }
  Alert a = in;
  a.id = new_id();
  a.member_id = member_id;
  a.created_at = now;
  GH_TRY(
      tx.exec("INSERT INTO job_alerts (id, member_id, q, kind, pay_unit, min_pay_fen, "
              "located, lat_e6, lng_e6, within_m, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
              "?, ?, ?, ?)",
              {a.id, member_id, a.q, a.kind ? std::string(enum_name(*a.kind)) : std::string(),
               a.pay_unit ? std::string(enum_name(*a.pay_unit)) : std::string(), a.min_pay_fen,
               int64_t{a.near ? 1 : 0}, a.near ? a.near->lat_e6 : 0, a.near ? a.near->lng_e6 : 0,
               a.within_m, now}));
  return a;
}

Status delete_alert(store::Tx& tx, int64_t member_id, int64_t id) {
  GH_ASSIGN(int64_t deleted,
            tx.exec("DELETE FROM job_alerts WHERE id = ? AND member_id = ?", {id, member_id}));
  return deleted == 1 ? Status::Ok() : Status(Error::not_found("alert"));
}

bool matches(const Alert& alert, const Job& job, const text::PinyinTable& pinyin) {
  if (alert.kind && *alert.kind != job.input.kind) {
    return false;
  }
  if (alert.min_pay_fen > 0) {
    const bool same_unit = !alert.pay_unit || *alert.pay_unit == job.input.pay_unit;
    if (!same_unit || job.input.pay_max_fen < alert.min_pay_fen) {
      return false;
    }
  } else if (alert.pay_unit && *alert.pay_unit != job.input.pay_unit) {
    return false;
  }
  if (alert.within_m > 0 && alert.near &&
      merchant::distance_m(*alert.near, job.input.location) > alert.within_m) {
    return false;
  }
  if (!alert.q.empty()) {
    const std::u32string query = text::search_key(alert.q, 50);
    text::PinyinMatcher matcher(pinyin, query);
    const std::u32string title = text::search_key(job.input.title, 200);
    const std::u32string employer = text::search_key(job.employer_name, 200);
    if (!matcher.match(title).contains.found() && !matcher.match(employer).contains.found()) {
      return false;
    }
  }
  return true;
}

Result<int64_t> send_alerts(store::Db& db, const text::PinyinTable& pinyin, int64_t now,
                            int64_t batch) {
  std::vector<int64_t> due;
  std::vector<Alert> all;
  GH_TRY(db.read([&](store::Tx& tx) -> Status {
    due.clear();
    all.clear();
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT id FROM jobs WHERE announced = 0 AND status = 'published' AND "
                       "expires_at > ? ORDER BY id LIMIT ?",
                       {now, batch}));
    for (const store::Row& row : rows) {
      due.push_back(row.integer(0));
    }
    if (due.empty()) {
      return Status::Ok();
    }
    GH_ASSIGN(store::Rows alert_rows, tx.query(std::string(kSelectAlert) + " ORDER BY id"));
    for (const store::Row& row : alert_rows) {
      all.push_back(alert_from(row));
    }
    return Status::Ok();
  }));
  int64_t posted = 0;
  for (int64_t job_id : due) {
    int64_t here = 0;
    GH_TRY(db.write([&](store::Tx& tx) -> Status {
      GH_ASSIGN(here, announce(tx, job_id, all, pinyin));
      return Status::Ok();
    }));
    posted += here;
  }
  return posted;
}

}  // namespace gonghui::jobs
