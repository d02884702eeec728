// 求学圆梦 rounds: the city union sets them up, opens them to members and approves them.
#include <algorithm>
#include <set>

#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/org/org.hpp"
#include "domain/subsidy/internal.hpp"

namespace gonghui::subsidy {
namespace {

constexpr size_t kMaxWindows = 4;
constexpr int64_t kMaxAmountFen = 10'000'000;
constexpr int64_t kMaxQuota = 100'000;

Result<org::Org> require_city(store::Tx& tx, const Principal& admin) {
  GH_ASSIGN(bool city, is_city(tx, admin));
  if (!city) {
    return Error::forbidden("only the city union manages 求学圆梦 rounds");
  }
  return org::root(tx);
}

Status check_windows(std::vector<Window>& windows) {
  if (windows.empty()) {
    return Error::invalid("windows", "required", "a round needs an application window");
  }
  if (windows.size() > kMaxWindows) {
    return Error::invalid("windows", "too_many", "at most 4 windows");
  }
  std::sort(windows.begin(), windows.end(),
            [](const Window& a, const Window& b) { return a.opens_at < b.opens_at; });
  for (size_t i = 0; i < windows.size(); ++i) {
    if (windows[i].closes_at <= windows[i].opens_at) {
      return Error::invalid("windows", "invalid_window", "a window must close after it opens");
    }
    if (i > 0 && windows[i].opens_at < windows[i - 1].closes_at) {
      return Error::invalid("windows", "overlapping_windows", "windows may not overlap");
    }
  }
  return Status::Ok();
}

Status check_levels(const std::vector<LevelAmount>& levels) {
  if (levels.empty()) {
    return Error::invalid("levels", "required", "a round pays at least one level");
  }
  std::set<Degree> seen;
  for (const LevelAmount& l : levels) {
    if (!seen.insert(l.level).second) {
      return Error::invalid("levels", "duplicate_level", "each level once");
    }
    if (l.amount_fen < 1 || l.amount_fen > kMaxAmountFen) {
      return Error::invalid("levels", "invalid_amount", "amounts are 1 to 10,000,000 fen");
    }
  }
  return Status::Ok();
}

// Each quota names a district union (directly under the federation, not closed) once.
Status check_quotas(store::Tx& tx, const org::Org& root, std::vector<Quota>& quotas) {
  if (quotas.empty()) {
    return Error::invalid("quotas", "required", "give at least one district a quota");
  }
  std::set<int64_t> seen;
  for (Quota& q : quotas) {
    auto district = org::get(tx, q.org_id);
    if (!district.ok() && district.error().kind != ErrorKind::kNotFound) {
      return std::move(district).error();
    }
    if (!district.ok() || district->parent_id != root.id || district->closed) {
      return Error::invalid("quotas", "not_a_district",
                            "quotas are given to unions directly under the federation");
    }
    q.org_name = district->name;
    if (!seen.insert(q.org_id).second) {
      return Error::invalid("quotas", "duplicate_district", "each district once");
    }
    if (q.quota < 0 || q.quota > kMaxQuota) {
      return Error::invalid("quotas", "invalid_quota", "a quota is 0 to 100,000 people");
    }
  }
  return Status::Ok();
}

// Checks every field the input sets, tidying text and ordering windows.
Status check_input(store::Tx& tx, const org::Org& root, RoundInput& in) {
  if (in.year && (*in.year < 2000 || *in.year > 2100)) {
    return Error::invalid("year", "invalid_year", "year must be 2000 to 2100");
  }
  if (in.title) {
    GH_ASSIGN(*in.title, internal::text_field(std::move(*in.title), "title", 60));
  }
  if (in.description) {
    GH_ASSIGN(*in.description,
              internal::text_field(std::move(*in.description), "description", 2000, false));
  }
  if (in.windows) {
    GH_TRY(check_windows(*in.windows));
  }
  if (in.levels) {
    GH_TRY(check_levels(*in.levels));
  }
  if (in.quotas) {
    GH_TRY(check_quotas(tx, root, *in.quotas));
  }
  if (in.min_membership_months &&
      (*in.min_membership_months < 0 || *in.min_membership_months > 600)) {
    return Error::invalid("min_membership_months", "invalid_months", "0 to 600 months");
  }
  return Status::Ok();
}

Status write_windows(store::Tx& tx, int64_t id, const std::vector<Window>& windows) {
  GH_TRY(tx.exec("DELETE FROM subsidy_windows WHERE round_id = ?", {id}));
  for (const Window& w : windows) {
    GH_TRY(tx.exec("INSERT INTO subsidy_windows (round_id, opens_at, closes_at) VALUES (?, ?, ?)",
                   {id, w.opens_at, w.closes_at}));
  }
  return Status::Ok();
}

Status write_levels(store::Tx& tx, int64_t id, const std::vector<LevelAmount>& levels) {
  GH_TRY(tx.exec("DELETE FROM subsidy_levels WHERE round_id = ?", {id}));
  for (const LevelAmount& l : levels) {
    GH_TRY(tx.exec("INSERT INTO subsidy_levels (round_id, level, amount_fen) VALUES (?, ?, ?)",
                   {id, std::string(enum_name(l.level)), l.amount_fen}));
  }
  return Status::Ok();
}

Error below_used(const std::string& name) {
  return Error::invalid("quotas", "quota_below_used",
                        name + " has approved more than that, or has applications under way");
}

// Sets the quotas: changed in place (never below what is used: the CHECK refuses it even when
// a district approves meanwhile), new ones added, and ones left out removed where nothing uses
// them.
Status write_quotas(store::Tx& tx, const Round& before, const std::vector<Quota>& quotas) {
  for (const Quota& old : before.quotas) {
    const bool kept = std::any_of(quotas.begin(), quotas.end(),
                                  [&](const Quota& q) { return q.org_id == old.org_id; });
    if (kept) continue;
    GH_ASSIGN(store::Rows busy,
              tx.query("SELECT COUNT(*) FROM subsidy_applications WHERE round_id = ? AND "
                       "district_id = ? AND status <> 'withdrawn'",
                       {before.id, old.org_id}));
    if (busy[0].integer(0) > 0 || old.used > 0) return below_used(old.org_name);
    GH_TRY(tx.exec("DELETE FROM subsidy_quotas WHERE round_id = ? AND org_id = ? AND used = 0",
                   {before.id, old.org_id}));
  }
  for (const Quota& q : quotas) {
    auto written = tx.exec(
        "INSERT INTO subsidy_quotas (round_id, org_id, quota, used) VALUES (?, ?, ?, 0) "
        "ON CONFLICT (round_id, org_id) DO UPDATE SET quota = excluded.quota",
        {before.id, q.org_id, q.quota});
    if (!written.ok()) {
      return written.error().code == store::kCheckViolation ? below_used(q.org_name)
                                                            : std::move(written).error();
    }
  }
  return Status::Ok();
}

boost::json::object snapshot(const Round& r) {
  boost::json::array levels, quotas, windows;
  for (const LevelAmount& l : r.levels) {
    levels.push_back({{"level", enum_name(l.level)}, {"amount_fen", l.amount_fen}});
  }
  for (const Quota& q : r.quotas) {
    quotas.push_back({{"org_id", std::to_string(q.org_id)}, {"quota", q.quota}});
  }
  for (const Window& w : r.windows) {
    windows.push_back({{"opens_at", format_rfc3339(Timestamp{w.opens_at})},
                       {"closes_at", format_rfc3339(Timestamp{w.closes_at})}});
  }
  return {{"year", r.year},
          {"title", r.title},
          {"status", enum_name(r.status)},
          {"windows", std::move(windows)},
          {"levels", std::move(levels)},
          {"quotas", std::move(quotas)},
          {"frontline_only", r.frontline_only},
          {"min_membership_months", r.min_membership_months}};
}

// The counts and the amount paid of the admin's subtree in the round.
Status add_counts(store::Tx& tx, const org::Org& scope, Round& round) {
  const org::PathRange range = org::range_of(scope.path);
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT a.status, COUNT(*) FROM subsidy_applications a "
                     "JOIN orgs o ON o.id = a.org_id WHERE a.round_id = ? AND o.path >= ? "
                     "AND o.path < ? GROUP BY a.status",
                     {round.id, range.lower, range.upper}));
  StatusCounts& c = round.counts;
  for (const store::Row& row : rows) {
    const auto state = parse_enum<State>(row.text(0));
    if (!state) continue;
    int64_t* slot[] = {&c.submitted, &c.base_approved, &c.district_approved, &c.approved,
                       &c.paid,      &c.returned,      &c.withdrawn};
    *slot[static_cast<size_t>(*state)] = row.integer(1);
  }
  GH_ASSIGN(rows, tx.query("SELECT COALESCE(SUM(p.amount_fen), 0) FROM subsidy_payouts p "
                           "JOIN orgs o ON o.id = p.org_id WHERE p.round_id = ? AND o.path >= ? "
                           "AND o.path < ?",
                           {round.id, range.lower, range.upper}));
  round.paid_fen = rows[0].integer(0);
  return Status::Ok();
}

