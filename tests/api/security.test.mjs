// What an attacker tried, each as a role would: taking over an account through a member
// record, budgets that did not bind, sign-in floods, unlimited anonymous writes, sessions
// that outlived a password reset, cookies and pages a proxy or another site could abuse, and
// a server that kept `Expect: 100-continue` clients waiting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { startServer, request, png, binary } from './harness.mjs';

const PASSWORD = 'gonghui-demo';
const PLATFORM = '13800000000';
const DISTRICT_A = '13800000001';
const MEMBER = '13900000001';
const OTHER_MEMBER = '13900000002';
const STAFF = '13700000001';

let server;
let addressCounter = 0;
// Every test signs in from addresses of its own (the server trusts X-Forwarded-For here), so
// that one test's attempts never count against another's.
const nextAddress = () => `198.51.100.${(addressCounter += 1)}`;

function login(phone, password = PASSWORD, address = nextAddress(), extraHeaders = {}) {
  return request(server, 'POST', '/api/v1/auth/login', {
    json: { phone, password },
    headers: { 'x-forwarded-for': address, ...extraHeaders },
  });
}

async function tokenFor(phone) {
  const response = await login(phone);
  assert.equal(response.status, 200, `sign in ${phone}: ${response.text}`);
  return response.body.token;
}

async function memberByPhone(admin, phone) {
  const found = await request(server, 'GET', `/api/v1/members?q=${phone}`, { token: admin });
  assert.equal(found.body.items.length, 1, found.text);
  return found.body.items[0];
}

before(async () => { server = await startServer({ demo: true, args: ['--trust-proxy'] }); });
after(async () => { await server.stop(); });

test('a district admin cannot point a member record at an admin or staff account', async () => {
  const district = await tokenFor(DISTRICT_A);
  const platform = await tokenFor(PLATFORM);
  const target = await memberByPhone(district, MEMBER);

  const edit = await request(server, 'PATCH', `/api/v1/members/${target.id}`, { token: district, json: { phone: PLATFORM } });
  assert.equal(edit.status, 409, edit.text);
  assert.equal(edit.body.error.code, 'phone_in_use');
  assert.equal(edit.body.error.field, 'phone');

  const create = await request(server, 'POST', '/api/v1/members', {
    token: district, json: { name: '冒名', phone: STAFF, card_no: 'GHSEC0001', org_id: target.org_id },
  });
  assert.equal(create.status, 409, create.text);
  assert.equal(create.body.error.code, 'phone_in_use');

  const roster = `姓名,手机号,工会卡号,所属工会\n冒名,${STAFF},GHSEC0002,${target.org_id}\n`;
  const imported = await request(server, 'POST', '/api/v1/members/import', { token: district, body: roster, headers: { 'content-type': 'text/csv' } });
  assert.equal(imported.status, 422, imported.text);
  assert.deepEqual(imported.body.error.details.map((d) => [d.line, d.field, d.code]), [[2, 'phone', 'phone_in_use']]);

  // Nothing changed: the member keeps their number, no member has the staff number, and the
  // platform admin still signs in with their own password only.
  const after = await request(server, 'GET', `/api/v1/members/${target.id}`, { token: platform });
  assert.equal(after.body.phone, MEMBER);
  assert.equal(after.body.account_id, target.account_id);
  const staffAsMember = await request(server, 'GET', `/api/v1/members?q=${STAFF}`, { token: platform });
  assert.deepEqual(staffAsMember.body.items, []);
  assert.equal((await login(PLATFORM)).body.account.roles[0].role, 'platform_admin');
});

