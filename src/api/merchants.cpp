// 优惠购: applications, merchants, offers, products, photos and catalogue search.
#include <cmath>

#include "api/json_render.hpp"
#include "api/routes.hpp"
#include "api/support.hpp"
#include "app/app.hpp"
#include "core/id.hpp"
#include "core/json.hpp"
#include "core/mask.hpp"
#include "core/time.hpp"
#include "domain/merchant/catalogue.hpp"
#include "domain/merchant/merchant.hpp"
#include "domain/merchant/photo.hpp"

namespace gonghui::api {
namespace {

const http::Access kManagers =
    http::Access::of({Role::kMerchantStaff, Role::kOrgAdmin, Role::kPlatformAdmin});

boost::json::object render_fields(const merchant::MerchantFields& f) {
  return {{"name", f.name},
          {"category", f.category},
          {"address", f.address},
          {"lat", degrees(f.location.lat_e6)},
          {"lng", degrees(f.location.lng_e6)},
          {"contact_name", f.contact_name},
          {"phone", f.phone},
          {"licence_no", f.licence_no},
          {"description", f.description},
          {"opening_hours", f.opening_hours},
          {"external_url", f.external_url},
          {"platform", f.platform},
          {"photo_ids", ids_json(f.photo_ids)}};
}

boost::json::object render(const merchant::Merchant& m) {
  boost::json::object out = render_fields(m.fields);
  out["id"] = std::to_string(m.id);
  out["org_id"] = std::to_string(m.org_id);
  out["status"] = m.status(Timestamp::now().ms);
  out["contract_start"] = format_rfc3339(Timestamp{m.contract_start});
  out["contract_end"] = format_rfc3339(Timestamp{m.contract_end});
  out["updated_at"] = format_rfc3339(Timestamp{m.updated_at});
  return out;
}

boost::json::object render(const merchant::Application& a) {
  boost::json::object out = render_fields(a.fields);
  out["id"] = std::to_string(a.id);
  out["org_id"] = std::to_string(a.org_id);
  out["status"] = a.status;
  out["reason"] = a.reason;
  out["merchant_id"] = optional_id_json(a.merchant_id);
  out["created_at"] = format_rfc3339(Timestamp{a.created_at});
  return out;
}

boost::json::object render(const merchant::Offer& o) {
  return {{"id", std::to_string(o.id)},
          {"merchant_id", std::to_string(o.merchant_id)},
          {"title", o.title},
          {"kind", enum_name(o.kind)},
          {"pay_percent", o.pay_percent},
          {"off_fen", o.off_fen},
          {"member_price_fen", o.member_price_fen},
          {"list_price_fen", o.list_price_fen},
          {"gift", o.gift},
          {"terms", o.terms},
          {"valid_from", format_rfc3339(Timestamp{o.valid_from})},
          {"valid_to", format_rfc3339(Timestamp{o.valid_to})},
          {"status", o.withdrawn ? "withdrawn" : "active"}};
}

boost::json::object render(const merchant::Product& p) {
  boost::json::array months;
  for (int month : p.season_months) months.push_back(month);
  return {{"id", std::to_string(p.id)},
          {"merchant_id", std::to_string(p.merchant_id)},
          {"name", p.name},
          {"kind", p.kind},
          {"unit", p.unit},
          {"unit_price_fen", p.unit_price_fen},
          {"origin", p.origin},
          {"season_months", std::move(months)},
          {"status", p.withdrawn ? "withdrawn" : "active"}};
}

// A merchant with its offers and products; withdrawn ones too when `all` (for its managers).
Result<boost::json::object> render_with_catalogue(store::Tx& tx, const merchant::Merchant& m,
                                                  bool all) {
  boost::json::object out = render(m);
  GH_ASSIGN(auto offers, merchant::offers_of(tx, m.id, all));
  GH_ASSIGN(auto products, merchant::products_of(tx, m.id, all));
  out["offers"] = render_items(offers, [](const merchant::Offer& o) { return render(o); });
  out["products"] = render_items(products, [](const merchant::Product& p) { return render(p); });
  return out;
}

// Reads merchant fields; `base` supplies values for absent fields (edits), or nothing
// (applications, where every required field must be present).
Result<merchant::MerchantFields> read_fields(const boost::json::object& body,
                                             const merchant::MerchantFields* base) {
  merchant::MerchantFields f = base ? *base : merchant::MerchantFields{};
  GH_TRY(assign_optional_string(body, "name", f.name, 100));
  GH_TRY(assign_optional_string(body, "category", f.category, 30));
  GH_TRY(assign_optional_string(body, "address", f.address, 200));
  GH_TRY(assign_optional_string(body, "contact_name", f.contact_name, 50));
  GH_TRY(assign_optional_string(body, "phone", f.phone, 20));
  GH_TRY(assign_optional_string(body, "licence_no", f.licence_no, 30));
  GH_TRY(assign_optional_string(body, "description", f.description, 2000));
  GH_TRY(assign_optional_string(body, "opening_hours", f.opening_hours, 100));
  GH_TRY(assign_optional_string(body, "external_url", f.external_url, 300));
  GH_TRY(assign_optional_string(body, "platform", f.platform, 30));
  if (!base || body.contains("lat") || body.contains("lng")) {
    GH_ASSIGN(f.location.lat_e6, read_degrees(body, "lat", 90));
    GH_ASSIGN(f.location.lng_e6, read_degrees(body, "lng", 180));
  }
  if (!base || body.contains("photo_ids")) {
    GH_ASSIGN(f.photo_ids, optional_ids(body, "photo_ids"));
  }
  return f;
}

Result<merchant::Offer> read_offer(const boost::json::object& body, merchant::Offer o) {
  GH_TRY(assign_optional_string(body, "title", o.title, 100));
  if (const auto* kind = body.if_contains("kind"); kind || o.id == 0) {
    const auto parsed = kind && kind->is_string()
                            ? parse_enum<merchant::OfferKind>(std::string_view(kind->get_string()))
                            : std::nullopt;
    if (!parsed) {
      return Error::invalid("kind", "invalid_kind",
                            "kind must be percent_off, amount_off, member_price or gift");
    }
    o.kind = *parsed;
  }
  GH_TRY(assign_optional_string(body, "gift", o.gift, 200));
  GH_TRY(assign_optional_string(body, "terms", o.terms, 1000));
  GH_ASSIGN(auto pay, json::optional_integer(body, "pay_percent", 1, 99));
  GH_ASSIGN(auto off, json::optional_integer(body, "off_fen", 1, 100000000));
  GH_ASSIGN(auto price, json::optional_integer(body, "member_price_fen", 0, 100000000));
  GH_ASSIGN(auto list_price, json::optional_integer(body, "list_price_fen", 0, 100000000));
  GH_ASSIGN(auto withdrawn, json::optional_bool(body, "withdrawn", o.withdrawn));
  if (pay) o.pay_percent = *pay;
  if (off) o.off_fen = *off;
  if (price) o.member_price_fen = *price;
  if (list_price) o.list_price_fen = *list_price;
  o.withdrawn = withdrawn;
  if (body.contains("valid_from") || o.id == 0) {
    GH_ASSIGN(o.valid_from, required_time(body, "valid_from"));
  }
  if (body.contains("valid_to") || o.id == 0) {
    GH_ASSIGN(o.valid_to, required_time(body, "valid_to"));
  }
  return o;
}

Result<merchant::Product> read_product(const boost::json::object& body, merchant::Product p) {
  GH_TRY(assign_optional_string(body, "name", p.name, 100));
  GH_TRY(assign_optional_string(body, "kind", p.kind, 20));
  GH_TRY(assign_optional_string(body, "unit", p.unit, 10));
  GH_TRY(assign_optional_string(body, "origin", p.origin, 100));
  GH_ASSIGN(auto price, json::optional_integer(body, "unit_price_fen", 0, 100000000));
  if (price)
    p.unit_price_fen = *price;
  else if (p.id == 0)
    return Error::invalid("unit_price_fen", "required", "unit_price_fen is required");
  GH_ASSIGN(p.withdrawn, json::optional_bool(body, "withdrawn", p.withdrawn));
  if (const auto* months = body.if_contains("season_months"); months && !months->is_null()) {
    if (!months->is_array())
      return Error::invalid("season_months", "invalid_field",
                            "season_months must be a list of months");
    p.season_months.clear();
    for (const auto& m : months->get_array()) {
      if (!m.is_int64())
        return Error::invalid("season_months", "invalid_field", "months are whole numbers");
      p.season_months.push_back(static_cast<int>(m.get_int64()));
    }
  }
  return p;
}

Result<std::optional<merchant::Location>> read_near(const http::Request& request) {
  auto near = request.query_param("near");
  if (!near || near->empty()) return std::optional<merchant::Location>{};
  const size_t comma = near->find(',');
  try {
    if (comma == std::string_view::npos) throw std::invalid_argument("no comma");
    size_t used = 0;
    const std::string lat_text(near->substr(0, comma)), lng_text(near->substr(comma + 1));
    const double lat = std::stod(lat_text, &used);
    if (used != lat_text.size()) throw std::invalid_argument("lat");
    const double lng = std::stod(lng_text, &used);
    if (used != lng_text.size()) throw std::invalid_argument("lng");
    if (!(lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180)) throw std::out_of_range("range");
    return std::optional<merchant::Location>(
        merchant::Location{std::llround(lat * 1e6), std::llround(lng * 1e6)});
  } catch (const std::exception&) {
    return Error::invalid("near", "invalid_location", "near must be lat,lng in degrees");
  }
}

std::string photo_dir(const app::App& app) { return app.config.data_dir + "/photos"; }

// POST /api/v1/merchant-applications
http::Response apply_as_merchant(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(merchant::MerchantFields fields, read_fields(*body, nullptr));
  GH_ASSIGN_OR_RENDER(auto org_id, json::optional_id(*body, "org_id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(merchant::Application a, merchant::apply(tx, org_id.value_or(0), fields));
    return http::Response::json(201, render(a));
  });
}

// GET /api/v1/merchant-applications
http::Response list_applications(app::App& app, http::Request& request) {
  std::string status(request.query_param("status").value_or("pending"));
  if (status != "pending" && status != "approved" && status != "rejected") {
    return error(
        Error::invalid("status", "invalid_status", "status must be pending, approved or rejected"));
  }
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(auto list, merchant::list_applications(tx, caller(request), status));
    return render_page(list, 0, [](const merchant::Application& a) { return render(a); });
  });
}

