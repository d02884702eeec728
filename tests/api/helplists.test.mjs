// 帮促清单 over HTTP on the demo: anyone reads the pairings in aggregate (counts, never household
// names); the pairing's admins see households opened and masked, another union's admin is refused;
// a need goes 待认领 → 实施中 → 已完成 → 已验收 with its refusals; members sign up as volunteers;
// the first secretary's solar panels show as income added; a model worker links to the village.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, demoTokens } from './harness.mjs';

const MEMBER = '13900000001'; // 陈晓梅 (江北区)
const DISTRICT = '13800000001'; // 江北区总工会
const BASE = '13800000011'; // 市第一人民医院工会, below 江北区
const CITY = '13800000000';

let server;
let token;
let key = 0;
let qingshan;
let qinghe;

before(async () => {
  server = await startServer({ demo: true });
  token = demoTokens(() => server);
  const list = await call(null, 'GET', '/api/v1/pairings');
  assert.equal(list.status, 200, list.text);
  qingshan = list.body.items.find((p) => p.village === '青山村');
  qinghe = list.body.items.find((p) => p.village === '清河社区');
});
after(async () => { await server?.stop(); });

async function call(who, method, path, json) {
  const headers = method === 'GET' ? {} : { 'idempotency-key': `helplist-test-${key++}` };
  return request(server, method, path, { token: who ? await token(who) : undefined, json, headers });
}

test('anyone reads the pairings in aggregate, without household data', async () => {
  assert.equal(qingshan.needs.accepted, 1);
  assert.ok(qingshan.households >= 4);
  assert.equal(qingshan.income_added_fen_per_year, 28670000);
  assert.equal(qingshan.secretary_name, '覃志强');
  const page = await call(null, 'GET', `/api/v1/pairings/${qingshan.id}`);
  assert.equal(page.status, 200, page.text);
  assert.equal(page.body.can_manage, false);
  assert.equal(page.body.secretary_phone, '');
  assert.ok(page.body.visits_list.every((v) => v.notes === ''));
  assert.ok(page.body.needs_list.every((n) => n.household_ids.length === 0));
  const housing = page.body.needs_list.find((n) => n.category === 'housing');
  assert.equal(housing.households, 3);
  const lamps = page.body.needs_list.find((n) => n.category === 'street_lights');
  assert.equal(lamps.status, 'accepted');
  assert.equal(lamps.delivered_quantity, 50);
  assert.equal(page.body.outcomes[0].income_fen_per_year, 28670000);
  assert.equal(page.body.model_workers.length, 1);
  assert.doesNotMatch(page.text, /韦秀英|蓝国富|450121/);
  const linked = await call(null, 'GET', `/api/v1/news/linked?kind=pairing&id=${qingshan.id}`);
  assert.equal(linked.status, 200, linked.text);
  assert.equal(linked.body.model_workers.length, 1);
  const books = (await call(null, 'GET', `/api/v1/pairings/${qinghe.id}`)).body.needs_list.find((n) => n.category === 'culture');
  assert.equal(books.target_quantity, 6000);
  assert.equal(books.fulfilments[0].kind, 'in_kind');
});

test('households are opened, masked, for the pairing\'s admins only', async () => {
  const own = await call(DISTRICT, 'GET', `/api/v1/pairings/${qingshan.id}/households`);
  assert.equal(own.status, 200, own.text);
  const wei = own.body.items.find((h) => h.name === '韦秀英');
  assert.equal(wei.id_number, '450***********122X');
  const lan = own.body.items.find((h) => h.name === '蓝国富');
  assert.equal(lan.phone, '139****5566');
  // 清河社区 belongs to 城南区: 江北区's admin is refused its households and its admin page.
  assert.equal((await call(DISTRICT, 'GET', `/api/v1/pairings/${qinghe.id}/households`)).status, 403);
  assert.equal((await call(DISTRICT, 'GET', `/api/v1/pairings/${qinghe.id}/manage`)).status, 403);
  // The hospital union's admin is below 江北区: not an admin of its pairing either.
  assert.equal((await call(BASE, 'GET', `/api/v1/pairings/${qingshan.id}/households`)).status, 403);
  const manage = await call(DISTRICT, 'GET', `/api/v1/pairings/${qingshan.id}/manage`);
  assert.equal(manage.body.can_manage, true);
  assert.equal(manage.body.secretary_phone, '13977001122');
  assert.equal(manage.body.needs_list.find((n) => n.category === 'housing').household_ids.length, 3);
  const added = await call(DISTRICT, 'POST', `/api/v1/pairings/${qingshan.id}/households`, { name: '罗桂芳', address: '青山村五组8号', id_number: '12' });
  assert.equal(added.body.error.code, 'invalid_id_number');
});

