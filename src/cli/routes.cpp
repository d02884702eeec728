// `gonghui routes`: the route table as the server builds it (method, pattern, who may call),
// one JSON object per line, so that tests and auditors read access from its one source.
#include <iostream>

#include <boost/json/serialize.hpp>

#include "app/app.hpp"
#include "cli/commands.hpp"

namespace gonghui::cli {

int routes(const Args& args) {
  if (!args.empty()) {
    std::cout << "usage: gonghui routes\n\nPrints every API route, one JSON object a line: "
                 "method, pattern, access (\"public\", \"signed_in\" or roles) and whether an "
                 "unauthenticated caller may write through it.\n";
    return args[0] == "--help" || args[0] == "-h" ? 0 : 2;
  }
  app::App application;  // handlers are registered, never run: no database is opened
  http::Router router;
  app::register_routes(router, application);
  for (const http::Router::Route& route : router.routes()) {
    boost::json::array roles;
    for (Role role : route.access.roles) {
      roles.emplace_back(enum_name(role));
    }
    boost::json::object line{{"method", route.method},
                             {"pattern", route.pattern},
                             {"access", route.access.describe()},
                             {"public", route.access.anyone},
                             {"signed_in", route.access.any_signed_in},
                             {"roles", std::move(roles)},
                             {"metrics_token", route.access.metrics_token}};
    std::cout << boost::json::serialize(line) << "\n";
  }
  return 0;
}

}  // namespace gonghui::cli
