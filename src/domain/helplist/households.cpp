// Households in need: sealed at rest, opened only for the pairing's admins.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/id.hpp"
#include "core/json.hpp"
#include "domain/audit/audit.hpp"
#include "domain/auth/auth.hpp"
#include "domain/helplist/internal.hpp"
#include "domain/sealing/sealing.hpp"

namespace gonghui::helplist {
namespace {

namespace bj = boost::json;

std::string context_of(int64_t id) { return "helplist_household:" + id_string(id); }

bool valid_id_number(std::string_view text) {
  if (text.size() != 18) return false;
  for (size_t i = 0; i < 17; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return (text[17] >= '0' && text[17] <= '9') || text[17] == 'X' || text[17] == 'x';
}

Result<HouseholdInput> checked(HouseholdInput in) {
  GH_ASSIGN(in.name, json::checked_text(in.name, "name", 30));
  GH_ASSIGN(in.address, json::checked_text(in.address, "address", 120));
  GH_ASSIGN(in.situation, json::checked_text(in.situation, "situation", 500, false));
  if (!in.id_number.empty() && !valid_id_number(in.id_number)) {
    return Error::invalid("id_number", "invalid_id_number", "18 characters, the last a digit or X");
  }
  if (!in.id_number.empty() && in.id_number.back() == 'x') in.id_number.back() = 'X';
  if (!in.phone.empty() && !auth::valid_phone(in.phone)) {
    return Error::invalid("phone", "invalid_phone", "not a mainland mobile number");
  }
  return in;
}

Result<HouseholdInput> open_household(const sealing::Sealer& sealer, int64_t id,
                                      const std::string& sealed) {
  GH_ASSIGN(std::string text, sealer.unseal(sealed, context_of(id)));
  auto value = json::parse(text);
  if (!value.ok() || !value->is_object()) return Error::internal("sealed household is damaged");
  const bj::object& o = value->get_object();
  auto field = [&](std::string_view name) {
    auto it = o.find(name);
    return it != o.end() && it->value().is_string() ? std::string(it->value().get_string())
                                                    : std::string();
  };
  return HouseholdInput{field("name"), field("id_number"), field("phone"), field("address"),
                        field("situation")};
}

Result<std::vector<int64_t>> need_ids_of(store::Tx& tx, int64_t household_id) {
  GH_ASSIGN(store::Rows rows, tx.query("SELECT need_id FROM helplist_need_households WHERE "
                                       "household_id = ? ORDER BY need_id",
                                       {household_id}));
  std::vector<int64_t> out;
  for (const store::Row& n : rows) out.push_back(n.integer(0));
  return out;
}

}  // namespace

Result<Household> add_household(store::Tx& tx, const Principal& admin, int64_t pairing_id,
                                const HouseholdInput& input, int64_t now) {
  GH_ASSIGN(Pairing p, internal::pairing_for_admin(tx, admin, pairing_id));
  GH_ASSIGN(HouseholdInput in, checked(input));
  GH_ASSIGN(sealing::Sealer sealer, sealing::sealer(tx));
  const int64_t id = new_id();
  const std::string plain = bj::serialize(bj::object{{"name", in.name},
                                                     {"id_number", in.id_number},
                                                     {"phone", in.phone},
                                                     {"address", in.address},
                                                     {"situation", in.situation}});
  GH_TRY(
      tx.exec("INSERT INTO helplist_households (id, pairing_id, sealed, created_at) VALUES "
              "(?, ?, ?, ?)",
              {id, pairing_id, sealer.seal(plain, context_of(id)), now}));
  // The log names the household by id only: personal data stays sealed.
  GH_TRY(audit::record(tx, admin, "pairing.household_add", "pairing", id_string(pairing_id),
                       p.org_id, nullptr, bj::object{{"household_id", id_string(id)}}));
  return Household{id, std::move(in), {}};
}

Result<Household> update_household(store::Tx& tx, const Principal& admin, int64_t pairing_id,
                                   int64_t household_id, const HouseholdUpdate& update) {
  GH_ASSIGN(Pairing p, internal::pairing_for_admin(tx, admin, pairing_id));
  GH_ASSIGN(store::Rows found, tx.query("SELECT sealed FROM helplist_households WHERE id = ? AND "
                                        "pairing_id = ?",
                                        {household_id, pairing_id}));
  if (found.empty()) return Error::not_found("household");
  GH_ASSIGN(sealing::Sealer sealer, sealing::sealer(tx));
  // The console shows the ID number and phone masked, so it leaves them out to keep them.
  HouseholdInput wanted = update.data;
  if (update.keep_id_number || update.keep_phone) {
    GH_ASSIGN(HouseholdInput old, open_household(sealer, household_id, found[0].text(0)));
    if (update.keep_id_number) wanted.id_number = old.id_number;
    if (update.keep_phone) wanted.phone = old.phone;
  }
  GH_ASSIGN(HouseholdInput in, checked(std::move(wanted)));
  const std::string plain = bj::serialize(bj::object{{"name", in.name},
                                                     {"id_number", in.id_number},
                                                     {"phone", in.phone},
                                                     {"address", in.address},
                                                     {"situation", in.situation}});
  GH_TRY(tx.exec("UPDATE helplist_households SET sealed = ? WHERE id = ?",
                 {sealer.seal(plain, context_of(household_id)), household_id}));
  GH_TRY(audit::record(tx, admin, "pairing.household_update", "pairing", id_string(pairing_id),
                       p.org_id, nullptr, bj::object{{"household_id", id_string(household_id)}}));
  Household h{household_id, std::move(in), {}};
  GH_ASSIGN(h.need_ids, need_ids_of(tx, household_id));
  return h;
}

Status remove_household(store::Tx& tx, const Principal& admin, int64_t pairing_id,
                        int64_t household_id) {
  GH_ASSIGN(Pairing p, internal::pairing_for_admin(tx, admin, pairing_id));
  GH_ASSIGN(store::Rows found, tx.query("SELECT 1 FROM helplist_households WHERE id = ? AND "
                                        "pairing_id = ?",
                                        {household_id, pairing_id}));
  if (found.empty()) return Error::not_found("household");
  GH_ASSIGN(std::vector<int64_t> needs, need_ids_of(tx, household_id));
  if (!needs.empty()) {
    return Error::conflict("household_linked", "a need serves the household: take it off first");
  }
  GH_TRY(tx.exec("DELETE FROM helplist_households WHERE id = ?", {household_id}));
  GH_TRY(audit::record(tx, admin, "pairing.household_remove", "pairing", id_string(pairing_id),
                       p.org_id, nullptr, bj::object{{"household_id", id_string(household_id)}}));
  return Status::Ok();
}

Result<std::vector<Household>> list_households(store::Tx& tx, const Principal& admin,
                                               int64_t pairing_id) {
  GH_ASSIGN(Pairing p, internal::pairing_for_admin(tx, admin, pairing_id));
  GH_ASSIGN(store::Rows rows, tx.query("SELECT id, sealed FROM helplist_households WHERE "
                                       "pairing_id = ? ORDER BY id",
                                       {pairing_id}));
  GH_ASSIGN(sealing::Sealer sealer, sealing::sealer(tx));
  std::vector<Household> out;
  for (const store::Row& row : rows) {
    Household h;
    h.id = row.integer(0);
    GH_ASSIGN(h.data, open_household(sealer, h.id, row.text(1)));
    GH_ASSIGN(h.need_ids, need_ids_of(tx, h.id));
    out.push_back(std::move(h));
  }
  GH_TRY(audit::record(tx, admin, "pairing.households_read", "pairing", id_string(pairing_id),
                       p.org_id, nullptr,
                       bj::object{{"households", static_cast<int64_t>(out.size())}}));
  return out;
}

}  // namespace gonghui::helplist
