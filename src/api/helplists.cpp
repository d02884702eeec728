// 帮促清单: pairings with their help lists (public in aggregate), households (sealed, for the
// pairing's admins), needs through their states, how they are met, volunteers and outcomes.
#include "api/json_render.hpp"
#include "api/review.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"
#include "domain/helplist/helplist.hpp"
#include "domain/news/news.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;
using helplist::Need;
using helplist::Pairing;

int64_t now_ms() { return Timestamp::now().ms; }

bj::value local_date(int64_t ms) {
  return ms == 0 ? bj::value(nullptr) : bj::value(format_local_date(ms));
}

bj::object render_card(const Pairing& p) {
  return {{"id", std::to_string(p.id)},
          {"org_id", std::to_string(p.org_id)},
          {"org_name", p.org_name},
          {"village", p.village},
          {"region", p.region},
          {"description", p.description},
          {"fund_fen", p.fund_fen},
          {"spent_fen", p.spent_fen},
          {"started_on", local_date(p.started_on)},
          {"status", enum_name(p.status)},
          {"secretary_name", p.secretary_name},
          {"secretary_org", p.secretary_org},
          {"needs",
           {{"open", p.needs.open},
            {"in_progress", p.needs.in_progress},
            {"done", p.needs.done},
            {"accepted", p.needs.accepted}}},
          {"households", p.households},
          {"visits", p.visits},
          {"volunteer_minutes", p.volunteer_minutes},
          {"income_added_fen_per_year", p.income_fen_per_year}};
}

bj::object render_task(const helplist::Task& t) {
  return {{"id", std::to_string(t.id)},
          {"need_id", std::to_string(t.need_id)},
          {"pairing_id", std::to_string(t.pairing_id)},
          {"village", t.village},
          {"title", t.title},
          {"place", t.place},
          {"starts_at", format_rfc3339(Timestamp{t.starts_at})},
          {"slots", t.slots},
          {"taken", t.taken},
          {"status", t.open(now_ms()) ? "open" : "closed"},
          {"volunteer_minutes", t.volunteer_minutes},
          {"signed_up", t.signed_up}};
}

bj::object render_need(const Need& n) {
  bj::array progress;
  for (const helplist::Progress& p : n.progress) {
    progress.push_back(bj::object{{"id", std::to_string(p.id)},
                                  {"at", format_rfc3339(Timestamp{p.at})},
                                  {"kind", p.kind},
                                  {"text", p.text},
                                  {"photo_ids", ids_json(p.photo_ids)},
                                  {"delivered_quantity", p.delivered_quantity},
                                  {"actor_name", p.actor_name}});
  }
  bj::array fulfilments;
  for (const helplist::Fulfilment& f : n.fulfilments) {
    fulfilments.push_back(bj::object{{"id", std::to_string(f.id)},
                                     {"kind", enum_name(f.kind)},
                                     {"purchase_id", optional_id_json(f.purchase_id)},
                                     {"purchase_title", f.purchase_title},
                                     {"amount_fen", f.amount_fen},
                                     {"description", f.description},
                                     {"donor", f.donor},
                                     {"recorded_on", local_date(f.recorded_on)},
                                     {"created_by_name", f.created_by_name}});
  }
  return {{"id", std::to_string(n.id)},
          {"pairing_id", std::to_string(n.pairing_id)},
          {"category", enum_name(n.category)},
          {"title", n.title},
          {"description", n.description},
          {"target_quantity", n.target_quantity},
          {"unit", n.unit},
          {"delivered_quantity", n.delivered_quantity},
          {"budget_fen", n.budget_fen},
          {"deadline", local_date(n.deadline)},
          {"responsible", n.responsible},
          {"households", n.households},
          {"status", enum_name(n.status)},
          {"funded_fen", n.funded_fen},
          {"volunteer_minutes", n.volunteer_minutes},
          {"progress", std::move(progress)},
          {"fulfilments", std::move(fulfilments)},
          {"volunteer_tasks", render_items(n.tasks, render_task)},
          {"household_ids", ids_json(n.household_ids)},
          {"created_at", format_rfc3339(Timestamp{n.created_at})},
          {"updated_at", format_rfc3339(Timestamp{n.updated_at})}};
}

bj::object render_visit(const helplist::Visit& v) {
  return {{"id", std::to_string(v.id)}, {"visited_on", local_date(v.visited_on)},
          {"visitors", v.visitors},     {"households_visited", v.households_visited},
          {"notes", v.notes},           {"created_by_name", v.created_by_name}};
}

