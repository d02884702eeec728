// Renderings of the impact report (domain/report returns it as plain structs).
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "core/error.hpp"
#include "domain/report/report.hpp"

namespace gonghui::api {

// The report as the console reads it, with a link to the rows behind each figure.
boost::json::object impact_json(const report::Impact& impact);
// The same figures as CSV rows (section, key, figure, value) and as an XLSX workbook.
std::string impact_csv(const report::Impact& impact);
Result<std::string> impact_xlsx(const report::Impact& impact);

}  // namespace gonghui::api