// Moves a round from one status to the next, recording who and when.
Result<Round> advance(store::Tx& tx, const Principal& admin, int64_t id, RoundStatus from,
                      RoundStatus to, std::string_view action) {
  GH_ASSIGN(org::Org root, require_city(tx, admin));
  GH_ASSIGN(Round before, internal::load_round(tx, id));
  const int64_t now = Timestamp::now().ms;
  Result<int64_t> changed =
      to == RoundStatus::kOpen
          ? tx.exec(
                "UPDATE subsidy_rounds SET status = 'open', opened_at = ?, updated_at = ? "
                "WHERE id = ? AND status = 'draft'",
                {now, now, id})
          : tx.exec(
                "UPDATE subsidy_rounds SET status = 'approved', approved_at = ?, "
                "approved_by_name = ?, updated_at = ? WHERE id = ? AND status = 'open'",
                {now, admin.name, now, id});
  if (!changed.ok()) {
    return std::move(changed).error();
  }
  if (*changed == 0) {
    return from == RoundStatus::kDraft
               ? Error::conflict("round_not_draft", "the round is no longer a draft")
               : Error::conflict("round_not_open", "only an open round can be approved");
  }
  GH_ASSIGN(Round after, internal::load_round(tx, id));
  GH_TRY(audit::record(tx, admin, action, "subsidy_round", std::to_string(id), root.id,
                       boost::json::object{{"status", enum_name(before.status)}},
                       boost::json::object{{"status", enum_name(after.status)}}));
  GH_TRY(add_counts(tx, root, after));
  return after;
}

}  // namespace

