// What the files of 求学圆梦 share: loading applications and rounds, checking the fields a member
// writes, sealing bank details and recording the timeline.
#include "domain/subsidy/internal.hpp"

#include <algorithm>
#include <cctype>

#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/document/document.hpp"
#include "domain/message/message.hpp"
#include "domain/org/org.hpp"

namespace gonghui::subsidy {

std::optional<Tier> step_of(State state) {
  switch (state) {
    case State::kSubmitted:
      return Tier::kBase;
    case State::kBaseApproved:
      return Tier::kDistrict;
    case State::kDistrictApproved:
    case State::kApproved:
      return Tier::kCity;
    case State::kPaid:
    case State::kReturned:
    case State::kWithdrawn:
      break;
  }
  return std::nullopt;
}

bool Round::window_open(int64_t now) const {
  return std::any_of(windows.begin(), windows.end(),
                     [now](const Window& w) { return w.opens_at <= now && now < w.closes_at; });
}

std::optional<int64_t> Round::amount_of(Degree level) const {
  for (const LevelAmount& l : levels) {
    if (l.level == level) return l.amount_fen;
  }
  return std::nullopt;
}

namespace internal {
namespace {

constexpr std::string_view kSelectEvent =
    "SELECT id, at, action, tier, org_name, note, actor_name FROM subsidy_events";
using EventFields = store::Fields<&Event::id, &Event::at, &Event::action, &Event::tier,
                                  &Event::org_name, &Event::note, &Event::actor_name>;
static_assert(EventFields::matches(kSelectEvent));

constexpr std::string_view kSelectRound =
    "SELECT id, year, title, description, status, frontline_only, min_membership_months, "
    "created_at, created_by_name, opened_at, approved_at, approved_by_name FROM subsidy_rounds";
using RoundFields =
    store::Fields<&Round::id, &Round::year, &Round::title, &Round::description, &Round::status,
                  &Round::frontline_only, &Round::min_membership_months, &Round::created_at,
                  &Round::created_by_name, &Round::opened_at, &Round::approved_at,
                  &Round::approved_by_name>;
static_assert(RoundFields::matches(kSelectRound));

const char* degree_words(Degree level) {
  switch (level) {
    case Degree::kJuniorCollege:
      return "大专";
    case Degree::kBachelor:
      return "本科";
    case Degree::kPostgraduate:
      return "研究生";
  }
  return "";
}

std::string yuan(int64_t fen) {
  std::string out = std::to_string(fen / 100);
  if (fen % 100 != 0) {
    const int64_t cents = fen % 100;
    out += (cents < 10 ? ".0" : ".") + std::to_string(cents);
  }
  return out;
}

// The message a member gets for a step: its title and body.
std::pair<std::string, std::string> message_for(const Application& a, std::string_view action,
                                                Tier tier, std::string_view org_name,
                                                std::string_view note) {
  const std::string what =
      std::string("您申请的") + degree_words(a.level) + "学历补助（" + a.round_title + "）";
  if (action == "submitted" || action == "resubmitted") {
    return {action == "submitted" ? "求学圆梦申请已提交" : "求学圆梦申请已重新提交",
            what + "已提交，等待" + a.org_name + "审核。"};
  }
  if (action == "returned") {
    return {"求学圆梦申请被退回", what + "被" + std::string(org_name) + "退回：" +
                                      std::string(note) + "。请修改后重新提交。"};
  }
  if (action == "paid") {
    return {"求学圆梦补助已发放", what + "的补助" + yuan(a.paid_fen) + "元已于" +
                                      format_local_date(a.paid_on) + "发放，请留意银行到账。"};
  }
  if (tier == Tier::kBase) {
    return {"求学圆梦申请审核进度",
            what + "已通过" + std::string(org_name) + "审核，等待" + a.district_name + "审核。"};
  }
  if (tier == Tier::kDistrict) {
    return {"求学圆梦申请审核进度",
            what + "已通过" + std::string(org_name) + "审核，等待市总工会审核。"};
  }
  return {"求学圆梦申请审核通过", what + "已审核通过，补助将发放到您填写的银行账户。"};
}

}  // namespace

Result<std::vector<Application>> load_where(store::Tx& tx, const std::string& where,
                                            const store::Params& params) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kSelectApplication) + " " + where, params));
  std::vector<Application> out;
  out.reserve(rows.size());
  for (const store::Row& row : rows) out.push_back(ApplicationFields::read(row));
  return out;
}

Result<Application> load(store::Tx& tx, int64_t id) {
  GH_ASSIGN(std::vector<Application> found, load_where(tx, "WHERE a.id = ?", {id}));
  if (found.empty()) {
    return Error::not_found("application");
  }
  return std::move(found.front());
}

Result<std::vector<Event>> timeline(store::Tx& tx, int64_t id) {
  GH_ASSIGN(store::Rows rows,
            tx.query(std::string(kSelectEvent) + " WHERE application_id = ? ORDER BY id", {id}));
  std::vector<Event> out;
  for (const store::Row& row : rows) out.push_back(EventFields::read(row));
  return out;
}

