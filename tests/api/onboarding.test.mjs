// A federation's first day over HTTP: appointing union admins through invitations their
// owners accept, inviting merchant staff, and activation links for imported members.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, runCli } from './harness.mjs';

const password = 'gonghui-demo';
const PLATFORM = '13800000000';
const DISTRICT_A = '13800000001';
const MEMBER = '13900000001';
let server;
const tokens = {};
let keys = 0;

async function tokenFor(phone) {
  if (!tokens[phone]) {
    const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone, password } });
    assert.equal(response.status, 200, `login ${phone}: ${response.text}`);
    tokens[phone] = response.body.token;
  }
  return tokens[phone];
}

async function as(phone, method, path, json) {
  return request(server, method, path, { token: await tokenFor(phone), json, headers: json ? { 'idempotency-key': `onboarding-${keys++}` } : {} });
}

const tokenOf = (link) => link.split('/').pop();

async function signIn(phone, pw) {
  return request(server, 'POST', '/api/v1/auth/login', { json: { phone, password: pw } });
}

// The unions: 江北区 (the district admin's), one of its base unions that the demo gave no admin
// of its own, and 城南区.
async function unions() {
  const all = (await as(PLATFORM, 'GET', '/api/v1/orgs')).body.items;
  const mine = (await as(DISTRICT_A, 'GET', '/api/v1/orgs')).body.items;
  const district = mine.find((o) => o.kind === 'district');
  let base;
  for (const candidate of mine.filter((o) => o.kind === 'base' && o.parent_id === district.id)) {
    const admins = (await as(DISTRICT_A, 'GET', `/api/v1/orgs/${candidate.id}/admins`)).body.admins;
    if (admins.length === 0) {
      base = candidate;
      break;
    }
  }
  assert.ok(base, 'a base union of 江北区 without an admin');
  const foreign = all.find((o) => o.kind === 'district' && o.id !== district.id);
  const root = all.find((o) => o.parent_id === null);
  return { district, base, foreign, root };
}

async function auditActions(prefix) {
  const page = await as(PLATFORM, 'GET', `/api/v1/audit?action=${prefix}&limit=100`);
  assert.equal(page.status, 200, page.text);
  return page.body.items;
}

before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server.stop(); });

test('a district admin appoints a base union admin, who accepts and sees only that union', async () => {
  const { district, base, foreign } = await unions();
  const invited = await as(DISTRICT_A, 'POST', `/api/v1/orgs/${base.id}/admins`, { phone: '13611110001', name: '新任管理员' });
  assert.equal(invited.status, 201, invited.text);
  assert.match(invited.body.link, /^\/invite\/gi_[A-Za-z0-9_-]{40,}$/);
  assert.equal(invited.body.phone, '136****0001');
  assert.ok(Date.parse(invited.body.expires_at) > Date.now() + 6 * 86400000);
  const token = tokenOf(invited.body.link);

  // Not for its own union, nor another district.
  for (const org of [district, foreign]) {
    const refused = await as(DISTRICT_A, 'POST', `/api/v1/orgs/${org.id}/admins`, { phone: '13611110009', name: '越权' });
    assert.equal(refused.status, 403, `${org.name}: ${refused.text}`);
  }

  const listed = await as(DISTRICT_A, 'GET', `/api/v1/orgs/${base.id}/admins`);
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(listed.body.pending.map((p) => p.phone), ['136****0001']);

  const shown = await request(server, 'GET', `/api/v1/invitations/${token}`);
  assert.equal(shown.status, 200, shown.text);
  assert.equal(shown.body.role, 'org_admin');
  assert.equal(shown.body.place, base.name);
  assert.equal(shown.body.phone, '136****0001');
  assert.equal(shown.body.must_set_password, true);

  const weak = await request(server, 'POST', `/api/v1/invitations/${token}/accept`, { json: { password: 'short' } });
  assert.equal(weak.status, 400);
  assert.equal(weak.body.error.code, 'password_too_short');
  assert.equal(weak.body.error.field, 'password');
  assert.equal((await signIn('13611110001', 'short')).status, 401);

  const accepted = await request(server, 'POST', `/api/v1/invitations/${token}/accept`, { json: { password: 'new-admin-pw' } });
  assert.equal(accepted.status, 200, accepted.text);
  assert.equal(accepted.body.password_set, true);
  const again = await request(server, 'POST', `/api/v1/invitations/${token}/accept`, { json: { password: 'new-admin-pw' } });
  assert.equal(again.status, 400);
  assert.equal(again.body.error.code, 'invite_used');
  assert.equal((await request(server, 'GET', `/api/v1/invitations/${token}`)).body.error.code, 'invite_used');

  const session = await signIn('13611110001', 'new-admin-pw');
  assert.equal(session.status, 200, session.text);
  assert.deepEqual(session.body.account.roles, [{ role: 'org_admin', org_id: base.id }]);
  const seen = await request(server, 'GET', '/api/v1/orgs', { token: session.body.token });
  assert.deepEqual(seen.body.items.map((o) => o.id), [base.id]);

  const admins = await as(DISTRICT_A, 'GET', `/api/v1/orgs/${base.id}/admins`);
  assert.deepEqual(admins.body.admins.map((a) => [a.name, a.phone]), [['新任管理员', '136****0001']]);
  assert.deepEqual(admins.body.pending, []);
  const accountId = admins.body.admins[0].account_id;

  // The new admin cannot remove itself (nor appoint for its own union); the district admin can.
  const self = await request(server, 'DELETE', `/api/v1/orgs/${base.id}/admins/${accountId}`, { token: session.body.token });
  assert.equal(self.status, 403);
  const removed = await as(DISTRICT_A, 'DELETE', `/api/v1/orgs/${base.id}/admins/${accountId}`);
  assert.equal(removed.status, 200, removed.text);
  const after = await request(server, 'GET', '/api/v1/orgs', { token: session.body.token });
  assert.equal(after.status, 403);
  const entries = await auditActions('org.remove_admin');
  assert.equal(entries[0].target_id, accountId);
  assert.ok((await auditActions('org.invite_admin')).length >= 1);
  assert.ok((await auditActions('account.accept_invitation')).length >= 1);
});

