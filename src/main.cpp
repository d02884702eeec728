// gonghui: the union benefits and farm-aid server.
#include "cli/commands.hpp"

int main(int argc, char** argv) { return gonghui::cli::run(argc, argv); }
