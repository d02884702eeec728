// Messages: the schema, posting (one or many, deduplicated by the unique key), and a member's
// own list, unread count and reading.
#include "domain/message/message.hpp"

#include <algorithm>
#include <limits>

#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "store/batch.hpp"
#include "store/columns.hpp"

namespace gonghui::message {
namespace {

using store::Params;
using store::Rows;

// Version 800: messages and the admins' notices. The unique (member_id, dedupe_key) is what
// makes every event's message single; (dedupe_key, read_at) counts a notice's readers.
constexpr std::string_view kTables = R"sql(CREATE TABLE messages (
  id BIGINT PRIMARY KEY, member_id BIGINT NOT NULL, kind TEXT NOT NULL,
  title TEXT NOT NULL, body TEXT NOT NULL, link TEXT NOT NULL, dedupe_key TEXT NOT NULL,
  created_at BIGINT NOT NULL, read_at BIGINT NOT NULL,
  UNIQUE (member_id, dedupe_key));
CREATE INDEX messages_member ON messages (member_id, id);
CREATE INDEX messages_unread ON messages (member_id, read_at);
CREATE INDEX messages_dedupe ON messages (dedupe_key, read_at);
CREATE TABLE message_notices (
  id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL, target_org_id BIGINT NOT NULL,
  title TEXT NOT NULL, body TEXT NOT NULL, link TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running','done')),
  recipients BIGINT NOT NULL, delivered BIGINT NOT NULL, cursor_member_id BIGINT NOT NULL,
  created_by BIGINT NOT NULL, idempotency_key TEXT NOT NULL, fingerprint TEXT NOT NULL,
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, finished_at BIGINT NOT NULL,
  UNIQUE (created_by, idempotency_key));
CREATE INDEX message_notices_org ON message_notices (org_id, id);
CREATE INDEX message_notices_running ON message_notices (status, updated_at);
CREATE TABLE message_notice_members (
  notice_id BIGINT NOT NULL, member_id BIGINT NOT NULL, PRIMARY KEY (notice_id, member_id));
CREATE TABLE campaign_reminders (
  campaign_id BIGINT NOT NULL, member_id BIGINT NOT NULL, created_at BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, member_id));
CREATE INDEX campaign_reminders_member ON campaign_reminders (member_id, campaign_id);)sql";

constexpr std::string_view kSelectMessage =
    "SELECT id, member_id, kind, title, body, link, created_at, read_at FROM messages";
using MessageFields =
    store::Fields<&Message::id, &Message::member_id, &Message::kind, &Message::title,
                  &Message::body, &Message::link, &Message::created_at, &Message::read_at>;
static_assert(MessageFields::matches(kSelectMessage));

constexpr std::string_view kInsertMessages =
    "INSERT INTO messages (id, member_id, kind, title, body, link, dedupe_key, created_at, "
    "read_at) VALUES ";
constexpr std::string_view kMessageValues = "(?, ?, ?, ?, ?, ?, ?, ?, 0)";
constexpr std::string_view kIgnoreDuplicates = " ON CONFLICT (member_id, dedupe_key) DO NOTHING";

Status check_text(std::string_view field, std::string_view text, size_t max, bool required) {
  if (required && text.empty()) {
    return Error::invalid(std::string(field), "required", std::string(field) + " is required");
  }
  if (json::count_code_points(text) > max) {
    return Error::invalid(std::string(field), "too_long",
                          std::string(field) + " is longer than " + std::to_string(max));
  }
  return Status::Ok();
}

Status check_draft(std::string_view kind, std::string_view title, std::string_view body,
                   std::string_view link, std::string_view dedupe_key) {
  if (!known_kind(kind)) {
    return Error::invalid("kind", "unknown_kind", "no message kind " + std::string(kind));
  }
  GH_TRY(check_text("title", title, kMaxTitle, true));
  GH_TRY(check_text("body", body, kMaxBody, false));
  GH_TRY(check_text("link", link, kMaxLink, false));
  return check_text("dedupe_key", dedupe_key, 200, true);
}

}  // namespace

bool known_kind(std::string_view kind) {
  return std::find(kKinds.begin(), kKinds.end(), kind) != kKinds.end();
}

