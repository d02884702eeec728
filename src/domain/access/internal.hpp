// What the access module's files share: the invitation row and its reading.
#pragma once

#include <string_view>

#include "domain/access/access.hpp"
#include "store/columns.hpp"

namespace gonghui::access::internal {

constexpr std::string_view kSelectInvitation =
    "SELECT id, purpose, phone, name, role, org_id, merchant_id, member_id, created_by, "
    "created_at, expires_at, used_at, revoked_at FROM invitations";
using InvitationFields =
    store::Fields<&Invitation::id, &Invitation::purpose, &Invitation::phone, &Invitation::name,
                  &Invitation::role, &Invitation::org_id, &Invitation::merchant_id,
                  &Invitation::member_id, &Invitation::created_by, &Invitation::created_at,
                  &Invitation::expires_at, &Invitation::used_at, &Invitation::revoked_at>;
static_assert(InvitationFields::matches(kSelectInvitation));

// The roles an account holds besides `except` (admin and staff grants and a member record).
Result<int64_t> other_roles(store::Tx& tx, int64_t account_id);

}  // namespace gonghui::access::internal