test('a password reset ends the member\'s sessions; members who also run a merchant are not reset', async () => {
  const district = await tokenFor(DISTRICT_A);
  const platform = await tokenFor(PLATFORM);
  const memberToken = await tokenFor(MEMBER);
  const member = await memberByPhone(district, MEMBER);
  assert.equal((await request(server, 'GET', '/api/v1/me', { token: memberToken })).status, 200);

  const reset = await request(server, 'POST', `/api/v1/members/${member.id}/password-reset`, { token: district });
  assert.equal(reset.status, 200, reset.text);
  const stale = await request(server, 'GET', '/api/v1/me', { token: memberToken });
  assert.equal(stale.status, 401);
  assert.equal(stale.body.error.code, 'session_invalid');
  assert.equal((await login(MEMBER, reset.body.temporary_password)).status, 200);

  // Another member of the district becomes staff of a merchant (accepting the invitation with
  // their own password): their account is no longer the district's to reset.
  const other = await memberByPhone(district, OTHER_MEMBER);
  const merchants = await request(server, 'GET', '/api/v1/merchants?limit=1', { token: platform });
  const staffed = await request(server, 'POST', `/api/v1/merchants/${merchants.body.items[0].id}/staff`, { token: platform, json: { phone: OTHER_MEMBER } });
  assert.equal(staffed.status, 201, staffed.text);
  const token = staffed.body.invitation.link.split('/').pop();
  const accepted = await request(server, 'POST', `/api/v1/invitations/${token}/accept`, { json: { password: PASSWORD } });
  assert.equal(accepted.status, 200, accepted.text);
  const refused = await request(server, 'POST', `/api/v1/members/${other.id}/password-reset`, { token: district });
  assert.equal(refused.status, 403, refused.text);
  assert.equal((await login(OTHER_MEMBER)).status, 200, 'the old password still works');
});

test('budgets bind the whole subtree and are set only from above', async () => {
  const district = await tokenFor(DISTRICT_A);
  const platform = await tokenFor(PLATFORM);
  const me = (await request(server, 'GET', '/api/v1/me', { token: district })).body;
  const districtId = me.account.roles[0].org_id;
  const orgs = (await request(server, 'GET', '/api/v1/orgs', { token: district })).body.items;
  const base = orgs.find((o) => o.kind === 'base' && o.parent_id === districtId);

  const set = await request(server, 'PUT', `/api/v1/orgs/${districtId}/points/budget`, { token: platform, json: { budget: 100 } });
  assert.equal(set.status, 200, set.text);
  // Paying from a base union does not escape the district's budget.
  const grant = await request(server, 'POST', '/api/v1/points/grants', {
    token: district, headers: { 'idempotency-key': 'escape-budget' },
    json: { from_org_id: base.id, org_id: base.id, amount: 100000, reason: '绕过预算' },
  });
  assert.equal(grant.status, 409, grant.text);
  assert.equal(grant.body.error.code, 'budget_exceeded');
  assert.equal(grant.body.error.field, 'amount');

  const checkin = await request(server, 'PUT', `/api/v1/orgs/${districtId}/points/checkin`, { token: district, json: { points: 1000000 } });
  assert.equal(checkin.status, 400, checkin.text);
  assert.equal(checkin.body.error.code, 'above_ceiling');
  const ownCeiling = await request(server, 'PUT', `/api/v1/orgs/${districtId}/points/checkin-ceiling`, { token: district, json: { ceiling: 1000000 } });
  assert.equal(ownCeiling.status, 403, ownCeiling.text);
  const ownBudget = await request(server, 'PUT', `/api/v1/orgs/${districtId}/points/budget`, { token: district, json: { budget: null } });
  assert.equal(ownBudget.status, 403, ownBudget.text);
  const ownPurchaseBudget = await request(server, 'PUT', `/api/v1/orgs/${districtId}/purchase-budget/2026`, { token: district, json: { budget_fen: 99999999 } });
  assert.equal(ownPurchaseBudget.status, 403, ownPurchaseBudget.text);

  const summary = (await request(server, 'GET', `/api/v1/orgs/${districtId}/points/summary`, { token: platform })).body;
  assert.equal(summary.budget, 100);
  assert.equal(summary.budget_used, 0);
  assert.notEqual(summary.checkin_points, 1000000);
  assert.equal(summary.checkin_max, 100);
});

