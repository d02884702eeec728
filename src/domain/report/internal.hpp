// What the impact report's figures and its records share: the union subtree a report covers,
// the statements that select its events, and the month tally of its trend.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "domain/org/org.hpp"
#include "domain/report/report.hpp"
#include "store/db.hpp"

namespace gonghui::report::internal {

// The campaigns that count as events: organised in the subtree, published or drawn (never
// draft or cancelled), listed (not a job fair's or a mentor's), opened in [from, to). Parameters:
// lower, upper, from, to.
constexpr std::string_view kEventFilter =
    " JOIN orgs o ON o.id = c.org_id"
    " WHERE o.path >= ? AND o.path < ? AND c.status IN ('published', 'drawn')"
    " AND c.listed = 1 AND c.opens_at >= ? AND c.opens_at < ?";

// The same campaigns for the impact report's passes, unions first, then campaigns, then
// `tables`: CROSS JOIN fixes that order on SQLite, which has no statistics and would
// otherwise start from any index holding a range (such as vouchers by issue time) and visit
// every voucher; PostgreSQL plans it as an ordinary inner join. Parameters as kEventFilter.
std::string over_events(std::string_view columns, std::string_view tables = "",
                        std::string_view conditions = "");

// Plans made for the actual subtree and range: a generic plan, which PostgreSQL switches to
// after a statement's fifth run, cannot tell a subtree from the whole tree or a range of days
// from five years, and may visit every voucher. Planning is cheap beside a report.
Status plan_for_parameters(store::Tx& tx);

store::Params event_params(const org::PathRange& r, int64_t from, int64_t to);

// The named produce of a prize (see Impact::portions_by_produce): `product_name` is the
// catalogue product's (empty without one), then the prize's declared name and kind.
std::string produce_of(std::string_view product_name, std::string_view produce_name,
                       std::string_view produce_kind);

// The produce kind a portions_by_produce key names when it is a kind's Chinese name (水果 →
// fruit), or nullopt for a product's own name.
std::optional<std::string> kind_named(std::string_view produce);

struct Scope {
  org::Org root;
  std::vector<org::Org> children;
  // Index into children (sorted by path) of the district holding `path`, or -1 (the root
  // itself): the last child whose path sorts at or before `path`, if it is a prefix.
  int district_of(std::string_view path) const;
};

// The report's root (default: the admin's scope root; 403 outside it) and its children.
Result<Scope> load_scope(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id);

// The months of [from, to) in Asia/Shanghai, every one present so that the trend has no gaps.
class MonthTally {
 public:
  using Slot = Month;
  MonthTally(int64_t from, int64_t to);
  // The month holding `ms`, which must lie in [from, to).
  Slot& at(int64_t ms);
  std::vector<Month> take() { return std::move(months_); }

 private:
  int64_t first_ = 0;
  std::vector<Month> months_;
};

// ---- Help lists and rest stations (field_work.cpp) ------------------------------------------

// Whether a figure is one of the help lists' or stations'.
bool is_field_work(std::string_view figure);
// Fills the help-list and station figures of the subtree [lower, upper) for [from, to).
Status read_field_work(store::Tx& tx, const org::PathRange& range, int64_t from, int64_t to,
                       Impact& m);
// The statement listing a help-list or station figure's rows (without paging), or nullopt for
// another figure. `key` narrows a breakdown (a need category).
struct FieldRecords {
  std::string type;
  std::string sql;
  store::Params params;
  std::string id_column;
};
std::optional<FieldRecords> field_work_records(std::string_view figure, std::string_view key,
                                               const org::PathRange& range, int64_t from,
                                               int64_t to);
// One row of such a figure as the API lists it, or nullopt for another type.
std::optional<boost::json::object> field_work_item(std::string_view type, const store::Row& r);

}  // namespace gonghui::report::internal
