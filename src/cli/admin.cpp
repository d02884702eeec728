// `gonghui admin create` (the first platform admin), `gonghui admin appoint` (the first union
// admins) and `gonghui audit verify`.
#include <algorithm>
#include <iostream>

#include "app/app.hpp"
#include "cli/commands.hpp"
#include "cli/database_command.hpp"
#include "core/crypto.hpp"
#include "core/id.hpp"
#include "domain/access/access.hpp"
#include "domain/audit/audit.hpp"
#include "domain/auth/auth.hpp"
#include "domain/org/org.hpp"

namespace gonghui::cli {
namespace {

// Pulls `--name value` out of args (so that the rest can go to load_config).
std::string take_flag(Args& args, const std::string& flag) {
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == flag) {
      std::string value = args[i + 1];
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
      return value;
    }
  }
  return {};
}

constexpr std::string_view kAdminUsage =
    "usage: gonghui admin create --phone NUMBER --name NAME [--federation NAME] [--db URL]\n"
    "       gonghui admin appoint --phone NUMBER --org ID [--name NAME] [--db URL]\n\n"
    "create: makes a platform admin at the root federation (creating the federation if there\n"
    "  is none). The password is read from standard input (first line, at least 8 characters).\n"
    "appoint: makes the owner of NUMBER an admin of union ID. A new number, or one whose\n"
    "  account holds no other role and has no password, gets the role now and a one-time link\n"
    "  to set its password; a number already in use gets an invitation link its owner accepts.\n"
    "  Links are paths (/invite/...): put the site's address before them. They last 7 days.\n";

// `gonghui admin appoint`: the first union admins, by an operator with database access.
int appoint(Args args) {
  const std::string phone = take_flag(args, "--phone");
  const std::string name = take_flag(args, "--name");
  const auto org_id = parse_id(take_flag(args, "--org"));
  if (!auth::valid_phone(phone)) {
    return fail("admin", "--phone must be an 11-digit mainland mobile number", 2);
  }
  if (!org_id) {
    return fail("admin", "--org must be a union's id", 2);
  }
  return with_database("admin", args, Open::kMigrated, [&](store::Db& db, const app::Config&) {
    std::optional<access::Appointment> done;
    Status status = db.write([&](store::Tx& tx) -> Status {
      const Principal operator_principal{0, 0, "gonghui admin appoint", {}, false, ""};
      GH_ASSIGN(done, access::appoint_by_operator(tx, operator_principal, *org_id, phone, name));
      return Status::Ok();
    });
    if (!status.ok()) {
      const std::string field =
          status.error().field.empty() ? "" : " (" + status.error().field + ")";
      return fail("admin", status.error().message + field);
    }
    if (done->granted) {
      std::cout << phone << " now administers union " << *org_id << "\n"
                << "one-time link to set the password (valid 7 days): " << done->link->link << "\n";
    } else {
      std::cout << phone << " already uses the platform; the role is given when its owner "
                << "accepts this one-time link (valid 7 days): " << done->link->link << "\n";
    }
    return 0;
  });
}

}  // namespace

int admin(const Args& original) {
  Args args = original;
  const bool known = !args.empty() && (args[0] == "create" || args[0] == "appoint");
  if (!known || std::find(args.begin(), args.end(), "--help") != args.end()) {
    std::cout << kAdminUsage;
    return known ? 0 : 2;
  }
  const std::string subcommand = args[0];
  args.erase(args.begin());
  if (subcommand == "appoint") {
    return appoint(std::move(args));
  }
  const std::string phone = take_flag(args, "--phone");
  const std::string name = take_flag(args, "--name");
  std::string federation = take_flag(args, "--federation");
  if (federation.empty()) {
    federation = "总工会";
  }
  if (!auth::valid_phone(phone)) {
    return fail("admin", "--phone must be an 11-digit mainland mobile number", 2);
  }
  if (name.empty()) {
    return fail("admin", "--name is required", 2);
  }
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') {
    password.pop_back();
  }
  if (auto strength = auth::check_password_strength(password, "password"); !strength.ok()) {
    return fail("admin", strength.error().message, 2);
  }
  return with_database("admin", args, Open::kMigrated, [&](store::Db& db, const app::Config&) {
    const std::string hash = crypto::hash_password(password);
    Status status = db.write([&](store::Tx& tx) -> Status {
      auto root = org::root(tx);
      if (!root.ok()) {
        root = org::create_root(tx, {federation, org::Kind::kFederation, "", ""});
        if (!root.ok()) {
          return root.error();
        }
      }
      GH_ASSIGN(auth::Account account, auth::create_account(tx, phone, name, hash, false));
      GH_TRY(auth::grant_role(tx, account.id, {Role::kPlatformAdmin, root->id, 0, 0}));
      Principal actor{account.id, 0, name, {{Role::kPlatformAdmin, root->id, 0, 0}}, false, ""};
      return audit::record(tx, actor, "account.create_platform_admin", "account",
                           std::to_string(account.id), root->id, nullptr,
                           boost::json::object{{"phone", phone}, {"name", name}});
    });
    if (!status.ok()) {
      return fail("admin", status.error().message);
    }
    std::cout << "platform admin " << phone << " created\n";
    return 0;
  });
}

int audit_command(const Args& original) {
  Args args = original;
  if (args.empty() || args[0] != "verify" ||
      std::find(args.begin(), args.end(), "--help") != args.end()) {
    std::cout << "usage: gonghui audit verify [--db URL]\n\nChecks the audit log's hash chain; "
                 "exits 1 and names the first broken entry if it was altered.\n";
    return args.empty() || args[0] != "verify" ? 2 : 0;
  }
  args.erase(args.begin());
  return with_database("audit", args, Open::kMigrated, [](store::Db& db, const app::Config&) {
    auto report = audit::verify(db);
    if (!report.ok()) {
      return fail("audit", report.error().message);
    }
    if (!report->ok) {
      std::cout << "audit chain BROKEN at entry " << report->broken_seq << ": " << report->problem
                << " (" << report->entries << " entries checked)\n";
      return 1;
    }
    std::cout << "audit chain verified: " << report->entries << " entries\n";
    return 0;
  });
}

}  // namespace gonghui::cli
