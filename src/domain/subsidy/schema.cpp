// The tables of 求学圆梦.
#include "domain/subsidy/subsidy.hpp"

namespace gonghui::subsidy {

std::vector<store::Migration> migrations() {
  // Rounds with their windows, levels and quotas. A quota's `used` counts the places the
  // district's approvals hold; the CHECK backs the conditional UPDATE that takes a place.
  constexpr std::string_view rounds = R"sql(CREATE TABLE subsidy_rounds (
  id BIGINT PRIMARY KEY, year INTEGER NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','open','approved')),
  frontline_only INTEGER NOT NULL, min_membership_months INTEGER NOT NULL,
  created_by BIGINT NOT NULL, created_by_name TEXT NOT NULL, created_at BIGINT NOT NULL,
  opened_at BIGINT NOT NULL, approved_by_name TEXT NOT NULL, approved_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL);
CREATE TABLE subsidy_windows (
  round_id BIGINT NOT NULL REFERENCES subsidy_rounds (id), opens_at BIGINT NOT NULL,
  closes_at BIGINT NOT NULL, PRIMARY KEY (round_id, opens_at));
CREATE TABLE subsidy_levels (
  round_id BIGINT NOT NULL REFERENCES subsidy_rounds (id), level TEXT NOT NULL,
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0), PRIMARY KEY (round_id, level));
CREATE TABLE subsidy_quotas (
  round_id BIGINT NOT NULL REFERENCES subsidy_rounds (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id), quota BIGINT NOT NULL, used BIGINT NOT NULL,
  CHECK (used >= 0 AND used <= quota), PRIMARY KEY (round_id, org_id));)sql";
  // Applications, their timeline and their payment. A member holds a level with every
  // application that is not withdrawn (the partial unique index), so a level is applied for
  // and paid once per member across rounds; a payout's application is its key, so it is paid
  // once. Bank details are sealed (domain/sealing), never stored in clear.
  constexpr std::string_view applications = R"sql(CREATE TABLE subsidy_applications (
  id BIGINT PRIMARY KEY, round_id BIGINT NOT NULL REFERENCES subsidy_rounds (id),
  member_id BIGINT NOT NULL REFERENCES members (id), org_id BIGINT NOT NULL REFERENCES orgs (id),
  district_id BIGINT NOT NULL REFERENCES orgs (id), level TEXT NOT NULL,
  amount_fen BIGINT NOT NULL, school TEXT NOT NULL, major TEXT NOT NULL,
  document_id BIGINT NOT NULL REFERENCES documents (id), bank_sealed TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('submitted','base_approved','district_approved',
    'approved','paid','returned','withdrawn')),
  returned_by TEXT NOT NULL, return_reason TEXT NOT NULL, approved_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE UNIQUE INDEX subsidy_applications_once ON subsidy_applications (member_id, level)
  WHERE status <> 'withdrawn';
CREATE INDEX subsidy_applications_round ON subsidy_applications (round_id, status, id);
CREATE INDEX subsidy_applications_org ON subsidy_applications (org_id, id);
CREATE TABLE subsidy_events (
  id BIGINT PRIMARY KEY,
  application_id BIGINT NOT NULL REFERENCES subsidy_applications (id), at BIGINT NOT NULL,
  action TEXT NOT NULL, tier TEXT NOT NULL, org_name TEXT NOT NULL, note TEXT NOT NULL,
  actor_id BIGINT NOT NULL, actor_name TEXT NOT NULL);
CREATE INDEX subsidy_events_application ON subsidy_events (application_id, id);
CREATE TABLE subsidy_payouts (
  id BIGINT PRIMARY KEY,
  application_id BIGINT NOT NULL UNIQUE REFERENCES subsidy_applications (id),
  round_id BIGINT NOT NULL, member_id BIGINT NOT NULL, org_id BIGINT NOT NULL REFERENCES orgs (id),
  level TEXT NOT NULL, amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  paid_on BIGINT NOT NULL, transfer_ref TEXT NOT NULL, recorded_by BIGINT NOT NULL,
  recorded_by_name TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX subsidy_payouts_paid_on ON subsidy_payouts (paid_on);)sql";
  return {{1102, "subsidy rounds", std::string(rounds), ""},
          {1103, "subsidy applications", std::string(applications), ""}};
}

}  // namespace gonghui::subsidy
