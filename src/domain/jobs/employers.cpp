// Employers: the public application, the union's review, their staff, and the helpers every
// file of the module shares.
#include <boost/json/object.hpp>

#include "core/check_digits.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "domain/audit/audit.hpp"
#include "domain/auth/auth.hpp"
#include "domain/jobs/internal.hpp"
#include "domain/message/message.hpp"
#include "domain/org/org.hpp"

namespace gonghui::jobs {
namespace internal {

int64_t employer_of(const Principal& principal) {
  const RoleGrant* grant = principal.grant(Role::kEmployerStaff);
  return grant == nullptr ? 0 : grant->employer_id;
}

bool is_admin(const Principal& principal) {
  return principal.has(Role::kOrgAdmin) || principal.has(Role::kPlatformAdmin);
}

Result<Employer> load_employer(store::Tx& tx, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kSelectEmployer) + " WHERE e.id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("employer");
  }
  return EmployerFields::read(rows[0]);
}

Result<Job> load_job(store::Tx& tx, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query(std::string(kSelectJob) + " WHERE j.id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("job");
  }
  return JobFields::read(rows[0]);
}

Status touch_jobs(store::Tx& tx) {
  GH_TRY(
      tx.exec("UPDATE settings SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) "
              "WHERE key = 'jobs_version'"));
  return Status::Ok();
}

Result<int64_t> jobs_version(store::Tx& tx) {
  GH_ASSIGN(store::Rows rows, tx.query("SELECT value FROM settings WHERE key = 'jobs_version'"));
  return rows.empty() ? int64_t{0} : rows[0].integer(0);
}

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

Status check_location(const merchant::Location& location) {
  if (location.lat_e6 < -90'000'000 || location.lat_e6 > 90'000'000) {
    return Error::invalid("lat", "invalid_coordinate", "lat must be between -90 and 90");
  }
  if (location.lng_e6 < -180'000'000 || location.lng_e6 > 180'000'000) {
    return Error::invalid("lng", "invalid_coordinate", "lng must be between -180 and 180");
  }
  return Status::Ok();
}

Status check_reason(std::string_view reason) { return check_text(reason, "reason", 200, true); }

}  // namespace internal

namespace {

using internal::EmployerFields;
using internal::kSelectEmployer;

Status validate(const EmployerInput& in) {
  GH_TRY(internal::check_text(in.name, "name", 100, true));
  if (!valid_credit_code(in.credit_code)) {
    return Error::invalid("credit_code", "invalid_credit_code",
                          "not a unified social credit code (its check character is wrong)");
  }
  GH_TRY(internal::check_text(in.contact_name, "contact_name", 50, true));
  if (!auth::valid_phone(in.phone)) {
    return Error::invalid("phone", "invalid_phone", "not a mainland mobile number");
  }
  GH_TRY(internal::check_text(in.address, "address", 200, true));
  GH_TRY(internal::check_location(in.location));
  return internal::check_text(in.description, "description", 2000, false);
}

boost::json::object audit_view(const Employer& e) {
  return {{"name", e.input.name},
          {"credit_code", e.input.credit_code},
          {"status", enum_name(e.status)},
          {"reason", e.reason}};
}

// An admin whose subtree holds the employer's vetting union.
Result<Employer> employer_in_scope(store::Tx& tx, const Principal& admin, int64_t id) {
  GH_ASSIGN(Employer e, internal::load_employer(tx, id));
  GH_TRY(org::require_in_scope(tx, admin, e.input.org_id));
  return e;
}

// pending → `to`, conditionally; audited, and the applicant's member record told.
Result<Employer> decide(store::Tx& tx, const Principal& admin, int64_t id, EmployerStatus to,
                        std::string_view reason, int64_t now) {
  GH_ASSIGN(Employer before, employer_in_scope(tx, admin, id));
  GH_ASSIGN(int64_t changed,
            tx.exec("UPDATE employers SET status = ?, reason = ?, "
                    "reviewed_by = ?, reviewed_at = ? WHERE id = ? AND "
                    "status = 'pending'",
                    {std::string(enum_name(to)), std::string(reason), admin.account_id, now, id}));
  if (changed != 1) {
    return Error::conflict("wrong_status", "this employer is not waiting for a review");
  }
  GH_ASSIGN(Employer after, internal::load_employer(tx, id));
  GH_TRY(audit::record(
      tx, admin, to == EmployerStatus::kApproved ? "employer.approved" : "employer.rejected",
      "employer", std::to_string(id), after.input.org_id, audit_view(before), audit_view(after)));
  const bool approved = to == EmployerStatus::kApproved;
  GH_TRY(message::post_to_phone(tx, after.input.phone, "application_status",
                                approved ? "用工单位认证已通过" : "用工单位认证未通过",
                                approved
                                    ? after.input.name + " 已通过工会审核，可以发布岗位了。"
                                    : after.input.name + " 未通过工会审核：" + std::string(reason),
                                "", "employer:" + std::to_string(id)));
  return after;
}

}  // namespace

