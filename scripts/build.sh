#!/usr/bin/env bash
# Builds the C++ server (release, or asan: AddressSanitizer + UndefinedBehaviorSanitizer)
# and, with `web`, the web app into web/dist.
# Usage: scripts/build.sh release|asan|web ...
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc)"
source scripts/ccache.sh
for target in "$@"; do
  case "$target" in
    release)
      cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
      ninja -C build/release -j "$jobs"
      ;;
    asan)
      # Benchmarks are left out of the sanitizer build: they are never run under it.
      cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGONGHUI_SANITIZE=ON \
        -DGONGHUI_BENCH=OFF -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" >/dev/null
      ninja -C build/asan -j "$jobs"
      ;;
    web)
      if [[ -f web/package.json ]]; then
        (cd web && npm run build --silent)
      fi
      ;;
    *)
      echo "build.sh: unknown target $target" >&2
      exit 2
      ;;
  esac
done
