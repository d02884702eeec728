// deploy/nginx.conf, with its paths and ports moved into a temporary folder, in front of two
// gonghui instances: it parses (`nginx -t`), and requests through it reach the instances,
// the body limit matches the server's, /metrics stays private and hashed assets are cached.
// nginx runs on loopback only and, when the tests run as root, as the user nobody.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startInstances } from '../api/harness.mjs';

const repoRoot = resolve(new URL('../..', import.meta.url).pathname);
const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));
let cluster;
let dir;
let nginx;
let url;

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

// Replaces `from` in text, insisting that it is there: a change to deploy/nginx.conf that
// this test does not know about must fail here, not pass unnoticed.
function swap(text, from, to) {
  assert.ok(text.includes(from), `deploy/nginx.conf no longer contains ${JSON.stringify(from)}`);
  return text.split(from).join(to);
}

// The command line that runs nginx unprivileged: as is when not root, else as nobody.
function asUnprivileged(args) {
  if (process.getuid() !== 0) return [nginxBinary, args];
  const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }));
  chownSync(dir, uid, gid);
  for (const name of readdirSync(dir)) chownSync(join(dir, name), uid, gid);
  return ['setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', nginxBinary, ...args]];
}

before(async () => {
  assert.ok(nginxBinary, 'nginx is not installed (scripts/deps.sh test installs it)');
  cluster = await startInstances(2, { args: ['--trust-proxy=true'] });
  dir = mkdtempSync(join(tmpdir(), 'gonghui-nginx-'));
  const port = await freePort();
  let config = readFileSync(join(repoRoot, 'deploy/nginx.conf'), 'utf8');
  config = swap(config, 'user www-data;\n', '');
  config = swap(config, 'worker_processes auto;', 'worker_processes 1;');
  config = swap(config, 'pid /run/nginx.pid;', `pid ${dir}/nginx.pid;`);
  config = swap(config, '/var/log/nginx/', `${dir}/`);
  config = swap(config, '/var/lib/nginx/', `${dir}/`);
  config = swap(config, '/var/cache/nginx/gonghui', `${dir}/cache`);
  config = swap(config, '    listen [::]:80;\n', '');
  config = swap(config, 'listen 80;', `listen 127.0.0.1:${port};`);
  const upstreams = cluster.servers.map((s) => `    server 127.0.0.1:${s.port} max_fails=3 fail_timeout=10s;`).join('\n');
  config = config.replace(/( {4}server 127\.0\.0\.1:808\d max_fails=3 fail_timeout=10s;\n)+/, `${upstreams}\n`);
  assert.ok(config.includes(`127.0.0.1:${cluster.servers[1].port}`), 'the upstream servers were replaced');
  writeFileSync(join(dir, 'nginx.conf'), config);
  writeFileSync(join(dir, 'error.log'), '');
  const common = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')];
  const [checkCommand, checkArgs] = asUnprivileged(['-t', ...common]);
  const checked = spawnSync(checkCommand, checkArgs, { encoding: 'utf8' });
  assert.equal(checked.status, 0, `nginx -t: ${checked.stderr}`);
  const [command, args] = asUnprivileged([...common, '-g', 'daemon off;']);
  nginx = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    try {
      await fetch(`${url}/api/v1/health`);
      break;
    } catch (error) {
      if (i > 100 || nginx.exitCode !== null) throw new Error(`nginx did not start: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
});

after(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx.on('exit', r));
    nginx.kill('SIGTERM');
    await exited;
  }
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('requests reach the instances through nginx', async () => {
  const health = await fetch(`${url}/api/v1/health`);
  assert.equal(health.status, 200);
  const page = await fetch(`${url}/`);
  assert.equal(page.status, 200);
  // JSON errors come back as gonghui wrote them, with the status.
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: '13800000000', password: 'wrong-password' }),
  });
  assert.equal(login.status, 401);
  assert.equal((await login.json()).error.code, 'invalid_credentials');
});

test('both instances answer, and see the client address nginx saw, not one the client made up', async () => {
  for (let i = 0; i < 10; i += 1) {
    const response = await fetch(`${url}/api/v1/nginx-probe/${i}`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(response.status, 404);
  }
  await new Promise((r) => setTimeout(r, 200));  // access log lines are written after the answer
  const seen = cluster.servers.map((server) => server.logs().stdout.split('\n')
    .filter((line) => line.includes('/api/v1/nginx-probe/')).map((line) => JSON.parse(line)));
  assert.ok(seen.every((lines) => lines.length > 0), `requests per instance: ${seen.map((l) => l.length)}`);
  assert.equal(seen[0].length + seen[1].length, 10);
  for (const line of seen.flat()) assert.equal(line.remote, '127.0.0.1');
});

test('the body limit lets a 5 MiB photo through to gonghui and stops a larger body at nginx', async () => {
  const photo = await fetch(`${url}/api/v1/photos`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: Buffer.alloc(5 * 1024 * 1024, 1) });
  assert.equal(photo.status, 400, 'gonghui itself judged the upload');
  assert.equal((await photo.json()).error.code, 'invalid_image');
  const huge = await fetch(`${url}/api/v1/photos`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: Buffer.alloc(7 * 1024 * 1024, 1) });
  assert.equal(huge.status, 413);
});

test('/metrics is not served through the public address', async () => {
  const metrics = await fetch(`${url}/metrics`);
  assert.equal(metrics.status, 404);
});

test('hashed assets are cached by nginx', async () => {
  const index = await (await fetch(`${url}/`)).text();
  const asset = /\/assets\/[^"']+\.js/.exec(index)?.[0];
  if (!asset) return;  // the web app is not built in this checkout
  const first = await fetch(`${url}${asset}`);
  assert.equal(first.status, 200);
  await first.arrayBuffer();
  const second = await fetch(`${url}${asset}`);
  assert.equal(second.status, 200);
  assert.equal(second.headers.get('x-cache'), 'HIT');
});
