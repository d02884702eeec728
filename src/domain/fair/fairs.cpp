// Job fairs: each is a booking campaign with one slot (the fair's hours, its places the
// capacity), made and published with the fair. Registration is a booking, the ticket its
// voucher, check-in at the door the voucher's one redemption.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <set>

#include "core/id.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/fair/fair.hpp"
#include "domain/org/org.hpp"
#include "store/columns.hpp"

namespace gonghui::fair {

using FairInputFields =
    store::Fields<&FairInput::org_id, &FairInput::title, &FairInput::description, &FairInput::place,
                  &FairInput::location, &FairInput::starts_at, &FairInput::ends_at,
                  &FairInput::registration_opens_at, &FairInput::capacity>;
FairInputFields fields_of(const FairInput*);

namespace {

namespace bj = boost::json;
using store::Rows;

constexpr int64_t kMaxEmployers = 50;

// A fair with its campaign's slot (times, places) and whether the campaign was cancelled.
constexpr std::string_view kSelectFair =
    "SELECT f.id, o.name, f.campaign_id, f.slot_id, f.org_id, f.title, f.description, f.place, "
    "f.lat_e6, f.lng_e6, s.starts_at, s.ends_at, c.opens_at, s.capacity, s.booked, "
    "(CASE WHEN c.status = 'cancelled' THEN 1 ELSE 0 END), f.created_at FROM job_fairs f "
    "JOIN orgs o ON o.id = f.org_id JOIN campaigns c ON c.id = f.campaign_id "
    "JOIN campaign_slots s ON s.id = f.slot_id";
using FairFields =
    store::Fields<&Fair::id, &Fair::org_name, &Fair::campaign_id, &Fair::slot_id, &Fair::input,
                  &Fair::registered, &Fair::cancelled, &Fair::created_at>;
static_assert(FairFields::matches(kSelectFair));

bool is_admin(const Principal& p) { return p.has(Role::kOrgAdmin) || p.has(Role::kPlatformAdmin); }

Status check_text(std::string_view value, std::string_view field, size_t max, bool required) {
  if (required && value.empty()) {
    return Error::invalid(std::string(field), "required", std::string(field) + " is required");
  }
  if (json::count_code_points(value) > max) {
    return Error::invalid(std::string(field), "too_long",
                          "at most " + std::to_string(max) + " characters");
  }
  return Status::Ok();
}

Status check_details(const std::string& title, const std::string& description,
                     const std::string& place, const merchant::Location& at, int64_t capacity) {
  GH_TRY(check_text(title, "title", 100, true));
  GH_TRY(check_text(description, "description", 2000, false));
  GH_TRY(check_text(place, "place", 200, true));
  if (at.lat_e6 < -90'000'000 || at.lat_e6 > 90'000'000) {
    return Error::invalid("lat", "invalid_coordinate", "lat must be between -90 and 90");
  }
  if (at.lng_e6 < -180'000'000 || at.lng_e6 > 180'000'000) {
    return Error::invalid("lng", "invalid_coordinate", "lng must be between -180 and 180");
  }
  if (capacity < 1 || capacity > 100'000) {
    return Error::invalid("capacity", "invalid_capacity", "capacity must be 1 to 100000");
  }
  return Status::Ok();
}

// Each listed employer once, approved; at most kMaxEmployers.
Status check_employers(store::Tx& tx, const std::vector<int64_t>& ids) {
  if (static_cast<int64_t>(ids.size()) > kMaxEmployers) {
    return Error::invalid("employer_ids", "too_many", "at most 50 employers");
  }
  std::set<int64_t> seen;
  for (int64_t id : ids) {
    GH_ASSIGN(Rows rows,
              tx.query("SELECT id FROM employers WHERE id = ? AND status = 'approved'", {id}));
    if (rows.empty() || !seen.insert(id).second) {
      return Error::invalid("employer_ids", "unknown_employer",
                            "each employer must be approved and listed once");
    }
  }
  return Status::Ok();
}

Status save_employers(store::Tx& tx, int64_t fair_id, const std::vector<int64_t>& ids) {
  GH_TRY(tx.exec("DELETE FROM job_fair_employers WHERE fair_id = ?", {fair_id}));
  for (size_t i = 0; i < ids.size(); ++i) {
    GH_TRY(
        tx.exec("INSERT INTO job_fair_employers (fair_id, employer_id, position) VALUES "
                "(?, ?, ?)",
                {fair_id, ids[i], static_cast<int64_t>(i)}));
  }
  return Status::Ok();
}

Result<Fair> load(store::Tx& tx, int64_t id) {
  GH_ASSIGN(Rows rows, tx.query(std::string(kSelectFair) + " WHERE f.id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("job fair");
  }
  Fair f = FairFields::read(rows[0]);
  GH_ASSIGN(Rows employers, tx.query("SELECT employer_id FROM job_fair_employers WHERE "
                                     "fair_id = ? ORDER BY position",
                                     {id}));
  for (const store::Row& row : employers) {
    f.input.employer_ids.push_back(row.integer(0));
  }
  return f;
}

// A fair an admin may manage: in scope of its organiser (Forbidden), NotFound if absent.
Result<Fair> load_for_admin(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Fair f, load(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, f.input.org_id));
  return f;
}

bj::object snapshot(const Fair& f) {
  bj::array employers;
  for (int64_t e : f.input.employer_ids) {
    employers.emplace_back(id_string(e));
  }
  return {{"title", f.input.title},
          {"place", f.input.place},
          {"lat_e6", f.input.location.lat_e6},
          {"lng_e6", f.input.location.lng_e6},
          {"starts_at", format_rfc3339(Timestamp{f.input.starts_at})},
          {"ends_at", format_rfc3339(Timestamp{f.input.ends_at})},
          {"capacity", f.input.capacity},
          {"campaign_id", id_string(f.campaign_id)},
          {"employer_ids", std::move(employers)}};
}

campaign::CampaignInput campaign_of(const FairInput& in, int64_t organiser, int64_t now) {
  campaign::CampaignInput c;
  c.org_id = organiser;
  c.kind = campaign::Kind::kBooking;
  c.title = in.title;
  c.description = in.description;
  c.tags = {"招聘会"};
  c.opens_at = in.registration_opens_at > 0 ? in.registration_opens_at : now;
  c.closes_at = in.ends_at;
  c.points_cost = 0;
  c.per_member_limit = 1;
  c.prizes = {campaign::Prize{.tier = 1, .name = "招聘会入场券", .quantity = in.capacity}};
  c.slots = {
      campaign::Slot{.starts_at = in.starts_at, .ends_at = in.ends_at, .capacity = in.capacity}};
  c.cancel_before_minutes = 120;
  return c;
}

// The member's registration (not given up), with its ticket.
Result<std::optional<Registration>> registration_of(store::Tx& tx, const Fair& f,
                                                    int64_t member_id) {
  GH_ASSIGN(Rows rows, tx.query("SELECT e.id, v.id FROM campaign_entries e JOIN vouchers v ON "
                                "v.entry_id = e.id WHERE e.campaign_id = ? AND e.member_id = ? "
                                "AND e.cancelled_at = 0 ORDER BY e.id DESC LIMIT 1",
                                {f.campaign_id, member_id}));
  if (rows.empty()) {
    return std::optional<Registration>();
  }
  GH_ASSIGN(campaign::Voucher ticket, campaign::member_voucher(tx, member_id, rows[0].integer(1)));
  return std::optional<Registration>(Registration{rows[0].integer(0), std::move(ticket)});
}

}  // namespace

FairStatus Fair::status(int64_t now) const {
  if (cancelled) {
    return FairStatus::kCancelled;
  }
  if (now < input.starts_at) {
    return FairStatus::kUpcoming;
  }
  return now < input.ends_at ? FairStatus::kOpen : FairStatus::kFinished;
}

Result<Fair> create(store::Tx& tx, const Principal& admin, const FairInput& input, int64_t now) {
  GH_TRY(
      check_details(input.title, input.description, input.place, input.location, input.capacity));
  if (input.ends_at <= input.starts_at || input.ends_at <= now) {
    return Error::invalid("ends_at", "invalid_window",
                          "a fair ends after it starts, and not in the past");
  }
  if (input.registration_opens_at >= input.starts_at) {
    return Error::invalid("registration_opens_at", "invalid_window",
                          "registration opens before the fair starts");
  }
  GH_TRY(check_employers(tx, input.employer_ids));
  int64_t organiser = input.org_id;
  if (organiser == 0) {
    GH_ASSIGN(org::Org own, org::admin_scope(tx, admin));
    organiser = own.id;
  }
  GH_TRY(org::require_in_scope(tx, admin, organiser));
  GH_ASSIGN(campaign::Campaign c, campaign::create(tx, admin, campaign_of(input, organiser, now)));
  GH_ASSIGN(c, campaign::publish(tx, admin, c.id));
  GH_TRY(tx.exec("UPDATE campaigns SET listed = 0 WHERE id = ?", {c.id}));
  const int64_t id = new_id();
  GH_TRY(
      tx.exec("INSERT INTO job_fairs (id, org_id, campaign_id, slot_id, title, description, "
              "place, lat_e6, lng_e6, created_by, created_at, updated_at) VALUES "
              "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {id, organiser, c.id, c.slots.front().id, input.title, input.description, input.place,
               input.location.lat_e6, input.location.lng_e6, admin.account_id, now, now}));
  GH_TRY(save_employers(tx, id, input.employer_ids));
  GH_ASSIGN(Fair f, load(tx, id));
  GH_TRY(audit::record(tx, admin, "job_fair.create", "job_fair", id_string(id), organiser, nullptr,
                       snapshot(f)));
  return f;
}

