// The impact report as a printable news-release summary in Chinese.
#include "domain/report/summary.hpp"

#include <algorithm>
#include <array>
#include <map>
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

// The period [from, to) as a news release names it: the 14th five-year plan (to its end, or
// "since" it began while it runs), a calendar year, or the dates, the last day shown being
// the one holding to - 1 ms.
std::string period(const Impact& m) {
  const int64_t plan_start = *parse_local_date("2021-01-01");
  const int64_t plan_end = *parse_local_date("2026-01-01");
  if (m.from == plan_start && m.to == plan_end) return "“十四五”时期";
  // "Since" only once the plan has run a year or more: a shorter period names its dates.
  if (m.from == plan_start && m.to >= *parse_local_date("2022-01-01") && m.to < plan_end) {
    return "“十四五”规划以来";
  }
  const std::string first = chinese_date(m.from);
  if (m.to <= m.from) return first;
  const auto year = local_year_month(m.from).year;
  if (m.from == local_month_start(year, 1) && m.to == local_month_start(year + 1, 1)) {
    return std::to_string(year) + "年";
  }
  const std::string last = chinese_date(m.to - 1);
  return first == last ? first : first + "至" + last;
}

// "，涵盖草莓、西瓜等2种农产品": the named produce handed out, most portions first (at most
// twelve named); "other" is no produce to name.
std::string produce(const Impact& m) {
  std::vector<std::pair<int64_t, std::string_view>> named;
  for (const auto& [name, portions] : m.portions_by_produce) {
    if (portions > 0 && name != "other") named.emplace_back(portions, name);
  }
  if (named.empty()) return "";
  std::stable_sort(named.begin(), named.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> names;
  for (size_t i = 0; i < named.size() && i < 12; ++i) names.emplace_back(named[i].second);
  return "，涵盖" + join(names, "、") + "等" + std::to_string(named.size()) + "种农产品";
}

// "以积分抽奖形式开展12场特色助农活动，投入资金30多万元，惠及6272人次".
std::string lotteries(const Impact& m) {
  const auto it = m.by_kind.find("lottery");
  if (it == m.by_kind.end() || it->second.events <= 0) return "";
  const Share& s = it->second;
  std::string out = "以积分抽奖形式开展" + std::to_string(s.events) + "场特色助农活动";
  if (s.funds_fen > 0) out += "，投入资金" + approximate_money(s.funds_fen);
  if (s.person_times > 0) out += "，惠及" + std::to_string(s.person_times) + "人次";
  return out;
}

std::string activities(const Impact& m) {
  if (m.core.events <= 0 && m.core.portions <= 0) return "";
  const std::string subject = m.org_name + (m.by_district.size() > 1 ? "及所属工会" : "");
  std::string out =
      period(m) + "，" + subject + "开展助农普惠活动" + std::to_string(m.core.events) + "场";
  if (m.core.portions > 0) {
    out += "，发放助农产品" + std::to_string(m.core.portions) + "份" + produce(m);
  }
  const std::string lottery = lotteries(m);
  if (!lottery.empty()) out += "；" + lottery;
  return out + "。";
}

// "活动共惠及职工44407人次（3800名职工），核销率73.3%。"
std::string reach(const Impact& m) {
  if (m.core.person_times <= 0) return "";
  std::string out = "活动共惠及职工" + std::to_string(m.core.person_times) + "人次";
  if (m.core.members_reached > 0) {
    out += "（" + std::to_string(m.core.members_reached) + "名职工）";
  }
  if (m.redemption_rate_permille > 0) out += "，核销率" + percent(m.redemption_rate_permille);
  return out + "。";
}

// One sentence per entry of a breakdown that `counts`, most events first, each written by
// `sentence` from its key and figures.
template <typename Counts, typename Sentence>
std::string per_entry(const std::map<std::string, Share>& breakdown, Counts counts,
                      Sentence sentence) {
  std::vector<const std::pair<const std::string, Share>*> entries;
  for (const auto& entry : breakdown) {
    if (counts(entry.first, entry.second)) entries.push_back(&entry);
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) {
    return a->second.events > b->second.events;
  });
  std::string out;
  for (const auto* entry : entries) out += sentence(entry->first, entry->second) + "。";
  return out;
}

// "擦亮“连工助农”活动品牌，开展活动12场，发放6272份，投入资金30多万元。" per named brand.
std::string brands(const Impact& m) {
  return per_entry(
      m.by_brand,
      [](const std::string& brand, const Share& s) { return brand != "(none)" && s.events > 0; },
      [](const std::string& brand, const Share& s) {
        std::string out = "擦亮“" + brand + "”活动品牌，开展活动" + std::to_string(s.events) + "场";
        if (s.portions > 0) out += "，发放" + std::to_string(s.portions) + "份";
        if (s.funds_fen > 0) out += "，投入资金" + approximate_money(s.funds_fen);
        return out;
      });
}

