// The foundation: health, routing errors, and every bad-input case the server must survive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { startServer, request, engine, runCli, binary } from './harness.mjs';

let server;
before(async () => {
  server = await startServer({ args: ['--read-timeout-ms', '1500', '--body-limit-bytes', '65536', '--header-limit-bytes', '8192'] });
});
after(async () => { await server.stop(); });

// Sends raw bytes and collects everything the server answers until it closes the socket.
function raw(bytes, { waitMs = 5000 } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let received = '';
    const started = Date.now();
    socket.on('data', (chunk) => { received += chunk; });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ received, ms: Date.now() - started }));
    socket.setTimeout(waitMs, () => { socket.destroy(); });
    if (bytes) socket.write(bytes);
  });
}

// On a new connection: a pooled keep-alive connection may just have hit the server's short
// idle timeout configured above.
async function assertStillUp() {
  const { received } = await raw('GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(received, /^HTTP\/1\.1 200 /);
}

test('health answers status, version and engine', async () => {
  const response = await request(server, 'GET', '/api/v1/health');
  assert.equal(response.status, 200);
  assert.equal(response.body.status, 'ok');
  assert.match(response.body.version, /^\d+\.\d+\.\d+$/);
  assert.equal(response.body.db, engine);
  assert.match(response.headers.get('content-type'), /^application\/json/);
});

test('health names the malloc the server runs on, and it is the one mapped into the process', async () => {
  const response = await request(server, 'GET', '/api/v1/health');
  const maps = readFileSync(`/proc/${server.child.pid}/maps`, 'utf8');
  assert.equal(response.body.allocator, /libjemalloc\.so/.test(maps) ? 'jemalloc' : 'system');
  // The release build links jemalloc; the sanitizer build keeps the sanitizers' allocator.
  if (/build\/release\/gonghui$/.test(binary)) assert.equal(response.body.allocator, 'jemalloc');
  if (/build\/asan\/gonghui$/.test(binary)) assert.equal(response.body.allocator, 'system');
});

test('version command matches the health version', async () => {
  const response = await request(server, 'GET', '/api/v1/health');
  const cli = runCli(['version']);
  assert.equal(cli.stdout.trim(), `gonghui ${response.body.version}`);
});

test('unknown API route is a JSON 404', async () => {
  const response = await request(server, 'GET', '/api/v1/no/such/thing');
  assert.equal(response.status, 404);
  assert.equal(response.body.error.code, 'not_found');
  assert.ok(response.body.error.message.length > 0);
  await assertStillUp();
});

test('wrong method is 405 with Allow', async () => {
  const response = await request(server, 'DELETE', '/api/v1/health');
  assert.equal(response.status, 405);
  assert.equal(response.headers.get('allow'), 'GET');
  assert.equal(response.body.error.code, 'method_not_allowed');
});

test('body over the limit is 413 and the server stays up', async () => {
  const big = 'x'.repeat(200000);
  const response = await request(server, 'POST', '/api/v1/health', { body: big, headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 413);
  assert.equal(response.body.error.code, 'payload_too_large');
  await assertStillUp();
});

test('oversized header block is 431 and the server stays up', async () => {
  const { received } = await raw(`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`);
  assert.match(received, /^HTTP\/1\.1 431 /);
  await assertStillUp();
});

test('oversized request line is 431 and the server stays up', async () => {
  const { received } = await raw(`GET /api/v1/health?q=${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
  assert.match(received, /^HTTP\/1\.1 431 /);
  await assertStillUp();
});

test('garbage instead of HTTP is 400 and the server stays up', async () => {
  const { received } = await raw('\x00\x01\x02 hello there\r\n\r\n');
  assert.match(received, /^HTTP\/1\.1 400 /);
  await assertStillUp();
});

test('a client that sends nothing is timed out', async () => {
  const { received, ms } = await raw(null, { waitMs: 10000 });
  assert.equal(received, '', `received ${JSON.stringify(received)} after ${ms} ms`);
  assert.ok(ms >= 1000 && ms < 8000, `closed after ${ms} ms`);
  await assertStillUp();
});

test('many silent clients do not block others', async () => {
  const silent = Array.from({ length: 100 }, () => raw(null, { waitMs: 10000 }));
  await assertStillUp();
  await Promise.all(silent);
});

test('keep-alive serves several requests on one connection, pipelined in order', async () => {
  const one = 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n';
  const last = 'GET /api/v1/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
  const { received } = await raw(one + one + last);
  const statuses = [...received.matchAll(/HTTP\/1\.1 (\d+)/g)].map((m) => m[1]);
  assert.deepEqual(statuses, ['200', '200', '404']);
});

test('invalid UTF-8 in a path is handled and the server stays up', async () => {
  const { received } = await raw('GET /api/v1/%FF%FE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(received, /^HTTP\/1\.1 404 /);
  await assertStillUp();
});

test('non-API paths without a built web app still answer', async () => {
  const response = await request(server, 'GET', '/admin/');
  assert.ok([200, 404].includes(response.status));
  const post = await request(server, 'POST', '/admin/');
  assert.equal(post.status, 405);
});

test('access log has one JSON line per request with status and latency', async () => {
  await request(server, 'GET', '/api/v1/health?probe=log');
  await new Promise((r) => setTimeout(r, 100));
  const lines = server.logs().stdout.trim().split('\n').map((line) => JSON.parse(line));
  const line = lines.find((entry) => entry.path === '/api/v1/health' && entry.status === 200);
  assert.ok(line, 'a log line for the health request');
  assert.equal(typeof line.us, 'number');
  assert.equal(line.method, 'GET');
});

test('SIGTERM stops cleanly after answering in-flight requests', async () => {
  const own = await startServer({ args: ['--access-log=false'] });
  const inFlight = Array.from({ length: 50 }, () => request(own, 'GET', '/api/v1/health').then((r) => r.status, () => 'refused'));
  await new Promise((r) => setTimeout(r, 5));
  const stopped = own.stop('SIGTERM');
  const statuses = await Promise.all(inFlight);
  const { code } = await stopped;
  assert.equal(code, 0);
  for (const status of statuses) assert.ok(status === 200 || status === 'refused', `got ${status}`);
  assert.match(own.logs().stderr, /gonghui stopped/);
});