std::vector<store::Migration> migrations() {
  return {
      {800, "messages, notices and campaign reminders", std::string(kTables), ""},
      // The expiry warning's sweep reads the vouchers about to expire, not all of them.
      {801, "vouchers by expiry", "CREATE INDEX vouchers_expires ON vouchers (expires_at)", ""},
      // Messages sent by text as well (send_texts): a row claims one, so it goes once; the
      // index finds a kind's recent messages.
      {802, "messages sent by text",
       R"sql(CREATE TABLE message_texts (message_id BIGINT PRIMARY KEY, sent_at BIGINT NOT NULL);
CREATE INDEX messages_kind_created ON messages (kind, created_at);)sql",
       ""}};
}

Result<bool> post(store::Tx& tx, int64_t member_id, std::string_view kind, std::string_view title,
                  std::string_view body, std::string_view link, std::string_view dedupe_key) {
  GH_TRY(check_draft(kind, title, body, link, dedupe_key));
  GH_ASSIGN(int64_t added,
            tx.exec(std::string(kInsertMessages) + std::string(kMessageValues) +
                        std::string(kIgnoreDuplicates),
                    {new_id(), member_id, std::string(kind), std::string(title), std::string(body),
                     std::string(link), std::string(dedupe_key), Timestamp::now().ms}));
  return added == 1;
}

Result<int64_t> post_all(store::Tx& tx, std::string_view kind, const std::vector<Draft>& drafts,
                         std::string_view dedupe_key) {
  for (const Draft& d : drafts) {
    GH_TRY(check_draft(kind, d.title, d.body, d.link, dedupe_key));
  }
  const int64_t now = Timestamp::now().ms;
  const std::string kind_text(kind), key(dedupe_key);
  int64_t added = 0;
  GH_TRY(store::in_slices(drafts.size(), [&](size_t begin, size_t n) -> Status {
    Params params;
    params.reserve(n * 8);
    for (size_t i = begin; i < begin + n; ++i) {
      const Draft& d = drafts[i];
      params.insert(params.end(),
                    {new_id(), d.member_id, kind_text, d.title, d.body, d.link, key, now});
    }
    GH_ASSIGN(int64_t changed,
              tx.exec(std::string(kInsertMessages) + store::repeated(kMessageValues, n) +
                          std::string(kIgnoreDuplicates),
                      params));
    added += changed;
    return Status::Ok();
  }));
  return added;
}

Result<bool> post_to_phone(store::Tx& tx, std::string_view phone, std::string_view kind,
                           std::string_view title, std::string_view body, std::string_view link,
                           std::string_view dedupe_key) {
  if (phone.empty()) {
    return false;
  }
  GH_ASSIGN(Rows rows, tx.query("SELECT id FROM members WHERE phone = ? AND status = 'active' "
                                "ORDER BY id LIMIT 1",
                                {std::string(phone)}));
  if (rows.empty()) {
    return false;
  }
  return post(tx, rows[0].integer(0), kind, title, body, link, dedupe_key);
}

Result<MessagePage> list(store::Tx& tx, int64_t member_id, int64_t before_id, int64_t limit,
                         bool unread_only) {
  GH_ASSIGN(Rows rows,
            tx.query(std::string(kSelectMessage) + " WHERE member_id = ? AND id < ?" +
                         (unread_only ? " AND read_at = 0" : "") + " ORDER BY id DESC LIMIT ?",
                     {member_id, before_id > 0 ? before_id : std::numeric_limits<int64_t>::max(),
                      limit + 1}));
  MessagePage page;
  for (const auto& row : rows) {
    if (static_cast<int64_t>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(MessageFields::read(row));
  }
  return page;
}

Result<int64_t> unread_count(store::Tx& tx, int64_t member_id) {
  GH_ASSIGN(Rows rows, tx.query("SELECT COUNT(*) FROM messages WHERE member_id = ? AND read_at = 0",
                                {member_id}));
  return rows[0].integer(0);
}

Result<Message> mark_read(store::Tx& tx, int64_t member_id, int64_t id, int64_t now) {
  GH_TRY(tx.exec("UPDATE messages SET read_at = ? WHERE id = ? AND member_id = ? AND read_at = 0",
                 {now, id, member_id}));
  GH_ASSIGN(Rows rows, tx.query(std::string(kSelectMessage) + " WHERE id = ? AND member_id = ?",
                                {id, member_id}));
  if (rows.empty()) {
    return Error::not_found("message");
  }
  return MessageFields::read(rows[0]);
}

Result<int64_t> mark_all_read(store::Tx& tx, int64_t member_id, int64_t now) {
  return tx.exec("UPDATE messages SET read_at = ? WHERE member_id = ? AND read_at = 0",
                 {now, member_id});
}

}  // namespace gonghui::message
