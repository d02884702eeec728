// 招聘会 over HTTP on the demo: a union makes, edits and cancels fairs; anyone reads them with
// their employers' published jobs; members register (never more than the places, however many
// register at once), give the place up, and are checked in at the door once with the ticket's
// QR token or code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, demoTokens } from './harness.mjs';

const PLATFORM = '13800000000';
const DISTRICT = '13800000001'; // 江北区总工会
const MEMBER = '13900000001'; // 陈晓梅
const OTHER_MEMBER = '13900000002';
const EMPLOYER_STAFF = '13300000001';

let server;
let token;
let key = 0;
let employerIds;

before(async () => {
  server = await startServer({ demo: true });
  token = demoTokens(() => server);
});
after(async () => { await server?.stop(); });

async function call(who, method, path, json) {
  const headers = method === 'GET' ? {} : { 'idempotency-key': `fairs-test-${key++}` };
  return request(server, method, path, { token: who ? await token(who) : undefined, json, headers });
}

function ok(response, status = 200) {
  assert.equal(response.status, status, response.text);
  return response.body;
}

function refused(response, status, code, field) {
  assert.equal(response.status, status, response.text);
  assert.equal(response.body.error.code, code, response.text);
  if (field) assert.equal(response.body.error.field, field, response.text);
}

const HOUR = 3_600_000;
const at = (ms) => new Date(ms).toISOString();

function fairBody(overrides = {}) {
  const start = Date.now() + 5 * 24 * HOUR;
  return {
    title: '测试专场招聘会', description: '现场招聘', place: '江北区职工服务中心', lat: 30.286, lng: 120.163,
    starts_at: at(start), ends_at: at(start + 6 * HOUR), capacity: 50, employer_ids: employerIds, ...overrides,
  };
}

test('the demo fair is public with its employers and their published jobs', async () => {
  const list = ok(await call(null, 'GET', '/api/v1/job-fairs'));
  const demo = list.items.find((f) => f.title.includes('春风行动'));
  assert.ok(demo, JSON.stringify(list));
  assert.equal(demo.status, 'upcoming');
  assert.equal(demo.capacity, 300);
  assert.equal(demo.employers, undefined);
  const detail = ok(await call(null, 'GET', `/api/v1/job-fairs/${demo.id}`));
  assert.ok(detail.employers.length >= 3);
  assert.ok(detail.employers.some((e) => e.jobs.length > 0 && e.jobs[0].pay_min_fen > 0));
  assert.equal(detail.my_registration, null);
  assert.equal(detail.checked_in, 0);
  employerIds = detail.employers.map((e) => e.id);
  refused(await call(null, 'GET', '/api/v1/job-fairs/1'), 404, 'not_found');
});

test('a union makes and edits a fair; bad input and other callers are refused', async () => {
  refused(await call(DISTRICT, 'POST', '/api/v1/job-fairs', fairBody({ title: '' })), 400, 'required', 'title');
  const start = Date.now() + 5 * 24 * HOUR;
  refused(await call(DISTRICT, 'POST', '/api/v1/job-fairs', fairBody({ ends_at: at(start - HOUR) })), 400, 'invalid_window', 'ends_at');
  refused(await call(DISTRICT, 'POST', '/api/v1/job-fairs', fairBody({ capacity: 0 })), 400, 'out_of_range', 'capacity');
  refused(await call(DISTRICT, 'POST', '/api/v1/job-fairs', fairBody({ lat: 91 })), 400, 'out_of_range', 'lat');
  refused(await call(DISTRICT, 'POST', '/api/v1/job-fairs', fairBody({ employer_ids: ['1'] })), 400, 'unknown_employer', 'employer_ids');
  refused(await call(DISTRICT, 'POST', '/api/v1/job-fairs', fairBody({ registration_opens_at: at(start + HOUR) })), 400, 'invalid_window', 'registration_opens_at');
  refused(await call(MEMBER, 'POST', '/api/v1/job-fairs', fairBody()), 403, 'forbidden');
  refused(await call(EMPLOYER_STAFF, 'POST', '/api/v1/job-fairs', fairBody()), 403, 'forbidden');
  const orgs = ok(await call(PLATFORM, 'GET', '/api/v1/orgs')).items;
  const south = orgs.find((o) => o.name === '城南区总工会');
  refused(await call(DISTRICT, 'POST', '/api/v1/job-fairs', fairBody({ org_id: south.id })), 403, 'forbidden');

  const made = ok(await call(DISTRICT, 'POST', '/api/v1/job-fairs', fairBody()), 201);
  assert.equal(made.org_name, '江北区总工会');
  assert.equal(made.status, 'upcoming');
  assert.equal(made.registered, 0);
  assert.deepEqual(made.employers.map((e) => e.id), employerIds);
  const edited = ok(await call(DISTRICT, 'PUT', `/api/v1/job-fairs/${made.id}`,
    { title: '测试专场招聘会（改）', place: '江北区文化中心', lat: 30.3, lng: 120.2, capacity: 60, employer_ids: employerIds.slice(0, 1) }));
  assert.equal(edited.place, '江北区文化中心');
  assert.equal(edited.capacity, 60);
  assert.equal(edited.employers.length, 1);
  assert.equal(edited.starts_at, made.starts_at);
  const foreign = ok(await call(PLATFORM, 'POST', '/api/v1/job-fairs', fairBody({ org_id: south.id })), 201);
  refused(await call(DISTRICT, 'PUT', `/api/v1/job-fairs/${foreign.id}`, { title: '越权', place: '越权', lat: 30, lng: 120, capacity: 5 }), 403, 'forbidden');
  refused(await call(DISTRICT, 'POST', `/api/v1/job-fairs/${foreign.id}/cancel`), 403, 'forbidden');
  const audit = ok(await call(PLATFORM, 'GET', '/api/v1/audit?action=job_fair.&limit=20')).items;
  assert.ok(audit.some((e) => e.action === 'job_fair.update' && e.target_id === made.id));
  assert.ok(audit.some((e) => e.action === 'job_fair.create' && e.target_id === made.id));
});

