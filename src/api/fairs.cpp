// 招聘会 (job fairs: the union's fairs, members' registrations and tickets, check-in at the
// door) and 创业指导 (mentors, their slots, members' bookings, the mentor's notes).
#include "domain/fair/fair.hpp"

#include "api/jobs_render.hpp"
#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/json.hpp"
#include "core/time.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;

int64_t now_ms() { return Timestamp::now().ms; }

// ---- Job fairs -------------------------------------------------------------------------------

bj::value registration_json(const std::optional<fair::Registration>& r, int64_t now) {
  if (!r) {
    return nullptr;
  }
  return bj::object{{"entry_id", std::to_string(r->entry_id)},
                    {"voucher_id", std::to_string(r->ticket.id)},
                    {"code", r->ticket.code},
                    {"token", r->ticket.token},
                    {"status", enum_name(r->ticket.status(now))}};
}

// JobFair; employers only when `detail`.
bj::object fair_json(const fair::Fair& f, int64_t now, bool detail) {
  bj::object out{{"id", std::to_string(f.id)},
                 {"org_id", std::to_string(f.input.org_id)},
                 {"org_name", f.org_name},
                 {"campaign_id", std::to_string(f.campaign_id)},
                 {"title", f.input.title},
                 {"description", f.input.description},
                 {"place", f.input.place},
                 {"lat", degrees(f.input.location.lat_e6)},
                 {"lng", degrees(f.input.location.lng_e6)},
                 {"starts_at", optional_time_json(f.input.starts_at)},
                 {"ends_at", optional_time_json(f.input.ends_at)},
                 {"registration_opens_at", optional_time_json(f.input.registration_opens_at)},
                 {"capacity", f.input.capacity},
                 {"registered", f.registered},
                 {"checked_in", f.checked_in},
                 {"status", enum_name(f.status(now))}};
  if (detail) {
    bj::array employers;
    for (const fair::FairEmployer& e : f.employers) {
      bj::array jobs;
      for (const jobs::Job& j : e.jobs) {
        jobs.push_back(jobs_json::card(j, now));
      }
      employers.push_back(
          bj::object{{"id", std::to_string(e.id)}, {"name", e.name}, {"jobs", std::move(jobs)}});
    }
    out["employers"] = std::move(employers);
    out["my_registration"] = registration_json(f.my_registration, now);
  }
  return out;
}

Result<fair::FairEdit> read_edit(const bj::object& body) {
  fair::FairEdit edit;
  GH_ASSIGN(edit.title, json::required_string(body, "title", 100));
  GH_ASSIGN(auto description, json::optional_string(body, "description", 2000));
  edit.description = description.value_or("");
  GH_ASSIGN(edit.place, json::required_string(body, "place", 200));
  GH_ASSIGN(edit.location.lat_e6, read_degrees(body, "lat", 90));
  GH_ASSIGN(edit.location.lng_e6, read_degrees(body, "lng", 180));
  GH_ASSIGN(edit.capacity, json::required_integer(body, "capacity", 1, 100'000));
  GH_ASSIGN(edit.employer_ids, optional_ids(body, "employer_ids"));
  return edit;
}

Result<fair::FairInput> read_fair(const bj::object& body) {
  GH_ASSIGN(fair::FairEdit edit, read_edit(body));
  fair::FairInput in;
  GH_ASSIGN(auto org, json::optional_id(body, "org_id"));
  in.org_id = org.value_or(0);
  in.title = std::move(edit.title);
  in.description = std::move(edit.description);
  in.place = std::move(edit.place);
  in.location = edit.location;
  in.capacity = edit.capacity;
  in.employer_ids = std::move(edit.employer_ids);
  GH_ASSIGN(in.starts_at, required_time(body, "starts_at"));
  GH_ASSIGN(in.ends_at, required_time(body, "ends_at"));
  if (body.contains("registration_opens_at") && !body.at("registration_opens_at").is_null()) {
    GH_ASSIGN(in.registration_opens_at, required_time(body, "registration_opens_at"));
  }
  return in;
}

http::Response list_fairs(app::App& app, http::Request& request) {
  const bool past = request.query_param("include_past").value_or("") == "true";
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    const int64_t now = now_ms();
    GH_ASSIGN(std::vector<fair::Fair> found, fair::list(tx, past, now));
    return bj::object{{"items", render_items(found, [&](const fair::Fair& f) {
                         return fair_json(f, now, false);
                       })}};
  });
}

http::Response get_fair(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    const int64_t now = now_ms();
    const Principal anonymous;
    GH_ASSIGN(fair::Fair f,
              fair::get(tx, request.principal ? *request.principal : anonymous, id, now));
    return fair_json(f, now, true);
  });
}

http::Response create_fair(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(fair::FairInput input, read_fair(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const int64_t now = now_ms();
    GH_ASSIGN(fair::Fair f, fair::create(tx, caller(request), input, now));
    GH_ASSIGN(f, fair::get(tx, caller(request), f.id, now));
    return http::Response::json(201, fair_json(f, now, true));
  });
}

