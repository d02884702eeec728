// Notices: an admin's message to every active member of a subtree, recorded with its
// recipients and then posted chunk by chunk (domain/chunked), each chunk one transaction.
#include <limits>

#include "core/id.hpp"
#include "core/json.hpp"
#include "domain/audit/audit.hpp"
#include "domain/chunked/chunked.hpp"
#include "domain/message/message.hpp"
#include "domain/org/org.hpp"
#include "store/columns.hpp"

namespace gonghui::message {
namespace {

using store::Rows;

constexpr std::string_view kNoticeColumns =
    "id, target_org_id, title, body, link, CASE WHEN status = 'done' THEN 1 ELSE 0 END, "
    "recipients, delivered, cursor_member_id, created_by, created_at, updated_at, finished_at, "
    "fingerprint";

// The fingerprint is the column after the fields.
using NoticeFields = store::Fields<&Notice::id, &Notice::org_id, &Notice::title, &Notice::body,
                                   &Notice::link, &Notice::done, &Notice::recipients,
                                   &Notice::delivered, &Notice::cursor, &Notice::created_by,
                                   &Notice::created_at, &Notice::updated_at, &Notice::finished_at>;
static_assert(NoticeFields::columns + 1 == store::column_count(kNoticeColumns));

Notice notice_from_row(const store::Row& row) { return NoticeFields::read(row); }

constexpr chunked::JobTable<Notice> kNotices{"notice", "message_notices", kNoticeColumns,
                                             NoticeFields::columns, notice_from_row};

std::string dedupe_key(int64_t notice_id) { return "notice:" + std::to_string(notice_id); }

Status validate(const NoticeInput& input) {
  auto text = [](std::string_view field, const std::string& value, size_t max) -> Status {
    if (value.empty()) {
      return Error::invalid(std::string(field), "required", std::string(field) + " is required");
    }
    if (json::count_code_points(value) > max) {
      return Error::invalid(std::string(field), "too_long",
                            std::string(field) + " is longer than " + std::to_string(max));
    }
    return Status::Ok();
  };
  GH_TRY(text("title", input.title, kMaxTitle));
  GH_TRY(text("body", input.body, kMaxBody));
  // A page of the member app, never another site.
  if (!input.link.empty() &&
      (input.link[0] != '/' || input.link.starts_with("//") || input.link.size() > kMaxLink)) {
    return Error::invalid("link", "invalid_link", "link must be a path of the member app");
  }
  return Status::Ok();
}

// The subtree the notice goes to, in the admin's scope (Forbidden outside it).
Result<org::Org> target_of(store::Tx& tx, const Principal& admin, const NoticeInput& input) {
  GH_TRY(validate(input));
  return chunked::named_union(
      input.org_id ? org::require_in_scope(tx, admin, input.org_id) : org::admin_scope(tx, admin),
      "org_id");
}

constexpr std::string_view kActiveMembers =
    " FROM members m JOIN orgs o ON o.id = m.org_id "
    "WHERE o.path >= ? AND o.path < ? AND m.status = 'active'";

Result<int64_t> read_count(store::Tx& tx, int64_t notice_id) {
  GH_ASSIGN(Rows rows,
            tx.query("SELECT COUNT(*) FROM messages WHERE dedupe_key = ? AND read_at > 0",
                     {dedupe_key(notice_id)}));
  return rows[0].integer(0);
}

boost::json::object snapshot(const Notice& n) {
  return {{"org_id", std::to_string(n.org_id)},
          {"title", n.title},
          {"body", n.body},
          {"link", n.link},
          {"recipients", n.recipients}};
}

}  // namespace

Result<int64_t> preview_notice(store::Tx& tx, const Principal& admin, const NoticeInput& input) {
  GH_ASSIGN(const org::Org target, target_of(tx, admin, input));
  const org::PathRange range = org::range_of(target.path);
  GH_ASSIGN(Rows rows,
            tx.query("SELECT COUNT(*)" + std::string(kActiveMembers), {range.lower, range.upper}));
  return rows[0].integer(0);
}

Result<Notice> start_notice(store::Tx& tx, const Principal& admin, const NoticeInput& input,
                            std::string_view idempotency_key) {
  GH_TRY(chunked::require_key(idempotency_key, "notice"));
  GH_ASSIGN(const org::Org target, target_of(tx, admin, input));
  const std::string fingerprint = chunked::fingerprint(
      std::to_string(target.id) + "|" + input.title + "|" + input.body + "|" + input.link, {});
  const std::string key(idempotency_key);
  GH_ASSIGN(std::optional<Notice> replayed,
            chunked::find_keyed(tx, kNotices, admin.account_id, key, fingerprint));
  if (replayed) {
    return std::move(*replayed);
  }
  Notice n;
  n.id = new_id();
  n.org_id = target.id;
  n.title = input.title;
  n.body = input.body;
  n.link = input.link;
  n.created_by = admin.account_id;
  n.created_at = n.updated_at = Timestamp::now().ms;
  GH_TRY(
      tx.exec("INSERT INTO message_notices (id, org_id, target_org_id, title, body, link, status, "
              "recipients, delivered, cursor_member_id, created_by, idempotency_key, fingerprint, "
              "created_at, updated_at, finished_at) "
              "VALUES (?, ?, ?, ?, ?, ?, 'running', 0, 0, 0, ?, ?, ?, ?, ?, 0)",
              {n.id, target.id, target.id, n.title, n.body, n.link, n.created_by, key, fingerprint,
               n.created_at, n.updated_at}));
  // The recipients are fixed now: every member active at this moment, in one statement.
  const org::PathRange range = org::range_of(target.path);
  GH_ASSIGN(n.recipients,
            tx.exec("INSERT INTO message_notice_members (notice_id, member_id) SELECT ?, m.id" +
                        std::string(kActiveMembers),
                    {n.id, range.lower, range.upper}));
  GH_ASSIGN(n.done, chunked::record_recipients(tx, kNotices.table, n.id, n.recipients, target.id,
                                               n.created_at));
  n.finished_at = n.done ? n.created_at : 0;
  GH_TRY(audit::record(tx, admin, "message.notice", "message_notice", std::to_string(n.id),
                       target.id, boost::json::value(nullptr), snapshot(n)));
  return n;
}

Result<Notice> notice_chunk(store::Db& db, int64_t notice_id, int64_t chunk) {
  return chunked::run_chunk(db, kNotices, notice_id, [&](store::Tx& tx, Notice& n) -> Status {
    GH_ASSIGN(Rows rows, tx.query("SELECT member_id FROM message_notice_members "
                                  "WHERE notice_id = ? AND member_id > ? "
                                  "ORDER BY member_id LIMIT ?",
                                  {notice_id, n.cursor, chunk}));
    const bool last = static_cast<int64_t>(rows.size()) < chunk;
    const int64_t now = Timestamp::now().ms;
    const int64_t cursor = rows.empty() ? n.cursor : rows.back().integer(0);
    // Claim the chunk first: a second worker on the same notice finds the cursor moved (on
    // PostgreSQL it waits here for the first to commit) and rolls back.
    GH_ASSIGN(
        int64_t claimed,
        tx.exec("UPDATE message_notices SET cursor_member_id = ?, "
                "delivered = delivered + ?, status = ?, updated_at = ?, finished_at = ? "
                "WHERE id = ? AND cursor_member_id = ? AND status = 'running'",
                {cursor, static_cast<int64_t>(rows.size()), std::string(last ? "done" : "running"),
                 now, last ? now : int64_t{0}, notice_id, n.cursor}));
    if (claimed != 1) {
      return chunked::busy(kNotices.noun);
    }
    std::vector<Draft> drafts;
    drafts.reserve(rows.size());
    for (const auto& row : rows) {
      drafts.push_back({row.integer(0), n.title, n.body, n.link});
    }
    GH_TRY(post_all(tx, "notice", drafts, dedupe_key(n.id)));
    n.cursor = cursor;
    n.delivered += static_cast<int64_t>(rows.size());
    n.updated_at = now;
    if (last) {
      n.done = true;
      n.finished_at = now;
    }
    return Status::Ok();
  });
}

Result<Notice> deliver_notice(store::Db& db, int64_t notice_id, int64_t deadline_ms,
                              int64_t chunk) {
  return chunked::run(db, kNotices, notice_id, [&] { return notice_chunk(db, notice_id, chunk); },
                      {.busy_answers = 1, .deadline_ms = deadline_ms});
}

Result<Notice> get_notice(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Notice n, chunked::load(tx, kNotices, id));
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  GH_ASSIGN(org::Org target, org::get(tx, n.org_id));
  if (target.path.rfind(scope.path, 0) != 0) {
    return Error::not_found("notice");
  }
  GH_ASSIGN(n.read, read_count(tx, n.id));
  return n;
}

Result<NoticePage> list_notices(store::Tx& tx, const Principal& admin, int64_t before_id,
                                int64_t limit) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  const org::PathRange range = org::range_of(scope.path);
  GH_ASSIGN(Rows rows,
            tx.query(chunked::select_of(kNotices) +
                         " WHERE target_org_id IN (SELECT id FROM orgs WHERE path >= ? AND "
                         "path < ?) AND id < ? ORDER BY id DESC LIMIT ?",
                     {range.lower, range.upper,
                      before_id > 0 ? before_id : std::numeric_limits<int64_t>::max(), limit + 1}));
  NoticePage page;
  for (const auto& row : rows) {
    if (static_cast<int64_t>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    Notice n = notice_from_row(row);
    GH_ASSIGN(n.read, read_count(tx, n.id));
    page.items.push_back(std::move(n));
  }
  return page;
}

}  // namespace gonghui::message
