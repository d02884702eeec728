// Members' entries run together (EntryGroup): a lottery's checked in memory and written with
// a few statements for all of them; any other campaign's one by one through enter().
#include <algorithm>
#include <unordered_map>

#include "core/crypto.hpp"
#include "core/enum_names.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/internal.hpp"
#include "domain/campaign/statements.hpp"
#include "domain/ledger/ledger.hpp"
#include "store/batch.hpp"

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

  // Reads every member of these writes with their points and their tickets in the lottery,
  // a statement each for the whole group. On PostgreSQL their rows are locked first, in id
  // order, as lottery_tickets does for one entry: a member's entries in groups on several
  // instances take turns, and two groups that share members cannot deadlock over them.
  Status read_members(const std::vector<EntryWrite*>& writes);
  // Checks one entry and, if it is accepted, keeps it for write(); a refusal is the write's
  // result. An error is a failure of the store.
  Status take(EntryWrite& w);
  // Writes the points and the entries accepted, and gives each its result.
  Status write();

 private:
  // The paths of the members' unions not read before, with one statement.
  Status read_paths(const store::Rows& members);
  // The union's path's ids (read by read_paths), or not found.
  Result<std::vector<int64_t>> path_of(int64_t org_id);

  store::Tx& tx_;
  const Campaign& c_;
  const int64_t now_;
  const crypto::HmacSha256Key privacy_;
  ledger::SpendBatch spends_;
  std::unordered_map<int64_t, Result<internal::MemberInfo>> members_;
  std::unordered_map<int64_t, std::vector<int64_t>> org_paths_;
  std::unordered_map<int64_t, int64_t> used_;  // the member's tickets, as the entries left them
  std::vector<std::pair<EntryWrite*, Entry>> accepted_;
};

Result<std::vector<int64_t>> LotteryEntries::path_of(int64_t org_id) {
  auto path = org_paths_.find(org_id);
  if (path == org_paths_.end()) {
    return Error::not_found("member");
  }
  return path->second;
}

Status LotteryEntries::read_paths(const Rows& members) {
  std::vector<int64_t> orgs;
  for (const auto& row : members) {
    if (!org_paths_.count(row.integer(1))) {
      orgs.push_back(row.integer(1));
    }
  }
  if (orgs.empty()) {
    return Status::Ok();
  }
  std::sort(orgs.begin(), orgs.end());
  orgs.erase(std::unique(orgs.begin(), orgs.end()), orgs.end());
  store::Params params;
  const std::string which = store::one_of(tx_.engine(), "id", orgs, params);
  GH_ASSIGN(Rows paths, tx_.query("SELECT id, path FROM orgs WHERE " + which, params));
  for (const auto& row : paths) {
    org_paths_.emplace(row.integer(0), internal::path_ids(row.text(1)));
  }
  return Status::Ok();
}

Status LotteryEntries::read_members(const std::vector<EntryWrite*>& writes) {
  std::vector<int64_t> ids;
  ids.reserve(writes.size());
  for (const EntryWrite* w : writes) {
    ids.push_back(w->member_id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (int64_t id : ids) {
    members_.emplace(id, Error::not_found("member"));
    used_.emplace(id, 0);
  }
  const std::string_view engine = tx_.engine();
  if (engine == "postgresql") {
    store::Params params;
    const std::string which = store::one_of(engine, "id", ids, params);
    GH_TRY(tx_.query("SELECT id FROM members WHERE " + which + " ORDER BY id FOR NO KEY UPDATE",
                     params));
  }
  store::Params params;
  std::string which = store::one_of(engine, "m.id", ids, params);
  GH_ASSIGN(Rows members, tx_.query(std::string(sql::kMembersWithBalance) + which, params));
  GH_TRY(read_paths(members));
  for (const auto& row : members) {
    const int64_t id = row.integer(0);
    auto path = path_of(row.integer(1));
    if (!path.ok()) {
      continue;  // a member of no union is answered as not found
    }
    const bool active = row.text(2) == "active";
    members_.insert_or_assign(id, internal::MemberInfo{row.integer(1), active, std::move(*path)});
    spends_.seen(id, active,
                 row.is_null(3) ? std::nullopt : std::optional<int64_t>(row.integer(3)));
  }
  params = {c_.id};
  which = store::one_of(engine, "member_id", ids, params);
  GH_ASSIGN(Rows tickets, tx_.query("SELECT member_id, SUM(tickets) FROM campaign_entries "
                                    "WHERE campaign_id = ? AND " +
                                        which + " GROUP BY member_id",
                                    params));
  for (const auto& row : tickets) {
    used_[row.integer(0)] = row.integer(1);
  }
  return Status::Ok();
}

Status LotteryEntries::take(EntryWrite& w) {
  w.now = now_;
  const auto& member = members_.at(w.member_id);
  Status admitted = member.ok() ? internal::admission(c_, *member, now_) : Status(member.error());
  if (admitted.ok()) {
    admitted = internal::ticket_count(c_, w.tickets);
  }
  if (!admitted.ok()) {
    w.result = admitted.error();
    return Status::Ok();
  }
  auto count = used_.find(w.member_id);
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

// The writes by campaign in id order (so that groups on several instances that share
// campaigns take their unions' spending accounts in one order), each campaign's in their
// order.
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
  std::sort(campaigns.begin(), campaigns.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
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
      GH_TRY(lottery.read_members(entries));
      for (EntryWrite* w : entries) {
        GH_TRY(lottery.take(*w));
      }
      GH_TRY(lottery.write());
      continue;
    }
    if (tx.engine() == "postgresql") {
      for (EntryWrite* w : entries) {
        w->alone = true;
      }
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

bool EntryDesk::grouped(int64_t campaign_id) {
  if (db_.writes_asynchronously()) {
    return true;
  }
  {
    std::lock_guard lock(mu_);
    if (auto it = lotteries_.find(campaign_id); it != lotteries_.end()) {
      return it->second;
    }
  }
  bool lottery = false;
  Status read = db_.read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(store::Rows rows, tx.query("SELECT kind FROM campaigns WHERE id = ?", {campaign_id}));
    lottery = !rows.empty() && rows[0].text(0) == enum_name(Kind::kLottery);
    return Status::Ok();
  });
  if (read.ok()) {
    std::lock_guard lock(mu_);
    if (lotteries_.size() >= 10'000) {
      lotteries_.clear();  // campaigns are few; this only bounds the memory
    }
    lotteries_.emplace(campaign_id, lottery);
  }
  return lottery;
}

void EntryDesk::submit(const EntryRequest& request, Done done) {
  if (request.slot_id == 0 && grouped(request.campaign_id)) {
    auto write =
        std::make_shared<EntryWrite>(request.member_id, request.campaign_id, request.tickets);
    db_.write_grouped(
        group_, write, [this, request, write, done = std::move(done)](Status status) mutable {
          if (status.ok() && write->alone) {
            write_alone(request, std::move(done));
            return;
          }
          done(status.ok() ? std::move(write->result) : Result<Entry>(status.error()), write->now);
        });
    return;
  }
  write_alone(request, std::move(done));
}

void EntryDesk::write_alone(const EntryRequest& request, Done done) {
  // Set, not accumulated, inside the transaction: PostgreSQL may run it again.
  struct Outcome {
    Result<Entry> entry = Error::internal("the entry was not run");
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
