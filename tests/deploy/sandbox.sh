#!/usr/bin/env bash
# Runs a script as root in a throwaway copy of this machine: an overlay over / (writes go to a
# temporary upper layer and vanish afterwards), in its own mount and network namespaces (only
# loopback, so ports and services cannot clash with the host's), with tests/deploy/systemctl
# standing in for systemd. docs/deploy.md's commands run here as written: packages install,
# users are created, PostgreSQL and nginx start, and the host is left as it was.
# Usage: tests/deploy/sandbox.sh SCRIPT [FILE…]   (the files are copied to /root/work, the
# script runs there with bash -euo pipefail; its exit code is the sandbox's)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
script="$(realpath "$1")"
shift
if [[ $(id -u) -ne 0 ]]; then
  echo "sandbox: needs root (mount and network namespaces)" >&2
  exit 2
fi
top=$(mktemp -d /tmp/gonghui-sandbox.XXXXXX)
# The sandbox's exit code is the script's: a removal that fails (a file still held) is retried
# and then left behind rather than failing the run.
trap 'status=$?; rm -rf "$top" 2>/dev/null || { sleep 1; rm -rf "$top" || true; }; exit $status' EXIT
mkdir -p "$top/upper" "$top/work" "$top/root"
mkdir -p "$top/files"
cp "$script" "$top/files/run.sh"
for file in "$@"; do cp -r "$file" "$top/files/"; done
cp "$here/systemctl" "$top/files/systemctl"

unshare --mount --net --propagation private bash -euo pipefail -c '
  top="$1"
  root="$top/root"
  mount -t overlay overlay -o "lowerdir=/,upperdir=$top/upper,workdir=$top/work" "$root"
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  mount --rbind /sys "$root/sys"
  mount -t tmpfs tmpfs "$root/tmp"
  mount -t tmpfs tmpfs "$root/run"
  mkdir -p "$root/run/postgresql" "$root/run/nginx"
  chown postgres:postgres "$root/run/postgresql"
  ip link set lo up
  mkdir -p "$root/root/work"
  cp -r "$top/files/." "$root/root/work/"
  install -m 0755 "$top/files/systemctl" "$root/usr/local/bin/systemctl"
  # Whatever the script leaves running is stopped when the sandbox ends.
  status=0
  chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    bash -c "cd /root/work && bash -euo pipefail ./run.sh" || status=$?
  # Killed processes take a moment to go (on a busy machine, PostgreSQL longer): wait until
  # none is left, so that none still writes into the upper layer while it is removed.
  inside() {
    for pid in $(ls /proc | grep -E "^[0-9]+$" || true); do
      if [[ "$(readlink "/proc/$pid/root" 2>/dev/null || true)" == "$root" ]]; then echo "$pid"; fi
    done
  }
  for _ in $(seq 100); do
    pids=$(inside)
    [[ -z "$pids" ]] && break
    kill -KILL $pids 2>/dev/null || true
    sleep 0.1
  done
  exit $status
' sandbox "$top"
