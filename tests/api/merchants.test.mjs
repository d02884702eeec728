// 优惠购 over HTTP: applications and review, staff isolation, offers and products, photos,
// browsing and Chinese search in every input form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, png, demoTokens } from './harness.mjs';

let server;
const tokenFor = demoTokens(() => server);
const PLATFORM = '13800000000';
const DISTRICT_A = '13800000001';
const MEMBER = '13900000001';
const STAFF = '13700000001';

before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server.stop(); });

const application = {
  name: '幸福蓝莓农场', category: 'farm', address: '江北区幸福村1号', lat: 30.3, lng: 120.2,
  contact_name: '李场长', phone: '13912345678', licence_no: '91330100MA2AAAAA1', description: '有机蓝莓',
};

test('application validation names the field and stores nothing', async () => {
  const cases = [
    [{ ...application, name: '' }, 'name'],
    [{ ...application, phone: '12345' }, 'phone'],
    [{ ...application, lat: 91 }, 'lat'],
    [{ ...application, lng: -181 }, 'lng'],
    [{ ...application, category: 'casino' }, 'category'],
    [{ ...application, lat: 'north' }, 'lat'],
  ];
  for (const [body, field] of cases) {
    const response = await request(server, 'POST', '/api/v1/merchant-applications', { json: body });
    assert.equal(response.status, 400, `${field}: ${response.text}`);
    assert.equal(response.body.error.field, field);
  }
  const pending = await request(server, 'GET', '/api/v1/merchant-applications', { token: await tokenFor(PLATFORM) });
  assert.equal(pending.body.items.length, 0);
});

test('photos: type told by content, metadata stripped, fakes and oversize refused', async () => {
  const upload = await request(server, 'POST', '/api/v1/photos', { body: png(), headers: { 'content-type': 'image/png' } });
  assert.equal(upload.status, 201, upload.text);
  assert.equal(upload.body.content_type, 'image/png');
  assert.equal(upload.body.width, 2);
  const stored = await fetch(`${server.url}/api/v1/photos/${upload.body.id}`);
  assert.equal(stored.status, 200);
  assert.equal(stored.headers.get('content-type'), 'image/png');
  assert.match(stored.headers.get('cache-control'), /immutable/);
  const bytes = Buffer.from(await stored.arrayBuffer());
  assert.equal(bytes.includes(Buffer.from('GPS')), false, 'text chunk removed');
  assert.equal(bytes.length, png({ withText: false }).length);

  const fake = await request(server, 'POST', '/api/v1/photos', { body: 'this is not a jpeg', headers: { 'content-type': 'image/jpeg' } });
  assert.equal(fake.status, 400);
  assert.equal(fake.body.error.code, 'invalid_image');
  const truncated = await request(server, 'POST', '/api/v1/photos', { body: png().subarray(0, 40), headers: { 'content-type': 'image/png' } });
  assert.equal(truncated.status, 400);
  const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(5.5 * 1024 * 1024)]);
  const tooBig = await request(server, 'POST', '/api/v1/photos', { body: huge, headers: { 'content-type': 'image/jpeg' } });
  assert.equal(tooBig.status, 400);
  assert.equal(tooBig.body.error.code, 'too_large');
});