test('the platform admin cannot remove its own role, and revokes a pending invitation', async () => {
  const { root, district } = await unions();
  const me = await as(PLATFORM, 'GET', '/api/v1/me');
  const self = await as(PLATFORM, 'DELETE', `/api/v1/orgs/${root.id}/admins/${me.body.account.id}`);
  assert.equal(self.status, 409);
  assert.equal(self.body.error.code, 'cannot_remove_self');

  const invited = await as(PLATFORM, 'POST', `/api/v1/orgs/${district.id}/admins`, { phone: '13611110003', name: '待撤销' });
  assert.equal(invited.status, 201, invited.text);
  const revoked = await as(PLATFORM, 'DELETE', `/api/v1/orgs/${district.id}/invitations/${invited.body.id}`);
  assert.equal(revoked.status, 200, revoked.text);
  const accept = await request(server, 'POST', `/api/v1/invitations/${tokenOf(invited.body.link)}/accept`, { json: { password: 'revoked-pw-1' } });
  assert.equal(accept.status, 400);
  assert.equal(accept.body.error.code, 'invite_revoked');
  assert.equal((await signIn('13611110003', 'revoked-pw-1')).status, 401);
});

test('a member appointed admin must prove their password before the role is theirs', async () => {
  const { base } = await unions();
  const invited = await as(DISTRICT_A, 'POST', `/api/v1/orgs/${base.id}/admins`, { phone: MEMBER });
  assert.equal(invited.status, 201, invited.text);
  const token = tokenOf(invited.body.link);
  // Nothing is granted yet.
  assert.deepEqual((await signIn(MEMBER, password)).body.account.roles.map((r) => r.role), ['member']);

  const shown = await request(server, 'GET', `/api/v1/invitations/${token}`);
  assert.equal(shown.body.must_set_password, false);
  const wrong = await request(server, 'POST', `/api/v1/invitations/${token}/accept`, { json: { password: 'not-the-password' } });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.error.code, 'wrong_password');
  assert.deepEqual((await signIn(MEMBER, password)).body.account.roles.map((r) => r.role), ['member']);

  const proved = await request(server, 'POST', `/api/v1/invitations/${token}/accept`, { json: { password } });
  assert.equal(proved.status, 200, proved.text);
  assert.equal(proved.body.password_set, false);
  const roles = (await signIn(MEMBER, password)).body.account.roles.map((r) => r.role).sort();
  assert.deepEqual(roles, ['member', 'org_admin']);
});

