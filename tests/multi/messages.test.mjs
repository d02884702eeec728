// Messages exactly once with two instances on one PostgreSQL and a kill -9 in between: a
// notice to the whole federation and a points grant, each interrupted on one instance and
// finished by the other (and by the killed one's restart), reach every member once; expiry
// warnings swept by both instances' runners every 200 ms are posted once per voucher.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startInstances, startServer, request, engine } from '../api/harness.mjs';

const ARGS = ['--access-log=false', '--message-sweep-ms', '200'];
const ADMIN = '13800000000';
let cluster;
let a;
let b;
let restarted;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function sql(query) {
  return execFileSync('psql', [cluster.database.url, '-Atc', query], { encoding: 'utf8' }).trim();
}
async function login(server, phone) {
  const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone, password: 'gonghui-demo' } });
  assert.equal(response.status, 200, response.text);
  return response.body.token;
}
// Members of the dedupe key with more than one message, and how many members have one.
function tally(dedupeKey) {
  return {
    doubled: Number(sql(`SELECT COUNT(*) FROM (SELECT member_id FROM messages WHERE dedupe_key = '${dedupeKey}' GROUP BY member_id HAVING COUNT(*) > 1) d`)),
    members: Number(sql(`SELECT COUNT(DISTINCT member_id) FROM messages WHERE dedupe_key = '${dedupeKey}'`)),
  };
}
// Kills `server` -9 while `send` is in flight on it, then starts a fresh instance on the database.
async function killDuring(server, send) {
  const pending = send().catch(() => null);
  await sleep(30);
  await server.stop('SIGKILL', { keepDatabase: true });
  await pending;
  return startServer({ db: cluster.database.url, args: ARGS });
}

before(async () => {
  assert.equal(engine, 'postgresql', 'the multi-instance suite runs on PostgreSQL (GONGHUI_TEST_ENGINE)');
  cluster = await startInstances(2, { demo: true, args: ARGS });
  [a, b] = cluster.servers;
});
after(async () => {
  await restarted?.stop('SIGTERM', { keepDatabase: true });
  if (b && !cluster?.servers.includes(b)) await b.stop('SIGTERM', { keepDatabase: true });
  await cluster?.stop();
});

test('a notice interrupted by kill -9 and re-sent to the other instance reaches every member once', async () => {
  const token = await login(a, ADMIN);
  const body = { title: '全体会员通知', body: '多实例测试' };
  const headers = { 'idempotency-key': 'multi-notice' };
  const send = (server) => request(server, 'POST', '/api/v1/notices', { token, json: body, headers });
  restarted = await killDuring(a, () => send(a));
  // The client retries on the other instance while the restarted one resumes what it finds.
  let notice;
  for (let i = 0; i < 50; i += 1) {
    const response = await send(b);
    assert.ok([201, 202].includes(response.status), response.text);
    notice = response.body;
    if (notice.status === 'done') break;
    await sleep(200);
  }
  assert.equal(notice.status, 'done');
  assert.ok(notice.recipients > 0);
  assert.equal(notice.delivered, notice.recipients);
  const active = Number(sql("SELECT COUNT(*) FROM members WHERE status = 'active'"));
  assert.equal(notice.recipients, active, 'a notice from the federation reaches every active member');
  assert.deepEqual(tally(`notice:${notice.id}`), { doubled: 0, members: notice.recipients });
});

test('a grant interrupted by kill -9 posts one points message to each member it granted', async () => {
  const token = await login(b, ADMIN);
  const root = (await request(b, 'GET', '/api/v1/orgs', { token })).body.items.find((o) => o.parent_id === null);
  const body = { org_id: root.id, amount: 3, reason: '多实例消息测试' };
  const headers = { 'idempotency-key': 'multi-grant-messages' };
  const send = (server) => request(server, 'POST', '/api/v1/points/grants', { token, json: body, headers });
  const next = await killDuring(b, () => send(b));
  b = next;
  let grant;
  for (let i = 0; i < 50; i += 1) {
    grant = (await send(restarted)).body;
    if (grant.status === 'done') break;
    await sleep(200);
  }
  assert.equal(grant.status, 'done', JSON.stringify(grant));
  assert.deepEqual(tally(`grant:${grant.id}`), { doubled: 0, members: grant.granted });
});

test('expiry warnings swept by two instances at once are posted once per voucher', async () => {
  const token = await login(restarted, ADMIN);
  const now = Date.now();
  const created = await request(restarted, 'POST', '/api/v1/campaigns', {
    token,
    json: {
      kind: 'claim', title: '多实例过期提醒', brand: '连工助农', opens_at: new Date(now - 60000).toISOString(),
      closes_at: new Date(now + 3600000).toISOString(), voucher_valid_days: 1, per_member_limit: 1,
      prizes: [{ tier: 1, name: '一日券', quantity: 50, value_fen: 100 }],
    },
  });
  assert.equal(created.status, 201, created.text);
  assert.equal((await request(b, 'POST', `/api/v1/campaigns/${created.body.id}/publish`, { token })).status, 200);
  let claimed = 0;
  for (let i = 1; i <= 20; i += 1) {
    const member = await login(i % 2 ? b : restarted, `139${String(i).padStart(8, '0')}`);
    const response = await request(i % 2 ? restarted : b, 'POST', `/api/v1/campaigns/${created.body.id}/entries`, { token: member, json: {} });
    if (response.status === 201) claimed += 1;
  }
  assert.ok(claimed > 0);
  // Both runners sweep every 200 ms; after a second every voucher has been warned of.
  await sleep(1500);
  const vouchers = Number(sql(`SELECT COUNT(*) FROM vouchers WHERE campaign_id = ${created.body.id}`));
  assert.equal(vouchers, claimed);
  const warned = sql(`SELECT COUNT(*), COUNT(DISTINCT dedupe_key) FROM messages WHERE kind = 'voucher_expiring' AND dedupe_key IN (SELECT 'voucher_expiring:' || CAST(id AS TEXT) FROM vouchers WHERE campaign_id = ${created.body.id})`);
  assert.equal(warned, `${claimed}|${claimed}`);
});