// POST /api/v1/merchant-applications/{id}/approve
http::Response approve_application(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(int64_t start, required_time(*body, "contract_start"));
  GH_ASSIGN_OR_RENDER(int64_t end, required_time(*body, "contract_end"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(merchant::Merchant m, merchant::approve(tx, caller(request), id, start, end));
    return http::Response::json(201, render(m));
  });
}

// POST /api/v1/merchant-applications/{id}/reject
http::Response reject_application(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string reason, json::required_string(*body, "reason", 500));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(merchant::Application a, merchant::reject(tx, caller(request), id, reason));
    return http::Response::ok(render(a));
  });
}

// The cursor of a list read by offset (0 when absent); 400 naming it if it is not one of ours.
Result<int64_t> offset_cursor(const http::Request& request) {
  auto cursor = request.query_param("cursor");
  if (!cursor || cursor->empty()) return int64_t{0};
  auto offset = parse_id(*cursor);
  if (!offset) {
    return Error::invalid("cursor", "invalid_cursor", "cursor is not one this server made");
  }
  return *offset;
}

// The category a list is narrowed to ("" for all); 400 naming it if unknown.
Result<std::string> category_filter(const http::Request& request) {
  std::string category(request.query_param("category").value_or(""));
  if (!category.empty() && !merchant::valid_category(category)) {
    return Error::invalid("category", "invalid_category", "unknown category");
  }
  return category;
}

