// Accounts, password checks, sessions and sign-in throttling.
#include "domain/auth/auth.hpp"

#include <algorithm>
#include <optional>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/time.hpp"

namespace gonghui::auth {
namespace {

constexpr std::string_view kAccountColumns =
    "id, phone, name, disabled, demo, password_hash, created_at";

Account account_from_row(const store::Row& row, std::string* hash = nullptr) {
  Account a;
  a.id = row.integer(0);
  a.phone = row.text(1);
  a.name = row.text(2);
  a.disabled = row.integer(3) != 0;
  a.demo = row.integer(4) != 0;
  a.has_password = !row.text(5).empty();
  a.created_at = row.integer(6);
  if (hash) {
    *hash = row.text(5);
  }
  return a;
}

Error invalid_credentials() {
  return Error{
      ErrorKind::kUnauthenticated, "invalid_credentials", "wrong mobile number or password", {}};
}

Error too_many_attempts(int64_t seconds) {
  return Error{ErrorKind::kTooManyRequests,
               "too_many_attempts",
               "too many failed sign-ins; try again in " + std::to_string(seconds) + " s",
               {}};
}

// A fixed hash to verify against when the number is unknown, so that both paths cost the
// same and timing does not reveal which numbers exist.
const std::string& decoy_hash() {
  static const std::string hash = crypto::hash_password("gonghui-decoy-password");
  return hash;
}

Result<int64_t> lock_remaining(store::Tx& tx, const std::string& key, int64_t now) {
  GH_ASSIGN(store::Rows rows, tx.query("SELECT locked_until FROM throttle WHERE key = ?", {key}));
  if (rows.empty() || rows[0].integer(0) <= now) {
    return int64_t{0};
  }
  return (rows[0].integer(0) - now + 999) / 1000;
}

// Counts one sign-in attempt against its number (locked after phone_max_failures) and its
// client address (slowed down past address_max_failures: many members may share one address
// behind carrier-grade NAT). Returns 0 if the password may be checked, else the seconds to
// wait; a refused attempt is not counted against the other key.
Result<int64_t> take_sign_in_attempt(store::Tx& tx, const SessionOptions& options,
                                     const std::string& phone_key, const std::string& address_key) {
  const int64_t now = Timestamp::now().ms;
  GH_ASSIGN(int64_t by_phone, take_attempt(tx, phone_key, options.phone_max_failures,
                                           options.throttle_window_ms, now));
  if (by_phone > 0) {
    return by_phone;
  }
  const Pacing pacing{options.address_max_failures, options.throttle_window_ms,
                      options.address_delay_ms, options.address_max_delay_ms};
  GH_ASSIGN(int64_t by_address, take_paced_attempt(tx, address_key, pacing, now));
  if (by_address > 0) {
    GH_TRY(give_back_attempt(tx, phone_key, options.phone_max_failures));
  }
  return by_address;
}

Error overloaded() {
  return Error{ErrorKind::kUnavailable,
               "overloaded",
               "too many sign-ins at once; try again in a moment",
               {}};
}

}  // namespace

std::vector<store::Migration> migrations() {
  return {{120, "accounts_sessions",
           R"sql(CREATE TABLE accounts (
  id BIGINT PRIMARY KEY, phone TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
  demo INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL);
CREATE TABLE account_roles (
  account_id BIGINT NOT NULL REFERENCES accounts (id), role TEXT NOT NULL,
  org_id BIGINT NOT NULL DEFAULT 0, merchant_id BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL, PRIMARY KEY (account_id, role, org_id, merchant_id));
CREATE TABLE sessions (
  id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts (id),
  token_hash TEXT NOT NULL UNIQUE, csrf TEXT NOT NULL, created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL, revoked_at BIGINT NOT NULL DEFAULT 0,
  client_address TEXT NOT NULL);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE TABLE throttle (
  key TEXT PRIMARY KEY, failures INTEGER NOT NULL, window_start BIGINT NOT NULL,
  locked_until BIGINT NOT NULL);)sql",
           ""}};
}

