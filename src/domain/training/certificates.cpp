// Certificates as their holder, the course's admins and the public check read them, and the
// member's own courses.
#include "core/time.hpp"
#include "domain/org/org.hpp"
#include "domain/training/internal.hpp"
#include "store/columns.hpp"

namespace gonghui::training {

using store::Rows;

namespace {

constexpr std::string_view kSelectCertificate =
    "SELECT t.id, t.course_id, t.member_id, t.verify_code, t.sessions_attended, t.issued_at, "
    "t.revoked_at, c.title, c.category, o.name, c.teacher_name, m.name, c.required_sessions, "
    "c.org_id FROM training_certificates t JOIN training_courses c ON c.id = t.course_id "
    "JOIN orgs o ON o.id = c.org_id JOIN members m ON m.id = t.member_id";
using CertificateFields =
    store::Fields<&Certificate::id, &Certificate::course_id, &Certificate::member_id,
                  &Certificate::verify_code, &Certificate::sessions_attended,
                  &Certificate::issued_at, &Certificate::revoked_at, &Certificate::course_title,
                  &Certificate::category, &Certificate::org_name, &Certificate::teacher_name,
                  &Certificate::holder_name, &Certificate::required_sessions>;
// One column more than the mapper: the organiser, for the admins' scope.
static_assert(store::column_count(kSelectCertificate) == CertificateFields::columns + 1);

}  // namespace

Result<Certificate> certificate(store::Tx& tx, const Principal& principal, int64_t id) {
  GH_ASSIGN(Rows rows, tx.query(std::string(kSelectCertificate) + " WHERE t.id = ?", {id}));
  if (rows.empty()) {
    return Error::not_found("certificate");
  }
  Certificate c = CertificateFields::read(rows[0]);
  const RoleGrant* member = principal.grant(Role::kMember);
  if (member != nullptr && member->member_id == c.member_id) {
    return c;
  }
  const bool admin = principal.has(Role::kOrgAdmin) || principal.has(Role::kPlatformAdmin);
  if (admin && org::require_in_scope(tx, principal, rows[0].integer(13)).ok()) {
    return c;
  }
  return Error::not_found("certificate");
}

Result<Certificate> certificate_by_code(store::Tx& tx, std::string_view code) {
  if (code.empty() || code.size() > 64) {
    return Error::not_found("certificate");
  }
  GH_ASSIGN(Rows rows, tx.query(std::string(kSelectCertificate) + " WHERE t.verify_code = ?",
                                {std::string(code)}));
  if (rows.empty()) {
    return Error::not_found("certificate");
  }
  return CertificateFields::read(rows[0]);
}

Result<std::vector<MyCourse>> my_courses(store::Tx& tx, const Principal& member, int64_t now) {
  const RoleGrant* grant = member.grant(Role::kMember);
  if (grant == nullptr) {
    return Error::forbidden("only members have courses of their own");
  }
  GH_ASSIGN(std::vector<Enrolment> places,
            internal::read_enrolments(tx, "member_id = ? ORDER BY id DESC LIMIT 200",
                                      {grant->member_id}));
  std::vector<MyCourse> out;
  out.reserve(places.size());
  for (Enrolment& e : places) {
    GH_ASSIGN(Course c, internal::load(tx, e.course_id));
    GH_TRY(internal::fill_for_member(tx, c, e, now));
    out.push_back({std::move(c), std::move(e)});
  }
  return out;
}

}  // namespace gonghui::training
