// A prize's merchant, catalogue product and produce: what it hands out and where it comes from.
#include "core/json.hpp"
#include "domain/campaign/internal.hpp"
#include "domain/campaign/statements.hpp"
#include "domain/merchant/merchant.hpp"
#include "domain/purchase/purchase.hpp"

namespace gonghui::campaign::internal {
namespace {

constexpr size_t kMaxProduceName = 40;
constexpr size_t kMaxSupplierName = 100;

std::string field_of(size_t index, std::string_view field) {
  return "prizes[" + std::to_string(index) + "]." + std::string(field);
}

// The catalogue product a prize names: it must exist and be the prize's merchant's.
Status take_product(store::Tx& tx, Prize& p, size_t index) {
  const std::string field = field_of(index, "product_id");
  GH_ASSIGN(store::Rows rows, tx.query(sql::kProductOfPrize, {p.product_id}));
  if (rows.empty()) {
    return Error::invalid(field, "unknown_product", "no product has that id");
  }
  if (p.merchant_id == 0 || rows[0].integer(0) != p.merchant_id) {
    return Error::invalid(field, "product_not_of_merchant",
                          "the product must be in the catalogue of the prize's merchant");
  }
  p.produce_name = rows[0].text(1);
  p.produce_kind = rows[0].text(2);
  return Status::Ok();
}

}  // namespace

Status complete_prizes(store::Tx& tx, std::vector<Prize>& prizes, const org::Org& organiser,
                       int64_t now) {
  for (size_t i = 0; i < prizes.size(); ++i) {
    Prize& p = prizes[i];
    if (p.merchant_id != 0) {
      GH_ASSIGN(merchant::Merchant m,
                merchant::require_available_to(tx, p.merchant_id, organiser, now, "prizes"));
      p.supplier_name = m.fields.name;
    }
    if (json::count_code_points(p.supplier_name) > kMaxSupplierName) {
      return Error::invalid(field_of(i, "supplier_name"), "too_long",
                            "supplier_name must be at most 100 characters");
    }
    if (p.product_id != 0) {
      GH_TRY(take_product(tx, p, i));
      continue;
    }
    if (!p.produce_kind.empty() && !purchase::valid_kind(p.produce_kind)) {
      return Error::invalid(field_of(i, "produce_kind"), "invalid_kind",
                            "produce_kind must be one of fruit, vegetable, grain, meat_egg, "
                            "aquatic, tea, other");
    }
    if (json::count_code_points(p.produce_name) > kMaxProduceName) {
      return Error::invalid(field_of(i, "produce_name"), "too_long",
                            "produce_name must be at most 40 characters");
    }
  }
  return Status::Ok();
}

}  // namespace gonghui::campaign::internal
