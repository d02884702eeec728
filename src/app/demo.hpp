// Demo data for trying gonghui: never part of a real deployment (`serve --production`
// refuses to start on a database that holds demo accounts).
#pragma once

#include <string>
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
// Points every demo member of 城南区 and 高新区 holds from the year's grant.
inline constexpr int64_t kDemoGrantPoints = 200;

// Fills an empty, migrated database. Conflict if it already holds a federation.
Status create_demo(store::Db& db);
// The demo's training courses (demo_training.cpp), made by create_demo.
Status create_demo_training(store::Db& db, const Principal& platform);
// The demo log-ins (all with kDemoPassword).
std::vector<DemoLogin> demo_logins();
// True if the database holds demo accounts.
Result<bool> has_demo_accounts(store::Db& db);

}  // namespace gonghui::app