test('review workflow: apply, reject with reason, apply again, approve, member finds it', async () => {
  const first = await request(server, 'POST', '/api/v1/merchant-applications', { json: application });
  assert.equal(first.status, 201);
  assert.equal(first.body.status, 'pending');
  const admin = await tokenFor(PLATFORM);
  const noReason = await request(server, 'POST', `/api/v1/merchant-applications/${first.body.id}/reject`, { token: admin, json: {} });
  assert.equal(noReason.status, 400);
  assert.equal(noReason.body.error.field, 'reason');
  const rejected = await request(server, 'POST', `/api/v1/merchant-applications/${first.body.id}/reject`, { token: admin, json: { reason: '营业执照不清晰' } });
  assert.equal(rejected.status, 200);
  assert.equal(rejected.body.status, 'rejected');
  const twice = await request(server, 'POST', `/api/v1/merchant-applications/${first.body.id}/approve`, { token: admin, json: { contract_start: '2026-01-01', contract_end: '2027-12-31' } });
  assert.equal(twice.status, 409);

  const memberDenied = await request(server, 'GET', '/api/v1/merchant-applications', { token: await tokenFor(MEMBER) });
  assert.equal(memberDenied.status, 403);
  const second = await request(server, 'POST', '/api/v1/merchant-applications', { json: { ...application, name: '幸福蓝莓农场（新）' } });
  const badPeriod = await request(server, 'POST', `/api/v1/merchant-applications/${second.body.id}/approve`, { token: admin, json: { contract_start: '2027-01-01', contract_end: '2026-01-01' } });
  assert.equal(badPeriod.status, 400);
  const approved = await request(server, 'POST', `/api/v1/merchant-applications/${second.body.id}/approve`, { token: admin, json: { contract_start: '2026-01-01', contract_end: '2030-12-31' } });
  assert.equal(approved.status, 201);
  assert.equal(approved.body.status, 'signed');
  const found = await request(server, 'GET', `/api/v1/merchants?q=${encodeURIComponent('幸福蓝莓')}`, { token: await tokenFor(MEMBER) });
  assert.ok(found.body.items.some((m) => m.id === approved.body.id));

  const suspended = await request(server, 'POST', `/api/v1/merchants/${approved.body.id}/suspend`, { token: admin });
  assert.equal(suspended.body.status, 'suspended');
  const hidden = await request(server, 'GET', `/api/v1/merchants/${approved.body.id}`, { token: await tokenFor(MEMBER) });
  assert.equal(hidden.status, 404);
  const reinstated = await request(server, 'POST', `/api/v1/merchants/${approved.body.id}/reinstate`, { token: admin });
  assert.equal(reinstated.body.status, 'signed');
});

test('demo catalogue: 57 merchants, 8 of them orchards and farms', async () => {
  const token = await tokenFor(MEMBER);
  let all = [];
  let cursor = '';
  do {
    const page = await request(server, 'GET', `/api/v1/merchants?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
    all = all.concat(page.body.items);
    cursor = page.body.next_cursor;
  } while (cursor);
  const demo = all.filter((m) => !m.name.startsWith('幸福蓝莓'));
  assert.equal(demo.length, 57);
  assert.equal(demo.filter((m) => m.category === 'orchard' || m.category === 'farm').length, 8);
  const orchards = await request(server, 'GET', '/api/v1/merchants?category=orchard', { token });
  assert.ok(orchards.body.items.every((m) => m.category === 'orchard'));
  const near = await request(server, 'GET', '/api/v1/merchants?near=30.274,120.155&limit=5', { token });
  const distances = near.body.items.map((m) => m.distance_m);
  assert.deepEqual(distances, [...distances].sort((a, b) => a - b));
  const badNear = await request(server, 'GET', '/api/v1/merchants?near=95,10', { token });
  assert.equal(badNear.status, 400);
  assert.equal(badNear.body.error.field, 'near');
});

test('search understands simplified, traditional, pinyin, initials, mixed, case and width', async () => {
  const token = await tokenFor(MEMBER);
  const names = async (q) => {
    const response = await request(server, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}&limit=50`, { token });
    assert.equal(response.status, 200, response.text);
    return response.body.items.map((item) => `${item.kind}:${item.name}`);
  };
  const grapes = await names('葡萄');
  assert.ok(grapes.includes('merchant:阳光葡萄采摘园'));
  assert.ok(grapes.includes('product:阳光玫瑰葡萄'));
  for (const q of ['putao', 'PuTao', 'ｐｕｔａｏ', 'pu萄', '葡tao']) {
    assert.deepEqual(await names(q), grapes, q);
  }
  // Initials match names, not descriptions or terms (score above 100: a name match).
  const byName = (await request(server, 'GET', `/api/v1/search?q=${encodeURIComponent('葡萄')}&limit=50`, { token })).body.items
    .filter((item) => item.score > 100).map((item) => `${item.kind}:${item.name}`);
  assert.ok(byName.length < grapes.length);
  assert.deepEqual(await names('pt'), byName);
  assert.deepEqual(await names('蘋果'), await names('苹果'));
  assert.ok((await names('苹果')).includes('product:红富士苹果'));
  const strawberries = await names('草莓');
  assert.deepEqual(await names('caomei'), strawberries);
  assert.deepEqual(await names('草mei'), strawberries);
  assert.deepEqual(await names('zzzzqq'), []);
  const exact = await names('蓝莓');
  assert.equal(exact[0], 'product:蓝莓', 'exact name ranks first');
  const tooLong = await request(server, 'GET', `/api/v1/search?q=${'长'.repeat(60)}`, { token });
  assert.equal(tooLong.status, 400);
});