test('bad input names its field and changes nothing', async () => {
  const { base } = await unions();
  const before = (await as(DISTRICT_A, 'GET', `/api/v1/orgs/${base.id}/admins`)).body;
  const badPhone = await as(DISTRICT_A, 'POST', `/api/v1/orgs/${base.id}/admins`, { phone: '12345', name: '某人' });
  assert.equal(badPhone.status, 400);
  assert.equal(badPhone.body.error.code, 'invalid_phone');
  assert.equal(badPhone.body.error.field, 'phone');
  const noName = await as(DISTRICT_A, 'POST', `/api/v1/orgs/${base.id}/admins`, { phone: '13611110004' });
  assert.equal(noName.status, 400);
  assert.equal(noName.body.error.field, 'name');
  const unknown = await as(PLATFORM, 'POST', '/api/v1/orgs/999999999/admins', { phone: '13611110004', name: '某人' });
  assert.equal(unknown.status, 404);
  assert.deepEqual((await as(DISTRICT_A, 'GET', `/api/v1/orgs/${base.id}/admins`)).body, before);
  const unknownToken = await request(server, 'GET', '/api/v1/invitations/gi_nosuchtoken');
  assert.equal(unknownToken.status, 404);
});

test('an invited merchant staff member accepts and signs in to the merchant console', async () => {
  const merchants = (await as(PLATFORM, 'GET', '/api/v1/merchants?limit=5')).body.items;
  const merchant = merchants[0];
  const invited = await as(PLATFORM, 'POST', `/api/v1/merchants/${merchant.id}/staff`, { phone: '13611110005', name: '新店员' });
  assert.equal(invited.status, 201, invited.text);
  assert.match(invited.body.invitation.link, /^\/invite\/gi_/);
  const token = tokenOf(invited.body.invitation.link);
  const shown = await request(server, 'GET', `/api/v1/invitations/${token}`);
  assert.equal(shown.body.role, 'merchant_staff');
  assert.equal(shown.body.place, merchant.name);
  const accepted = await request(server, 'POST', `/api/v1/invitations/${token}/accept`, { json: { password: 'staff-password' } });
  assert.equal(accepted.status, 200, accepted.text);
  const session = await signIn('13611110005', 'staff-password');
  assert.equal(session.status, 200, session.text);
  assert.deepEqual(session.body.account.roles, [{ role: 'merchant_staff', merchant_id: merchant.id }]);
  const own = await request(server, 'GET', '/api/v1/me/merchant', { token: session.body.token });
  assert.equal(own.status, 200, own.text);
  const twice = await as(PLATFORM, 'POST', `/api/v1/merchants/${merchant.id}/staff`, { phone: '13611110005' });
  assert.equal(twice.status, 409);
  assert.equal(twice.body.error.code, 'already_staff');
});