test('simultaneous sign-ins for one number: at most the limit are checked', async () => {
  const address = nextAddress();
  // 19 wrong and the right one, all at once from one address; 5 per number are allowed.
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => login('13900000077', i === 19 ? PASSWORD : 'wrong-password', address)));
  const statuses = answers.map((a) => a.status);
  const checked = statuses.filter((s) => s === 401 || s === 200).length;
  // A right password among the first five gives its attempt back, letting one more through.
  assert.ok(checked <= (statuses.includes(200) ? 6 : 5), `checked ${checked}: ${statuses.join(',')}`);
  assert.equal(statuses.filter((s) => s === 429).length, 20 - checked, statuses.join(','));
  for (const answer of answers.filter((a) => a.status === 429)) {
    assert.equal(answer.body.error.code, 'too_many_attempts');
    assert.ok(Number(answer.headers.get('retry-after')) > 0);
  }
});

test('a flood of failed sign-ins from one address is counted before hashing and memory stays bounded', async () => {
  const address = nextAddress();
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(`1370001${String(1000 + i)}`, 'wrong-password', address)));
  const statuses = answers.map((a) => a.status);
  // The per-address limit is 30: the other 10 are refused without a hash; the checked ones
  // are wrong (401) or, past the hash slots' wait, 503 overloaded.
  assert.equal(statuses.filter((s) => s === 429).length, 10, statuses.join(','));
  assert.ok(statuses.every((s) => [401, 429, 503].includes(s)), statuses.join(','));
  // A normal sign-in from elsewhere still gets through.
  assert.equal((await login(DISTRICT_A)).status, 200);
  // Peak memory of the server: at most 2 hashes (64 MiB each) ran at once, never 30. Under
  // AddressSanitizer freed memory is held in quarantine, so only the release build is weighed.
  if (!binary.includes('asan')) {
    const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
    const peakKiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]);
    assert.ok(peakKiB < 600 * 1024, `peak resident memory ${Math.round(peakKiB / 1024)} MiB`);
  }
});

test('anonymous writes are limited per address and route; uploads per account and per day', async () => {
  const own = await startServer({ demo: true, args: ['--trust-proxy', '--anonymous-writes-per-hour', '3', '--uploads-per-account-per-day', '2', '--uploads-per-day', '4'] });
  try {
    const anonymous = (path, body, headers, address) => request(own, 'POST', path, { ...body, headers: { 'x-forwarded-for': address, ...headers } });
    const application = {
      name: '限流测试农场', category: 'farm', address: '江北区幸福村2号', lat: 30.3, lng: 120.2,
      contact_name: '周场长', phone: '13912345670', licence_no: '91330100MA2AAAAB2',
    };
    const answers = [];
    for (let i = 0; i < 4; i += 1) {
      answers.push(await anonymous('/api/v1/merchant-applications', { json: { ...application, licence_no: `91330100MA2AAAB${i}X` } }, {}, '203.0.113.50'));
    }
    assert.deepEqual(answers.map((a) => a.status), [201, 201, 201, 429]);
    assert.equal(answers[3].body.error.code, 'rate_limited');
    assert.ok(Number(answers[3].headers.get('retry-after')) > 0);
    // Another address, or another route, has its own count.
    assert.equal((await anonymous('/api/v1/merchant-applications', { json: { ...application, licence_no: '91330100MA2AAAC9X' } }, {}, '203.0.113.51')).status, 201);
    const photo = (address, token) => request(own, 'POST', '/api/v1/photos', { body: png(), token, headers: { 'content-type': 'image/png', 'x-forwarded-for': address } });
    assert.equal((await photo('203.0.113.50')).status, 201);
    const pending = await request(own, 'GET', '/api/v1/merchant-applications', {
      token: (await request(own, 'POST', '/api/v1/auth/login', { json: { phone: PLATFORM, password: PASSWORD } })).body.token,
    });
    assert.equal(pending.body.items.filter((a) => a.name === '限流测试农场').length, 4, 'the refused application stored nothing');

    // Signed-in uploads: 2 per account per day; 4 in total per day (one anonymous one above).
    const staff = (await request(own, 'POST', '/api/v1/auth/login', { json: { phone: STAFF, password: PASSWORD } })).body.token;
    const member = (await request(own, 'POST', '/api/v1/auth/login', { json: { phone: MEMBER, password: PASSWORD } })).body.token;
    const byStaff = [await photo('203.0.113.60', staff), await photo('203.0.113.60', staff), await photo('203.0.113.60', staff)];
    assert.deepEqual(byStaff.map((a) => a.status), [201, 201, 429]);
    assert.equal(byStaff[2].body.error.code, 'rate_limited');
    assert.equal((await photo('203.0.113.61', member)).status, 201);  // the fourth of the day
    assert.equal((await photo('203.0.113.62', member)).status, 429);  // the day's total is reached
  } finally {
    await own.stop();
  }
});

