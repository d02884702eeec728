#!/usr/bin/env bash
# Installs what gonghui needs to build, run and test on Debian 12: Debian packages that are
# missing (apt-get, with sudo when not root) and npm packages (npm ci) for web/ and tests/.
# Usage: scripts/deps.sh [build|test]   (test also installs PostgreSQL, Chromium, wrk, and
# clang with its fuzzer runtime and llvm-symbolizer for scripts/fuzz.sh, and nginx for
# tests/multi/nginx.test.mjs, which runs its own nginx on loopback, and lintian for
# tests/package, which checks the Debian package of `make deb`, and iproute2 for
# tests/deploy/sandbox.sh, which brings up loopback in its own network namespace)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-build}"

packages=(build-essential cmake ninja-build ccache pkg-config git curl ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libjemalloc-dev libbz2-dev libpq-dev libsodium-dev libssl-dev zlib1g-dev
  libopencc-dev libopencc-data opencc unicode-data libqrencode-dev libxlsxwriter-dev libcmark-dev
  libhpdf-dev
  libgtest-dev libgmock-dev libbenchmark-dev clang-format)
if [[ "$mode" == test ]]; then
  packages+=(postgresql postgresql-common postgresql-contrib chromium fonts-noto-cjk wrk clang libclang-rt-14-dev llvm
    python3 nginx iproute2 lintian)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci only when the lock file changed since the last install.
npm_install() {
  local dir="$1"
  [[ -f "$dir/package-lock.json" ]] || return 0
  local stamp="$dir/node_modules/.gonghui-lock"
  if [[ ! -f "$stamp" ]] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    echo "deps: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_install web
if [[ "$mode" == test ]]; then
  npm_install tests
fi
