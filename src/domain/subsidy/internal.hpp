// Shared by the files of the 求学圆梦 module.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/org/org.hpp"
#include "domain/sealing/sealing.hpp"
#include "domain/subsidy/subsidy.hpp"
#include "store/columns.hpp"

namespace gonghui::subsidy::internal {

inline constexpr std::string_view kSelectApplication =
    "SELECT a.id, a.round_id, r.title, r.year, a.member_id, m.name, m.phone, a.org_id, o.name, "
    "a.district_id, d.name, a.level, a.amount_fen, a.school, a.major, a.document_id, "
    "a.bank_sealed, a.status, a.returned_by, a.return_reason, a.created_at, a.updated_at, "
    "COALESCE(p.id, 0), COALESCE(p.paid_on, 0), COALESCE(p.amount_fen, 0), "
    "COALESCE(p.transfer_ref, '') FROM subsidy_applications a "
    "JOIN subsidy_rounds r ON r.id = a.round_id JOIN members m ON m.id = a.member_id "
    "JOIN orgs o ON o.id = a.org_id JOIN orgs d ON d.id = a.district_id "
    "LEFT JOIN subsidy_payouts p ON p.application_id = a.id";
using ApplicationFields =
    store::Fields<&Application::id, &Application::round_id, &Application::round_title,
                  &Application::year, &Application::member_id, &Application::member_name,
                  &Application::member_phone, &Application::org_id, &Application::org_name,
                  &Application::district_id, &Application::district_name, &Application::level,
                  &Application::amount_fen, &Application::school, &Application::major,
                  &Application::document_id, &Application::bank_sealed, &Application::status,
                  &Application::returned_by, &Application::return_reason, &Application::created_at,
                  &Application::updated_at, &Application::payout_id, &Application::paid_on,
                  &Application::paid_fen, &Application::transfer_ref>;
static_assert(ApplicationFields::matches(kSelectApplication));

// One application without its timeline. NotFound (application).
Result<Application> load(store::Tx& tx, int64_t id);
// Applications matching `where` (a condition on the columns above) with `params`, in the order
// and limit the clause gives.
Result<std::vector<Application>> load_where(store::Tx& tx, const std::string& where,
                                            const store::Params& params);
// The application's timeline, oldest first.
Result<std::vector<Event>> timeline(store::Tx& tx, int64_t id);

// A round with its windows, levels and quotas (no counts). NotFound (round).
Result<Round> load_round(store::Tx& tx, int64_t id);

// The calling member's member id; Forbidden for a caller who is not a member.
Result<int64_t> member_id(const Principal& principal);
// The district of a union: the union directly under the federation on its path, or the union
// itself when it is the federation or directly under it.
int64_t district_of(const std::string& path);

// Whether the union `scope` (an admin's) acts at the application's step now: its base union
// for submitted, its district for base_approved, the federation for district_approved and
// approved (to pay).
bool acts_at_step(const org::Org& scope, const Application& application);

// A trimmed text field of 1 (when required) to max_chars characters. 400 naming the field:
// required, too_long.
Result<std::string> text_field(std::string value, std::string_view field, size_t max_chars,
                               bool required = true);
// The bank details checked and tidied (spaces dropped from the account number). 400 naming
// bank_name, account_holder (required, too_long) or account_no (required, invalid_account_no).
Result<BankDetails> check_bank(BankDetails bank);
// The sealed form of bank details for an application, and back.
std::string seal_bank(const sealing::Sealer& sealer, int64_t application_id,
                      const BankDetails& bank);
Result<BankDetails> open_bank(const sealing::Sealer& sealer, const Application& application);
// The enrolment document must exist and have been uploaded by the member's account. 400
// document_id unknown_document otherwise.
Status check_document(store::Tx& tx, const Principal& member, int64_t document_id);

// Appends a step to the application's timeline and tells the member, in the caller's
// transaction. `application` is as it is after the step.
Status record_event(store::Tx& tx, const Application& application, std::string_view action,
                    Tier tier, std::string_view org_name, std::string_view note,
                    const Principal& actor, int64_t now);

}  // namespace gonghui::subsidy::internal
