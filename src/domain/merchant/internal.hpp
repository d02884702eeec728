// What the merchant module's files share: the columns of a merchant row and their reader.
#pragma once

#include <string_view>

#include "domain/merchant/merchant.hpp"
#include "store/db.hpp"

namespace gonghui::merchant::internal {

inline constexpr std::string_view kMerchantColumns =
    "id, org_id, name, category, address, lat_e6, lng_e6, contact_name, phone, licence_no, "
    "description, opening_hours, external_url, platform, photo_ids, suspended, contract_start, "
    "contract_end, created_at, updated_at";

// A merchant from a row of kMerchantColumns.
Merchant merchant_from(const store::Row& row);

}  // namespace gonghui::merchant::internal
