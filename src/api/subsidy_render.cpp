// 求学圆梦 rounds and applications as JSON, a round read from a body, and the payout workbook.
#include "api/subsidy_render.hpp"

#include <xlsxwriter.h>

#include "api/impact_render.hpp"
#include "api/json_render.hpp"
#include "api/support.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"
#include "domain/document/document.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;
using subsidy::Application;

bj::array windows_json(const std::vector<subsidy::Window>& windows) {
  bj::array out;
  for (const subsidy::Window& w : windows) {
    out.push_back({{"opens_at", format_rfc3339(Timestamp{w.opens_at})},
                   {"closes_at", format_rfc3339(Timestamp{w.closes_at})}});
  }
  return out;
}

bj::value tier_or_null(std::optional<subsidy::Tier> tier) {
  return tier ? bj::value(enum_name(*tier)) : bj::value(nullptr);
}

// `field` of the body as an array of objects; empty if absent, 400 invalid_field otherwise.
Result<std::optional<std::vector<const bj::object*>>> object_list(const bj::object& body,
                                                                  std::string_view field) {
  const bj::value* v = body.if_contains(field);
  if (v == nullptr || v->is_null()) {
    return std::optional<std::vector<const bj::object*>>();
  }
  Error shape = Error::invalid(std::string(field), "invalid_field",
                               std::string(field) + " must be a list of objects");
  if (!v->is_array() || v->as_array().size() > 50) {
    return shape;
  }
  std::vector<const bj::object*> out;
  for (const bj::value& item : v->as_array()) {
    if (!item.is_object()) {
      return shape;
    }
    out.push_back(&item.as_object());
  }
  return std::optional(std::move(out));
}

// Runs a reader of one list item; its error names the list instead of the item's field.
template <class T>
Result<T> in_list(Result<T> read, std::string_view list) {
  if (!read.ok()) {
    Error e = std::move(read).error();
    e.message = std::string(list) + ": " + e.message;
    e.field = std::string(list);
    return e;
  }
  return read;
}

}  // namespace

bj::object render_round(const subsidy::Round& r, int64_t now) {
  bj::array levels, quotas;
  for (const subsidy::LevelAmount& l : r.levels) {
    levels.push_back({{"level", enum_name(l.level)}, {"amount_fen", l.amount_fen}});
  }
  for (const subsidy::Quota& q : r.quotas) {
    quotas.push_back({{"org_id", std::to_string(q.org_id)},
                      {"org_name", q.org_name},
                      {"quota", q.quota},
                      {"used", q.used}});
  }
  const subsidy::StatusCounts& c = r.counts;
  return {{"id", std::to_string(r.id)},
          {"year", r.year},
          {"title", r.title},
          {"description", r.description},
          {"status", enum_name(r.status)},
          {"windows", windows_json(r.windows)},
          {"window_open", r.window_open(now)},
          {"levels", std::move(levels)},
          {"quotas", std::move(quotas)},
          {"frontline_only", r.frontline_only},
          {"min_membership_months", r.min_membership_months},
          {"created_at", format_rfc3339(Timestamp{r.created_at})},
          {"created_by_name", r.created_by_name},
          {"opened_at", optional_time_json(r.opened_at)},
          {"approved_at", optional_time_json(r.approved_at)},
          {"approved_by_name", r.approved_by_name},
          {"counts",
           {{"submitted", c.submitted},
            {"base_approved", c.base_approved},
            {"district_approved", c.district_approved},
            {"approved", c.approved},
            {"paid", c.paid},
            {"returned", c.returned},
            {"withdrawn", c.withdrawn}}},
          {"paid_fen", r.paid_fen}};
}

bj::object render_member_round(const subsidy::MemberRound& m) {
  bj::array levels;
  for (const subsidy::MemberLevel& l : m.levels) {
    levels.push_back(
        {{"level", enum_name(l.level)},
         {"amount_fen", l.amount_fen},
         {"eligible", !l.ineligible},
         {"reason", l.ineligible ? bj::value(enum_name(*l.ineligible)) : bj::value(nullptr)}});
  }
  return {{"id", std::to_string(m.round.id)},
          {"year", m.round.year},
          {"title", m.round.title},
          {"description", m.round.description},
          {"windows", windows_json(m.round.windows)},
          {"window_open", m.window_open},
          {"frontline_only", m.round.frontline_only},
          {"min_membership_months", m.round.min_membership_months},
          {"levels", std::move(levels)}};
}

Result<bj::object> render_application(store::Tx& tx, const Application& a, bool for_admin) {
  GH_ASSIGN(subsidy::MaskedBank bank, subsidy::masked_bank(tx, a));
  GH_ASSIGN(document::Document doc, document::info(tx, a.document_id));
  bj::array timeline;
  for (const subsidy::Event& e : a.timeline) {
    bj::object event{{"at", format_rfc3339(Timestamp{e.at})},
                     {"action", e.action},
                     {"level", enum_name(e.tier)},
                     {"org_name", e.org_name},
                     {"note", e.note}};
    if (for_admin) event["actor_name"] = e.actor_name;
    timeline.push_back(std::move(event));
  }
  bj::object out{
      {"id", std::to_string(a.id)},
      {"round_id", std::to_string(a.round_id)},
      {"round_title", a.round_title},
      {"year", a.year},
      {"level", enum_name(a.level)},
      {"amount_fen", a.amount_fen},
      {"school", a.school},
      {"major", a.major},
      {"document",
       {{"id", std::to_string(doc.id)}, {"content_type", doc.content_type}, {"bytes", doc.bytes}}},
      {"bank_name", bank.bank_name},
      {"account_masked", bank.account},
      {"holder_masked", bank.holder},
      {"status", enum_name(a.status)},
      {"step", tier_or_null(subsidy::step_of(a.status))},
      {"returned_by", a.returned_by.empty() ? bj::value(nullptr) : bj::value(a.returned_by)},
      {"return_reason", a.return_reason},
      {"payout", a.payout_id == 0 ? bj::value(nullptr)
                                  : bj::value(bj::object{{"paid_on", format_local_date(a.paid_on)},
                                                         {"amount_fen", a.paid_fen},
                                                         {"transfer_ref", a.transfer_ref}})},
      {"timeline", std::move(timeline)},
      {"created_at", format_rfc3339(Timestamp{a.created_at})},
      {"updated_at", format_rfc3339(Timestamp{a.updated_at})}};
  if (for_admin) {
    out["member_id"] = std::to_string(a.member_id);
    out["member_name"] = a.member_name;
    out["member_phone"] = mask_phone(a.member_phone);
    out["org_id"] = std::to_string(a.org_id);
    out["org_name"] = a.org_name;
    out["district_id"] = std::to_string(a.district_id);
    out["district_name"] = a.district_name;
    out["can_review"] = a.can_review;
  }
  return out;
}

