// A one-page summary of the impact report in Chinese prose, in the style of a union news
// release, for printing: every sentence comes from the report's own figures.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/report/report.hpp"

namespace gonghui::report {

struct Summary {
  std::string title;
  std::vector<std::string> paragraphs;
};

// Writes the summary of `impact`. A sentence or clause whose figure is zero is left out;
// with no figure at all, one paragraph says that there is nothing to report yet.
Summary summarize(const Impact& impact);

// Money in fen as a news release writes it: below 10,000 yuan in 元 to the fen ("9999元",
// "9999.5元", "0.01元"); from 10,000 yuan in 万元 rounded half up to two decimals, without
// trailing zeros ("1万元", "30.25万元"). Negative amounts keep their sign.
std::string chinese_money(int64_t fen);

// Money as a release rounds a large sum: from 100,000 yuan in whole 万元 with 多 when there is
// more ("30多万元", "30万元"); below that as chinese_money.
std::string approximate_money(int64_t fen);

// The Asia/Shanghai date of a UTC time: "2021年1月1日".
std::string chinese_date(int64_t ms);

// The Chinese name of a product kind (fruit → 水果); an unknown kind is returned as it is.
std::string_view product_kind_name(std::string_view kind);

// The Chinese name of a help-list need category (street_lights → 路灯); unknown ones as they are.
std::string_view need_category_name(std::string_view category);

}  // namespace gonghui::report
