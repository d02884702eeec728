// Renderings of the impact report (domain/report returns it as plain structs).
#pragma once

#include <boost/json/object.hpp>

#include <functional>
#include <string>

#include "core/error.hpp"
#include "domain/report/report.hpp"

struct lxw_workbook;  // libxlsxwriter's

namespace gonghui::api {

// The report as the console reads it, with a link to the rows behind each figure.
boost::json::object impact_json(const report::Impact& impact);
// For programs (`?format=data`): the same figures as CSV rows (section, key, figure, value)
// and as an XLSX workbook, with the JSON's names and units (fen, per mille, RFC 3339 UTC).
std::string impact_csv(const report::Impact& impact);
Result<std::string> impact_xlsx(const report::Impact& impact);

// For staff: the same figures in Chinese sheets (成效汇总, 分类统计, 月度趋势, 下级工会) with
// Chinese headings, amounts in 元 with two decimals, rates as percentages and Beijing dates;
// the CSV holds the sheets one after another, each under its name.
std::string impact_staff_csv(const report::Impact& impact);
Result<std::string> impact_staff_xlsx(const report::Impact& impact);

// The bytes of a workbook that `fill` builds (libxlsxwriter writes to a file).
Result<std::string> workbook_bytes(const std::function<void(lxw_workbook*)>& fill);

}  // namespace gonghui::api