http::Response update_fair(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(fair::FairEdit edit, read_edit(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const int64_t now = now_ms();
    GH_TRY(fair::update(tx, caller(request), id, edit, now));
    GH_ASSIGN(fair::Fair f, fair::get(tx, caller(request), id, now));
    return http::Response::ok(fair_json(f, now, true));
  });
}

http::Response cancel_fair(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const int64_t now = now_ms();
    GH_ASSIGN(fair::Fair f, fair::cancel(tx, caller(request), id, now));
    return http::Response::ok(fair_json(f, now, true));
  });
}

http::Response register_fair(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const int64_t now = now_ms();
    GH_ASSIGN(fair::Fair f, fair::register_member(tx, caller(request), id, now));
    return http::Response::json(201, fair_json(f, now, true));
  });
}

http::Response unregister_fair(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    const int64_t now = now_ms();
    GH_ASSIGN(fair::Fair f, fair::unregister(tx, caller(request), id, now));
    return http::Response::ok(fair_json(f, now, true));
  });
}

http::Response check_in(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(auto token, json::optional_string(*body, "token", 500));
  GH_ASSIGN_OR_RENDER(auto code, json::optional_string(*body, "code", 40));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(fair::CheckIn done, fair::check_in(tx, caller(request), id, code.value_or(""),
                                                 token.value_or(""), now_ms()));
    return http::Response::ok(bj::object{{"voucher_id", std::to_string(done.voucher_id)},
                                         {"member_name", done.member_name},
                                         {"redeemed_at", optional_time_json(done.redeemed_at)}});
  });
}

// ---- Mentors ---------------------------------------------------------------------------------

bj::object mentor_json(const fair::Mentor& m) {
  bj::array slots;
  for (const fair::MentorSlot& s : m.slots) {
    slots.push_back(bj::object{{"campaign_id", std::to_string(s.campaign_id)},
                               {"slot_id", std::to_string(s.slot_id)},
                               {"starts_at", optional_time_json(s.starts_at)},
                               {"ends_at", optional_time_json(s.ends_at)},
                               {"place", s.place},
                               {"free", s.free}});
  }
  return {{"id", std::to_string(m.id)},
          {"org_id", std::to_string(m.input.org_id)},
          {"org_name", m.org_name},
          {"name", m.input.name},
          {"kind", enum_name(m.input.kind)},
          {"title", m.input.title},
          {"intro", m.input.intro},
          {"model_worker_id", optional_id_json(m.input.model_worker_id)},
          {"slots", std::move(slots)}};
}

bj::object booking_json(const fair::MentorBooking& b) {
  return {{"entry_id", std::to_string(b.entry_id)},
          {"mentor_id", std::to_string(b.mentor_id)},
          {"mentor_name", b.mentor_name},
          {"member_name", b.member_name},
          {"member_phone", b.member_phone},
          {"starts_at", optional_time_json(b.starts_at)},
          {"ends_at", optional_time_json(b.ends_at)},
          {"place", b.place},
          {"cancelled", b.cancelled},
          {"note", b.note},
          {"noted_at", optional_time_json(b.noted_at)}};
}

http::Response list_mentors(app::App& app, http::Request&) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(std::vector<fair::Mentor> found, fair::mentors(tx, now_ms()));
    return bj::object{{"items", render_items(found, mentor_json)}};
  });
}

http::Response get_mentor(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(fair::Mentor m, fair::mentor(tx, id, now_ms()));
    return mentor_json(m);
  });
}

http::Response create_mentor(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  fair::MentorInput in;
  GH_ASSIGN_OR_RENDER(auto org, json::optional_id(*body, "org_id"));
  in.org_id = org.value_or(0);
  GH_ASSIGN_OR_RENDER(in.name, json::required_string(*body, "name", 50));
  GH_ASSIGN_OR_RENDER(in.phone, json::required_string(*body, "phone", 20));
  GH_ASSIGN_OR_RENDER(std::string kind, json::required_string(*body, "kind", 20));
  const auto parsed = parse_enum<fair::MentorKind>(kind);
  if (!parsed) {
    return error(Error::invalid("kind", "invalid_kind", "model_worker or expert"));
  }
  in.kind = *parsed;
  GH_ASSIGN_OR_RENDER(in.title, json::required_string(*body, "title", 100));
  GH_ASSIGN_OR_RENDER(auto intro, json::optional_string(*body, "intro", 2000));
  in.intro = intro.value_or("");
  GH_ASSIGN_OR_RENDER(auto worker, json::optional_id(*body, "model_worker_id"));
  in.model_worker_id = worker.value_or(0);
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(fair::Mentor m, fair::create_mentor(tx, caller(request), in, now_ms()));
    return http::Response::json(201, mentor_json(m));
  });
}

