// The tables of 帮促清单.
#include "domain/helplist/helplist.hpp"

namespace gonghui::helplist {

std::vector<store::Migration> migrations() {
  // Pairings, their visits, households (sealed: only their id and pairing are in clear), needs
  // with the households they serve, and each need's timeline.
  constexpr std::string_view pairings = R"sql(CREATE TABLE helplist_pairings (
  id BIGINT PRIMARY KEY, org_id BIGINT NOT NULL REFERENCES orgs (id), village TEXT NOT NULL,
  region TEXT NOT NULL, description TEXT NOT NULL, fund_fen BIGINT NOT NULL,
  started_on BIGINT NOT NULL, secretary_name TEXT NOT NULL, secretary_org TEXT NOT NULL,
  secretary_phone TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('active','ended')),
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX helplist_pairings_org ON helplist_pairings (org_id);
CREATE TABLE helplist_visits (
  id BIGINT PRIMARY KEY, pairing_id BIGINT NOT NULL REFERENCES helplist_pairings (id),
  visited_on BIGINT NOT NULL, visitors TEXT NOT NULL, households_visited BIGINT NOT NULL,
  notes TEXT NOT NULL, created_by_name TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX helplist_visits_pairing ON helplist_visits (pairing_id, visited_on);
CREATE TABLE helplist_households (
  id BIGINT PRIMARY KEY, pairing_id BIGINT NOT NULL REFERENCES helplist_pairings (id),
  sealed TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX helplist_households_pairing ON helplist_households (pairing_id, id);
CREATE TABLE helplist_needs (
  id BIGINT PRIMARY KEY, pairing_id BIGINT NOT NULL REFERENCES helplist_pairings (id),
  category TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL,
  target_quantity BIGINT NOT NULL, unit TEXT NOT NULL, delivered_quantity BIGINT NOT NULL,
  budget_fen BIGINT NOT NULL, deadline BIGINT NOT NULL, responsible TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open','in_progress','done','accepted')),
  completed_by BIGINT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
  CHECK (delivered_quantity >= 0 AND delivered_quantity <= target_quantity));
CREATE INDEX helplist_needs_pairing ON helplist_needs (pairing_id, id);
CREATE TABLE helplist_need_households (
  need_id BIGINT NOT NULL REFERENCES helplist_needs (id),
  household_id BIGINT NOT NULL REFERENCES helplist_households (id),
  PRIMARY KEY (need_id, household_id));
CREATE TABLE helplist_progress (
  id BIGINT PRIMARY KEY, need_id BIGINT NOT NULL REFERENCES helplist_needs (id),
  at BIGINT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, photo_ids TEXT NOT NULL,
  delivered_quantity BIGINT NOT NULL, actor_name TEXT NOT NULL);
CREATE INDEX helplist_progress_need ON helplist_progress (need_id, id);
CREATE TABLE helplist_outcomes (
  id BIGINT PRIMARY KEY, pairing_id BIGINT NOT NULL REFERENCES helplist_pairings (id),
  need_id BIGINT NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL,
  income_fen_per_year BIGINT NOT NULL, quantity BIGINT NOT NULL, unit TEXT NOT NULL,
  evidence TEXT NOT NULL, photo_ids TEXT NOT NULL, recorded_on BIGINT NOT NULL,
  by_whom TEXT NOT NULL, created_by_name TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX helplist_outcomes_pairing ON helplist_outcomes (pairing_id, id);)sql";
  // How needs are met: purchases (each linked to one need at most), fund payments and donations
  // in kind; volunteer tasks whose places are counted on the task row (CHECK taken <= slots).
  constexpr std::string_view means = R"sql(CREATE TABLE helplist_fulfilments (
  id BIGINT PRIMARY KEY, need_id BIGINT NOT NULL REFERENCES helplist_needs (id),
  kind TEXT NOT NULL CHECK (kind IN ('purchase','fund','in_kind')),
  purchase_id BIGINT NOT NULL, amount_fen BIGINT NOT NULL, description TEXT NOT NULL,
  donor TEXT NOT NULL, recorded_on BIGINT NOT NULL, created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL);
CREATE INDEX helplist_fulfilments_need ON helplist_fulfilments (need_id);
CREATE UNIQUE INDEX helplist_fulfilments_purchase ON helplist_fulfilments (purchase_id)
  WHERE purchase_id <> 0;
CREATE TABLE helplist_tasks (
  id BIGINT PRIMARY KEY, need_id BIGINT NOT NULL REFERENCES helplist_needs (id),
  title TEXT NOT NULL, place TEXT NOT NULL, starts_at BIGINT NOT NULL, slots BIGINT NOT NULL,
  taken BIGINT NOT NULL, created_by_name TEXT NOT NULL, created_at BIGINT NOT NULL,
  CHECK (taken >= 0 AND taken <= slots));
CREATE INDEX helplist_tasks_need ON helplist_tasks (need_id);
CREATE INDEX helplist_tasks_starts ON helplist_tasks (starts_at);
CREATE TABLE helplist_volunteers (
  task_id BIGINT NOT NULL REFERENCES helplist_tasks (id),
  member_id BIGINT NOT NULL REFERENCES members (id), signed_up_at BIGINT NOT NULL,
  minutes BIGINT NOT NULL, PRIMARY KEY (task_id, member_id));)sql";
  return {{1310, "help list pairings and needs", std::string(pairings), ""},
          {1311, "help list fulfilments and volunteers", std::string(means), ""}};
}

}  // namespace gonghui::helplist