Result<Fair> update(store::Tx& tx, const Principal& admin, int64_t id, const FairEdit& edit,
                    int64_t now) {
  GH_ASSIGN(Fair before, load_for_admin(tx, admin, id));
  if (before.status(now) == FairStatus::kCancelled || before.status(now) == FairStatus::kFinished) {
    return Error::conflict("wrong_status", "a cancelled or finished fair cannot be edited");
  }
  GH_TRY(check_details(edit.title, edit.description, edit.place, edit.location, edit.capacity));
  GH_TRY(check_employers(tx, edit.employer_ids));
  // One statement: the places never drop below what is booked at the moment it runs.
  GH_ASSIGN(int64_t resized, tx.exec("UPDATE campaign_slots SET capacity = ? WHERE id = ? AND "
                                     "booked <= ?",
                                     {edit.capacity, before.slot_id, edit.capacity}));
  if (resized != 1) {
    return Error::invalid("capacity", "below_registered",
                          "more members have registered than that capacity");
  }
  GH_TRY(tx.exec("UPDATE campaigns SET title = ?, description = ? WHERE id = ?",
                 {edit.title, edit.description, before.campaign_id}));
  GH_TRY(
      tx.exec("UPDATE job_fairs SET title = ?, description = ?, place = ?, lat_e6 = ?, "
              "lng_e6 = ?, updated_at = ? WHERE id = ?",
              {edit.title, edit.description, edit.place, edit.location.lat_e6, edit.location.lng_e6,
               now, id}));
  GH_TRY(save_employers(tx, id, edit.employer_ids));
  GH_ASSIGN(Fair after, load(tx, id));
  GH_TRY(audit::record(tx, admin, "job_fair.update", "job_fair", id_string(id), after.input.org_id,
                       snapshot(before), snapshot(after)));
  return after;
}

