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

// 就业服务: vetted employers (staff 13300000001 of the first), jobs of every kind, applications
// and a saved search of the demo member. Runs after the members exist.
Status create_demo_jobs(store::Db& db, const Principal& platform);
// An upcoming 招聘会 of 江北区 with the vetted employers, and 创业指导 mentors (the expert signs in
// as 13300000011) with slots. Runs after the jobs and the news (a mentor is a model worker).
Status create_demo_fairs(store::Db& db, const Principal& platform);
// Thirty 户外劳动者服务站 around the demo city's centre with visits, ratings and problems.
Status create_demo_stations(store::Db& db, const Principal& platform);

// Two 帮促清单 pairings (青山村, 清河社区) with needs at every state, households, visits and
// outcomes. Runs after the purchases and the news (a model worker links to 青山村).
Status create_demo_helplists(store::Db& db, const Principal& platform);

}  // namespace gonghui::app
