// Names the calling thread (at most 15 bytes are kept), so that top -H, perf and gdb tell
// the server's threads apart: gh-io-N, gh-writer, gh-sync, gh-checkpoint, gh-log, ...
#pragma once

#include <string>
#include <thread>
#include <utility>

namespace gonghui {

void name_this_thread(const std::string& name);
// A thread that names itself `name` and then runs `body`.
template <typename Body>
std::thread start_named_thread(std::string name, Body body) {
  return std::thread([name = std::move(name), body = std::move(body)]() mutable {
    name_this_thread(name);
    body();
  });
}
// The calling thread's name as the kernel has it.
std::string this_thread_name();

}  // namespace gonghui
