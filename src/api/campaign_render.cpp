// The JSON of campaigns, entries, distributions and vouchers.
#include "api/campaign_render.hpp"

#include "api/json_render.hpp"

#include "core/id.hpp"
#include "core/time.hpp"

namespace gonghui::api {
namespace {

namespace bj = boost::json;

std::string time_text(int64_t ms) { return ms ? format_rfc3339(Timestamp{ms}) : std::string(); }

bj::array prizes_json(const std::vector<campaign::Prize>& prizes) {
  bj::array out;
  for (const auto& p : prizes) {
    out.push_back({{"id", id_string(p.id)},
                   {"tier", p.tier},
                   {"name", p.name},
                   {"quantity", p.quantity},
                   {"remaining", p.remaining},
                   {"value_fen", p.value_fen},
                   {"merchant_id", optional_id_json(p.merchant_id)},
                   {"product_id", optional_id_json(p.product_id)},
                   {"supplier_name", p.supplier_name},
                   {"produce_name", p.produce_name},
                   {"produce_kind", p.produce_kind}});
  }
  return out;
}

bj::array slots_json(const std::vector<campaign::Slot>& slots) {
  bj::array out;
  for (const auto& s : slots) {
    out.push_back({{"id", id_string(s.id)},
                   {"starts_at", time_text(s.starts_at)},
                   {"ends_at", time_text(s.ends_at)},
                   {"capacity", s.capacity},
                   {"booked", s.booked},
                   {"remaining", s.capacity - s.booked}});
  }
  return out;
}

}  // namespace

bj::object render(const campaign::Campaign& c, int64_t now) {
  bj::array tags;
  for (const auto& t : c.input.tags) {
    tags.emplace_back(t);
  }
  return {{"id", id_string(c.id)},
          {"org_id", id_string(c.input.org_id)},
          {"kind", enum_name(c.input.kind)},
          {"status", enum_name(c.status(now))},
          {"title", c.input.title},
          {"description", c.input.description},
          {"brand", c.input.brand},
          {"tags", std::move(tags)},
          {"photo_ids", ids_json(c.input.photo_ids)},
          {"base_org_ids", ids_json(c.input.base_org_ids)},
          {"opens_at", time_text(c.input.opens_at)},
          {"closes_at", time_text(c.input.closes_at)},
          {"points_cost", c.input.points_cost},
          {"per_member_limit", c.input.per_member_limit},
          {"one_prize_per_member", c.input.one_prize_per_member},
          {"voucher_valid_days", c.input.voucher_valid_days},
          {"beacon_source", c.input.beacon_source},
          {"beacon_value", c.beacon_value},
          {"commitment", c.commitment.empty() ? bj::value(nullptr) : bj::value(c.commitment)},
          {"prizes", prizes_json(c.prizes)},
          {"slots", slots_json(c.slots)},
          {"cancel_before_minutes", c.input.cancel_before_minutes},
          {"entries", c.entries},
          {"tickets", c.tickets},
          {"created_at", optional_time_json(c.created_at)},
          {"published_at", optional_time_json(c.published_at)},
          {"drawn_at", optional_time_json(c.drawn_at)}};
}

bj::object render(const campaign::CampaignPage& page, int64_t now) {
  return render_page(page.items, page.next_cursor,
                     [now](const campaign::Campaign& c) { return render(c, now); });
}

bj::object render(const campaign::Entry& e, int64_t now) {
  return {{"id", id_string(e.id)},
          {"campaign_id", id_string(e.campaign_id)},
          {"member_ref", e.member_ref},
          {"tickets", e.tickets},
          {"points", e.points},
          {"refunded", e.refunded},
          {"slot_id", optional_id_json(e.slot_id)},
          {"cancelled_at", optional_time_json(e.cancelled_at)},
          {"created_at", optional_time_json(e.created_at)},
          {"voucher", e.voucher ? bj::value(render(*e.voucher, now)) : bj::value(nullptr)}};
}

bj::object render(const campaign::Distribution& d) {
  return {{"id", id_string(d.id)},
          {"campaign_id", id_string(d.campaign_id)},
          {"target_org_id", optional_id_json(d.target_org_id)},
          {"recipients", d.recipients},
          {"issued", d.issued},
          {"done", d.done},
          {"created_at", optional_time_json(d.created_at)}};
}

bj::object render(const campaign::Voucher& v, int64_t now) {
  return {{"id", id_string(v.id)},
          {"code", v.code},
          {"token", v.token},
          {"campaign_id", id_string(v.campaign_id)},
          {"campaign_title", v.campaign_title},
          {"prize_id", id_string(v.prize_id)},
          {"prize_name", v.prize_name},
          {"tier", v.tier},
          {"member_id", id_string(v.member_id)},
          {"entry_id", id_string(v.entry_id)},
          {"merchant_id", optional_id_json(v.merchant_id)},
          {"status", enum_name(v.status(now))},
          {"expires_at", optional_time_json(v.expires_at)},
          {"redeemed_at", optional_time_json(v.redeemed_at)},
          {"redeemed_by", v.redeemed_by.empty() ? bj::value(nullptr) : bj::value(v.redeemed_by)},
          {"slot", v.slot_starts_at
                       ? bj::value(bj::object{{"starts_at", optional_time_json(v.slot_starts_at)},
                                              {"ends_at", optional_time_json(v.slot_ends_at)}})
                       : bj::value(nullptr)},
          {"created_at", optional_time_json(v.created_at)}};
}

}  // namespace gonghui::api