// GET /api/v1/merchants
http::Response list_merchants(app::App& app, http::Request& request) {
  merchant::Browse query;
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 20, 100));
  query.limit = page.limit;
  GH_ASSIGN_OR_RENDER(query.offset, offset_cursor(request));
  GH_ASSIGN_OR_RENDER(query.category, category_filter(request));
  GH_ASSIGN_OR_RENDER(query.near, read_near(request));
  const std::string q(request.query_param("q").value_or(""));
  if (!q.empty()) {
    GH_ASSIGN_OR_RENDER(auto hits, app.catalogue->search(q, 500));
    std::vector<int64_t> ids;
    for (const auto& hit : hits) {
      if (std::find(ids.begin(), ids.end(), hit.merchant_id) == ids.end())
        ids.push_back(hit.merchant_id);
    }
    if (ids.empty()) {
      return http::Response::ok(
          boost::json::object{{"items", boost::json::array{}}, {"next_cursor", nullptr}});
    }
    query.only_ids = std::move(ids);
  }
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(merchant::MerchantPage result, merchant::browse(tx, query));
    boost::json::object out = render_page(result.items, result.next_offset,
                                          [](const merchant::Merchant& m) { return render(m); });
    if (query.near) {
      boost::json::array& items = out["items"].as_array();
      for (size_t i = 0; i < items.size(); ++i) {
        items[i].as_object()["distance_m"] = result.distance_m[i];
      }
    }
    return out;
  });
}

