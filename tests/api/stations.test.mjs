// 户外劳动者服务站 over HTTP on the demo: anyone finds stations near a place with coordinates
// for every map app and 营业中; a check-in needs the QR's code and is rate-limited per address;
// a visit is rated once with its token; a problem reported by a member is fixed by the station's
// union and the member gets a message; another district's admin is refused; an import with bad
// coordinates is refused row by row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, demoTokens } from './harness.mjs';

const MEMBER = '13900000001'; // 陈晓梅 (江北区)
const DISTRICT = '13800000001'; // 江北区总工会
const CITY = '13800000000';
const BASE = '13800000011'; // 市第一人民医院工会
const CENTRE = { lat: 30.274, lng: 120.155 };

let server;
let token;
let key = 0;

before(async () => {
  server = await startServer({ demo: true });
  token = demoTokens(() => server);
});
after(async () => { await server?.stop(); });

async function call(who, method, path, json, extra = {}) {
  const headers = method === 'GET' ? {} : { 'idempotency-key': `station-test-${key++}` };
  return request(server, method, path, { token: who ? await token(who) : undefined, json, headers, ...extra });
}

test('anyone finds open stations nearest first, in all three coordinate systems', async () => {
  const all = await call(null, 'GET', `/api/v1/stations?lat=${CENTRE.lat}&lng=${CENTRE.lng}&limit=200`);
  assert.equal(all.status, 200, all.text);
  assert.equal(all.body.items.length, 29); // thirty in the demo, one closed
  const distances = all.body.items.map((s) => s.distance_m);
  assert.deepEqual(distances, [...distances].sort((a, b) => a - b));
  const first = all.body.items[0];
  assert.equal(first.name, '滨江路爱心驿站');
  const { wgs84, gcj02, bd09 } = first.coordinates;
  // GCJ-02 is shifted a few hundred metres here, BD-09 further.
  assert.ok(Math.abs(gcj02.lat - wgs84.lat) > 0.001 && Math.abs(gcj02.lng - wgs84.lng) > 0.003);
  assert.ok(bd09.lat - gcj02.lat > 0.005 && bd09.lng - gcj02.lng > 0.005);
  assert.equal(first.manager_name.includes('*'), true); // masked for the public
  assert.equal(first.check_in_code, undefined);
  assert.equal(typeof first.open_now, 'boolean');
  assert.equal(first.hours.always_open, true);
  assert.equal(first.open_now, true);

  const near = await call(null, 'GET', `/api/v1/stations?lat=${CENTRE.lat}&lng=${CENTRE.lng}&within_m=1000&amenities=microwave,air_conditioning`);
  assert.equal(near.status, 200, near.text);
  assert.ok(near.body.items.length >= 1);
  for (const s of near.body.items) {
    assert.ok(s.distance_m <= 1000);
    assert.ok(s.amenities.includes('microwave') && s.amenities.includes('air_conditioning'));
  }
  const open = await call(null, 'GET', '/api/v1/stations?open_now=true&limit=200');
  assert.ok(open.body.items.every((s) => s.open_now));
  assert.ok(open.body.items.some((s) => s.hours.always_open));

  assert.equal((await call(null, 'GET', '/api/v1/stations?lat=30.2')).body.error.code, 'invalid_coordinates');
  assert.equal((await call(null, 'GET', '/api/v1/stations?amenities=pool')).body.error.code, 'unknown_amenity');
});

test('a search for % or _ matches them literally, not every station', async () => {
  const all = (await call(DISTRICT, 'GET', '/api/v1/stations/manage?limit=200')).body.items.length;
  assert.ok(all > 0);
  for (const q of ['50%', '%', '_', '\\']) {
    const found = await call(DISTRICT, 'GET', `/api/v1/stations/manage?q=${encodeURIComponent(q)}`);
    assert.equal(found.status, 200, found.text);
    assert.equal(found.body.items.length, 0, q);
  }
  assert.ok((await call(DISTRICT, 'GET', `/api/v1/stations/manage?q=${encodeURIComponent('驿站')}`)).body.items.length > 0);
});

