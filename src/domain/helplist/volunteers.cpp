// Volunteer tasks for needs: members of the pairing union's subtree sign up, admins record hours.
#include <algorithm>

#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/helplist/internal.hpp"
#include "domain/message/message.hpp"
#include "domain/org/org.hpp"

namespace gonghui::helplist {
namespace {

namespace bj = boost::json;

struct MemberPlace {
  int64_t id = 0;
  std::vector<int64_t> path_ids;  // the member's union and every union above it
};

Result<MemberPlace> member_place(store::Tx& tx, const Principal& member) {
  const RoleGrant* grant = member.grant(Role::kMember);
  if (grant == nullptr) return Error::forbidden("members only");
  GH_ASSIGN(store::Rows rows, tx.query("SELECT o.path FROM members m JOIN orgs o ON o.id = "
                                       "m.org_id WHERE m.id = ? AND m.status = 'active'",
                                       {grant->member_id}));
  if (rows.empty()) return Error::forbidden("not an active member");
  return MemberPlace{grant->member_id, org::ids_on_path(rows[0].text(0))};
}

// The task, if the member may join it (NotFound otherwise: a task of another subtree is hidden).
Result<Task> task_for_member(store::Tx& tx, const MemberPlace& m, int64_t task_id) {
  GH_ASSIGN(std::vector<Task> found, internal::tasks_where(tx, "WHERE t.id = ?", {task_id}));
  if (found.empty() ||
      std::find(m.path_ids.begin(), m.path_ids.end(), found[0].org_id) == m.path_ids.end()) {
    return Error::not_found("task");
  }
  GH_ASSIGN(store::Rows mine, tx.query("SELECT 1 FROM helplist_volunteers WHERE task_id = ? AND "
                                       "member_id = ?",
                                       {task_id, m.id}));
  found[0].signed_up = !mine.empty();
  return std::move(found[0]);
}

Result<Task> task_for_admin(store::Tx& tx, const Principal& admin, int64_t task_id) {
  GH_ASSIGN(std::vector<Task> found, internal::tasks_where(tx, "WHERE t.id = ?", {task_id}));
  if (found.empty()) return Error::not_found("task");
  GH_TRY(org::require_in_scope(tx, admin, found[0].org_id));
  return std::move(found[0]);
}

}  // namespace

Result<Task> add_task(store::Tx& tx, const Principal& admin, int64_t need_id, const TaskInput& in,
                      int64_t now) {
  GH_ASSIGN(internal::NeedOf of, internal::need_for_admin(tx, admin, need_id));
  GH_ASSIGN(std::string title, json::checked_text(in.title, "title", 60));
  GH_ASSIGN(std::string place, json::checked_text(in.place, "place", 120, false));
  if (in.starts_at <= now) return Error::invalid("starts_at", "in_past", "starts_at is past");
  if (in.slots < 1 || in.slots > 500) return Error::invalid("slots", "invalid_field", "1 to 500");
  if (of.need.status != NeedStatus::kOpen && of.need.status != NeedStatus::kInProgress) {
    return Error::conflict("wrong_status", "the need is no longer open or in progress");
  }
  const int64_t id = new_id();
  GH_TRY(
      tx.exec("INSERT INTO helplist_tasks (id, need_id, title, place, starts_at, slots, taken, "
              "created_by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
              {id, need_id, title, place, in.starts_at, in.slots, admin.name, now}));
  GH_TRY(audit::record(
      tx, admin, "need.volunteer_task", "need", id_string(need_id), of.pairing.org_id, nullptr,
      bj::object{{"task_id", id_string(id)}, {"title", title}, {"slots", in.slots}}));
  GH_ASSIGN(std::vector<Task> made, internal::tasks_where(tx, "WHERE t.id = ?", {id}));
  return std::move(made.front());
}

Result<std::vector<Task>> tasks_for_member(store::Tx& tx, const Principal& member, int64_t now) {
  GH_ASSIGN(MemberPlace m, member_place(tx, member));
  std::string in_list;
  store::Params params{now};
  for (int64_t org : m.path_ids) {
    in_list += in_list.empty() ? "?" : ", ?";
    params.emplace_back(org);
  }
  GH_ASSIGN(std::vector<Task> found,
            internal::tasks_where(tx,
                                  "WHERE t.starts_at > ? AND p.org_id IN (" + in_list +
                                      ") ORDER BY t.starts_at, t.id LIMIT 200",
                                  params));
  for (Task& t : found) {
    GH_ASSIGN(store::Rows mine, tx.query("SELECT 1 FROM helplist_volunteers WHERE task_id = ? "
                                         "AND member_id = ?",
                                         {t.id, m.id}));
    t.signed_up = !mine.empty();
  }
  return found;
}

Result<MyVolunteering> my_volunteering(store::Tx& tx, const Principal& member) {
  GH_ASSIGN(MemberPlace m, member_place(tx, member));
  GH_ASSIGN(store::Rows rows, tx.query("SELECT task_id, signed_up_at, minutes FROM "
                                       "helplist_volunteers WHERE member_id = ?",
                                       {m.id}));
  MyVolunteering out;
  for (const store::Row& row : rows) {
    GH_ASSIGN(std::vector<Task> found,
              internal::tasks_where(tx, "WHERE t.id = ?", {row.integer(0)}));
    if (found.empty()) continue;
    found[0].signed_up = true;
    out.total_minutes += row.integer(2);
    out.items.push_back({std::move(found[0]), row.integer(1), row.integer(2)});
  }
  // Newest first: the coming tasks, then what was done.
  std::sort(out.items.begin(), out.items.end(), [](const MySignUp& a, const MySignUp& b) {
    return a.task.starts_at != b.task.starts_at ? a.task.starts_at > b.task.starts_at
                                                : a.task.id > b.task.id;
  });
  return out;
}

Result<Task> sign_up(store::Tx& tx, const Principal& member, int64_t task_id, int64_t now) {
  GH_ASSIGN(MemberPlace m, member_place(tx, member));
  GH_ASSIGN(Task t, task_for_member(tx, m, task_id));
  if (t.signed_up) return Error::conflict("already_signed_up", "you have signed up already");
  if (!t.open(now)) {
    return Error::conflict(t.taken >= t.slots && now < t.starts_at ? "task_full" : "task_closed",
                           "the task takes no more volunteers");
  }
  // The place is taken on the task's row: of two members racing for the last place, the second
  // UPDATE waits for the first and then changes nothing.
  GH_ASSIGN(int64_t taken, tx.exec("UPDATE helplist_tasks SET taken = taken + 1 WHERE id = ? AND "
                                   "taken < slots",
                                   {task_id}));
  if (taken == 0) return Error::conflict("task_full", "the task is full");
  GH_TRY(
      tx.exec("INSERT INTO helplist_volunteers (task_id, member_id, signed_up_at, minutes) "
              "VALUES (?, ?, ?, 0)",
              {task_id, m.id, now}));
  GH_TRY(message::post(tx, m.id, "volunteer", "志愿服务报名成功",
                       "您已报名" + t.village + "“" + t.title + "”志愿服务，时间" +
                           format_local_minute(t.starts_at) +
                           (t.place.empty() ? "" : "，地点" + t.place) + "。",
                       "/me/volunteer", "volunteer:" + id_string(task_id)));
  return task_for_member(tx, m, task_id);
}

Result<Task> withdraw(store::Tx& tx, const Principal& member, int64_t task_id, int64_t now) {
  GH_ASSIGN(MemberPlace m, member_place(tx, member));
  GH_ASSIGN(Task t, task_for_member(tx, m, task_id));
  if (!t.signed_up) return Error::conflict("not_signed_up", "you have not signed up");
  if (now >= t.starts_at) return Error::conflict("task_started", "the task has started");
  GH_TRY(tx.exec("DELETE FROM helplist_volunteers WHERE task_id = ? AND member_id = ?",
                 {task_id, m.id}));
  GH_TRY(tx.exec("UPDATE helplist_tasks SET taken = taken - 1 WHERE id = ?", {task_id}));
  return task_for_member(tx, m, task_id);
}

Result<std::vector<Volunteer>> volunteers(store::Tx& tx, const Principal& admin, int64_t task_id) {
  GH_TRY(task_for_admin(tx, admin, task_id));
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT v.member_id, m.name, m.phone, o.name, v.signed_up_at, v.minutes FROM "
                     "helplist_volunteers v JOIN members m ON m.id = v.member_id JOIN orgs o ON "
                     "o.id = m.org_id WHERE v.task_id = ? ORDER BY v.signed_up_at, v.member_id",
                     {task_id}));
  std::vector<Volunteer> out;
  for (const store::Row& row : rows) {
    out.push_back(
        {row.integer(0), row.text(1), row.text(2), row.text(3), row.integer(4), row.integer(5)});
  }
  return out;
}

