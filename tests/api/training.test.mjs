// 技能培训 over HTTP with the demo data: a first-come race of 200 for 20 seats and the waiting
// list moving up in order; a fair draw whose public bundle `gonghui verify-draw` verifies; the
// sign-in code, staff marks and the certificate (PDF and public check); scope and bad input;
// the figures and the impact report's person-times.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, request, runCli, demoTokens } from './harness.mjs';

let server;
const token = demoTokens(() => server);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const MINUTE = 60000;
const DAY = 86400000;
const phoneOf = (i) => `139${String(i).padStart(8, '0')}`;
let keys = 0;

before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server?.stop(); });

async function call(who, method, path, json) {
  const headers = method === 'GET' ? {} : { 'idempotency-key': `training-${keys++}` };
  return request(server, method, path, { token: who ? await token(who) : undefined, json, headers });
}

// A course of the federation (every member may enrol) open now, its sessions from `firstAt`.
function course(overrides = {}) {
  const now = Date.now();
  const firstAt = overrides.firstAt ?? now + DAY;
  delete overrides.firstAt;
  return {
    title: '农产品直播带货实训', category: 'live_commerce', teacher_name: '林思远', mode: 'first_come', seats: 20,
    cancel_before_minutes: 60,
    enrol_opens_at: new Date(now - MINUTE).toISOString(), enrol_closes_at: new Date(firstAt - 10 * MINUTE).toISOString(),
    materials: [{ kind: 'video', title: '开课导学', url: 'https://training.example.org/v/intro' }],
    sessions: [0, 1].map((d) => ({
      starts_at: new Date(firstAt + d * DAY).toISOString(), ends_at: new Date(firstAt + d * DAY + 2 * 3600000).toISOString(),
      place: '市职工技能实训基地', lat: 30.27, lng: 120.15,
    })),
    ...overrides,
  };
}

async function published(body, who = '13800000000') {
  const created = await call(who, 'POST', '/api/v1/training/courses', body);
  assert.equal(created.status, 201, created.text);
  const done = await call(who, 'POST', `/api/v1/training/courses/${created.body.id}/publish`, {});
  assert.equal(done.status, 200, done.text);
  return done.body;
}

// Signs in members `first`..`first + n - 1` two at a time: each sign-in hashes a password, and
// a server runs two hashes at once (--max-password-hashes).
async function signIn(first, n) {
  const phones = Array.from({ length: n }, (_, i) => phoneOf(first + i));
  for (let i = 0; i < phones.length; i += 2) await Promise.all(phones.slice(i, i + 2).map((p) => token(p)));
  return phones;
}

async function enrolments(id, state) {
  const response = await call('13800000000', 'GET', `/api/v1/training/courses/${id}/enrolments${state ? `?state=${state}` : ''}`);
  assert.equal(response.status, 200, response.text);
  return response.body.items;
}

