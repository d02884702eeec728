// 入会申请: a worker applies online to join a base union with their ID number (checked by its
// GB 11643 check character and sealed at rest, shown only masked) and a phone proved by a
// code; an admin whose subtree holds the union approves, which makes the account a member with
// a member number and tells them, or rejects with a reason.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/principal.hpp"
#include "domain/org/org.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"

namespace gonghui::joining {

// joining_applications (versions 1220-1229).
std::vector<store::Migration> migrations();

enum class State { kSubmitted, kApproved, kRejected };
inline constexpr EnumNames<State, 3> kStateNames{{"submitted", "approved", "rejected"},
                                                 State::kSubmitted};
constexpr const auto& enum_names(State) { return kStateNames; }

struct Input {
  int64_t org_id = 0;  // a base union
  std::string name;
  std::string id_number;
  std::string employer;
};

struct Application {
  int64_t id = 0;
  int64_t account_id = 0;
  int64_t org_id = 0;
  std::string org_name;
  std::string name;
  std::string id_number_masked;
  std::string employer;
  std::string phone;  // the account's, as stored (render masked)
  State status = State::kSubmitted;
  std::string reason;
  int64_t member_id = 0;
  std::string member_no;
  int64_t created_at = 0;
  int64_t reviewed_at = 0;
};

// The checks needing no database: 400 naming the field (org_id required; name and employer
// required, too_long; id_number invalid_id_number).
Status validate(const Input& input);

// The signed-in account applies (its phone already proved by the caller). 400 not_a_base_union
// (org_id); 409 already_member, already_applied (one waits at a time). The ID number is sealed
// with the context joining_id:<id>.
Result<Application> apply(store::Tx& tx, const Principal& principal, const Input& input,
                          int64_t now);
// The account's newest application; NotFound if none.
Result<Application> mine(store::Tx& tx, const Principal& principal);

struct Page {
  std::vector<Application> items;  // newest first
  int64_t next_cursor = 0;
};
// Applications to unions in the admin's subtree (Forbidden for others).
Result<Page> list(store::Tx& tx, const Principal& admin, std::optional<State> status,
                  int64_t before_id, int64_t limit);
// One application, for an admin whose subtree holds its union (Forbidden outside).
Result<Application> get(store::Tx& tx, const Principal& admin, int64_t id);
// submitted → approved: the account becomes an active member of the union with member number
// RH<id> (member::create, audited), the application is audited as joining.approved and the new
// member gets an application_status message (joining:<id>). 409 wrong_status; member::create's
// errors (409 duplicate_phone, phone_in_use).
Result<Application> approve(store::Tx& tx, const Principal& admin, int64_t id, int64_t now);
// submitted → rejected with a reason (1..200; 400 naming reason). Audited.
Result<Application> reject(store::Tx& tx, const Principal& admin, int64_t id,
                           std::string_view reason, int64_t now);

struct Figures {
  int64_t applications = 0;  // made in the period
  int64_t approvals = 0;     // approved in the period
  int64_t rejections = 0;
  int64_t waiting = 0;                            // submitted now
  std::optional<double> average_days_to_approve;  // over the period's approvals
};
// The admin's subtree over [from, to).
Result<Figures> figures(store::Tx& tx, const Principal& admin, int64_t from, int64_t to);
// Approvals in [from, to) per base union whose path lies in `range`, for other modules' figures.
Result<std::map<int64_t, int64_t>> approvals_by_union(store::Tx& tx, const org::PathRange& range,
                                                      int64_t from, int64_t to);

struct Union {
  int64_t id = 0;
  std::string name;
  std::vector<std::string> path_names;  // the federation first, the union itself last
};
// Open base unions whose name contains `q` (all when empty), at most `limit`, by name.
Result<std::vector<Union>> unions(store::Tx& tx, std::string_view q, int64_t limit);

}  // namespace gonghui::joining
