// `gonghui verify-draw bundle.json`: re-runs a lottery's or a training course's draw from its
// public audit bundle.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "core/crypto.hpp"
#include "core/json.hpp"
#include "domain/campaign/draw.hpp"

namespace gonghui::cli {

int verify_draw(const Args& args) {
  if (args.size() != 1 || args[0] == "--help" || args[0] == "-h") {
    std::cout << "usage: gonghui verify-draw BUNDLE.json\n\nRecomputes a lottery's or a training "
                 "course's draw from its audit bundle\n(GET /api/v1/campaigns/{id}/audit or "
                 "/api/v1/training/courses/{id}/audit):\nthe commitment, the entries digest, the "
                 "seed and every winner. Prints \"verified\"\nor each mismatch; exits 1 on any "
                 "mismatch, 2 if the file cannot be read.\n";
    return args.size() == 1 ? 0 : 2;
  }
  crypto::init();
  std::ifstream in(args[0], std::ios::binary);
  if (!in) {
    std::cerr << "gonghui verify-draw: cannot read " << args[0] << "\n";
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto bundle = json::parse(text.str());
  if (!bundle.ok()) {
    std::cerr << "gonghui verify-draw: " << bundle.error().message << "\n";
    return 2;
  }
  const std::vector<std::string> problems = campaign::verify_bundle(*bundle);
  if (problems.empty()) {
    std::cout << "verified\n";
    return 0;
  }
  for (const auto& p : problems) {
    std::cout << p << "\n";
  }
  return 1;
}

}  // namespace gonghui::cli