Result<bool> is_city(store::Tx& tx, const Principal& principal) {
  if (principal.has(Role::kPlatformAdmin)) return true;
  const RoleGrant* grant = principal.grant(Role::kOrgAdmin);
  if (grant == nullptr) return false;
  auto root = org::root(tx);
  if (!root.ok()) return false;
  return grant->org_id == root->id;
}

Result<Round> create_round(store::Tx& tx, const Principal& admin, const RoundInput& input) {
  GH_ASSIGN(org::Org root, require_city(tx, admin));
  RoundInput in = input;
  if (!in.year) return Error::invalid("year", "required", "year is required");
  if (!in.title) return Error::invalid("title", "required", "title is required");
  if (!in.windows) in.windows.emplace();
  if (!in.levels) in.levels.emplace();
  if (!in.quotas) in.quotas.emplace();
  GH_TRY(check_input(tx, root, in));
  const int64_t id = new_id();
  const int64_t now = Timestamp::now().ms;
  GH_TRY(
      tx.exec("INSERT INTO subsidy_rounds (id, year, title, description, status, frontline_only, "
              "min_membership_months, created_by, created_by_name, created_at, opened_at, "
              "approved_by_name, approved_at, updated_at) "
              "VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, 0, '', 0, ?)",
              {id, *in.year, *in.title, in.description.value_or(""),
               int64_t{in.frontline_only.value_or(false)}, in.min_membership_months.value_or(0),
               admin.account_id, admin.name, now, now}));
  GH_TRY(write_windows(tx, id, *in.windows));
  GH_TRY(write_levels(tx, id, *in.levels));
  Round empty;
  empty.id = id;
  GH_TRY(write_quotas(tx, empty, *in.quotas));
  GH_ASSIGN(Round round, internal::load_round(tx, id));
  GH_TRY(audit::record(tx, admin, "subsidy.round_create", "subsidy_round", std::to_string(id),
                       root.id, nullptr, snapshot(round)));
  GH_TRY(add_counts(tx, root, round));
  return round;
}

