// The JSON of campaigns, their entries, distributions and vouchers, as the campaign and
// voucher handlers answer with them.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>

#include "domain/campaign/campaign.hpp"
#include "domain/campaign/voucher.hpp"

namespace gonghui::api {

// `now` decides the status shown (a campaign's window, a voucher's expiry).
boost::json::object render(const campaign::Campaign& c, int64_t now);
boost::json::object render(const campaign::CampaignPage& page, int64_t now);
boost::json::object render(const campaign::Entry& e, int64_t now);
boost::json::object render(const campaign::Distribution& d);
boost::json::object render(const campaign::Voucher& v, int64_t now);

}  // namespace gonghui::api