bj::object render_outcome(const helplist::Outcome& o) {
  return {{"id", std::to_string(o.id)},
          {"need_id", optional_id_json(o.need_id)},
          {"title", o.title},
          {"kind", enum_name(o.kind)},
          {"income_fen_per_year", o.income_fen_per_year},
          {"quantity", o.quantity},
          {"unit", o.unit},
          {"evidence", o.evidence},
          {"photo_ids", ids_json(o.photo_ids)},
          {"recorded_on", local_date(o.recorded_on)},
          {"by", o.by}};
}

// One pairing with the model workers who link to it (those the reader may see).
Result<bj::object> render_pairing(store::Tx& tx, const Pairing& p, const Principal* reader) {
  bj::object out = render_card(p);
  out["needs_list"] = render_items(p.needs_list, render_need);
  out["visits_list"] = render_items(p.visits_list, render_visit);
  out["outcomes"] = render_items(p.outcomes, render_outcome);
  GH_ASSIGN(news::LinkedItems linked, news::linked_to(tx, reader, news::LinkKind::kPairing, p.id));
  out["model_workers"] = render_items(linked.model_workers, render_model_worker_card);
  out["secretary_phone"] = p.secretary_phone;
  out["can_manage"] = p.can_manage;
  return out;
}

bj::object render_household(const helplist::Household& h) {
  return {{"id", std::to_string(h.id)},
          {"name", h.data.name},
          {"id_number", mask_id_number(h.data.id_number)},
          {"phone", mask_phone(h.data.phone)},
          {"address", h.data.address},
          {"situation", h.data.situation},
          {"need_ids", ids_json(h.need_ids)}};
}

template <class E>
Result<E> required_enum(const bj::object& body, std::string_view field, std::string_view code) {
  GH_ASSIGN(std::string text, json::required_string(body, field, 40));
  auto value = parse_enum<E>(text);
  if (!value) return Error::invalid(std::string(field), std::string(code), "unknown value");
  return *value;
}

// An optional local date ("2026-07-01"); 0 when absent or null.
Result<int64_t> optional_day(const bj::object& body, std::string_view field) {
  auto it = body.find(field);
  if (it == body.end() || it->value().is_null()) return int64_t{0};
  return required_time(body, field);
}

std::string text_or_empty(const std::optional<std::string>& text) { return text.value_or(""); }

Result<helplist::PairingInput> read_pairing(const bj::object& body) {
  helplist::PairingInput in;
  GH_ASSIGN(in.org_id, json::required_id(body, "org_id"));
  GH_ASSIGN(in.village, json::required_string(body, "village", 40));
  GH_ASSIGN(in.region, json::required_string(body, "region", 60));
  GH_ASSIGN(auto description, json::optional_string(body, "description", 2000));
  GH_ASSIGN(auto fund, json::optional_integer(body, "fund_fen", 0, 100'000'000'000));
  GH_ASSIGN(in.started_on, required_time(body, "started_on"));
  GH_ASSIGN(auto name, json::optional_string(body, "secretary_name", 30));
  GH_ASSIGN(auto org, json::optional_string(body, "secretary_org", 60));
  GH_ASSIGN(auto phone, json::optional_string(body, "secretary_phone", 20));
  GH_ASSIGN(auto status, json::optional_string(body, "status", 20));
  in.description = text_or_empty(description);
  in.fund_fen = fund.value_or(0);
  in.secretary_name = text_or_empty(name);
  in.secretary_org = text_or_empty(org);
  in.secretary_phone = text_or_empty(phone);
  if (status) {
    auto parsed = parse_enum<helplist::PairingStatus>(*status);
    if (!parsed) return Error::invalid("status", "invalid_status", "active or ended");
    in.status = *parsed;
  }
  return in;
}

Result<helplist::NeedInput> read_need(const bj::object& body) {
  helplist::NeedInput in;
  GH_ASSIGN(in.category, required_enum<helplist::Category>(body, "category", "invalid_category"));
  GH_ASSIGN(in.title, json::required_string(body, "title", 60));
  GH_ASSIGN(auto description, json::optional_string(body, "description", 2000));
  GH_ASSIGN(in.target_quantity, json::required_integer(body, "target_quantity", 1, 1'000'000'000));
  GH_ASSIGN(in.unit, json::required_string(body, "unit", 8));
  GH_ASSIGN(auto budget, json::optional_integer(body, "budget_fen", 0, 100'000'000'000));
  GH_ASSIGN(in.deadline, optional_day(body, "deadline"));
  GH_ASSIGN(auto responsible, json::optional_string(body, "responsible", 60));
  GH_ASSIGN(in.household_ids, optional_ids(body, "household_ids"));
  in.description = text_or_empty(description);
  in.budget_fen = budget.value_or(0);
  in.responsible = text_or_empty(responsible);
  return in;
}

// ---- Public and admin reads -----------------------------------------------------------------

// GET /api/v1/pairings (anyone) and /api/v1/pairings/manage (admins)
http::Response list_pairings(app::App& app, http::Request& request, bool manage) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(std::vector<Pairing> found,
              helplist::list_pairings(tx, manage ? &caller(request) : nullptr));
    return bj::object{{"items", render_items(found, render_card)}};
  });
}

// GET /api/v1/pairings/{id} (anyone) and /api/v1/pairings/{id}/manage (its admins)
http::Response get_pairing(app::App& app, http::Request& request, bool manage) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  const Principal* viewer = request.principal ? &*request.principal : nullptr;
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(Pairing p, helplist::get_pairing(tx, manage ? viewer : nullptr, id, manage));
    return render_pairing(tx, p, viewer);
  });
}

