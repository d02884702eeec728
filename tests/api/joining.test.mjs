// 入会申请 over HTTP on the demo: a job seeker proves their number by code and applies to a base
// union with their ID number (checked, never shown in full), the district admin approves, and
// the account becomes a member with a member number and a message; figures follow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, demoTokens } from './harness.mjs';

const PLATFORM = '13800000000';
const DISTRICT = '13800000001'; // 江北区总工会
const MEMBER = '13900000001';
const SEEKER = '13500000001'; // 李建国, a job seeker of the demo

let server;
let token;
let key = 0;

before(async () => {
  server = await startServer({ demo: true });
  token = demoTokens(() => server);
});
after(async () => { await server?.stop(); });

async function as(tokenValue, method, path, json) {
  const headers = method === 'GET' ? {} : { 'idempotency-key': `joining-test-${key++}` };
  return request(server, method, path, { token: tokenValue, json, headers });
}

function ok(response, status = 200) {
  assert.equal(response.status, status, response.text);
  return response.body;
}

async function code(phone) {
  ok(await as(undefined, 'POST', '/api/v1/auth/code', { phone, purpose: 'verify_phone' }));
  const outbox = ok(await as(await token(PLATFORM), 'GET', `/api/v1/sms/outbox?phone=${phone}`));
  return /(\d{6})/.exec(outbox.items[0].body)[1];
}

test('a rejected applicant applies again, the district approves, and they become a member', async () => {
  // 李建国 of the demo, a job seeker who is not a member, waits for 城南供电公司工会.
  const seeker = await token(SEEKER);
  const waiting = ok(await as(seeker, 'GET', '/api/v1/me/joining-application'));
  assert.equal(waiting.status, 'submitted');
  assert.equal(waiting.id_number, '320***********1239');
  assert.equal((await as(await token(DISTRICT), 'GET', `/api/v1/joining-applications/${waiting.id}`)).status, 403);
  assert.equal((await as(await token(DISTRICT), 'POST', `/api/v1/joining-applications/${waiting.id}/reject`, { reason: '越权' })).status, 403);
  const noReason = await as(await token(PLATFORM), 'POST', `/api/v1/joining-applications/${waiting.id}/reject`, { reason: '' });
  assert.equal(noReason.body.error.code, 'required');
  const rejected = ok(await as(await token(PLATFORM), 'POST', `/api/v1/joining-applications/${waiting.id}/reject`, { reason: '请选择所在单位的工会' }));
  assert.equal(rejected.status, 'rejected');

  const unions = ok(await as(undefined, 'GET', `/api/v1/joining-unions?q=${encodeURIComponent('公交')}`)).items;
  assert.equal(unions[0].name, '江北公交公司工会');
  assert.deepEqual(unions[0].path_names, ['示范市总工会', '江北区总工会', '江北公交公司工会']);
  const district = ok(await as(undefined, 'GET', `/api/v1/joining-unions?q=${encodeURIComponent('江北区')}`)).items;
  assert.equal(district.length, 0, 'a district is not a base union');
  const form = { org_id: unions[0].id, name: '李建国', id_number: '320106198808081013', employer: '江北公交公司' };
  const wrongId = await as(seeker, 'POST', '/api/v1/me/joining-application', { ...form, id_number: '320106198808081012', code: '000000' });
  assert.equal(wrongId.body.error.code, 'invalid_id_number');
  const noCode = await as(seeker, 'POST', '/api/v1/me/joining-application', { ...form, code: '000000' });
  assert.equal(noCode.body.error.code, 'code_expired');
  const applied = ok(await as(seeker, 'POST', '/api/v1/me/joining-application', { ...form, code: await code(SEEKER) }), 201);
  assert.equal(applied.status, 'submitted');
  assert.equal(applied.id_number, '320***********1013');
  assert.equal(applied.phone, '135****0001');
  assert.ok(!JSON.stringify(applied).includes('320106198808081013'));
  // The district admin sees it masked too, and approves once.
  const listed = ok(await as(await token(DISTRICT), 'GET', '/api/v1/joining-applications?status=submitted')).items;
  assert.equal(listed.find((a) => a.id === applied.id).id_number, '320***********1013');
  const approved = ok(await as(await token(DISTRICT), 'POST', `/api/v1/joining-applications/${applied.id}/approve`));
  assert.equal(approved.status, 'approved');
  assert.equal(approved.member_no, `RH${applied.id}`);
  const twice = await as(await token(DISTRICT), 'POST', `/api/v1/joining-applications/${applied.id}/approve`);
  assert.equal(twice.body.error.code, 'wrong_status');
  // The account is a member now, with the new number and a message.
  const me = ok(await as(seeker, 'GET', '/api/v1/me'));
  assert.ok(me.account.roles.some((r) => r.role === 'member'));
  const messages = ok(await as(seeker, 'GET', '/api/v1/me/messages')).items;
  assert.ok(messages.some((m) => m.kind === 'application_status' && m.body.includes(approved.member_no)));
  const status = ok(await as(seeker, 'GET', '/api/v1/me/joining-application'));
  assert.equal(status.member_no, approved.member_no);
});

test('figures add up for the subtree asked, within the admin\'s scope', async () => {
  assert.equal((await as(await token(DISTRICT), 'GET', '/api/v1/joining-applications?status=bogus')).body.error.code, 'invalid_status');
  const figures = ok(await as(await token(PLATFORM), 'GET', '/api/v1/joining-figures'));
  assert.ok(figures.applications >= 3, JSON.stringify(figures));
  assert.ok(figures.approvals >= 2);
  assert.ok(figures.rejections >= 1);
  assert.ok(figures.average_days_to_approve >= 0);
  const jobs = ok(await as(await token(PLATFORM), 'GET', '/api/v1/job-figures'));
  assert.ok(jobs.total.jobs >= 5 && jobs.total.positions >= jobs.total.jobs, JSON.stringify(jobs.total));
  assert.ok(jobs.total.applications >= 2 && jobs.total.interviews >= 1);
  assert.ok(jobs.total.new_members >= 2);
  const jiangbei = jobs.rows.find((r) => r.org_name === '江北区总工会');
  assert.ok(jiangbei.new_members >= 2 && jiangbei.jobs >= 2, JSON.stringify(jiangbei));
  const own = ok(await as(await token(DISTRICT), 'GET', '/api/v1/job-figures'));
  assert.ok(own.rows.every((r) => r.org_name !== '城南区总工会'));
  const south = jobs.rows.find((r) => r.org_name === '城南区总工会');
  assert.equal((await as(await token(DISTRICT), 'GET', `/api/v1/job-figures?org_id=${south.org_id}`)).status, 403);
  assert.equal((await as(await token(MEMBER), 'GET', '/api/v1/joining-figures')).status, 403);
});
