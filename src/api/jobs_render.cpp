// Rendering and reading the JSON of 就业服务.
#include "api/jobs_render.hpp"

#include "api/json_render.hpp"
#include "api/support.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"

namespace gonghui::api::jobs_json {
namespace {

namespace bj = boost::json;
using namespace gonghui::jobs;

constexpr int64_t kAny = 9'007'199'254'740'991;  // the largest integer JSON carries exactly

bj::value time_json(int64_t ms) { return optional_time_json(ms); }

template <class E>
Result<E> required_enum(const bj::object& body, std::string_view field, std::string code) {
  GH_ASSIGN(std::string text, json::required_string(body, field, 40));
  auto value = parse_enum<E>(text);
  if (!value) {
    return Error::invalid(std::string(field), std::move(code), "not a known value");
  }
  return *value;
}

template <class E>
Result<std::optional<E>> optional_enum(const bj::object& body, std::string_view field,
                                       std::string code) {
  GH_ASSIGN(auto text, json::optional_string(body, field, 40));
  if (!text || text->empty()) {
    return std::optional<E>();
  }
  auto value = parse_enum<E>(*text);
  if (!value) {
    return Error::invalid(std::string(field), std::move(code), "not a known value");
  }
  return value;
}

Result<std::string> text(const bj::object& body, std::string_view field, size_t max) {
  GH_ASSIGN(auto value, json::optional_string(body, field, max));
  return value.value_or("");
}

}  // namespace

bj::object employer(const Employer& e) {
  return {{"id", std::to_string(e.id)},
          {"org_id", std::to_string(e.input.org_id)},
          {"org_name", e.org_name},
          {"name", e.input.name},
          {"credit_code", e.input.credit_code},
          {"contact_name", e.input.contact_name},
          {"phone", mask_phone(e.input.phone)},
          {"address", e.input.address},
          {"lat", degrees(e.input.location.lat_e6)},
          {"lng", degrees(e.input.location.lng_e6)},
          {"licence_photo_id", std::to_string(e.input.licence_photo_id)},
          {"description", e.input.description},
          {"status", enum_name(e.status)},
          {"reason", e.reason},
          {"created_at", time_json(e.created_at)},
          {"reviewed_at", time_json(e.reviewed_at)}};
}

bj::object card(const Job& j, int64_t now, int64_t distance_m) {
  return {{"id", std::to_string(j.id)},
          {"employer_id", std::to_string(j.employer_id)},
          {"employer_name", j.employer_name},
          {"title", j.input.title},
          {"kind", enum_name(j.input.kind)},
          {"pay_unit", enum_name(j.input.pay_unit)},
          {"pay_min_fen", j.input.pay_min_fen},
          {"pay_max_fen", j.input.pay_max_fen},
          {"headcount", j.input.headcount},
          {"address", j.input.address},
          {"lat", degrees(j.input.location.lat_e6)},
          {"lng", degrees(j.input.location.lng_e6)},
          {"distance_m", distance_m < 0 ? bj::value(nullptr) : bj::value(distance_m)},
          {"status", enum_name(j.status(now))},
          {"published_at", time_json(j.published_at)},
          {"expires_at", time_json(j.expires_at)}};
}

bj::object job(const Job& j, int64_t now, bool signed_in, int64_t my_application_id) {
  bj::object out = card(j, now);
  out["requirements"] = j.input.requirements;
  out["benefits"] = j.input.benefits;
  out["contact"] =
      signed_in
          ? bj::value(bj::object{{"name", j.input.contact_name}, {"phone", j.input.contact_phone}})
          : bj::value(nullptr);
  out["my_application_id"] = optional_id_json(my_application_id);
  return out;
}

bj::object posting(const Job& j, int64_t now, const std::vector<StepRecord>* steps) {
  bj::object out = job(j, now, true, 0);
  out.erase("my_application_id");
  out["org_id"] = std::to_string(j.org_id);
  out["valid_days"] = j.input.valid_days;
  out["reason"] = j.reason;
  out["created_at"] = time_json(j.created_at);
  out["updated_at"] = time_json(j.updated_at);
  out["applications"] = j.applications;
  bj::array list;
  if (steps != nullptr) {
    for (const StepRecord& s : *steps) {
      list.push_back(bj::object{
          {"action", s.action}, {"actor", s.actor}, {"at", time_json(s.at)}, {"reason", s.reason}});
    }
  }
  out["steps"] = std::move(list);
  return out;
}

bj::object profile(const Profile& p, bool mask) {
  bj::array kinds;
  for (JobKind kind : p.preferred_kinds) {
    kinds.push_back(bj::string(enum_name(kind)));
  }
  return {{"name", p.name},
          {"phone", mask ? mask_phone(p.phone) : p.phone},
          {"skills", p.skills},
          {"experience", p.experience},
          {"preferred_kinds", std::move(kinds)},
          {"preferred_area", p.preferred_area},
          {"member", p.member}};
}

bj::object application(const Application& a) {
  bj::array timeline;
  for (const ApplicationStep& s : a.timeline) {
    timeline.push_back(
        bj::object{{"status", enum_name(s.status)}, {"note", s.note}, {"at", time_json(s.at)}});
  }
  bj::object out{{"id", std::to_string(a.id)},
                 {"job_id", std::to_string(a.job_id)},
                 {"job_title", a.job_title},
                 {"employer_id", std::to_string(a.employer_id)},
                 {"employer_name", a.employer_name},
                 {"status", enum_name(a.status)},
                 {"note", a.note},
                 {"created_at", time_json(a.created_at)},
                 {"updated_at", time_json(a.updated_at)},
                 {"timeline", std::move(timeline)}};
  if (a.seeker) {
    out["seeker"] = profile(*a.seeker, false);
  }
  return out;
}

bj::object alert(const Alert& a) {
  return {{"id", std::to_string(a.id)},
          {"q", a.q},
          {"kind", a.kind ? bj::value(enum_name(*a.kind)) : bj::value(nullptr)},
          {"pay_unit", a.pay_unit ? bj::value(enum_name(*a.pay_unit)) : bj::value(nullptr)},
          {"min_pay_fen", a.min_pay_fen},
          {"lat", a.near ? bj::value(degrees(a.near->lat_e6)) : bj::value(nullptr)},
          {"lng", a.near ? bj::value(degrees(a.near->lng_e6)) : bj::value(nullptr)},
          {"within_km", a.within_m > 0 ? bj::value(a.within_m / 1000) : bj::value(nullptr)},
          {"created_at", time_json(a.created_at)}};
}

Result<EmployerInput> read_employer(const bj::object& body) {
  EmployerInput in;
  GH_ASSIGN(auto org, json::optional_id(body, "org_id"));
  in.org_id = org.value_or(0);
  GH_ASSIGN(in.name, json::required_string(body, "name", 100));
  GH_ASSIGN(in.credit_code, json::required_string(body, "credit_code", 18));
  GH_ASSIGN(in.contact_name, json::required_string(body, "contact_name", 50));
  GH_ASSIGN(in.phone, json::required_string(body, "phone", 20));
  GH_ASSIGN(in.address, json::required_string(body, "address", 200));
  GH_ASSIGN(in.location.lat_e6, read_degrees(body, "lat", 90));
  GH_ASSIGN(in.location.lng_e6, read_degrees(body, "lng", 180));
  GH_ASSIGN(in.licence_photo_id, json::required_id(body, "licence_photo_id"));
  GH_ASSIGN(in.description, text(body, "description", 2000));
  return in;
}

Result<JobInput> read_job(const bj::object& body) {
  JobInput in;
  GH_ASSIGN(in.title, json::required_string(body, "title", 60));
  GH_ASSIGN(in.kind, required_enum<JobKind>(body, "kind", "invalid_kind"));
  GH_ASSIGN(in.pay_unit, required_enum<PayUnit>(body, "pay_unit", "invalid_pay_unit"));
  // Any integer here: the domain's checks give the range errors (invalid_pay …).
  GH_ASSIGN(in.pay_min_fen, json::required_integer(body, "pay_min_fen", -kAny, kAny));
  GH_ASSIGN(in.pay_max_fen, json::required_integer(body, "pay_max_fen", -kAny, kAny));
  GH_ASSIGN(in.headcount, json::required_integer(body, "headcount", -kAny, kAny));
  GH_ASSIGN(in.address, json::required_string(body, "address", 200));
  GH_ASSIGN(in.location.lat_e6, read_degrees(body, "lat", 90));
  GH_ASSIGN(in.location.lng_e6, read_degrees(body, "lng", 180));
  GH_ASSIGN(in.requirements, text(body, "requirements", 2000));
  GH_ASSIGN(in.benefits, text(body, "benefits", 2000));
  GH_ASSIGN(in.contact_name, json::required_string(body, "contact_name", 50));
  GH_ASSIGN(in.contact_phone, json::required_string(body, "contact_phone", 20));
  GH_ASSIGN(auto days, json::optional_integer(body, "valid_days", -kAny, kAny));
  in.valid_days = days.value_or(kDefaultValidDays);
  return in;
}

Result<ProfileInput> read_profile(const bj::object& body) {
  ProfileInput in;
  GH_ASSIGN(in.skills, text(body, "skills", 500));
  GH_ASSIGN(in.experience, text(body, "experience", 1000));
  GH_ASSIGN(in.preferred_area, text(body, "preferred_area", 100));
  if (const bj::value* kinds = body.if_contains("preferred_kinds");
      kinds != nullptr && !kinds->is_null()) {
    if (!kinds->is_array() || kinds->get_array().size() > 4) {
      return Error::invalid("preferred_kinds", "invalid_kind", "a list of up to 4 job kinds");
    }
    for (const bj::value& item : kinds->get_array()) {
      auto kind = item.is_string() ? parse_enum<JobKind>(item.get_string()) : std::nullopt;
      if (!kind) {
        return Error::invalid("preferred_kinds", "invalid_kind", "not a job kind");
      }
      in.preferred_kinds.push_back(*kind);
    }
  }
  return in;
}

Result<Alert> read_alert(const bj::object& body) {
  Alert a;
  GH_ASSIGN(a.q, text(body, "q", 50));
  GH_ASSIGN(a.kind, optional_enum<JobKind>(body, "kind", "invalid_kind"));
  GH_ASSIGN(a.pay_unit, optional_enum<PayUnit>(body, "pay_unit", "invalid_pay_unit"));
  GH_ASSIGN(auto pay, json::optional_integer(body, "min_pay_fen", 0, kMaxPayFen));
  a.min_pay_fen = pay.value_or(0);
  const bool located = (body.contains("lat") && !body.at("lat").is_null()) ||
                       (body.contains("lng") && !body.at("lng").is_null());
  if (located) {
    merchant::Location near;
    GH_ASSIGN(near.lat_e6, read_degrees(body, "lat", 90));
    GH_ASSIGN(near.lng_e6, read_degrees(body, "lng", 180));
    a.near = near;
  }
  GH_ASSIGN(auto within, json::optional_integer(body, "within_km", 0, 100'000));
  a.within_m = within.value_or(0) * 1000;
  return a;
}

}  // namespace gonghui::api::jobs_json
