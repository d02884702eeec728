// GET /metrics: Prometheus text format, who may read it, and counters that move with traffic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, engine, runCli } from './harness.mjs';

const metricsToken = 'scrape-secret-for-tests';
let server;
before(async () => {
  server = await startServer({ demo: true, env: { GONGHUI_METRICS_TOKEN: metricsToken } });
});
after(async () => { await server.stop(); });

async function login(phone) {
  const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone, password: 'gonghui-demo' } });
  assert.equal(response.status, 200, response.text);
  return response.body.token;
}

// Scrapes and parses the exposition into { 'name{labels}': number } plus the TYPE lines.
async function scrape(token = metricsToken) {
  const response = await request(server, 'GET', '/metrics', { token });
  assert.equal(response.status, 200, response.text);
  assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  const values = {};
  const types = {};
  for (const line of response.text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram)$/.exec(line);
    if (type) { types[type[1]] = type[2]; continue; }
    if (line.startsWith('# HELP ')) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    assert.ok(sample, `not a sample line: ${line}`);
    values[sample[1]] = Number(sample[2]);
  }
  return { values, types, text: response.text };
}

test('metrics are not public: the metrics token or a platform admin', async () => {
  assert.equal((await request(server, 'GET', '/metrics')).status, 401);
  assert.equal((await request(server, 'GET', '/metrics', { token: 'wrong-token' })).status, 401);
  const member = await login('13900000001');
  const denied = await request(server, 'GET', '/metrics', { token: member });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.error.code, 'forbidden');
  const admin = await login('13800000000');
  await scrape(admin);
  await scrape(metricsToken);
  assert.equal((await request(server, 'POST', '/metrics', { token: metricsToken })).status, 405);
});

test('every documented metric is there with its type', async () => {
  const { types } = await scrape();
  assert.deepEqual(
    Object.fromEntries(Object.entries(types).filter(([name]) => !name.startsWith('gonghui_http_connections'))),
    {
      gonghui_build_info: 'gauge',
      gonghui_http_requests_total: 'counter',
      gonghui_http_request_duration_seconds: 'histogram',
      gonghui_http_in_flight: 'gauge',
      gonghui_http_rejected_total: 'counter',
      gonghui_db_commits_total: 'counter',
      gonghui_db_writes_total: 'counter',
      gonghui_db_pool_in_use: 'gauge',
      gonghui_db_pool_size: 'gauge',
      gonghui_sessions_remembered_total: 'counter',
      gonghui_campaign_entries_total: 'counter',
      gonghui_campaign_claims_total: 'counter',
    });
});

test('the build-info metric names the running version', async () => {
  const { values } = await scrape();
  const version = runCli(['version']).stdout.trim().split(' ')[1];
  assert.equal(values[`gonghui_build_info{version="${version}"}`], 1);
});

