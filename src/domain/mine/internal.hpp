// Shared by the files of the 我的 module.
#pragma once

#include "core/principal.hpp"
#include "domain/mine/mine.hpp"

namespace gonghui::mine::internal {

// The calling member's member id; Forbidden for a caller who is not a member.
Result<int64_t> member_id(const Principal& principal);

}  // namespace gonghui::mine::internal
