// What chunked jobs share: checking how a job is asked for, its fingerprint and key, and
// recording its recipients.
#include "domain/chunked/chunked.hpp"

#include <algorithm>

#include "core/crypto.hpp"

namespace gonghui::chunked {

Status require_key(std::string_view key, std::string_view noun) {
  if (key.empty() || key.size() > 200) {
    return Error::invalid(
        "Idempotency-Key", "idempotency_key_required",
        "a " + std::string(noun) + " needs an Idempotency-Key of 1 to 200 characters");
  }
  return Status::Ok();
}

Status require_one_target(int64_t org_id, const std::vector<int64_t>& member_ids,
                          size_t max_members, std::string_view noun, std::string_view verb) {
  if ((org_id != 0) == !member_ids.empty()) {
    return Error::invalid("org_id", "one_target_required",
                          "give either org_id (a whole union) or member_ids (a list)");
  }
  if (member_ids.size() > max_members) {
    return Error::invalid("member_ids", "too_many",
                          "at most " + std::to_string(max_members) + " members per " +
                              std::string(noun) + "; " + std::string(verb) + " to a union instead");
  }
  return Status::Ok();
}

Result<org::Org> named_union(Result<org::Org> found, std::string_view field) {
  if (!found.ok() && found.error().kind == ErrorKind::kNotFound) {
    return Error::invalid(std::string(field), "unknown_org", "no union has that id");
  }
  return found;
}

std::vector<int64_t> distinct(std::vector<int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::string fingerprint(std::string_view head, const std::vector<int64_t>& ids) {
  std::string canonical(head);
  for (int64_t id : ids) {
    canonical += std::to_string(id) + ",";
  }
  return crypto::sha256_hex(canonical);
}

Result<bool> record_recipients(store::Tx& tx, std::string_view table, int64_t id,
                               int64_t recipients, int64_t target_org_id, int64_t created_at) {
  const bool done = recipients == 0;
  GH_TRY(tx.exec("UPDATE " + std::string(table) +
                     " SET recipients = ?, target_org_id = ?, status = ?, finished_at = ? "
                     "WHERE id = ?",
                 {recipients, target_org_id, std::string(done ? "done" : "running"),
                  done ? created_at : int64_t{0}, id}));
  return done;
}

Result<std::optional<store::Row>> keyed_row(store::Tx& tx, std::string_view noun,
                                            std::string_view select, size_t fingerprint_column,
                                            int64_t created_by, std::string_view key,
                                            std::string_view fingerprint) {
  GH_ASSIGN(store::Rows rows,
            tx.query(std::string(select) + " WHERE created_by = ? AND idempotency_key = ?",
                     {created_by, std::string(key)}));
  if (rows.empty()) {
    return std::optional<store::Row>();
  }
  if (rows[0].text(fingerprint_column) != fingerprint) {
    return Error::conflict("idempotency_conflict",
                           "this Idempotency-Key was used for a different " + std::string(noun),
                           "Idempotency-Key");
  }
  return std::optional<store::Row>(std::move(rows[0]));
}

bool is_busy(const Error& error, std::string_view noun) {
  return error.kind == ErrorKind::kUnavailable && error.code.size() == noun.size() + 5 &&
         error.code.starts_with(noun) && error.code.ends_with("_busy");
}

Error busy(std::string_view noun) {
  const std::string name(noun);
  return Error{
      ErrorKind::kUnavailable, name + "_busy", "another worker is running this " + name, {}};
}

}  // namespace gonghui::chunked