test('imported members activate through the activation list and sign in', async () => {
  const { base, foreign } = await unions();
  const csv = `姓名,手机号,工会卡号,所属工会\n激活甲,13622220001,GH66660001,${base.name}\n激活乙,13622220002,GH66660002,${base.name}\n`;
  const ok = await request(server, 'POST', '/api/v1/members/import', { token: await tokenFor(DISTRICT_A), body: csv, headers: { 'content-type': 'text/csv' } });
  assert.equal(ok.status, 200, ok.text);

  const list = await fetch(`${server.url}/api/v1/orgs/${base.id}/activation-list`, { headers: { authorization: `Bearer ${await tokenFor(DISTRICT_A)}` } });
  assert.equal(list.status, 200);
  assert.match(list.headers.get('content-type'), /text\/csv/);
  const bytes = new Uint8Array(await list.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM for Excel');
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.slice(3));
  const lines = text.trim().split('\r\n');
  assert.equal(lines[0], '姓名,手机号,所属工会,激活链接,有效期至');
  const rows = lines.slice(1).map((line) => line.split(','));
  const first = rows.find((r) => r[0] === '激活甲');
  assert.ok(first, text);
  assert.equal(first[1], '136****0001');
  assert.equal(first[2], base.name);
  assert.match(first[3], /^http:\/\/127\.0\.0\.1:\d+\/activate\/gi_/);
  assert.ok(!rows.some((r) => r[0] === '陈晓梅'), 'members with a password are not listed');
  const refused = await as(DISTRICT_A, 'GET', `/api/v1/orgs/${foreign.id}/activation-list`);
  assert.equal(refused.status, 403);

  const token = tokenOf(first[3]);
  const shown = await request(server, 'GET', `/api/v1/invitations/${token}`);
  assert.equal(shown.status, 200, shown.text);
  assert.equal(shown.body.purpose, 'activation');
  assert.equal(shown.body.phone, '136****0001');
  assert.equal(shown.body.must_set_password, true);
  const done = await request(server, 'POST', `/api/v1/invitations/${token}/accept`, { json: { password: 'member-password' } });
  assert.equal(done.status, 200, done.text);
  const session = await signIn('13622220001', 'member-password');
  assert.equal(session.status, 200, session.text);
  assert.deepEqual(session.body.account.roles.map((r) => r.role), ['member']);

  // One at a time: a new link revokes the old; an activated member gets none.
  const members = (await as(DISTRICT_A, 'GET', '/api/v1/members?q=激活')).body.items;
  const second = members.find((m) => m.name === '激活乙');
  const firstMember = members.find((m) => m.name === '激活甲');
  const oldLink = rows.find((r) => r[0] === '激活乙')[3];
  const link = await as(DISTRICT_A, 'POST', `/api/v1/members/${second.id}/activation`, {});
  assert.equal(link.status, 201, link.text);
  assert.match(link.body.link, /^\/activate\/gi_/);
  assert.equal((await request(server, 'GET', `/api/v1/invitations/${tokenOf(oldLink)}`)).body.error.code, 'invite_revoked');
  const already = await as(DISTRICT_A, 'POST', `/api/v1/members/${firstMember.id}/activation`, {});
  assert.equal(already.status, 409);
  assert.equal(already.body.error.code, 'already_activated');
  assert.ok((await auditActions('member.issue_activation')).length >= 1);
  assert.ok((await auditActions('org.export_activation_list')).length >= 1);
});

test('gonghui admin appoint grants a new number and prints a link to set its password', async () => {
  const own = await startServer();
  await own.stop('SIGTERM', { keepDatabase: true });
  const created = runCli(['admin', 'create', '--phone', '13600000000', '--name', '管理员', '--db', own.database.url], 'first-admin-pw\n');
  assert.equal(created.status, 0, created.stderr);
  let running = await startServer({ db: own.database.url });
  let orgId;
  try {
    const login = await request(running, 'POST', '/api/v1/auth/login', { json: { phone: '13600000000', password: 'first-admin-pw' } });
    const made = await request(running, 'POST', '/api/v1/orgs', { token: login.body.token, json: { parent_id: (await request(running, 'GET', '/api/v1/orgs', { token: login.body.token })).body.items[0].id, name: '新区总工会', kind: 'district' } });
    assert.equal(made.status, 201, made.text);
    orgId = made.body.id;
  } finally {
    await running.stop();
  }
  assert.equal(runCli(['admin', 'appoint', '--phone', '123', '--org', orgId, '--db', own.database.url]).status, 2);
  assert.match(runCli(['admin', '--help']).stdout, /admin appoint --phone NUMBER --org ID/);
  const appointed = runCli(['admin', 'appoint', '--phone', '13600000001', '--org', orgId, '--name', '区管理员', '--db', own.database.url]);
  assert.equal(appointed.status, 0, appointed.stderr);
  const link = /(\/invite\/gi_\S+)/.exec(appointed.stdout)[1];
  assert.match(appointed.stdout, /now administers/);
  // A number that already signs in is only invited.
  const invited = runCli(['admin', 'appoint', '--phone', '13600000000', '--org', orgId, '--db', own.database.url]);
  assert.equal(invited.status, 0, invited.stderr);
  assert.match(invited.stdout, /accepts/);
  running = await startServer({ db: own.database.url });
  try {
    const accepted = await request(running, 'POST', `/api/v1/invitations/${tokenOf(link)}/accept`, { json: { password: 'district-admin-pw' } });
    assert.equal(accepted.status, 200, accepted.text);
    const login = await request(running, 'POST', '/api/v1/auth/login', { json: { phone: '13600000001', password: 'district-admin-pw' } });
    assert.equal(login.status, 200, login.text);
    assert.deepEqual(login.body.account.roles, [{ role: 'org_admin', org_id: orgId }]);
  } finally {
    await running.stop();
    own.database.cleanup();
  }
});
