// Distributions (发放): vouchers handed to the active members of a subtree or to listed
// members, recorded first and then issued chunk by chunk, resumable.
#include <algorithm>
#include <chrono>
#include <thread>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/internal.hpp"
#include "domain/org/org.hpp"
#include "store/batch.hpp"

namespace gonghui::campaign {

namespace bj = boost::json;
using store::Params;
using store::Rows;

namespace {

constexpr std::string_view kDistributionSelect =
    "SELECT id, campaign_id, target_org_id, status, recipients, issued, created_at, fingerprint "
    "FROM campaign_distributions";

Distribution distribution_from_row(const store::Row& r) {
  Distribution d;
  d.id = r.integer(0);
  d.campaign_id = r.integer(1);
  d.target_org_id = r.integer(2);
  d.done = r.text(3) == "done";
  d.recipients = r.integer(4);
  d.issued = r.integer(5);
  d.created_at = r.integer(6);
  return d;
}

Result<Distribution> load_distribution(store::Tx& tx, int64_t id) {
  GH_ASSIGN(Rows rows, tx.query(std::string(kDistributionSelect) + " WHERE id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("distribution");
  }
  return distribution_from_row(rows[0]);
}

}  // namespace

Result<Distribution> start_distribution(store::Tx& tx, const Principal& admin, int64_t campaign_id,
                                        const DistributionInput& input, std::string_view key) {
  if (key.empty() || key.size() > 200) {
    return Error::invalid("Idempotency-Key", "idempotency_key_required",
                          "a distribution needs an Idempotency-Key of 1 to 200 characters");
  }
  if ((input.org_id != 0) == !input.member_ids.empty()) {
    return Error::invalid("org_id", "one_target_required",
                          "give either org_id (a whole union) or member_ids (a list)");
  }
  if (input.member_ids.size() > ledger::kMaxGrantMembers) {
    return Error::invalid("member_ids", "too_many",
                          "at most " + std::to_string(ledger::kMaxGrantMembers) +
                              " members per distribution; distribute to a union instead");
  }
  GH_ASSIGN(Campaign c, internal::load_for_admin(tx, admin, campaign_id));
  std::vector<int64_t> ids = input.member_ids;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::string canonical = std::to_string(campaign_id) + "|" + std::to_string(input.org_id) + "|";
  for (int64_t id : ids) {
    canonical += std::to_string(id) + ",";
  }
  const std::string fingerprint = crypto::sha256_hex(canonical);
  GH_ASSIGN(Rows existing, tx.query(std::string(kDistributionSelect) +
                                        " WHERE created_by = ? AND idempotency_key = ?",
                                    {admin.account_id, std::string(key)}));
  if (!existing.empty()) {
    if (existing[0].text(7) != fingerprint) {
      return Error::conflict("idempotency_conflict",
                             "this Idempotency-Key was used for a different distribution",
                             "Idempotency-Key");
    }
    Distribution d = distribution_from_row(existing[0]);
    d.replayed = true;
    return d;
  }
  if (c.input.kind != Kind::kDistribution) {
    return Error::conflict("not_a_distribution", "only a distribution campaign is handed out");
  }
  if (c.stored_status != CampaignStatus::kPublished) {
    return Error::conflict(
        c.stored_status == CampaignStatus::kCancelled ? "campaign_cancelled" : "not_published",
        "only a published distribution can be handed out");
  }
  GH_ASSIGN(org::Org organiser, org::get(tx, c.input.org_id));
  const org::PathRange campaign_range = org::range_of(organiser.path);
  Distribution d;
  d.id = new_id();
  d.campaign_id = campaign_id;
  d.created_at = Timestamp::now().ms;
  GH_TRY(
      tx.exec("INSERT INTO campaign_distributions (id, campaign_id, target_org_id, status, "
              "recipients, issued, created_by, idempotency_key, fingerprint, created_at, "
              "finished_at) VALUES (?, ?, ?, 'running', 0, 0, ?, ?, ?, ?, 0)",
              {d.id, campaign_id, input.org_id, admin.account_id, std::string(key), fingerprint,
               d.created_at}));
  // Members who already received this campaign's voucher are skipped (DO NOTHING).
  if (input.org_id != 0) {
    auto target = org::require_in_scope(tx, admin, input.org_id);
    if (!target.ok()) {
      if (target.error().kind == ErrorKind::kNotFound) {
        return Error::invalid("org_id", "unknown_org", "no union has that id");
      }
      return std::move(target).error();
    }
    if (target->path < campaign_range.lower || target->path >= campaign_range.upper) {
      return Error::invalid("org_id", "not_in_subtree",
                            "that union is not under the campaign's union");
    }
    d.target_org_id = target->id;
    const org::PathRange range = org::range_of(target->path);
    std::string narrowed;
    Params params{campaign_id, d.id, range.lower, range.upper};
    if (!c.input.base_org_ids.empty()) {
      narrowed = " AND m.org_id IN (" + store::repeated("?", c.input.base_org_ids.size()) + ")";
      params.insert(params.end(), c.input.base_org_ids.begin(), c.input.base_org_ids.end());
    }
    GH_ASSIGN(d.recipients,
              tx.exec("INSERT INTO campaign_recipients (campaign_id, member_id, distribution_id, "
                      "voucher_id) SELECT ?, m.id, ?, 0 FROM members m JOIN orgs o ON "
                      "o.id = m.org_id WHERE o.path >= ? AND o.path < ? AND m.status = 'active'" +
                          narrowed + " ON CONFLICT (campaign_id, member_id) DO NOTHING",
                      params));
  } else {
    GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
    for (int64_t member_id : ids) {
      auto info = internal::load_member(tx, member_id);
      if (!info.ok()) {
        return Error::invalid("member_ids", "unknown_member",
                              "no member has id " + std::to_string(member_id));
      }
      if (std::find(info->path_ids.begin(), info->path_ids.end(), scope.id) ==
          info->path_ids.end()) {
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
      GH_ASSIGN(int64_t added, tx.exec("INSERT INTO campaign_recipients (campaign_id, member_id, "
                                       "distribution_id, voucher_id) VALUES (?, ?, ?, 0) "
                                       "ON CONFLICT (campaign_id, member_id) DO NOTHING",
                                       {campaign_id, member_id, d.id}));
      d.recipients += added;
    }
  }
  // The stock is reserved for every recipient before any voucher is issued; the WHERE
  // clause means concurrent distributions can never take more than the quantity.
  const Prize& prize = c.prizes.front();
  GH_ASSIGN(int64_t reserved,
            tx.exec("UPDATE campaign_prizes SET remaining = remaining - ? WHERE id = ? AND "
                    "remaining >= ?",
                    {d.recipients, prize.id, d.recipients}));
  if (reserved != 1) {
    GH_ASSIGN(Rows left,
              tx.query("SELECT remaining FROM campaign_prizes WHERE id = ?", {prize.id}));
    return Error::conflict("insufficient_stock",
                           std::to_string(d.recipients) + " recipients but only " +
                               std::to_string(left.empty() ? 0 : left[0].integer(0)) +
                               " left in stock");
  }
  d.done = d.recipients == 0;
  GH_TRY(
      tx.exec("UPDATE campaign_distributions SET recipients = ?, target_org_id = ?, "
              "status = ?, finished_at = ? WHERE id = ?",
              {d.recipients, d.target_org_id, std::string(d.done ? "done" : "running"),
               d.done ? d.created_at : int64_t{0}, d.id}));
  bj::object after = internal::snapshot(c);
  after["distribution_id"] = id_string(d.id);
  after["target_org_id"] = d.target_org_id ? bj::value(id_string(d.target_org_id)) : nullptr;
  after["recipients"] = d.recipients;
  GH_TRY(audit::record(tx, admin, "campaign.distribute", "campaign", id_string(campaign_id),
                       c.input.org_id, nullptr, after));
  return d;
}

Result<Distribution> distribution_chunk(store::Db& db, int64_t distribution_id, int64_t chunk) {
  Distribution d;
  Status status = db.write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(d, load_distribution(tx, distribution_id));
    if (d.done) {
      return Status::Ok();
    }
    GH_ASSIGN(Campaign c, internal::load(tx, d.campaign_id));
    GH_ASSIGN(Rows rows, tx.query("SELECT member_id FROM campaign_recipients WHERE "
                                  "distribution_id = ? AND voucher_id = 0 ORDER BY member_id "
                                  "LIMIT ?",
                                  {distribution_id, chunk}));
    const Prize& prize = c.prizes.front();
    const int64_t now = Timestamp::now().ms;
    for (const auto& row : rows) {
      const int64_t member_id = row.integer(0);
      GH_ASSIGN(Voucher v,
                issue_voucher(tx, {c.id, prize.id, member_id, 0, prize.merchant_id,
                                   now + c.input.voucher_valid_days * internal::kDayMs}));
      // Exactly one voucher per recipient: a worker racing on the same rows finds them taken.
      GH_ASSIGN(int64_t marked,
                tx.exec("UPDATE campaign_recipients SET voucher_id = ? WHERE campaign_id = ? "
                        "AND member_id = ? AND voucher_id = 0",
                        {v.id, c.id, member_id}));
      if (marked != 1) {
        return Error{ErrorKind::kUnavailable,
                     "distribution_busy",
                     "another worker is running this distribution",
                     {}};
      }
    }
    const bool last = static_cast<int64_t>(rows.size()) < chunk;
    d.issued += static_cast<int64_t>(rows.size());
    d.done = last;
    GH_TRY(
        tx.exec("UPDATE campaign_distributions SET issued = issued + ?, status = ?, "
                "finished_at = ? WHERE id = ?",
                {static_cast<int64_t>(rows.size()), std::string(last ? "done" : "running"),
                 last ? now : int64_t{0}, distribution_id}));
    return Status::Ok();
  });
  if (!status.ok()) {
    return std::move(status).error();
  }
  return d;
}

Result<Distribution> run_distribution(store::Db& db, int64_t distribution_id, int64_t chunk) {
  for (int busy = 0;;) {
    auto d = distribution_chunk(db, distribution_id, chunk);
    if (!d.ok() && d.error().code == "distribution_busy") {
      if (++busy < 50) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      // Another worker (another instance, given the same request) is running it: report
      // where it stands instead of failing; re-sending the request shows the rest.
      Distribution now;
      GH_TRY(db.read([&](store::Tx& tx) -> Status {
        GH_ASSIGN(now, load_distribution(tx, distribution_id));
        return Status::Ok();
      }));
      return now;
    }
    if (!d.ok() || d->done) {
      return d;
    }
  }
}

}  // namespace gonghui::campaign
