#!/usr/bin/env bash
# The conventional baseline for bench/flash: what a service doing one database transaction
# per entry gets from PostgreSQL. The transaction is gonghui's entry without its HTTP and
# session work: count the member's use within the limit, debit the member's points (never
# below zero), record the transfer, record the entry. (gonghui's ledger also credits the
# union's campaign-spending account; leaving that hot row out makes the baseline faster, not
# slower.) Run under pg_virtualenv:  bash bench/flash/pgbench.sh MEMBERS SECONDS [CLIENTS]
# Prints: PGBENCH tps=N clients=N latency_avg_ms=X
set -euo pipefail
members=${1:-100000}
seconds=${2:-30}
clients=${3:-64}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
psql -q -v ON_ERROR_STOP=1 -v members="$members" <<'SQL'
DROP TABLE IF EXISTS entries, member_counts, transfers, accounts;
CREATE TABLE accounts (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL CHECK (balance >= 0));
CREATE TABLE transfers (id BIGSERIAL PRIMARY KEY, debit BIGINT NOT NULL, credit BIGINT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount > 0), kind TEXT NOT NULL, reference TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL);
CREATE TABLE member_counts (campaign_id BIGINT NOT NULL, member_id BIGINT NOT NULL,
  used BIGINT NOT NULL, PRIMARY KEY (campaign_id, member_id));
CREATE TABLE entries (id BIGSERIAL PRIMARY KEY, campaign_id BIGINT NOT NULL,
  member_id BIGINT NOT NULL, tickets INT NOT NULL, points BIGINT NOT NULL, spend_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL);
CREATE INDEX entries_campaign ON entries (campaign_id, member_id);
INSERT INTO accounts SELECT g, 100000 FROM generate_series(1, :members) g;
VACUUM ANALYZE;
SQL
cat > "$dir/entry.sql" <<EOF2
\set mid random(1, $members)
BEGIN;
INSERT INTO member_counts VALUES (1, :mid, 0) ON CONFLICT DO NOTHING;
UPDATE member_counts SET used = used + 1 WHERE campaign_id = 1 AND member_id = :mid AND used + 1 <= 100000;
UPDATE accounts SET balance = balance - 1 WHERE id = :mid AND balance >= 1;
INSERT INTO transfers (debit, credit, amount, kind, reference, idempotency_key, created_at)
  VALUES (:mid, 0, 1, 'spend', 'campaign_entry', md5(random()::text || clock_timestamp()::text), 0);
INSERT INTO entries (campaign_id, member_id, tickets, points, spend_id, created_at)
  VALUES (1, :mid, 1, 1, currval('transfers_id_seq'), 0);
END;
EOF2
out=$(pgbench -n -c "$clients" -j 2 -T "$seconds" -f "$dir/entry.sql" 2>&1)
tps=$(grep -oP 'tps = \K[0-9]+' <<<"$out" | head -1)
lat=$(grep -oP 'latency average = \K[0-9.]+' <<<"$out" | head -1)
echo "PGBENCH tps=$tps clients=$clients latency_avg_ms=$lat"