test('a member registers once, gets a ticket, gives the place up and registers again', async () => {
  const fair = ok(await call(DISTRICT, 'POST', '/api/v1/job-fairs', fairBody({ capacity: 2 })), 201);
  const path = `/api/v1/job-fairs/${fair.id}/registration`;
  refused(await call(EMPLOYER_STAFF, 'POST', path), 403, 'forbidden');
  refused(await call(null, 'POST', path), 401, 'unauthenticated');
  const mine = ok(await call(MEMBER, 'POST', path), 201);
  assert.equal(mine.registered, 1);
  assert.equal(mine.my_registration.status, 'issued');
  assert.match(mine.my_registration.code, /^[A-Z0-9]{10}$/);
  assert.ok(mine.my_registration.token.length > 20);
  refused(await call(MEMBER, 'POST', path), 409, 'limit_reached');
  const campaigns = ok(await call(MEMBER, 'GET', '/api/v1/campaigns?limit=200')).items;
  assert.ok(!campaigns.some((c) => c.id === fair.campaign_id), 'a fair is no 活动 of the campaign list');
  assert.ok(!ok(await call(DISTRICT, 'GET', '/api/v1/campaigns?limit=200')).items.some((c) => c.id === fair.campaign_id));
  const vouchers = ok(await call(MEMBER, 'GET', '/api/v1/me/vouchers')).items;
  assert.ok(vouchers.some((v) => v.id === mine.my_registration.voucher_id), 'the ticket is one of 我的券');
  refused(await call(OTHER_MEMBER, 'DELETE', path), 404, 'not_found');
  const given = ok(await call(MEMBER, 'DELETE', path));
  assert.equal(given.registered, 0);
  assert.equal(given.my_registration, null);
  refused(await call(MEMBER, 'DELETE', path), 404, 'not_found');
  const again = ok(await call(MEMBER, 'POST', path), 201);
  assert.equal(again.registered, 1);
  assert.notEqual(again.my_registration.code, mine.my_registration.code);
  ok(await call(OTHER_MEMBER, 'POST', path), 201);
  refused(await call('13900000003', 'POST', path), 409, 'slot_full');
  refused(await call(DISTRICT, 'PUT', `/api/v1/job-fairs/${fair.id}`,
    { title: fair.title, place: fair.place, lat: 30.2, lng: 120.1, capacity: 1 }), 400, 'below_registered', 'capacity');
});