Result<Round> load_round(store::Tx& tx, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kSelectRound) + " WHERE id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("round");
  }
  Round round = RoundFields::read(rows[0]);
  GH_ASSIGN(rows, tx.query("SELECT opens_at, closes_at FROM subsidy_windows WHERE round_id = ? "
                           "ORDER BY opens_at",
                           {id}));
  for (const store::Row& row : rows) round.windows.push_back({row.integer(0), row.integer(1)});
  GH_ASSIGN(rows,
            tx.query("SELECT level, amount_fen FROM subsidy_levels WHERE round_id = ?", {id}));
  for (const store::Row& row : rows) {
    if (auto level = parse_enum<Degree>(row.text(0))) {
      round.levels.push_back({*level, row.integer(1)});
    }
  }
  std::sort(round.levels.begin(), round.levels.end(),
            [](const LevelAmount& a, const LevelAmount& b) { return a.level < b.level; });
  GH_ASSIGN(rows, tx.query("SELECT q.org_id, o.name, q.quota, q.used FROM subsidy_quotas q "
                           "JOIN orgs o ON o.id = q.org_id WHERE q.round_id = ? ORDER BY o.name",
                           {id}));
  for (const store::Row& row : rows) {
    round.quotas.push_back({row.integer(0), row.text(1), row.integer(2), row.integer(3)});
  }
  return round;
}

Result<int64_t> member_id(const Principal& principal) {
  const RoleGrant* grant = principal.grant(Role::kMember);
  if (grant == nullptr || grant->member_id == 0) {
    return Error::forbidden("only members may do this");
  }
  return grant->member_id;
}

int64_t district_of(const std::string& path) {
  const std::vector<int64_t> ids = org::ids_on_path(path);
  if (ids.size() >= 2) return ids[1];
  return ids.empty() ? 0 : ids.front();
}

bool acts_at_step(const org::Org& scope, const Application& a) {
  const std::optional<Tier> step = step_of(a.status);
  return step && ((*step == Tier::kBase && scope.id == a.org_id) ||
                  (*step == Tier::kDistrict && scope.id == a.district_id) ||
                  (*step == Tier::kCity && scope.parent_id == 0));
}

Result<std::string> text_field(std::string value, std::string_view field, size_t max_chars,
                               bool required) {
  return json::checked_text(value, field, max_chars, required);
}

Result<BankDetails> check_bank(BankDetails bank) {
  GH_ASSIGN(bank.bank_name, text_field(std::move(bank.bank_name), "bank_name", 40));
  GH_ASSIGN(bank.account_holder, text_field(std::move(bank.account_holder), "account_holder", 30));
  std::string digits;
  for (char c : bank.account_no) {
    if (c != ' ') digits.push_back(c);
  }
  if (digits.empty()) {
    return Error::invalid("account_no", "required", "account_no is required");
  }
  const bool all_digits =
      std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!all_digits || digits.size() < 12 || digits.size() > 30) {
    return Error::invalid("account_no", "invalid_account_no", "account_no must be 12 to 30 digits");
  }
  bank.account_no = std::move(digits);
  return bank;
}

std::string seal_bank(const sealing::Sealer& sealer, int64_t application_id,
                      const BankDetails& bank) {
  const boost::json::object plain{{"bank_name", bank.bank_name},
                                  {"account_no", bank.account_no},
                                  {"account_holder", bank.account_holder}};
  return sealer.seal(json::to_string(plain), "subsidy_bank:" + std::to_string(application_id));
}

Result<BankDetails> open_bank(const sealing::Sealer& sealer, const Application& application) {
  GH_ASSIGN(std::string plain, sealer.unseal(application.bank_sealed,
                                             "subsidy_bank:" + std::to_string(application.id)));
  auto parsed = json::parse(plain);
  if (!parsed.ok() || !parsed->is_object()) {
    return Error::internal("sealed bank details are damaged");
  }
  const boost::json::object& o = parsed->as_object();
  auto text = [&o](std::string_view key) -> std::string {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  return BankDetails{text("bank_name"), text("account_no"), text("account_holder")};
}

Status check_document(store::Tx& tx, const Principal& member, int64_t document_id) {
  auto found = document::info(tx, document_id);
  if (!found.ok() && found.error().kind != ErrorKind::kNotFound) {
    return std::move(found).error();
  }
  if (!found.ok() || found->uploader_account_id != member.account_id) {
    return Error::invalid("document_id", "unknown_document",
                          "upload the enrolment report first (POST /documents)");
  }
  return Status::Ok();
}

Status record_event(store::Tx& tx, const Application& application, std::string_view action,
                    Tier tier, std::string_view org_name, std::string_view note,
                    const Principal& actor, int64_t now) {
  const int64_t id = new_id();
  GH_TRY(
      tx.exec("INSERT INTO subsidy_events (id, application_id, at, action, tier, org_name, "
              "note, actor_id, actor_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {id, application.id, now, std::string(action), std::string(enum_name(tier)),
               std::string(org_name), std::string(note), actor.account_id, actor.name}));
  if (action == "withdrawn") {
    return Status::Ok();  // the member's own doing: nothing to tell them
  }
  const auto [title, body] = message_for(application, action, tier, org_name, note);
  GH_TRY(message::post(tx, application.member_id, "subsidy_status", title, body,
                       "/subsidies/applications/" + std::to_string(application.id),
                       "subsidy:" + std::to_string(id)));
  return Status::Ok();
}

}  // namespace internal
}  // namespace gonghui::subsidy
