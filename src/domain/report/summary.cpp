// The impact report as a printable news-release summary in Chinese.
#include "domain/report/summary.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/time.hpp"

namespace gonghui::report {
namespace {

// "2" → "2", "50" → "5", "05" → "05": the digits after the point without trailing zeros.
std::string two_decimals(uint64_t hundredths) {
  std::string out = std::to_string(hundredths / 100);
  const uint64_t rest = hundredths % 100;
  if (rest != 0) {
    out += '.';
    out += static_cast<char>('0' + rest / 10);
    if (rest % 10 != 0) out += static_cast<char>('0' + rest % 10);
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

// Campaign kinds as a union's report names its activities.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kEventKinds = {{
    {"lottery", "积分抽奖活动"},
    {"claim", "限量领取活动"},
    {"booking", "采摘预约活动"},
    {"distribution", "助农产品发放活动"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kProductKinds = {{
    {"fruit", "水果"},
    {"vegetable", "蔬菜"},
    {"grain", "粮油"},
    {"meat_egg", "肉蛋"},
    {"aquatic", "水产品"},
    {"tea", "茶叶"},
    {"other", "其他"},
}};

// "73.3%" from 733‰, rounded down as the report's figure is.
std::string percent(int64_t permille) {
  std::string out = std::to_string(permille / 10);
  if (permille % 10 != 0) out += "." + std::to_string(permille % 10);
  return out + "%";
}

// The period [from, to) as dates: the last day shown is the one holding to - 1 ms.
std::string period(const Impact& m) {
  const std::string first = chinese_date(m.from);
  if (m.to <= m.from) return first;
  const std::string last = chinese_date(m.to - 1);
  return first == last ? first : first + "至" + last;
}

// "水果、蔬菜等农产品": the kinds handed out, most portions first; "other" is no kind to name.
std::string produce(const Impact& m) {
  std::vector<std::pair<int64_t, std::string_view>> kinds;
  for (const auto& [kind, portions] : m.portions_by_product) {
    if (portions > 0 && kind != "other") kinds.emplace_back(portions, kind);
  }
  if (kinds.empty()) return "奖品和农产品";
  std::stable_sort(kinds.begin(), kinds.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> names;
  for (const auto& [portions, kind] : kinds) names.emplace_back(product_kind_name(kind));
  return join(names, "、") + "等农产品";
}

std::string activities(const Impact& m) {
  const std::string subject = m.org_name + (m.by_district.empty() ? "" : "及所属工会");
  std::vector<std::string> clauses;
  if (m.core.events > 0) {
    std::string clause = "共举办助农普惠活动" + std::to_string(m.core.events) + "场";
    std::vector<std::string> kinds;
    for (const auto& [kind, name] : kEventKinds) {
      const auto it = m.events_by_kind.find(std::string(kind));
      if (it != m.events_by_kind.end() && it->second > 0) {
        kinds.push_back(std::string(name) + std::to_string(it->second) + "场");
      }
    }
    if (!kinds.empty()) clause += "，其中" + join(kinds, "、");
    clauses.push_back(std::move(clause));
  }
  if (m.core.portions > 0) {
    std::string clause = "发放" + produce(m) + std::to_string(m.core.portions) + "份，惠及职工" +
                         std::to_string(m.core.person_times) + "人次";
    if (m.core.members_reached > 0) {
      clause += "（" + std::to_string(m.core.members_reached) + "名职工）";
    }
    if (m.redemption_rate_permille > 0) clause += "，核销率" + percent(m.redemption_rate_permille);
    clauses.push_back(std::move(clause));
  }
  if (clauses.empty()) return "";
  return period(m) + "，" + subject + join(clauses, "；") + "。";
}

std::string merchants(const Impact& m) {
  if (m.merchants_signed <= 0) return "";
  std::string out = "“优惠购”专栏签约商户" + std::to_string(m.merchants_signed) + "家";
  if (m.orchards_and_farms > 0) {
    out += "，其中采摘园和农场" + std::to_string(m.orchards_and_farms) + "家";
  }
  return out + "。";
}

std::string funds(const Impact& m) {
  if (m.core.funds_fen <= 0) return "";
  std::vector<std::string> parts;
  if (m.core.purchases_fen > 0) {
    std::string part = "助农采购" + chinese_money(m.core.purchases_fen);
    std::vector<std::pair<int64_t, std::string>> regions;
    for (const auto& [region, fen] : m.counterpart_aid_by_region) {
      if (fen > 0) regions.emplace_back(fen, region);
    }
    std::stable_sort(regions.begin(), regions.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> aid;
    for (const auto& [fen, region] : regions) aid.push_back(region + "采购" + chinese_money(fen));
    if (!aid.empty()) part += "（含对口支援" + join(aid, "、") + "）";
    parts.push_back(std::move(part));
  }
  if (m.core.prize_value_fen > 0) {
    parts.push_back("活动奖品价值" + chinese_money(m.core.prize_value_fen));
  }
  std::string out = "累计投入资金" + chinese_money(m.core.funds_fen);
  if (!parts.empty()) out += "，其中" + join(parts, "，");
  return out + "。";
}

std::string points(const Impact& m) {
  std::vector<std::string> parts;
  if (m.points_issued > 0)
    parts.push_back("向职工发放积分" + std::to_string(m.points_issued) + "分");
  if (m.points_spent > 0) {
    parts.push_back("职工使用积分参与活动" + std::to_string(m.points_spent) + "分");
  }
  if (parts.empty()) return "";
  return join(parts, "，") + "。";
}

// The district that handed out the most portions, when there are districts to compare.
std::string leading_district(const Impact& m) {
  if (m.by_district.size() < 2) return "";
  const District* best = nullptr;
  for (const District& d : m.by_district) {
    if (best == nullptr || d.core.portions > best->core.portions) best = &d;
  }
  if (best->core.portions <= 0) return "";
  std::string out = "所属工会中，" + best->name;
  if (best->core.events > 0) out += "举办活动" + std::to_string(best->core.events) + "场、";
  return out + "发放" + std::to_string(best->core.portions) + "份，发放份数居首。";
}

}  // namespace

std::string chinese_money(int64_t fen) {
  const bool negative = fen < 0;
  // Unsigned, so that the most negative amount has a magnitude too.
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  std::string out = negative ? "-" : "";
  if (magnitude < 1000000) return out + two_decimals(magnitude) + "元";
  // 0.01万元 is 100 yuan, 10,000 fen; half a hundredth rounds up.
  return out + two_decimals(magnitude / 10000 + (magnitude % 10000 >= 5000 ? 1 : 0)) + "万元";
}

std::string chinese_date(int64_t ms) {
  const std::string date = format_local_date(ms);  // "2021-01-01"
  const size_t n = date.size();                    // the year may be longer
  return std::to_string(std::stoll(date.substr(0, n - 6))) + "年" +
         std::to_string(std::stoi(date.substr(n - 5, 2))) + "月" +
         std::to_string(std::stoi(date.substr(n - 2, 2))) + "日";
}

std::string_view product_kind_name(std::string_view kind) {
  for (const auto& [code, name] : kProductKinds) {
    if (code == kind) return name;
  }
  return kind;
}

Summary summarize(const Impact& m) {
  Summary s;
  s.title = m.org_name + "助农普惠工作成效";
  for (std::string paragraph :
       {activities(m), funds(m), merchants(m), points(m), leading_district(m)}) {
    if (!paragraph.empty()) s.paragraphs.push_back(std::move(paragraph));
  }
  if (s.paragraphs.empty()) {
    s.paragraphs.push_back(period(m) + "，" + m.org_name + "暂无助农普惠活动记录。");
  }
  return s;
}

}  // namespace gonghui::report
