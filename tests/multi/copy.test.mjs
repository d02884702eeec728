// `gonghui copy` from a populated SQLite installation to an empty PostgreSQL database: the
// copy verifies itself, `gonghui check` and `gonghui audit verify` pass on the target, the
// server on the target answers exactly as the one on the source did (the impact report,
// members, merchants, vouchers, points), and a second copy into the now full target is
// refused without writing anything.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, request, runCli } from '../api/harness.mjs';

let dir;
let sourceUrl;
let targetUrl;
const ADMIN = '13800000000';
const MEMBER = '13900000001';
const day = 86400000;
// A fixed window, so that both servers report over the same range whenever they are asked.
const to = new Date(Date.now() + 3 * day).toISOString().slice(0, 10);
const reportPath = `/api/v1/reports/impact?from=2021-01-01&to=${to}`;

async function login(server, phone) {
  const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone, password: 'gonghui-demo' } });
  assert.equal(response.status, 200, response.text);
  return response.body.token;
}
// Every page of a list, following next_cursor.
async function all(server, path, token) {
  const items = [];
  let cursor = '';
  for (;;) {
    const response = await request(server, 'GET', `${path}${path.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
    assert.equal(response.status, 200, `${path}: ${response.text}`);
    items.push(...response.body.items);
    if (!response.body.next_cursor) return items;
    cursor = response.body.next_cursor;
  }
}
// What the copy must leave unchanged, as the API serves it.
async function snapshot(server, tokens) {
  const report = await request(server, 'GET', reportPath, { token: tokens.admin });
  assert.equal(report.status, 200, report.text);
  const me = await request(server, 'GET', '/api/v1/me', { token: tokens.admin });
  const root = me.body.account.roles.find((role) => role.role === 'platform_admin').org_id;
  const summary = await request(server, 'GET', `/api/v1/orgs/${root}/points/summary`, { token: tokens.admin });
  assert.equal(summary.status, 200, summary.text);
  return {
    report: report.body,
    members: await all(server, '/api/v1/members', tokens.admin),
    merchants: await all(server, '/api/v1/merchants', tokens.admin),
    vouchers: (await request(server, 'GET', '/api/v1/me/vouchers', { token: tokens.member })).body,
    points: (await request(server, 'GET', '/api/v1/me/points', { token: tokens.member })).body,
    summary: summary.body,
    campaigns: await all(server, '/api/v1/campaigns', tokens.admin),
  };
}

let before_;
let tokens;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gonghui-copy-'));
  sourceUrl = `sqlite:${join(dir, 'source.db')}`;
  const demo = runCli(['demo', '--db', sourceUrl]);
  assert.equal(demo.status, 0, demo.stderr);
  // Activity beyond the demo data: points granted and spent, a claim, lottery entries.
  const server = await startServer({ db: sourceUrl });
  try {
    tokens = { admin: await login(server, ADMIN), member: await login(server, MEMBER) };
    const memberId = (await request(server, 'GET', '/api/v1/me/points', { token: tokens.member })).body.member_id;
    const granted = await request(server, 'POST', '/api/v1/points/grants', {
      token: tokens.admin, headers: { 'idempotency-key': 'copy-grant' },
      json: { member_ids: [memberId], amount: 100, reason: '迁移测试' },
    });
    assert.equal(granted.status, 201, granted.text);
    const now = Date.now();
    for (const [kind, cost] of [['claim', 0], ['lottery', 10]]) {
      const created = await request(server, 'POST', '/api/v1/campaigns', {
        token: tokens.admin,
        json: { kind, title: `迁移${kind}`, brand: '连工助农', opens_at: new Date(now - 60000).toISOString(),
          closes_at: new Date(now + day).toISOString(), points_cost: cost, per_member_limit: 3, beacon_source: 'test',
          prizes: [{ tier: 1, name: '西瓜', quantity: 20, value_fen: 3000 }] },
      });
      assert.equal(created.status, 201, created.text);
      const published = await request(server, 'POST', `/api/v1/campaigns/${created.body.id}/publish`, { token: tokens.admin });
      assert.equal(published.status, 200, published.text);
      const entered = await request(server, 'POST', `/api/v1/campaigns/${created.body.id}/entries`, { token: tokens.member, json: { tickets: 2 - (kind === 'claim') } });
      assert.equal(entered.status, 201, entered.text);
    }
    before_ = await snapshot(server, tokens);
  } finally {
    await server.stop();
  }
  const name = `gh_copy_${process.pid}_${Date.now()}`;
  execFileSync('psql', ['postgresql://', '-qc', `CREATE DATABASE ${name}`]);
  targetUrl = `postgresql:///${name}`;
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('copy moves a SQLite installation into an empty PostgreSQL database and verifies it', async () => {
  const copied = runCli(['copy', '--from', sourceUrl, '--to', targetUrl]);
  assert.equal(copied.status, 0, copied.stdout + copied.stderr);
  const members = /^members +(\d+) +\1 +\1$/m.exec(copied.stdout);
  assert.ok(members, copied.stdout);
  assert.equal(Number(members[1]), before_.members.length);
  assert.match(copied.stdout, /^audit_log +(\d+) +\1 +\1$/m);
  assert.match(copied.stdout, /copy verified/);
  // Claims kept their stock on one row on SQLite; on PostgreSQL it is spread over rows like a
  // new claim's, so that concurrent claims take different row locks.
  const spread = /^campaign_stock +0 +0 +(\d+) +\(\+(\d+) claim stock rows spread\)$/m.exec(copied.stdout);
  assert.ok(spread, copied.stdout);
  assert.equal(spread[1], spread[2]);
  const sql = (query) => execFileSync('psql', [targetUrl, '-Atc', query], { encoding: 'utf8' }).trim();
  assert.equal(sql(`SELECT COUNT(*) FROM campaign_prizes p JOIN campaigns c ON c.id = p.campaign_id
    WHERE c.kind = 'claim' AND (SELECT COUNT(*) FROM campaign_stock s WHERE s.prize_id = p.id) <> LEAST(p.quantity, 8) - 1`), '0');
  assert.equal(sql(`SELECT p.remaining || '+' || SUM(s.remaining) FROM campaign_prizes p JOIN campaigns c ON c.id = p.campaign_id
    JOIN campaign_stock s ON s.prize_id = p.id WHERE c.title = '迁移claim' GROUP BY p.remaining`), '5+14');

  const check = runCli(['check', '--db', targetUrl]);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /gonghui check \(postgresql\)/);
  const audit = runCli(['audit', 'verify', '--db', targetUrl]);
  assert.equal(audit.status, 0, audit.stdout + audit.stderr);
  assert.match(audit.stdout, /audit chain verified/);

  const server = await startServer({ db: targetUrl });
  try {
    // Sessions moved too: the tokens signed in on the source still work.
    const after = await snapshot(server, tokens);
    assert.deepEqual(after.report, before_.report);
    assert.ok(after.members.length >= 2000);
    assert.deepEqual(after.members, before_.members);
    assert.deepEqual(after.merchants, before_.merchants);
    assert.ok(after.vouchers.items.length >= 1);
    assert.deepEqual(after.vouchers, before_.vouchers);
    assert.equal(after.points.balance, 100 - 2 * 10);
    assert.deepEqual(after.points, before_.points);
    assert.deepEqual(after.summary, before_.summary);
    assert.deepEqual(after.campaigns, before_.campaigns);
  } finally {
    await server.stop();
  }
});

test('a second copy into the now non-empty target is refused and changes nothing', async () => {
  const counts = (url) => runCli(['check', '--db', url]).stdout;
  const beforeCounts = counts(targetUrl);
  const again = runCli(['copy', '--from', sourceUrl, '--to', targetUrl]);
  assert.equal(again.status, 1, again.stdout + again.stderr);
  assert.match(again.stderr, /the target database is not empty: table \w+ has \d+ row\(s\)/);
  assert.match(again.stderr, /nothing was written/);
  assert.equal(counts(targetUrl), beforeCounts);
  const usage = runCli(['copy', '--from', sourceUrl]);
  assert.equal(usage.status, 2);
});
