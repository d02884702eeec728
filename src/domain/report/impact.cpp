// The impact report's figures, computed in passes over the subtree's records: events, their
// prizes, the vouchers (or rollups) behind them, purchases, imported history, merchants and
// points. Each pass adds to the totals, the breakdowns and the district rows at once.
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <set>
#include <unordered_map>

#include <boost/sort/spreadsort/integer_sort.hpp>

#include "core/time.hpp"
#include "domain/history/history.hpp"
#include "domain/report/internal.hpp"
#include "domain/report/report.hpp"
#include "domain/report/rollup.hpp"
#include "domain/training/training.hpp"

namespace gonghui::report {
namespace {

using internal::MonthTally;
using internal::over_events;
using store::Params;
using store::Rows;

// Sorts `ids`, drops repeats and returns how many distinct ids there are.
int64_t sort_distinct(std::vector<int64_t>& ids) {
  boost::sort::spreadsort::integer_sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return static_cast<int64_t>(ids.size());
}

// The number of distinct ids in sorted lists of distinct ids, merged pairwise.
int64_t union_size(std::vector<std::vector<int64_t>> lists) {
  if (lists.empty()) return 0;
  while (lists.size() > 1) {
    std::vector<std::vector<int64_t>> merged((lists.size() + 1) / 2);
    for (size_t i = 0; i < lists.size(); i += 2) {
      std::vector<int64_t>& out = merged[i / 2];
      if (i + 1 == lists.size()) {
        out = std::move(lists[i]);
        continue;
      }
      out.reserve(lists[i].size() + lists[i + 1].size());
      std::set_union(lists[i].begin(), lists[i].end(), lists[i + 1].begin(), lists[i + 1].end(),
                     std::back_inserter(out));
      std::vector<int64_t>().swap(lists[i]);
      std::vector<int64_t>().swap(lists[i + 1]);
    }
    lists = std::move(merged);
  }
  return static_cast<int64_t>(lists[0].size());
}

std::string brand_key(std::string_view brand) {
  return brand.empty() ? "(none)" : std::string(brand);
}

class Builder {
 public:
  Builder(store::Tx& tx, internal::Scope scope, int64_t from, int64_t to)
      : tx_(tx),
        scope_(std::move(scope)),
        range_(org::range_of(scope_.root.path)),
        events_(internal::event_params(range_, from, to)),
        from_(from),
        to_(to),
        months_(from, to),
        holders_(scope_.children.size() + 1) {
    m_.org_id = scope_.root.id;
    m_.org_name = scope_.root.name;
    m_.from = from;
    m_.to = to;
    m_.by_district.reserve(scope_.children.size() + 1);
    for (const auto& child : scope_.children) m_.by_district.push_back({child.id, child.name, {}});
    m_.by_district.push_back({scope_.root.id, scope_.root.name, {}, true});
  }

  Result<Impact> run() {
    GH_TRY(read_orgs());
    GH_TRY(read_events());
    GH_TRY(read_prizes());
    GH_TRY(read_rollups());
    GH_TRY(read_vouchers());
    tally_prizes();
    GH_TRY(read_purchases());
    GH_TRY(read_history());
    GH_TRY(read_merchants());
    GH_TRY(read_points());
    GH_TRY(read_offer_uses());
    GH_ASSIGN(m_.training_person_times,
              training::person_times(tx_, range_.lower, range_.upper, from_, to_));
    GH_TRY(read_subsidies());
    GH_TRY(internal::read_field_work(tx_, range_, from_, to_, m_));
    finish();
    return std::move(m_);
  }

 private:
  struct Campaign {
    int district = -1;
    bool linked = false;  // hands out a purchase: its prizes' value is in the purchase
    std::string kind;
    std::string brand;
  };
  // A tally slot for the vouchers of one prize.
  struct Prize {
    int64_t campaign_id = 0;
    int64_t value_fen = 0;  // counted into funds per voucher: 0 for a linked campaign
    std::string kind;       // produce kind
    std::string produce;
    std::string platform;
    int64_t portions = 0;
    int64_t redeemed = 0;
  };