bool valid_phone(std::string_view phone) {
  if (phone.size() != 11 || phone[0] != '1' || phone[1] < '3' || phone[1] > '9') {
    return false;
  }
  return std::all_of(phone.begin(), phone.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status check_password_strength(std::string_view password, std::string_view field) {
  const size_t chars = json::count_code_points(password);
  if (chars < 8) {
    return Error::invalid(std::string(field), "password_too_short",
                          "the password needs at least 8 characters");
  }
  if (chars > 128) {
    return Error::invalid(std::string(field), "too_long",
                          "the password may have at most 128 characters");
  }
  return Status::Ok();
}

Result<Account> find_account_by_phone(store::Tx& tx, std::string_view phone) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string("SELECT ") + std::string(kAccountColumns) +
                                           " FROM accounts WHERE phone = ?",
                                       {std::string(phone)}));
  if (rows.empty()) {
    return Error::not_found("account");
  }
  return account_from_row(rows[0]);
}

Result<Account> get_account(store::Tx& tx, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string("SELECT ") + std::string(kAccountColumns) +
                                           " FROM accounts WHERE id = ?",
                                       {id}));
  if (rows.empty()) {
    return Error::not_found("account");
  }
  return account_from_row(rows[0]);
}

Result<Account> create_account(store::Tx& tx, std::string_view phone, std::string_view name,
                               std::string_view password_hash, bool demo) {
  if (!valid_phone(phone)) {
    return Error::invalid("phone", "invalid_phone", "not a mainland mobile number");
  }
  Account a;
  a.id = new_id();
  a.phone = std::string(phone);
  a.name = std::string(name);
  a.demo = demo;
  a.has_password = !password_hash.empty();
  a.created_at = Timestamp::now().ms;
  auto inserted = tx.exec(
      "INSERT INTO accounts (id, phone, name, password_hash, disabled, demo, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?)",
      {a.id, a.phone, a.name, std::string(password_hash), int64_t{demo ? 1 : 0}, a.created_at,
       a.created_at});
  if (!inserted.ok()) {
    if (inserted.error().code == store::kUniqueViolation) {
      return Error::conflict("duplicate_phone", "an account already uses this number", "phone");
    }
    return std::move(inserted).error();
  }
  return a;
}

Status set_password_hash(store::Tx& tx, int64_t account_id, std::string_view password_hash) {
  GH_ASSIGN(int64_t changed,
            tx.exec("UPDATE accounts SET password_hash = ?, updated_at = ? WHERE id = ?",
                    {std::string(password_hash), Timestamp::now().ms, account_id}));
  return changed == 1 ? Status::Ok() : Status(Error::not_found("account"));
}

// A staff role's unit, kept in account_roles.merchant_id: the merchant, or for employer staff
// the employer (one column serves both, so the primary key covers either).
int64_t unit_of(const RoleGrant& grant) {
  return grant.role == Role::kEmployerStaff ? grant.employer_id : grant.merchant_id;
}

Status grant_role(store::Tx& tx, int64_t account_id, const RoleGrant& grant) {
  if (grant.role == Role::kMember) {
    return Error::internal("member roles come from the members table");
  }
  // A role held already is no error; ON CONFLICT keeps a PostgreSQL transaction usable where a
  // caught unique violation would have aborted it.
  GH_TRY(tx.exec(
      "INSERT INTO account_roles (account_id, role, org_id, merchant_id, created_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, role, org_id, merchant_id) DO NOTHING",
      {account_id, std::string(enum_name(grant.role)), grant.org_id, unit_of(grant),
       Timestamp::now().ms}));
  return Status::Ok();
}

Result<bool> holds_staff_or_admin_role(store::Tx& tx, int64_t account_id) {
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT 1 FROM account_roles WHERE account_id = ? LIMIT 1", {account_id}));
  return !rows.empty();
}

namespace {

// An account_roles row (role, org_id, merchant_id at `at`) as a grant; nothing for a role this
// build does not know.
std::optional<RoleGrant> role_grant(const store::Row& row, size_t at) {
  const auto role = parse_enum<Role>(row.text(at));
  if (!role) {
    return std::nullopt;
  }
  if (*role == Role::kEmployerStaff) {  // merchant_id holds the employer
    return RoleGrant{*role, row.integer(at + 1), 0, 0, row.integer(at + 2)};
  }
  return RoleGrant{*role, row.integer(at + 1), row.integer(at + 2), 0};
}

}  // namespace

Result<std::vector<RoleGrant>> roles_of(store::Tx& tx, int64_t account_id) {
  std::vector<RoleGrant> roles;
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT role, org_id, merchant_id FROM account_roles WHERE account_id = ? "
                     "ORDER BY role",
                     {account_id}));
  for (const auto& row : rows) {
    if (auto grant = role_grant(row, 0)) {
      roles.push_back(*grant);
    }
  }
  GH_ASSIGN(store::Rows members,
            tx.query("SELECT id, org_id FROM members WHERE account_id = ? AND status <> 'left'",
                     {account_id}));
  for (const auto& row : members) {
    roles.push_back({Role::kMember, row.integer(1), 0, row.integer(0)});
  }
  return roles;
}

