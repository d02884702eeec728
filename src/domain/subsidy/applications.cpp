// 求学圆梦 for members: who may apply, applying, resubmitting, withdrawing and their own reads.
#include <algorithm>

#include "core/id.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"
#include "domain/org/org.hpp"
#include "domain/subsidy/internal.hpp"

namespace gonghui::subsidy {
namespace {

// What eligibility needs to know about a member.
struct MemberFacts {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_path;
  bool active = false;
  bool frontline = false;
  int64_t since = 0;  // joined_on, else when the record was made
};

Result<MemberFacts> facts_of(store::Tx& tx, int64_t member_id) {
  GH_ASSIGN(store::Rows rows,
            tx.query("SELECT m.org_id, o.path, m.status, m.frontline, m.joined_on, m.created_at "
                     "FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id = ?",
                     {member_id}));
  if (rows.empty()) {
    return Error::not_found("member");
  }
  const store::Row& r = rows[0];
  return MemberFacts{member_id,         r.integer(0),
                     r.text(1),         r.text(2) == "active",
                     r.integer(3) != 0, r.integer(4) != 0 ? r.integer(4) : r.integer(5)};
}

// Whole calendar months (Asia/Shanghai) from `since` to `now`: 2025-03-15 → 2025-09-14 is 5.
int64_t full_months(int64_t since, int64_t now) {
  const YearMonth a = local_year_month(since);
  const YearMonth b = local_year_month(now);
  int64_t months = (b.year - a.year) * 12 + (b.month - a.month);
  const int64_t day_a = local_day(since) - local_day(local_month_start(a.year, a.month));
  const int64_t day_b = local_day(now) - local_day(local_month_start(b.year, b.month));
  if (day_b < day_a) --months;
  return months;
}

// Why the member may not apply for the level in the round, or nullopt.
Result<std::optional<Ineligible>> ineligible(store::Tx& tx, const MemberFacts& m,
                                             const Round& round, Degree level, int64_t now) {
  if (!m.active) return std::optional(Ineligible::kMemberInactive);
  if (round.frontline_only && !m.frontline) return std::optional(Ineligible::kNotFrontline);
  if (full_months(m.since, now) < round.min_membership_months) {
    return std::optional(Ineligible::kMembershipTooShort);
  }
  const int64_t district = internal::district_of(m.org_path);
  const bool in_round = std::any_of(round.quotas.begin(), round.quotas.end(),
                                    [district](const Quota& q) { return q.org_id == district; });
  if (!in_round) return std::optional(Ineligible::kDistrictNotInRound);
  GH_ASSIGN(store::Rows held,
            tx.query("SELECT status FROM subsidy_applications WHERE member_id = ? AND level = ? "
                     "AND status <> 'withdrawn'",
                     {m.id, std::string(enum_name(level))}));
  if (!held.empty()) {
    const std::string status = held[0].text(0);
    return std::optional(status == "approved" || status == "paid" ? Ineligible::kAlreadyFunded
                                                                  : Ineligible::kAlreadyApplied);
  }
  return std::optional<Ineligible>();
}

Error ineligible_error(Ineligible why) {
  static constexpr const char* kWhy[] = {
      "your membership is not active",
      "this round is for frontline members",
      "your membership is shorter than the round asks",
      "your district union takes no part in this round",
      "you have applied for this level already",
      "you have been funded for this level already",
  };
  return Error::conflict(std::string(enum_name(why)), kWhy[static_cast<size_t>(why)], "level");
}

Result<Application> with_timeline(store::Tx& tx, Application a) {
  GH_ASSIGN(a.timeline, internal::timeline(tx, a.id));
  return a;
}

// The member's own application; NotFound for anyone else's.
Result<Application> own(store::Tx& tx, const Principal& member, int64_t id) {
  GH_ASSIGN(int64_t me, internal::member_id(member));
  auto found = internal::load(tx, id);
  if (!found.ok() || found->member_id != me) {
    return found.ok() ? Error::not_found("application") : std::move(found).error();
  }
  return std::move(found).value();
}

}  // namespace

Result<std::vector<MemberRound>> rounds_for_member(store::Tx& tx, const Principal& member,
                                                   int64_t now) {
  GH_ASSIGN(int64_t me, internal::member_id(member));
  GH_ASSIGN(MemberFacts facts, facts_of(tx, me));
  GH_ASSIGN(store::Rows rows, tx.query("SELECT id FROM subsidy_rounds WHERE status <> 'draft' "
                                       "ORDER BY year DESC, id DESC LIMIT 20"));
  std::vector<MemberRound> out;
  for (const store::Row& row : rows) {
    MemberRound mine;
    GH_ASSIGN(mine.round, internal::load_round(tx, row.integer(0)));
    mine.window_open = mine.round.window_open(now);
    for (const LevelAmount& l : mine.round.levels) {
      GH_ASSIGN(auto why, ineligible(tx, facts, mine.round, l.level, now));
      mine.levels.push_back({l.level, l.amount_fen, why});
    }
    out.push_back(std::move(mine));
  }
  return out;
}

Result<MaskedBank> masked_bank(store::Tx& tx, const Application& application) {
  GH_ASSIGN(sealing::Sealer sealer, sealing::sealer(tx));
  GH_ASSIGN(BankDetails bank, internal::open_bank(sealer, application));
  return MaskedBank{bank.bank_name, mask_bank_account(bank.account_no),
                    mask_name(bank.account_holder)};
}

Result<Application> apply(store::Tx& tx, const Principal& member, const ApplicationInput& input,
                          int64_t now) {
  GH_ASSIGN(int64_t me, internal::member_id(member));
  auto round = internal::load_round(tx, input.round_id);
  if (!round.ok() || round->status == RoundStatus::kDraft) {
    return round.ok() ? Error::not_found("round") : std::move(round).error();
  }
  const std::optional<int64_t> amount = round->amount_of(input.level);
  if (!amount) {
    return Error::invalid("level", "level_not_in_round", "this round does not pay that level");
  }
  GH_ASSIGN(std::string school, internal::text_field(input.school, "school", 60));
  GH_ASSIGN(std::string major, internal::text_field(input.major, "major", 60));
  GH_TRY(internal::check_document(tx, member, input.document_id));
  GH_ASSIGN(BankDetails bank, internal::check_bank(input.bank));
  if (!round->window_open(now)) {
    return Error::conflict("window_closed", "applications are not taken now", "round_id");
  }
  GH_ASSIGN(MemberFacts facts, facts_of(tx, me));
  GH_ASSIGN(auto why, ineligible(tx, facts, *round, input.level, now));
  if (why) {
    return ineligible_error(*why);
  }
  GH_ASSIGN(sealing::Sealer sealer, sealing::sealer(tx));
  const int64_t id = new_id();
  auto inserted = tx.exec(
      "INSERT INTO subsidy_applications (id, round_id, member_id, org_id, district_id, level, "
      "amount_fen, school, major, document_id, bank_sealed, status, returned_by, return_reason, "
      "approved_at, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', '', '', 0, ?, ?)",
      {id, round->id, me, facts.org_id, internal::district_of(facts.org_path),
       std::string(enum_name(input.level)), *amount, school, major, input.document_id,
       internal::seal_bank(sealer, id, bank), now, now});
  if (!inserted.ok()) {
    // Two applications for one level at once: the unique index lets one in.
    return inserted.error().code == store::kUniqueViolation
               ? ineligible_error(Ineligible::kAlreadyApplied)
               : std::move(inserted).error();
  }
  GH_ASSIGN(Application a, internal::load(tx, id));
  GH_TRY(internal::record_event(tx, a, "submitted", Tier::kMember, "", "", member, now));
  return with_timeline(tx, std::move(a));
}

Result<Application> resubmit(store::Tx& tx, const Principal& member, int64_t id,
                             const Resubmission& changes, int64_t now) {
  GH_ASSIGN(Application a, own(tx, member, id));
  if (a.status != State::kReturned) {
    return Error::conflict("wrong_state", "only a returned application is resubmitted");
  }
  if (changes.school) {
    GH_ASSIGN(a.school, internal::text_field(*changes.school, "school", 60));
  }
  if (changes.major) {
    GH_ASSIGN(a.major, internal::text_field(*changes.major, "major", 60));
  }
  if (changes.document_id) {
    GH_TRY(internal::check_document(tx, member, *changes.document_id));
    a.document_id = *changes.document_id;
  }
  if (changes.bank) {
    GH_ASSIGN(BankDetails bank, internal::check_bank(*changes.bank));
    GH_ASSIGN(sealing::Sealer sealer, sealing::sealer(tx));
    a.bank_sealed = internal::seal_bank(sealer, a.id, bank);
  }
  GH_ASSIGN(int64_t changed,
            tx.exec("UPDATE subsidy_applications SET school = ?, major = ?, document_id = ?, "
                    "bank_sealed = ?, status = 'submitted', returned_by = '', "
                    "return_reason = '', updated_at = ? WHERE id = ? AND status = 'returned'",
                    {a.school, a.major, a.document_id, a.bank_sealed, now, a.id}));
  if (changed == 0) {
    return Error::conflict("wrong_state", "only a returned application is resubmitted");
  }
  GH_ASSIGN(a, internal::load(tx, id));
  GH_TRY(internal::record_event(tx, a, "resubmitted", Tier::kMember, "", "", member, now));
  return with_timeline(tx, std::move(a));
}

Result<Application> withdraw(store::Tx& tx, const Principal& member, int64_t id, int64_t now) {
  GH_ASSIGN(Application a, own(tx, member, id));
  GH_ASSIGN(int64_t changed,
            tx.exec("UPDATE subsidy_applications SET status = 'withdrawn', updated_at = ? "
                    "WHERE id = ? AND status IN ('submitted', 'returned')",
                    {now, a.id}));
  if (changed == 0) {
    return Error::conflict("wrong_state", "only a submitted or returned application is withdrawn");
  }
  GH_ASSIGN(a, internal::load(tx, id));
  GH_TRY(internal::record_event(tx, a, "withdrawn", Tier::kMember, "", "", member, now));
  return with_timeline(tx, std::move(a));
}

Result<std::vector<Application>> my_applications(store::Tx& tx, const Principal& member) {
  GH_ASSIGN(int64_t me, internal::member_id(member));
  GH_ASSIGN(std::vector<Application> found,
            internal::load_where(tx, "WHERE a.member_id = ? ORDER BY a.id DESC LIMIT 100", {me}));
  for (Application& a : found) {
    GH_ASSIGN(a.timeline, internal::timeline(tx, a.id));
  }
  return found;
}

Result<Application> my_application(store::Tx& tx, const Principal& member, int64_t id) {
  GH_ASSIGN(Application a, own(tx, member, id));
  return with_timeline(tx, std::move(a));
}

}  // namespace gonghui::subsidy
