// The Debian package (`make deb`): lintian finds no errors, and the binary extracted into a
// throwaway root finds its web app beside itself, makes a fresh SQLite database and a first
// admin, serves them with --production and signs the admin in over HTTP. Runs scripts/deb.sh
// (make deb without the builds, which scripts/test.sh has already made).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(new URL('../..', import.meta.url).pathname);
let dir;
let deb;
let root;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'gonghui-deb-'));
  deb = execFileSync(join(repoRoot, 'scripts/deb.sh'), { cwd: repoRoot, encoding: 'utf8' }).trim().split('\n').at(-1);
  root = join(dir, 'root');
  execFileSync('dpkg-deb', ['-x', deb, root]);
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('lintian reports no errors', () => {
  const result = spawnSync('lintian', [deb], { encoding: 'utf8' });
  const errors = result.stdout.split('\n').filter((line) => line.startsWith('E:'));
  assert.deepEqual(errors, [], result.stdout + result.stderr);
});

test('the package holds the binary, the web app, the units, the settings and the scripts', () => {
  const list = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' });
  for (const path of ['./usr/bin/gonghui', './usr/share/gonghui/web/index.html', './lib/systemd/system/gonghui.service',
    './lib/systemd/system/gonghui@.service', './lib/systemd/system/gonghui-backup.service',
    './lib/systemd/system/gonghui-backup.timer', './etc/gonghui/gonghui.env', './usr/share/doc/gonghui/copyright']) {
    assert.ok(list.includes(` ${path}\n`), `${path} in the package`);
  }
  assert.equal(execFileSync('dpkg-deb', ['-f', deb, 'Package'], { encoding: 'utf8' }).trim(), 'gonghui');
  assert.match(execFileSync('dpkg-deb', ['-f', deb, 'Depends'], { encoding: 'utf8' }), /libsqlite3-0/);
  const control = join(dir, 'control');
  execFileSync('dpkg-deb', ['-e', deb, control]);
  assert.equal(readFileSync(join(control, 'conffiles'), 'utf8').trim(), '/etc/gonghui/gonghui.env');
  for (const script of ['postinst', 'prerm', 'postrm']) execFileSync('sh', ['-n', join(control, script)]);
});

test('the installed binary finds its web app, serves a fresh database and signs its first admin in', async () => {
  const gonghui = join(root, 'usr/bin/gonghui');
  const db = `sqlite:${join(dir, 'var/gonghui.db')}`;
  execFileSync(gonghui, ['migrate', '--db', db]);
  execFileSync(gonghui, ['admin', 'create', '--phone', '13800000009', '--name', '包测试', '--db', db], { input: 'package-test-pw\n' });
  const server = spawn(gonghui, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--production',
    '--data-dir', join(dir, 'cache'), '--access-log', 'false'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    let stderr = '';
    const port = await new Promise((resolvePort, reject) => {
      server.stderr.on('data', (chunk) => {
        stderr += chunk;
        const match = /listening on http:\/\/[^:]+:(\d+)/.exec(stderr);
        if (match) resolvePort(Number(match[1]));
      });
      server.on('exit', (code) => reject(new Error(`gonghui exited ${code}: ${stderr}`)));
    });
    assert.match(stderr, new RegExp(`web app: \\d+ files from ${join(root, 'usr/share/gonghui/web')}\\)`));
    const url = `http://127.0.0.1:${port}`;
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '13800000009', password: 'package-test-pw' }),
    });
    assert.equal(login.status, 200, await login.clone().text());
    const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${(await login.json()).token}` } });
    assert.equal(me.status, 200);
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200);
    assert.equal(await page.text(), readFileSync(join(root, 'usr/share/gonghui/web/index.html'), 'utf8'));
  } finally {
    server.kill('SIGTERM');
  }
});

test('without a web app beside it the binary refuses to start, naming where it looked', () => {
  const bin = join(dir, 'bare/bin');
  mkdirSync(bin, { recursive: true });
  copyFileSync(join(root, 'usr/bin/gonghui'), join(bin, 'gonghui'));
  execFileSync('chmod', ['755', join(bin, 'gonghui')]);
  const result = spawnSync(join(bin, 'gonghui'), ['serve', '--db', `sqlite:${join(dir, 'bare.db')}`, '--listen', '127.0.0.1:0'], { encoding: 'utf8' });
  assert.equal(result.status, 2);
  assert.match(result.stderr, new RegExp(`no built web app found \\(looked in ${join(dir, 'bare/share/gonghui/web')}, `));
  assert.match(result.stderr, /--web-root none/);
});