Result<Volunteer> record_minutes(store::Tx& tx, const Principal& admin, int64_t task_id,
                                 int64_t member_id, int64_t minutes, int64_t now) {
  GH_ASSIGN(Task t, task_for_admin(tx, admin, task_id));
  if (minutes < 0 || minutes > 1440) {
    return Error::invalid("minutes", "invalid_field", "0 to 1440 minutes");
  }
  if (now < t.starts_at) return Error::conflict("task_not_started", "the task has not started");
  GH_ASSIGN(int64_t changed, tx.exec("UPDATE helplist_volunteers SET minutes = ? WHERE task_id = ? "
                                     "AND member_id = ?",
                                     {minutes, task_id, member_id}));
  if (changed == 0) return Error::not_found("volunteer");
  GH_TRY(audit::record(tx, admin, "need.volunteer_hours", "need", id_string(t.need_id), t.org_id,
                       nullptr,
                       bj::object{{"task_id", id_string(task_id)},
                                  {"member_id", id_string(member_id)},
                                  {"minutes", minutes}}));
  GH_ASSIGN(std::vector<Volunteer> all, volunteers(tx, admin, task_id));
  for (Volunteer& v : all) {
    if (v.member_id == member_id) return std::move(v);
  }
  return Error::not_found("volunteer");
}

}  // namespace gonghui::helplist
