#include "domain/report/report.hpp"

#include <xlsxwriter.h>

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unordered_map>

#include <boost/sort/spreadsort/integer_sort.hpp>

#include "core/csv.hpp"
#include "core/time.hpp"
#include "domain/org/org.hpp"
#include "domain/purchase/purchase.hpp"
#include "domain/report/rollup.hpp"

namespace gonghui::report {
namespace {

using store::Params;
using store::Rows;

// The campaigns that count as events: organised in the subtree, published or drawn (never
// draft or cancelled), opened in [from, to). Parameters: lower, upper, from, to.
constexpr std::string_view kEventFilter =
    " JOIN orgs o ON o.id = c.org_id"
    " WHERE o.path >= ? AND o.path < ? AND c.status IN ('published', 'drawn')"
    " AND c.opens_at >= ? AND c.opens_at < ?";

// The same campaigns for the impact report's passes, unions first, then campaigns, then
// `tables`: CROSS JOIN fixes that order on SQLite, which has no statistics and would
// otherwise start from any index holding a range (such as vouchers by issue time) and visit
// every voucher; PostgreSQL plans it as an ordinary inner join. Parameters as kEventFilter.
std::string over_events(std::string_view columns, std::string_view tables = "",
                        std::string_view conditions = "") {
  return "SELECT " + std::string(columns) + " FROM orgs o CROSS JOIN campaigns c" +
         std::string(tables) +
         " WHERE c.org_id = o.id AND o.path >= ? AND o.path < ?"
         " AND c.status IN ('published', 'drawn') AND c.opens_at >= ? AND c.opens_at < ?" +
         std::string(conditions);
}

// Plans made for the actual subtree and range: a generic plan, which PostgreSQL switches to
// after a statement's fifth run, cannot tell a subtree from the whole tree or a range of days
// from five years, and may visit every voucher. Planning is cheap beside a report.
Status plan_for_parameters(store::Tx& tx) {
  return tx.engine() == "postgresql" ? tx.script("SET LOCAL plan_cache_mode = force_custom_plan")
                                     : Status::Ok();
}

Params event_params(const org::PathRange& r, int64_t from, int64_t to) {
  return {r.lower, r.upper, from, to};
}

std::string month_name(int64_t ms) {
  const auto ym = local_year_month(ms);
  char out[16];
  std::snprintf(out, sizeof out, "%04lld-%02lld", static_cast<long long>(ym.year),
                static_cast<long long>(ym.month));
  return out;
}

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

// The months of [from, to) in Asia/Shanghai, every one present so that the trend has no gaps.
class MonthTally {
 public:
  using Slot = Month;
  MonthTally(int64_t from, int64_t to) {
    if (to <= from) return;
    const auto first = local_year_month(from);
    first_ = first.year * 12 + (first.month - 1);
    for (int64_t i = first_;; ++i) {
      const int64_t start = local_month_start(i / 12, i % 12 + 1);
      if (start >= to) break;
      months_.push_back({month_name(start), 0, 0});
    }
  }
  // The month holding `ms`, which must lie in [from, to).
  Slot& at(int64_t ms) {
    const auto ym = local_year_month(ms);
    return months_.at(static_cast<size_t>(ym.year * 12 + (ym.month - 1) - first_));
  }
  std::vector<Month> take() { return std::move(months_); }