test('merchant staff edit their own merchant and nothing else', async () => {
  const staff = await tokenFor(STAFF);
  const mine = await request(server, 'GET', '/api/v1/me/merchant', { token: staff });
  assert.equal(mine.status, 200);
  assert.equal(mine.body.name, '阳光葡萄采摘园');
  const other = (await request(server, 'GET', '/api/v1/merchants?q=caomei', { token: await tokenFor(MEMBER) })).body.items[0];
  assert.notEqual(other.id, mine.body.id);

  const editOther = await request(server, 'PATCH', `/api/v1/merchants/${other.id}`, { token: staff, json: { description: '被篡改' } });
  assert.equal(editOther.status, 403);
  const offerOther = await request(server, 'POST', `/api/v1/merchants/${other.id}/offers`, { token: staff, json: { title: 'x', kind: 'gift', gift: 'x', valid_from: '2026-01-01', valid_to: '2027-01-01' } });
  assert.equal(offerOther.status, 403);
  const otherDetail = await request(server, 'GET', `/api/v1/merchants/${other.id}`, { token: await tokenFor(MEMBER) });
  const otherOffer = otherDetail.body.offers[0];
  const patchOtherOffer = await request(server, 'PATCH', `/api/v1/offers/${otherOffer.id}`, { token: staff, json: { title: '篡改' } });
  assert.equal(patchOtherOffer.status, 403);
  const after = await request(server, 'GET', `/api/v1/merchants/${other.id}`, { token: await tokenFor(MEMBER) });
  assert.equal(after.body.description, otherDetail.body.description);
  assert.equal(after.body.offers[0].title, otherOffer.title);

  const renamed = await request(server, 'PATCH', `/api/v1/merchants/${mine.body.id}`, { token: staff, json: { name: '别的名字', opening_hours: '07:30-18:00' } });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.name, '阳光葡萄采摘园', 'staff cannot rename a signed merchant');
  assert.equal(renamed.body.opening_hours, '07:30-18:00');

  const offer = mine.body.offers[0];
  // The demo's 8.8折 ticket is a discount with its rate as data, not a gift.
  assert.deepEqual([offer.kind, offer.pay_percent, offer.gift], ['percent_off', 88, '']);
  const amountOff = await request(server, 'POST', `/api/v1/merchants/${mine.body.id}/offers`, {
    token: staff,
    json: { title: '会员满200减30', kind: 'amount_off', off_fen: 3000, valid_from: '2026-01-01', valid_to: '2027-12-31' },
  });
  assert.equal(amountOff.status, 201, amountOff.text);
  assert.deepEqual([amountOff.body.kind, amountOff.body.off_fen], ['amount_off', 3000]);
  const noAmount = await request(server, 'POST', `/api/v1/merchants/${mine.body.id}/offers`, {
    token: staff,
    json: { title: '立减', kind: 'amount_off', valid_from: '2026-01-01', valid_to: '2027-12-31' },
  });
  assert.deepEqual([noAmount.status, noAmount.body.error.field, noAmount.body.error.code], [400, 'off_fen', 'out_of_range']);
  const unknownKind = await request(server, 'POST', `/api/v1/merchants/${mine.body.id}/offers`, {
    token: staff,
    json: { title: '返现', kind: 'cashback', valid_from: '2026-01-01', valid_to: '2027-12-31' },
  });
  assert.deepEqual([unknownKind.status, unknownKind.body.error.field, unknownKind.body.error.code], [400, 'kind', 'invalid_kind']);
  const edited = await request(server, 'PATCH', `/api/v1/offers/${offer.id}`, { token: staff, json: { title: '会员采摘门票7.5折' } });
  assert.equal(edited.status, 200);
  const seen = await request(server, 'GET', `/api/v1/merchants/${mine.body.id}`, { token: await tokenFor(MEMBER) });
  assert.equal(seen.body.offers.find((o) => o.id === offer.id).title, '会员采摘门票7.5折');

  const product = await request(server, 'POST', `/api/v1/merchants/${mine.body.id}/products`, { token: staff, json: { name: '巨峰葡萄', kind: 'fruit', unit: '斤', unit_price_fen: 900, origin: '江北区', season_months: [8, 9] } });
  assert.equal(product.status, 201);
  const badProduct = await request(server, 'POST', `/api/v1/merchants/${mine.body.id}/products`, { token: staff, json: { name: '葡萄干', kind: 'fruit', unit: '吨', unit_price_fen: 900 } });
  assert.equal(badProduct.status, 400);
  assert.equal(badProduct.body.error.field, 'unit');
  const negative = await request(server, 'POST', `/api/v1/merchants/${mine.body.id}/products`, { token: staff, json: { name: '葡萄干', kind: 'fruit', unit: '斤', unit_price_fen: -1 } });
  assert.equal(negative.status, 400);
  assert.equal(negative.body.error.field, 'unit_price_fen');
  const memberEdit = await request(server, 'PATCH', `/api/v1/merchants/${mine.body.id}`, { token: await tokenFor(MEMBER), json: { description: 'x' } });
  assert.equal(memberEdit.status, 403);
});

