// `gonghui check`: verifies the database's invariants and says what it looked at.
#include <cstdio>
#include <iostream>

#include "app/app.hpp"
#include "cli/commands.hpp"
#include "cli/database_command.hpp"
#include "domain/audit/audit.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/ledger/ledger.hpp"
#include "domain/report/rollup.hpp"
#include "domain/subsidy/subsidy.hpp"

namespace gonghui::cli {

int64_t print_invariants(store::Db& db) {
  auto ledger_items = ledger::check(db);
  if (!ledger_items.ok()) {
    std::cerr << "gonghui check: " << ledger_items.error().message
              << " (has `gonghui migrate` been run?)\n";
    return -1;
  }
  std::vector<ledger::CheckItem> items = std::move(ledger_items).value();
  auto stock = campaign::check_stock(db);
  if (!stock.ok()) {
    std::cerr << "gonghui check: " << stock.error().message << "\n";
    return -1;
  }
  items.push_back(std::move(stock).value());
  auto rollups = report::check_rollups(db);
  if (!rollups.ok()) {
    std::cerr << "gonghui check: " << rollups.error().message << "\n";
    return -1;
  }
  items.push_back(std::move(rollups).value());
  auto quotas = subsidy::check_quotas(db);
  if (!quotas.ok()) {
    std::cerr << "gonghui check: " << quotas.error().message << "\n";
    return -1;
  }
  items.push_back(std::move(quotas).value());
  auto chain = audit::verify(db);
  if (!chain.ok()) {
    std::cerr << "gonghui check: " << chain.error().message << "\n";
    return -1;
  }
  ledger::CheckItem audit_item{
      "the audit log's hash chain is intact", chain->entries, "entries", {}, 0};
  if (!chain->ok) {
    audit_item.violation_count = 1;
    audit_item.violations.push_back("entry " + std::to_string(chain->broken_seq) + ": " +
                                    chain->problem);
  }
  items.push_back(std::move(audit_item));

  int64_t violations = 0;
  std::cout << "gonghui check (" << db.engine() << ")\n";
  std::fflush(stdout);
  for (const auto& item : items) {
    std::printf("%-5s %s: %lld %s\n", item.violation_count ? "FAIL" : "ok", item.name.c_str(),
                static_cast<long long>(item.checked), item.counted.c_str());
    for (const auto& violation : item.violations) {
      std::printf("        %s\n", violation.c_str());
    }
    if (item.violation_count > static_cast<int64_t>(item.violations.size())) {
      std::printf("        … and %lld more\n",
                  static_cast<long long>(item.violation_count -
                                         static_cast<int64_t>(item.violations.size())));
    }
    violations += item.violation_count;
  }
  std::fflush(stdout);
  if (violations > 0) {
    std::cout << violations << " violation(s) found\n";
  } else {
    std::cout << "all " << items.size() << " invariants hold\n";
  }
  return violations;
}

int check(const Args& args) {
  if (wants_help(args)) {
    std::cout << "usage: gonghui check [--db URL] [--config FILE]\n\nVerifies the points "
                 "ledger (balances sum to zero, each balance equals the replay of its\n"
                 "transfers, no member balance is negative, every idempotency key maps to one "
                 "result),\nthe stock of every prize (never more vouchers than it gave out), "
                 "every campaign rollup\n(equal to its vouchers) and the audit log's hash "
                 "chain. Prints what it checked; exits 1 on any "
                 "violation.\n";
    return 0;
  }
  return with_database("check", args, Open::kAsItIs, [](store::Db& db, const app::Config&) {
    return print_invariants(db) == 0 ? 0 : 1;
  });
}

}  // namespace gonghui::cli