// "依托“海州采摘”平台开展活动3场，发放1200份。" per listing platform.
std::string platforms(const Impact& m) {
  return per_entry(
      m.by_platform,
      [](const std::string&, const Share& s) { return s.events > 0 || s.portions > 0; },
      [](const std::string& platform, const Share& s) {
        std::string out = "依托“" + platform + "”平台开展活动" + std::to_string(s.events) + "场";
        if (s.portions > 0) out += "，发放" + std::to_string(s.portions) + "份";
        return out;
      });
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
  if (m.offer_uses > 0) {
    parts.push_back("职工凭会员卡享受商家优惠" + std::to_string(m.offer_uses) + "人次");
  }
  if (m.training_person_times > 0) {
    parts.push_back("职工参加技能培训" + std::to_string(m.training_person_times) + "人次");
  }
  if (m.subsidy_people > 0) {
    parts.push_back("求学圆梦资助职工" + std::to_string(m.subsidy_people) + "人（助学金" +
                    chinese_money(m.subsidy_paid_fen) + "）");
  }
  if (parts.empty()) return "";
  return join(parts, "，") + "。";
}

// 帮促清单 and 户外劳动者服务站.
std::string field_work(const Impact& m) {
  std::vector<std::string> parts;
  if (m.helplist_needs > 0 || m.helplist_needs_accepted > 0) {
    parts.push_back("结对帮促新增需求" + std::to_string(m.helplist_needs) + "项、验收完成" +
                    std::to_string(m.helplist_needs_accepted) + "项");
  }
  if (m.helplist_funds_fen > 0) {
    parts.push_back("投入帮促资金和助销采购" + chinese_money(m.helplist_funds_fen));
  }
  if (m.helplist_volunteer_minutes > 0) {
    parts.push_back("职工志愿服务" + std::to_string(m.helplist_volunteer_minutes / 60) + "小时");
  }
  if (m.helplist_income_fen_per_year > 0) {
    parts.push_back("帮助村集体年增收" + chinese_money(m.helplist_income_fen_per_year));
  }
  if (m.stations > 0) {
    parts.push_back("建成户外劳动者服务站" + std::to_string(m.stations) + "个，服务" +
                    std::to_string(m.station_visits) + "人次");
  }
  if (m.job_hires > 0) {
    parts.push_back("就业服务帮助" + std::to_string(m.job_hires) + "人实现就业");
  }
  if (m.new_members > 0) {
    parts.push_back("网上吸收新会员" + std::to_string(m.new_members) + "人");
  }
  if (parts.empty()) return "";
  return join(parts, "，") + "。";
}

// The district that handed out the most portions, when there are districts to compare.
std::string leading_district(const Impact& m) {
  const District* best = nullptr;
  int districts = 0;
  for (const District& d : m.by_district) {
    if (d.own) continue;
    ++districts;
    if (best == nullptr || d.core.portions > best->core.portions) best = &d;
  }
  if (districts < 2 || best->core.portions <= 0) return "";
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

std::string approximate_money(int64_t fen) {
  constexpr int64_t kTenThousandYuan = 1'000'000;
  if (fen < 10 * kTenThousandYuan) return chinese_money(fen);
  const int64_t whole = fen / kTenThousandYuan;
  return std::to_string(whole) + (fen % kTenThousandYuan == 0 ? "万元" : "多万元");
}

std::string chinese_date(int64_t ms) {
  const std::string date = format_local_date(ms);  // "2021-01-01"
  const size_t n = date.size();                    // the year may be longer
  return std::to_string(std::stoll(date.substr(0, n - 6))) + "年" +
         std::to_string(std::stoi(date.substr(n - 5, 2))) + "月" +
         std::to_string(std::stoi(date.substr(n - 2, 2))) + "日";
}

std::string_view need_category_name(std::string_view category) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"housing", "住房修缮"}, {"street_lights", "路灯"}, {"roads", "道路"},
      {"education", "助学"},   {"illness", "大病帮扶"},   {"culture", "文化"},
      {"industry", "产业"},    {"other", "其他"}};
  for (const auto& [code, name] : kNames) {
    if (code == category) return name;
  }
  return category;
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
  for (std::string paragraph : {activities(m), reach(m), brands(m), funds(m), merchants(m),
                                platforms(m), points(m), field_work(m), leading_district(m)}) {
    if (!paragraph.empty()) s.paragraphs.push_back(std::move(paragraph));
  }
  if (s.paragraphs.empty()) {
    s.paragraphs.push_back(period(m) + "，" + m.org_name + "暂无助农普惠活动记录。");
  }
  return s;
}

}  // namespace gonghui::report
