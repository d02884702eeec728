#!/usr/bin/env node
// Records what the API answers to a fixed list of reads on one database, as each role, so that
// two builds can be compared answer for answer (a refactoring must leave the diff empty).
// Each build gets its own copy of the same database and data folder; ids and times stay as
// they are, and only what the clock makes differ (report times, "now" fields) is masked.
// Usage: scripts/api-answers.mjs --db FILE.db [--data DIR] BINARY > answers.txt
//   (make FILE.db once with `gonghui demo --db sqlite:FILE.db`, then run each build on it)
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
let dbFile;
let dataDir;
let binary;
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '--db') dbFile = resolve(args[(i += 1)]);
  else if (args[i] === '--data') dataDir = resolve(args[(i += 1)]);
  else binary = resolve(args[i]);
}
if (!dbFile || !binary) {
  console.error('usage: scripts/api-answers.mjs --db FILE.db [--data DIR] BINARY');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'gonghui-answers-'));
cpSync(dbFile, join(work, 'answers.db'));
for (const suffix of ['-wal', '-shm']) if (existsSync(dbFile + suffix)) cpSync(dbFile + suffix, join(work, `answers.db${suffix}`));
if (dataDir) cpSync(dataDir, join(work, 'data'), { recursive: true });

const child = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--db', `sqlite:${join(work, 'answers.db')}`,
  '--data-dir', join(work, 'data'), '--access-log=false'], { stdio: ['ignore', 'ignore', 'pipe'] });
const port = await new Promise((done, fail) => {
  let err = '';
  child.stderr.on('data', (c) => { err += c; const m = /listening on http:\/\/[^:]+:(\d+)/.exec(err); if (m) done(Number(m[1])); });
  child.on('exit', (code) => fail(new Error(`server exited ${code}: ${err}`)));
});
const base = `http://127.0.0.1:${port}`;

async function call(token, path) {
  const response = await fetch(base + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const type = response.headers.get('content-type') || '';
  const body = type.includes('json') ? await response.json() : `<${type}, ${(await response.arrayBuffer()).byteLength} bytes>`;
  return { status: response.status, body };
}

async function signIn(phone) {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, password: 'gonghui-demo' }),
  });
  return (await response.json()).token;
}

// Fields the clock sets at read time, and the server's own version and uptime.
const clockFields = new Set(['generated_at', 'now', 'server_time', 'uptime_s', 'version', 'allocator', 'time']);
function mask(value) {
  if (Array.isArray(value)) return value.map(mask);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clockFields.has(k) ? '<clock>' : mask(v)]));
  }
  return value;
}

try {
  const who = {
    anonymous: undefined,
    member: await signIn('13900000001'),
    staff: await signIn('13700000001'),
    district: await signIn('13800000001'),
    platform: await signIn('13800000000'),
  };
  const first = async (path, key = 'items') => (await call(who.platform, path)).body[key]?.[0];
  const member = await first('/api/v1/members?limit=1');
  const org = await first('/api/v1/orgs');
  const merchant = await first('/api/v1/merchants?limit=1');
  const grant = await first('/api/v1/points/grants?limit=1');
  const campaigns = (await call(who.platform, '/api/v1/campaigns?limit=200')).body.items;
  const drawn = campaigns.find((c) => c.status === 'drawn');
  const voucher = await first('/api/v1/me/vouchers') ?? (await call(who.member, '/api/v1/me/vouchers')).body.items?.[0];
  // Reports over a fixed range (their default ends now).
  const range = 'from=2021-01-01&to=2026-12-01';
  const paths = [
    '/api/v1/health', '/api/v1/me', '/api/v1/me/points', '/api/v1/me/points/transfers', '/api/v1/me/vouchers', '/api/v1/me/merchant',
    '/api/v1/orgs', `/api/v1/orgs/${org.id}`, `/api/v1/orgs/${org.id}/points/summary`,
    '/api/v1/members?limit=5', '/api/v1/members?q=139000000', `/api/v1/members/${member.id}`,
    `/api/v1/members/${member.id}/points/transfers`, '/api/v1/members/export.csv',
    '/api/v1/audit?limit=5', '/api/v1/points/grants?limit=5', ...(grant ? [`/api/v1/points/grants/${grant.id}`] : []),
    '/api/v1/merchants?limit=5', '/api/v1/merchants?category=orchard', `/api/v1/merchants/${merchant.id}`,
    '/api/v1/merchant-applications', '/api/v1/merchants/expiring',
    '/api/v1/search?q=%E8%91%A1%E8%90%84', '/api/v1/search?q=putao', '/api/v1/search?q=%E8%98%8B%E6%9E%9C',
    '/api/v1/campaigns?limit=50', ...campaigns.slice(0, 16).flatMap((c) => [`/api/v1/campaigns/${c.id}`, `/api/v1/campaigns/${c.id}/my-entries`]),
    ...(drawn ? [`/api/v1/campaigns/${drawn.id}/audit`] : []),
    ...(voucher ? [`/api/v1/vouchers/${voucher.id}/qr.svg`] : []),
    '/api/v1/purchases?limit=5', `/api/v1/purchases?${range}`,
    `/api/v1/reports/impact?${range}`, `/api/v1/reports/impact/summary?${range}`, `/api/v1/reports/impact.csv?${range}`,
    `/api/v1/reports/impact/records?figure=portions&${range}`, `/api/v1/reports/impact/records?figure=merchants_signed&${range}`,
  ];
  for (const path of paths) {
    for (const [name, token] of Object.entries(who)) {
      const answer = await call(token, path);
      console.log(`${name} GET ${path} -> ${answer.status} ${JSON.stringify(mask(answer.body))}`);
    }
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  rmSync(work, { recursive: true, force: true });
}
