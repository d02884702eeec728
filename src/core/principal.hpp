// Who is calling: the signed-in account and the roles it holds. Domain code uses it to
// scope every read and write (an org admin only in their subtree, staff only their merchant).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/enum_names.hpp"

namespace gonghui {

enum class Role { kMember, kMerchantStaff, kOrgAdmin, kPlatformAdmin, kEmployerStaff };

struct RoleGrant {
  Role role;
  int64_t org_id = 0;       // member: base union; org admin: the union they run
  int64_t merchant_id = 0;  // merchant staff: their merchant
  int64_t member_id = 0;    // member: the member record
  int64_t employer_id = 0;  // employer staff: their employer (就业服务)
};

struct Principal {
  int64_t account_id = 0;
  int64_t session_id = 0;
  std::string name;
  std::vector<RoleGrant> roles;
  bool via_cookie = false;  // cookie-authenticated requests need a CSRF token for writes
  std::string csrf;         // the session's CSRF token, echoed in X-CSRF-Token

  bool has(Role role) const {
    for (const RoleGrant& grant : roles) {
      if (grant.role == role) {
        return true;
      }
    }
    return false;
  }
  const RoleGrant* grant(Role role) const {
    for (const RoleGrant& g : roles) {
      if (g.role == role) {
        return &g;
      }
    }
    return nullptr;
  }
};

inline constexpr EnumNames<Role, 5> kRoleNames{
    {"member", "merchant_staff", "org_admin", "platform_admin", "employer_staff"}, Role::kMember};

constexpr const auto& enum_names(Role) { return kRoleNames; }

}  // namespace gonghui