 private:
  int64_t first_ = 0;
  std::vector<Month> months_;
};

struct Scope {
  org::Org root;
  std::vector<org::Org> children;
  // Index into children (sorted by path) of the district holding `path`, or -1 (the root
  // itself): the last child whose path sorts at or before `path`, if it is a prefix.
  int district_of(std::string_view path) const {
    const auto after =
        std::upper_bound(children.begin(), children.end(), path,
                         [](std::string_view p, const org::Org& child) { return p < child.path; });
    if (after == children.begin()) return -1;
    const auto& child = *std::prev(after);
    return path.substr(0, child.path.size()) == child.path
               ? static_cast<int>(after - children.begin() - 1)
               : -1;
  }
};

Result<Scope> load_scope(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id) {
  Scope s;
  if (org_id) {
    GH_ASSIGN(s.root, org::require_in_scope(tx, admin, *org_id));
  } else {
    GH_ASSIGN(s.root, org::admin_scope(tx, admin));
  }
  GH_ASSIGN(Rows rows, tx.query("SELECT id, name, path FROM orgs WHERE parent_id = ? ORDER BY path",
                                {s.root.id}));
  for (const auto& r : rows) {
    org::Org o;
    o.id = r.integer(0);
    o.name = r.text(1);
    o.path = r.text(2);
    s.children.push_back(std::move(o));
  }
  return s;
}

Status add_counts(store::Tx& tx, const std::string& sql, const Params& params,
                  std::map<std::string, int64_t>& into) {
  GH_ASSIGN(Rows rows, tx.query(sql, params));
  for (const auto& r : rows) into[r.text(0)] += r.integer(1);
  return Status::Ok();
}

}  // namespace

constexpr std::string_view kRollupTable =
    R"sql(CREATE TABLE campaign_rollups (campaign_id BIGINT PRIMARY KEY REFERENCES campaigns (id),
  vouchers BIGINT NOT NULL, first_created BIGINT NOT NULL, last_created BIGINT NOT NULL,
  tallies TEXT NOT NULL, members TEXT NOT NULL, built_at BIGINT NOT NULL);)sql";

std::vector<store::Migration> migrations() {
  // The report reads vouchers by campaign and issue time; covering the other columns it
  // needs lets both engines answer from the index alone.
  return {{600, "report indexes",
           R"sql(CREATE INDEX vouchers_report ON vouchers
  (campaign_id, created_at, status, prize_id, member_id);
CREATE INDEX vouchers_created ON vouchers (created_at);
CREATE INDEX campaigns_opens ON campaigns (opens_at);
CREATE INDEX ledger_transfers_created ON ledger_transfers (created_at);)sql",
           ""},
          // The voucher pass reads each live status of a campaign as one index range, and
          // the purchase pass reads purchases from an index alone. Campaigns by union and
          // opening time keep PostgreSQL's generic plan (unknown path range) from pairing
          // every union of the subtree with every campaign opened in range.
          {601, "report indexes by status",
           R"sql(DROP INDEX vouchers_report;
CREATE INDEX vouchers_report ON vouchers
  (campaign_id, status, created_at, prize_id, member_id);
CREATE INDEX purchases_report ON purchases
  (org_id, purchased_on, total_fen, counterpart_region);
CREATE INDEX campaigns_org_opens ON campaigns (org_id, opens_at);)sql",
           ""},
          // Campaign rollups (rollup.hpp) and the triggers that delete a campaign's rollup
          // whenever one of its vouchers is inserted, updated or deleted.
          {602, "campaign rollups",
           std::string(kRollupTable) +
               R"sql(CREATE TRIGGER vouchers_rollup_insert AFTER INSERT ON vouchers BEGIN
  DELETE FROM campaign_rollups WHERE campaign_id = NEW.campaign_id; END;
CREATE TRIGGER vouchers_rollup_update AFTER UPDATE ON vouchers BEGIN
  DELETE FROM campaign_rollups WHERE campaign_id IN (OLD.campaign_id,
  NEW.campaign_id); END;
CREATE TRIGGER vouchers_rollup_delete AFTER DELETE ON vouchers BEGIN
  DELETE FROM campaign_rollups WHERE campaign_id = OLD.campaign_id; END;)sql",
           std::string(kRollupTable) +
               R"sql(CREATE FUNCTION campaign_rollup_stale() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
  IF TG_OP <> 'INSERT' THEN
  DELETE FROM campaign_rollups WHERE campaign_id = OLD.campaign_id; END IF;
  IF TG_OP <> 'DELETE' THEN
  DELETE FROM campaign_rollups WHERE campaign_id = NEW.campaign_id; END IF;
  RETURN NULL; END $$;