Result<Round> update_round(store::Tx& tx, const Principal& admin, int64_t id,
                           const RoundInput& input) {
  GH_ASSIGN(org::Org root, require_city(tx, admin));
  GH_ASSIGN(Round before, internal::load_round(tx, id));
  if (before.status == RoundStatus::kApproved) {
    return Error::conflict("round_approved", "an approved round can no longer change");
  }
  RoundInput in = input;
  if (before.status != RoundStatus::kDraft &&
      (in.year || in.levels || in.frontline_only || in.min_membership_months)) {
    return Error::conflict("round_not_draft",
                           "once open, only title, description, windows and quotas change");
  }
  GH_TRY(check_input(tx, root, in));
  GH_TRY(tx.exec(
      "UPDATE subsidy_rounds SET year = ?, title = ?, description = ?, frontline_only = ?, "
      "min_membership_months = ?, updated_at = ? WHERE id = ?",
      {in.year.value_or(before.year), in.title.value_or(before.title),
       in.description.value_or(before.description),
       int64_t{in.frontline_only.value_or(before.frontline_only)},
       in.min_membership_months.value_or(before.min_membership_months), Timestamp::now().ms, id}));
  if (in.windows) {
    GH_TRY(write_windows(tx, id, *in.windows));
  }
  if (in.levels) {
    GH_TRY(write_levels(tx, id, *in.levels));
  }
  if (in.quotas) {
    GH_TRY(write_quotas(tx, before, *in.quotas));
  }
  GH_ASSIGN(Round after, internal::load_round(tx, id));
  GH_TRY(audit::record(tx, admin, "subsidy.round_update", "subsidy_round", std::to_string(id),
                       root.id, snapshot(before), snapshot(after)));
  GH_TRY(add_counts(tx, root, after));
  return after;
}

Result<Round> open_round(store::Tx& tx, const Principal& admin, int64_t id) {
  return advance(tx, admin, id, RoundStatus::kDraft, RoundStatus::kOpen, "subsidy.round_open");
}

Result<Round> approve_round(store::Tx& tx, const Principal& admin, int64_t id) {
  return advance(tx, admin, id, RoundStatus::kOpen, RoundStatus::kApproved,
                 "subsidy.round_approve");
}

Result<std::vector<Round>> list_rounds(store::Tx& tx, const Principal& admin) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  GH_ASSIGN(bool city, is_city(tx, admin));
  GH_ASSIGN(store::Rows rows,
            tx.query(std::string("SELECT id FROM subsidy_rounds") +
                     (city ? "" : " WHERE status <> 'draft'") + " ORDER BY year DESC, id DESC"));
  std::vector<Round> out;
  for (const store::Row& row : rows) {
    GH_ASSIGN(Round round, internal::load_round(tx, row.integer(0)));
    GH_TRY(add_counts(tx, scope, round));
    out.push_back(std::move(round));
  }
  return out;
}

Result<Round> get_round(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  GH_ASSIGN(Round round, internal::load_round(tx, id));
  GH_ASSIGN(bool city, is_city(tx, admin));
  if (round.status == RoundStatus::kDraft && !city) {
    return Error::not_found("round");
  }
  GH_TRY(add_counts(tx, scope, round));
  return round;
}

}  // namespace gonghui::subsidy