  // The district row of a district index (-1: the root's own, 本级).
  Core& district_core(int d) {
    return m_.by_district[d < 0 ? scope_.children.size() : static_cast<size_t>(d)].core;
  }
  int district_of(int64_t org) const {
    const auto it = district_of_org_.find(org);
    return it == district_of_org_.end() ? -1 : it->second;
  }
  std::vector<int64_t>& holders_of(int64_t campaign) {
    const int d = campaigns_[campaign].district;
    return holders_[d < 0 ? scope_.children.size() : static_cast<size_t>(d)];
  }
  Prize& prize_of(int64_t prize_id) {
    auto [it, added] = prize_slot_.try_emplace(prize_id, prizes_.size());
    if (added) prizes_.push_back({0, 0, "other", "other", "", 0, 0});  // no prize row: no value
    return prizes_[it->second];
  }

  // The unions of the subtree and the district each lies in.
  Status read_orgs() {
    return tx_.each("SELECT id, path FROM orgs WHERE path >= ? AND path < ?",
                    {range_.lower, range_.upper}, [&](const store::RowView& r) {
                      district_of_org_[r.integer(0)] = scope_.district_of(r.text(1));
                    });
  }

  Status read_events() {
    GH_TRY(tx_.each(over_events("c.id, c.kind, c.brand, c.org_id"), events_,
                    [&](const store::RowView& r) {
                      Campaign& c = campaigns_[r.integer(0)];
                      c.kind = std::string(r.text(1));
                      c.brand = brand_key(r.text(2));
                      c.district = district_of(r.integer(3));
                      const bool lottery = c.kind == "lottery";
                      ++m_.core.events;
                      m_.core.lottery_events += lottery;
                      ++m_.events_by_kind[c.kind];
                      ++m_.events_by_brand[c.brand];
                      ++m_.by_kind[c.kind].events;
                      ++m_.by_brand[c.brand].events;
                      Core& core = district_core(c.district);
                      ++core.events;
                      core.lottery_events += lottery;
                    }));
    return tx_.each(over_events("pc.campaign_id", " CROSS JOIN purchase_campaigns pc",
                                " AND pc.campaign_id = c.id"),
                    events_,
                    [&](const store::RowView& r) { campaigns_[r.integer(0)].linked = true; });
  }

  // Prizes, each a tally slot for its vouchers, with the produce they hand out and the
  // platform their merchant is listed on; a campaign is an event of each such platform.
  Status read_prizes() {
    std::set<std::pair<std::string, int64_t>> platform_events;
    GH_TRY(tx_.each(
        over_events("cp.id, cp.campaign_id, cp.value_fen, pr.kind, pr.name, cp.produce_name,"
                    " cp.produce_kind, mm.platform",
                    " CROSS JOIN campaign_prizes cp LEFT JOIN products pr ON pr.id = cp.product_id"
                    " LEFT JOIN merchants mm ON mm.id = cp.merchant_id",
                    " AND cp.campaign_id = c.id"),
        events_, [&](const store::RowView& r) {
          const int64_t campaign = r.integer(1);
          const Campaign& c = campaigns_[campaign];
          const bool catalogue = !r.is_null(3);
          const std::string_view declared_kind = r.text(6);
          Prize p;
          p.campaign_id = campaign;
          p.value_fen = c.linked ? 0 : r.integer(2);
          p.kind = catalogue               ? std::string(r.text(3))
                   : declared_kind.empty() ? "other"
                                           : std::string(declared_kind);
          p.produce = internal::produce_of(catalogue ? r.text(4) : "", r.text(5),
                                           catalogue ? "" : declared_kind);
          p.platform = r.is_null(7) ? "" : std::string(r.text(7));
          if (!p.platform.empty() && platform_events.emplace(p.platform, campaign).second) {
            ++m_.by_platform[p.platform].events;
          }
          prize_slot_[r.integer(0)] = prizes_.size();
          prizes_.push_back(std::move(p));
        }));
    return Status::Ok();
  }