test('contracts ending within 30 days are listed for admins in scope', async () => {
  const expiring = await request(server, 'GET', '/api/v1/merchants/expiring?days=30', { token: await tokenFor(PLATFORM) });
  assert.equal(expiring.status, 200);
  assert.ok(expiring.body.items.length >= 1);
  assert.ok(expiring.body.items.some((m) => m.name === '绿源草莓园'));
  const district = await request(server, 'GET', '/api/v1/merchants/expiring', { token: await tokenFor(DISTRICT_A) });
  assert.equal(district.status, 200);
  assert.equal(district.body.items.length, 0, 'the demo merchants belong to the federation, outside the district');
});

test('a contract starting today is in force from the start of today in Beijing', async () => {
  const admin = await tokenFor(PLATFORM);
  // Today's date in Asia/Shanghai, whatever the hour in UTC (approving at 02:17 Beijing time
  // is still the previous day in UTC).
  const beijing = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const today = beijing(Date.now());
  const applied = await request(server, 'POST', '/api/v1/merchant-applications', { json: { ...application, name: '今日签约果园', licence_no: '91330100MA2TODAY1' } });
  assert.equal(applied.status, 201, applied.text);
  const approved = await request(server, 'POST', `/api/v1/merchant-applications/${applied.body.id}/approve`, {
    token: admin, json: { contract_start: today, contract_end: beijing(Date.now() + 365 * 86400000) },
  });
  assert.equal(approved.status, 201, approved.text);
  assert.equal(approved.body.status, 'signed');
  // The start of that day in Beijing is 16:00 UTC the day before.
  const start = Date.parse(approved.body.contract_start);
  assert.equal(beijing(start), today);
  assert.equal(new Date(start).getUTCHours(), 16);
  assert.ok(start <= Date.now());
  const found = await request(server, 'GET', `/api/v1/merchants?q=${encodeURIComponent('今日签约')}`, { token: await tokenFor(MEMBER) });
  assert.deepEqual(found.body.items.map((m) => m.id), [approved.body.id]);
});