test('requests, the latency histogram and the store counters move with traffic', async () => {
  const before = (await scrape()).values;
  for (let i = 0; i < 5; i++) {
    assert.equal((await request(server, 'GET', '/api/v1/health')).status, 200);
  }
  assert.equal((await request(server, 'GET', '/api/v1/no/such/route')).status, 404);
  const admin = await login('13800000000');
  const org = await request(server, 'GET', '/api/v1/orgs', { token: admin });
  assert.equal(org.status, 200, org.text);
  const again = await request(server, 'GET', '/api/v1/orgs', { token: admin });
  assert.equal(again.status, 200, again.text);
  const after = (await scrape()).values;
  const ok = 'gonghui_http_requests_total{method="GET",status="200"}';
  assert.ok(after[ok] - before[ok] >= 7, `${before[ok]} → ${after[ok]}`);
  const missing = 'gonghui_http_requests_total{method="GET",status="404"}';
  assert.equal(after[missing] - (before[missing] ?? 0), 1);
  assert.ok(after['gonghui_http_requests_total{method="POST",status="200"}'] >= 1, 'the sign-in');

  const count = 'gonghui_http_request_duration_seconds_count';
  assert.ok(after[count] - before[count] >= 9, `${before[count]} → ${after[count]}`);
  assert.ok(after['gonghui_http_request_duration_seconds_sum'] > before['gonghui_http_request_duration_seconds_sum']);
  assert.equal(after['gonghui_http_request_duration_seconds_bucket{le="+Inf"}'], after[count]);
  let previous = 0;
  for (const le of ['0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf']) {
    const bucket = after[`gonghui_http_request_duration_seconds_bucket{le="${le}"}`];
    assert.ok(bucket >= previous, `bucket ${le} is cumulative`);
    previous = bucket;
  }
  assert.ok(after['gonghui_http_in_flight'] >= 1, 'the scrape itself is in flight');
  assert.ok(after['gonghui_db_pool_size'] >= 1);
  assert.ok(after['gonghui_db_pool_in_use'] >= 0);
  assert.ok(after['gonghui_db_writes_total'] > before['gonghui_db_writes_total'], 'the sign-in wrote a session');
  assert.ok(after['gonghui_db_commits_total'] >= 1);
  assert.ok(after['gonghui_db_commits_total'] <= after['gonghui_db_writes_total'] + 100);
  assert.equal(after['gonghui_http_rejected_total{reason="overload"}'], 0);
  // The second request with the same session was checked from memory (SQLite only: on
  // PostgreSQL other instances change sessions too, so each check reads the database).
  const remembered = after['gonghui_sessions_remembered_total'] - before['gonghui_sessions_remembered_total'];
  if (engine === 'postgresql') assert.equal(remembered, 0);
  else assert.ok(remembered >= 1, `${remembered}`);
});

test('lottery entries and claims count by kind and result', async () => {
  const admin = await login('13800000000');
  const member = await login('13900000001');
  const now = Date.now();
  const create = async (body) => {
    const created = await request(server, 'POST', '/api/v1/campaigns', { token: admin, json: body });
    assert.equal(created.status, 201, created.text);
    const published = await request(server, 'POST', `/api/v1/campaigns/${created.body.id}/publish`, { token: admin });
    assert.equal(published.status, 200, published.text);
    return created.body.id;
  };
  const window = { opens_at: new Date(now - 60000).toISOString(), closes_at: new Date(now + 3600000).toISOString() };
  const lottery = await create({ kind: 'lottery', title: '指标抽奖', ...window, points_cost: 0, per_member_limit: 3, prizes: [{ name: '西瓜', quantity: 1 }] });
  const claim = await create({ kind: 'claim', title: '指标领取', ...window, points_cost: 0, per_member_limit: 2, one_prize_per_member: false, prizes: [{ name: '蔬菜礼包', quantity: 1 }] });

  const before = (await scrape()).values;
  const enter = (id, key) => request(server, 'POST', `/api/v1/campaigns/${id}/entries`, { token: member, json: {}, headers: key ? { 'idempotency-key': key } : {} });
  assert.equal((await enter(lottery, 'metrics-lottery-1')).status, 201);
  assert.equal((await enter(lottery, 'metrics-lottery-1')).status, 201, 'a replay');
  assert.equal((await enter(lottery)).status, 201);
  const won = await enter(claim);
  assert.equal(won.status, 201, won.text);
  const soldOut = await enter(claim);
  assert.equal(soldOut.status, 409, soldOut.text);
  assert.equal(soldOut.body.error.code, 'sold_out');
  const after = (await scrape()).values;
  const delta = (name) => after[name] - before[name];
  assert.equal(delta('gonghui_campaign_entries_total{kind="lottery"}'), 2, 'the replay is not counted twice');
  assert.equal(delta('gonghui_campaign_entries_total{kind="claim"}'), 1);
  assert.equal(delta('gonghui_campaign_entries_total{kind="booking"}'), 0);
  assert.equal(delta('gonghui_campaign_claims_total{result="won"}'), 1);
  assert.equal(delta('gonghui_campaign_claims_total{result="sold_out"}'), 1);
});