test('however many register at once, no more than the places are taken', async () => {
  const fair = ok(await call(PLATFORM, 'POST', '/api/v1/job-fairs', fairBody({ capacity: 3 })), 201);
  const phones = Array.from({ length: 12 }, (_, i) => `139000000${String(i + 1).padStart(2, '0')}`);
  // Signed in one after another (sign-ins are rate-limited); then all register at once.
  const tokens = [];
  for (const phone of phones) tokens.push(await token(phone));
  const answers = await Promise.all(tokens.map((t, i) => request(server, 'POST', `/api/v1/job-fairs/${fair.id}/registration`,
    { token: t, headers: { 'idempotency-key': `fairs-crowd-${i}` } })));
  const statuses = answers.map((a) => a.status);
  assert.equal(statuses.filter((s) => s === 201).length, 3, JSON.stringify(answers.map((a) => a.text)));
  for (const a of answers.filter((x) => x.status !== 201)) {
    assert.equal(a.status, 409, a.text);
    assert.ok(['slot_full', 'member_not_active'].includes(a.body.error.code), a.text);
  }
  assert.ok(answers.filter((a) => a.status === 409 && a.body.error.code === 'slot_full').length >= 1);
  const after = ok(await call(PLATFORM, 'GET', `/api/v1/job-fairs/${fair.id}`));
  assert.equal(after.registered, 3);
});

test('the door checks a ticket in once; a second scan, another fair\'s ticket and bad tokens are refused', async () => {
  const fair = ok(await call(DISTRICT, 'POST', '/api/v1/job-fairs', fairBody()), 201);
  const other = ok(await call(DISTRICT, 'POST', '/api/v1/job-fairs', fairBody()), 201);
  const ticket = ok(await call(MEMBER, 'POST', `/api/v1/job-fairs/${fair.id}/registration`), 201).my_registration;
  const otherTicket = ok(await call(OTHER_MEMBER, 'POST', `/api/v1/job-fairs/${other.id}/registration`), 201).my_registration;
  const door = `/api/v1/job-fairs/${fair.id}/check-in`;
  refused(await call(DISTRICT, 'POST', door, {}), 400, 'required', 'token');
  refused(await call(DISTRICT, 'POST', door, { token: `${ticket.token}x` }), 400, 'invalid_token', 'token');
  refused(await call(DISTRICT, 'POST', door, { token: otherTicket.token }), 404, 'not_found');
  refused(await call(MEMBER, 'POST', door, { token: ticket.token }), 403, 'forbidden');
  refused(await call('13700000001', 'POST', door, { token: ticket.token }), 403, 'forbidden');
  // Merchant staff cannot redeem a fair's ticket at their own desk either.
  refused(await call('13700000001', 'POST', '/api/v1/vouchers/redeem', { token: ticket.token }), 403, 'wrong_merchant');
  const done = ok(await call(DISTRICT, 'POST', door, { token: ticket.token }));
  assert.equal(done.voucher_id, ticket.voucher_id);
  assert.equal(done.member_name, '陈*梅');
  const again = await call(DISTRICT, 'POST', door, { code: ticket.code });
  refused(again, 409, 'already_redeemed');
  assert.match(again.body.error.message, /already redeemed/);
  ok(await call(DISTRICT, 'POST', `/api/v1/job-fairs/${other.id}/check-in`, { code: otherTicket.code.toLowerCase().replace(/(.{5})/, '$1-') }));
  // Two doors scanning one ticket at the same moment: one lets the holder in.
  const twice = ok(await call(OTHER_MEMBER, 'POST', `/api/v1/job-fairs/${fair.id}/registration`), 201).my_registration;
  const scans = await Promise.all([0, 1, 2].map(async () => call(DISTRICT, 'POST', door, { token: twice.token })));
  assert.deepEqual(scans.map((r) => r.status).sort(), [200, 409, 409], JSON.stringify(scans.map((r) => r.text)));
  assert.ok(scans.filter((r) => r.status === 409).every((r) => r.body.error.code === 'already_redeemed'));
  const figures = ok(await call(DISTRICT, 'GET', `/api/v1/job-fairs/${fair.id}`));
  assert.equal(figures.checked_in, 2);
  assert.equal(figures.registered, 2);
  assert.equal(ok(await call(null, 'GET', `/api/v1/job-fairs/${fair.id}`)).checked_in, 0, 'figures are the admins\'');
  const mine = ok(await call(MEMBER, 'GET', `/api/v1/job-fairs/${fair.id}`)).my_registration;
  assert.equal(mine.status, 'redeemed');
  refused(await call(MEMBER, 'DELETE', `/api/v1/job-fairs/${fair.id}/registration`), 409, 'already_redeemed');
});