test('a check-in needs the QR code, counts, is rate-limited per address, and is rated once', async () => {
  const list = await call(DISTRICT, 'GET', '/api/v1/stations/manage?q=江北公交总站');
  assert.equal(list.status, 200, list.text);
  const station = list.body.items[0];
  assert.equal(station.manager_name.includes('*'), false);
  const before = (await call(null, 'GET', `/api/v1/stations/${station.id}`)).body.visits;
  const wrong = await call(null, 'POST', `/api/v1/stations/${station.id}/check-ins`, { code: 'nope' });
  assert.equal(wrong.status, 403);
  assert.equal(wrong.body.error.code, 'wrong_code');
  const made = [];
  for (let i = 0; i < 3; i += 1) {
    const r = await call(null, 'POST', `/api/v1/stations/${station.id}/check-ins`, { code: station.check_in_code });
    assert.equal(r.status, 201, r.text);
    made.push(r.body);
  }
  assert.equal(made[2].visits, before + 3);
  const limited = await call(null, 'POST', `/api/v1/stations/${station.id}/check-ins`, { code: station.check_in_code });
  assert.equal(limited.status, 429);
  assert.ok(limited.headers.get('retry-after'));
  assert.equal((await call(null, 'GET', `/api/v1/stations/${station.id}`)).body.visits, before + 3);

  const badToken = await call(null, 'PUT', `/api/v1/station-check-ins/${made[0].id}/rating`, { token: 'x', stars: 5 });
  assert.equal(badToken.status, 403);
  const rated = await call(null, 'PUT', `/api/v1/station-check-ins/${made[0].id}/rating`, { token: made[0].rating_token, stars: 5, comment: '很干净' });
  assert.equal(rated.status, 200, rated.text);
  const again = await call(null, 'PUT', `/api/v1/station-check-ins/${made[0].id}/rating`, { token: made[0].rating_token, stars: 1 });
  assert.equal(again.body.rating_count, rated.body.rating_count); // replaced, not added
  const badStars = await call(null, 'PUT', `/api/v1/station-check-ins/${made[1].id}/rating`, { token: made[1].rating_token, stars: 9 });
  assert.equal(badStars.body.error.code, 'invalid_rating');
});

test('a problem reported by a member is fixed by the union and the member is told', async () => {
  const station = (await call(null, 'GET', '/api/v1/stations?q=江北公交总站')).body.items[0];
  const report = await call(MEMBER, 'POST', `/api/v1/stations/${station.id}/problems`, { kind: 'water', description: '饮水机没有热水' });
  assert.equal(report.status, 201, report.text);
  assert.equal(report.body.notified, true);
  const anonymous = await call(null, 'POST', `/api/v1/stations/${station.id}/problems`, { kind: 'other' });
  assert.equal(anonymous.body.error.field, 'description');

  assert.equal((await call(BASE, 'GET', '/api/v1/station-problems')).body.items.some((p) => p.id === report.body.id), false);
  const listed = await call(DISTRICT, 'GET', '/api/v1/station-problems?status=reported');
  assert.ok(listed.body.items.some((p) => p.id === report.body.id));
  // The hospital union's admin manages another station, not this one: refused.
  const refused = await call(BASE, 'POST', `/api/v1/station-problems/${report.body.id}/fix`, { note: '越权' });
  assert.equal(refused.status, 403);
  const noNote = await call(DISTRICT, 'POST', `/api/v1/station-problems/${report.body.id}/fix`, {});
  assert.equal(noNote.body.error.code, 'required');
  const confirmed = await call(DISTRICT, 'POST', `/api/v1/station-problems/${report.body.id}/confirm`, { note: '已派人查看' });
  assert.equal(confirmed.body.status, 'confirmed');
  const fixed = await call(DISTRICT, 'POST', `/api/v1/station-problems/${report.body.id}/fix`, { note: '已更换加热管' });
  assert.equal(fixed.status, 200, fixed.text);
  assert.equal(fixed.body.status, 'fixed');
  assert.equal(fixed.body.reporter, 'member');
  const twice = await call(DISTRICT, 'POST', `/api/v1/station-problems/${report.body.id}/dismiss`, { note: '重复' });
  assert.equal(twice.status, 409);
  const messages = await call(MEMBER, 'GET', '/api/v1/me/messages?limit=50');
  const told = messages.body.items.filter((m) => m.kind === 'station_problem');
  assert.ok(told.some((m) => m.body.includes('已更换加热管')));

  const figures = await call(DISTRICT, 'GET', '/api/v1/stations/figures');
  assert.equal(figures.status, 200, figures.text);
  assert.ok(figures.body.problems_fixed >= 1);
  assert.ok(figures.body.visits > 0);
  assert.ok(figures.body.by_org.every((o) => o.org_name));
});

