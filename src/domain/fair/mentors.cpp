// 创业指导 mentors: a profile kept here, consultation slots as a booking campaign's slots of one
// place each (so a slot is never booked twice, and the campaign's evening-before reminder
// reaches the member), and the mentor's note after each consultation. The mentor is whoever
// signs in with the number on the profile.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>

#include "core/id.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"
#include "domain/audit/audit.hpp"
#include "domain/auth/auth.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/fair/fair.hpp"
#include "domain/org/org.hpp"
#include "store/columns.hpp"

namespace gonghui::fair {

using MentorInputFields =
    store::Fields<&MentorInput::org_id, &MentorInput::name, &MentorInput::phone, &MentorInput::kind,
                  &MentorInput::title, &MentorInput::intro, &MentorInput::model_worker_id>;
MentorInputFields fields_of(const MentorInput*);

namespace {

namespace bj = boost::json;
using store::Rows;

constexpr size_t kMaxSlots = 50;

constexpr std::string_view kSelectMentor =
    "SELECT m.id, o.name, m.org_id, m.name, m.phone, m.kind, m.title, m.intro, "
    "m.model_worker_id, m.created_at FROM mentors m JOIN orgs o ON o.id = m.org_id";
using MentorFields =
    store::Fields<&Mentor::id, &Mentor::org_name, &Mentor::input, &Mentor::created_at>;
static_assert(MentorFields::matches(kSelectMentor));

// Upcoming slots of published campaigns of a mentor (mentor id, now).
constexpr std::string_view kSelectSlots =
    "SELECT mc.campaign_id, s.id, s.starts_at, s.ends_at, mc.place, "
    "(CASE WHEN s.booked < s.capacity THEN 1 ELSE 0 END) FROM mentor_campaigns mc "
    "JOIN campaigns c ON c.id = mc.campaign_id "
    "JOIN campaign_slots s ON s.campaign_id = mc.campaign_id "
    "WHERE mc.mentor_id = ? AND c.status = 'published' AND s.starts_at > ? "
    "ORDER BY s.starts_at LIMIT 100";
using SlotFields =
    store::Fields<&MentorSlot::campaign_id, &MentorSlot::slot_id, &MentorSlot::starts_at,
                  &MentorSlot::ends_at, &MentorSlot::place, &MentorSlot::free>;
static_assert(SlotFields::matches(kSelectSlots));

// A booking of a mentor's slot; a cancelled campaign refunds (and so cancels) its bookings.
constexpr std::string_view kSelectBooking =
    "SELECT e.id, m.id, m.name, mem.name, mem.phone, s.starts_at, s.ends_at, mc.place, "
    "e.refunded, COALESCE(n.note, ''), COALESCE(n.noted_at, 0) FROM campaign_entries e "
    "JOIN mentor_campaigns mc ON mc.campaign_id = e.campaign_id "
    "JOIN mentors m ON m.id = mc.mentor_id JOIN campaign_slots s ON s.id = e.slot_id "
    "JOIN members mem ON mem.id = e.member_id LEFT JOIN mentor_notes n ON n.entry_id = e.id";
using BookingFields =
    store::Fields<&MentorBooking::entry_id, &MentorBooking::mentor_id, &MentorBooking::mentor_name,
                  &MentorBooking::member_name, &MentorBooking::member_phone,
                  &MentorBooking::starts_at, &MentorBooking::ends_at, &MentorBooking::place,
                  &MentorBooking::cancelled, &MentorBooking::note, &MentorBooking::noted_at>;
static_assert(BookingFields::matches(kSelectBooking));

Status check_text(std::string_view value, std::string_view field, size_t max) {
  if (value.empty()) {
    return Error::invalid(std::string(field), "required", std::string(field) + " is required");
  }
  if (json::count_code_points(value) > max) {
    return Error::invalid(std::string(field), "too_long",
                          "at most " + std::to_string(max) + " characters");
  }
  return Status::Ok();
}

Result<std::vector<MentorBooking>> read_bookings(store::Tx& tx, std::string_view where,
                                                 const store::Params& params, bool mask) {
  GH_ASSIGN(Rows rows, tx.query(std::string(kSelectBooking) + " " + std::string(where), params));
  std::vector<MentorBooking> out;
  for (const store::Row& row : rows) {
    MentorBooking b = BookingFields::read(row);
    b.member_phone = mask_phone(b.member_phone);
    if (mask) {
      b.member_name = mask_name(b.member_name);
    }
    out.push_back(std::move(b));
  }
  return out;
}

Result<MentorBooking> one_booking(store::Tx& tx, int64_t entry_id, bool mask) {
  GH_ASSIGN(std::vector<MentorBooking> found,
            read_bookings(tx, "WHERE e.id = ?", {entry_id}, mask));
  if (found.empty()) {
    return Error::not_found("booking");
  }
  return std::move(found.front());
}

// The mentor whose number the principal signed in with (NotFound not_a_mentor).
Result<int64_t> mentor_of(store::Tx& tx, const Principal& principal) {
  GH_ASSIGN(Rows rows, tx.query("SELECT m.id FROM mentors m JOIN accounts a ON a.phone = m.phone "
                                "WHERE a.id = ?",
                                {principal.account_id}));
  if (rows.empty()) {
    return Error{ErrorKind::kNotFound, "not_a_mentor", "this account is no mentor's", {}};
  }
  return rows[0].integer(0);
}

Result<Mentor> load(store::Tx& tx, int64_t id, int64_t now) {
  GH_ASSIGN(Rows rows, tx.query(std::string(kSelectMentor) + " WHERE m.id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("mentor");
  }
  Mentor m = MentorFields::read(rows[0]);
  GH_ASSIGN(Rows slots, tx.query(kSelectSlots, {id, now}));
  for (const store::Row& row : slots) {
    m.slots.push_back(SlotFields::read(row));
  }
  return m;
}

bj::object snapshot(const Mentor& m) {
  return {{"name", m.input.name},
          {"phone", mask_phone(m.input.phone)},
          {"kind", enum_name(m.input.kind)},
          {"title", m.input.title},
          {"model_worker_id", id_string(m.input.model_worker_id)}};
}

Status check_slots(const std::string& place, const std::vector<SlotTime>& slots, int64_t now) {
  if (slots.empty()) {
    return Error::invalid("slots", "required", "give 1 to 50 slots");
  }
  if (slots.size() > kMaxSlots) {
    return Error::invalid("slots", "too_many", "at most 50 slots at once");
  }
  for (const SlotTime& s : slots) {
    if (s.ends_at <= s.starts_at || s.starts_at <= now) {
      return Error::invalid("slots", "invalid_window",
                            "each slot starts in the future and ends after it starts");
    }
  }
  return check_text(place, "place", 200);
}

}  // namespace

Result<Mentor> create_mentor(store::Tx& tx, const Principal& admin, const MentorInput& given,
                             int64_t now) {
  MentorInput input = given;
  GH_TRY(check_text(input.name, "name", 50));
  GH_TRY(check_text(input.title, "title", 100));
  if (json::count_code_points(input.intro) > 2000) {
    return Error::invalid("intro", "too_long", "at most 2000 characters");
  }
  if (!auth::valid_phone(input.phone)) {
    return Error::invalid("phone", "invalid_phone", "not a mainland mobile number");
  }
  if (input.model_worker_id != 0) {
    GH_ASSIGN(Rows found,
              tx.query("SELECT id FROM model_workers WHERE id = ?", {input.model_worker_id}));
    if (found.empty()) {
      return Error::invalid("model_worker_id", "unknown_model_worker", "no such model worker");
    }
  }
  if (input.org_id == 0) {
    GH_ASSIGN(org::Org own, org::admin_scope(tx, admin));
    input.org_id = own.id;
  }
  GH_TRY(org::require_in_scope(tx, admin, input.org_id));
  GH_ASSIGN(Rows taken, tx.query("SELECT id FROM mentors WHERE phone = ?", {input.phone}));
  if (!taken.empty()) {
    return Error::conflict("duplicate_phone", "a mentor already signs in with this number",
                           "phone");
  }
  const int64_t id = new_id();
  GH_TRY(
      tx.exec("INSERT INTO mentors (id, org_id, name, phone, kind, title, intro, "
              "model_worker_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {id, input.org_id, input.name, input.phone, std::string(enum_name(input.kind)),
               input.title, input.intro, input.model_worker_id, admin.account_id, now}));
  GH_ASSIGN(Mentor m, load(tx, id, now));
  GH_TRY(audit::record(tx, admin, "mentor.create", "mentor", id_string(id), input.org_id, nullptr,
                       snapshot(m)));
  return m;
}

Result<std::vector<Mentor>> mentors(store::Tx& tx, int64_t now) {
  GH_ASSIGN(Rows rows, tx.query(std::string(kSelectMentor) + " ORDER BY m.id LIMIT 200", {}));
  std::vector<Mentor> out;
  for (const store::Row& row : rows) {
    GH_ASSIGN(Mentor m, load(tx, row.integer(0), now));
    out.push_back(std::move(m));
  }
  return out;
}

Result<Mentor> mentor(store::Tx& tx, int64_t id, int64_t now) { return load(tx, id, now); }

namespace {

// Publishes the slots of a mentor whom `actor` may act for (checked by the caller).
Result<Mentor> publish_slots(store::Tx& tx, const Principal& actor, const Mentor& m,
                             const std::string& place, const std::vector<SlotTime>& slots,
                             int64_t now) {
  GH_TRY(check_slots(place, slots, now));
  campaign::CampaignInput c;
  c.org_id = m.input.org_id;
  c.kind = campaign::Kind::kBooking;
  c.title = "创业指导 · " + m.input.name;
  c.description = m.input.title + "（" + place + "）";
  c.tags = {"创业指导"};
  c.opens_at = now;
  c.closes_at = now + 1;
  for (const SlotTime& s : slots) {
    c.slots.push_back(
        campaign::Slot{.starts_at = s.starts_at, .ends_at = s.ends_at, .capacity = 1});
    c.closes_at = std::max(c.closes_at, s.ends_at);
  }
  c.per_member_limit = 1;
  c.prizes = {campaign::Prize{
      .tier = 1, .name = "创业指导预约", .quantity = static_cast<int64_t>(slots.size())}};
  c.cancel_before_minutes = 120;
  GH_ASSIGN(campaign::Campaign made, campaign::create_published(tx, actor, c));
  GH_TRY(tx.exec("UPDATE campaigns SET listed = 0 WHERE id = ?", {made.id}));
  GH_TRY(tx.exec("INSERT INTO mentor_campaigns (campaign_id, mentor_id, place) VALUES (?, ?, ?)",
                 {made.id, m.id, place}));
  GH_TRY(audit::record(tx, actor, "mentor.slots", "mentor", id_string(m.id), m.input.org_id,
                       nullptr,
                       bj::object{{"campaign_id", id_string(made.id)},
                                  {"slots", static_cast<int64_t>(slots.size())},
                                  {"place", place}}));
  return load(tx, m.id, now);
}

}  // namespace

Result<Mentor> add_slots(store::Tx& tx, const Principal& admin, int64_t mentor_id,
                         const std::string& place, const std::vector<SlotTime>& slots,
                         int64_t now) {
  GH_ASSIGN(Mentor m, load(tx, mentor_id, now));
  GH_TRY(org::require_in_scope(tx, admin, m.input.org_id));
  return publish_slots(tx, admin, m, place, slots, now);
}

Result<Mentor> add_own_slots(store::Tx& tx, const Principal& mentor, const std::string& place,
                             const std::vector<SlotTime>& slots, int64_t now) {
  GH_ASSIGN(int64_t mentor_id, mentor_of(tx, mentor));
  GH_ASSIGN(Mentor m, load(tx, mentor_id, now));
  return publish_slots(tx, mentor, m, place, slots, now);
}

Result<MentorBooking> book_mentor(store::Tx& tx, const Principal& member, int64_t mentor_id,
                                  int64_t slot_id, int64_t now) {
  const RoleGrant* grant = member.grant(Role::kMember);
  if (grant == nullptr) {
    return Error::forbidden("only members book a mentor");
  }
  GH_TRY(load(tx, mentor_id, now));
  GH_ASSIGN(Rows slot, tx.query("SELECT s.campaign_id FROM campaign_slots s JOIN mentor_campaigns "
                                "mc ON mc.campaign_id = s.campaign_id WHERE s.id = ? AND "
                                "mc.mentor_id = ?",
                                {slot_id, mentor_id}));
  if (slot.empty()) {
    return Error::invalid("slot_id", "unknown_slot", "this mentor has no such slot");
  }
  GH_ASSIGN(campaign::Entry e,
            campaign::book(tx, grant->member_id, slot[0].integer(0), slot_id, now));
  return one_booking(tx, e.id, true);
}

Result<std::vector<MentorBooking>> my_bookings(store::Tx& tx, const Principal& member) {
  const RoleGrant* grant = member.grant(Role::kMember);
  if (grant == nullptr) {
    return Error::forbidden("only members book a mentor");
  }
  return read_bookings(tx, "WHERE e.member_id = ? ORDER BY s.starts_at DESC LIMIT 200",
                       {grant->member_id}, true);
}

Result<MentorBooking> cancel_booking(store::Tx& tx, const Principal& member, int64_t entry_id,
                                     int64_t now) {
  const RoleGrant* grant = member.grant(Role::kMember);
  if (grant == nullptr) {
    return Error::forbidden("only members book a mentor");
  }
  GH_ASSIGN(Rows rows, tx.query("SELECT e.campaign_id FROM campaign_entries e JOIN "
                                "mentor_campaigns mc ON mc.campaign_id = e.campaign_id "
                                "WHERE e.id = ? AND e.member_id = ?",
                                {entry_id, grant->member_id}));
  if (rows.empty()) {
    return Error::not_found("booking");
  }
  GH_TRY(campaign::cancel_booking(tx, grant->member_id, rows[0].integer(0), entry_id, now));
  return one_booking(tx, entry_id, true);
}

Result<std::vector<MentorBooking>> mentoring(store::Tx& tx, const Principal& principal) {
  GH_ASSIGN(int64_t mentor_id, mentor_of(tx, principal));
  return read_bookings(tx, "WHERE m.id = ? ORDER BY s.starts_at LIMIT 500", {mentor_id}, false);
}

Result<MentorBooking> write_note(store::Tx& tx, const Principal& principal, int64_t entry_id,
                                 const std::string& note, int64_t now) {
  GH_ASSIGN(int64_t mentor_id, mentor_of(tx, principal));
  GH_ASSIGN(MentorBooking b, one_booking(tx, entry_id, false));
  if (b.mentor_id != mentor_id) {
    return Error::not_found("booking");
  }
  GH_TRY(check_text(note, "note", 1000));
  if (b.cancelled) {
    return Error::conflict("already_cancelled", "this booking was cancelled");
  }
  if (now < b.starts_at) {
    return Error::conflict("not_yet_held", "a note can be written once the consultation starts");
  }
  GH_TRY(tx.exec("DELETE FROM mentor_notes WHERE entry_id = ?", {entry_id}));
  GH_TRY(
      tx.exec("INSERT INTO mentor_notes (entry_id, mentor_id, note, noted_at) VALUES "
              "(?, ?, ?, ?)",
              {entry_id, mentor_id, note, now}));
  return one_booking(tx, entry_id, false);
}

}  // namespace gonghui::fair
