// Drawing a closed lottery (its winners' vouchers) and the public audit bundle that lets
// anyone re-run the draw.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/campaign/draw.hpp"
#include "domain/campaign/internal.hpp"
#include "domain/campaign/statements.hpp"
#include "domain/message/message.hpp"

namespace gonghui::campaign {

namespace bj = boost::json;
using store::Rows;

namespace {

// The draw's input as stored: entries in ascending id with their member_ref.
Result<DrawInput> draw_input(store::Tx& tx, const Campaign& c, const ServerKeys& keys,
                             std::vector<int64_t>* member_ids) {
  DrawInput in;
  GH_ASSIGN(Rows secret, tx.query(sql::kSecret, {c.id}));
  if (!crypto::unhex(secret[0].text(0), in.secret)) {
    return Error::internal("campaign secret damaged");
  }
  in.beacon = c.beacon_value;
  in.one_prize_per_member = c.input.one_prize_per_member;
  GH_ASSIGN(Rows rows, tx.query(sql::kDrawEntries, {c.id}));
  in.entries.reserve(rows.size());
  const crypto::HmacSha256Key privacy(keys.privacy);
  for (const auto& r : rows) {
    in.entries.push_back({r.integer(0), member_ref(privacy, c.id, r.integer(1)), r.integer(2)});
    if (member_ids) {
      member_ids->push_back(r.integer(1));
    }
  }
  for (const auto& p : c.prizes) {
    in.prizes.push_back({p.tier, p.name, p.quantity});
  }
  return in;
}

// A lottery an admin may draw at `now`: published and closed.
Status require_drawable(const Campaign& c, int64_t now) {
  if (c.input.kind != Kind::kLottery) {
    return Error::conflict("not_a_lottery", "only a lottery is drawn");
  }
  if (c.stored_status == CampaignStatus::kDrawn) {
    return Error::conflict("already_drawn", "this lottery was already drawn");
  }
  if (c.stored_status != CampaignStatus::kPublished) {
    return Error::conflict("not_published", "only a published lottery can be drawn");
  }
  if (now < c.input.closes_at) {
    return Error::conflict("not_closed",
                           "entries close at " + format_rfc3339(Timestamp{c.input.closes_at}));
  }
  return Status::Ok();
}

// What each winning member won: the names of their prizes, in the order drawn.
using Won = std::map<int64_t, std::vector<std::string>>;

// Each winner's voucher and record, in the order drawn; each takes one unit of its prize.
Status issue_prizes(store::Tx& tx, const Campaign& c, const DrawInput& input,
                    const std::vector<int64_t>& member_ids, const DrawResult& result, int64_t now,
                    Won& won) {
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < input.entries.size(); ++i) {
    index[input.entries[i].entry_id] = i;
  }
  int64_t seq = 0;
  for (const auto& w : result.winners) {
    const Prize& prize = *std::find_if(c.prizes.begin(), c.prizes.end(),
                                       [&](const Prize& p) { return p.tier == w.tier; });
    GH_ASSIGN(Voucher v, issue_voucher(tx, {c.id, prize.id, member_ids[index[w.entry_id]],
                                            w.entry_id, prize.merchant_id,
                                            now + c.input.voucher_valid_days * internal::kDayMs}));
    GH_TRY(tx.exec(sql::kInsertWinner, {c.id, ++seq, w.tier, w.entry_id, v.id}));
    GH_TRY(tx.exec(sql::kTakeFromPrize, {prize.id}));
    won[v.member_id].push_back(prize.name);
  }
  return Status::Ok();
}

// Every member who entered is told whether they won (and what, with the voucher in 我的券),
// in the draw's transaction.
Status tell_entrants(store::Tx& tx, const Campaign& c, const std::vector<int64_t>& member_ids,
                     const Won& won, int64_t now) {
  std::vector<int64_t> members = member_ids;
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  const std::string expiry = format_local_date(now + c.input.voucher_valid_days * internal::kDayMs);
  std::vector<message::Draft> drafts;
  drafts.reserve(members.size());
  for (int64_t member : members) {
    auto prizes = won.find(member);
    if (prizes == won.end()) {
      drafts.push_back({member, "抽奖结果",
                        "很遗憾，您在「" + c.input.title + "」中未中奖，感谢参与。",
                        "/campaigns/" + std::to_string(c.id)});
      continue;
    }
    std::string names;
    for (const std::string& name : prizes->second) {
      names += (names.empty() ? "「" : "、「") + name + "」";
    }
    drafts.push_back({member, "恭喜中奖",
                      "您在「" + c.input.title + "」中抽中" + names + "，券已放入我的券，请在 " +
                          expiry + " 前使用。",
                      "/me/vouchers"});
  }
  GH_TRY(message::post_all(tx, "lottery_result", drafts, "lottery:" + std::to_string(c.id)));
  return Status::Ok();
}

}  // namespace

