// One-time codes: issued with a resend interval and a daily cap per number, stored as salted
// hashes, used up once, killed after too many wrong tries.
#include <algorithm>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/auth/auth.hpp"
#include "domain/sms/sms.hpp"

namespace gonghui::sms {
namespace {

// A uniform six-digit code (rejection sampling keeps every code equally likely).
std::string six_digits() {
  for (;;) {
    const std::string bytes = crypto::random_bytes(4);
    uint32_t n = 0;
    for (const char b : bytes) {
      n = (n << 8) | static_cast<unsigned char>(b);
    }
    if (n < 4294000000U) {  // a multiple of 1,000,000
      std::string code = std::to_string(n % 1000000);
      return std::string(6 - code.size(), '0') + code;
    }
  }
}

std::string code_hash(std::string_view salt, std::string_view code) {
  return crypto::sha256_hex(std::string(salt) + ":" + std::string(code));
}

Error too_many(std::string code, std::string message, int64_t seconds, int64_t* retry_after_s) {
  if (retry_after_s != nullptr) {
    *retry_after_s = seconds;
  }
  return Error{ErrorKind::kTooManyRequests,
               std::move(code),
               message + "; try again in " + std::to_string(seconds) + " s",
               {}};
}

// Whether the number belongs to an account that may sign in.
Result<bool> known_account(store::Tx& tx, std::string_view phone) {
  GH_ASSIGN(store::Rows rows, tx.query("SELECT 1 FROM accounts WHERE phone = ? AND disabled = 0",
                                       {std::string(phone)}));
  return !rows.empty();
}

}  // namespace

std::vector<store::Migration> migrations() {
  return {{810, "sms_codes_outbox",
           R"sql(CREATE TABLE sms_codes (
  id BIGINT PRIMARY KEY, phone TEXT NOT NULL, purpose TEXT NOT NULL, salt TEXT NOT NULL,
  code_hash TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
  wrong_tries INTEGER NOT NULL DEFAULT 0, used_at BIGINT NOT NULL DEFAULT 0);
CREATE INDEX sms_codes_phone ON sms_codes (phone, created_at);
CREATE TABLE sms_outbox (
  id BIGINT PRIMARY KEY, phone TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL,
  created_at BIGINT NOT NULL);
CREATE INDEX sms_outbox_created ON sms_outbox (created_at);)sql",
           ""}};
}

Result<IssuedCode> issue_code(store::Tx& tx, std::string_view phone, CodePurpose purpose,
                              int64_t now, const CodeRules& rules, int64_t* retry_after_s) {
  if (!auth::valid_phone(phone)) {
    return Error::invalid("phone", "invalid_phone", "not a mainland mobile number");
  }
  const std::string number(phone);
  // Codes older than two days count for nothing any more.
  GH_TRY(tx.exec("DELETE FROM sms_codes WHERE phone = ? AND created_at < ?",
                 {number, now - 2LL * 24 * 3600 * 1000}));
  const int64_t day_start = local_day_start(local_day(now));
  GH_ASSIGN(
      store::Rows rows,
      tx.query("SELECT COALESCE(MAX(created_at), 0) FROM sms_codes WHERE phone = ?", {number}));
  const int64_t last = rows[0].integer(0);
  if (last > now - rules.resend_ms) {
    return too_many("code_too_soon", "a code was sent to this number a moment ago",
                    std::max<int64_t>(1, (last + rules.resend_ms - now + 999) / 1000),
                    retry_after_s);
  }
  GH_ASSIGN(store::Rows today, tx.query("SELECT COUNT(*) FROM sms_codes WHERE phone = ? AND "
                                        "created_at >= ?",
                                        {number, day_start}));
  if (today[0].integer(0) >= rules.per_day) {
    const int64_t next_day = local_day_start(local_day(now) + 1);
    return too_many("code_daily_limit", "this number has had its codes for today",
                    std::max<int64_t>(1, (next_day - now + 999) / 1000), retry_after_s);
  }
  GH_ASSIGN(bool known, known_account(tx, phone));
  known = known || purpose == CodePurpose::kVerifyPhone;
  IssuedCode issued{known ? six_digits() : "", now + rules.ttl_ms};
  const std::string salt = crypto::base64url(crypto::random_bytes(12));
  GH_TRY(
      tx.exec("INSERT INTO sms_codes (id, phone, purpose, salt, code_hash, created_at, "
              "expires_at, wrong_tries, used_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)",
              {new_id(), number, std::string(enum_name(purpose)), salt,
               known ? code_hash(salt, issued.code) : std::string(), now, issued.expires_at}));
  return issued;
}

