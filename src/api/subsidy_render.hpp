// 求学圆梦 in JSON and in the bank's payout workbook; reading a round from a request body.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "domain/subsidy/subsidy.hpp"
#include "store/db.hpp"

namespace gonghui::api {

boost::json::object render_round(const subsidy::Round& round, int64_t now);
boost::json::object render_member_round(const subsidy::MemberRound& round);

// An application with its bank details masked (opened in `tx`) and its document's description.
// `for_admin` adds the member, their unions, can_review and the actors on the timeline.
Result<boost::json::object> render_application(store::Tx& tx, const subsidy::Application& a,
                                               bool for_admin);

// The round fields a body sets (all optional; the domain says which are required). 400 naming
// the field for a value of the wrong shape.
Result<subsidy::RoundInput> read_round_input(const boost::json::object& body);

// The payout list as the bank reads it: Chinese headings, amounts in 元, full account numbers.
Result<std::string> payout_workbook(const std::vector<subsidy::PayoutRow>& rows);

}  // namespace gonghui::api