Result<subsidy::RoundInput> read_round_input(const bj::object& body) {
  subsidy::RoundInput in;
  GH_ASSIGN(in.year, json::optional_integer(body, "year", 0, 9999));
  GH_ASSIGN(in.title, json::optional_string(body, "title", 200));
  GH_ASSIGN(in.description, json::optional_string(body, "description", 5000));
  if (body.contains("frontline_only")) {
    GH_ASSIGN(in.frontline_only, json::optional_bool(body, "frontline_only", false));
  }
  GH_ASSIGN(in.min_membership_months,
            json::optional_integer(body, "min_membership_months", -1, 100000));
  GH_ASSIGN(auto windows, object_list(body, "windows"));
  if (windows) {
    in.windows.emplace();
    for (const bj::object* w : *windows) {
      GH_ASSIGN(int64_t opens, in_list(required_time(*w, "opens_at"), "windows"));
      GH_ASSIGN(int64_t closes, in_list(required_time(*w, "closes_at"), "windows"));
      in.windows->push_back({opens, closes});
    }
  }
  GH_ASSIGN(auto levels, object_list(body, "levels"));
  if (levels) {
    in.levels.emplace();
    for (const bj::object* l : *levels) {
      GH_ASSIGN(std::string name, in_list(json::required_string(*l, "level", 20), "levels"));
      const auto level = parse_enum<subsidy::Degree>(name);
      if (!level) {
        return Error::invalid("levels", "unknown_level",
                              "levels are junior_college, bachelor or postgraduate");
      }
      GH_ASSIGN(int64_t amount,
                in_list(json::required_integer(*l, "amount_fen", -1, 1'000'000'000), "levels"));
      in.levels->push_back({*level, amount});
    }
  }
  GH_ASSIGN(auto quotas, object_list(body, "quotas"));
  if (quotas) {
    in.quotas.emplace();
    for (const bj::object* q : *quotas) {
      GH_ASSIGN(int64_t org_id, in_list(json::required_id(*q, "org_id"), "quotas"));
      GH_ASSIGN(int64_t quota,
                in_list(json::required_integer(*q, "quota", -1, 1'000'000'000), "quotas"));
      in.quotas->push_back({org_id, "", quota, 0});
    }
  }
  return in;
}

Result<std::string> payout_workbook(const std::vector<subsidy::PayoutRow>& rows) {
  static constexpr const char* kHeadings[] = {
      "序号",     "姓名",     "手机号", "区（县）工会", "基层工会", "学历层次", "学校",      "专业",
      "开户银行", "银行账号", "户名",   "金额（元）",   "状态",     "付款日期", "转账流水号"};
  static constexpr const char* kLevels[] = {"大专", "本科", "研究生"};
  return workbook_bytes([&](lxw_workbook* workbook) {
    lxw_format* bold = workbook_add_format(workbook);
    format_set_bold(bold);
    lxw_format* yuan = workbook_add_format(workbook);
    format_set_num_format(yuan, "#,##0.00");
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, "发放名单");
    for (size_t c = 0; c < std::size(kHeadings); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      worksheet_write_string(sheet, 0, col, kHeadings[c], bold);
      worksheet_set_column(sheet, col, col, c == 9 || c == 14 ? 26 : 14, nullptr);
    }
    lxw_row_t r = 1;
    for (const subsidy::PayoutRow& row : rows) {
      const Application& a = row.application;
      const bool paid = a.status == subsidy::State::kPaid;
      const std::string cells[] = {a.member_name,
                                   a.member_phone,
                                   a.district_name,
                                   a.org_name,
                                   kLevels[static_cast<size_t>(a.level)],
                                   a.school,
                                   a.major,
                                   row.bank.bank_name,
                                   row.bank.account_no,
                                   row.bank.account_holder};
      worksheet_write_number(sheet, r, 0, static_cast<double>(r), nullptr);
      for (size_t c = 0; c < std::size(cells); ++c) {
        // Text, so that a long account number keeps every digit.
        worksheet_write_string(sheet, r, static_cast<lxw_col_t>(c + 1), cells[c].c_str(), nullptr);
      }
      worksheet_write_number(sheet, r, 11,
                             static_cast<double>(paid ? a.paid_fen : a.amount_fen) / 100, yuan);
      worksheet_write_string(sheet, r, 12, paid ? "已发放" : "待发放", nullptr);
      worksheet_write_string(sheet, r, 13, paid ? format_local_date(a.paid_on).c_str() : "",
                             nullptr);
      worksheet_write_string(sheet, r, 14, a.transfer_ref.c_str(), nullptr);
      ++r;
    }
  });
}

}  // namespace gonghui::api