Result<CodeCheck> check_code(store::Tx& tx, std::string_view phone, CodePurpose purpose,
                             std::string_view code, int64_t now, const CodeRules& rules) {
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT id, salt, code_hash, expires_at, wrong_tries, used_at FROM sms_codes "
                     "WHERE phone = ? AND purpose = ? ORDER BY created_at DESC, id DESC LIMIT 1",
                     {std::string(phone), std::string(enum_name(purpose))}));
  if (rows.empty() || rows[0].integer(5) != 0 || rows[0].integer(3) <= now ||
      rows[0].integer(4) >= rules.max_wrong) {
    return CodeCheck::kExpired;
  }
  const int64_t id = rows[0].integer(0);
  const std::string stored = rows[0].text(2);
  if (!stored.empty() && code.size() == 6 &&
      crypto::equal(code_hash(rows[0].text(1), code), stored)) {
    // Used up in the same statement that checks it is still unused: of two checks racing
    // with the right code, one wins.
    GH_ASSIGN(int64_t used,
              tx.exec("UPDATE sms_codes SET used_at = ? WHERE id = ? AND used_at = 0", {now, id}));
    return used == 1 ? CodeCheck::kGood : CodeCheck::kExpired;
  }
  GH_TRY(tx.exec("UPDATE sms_codes SET wrong_tries = wrong_tries + 1 WHERE id = ?", {id}));
  return CodeCheck::kWrong;
}

Error code_error(CodeCheck check) {
  if (check == CodeCheck::kWrong) {
    return Error::invalid("code", "code_wrong", "the code is wrong");
  }
  return Error::invalid("code", "code_expired",
                        "the code has expired or was used; ask for a new one");
}

std::function<Result<std::optional<Error>>(store::Tx&)> code_proof(std::string phone,
                                                                   CodePurpose purpose,
                                                                   std::string code,
                                                                   CodeRules rules) {
  return [phone = std::move(phone), purpose, code = std::move(code),
          rules](store::Tx& tx) -> Result<std::optional<Error>> {
    GH_ASSIGN(CodeCheck check, check_code(tx, phone, purpose, code, Timestamp::now().ms, rules));
    if (check == CodeCheck::kGood) {
      return std::optional<Error>{};
    }
    return std::optional<Error>{code_error(check)};
  };
}

Status send_code(store::Db& db, Sender& sender, std::string_view phone, CodePurpose purpose,
                 const CodeRules& rules, int64_t* retry_after_s) {
  IssuedCode issued;
  GH_TRY(db.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(issued, issue_code(tx, phone, purpose, Timestamp::now().ms, rules, retry_after_s));
    return Status::Ok();
  }));
  if (issued.code.empty()) {
    return Status::Ok();  // no account: nothing to send, and the same answer
  }
  const Status sent = sender.send(phone, enum_name(purpose), {{"code", issued.code}},
                                  code_text(purpose, issued.code));
  if (!sent.ok()) {
    GH_TRY(db.write([&](store::Tx& tx) -> Status {
      GH_TRY(tx.exec(
          "DELETE FROM sms_codes WHERE phone = ? AND created_at = ? AND purpose = ?",
          {std::string(phone), issued.expires_at - rules.ttl_ms, std::string(enum_name(purpose))}));
      return Status::Ok();
    }));
  }
  return sent;
}

std::string code_text(CodePurpose purpose, std::string_view code) {
  const std::string what = purpose == CodePurpose::kSignIn          ? "登录"
                           : purpose == CodePurpose::kResetPassword ? "重置密码"
                                                                    : "手机验证";
  return "您的" + what + "验证码为" + std::string(code) + "，5分钟内有效，请勿告诉他人。";
}

}  // namespace gonghui::sms