Result<Campaign> draw(store::Tx& tx, const Principal& admin, int64_t id,
                      const std::string& beacon_value, int64_t now) {
  GH_ASSIGN(Campaign c, internal::load_for_admin(tx, admin, id));
  GH_TRY(require_drawable(c, now));
  GH_ASSIGN(int64_t changed, tx.exec(sql::kMarkDrawn, {beacon_value, now, now, id}));
  if (changed != 1) {
    return Error::conflict("already_drawn", "this lottery was already drawn");
  }
  c.beacon_value = beacon_value;
  GH_ASSIGN(ServerKeys keys, server_keys(tx));
  std::vector<int64_t> member_ids;
  GH_ASSIGN(DrawInput input, draw_input(tx, c, keys, &member_ids));
  const DrawResult result = run_draw(input);
  Won won;
  GH_TRY(issue_prizes(tx, c, input, member_ids, result, now, won));
  GH_TRY(tell_entrants(tx, c, member_ids, won, now));
  GH_ASSIGN(Campaign after, internal::load(tx, id));
  bj::object audit_after = internal::snapshot(after);
  audit_after["beacon_value"] = beacon_value;
  audit_after["winners"] = result.winners.size();
  audit_after["seed"] = result.seed;
  GH_TRY(audit::record(tx, admin, "campaign.draw", "campaign", id_string(id), c.input.org_id,
                       internal::snapshot(c), audit_after));
  return after;
}

Result<bj::object> audit_bundle(store::Tx& tx, int64_t id) {
  GH_ASSIGN(Campaign c, internal::load(tx, id));
  if (c.stored_status != CampaignStatus::kDrawn) {
    return Error::not_found("draw");
  }
  GH_ASSIGN(ServerKeys keys, server_keys(tx));
  GH_ASSIGN(DrawInput input, draw_input(tx, c, keys, nullptr));
  const DrawResult computed = run_draw(input);
  bj::array entries, prizes, winners;
  for (const auto& e : input.entries) {
    entries.push_back({{"entry_id", id_string(e.entry_id)},
                       {"member_ref", e.member_ref},
                       {"tickets", e.tickets}});
  }
  for (const auto& p : input.prizes) {
    prizes.push_back({{"tier", p.tier}, {"name", p.name}, {"quantity", p.quantity}});
  }
  // The winners as recorded at the draw (not recomputed), so that the bundle can be checked.
  GH_ASSIGN(Rows rows, tx.query(sql::kWinners, {id}));
  for (const auto& r : rows) {
    winners.push_back({{"tier", r.integer(0)},
                       {"entry_id", id_string(r.integer(1))},
                       {"member_ref", member_ref(keys.privacy, id, r.integer(2))}});
  }
  return bj::object{{"algorithm", kDrawAlgorithm},
                    {"campaign_id", id_string(id)},
                    {"title", c.input.title},
                    {"commitment", c.commitment},
                    {"secret", crypto::hex(input.secret)},
                    {"beacon_source", c.input.beacon_source},
                    {"beacon_value", c.beacon_value},
                    {"entries", std::move(entries)},
                    {"entries_digest", computed.entries_digest},
                    {"seed", computed.seed},
                    {"prizes", std::move(prizes)},
                    {"one_prize_per_member", c.input.one_prize_per_member},
                    {"winners", std::move(winners)},
                    {"drawn_at", format_rfc3339(Timestamp{c.drawn_at})}};
}

Result<std::vector<Winner>> winners(store::Tx& tx, const Principal& principal, int64_t id,
                                    int64_t limit) {
  GH_ASSIGN(Campaign c, get(tx, principal, id));
  if (c.stored_status != CampaignStatus::kDrawn) {
    return Error::not_found("draw");
  }
  GH_ASSIGN(Rows rows, tx.query(sql::kWinnersNamed, {id, limit}));
  std::vector<Winner> out;
  for (const auto& r : rows) {
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3)});
  }
  return out;
}

}  // namespace gonghui::campaign
