// Two gonghui instances on one PostgreSQL database, driven at the same time the way a load
// balancer would spread members over them: stock and points stay exact, idempotency keys,
// sessions and sign-in throttling hold across instances, caches follow writes made on the
// other instance, and `gonghui check` passes afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInstances, request, runCli, engine, png, whenNotBusy } from '../api/harness.mjs';

let cluster;
let a;
let b;
const tokens = new Map();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const METRICS_TOKEN = 'instances-test-metrics-token';
const iso = (ms) => new Date(ms).toISOString();

async function login(server, phone) {
  const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone, password: 'gonghui-demo' } });
  assert.equal(response.status, 200, response.text);
  return response.body.token;
}
// One token per phone, signed in on alternating instances (any instance accepts any token).
async function tokenFor(phone) {
  if (!tokens.has(phone)) tokens.set(phone, await login(tokens.size % 2 ? b : a, phone));
  return tokens.get(phone);
}
const ADMIN = '13800000000';
const memberPhone = (i) => `139${String(i).padStart(8, '0')}`;
async function memberTokens(first, count) {
  const out = [];
  for (let i = first; i < first + count; i += 1) out.push(await tokenFor(memberPhone(i)));
  return out;
}
async function balance(server, token) {
  const response = await request(server, 'GET', '/api/v1/me/points', { token });
  assert.equal(response.status, 200, response.text);
  return response.body;
}
async function createCampaign(server, fields) {
  const admin = await tokenFor(ADMIN);
  const now = Date.now();
  const created = await request(server, 'POST', '/api/v1/campaigns', {
    token: admin,
    json: { brand: '连工助农', opens_at: iso(now - 60000), closes_at: iso(now + 3600000), ...fields },
  });
  assert.equal(created.status, 201, created.text);
  const published = await request(server === a ? b : a, 'POST', `/api/v1/campaigns/${created.body.id}/publish`, { token: admin });
  assert.equal(published.status, 200, published.text);
  return published.body;
}
async function grant(server, memberIds, amount, key) {
  const response = await request(server, 'POST', '/api/v1/points/grants', {
    token: await tokenFor(ADMIN), headers: { 'idempotency-key': key },
    json: { member_ids: memberIds, amount, reason: '多实例测试' },
  });
  return response;
}
// Tallies responses by status and error code, e.g. { '201': 40, '409 sold_out': 200 }.
function tally(responses) {
  const out = {};
  for (const r of responses) {
    const key = r.status >= 400 ? `${r.status} ${r.body?.error?.code}` : String(r.status);
    out[key] = (out[key] || 0) + 1;
  }
  return out;
}

before(async () => {
  assert.equal(engine, 'postgresql', 'the multi-instance suite runs on PostgreSQL (GONGHUI_TEST_ENGINE)');
  cluster = await startInstances(2, { demo: true, args: ['--access-log=false', '--trust-proxy', `--metrics-token=${METRICS_TOKEN}`] });
  [a, b] = cluster.servers;
});
after(async () => { await cluster?.stop(); });

test('a session opened on one instance works on the other, and signing out ends it there', async () => {
  const phone = memberPhone(1900);
  const token = await login(a, phone);
  const me = await request(b, 'GET', '/api/v1/me', { token });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.account.phone, phone);
  const out = await request(a, 'POST', '/api/v1/auth/logout', { token });
  assert.equal(out.status, 200, out.text);
  const after = await request(b, 'GET', '/api/v1/me', { token });
  assert.equal(after.status, 401);
  assert.equal(after.body.error.code, 'session_invalid');
});

test('failed sign-ins are throttled by their total over both instances', async () => {
  const phone = memberPhone(1901);
  // 5 failures per number lock it; they arrive 3 at one instance and 2 at the other, two at
  // a time, so that both instances count at once.
  const wrong = (server) => request(server, 'POST', '/api/v1/auth/login', { json: { phone, password: 'not-the-password' } });
  const first = await Promise.all([wrong(a), wrong(b)]);
  const second = await Promise.all([wrong(a), wrong(b)]);
  const third = await wrong(a);
  for (const r of [...first, ...second, third]) assert.equal(r.status, 401, r.text);
  for (const server of [b, a]) {
    const locked = await request(server, 'POST', '/api/v1/auth/login', { json: { phone, password: 'gonghui-demo' } });
    assert.equal(locked.status, 429, locked.text);
    assert.equal(locked.body.error.code, 'too_many_attempts');
  }
});

