// Parts of the demo data kept in files of their own; create_demo (app/demo.cpp) runs them.
#pragma once

#include <string>

#include "core/error.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"

namespace gonghui::app {

// This year's 求学圆梦 round, the demo base union admin (13800000011) and applications at
// every step. Runs after the members exist; `hash` is the demo password's.
Status create_demo_subsidies(store::Db& db, const Principal& platform, const std::string& hash);

}  // namespace gonghui::app
