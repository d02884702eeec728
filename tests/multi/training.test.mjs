// Two gonghui instances on one PostgreSQL database: 200 members race for the 20 seats of a
// first-come course through both at once and exactly 20 get one; seats given up through either
// instance go to the waiting list in its order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInstances, request, engine, whenNotBusy } from '../api/harness.mjs';

let cluster;
let a;
let b;
const tokens = new Map();
const iso = (ms) => new Date(ms).toISOString();
const DAY = 86400000;
const memberPhone = (i) => `139${String(i).padStart(8, '0')}`;

async function login(server, phone) {
  const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone, password: 'gonghui-demo' } });
  assert.equal(response.status, 200, response.text);
  return response.body.token;
}
// One token per phone, signed in on alternating instances two at a time on each (a server
// runs two password hashes at once).
async function tokensFor(phones) {
  for (let i = 0; i < phones.length; i += 4) {
    await Promise.all(phones.slice(i, i + 4).map(async (phone, k) => {
      if (!tokens.has(phone)) tokens.set(phone, await login(k % 2 ? b : a, phone));
    }));
  }
  return phones.map((phone) => tokens.get(phone));
}

before(async () => {
  assert.equal(engine, 'postgresql', 'the multi-instance suite runs on PostgreSQL (GONGHUI_TEST_ENGINE)');
  cluster = await startInstances(2, { demo: true, args: ['--access-log=false'] });
  [a, b] = cluster.servers;
});
after(async () => { await cluster?.stop(); });

test('200 members racing through both instances for 20 first-come seats: exactly 20 get one', async () => {
  const [admin] = await tokensFor(['13800000000']);
  const now = Date.now();
  const first = now + 2 * DAY;
  const created = await request(a, 'POST', '/api/v1/training/courses', {
    token: admin,
    json: {
      title: '两个实例的先到先得', category: 'vocational_skills', teacher_name: '吴志成', mode: 'first_come', seats: 20,
      enrol_opens_at: iso(now - 60000), enrol_closes_at: iso(first - 3600000), cancel_before_minutes: 60,
      sessions: [{ starts_at: iso(first), ends_at: iso(first + 7200000), place: '市职工技能实训基地' }],
    },
  });
  assert.equal(created.status, 201, created.text);
  const course = created.body.id;
  assert.equal((await request(b, 'POST', `/api/v1/training/courses/${course}/publish`, { token: admin })).status, 200);

  const members = await tokensFor(Array.from({ length: 200 }, (_, i) => memberPhone(1501 + i)));
  const answers = await Promise.all(members.map((token, i) =>
    whenNotBusy(() => request(i % 2 ? b : a, 'POST', `/api/v1/training/courses/${course}/enrolment`, { token }))));
  const states = {};
  for (const answer of answers) {
    assert.equal(answer.status, 201, answer.text);
    states[answer.body.state] = (states[answer.body.state] || 0) + 1;
  }
  assert.deepEqual(states, { enrolled: 20, waiting: 180 });
  const seen = await request(b, 'GET', `/api/v1/training/courses/${course}`, { token: admin });
  assert.equal(seen.body.taken, 20);
  const list = (await request(a, 'GET', `/api/v1/training/courses/${course}/enrolments`, { token: admin })).body.items;
  const waiting = list.filter((e) => e.state === 'waiting');
  assert.deepEqual(waiting.map((e) => e.waiting_position), Array.from({ length: 180 }, (_, i) => i + 1));

  // Four seats given up at once, two through each instance: the first four waiting are offered.
  const seatedTokens = answers.map((r, i) => [r, members[i]]).filter(([r]) => r.body.state === 'enrolled').slice(0, 4);
  const cancelled = await Promise.all(seatedTokens.map(([, token], i) =>
    request(i % 2 ? b : a, 'POST', `/api/v1/training/courses/${course}/enrolment/cancel`, { token })));
  for (const r of cancelled) assert.equal(r.status, 200, r.text);
  const after = (await request(b, 'GET', `/api/v1/training/courses/${course}/enrolments`, { token: admin })).body.items;
  const offered = after.filter((e) => e.state === 'offered').map((e) => e.member_id).sort();
  assert.deepEqual(offered, waiting.slice(0, 4).map((e) => e.member_id).sort());
  assert.equal(after.filter((e) => e.state === 'enrolled' || e.state === 'offered').length, 20);
});
