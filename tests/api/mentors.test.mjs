// 创业指导 over HTTP on the demo: a union adds mentors and publishes their slots, members book
// one (a slot is never booked twice, however many try at once) and give it up, the mentor
// sees the bookings on /me/mentoring and writes a note once the consultation has started.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, demoTokens } from './harness.mjs';

const PLATFORM = '13800000000';
const DISTRICT = '13800000001'; // 江北区总工会
const MEMBER = '13900000001'; // 陈晓梅
const OTHER_MEMBER = '13900000002';
const MENTOR = '13300000011'; // 周立新, the demo's mentor

let server;
let token;
let key = 0;

before(async () => {
  server = await startServer({ demo: true, args: ['--message-sweep-ms', '150'] });
  token = demoTokens(() => server);
});
after(async () => { await server?.stop(); });

async function call(who, method, path, json) {
  const headers = method === 'GET' ? {} : { 'idempotency-key': `mentors-test-${key++}` };
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
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const slotsFrom = (start, n) => Array.from({ length: n }, (_, i) => ({ starts_at: at(start + i * HOUR), ends_at: at(start + i * HOUR + HOUR / 2) }));

let phoneCounter = 0;
async function newMentor(overrides = {}, by = DISTRICT) {
  phoneCounter += 1;
  return ok(await call(by, 'POST', '/api/v1/mentors', {
    name: '测试导师', phone: `1331234${String(phoneCounter).padStart(4, '0')}`, kind: 'expert', title: '创业导师', ...overrides,
  }), 201);
}

test('the demo mentor is public with free upcoming slots; the phone is not shown', async () => {
  const list = ok(await call(null, 'GET', '/api/v1/mentors')).items;
  const zhou = list.find((m) => m.name === '周立新');
  assert.ok(zhou, JSON.stringify(list));
  assert.equal(zhou.kind, 'expert');
  assert.equal(zhou.slots.length, 3);
  assert.ok(zhou.slots.every((s) => s.free && s.place.includes('创业指导室')));
  assert.equal(zhou.phone, undefined);
  assert.ok(list.some((m) => m.kind === 'model_worker' && m.model_worker_id));
  ok(await call(null, 'GET', `/api/v1/mentors/${zhou.id}`));
  refused(await call(null, 'GET', '/api/v1/mentors/1'), 404, 'not_found');
});

test('a union adds a mentor and publishes slots; bad input and other callers are refused', async () => {
  const body = { name: '林晓', phone: '13312340101', kind: 'expert', title: '创业导师' };
  refused(await call(DISTRICT, 'POST', '/api/v1/mentors', { ...body, phone: '12345' }), 400, 'invalid_phone', 'phone');
  refused(await call(DISTRICT, 'POST', '/api/v1/mentors', { ...body, kind: 'guru' }), 400, 'invalid_kind', 'kind');
  refused(await call(DISTRICT, 'POST', '/api/v1/mentors', { ...body, model_worker_id: '1' }), 400, 'unknown_model_worker', 'model_worker_id');
  refused(await call(DISTRICT, 'POST', '/api/v1/mentors', { ...body, name: '' }), 400, 'required', 'name');
  refused(await call(MEMBER, 'POST', '/api/v1/mentors', body), 403, 'forbidden');
  refused(await call(DISTRICT, 'POST', '/api/v1/mentors', { ...body, phone: MENTOR }), 409, 'duplicate_phone', 'phone');
  const mentor = ok(await call(DISTRICT, 'POST', '/api/v1/mentors', body), 201);
  assert.equal(mentor.org_name, '江北区总工会');
  assert.deepEqual(mentor.slots, []);

  const path = `/api/v1/mentors/${mentor.id}/slots`;
  const start = Date.now() + 3 * 24 * HOUR;
  refused(await call(DISTRICT, 'POST', path, { place: '线上' }), 400, 'required', 'slots');
  refused(await call(DISTRICT, 'POST', path, { place: '线上', slots: slotsFrom(start, 51) }), 400, 'too_many', 'slots');
  refused(await call(DISTRICT, 'POST', path, { place: '线上', slots: slotsFrom(Date.now() - 2 * HOUR, 1) }), 400, 'invalid_window', 'slots');
  refused(await call(DISTRICT, 'POST', path, { place: '线上', slots: [{ starts_at: at(start), ends_at: at(start) }] }), 400, 'invalid_window', 'slots');
  refused(await call(DISTRICT, 'POST', path, { slots: slotsFrom(start, 1) }), 400, 'required', 'place');
  refused(await call(MEMBER, 'POST', path, { place: '线上', slots: slotsFrom(start, 1) }), 403, 'forbidden');
  const south = ok(await call(PLATFORM, 'GET', '/api/v1/orgs')).items.find((o) => o.name === '城南区总工会');
  const foreign = ok(await call(PLATFORM, 'POST', '/api/v1/mentors', { ...body, phone: '13312340102', org_id: south.id }), 201);
  refused(await call(DISTRICT, 'POST', `/api/v1/mentors/${foreign.id}/slots`, { place: '线上', slots: slotsFrom(start, 1) }), 403, 'forbidden');
  const published = ok(await call(DISTRICT, 'POST', path, { place: '线上', slots: slotsFrom(start, 3) }), 201);
  assert.equal(published.slots.length, 3);
  assert.ok(published.slots.every((s) => s.free && s.place === '线上'));
  const audit = ok(await call(PLATFORM, 'GET', '/api/v1/audit?action=mentor.&limit=20')).items;
  assert.ok(audit.some((e) => e.action === 'mentor.slots' && e.target_id === mentor.id));
  assert.ok(audit.some((e) => e.action === 'mentor.create' && e.target_id === mentor.id));
});

test('a slot is booked once: a second member, a crowd, and a second slot of the same batch are refused', async () => {
  // The federation's mentor, open to every member of the crowd below.
  const mentor = await newMentor({}, PLATFORM);
  const start = Date.now() + 3 * 24 * HOUR;
  const slots = ok(await call(PLATFORM, 'POST', `/api/v1/mentors/${mentor.id}/slots`, { place: '江北区职工服务中心', slots: slotsFrom(start, 3) }), 201).slots;
  const book = `/api/v1/mentors/${mentor.id}/bookings`;
  refused(await call(MEMBER, 'POST', book, { slot_id: '1' }), 400, 'unknown_slot', 'slot_id');
  refused(await call(MENTOR, 'POST', book, { slot_id: slots[0].slot_id }), 403, 'forbidden');
  const booking = ok(await call(MEMBER, 'POST', book, { slot_id: slots[0].slot_id }), 201);
  assert.equal(booking.mentor_name, '测试导师');
  assert.equal(booking.member_name, '陈*梅');
  assert.match(booking.member_phone, /\*/);
  assert.equal(booking.cancelled, false);
  refused(await call(OTHER_MEMBER, 'POST', book, { slot_id: slots[0].slot_id }), 409, 'slot_full', 'slot_id');
  refused(await call(MEMBER, 'POST', book, { slot_id: slots[1].slot_id }), 409, 'limit_reached');
  const detail = ok(await call(null, 'GET', `/api/v1/mentors/${mentor.id}`));
  assert.deepEqual(detail.slots.map((s) => s.free), [false, true, true]);

  const phones = Array.from({ length: 10 }, (_, i) => `139000000${String(i + 3).padStart(2, '0')}`);
  // Signed in one after another (sign-ins are rate-limited); then all register at once.
  const tokens = [];
  for (const phone of phones) tokens.push(await token(phone));
  const answers = await Promise.all(tokens.map((t, i) => request(server, 'POST', book,
    { token: t, json: { slot_id: slots[2].slot_id }, headers: { 'idempotency-key': `mentor-crowd-${i}` } })));
  assert.equal(answers.filter((a) => a.status === 201).length, 1, JSON.stringify(answers.map((a) => a.text)));
  assert.ok(answers.every((a) => a.status === 201 || (a.status === 409 && ['slot_full', 'member_not_active'].includes(a.body.error.code))),
    JSON.stringify(answers.map((a) => a.text)));

  const mine = ok(await call(MEMBER, 'GET', '/api/v1/me/mentor-bookings')).items;
  assert.ok(mine.some((b) => b.entry_id === booking.entry_id));
  refused(await call(OTHER_MEMBER, 'POST', `/api/v1/mentor-bookings/${booking.entry_id}/cancel`), 404, 'not_found');
  const given = ok(await call(MEMBER, 'POST', `/api/v1/mentor-bookings/${booking.entry_id}/cancel`));
  assert.equal(given.cancelled, true);
  refused(await call(MEMBER, 'POST', `/api/v1/mentor-bookings/${booking.entry_id}/cancel`), 409, 'already_cancelled');
  ok(await call(OTHER_MEMBER, 'POST', book, { slot_id: slots[0].slot_id }), 201);
});

test('the mentor sees the bookings and writes a note once the consultation has started', async () => {
  refused(await call(MEMBER, 'GET', '/api/v1/me/mentoring'), 404, 'not_a_mentor');
  refused(await call(null, 'GET', '/api/v1/me/mentoring'), 401, 'unauthenticated');
  const zhou = ok(await call(null, 'GET', '/api/v1/mentors')).items.find((m) => m.name === '周立新');
  // A slot starting in a few seconds: booked now, held (for the note) once it starts.
  const start = Date.now() + 3000;
  const made = ok(await call(PLATFORM, 'POST', `/api/v1/mentors/${zhou.id}/slots`,
    { place: '线上', slots: [{ starts_at: at(start), ends_at: at(start + HOUR) }] }), 201);
  const slot = made.slots.find((s) => s.starts_at === at(start));
  const booking = ok(await call(OTHER_MEMBER, 'POST', `/api/v1/mentors/${zhou.id}/bookings`, { slot_id: slot.slot_id }), 201);
  refused(await call(OTHER_MEMBER, 'POST', `/api/v1/mentor-bookings/${booking.entry_id}/cancel`), 409, 'cancel_too_late');
  const list = ok(await call(MENTOR, 'GET', '/api/v1/me/mentoring')).items;
  const seen = list.find((b) => b.entry_id === booking.entry_id);
  assert.ok(seen);
  assert.ok(!seen.member_name.includes('*'), 'the mentor sees the name in full');
  assert.match(seen.member_phone, /\*/);
  const note = `/api/v1/mentor-bookings/${booking.entry_id}/note`;
  refused(await call(MENTOR, 'PUT', note, { note: '讨论了开店选址。' }), 409, 'not_yet_held');
  await sleep(Math.max(0, start - Date.now() + 200));
  refused(await call(MENTOR, 'PUT', note, { note: '' }), 400, 'required', 'note');
  refused(await call(MENTOR, 'PUT', note, { note: '长'.repeat(1001) }), 400, 'too_long', 'note');
  refused(await call(MEMBER, 'PUT', note, { note: '冒名' }), 404, 'not_a_mentor');
  const written = ok(await call(MENTOR, 'PUT', note, { note: '讨论了开店选址和创业担保贷款。' }));
  assert.equal(written.note, '讨论了开店选址和创业担保贷款。');
  assert.ok(written.noted_at);
  const rewritten = ok(await call(MENTOR, 'PUT', note, { note: '补充：下月复谈。' }));
  assert.equal(rewritten.note, '补充：下月复谈。');
  const mine = ok(await call(OTHER_MEMBER, 'GET', '/api/v1/me/mentor-bookings')).items.find((b) => b.entry_id === booking.entry_id);
  assert.equal(mine.note, '补充：下月复谈。');
});

test('a booking of another mentor is not this mentor\'s to note', async () => {
  const mentor = await newMentor();
  const start = Date.now() + 3 * 24 * HOUR;
  const slots = ok(await call(DISTRICT, 'POST', `/api/v1/mentors/${mentor.id}/slots`, { place: '线上', slots: slotsFrom(start, 1) }), 201).slots;
  const booking = ok(await call(MEMBER, 'POST', `/api/v1/mentors/${mentor.id}/bookings`, { slot_id: slots[0].slot_id }), 201);
  refused(await call(MENTOR, 'PUT', `/api/v1/mentor-bookings/${booking.entry_id}/note`, { note: '越权' }), 404, 'not_found');
});

test('a consultation tomorrow is reminded from 18:00 Beijing time the day before', async () => {
  const beijing = new Date(Date.now() + 8 * HOUR);
  const tomorrow = Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth(), beijing.getUTCDate() + 1, 2, 0); // 10:00 Beijing
  const mentor = await newMentor({ name: '提醒测试导师' });
  const slots = ok(await call(DISTRICT, 'POST', `/api/v1/mentors/${mentor.id}/slots`,
    { place: '线上', slots: [{ starts_at: at(tomorrow), ends_at: at(tomorrow + HOUR) }] }), 201).slots;
  ok(await call(MEMBER, 'POST', `/api/v1/mentors/${mentor.id}/bookings`, { slot_id: slots[0].slot_id }), 201);
  const find = (m) => m.kind === 'booking_reminder' && m.body.includes('提醒测试导师');
  const reminders = async () => ok(await call(MEMBER, 'GET', '/api/v1/me/messages?limit=100')).items.filter(find);
  if (beijing.getUTCHours() >= 18) {
    let found = [];
    for (let i = 0; i < 50 && !found.length; i += 1) {
      found = await reminders();
      if (!found.length) await sleep(200);
    }
    assert.equal(found.length, 1, 'the campaign machinery reminds the member once');
  } else {
    await sleep(600);
    assert.equal((await reminders()).length, 0, 'not before 18:00 the day before');
  }
});

test('the mentor publishes slots of their own; anyone else is no mentor', async () => {
  const start = Date.now() + 4 * 24 * HOUR;
  refused(await call(MEMBER, 'POST', '/api/v1/me/mentoring/slots', { place: '线上', slots: slotsFrom(start, 1) }), 404, 'not_a_mentor');
  refused(await call(MENTOR, 'POST', '/api/v1/me/mentoring/slots', { place: '线上', slots: [] }), 400, 'required', 'slots');
  refused(await call(MENTOR, 'POST', '/api/v1/me/mentoring/slots', { place: '', slots: slotsFrom(start, 1) }), 400, 'required', 'place');
  const mine = ok(await call(MENTOR, 'POST', '/api/v1/me/mentoring/slots', { place: '职工服务中心201室', slots: slotsFrom(start, 2) }), 201);
  assert.equal(mine.name, '周立新');
  assert.equal(mine.slots.filter((s) => s.place === '职工服务中心201室').length, 2);
  const audit = ok(await call(PLATFORM, 'GET', '/api/v1/audit?action=mentor.slots&limit=20')).items;
  assert.ok(audit.some((e) => e.target_id === mine.id && e.actor_name === '周立新'), JSON.stringify(audit[0]));
});
