// 历史数据导入: past farm-aid records imported from CSV in batches, their list, and undo.
#include "domain/history/history.hpp"
#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/time.hpp"

namespace gonghui::api {
namespace {

boost::json::object render(const history::Totals& t) {
  boost::json::array years;
  for (const history::YearTotals& y : t.by_year) {
    years.push_back(boost::json::object{{"year", y.year},
                                        {"records", y.records},
                                        {"events", y.events},
                                        {"purchases", y.purchases},
                                        {"portions", y.portions},
                                        {"funds_fen", y.funds_fen},
                                        {"person_times", y.person_times}});
  }
  return {{"records", t.records},       {"events", t.events},
          {"purchases", t.purchases},   {"portions", t.portions},
          {"funds_fen", t.funds_fen},   {"person_times", t.person_times},
          {"by_year", std::move(years)}};
}

boost::json::array render(const std::vector<history::RowError>& errors) {
  boost::json::array out;
  for (const history::RowError& e : errors) {
    out.push_back(boost::json::object{{"row", e.row},
                                      {"column", e.column},
                                      {"code", e.code},
                                      {"message", e.message},
                                      {"value", e.value}});
  }
  return out;
}

boost::json::object render(const history::Batch& b) {
  return {
      {"id", std::to_string(b.id)},
      {"org_id", std::to_string(b.org_id)},
      {"file_name", b.file_name},
      {"rows", b.rows},
      {"portions", b.portions},
      {"funds_fen", b.funds_fen},
      {"person_times", b.person_times},
      {"first_on", format_local_date(b.first_on)},
      {"last_on", format_local_date(b.last_on)},
      {"created_by_name", b.created_by_name},
      {"created_at", format_rfc3339(Timestamp{b.created_at})},
      {"undone", b.undone_at != 0},
      {"undone_at", b.undone_at != 0 ? boost::json::value(format_rfc3339(Timestamp{b.undone_at}))
                                     : boost::json::value(nullptr)}};
}

boost::json::object render(const history::Record& r) {
  return {{"id", std::to_string(r.id)},
          {"batch_id", std::to_string(r.batch_id)},
          {"imported", true},
          {"org_id", std::to_string(r.org_id)},
          {"org_name", r.org_name},
          {"happened_on", format_local_date(r.happened_on)},
          {"kind", r.kind},
          {"title", r.title},
          {"brand", r.brand},
          {"produce_name", r.produce_name},
          {"produce_kind", r.produce_kind},
          {"portions", r.portions},
          {"funds_fen", r.funds_fen},
          {"person_times", r.person_times},
          {"supplier_name", r.supplier_name},
          {"region", r.region},
          {"platform", r.platform},
          {"created_at", format_rfc3339(Timestamp{r.created_at})}};
}

// The answer of an import whose rows had errors: 400 listing them; nothing was written.
http::Response rows_refused(const history::ImportReport& report) {
  return http::Response::json(
      400, boost::json::object{{"error",
                                {{"code", "import_invalid"},
                                 {"message", std::to_string(report.errors.size()) +
                                                 " problem(s) found; nothing was imported"},
                                 {"field", "file"},
                                 {"rows", report.rows},
                                 {"details", render(report.errors)}}}});
}

boost::json::object render(const history::ImportReport& report, bool dry_run) {
  boost::json::object out{{"dry_run", dry_run},
                          {"rows", report.rows},
                          {"totals", render(report.totals)},
                          {"errors", render(report.errors)}};
  out["batch_id"] = report.batch_id != 0 ? boost::json::value(std::to_string(report.batch_id))
                                         : boost::json::value(nullptr);
  return out;
}

// POST /api/v1/history/imports[?dry_run=true]
http::Response import_history(app::App& app, http::Request& request) {
  auto upload = read_csv_upload(request);
  if (!upload.ok()) return upload_error(upload.error());
  const std::string_view dry = request.query_param("dry_run").value_or("false");
  if (dry != "true" && dry != "false") {
    return error(Error::invalid("dry_run", "invalid_field", "dry_run must be true or false"));
  }
  if (dry == "true") {
    return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
      GH_ASSIGN(history::ImportReport report,
                history::import_csv(tx, caller(request), upload->file_name, upload->csv, true));
      return render(report, true);
    });
  }
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(history::ImportReport report,
              history::import_csv(tx, caller(request), upload->file_name, upload->csv, false));
    if (!report.errors.empty()) return rows_refused(report);
    return http::Response::json(201, render(report, false));
  });
}

// GET /api/v1/history/imports
http::Response list_history_imports(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(Paging page, paging(request));
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(history::BatchPage result,
              history::list_batches(tx, caller(request), page.after_id, page.limit));
    return render_page(result.items, result.next_cursor,
                       [](const history::Batch& b) { return render(b); });
  });
}

// DELETE /api/v1/history/imports/{id}
http::Response undo_history_import(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(history::Batch b, history::undo(tx, caller(request), id));
    return http::Response::ok(render(b));
  });
}

// GET /api/v1/history/records
http::Response list_history_records(app::App& app, http::Request& request) {
  history::Filter filter;
  GH_ASSIGN_OR_RENDER(filter.batch_id, query_id(request, "batch_id"));
  GH_ASSIGN_OR_RENDER(filter.org_id, query_id(request, "org_id"));
  GH_ASSIGN_OR_RENDER(filter.from, query_local_time(request, "from"));
  GH_ASSIGN_OR_RENDER(filter.to, query_local_time(request, "to"));
  GH_ASSIGN_OR_RENDER(Paging page, paging(request));
  filter.before_id = page.after_id;
  filter.limit = page.limit;
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(history::RecordPage result, history::list_records(tx, caller(request), filter));
    return render_page(result.items, result.next_cursor,
                       [](const history::Record& r) { return render(r); });
  });
}

}  // namespace

void register_history(http::Router& router, app::App& app) {
  router.add("POST", "/api/v1/history/imports", kAdmins, handle(app, import_history),
             http::Body::kRaw);

  router.add("GET", "/api/v1/history/imports", kAdmins, handle(app, list_history_imports));

  router.add("DELETE", "/api/v1/history/imports/{id}", kAdmins, handle(app, undo_history_import));

  router.add("GET", "/api/v1/history/records", kAdmins, handle(app, list_history_records));
}

}  // namespace gonghui::api