test('a cancelled fair voids its tickets and refuses registrations, edits and a second cancel', async () => {
  const fair = ok(await call(DISTRICT, 'POST', '/api/v1/job-fairs', fairBody()), 201);
  const ticket = ok(await call(MEMBER, 'POST', `/api/v1/job-fairs/${fair.id}/registration`), 201).my_registration;
  refused(await call(MEMBER, 'POST', `/api/v1/job-fairs/${fair.id}/cancel`), 403, 'forbidden');
  const cancelled = ok(await call(DISTRICT, 'POST', `/api/v1/job-fairs/${fair.id}/cancel`));
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(ok(await call(MEMBER, 'GET', `/api/v1/job-fairs/${fair.id}`)).my_registration.status, 'void');
  refused(await call(DISTRICT, 'POST', `/api/v1/job-fairs/${fair.id}/check-in`, { token: ticket.token }), 409, 'voucher_void');
  refused(await call(OTHER_MEMBER, 'POST', `/api/v1/job-fairs/${fair.id}/registration`), 409, 'campaign_cancelled');
  refused(await call(DISTRICT, 'POST', `/api/v1/job-fairs/${fair.id}/cancel`), 409, 'wrong_status');
  refused(await call(DISTRICT, 'PUT', `/api/v1/job-fairs/${fair.id}`, { title: '改', place: '改', lat: 30, lng: 120, capacity: 5 }), 409, 'wrong_status');
  const list = ok(await call(null, 'GET', '/api/v1/job-fairs')).items;
  assert.ok(!list.some((f) => f.id === fair.id), 'a cancelled fair leaves the list');
  assert.ok(ok(await call(null, 'GET', '/api/v1/job-fairs?include_past=true')).items.some((f) => f.id === fair.id));
});

test('a place cannot be given up in the last two hours, nor taken once the fair has begun', async () => {
  const soon = Date.now() + HOUR;
  const close = ok(await call(DISTRICT, 'POST', '/api/v1/job-fairs', fairBody({ starts_at: at(soon), ends_at: at(soon + HOUR) })), 201);
  ok(await call(MEMBER, 'POST', `/api/v1/job-fairs/${close.id}/registration`), 201);
  refused(await call(MEMBER, 'DELETE', `/api/v1/job-fairs/${close.id}/registration`), 409, 'cancel_too_late');
  const begun = Date.now() - HOUR;
  const running = ok(await call(DISTRICT, 'POST', '/api/v1/job-fairs', fairBody({ starts_at: at(begun), ends_at: at(begun + 3 * HOUR) })), 201);
  assert.equal(running.status, 'open');
  refused(await call(MEMBER, 'POST', `/api/v1/job-fairs/${running.id}/registration`), 409, 'slot_started');
});

test('the impact report counts hires and members who joined online, with their records', async () => {
  const from = new Date(Date.now() - 30 * 24 * HOUR).toISOString();
  const to = new Date(Date.now() + 24 * HOUR).toISOString();
  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const before = ok(await call(DISTRICT, 'GET', `/api/v1/reports/impact?${query}`));
  assert.ok(before.new_members >= 1, 'the demo approved 王秀英 into 江北公交公司工会');
  // The demo member's interview at 江北汇通物流 becomes a hire.
  const applications = ok(await call(EMPLOYER_STAFF, 'GET', '/api/v1/job-applications?status=interview')).items;
  assert.ok(applications.length >= 1);
  ok(await call(EMPLOYER_STAFF, 'POST', `/api/v1/job-applications/${applications[0].id}/move`, { status: 'hired' }));
  const after = ok(await call(DISTRICT, 'GET', `/api/v1/reports/impact?${query}`));
  assert.equal(after.job_hires, before.job_hires + 1);
  const records = ok(await call(DISTRICT, 'GET', `/api/v1/reports/impact/records?figure=job_hires&${query}`));
  assert.equal(records.items.length, after.job_hires);
  assert.equal(records.items[0].employer_name, '江北汇通物流有限公司');
  const joined = ok(await call(DISTRICT, 'GET', `/api/v1/reports/impact/records?figure=new_members&${query}`));
  assert.equal(joined.items.length, after.new_members);
  const csv = await call(DISTRICT, 'GET', `/api/v1/reports/impact.csv?format=data&${query}`);
  assert.equal(csv.status, 200, csv.text);
  assert.match(csv.text, /job_hires,1/);
  // 城南区's report has neither.
  const south = ok(await call(PLATFORM, 'GET', '/api/v1/orgs')).items.find((o) => o.name === '城南区总工会');
  const theirs = ok(await call(PLATFORM, 'GET', `/api/v1/reports/impact?org_id=${south.id}&${query}`));
  assert.equal(theirs.job_hires, 0);
});