Result<int64_t> Sessions::locked_for(std::string_view phone, std::string_view client_address) {
  int64_t wait = 0;
  const int64_t now = Timestamp::now().ms;
  GH_TRY(db_.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(int64_t by_phone, lock_remaining(tx, "phone:" + std::string(phone), now));
    GH_ASSIGN(int64_t by_address, lock_remaining(tx, "addr:" + std::string(client_address), now));
    wait = std::max(by_phone, by_address);
    return Status::Ok();
  }));
  return wait;
}

Status Sessions::in_hash_slot(const std::function<void()>& fn) {
  if (!hash_slots_.try_acquire_for(std::chrono::milliseconds(options_.hash_wait_ms))) {
    return overloaded();
  }
  struct Slot {
    Sessions& sessions;
    explicit Slot(Sessions& s) : sessions(s) { sessions.hashes_running_.fetch_add(1); }
    ~Slot() {
      sessions.hashes_running_.fetch_sub(1);
      sessions.hash_slots_.release();
    }
  } slot(*this);
  fn();
  return Status::Ok();
}

Result<bool> Sessions::verify(const std::string& hash, std::string_view password) {
  bool good = false;
  GH_TRY(in_hash_slot([&] {
    // An unknown number is checked against a fixed hash so that both cost the same and
    // timing does not reveal which numbers exist.
    good = crypto::verify_password(hash.empty() ? decoy_hash() : hash, password) && !hash.empty();
  }));
  return good;
}

Result<std::string> Sessions::hash_password(std::string_view password) {
  std::string hash;
  GH_TRY(in_hash_slot([&] { hash = crypto::hash_password(password); }));
  return hash;
}

Result<SignIn> Sessions::sign_in(std::string_view phone, std::string_view password,
                                 std::string_view client_address) {
  const std::string phone_key = "phone:" + std::string(phone);
  const std::string address_key = "addr:" + std::string(client_address);
  // The attempt is counted before the password is checked, so that however many arrive at
  // once, at most the limit are ever checked.
  int64_t wait = 0;
  GH_TRY(db_.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(wait, take_sign_in_attempt(tx, options_, phone_key, address_key));
    return Status::Ok();
  }));
  if (wait > 0) {
    return too_many_attempts(wait);
  }
  std::optional<Account> account;
  std::string hash;
  GH_TRY(db_.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows, tx.query(std::string("SELECT ") + std::string(kAccountColumns) +
                                             " FROM accounts WHERE phone = ?",
                                         {std::string(phone)}));
    if (!rows.empty()) {
      account = account_from_row(rows[0], &hash);
    }
    return Status::Ok();
  }));
  // The slow hash check runs outside any transaction so it never holds up writers.
  GH_ASSIGN(bool good, verify(hash, password));
  if (!good || account->disabled || (options_.refuse_demo && account->demo)) {
    return invalid_credentials();  // the attempt stays counted
  }
  return open_session(account->id, phone_key, address_key, client_address);
}

Result<SignIn> Sessions::open_session(int64_t account_id, const std::string& phone_key,
                                      const std::string& address_key,
                                      std::string_view client_address) {
  SignIn result;
  result.token = "gh_" + crypto::base64url(crypto::random_bytes(32));
  result.csrf = crypto::base64url(crypto::random_bytes(18));
  const int64_t now = Timestamp::now().ms;
  result.expires_at = now + options_.ttl_ms;
  const int64_t session_id = new_id();
  GH_TRY(db_.write([&](store::Tx& tx) -> Status {
    // This attempt was no failure: it no longer counts. The failures before it still do until
    // their window passes, so that attempts racing a right password are never more than the
    // limit (the owner, now signed in for days, rarely needs another try in that window).
    GH_TRY(give_back_attempt(tx, phone_key, options_.phone_max_failures));
    GH_TRY(give_back_attempt(tx, address_key, options_.address_max_failures));
    GH_TRY(
        tx.exec("INSERT INTO sessions (id, account_id, token_hash, csrf, created_at, "
                "expires_at, revoked_at, client_address) VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
                {session_id, account_id, crypto::sha256_hex(result.token), result.csrf, now,
                 result.expires_at, std::string(client_address)}));
    return Status::Ok();
  }));
  GH_ASSIGN(result.principal, authenticate(result.token, false));
  return result;
}

