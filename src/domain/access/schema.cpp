// The invitations table: one-time links, kept only as the hash of their token.
#include "domain/access/access.hpp"

namespace gonghui::access {

std::vector<store::Migration> migrations() {
  return {{121, "invitations",
           R"sql(CREATE TABLE invitations (
  id BIGINT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, purpose TEXT NOT NULL,
  phone TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
  org_id BIGINT NOT NULL DEFAULT 0, merchant_id BIGINT NOT NULL DEFAULT 0,
  member_id BIGINT NOT NULL DEFAULT 0, created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
  used_at BIGINT NOT NULL DEFAULT 0, used_by BIGINT NOT NULL DEFAULT 0,
  revoked_at BIGINT NOT NULL DEFAULT 0);
CREATE INDEX invitations_org ON invitations (org_id, role);
CREATE INDEX invitations_member ON invitations (member_id);
CREATE INDEX invitations_phone ON invitations (phone);)sql",
           ""}};
}

}  // namespace gonghui::access