// GET /api/v1/merchants/expiring
http::Response list_expiring_merchants(app::App& app, http::Request& request) {
  int64_t days = 30;
  if (auto text = request.query_param("days"); text && !text->empty()) {
    auto n = parse_id(*text);
    if (!n || *n > 366)
      return error(Error::invalid("days", "out_of_range", "days must be 1 to 366"));
    days = *n;
  }
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(auto list, merchant::expiring(tx, caller(request), days));
    return render_page(list, 0, [](const merchant::Merchant& m) { return render(m); });
  });
}

// GET /api/v1/merchants/managed
http::Response list_managed_merchants(app::App& app, http::Request& request) {
  merchant::SignedFilter filter;
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 20, 100));
  filter.limit = page.limit;
  GH_ASSIGN_OR_RENDER(filter.offset, offset_cursor(request));
  filter.status = std::string(request.query_param("status").value_or(""));
  if (!filter.status.empty() && !merchant::valid_signed_status(filter.status)) {
    return error(Error::invalid("status", "invalid_status",
                                "status must be signed, expiring, suspended or expired"));
  }
  GH_ASSIGN_OR_RENDER(filter.category, category_filter(request));
  filter.q = std::string(request.query_param("q").value_or(""));
  if (json::count_code_points(filter.q) > 50)
    return error(Error::invalid("q", "too_long", "q may have at most 50 characters"));
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(merchant::SignedPage result, merchant::list_signed(tx, caller(request), filter));
    boost::json::object out = render_page(result.items, result.next_offset,
                                          [](const merchant::Merchant& m) { return render(m); });
    const merchant::StatusCounts& c = result.counts;
    out["counts"] = {{"all", c.all},
                     {"signed", c.signed_},
                     {"expiring", c.expiring},
                     {"suspended", c.suspended},
                     {"expired", c.expired}};
    return out;
  });
}

// GET /api/v1/merchants/{id}
http::Response get_merchant(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(merchant::Merchant m, merchant::get(tx, id));
    // Members see signed merchants; managers see theirs in any state.
    const bool manager = merchant::require_manager(tx, caller(request), m).ok();
    if (!manager && m.status(Timestamp::now().ms) != "signed") return Error::not_found("merchant");
    return render_with_catalogue(tx, m, manager);
  });
}

// PATCH /api/v1/merchants/{id}
http::Response update_merchant(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(merchant::Merchant current, merchant::get(tx, id));
    GH_TRY(merchant::require_manager(tx, caller(request), current));
    GH_ASSIGN(merchant::MerchantFields fields, read_fields(*body, &current.fields));
    GH_ASSIGN(merchant::Merchant m, merchant::update(tx, caller(request), id, fields));
    return http::Response::ok(render(m));
  });
}

// Suspends a merchant (it leaves the catalogue) or takes it back.
// POST /api/v1/merchants/{id}/suspend, POST /api/v1/merchants/{id}/reinstate
http::Response set_merchant_suspended(app::App& app, http::Request& request, bool suspended) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(merchant::Merchant m, merchant::set_suspended(tx, caller(request), id, suspended));
    return http::Response::ok(render(m));
  });
}

// POST /api/v1/merchants/{id}/renew
http::Response renew_merchant(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(int64_t end, required_time(*body, "contract_end"));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(merchant::Merchant m, merchant::renew(tx, caller(request), id, end));
    return http::Response::ok(render(m));
  });
}

