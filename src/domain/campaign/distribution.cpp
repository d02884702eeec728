// Distributions (发放): vouchers handed to the active members of a subtree or to listed
// members, recorded first and then issued chunk by chunk, resumable (a chunked job).
#include <algorithm>

#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/internal.hpp"
#include "domain/campaign/statements.hpp"
#include "domain/chunked/chunked.hpp"
#include "domain/org/org.hpp"
#include "store/batch.hpp"
#include "store/columns.hpp"

namespace gonghui::campaign {
namespace {

namespace bj = boost::json;
using store::Params;
using store::Rows;

constexpr std::string_view kDistributionColumns =
    "id, campaign_id, target_org_id, CASE WHEN status = 'done' THEN 1 ELSE 0 END, recipients, "
    "issued, created_at, fingerprint";

// The fingerprint is the column after the fields.
using DistributionFields =
    store::Fields<&Distribution::id, &Distribution::campaign_id, &Distribution::target_org_id,
                  &Distribution::done, &Distribution::recipients, &Distribution::issued,
                  &Distribution::created_at>;
static_assert(DistributionFields::columns + 1 == store::column_count(kDistributionColumns));

Distribution distribution_from_row(const store::Row& r) { return DistributionFields::read(r); }

constexpr chunked::JobTable<Distribution> kDistributions{
    "distribution", "campaign_distributions", kDistributionColumns, DistributionFields::columns,
    distribution_from_row};

// Every active member of the subtree of `org_id` (within the campaign's union and its listed
// base unions), recorded as recipients of distribution `d`; returns how many were new.
Result<int64_t> add_subtree(store::Tx& tx, const Principal& admin, const Campaign& c,
                            int64_t org_id, Distribution& d) {
  GH_ASSIGN(org::Org organiser, org::get(tx, c.input.org_id));
  const org::PathRange campaign_range = org::range_of(organiser.path);
  GH_ASSIGN(const org::Org target,
            chunked::named_union(org::require_in_scope(tx, admin, org_id), "org_id"));
  if (target.path < campaign_range.lower || target.path >= campaign_range.upper) {
    return Error::invalid("org_id", "not_in_subtree",
                          "that union is not under the campaign's union");
  }
  d.target_org_id = target.id;
  const org::PathRange range = org::range_of(target.path);
  std::string narrowed;
  Params params{c.id, d.id, range.lower, range.upper};
  if (!c.input.base_org_ids.empty()) {
    narrowed = " AND m.org_id IN (" + store::repeated("?", c.input.base_org_ids.size()) + ")";
    params.insert(params.end(), c.input.base_org_ids.begin(), c.input.base_org_ids.end());
  }
  return tx.exec(
      std::string(sql::kInsertSubtreeRecipients) + narrowed + std::string(sql::kOnlyOnce), params);
}

// The listed members, each checked (exists, in the admin's scope, eligible), recorded as
// recipients of `d` if active; returns how many were new.
Result<int64_t> add_listed(store::Tx& tx, const Principal& admin, const Campaign& c,
                           const std::vector<int64_t>& ids, const Distribution& d) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  int64_t added = 0;
  for (int64_t member_id : ids) {
    auto info = internal::load_member(tx, member_id);
    if (!info.ok()) {
      return Error::invalid("member_ids", "unknown_member",
                            "no member has id " + std::to_string(member_id));
    }
    if (std::find(info->path_ids.begin(), info->path_ids.end(), scope.id) == info->path_ids.end()) {
      return Error::forbidden("member " + std::to_string(member_id) +
                              " is outside your part of the tree");
    }
    if (!internal::eligible(c, *info)) {
      return Error::invalid(
          "member_ids", "not_eligible",
          "member " + std::to_string(member_id) + " is not eligible for this campaign");
    }
    if (!info->active) {
      continue;  // frozen or left: like a subtree distribution, only active members
    }
    GH_ASSIGN(int64_t one, tx.exec(sql::kInsertListedRecipient, {c.id, member_id, d.id}));
    added += one;
  }
  return added;
}

// Takes the recipients' stock from the prize before any voucher is issued (Conflict
// insufficient_stock).
Status reserve_stock(store::Tx& tx, const Prize& prize, int64_t recipients) {
  GH_ASSIGN(int64_t reserved, tx.exec(sql::kReserveStock, {recipients, prize.id, recipients}));
  if (reserved != 1) {
    GH_ASSIGN(Rows left,
              tx.query("SELECT remaining FROM campaign_prizes WHERE id = ?", {prize.id}));
    return Error::conflict("insufficient_stock",
                           std::to_string(recipients) + " recipients but only " +
                               std::to_string(left.empty() ? 0 : left[0].integer(0)) +
                               " left in stock");
  }
  return Status::Ok();
}

// The distribution campaign an admin may hand out now (Conflict not_a_distribution,
// campaign_cancelled, not_published).
Status require_distributable(const Campaign& c) {
  if (c.input.kind != Kind::kDistribution) {
    return Error::conflict("not_a_distribution", "only a distribution campaign is handed out");
  }
  if (c.stored_status != CampaignStatus::kPublished) {
    return Error::conflict(
        c.stored_status == CampaignStatus::kCancelled ? "campaign_cancelled" : "not_published",
        "only a published distribution can be handed out");
  }
  return Status::Ok();
}

}  // namespace

