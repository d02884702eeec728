#!/usr/bin/env bash
# bench/flash on PostgreSQL, run by `bench/flash/run postgresql` inside pg_virtualenv (a
# throwaway cluster; PGHOST… set): MEMBERS members with points and sessions and an open
# lottery in a database of that cluster; two release instances on it behind deploy/nginx.conf
# (bench/flash/nginx.mjs, HTTPS as deployed); wrk with CONNECTIONS connections for DURATION
# against lottery entries through nginx; verification that the database holds what was
# acknowledged and that `gonghui check` passes; then bench/flash/pgbench.sh, one transaction
# per entry, in another database of the same cluster. Prints the ratio of the two.
# Environment: MEMBERS (100000), CONNECTIONS (400), DURATION (20), THREADS (2), PORT (18190),
# CEILING_SECONDS (10), PGBENCH_CLIENTS (64).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z ${PGHOST:-} ]]; then
  echo "bench/flash/postgres.sh runs inside pg_virtualenv: use bench/flash/run postgresql" >&2
  exit 2
fi

MEMBERS=${MEMBERS:-100000}
CONNECTIONS=${CONNECTIONS:-400}
DURATION=${DURATION:-20}
THREADS=${THREADS:-2}
PORT=${PORT:-18190}
CEILING_SECONDS=${CEILING_SECONDS:-10}
PGBENCH_CLIENTS=${PGBENCH_CLIENTS:-64}
METRICS_TOKEN=flash-bench-metrics
bin=$(pwd)/build/release
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work=$(mktemp -d /tmp/gonghui-flash-pg.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# pg_virtualenv turns fsync off for speed: on, both gonghui and pgbench commit durably.
psql -qc "ALTER SYSTEM SET fsync = on" && psql -qc "SELECT pg_reload_conf()" >/dev/null
createdb gonghui_flash
createdb pgbench_flash
db="postgresql:///gonghui_flash"
echo "== setup: $MEMBERS members, sessions, points and a lottery on PostgreSQL $(psql -Atc 'SHOW server_version' | cut -d' ' -f1)"
ids=$("$bin/bench/flash_tool" setup --db "$db" --members "$MEMBERS" --tokens "$work/tokens.txt")
eval "$ids"  # lottery=… claim=… stock=…

ports=($((PORT + 1)) $((PORT + 2)))
for port in "${ports[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is taken (another server?): set PORT"; exit 1
  fi
  "$bin/gonghui" serve --db "$db" --listen "127.0.0.1:$port" --data-dir "$work/data-$port" \
    --web-root none --trust-proxy --metrics-token="$METRICS_TOKEN" > "$work/server-$port.log" 2>&1 &
  pids+=($!)
done
for port in "${ports[@]}"; do
  for i in $(seq 100); do
    if curl -fsS "http://127.0.0.1:$port/api/v1/ready" >/dev/null 2>&1; then break; fi
    if [[ $i -eq 100 ]]; then echo "instance $port did not start"; cat "$work/server-$port.log"; exit 1; fi
    sleep 0.1
  done
done
node bench/flash/nginx.mjs "${ports[@]}" > "$work/nginx.txt" 2>&1 &
pids+=($!)
for i in $(seq 100); do
  url=$(grep -oP '^NGINX https=\K\S+' "$work/nginx.txt" || true)
  if [[ -n $url ]]; then break; fi
  if [[ $i -eq 100 ]]; then echo "nginx did not start"; cat "$work/nginx.txt"; exit 1; fi
  sleep 0.1
done

field() {  # field NAME LINE
  grep -oP "(^| )$1=\K[0-9]+" <<<"$2"
}
metric() {  # metric NAME: its sum over both instances
  local total=0 value
  for port in "${ports[@]}"; do
    value=$(curl -fsS -H "authorization: Bearer $METRICS_TOKEN" "http://127.0.0.1:$port/metrics" |
      grep -oP "^$1 \K[0-9.e+]+")
    total=$(awk -v a="$total" -v b="$value" 'BEGIN { printf "%d", a + b }')
  done
  echo "$total"
}
# wrk's own CPU time beside its figures: it shares the two cores with everything else.
run_wrk() {  # campaign label seconds [path] -> prints the FLASH line, then "cpu_s=…"
  FLASH_TOKENS="$work/tokens.txt" FLASH_CAMPAIGN="$1" FLASH_PATH="${4:-}" \
    bash -c 'TIMEFORMAT="cpu_s=%U+%S"; time wrk "$@"' wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3s" \
    --timeout 10s -s bench/flash/entries.lua "$url" > "$work/wrk-$2.txt" 2>&1
  echo "$(grep '^FLASH' "$work/wrk-$2.txt") $(grep -oP '^cpu_s=\S+' "$work/wrk-$2.txt")"
}
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
summary() {  # label line
  local line=$2 ok req dur
  ok=$(field ok "$line"); req=$(field requests "$line"); dur=$(field duration_us "$line")
  printf '%-8s %7d answers/s %7d 2xx/s  p50 %6s ms  p99 %6s ms  wrk cpu %s s\n' "$1" \
    $((req * 1000000 / dur)) $((ok * 1000000 / dur)) "$(ms "$(field p50_us "$line")")" \
    "$(ms "$(field p99_us "$line")")" "$(grep -oP 'cpu_s=\K\S+' <<<"$line")"
  echo "         $line"
}

echo "== ceiling: GET /api/v1/health through nginx, $CONNECTIONS connections, ${CEILING_SECONDS}s"
health_line=$(run_wrk 0 health "$CEILING_SECONDS" /api/v1/health)
# The members' sessions are read once before the crowd, as the SQLite run's ceiling does.
run_wrk 0 warm "$CEILING_SECONDS" /api/v1/me/points >/dev/null
writes_before=$(metric gonghui_db_writes_total)
commits_before=$(metric gonghui_db_commits_total)
echo "== wrk: lottery entries through nginx to 2 instances, $CONNECTIONS connections, ${DURATION}s"
lottery_line=$(run_wrk "$lottery" lottery "$DURATION")
writes=$(($(metric gonghui_db_writes_total) - writes_before))
commits=$(($(metric gonghui_db_commits_total) - commits_before))

echo "== verify"
lottery_ok=$(field ok "$lottery_line")
"$bin/bench/flash_tool" verify --db "$db" --lottery "$lottery" --claim "$claim" --stock "$stock" \
  --entries-min "$lottery_ok" --entries-max $((lottery_ok + CONNECTIONS)) --vouchers-min 0 \
  --vouchers-max 0
"$bin/gonghui" check --db "$db" | tail -1

echo "== pgbench: the same entry transaction, one transaction per entry, $PGBENCH_CLIENTS clients"
pg_line=$(PGDATABASE=pgbench_flash bash bench/flash/pgbench.sh "$MEMBERS" "$DURATION" \
  "$PGBENCH_CLIENTS" 2>/dev/null | grep '^PGBENCH')

echo
echo "== results ($(nproc) cores, PostgreSQL fsync=$(psql -Atc 'SHOW fsync') synchronous_commit=$(psql -Atc 'SHOW synchronous_commit'), 2 instances behind nginx, $MEMBERS members)"
summary health "$health_line"
summary lottery "$lottery_line"
echo "         $writes writes in $commits commits ($(awk -v w="$writes" -v c="$commits" 'BEGIN { printf "%.1f", c ? w / c : 0 }') per commit)"
tps=$(field tps "$pg_line")
echo "pgbench  $tps entries/s ($pg_line)"
dur=$(field duration_us "$lottery_line")
echo "ratio    gonghui lottery 2xx/s ÷ pgbench entries/s = $(awk -v ok="$lottery_ok" -v dur="$dur" -v tps="$tps" 'BEGIN { printf "%.2f", ok * 1000000 / dur / tps }')"
