// The impact report rendered for its readers: JSON for the console, CSV and XLSX for
// spreadsheets, all with the same figures in the same order.
#include "api/impact_render.hpp"

#include <xlsxwriter.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#include "core/csv.hpp"
#include "core/time.hpp"

namespace gonghui::api {
namespace {

std::string link(const std::string& figure, const report::Impact& m) {
  return "/api/v1/reports/impact/records?figure=" + figure + "&org_id=" + std::to_string(m.org_id) +
         "&from=" + format_rfc3339(Timestamp{m.from}) + "&to=" + format_rfc3339(Timestamp{m.to});
}

boost::json::object map_json(const std::map<std::string, int64_t>& m) {
  boost::json::object out;
  for (const auto& [k, v] : m) out[k] = v;
  return out;
}

using Rows = std::vector<std::pair<std::string, int64_t>>;

// The figures a district has as the whole report has them: (name, value) in a fixed order.
Rows core_rows(const report::Core& c) {
  return {{"events", c.events},
          {"lottery_events", c.lottery_events},
          {"portions", c.portions},
          {"person_times", c.person_times},
          {"members_reached", c.members_reached},
          {"redeemed", c.redeemed},
          {"purchases_fen", c.purchases_fen},
          {"prize_value_fen", c.prize_value_fen},
          {"funds_fen", c.funds_fen},
          {"counterpart_aid_fen", c.counterpart_aid_fen}};
}

boost::json::object core_json(const report::Core& c) {
  boost::json::object out;
  for (const auto& [name, value] : core_rows(c)) out[name] = value;
  return out;
}

// The figure rows every rendering shares: (name, value) in a fixed order, the core figures
// with the redemption rate beside the redemptions, then the report's own.
Rows summary_rows(const report::Impact& m) {
  Rows rows = core_rows(m.core);
  const auto redeemed = std::find_if(rows.begin(), rows.end(),
                                     [](const auto& row) { return row.first == "redeemed"; });
  rows.insert(redeemed + 1, {"redemption_rate_permille", m.redemption_rate_permille});
  rows.insert(rows.end(), {{"merchants_signed", m.merchants_signed},
                           {"orchards_and_farms", m.orchards_and_farms},
                           {"points_issued", m.points_issued},
                           {"points_spent", m.points_spent},
                           {"offer_uses", m.offer_uses},
                           {"training_person_times", m.training_person_times},
                           {"subsidy_people", m.subsidy_people},
                           {"subsidy_paid_fen", m.subsidy_paid_fen},
                           {"helplist_needs", m.helplist_needs},
                           {"helplist_needs_accepted", m.helplist_needs_accepted},
                           {"helplist_funds_fen", m.helplist_funds_fen},
                           {"helplist_volunteer_minutes", m.helplist_volunteer_minutes},
                           {"helplist_income_fen_per_year", m.helplist_income_fen_per_year},
                           {"stations", m.stations},
                           {"station_visits", m.station_visits},
                           {"job_hires", m.job_hires},
                           {"new_members", m.new_members}});
  return rows;
}

std::vector<std::pair<std::string, const std::map<std::string, int64_t>*>> breakdowns(
    const report::Impact& m) {
  return {{"events_by_kind", &m.events_by_kind},
          {"events_by_brand", &m.events_by_brand},
          {"portions_by_product", &m.portions_by_product},
          {"portions_by_produce", &m.portions_by_produce},
          {"merchants_by_category", &m.merchants_by_category},
          {"counterpart_aid_by_region", &m.counterpart_aid_by_region},
          {"helplist_needs_by_category", &m.helplist_needs_by_category}};
}

std::vector<std::pair<std::string, const std::map<std::string, report::Share>*>> shares(
    const report::Impact& m) {
  return {{"by_kind", &m.by_kind}, {"by_brand", &m.by_brand}, {"by_platform", &m.by_platform}};
}

Rows share_rows(const report::Share& s) {
  return {{"events", s.events},
          {"portions", s.portions},
          {"person_times", s.person_times},
          {"funds_fen", s.funds_fen}};
}

}  // namespace

boost::json::object impact_json(const report::Impact& m) {
  boost::json::object out;
  out["org_id"] = std::to_string(m.org_id);
  out["org_name"] = m.org_name;
  out["from"] = format_rfc3339(Timestamp{m.from});
  out["to"] = format_rfc3339(Timestamp{m.to});
  for (const auto& [name, value] : summary_rows(m)) out[name] = value;
  for (const auto& [name, map] : breakdowns(m)) out[name] = map_json(*map);
  for (const auto& [name, map] : shares(m)) {
    boost::json::object by;
    for (const auto& [key, share] : *map) {
      boost::json::object row;
      for (const auto& [figure, value] : share_rows(share)) row[figure] = value;
      by[key] = std::move(row);
    }
    out[name] = std::move(by);
  }
  out["imported"] = core_json(m.imported);
  boost::json::array trend;
  for (const report::Month& month : m.trend_by_month) {
    trend.push_back(
        {{"month", month.month}, {"portions", month.portions}, {"funds_fen", month.funds_fen}});
  }
  out["trend_by_month"] = std::move(trend);
  boost::json::array districts;
  for (const report::District& d : m.by_district) {
    boost::json::object row = core_json(d.core);
    row["org_id"] = std::to_string(d.org_id);
    row["name"] = d.name;
    row["own"] = d.own;
    if (!d.own) {
      row["report"] = "/api/v1/reports/impact?org_id=" + std::to_string(d.org_id) +
                      "&from=" + format_rfc3339(Timestamp{m.from}) +
                      "&to=" + format_rfc3339(Timestamp{m.to});
    }
    districts.push_back(std::move(row));
  }
  out["by_district"] = std::move(districts);
  boost::json::object links;
  for (const std::string& figure : report::figures()) links[figure] = link(figure, m);
  out["links"] = std::move(links);
  return out;
}

std::string impact_csv(const report::Impact& m) {
  std::string out = "section,key,figure,value\r\n";
  auto row = [&](std::string_view section, std::string_view key, std::string_view figure,
                 int64_t value) {
    out += csv::escape_cell(section) + "," + csv::escape_cell(key) + "," +
           csv::escape_cell(figure) + "," + std::to_string(value) + "\r\n";
  };
  out += "report," + csv::escape_cell(m.org_name) + ",from," + format_rfc3339(Timestamp{m.from}) +
         "\r\nreport," + csv::escape_cell(m.org_name) + ",to," + format_rfc3339(Timestamp{m.to}) +
         "\r\n";
  for (const auto& [name, value] : summary_rows(m)) row("summary", "", name, value);
  for (const auto& [name, map] : breakdowns(m)) {
    for (const auto& [key, value] : *map) row(name, key, name, value);
  }
  for (const auto& [name, map] : shares(m)) {
    for (const auto& [key, share] : *map) {
      for (const auto& [figure, value] : share_rows(share)) row(name, key, figure, value);
    }
  }
  for (const auto& [figure, value] : core_rows(m.imported)) row("imported", "", figure, value);
  for (const report::Month& month : m.trend_by_month) {
    row("trend_by_month", month.month, "portions", month.portions);
    row("trend_by_month", month.month, "funds_fen", month.funds_fen);
  }
  for (const report::District& d : m.by_district) {
    const std::string name = d.own ? d.name + " (own)" : d.name;
    for (const auto& [figure, value] : core_rows(d.core)) row("by_district", name, figure, value);
  }
  return out;
}

Result<std::string> workbook_bytes(const std::function<void(lxw_workbook*)>& fill) {
  char path[] = "/tmp/gonghui-report-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return Error::internal("cannot make a temporary file for the workbook");
  close(fd);
  struct Remove {
    const char* p;
    ~Remove() { std::remove(p); }
  } remove{path};
  lxw_workbook* workbook = workbook_new(path);
  if (workbook == nullptr) return Error::internal("cannot create the workbook");
  fill(workbook);
  if (workbook_close(workbook) != LXW_NO_ERROR) {
    return Error::internal("cannot write the workbook");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return Error::internal("cannot read the workbook back");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

Result<std::string> impact_xlsx(const report::Impact& m) {
  return workbook_bytes([&](lxw_workbook* workbook) {
    lxw_format* bold = workbook_add_format(workbook);
    format_set_bold(bold);
    // Sheet 1: the figures.
    lxw_worksheet* summary = workbook_add_worksheet(workbook, "summary");
    worksheet_write_string(summary, 0, 0, "figure", bold);
    worksheet_write_string(summary, 0, 1, "value", bold);
    lxw_row_t r = 1;
    worksheet_write_string(summary, r, 0, "union", nullptr);
    worksheet_write_string(summary, r++, 1, m.org_name.c_str(), nullptr);
    worksheet_write_string(summary, r, 0, "from", nullptr);
    worksheet_write_string(summary, r++, 1, format_rfc3339(Timestamp{m.from}).c_str(), nullptr);
    worksheet_write_string(summary, r, 0, "to", nullptr);
    worksheet_write_string(summary, r++, 1, format_rfc3339(Timestamp{m.to}).c_str(), nullptr);
    for (const auto& [name, value] : summary_rows(m)) {
      worksheet_write_string(summary, r, 0, name.c_str(), nullptr);
      worksheet_write_number(summary, r++, 1, static_cast<double>(value), nullptr);
    }
    worksheet_set_column(summary, 0, 0, 28, nullptr);
    worksheet_set_column(summary, 1, 1, 24, nullptr);
    // Sheet 2: the breakdowns.
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, "breakdowns");
    worksheet_write_string(sheet, 0, 0, "figure", bold);
    worksheet_write_string(sheet, 0, 1, "key", bold);
    worksheet_write_string(sheet, 0, 2, "value", bold);
    r = 1;
    for (const auto& [name, map] : breakdowns(m)) {
      for (const auto& [key, value] : *map) {
        worksheet_write_string(sheet, r, 0, name.c_str(), nullptr);
        worksheet_write_string(sheet, r, 1, key.c_str(), nullptr);
        worksheet_write_number(sheet, r++, 2, static_cast<double>(value), nullptr);
      }
    }
    for (const auto& [name, map] : shares(m)) {
      for (const auto& [key, share] : *map) {
        for (const auto& [figure, value] : share_rows(share)) {
          worksheet_write_string(sheet, r, 0, (name + "." + figure).c_str(), nullptr);
          worksheet_write_string(sheet, r, 1, key.c_str(), nullptr);
          worksheet_write_number(sheet, r++, 2, static_cast<double>(value), nullptr);
        }
      }
    }
    // Sheet 3: the trend by month.
    sheet = workbook_add_worksheet(workbook, "trend_by_month");
    worksheet_write_string(sheet, 0, 0, "month", bold);
    worksheet_write_string(sheet, 0, 1, "portions", bold);
    worksheet_write_string(sheet, 0, 2, "funds_fen", bold);
    r = 1;
    for (const report::Month& month : m.trend_by_month) {
      worksheet_write_string(sheet, r, 0, month.month.c_str(), nullptr);
      worksheet_write_number(sheet, r, 1, static_cast<double>(month.portions), nullptr);
      worksheet_write_number(sheet, r++, 2, static_cast<double>(month.funds_fen), nullptr);
    }
    // Sheet 4: per district.
    sheet = workbook_add_worksheet(workbook, "by_district");
    worksheet_write_string(sheet, 0, 0, "union", bold);
    lxw_col_t c = 1;
    for (const auto& [figure, value] : core_rows(report::Core{})) {
      worksheet_write_string(sheet, 0, c++, figure.c_str(), bold);
    }
    r = 1;
    for (const report::District& d : m.by_district) {
      const std::string name = d.own ? d.name + " (own)" : d.name;
      worksheet_write_string(sheet, r, 0, name.c_str(), nullptr);
      c = 1;
      for (const auto& [figure, value] : core_rows(d.core)) {
        worksheet_write_number(sheet, r, c++, static_cast<double>(value), nullptr);
      }
      ++r;
    }
  });
}

}  // namespace gonghui::api
