// Starts the real gonghui binary on an ephemeral port against a fresh database of the
// engine under test (GONGHUI_TEST_ENGINE: sqlite | postgresql) and talks to it over HTTP.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import zlib from 'node:zlib';
import assert from 'node:assert/strict';

export const engine = process.env.GONGHUI_TEST_ENGINE || 'sqlite';
export const binary = resolve(process.env.GONGHUI_BIN || 'build/release/gonghui');
const repoRoot = resolve(new URL('../..', import.meta.url).pathname);

// The built web app; without one (web/dist not built) servers run API-only, as
// `gonghui serve` refuses a missing web root.
const webDist = join(repoRoot, 'web/dist');
const defaultWebRoot = existsSync(join(webDist, 'index.html')) ? webDist : 'none';

let databaseCounter = 0;

// A fresh database URL; PostgreSQL databases are created in the pg_virtualenv cluster.
export function freshDatabase() {
  if (engine === 'postgresql') {
    const name = `gh_${process.pid}_${Date.now()}_${databaseCounter++}`;
    execFileSync('psql', ['postgresql://', '-qc', `CREATE DATABASE ${name}`]);
    return { url: `postgresql:///${name}`, cleanup() {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'gonghui-api-'));
  return { url: `sqlite:${join(dir, 'test.db')}`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// Runs a gonghui sub-command to completion; returns { status, stdout, stderr }.
export function runCli(args, input) {
  try {
    const stdout = execFileSync(binary, args, { input, cwd: repoRoot, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    return { status: error.status, stdout: error.stdout || '', stderr: error.stderr || '' };
  }
}

// Starts a server. options.args are extra flags; options.db reuses a database URL.
export async function startServer(options = {}) {
  const database = options.db ? { url: options.db, cleanup() {} } : freshDatabase();
  if (options.demo) {
    const result = runCli(['demo', '--db', database.url]);
    if (result.status !== 0) throw new Error(`demo failed: ${result.stderr}`);
  }
  const dataDir = options.dataDir || mkdtempSync(join(tmpdir(), 'gonghui-data-'));
  const args = ['serve', '--listen', '127.0.0.1:0', '--db', database.url,
    '--web-root', options.webRoot || defaultWebRoot, '--data-dir', dataDir,
    ...(options.args || [])];
  const child = spawn(binary, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...(options.env || {}) } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  const port = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(stderr);
      if (match) { clearTimeout(timer); resolvePort(Number(match[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const exited = new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  return {
    url, port, child, database, exited,
    logs: () => ({ stdout, stderr }),
    // Stops the server; its own database is removed unless keepDatabase (for a restart).
    async stop(signal = 'SIGTERM', { keepDatabase = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const result = await exited;
      if (!options.db && !keepDatabase) database.cleanup();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return result;
    },
  };
}

// Starts `count` servers on one fresh database (with the demo data if options.demo), the
// way several instances behind a load balancer share one PostgreSQL. Each has its own data
// folder. Returns { servers, database, stop() }.
export async function startInstances(count, options = {}) {
  const database = freshDatabase();
  if (options.demo) {
    const result = runCli(['demo', '--db', database.url]);
    if (result.status !== 0) throw new Error(`demo failed: ${result.stderr}`);
  }
  const servers = [];
  try {
    for (let i = 0; i < count; i += 1) {
      servers.push(await startServer({ ...options, demo: false, db: database.url }));
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    database.cleanup();
    throw error;
  }
  return {
    servers,
    database,
    async stop() {
      await Promise.all(servers.map((server) => server.stop()));
      database.cleanup();
    },
  };
}

// fetch wrapper returning { status, headers, body (parsed JSON when JSON), text }.
export async function request(server, method, path, { json, body, headers = {}, token } = {}) {
  const init = { method, headers: { ...headers } };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['content-type'] ??= 'application/json';
  } else if (body !== undefined) {
    init.body = body;
  }
  if (token) init.headers.authorization = `Bearer ${token}`;
  const response = await fetch(server.url + path, init);
  const text = await response.text();
  let parsed;
  try { parsed = JSON.parse(text); } catch { parsed = undefined; }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

// Sends again what a busy server shed: 503 `overloaded` means the request waited too long for
// a worker, or found too many in flight, and did not run; a phone would try again. Tests that
// fire hundreds of requests at once use it so that they count every request once.
export async function whenNotBusy(send, attempts = 6) {
  for (let attempt = 1; ; attempt++) {
    const answer = await send();
    if (answer.status !== 503 || answer.body?.error?.code !== 'overloaded' || attempt === attempts) return answer;
    await new Promise((done) => setTimeout(done, 200 * attempt));
  }
}

// A 2×2 PNG, with a text chunk (metadata the server must strip) unless withText is false.
export function png({ withText = true } = {}) {
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4); length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13); header.writeUInt32BE(2, 0); header.writeUInt32BE(2, 4); header[8] = 8; header[9] = 2;
  const pixels = zlib.deflateSync(Buffer.from([0, 255, 0, 0, 255, 0, 0, 0, 255, 0, 0, 255, 0, 0]));
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'binary'), chunk('IHDR', header),
    ...(withText ? [chunk('tEXt', Buffer.from('Comment\0GPS 30.1,120.2'))] : []), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

// Signs demo accounts (password gonghui-demo) in once each: demoTokens(() => server) answers a
// function from a phone number to its token, kept for the server's life.
export function demoTokens(getServer) {
  const tokens = {};
  return async (phone) => {
    if (!tokens[phone]) {
      const response = await request(getServer(), 'POST', '/api/v1/auth/login', { json: { phone, password: 'gonghui-demo' } });
      assert.equal(response.status, 200, response.text);
      tokens[phone] = response.body.token;
    }
    return tokens[phone];
  };
}
