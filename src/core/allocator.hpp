// Which malloc this process runs on: "jemalloc" when the server binary was linked with it
// (the release build: CMake option GONGHUI_JEMALLOC), "system" otherwise (glibc's, as in the
// sanitizer and fuzzing builds and in binaries that do not link it).
#pragma once

#include <string_view>

namespace gonghui {

std::string_view allocator_name();

}  // namespace gonghui