Result<std::vector<fair::SlotTime>> read_slots(const bj::object& body) {
  const bj::value* given = body.if_contains("slots");
  if (given == nullptr || given->is_null()) {
    return Error::invalid("slots", "required", "give 1 to 50 slots");
  }
  if (!given->is_array()) {
    return Error::invalid("slots", "invalid_field", "slots is a list");
  }
  std::vector<fair::SlotTime> out;
  for (const bj::value& item : given->as_array()) {
    if (!item.is_object()) {
      return Error::invalid("slots", "invalid_field", "each slot is {starts_at, ends_at}");
    }
    fair::SlotTime s;
    GH_ASSIGN(s.starts_at, required_time(item.as_object(), "starts_at"));
    GH_ASSIGN(s.ends_at, required_time(item.as_object(), "ends_at"));
    out.push_back(s);
  }
  return out;
}

http::Response add_slots(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(auto place, json::optional_string(*body, "place", 200));
  GH_ASSIGN_OR_RENDER(std::vector<fair::SlotTime> slots, read_slots(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(fair::Mentor m,
              fair::add_slots(tx, caller(request), id, place.value_or(""), slots, now_ms()));
    return http::Response::json(201, mentor_json(m));
  });
}

http::Response add_own_slots(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(auto place, json::optional_string(*body, "place", 200));
  GH_ASSIGN_OR_RENDER(std::vector<fair::SlotTime> slots, read_slots(*body));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(fair::Mentor m,
              fair::add_own_slots(tx, caller(request), place.value_or(""), slots, now_ms()));
    return http::Response::json(201, mentor_json(m));
  });
}

http::Response book_mentor(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(int64_t slot_id, json::required_id(*body, "slot_id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(fair::MentorBooking b, fair::book_mentor(tx, caller(request), id, slot_id, now_ms()));
    return http::Response::json(201, booking_json(b));
  });
}

http::Response my_mentor_bookings(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(std::vector<fair::MentorBooking> found, fair::my_bookings(tx, caller(request)));
    return bj::object{{"items", render_items(found, booking_json)}};
  });
}

http::Response cancel_mentor_booking(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(fair::MentorBooking b, fair::cancel_booking(tx, caller(request), id, now_ms()));
    return http::Response::ok(booking_json(b));
  });
}

http::Response my_mentoring(app::App& app, http::Request& request) {
  return read_json(app, [&](store::Tx& tx) -> Result<bj::object> {
    GH_ASSIGN(std::vector<fair::MentorBooking> found, fair::mentoring(tx, caller(request)));
    return bj::object{{"items", render_items(found, booking_json)}};
  });
}

http::Response write_note(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const bj::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string note, json::required_string(*body, "note", 1000));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(fair::MentorBooking b, fair::write_note(tx, caller(request), id, note, now_ms()));
    return http::Response::ok(booking_json(b));
  });
}

}  // namespace

void register_fairs(http::Router& router, app::App& app) {
  const http::Access anyone = http::Access::public_route();
  router.add("GET", "/api/v1/job-fairs", anyone, handle(app, list_fairs));
  router.add("POST", "/api/v1/job-fairs", kAdmins, handle(app, create_fair));
  router.add("GET", "/api/v1/job-fairs/{id}", anyone, handle(app, get_fair));
  router.add("PUT", "/api/v1/job-fairs/{id}", kAdmins, handle(app, update_fair));
  router.add("POST", "/api/v1/job-fairs/{id}/cancel", kAdmins, handle(app, cancel_fair));
  router.add("POST", "/api/v1/job-fairs/{id}/registration", kMembers, handle(app, register_fair));
  router.add("DELETE", "/api/v1/job-fairs/{id}/registration", kMembers,
             handle(app, unregister_fair));
  router.add("POST", "/api/v1/job-fairs/{id}/check-in", kAdmins, handle(app, check_in));

  router.add("GET", "/api/v1/mentors", anyone, handle(app, list_mentors));
  router.add("POST", "/api/v1/mentors", kAdmins, handle(app, create_mentor));
  router.add("GET", "/api/v1/mentors/{id}", anyone, handle(app, get_mentor));
  router.add("POST", "/api/v1/mentors/{id}/slots", kAdmins, handle(app, add_slots));
  router.add("POST", "/api/v1/mentors/{id}/bookings", kMembers, handle(app, book_mentor));
  router.add("GET", "/api/v1/me/mentor-bookings", kMembers, handle(app, my_mentor_bookings));
  router.add("POST", "/api/v1/mentor-bookings/{id}/cancel", kMembers,
             handle(app, cancel_mentor_booking));
  router.add("GET", "/api/v1/me/mentoring", http::Access::signed_in(), handle(app, my_mentoring));
  router.add("POST", "/api/v1/me/mentoring/slots", http::Access::signed_in(),
             handle(app, add_own_slots));
  router.add("PUT", "/api/v1/mentor-bookings/{id}/note", http::Access::signed_in(),
             handle(app, write_note));
}

}  // namespace gonghui::api
