// 意见反馈: members write to their union; admins of that union or above answer. Also the
// federation's service hotline.
#include <cctype>

#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/message/message.hpp"
#include "domain/mine/internal.hpp"
#include "domain/mine/mine.hpp"
#include "domain/org/org.hpp"
#include "store/columns.hpp"

namespace gonghui::mine {
namespace {

constexpr std::string_view kSelectFeedback =
    "SELECT f.id, f.member_id, f.org_id, o.name, m.name, a.phone, f.body, f.photo_id, f.status, "
    "f.answer, f.answered_by_name, f.answered_at, f.created_at FROM feedback f "
    "JOIN orgs o ON o.id = f.org_id JOIN members m ON m.id = f.member_id "
    "JOIN accounts a ON a.id = m.account_id";
using FeedbackFields =
    store::Fields<&Feedback::id, &Feedback::member_id, &Feedback::org_id, &Feedback::org_name,
                  &Feedback::member_name, &Feedback::member_phone, &Feedback::body,
                  &Feedback::photo_id, &Feedback::status, &Feedback::answer,
                  &Feedback::answered_by_name, &Feedback::answered_at, &Feedback::created_at>;
static_assert(FeedbackFields::matches(kSelectFeedback));

std::vector<Feedback> read_all(const store::Rows& rows) {
  std::vector<Feedback> out;
  out.reserve(rows.size());
  for (const store::Row& row : rows) {
    out.push_back(FeedbackFields::read(row));
  }
  return out;
}

Result<Feedback> load(store::Tx& tx, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kSelectFeedback) + " WHERE f.id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("feedback");
  }
  return FeedbackFields::read(rows[0]);
}

std::string trimmed(std::string text) {
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && space(text.back())) text.pop_back();
  size_t start = 0;
  while (start < text.size() && space(text[start])) ++start;
  return text.substr(start);
}

}  // namespace

Result<Feedback> send_feedback(store::Tx& tx, const Principal& member, std::string body,
                               int64_t photo_id, int64_t now) {
  GH_ASSIGN(int64_t me, internal::member_id(member));
  body = trimmed(std::move(body));
  const size_t chars = json::count_code_points(body);
  if (chars == 0) {
    return Error::invalid("body", "required", "write what you would like to tell your union");
  }
  if (chars < kFeedbackMinChars) {
    return Error::invalid("body", "too_short", "at least 5 characters");
  }
  if (chars > kFeedbackMaxChars) {
    return Error::invalid("body", "too_long", "at most 500 characters");
  }
  if (photo_id != 0) {
    GH_ASSIGN(store::Rows photo, tx.query("SELECT 1 FROM photos WHERE id = ?", {photo_id}));
    if (photo.empty()) {
      return Error::invalid("photo_id", "unknown_photo", "no photo has that id");
    }
  }
  GH_ASSIGN(store::Rows rows, tx.query("SELECT org_id FROM members WHERE id = ?", {me}));
  if (rows.empty()) {
    return Error::not_found("member");
  }
  const int64_t id = new_id();
  GH_TRY(
      tx.exec("INSERT INTO feedback (id, member_id, org_id, body, photo_id, status, answer, "
              "answered_by, answered_by_name, answered_at, created_at) "
              "VALUES (?, ?, ?, ?, ?, 'open', '', 0, '', 0, ?)",
              {id, me, rows[0].integer(0), body, photo_id, now}));
  return load(tx, id);
}

Result<std::vector<Feedback>> my_feedback(store::Tx& tx, const Principal& member) {
  GH_ASSIGN(int64_t me, internal::member_id(member));
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kSelectFeedback) +
                                           " WHERE f.member_id = ? ORDER BY f.id DESC LIMIT 200",
                                       {me}));
  return read_all(rows);
}

