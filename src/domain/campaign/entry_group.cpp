// Members' entries run together (EntryGroup): a lottery's checked in memory and written with
// a few statements for all of them; any other campaign's one by one through enter().
#include <algorithm>
#include <unordered_map>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/internal.hpp"
#include "domain/ledger/ledger.hpp"
#include "store/batch.hpp"

namespace gonghui::campaign {

using store::Rows;

namespace {

// One lottery's entries of a group: enter()'s checks in its order, against the campaign,
// its members, their counts and their points as read once and changed in memory by the
// entries before; then every accepted entry written at once.
Status enter_lottery(store::Tx& tx, const Campaign& c, const std::vector<EntryWrite*>& writes,
                     int64_t now) {
  GH_ASSIGN(std::string privacy_text, internal::privacy_key(tx));
  const crypto::HmacSha256Key privacy(privacy_text);
  std::unordered_map<int64_t, Result<internal::MemberInfo>> members;
  std::unordered_map<int64_t, int64_t> used;  // the member's tickets, as the entries left them
  ledger::SpendBatch spends(c.input.org_id, c.input.title);
  // internal::load_member() and the spend's read of the member's balance in one read of the member;
  // each union's path once for the group.
  std::unordered_map<int64_t, Result<std::vector<int64_t>>> org_paths;
  auto read_member = [&](int64_t member_id) -> Result<internal::MemberInfo> {
    GH_ASSIGN(Rows rows, tx.query("SELECT m.org_id, m.status, a.balance FROM members m "
                                  "LEFT JOIN ledger_accounts a ON a.id = m.id WHERE m.id = ?",
                                  {member_id}));
    if (rows.empty()) {
      return Error::not_found("member");
    }
    internal::MemberInfo info{rows[0].integer(0), rows[0].text(1) == "active", {}};
    auto path = org_paths.find(info.org_id);
    if (path == org_paths.end()) {
      Result<std::vector<int64_t>> ids = Error::not_found("member");
      GH_ASSIGN(Rows org, tx.query("SELECT path FROM orgs WHERE id = ?", {info.org_id}));
      if (!org.empty()) {
        ids = internal::path_ids(org[0].text(0));
      }
      path = org_paths.emplace(info.org_id, std::move(ids)).first;
    }
    if (!path->second.ok()) {
      return path->second.error();
    }
    info.path_ids = *path->second;
    spends.seen(member_id, info.active,
                rows[0].is_null(2) ? std::nullopt : std::optional<int64_t>(rows[0].integer(2)));
    return info;
  };
  std::vector<std::pair<EntryWrite*, Entry>> accepted;
  for (EntryWrite* w : writes) {
    w->now = now;
    auto member = members.find(w->member_id);
    if (member == members.end()) {
      member = members.emplace(w->member_id, read_member(w->member_id)).first;
    }
    if (!member->second.ok()) {
      w->result = member->second.error();
      continue;
    }
    Status admitted = internal::admission(c, *member->second, now);
    if (admitted.ok()) {
      admitted = internal::ticket_count(c, w->tickets);
    }
    if (!admitted.ok()) {
      w->result = admitted.error();
      continue;
    }
    auto count = used.find(w->member_id);
    if (count == used.end()) {
      GH_ASSIGN(int64_t tickets, internal::lottery_tickets(tx, c.id, w->member_id));
      count = used.emplace(w->member_id, tickets).first;
    }
    if (count->second + w->tickets > c.input.per_member_limit) {
      w->result = internal::limit_reached(c);
      continue;
    }
    Entry e;
    e.id = new_id();
    e.campaign_id = c.id;
    e.member_id = w->member_id;
    e.tickets = w->tickets;
    e.points = c.input.points_cost * w->tickets;
    e.created_at = now;
    if (e.points > 0) {
      Status paid = spends.reserve(tx, e.member_id, e.points, "campaign_entry:" + id_string(e.id));
      if (!paid.ok()) {
        w->result = paid.error();
        continue;
      }
    }
    count->second += w->tickets;
    e.member_ref = member_ref(privacy, c.id, e.member_id);
    accepted.emplace_back(w, std::move(e));
  }
  if (accepted.empty()) {
    return Status::Ok();
  }
  GH_ASSIGN(std::vector<ledger::Transfer> transfers, spends.write(tx));
  size_t next_transfer = 0;
  for (auto& [w, e] : accepted) {
    if (e.points > 0) {
      e.spend_id = transfers.at(next_transfer++).id;
    }
  }
  GH_TRY(store::in_slices(accepted.size(), [&](size_t begin, size_t n) -> Status {
    store::Params params;
    params.reserve(n * 8);
    for (size_t i = begin; i < begin + n; ++i) {
      const Entry& e = accepted[i].second;
      params.insert(params.end(), {e.id, e.campaign_id, e.member_id, e.tickets, e.points,
                                   e.spend_id, e.created_at, e.slot_id});
    }
    GH_TRY(
        tx.exec("INSERT INTO campaign_entries (id, campaign_id, member_id, tickets, points, "
                "spend_id, refunded, created_at, slot_id, cancelled_at) VALUES " +
                    store::repeated("(?, ?, ?, ?, ?, ?, 0, ?, ?, 0)", n),
                params));
    return Status::Ok();
  }));
  for (auto& [w, e] : accepted) {
    w->result = std::move(e);
  }
  return Status::Ok();
}

}  // namespace

Status EntryGroup::run(store::Tx& tx, const std::vector<store::GroupedWrite*>& writes) {
  const int64_t now = Timestamp::now().ms;
  // By campaign, each campaign's entries in their order.
  std::vector<std::pair<int64_t, std::vector<EntryWrite*>>> campaigns;
  for (store::GroupedWrite* write : writes) {
    auto* w = static_cast<EntryWrite*>(write);
    auto it = std::find_if(campaigns.begin(), campaigns.end(),
                           [&](const auto& c) { return c.first == w->campaign_id; });
    if (it == campaigns.end()) {
      campaigns.emplace_back(w->campaign_id, std::vector<EntryWrite*>{});
      it = std::prev(campaigns.end());
    }
    it->second.push_back(w);
  }
  for (auto& [campaign_id, entries] : campaigns) {
    auto c = internal::load(tx, campaign_id, internal::Depth::kForEntry);
    if (c.ok() && c->input.kind == Kind::kLottery) {
      GH_TRY(enter_lottery(tx, *c, entries, now));
      continue;
    }
    // Anything else (or no such campaign) as enter() answers it, one at a time.
    for (EntryWrite* w : entries) {
      w->now = now;
      Status control = tx.isolated([&](store::Tx& inner) -> Status {
        w->result = enter(inner, w->member_id, w->campaign_id, w->tickets, now);
        return w->result.ok() ? Status::Ok() : Status(w->result.error());
      });
      if (!control.ok() && w->result.ok()) {
        return control;  // the savepoint itself failed
      }
    }
  }
  return Status::Ok();
}

}  // namespace gonghui::campaign
