// Demo data for trying gonghui: never part of a real deployment (`serve --production`
// refuses to start on a database that holds demo accounts).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"

namespace gonghui::app {

struct DemoLogin {
  std::string role;
  std::string phone;
};

inline constexpr std::string_view kDemoPassword = "gonghui-demo";
// The federation's news editor (an admin of the federation), who writes the demo's news.
inline constexpr std::string_view kDemoNewsEditorPhone = "13800000009";
// Points every demo member of 城南区 and 高新区 holds from the year's grant.
inline constexpr int64_t kDemoGrantPoints = 200;

// Fills an empty, migrated database. Conflict if it already holds a federation.
Status create_demo(store::Db& db);
// The demo log-ins (all with kDemoPassword).
std::vector<DemoLogin> demo_logins();
// True if the database holds demo accounts.
Result<bool> has_demo_accounts(store::Db& db);

// Demo news (demo_news.cpp): five model workers, two studios and ten articles, the sample
// report among them imported through news::import_text, written by a news editor of the
// federation and approved by `platform`, all published.
Status create_demo_news(store::Db& db, const Principal& platform);
// The sample report (tests/unit/text/data/union-farm-aid-report.txt, compiled in): a union's
// farm-aid report in traditional characters with pinyin after each.
std::string_view sample_news_report();

}  // namespace gonghui::app
