// 求学圆梦 for admins: applications in the subtree, one with its timeline and document, and
// the city's payout list.
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/document/document.hpp"
#include "domain/org/org.hpp"
#include "domain/subsidy/internal.hpp"

namespace gonghui::subsidy {
namespace {

// The union a list is narrowed to: the admin's own, or a union in their subtree.
Result<org::Org> list_scope(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  if (!org_id) {
    return scope;
  }
  auto narrowed = org::require_in_scope(tx, admin, *org_id);
  if (!narrowed.ok() && narrowed.error().kind == ErrorKind::kNotFound) {
    return Error::invalid("org_id", "unknown_org", "no union has that id");
  }
  return narrowed;
}

}  // namespace

Result<ApplicationPage> list_applications(store::Tx& tx, const Principal& admin,
                                          const ApplicationFilter& filter) {
  GH_ASSIGN(org::Org own, org::admin_scope(tx, admin));
  GH_ASSIGN(org::Org scope, list_scope(tx, admin, filter.org_id));
  const org::PathRange range = org::range_of(scope.path);
  std::string where = "WHERE o.path >= ? AND o.path < ? AND a.id < ?";
  store::Params params{range.lower, range.upper,
                       filter.before_id > 0 ? filter.before_id : INT64_MAX};
  if (filter.round_id) {
    where += " AND a.round_id = ?";
    params.emplace_back(*filter.round_id);
  }
  if (filter.status) {
    where += " AND a.status = ?";
    params.emplace_back(std::string(enum_name(*filter.status)));
  }
  if (filter.level) {
    where += " AND a.level = ?";
    params.emplace_back(std::string(enum_name(*filter.level)));
  }
  if (filter.awaiting_me) {
    // Those at the admin's own union's step (acts_at_step, as a condition).
    where +=
        " AND ((a.org_id = ? AND a.status = 'submitted') OR "
        "(a.district_id = ? AND a.status = 'base_approved')";
    params.emplace_back(own.id);
    params.emplace_back(own.id);
    where += own.parent_id == 0 ? " OR a.status IN ('district_approved', 'approved'))" : ")";
  }
  where += " ORDER BY a.id DESC LIMIT ?";
  params.emplace_back(filter.limit + 1);
  ApplicationPage page;
  GH_ASSIGN(page.items, internal::load_where(tx, where, params));
  if (static_cast<int64_t>(page.items.size()) > filter.limit) {
    page.items.resize(static_cast<size_t>(filter.limit));
    page.next_cursor = page.items.back().id;
  }
  for (Application& a : page.items) {
    a.can_review = internal::acts_at_step(own, a);
  }
  return page;
}

Result<Application> get_application(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Application a, internal::load(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, a.org_id));
  GH_ASSIGN(org::Org own, org::admin_scope(tx, admin));
  a.can_review = internal::acts_at_step(own, a);
  GH_ASSIGN(a.timeline, internal::timeline(tx, id));
  return a;
}

Result<std::pair<std::string, std::string>> application_document(store::Tx& tx,
                                                                 const Principal& admin,
                                                                 int64_t id) {
  GH_ASSIGN(Application a, internal::load(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, a.org_id));
  GH_ASSIGN(auto loaded, document::load(tx, a.document_id));
  return std::make_pair(std::move(loaded.first.content_type), std::move(loaded.second));
}

Result<std::vector<PayoutRow>> payout_list(store::Tx& tx, const Principal& admin, int64_t round_id,
                                           std::optional<State> status) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  if (scope.parent_id != 0) {
    return Error::forbidden("only the city union exports the payout list");
  }
  GH_TRY(internal::load_round(tx, round_id));
  const std::string states = !status                   ? "('approved', 'paid')"
                             : *status == State::kPaid ? "('paid')"
                                                       : "('approved')";
  GH_ASSIGN(
      std::vector<Application> found,
      internal::load_where(
          tx, "WHERE a.round_id = ? AND a.status IN " + states + " ORDER BY a.approved_at, a.id",
          {round_id}));
  GH_ASSIGN(sealing::Sealer sealer, sealing::sealer(tx));
  std::vector<PayoutRow> out;
  out.reserve(found.size());
  for (Application& a : found) {
    GH_ASSIGN(BankDetails bank, internal::open_bank(sealer, a));
    out.push_back({std::move(a), std::move(bank)});
  }
  // Full account numbers leave the system here: the log says who took them, and how many.
  GH_TRY(audit::record(
      tx, admin, "subsidy.payout_export", "subsidy_round", std::to_string(round_id), scope.id,
      nullptr,
      boost::json::object{{"status", status ? enum_name(*status) : std::string_view("all")},
                          {"rows", static_cast<int64_t>(out.size())}}));
  return out;
}

}  // namespace gonghui::subsidy