CREATE TRIGGER vouchers_rollup AFTER INSERT OR UPDATE OR DELETE ON vouchers
  FOR EACH ROW EXECUTE FUNCTION campaign_rollup_stale();)sql"},
          // Drill-downs page vouchers by issue time, then id.
          {603, "vouchers by issue time and id",
           "DROP INDEX vouchers_created;"
           "CREATE INDEX vouchers_created ON vouchers (created_at, id);",
           ""},
          // The admin overview counts the vouchers redeemed today.
          {604, "vouchers by redemption time",
           "CREATE INDEX vouchers_redeemed ON vouchers (redeemed_at)", ""}};
}

int64_t default_from() { return *parse_local_date("2021-01-01"); }

Result<Impact> impact(store::Tx& tx, const Principal& admin, std::optional<int64_t> org_id,
                      int64_t from, int64_t to) {
  GH_TRY(plan_for_parameters(tx));
  GH_ASSIGN(Scope scope, load_scope(tx, admin, org_id));
  Impact m;
  m.org_id = scope.root.id;
  m.org_name = scope.root.name;
  m.from = from;
  m.to = to;
  m.by_district.reserve(scope.children.size());
  for (const auto& child : scope.children) m.by_district.push_back({child.id, child.name, {}});
  const org::PathRange range = org::range_of(scope.root.path);
  const Params events = event_params(range, from, to);
  auto district_core = [&](int d) -> Core* {
    return d < 0 ? nullptr : &m.by_district[static_cast<size_t>(d)].core;
  };

  // The unions of the subtree and the district each lies in.
  std::unordered_map<int64_t, int> district_of_org;
  GH_TRY(tx.each("SELECT id, path FROM orgs WHERE path >= ? AND path < ?",
                 {range.lower, range.upper}, [&](const store::RowView& r) {
                   district_of_org[r.integer(0)] = scope.district_of(r.text(1));
                 }));
  auto district_of = [&](int64_t org) {
    const auto it = district_of_org.find(org);
    return it == district_of_org.end() ? -1 : it->second;
  };
  MonthTally months(from, to);

  // Events.
  struct Campaign {
    int district = -1;
    bool linked = false;  // hands out a purchase: its prizes' value is in the purchase
  };
  std::unordered_map<int64_t, Campaign> campaigns;
  GH_TRY(
      tx.each(over_events("c.id, c.kind, c.brand, c.org_id"), events, [&](const store::RowView& r) {
        const std::string kind(r.text(1));
        const bool lottery = kind == "lottery";
        const int d = district_of(r.integer(3));
        ++m.core.events;
        m.core.lottery_events += lottery;
        ++m.events_by_kind[kind];
        ++m.events_by_brand[r.text(2).empty() ? "(none)" : std::string(r.text(2))];
        campaigns[r.integer(0)].district = d;
        if (Core* core = district_core(d)) {
          ++core->events;
          core->lottery_events += lottery;
        }
      }));
  GH_TRY(tx.each(over_events("pc.campaign_id", " CROSS JOIN purchase_campaigns pc",
                             " AND pc.campaign_id = c.id"),
                 events, [&](const store::RowView& r) { campaigns[r.integer(0)].linked = true; }));
  // Prizes, each a tally slot for its vouchers.
  struct Prize {
    int64_t value_fen = 0;  // counted into funds per voucher: 0 for a linked campaign
    std::string kind;
    int district = -1;
    int64_t portions = 0;
    int64_t redeemed = 0;
  };
  std::vector<Prize> prizes;
  std::unordered_map<int64_t, size_t> prize_slot;
  GH_TRY(tx.each(over_events("cp.id, cp.campaign_id, cp.value_fen, pr.kind",
                             " CROSS JOIN campaign_prizes cp LEFT JOIN products pr"
                             " ON pr.id = cp.product_id",
                             " AND cp.campaign_id = c.id"),
                 events, [&](const store::RowView& r) {
                   const Campaign& c = campaigns[r.integer(1)];
                   prize_slot[r.integer(0)] = prizes.size();
                   prizes.push_back({c.linked ? 0 : r.integer(2),
                                     r.is_null(3) ? "other" : std::string(r.text(3)), c.district});
                 }));

  // Vouchers: a campaign whose rollup covers the range (all its live vouchers were issued
  // within it) is read from the rollup; the others from their vouchers, a query per live
  // status. Member ids are kept per district (the last list: the root's own campaigns) and
  // counted distinct by sorting afterwards: cheaper than a hash set probe per voucher.
  {
    std::vector<std::vector<int64_t>> holders(scope.children.size() + 1);
    auto holders_of = [&](int64_t campaign) -> std::vector<int64_t>& {
      const int d = campaigns[campaign].district;
      return holders[d < 0 ? scope.children.size() : static_cast<size_t>(d)];
    };
    auto prize_of = [&](int64_t prize_id) -> Prize& {
      auto [it, added] = prize_slot.try_emplace(prize_id, prizes.size());
      if (added) prizes.push_back({0, "other", -1});  // no prize row: no value
      return prizes[it->second];
    };
    const std::string covered =
        "r.campaign_id = c.id AND (r.vouchers = 0 OR (r.first_created >= ? AND r.last_created < "
        "?))";
    Params with_range = events;
    with_range.insert(with_range.end(), {from, to});
    std::vector<Tally> tallies;
    bool malformed = false;
    GH_TRY(tx.each(over_events("r.campaign_id, r.tallies, r.members",
                               " CROSS JOIN campaign_rollups r", " AND " + covered),
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
                       Month& month = months.at(local_day_start(t.day));
                       month.portions += t.live;
                       month.funds_fen += t.live * prize.value_fen;
                     }
                   }));
    if (malformed) return Error::internal("a campaign rollup is malformed (see gonghui check)");
    // Rows come campaign by campaign in issue order, so the last campaign, prize and day are
    // remembered rather than looked up.
    for (const std::string_view status : {"issued", "redeemed"}) {
      const int64_t redeemed = status == "redeemed";
      int64_t last_campaign = 0, last_prize = 0, last_day = INT64_MIN;
      Prize* prize = nullptr;
      std::vector<int64_t>* held = nullptr;
      MonthTally::Slot* month = nullptr;
      Params params = events;
      params.insert(params.end(), {std::string(status), from, to, from, to});
      GH_TRY(tx.each(over_events("v.campaign_id, v.prize_id, v.created_at, v.member_id",
                                 " CROSS JOIN vouchers v",
                                 " AND v.campaign_id = c.id AND v.status = ?"
                                 " AND v.created_at >= ? AND v.created_at < ?"
                                 " AND NOT EXISTS (SELECT 1 FROM campaign_rollups r WHERE " +
                                     covered + ")"),
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
                         month = &months.at(created_at);
                       }
                       ++prize->portions;
                       prize->redeemed += redeemed;
                       ++month->portions;
                       month->funds_fen += prize->value_fen;
                       held->push_back(r.integer(3));
                     }));
    }
    for (const Prize& p : prizes) {
      if (p.portions == 0) continue;
      const int64_t value = p.portions * p.value_fen;
      m.core.portions += p.portions;
      m.core.redeemed += p.redeemed;
      m.core.prize_value_fen += value;
      m.portions_by_product[p.kind] += p.portions;
      if (Core* core = district_core(p.district)) {
        core->portions += p.portions;
        core->redeemed += p.redeemed;
        core->prize_value_fen += value;
      }
    }
    for (size_t i = 0; i < holders.size(); ++i) {
      const int64_t n = sort_distinct(holders[i]);
      if (i < scope.children.size()) m.by_district[i].core.members_reached = n;
    }
    m.core.members_reached = union_size(std::move(holders));
  }

  // Purchases in one pass: by union, by region and by month.
  {
    int64_t last_org = 0, last_day = INT64_MIN;
    int district = -1;
    MonthTally::Slot* month = nullptr;
    GH_TRY(
        tx.each("SELECT p.org_id, p.purchased_on, p.total_fen, p.counterpart_region"
                " FROM orgs o CROSS JOIN purchases p"
                " WHERE p.org_id = o.id AND o.path >= ? AND o.path < ?"
                " AND p.purchased_on >= ? AND p.purchased_on < ?",
                {range.lower, range.upper, from, to}, [&](const store::RowView& r) {
                  const int64_t org = r.integer(0), on = r.integer(1), fen = r.integer(2);
                  if (org != last_org) {
                    last_org = org;
                    district = district_of(org);
                  }
                  const int64_t day = local_day(on);
                  if (day != last_day || month == nullptr) {
                    last_day = day;
                    month = &months.at(on);
                  }
                  month->funds_fen += fen;
                  const std::string_view region = r.text(3);
                  const int64_t aid = region.empty() ? 0 : fen;
                  if (!region.empty()) m.counterpart_aid_by_region[std::string(region)] += aid;
                  m.core.purchases_fen += fen;
                  m.core.counterpart_aid_fen += aid;
                  if (Core* core = district_core(district)) {
                    core->purchases_fen += fen;
                    core->counterpart_aid_fen += aid;
                  }
                }));
  }
  // Funds: purchases in range plus the value of prizes handed out from campaigns that are
  // linked to no purchase (a linked campaign's prizes were paid for by its purchase).
  m.core.funds_fen = m.core.purchases_fen + m.core.prize_value_fen;
  m.core.person_times = m.core.portions;
  for (auto& d : m.by_district) {
    d.core.funds_fen = d.core.purchases_fen + d.core.prize_value_fen;
    d.core.person_times = d.core.portions;
  }
  m.redemption_rate_permille = m.core.portions ? m.core.redeemed * 1000 / m.core.portions : 0;
  m.trend_by_month = months.take();

  // Signed merchants in contract at `to`.
  GH_TRY(add_counts(tx,
                    "SELECT m.category, COUNT(*) FROM merchants m JOIN orgs o ON o.id = m.org_id"
                    " WHERE o.path >= ? AND o.path < ? AND m.suspended = 0"
                    " AND m.contract_start <= ? AND m.contract_end > ? GROUP BY m.category",
                    {range.lower, range.upper, to, to}, m.merchants_by_category));
  for (const auto& [category, n] : m.merchants_by_category) {
    m.merchants_signed += n;
    if (category == "orchard" || category == "farm") m.orchards_and_farms += n;
  }
  // Points: a member's ledger account id is the member id.
  {
    GH_ASSIGN(Rows rows, tx.query("SELECT t.kind, SUM(t.amount) FROM ledger_transfers t"
                                  " JOIN members mb ON mb.id = t.credit_account_id"
                                  " JOIN orgs o ON o.id = mb.org_id"
                                  " WHERE t.kind IN ('grant', 'checkin', 'refund')"
                                  " AND t.created_at >= ? AND t.created_at < ?"
                                  " AND o.path >= ? AND o.path < ? GROUP BY t.kind",
                                  {from, to, range.lower, range.upper}));
    for (const auto& r : rows) {
      if (r.text(0) == "refund")
        m.points_spent -= r.integer(1);
      else
        m.points_issued += r.integer(1);
    }
    GH_ASSIGN(rows, tx.query("SELECT SUM(t.amount) FROM ledger_transfers t"
                             " JOIN members mb ON mb.id = t.debit_account_id"
                             " JOIN orgs o ON o.id = mb.org_id"
                             " WHERE t.kind = 'spend' AND t.created_at >= ? AND t.created_at < ?"
                             " AND o.path >= ? AND o.path < ?",
                             {from, to, range.lower, range.upper}));
    m.points_spent += rows[0].integer(0);
  }
  return m;
}