Result<std::vector<Fair>> list(store::Tx& tx, bool include_past, int64_t now) {
  GH_ASSIGN(
      Rows rows,
      include_past
          ? tx.query(std::string(kSelectFair) + " ORDER BY s.starts_at DESC LIMIT 200", {})
          : tx.query(std::string(kSelectFair) + " WHERE s.ends_at > ? AND c.status <> 'cancelled' "
                                                "ORDER BY s.starts_at LIMIT 200",
                     {now}));
  std::vector<Fair> out;
  for (const store::Row& row : rows) {
    out.push_back(FairFields::read(row));
  }
  return out;
}

Result<Fair> get(store::Tx& tx, const Principal& principal, int64_t id, int64_t now) {
  GH_ASSIGN(Fair f, load(tx, id));
  for (int64_t employer_id : f.input.employer_ids) {
    GH_ASSIGN(Rows name, tx.query("SELECT name FROM employers WHERE id = ?", {employer_id}));
    GH_ASSIGN(std::vector<jobs::Job> jobs, jobs::published_jobs_of(tx, employer_id, now));
    f.employers.push_back(
        FairEmployer{employer_id, name.empty() ? "" : name[0].text(0), std::move(jobs)});
  }
  if (const RoleGrant* m = principal.grant(Role::kMember)) {
    GH_ASSIGN(f.my_registration, registration_of(tx, f, m->member_id));
  }
  if (is_admin(principal) && org::require_in_scope(tx, principal, f.input.org_id).ok()) {
    GH_ASSIGN(Rows checked, tx.query("SELECT COUNT(*) FROM vouchers WHERE campaign_id = ? AND "
                                     "status = 'redeemed'",
                                     {f.campaign_id}));
    f.checked_in = checked[0].integer(0);
  }
  return f;
}