Result<std::optional<Account>> Sessions::prove(std::string_view phone,
                                               std::string_view client_address,
                                               const Proof& proof) {
  const std::string phone_key = "phone:" + std::string(phone);
  const std::string address_key = "addr:" + std::string(client_address);
  int64_t wait = 0;
  std::optional<Error> failed;
  std::optional<Account> account;
  GH_TRY(db_.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(wait, take_sign_in_attempt(tx, options_, phone_key, address_key));
    if (wait > 0) {
      return Status::Ok();
    }
    GH_ASSIGN(failed, proof(tx));
    if (!failed) {
      auto found = find_account_by_phone(tx, phone);
      if (found.ok()) {
        account = std::move(found).value();
      }
    }
    return Status::Ok();
  }));
  if (wait > 0) {
    return too_many_attempts(wait);
  }
  if (failed) {
    return *failed;  // the attempt stays counted
  }
  return account;
}

Result<SignIn> Sessions::sign_in_by_proof(std::string_view phone, std::string_view client_address,
                                          const Proof& proof) {
  GH_ASSIGN(std::optional<Account> account, prove(phone, client_address, proof));
  if (!account || account->disabled || (options_.refuse_demo && account->demo)) {
    return invalid_credentials();
  }
  return open_session(account->id, "phone:" + std::string(phone),
                      "addr:" + std::string(client_address), client_address);
}

Status Sessions::reset_password_by_proof(std::string_view phone, std::string_view new_password,
                                         std::string_view client_address, const Proof& proof) {
  GH_TRY(check_password_strength(new_password, "new_password"));
  GH_ASSIGN(std::optional<Account> account, prove(phone, client_address, proof));
  if (!account || account->disabled || (options_.refuse_demo && account->demo)) {
    return invalid_credentials();
  }
  GH_ASSIGN(const std::string new_hash, hash_password(new_password));
  return db_.write([&](store::Tx& tx) -> Status {
    GH_TRY(give_back_attempt(tx, "phone:" + std::string(phone), options_.phone_max_failures));
    GH_TRY(give_back_attempt(tx, "addr:" + std::string(client_address),
                             options_.address_max_failures));
    GH_TRY(set_password_hash(tx, account->id, new_hash));
    GH_TRY(tx.exec("UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at = 0",
                   {Timestamp::now().ms, account->id}));
    return Status::Ok();
  });
}

Status Sessions::prove_password(std::string_view phone, std::string_view password,
                                std::string_view client_address, std::string_view field) {
  const std::string phone_key = "phone:" + std::string(phone);
  const std::string address_key = "addr:" + std::string(client_address);
  int64_t wait = 0;
  std::string hash;
  GH_TRY(db_.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(wait, take_sign_in_attempt(tx, options_, phone_key, address_key));
    GH_ASSIGN(store::Rows rows, tx.query("SELECT password_hash FROM accounts WHERE phone = ? "
                                         "AND disabled = 0",
                                         {std::string(phone)}));
    hash = rows.empty() ? "" : rows[0].text(0);
    return Status::Ok();
  }));
  if (wait > 0) {
    return too_many_attempts(wait);
  }
  GH_ASSIGN(bool good, verify(hash, password));
  if (!good) {
    return Error::invalid(std::string(field), "wrong_password", "the password is wrong");
  }
  return db_.write([&](store::Tx& tx) -> Status {
    GH_TRY(give_back_attempt(tx, phone_key, options_.phone_max_failures));
    return give_back_attempt(tx, address_key, options_.address_max_failures);
  });
}

Sessions::Sessions(store::Db& db, SessionOptions options)
    : db_(db),
      options_(options),
      hash_slots_(std::max(1, options.max_concurrent_hashes)),
      // What authenticate reads. A new session cannot change a principal already read; a
      // new role or member row can.
      epoch_(db.watch(
          {{"sessions", false}, {"accounts", false}, {"account_roles", true}, {"members", true}})) {
}

Sessions::CacheShard& Sessions::shard(const std::string& token_hash) {
  return cache_[std::hash<std::string>{}(token_hash) % kCacheShards];
}