test('the admin list has every merchant, suspended and expired too, filtered by status with counts', async () => {
  const admin = await tokenFor(PLATFORM);
  const managed = async (query = '', token = admin) => {
    const response = await request(server, 'GET', `/api/v1/merchants/managed?limit=100${query}`, { token });
    assert.equal(response.status, 200, response.text);
    return response.body;
  };
  const approve = async (name, licence, start, end) => {
    const applied = await request(server, 'POST', '/api/v1/merchant-applications', { json: { ...application, name, licence_no: licence } });
    assert.equal(applied.status, 201, applied.text);
    const approved = await request(server, 'POST', `/api/v1/merchant-applications/${applied.body.id}/approve`, {
      token: admin, json: { contract_start: start, contract_end: end },
    });
    assert.equal(approved.status, 201, approved.text);
    return approved.body;
  };
  const paused = await approve('暂停测试果园', '91330100MA2PAUSE1', '2026-01-01', '2036-01-01');
  const suspended = await request(server, 'POST', `/api/v1/merchants/${paused.id}/suspend`, { token: admin });
  assert.equal(suspended.body.status, 'suspended');
  const ended = await approve('到期测试农场', '91330100MA2ENDED1', '2020-01-01', '2021-01-01');
  assert.equal(ended.status, 'expired');

  const before = await managed();
  const c = before.counts;
  assert.equal(c.all, c.signed + c.suspended + c.expired);
  assert.ok(c.expiring >= 6 && c.expiring <= c.signed, JSON.stringify(c));  // 绿源草莓园 and five shops end within 30 days
  assert.ok(c.suspended >= 1 && c.expired >= 1, JSON.stringify(c));
  let all = [];
  for (let cursor = ''; ;) {
    const page = await managed(cursor);
    all = all.concat(page.items);
    if (!page.next_cursor) break;
    cursor = `&cursor=${page.next_cursor}`;
  }
  assert.equal(all.length, c.all);
  assert.ok(all.some((m) => m.id === paused.id && m.status === 'suspended'), 'a suspended merchant stays on the list');
  assert.ok(all.some((m) => m.id === ended.id && m.status === 'expired'));

  const only = async (status) => (await managed(`&status=${status}`)).items;
  assert.ok((await only('suspended')).every((m) => m.status === 'suspended'));
  assert.ok((await only('suspended')).some((m) => m.id === paused.id));
  assert.deepEqual((await only('expired')).map((m) => m.id).includes(ended.id), true);
  const expiring = await only('expiring');
  assert.equal(expiring.length, c.expiring);
  const month = Date.now() + 30 * 86400000;
  assert.ok(expiring.every((m) => m.status === 'signed' && Date.parse(m.contract_end) <= month));
  assert.ok(expiring.some((m) => m.name === '绿源草莓园'));
  assert.equal((await only('signed')).length, c.signed);
  // Members still see only merchants in contract.
  const seen = await request(server, 'GET', `/api/v1/merchants?q=${encodeURIComponent('暂停测试')}`, { token: await tokenFor(MEMBER) });
  assert.deepEqual(seen.body.items, []);

  // Search and category narrow the counts too.
  const searched = await managed(`&q=${encodeURIComponent('zanting')}`);
  assert.deepEqual(searched.items.map((m) => m.name), ['暂停测试果园']);
  assert.deepEqual(searched.counts, { all: 1, signed: 0, expiring: 0, suspended: 1, expired: 0 });
  const orchards = await managed('&category=orchard');
  assert.ok(orchards.items.every((m) => m.category === 'orchard'));

  const bad = await request(server, 'GET', '/api/v1/merchants/managed?status=paused', { token: admin });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'status');
  const badCategory = await request(server, 'GET', '/api/v1/merchants/managed?category=bank', { token: admin });
  assert.equal(badCategory.body.error.field, 'category');
  const member = await request(server, 'GET', '/api/v1/merchants/managed', { token: await tokenFor(MEMBER) });
  assert.equal(member.status, 403);
  // The demo merchants were signed by the federation: outside the district admin's subtree.
  const district = await managed('', await tokenFor(DISTRICT_A));
  assert.equal(district.counts.all, 0);
});
