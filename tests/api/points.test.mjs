// Points over HTTP: a whole-federation grant interrupted by kill -9 and re-sent grants each
// member exactly once; bad amounts; the member's balance, history and check-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, runCli } from './harness.mjs';

let server;
let db;
let owner;  // the first server made the database; it is removed at the end
async function login(target, phone) {
  const response = await request(target, 'POST', '/api/v1/auth/login', { json: { phone, password: 'gonghui-demo' } });
  assert.equal(response.status, 200, response.text);
  return response.body.token;
}

before(async () => {
  server = await startServer({ demo: true });
  owner = server;
  db = server.database.url;
});
after(async () => {
  await server.stop();
  owner.database.cleanup();
});

test('bad amounts are 400 naming amount, and move nothing', async () => {
  const token = await login(server, '13800000000');
  const orgs = await request(server, 'GET', '/api/v1/orgs', { token });
  const root = orgs.body.items[0];
  // The demo's yearly grant: 200 points to each member of two of its three districts.
  const before = (await request(server, 'GET', `/api/v1/orgs/${root.id}/points/summary`, { token })).body;
  assert.ok(before.issued > 0 && before.issued % 200 === 0, JSON.stringify(before));
  for (const amount of [-5, 0, 1.5, '10', 2 ** 60, null, undefined]) {
    const body = { org_id: root.id, reason: 'x' };
    if (amount !== undefined) body.amount = amount;
    const response = await request(server, 'POST', '/api/v1/points/grants', { token, json: body, headers: { 'idempotency-key': `bad-${String(amount)}` } });
    assert.equal(response.status, 400, `${amount}: ${response.text}`);
    assert.equal(response.body.error.field, 'amount');
  }
  const summary = await request(server, 'GET', `/api/v1/orgs/${root.id}/points/summary`, { token });
  assert.equal(summary.body.issued, before.issued);
});

test('a grant preview counts the members and the budget left, and grants nothing', async () => {
  const token = await login(server, '13800000000');
  const orgs = (await request(server, 'GET', '/api/v1/orgs', { token })).body.items;
  const district = orgs.find((o) => o.name === '江北区总工会');
  const members = [];
  for (let cursor = ''; ; ) {
    const page = (await request(server, 'GET', `/api/v1/members?org_id=${district.id}&status=active&limit=500${cursor}`, { token })).body;
    members.push(...page.items);
    if (!page.next_cursor) break;
    cursor = `&cursor=${page.next_cursor}`;
  }
  const budget = await request(server, 'PUT', `/api/v1/orgs/${district.id}/points/budget`, {
    token, json: { budget: 1000000 }, headers: { 'idempotency-key': 'preview-budget' },
  });
  assert.equal(budget.status, 200, budget.text);
  const before = (await request(server, 'GET', `/api/v1/orgs/${district.id}/points/summary`, { token })).body;
  const grantsBefore = (await request(server, 'GET', '/api/v1/points/grants?limit=50', { token })).body.items.length;

  const body = { org_id: district.id, from_org_id: district.id, amount: 50, reason: '预览' };
  const preview = await request(server, 'POST', '/api/v1/points/grants/preview', { token, json: body });
  assert.equal(preview.status, 200, preview.text);
  assert.equal(preview.body.recipients, members.length);
  assert.equal(preview.body.total, 50 * members.length);
  assert.equal(preview.body.budget_left, 1000000 - before.budget_used - 50 * members.length);

  // Nothing happened: no grant, no points, no budget used.
  const after = (await request(server, 'GET', `/api/v1/orgs/${district.id}/points/summary`, { token })).body;
  assert.deepEqual([after.issued, after.held, after.budget_used], [before.issued, before.held, before.budget_used]);
  assert.equal((await request(server, 'GET', '/api/v1/points/grants?limit=50', { token })).body.items.length, grantsBefore);

  // Too big for the budget: the same error the grant itself would give.
  const tooBig = await request(server, 'POST', '/api/v1/points/grants/preview', { token, json: { ...body, amount: 100000 } });
  assert.deepEqual([tooBig.status, tooBig.body.error.code, tooBig.body.error.field], [409, 'budget_exceeded', 'amount']);
  const noReason = await request(server, 'POST', '/api/v1/points/grants/preview', { token, json: { ...body, reason: '' } });
  assert.deepEqual([noReason.status, noReason.body.error.field], [400, 'reason']);
});

