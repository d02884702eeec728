// The impact report: JSON, CSV and XLSX with the same figures, a printable summary in
// Chinese, and the records behind each figure.
#include "api/impact_render.hpp"
#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/time.hpp"
#include "domain/purchase/purchase.hpp"
#include "domain/report/report.hpp"
#include "domain/report/rollup.hpp"
#include "domain/report/summary.hpp"

namespace gonghui::api {
namespace {

struct Params {
  std::optional<int64_t> org_id;
  int64_t from = 0;
  int64_t to = 0;
};

Result<Params> read_params(const http::Request& request) {
  Params p;
  GH_ASSIGN(p.org_id, query_id(request, "org_id"));
  GH_ASSIGN(auto from, query_local_time(request, "from"));
  GH_ASSIGN(auto to, query_local_time(request, "to"));
  p.from = from.value_or(report::default_from());
  p.to = to.value_or(Timestamp::now().ms);
  if (p.to < p.from) return Error::invalid("to", "invalid_range", "to must not be before from");
  return p;
}

Result<report::Impact> run(app::App& app, const http::Request& request) {
  GH_ASSIGN(Params p, read_params(request));
  return read_value(*app.db, [&](store::Tx& tx) {
    return report::impact(tx, caller(request), p.org_id, p.from, p.to);
  });
}

// GET /api/v1/reports/impact
http::Response get_impact(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(report::Impact impact, run(app, request));
  return http::Response::ok(impact_json(impact));
}

// GET /api/v1/reports/impact.csv
http::Response get_impact_csv(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bool data, wants_data_form(request));
  GH_ASSIGN_OR_RENDER(report::Impact impact, run(app, request));
  // A byte-order mark so that spreadsheet programs read the Chinese names as UTF-8.
  return attachment("text/csv; charset=utf-8", "impact.csv",
                    "\xEF\xBB\xBF" + (data ? impact_csv(impact) : impact_staff_csv(impact)));
}

// GET /api/v1/reports/impact.xlsx
http::Response get_impact_xlsx(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bool data, wants_data_form(request));
  GH_ASSIGN_OR_RENDER(report::Impact impact, run(app, request));
  GH_ASSIGN_OR_RENDER(std::string bytes, data ? impact_xlsx(impact) : impact_staff_xlsx(impact));
  return attachment("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "impact.xlsx", std::move(bytes));
}

// GET /api/v1/reports/impact/summary
http::Response get_impact_summary(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(report::Impact impact, run(app, request));
  const report::Summary summary = report::summarize(impact);
  boost::json::array paragraphs;
  for (const std::string& paragraph : summary.paragraphs) paragraphs.emplace_back(paragraph);
  return http::Response::ok({{"title", summary.title},
                             {"paragraphs", std::move(paragraphs)},
                             {"org_id", std::to_string(impact.org_id)},
                             {"from", format_rfc3339(Timestamp{impact.from})},
                             {"to", format_rfc3339(Timestamp{impact.to})}});
}

// GET /api/v1/reports/impact/records
http::Response get_impact_records(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(Params p, read_params(request));
  GH_ASSIGN_OR_RENDER(Paging page, paging(request));
  report::RecordQuery q;
  auto figure = request.query_param("figure");
  q.figure = figure ? std::string(*figure) : "";
  auto key = request.query_param("key");
  q.key = key ? std::string(*key) : "";
  auto source = request.query_param("source");
  if (source && *source != "live" && *source != "imported") {
    return error(Error::invalid("source", "invalid_source", "source must be live or imported"));
  }
  q.imported = source && *source == "imported";
  q.org_id = p.org_id;
  q.from = p.from;
  q.to = p.to;
  q.after_id = page.after_id;
  q.limit = page.limit;
  GH_ASSIGN_OR_RENDER(report::Records records, read_value(*app.db, [&](store::Tx& tx) {
                        return report::records(tx, caller(request), q);
                      }));
  return http::Response::ok({{"figure", q.figure},
                             {"type", records.type},
                             {"items", std::move(records.items)},
                             {"next_cursor", optional_id_json(records.next_cursor)}});
}

}  // namespace

void register_reports(http::Router& router, app::App& app) {
  router.add("GET", "/api/v1/reports/impact", kAdmins, handle(app, get_impact));

  router.add("GET", "/api/v1/reports/impact.csv", kAdmins, handle(app, get_impact_csv));

  router.add("GET", "/api/v1/reports/impact.xlsx", kAdmins, handle(app, get_impact_xlsx));

  router.add("GET", "/api/v1/reports/impact/summary", kAdmins, handle(app, get_impact_summary));

  router.add("GET", "/api/v1/reports/impact/records", kAdmins, handle(app, get_impact_records));
}

}  // namespace gonghui::api
