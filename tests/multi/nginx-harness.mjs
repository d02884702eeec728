// Runs deploy/nginx.conf for a test: its paths and ports moved into a temporary folder, a
// self-signed certificate made by openssl, deploy/gonghui-upstream.conf naming the test's
// instances, on loopback only and, when the tests run as root, as the user nobody.
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(new URL('../..', import.meta.url).pathname);
export const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));

// The certificate is self-signed: this process's fetch accepts it.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

export function freePort() {
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
// the tests do not know about must fail here, not pass unnoticed.
function swap(text, from, to) {
  assert.ok(text.includes(from), `deploy/nginx.conf no longer contains ${JSON.stringify(from)}`);
  return text.split(from).join(to);
}

// The command line (an array) that runs nginx unprivileged: as is when not root, else as
// nobody, owning the folder.
function unprivileged(dir) {
  if (process.getuid() !== 0) return [nginxBinary];
  const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }));
  chownSync(dir, uid, gid);
  for (const name of readdirSync(dir)) chownSync(join(dir, name), uid, gid);
  return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', nginxBinary];
}

// Starts nginx in front of `ports`. options.realIp: the balancer block uncommented, trusting
// 127.0.0.1 as the balancer. Returns { http, https, dir, upstreamFile, command (the nginx
// command line as one string, for deploy/rolling-upgrade.sh), errors(), stop() }.
export async function startNginx(ports, { realIp = false } = {}) {
  assert.ok(nginxBinary, 'nginx is not installed (scripts/deps.sh test installs it)');
  const dir = mkdtempSync(join(tmpdir(), 'gonghui-nginx-'));
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-keyout', join(dir, 'gonghui.key'), '-out', join(dir, 'gonghui.crt')], { stdio: 'ignore' });
  let config = readFileSync(join(repoRoot, 'deploy/nginx.conf'), 'utf8');
  config = swap(config, 'user www-data;\n', '');
  config = swap(config, 'worker_processes auto;', 'worker_processes 2;');
  config = swap(config, 'pid /run/nginx.pid;', `pid ${dir}/nginx.pid;`);
  config = swap(config, '/var/log/nginx/', `${dir}/`);
  config = swap(config, '/var/lib/nginx/', `${dir}/`);
  config = swap(config, '/var/cache/nginx/gonghui', `${dir}/cache`);
  config = swap(config, '/etc/nginx/tls/', `${dir}/`);
  config = swap(config, '/etc/nginx/gonghui-upstream.conf', `${dir}/gonghui-upstream.conf`);
  config = swap(config, '    listen [::]:80;\n', '');
  config = swap(config, '    listen [::]:443 ssl http2;\n', '');
  config = swap(config, 'listen 80;', `listen 127.0.0.1:${httpPort};`);
  config = swap(config, 'listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`);
  if (realIp) {
    config = swap(config, '  # set_real_ip_from 10.0.0.0/8;\n  # real_ip_header X-Forwarded-For;\n  # real_ip_recursive on;\n',
      '  set_real_ip_from 127.0.0.1;\n  real_ip_header X-Forwarded-For;\n  real_ip_recursive on;\n');
  }
  writeFileSync(join(dir, 'nginx.conf'), config);
  let upstream = readFileSync(join(repoRoot, 'deploy/gonghui-upstream.conf'), 'utf8');
  const lines = ports.map((port) => `server 127.0.0.1:${port} max_fails=3 fail_timeout=10s;`).join('\n');
  upstream = upstream.replace(/(server 127\.0\.0\.1:808\d max_fails=3 fail_timeout=10s;\n)+/, `${lines}\n`);
  assert.ok(upstream.includes(`127.0.0.1:${ports.at(-1)} `), 'the upstream servers were replaced');
  writeFileSync(join(dir, 'gonghui-upstream.conf'), upstream);
  writeFileSync(join(dir, 'error.log'), '');
  const base = [...unprivileged(dir), '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')];
  const checked = spawnSync(base[0], [...base.slice(1), '-t'], { encoding: 'utf8' });
  assert.equal(checked.status, 0, `nginx -t: ${checked.stderr}`);
  const nginx = spawn(base[0], [...base.slice(1), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const https = `https://127.0.0.1:${httpsPort}`;
  for (let i = 0; ; i += 1) {
    try {
      await fetch(`${https}/api/v1/health`);
      break;
    } catch (error) {
      if (i > 100 || nginx.exitCode !== null) throw new Error(`nginx did not start: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    http: `http://127.0.0.1:${httpPort}`,
    https,
    dir,
    upstreamFile: join(dir, 'gonghui-upstream.conf'),
    command: base.join(' '),
    errors: () => readFileSync(join(dir, 'error.log'), 'utf8'),
    async stop() {
      if (nginx.exitCode === null) {
        const exited = new Promise((r) => nginx.on('exit', r));
        nginx.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
