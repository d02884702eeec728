// The records behind each figure of the impact report, paged, for its drill-downs.
#include <algorithm>

#include "core/time.hpp"
#include "domain/report/internal.hpp"
#include "domain/report/report.hpp"

namespace gonghui::report {
namespace {

using internal::event_params;
using internal::kEventFilter;
using store::Params;
using store::Rows;

// The statement and parameters that read one figure's rows, and their type.
struct RecordSql {
  std::string type;  // campaign, voucher, purchase, merchant, transfer …
  std::string sql;
  Params params;
  // Paged by position (the cursor counts the rows listed before) rather than by id: for rows
  // that have no id of their own.
  bool by_position = false;
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
  if ((f == "events_by_kind" || f == "by_kind") && !q.key.empty()) {
    sql += " AND c.kind = ?";
    params.push_back(q.key);
  }
  if ((f == "events_by_brand" || f == "by_brand") && !q.key.empty()) {
    sql += " AND c.brand = ?";
    params.push_back(q.key == "(none)" ? std::string() : q.key);
  }
  if (f == "by_platform") {
    sql +=
        " AND EXISTS (SELECT 1 FROM campaign_prizes cp JOIN merchants mm ON mm.id = cp.merchant_id"
        " WHERE cp.campaign_id = c.id AND mm.platform <> ''" +
        std::string(q.key.empty() ? "" : " AND mm.platform = ?") + ")";
    if (!q.key.empty()) params.push_back(q.key);
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
      " cp.value_fen, CASE WHEN pr.id IS NOT NULL THEN pr.kind WHEN cp.produce_kind <> ''"
      " THEN cp.produce_kind ELSE 'other' END, v.created_at, v.redeemed_at"
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
    sql +=
        " AND (CASE WHEN pr.id IS NOT NULL THEN pr.kind WHEN cp.produce_kind <> ''"
        " THEN cp.produce_kind ELSE 'other' END) = ?";
    params.push_back(q.key);
  }
  if (f == "portions_by_produce" && !q.key.empty()) {
    if (const auto kind = internal::kind_named(q.key)) {
      sql += " AND pr.id IS NULL AND cp.produce_name = '' AND cp.produce_kind = ?";
      params.push_back(*kind);
    } else if (q.key == "other") {
      sql += " AND pr.id IS NULL AND cp.produce_name = '' AND cp.produce_kind = ''";
    } else {
      sql += " AND (pr.name = ? OR (pr.id IS NULL AND cp.produce_name = ?))";
      params.insert(params.end(), {q.key, q.key});
    }
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
  if (f == "by_kind") {
    sql += " AND NOT EXISTS (SELECT 1 FROM purchase_campaigns pc WHERE pc.purchase_id = p.id)";
  }
  page_by_id(out, q, "p.id");
  return out;
}

// The SQL of the imported history rows behind figure f: event rows behind the event and
// portion figures, purchase rows behind the purchase figures, and both behind funds and the
// kind and brand breakdowns. Merchants and points have no imported rows.
Result<RecordSql> imported_records(const RecordQuery& q, const std::string& f,
                                   const org::PathRange& range) {
  RecordSql out{"imported", "", {}};
  std::string& sql = out.sql;
  Params& params = out.params;
  sql =
      "SELECT h.id, h.org_id, h.happened_on, h.kind, h.title, h.brand, h.produce_name,"
      " h.produce_kind, h.portions, h.funds_fen, h.person_times, h.supplier_name, h.region,"
      " h.platform, h.batch_id FROM history_records h JOIN orgs o ON o.id = h.org_id"
      " WHERE o.path >= ? AND o.path < ? AND h.happened_on >= ? AND h.happened_on < ?";
  params = {range.lower, range.upper, q.from, q.to};
  const bool purchases = f == "purchases_fen" || f == "counterpart_aid_fen" ||
                         f == "counterpart_aid_by_region" ||
                         (f == "by_kind" && q.key == "purchase");
  const bool both = f == "funds_fen" || f == "by_brand" || (f == "by_kind" && q.key.empty());
  if (f == "merchants_signed" || f == "merchants_by_category" || f == "orchards_and_farms" ||
      f == "points_issued" || f == "points_spent" || f == "offer_uses" ||
      f == "training_person_times" || f == "subsidy_people" || f == "subsidy_paid_fen" ||
      internal::is_field_work(f)) {
    sql += " AND 1 = 0";
  } else if (purchases) {
    sql += " AND h.kind = 'purchase'";
  } else if (!both) {
    sql += " AND h.kind <> 'purchase'";
  }
  auto key_is = [&](std::string_view column) {
    sql += " AND " + std::string(column) + " = ?";
    params.push_back(q.key);
  };
  if (!q.key.empty()) {
    if (f == "events_by_kind" || f == "by_kind") key_is("h.kind");
    if (f == "events_by_brand" || f == "by_brand") {
      sql += " AND h.brand = ?";
      params.push_back(q.key == "(none)" ? std::string() : q.key);
    }
    if (f == "by_platform") key_is("h.platform");
    if (f == "counterpart_aid_by_region") key_is("h.region");
    if (f == "portions_by_product") {
      sql += " AND (CASE WHEN h.produce_kind = '' THEN 'other' ELSE h.produce_kind END) = ?";
      params.push_back(q.key);
    }
    if (f == "portions_by_produce") {
      if (const auto kind = internal::kind_named(q.key)) {
        sql += " AND h.produce_name = '' AND h.produce_kind = ?";
        params.push_back(*kind);
      } else {
        key_is("h.produce_name");
      }
    }
  }
  if (f == "lottery_events") sql += " AND h.kind = 'lottery'";
  if (f == "counterpart_aid_fen" || f == "counterpart_aid_by_region") sql += " AND h.region <> ''";
  if (f == "by_platform" && q.key.empty()) sql += " AND h.platform <> ''";
  page_by_id(out, q, "h.id");
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

// The offer uses behind offer_uses (优惠购 person-times).
Result<RecordSql> offer_use_records(const RecordQuery& q, const org::PathRange& range) {
  RecordSql out{"offer_use", "", {}};
  out.sql =
      "SELECT u.id, u.offer_id, f.title, u.merchant_id, mm.name, u.member_id, u.org_id,"
      " u.used_at FROM offer_uses u JOIN orgs o ON o.id = u.org_id"
      " JOIN offers f ON f.id = u.offer_id JOIN merchants mm ON mm.id = u.merchant_id"
      " WHERE o.path >= ? AND o.path < ? AND u.used_at >= ? AND u.used_at < ?";
  out.params = {range.lower, range.upper, q.from, q.to};
  page_by_id(out, q, "u.id");
  return out;
}

// The payments behind subsidy_people and subsidy_paid_fen (求学圆梦), without personal data.
Result<RecordSql> subsidy_records(const RecordQuery& q, const org::PathRange& range) {
  RecordSql out{"subsidy_payout", "", {}};
  out.sql =
      "SELECT p.id, p.application_id, p.member_id, p.org_id, p.level, p.amount_fen, p.paid_on"
      " FROM subsidy_payouts p JOIN orgs o ON o.id = p.org_id"
      " WHERE o.path >= ? AND o.path < ? AND p.paid_on >= ? AND p.paid_on < ?";
  out.params = {range.lower, range.upper, q.from, q.to};
  page_by_id(out, q, "p.id");
  return out;
}

// The attendance behind training_person_times (技能培训): one row per member present at a
// session of a published course organised in scope, by the session's start, as the figure
// counts them. An attendance has no id of its own (it is a session and a member), so the rows
// are ordered by the session's start, session and member, and paged by position. No personal
// data: the member by id, and their union now.
Result<RecordSql> training_records(const RecordQuery& q, const org::PathRange& range) {
  RecordSql out{"training_attendance", "", {}, true};
  out.sql =
      "SELECT a.session_id, s.starts_at, a.course_id, c.title, c.org_id, a.member_id, mb.org_id,"
      " a.method, a.signed_at FROM training_attendance a"
      " JOIN training_sessions s ON s.id = a.session_id"
      " JOIN training_courses c ON c.id = a.course_id JOIN orgs o ON o.id = c.org_id"
      " JOIN members mb ON mb.id = a.member_id WHERE a.status = 'present'"
      " AND c.status = 'published' AND o.path >= ? AND o.path < ?"
      " AND s.starts_at >= ? AND s.starts_at < ?"
      " ORDER BY s.starts_at, a.session_id, a.member_id LIMIT ? OFFSET ?";
  out.params = {range.lower, range.upper, q.from, q.to, q.limit + 1, q.after_id};
  return out;
}

// One row of a figure's records as the API lists it.
boost::json::object record_item(const std::string& type, const store::Row& r) {
  if (auto item = internal::field_work_item(type, r)) return std::move(*item);
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
  } else if (type == "offer_use") {
    item = {{"id", id(r.integer(0))},     {"offer_id", id(r.integer(1))},
            {"offer_title", r.text(2)},   {"merchant_id", id(r.integer(3))},
            {"merchant_name", r.text(4)}, {"member_id", id(r.integer(5))},
            {"org_id", id(r.integer(6))}, {"used_at", time(r.integer(7))}};
  } else if (type == "subsidy_payout") {
    item = {{"id", id(r.integer(0))},
            {"application_id", id(r.integer(1))},
            {"member_id", id(r.integer(2))},
            {"org_id", id(r.integer(3))},
            {"level", r.text(4)},
            {"amount_fen", r.integer(5)},
            {"paid_on", format_local_date(r.integer(6))}};
  } else if (type == "training_attendance") {
    item = {{"session_id", id(r.integer(0))},    {"session_starts_at", time(r.integer(1))},
            {"course_id", id(r.integer(2))},     {"course_title", r.text(3)},
            {"course_org_id", id(r.integer(4))}, {"member_id", id(r.integer(5))},
            {"org_id", id(r.integer(6))},        {"method", r.text(7)},
            {"signed_at", time(r.integer(8))}};
  } else if (type == "imported") {
    item = {{"id", id(r.integer(0))},
            {"org_id", id(r.integer(1))},
            {"happened_on", format_local_date(r.integer(2))},
            {"kind", r.text(3)},
            {"title", r.text(4)},
            {"brand", r.text(5)},
            {"produce_name", r.text(6)},
            {"produce_kind", r.text(7)},
            {"portions", r.integer(8)},
            {"funds_fen", r.integer(9)},
            {"person_times", r.integer(10)},
            {"supplier_name", r.text(11)},
            {"region", r.text(12)},
            {"platform", r.text(13)},
            {"batch_id", id(r.integer(14))},
            {"imported", true}};
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
  GH_TRY(internal::plan_for_parameters(tx));
  GH_ASSIGN(internal::Scope scope, internal::load_scope(tx, admin, q.org_id));
  const org::PathRange range = org::range_of(scope.root.path);
  const std::string& f = q.figure;
  Result<RecordSql> query = Error::internal("no query");
  if (q.imported) {
    query = imported_records(q, f, range);
  } else if (f == "by_kind" && q.key == "purchase") {
    query = purchase_records(q, f, range);
  } else if (f == "events" || f == "events_by_kind" || f == "events_by_brand" ||
             f == "lottery_events" || f == "by_kind" || f == "by_brand" || f == "by_platform") {
    query = event_records(q, f, range);
  } else if (f == "portions" || f == "portions_by_product" || f == "portions_by_produce" ||
             f == "person_times" || f == "members_reached" || f == "redeemed" ||
             f == "redemption_rate_permille" || f == "prize_value_fen") {
    query = voucher_records(tx, q, f, range);
  } else if (f == "purchases_fen" || f == "funds_fen" || f == "counterpart_aid_fen" ||
             f == "counterpart_aid_by_region") {
    query = purchase_records(q, f, range);
  } else if (f == "merchants_signed" || f == "merchants_by_category" || f == "orchards_and_farms") {
    query = merchant_records(q, f, range);
  } else if (f == "offer_uses") {
    query = offer_use_records(q, range);
  } else if (f == "training_person_times") {
    query = training_records(q, range);
  } else if (f == "subsidy_people" || f == "subsidy_paid_fen") {
    query = subsidy_records(q, range);
  } else if (auto field = internal::field_work_records(f, q.key, range, q.from, q.to)) {
    RecordSql s{std::move(field->type), std::move(field->sql), std::move(field->params)};
    page_by_id(s, q, field->id_column);
    query = std::move(s);
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
      out.next_cursor = query->by_position ? q.after_id + q.limit : last;
      break;
    }
    last = r.integer(0);
    out.items.push_back(record_item(out.type, r));
  }
  return out;
}

}  // namespace gonghui::report
