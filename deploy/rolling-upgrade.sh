#!/usr/bin/env bash
# Restarts gonghui instances behind nginx one at a time, without a failed request
# (docs/deploy.md, "Upgrading"). For each port: mark its line in nginx's upstream file `down`
# and reload nginx (old nginx workers finish the requests they have, new ones never send it
# any), wait until the instance has no request in progress and no connection from nginx,
# restart it (it drains what still arrives, see --drain-ms), wait until GET /api/v1/ready
# answers 200, put it back and reload nginx, then the next port.
#
# usage: rolling-upgrade.sh [PORT…]     (default: every port in the upstream file)
#
# Environment (defaults in brackets):
#   GONGHUI_UPSTREAM_FILE   nginx's upstream include [/etc/nginx/gonghui-upstream.conf]
#   GONGHUI_NGINX           the nginx command line, run with -t and -s reload [nginx]
#   GONGHUI_RESTART         restarts one instance; $PORT is its port
#                           ['systemctl restart "gonghui@$PORT"']
#   GONGHUI_HOST            where the instances listen [127.0.0.1]
#   GONGHUI_METRICS_TOKEN   the instances' --metrics-token; without it the script waits
#                           GONGHUI_SETTLE_S seconds instead of reading /metrics
#   GONGHUI_SETTLE_S        fixed wait for nginx's old workers without a token [10]
#   GONGHUI_IDLE_TIMEOUT_S  longest wait for an instance to go idle [60]
#   GONGHUI_READY_TIMEOUT_S longest wait for a restarted instance to be ready [120]
set -euo pipefail

upstream_file=${GONGHUI_UPSTREAM_FILE:-/etc/nginx/gonghui-upstream.conf}
read -r -a nginx_command <<< "${GONGHUI_NGINX:-nginx}"
# shellcheck disable=SC2016  # $PORT is expanded by the shell that runs the command
restart_command=${GONGHUI_RESTART:-'systemctl restart "gonghui@$PORT"'}
host=${GONGHUI_HOST:-127.0.0.1}
settle_s=${GONGHUI_SETTLE_S:-10}
idle_timeout_s=${GONGHUI_IDLE_TIMEOUT_S:-60}
ready_timeout_s=${GONGHUI_READY_TIMEOUT_S:-120}

say() { echo "rolling-upgrade: $*" >&2; }
fail() { say "$*"; exit 1; }

[[ -f $upstream_file ]] || fail "no upstream file $upstream_file (GONGHUI_UPSTREAM_FILE)"

# The port's `server HOST:PORT …;` line, with ` down` added (mark=down) or removed (mark=up).
# The file is replaced whole, so that nginx never reads it half written.
set_mark() {
  local port=$1 mark=$2
  local pattern="^([[:space:]]*server[[:space:]]+[^[:space:];]*:${port})([[:space:];])"
  grep -Eq "$pattern" "$upstream_file" || fail "no line for port $port in $upstream_file"
  local next="$upstream_file.next"
  if [[ $mark == down ]]; then
    sed -E "/$pattern/{/[[:space:]]down[[:space:]]*;/!s/;[[:space:]]*$/ down;/}" "$upstream_file" > "$next"
  else
    sed -E "/$pattern/s/[[:space:]]+down[[:space:]]*;/;/" "$upstream_file" > "$next"
  fi
  cat "$next" > "$upstream_file"  # in place: keeps the file's owner and mode
  rm -f "$next"
  "${nginx_command[@]}" -t -q || fail "nginx -t failed; $upstream_file marks port $port $mark"
  "${nginx_command[@]}" -s reload
}

# A gauge of the instance's /metrics, or nothing if it cannot be read.
gauge() {
  curl -fsS --max-time 5 -H "Authorization: Bearer $GONGHUI_METRICS_TOKEN" \
    "http://$host:$1/metrics" 2>/dev/null | awk -v name="$2" '$1 == name { print $2 }'
}

# Waits until no nginx worker has a request at the instance or a connection to it (the
# scrape itself is the one request and connection left), or the time is up.
wait_idle() {
  local port=$1
  if [[ -z ${GONGHUI_METRICS_TOKEN:-} ]]; then
    sleep "$settle_s"
    return
  fi
  sleep 1  # nginx starts its new workers and tells the old ones to finish
  local deadline=$((SECONDS + idle_timeout_s)) in_flight connections
  while ((SECONDS < deadline)); do
    in_flight=$(gauge "$port" gonghui_http_in_flight)
    connections=$(gauge "$port" gonghui_http_connections)
    if [[ -z $in_flight || -z $connections ]]; then
      curl -fsS --max-time 2 -o /dev/null "http://$host:$port/api/v1/health" 2>/dev/null || return 0  # not running
      fail "cannot read http://$host:$port/metrics (is GONGHUI_METRICS_TOKEN its --metrics-token?)"
    fi
    if ((in_flight <= 1 && connections <= 1)); then
      return
    fi
    sleep 0.2
  done
  say "port $port still busy after ${idle_timeout_s} s; restarting anyway (it drains)"
}

wait_ready() {
  local port=$1 deadline=$((SECONDS + ready_timeout_s))
  until curl -fsS --max-time 2 -o /dev/null "http://$host:$port/api/v1/ready" 2>/dev/null; do
    ((SECONDS < deadline)) || fail "port $port not ready after ${ready_timeout_s} s; it stays out of nginx's pool"
    sleep 0.2
  done
}

ports=("$@")
if ((${#ports[@]} == 0)); then
  mapfile -t ports < <(sed -nE 's/^[[:space:]]*server[[:space:]]+[^[:space:];]*:([0-9]+)[[:space:];].*/\1/p' "$upstream_file")
fi
((${#ports[@]} > 0)) || fail "no ports given and none in $upstream_file"

for port in "${ports[@]}"; do
  say "port $port: leaving nginx's pool"
  set_mark "$port" down
  wait_idle "$port"
  say "port $port: restarting"
  PORT=$port bash -c "$restart_command"
  wait_ready "$port"
  set_mark "$port" up
  say "port $port: ready and back in the pool"
done
say "done: ${ports[*]}"