test('first come: 200 members racing for 20 seats get exactly 20, and the waiting list moves up in order', async () => {
  const c = await published(course({ seats: 20 }));
  const phones = await signIn(1001, 200);
  const answers = await Promise.all(phones.map(async (p) =>
    request(server, 'POST', `/api/v1/training/courses/${c.id}/enrolment`, { token: await token(p) })));
  const states = answers.map((a) => { assert.equal(a.status, 201, a.text); return a.body.state; });
  assert.equal(states.filter((s) => s === 'enrolled').length, 20);
  assert.equal(states.filter((s) => s === 'waiting').length, 180);
  const after = (await call('13800000000', 'GET', `/api/v1/training/courses/${c.id}`)).body;
  assert.equal(after.taken, 20);
  assert.equal(after.waiting, 180);

  const waiting = await enrolments(c.id, 'waiting');
  assert.deepEqual(waiting.map((e) => e.waiting_position), Array.from({ length: 180 }, (_, i) => i + 1));
  const phoneOfMember = new Map(answers.map((a, i) => [a.body.id, phones[i]]));
  const byMember = async (memberId) => (await enrolments(c.id)).find((e) => e.member_id === memberId);
  // Two seats given up: the first and then the second in the waiting list are offered them.
  const seated = await enrolments(c.id, 'enrolled');
  for (const [k, leaving] of seated.slice(0, 2).entries()) {
    const cancelled = await call(phoneOfMember.get(leaving.id), 'POST', `/api/v1/training/courses/${c.id}/enrolment/cancel`, {});
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.body.state, 'cancelled');
    const promoted = await byMember(waiting[k].member_id);
    assert.equal(promoted.state, 'offered');
    assert.ok(promoted.offer_expires_at);
  }
  const first = phoneOfMember.get(waiting[0].id);
  const messages = (await call(first, 'GET', '/api/v1/me/messages')).body.items;
  assert.ok(messages.some((m) => m.kind === 'training' && m.link === `/training/${c.id}`), JSON.stringify(messages));
  const mine = (await call(first, 'GET', `/api/v1/training/courses/${c.id}`)).body.my_enrolment;
  assert.equal(mine.state, 'offered');
  const confirmed = await call(first, 'POST', `/api/v1/training/courses/${c.id}/enrolment/confirm`, {});
  assert.equal(confirmed.status, 200, confirmed.text);
  assert.equal(confirmed.body.state, 'enrolled');
  assert.equal((await call(first, 'POST', `/api/v1/training/courses/${c.id}/enrolment/confirm`, {})).body.error.code, 'not_offered');
  assert.equal((await enrolments(c.id, 'waiting'))[0].member_id, waiting[2].member_id);
  assert.equal((await call('13800000000', 'GET', `/api/v1/training/courses/${c.id}`)).body.taken, 20);
});