test('a need goes through every state, with its refusals', async () => {
  const made = await call(DISTRICT, 'POST', `/api/v1/pairings/${qingshan.id}/needs`, {
    category: 'culture', title: '文化广场音响', target_quantity: 2, unit: '套', budget_fen: 1200000,
  });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.body.status, 'open');
  const id = made.body.id;
  const refused = await call(BASE, 'POST', `/api/v1/needs/${id}/claim`, {});
  assert.equal(refused.status, 403);
  assert.equal((await call(DISTRICT, 'POST', `/api/v1/needs/${id}/complete`, {})).body.error.code, 'wrong_status');
  const claimed = await call(DISTRICT, 'POST', `/api/v1/needs/${id}/claim`, { responsible: '江北区总工会宣教部' });
  assert.equal(claimed.body.status, 'in_progress');
  assert.equal(claimed.body.responsible, '江北区总工会宣教部');
  assert.equal((await call(DISTRICT, 'POST', `/api/v1/needs/${id}/complete`, {})).body.error.code, 'nothing_delivered');
  const tooMuch = await call(DISTRICT, 'POST', `/api/v1/needs/${id}/progress`, { text: '到货', delivered_quantity: 3 });
  assert.equal(tooMuch.body.error.code, 'invalid_quantity');
  const progress = await call(DISTRICT, 'POST', `/api/v1/needs/${id}/progress`, { text: '两套音响安装调试', delivered_quantity: 2 });
  assert.equal(progress.status, 201, progress.text);
  const done = await call(DISTRICT, 'POST', `/api/v1/needs/${id}/complete`, { note: '已完成' });
  assert.equal(done.body.status, 'done');
  const own = await call(DISTRICT, 'POST', `/api/v1/needs/${id}/accept`, {});
  assert.equal(own.status, 403);
  assert.equal(own.body.error.code, 'own_completion');
  const rejected = await call(CITY, 'POST', `/api/v1/needs/${id}/reject`, { reason: '一套有杂音' });
  assert.equal(rejected.body.status, 'in_progress');
  await call(DISTRICT, 'POST', `/api/v1/needs/${id}/complete`, { note: '已更换' });
  const accepted = await call(CITY, 'POST', `/api/v1/needs/${id}/accept`, { note: '验收合格' });
  assert.equal(accepted.status, 200, accepted.text);
  assert.equal(accepted.body.status, 'accepted');
  assert.deepEqual(accepted.body.progress.map((p) => p.kind), ['created', 'claimed', 'progress', 'completed', 'rejected', 'completed', 'accepted']);
  assert.equal((await call(DISTRICT, 'PUT', `/api/v1/needs/${id}`, { category: 'culture', title: '改', target_quantity: 2, unit: '套' })).status, 409);
  const fund = await call(DISTRICT, 'POST', `/api/v1/needs/${id}/fulfilments`, { kind: 'fund', amount_fen: 100, recorded_on: '2026-01-02' });
  assert.equal(fund.status, 409);
});

test('members sign up for volunteer tasks and admins record their hours', async () => {
  const tasks = await call(MEMBER, 'GET', '/api/v1/volunteer-tasks');
  assert.equal(tasks.status, 200, tasks.text);
  const task = tasks.body.items.find((t) => t.village === '青山村');
  assert.ok(task);
  assert.equal(task.signed_up, false);
  const joined = await call(MEMBER, 'POST', `/api/v1/volunteer-tasks/${task.id}/sign-up`);
  assert.equal(joined.status, 200, joined.text);
  assert.equal(joined.body.signed_up, true);
  assert.equal((await call(MEMBER, 'POST', `/api/v1/volunteer-tasks/${task.id}/sign-up`)).body.error.code, 'already_signed_up');
  const people = await call(DISTRICT, 'GET', `/api/v1/volunteer-tasks/${task.id}/volunteers`);
  assert.equal(people.body.items.length, 1);
  assert.match(people.body.items[0].phone, /\*\*\*\*/);
  const early = await call(DISTRICT, 'PUT', `/api/v1/volunteer-tasks/${task.id}/volunteers/${people.body.items[0].member_id}`, { minutes: 120 });
  assert.equal(early.body.error.code, 'task_not_started');
  const left = await call(MEMBER, 'DELETE', `/api/v1/volunteer-tasks/${task.id}/sign-up`);
  assert.equal(left.body.signed_up, false);
  const messages = await call(MEMBER, 'GET', '/api/v1/me/messages?limit=50');
  assert.ok(messages.body.items.some((m) => m.kind === 'volunteer'));
});