  // A campaign whose rollup covers the range (all its live vouchers were issued within it)
  // is read from the rollup; the others from their vouchers. Member ids are kept per
  // district (the last list: the root's own campaigns) and counted distinct by sorting
  // afterwards: cheaper than a hash set probe per voucher.
  static constexpr std::string_view kCovered =
      "r.campaign_id = c.id AND (r.vouchers = 0 OR (r.first_created >= ? AND r.last_created < ?))";

  Status read_rollups() {
    Params with_range = events_;
    with_range.insert(with_range.end(), {from_, to_});
    std::vector<Tally> tallies;
    bool malformed = false;
    GH_TRY(tx_.each(over_events("r.campaign_id, r.tallies, r.members",
                                " CROSS JOIN campaign_rollups r", " AND " + std::string(kCovered)),
                    with_range, [&](const store::RowView& r) {
                      tallies.clear();
                      if (!decode_tallies(r.text(1), tallies) ||
                          !decode_members(r.text(2), holders_of(r.integer(0)))) {
                        malformed = true;
                        return;
                      }
                      for (const Tally& t : tallies) {
                        Prize& prize = prize_of(t.prize_id);
                        prize.portions += t.live;
                        prize.redeemed += t.redeemed;
                        Month& month = months_.at(local_day_start(t.day));
                        month.portions += t.live;
                        month.funds_fen += t.live * prize.value_fen;
                      }
                    }));
    if (malformed) return Error::internal("a campaign rollup is malformed (see gonghui check)");
    return Status::Ok();
  }

  // The vouchers of campaigns without a covering rollup, a query per live status. Rows come
  // campaign by campaign in issue order, so the last campaign, prize and day are remembered
  // rather than looked up.
  Status read_vouchers() {
    for (const std::string_view status : {"issued", "redeemed"}) {
      const int64_t redeemed = status == "redeemed";
      int64_t last_campaign = 0, last_prize = 0, last_day = INT64_MIN;
      Prize* prize = nullptr;
      std::vector<int64_t>* held = nullptr;
      MonthTally::Slot* month = nullptr;
      Params params = events_;
      params.insert(params.end(), {std::string(status), from_, to_, from_, to_});
      GH_TRY(tx_.each(over_events("v.campaign_id, v.prize_id, v.created_at, v.member_id",
                                  " CROSS JOIN vouchers v",
                                  " AND v.campaign_id = c.id AND v.status = ?"
                                  " AND v.created_at >= ? AND v.created_at < ?"
                                  " AND NOT EXISTS (SELECT 1 FROM campaign_rollups r WHERE " +
                                      std::string(kCovered) + ")"),
                      params, [&](const store::RowView& r) {
                        const int64_t campaign = r.integer(0), prize_id = r.integer(1);
                        if (campaign != last_campaign || held == nullptr) {
                          last_campaign = campaign;
                          held = &holders_of(campaign);
                        }
                        if (prize_id != last_prize || prize == nullptr) {
                          last_prize = prize_id;
                          prize = &prize_of(prize_id);
                        }
                        const int64_t created_at = r.integer(2);
                        const int64_t day = local_day(created_at);
                        if (day != last_day || month == nullptr) {
                          last_day = day;
                          month = &months_.at(created_at);
                        }
                        ++prize->portions;
                        prize->redeemed += redeemed;
                        ++month->portions;
                        month->funds_fen += prize->value_fen;
                        held->push_back(r.integer(3));
                      }));
    }
    return Status::Ok();
  }

