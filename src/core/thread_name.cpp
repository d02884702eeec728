#include "core/thread_name.hpp"

#include <pthread.h>

namespace gonghui {

void name_this_thread(const std::string& name) {
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

std::string this_thread_name() {
  char name[16] = {};
  if (pthread_getname_np(pthread_self(), name, sizeof name) != 0) {
    return {};
  }
  return name;
}

}  // namespace gonghui