test('figures add up over the subtree and pairings are written in scope', async () => {
  const city = await call(CITY, 'GET', '/api/v1/pairings/figures');
  assert.equal(city.status, 200, city.text);
  assert.equal(city.body.pairings, 2);
  assert.equal(city.body.income_added_fen_per_year, 28670000);
  const sum = city.body.by_category.reduce((n, c) => n + c.needs, 0);
  assert.equal(sum, city.body.needs);
  const lamps = city.body.by_category.find((c) => c.category === 'street_lights');
  assert.deepEqual([lamps.delivered_quantity, lamps.unit], [50, '盏']);
  const district = await call(DISTRICT, 'GET', '/api/v1/pairings/figures');
  assert.equal(district.body.pairings, 1);
  const orgs = (await call(DISTRICT, 'GET', '/api/v1/orgs')).body;
  const own = (orgs.items ?? orgs).find((o) => o.name === '江北区总工会');
  const made = await call(DISTRICT, 'POST', '/api/v1/pairings', { org_id: own.id, village: '石桥村', region: '示范市云岭县', started_on: '2026-01-05', fund_fen: 100000 });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.body.can_manage, true);
  const refused = await call(DISTRICT, 'PUT', `/api/v1/pairings/${qinghe.id}`, { org_id: own.id, village: '清河社区', region: '城南', started_on: '2026-01-05' });
  assert.equal(refused.status, 403);
  const visit = await call(DISTRICT, 'POST', `/api/v1/pairings/${made.body.id}/visits`, { visited_on: '2026-01-06', visitors: '走访组', households_visited: 3, notes: '了解需求' });
  assert.equal(visit.status, 201, visit.text);
  const outcome = await call(DISTRICT, 'POST', `/api/v1/pairings/${made.body.id}/outcomes`, { title: '新增就业', kind: 'jobs', quantity: 5, unit: '人', evidence: '用工合同', recorded_on: '2026-01-06' });
  assert.equal(outcome.status, 201, outcome.text);
});

test('the impact report counts the help lists and stations, and each figure drills to its rows', async () => {
  const tomorrow = new Date(Date.now() + 86400000).toISOString();
  const impact = await call(CITY, 'GET', `/api/v1/reports/impact?from=2020-01-01&to=${tomorrow}`);
  assert.equal(impact.status, 200, impact.text);
  const r = impact.body;
  assert.ok(r.helplist_needs_accepted >= 2, JSON.stringify(r));
  assert.ok(r.helplist_funds_fen > 0);
  assert.equal(r.helplist_income_fen_per_year, 28670000);
  assert.ok(r.stations >= 30);
  assert.ok(r.station_visits > 0);
  const rows = async (link, field) => {
    let total = 0;
    let cursor = '';
    for (;;) {
      const page = await request(server, 'GET', `${link}&limit=20${cursor}`, { token: await token(CITY) });
      assert.equal(page.status, 200, page.text);
      for (const item of page.body.items) total += field ? item[field] : 1;
      if (!page.body.next_cursor) return total;
      cursor = `&cursor=${page.body.next_cursor}`;
    }
  };
  assert.equal(await rows(r.links.helplist_needs), r.helplist_needs);
  assert.equal(await rows(r.links.helplist_funds_fen, 'amount_fen'), r.helplist_funds_fen);
  assert.equal(await rows(r.links.helplist_income_fen_per_year, 'income_fen_per_year'), r.helplist_income_fen_per_year);
  assert.equal(await rows(r.links.station_visits), r.station_visits);
  assert.equal(await rows(r.links.stations), r.stations);
  const needs = await request(server, 'GET', `${r.links.helplist_needs}&limit=200`, { token: await token(CITY) });
  assert.doesNotMatch(needs.text, /韦秀英|蓝国富/);
  const summary = await call(CITY, 'GET', `/api/v1/reports/impact/summary?from=2020-01-01&to=${tomorrow}`);
  assert.match(summary.body.paragraphs.join(''), /户外劳动者服务站\d+个/);
});