  // Each prize's portions into the totals, the breakdowns and its district.
  void tally_prizes() {
    for (const Prize& p : prizes_) {
      if (p.portions == 0) continue;
      const int64_t value = p.portions * p.value_fen;
      const auto c = campaigns_.find(p.campaign_id);
      const bool known = c != campaigns_.end();
      Core& district = district_core(known ? c->second.district : -1);
      for (Core* core : {&m_.core, &district}) {
        core->portions += p.portions;
        core->person_times += p.portions;
        core->redeemed += p.redeemed;
        core->prize_value_fen += value;
      }
      m_.portions_by_product[p.kind] += p.portions;
      m_.portions_by_produce[p.produce] += p.portions;
      std::vector<Share*> shares;
      if (known) shares = {&m_.by_kind[c->second.kind], &m_.by_brand[c->second.brand]};
      for (Share* s : shares) {
        s->portions += p.portions;
        s->person_times += p.portions;
        s->funds_fen += value;
      }
      if (!p.platform.empty()) {
        Share& s = m_.by_platform[p.platform];
        s.portions += p.portions;
        s.person_times += p.portions;
      }
    }
    for (size_t i = 0; i < holders_.size(); ++i) {
      m_.by_district[i].core.members_reached = sort_distinct(holders_[i]);
    }
    m_.core.members_reached = union_size(std::move(holders_));
  }

  // Purchases in one pass: by union, by region and by month; then each purchase's total is
  // shared among the kinds and brands of the campaigns it hands out.
  Status read_purchases() {
    int64_t last_org = 0, last_day = INT64_MIN;
    int district = -1;
    MonthTally::Slot* month = nullptr;
    std::unordered_map<int64_t, int64_t> unshared;  // purchase id → total, until shared
    GH_TRY(
        tx_.each("SELECT p.org_id, p.purchased_on, p.total_fen, p.counterpart_region, p.id"
                 " FROM orgs o CROSS JOIN purchases p"
                 " WHERE p.org_id = o.id AND o.path >= ? AND o.path < ?"
                 " AND p.purchased_on >= ? AND p.purchased_on < ?",
                 {range_.lower, range_.upper, from_, to_}, [&](const store::RowView& r) {
                   const int64_t org = r.integer(0), on = r.integer(1), fen = r.integer(2);
                   if (org != last_org) {
                     last_org = org;
                     district = district_of(org);
                   }
                   const int64_t day = local_day(on);
                   if (day != last_day || month == nullptr) {
                     last_day = day;
                     month = &months_.at(on);
                   }
                   month->funds_fen += fen;
                   unshared[r.integer(4)] = fen;
                   add_purchase(district, fen, r.text(3));
                 }));
    return share_purchases(unshared);
  }

  void add_purchase(int district, int64_t fen, std::string_view region) {
    const int64_t aid = region.empty() ? 0 : fen;
    if (!region.empty()) m_.counterpart_aid_by_region[std::string(region)] += aid;
    for (Core* core : {&m_.core, &district_core(district)}) {
      core->purchases_fen += fen;
      core->counterpart_aid_fen += aid;
    }
  }

  Status share_purchases(std::unordered_map<int64_t, int64_t>& unshared) {
    struct Link {
      int64_t purchase_id;
      std::string kind, brand;
    };
    std::vector<Link> links;
    GH_TRY(tx_.each(
        "SELECT pc.purchase_id, c.kind, c.brand FROM orgs o CROSS JOIN purchases p"
        " CROSS JOIN purchase_campaigns pc CROSS JOIN campaigns c"
        " WHERE p.org_id = o.id AND o.path >= ? AND o.path < ?"
        " AND p.purchased_on >= ? AND p.purchased_on < ?"
        " AND pc.purchase_id = p.id AND c.id = pc.campaign_id ORDER BY pc.purchase_id, c.id",
        {range_.lower, range_.upper, from_, to_}, [&](const store::RowView& r) {
          links.push_back({r.integer(0), std::string(r.text(1)), brand_key(r.text(2))});
        }));
    for (size_t i = 0; i < links.size();) {
      size_t end = i;
      while (end < links.size() && links[end].purchase_id == links[i].purchase_id) ++end;
      const auto it = unshared.find(links[i].purchase_id);
      const int64_t total = it == unshared.end() ? 0 : it->second;
      const int64_t n = static_cast<int64_t>(end - i);
      for (size_t k = i; k < end; ++k) {
        const int64_t share = total / n + (k == i ? total % n : 0);
        m_.by_kind[links[k].kind].funds_fen += share;
        m_.by_brand[links[k].brand].funds_fen += share;
      }
      if (it != unshared.end()) unshared.erase(it);
      i = end;
    }
    for (const auto& [id, fen] : unshared) {
      m_.by_kind["purchase"].funds_fen += fen;
      m_.by_brand["(none)"].funds_fen += fen;
    }
    return Status::Ok();
  }

