#!/usr/bin/env bash
# Packs the release build and the built web app into a Debian package with CPack
# (cmake/package.cmake) and prints the package's path. `make deb` builds both first;
# tests/package runs this on the builds scripts/test.sh has made.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f web/dist/index.html ]]; then
  echo "deb.sh: web/dist is not built (scripts/build.sh web)" >&2
  exit 1
fi
source scripts/ccache.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build/release -j "$(nproc)" >/dev/null
rm -f build/release/gonghui_*.deb
(cd build/release && cpack -G DEB >/dev/null)
ls build/release/gonghui_*.deb