const std::vector<std::string>& figures() {
  static const std::vector<std::string> all = {"events",
                                               "events_by_kind",
                                               "events_by_brand",
                                               "lottery_events",
                                               "portions",
                                               "portions_by_product",
                                               "person_times",
                                               "members_reached",
                                               "redeemed",
                                               "redemption_rate_permille",
                                               "purchases_fen",
                                               "prize_value_fen",
                                               "funds_fen",
                                               "counterpart_aid_fen",
                                               "counterpart_aid_by_region",
                                               "merchants_signed",
                                               "merchants_by_category",
                                               "orchards_and_farms",
                                               "points_issued",
                                               "points_spent"};
  return all;
}

namespace {

// The statement and parameters that read one figure's rows, and their type.
struct RecordSql {
  std::string type;  // campaign, voucher, purchase, merchant, transfer
  std::string sql;
  Params params;
};

// Pages by id: rows after the cursor, one more than the page so a next page shows.
void page_by_id(RecordSql& s, const RecordQuery& q, const std::string& id_column) {
  s.sql += " AND " + id_column + " > ? ORDER BY " + id_column + " LIMIT ?";
  s.params.push_back(q.after_id);
  s.params.push_back(q.limit + 1);
}

// The SQL of the campaign rows behind figure f.
Result<RecordSql> event_records(const RecordQuery& q, const std::string& f,
                                const org::PathRange& range) {
  RecordSql out{"campaign", "", {}};
  std::string& sql = out.sql;
  Params& params = out.params;
  sql = "SELECT c.id, c.org_id, c.kind, c.title, c.brand, c.status, c.opens_at FROM campaigns c" +
        std::string(kEventFilter);
  params = event_params(range, q.from, q.to);
  if (f == "lottery_events") sql += " AND c.kind = 'lottery'";
  if (f == "events_by_kind" && !q.key.empty()) {
    sql += " AND c.kind = ?";
    params.push_back(q.key);
  }
  if (f == "events_by_brand" && !q.key.empty()) {
    sql += " AND c.brand = ?";
    params.push_back(q.key == "(none)" ? std::string() : q.key);
  }
  page_by_id(out, q, "c.id");
  return out;
}

// The SQL of the voucher rows behind figure f.
Result<RecordSql> voucher_records(store::Tx& tx, const RecordQuery& q, const std::string& f,
                                  const org::PathRange& range) {
  RecordSql out{"voucher", "", {}};
  std::string& sql = out.sql;
  Params& params = out.params;
  sql =
      "SELECT v.id, v.campaign_id, v.prize_id, v.member_id, v.merchant_id, v.status,"
      " cp.value_fen, COALESCE(pr.kind, 'other'), v.created_at, v.redeemed_at"
      " FROM campaigns c JOIN vouchers v ON v.campaign_id = c.id"
      " LEFT JOIN campaign_prizes cp ON cp.id = v.prize_id"
      " LEFT JOIN products pr ON pr.id = cp.product_id" +
      std::string(kEventFilter) +
      " AND v.created_at >= ? AND v.created_at < ? AND v.status <> 'void'";
  params = event_params(range, q.from, q.to);
  params.push_back(q.from);
  params.push_back(q.to);
  if (f == "redeemed") sql += " AND v.status = 'redeemed'";
  if (f == "prize_value_fen") {
    sql += " AND NOT EXISTS (SELECT 1 FROM purchase_campaigns pc WHERE pc.campaign_id = c.id)";
  }
  if (f == "portions_by_product" && !q.key.empty()) {
    sql += " AND COALESCE(pr.kind, 'other') = ?";
    params.push_back(q.key);
  }
  // By issue time, then id: the index vouchers_created (created_at, id) is walked from the
  // cursor and the walk stops at the page's end, where ordering by id alone sorted every
  // voucher in range first (seconds over a million).
  if (q.after_id != 0) {
    GH_ASSIGN(Rows at, tx.query("SELECT created_at FROM vouchers WHERE id = ?", {q.after_id}));
    if (at.empty()) {
      return Error::invalid("cursor", "unknown_cursor", "the cursor names no voucher");
    }
    const int64_t cursor_at = at[0].integer(0);
    sql += " AND v.created_at >= ? AND (v.created_at > ? OR v.id > ?)";
    params.insert(params.end(), {cursor_at, cursor_at, q.after_id});
  }
  sql += " ORDER BY v.created_at, v.id LIMIT ?";
  params.push_back(q.limit + 1);
  return out;
}

// The SQL of the purchase rows behind figure f.
Result<RecordSql> purchase_records(const RecordQuery& q, const std::string& f,
                                   const org::PathRange& range) {
  RecordSql out{"purchase", "", {}};
  std::string& sql = out.sql;
  Params& params = out.params;
  // funds_fen lists the purchases; the prize part of it is figure=prize_value_fen.
  sql =
      "SELECT p.id, p.org_id, p.supplier_name, p.product_name, p.product_kind, p.quantity,"
      " p.unit, p.total_fen, p.purchased_on, p.counterpart_region, p.invoice_ref"
      " FROM purchases p JOIN orgs o ON o.id = p.org_id"
      " WHERE o.path >= ? AND o.path < ? AND p.purchased_on >= ? AND p.purchased_on < ?";
  params = {range.lower, range.upper, q.from, q.to};
  if (f == "counterpart_aid_fen" || f == "counterpart_aid_by_region") {
    sql += " AND p.counterpart_region <> ''";
  }
  if (f == "counterpart_aid_by_region" && !q.key.empty()) {
    sql += " AND p.counterpart_region = ?";
    params.push_back(q.key);
  }
  page_by_id(out, q, "p.id");
  return out;
}

// The SQL of the merchant rows behind figure f.
Result<RecordSql> merchant_records(const RecordQuery& q, const std::string& f,
                                   const org::PathRange& range) {
  RecordSql out{"merchant", "", {}};
  std::string& sql = out.sql;
  Params& params = out.params;
  sql =
      "SELECT m.id, m.org_id, m.name, m.category, m.contract_start, m.contract_end"
      " FROM merchants m JOIN orgs o ON o.id = m.org_id"
      " WHERE o.path >= ? AND o.path < ? AND m.suspended = 0"
      " AND m.contract_start <= ? AND m.contract_end > ?";
  params = {range.lower, range.upper, q.to, q.to};
  if (f == "orchards_and_farms") sql += " AND m.category IN ('orchard', 'farm')";
  if (f == "merchants_by_category" && !q.key.empty()) {
    sql += " AND m.category = ?";
    params.push_back(q.key);
  }
  page_by_id(out, q, "m.id");
  return out;
}

// The SQL of the transfer rows behind figure f.
Result<RecordSql> transfer_records(const RecordQuery& q, const std::string& f,
                                   const org::PathRange& range) {
  RecordSql out{"transfer", "", {}};
  std::string& sql = out.sql;
  Params& params = out.params;
  const bool issued = f == "points_issued";
  sql =
      "SELECT t.id, t.kind, t.amount, mb.id, t.created_at FROM ledger_transfers t"
      " JOIN members mb ON mb.id = " +
      std::string(issued ? "t.credit_account_id"
                         : "(CASE WHEN t.kind = 'spend' THEN t.debit_account_id ELSE "
                           "t.credit_account_id END)") +
      " JOIN orgs o ON o.id = mb.org_id WHERE t.kind IN " +
      std::string(issued ? "('grant', 'checkin')" : "('spend', 'refund')") +
      " AND t.created_at >= ? AND t.created_at < ? AND o.path >= ? AND o.path < ?";
  params = {q.from, q.to, range.lower, range.upper};
  page_by_id(out, q, "t.id");
  return out;
}

// One row of a figure's records as the API lists it.
boost::json::object record_item(const std::string& type, const store::Row& r) {
  auto id = [](int64_t v) { return boost::json::value(std::to_string(v)); };
  auto time = [](int64_t v) { return boost::json::value(format_rfc3339(Timestamp{v})); };
  boost::json::object item;
  if (type == "campaign") {
    item = {{"id", id(r.integer(0))},
            {"org_id", id(r.integer(1))},
            {"kind", r.text(2)},
            {"title", r.text(3)},
            {"brand", r.text(4)},
            {"status", r.text(5)},
            {"opens_at", time(r.integer(6))}};
  } else if (type == "voucher") {
    item = {{"id", id(r.integer(0))},
            {"campaign_id", id(r.integer(1))},
            {"prize_id", id(r.integer(2))},
            {"member_id", id(r.integer(3))},
            {"merchant_id", id(r.integer(4))},
            {"status", r.text(5)},
            {"value_fen", r.integer(6)},
            {"product_kind", r.text(7)},
            {"created_at", time(r.integer(8))},
            {"redeemed_at", r.integer(9) ? time(r.integer(9)) : boost::json::value(nullptr)}};
  } else if (type == "purchase") {
    item = {{"id", id(r.integer(0))},
            {"org_id", id(r.integer(1))},
            {"supplier_name", r.text(2)},
            {"product_name", r.text(3)},
            {"product_kind", r.text(4)},
            {"quantity", r.integer(5)},
            {"unit", r.text(6)},
            {"total_fen", r.integer(7)},
            {"purchased_on", format_local_date(r.integer(8))},
            {"counterpart_region", r.text(9)},
            {"invoice_ref", r.text(10)}};
  } else if (type == "merchant") {
    item = {{"id", id(r.integer(0))},
            {"org_id", id(r.integer(1))},
            {"name", r.text(2)},
            {"category", r.text(3)},
            {"contract_start", time(r.integer(4))},
            {"contract_end", time(r.integer(5))}};
  } else {
    item = {{"id", id(r.integer(0))},
            {"kind", r.text(1)},
            {"amount", r.integer(2)},
            {"member_id", id(r.integer(3))},
            {"created_at", time(r.integer(4))}};
  }
  return item;
}

}  // namespace