// GET /api/v1/pairings/figures
http::Response pairing_figures(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(auto org_id, query_id(request, "org_id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(helplist::Figures f, helplist::figures(tx, caller(request), org_id));
    bj::array by_category;
    for (const helplist::CategoryFigures& c : f.by_category) {
      by_category.push_back(bj::object{{"category", enum_name(c.category)},
                                       {"needs", c.needs},
                                       {"accepted", c.accepted},
                                       {"target_quantity", c.target_quantity},
                                       {"delivered_quantity", c.delivered_quantity},
                                       {"unit", c.unit}});
    }
    return bj::object{{"pairings", f.pairings},
                      {"fund_fen", f.fund_fen},
                      {"spent_fen", f.spent_fen},
                      {"needs", f.needs},
                      {"needs_accepted", f.needs_accepted},
                      {"households", f.households},
                      {"visits", f.visits},
                      {"volunteer_minutes", f.volunteer_minutes},
                      {"volunteers", f.volunteers},
                      {"income_added_fen_per_year", f.income_fen_per_year},
                      {"by_category", std::move(by_category)}};
  });
}

// ---- Pairing writes -------------------------------------------------------------------------

// POST /api/v1/pairings and PUT /api/v1/pairings/{id}
http::Response save_pairing(app::App& app, http::Request& request, bool create) {
  int64_t id = 0;
  if (!create) {
    GH_ASSIGN_OR_RENDER(id, path_id(request, "id"));
  }
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(helplist::PairingInput input, read_pairing(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const Principal& admin = caller(request);
    GH_ASSIGN(Pairing p, create ? helplist::create_pairing(tx, admin, input, now_ms())
                                : helplist::update_pairing(tx, admin, id, input, now_ms()));
    GH_ASSIGN(bj::object out, render_pairing(tx, p, &admin));
    return http::Response::json(create ? 201 : 200, std::move(out));
  });
}

// GET /api/v1/pairings/{id}/households (a write: reading personal data is audited)
http::Response list_households(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  std::vector<helplist::Household> found;
  const Status done = app.db->write([&](store::Tx& tx) -> Status {
    GH_ASSIGN(found, helplist::list_households(tx, caller(request), id));
    return Status::Ok();
  });
  if (!done.ok()) return error(done.error());
  return http::Response::ok(bj::object{{"items", render_items(found, render_household)}});
}

// POST /api/v1/pairings/{id}/households
http::Response add_household(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  helplist::HouseholdInput in;
  GH_ASSIGN_OR_RENDER(in.name, json::required_string(*body, "name", 30));
  GH_ASSIGN_OR_RENDER(in.address, json::required_string(*body, "address", 120));
  GH_ASSIGN_OR_RENDER(auto id_number, json::optional_string(*body, "id_number", 18));
  GH_ASSIGN_OR_RENDER(auto phone, json::optional_string(*body, "phone", 20));
  GH_ASSIGN_OR_RENDER(auto situation, json::optional_string(*body, "situation", 500));
  in.id_number = text_or_empty(id_number);
  in.phone = text_or_empty(phone);
  in.situation = text_or_empty(situation);
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(helplist::Household h,
              helplist::add_household(tx, caller(request), id, in, now_ms()));
    return http::Response::json(201, render_household(h));
  });
}

