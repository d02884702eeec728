#include "core/allocator.hpp"

#include <dlfcn.h>

namespace gonghui {

std::string_view allocator_name() {
  // mallctl is jemalloc's own entry point: present only when jemalloc is the malloc.
  static const bool jemalloc = dlsym(RTLD_DEFAULT, "mallctl") != nullptr;
  return jemalloc ? "jemalloc" : "system";
}

}  // namespace gonghui
