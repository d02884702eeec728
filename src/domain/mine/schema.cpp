// The tables of 我的: favourites, feedback and the federation's hotline.
#include "domain/mine/mine.hpp"

namespace gonghui::mine {

std::vector<store::Migration> migrations() {
  return {{830, "member favourites",
           R"sql(CREATE TABLE member_favourites (
  member_id BIGINT NOT NULL, merchant_id BIGINT NOT NULL, created_at BIGINT NOT NULL,
  PRIMARY KEY (member_id, merchant_id));)sql",
           ""},
          {831, "feedback",
           R"sql(CREATE TABLE feedback (
  id BIGINT PRIMARY KEY, member_id BIGINT NOT NULL, org_id BIGINT NOT NULL REFERENCES orgs (id),
  body TEXT NOT NULL, photo_id BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open','answered')),
  answer TEXT NOT NULL, answered_by BIGINT NOT NULL, answered_by_name TEXT NOT NULL,
  answered_at BIGINT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX feedback_member ON feedback (member_id, id);
CREATE INDEX feedback_org ON feedback (org_id, id);)sql",
           ""},
          {832, "federation hotline",
           R"sql(CREATE TABLE hotlines (
  org_id BIGINT PRIMARY KEY REFERENCES orgs (id), number TEXT NOT NULL,
  updated_at BIGINT NOT NULL);)sql",
           ""}};
}

}  // namespace gonghui::mine
