// The Sender, the demo outbox and the per-kind choice of texts.
#include <set>

#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/sms/sms.hpp"
#include "store/columns.hpp"

namespace gonghui::sms {
namespace {

constexpr std::string_view kSelectOutbox =
    "SELECT id, phone, kind, body, created_at FROM sms_outbox";
using OutboxFields = store::Fields<&OutboxText::id, &OutboxText::phone, &OutboxText::kind,
                                   &OutboxText::body, &OutboxText::created_at>;
static_assert(OutboxFields::matches(kSelectOutbox));

constexpr int64_t kOutboxRetentionMs = 7LL * 24 * 3600 * 1000;

struct KnownKind {
  std::string_view kind;
  bool by_default;
  bool fixed;
};
// The message kinds members receive (the codes first), and whether each goes by text
// unless the platform says otherwise.
constexpr KnownKind kKinds[] = {
    {"sign_in", true, true},
    {"reset_password", true, true},
    {"verify_phone", true, true},
    {"booking_reminder", true, false},
    {"points", false, false},
    {"lottery_result", false, false},
    {"voucher_expiring", false, false},
    {"campaign_opening", false, false},
    {"application_status", false, false},
    {"notice", false, false},
    {"feedback_answer", false, false},
    {"training", false, false},
    {"subsidy_status", false, false},
    {"job", false, false},
    {"station_problem", false, false},
    {"volunteer", false, false},
};

const KnownKind* find_kind(std::string_view kind) {
  for (const KnownKind& known : kKinds) {
    if (known.kind == kind) {
      return &known;
    }
  }
  return nullptr;
}

// The stored choices: a JSON object of kind → bool under settings key sms_kinds.
Result<boost::json::object> stored_choices(store::Tx& tx) {
  GH_ASSIGN(store::Rows rows, tx.query("SELECT value FROM settings WHERE key = 'sms_kinds'"));
  if (rows.empty()) {
    return boost::json::object{};
  }
  auto parsed = json::parse(rows[0].text(0));
  if (!parsed.ok() || !parsed->is_object()) {
    return boost::json::object{};
  }
  return parsed->get_object();
}

bool choice(const boost::json::object& stored, const KnownKind& known) {
  if (known.fixed) {
    return true;
  }
  const auto* value = stored.if_contains(known.kind);
  return value != nullptr && value->is_bool() ? value->get_bool() : known.by_default;
}

Status require_platform_admin(const Principal& principal) {
  if (!principal.has(Role::kPlatformAdmin)) {
    return Error::forbidden("only a platform admin may do this");
  }
  return Status::Ok();
}

}  // namespace

Sender::Sender(store::Db& db, std::unique_ptr<Provider> provider, SenderOptions options)
    : db_(db), provider_(std::move(provider)), options_(std::move(options)) {}

Status Sender::send(std::string_view phone, std::string_view kind,
                    const std::vector<std::pair<std::string, std::string>>& params,
                    std::string_view body) {
  Text text{std::string(phone), "", params, std::string(body)};
  if (auto found = options_.templates.find(kind); found != options_.templates.end()) {
    text.template_code = found->second;
  } else if (provider_->name() != "log") {
    return Error{ErrorKind::kUnavailable,
                 "sms_not_configured",
                 "no SMS template is configured for " + std::string(kind),
                 {}};
  }
  GH_TRY(provider_->send(text));
  if (!options_.keep_outbox) {
    return Status::Ok();
  }
  const int64_t now = Timestamp::now().ms;
  return db_.write([&](store::Tx& tx) -> Status {
    GH_TRY(tx.exec("DELETE FROM sms_outbox WHERE created_at < ?", {now - kOutboxRetentionMs}));
    GH_TRY(
        tx.exec("INSERT INTO sms_outbox (id, phone, kind, body, created_at) VALUES (?, ?, ?, ?, ?)",
                {new_id(), text.phone, std::string(kind), text.body, now}));
    return Status::Ok();
  });
}

Result<std::map<std::string, std::string, std::less<>>> parse_templates(std::string_view text) {
  std::map<std::string, std::string, std::less<>> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view pair = text.substr(start, end - start);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == pair.size()) {
      return Error::invalid("sms_templates", "invalid_config",
                            "sms_templates is kind=CODE,kind=CODE");
    }
    out[std::string(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
    start = end + 1;
  }
  return out;
}

Result<std::vector<OutboxText>> list_outbox(store::Tx& tx, const Principal& principal,
                                            std::string_view phone, int64_t limit) {
  GH_TRY(require_platform_admin(principal));
  std::string sql = std::string(kSelectOutbox);
  std::vector<store::Value> args;
  if (!phone.empty()) {
    sql += " WHERE phone = ?";
    args.emplace_back(std::string(phone));
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  args.emplace_back(limit);
  GH_ASSIGN(store::Rows rows, tx.query(sql, args));
  std::vector<OutboxText> out;
  for (const auto& row : rows) {
    out.push_back(OutboxFields::read(row));
  }
  return out;
}

Result<std::vector<KindSetting>> kind_settings(store::Tx& tx) {
  GH_ASSIGN(boost::json::object stored, stored_choices(tx));
  std::vector<KindSetting> out;
  for (const KnownKind& known : kKinds) {
    out.push_back({std::string(known.kind), choice(stored, known), known.fixed});
  }
  return out;
}

bool sends_by_sms(store::Tx& tx, std::string_view kind) {
  const KnownKind* known = find_kind(kind);
  if (known == nullptr) {
    return false;
  }
  auto stored = stored_choices(tx);
  return choice(stored.ok() ? *stored : boost::json::object{}, *known);
}

Status set_kind_settings(store::Tx& tx, const Principal& principal,
                         const std::map<std::string, bool>& by_sms) {
  GH_TRY(require_platform_admin(principal));
  GH_ASSIGN(boost::json::object stored, stored_choices(tx));
  const boost::json::object before = stored;
  for (const auto& [kind, value] : by_sms) {
    const KnownKind* known = find_kind(kind);
    if (known == nullptr) {
      return Error::invalid("kinds." + kind, "unknown_kind", "no message kind " + kind);
    }
    if (known->fixed && !value) {
      return Error::invalid("kinds." + kind, "fixed_kind", "codes always go by text");
    }
    if (!known->fixed) {
      stored[kind] = value;
    }
  }
  GH_TRY(
      tx.exec("INSERT INTO settings (key, value) VALUES ('sms_kinds', ?) ON CONFLICT (key) "
              "DO UPDATE SET value = excluded.value",
              {boost::json::serialize(stored)}));
  return audit::record(tx, principal, "sms.settings", "setting", "sms_kinds", 0, before, stored);
}

}  // namespace gonghui::sms