test('admins create in their subtree only, from any coordinate system; imports check coordinates row by row', async () => {
  const orgs = (await call(DISTRICT, 'GET', '/api/v1/orgs')).body;
  const own = (orgs.items ?? orgs).find((o) => o.name === '江北区总工会');
  const input = {
    org_id: own.id, name: '测试驿站', address: '江北区测试路1号', lat: 31.17530398364597, lng: 121.531541859215,
    coord_system: 'gcj02', amenities: ['toilet'], hours: { always_open: false, opens: '20:00', closes: '08:00' },
  };
  const made = await call(DISTRICT, 'POST', '/api/v1/stations', input);
  assert.equal(made.status, 201, made.text);
  assert.equal(made.body.coordinates.wgs84.lat, 31.1774276);
  assert.equal(made.body.coordinates.gcj02.lng, 121.5315419);
  assert.equal(made.body.hours.opens, '20:00');
  const other = (await call(CITY, 'GET', '/api/v1/stations/manage?q=城南环卫一所')).body.items[0];
  const refused = await call(DISTRICT, 'PUT', `/api/v1/stations/${other.id}`, { ...input, org_id: other.org_id });
  assert.equal(refused.status, 403);
  const bad = await call(DISTRICT, 'POST', '/api/v1/stations', { ...input, lat: 0, lng: 0, coord_system: 'wgs84' });
  assert.equal(bad.body.error.code, 'invalid_coordinates');

  const csv = '名称,地址,工会,纬度,经度,设施,开放时间\n'
    + '导入一号,江北区导入路1号,江北区总工会,30.28,120.16,空调、饮水,24小时\n'
    + '导入二号,江北区导入路2号,江北区总工会,120.16,30.28,,\n'
    + '导入三号,江北区导入路3号,城南区总工会,30.2,120.1,,\n';
  const dry = await request(server, 'POST', '/api/v1/stations/imports?dry_run=true', {
    token: await token(DISTRICT), body: csv, headers: { 'content-type': 'text/csv' },
  });
  assert.equal(dry.status, 200, dry.text);
  assert.deepEqual(dry.body.errors.map((e) => [e.row, e.column, e.code]), [[3, 'lat', 'invalid_coordinates'], [4, 'union', 'out_of_scope']]);
  const refusedImport = await request(server, 'POST', '/api/v1/stations/imports', {
    token: await token(DISTRICT), body: csv, headers: { 'content-type': 'text/csv', 'idempotency-key': `station-test-${key++}` },
  });
  assert.equal(refusedImport.status, 400);
  assert.equal(refusedImport.body.error.code, 'import_invalid');
  const clean = csv.split('\n').slice(0, 2).join('\n') + '\n';
  const written = await request(server, 'POST', '/api/v1/stations/imports', {
    token: await token(DISTRICT), body: clean, headers: { 'content-type': 'text/csv', 'idempotency-key': `station-test-${key++}` },
  });
  assert.equal(written.status, 201, written.text);
  assert.equal(written.body.created, 1);
});
