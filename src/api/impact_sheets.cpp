// The impact report as staff read it in a spreadsheet: Chinese sheet names and headings,
// amounts in 元 with two decimals, rates as percentages, dates in Beijing time. The same
// sheets make the CSV (one section after another) and the XLSX workbook.
#include <xlsxwriter.h>

#include <array>
#include <cstdio>

#include "api/impact_render.hpp"
#include "core/csv.hpp"
#include "core/time.hpp"
#include "domain/report/summary.hpp"

namespace gonghui::api {
namespace {

struct Cell {
  enum Kind { kText, kCount, kMoney, kRate } kind = kText;
  std::string text;   // kText
  int64_t value = 0;  // kCount; kMoney in fen; kRate in per mille
};
Cell text(std::string value) { return {Cell::kText, std::move(value), 0}; }
Cell count(int64_t value) { return {Cell::kCount, "", value}; }
Cell money(int64_t fen) { return {Cell::kMoney, "", fen}; }
Cell rate(int64_t permille) { return {Cell::kRate, "", permille}; }

struct Sheet {
  std::string name;
  std::vector<std::string> headings;
  std::vector<std::vector<Cell>> rows;
};

using Names = std::vector<std::pair<std::string_view, std::string_view>>;

// The name `key` has in `names`, or the key itself.
std::string name_of(const Names& names, const std::string& key) {
  for (const auto& [k, v] : names) {
    if (k == key) return std::string(v);
  }
  return key;
}

const Names kEventKinds = {{"lottery", "积分抽奖"},
                           {"claim", "限量领取"},
                           {"booking", "采摘预约"},
                           {"distribution", "助农发放"}};
const Names kCategories = {{"fresh_produce", "生鲜蔬果"},
                           {"orchard", "采摘园"},
                           {"farm", "农场"},
                           {"dining", "餐饮美食"},
                           {"daily_services", "生活服务"},
                           {"culture_sport", "文体休闲"},
                           {"other", "其他"}};

// 元 with two decimals: 12345 fen → "123.45".
std::string yuan(int64_t fen) {
  const int64_t magnitude = fen < 0 ? -fen : fen;
  char out[32];
  std::snprintf(out, sizeof out, "%s%lld.%02lld", fen < 0 ? "-" : "",
                static_cast<long long>(magnitude / 100), static_cast<long long>(magnitude % 100));
  return out;
}

// 795‰ → "79.5%".
std::string percent(int64_t permille) {
  char out[32];
  std::snprintf(out, sizeof out, "%lld.%lld%%", static_cast<long long>(permille / 10),
                static_cast<long long>(permille % 10));
  return out;
}

// The period [from, to) as Beijing dates, the last one holding to - 1 ms.
std::string period(const report::Impact& m) {
  return format_local_date(m.from) + " 至 " + format_local_date(m.to > m.from ? m.to - 1 : m.to);
}

Sheet summary_sheet(const report::Impact& m) {
  const report::Core& c = m.core;
  Sheet s{"成效汇总", {"指标", "数值"}, {}};
  const auto row = [&s](std::string label, Cell cell) {
    s.rows.push_back({text(std::move(label)), std::move(cell)});
  };
  row("工会", text(m.org_name));
  row("统计区间", text(period(m)));
  row("助农普惠活动（场）", count(c.events));
  row("其中积分抽奖活动（场）", count(c.lottery_events));
  row("发放份数（份）", count(c.portions));
  row("惠及人次", count(c.person_times));
  row("惠及职工（人）", count(c.members_reached));
  row("已核销（份）", count(c.redeemed));
  row("核销率", rate(m.redemption_rate_permille));
  row("助农采购金额（元）", money(c.purchases_fen));
  row("活动奖品价值（元）", money(c.prize_value_fen));
  row("投入资金（元）", money(c.funds_fen));
  row("对口支援采购（元）", money(c.counterpart_aid_fen));
  row("签约商家（家）", count(m.merchants_signed));
  row("其中采摘园、农场（家）", count(m.orchards_and_farms));
  row("发放积分（分）", count(m.points_issued));
  row("消费积分（分）", count(m.points_spent));
  row("优惠购（人次）", count(m.offer_uses));
  row("技能培训（人次）", count(m.training_person_times));
  row("求学圆梦资助（人）", count(m.subsidy_people));
  row("求学圆梦发放金额（元）", money(m.subsidy_paid_fen));
  row("帮促清单新增需求（项）", count(m.helplist_needs));
  row("帮促清单已验收（项）", count(m.helplist_needs_accepted));
  row("帮促资金与助销采购（元）", money(m.helplist_funds_fen));
  row("志愿服务（分钟）", count(m.helplist_volunteer_minutes));
  row("帮促成效·年增收（元）", money(m.helplist_income_fen_per_year));
  row("户外劳动者服务站（个）", count(m.stations));
  row("服务站服务（人次）", count(m.station_visits));
  row("就业服务·录用（人）", count(m.job_hires));
  row("网上入会（人）", count(m.new_members));
  return s;
}

Sheet breakdown_sheet(const report::Impact& m) {
  Sheet s{"分类统计", {"分类", "项目", "数值"}, {}};
  const auto rows = [&s](std::string_view group, const std::map<std::string, int64_t>& map,
                         auto&& name, Cell (*cell)(int64_t)) {
    for (const auto& [key, value] : map) {
      s.rows.push_back({text(std::string(group)), text(name(key)), cell(value)});
    }
  };
  rows(
      "活动类型", m.events_by_kind, [](const std::string& k) { return name_of(kEventKinds, k); },
      count);
  rows(
      "活动品牌", m.events_by_brand,
      [](const std::string& k) { return k == "(none)" ? std::string("未设品牌") : k; }, count);
  rows(
      "发放品类", m.portions_by_product,
      [](const std::string& k) { return std::string(report::product_kind_name(k)); }, count);
  rows(
      "发放农产品（份）", m.portions_by_produce, [](const std::string& k) { return k; }, count);
  const auto shares = [&s](std::string_view group, const std::map<std::string, report::Share>& map,
                           auto&& name) {
    for (const auto& [key, share] : map) {
      const std::string item = name(key);
      s.rows.push_back({text(std::string(group) + "·活动（场）"), text(item), count(share.events)});
      s.rows.push_back(
          {text(std::string(group) + "·发放（份）"), text(item), count(share.portions)});
      s.rows.push_back(
          {text(std::string(group) + "·惠及（人次）"), text(item), count(share.person_times)});
      if (share.funds_fen != 0) {
        s.rows.push_back(
            {text(std::string(group) + "·资金（元）"), text(item), money(share.funds_fen)});
      }
    }
  };
  shares("按类型", m.by_kind, [](const std::string& k) {
    return k == "purchase" ? std::string("助农采购") : name_of(kEventKinds, k);
  });
  shares("按品牌", m.by_brand,
         [](const std::string& k) { return k == "(none)" ? std::string("未设品牌") : k; });
  shares("按平台", m.by_platform, [](const std::string& k) { return k; });
  rows(
      "商家类别", m.merchants_by_category,
      [](const std::string& k) { return name_of(kCategories, k); }, count);
  rows(
      "对口支援地区（元）", m.counterpart_aid_by_region, [](const std::string& k) { return k; },
      money);
  rows(
      "帮促需求类别（项）", m.helplist_needs_by_category,
      [](const std::string& k) { return std::string(report::need_category_name(k)); }, count);
  return s;
}

Sheet trend_sheet(const report::Impact& m) {
  Sheet s{"月度趋势", {"月份", "发放份数（份）", "投入资金（元）"}, {}};
  for (const report::Month& month : m.trend_by_month) {
    s.rows.push_back({text(month.month), count(month.portions), money(month.funds_fen)});
  }
  return s;
}

Sheet district_sheet(const report::Impact& m) {
  Sheet s{"下级工会",
          {"工会", "助农普惠活动（场）", "其中积分抽奖（场）", "发放份数（份）", "惠及人次",
           "惠及职工（人）", "已核销（份）", "助农采购金额（元）", "活动奖品价值（元）",
           "投入资金（元）", "对口支援采购（元）"},
          {}};
  for (const report::District& d : m.by_district) {
    const report::Core& c = d.core;
    s.rows.push_back({text(d.own ? d.name + "（本级）" : d.name), count(c.events),
                      count(c.lottery_events), count(c.portions), count(c.person_times),
                      count(c.members_reached), count(c.redeemed), money(c.purchases_fen),
                      money(c.prize_value_fen), money(c.funds_fen), money(c.counterpart_aid_fen)});
  }
  return s;
}

std::array<Sheet, 4> sheets(const report::Impact& m) {
  return {summary_sheet(m), breakdown_sheet(m), trend_sheet(m), district_sheet(m)};
}

std::string csv_cell(const Cell& cell) {
  switch (cell.kind) {
    case Cell::kCount:
      return std::to_string(cell.value);
    case Cell::kMoney:
      return yuan(cell.value);
    case Cell::kRate:
      return percent(cell.value);
    case Cell::kText:
      break;
  }
  return csv::escape_cell(cell.text);
}

}  // namespace

std::string impact_staff_csv(const report::Impact& m) {
  std::string out;
  for (const Sheet& sheet : sheets(m)) {
    if (!out.empty()) out += "\r\n";
    out += csv::escape_cell(sheet.name) + "\r\n";
    std::string line;
    for (const std::string& heading : sheet.headings) {
      line += (line.empty() ? "" : ",") + csv::escape_cell(heading);
    }
    out += line + "\r\n";
    for (const auto& row : sheet.rows) {
      line.clear();
      for (size_t i = 0; i < row.size(); ++i) line += (i ? "," : "") + csv_cell(row[i]);
      out += line + "\r\n";
    }
  }
  return out;
}

Result<std::string> impact_staff_xlsx(const report::Impact& m) {
  return workbook_bytes([&](lxw_workbook* workbook) {
    lxw_format* bold = workbook_add_format(workbook);
    format_set_bold(bold);
    lxw_format* yuan_format = workbook_add_format(workbook);
    format_set_num_format(yuan_format, "#,##0.00");
    lxw_format* rate_format = workbook_add_format(workbook);
    format_set_num_format(rate_format, "0.0%");
    for (const Sheet& s : sheets(m)) {
      lxw_worksheet* sheet = workbook_add_worksheet(workbook, s.name.c_str());
      for (size_t c = 0; c < s.headings.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        worksheet_write_string(sheet, 0, col, s.headings[c].c_str(), bold);
        worksheet_set_column(sheet, col, col, c == 0 ? 24 : 18, nullptr);
      }
      lxw_row_t r = 1;
      for (const auto& row : s.rows) {
        for (size_t c = 0; c < row.size(); ++c) {
          const Cell& cell = row[c];
          const auto col = static_cast<lxw_col_t>(c);
          if (cell.kind == Cell::kText) {
            worksheet_write_string(sheet, r, col, cell.text.c_str(), nullptr);
          } else if (cell.kind == Cell::kMoney) {
            worksheet_write_number(sheet, r, col, static_cast<double>(cell.value) / 100,
                                   yuan_format);
          } else if (cell.kind == Cell::kRate) {
            worksheet_write_number(sheet, r, col, static_cast<double>(cell.value) / 1000,
                                   rate_format);
          } else {
            worksheet_write_number(sheet, r, col, static_cast<double>(cell.value), nullptr);
          }
        }
        ++r;
      }
    }
  });
}

}  // namespace gonghui::api