Result<Principal> Sessions::authenticate(std::string_view token, bool via_cookie) {
  const std::string token_hash = crypto::sha256_hex(token);
  // The counter is read before the database: a change committed after this read moves it,
  // and what is read below is then never used again.
  const uint64_t epoch = epoch_ != nullptr ? epoch_->load() : 0;
  if (epoch_ != nullptr) {
    CacheShard& s = shard(token_hash);
    std::lock_guard lock(s.mu);
    auto it = s.by_token_hash.find(token_hash);
    if (it != s.by_token_hash.end() && it->second.epoch == epoch &&
        Timestamp::now().ms < it->second.expires_at) {
      Principal principal = it->second.principal;
      principal.via_cookie = via_cookie;
      cache_hits_.fetch_add(1, std::memory_order_relaxed);
      return principal;
    }
  }
  Principal principal;
  int64_t expires_at = 0;
  GH_TRY(db_.read([&](store::Tx& tx) -> Status {
    // The session, its account, its roles (a row each) and its membership in one statement:
    // on PostgreSQL a round trip each would be most of a request's time.
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT s.id, s.account_id, s.expires_at, s.revoked_at, s.csrf, a.name, "
                       "a.disabled, r.role, r.org_id, r.merchant_id, m.id, m.org_id "
                       "FROM sessions s JOIN accounts a ON a.id = s.account_id "
                       "LEFT JOIN account_roles r ON r.account_id = s.account_id "
                       "LEFT JOIN members m ON m.account_id = s.account_id AND m.status <> 'left' "
                       "WHERE s.token_hash = ? ORDER BY r.role, r.org_id, r.merchant_id",
                       {token_hash}));
    if (rows.empty() || rows[0].integer(3) != 0 || rows[0].integer(6) != 0) {
      return Error{ErrorKind::kUnauthenticated,
                   "session_invalid",
                   "not signed in (unknown or revoked session)",
                   {}};
    }
    if (rows[0].integer(2) <= Timestamp::now().ms) {
      return Error{ErrorKind::kUnauthenticated,
                   "session_expired",
                   "the session has expired; sign in again",
                   {}};
    }
    principal.session_id = rows[0].integer(0);
    principal.account_id = rows[0].integer(1);
    principal.csrf = rows[0].text(4);
    principal.name = rows[0].text(5);
    principal.via_cookie = via_cookie;
    expires_at = rows[0].integer(2);
    for (const auto& row : rows) {
      if (!row.is_null(7)) {
        if (auto grant = role_grant(row, 7)) {
          principal.roles.push_back(*grant);
        }
      }
    }
    if (!rows[0].is_null(10)) {  // as roles_of: the membership after the roles
      principal.roles.push_back({Role::kMember, rows[0].integer(11), 0, rows[0].integer(10)});
    }
    return Status::Ok();
  }));
  if (epoch_ != nullptr) {
    CacheShard& s = shard(token_hash);
    std::lock_guard lock(s.mu);
    if (s.by_token_hash.size() >= kCachedPerShard) {
      s.by_token_hash.clear();
    }
    s.by_token_hash[token_hash] = Cached{principal, expires_at, epoch};
  }
  return principal;
}

Status Sessions::sign_out(int64_t session_id) {
  return db_.write([&](store::Tx& tx) -> Status {
    GH_TRY(tx.exec("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at = 0",
                   {Timestamp::now().ms, session_id}));
    return Status::Ok();
  });
}

Status Sessions::sign_out_everywhere(int64_t account_id) {
  return db_.write([&](store::Tx& tx) -> Status {
    GH_TRY(tx.exec("UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at = 0",
                   {Timestamp::now().ms, account_id}));
    return Status::Ok();
  });
}

Status Sessions::change_password(const Principal& principal, std::string_view old_password,
                                 std::string_view new_password) {
  GH_TRY(check_password_strength(new_password, "new_password"));
  std::string hash;
  GH_TRY(db_.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows,
              tx.query("SELECT password_hash FROM accounts WHERE id = ?", {principal.account_id}));
    if (rows.empty()) {
      return Error::not_found("account");
    }
    hash = rows[0].text(0);
    return Status::Ok();
  }));
  GH_ASSIGN(bool good, verify(hash, old_password));
  if (!good) {
    return Error::invalid("old_password", "wrong_password", "the current password is wrong");
  }
  GH_ASSIGN(const std::string new_hash, hash_password(new_password));
  return db_.write([&](store::Tx& tx) -> Status {
    GH_TRY(set_password_hash(tx, principal.account_id, new_hash));
    GH_TRY(
        tx.exec("UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND id <> ? "
                "AND revoked_at = 0",
                {Timestamp::now().ms, principal.account_id, principal.session_id}));
    return Status::Ok();
  });
}

}  // namespace gonghui::auth
