// Names the calling thread (at most 15 bytes are kept), so that top -H, perf and gdb tell
// the server's threads apart: gh-io-N, gh-writer, gh-sync, gh-checkpoint, gh-log, ...
#pragma once

#include <string>

namespace gonghui {

void name_this_thread(const std::string& name);
// The calling thread's name as the kernel has it.
std::string this_thread_name();

}  // namespace gonghui