// PUT /api/v1/pairings/{id}/households/{household_id}: id_number and phone left out are kept.
http::Response update_household(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(int64_t household, path_id(request, "household_id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  helplist::HouseholdUpdate up;
  GH_ASSIGN_OR_RENDER(up.data.name, json::required_string(*body, "name", 30));
  GH_ASSIGN_OR_RENDER(up.data.address, json::required_string(*body, "address", 120));
  GH_ASSIGN_OR_RENDER(auto id_number, json::optional_string(*body, "id_number", 18));
  GH_ASSIGN_OR_RENDER(auto phone, json::optional_string(*body, "phone", 20));
  GH_ASSIGN_OR_RENDER(auto situation, json::optional_string(*body, "situation", 500));
  up.keep_id_number = !body->contains("id_number");
  up.keep_phone = !body->contains("phone");
  up.data.id_number = text_or_empty(id_number);
  up.data.phone = text_or_empty(phone);
  up.data.situation = text_or_empty(situation);
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(helplist::Household h,
              helplist::update_household(tx, caller(request), id, household, up));
    return http::Response::ok(render_household(h));
  });
}

// DELETE /api/v1/pairings/{id}/households/{household_id}
http::Response remove_household(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(int64_t household, path_id(request, "household_id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_TRY(helplist::remove_household(tx, caller(request), id, household));
    return http::Response::ok(bj::object{{"ok", true}});
  });
}

// POST /api/v1/pairings/{id}/visits
http::Response add_visit(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  helplist::VisitInput in;
  GH_ASSIGN_OR_RENDER(in.visited_on, required_time(*body, "visited_on"));
  GH_ASSIGN_OR_RENDER(in.visitors, json::required_string(*body, "visitors", 200));
  GH_ASSIGN_OR_RENDER(auto households,
                      json::optional_integer(*body, "households_visited", 0, 10000));
  GH_ASSIGN_OR_RENDER(auto notes, json::optional_string(*body, "notes", 2000));
  in.households_visited = households.value_or(0);
  in.notes = text_or_empty(notes);
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(helplist::Visit v, helplist::add_visit(tx, caller(request), id, in, now_ms()));
    return http::Response::json(201, render_visit(v));
  });
}

// POST /api/v1/pairings/{id}/outcomes
http::Response add_outcome(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  helplist::OutcomeInput in;
  GH_ASSIGN_OR_RENDER(auto need, json::optional_id(*body, "need_id"));
  GH_ASSIGN_OR_RENDER(in.title, json::required_string(*body, "title", 60));
  GH_ASSIGN_OR_RENDER(in.kind, required_enum<helplist::OutcomeKind>(*body, "kind", "invalid_kind"));
  GH_ASSIGN_OR_RENDER(auto income,
                      json::optional_integer(*body, "income_fen_per_year", 0, 100'000'000'000));
  GH_ASSIGN_OR_RENDER(auto quantity, json::optional_integer(*body, "quantity", 0, 1'000'000'000));
  GH_ASSIGN_OR_RENDER(auto unit, json::optional_string(*body, "unit", 8));
  GH_ASSIGN_OR_RENDER(in.evidence, json::required_string(*body, "evidence", 500));
  GH_ASSIGN_OR_RENDER(in.photo_ids, optional_ids(*body, "photo_ids"));
  GH_ASSIGN_OR_RENDER(in.recorded_on, required_time(*body, "recorded_on"));
  GH_ASSIGN_OR_RENDER(auto by, json::optional_string(*body, "by", 60));
  in.need_id = need.value_or(0);
  in.income_fen_per_year = income.value_or(0);
  in.quantity = quantity.value_or(0);
  in.unit = text_or_empty(unit);
  in.by = text_or_empty(by);
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(helplist::Outcome o, helplist::add_outcome(tx, caller(request), id, in, now_ms()));
    return http::Response::json(201, render_outcome(o));
  });
}

// ---- Needs ----------------------------------------------------------------------------------

// POST /api/v1/pairings/{id}/needs and PUT /api/v1/needs/{id}
http::Response save_need(app::App& app, http::Request& request, bool create) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(helplist::NeedInput input, read_need(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const Principal& admin = caller(request);
    GH_ASSIGN(Need n, create ? helplist::add_need(tx, admin, id, input, now_ms())
                             : helplist::update_need(tx, admin, id, input, now_ms()));
    return http::Response::json(create ? 201 : 200, render_need(n));
  });
}

// POST /api/v1/needs/{id}/claim|complete|accept|reject: `field` names the body's one text.
struct NeedStep {
  Result<Need> (*step)(store::Tx&, const Principal&, int64_t, const std::string&, int64_t);
  const char* field;
};
http::Response move_need(app::App& app, http::Request& request, NeedStep step) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(auto text, json::optional_string(*body, step.field, 2000));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(Need n, step.step(tx, caller(request), id, text_or_empty(text), now_ms()));
    return http::Response::ok(render_need(n));
  });
}