Result<Distribution> start_distribution(store::Tx& tx, const Principal& admin, int64_t campaign_id,
                                        const DistributionInput& input, std::string_view key) {
  GH_TRY(chunked::require_key(key, kDistributions.noun));
  GH_TRY(chunked::require_one_target(input.org_id, input.member_ids, ledger::kMaxGrantMembers,
                                     kDistributions.noun, "distribute"));
  GH_ASSIGN(Campaign c, internal::load_for_admin(tx, admin, campaign_id));
  const std::vector<int64_t> ids = chunked::distinct(input.member_ids);
  const std::string fingerprint = chunked::fingerprint(
      std::to_string(campaign_id) + "|" + std::to_string(input.org_id) + "|", ids);
  GH_ASSIGN(std::optional<Distribution> replayed,
            chunked::find_keyed(tx, kDistributions, admin.account_id, key, fingerprint));
  if (replayed) {
    return std::move(*replayed);
  }
  GH_TRY(require_distributable(c));
  Distribution d;
  d.id = new_id();
  d.campaign_id = campaign_id;
  d.created_at = Timestamp::now().ms;
  GH_TRY(tx.exec(sql::kInsertDistribution, {d.id, campaign_id, input.org_id, admin.account_id,
                                            std::string(key), fingerprint, d.created_at}));
  if (input.org_id != 0) {
    GH_ASSIGN(d.recipients, add_subtree(tx, admin, c, input.org_id, d));
  } else {
    GH_ASSIGN(d.recipients, add_listed(tx, admin, c, ids, d));
  }
  GH_TRY(reserve_stock(tx, c.prizes.front(), d.recipients));
  GH_ASSIGN(d.done, chunked::record_recipients(tx, kDistributions.table, d.id, d.recipients,
                                               d.target_org_id, d.created_at));
  bj::object after = internal::snapshot(c);
  after["distribution_id"] = id_string(d.id);
  after["target_org_id"] = d.target_org_id ? bj::value(id_string(d.target_org_id)) : nullptr;
  after["recipients"] = d.recipients;
  GH_TRY(audit::record(tx, admin, "campaign.distribute", "campaign", id_string(campaign_id),
                       c.input.org_id, nullptr, after));
  return d;
}

Result<Distribution> distribution_chunk(store::Db& db, int64_t distribution_id, int64_t chunk) {
  return chunked::run_chunk(
      db, kDistributions, distribution_id, [&](store::Tx& tx, Distribution& d) -> Status {
        GH_ASSIGN(Campaign c, internal::load(tx, d.campaign_id));
        GH_ASSIGN(Rows rows, tx.query(sql::kNextRecipients, {distribution_id, chunk}));
        const Prize& prize = c.prizes.front();
        const int64_t now = Timestamp::now().ms;
        for (const auto& row : rows) {
          const int64_t member_id = row.integer(0);
          GH_ASSIGN(Voucher v,
                    issue_voucher(tx, {c.id, prize.id, member_id, 0, prize.merchant_id,
                                       now + c.input.voucher_valid_days * internal::kDayMs}));
          GH_ASSIGN(int64_t marked, tx.exec(sql::kMarkIssued, {v.id, c.id, member_id}));
          if (marked != 1) {
            return chunked::busy(kDistributions.noun);
          }
        }
        const bool last = static_cast<int64_t>(rows.size()) < chunk;
        d.issued += static_cast<int64_t>(rows.size());
        d.done = last;
        GH_TRY(tx.exec(sql::kCountIssued,
                       {static_cast<int64_t>(rows.size()), std::string(last ? "done" : "running"),
                        last ? now : int64_t{0}, distribution_id}));
        return Status::Ok();
      });
}

Result<Distribution> run_distribution(store::Db& db, int64_t distribution_id, int64_t chunk) {
  // Another worker (another instance, given the same request) running it for about a second:
  // report where it stands instead of failing; re-sending the request shows the rest.
  return chunked::run(db, kDistributions, distribution_id,
                      [&] { return distribution_chunk(db, distribution_id, chunk); },
                      {.busy_answers = 50, .busy_pause = std::chrono::milliseconds(20)});
}

Result<Distribution> distribute(store::Db& db, const Principal& admin, int64_t campaign_id,
                                const DistributionInput& input, std::string_view key) {
  GH_ASSIGN(Distribution d, chunked::start(db, [&](store::Tx& tx) {
              return start_distribution(tx, admin, campaign_id, input, key);
            }));
  if (d.done) {
    return d;
  }
  GH_ASSIGN(Distribution ran, run_distribution(db, d.id));
  ran.replayed = d.replayed;
  return ran;
}

}  // namespace gonghui::campaign