Result<FeedbackPage> list_feedback(store::Tx& tx, const Principal& admin,
                                   const FeedbackFilter& filter) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  const org::PathRange range = org::range_of(scope.path);
  std::string sql = std::string(kSelectFeedback) + " WHERE o.path >= ? AND o.path < ? AND f.id < ?";
  store::Params params{range.lower, range.upper,
                       filter.before_id > 0 ? filter.before_id : INT64_MAX};
  if (filter.status) {
    sql += " AND f.status = ?";
    params.push_back(std::string(enum_name(*filter.status)));
  }
  sql += " ORDER BY f.id DESC LIMIT ?";
  params.push_back(filter.limit + 1);
  GH_ASSIGN(store::Rows rows, tx.query(sql, params));
  FeedbackPage page;
  page.items = read_all(rows);
  if (static_cast<int64_t>(page.items.size()) > filter.limit) {
    page.items.resize(static_cast<size_t>(filter.limit));
    page.next_cursor = page.items.back().id;
  }
  return page;
}

Result<Feedback> answer_feedback(store::Tx& tx, const Principal& admin, int64_t feedback_id,
                                 std::string answer, int64_t now) {
  answer = trimmed(std::move(answer));
  if (answer.empty()) {
    return Error::invalid("answer", "required", "write the answer");
  }
  if (json::count_code_points(answer) > kAnswerMaxChars) {
    return Error::invalid("answer", "too_long", "at most 500 characters");
  }
  GH_ASSIGN(Feedback before, load(tx, feedback_id));
  GH_TRY(org::require_in_scope(tx, admin, before.org_id));
  GH_ASSIGN(int64_t changed,
            tx.exec("UPDATE feedback SET status = 'answered', answer = ?, answered_by = ?, "
                    "answered_by_name = ?, answered_at = ? WHERE id = ? AND status = 'open'",
                    {answer, admin.account_id, admin.name, now, feedback_id}));
  if (changed == 0) {
    return Error::conflict("already_answered", "this feedback has been answered", "answer");
  }
  GH_TRY(audit::record(tx, admin, "feedback.answer", "feedback", std::to_string(feedback_id),
                       before.org_id, boost::json::object{{"status", "open"}},
                       boost::json::object{{"status", "answered"}, {"answer", answer}}));
  // The answer reaches the member as a message too (消息中心), in the same transaction.
  GH_TRY(message::post(tx, before.member_id, "feedback_answer", "您的意见反馈已回复", answer,
                       "/me/feedback", "feedback:" + std::to_string(feedback_id)));
  return load(tx, feedback_id);
}

Result<std::string> hotline(store::Tx& tx) {
  auto federation = org::root(tx);
  if (!federation.ok()) {
    return std::string(kDefaultHotline);
  }
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT number FROM hotlines WHERE org_id = ?", {federation->id}));
  return rows.empty() ? std::string(kDefaultHotline) : rows[0].text(0);
}

Result<std::string> set_hotline(store::Tx& tx, const Principal& admin, std::string number) {
  if (!admin.has(Role::kPlatformAdmin)) {
    return Error::forbidden("only the platform admin sets the hotline");
  }
  number = trimmed(std::move(number));
  bool valid =
      number.size() >= 3 && number.size() <= 20 && number.front() != '-' && number.back() != '-';
  int digits = 0;
  for (char c : number) {
    valid = valid && (std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '-');
    digits += std::isdigit(static_cast<unsigned char>(c)) != 0 ? 1 : 0;
  }
  if (!valid || digits < 3) {
    return Error::invalid("hotline", "invalid_hotline", "3 to 20 digits, '-' between groups");
  }
  GH_ASSIGN(org::Org federation, org::root(tx));
  GH_ASSIGN(std::string before, hotline(tx));
  GH_TRY(
      tx.exec("INSERT INTO hotlines (org_id, number, updated_at) VALUES (?, ?, ?) "
              "ON CONFLICT (org_id) DO UPDATE SET number = excluded.number, "
              "updated_at = excluded.updated_at",
              {federation.id, number, Timestamp::now().ms}));
  GH_TRY(audit::record(tx, admin, "settings.hotline", "org", std::to_string(federation.id),
                       federation.id, boost::json::object{{"hotline", before}},
                       boost::json::object{{"hotline", number}}));
  return number;
}

}  // namespace gonghui::mine