  // Imported history by its own dates: event rows as events, purchase rows as purchases.
  Status read_history() {
    return history::each_record(
        tx_, range_.lower, range_.upper, from_, to_, [&](const history::Contribution& h) {
          const int district = district_of(h.org_id);
          Month& month = months_.at(h.happened_on);
          month.funds_fen += h.funds_fen;
          if (h.kind == "purchase") {
            add_purchase(district, h.funds_fen, h.region);
            m_.imported.purchases_fen += h.funds_fen;
            m_.imported.counterpart_aid_fen += h.region.empty() ? 0 : h.funds_fen;
            m_.by_kind["purchase"].funds_fen += h.funds_fen;
            m_.by_brand[brand_key(h.brand)].funds_fen += h.funds_fen;
            return Status::Ok();
          }
          add_imported_event(h, district);
          month.portions += h.portions;
          return Status::Ok();
        });
  }

  void add_imported_event(const history::Contribution& h, int district) {
    const int64_t person_times = h.person_times > 0 ? h.person_times : h.portions;
    const bool lottery = h.kind == "lottery";
    for (Core* core : {&m_.core, &district_core(district), &m_.imported}) {
      ++core->events;
      core->lottery_events += lottery;
      core->portions += h.portions;
      core->person_times += person_times;
      core->prize_value_fen += h.funds_fen;
    }
    ++m_.events_by_kind[h.kind];
    ++m_.events_by_brand[brand_key(h.brand)];
    std::vector<Share*> shares = {&m_.by_kind[h.kind], &m_.by_brand[brand_key(h.brand)]};
    if (!h.platform.empty()) shares.push_back(&m_.by_platform[h.platform]);
    for (Share* s : shares) {
      ++s->events;
      s->portions += h.portions;
      s->person_times += person_times;
    }
    m_.by_kind[h.kind].funds_fen += h.funds_fen;
    m_.by_brand[brand_key(h.brand)].funds_fen += h.funds_fen;
    m_.portions_by_product[h.produce_kind.empty() ? "other" : h.produce_kind] += h.portions;
    m_.portions_by_produce[internal::produce_of("", h.produce_name, h.produce_kind)] += h.portions;
  }

  // Signed merchants in contract at `to`.
  Status read_merchants() {
    GH_ASSIGN(
        Rows rows,
        tx_.query("SELECT m.category, COUNT(*) FROM merchants m JOIN orgs o ON o.id = m.org_id"
                  " WHERE o.path >= ? AND o.path < ? AND m.suspended = 0"
                  " AND m.contract_start <= ? AND m.contract_end > ? GROUP BY m.category",
                  {range_.lower, range_.upper, to_, to_}));
    for (const auto& r : rows) m_.merchants_by_category[std::string(r.text(0))] += r.integer(1);
    for (const auto& [category, n] : m_.merchants_by_category) {
      m_.merchants_signed += n;
      if (category == "orchard" || category == "farm") m_.orchards_and_farms += n;
    }
    return Status::Ok();
  }