test('the session cookie is Secure when the request came over HTTPS through the proxy', async () => {
  const over = await login(DISTRICT_A, PASSWORD, nextAddress(), { 'x-forwarded-proto': 'https' });
  assert.equal(over.status, 200);
  const cookies = over.headers.getSetCookie();
  assert.ok(cookies.length >= 2 && cookies.every((c) => c.includes('; Secure')), cookies.join(' | '));
  const plain = await login(DISTRICT_A, PASSWORD, nextAddress(), { 'x-forwarded-proto': 'http' });
  assert.ok(plain.headers.getSetCookie().every((c) => !c.includes('Secure')));
  // Without --trust-proxy the header is not believed.
  const untrusting = await startServer({ demo: true });
  try {
    const forged = await request(untrusting, 'POST', '/api/v1/auth/login', { json: { phone: DISTRICT_A, password: PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(forged.status, 200);
    assert.ok(forged.headers.getSetCookie().every((c) => !c.includes('Secure')));
  } finally {
    await untrusting.stop();
  }
});

test('every page forbids framing and foreign scripts', async () => {
  for (const path of ['/', '/admin/', '/merchant/', '/verify/', '/admin/points', '/no-such-page']) {
    const response = await fetch(server.url + path);
    const csp = response.headers.get('content-security-policy') || '';
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.match(csp, /script-src 'self'(;|$)/, path);
    assert.match(csp, /object-src 'none'/, path);
    assert.equal(response.headers.get('x-frame-options'), 'DENY', path);
    assert.equal(response.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
  }
});

// Sends raw bytes and collects what comes back until `until` matches or the wait ends.
function rawExchange(port, steps) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const timeline = [];
    const started = Date.now();
    socket.on('data', (chunk) => { received += chunk.toString('latin1'); timeline.push([Date.now() - started, received]); });
    socket.on('error', reject);
    // Done once every step has run and the server has closed (or we did).
    const closed = new Promise((done) => socket.on('close', done));
    socket.on('connect', async () => {
      for (const step of steps) await step(socket, () => received);
      setTimeout(() => socket.end(), 300);
      await closed;
      resolve({ received, timeline });
    });
  });
}

const waitFor = async (read, pattern, ms) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (pattern.test(read())) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
};

test('Expect: 100-continue is answered at once, and an oversized body is refused before it is sent', async () => {
  const body = JSON.stringify({ phone: MEMBER, password: 'wrong-password' });
  let continued = false;
  const ok = await rawExchange(server.port, [
    async (socket, read) => {
      socket.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Forwarded-For: ${nextAddress()}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`);
      // Clients wait about a second for this before sending anyway; it must come at once.
      continued = await waitFor(read, /^HTTP\/1\.1 100 Continue\r\n\r\n/, 500);
      socket.write(body);
      await waitFor(read, /HTTP\/1\.1 401/, 5000);
    },
  ]);
  assert.ok(continued, `no 100 Continue within 500 ms: ${JSON.stringify(ok.received.slice(0, 80))}`);
  assert.match(ok.received, /HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 401 /);

  let refusedEarly = false;
  const big = await rawExchange(server.port, [
    async (socket, read) => {
      socket.write('POST /api/v1/photos HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: 104857600\r\nExpect: 100-continue\r\n\r\n');
      refusedEarly = await waitFor(read, /HTTP\/1\.1 413 /, 1000);
    },
  ]);
  assert.ok(refusedEarly, big.received.slice(0, 120));
  assert.doesNotMatch(big.received, /100 Continue/);
});