test('simultaneous sign-ins for one number through both instances: at most the limit are checked', async () => {
  const phone = memberPhone(1902);
  // From an address of its own (the instances trust X-Forwarded-For), so that these failures
  // do not count against the address the other tests sign in from.
  const attempt = (server, i) => request(server, 'POST', '/api/v1/auth/login', {
    json: { phone, password: i === 0 ? 'gonghui-demo' : 'not-the-password' }, headers: { 'x-forwarded-for': '198.51.100.77' },
  });
  const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => attempt(i % 2 ? a : b, i)));
  const statuses = answers.map((r) => r.status);
  const checked = statuses.filter((s) => s === 401 || s === 200).length;
  // Each attempt is counted in the shared database before its password is checked; a right
  // password gives back only its own attempt.
  assert.ok(checked <= 6, statuses.join(','));
  assert.equal(statuses.filter((s) => s === 429).length, 24 - checked, statuses.join(','));
});

test('concurrent claims through both instances give out exactly the stock', async () => {
  const stock = 40;
  const campaign = await createCampaign(a, {
    kind: 'claim', title: '限量领取西瓜', points_cost: 0, per_member_limit: 100,
    prizes: [{ tier: 1, name: '西瓜一个', quantity: stock, value_fen: 3000 }],
  });
  const members = await memberTokens(1801, 10);
  const claims = [];
  for (let i = 0; i < 200; i += 1) {
    claims.push(request(i % 2 ? b : a, 'POST', `/api/v1/campaigns/${campaign.id}/entries`, { token: members[i % members.length], json: {} }));
  }
  const responses = await Promise.all(claims);
  assert.deepEqual(tally(responses), { 201: stock, '409 sold_out': 200 - stock });
  for (const r of responses.filter((x) => x.status === 201)) {
    assert.ok(r.body.voucher?.code, `every 2xx carries its voucher: ${r.text}`);
  }
  let vouchers = 0;
  for (const token of members) {
    const mine = await request(b, 'GET', '/api/v1/me/vouchers', { token });
    assert.equal(mine.status, 200, mine.text);
    vouchers += mine.body.items.filter((v) => v.campaign_id === campaign.id).length;
  }
  assert.equal(vouchers, stock);
  const after = await request(a, 'GET', `/api/v1/campaigns/${campaign.id}`, { token: await tokenFor(ADMIN) });
  assert.equal(after.body.prizes[0].remaining, 0);
});

test('concurrent lottery entries take exactly the points of the accepted entries', async () => {
  const memberTokensList = await memberTokens(1701, 8);
  const ids = [];
  for (const token of memberTokensList) ids.push((await balance(a, token)).member_id);
  const granted = await grant(b, ids, 30, `multi-lottery-points-${Date.now()}`);
  assert.equal(granted.status, 201, granted.text);
  const start = [];
  for (const token of memberTokensList) start.push((await balance(a, token)).balance);
  const campaign = await createCampaign(b, {
    kind: 'lottery', title: '积分抽奖', points_cost: 7, per_member_limit: 5, beacon_source: 'test',
    prizes: [{ tier: 1, name: '葡萄采摘券', quantity: 3, value_fen: 6000 }],
  });
  const entries = [];
  for (let m = 0; m < memberTokensList.length; m += 1) {
    for (let i = 0; i < 8; i += 1) {
      entries.push(request((m + i) % 2 ? a : b, 'POST', `/api/v1/campaigns/${campaign.id}/entries`, { token: memberTokensList[m], json: { tickets: 1 } }).then((r) => ({ m, r })));
    }
  }
  const results = await Promise.all(entries);
  for (const { r } of results) {
    assert.ok(r.status === 201 || (r.status === 409 && ['insufficient_points', 'limit_reached'].includes(r.body.error.code)), r.text);
  }
  for (let m = 0; m < memberTokensList.length; m += 1) {
    const accepted = results.filter((x) => x.m === m && x.r.status === 201).length;
    assert.equal(accepted, Math.min(5, Math.floor(start[m] / 7)), `member ${m}`);
    const now = await balance(m % 2 ? a : b, memberTokensList[m]);
    assert.equal(now.balance, start[m] - 7 * accepted, `member ${m}`);
  }
});