// POST /api/v1/needs/{id}/progress
http::Response add_progress(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  helplist::ProgressInput in;
  GH_ASSIGN_OR_RENDER(in.text, json::required_string(*body, "text", 1000));
  GH_ASSIGN_OR_RENDER(in.photo_ids, optional_ids(*body, "photo_ids"));
  GH_ASSIGN_OR_RENDER(auto delivered, json::optional_integer(*body, "delivered_quantity",
                                                             -1'000'000'000, 1'000'000'000));
  in.delivered_quantity = delivered.value_or(0);
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(Need n, helplist::add_progress(tx, caller(request), id, in, now_ms()));
    return http::Response::json(201, render_need(n));
  });
}

// POST /api/v1/needs/{id}/fulfilments
http::Response add_fulfilment(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  helplist::FulfilmentInput in;
  GH_ASSIGN_OR_RENDER(in.kind,
                      required_enum<helplist::FulfilmentKind>(*body, "kind", "invalid_kind"));
  GH_ASSIGN_OR_RENDER(auto purchase, json::optional_id(*body, "purchase_id"));
  GH_ASSIGN_OR_RENDER(auto amount,
                      json::optional_integer(*body, "amount_fen", -1, 100'000'000'000));
  GH_ASSIGN_OR_RENDER(auto description, json::optional_string(*body, "description", 200));
  GH_ASSIGN_OR_RENDER(auto donor, json::optional_string(*body, "donor", 60));
  GH_ASSIGN_OR_RENDER(in.recorded_on, required_time(*body, "recorded_on"));
  in.purchase_id = purchase.value_or(0);
  in.amount_fen = amount.value_or(0);
  in.description = text_or_empty(description);
  in.donor = text_or_empty(donor);
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(Need n, helplist::add_fulfilment(tx, caller(request), id, in, now_ms()));
    return http::Response::json(201, render_need(n));
  });
}

// ---- Volunteers -----------------------------------------------------------------------------

// POST /api/v1/needs/{id}/volunteer-tasks
http::Response add_task(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  helplist::TaskInput in;
  GH_ASSIGN_OR_RENDER(in.title, json::required_string(*body, "title", 60));
  GH_ASSIGN_OR_RENDER(auto place, json::optional_string(*body, "place", 120));
  GH_ASSIGN_OR_RENDER(in.starts_at, required_time(*body, "starts_at"));
  GH_ASSIGN_OR_RENDER(in.slots, json::required_integer(*body, "slots", -1000, 100000));
  in.place = text_or_empty(place);
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(helplist::Task t, helplist::add_task(tx, caller(request), id, in, now_ms()));
    return http::Response::json(201, render_task(t));
  });
}

// GET /api/v1/volunteer-tasks
http::Response list_tasks(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(std::vector<helplist::Task> found,
              helplist::tasks_for_member(tx, caller(request), now_ms()));
    return bj::object{{"items", render_items(found, render_task)}};
  });
}

// POST and DELETE /api/v1/volunteer-tasks/{id}/sign-up
http::Response sign_up(app::App& app, http::Request& request, bool join) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(helplist::Task t, join ? helplist::sign_up(tx, caller(request), id, now_ms())
                                     : helplist::withdraw(tx, caller(request), id, now_ms()));
    return http::Response::ok(render_task(t));
  });
}

// GET /api/v1/me/volunteer
http::Response my_volunteering(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(helplist::MyVolunteering mine, helplist::my_volunteering(tx, caller(request)));
    return bj::object{{"items", render_items(mine.items,
                                             [](const helplist::MySignUp& s) {
                                               bj::object o = render_task(s.task);
                                               o["signed_up_at"] =
                                                   format_rfc3339(Timestamp{s.signed_up_at});
                                               o["minutes"] = s.minutes;
                                               return o;
                                             })},
                      {"total_minutes", mine.total_minutes}};
  });
}