test('fair draw: the seats go by gonghui-draw-v1 and the public bundle verifies with gonghui verify-draw', async () => {
  const phones = await signIn(1301, 30);
  const now = Date.now();
  const c = await published(course({
    title: '农业无人机植保作业', category: 'agri_innovation', mode: 'fair_draw', seats: 5,
    enrol_closes_at: new Date(now + 4000).toISOString(), beacon_source: 'drand quicknet 下一轮',
  }));
  assert.equal(c.commitment.length, 64);
  for (const p of phones) {
    const applied = await call(p, 'POST', `/api/v1/training/courses/${c.id}/enrolment`);
    assert.equal(applied.status, 201, applied.text);
    assert.equal(applied.body.state, 'applied');
    assert.match(applied.body.member_ref, /^[0-9a-f]{16}$/);
  }
  const early = await call('13800000000', 'POST', `/api/v1/training/courses/${c.id}/draw`, { beacon_value: 'x' });
  assert.equal(early.status, 409);
  assert.equal(early.body.error.code, 'not_closed');
  assert.equal((await request(server, 'GET', `/api/v1/training/courses/${c.id}/audit`)).status, 404);
  await sleep(Math.max(0, now + 4200 - Date.now()));
  const drawn = await call('13800000000', 'POST', `/api/v1/training/courses/${c.id}/draw`, { beacon_value: 'drand round 424242: 7f1c' });
  assert.equal(drawn.status, 200, drawn.text);
  assert.equal(drawn.body.taken, 5);
  assert.equal(drawn.body.waiting, 25);
  assert.equal(drawn.body.status, 'closed');

  const bundle = await request(server, 'GET', `/api/v1/training/courses/${c.id}/audit`);
  assert.equal(bundle.status, 200, bundle.text);
  assert.equal(bundle.body.algorithm, 'gonghui-draw-v1');
  assert.equal(bundle.body.entries.length, 30);
  assert.deepEqual(bundle.body.prizes.map((p) => p.quantity), [5, 25]);
  const seatedRefs = bundle.body.winners.filter((w) => w.tier === 1).map((w) => w.entry_id);
  assert.deepEqual((await enrolments(c.id, 'enrolled')).map((e) => e.id).sort(), [...seatedRefs].sort());
  assert.deepEqual((await enrolments(c.id, 'waiting')).map((e) => e.id), bundle.body.winners.filter((w) => w.tier === 2).map((w) => w.entry_id));
  const dir = mkdtempSync(join(tmpdir(), 'gonghui-course-bundle-'));
  try {
    const file = join(dir, 'bundle.json');
    writeFileSync(file, bundle.text);
    const ok = runCli(['verify-draw', file]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.equal(ok.stdout.trim(), 'verified');
    const swapped = structuredClone(bundle.body);
    [swapped.winners[0], swapped.winners[7]] = [swapped.winners[7], swapped.winners[0]];
    writeFileSync(file, JSON.stringify(swapped));
    const forged = runCli(['verify-draw', file]);
    assert.equal(forged.status, 1);
    assert.match(forged.stdout, /winner 1 does not match/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const told = (await call(phones[0], 'GET', '/api/v1/me/messages')).body.items;
  assert.ok(told.some((m) => m.kind === 'training' && /抽签/.test(m.title)));
});

test('the session code signs a member in, staff mark another, and the certificate verifies in public', async () => {
  const c = await published(course({ seats: 5, required_sessions: 1, firstAt: Date.now() + 20 * MINUTE }));
  const [one, two] = await signIn(1401, 2);
  for (const p of [one, two]) assert.equal((await call(p, 'POST', `/api/v1/training/courses/${c.id}/enrolment`)).status, 201);
  const session = c.sessions[0];
  const code = await call('13800000000', 'GET', `/api/v1/training/sessions/${session.id}/code`);
  assert.equal(code.status, 200, code.text);
  assert.match(code.body.code, /^[0-9a-f]{16}$/);
  assert.equal(code.body.path, `/training/sign-in?session=${session.id}&code=${code.body.code}`);
  const wrong = await call(one, 'POST', `/api/v1/training/sessions/${session.id}/sign-in`, { code: '0123456789abcdef' });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.error.code, 'invalid_code');
  const signedIn = await call(one, 'POST', `/api/v1/training/sessions/${session.id}/sign-in`, { code: code.body.code });
  assert.equal(signedIn.status, 200, signedIn.text);
  assert.equal(signedIn.body.status, 'present');
  assert.equal(signedIn.body.attended, 1);
  assert.ok(signedIn.body.certificate_id);
  const memberId = (await enrolments(c.id)).find((e) => e.phone.endsWith(two.slice(-4))).member_id;
  const marked = await call('13800000001', 'PUT', `/api/v1/training/sessions/${session.id}/attendance/${memberId}`, { status: 'excused' });
  assert.equal(marked.status, 403, 'the course is the federation\'s, outside 江北区');
  const staff = await call('13800000000', 'PUT', `/api/v1/training/sessions/${session.id}/attendance/${memberId}`, { status: 'present' });
  assert.equal(staff.status, 200, staff.text);
  assert.equal(staff.body.method, 'staff');
  const sheet = (await call('13800000000', 'GET', `/api/v1/training/sessions/${session.id}/attendance`)).body;
  assert.equal(sheet.present, 2);
  assert.ok(sheet.items.every((a) => /\*/.test(a.phone)));

  const certificate = await call(one, 'GET', `/api/v1/training/certificates/${signedIn.body.certificate_id}`);
  assert.equal(certificate.status, 200, certificate.text);
  assert.equal(certificate.body.course_title, c.title);
  assert.equal((await call(two, 'GET', `/api/v1/training/certificates/${signedIn.body.certificate_id}`)).status, 404);
  const pdf = await fetch(`${server.url}/api/v1/training/certificates/${certificate.body.id}/pdf`, {
    headers: { authorization: `Bearer ${await token(one)}` },
  });
  assert.equal(pdf.status, 200);
  assert.match(pdf.headers.get('content-type'), /application\/pdf/);
  const bytes = Buffer.from(await pdf.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const check = await request(server, 'GET', `/api/v1/training/verify/${certificate.body.verify_code}`);
  assert.equal(check.status, 200, check.text);
  assert.equal(check.body.valid, true);
  assert.equal(check.body.course_title, c.title);
  assert.match(check.body.holder_name, /\*/);
  assert.equal((await request(server, 'GET', '/api/v1/training/verify/0000')).status, 404);
  const mine = (await call(one, 'GET', '/api/v1/me/training')).body;
  assert.equal(mine.items.find((m) => m.course_id === c.id).enrolment.certificate_id, certificate.body.id);
});

test('scope and bad input: another district, another union\'s member, and each field named', async () => {
  const orgs = (await call('13800000000', 'GET', '/api/v1/orgs')).body.items;
  const chengnan = orgs.find((o) => o.name === '城南区总工会');
  const jiangbei = orgs.find((o) => o.name === '江北区总工会');
  assert.equal((await call('13800000001', 'POST', '/api/v1/training/courses', course({ org_id: chengnan.id }))).status, 403);
  const own = await published(course({ org_id: jiangbei.id }), '13800000001');
  // Member 5 belongs to a union of 城南区.
  const outsider = await call(phoneOf(5), 'POST', `/api/v1/training/courses/${own.id}/enrolment`);
  assert.equal(outsider.status, 403);
  assert.equal(outsider.body.error.code, 'not_eligible');
  assert.equal((await call(phoneOf(5), 'GET', `/api/v1/training/courses/${own.id}`)).status, 404);
  const bad = async (overrides, field, code) => {
    const response = await call('13800000000', 'POST', '/api/v1/training/courses', course(overrides));
    assert.equal(response.status, 400, response.text);
    assert.equal(response.body.error.field, field);
    if (code) assert.equal(response.body.error.code, code);
  };
  await bad({ title: '' }, 'title');
  await bad({ category: 'cooking' }, 'category', 'invalid_category');
  await bad({ mode: 'fastest' }, 'mode', 'invalid_mode');
  await bad({ seats: 0 }, 'seats', 'out_of_range');
  await bad({ materials: [{ kind: 'video', title: '录像', url: 'javascript:alert(1)' }] }, 'materials[0].url', 'invalid_url');
  await bad({ sessions: [] }, 'sessions', 'required');
  await bad({ sessions: [{ starts_at: 'tomorrow', ends_at: '2030-01-01', place: 'x' }] }, 'sessions[0].starts_at', 'invalid_time');
  await bad({ enrol_closes_at: new Date(Date.now() + 30 * DAY).toISOString() }, 'enrol_closes_at', 'window_after_sessions');
  await bad({ org_ids: [chengnan.id], org_id: jiangbei.id }, 'org_ids[0]', 'org_outside_course');
});

test('the figures and the impact report count training', async () => {
  const figures = await call('13800000000', 'GET', '/api/v1/training/figures?from=2020-01-01');
  assert.equal(figures.status, 200, figures.text);
  assert.ok(figures.body.totals.courses >= 2, JSON.stringify(figures.body.totals));
  assert.ok(figures.body.totals.attendances > 0);
  assert.ok(figures.body.totals.completions > 0);
  assert.ok(figures.body.by_union.some((u) => u.own));
  assert.ok(figures.body.by_category.some((c) => c.category === 'rural_technology'));
  assert.equal((await call('13800000001', 'GET', `/api/v1/training/figures?org_id=${figures.body.org_id}`)).status, 403);
  const impact = await call('13800000000', 'GET', '/api/v1/reports/impact?from=2020-01-01');
  assert.equal(impact.status, 200, impact.text);
  assert.ok(impact.body.training_person_times > 0);
  // The demo member finished the strawberry course with a certificate and may apply elsewhere.
  const mine = (await call('13900000001', 'GET', '/api/v1/me/training')).body;
  assert.equal(mine.barred_until, null);
  assert.ok(mine.items.some((m) => m.enrolment.certificate_id && m.course_status === 'finished'));
  const list = (await call('13900000001', 'GET', '/api/v1/training/courses')).body.items;
  assert.ok(list.some((c) => c.mode === 'fair_draw' && c.status === 'enrolling'));
  assert.ok(list.every((c) => c.status !== 'draft'));
});