test('a household is edited, sealed again, keeps its masked numbers, and is removed when no need serves it', async () => {
  const path = `/api/v1/pairings/${qingshan.id}/households`;
  const added = await call(DISTRICT, 'POST', path, { name: '罗桂芳', address: '青山村五组8号', id_number: '450102195503031234', phone: '13977003344' });
  assert.equal(added.status, 201, added.text);
  const id = added.body.id;
  // Left out, the ID number and phone stay as they were; the name and address change.
  const edited = await call(DISTRICT, 'PUT', `${path}/${id}`, { name: '罗桂芳', address: '青山村五组9号', situation: '独居' });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.body.address, '青山村五组9号');
  assert.equal(edited.body.id_number, '450***********1234');
  assert.equal(edited.body.phone, '139****3344');
  const cleared = await call(DISTRICT, 'PUT', `${path}/${id}`, { name: '罗桂芳', address: '青山村五组9号', phone: '' });
  assert.equal(cleared.body.phone, '');
  assert.equal(cleared.body.id_number, '450***********1234');
  assert.equal((await call(DISTRICT, 'PUT', `${path}/${id}`, { name: '罗桂芳', address: '青山村', id_number: '12' })).body.error.code, 'invalid_id_number');
  // Another union's admin, an admin below, a household of another pairing: refused like the GET.
  assert.equal((await call(BASE, 'PUT', `${path}/${id}`, { name: 'x', address: 'y' })).status, 403);
  assert.equal((await call(CITY, 'PUT', `/api/v1/pairings/${qinghe.id}/households/${id}`, { name: 'x', address: 'y' })).status, 404);
  assert.equal((await call(DISTRICT, 'PUT', `${path}/1`, { name: 'x', address: 'y' })).status, 404);
  const audit = await call(DISTRICT, 'GET', '/api/v1/audit?action=pairing.household_update&limit=5');
  assert.equal(audit.status, 200, audit.text);
  assert.ok(JSON.stringify(audit.body).includes(id));
  assert.ok(!JSON.stringify(audit.body).includes('五组9号'));
  // A household a need serves is not removed; one no need serves is.
  const own = await call(DISTRICT, 'GET', path);
  const served = own.body.items.find((h) => h.need_ids.length > 0);
  assert.equal((await call(DISTRICT, 'DELETE', `${path}/${served.id}`)).body.error.code, 'household_linked');
  assert.equal((await call(BASE, 'DELETE', `${path}/${id}`)).status, 403);
  const removed = await call(DISTRICT, 'DELETE', `${path}/${id}`);
  assert.equal(removed.status, 200, removed.text);
  assert.equal((await call(DISTRICT, 'DELETE', `${path}/${id}`)).status, 404);
  assert.ok(!(await call(DISTRICT, 'GET', path)).body.items.some((h) => h.id === id));
});

test('a member reads their sign-ups with the minutes recorded and the total', async () => {
  const none = await call(MEMBER, 'GET', '/api/v1/me/volunteer');
  assert.equal(none.status, 200, none.text);
  const before = none.body.items.length;
  const task = (await call(MEMBER, 'GET', '/api/v1/volunteer-tasks')).body.items.find((t) => t.village === '青山村' && !t.signed_up);
  assert.equal((await call(MEMBER, 'POST', `/api/v1/volunteer-tasks/${task.id}/sign-up`)).status, 200);
  const mine = await call(MEMBER, 'GET', '/api/v1/me/volunteer');
  assert.equal(mine.body.items.length, before + 1);
  const row = mine.body.items.find((t) => t.id === task.id);
  assert.equal(row.village, '青山村');
  assert.equal(row.minutes, 0);
  assert.equal(row.signed_up, true);
  assert.ok(row.signed_up_at && row.starts_at);
  assert.equal(typeof mine.body.total_minutes, 'number');
  assert.equal((await call(DISTRICT, 'GET', '/api/v1/me/volunteer')).status, 403);
  assert.equal((await call(null, 'GET', '/api/v1/me/volunteer')).status, 401);
  await call(MEMBER, 'DELETE', `/api/v1/volunteer-tasks/${task.id}/sign-up`);
  assert.equal((await call(MEMBER, 'GET', '/api/v1/me/volunteer')).body.items.length, before);
});