Result<Fair> cancel(store::Tx& tx, const Principal& admin, int64_t id, int64_t now) {
  GH_ASSIGN(Fair before, load_for_admin(tx, admin, id));
  if (before.status(now) == FairStatus::kCancelled || before.status(now) == FairStatus::kFinished) {
    return Error::conflict("wrong_status", "the fair is already cancelled or over");
  }
  GH_TRY(campaign::cancel(tx, admin, before.campaign_id));
  GH_ASSIGN(Fair after, load(tx, id));
  GH_TRY(audit::record(tx, admin, "job_fair.cancel", "job_fair", id_string(id), after.input.org_id,
                       snapshot(before), snapshot(after)));
  return get(tx, admin, id, now);
}

Result<Fair> register_member(store::Tx& tx, const Principal& member, int64_t id, int64_t now) {
  const RoleGrant* m = member.grant(Role::kMember);
  if (m == nullptr) {
    return Error::forbidden("only members register for a fair");
  }
  GH_ASSIGN(Fair f, load(tx, id));
  GH_TRY(campaign::book(tx, m->member_id, f.campaign_id, f.slot_id, now));
  return get(tx, member, id, now);
}

Result<Fair> unregister(store::Tx& tx, const Principal& member, int64_t id, int64_t now) {
  const RoleGrant* m = member.grant(Role::kMember);
  if (m == nullptr) {
    return Error::forbidden("only members register for a fair");
  }
  GH_ASSIGN(Fair f, load(tx, id));
  GH_ASSIGN(std::optional<Registration> mine, registration_of(tx, f, m->member_id));
  if (!mine) {
    return Error::not_found("registration");
  }
  GH_TRY(campaign::cancel_booking(tx, m->member_id, f.campaign_id, mine->entry_id, now));
  return get(tx, member, id, now);
}

Result<CheckIn> check_in(store::Tx& tx, const Principal& admin, int64_t id, std::string_view code,
                         std::string_view token, int64_t now) {
  GH_ASSIGN(Fair f, load_for_admin(tx, admin, id));
  if (code.empty() && token.empty()) {
    return Error::invalid("token", "required", "give the ticket's QR token or its code");
  }
  auto found = campaign::find_voucher(tx, code, token);
  if (!found.ok()) {
    return std::move(found).error();
  }
  if (found->campaign_id != f.campaign_id) {
    return Error::not_found("ticket");
  }
  GH_ASSIGN(campaign::Voucher v, campaign::redeem_found(tx, admin, *found, now));
  CheckIn out{v.id, mask_name(v.member_name), v.redeemed_at};
  GH_TRY(audit::record(tx, admin, "job_fair.check_in", "job_fair", id_string(id), f.input.org_id,
                       nullptr, bj::object{{"voucher_id", id_string(v.id)}, {"code", v.code}}));
  return out;
}

}  // namespace gonghui::fair
