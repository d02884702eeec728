// 就业服务 over HTTP on the demo: an employer applies and is vetted by its union, its staff post
// jobs that the union reviews, anyone browses and searches them (pay on every card, the contact
// only when signed in), members and registered job seekers apply and follow the timeline, an
// employer sees only its own applications, jobs expire and are renewed or filled, and a saved
// search tells its member once about each new job that matches.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, demoTokens, png } from './harness.mjs';

const PLATFORM = '13800000000';
const DISTRICT = '13800000001'; // 江北区总工会
const MEMBER = '13900000001'; // 陈晓梅
const OTHER_MEMBER = '13900000002';
const HUITONG = '13300000001'; // staff of 江北汇通物流 (江北区)
const BUILDER = '13300000002'; // staff of 城南建设劳务 (城南区)

let server;
let token;
let key = 0;

before(async () => {
  server = await startServer({ demo: true, args: ['--message-sweep-ms', '150'] });
  token = demoTokens(() => server);
});
after(async () => { await server?.stop(); });

async function call(who, method, path, json) {
  const headers = method === 'GET' ? {} : { 'idempotency-key': `jobs-test-${key++}` };
  return request(server, method, path, { token: who ? await token(who) : undefined, json, headers });
}

function ok(response, status = 200) {
  assert.equal(response.status, status, response.text);
  return response.body;
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

const JOB = {
  title: '冷链搬运工', kind: 'full_time', pay_unit: 'month', pay_min_fen: 520000, pay_max_fen: 680000,
  headcount: 4, address: '江北区港城路90号', lat: 30.2915, lng: 120.1688,
  requirements: '能搬运重物', benefits: '包住宿', contact_name: '王经理', contact_phone: '0571-87123999',
};

async function publish(staff, job = JOB) {
  const draft = ok(await call(staff, 'POST', '/api/v1/job-postings', job), 201);
  assert.equal(draft.status, 'draft');
  ok(await call(staff, 'POST', `/api/v1/job-postings/${draft.id}/submit`));
  return ok(await call(PLATFORM, 'POST', `/api/v1/job-postings/${draft.id}/approve`));
}

test('an employer applies with a checked credit code and its union vets it', async () => {
  const photo = await request(server, 'POST', '/api/v1/photos', { body: png(), headers: { 'content-type': 'image/png' } });
  assert.equal(photo.status, 201, photo.text);
  const districts = ok(await call(PLATFORM, 'GET', '/api/v1/orgs')).items ?? [];
  const jiangbei = districts.find((o) => o.name === '江北区总工会');
  const form = {
    name: '江北新材料科技有限公司', credit_code: '91320106MA1P5Q6R76', contact_name: '周敏', phone: '13512345678',
    address: '江北区创新路1号', lat: 30.29, lng: 120.17, licence_photo_id: photo.body.id, org_id: jiangbei?.id,
  };
  const bad = await call(null, 'POST', '/api/v1/employer-applications', { ...form, credit_code: '91320106MA1P5Q6R77' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'invalid_credit_code');
  assert.equal(bad.body.error.field, 'credit_code');
  const employer = ok(await call(null, 'POST', '/api/v1/employer-applications', form), 201);
  assert.equal(employer.status, 'pending');
  assert.equal(employer.phone, '135****5678');
  const again = await call(null, 'POST', '/api/v1/employer-applications', form);
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'duplicate_credit_code');
  // Staff cannot post for an employer before approval; the district admin approves once.
  const listed = ok(await call(DISTRICT, 'GET', '/api/v1/employers?status=pending')).items;
  assert.ok(listed.some((e) => e.id === employer.id));
  const approved = ok(await call(DISTRICT, 'POST', `/api/v1/employers/${employer.id}/approve`));
  assert.equal(approved.status, 'approved');
  const twice = await call(DISTRICT, 'POST', `/api/v1/employers/${employer.id}/approve`);
  assert.equal(twice.status, 409);
  assert.equal(twice.body.error.code, 'wrong_status');
  const invited = ok(await call(DISTRICT, 'POST', `/api/v1/employers/${employer.id}/staff`, { phone: '13512345678', name: '周敏' }), 201);
  assert.equal(invited.invitation.role, 'employer_staff');
  // A union outside the district cannot review it.
  const south = ok(await call(PLATFORM, 'GET', '/api/v1/employers?q=城南建设')).items[0];
  const outside = await call(DISTRICT, 'POST', `/api/v1/employers/${south.id}/reject`, { reason: '越权' });
  assert.equal(outside.status, 403);
});

test('a job goes draft → submitted → published, with the refusals of each step', async () => {
  const mismatch = await call(HUITONG, 'POST', '/api/v1/job-postings', { ...JOB, kind: 'gig' });
  assert.equal(mismatch.body.error.code, 'pay_unit_mismatch');
  const inverted = await call(HUITONG, 'POST', '/api/v1/job-postings', { ...JOB, pay_max_fen: 1000 });
  assert.equal(inverted.body.error.code, 'invalid_pay');
  assert.equal(inverted.body.error.field, 'pay_max_fen');
  const draft = ok(await call(HUITONG, 'POST', '/api/v1/job-postings', JOB), 201);
  const early = await call(DISTRICT, 'POST', `/api/v1/job-postings/${draft.id}/approve`);
  assert.equal(early.body.error.code, 'wrong_status');
  // Another employer's staff do not see it at all.
  assert.equal((await call(BUILDER, 'GET', `/api/v1/job-postings/${draft.id}`)).status, 404);
  assert.equal((await call(BUILDER, 'POST', `/api/v1/job-postings/${draft.id}/submit`)).status, 404);
  ok(await call(HUITONG, 'POST', `/api/v1/job-postings/${draft.id}/submit`));
  const queue = ok(await call(DISTRICT, 'GET', '/api/v1/job-postings?status=submitted')).items;
  assert.ok(queue.some((j) => j.id === draft.id));
  const returned = ok(await call(DISTRICT, 'POST', `/api/v1/job-postings/${draft.id}/return`, { reason: '请写明工作时间' }));
  assert.equal(returned.status, 'returned');
  assert.equal(returned.reason, '请写明工作时间');
  const edited = ok(await call(HUITONG, 'PUT', `/api/v1/job-postings/${draft.id}`, { ...JOB, requirements: '8:00-17:00，能搬运重物' }));
  assert.equal(edited.status, 'returned');
  ok(await call(HUITONG, 'POST', `/api/v1/job-postings/${draft.id}/submit`));
  const published = ok(await call(DISTRICT, 'POST', `/api/v1/job-postings/${draft.id}/approve`));
  assert.equal(published.status, 'published');
  const days = (Date.parse(published.expires_at) - Date.parse(published.published_at)) / 86400000;
  assert.equal(days, 30);
  const locked = await call(HUITONG, 'PUT', `/api/v1/job-postings/${draft.id}`, JOB);
  assert.equal(locked.body.error.code, 'wrong_status');
  const detail = ok(await call(HUITONG, 'GET', `/api/v1/job-postings/${draft.id}`));
  assert.deepEqual(detail.steps.map((s) => s.action),
    ['job.created', 'job.submitted', 'job.returned', 'job.edited', 'job.submitted', 'job.approved']);
  assert.equal(detail.steps[2].reason, '请写明工作时间');
  // Taken down by the union with a reason: gone from the public.
  const down = ok(await call(DISTRICT, 'POST', `/api/v1/job-postings/${draft.id}/take-down`, { reason: '岗位信息不实' }));
  assert.equal(down.status, 'taken_down');
  assert.equal((await call(null, 'GET', `/api/v1/jobs/${draft.id}`)).status, 404);
  assert.equal((await call(HUITONG, 'POST', `/api/v1/job-postings/${draft.id}/renew`)).body.error.code, 'wrong_status');
});

test('anyone browses and searches jobs; pay is on every card, the contact only signed in', async () => {
  const all = ok(await call(null, 'GET', '/api/v1/jobs?limit=100')).items;
  assert.ok(all.length >= 5);
  for (const card of all) {
    assert.ok(card.pay_min_fen > 0 && card.pay_max_fen >= card.pay_min_fen, JSON.stringify(card));
    assert.ok(['month', 'day'].includes(card.pay_unit));
    assert.equal(card.contact, undefined);
  }
  assert.ok(!all.some((c) => c.title === '工地保洁'), 'an expired job is not listed');
  assert.ok(!all.some((c) => c.title === '叉车司机'), 'a job under review is not listed');
  const gigs = ok(await call(null, 'GET', '/api/v1/jobs?kind=gig')).items;
  assert.ok(gigs.length >= 1 && gigs.every((c) => c.kind === 'gig' && c.pay_unit === 'day'));
  const byPinyin = ok(await call(null, 'GET', '/api/v1/jobs?q=fenjian')).items;
  assert.equal(byPinyin[0].title, '仓库分拣员');
  const byTraditional = ok(await call(null, 'GET', `/api/v1/jobs?q=${encodeURIComponent('倉庫')}`)).items;
  assert.equal(byTraditional[0].title, '仓库分拣员');
  const rich = ok(await call(null, 'GET', '/api/v1/jobs?pay_unit=month&min_pay_fen=800000')).items;
  assert.ok(rich.length >= 1 && rich.every((c) => c.pay_max_fen >= 800000));
  const near = ok(await call(null, 'GET', '/api/v1/jobs?lat=30.2910&lng=120.1680&within_km=3&sort=distance')).items;
  assert.ok(near.length >= 1);
  assert.ok(near.every((c) => c.distance_m <= 3000));
  assert.ok(near.every((c, i) => i === 0 || near[i - 1].distance_m <= c.distance_m));
  const bad = await call(null, 'GET', '/api/v1/jobs?kind=astronaut');
  assert.equal(bad.body.error.code, 'invalid_kind');
  const anonymous = ok(await call(null, 'GET', `/api/v1/jobs/${byPinyin[0].id}`));
  assert.equal(anonymous.contact, null);
  const signedIn = ok(await call(MEMBER, 'GET', `/api/v1/jobs/${byPinyin[0].id}`));
  assert.equal(signedIn.contact.name, '人事部');
  assert.ok(signedIn.my_application_id, 'the demo member applied to it');
});

test('applications move through their steps, the seeker is told, and employers are isolated', async () => {
  const job = await publish(HUITONG, { ...JOB, title: '理货员' });
  const noProfile = await call(OTHER_MEMBER, 'POST', `/api/v1/jobs/${job.id}/applications`, {});
  assert.equal(noProfile.body.error.code, 'profile_required');
  ok(await call(OTHER_MEMBER, 'PUT', '/api/v1/me/job-profile', { skills: '理货', preferred_kinds: ['full_time'] }));
  const applied = ok(await call(OTHER_MEMBER, 'POST', `/api/v1/jobs/${job.id}/applications`, { note: '随时到岗' }), 201);
  assert.equal(applied.status, 'submitted');
  const twice = await call(OTHER_MEMBER, 'POST', `/api/v1/jobs/${job.id}/applications`, {});
  assert.equal(twice.body.error.code, 'already_applied');
  // The other employer neither lists nor opens nor moves it.
  const theirs = ok(await call(BUILDER, 'GET', '/api/v1/job-applications?limit=200')).items;
  assert.ok(theirs.every((a) => a.employer_name === '示范市城南建设劳务有限公司'));
  assert.ok(!theirs.some((a) => a.id === applied.id));
  assert.equal((await call(BUILDER, 'GET', `/api/v1/job-applications/${applied.id}`)).status, 404);
  assert.equal((await call(BUILDER, 'POST', `/api/v1/job-applications/${applied.id}/move`, { status: 'viewed' })).status, 404);
  // Admins read figures, not applications.
  assert.equal((await call(DISTRICT, 'GET', '/api/v1/job-applications')).status, 403);
  const seen = ok(await call(HUITONG, 'GET', `/api/v1/job-applications/${applied.id}`));
  assert.equal(seen.seeker.phone, '139****0002');
  const hireTooSoon = await call(HUITONG, 'POST', `/api/v1/job-applications/${applied.id}/move`, { status: 'hired' });
  assert.equal(hireTooSoon.body.error.code, 'wrong_status');
  for (const status of ['viewed', 'interview', 'hired']) {
    const moved = ok(await call(HUITONG, 'POST', `/api/v1/job-applications/${applied.id}/move`, { status, note: status === 'interview' ? '周五下午面试' : '' }));
    assert.equal(moved.status, status);
  }
  const late = await call(HUITONG, 'POST', `/api/v1/job-applications/${applied.id}/move`, { status: 'rejected' });
  assert.equal(late.body.error.code, 'wrong_status');
  const mine = ok(await call(OTHER_MEMBER, 'GET', '/api/v1/me/job-applications')).items.find((a) => a.id === applied.id);
  assert.deepEqual(mine.timeline.map((s) => s.status), ['submitted', 'viewed', 'interview', 'hired']);
  const messages = ok(await call(OTHER_MEMBER, 'GET', '/api/v1/me/messages?limit=50')).items.filter((m) => m.kind === 'job');
  assert.deepEqual(messages.map((m) => m.title).reverse(), ['简历已投递', '简历已被查看', '邀请面试', '录用通知']);
  assert.ok(messages.find((m) => m.title === '邀请面试').body.includes('0571-87123999'));
});

test('a job seeker who is not a member registers with a phone code and applies', async () => {
  const phone = '13511112222';
  ok(await call(null, 'POST', '/api/v1/auth/code', { phone, purpose: 'verify_phone' }));
  const outbox = ok(await call(PLATFORM, 'GET', `/api/v1/sms/outbox?phone=${phone}`));
  const code = /(\d{6})/.exec(outbox.items[0].body)[1];
  const wrong = await call(null, 'POST', '/api/v1/job-seekers', { phone, code: code === '000000' ? '111111' : '000000', name: '赵小满' });
  assert.equal(wrong.body.error.code, 'code_wrong');
  const registered = ok(await call(null, 'POST', '/api/v1/job-seekers', { phone, code, name: '赵小满', skills: '电焊', preferred_kinds: ['gig'] }));
  const seeker = registered.token;
  assert.ok(!registered.account.roles.some((r) => r.role === 'member'));
  const profile = await request(server, 'GET', '/api/v1/me/job-profile', { token: seeker });
  assert.equal(profile.body.skills, '电焊');
  assert.equal(profile.body.member, false);
  const gig = ok(await call(null, 'GET', '/api/v1/jobs?kind=gig')).items[0];
  const applied = await request(server, 'POST', `/api/v1/jobs/${gig.id}/applications`, { token: seeker, json: {}, headers: { 'idempotency-key': 'seeker-apply' } });
  assert.equal(applied.status, 201, applied.text);
  const mine = await request(server, 'GET', '/api/v1/me/job-applications', { token: seeker });
  assert.equal(mine.body.items[0].timeline[0].status, 'submitted');
  // Members-only routes stay closed to a job seeker.
  assert.equal((await request(server, 'GET', '/api/v1/me/job-alerts', { token: seeker })).status, 403);
});

test('a job expires by the sweep, is renewed, then filled', async () => {
  // 工地保洁 of the demo was published 33 days ago for 30 days.
  let mine = [];
  for (let i = 0; i < 40; i += 1) {
    mine = ok(await call(BUILDER, 'GET', '/api/v1/job-postings?status=expired')).items;
    if (mine.some((j) => j.title === '工地保洁')) break;
    await sleep(100);
  }
  const expired = mine.find((j) => j.title === '工地保洁');
  assert.ok(expired, 'the expired job is listed as expired');
  const detail = ok(await call(BUILDER, 'GET', `/api/v1/job-postings/${expired.id}`));
  assert.ok(detail.steps.some((s) => s.action === 'job.expired' && s.actor === 'system'));
  assert.equal((await call(null, 'GET', `/api/v1/jobs/${expired.id}`)).status, 404);
  const closed = await call(MEMBER, 'POST', `/api/v1/jobs/${expired.id}/applications`, {});
  assert.equal(closed.body.error.code, 'job_closed');
  const renewed = ok(await call(BUILDER, 'POST', `/api/v1/job-postings/${expired.id}/renew`, { valid_days: 14 }));
  assert.equal(renewed.status, 'published');
  assert.ok(Date.parse(renewed.expires_at) > Date.now() + 13 * 86400000);
  ok(await call(null, 'GET', `/api/v1/jobs/${expired.id}`));
  assert.equal((await call(HUITONG, 'POST', `/api/v1/job-postings/${expired.id}/fill`)).status, 404);
  const filled = ok(await call(BUILDER, 'POST', `/api/v1/job-postings/${expired.id}/fill`));
  assert.equal(filled.status, 'filled');
  assert.equal((await call(BUILDER, 'POST', `/api/v1/job-postings/${expired.id}/renew`)).body.error.code, 'wrong_status');
  assert.equal((await call(MEMBER, 'POST', `/api/v1/jobs/${expired.id}/applications`, {})).body.error.code, 'job_closed');
});

test('a saved search tells its member once about each new job that matches', async () => {
  const empty = await call(OTHER_MEMBER, 'POST', '/api/v1/me/job-alerts', {});
  assert.equal(empty.body.error.code, 'empty_alert');
  const alert = ok(await call(OTHER_MEMBER, 'POST', '/api/v1/me/job-alerts', { q: 'zhuangxie', pay_unit: 'day', min_pay_fen: 20000 }), 201);
  const miss = await publish(HUITONG, { ...JOB, title: '装卸工（低薪）', kind: 'part_time', pay_unit: 'day', pay_min_fen: 10000, pay_max_fen: 15000 });
  const hit = await publish(HUITONG, { ...JOB, title: '码头装卸工', kind: 'gig', pay_unit: 'day', pay_min_fen: 22000, pay_max_fen: 26000 });
  const told = async () => ok(await call(OTHER_MEMBER, 'GET', '/api/v1/me/messages?limit=100')).items
    .filter((m) => m.kind === 'job' && m.link.startsWith('/jobs/'));
  let messages = [];
  for (let i = 0; i < 50 && messages.length === 0; i += 1) {
    await sleep(100);
    messages = await told();
  }
  await sleep(600); // several more sweeps
  messages = await told();
  assert.deepEqual(messages.map((m) => m.link), [`/jobs/${hit.id}`]);
  assert.ok(messages[0].body.includes('220–260 元/天'));
  assert.ok(!messages.some((m) => m.link === `/jobs/${miss.id}`));
  ok(await call(OTHER_MEMBER, 'DELETE', `/api/v1/me/job-alerts/${alert.id}`));
  assert.equal((await call(MEMBER, 'DELETE', `/api/v1/me/job-alerts/${alert.id}`)).status, 404);
});
