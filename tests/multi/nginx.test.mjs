// deploy/nginx.conf, with its paths and ports moved into a temporary folder
// (nginx-harness.mjs), in front of two gonghui instances: it parses (`nginx -t`), serves
// HTTPS with HSTS and sends plain HTTP there, requests reach the instances, the session
// cookie is Secure, the body limit matches the server's, /metrics stays private, hashed
// assets are cached, and with the balancer block client addresses are the balancer's clients.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInstances } from '../api/harness.mjs';
import { startNginx } from './nginx-harness.mjs';

let cluster;
let nginx;
let url;

before(async () => {
  cluster = await startInstances(2, { demo: true, args: ['--trust-proxy=true'] });
  nginx = await startNginx(cluster.servers.map((s) => s.port));
  url = nginx.https;
});

after(async () => {
  await nginx?.stop();
  await cluster?.stop();
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

test('plain HTTP is sent to HTTPS, which carries HSTS', async () => {
  const plain = await fetch(`${nginx.http}/campaigns?x=1`, { redirect: 'manual' });
  assert.equal(plain.status, 301);
  assert.equal(plain.headers.get('location'), 'https://127.0.0.1/campaigns?x=1');
  for (const path of ['/api/v1/health', '/', '/api/v1/no-such-route']) {
    const secure = await fetch(`${url}${path}`);
    assert.equal(secure.headers.get('strict-transport-security'), 'max-age=31536000', path);
  }
});

test('a sign-in over HTTPS gets Secure cookies (X-Forwarded-Proto honoured)', async () => {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: '13900000001', password: 'gonghui-demo' }),
  });
  assert.equal(login.status, 200);
  const cookies = login.headers.getSetCookie();
  assert.equal(cookies.length, 2, cookies.join(' | '));
  for (const cookie of cookies) assert.match(cookie, /; Secure/, cookie);
  // Straight to an instance, without the header, the same sign-in gets no Secure.
  const direct = await fetch(`${cluster.servers[0].url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: '13900000001', password: 'gonghui-demo' }),
  });
  for (const cookie of direct.headers.getSetCookie()) assert.doesNotMatch(cookie, /Secure/, cookie);
});

test('behind a balancer (the real_ip block), gonghui sees each client, with a sign-in throttle of its own', async () => {
  const balanced = await startNginx(cluster.servers.map((s) => s.port), { realIp: true });
  try {
    // The balancer (127.0.0.1, trusted) forwards for two clients behind it.
    const login = (client, phone, password) => fetch(`${balanced.https}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({ phone, password }),
    });
    for (let i = 0; i < 30; i += 1) {
      const failed = await login('203.0.113.50', `1370001${String(3000 + i)}`, 'wrong-password');
      assert.equal(failed.status, 401);
    }
    const burst = await Promise.all([0, 1, 2].map((i) => login('203.0.113.50', `1370001${String(4000 + i)}`, 'wrong-password')));
    assert.ok(burst.filter((r) => r.status === 429).length >= 2, burst.map((r) => r.status).join(','));
    // The other client behind the same balancer is not slowed by the first one's failures.
    const other = await login('203.0.113.51', '13900000002', 'gonghui-demo');
    assert.equal(other.status, 200);
    await new Promise((r) => setTimeout(r, 200));  // access log lines are written after the answer
    const remotes = cluster.servers.flatMap((server) => server.logs().stdout.split('\n')
      .filter((line) => line.includes('/api/v1/auth/login')).map((line) => JSON.parse(line).remote));
    assert.ok(remotes.includes('203.0.113.50') && remotes.includes('203.0.113.51'), [...new Set(remotes)].join(','));
  } finally {
    await balanced.stop();
  }
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
