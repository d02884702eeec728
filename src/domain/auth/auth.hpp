// Accounts, sign-in and sessions: mobile number + password (argon2id), opaque session
// tokens stored only as hashes, throttling of failed sign-ins, and the roles an account holds.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "domain/auth/throttle.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::auth {

struct Account {
  int64_t id = 0;
  std::string phone;
  std::string name;
  bool disabled = false;
  bool demo = false;
  bool has_password = false;
  int64_t created_at = 0;
};

std::vector<store::Migration> migrations();

// Mainland mobile number: 11 digits starting 13-19.
bool valid_phone(std::string_view phone);
// 8 to 128 characters. Error names `field`.
Status check_password_strength(std::string_view password, std::string_view field);

Result<Account> find_account_by_phone(store::Tx& tx, std::string_view phone);
Result<Account> get_account(store::Tx& tx, int64_t id);
// Creates an account; password_hash may be empty (cannot sign in until one is set).
// Conflict duplicate_phone if the number is taken.
Result<Account> create_account(store::Tx& tx, std::string_view phone, std::string_view name,
                               std::string_view password_hash, bool demo);
Status set_password_hash(store::Tx& tx, int64_t account_id, std::string_view password_hash);
// Adds an admin or staff role (member roles come from the members table).
Status grant_role(store::Tx& tx, int64_t account_id, const RoleGrant& grant);
// True if the account holds an admin or staff role (any row besides the member role). Such
// an account is never attached to a member record by an admin, nor its password reset.
Result<bool> holds_staff_or_admin_role(store::Tx& tx, int64_t account_id);
// All roles: admin and staff grants plus the member role if the account is a member.
Result<std::vector<RoleGrant>> roles_of(store::Tx& tx, int64_t account_id);

struct SessionOptions {
  int64_t ttl_ms = 7LL * 24 * 3600 * 1000;
  bool refuse_demo = false;  // production: demo accounts cannot sign in
  // Sign-in attempts per number and per client address in a window; a successful sign-in
  // gives its own attempt back (the failures before it still count). A number is locked for
  // the window at phone_max_failures. An address, which many members may share behind
  // carrier-grade NAT, is slowed down instead: from address_max_failures on, each attempt
  // from it must come address_delay_ms after the one before, doubling with each further
  // attempt up to address_max_delay_ms; an earlier one is refused without being checked.
  int phone_max_failures = 5;
  int address_max_failures = 30;
  int64_t address_delay_ms = 1000;
  int64_t address_max_delay_ms = 60000;
  int64_t throttle_window_ms = 15LL * 60 * 1000;
  // Password hashes (Argon2id, 64 MiB each) running at once, and how long a sign-in waits
  // for one before it is answered 503 overloaded: memory stays bounded whatever arrives.
  int max_concurrent_hashes = 2;
  int64_t hash_wait_ms = 3000;
};

struct SignIn {
  std::string token;  // give to the client once; only its hash is stored
  std::string csrf;
  int64_t expires_at = 0;
  Principal principal;
};

class Sessions {
 public:
  Sessions(store::Db& db, SessionOptions options);

  // Counts the attempt (per number and per client address), checks the password, then opens
  // a session. Errors: 401 invalid_credentials (the same whether or not the number exists),
  // 429 too_many_attempts (nothing was checked), 503 overloaded when no hash slot came free
  // in time.
  Result<SignIn> sign_in(std::string_view phone, std::string_view password,
                         std::string_view client_address);
  // The principal for a token, nullopt-free: 401 session_invalid / session_expired.
  // Where the store can tell when sessions, accounts, roles or members change
  // (store::Db::watch; SQLite), a principal is kept in memory and read again only after such
  // a change: every request checks its session, and a crowd of them otherwise costs a read
  // transaction each.
  Result<Principal> authenticate(std::string_view token, bool via_cookie);
  // Authentications answered from memory (for /metrics and tests).
  int64_t cached_authentications() const { return cache_hits_.load(std::memory_order_relaxed); }
  Status sign_out(int64_t session_id);
  // Revokes every session of the account (sign out everywhere).
  Status sign_out_everywhere(int64_t account_id);
  // Checks the old password, stores the new one and revokes the account's other sessions.
  Status change_password(const Principal& principal, std::string_view old_password,
                         std::string_view new_password);

  // Proof of a number other than its password (a one-time code). Runs in a write transaction
  // that commits whatever it answers: nullopt when the caller proved the number, else the
  // error to answer with.
  using Proof = std::function<Result<std::optional<Error>>(store::Tx&)>;
  // Signs in by `proof`, counted like a password sign-in (a failed proof stays counted).
  // Errors: the proof's, 401 invalid_credentials (a disabled account, or a demo one in
  // production), 429 too_many_attempts (nothing was checked).
  Result<SignIn> sign_in_by_proof(std::string_view phone, std::string_view client_address,
                                  const Proof& proof);
  // Sets a new password for the number's account once `proof` holds, and revokes all the
  // account's sessions. Counted like a sign-in. Errors: 400 password_too_short / too_long
  // (new_password; nothing is counted), the proof's, 429 too_many_attempts, 503 overloaded.
  Status reset_password_by_proof(std::string_view phone, std::string_view new_password,
                                 std::string_view client_address, const Proof& proof);

  // Checks the password of the account with this number, counted like a sign-in attempt (per
  // number and per client address; a right one gives its attempt back). Errors: 400
  // wrong_password naming `field` (also for an unknown number or an account without a
  // password), 429 too_many_attempts (nothing was checked), 503 overloaded.
  Status prove_password(std::string_view phone, std::string_view password,
                        std::string_view client_address, std::string_view field);

  // An Argon2id hash of a new password, made in one of the bounded hash slots (503
  // overloaded if none comes free in time).
  Result<std::string> hash_password(std::string_view password);
  // Password hashes running now (for tests and /metrics).
  int hashes_running() const { return hashes_running_.load(); }

  // Seconds to wait if sign-in for this phone or address is locked (0 if not). For tests.
  Result<int64_t> locked_for(std::string_view phone, std::string_view client_address);

 private:
  struct Cached {
    Principal principal;
    int64_t expires_at = 0;
    uint64_t epoch = 0;  // of the store's watch counter, read before the principal was
  };
  struct CacheShard {
    std::mutex mu;
    std::unordered_map<std::string, Cached> by_token_hash;  // under mu
  };
  static constexpr size_t kCacheShards = 16;
  static constexpr size_t kCachedPerShard = 20000;  // then the shard starts over
  CacheShard& shard(const std::string& token_hash);

  // Runs `fn` in a hash slot, or 503 overloaded after options_.hash_wait_ms.
  Status in_hash_slot(const std::function<void()>& fn);
  // Opens a session for an account whose proof has just held, giving the attempt back.
  Result<SignIn> open_session(int64_t account_id, const std::string& phone_key,
                              const std::string& address_key, std::string_view client_address);
  // Counts an attempt, then runs `proof` and reads the number's account (nullopt: none).
  Result<std::optional<Account>> prove(std::string_view phone, std::string_view client_address,
                                       const Proof& proof);
  // Verifies a password against a stored hash in a hash slot.
  Result<bool> verify(const std::string& hash, std::string_view password);

  store::Db& db_;
  SessionOptions options_;
  std::counting_semaphore<> hash_slots_;
  std::atomic<int> hashes_running_{0};
  const std::atomic<uint64_t>* epoch_ = nullptr;  // nullptr: no cache
  std::array<CacheShard, kCacheShards> cache_;
  std::atomic<int64_t> cache_hits_{0};
};

}  // namespace gonghui::auth
