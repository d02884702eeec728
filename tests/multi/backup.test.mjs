// Backups that a union can restore, on both engines, the way docs/deploy.md tells it:
// SQLite: `gonghui backup` while a server keeps writing; the copy is 0600, serves, signs in
// and passes `gonghui check`. PostgreSQL: `umask 077; pg_dump -Fc`, createdb, pg_restore
// --no-owner, then a server on the restored database and `gonghui check`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, request, runCli, binary } from '../api/harness.mjs';

const run = promisify(execFile);
const ADMIN = '13800000000';
let dir;

before(() => { dir = mkdtempSync(join(tmpdir(), 'gonghui-backup-')); });
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

async function login(server, phone = ADMIN) {
  const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone, password: 'gonghui-demo' } });
  assert.equal(response.status, 200, response.text);
  return response.body.token;
}
const mode = (file) => (statSync(file).mode & 0o777).toString(8);

test('gonghui backup copies a SQLite database while grants keep being written, and the copy serves', async () => {
  const source = join(dir, 'live.db');
  assert.equal(runCli(['demo', '--db', `sqlite:${source}`]).status, 0);
  const server = await startServer({ db: `sqlite:${source}`, args: ['--access-log', 'false'] });
  const copies = [];
  let acknowledged = 0;
  let writing = true;
  try {
    const token = await login(server);
    const memberId = (await request(server, 'GET', '/api/v1/me/points', { token: await login(server, '13900000001') })).body.member_id;
    // Four writers granting a point each, one request after the other, until told to stop.
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; writing; i += 1) {
        const granted = await request(server, 'POST', '/api/v1/points/grants', {
          token, headers: { 'idempotency-key': `backup-${w}-${i}` },
          json: { member_ids: [memberId], amount: 1, reason: '备份测试' },
        });
        assert.equal(granted.status, 201, granted.text);
        acknowledged += 1;
      }
    });
    while (acknowledged < 20) await new Promise((resolve) => setTimeout(resolve, 20));
    // Three backups under the writes, each into a file that replaces the one before.
    for (let i = 0; i < 3; i += 1) {
      const before_ = acknowledged;
      const target = join(dir, `copy-${i}.db`);
      const { stdout } = await run(binary, ['backup', '--db', `sqlite:${source}`, '--to', target]);
      assert.match(stdout, /^backed up .* to .*: \d+ pages of \d+ bytes, \d+ rows in \d+ tables, schema version \d+$/m);
      copies.push({ target, before: before_, during: acknowledged - before_ });
    }
    writing = false;
    await Promise.all(writers);
  } finally {
    writing = false;
    await server.stop();
  }
  assert.ok(copies.some((copy) => copy.during > 0), 'grants were acknowledged while a backup ran');
  for (const copy of copies) {
    assert.equal(mode(copy.target), '600', 'the backup holds password hashes and keys');
    const grants = Number(execFileSync('sqlite3', [copy.target, "SELECT COUNT(*) FROM ledger_grants WHERE reason = '备份测试'"], { encoding: 'utf8' }));
    assert.ok(grants >= copy.before, `every grant acknowledged before the backup is in it (${grants} ≥ ${copy.before})`);
  }
  const restored = copies.at(-1).target;
  const check = runCli(['check', '--db', `sqlite:${restored}`]);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  const again = await startServer({ db: `sqlite:${restored}` });
  try {
    const token = await login(again);
    const me = await request(again, 'GET', '/api/v1/me', { token });
    assert.equal(me.status, 200, me.text);
  } finally {
    await again.stop();
  }
  assert.equal(runCli(['check', '--db', `sqlite:${restored}`]).status, 0);
});

test('gonghui backup refuses PostgreSQL, naming pg_dump, and explains a missing --to', () => {
  const refused = runCli(['backup', '--db', 'postgresql://gonghui@db.internal/gonghui', '--to', '/tmp/x.dump']);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /umask 077; pg_dump -Fc -f \/tmp\/x\.dump 'postgresql:\/\/gonghui@db\.internal\/gonghui'/);
  assert.match(runCli(['backup', '--db', `sqlite:${join(dir, 'none.db')}`]).stderr, /--to FILE is required/);
  assert.match(runCli(['backup', '--db', `sqlite:${join(dir, 'none.db')}`, '--to', join(dir, 'x.db')]).stderr, /there is no SQLite database at/);
});

test('pg_dump with umask 077, createdb, pg_restore --no-owner: the restored database serves and checks', async () => {
  const name = `gh_backup_${process.pid}_${Date.now()}`;
  execFileSync('createdb', [name]);
  const url = `postgresql:///${name}`;
  assert.equal(runCli(['demo', '--db', url]).status, 0);
  const dump = join(dir, 'gonghui.dump');
  // As documented: the dump holds password hashes and the voucher-signing keys.
  execFileSync('bash', ['-c', 'umask 077; pg_dump -Fc -f "$1" "$2"', 'bash', dump, url]);
  assert.equal(mode(dump), '600');
  const restoredName = `${name}_restored`;
  execFileSync('createdb', [restoredName]);
  execFileSync('pg_restore', ['--no-owner', '-d', restoredName, dump]);
  const restored = `postgresql:///${restoredName}`;
  const server = await startServer({ db: restored });
  try {
    const token = await login(server);
    assert.equal((await request(server, 'GET', '/api/v1/me', { token })).status, 200);
  } finally {
    await server.stop();
  }
  const check = runCli(['check', '--db', restored]);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /gonghui check \(postgresql\)/);
});