// POST /api/v1/merchants/{id}/staff: an invitation, whose link is shown this once.
http::Response add_merchant_staff(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  GH_ASSIGN_OR_RENDER(std::string phone, json::required_string(*body, "phone", 20));
  GH_ASSIGN_OR_RENDER(auto name, json::optional_string(*body, "name", 50));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(access::Issued issued,
              merchant::add_staff(tx, caller(request), id, phone, name.value_or("")));
    return http::Response::json(
        201, boost::json::object{
                 {"merchant_id", std::to_string(id)},
                 {"invitation",
                  {{"id", std::to_string(issued.invitation.id)},
                   {"link", issued.link},
                   {"role", enum_name(issued.invitation.role)},
                   {"phone", mask_phone(phone)},
                   {"name", issued.invitation.name},
                   {"expires_at", format_rfc3339(Timestamp{issued.invitation.expires_at})}}}});
  });
}

// What an offer and a product of a merchant's catalogue are read, loaded and saved with.
template <class Item>
struct CatalogueItem {
  Result<Item> (*read)(const boost::json::object& body, Item base);
  Result<Item> (*get)(store::Tx& tx, int64_t id);
  Result<Item> (*save)(store::Tx& tx, const Principal& principal, Item item);
};
const CatalogueItem<merchant::Offer> kOffer{read_offer, merchant::get_offer, merchant::save_offer};
const CatalogueItem<merchant::Product> kProduct{read_product, merchant::get_product,
                                                merchant::save_product};

// A new item of merchant {id}: the body read over a blank item (201).
// POST /api/v1/merchants/{id}/offers, POST /api/v1/merchants/{id}/products
template <class Item>
http::Response create_item(app::App& app, http::Request& request, CatalogueItem<Item> kind) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  Item blank;
  blank.merchant_id = id;
  GH_ASSIGN_OR_RENDER(Item item, kind.read(*body, blank));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(Item saved, kind.save(tx, caller(request), item));
    return http::Response::json(201, render(saved));
  });
}

// An edit of item {id}: the body read over the stored item.
// PATCH /api/v1/offers/{id}, PATCH /api/v1/products/{id}
template <class Item>
http::Response update_item(app::App& app, http::Request& request, CatalogueItem<Item> kind) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(const boost::json::object* body, body_object(request));
  return idempotent_write(app, request, [&](store::Tx& tx) -> Result<http::Response> {
    GH_ASSIGN(Item current, kind.get(tx, id));
    GH_ASSIGN(Item item, kind.read(*body, current));
    GH_ASSIGN(Item saved, kind.save(tx, caller(request), item));
    return http::Response::ok(render(saved));
  });
}

// GET /api/v1/me/merchant
http::Response get_own_merchant(app::App& app, http::Request& request) {
  const RoleGrant* grant = caller(request).grant(Role::kMerchantStaff);
  return read_json(app, [&](store::Tx& tx) -> Result<boost::json::object> {
    GH_ASSIGN(merchant::Merchant m, merchant::get(tx, grant->merchant_id));
    return render_with_catalogue(tx, m, true);
  });
}

// GET /api/v1/search
http::Response search_catalogue(app::App& app, http::Request& request) {
  const std::string q(request.query_param("q").value_or(""));
  if (json::count_code_points(q) > 50)
    return error(Error::invalid("q", "too_long", "q may have at most 50 characters"));
  std::string kind(request.query_param("kind").value_or(""));
  if (!kind.empty() && kind != "merchant" && kind != "offer" && kind != "product") {
    return error(Error::invalid("kind", "invalid_kind", "kind must be merchant, offer or product"));
  }
  GH_ASSIGN_OR_RENDER(Paging page, paging(request, 20, 100));
  GH_ASSIGN_OR_RENDER(auto hits, app.catalogue->search(q, static_cast<size_t>(page.limit), kind));
  boost::json::array items;
  for (const auto& hit : hits) {
    items.push_back({{"kind", hit.kind},
                     {"id", std::to_string(hit.id)},
                     {"merchant_id", std::to_string(hit.merchant_id)},
                     {"name", hit.name},
                     {"score", hit.score}});
  }
  return http::Response::ok(boost::json::object{{"items", std::move(items)}});
}