Result<Records> records(store::Tx& tx, const Principal& admin, const RecordQuery& q) {
  const auto& all = figures();
  if (std::find(all.begin(), all.end(), q.figure) == all.end()) {
    return Error::invalid("figure", "unknown_figure", "figure must be one of the report's figures");
  }
  GH_TRY(plan_for_parameters(tx));
  GH_ASSIGN(Scope scope, load_scope(tx, admin, q.org_id));
  const org::PathRange range = org::range_of(scope.root.path);
  const std::string& f = q.figure;
  Result<RecordSql> query = Error::internal("no query");
  if (f == "events" || f == "events_by_kind" || f == "events_by_brand" || f == "lottery_events") {
    query = event_records(q, f, range);
  } else if (f == "portions" || f == "portions_by_product" || f == "person_times" ||
             f == "members_reached" || f == "redeemed" || f == "redemption_rate_permille" ||
             f == "prize_value_fen") {
    query = voucher_records(tx, q, f, range);
  } else if (f == "purchases_fen" || f == "funds_fen" || f == "counterpart_aid_fen" ||
             f == "counterpart_aid_by_region") {
    query = purchase_records(q, f, range);
  } else if (f == "merchants_signed" || f == "merchants_by_category" || f == "orchards_and_farms") {
    query = merchant_records(q, f, range);
  } else {
    query = transfer_records(q, f, range);
  }
  if (!query.ok()) {
    return std::move(query).error();
  }
  GH_ASSIGN(Rows rows, tx.query(query->sql, query->params));
  Records out;
  out.type = query->type;
  int64_t last = 0;
  for (const auto& r : rows) {
    if (static_cast<int64_t>(out.items.size()) == q.limit) {
      out.next_cursor = last;
      break;
    }
    last = r.integer(0);
    out.items.push_back(record_item(out.type, r));
  }
  return out;
}

}  // namespace gonghui::report
