// Text messages (短信) to members' phones: one-time codes for sign-in and password reset, the
// Sender that hands texts to the configured provider (and, in demo mode, keeps them in an
// outbox for the platform admin), and the platform's choice of which message kinds also go
// by text. The vendors' HTTP clients live in src/sms; this module knows only their interface.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/principal.hpp"
#include "sms/provider.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::sms {

std::vector<store::Migration> migrations();

// ---- One-time codes -------------------------------------------------------------------

// verify_phone proves a number before something is registered to it (a job seeker's account,
// an application to join the union), so it is sent to any number, with or without an account.
enum class CodePurpose { kSignIn, kResetPassword, kVerifyPhone };
inline constexpr EnumNames<CodePurpose, 3> kCodePurposeNames{
    {"sign_in", "reset_password", "verify_phone"}, CodePurpose::kSignIn};
constexpr const auto& enum_names(CodePurpose) { return kCodePurposeNames; }

struct CodeRules {
  int64_t ttl_ms = 5 * 60 * 1000;  // a code is good this long
  int64_t resend_ms = 60 * 1000;   // between two codes to one number
  int per_day = 10;                // codes to one number per Asia/Shanghai day
  int max_wrong = 5;               // wrong tries that kill a code
};

struct IssuedCode {
  std::string code;        // six digits; "" when the number has no account (nothing to send)
  int64_t expires_at = 0;  // UTC ms
};

// Makes a new code for `phone` and stores only its salted hash; the code before it (if any)
// is no longer accepted. A number without an account (or a disabled one) gets a row too, with
// no code, so that the resend interval and the daily cap answer exactly as for a known number
// and the answer never tells whether an account exists.
// Errors: 400 invalid_phone (field phone); 429 code_too_soon (the seconds to wait in
// *retry_after_s and the message), 429 code_daily_limit (seconds to the next day).
Result<IssuedCode> issue_code(store::Tx& tx, std::string_view phone, CodePurpose purpose,
                              int64_t now, const CodeRules& rules, int64_t* retry_after_s);

enum class CodeCheck { kGood, kWrong, kExpired };
// Checks `code` against the newest code for phone and purpose. A right code is used up; a
// wrong one counts, and the max_wrong-th kills the code. kExpired: no code, or it is used,
// dead or past its time. The caller commits the transaction whatever the answer.
Result<CodeCheck> check_code(store::Tx& tx, std::string_view phone, CodePurpose purpose,
                             std::string_view code, int64_t now, const CodeRules& rules);
// The answer to a failed check: 400 code_wrong or code_expired naming field `code`.
Error code_error(CodeCheck check);

// The text of a code, as the member reads it.
std::string code_text(CodePurpose purpose, std::string_view code);

// A proof of the number by its code, for auth::Sessions::sign_in_by_proof and
// reset_password_by_proof: nullopt when check_code says kGood, else code_error's error.
std::function<Result<std::optional<Error>>(store::Tx&)> code_proof(std::string phone,
                                                                   CodePurpose purpose,
                                                                   std::string code,
                                                                   CodeRules rules = {});

// ---- Sending ------------------------------------------------------------------------

struct SenderOptions {
  // Kept in the sms_outbox table (for GET /api/v1/sms/outbox): only with the log provider
  // on a demo database outside production.
  bool keep_outbox = false;
  // The vendor's template code per message kind ("sign_in", "booking_reminder", …).
  std::map<std::string, std::string, std::less<>> templates;
};

// Hands texts to the provider. Thread-safe: the providers keep no state between texts.
class Sender {
 public:
  Sender(store::Db& db, std::unique_ptr<Provider> provider, SenderOptions options);

  // Sends `body` (the member's text; to the log and outbox) or the kind's template with
  // `params` (to a cloud vendor) to `phone`. Errors: 503 sms_not_configured when a cloud
  // provider has no template for the kind; the provider's 503 sms_unavailable / sms_rejected.
  Status send(std::string_view phone, std::string_view kind,
              const std::vector<std::pair<std::string, std::string>>& params,
              std::string_view body);

  std::string_view provider_name() const { return provider_->name(); }
  bool keeps_outbox() const { return options_.keep_outbox; }

 private:
  store::Db& db_;
  std::unique_ptr<Provider> provider_;
  SenderOptions options_;
};

// Issues a code (issue_code) and, for a number with an account, sends it through `sender`
// after the code is stored. A send that fails takes its code back (the member may ask again
// at once). Errors: issue_code's, and the sender's 503.
Status send_code(store::Db& db, Sender& sender, std::string_view phone, CodePurpose purpose,
                 const CodeRules& rules, int64_t* retry_after_s);

// Parses "kind=CODE,kind=CODE" (the sms_templates setting). Error 400 invalid_config.
Result<std::map<std::string, std::string, std::less<>>> parse_templates(std::string_view text);

// ---- The outbox (demo) ----------------------------------------------------------------

struct OutboxText {
  int64_t id = 0;
  std::string phone;
  std::string kind;
  std::string body;
  int64_t created_at = 0;
};
// The newest texts kept by the log provider (at most `limit`), to `phone` only if given.
// A platform admin only: 403 forbidden otherwise.
Result<std::vector<OutboxText>> list_outbox(store::Tx& tx, const Principal& principal,
                                            std::string_view phone, int64_t limit);

// ---- Which message kinds also go by text ----------------------------------------------

struct KindSetting {
  std::string kind;
  bool by_sms = false;
  bool fixed = false;  // the codes: always by text, cannot be switched off
};
// Every known kind with its setting (the default where none is stored).
Result<std::vector<KindSetting>> kind_settings(store::Tx& tx);
// Whether messages of `kind` also go by text: the stored setting, else the default (only
// booking_reminder and the codes). An unknown kind: false.
bool sends_by_sms(store::Tx& tx, std::string_view kind);
// Stores the settings of the kinds named (others keep theirs). A platform admin only (403
// forbidden); 400 unknown_kind / fixed_kind naming field `kinds.<kind>`. Audited.
Status set_kind_settings(store::Tx& tx, const Principal& principal,
                         const std::map<std::string, bool>& by_sms);

}  // namespace gonghui::sms