// A counter of an instance's /metrics.
async function metric(server, name) {
  const response = await request(server, 'GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  assert.equal(response.status, 200, response.text);
  const line = response.text.split('\n').find((l) => l.startsWith(`${name} `));
  assert.ok(line, `${name} in /metrics`);
  return Number(line.split(' ')[1]);
}

test('a crowd entering through both instances is written in shared transactions, within every limit', async () => {
  const members = await memberTokens(1601, 30);
  const ids = [];
  for (const token of members) ids.push((await balance(a, token)).member_id);
  const granted = await grant(a, ids, 40, `multi-crowd-points-${Date.now()}`);
  assert.equal(granted.status, 201, granted.text);
  const start = [];
  for (const token of members) start.push((await balance(b, token)).balance);
  const lottery = await createCampaign(a, {
    kind: 'lottery', title: '人群抽奖', points_cost: 3, per_member_limit: 6, beacon_source: 'test',
    prizes: [{ tier: 1, name: '苹果礼盒', quantity: 5, value_fen: 5000 }],
  });
  // The same members also claim, paying points, in the same moments: their balance is read
  // by both kinds of entry.
  const giveaway = await createCampaign(b, {
    kind: 'claim', title: '人群领取', points_cost: 5, per_member_limit: 100,
    prizes: [{ tier: 1, name: '梨一箱', quantity: 25, value_fen: 4000 }],
  });
  const before = { writes: [await metric(a, 'gonghui_db_writes_total'), await metric(b, 'gonghui_db_writes_total')],
    commits: [await metric(a, 'gonghui_db_commits_total'), await metric(b, 'gonghui_db_commits_total')] };
  const sent = [];
  for (let i = 0; i < 10; i += 1) {
    for (let m = 0; m < members.length; m += 1) {
      const server = (m + i) % 2 ? a : b;
      const campaign = i % 5 === 4 ? giveaway : lottery;
      const json = campaign === lottery ? { tickets: 1 } : {};
      sent.push(whenNotBusy(() => request(server, 'POST', `/api/v1/campaigns/${campaign.id}/entries`, { token: members[m], json }))
        .then((r) => ({ m, kind: campaign.kind, r })));
    }
  }
  const results = await Promise.all(sent);
  const allowed = ['limit_reached', 'sold_out'];
  for (const { r } of results) {
    assert.ok(r.status === 201 || (r.status === 409 && allowed.includes(r.body.error.code)), r.text);
  }
  let claimed = 0;
  for (let m = 0; m < members.length; m += 1) {
    const mine = results.filter((x) => x.m === m && x.r.status === 201);
    const tickets = mine.filter((x) => x.kind === 'lottery').length;
    const claims = mine.filter((x) => x.kind === 'claim').length;
    claimed += claims;
    // Eight tries each and points for all of them: exactly the limit.
    assert.equal(tickets, 6, `member ${m}: the per-member limit of 6, no more, no fewer`);
    const spent = 3 * tickets + 5 * claims;
    const now = await balance(m % 2 ? a : b, members[m]);
    assert.equal(now.balance, start[m] - spent, `member ${m}: exactly the points of the accepted entries`);
    assert.ok(now.balance >= 0);
    const entries = await request(m % 2 ? b : a, 'GET', `/api/v1/campaigns/${lottery.id}/my-entries`, { token: members[m] });
    assert.equal(entries.status, 200, entries.text);
    assert.equal(entries.body.items.length, tickets, `member ${m}: my entries are the accepted ones`);
  }
  assert.equal(claimed, 25, 'the stock of 25 is given out, no more');
  // Shared transactions: over both instances, fewer commits than entries written.
  const writes = (await metric(a, 'gonghui_db_writes_total')) + (await metric(b, 'gonghui_db_writes_total')) - before.writes[0] - before.writes[1];
  const commits = (await metric(a, 'gonghui_db_commits_total')) + (await metric(b, 'gonghui_db_commits_total')) - before.commits[0] - before.commits[1];
  const accepted = results.filter((x) => x.r.status === 201).length;
  assert.ok(writes >= accepted, `${writes} writes for ${accepted} accepted entries`);
  assert.ok(commits < writes / 2, `${commits} commits for ${writes} writes`);
});

test('a grant sent to both instances with one Idempotency-Key grants once', async () => {
  const token = await tokenFor(memberPhone(1601));
  const { member_id: memberId, balance: before } = await balance(a, token);
  const key = `multi-grant-${Date.now()}`;
  const [first, second] = await Promise.all([grant(a, [memberId], 11, key), grant(b, [memberId], 11, key)]);
  assert.equal(first.status, 201, first.text);
  assert.equal(second.status, 201, second.text);
  assert.equal(first.body.id, second.body.id);
  assert.equal([first, second].filter((r) => r.headers.get('idempotent-replayed') === 'true').length, 1);
  assert.equal((await balance(b, token)).balance, before + 11);
  const conflict = await grant(b, [memberId], 12, key);
  assert.equal(conflict.status, 409, conflict.text);
  assert.equal(conflict.body.error.code, 'idempotency_conflict');
  assert.equal((await balance(a, token)).balance, before + 11);
});

test('a claim sent to both instances with one Idempotency-Key is taken once', async () => {
  const campaign = await createCampaign(a, {
    kind: 'claim', title: '限量领取苹果', points_cost: 0, per_member_limit: 5,
    prizes: [{ tier: 1, name: '苹果一箱', quantity: 5, value_fen: 5000 }],
  });
  const token = await tokenFor(memberPhone(1602));
  const send = (server) => request(server, 'POST', `/api/v1/campaigns/${campaign.id}/entries`, { token, json: {}, headers: { 'idempotency-key': 'claim-once' } });
  const [first, second] = await Promise.all([send(a), send(b)]);
  assert.equal(first.status, 201, first.text);
  assert.equal(second.status, 201, second.text);
  assert.equal(first.body.id, second.body.id);
  assert.equal(first.body.voucher.code, second.body.voucher.code);
  const other = await request(b, 'POST', `/api/v1/campaigns/${campaign.id}/entries`, { token, json: { tickets: 2 }, headers: { 'idempotency-key': 'claim-once' } });
  assert.equal(other.status, 409);
  assert.equal(other.body.error.code, 'idempotency_conflict');
  const mine = await request(a, 'GET', '/api/v1/me/vouchers', { token });
  assert.equal(mine.body.items.filter((v) => v.campaign_id === campaign.id).length, 1);
});

test('a lottery drawn on both instances at once is drawn once', async () => {
  const now = Date.now();
  const campaign = await createCampaign(a, {
    kind: 'lottery', title: '同时开奖', points_cost: 0, per_member_limit: 1, beacon_source: 'test',
    opens_at: iso(now - 60000), closes_at: iso(now + 2500),
    prizes: [{ tier: 1, name: '蓝莓一盒', quantity: 1, value_fen: 4000 }],
  });
  for (const [i, token] of (await memberTokens(1603, 2)).entries()) {
    const entered = await request(i ? a : b, 'POST', `/api/v1/campaigns/${campaign.id}/entries`, { token, json: { tickets: 1 } });
    assert.equal(entered.status, 201, entered.text);
  }
  await sleep(Math.max(0, now + 2700 - Date.now()));
  const admin = await tokenFor(ADMIN);
  const draw = (server) => request(server, 'POST', `/api/v1/campaigns/${campaign.id}/draw`, { token: admin, json: { beacon_value: 'round 1' } });
  const results = await Promise.all([draw(a), draw(b)]);
  assert.deepEqual(tally(results), { 200: 1, '409 already_drawn': 1 });
  const bundle = await request(b, 'GET', `/api/v1/campaigns/${campaign.id}/audit`);
  assert.equal(bundle.body.winners.length, 1);
});

test('a merchant approved or renamed on one instance is found by search on the other at once', async () => {
  const admin = await tokenFor(ADMIN);
  const applied = await request(a, 'POST', '/api/v1/merchant-applications', {
    json: { name: '多实例蓝莓农场', category: 'farm', address: '江北区幸福村8号', lat: 30.3, lng: 120.2, contact_name: '王场长', phone: '13912340000', licence_no: '91330100MA2MULTI1', description: '蓝莓采摘' },
  });
  assert.equal(applied.status, 201, applied.text);
  const search = async (server, q) => (await request(server, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}&kind=merchant`, { token: admin })).body.items.map((hit) => hit.name);
  assert.deepEqual(await search(b, '多实例蓝莓'), []);
  const now = Date.now();
  const approved = await request(a, 'POST', `/api/v1/merchant-applications/${applied.body.id}/approve`, {
    token: admin, json: { contract_start: iso(now - 86400000), contract_end: iso(now + 365 * 86400000) },
  });
  assert.equal(approved.status, 201, approved.text);
  // The staleness bound of the search cache is 0: the next search anywhere sees the write.
  assert.deepEqual(await search(b, '多实例蓝莓'), ['多实例蓝莓农场']);
  const renamed = await request(b, 'PATCH', `/api/v1/merchants/${approved.body.id}`, { token: admin, json: { name: '多实例草莓农场' } });
  assert.equal(renamed.status, 200, renamed.text);
  assert.deepEqual(await search(a, '多实例草莓'), ['多实例草莓农场']);
  assert.deepEqual(await search(a, '多实例蓝莓'), []);
});

test('a photo uploaded through one instance is served by the other', async () => {
  // Without metadata, so that what is served is byte for byte what was sent.
  const photo = png({ withText: false });
  const uploaded = await request(a, 'POST', '/api/v1/photos', { body: photo, headers: { 'content-type': 'image/png' } });
  assert.equal(uploaded.status, 201, uploaded.text);
  const served = await fetch(`${b.url}/api/v1/photos/${uploaded.body.id}`);
  assert.equal(served.status, 200);
  assert.deepEqual(Buffer.from(await served.arrayBuffer()), photo);
});

test('gonghui check passes on the shared database afterwards', async () => {
  const result = runCli(['check', '--db', cluster.database.url]);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /invariants hold/);
  assert.match(result.stdout, /ok +stock is never oversold/);
});