bj::object render_volunteer(const helplist::Volunteer& v) {
  return {{"member_id", std::to_string(v.member_id)},
          {"name", v.name},
          {"phone", mask_phone(v.phone)},
          {"org_name", v.org_name},
          {"signed_up_at", format_rfc3339(Timestamp{v.signed_up_at})},
          {"minutes", v.minutes}};
}

// GET /api/v1/volunteer-tasks/{id}/volunteers
http::Response list_volunteers(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(auto found, helplist::volunteers(tx, caller(request), id));
    return bj::object{{"items", render_items(found, render_volunteer)}};
  });
}

// PUT /api/v1/volunteer-tasks/{id}/volunteers/{member_id}
http::Response record_minutes(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(int64_t member, path_id(request, "member_id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(int64_t minutes, json::required_integer(*body, "minutes", -100000, 100000));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(helplist::Volunteer v,
              helplist::record_minutes(tx, caller(request), id, member, minutes, now_ms()));
    return http::Response::ok(render_volunteer(v));
  });
}

}  // namespace

void register_helplists(http::Router& router, app::App& app) {
  const http::Access anyone = http::Access::public_route();
  router.add("GET", "/api/v1/pairings", anyone, handle(app, list_pairings, false));
  router.add("POST", "/api/v1/pairings", kAdmins, handle(app, save_pairing, true));
  router.add("GET", "/api/v1/pairings/manage", kAdmins, handle(app, list_pairings, true));
  router.add("GET", "/api/v1/pairings/figures", kAdmins, handle(app, pairing_figures));
  router.add("GET", "/api/v1/pairings/{id}", anyone, handle(app, get_pairing, false));
  router.add("PUT", "/api/v1/pairings/{id}", kAdmins, handle(app, save_pairing, false));
  router.add("GET", "/api/v1/pairings/{id}/manage", kAdmins, handle(app, get_pairing, true));
  router.add("GET", "/api/v1/pairings/{id}/households", kAdmins, handle(app, list_households));
  router.add("POST", "/api/v1/pairings/{id}/households", kAdmins, handle(app, add_household));
  router.add("PUT", "/api/v1/pairings/{id}/households/{household_id}", kAdmins,
             handle(app, update_household));
  router.add("DELETE", "/api/v1/pairings/{id}/households/{household_id}", kAdmins,
             handle(app, remove_household));
  router.add("POST", "/api/v1/pairings/{id}/visits", kAdmins, handle(app, add_visit));
  router.add("POST", "/api/v1/pairings/{id}/needs", kAdmins, handle(app, save_need, true));
  router.add("POST", "/api/v1/pairings/{id}/outcomes", kAdmins, handle(app, add_outcome));
  router.add("PUT", "/api/v1/needs/{id}", kAdmins, handle(app, save_need, false));
  router.add("POST", "/api/v1/needs/{id}/claim", kAdmins,
             handle(app, move_need, NeedStep{helplist::claim_need, "responsible"}));
  router.add("POST", "/api/v1/needs/{id}/complete", kAdmins,
             handle(app, move_need, NeedStep{helplist::complete_need, "note"}));
  router.add("POST", "/api/v1/needs/{id}/accept", kAdmins,
             handle(app, move_need, NeedStep{helplist::accept_need, "note"}));
  router.add("POST", "/api/v1/needs/{id}/reject", kAdmins,
             handle(app, move_need, NeedStep{helplist::reject_need, "reason"}));
  router.add("POST", "/api/v1/needs/{id}/progress", kAdmins, handle(app, add_progress));
  router.add("POST", "/api/v1/needs/{id}/fulfilments", kAdmins, handle(app, add_fulfilment));
  router.add("POST", "/api/v1/needs/{id}/volunteer-tasks", kAdmins, handle(app, add_task));
  router.add("GET", "/api/v1/me/volunteer", kMembers, handle(app, my_volunteering));
  router.add("GET", "/api/v1/volunteer-tasks", kMembers, handle(app, list_tasks));
  router.add("POST", "/api/v1/volunteer-tasks/{id}/sign-up", kMembers, handle(app, sign_up, true));
  router.add("DELETE", "/api/v1/volunteer-tasks/{id}/sign-up", kMembers,
             handle(app, sign_up, false));
  router.add("GET", "/api/v1/volunteer-tasks/{id}/volunteers", kAdmins,
             handle(app, list_volunteers));
  router.add("PUT", "/api/v1/volunteer-tasks/{id}/volunteers/{member_id}", kAdmins,
             handle(app, record_minutes));
}

}  // namespace gonghui::api
