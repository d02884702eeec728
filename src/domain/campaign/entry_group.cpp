// Members' entries run together (EntryGroup): a lottery's checked in memory and written with
// a few statements for all of them; any other campaign's one by one through enter().
#include <algorithm>
#include <unordered_map>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/internal.hpp"
#include "domain/campaign/statements.hpp"
#include "domain/ledger/ledger.hpp"

namespace gonghui::campaign {
namespace {

using store::Rows;

// One lottery's entries of a group: enter()'s checks in its order, against the campaign,
// its members, their tickets and their points as read once and changed in memory by the
// entries before; then every accepted entry written at once.
class LotteryEntries {
 public:
  LotteryEntries(store::Tx& tx, const Campaign& c, int64_t now, const std::string& privacy)
      : tx_(tx), c_(c), now_(now), privacy_(privacy), spends_(c.input.org_id, c.input.title) {}

  // Checks one entry and, if it is accepted, keeps it for write(); a refusal is the write's
  // result. An error is a failure of the store.
  Status take(EntryWrite& w);
  // Writes the points and the entries accepted, and gives each its result.
  Status write();

 private:
  Result<internal::MemberInfo> read_member(int64_t member_id);
  // The union's path's ids, read once for the group.
  Result<std::vector<int64_t>> path_of(int64_t org_id);

  store::Tx& tx_;
  const Campaign& c_;
  const int64_t now_;
  const crypto::HmacSha256Key privacy_;
  ledger::SpendBatch spends_;
  std::unordered_map<int64_t, Result<internal::MemberInfo>> members_;
  std::unordered_map<int64_t, Result<std::vector<int64_t>>> org_paths_;
  std::unordered_map<int64_t, int64_t> used_;  // the member's tickets, as the entries left them
  std::vector<std::pair<EntryWrite*, Entry>> accepted_;
};

Result<std::vector<int64_t>> LotteryEntries::path_of(int64_t org_id) {
  auto path = org_paths_.find(org_id);
  if (path == org_paths_.end()) {
    Result<std::vector<int64_t>> ids = Error::not_found("member");
    GH_ASSIGN(Rows org, tx_.query(sql::kOrgPath, {org_id}));
    if (!org.empty()) {
      ids = internal::path_ids(org[0].text(0));
    }
    path = org_paths_.emplace(org_id, std::move(ids)).first;
  }
  return path->second;
}

Result<internal::MemberInfo> LotteryEntries::read_member(int64_t member_id) {
  GH_ASSIGN(Rows rows, tx_.query(sql::kMemberWithBalance, {member_id}));
  if (rows.empty()) {
    return Error::not_found("member");
  }
  internal::MemberInfo info{rows[0].integer(0), rows[0].text(1) == "active", {}};
  GH_ASSIGN(info.path_ids, path_of(info.org_id));
  spends_.seen(member_id, info.active,
               rows[0].is_null(2) ? std::nullopt : std::optional<int64_t>(rows[0].integer(2)));
  return info;
}

Status LotteryEntries::take(EntryWrite& w) {
  w.now = now_;
  auto member = members_.find(w.member_id);
  if (member == members_.end()) {
    member = members_.emplace(w.member_id, read_member(w.member_id)).first;
  }
  Status admitted = member->second.ok() ? internal::admission(c_, *member->second, now_)
                                        : Status(member->second.error());
  if (admitted.ok()) {
    admitted = internal::ticket_count(c_, w.tickets);
  }
  if (!admitted.ok()) {
    w.result = admitted.error();
    return Status::Ok();
  }
  auto count = used_.find(w.member_id);
  if (count == used_.end()) {
    GH_ASSIGN(int64_t tickets, internal::lottery_tickets(tx_, c_.id, w.member_id));
    count = used_.emplace(w.member_id, tickets).first;
  }
  if (count->second + w.tickets > c_.input.per_member_limit) {
    w.result = internal::limit_reached(c_);
    return Status::Ok();
  }
  Entry e = internal::new_entry(c_, w.member_id, w.tickets, now_);
  if (e.points > 0) {
    Status paid = spends_.reserve(tx_, e.member_id, e.points, "campaign_entry:" + id_string(e.id));
    if (!paid.ok()) {
      w.result = paid.error();
      return Status::Ok();
    }
  }
  count->second += w.tickets;
  e.member_ref = member_ref(privacy_, c_.id, e.member_id);
  accepted_.emplace_back(&w, std::move(e));
  return Status::Ok();
}

Status LotteryEntries::write() {
  if (accepted_.empty()) {
    return Status::Ok();
  }
  GH_ASSIGN(std::vector<ledger::Transfer> transfers, spends_.write(tx_));
  size_t next_transfer = 0;
  for (auto& [w, e] : accepted_) {
    if (e.points > 0) {
      e.spend_id = transfers.at(next_transfer++).id;
    }
  }
  std::vector<const Entry*> entries;
  entries.reserve(accepted_.size());
  for (const auto& [w, e] : accepted_) {
    entries.push_back(&e);
  }
  GH_TRY(internal::record_entries(tx_, entries));
  for (auto& [w, e] : accepted_) {
    w->result = std::move(e);
  }
  return Status::Ok();
}

// The writes by campaign, each campaign's in their order.
std::vector<std::pair<int64_t, std::vector<EntryWrite*>>> by_campaign(
    const std::vector<store::GroupedWrite*>& writes) {
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
  return campaigns;
}

}  // namespace

Status EntryGroup::run(store::Tx& tx, const std::vector<store::GroupedWrite*>& writes) {
  const int64_t now = Timestamp::now().ms;
  for (auto& [campaign_id, entries] : by_campaign(writes)) {
    auto c = internal::load(tx, campaign_id, internal::Depth::kForEntry);
    if (c.ok() && c->input.kind == Kind::kLottery) {
      GH_ASSIGN(std::string privacy, internal::privacy_key(tx));
      LotteryEntries lottery(tx, *c, now, privacy);
      for (EntryWrite* w : entries) {
        GH_TRY(lottery.take(*w));
      }
      GH_TRY(lottery.write());
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

void EntryDesk::submit(const EntryRequest& request, Done done) {
  if (request.slot_id == 0) {
    auto write =
        std::make_shared<EntryWrite>(request.member_id, request.campaign_id, request.tickets);
    db_.write_grouped(group_, write, [write, done = std::move(done)](Status status) {
      done(status.ok() ? std::move(write->result) : Result<Entry>(status.error()), write->now);
    });
    return;
  }
  // Set, not accumulated, inside the transaction: PostgreSQL may run it again.
  struct Outcome {
    Result<Entry> entry = Error::internal("the booking was not run");
    int64_t now = 0;
  };
  auto outcome = std::make_shared<Outcome>();
  db_.write_async(
      [request, outcome](store::Tx& tx) -> Status {
        outcome->now = Timestamp::now().ms;
        outcome->entry = take_part(tx, request, outcome->now);
        return outcome->entry.ok() ? Status::Ok() : Status(outcome->entry.error());
      },
      [outcome, done = std::move(done)](Status status) {
        done(status.ok() ? std::move(outcome->entry) : Result<Entry>(status.error()), outcome->now);
      });
}

}  // namespace gonghui::campaign