test('a grant to every member, killed mid-way and re-sent, grants each member once', async () => {
  let token = await login(server, '13800000000');
  const orgs = await request(server, 'GET', '/api/v1/orgs', { token });
  const root = orgs.body.items[0];
  const base = orgs.body.items.find((o) => o.kind === 'base');
  const before = (await request(server, 'GET', `/api/v1/orgs/${root.id}/points/summary`, { token })).body;
  // 40,000 more members so that the grant takes long enough to be interrupted.
  const lines = ['name,phone,card_no,org'];
  for (let i = 0; i < 40000; i += 1) lines.push(`职工${i},150${String(i).padStart(8, '0')},BULK${String(i).padStart(7, '0')},${base.id}`);
  const imported = await request(server, 'POST', '/api/v1/members/import', { token, body: lines.join('\n'), headers: { 'content-type': 'text/csv' } });
  assert.equal(imported.status, 200, imported.text);
  const grant = { org_id: root.id, amount: 7, reason: '劳动节福利' };
  const members = (await request(server, 'POST', '/api/v1/points/grants/preview', { token, json: grant })).body.recipients;
  assert.ok(members > 40000, String(members));
  const headers = { 'idempotency-key': 'labour-day-2026' };
  const first = request(server, 'POST', '/api/v1/points/grants', { token, json: grant, headers }).catch(() => 'killed');
  await new Promise((resolve) => setTimeout(resolve, 300));
  await server.stop('SIGKILL', { keepDatabase: true });
  await first;

  server = await startServer({ db });
  token = await login(server, '13800000000');
  let answer = await request(server, 'POST', '/api/v1/points/grants', { token, json: grant, headers });
  assert.ok([200, 201, 202].includes(answer.status), answer.text);
  for (let i = 0; i < 600 && answer.body.status !== 'done'; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    answer = await request(server, 'GET', `/api/v1/points/grants/${answer.body.id}`, { token });
  }
  assert.equal(answer.body.status, 'done');
  assert.equal(answer.body.recipients, members);
  assert.equal(answer.body.granted, members);
  assert.equal(answer.body.points_granted, 7 * members);
  // The list shows the finished grant exactly as reading it alone does.
  const listed = await request(server, 'GET', '/api/v1/points/grants?limit=5', { token });
  assert.deepEqual(listed.body.items.find((g) => g.id === answer.body.id), answer.body);

  const summary = await request(server, 'GET', `/api/v1/orgs/${root.id}/points/summary`, { token });
  assert.equal(summary.body.issued, before.issued + 7 * members);
  assert.equal(summary.body.held, before.held + 7 * members);
  const sample = await request(server, 'GET', `/api/v1/members?q=${encodeURIComponent('职工3999')}&limit=5`, { token });
  for (const member of sample.body.items) {
    const history = await request(server, 'GET', `/api/v1/members/${member.id}/points/transfers`, { token });
    assert.equal(history.body.balance, 7);
    assert.equal(history.body.items.filter((t) => t.kind === 'grant').length, 1);
  }
  const conflict = await request(server, 'POST', '/api/v1/points/grants', { token, json: { ...grant, amount: 8 }, headers });
  assert.equal(conflict.status, 409);
  assert.equal(conflict.body.error.code, 'idempotency_conflict');

  await server.stop('SIGTERM', { keepDatabase: true });
  const check = runCli(['check', '--db', db]);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  server = await startServer({ db });
});

test('a member sees balance and history, and checks in once a day', async () => {
  const token = await login(server, '13900000001');
  const points = await request(server, 'GET', '/api/v1/me/points', { token });
  assert.equal(points.status, 200);
  assert.equal(points.body.balance, 7);
  const checkin = await request(server, 'POST', '/api/v1/me/checkin', { token });
  assert.equal(checkin.status, 201, checkin.text);
  assert.equal(checkin.body.balance, 7 + checkin.body.points);
  const again = await request(server, 'POST', '/api/v1/me/checkin', { token });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'already_checked_in');
  const history = await request(server, 'GET', '/api/v1/me/points/transfers', { token });
  assert.deepEqual(history.body.items.map((t) => t.kind), ['checkin', 'grant']);
  const admin = await login(server, '13800000001');
  const denied = await request(server, 'GET', '/api/v1/me/points', { token: admin });
  assert.equal(denied.status, 403);
});