Result<Employer> apply(store::Tx& tx, const EmployerInput& input, int64_t now) {
  GH_TRY(validate(input));
  EmployerInput in = input;
  if (in.org_id == 0) {
    GH_ASSIGN(org::Org root, org::root(tx));
    in.org_id = root.id;
  } else if (!org::get(tx, in.org_id).ok()) {
    return Error::invalid("org_id", "unknown_org", "no union has that id");
  }
  GH_ASSIGN(store::Rows photo,
            tx.query("SELECT 1 FROM photos WHERE id = ?", {in.licence_photo_id}));
  if (photo.empty()) {
    return Error::invalid("licence_photo_id", "unknown_photo", "no uploaded photo has that id");
  }
  GH_ASSIGN(store::Rows taken, tx.query("SELECT 1 FROM employers WHERE credit_code = ? AND "
                                        "status <> 'rejected'",
                                        {in.credit_code}));
  if (!taken.empty()) {
    return Error::conflict("duplicate_credit_code",
                           "an employer with this credit code is registered or under review",
                           "credit_code");
  }
  const int64_t id = new_id();
  GH_TRY(tx.exec(
      "INSERT INTO employers (id, org_id, name, credit_code, contact_name, phone, address, "
      "lat_e6, lng_e6, licence_photo_id, description, status, reason, reviewed_by, reviewed_at, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', '', 0, 0, ?)",
      {id, in.org_id, in.name, in.credit_code, in.contact_name, in.phone, in.address,
       in.location.lat_e6, in.location.lng_e6, in.licence_photo_id, in.description, now}));
  return internal::load_employer(tx, id);
}

Result<Employer> get_employer(store::Tx& tx, const Principal& principal, int64_t id) {
  GH_ASSIGN(Employer e, internal::load_employer(tx, id));
  if (internal::employer_of(principal) == id) {
    return e;
  }
  if (!internal::is_admin(principal)) {
    return Error::forbidden("you may only read your own employer");
  }
  GH_TRY(org::require_in_scope(tx, principal, e.input.org_id));
  return e;
}

Result<Employer> my_employer(store::Tx& tx, const Principal& staff) {
  const int64_t id = internal::employer_of(staff);
  if (id == 0) {
    return Error::forbidden("only employer staff have an employer");
  }
  return internal::load_employer(tx, id);
}

Result<std::string> employer_name(store::Tx& tx, int64_t id) {
  GH_ASSIGN(Employer e, internal::load_employer(tx, id));
  return e.input.name;
}

Result<EmployerPage> list_employers(store::Tx& tx, const Principal& admin,
                                    const EmployerFilter& filter) {
  GH_ASSIGN(org::Org scope, org::admin_scope(tx, admin));
  const org::PathRange range = org::range_of(scope.path);
  std::string sql = std::string(kSelectEmployer) + " WHERE o.path >= ? AND o.path < ?";
  store::Params params{range.lower, range.upper};
  if (filter.status) {
    sql += " AND e.status = ?";
    params.emplace_back(std::string(enum_name(*filter.status)));
  }
  if (!filter.q.empty()) {
    sql += " AND (e.name LIKE ? OR e.credit_code LIKE ?)";
    params.emplace_back("%" + filter.q + "%");
    params.emplace_back("%" + filter.q + "%");
  }
  if (filter.before_id > 0) {
    sql += " AND e.id < ?";
    params.emplace_back(filter.before_id);
  }
  sql += " ORDER BY e.id DESC LIMIT ?";
  params.emplace_back(filter.limit + 1);
  GH_ASSIGN(store::Rows rows, tx.query(sql, params));
  EmployerPage page;
  for (const store::Row& row : rows) {
    if (static_cast<int64_t>(page.items.size()) == filter.limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(EmployerFields::read(row));
  }
  return page;
}

Result<Employer> approve_employer(store::Tx& tx, const Principal& admin, int64_t id, int64_t now) {
  return decide(tx, admin, id, EmployerStatus::kApproved, "", now);
}

Result<Employer> reject_employer(store::Tx& tx, const Principal& admin, int64_t id,
                                 std::string_view reason, int64_t now) {
  GH_TRY(internal::check_reason(reason));
  return decide(tx, admin, id, EmployerStatus::kRejected, reason, now);
}

Result<access::Issued> add_employer_staff(store::Tx& tx, const Principal& admin, int64_t id,
                                          std::string_view phone, std::string_view name) {
  GH_ASSIGN(Employer e, employer_in_scope(tx, admin, id));
  if (e.status != EmployerStatus::kApproved) {
    return Error::conflict("wrong_status", "only an approved employer has staff");
  }
  if (!auth::valid_phone(phone)) {
    return Error::invalid("phone", "invalid_phone", "not a mainland mobile number");
  }
  auto existing = auth::find_account_by_phone(tx, phone);
  if (existing.ok()) {
    GH_ASSIGN(store::Rows held,
              tx.query("SELECT 1 FROM account_roles WHERE account_id = ? AND role = ? AND "
                       "merchant_id = ?",
                       {existing->id, std::string(enum_name(Role::kEmployerStaff)), id}));
    if (!held.empty()) {
      return Error::conflict("already_staff", "this number is staff of this employer already",
                             "phone");
    }
  } else if (name.empty()) {
    return Error::invalid("name", "required", "name is required");
  }
  access::Invitation invitation;
  invitation.phone = std::string(phone);
  invitation.name = existing.ok() ? existing->name : std::string(name);
  invitation.role = Role::kEmployerStaff;
  invitation.org_id = e.input.org_id;
  invitation.merchant_id = id;
  GH_ASSIGN(access::Issued issued,
            access::issue(tx, admin, std::move(invitation), access::kInvitationTtl));
  GH_TRY(audit::record(
      tx, admin, "employer.staff_invited", "employer", std::to_string(id), e.input.org_id, nullptr,
      boost::json::object{{"phone", std::string(phone)},
                          {"employer", e.input.name},
                          {"invitation_id", std::to_string(issued.invitation.id)}}));
  return issued;
}

}  // namespace gonghui::jobs