// POST /api/v1/photos
http::Response upload_photo(app::App& app, http::Request& request) {
  const int64_t uploader = request.principal ? request.principal->account_id : 0;
  // Besides the router's limit per address for uploads without sign-in: per account and
  // in total per day, so that neither accounts nor addresses can fill the disk.
  constexpr int64_t kDayMs = 24LL * 3600 * 1000;
  if (uploader != 0) {
    const auth::Limit per_account{"upload",
                                  static_cast<int>(app.config.uploads_per_account_per_day), kDayMs};
    if (auto limited = take_limit(app, per_account, std::to_string(uploader))) {
      return std::move(*limited);
    }
  }
  const auth::Limit in_total{"upload", static_cast<int>(app.config.uploads_per_day), kDayMs};
  if (auto limited = take_limit(app, in_total, "all")) {
    return std::move(*limited);
  }
  GH_ASSIGN_OR_RENDER(merchant::Photo photo,
                      merchant::save_photo(*app.db, photo_dir(app), request.body, uploader));
  return http::Response::json(201, boost::json::object{{"id", std::to_string(photo.id)},
                                                       {"content_type", photo.content_type},
                                                       {"width", photo.width},
                                                       {"height", photo.height},
                                                       {"bytes", photo.bytes}});
}

// GET /api/v1/photos/{id}
http::Response get_photo(app::App& app, http::Request& request) {
  GH_ASSIGN_OR_RENDER(int64_t id, path_id(request, "id"));
  GH_ASSIGN_OR_RENDER(auto loaded, merchant::load_photo(*app.db, photo_dir(app), id));
  http::Response response;
  response.content_type = loaded.first.content_type;
  response.body = std::move(loaded.second);
  // A photo never changes under its id.
  response.set_header("Cache-Control", "public, max-age=31536000, immutable");
  response.set_header("ETag", "\"" + loaded.first.sha256 + "\"");
  response.set_header("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace

void register_merchants(http::Router& router, app::App& app) {
  router.add("POST", "/api/v1/merchant-applications", http::Access::public_route(),
             handle(app, apply_as_merchant));

  router.add("GET", "/api/v1/merchant-applications", kAdmins, handle(app, list_applications));

  router.add("POST", "/api/v1/merchant-applications/{id}/approve", kAdmins,
             handle(app, approve_application));

  router.add("POST", "/api/v1/merchant-applications/{id}/reject", kAdmins,
             handle(app, reject_application));

  router.add("GET", "/api/v1/merchants", http::Access::signed_in(), handle(app, list_merchants));

  router.add("GET", "/api/v1/merchants/expiring", kAdmins, handle(app, list_expiring_merchants));

  router.add("GET", "/api/v1/merchants/managed", kAdmins, handle(app, list_managed_merchants));

  router.add("GET", "/api/v1/merchants/{id}", http::Access::signed_in(), handle(app, get_merchant));

  router.add("PATCH", "/api/v1/merchants/{id}", kManagers, handle(app, update_merchant));

  router.add("POST", "/api/v1/merchants/{id}/suspend", kAdmins,
             handle(app, set_merchant_suspended, true));

  router.add("POST", "/api/v1/merchants/{id}/reinstate", kAdmins,
             handle(app, set_merchant_suspended, false));

  router.add("POST", "/api/v1/merchants/{id}/renew", kAdmins, handle(app, renew_merchant));

  router.add("POST", "/api/v1/merchants/{id}/staff", kAdmins, handle(app, add_merchant_staff));

  router.add("POST", "/api/v1/merchants/{id}/offers", kManagers, handle(app, create_item, kOffer));

  router.add("PATCH", "/api/v1/offers/{id}", kManagers, handle(app, update_item, kOffer));

  router.add("POST", "/api/v1/merchants/{id}/products", kManagers,
             handle(app, create_item, kProduct));

  router.add("PATCH", "/api/v1/products/{id}", kManagers, handle(app, update_item, kProduct));

  router.add("GET", "/api/v1/me/merchant", http::Access::of({Role::kMerchantStaff}),
             handle(app, get_own_merchant));

  router.add("GET", "/api/v1/search", http::Access::signed_in(), handle(app, search_catalogue));

  router.add("POST", "/api/v1/photos", http::Access::public_route(), handle(app, upload_photo),
             http::Body::kRaw);

  router.add("GET", "/api/v1/photos/{id}", http::Access::public_route(), handle(app, get_photo));
}

}  // namespace gonghui::api