  // Points: a member's ledger account id is the member id.
  Status read_points() {
    GH_ASSIGN(Rows rows, tx_.query("SELECT t.kind, SUM(t.amount) FROM ledger_transfers t"
                                   " JOIN members mb ON mb.id = t.credit_account_id"
                                   " JOIN orgs o ON o.id = mb.org_id"
                                   " WHERE t.kind IN ('grant', 'checkin', 'refund')"
                                   " AND t.created_at >= ? AND t.created_at < ?"
                                   " AND o.path >= ? AND o.path < ? GROUP BY t.kind",
                                   {from_, to_, range_.lower, range_.upper}));
    for (const auto& r : rows) {
      if (r.text(0) == "refund")
        m_.points_spent -= r.integer(1);
      else
        m_.points_issued += r.integer(1);
    }
    GH_ASSIGN(rows, tx_.query("SELECT SUM(t.amount) FROM ledger_transfers t"
                              " JOIN members mb ON mb.id = t.debit_account_id"
                              " JOIN orgs o ON o.id = mb.org_id"
                              " WHERE t.kind = 'spend' AND t.created_at >= ? AND t.created_at < ?"
                              " AND o.path >= ? AND o.path < ?",
                              {from_, to_, range_.lower, range_.upper}));
    m_.points_spent += rows[0].integer(0);
    return Status::Ok();
  }

  // 优惠购 person-times: one per recorded offer use, by the member's union at the time.
  Status read_offer_uses() {
    GH_ASSIGN(Rows rows, tx_.query("SELECT COUNT(*) FROM orgs o CROSS JOIN offer_uses u"
                                   " WHERE u.org_id = o.id AND o.path >= ? AND o.path < ?"
                                   " AND u.used_at >= ? AND u.used_at < ?",
                                   {range_.lower, range_.upper, from_, to_}));
    m_.offer_uses = rows[0].integer(0);
    return Status::Ok();
  }

  // 求学圆梦: people paid and the amount, by the applicant's union and the payment's date.
  Status read_subsidies() {
    GH_ASSIGN(Rows rows,
              tx_.query("SELECT COUNT(DISTINCT p.member_id), COALESCE(SUM(p.amount_fen), 0)"
                        " FROM subsidy_payouts p JOIN orgs o ON o.id = p.org_id"
                        " WHERE o.path >= ? AND o.path < ?"
                        " AND p.paid_on >= ? AND p.paid_on < ?",
                        {range_.lower, range_.upper, from_, to_}));
    m_.subsidy_people = rows[0].integer(0);
    m_.subsidy_paid_fen = rows[0].integer(1);
    return Status::Ok();
  }

  // Funds: purchases plus the value of what events handed out that no purchase paid for.
  void finish() {
    m_.core.funds_fen = m_.core.purchases_fen + m_.core.prize_value_fen;
    m_.imported.funds_fen = m_.imported.purchases_fen + m_.imported.prize_value_fen;
    for (auto& d : m_.by_district) d.core.funds_fen = d.core.purchases_fen + d.core.prize_value_fen;
    m_.redemption_rate_permille = m_.core.portions ? m_.core.redeemed * 1000 / m_.core.portions : 0;
    m_.trend_by_month = months_.take();
  }

  store::Tx& tx_;
  internal::Scope scope_;
  org::PathRange range_;
  Params events_;
  int64_t from_;
  int64_t to_;
  MonthTally months_;
  std::vector<std::vector<int64_t>> holders_;  // per district, then the root's own
  Impact m_;
  std::unordered_map<int64_t, int> district_of_org_;
  std::unordered_map<int64_t, Campaign> campaigns_;
  std::vector<Prize> prizes_;
  std::unordered_map<int64_t, size_t> prize_slot_;
};

}  // namespace

Result<Impact> impact(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id,
                      int64_t from, int64_t to) {
  GH_TRY(internal::plan_for_parameters(tx));
  GH_ASSIGN(internal::Scope scope, internal::load_scope(tx, admin, org_id));
  return Builder(tx, std::move(scope), from, to).run();
}

}  // namespace gonghui::report
