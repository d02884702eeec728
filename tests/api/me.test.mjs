// 我的 over HTTP: vouchers by status with counts, entries across campaigns, favourite
// merchants, feedback (sent, limited, answered in scope) and the service hotline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer, request, png, demoTokens } from './harness.mjs';

let server;
const tokenOf = demoTokens(() => server);
const MEMBER = '13900000001';
const DISTRICT_ADMIN = '13800000001';
const PLATFORM_ADMIN = '13800000000';

async function as(phone, method, path, json, headers = {}) {
  return request(server, method, path, { token: await tokenOf(phone), json, headers });
}

before(async () => {
  server = await startServer({ demo: true });
});
after(async () => {
  await server?.stop();
  server?.database.cleanup();
});

test('vouchers filter by status and count each status', async () => {
  // A free claim gives the member a voucher to count.
  const merchant = (await as(MEMBER, 'GET', `/api/v1/merchants?q=${encodeURIComponent('阳光葡萄采摘园')}&limit=1`)).body.items[0];
  const created = await as(PLATFORM_ADMIN, 'POST', '/api/v1/campaigns', {
    kind: 'claim', title: '我的测试·免费领取',
    opens_at: new Date(Date.now() - 60000).toISOString(), closes_at: new Date(Date.now() + 86400000).toISOString(),
    points_cost: 0, per_member_limit: 1,
    prizes: [{ tier: 1, name: '测试礼包', quantity: 5, value_fen: 100, merchant_id: merchant.id }],
  });
  assert.equal(created.status, 201, created.text);
  assert.equal((await as(PLATFORM_ADMIN, 'POST', `/api/v1/campaigns/${created.body.id}/publish`, {})).status, 200);
  const entered = await as(MEMBER, 'POST', `/api/v1/campaigns/${created.body.id}/entries`, {}, { 'idempotency-key': randomUUID() });
  assert.equal(entered.status, 201, entered.text);

  const all = (await as(MEMBER, 'GET', '/api/v1/me/vouchers')).body;
  assert.ok(all.counts.issued >= 1, JSON.stringify(all.counts));
  const total = Object.values(all.counts).reduce((a, b) => a + b, 0);
  assert.equal(total, all.items.length);
  for (const status of ['issued', 'redeemed', 'expired', 'void']) {
    const page = (await as(MEMBER, 'GET', `/api/v1/me/vouchers?status=${status}`)).body;
    assert.equal(page.items.length, all.counts[status], status);
    assert.ok(page.items.every((v) => v.status === status), status);
    assert.deepEqual(page.counts, all.counts);
  }
  const bad = await as(MEMBER, 'GET', '/api/v1/me/vouchers?status=used');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'status');

  // The claim shows among the member's entries, claimed, newest first.
  const entries = (await as(MEMBER, 'GET', '/api/v1/me/entries?limit=1')).body;
  assert.equal(entries.items.length, 1);
  assert.equal(entries.items[0].campaign_id, created.body.id);
  assert.equal(entries.items[0].campaign_title, '我的测试·免费领取');
  assert.equal(entries.items[0].state, 'claimed');
  assert.equal(entries.items[0].vouchers, 1);
});

test('entries page through every campaign with their states', async () => {
  const seen = [];
  let cursor = null;
  do {
    const page = await as(MEMBER, 'GET', `/api/v1/me/entries?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(page.status, 200, page.text);
    seen.push(...page.body.items);
    cursor = page.body.next_cursor;
  } while (cursor);
  assert.ok(seen.length >= 1);
  const ids = seen.map((e) => BigInt(e.id));
  assert.deepEqual(ids, [...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)), 'newest first');
  assert.equal(new Set(seen.map((e) => e.id)).size, seen.length, 'no entry twice');
  for (const entry of seen) assert.ok(['waiting', 'won', 'not_won', 'claimed', 'booked', 'cancelled'].includes(entry.state), entry.state);
  // Admins have no entries of their own.
  assert.equal((await as(DISTRICT_ADMIN, 'GET', '/api/v1/me/entries')).status, 403);
});

test('favourite merchants: mark, list, mark again, unmark', async () => {
  const merchants = (await as(MEMBER, 'GET', '/api/v1/merchants?limit=2')).body.items;
  const [first, second] = merchants;
  assert.deepEqual((await as(MEMBER, 'GET', '/api/v1/me/favourites')).body.items, []);
  for (const merchant of [first, second, first]) {
    const marked = await as(MEMBER, 'POST', `/api/v1/me/favourites/${merchant.id}`, {});
    assert.equal(marked.status, 200, marked.text);
    assert.equal(marked.body.favourite, true);
  }
  let list = (await as(MEMBER, 'GET', '/api/v1/me/favourites')).body.items;
  assert.deepEqual(new Set(list.map((f) => f.merchant_id)), new Set([first.id, second.id]));
  assert.equal(list.find((f) => f.merchant_id === first.id).name, first.name);
  assert.equal((await as(MEMBER, 'GET', `/api/v1/me/favourites/${first.id}`)).body.favourite, true);

  assert.equal((await as(MEMBER, 'DELETE', `/api/v1/me/favourites/${first.id}`)).status, 200);
  assert.equal((await as(MEMBER, 'DELETE', `/api/v1/me/favourites/${first.id}`)).status, 200, 'unmarking twice is no error');
  list = (await as(MEMBER, 'GET', '/api/v1/me/favourites')).body.items;
  assert.deepEqual(list.map((f) => f.merchant_id), [second.id]);
  assert.equal((await as(MEMBER, 'GET', `/api/v1/me/favourites/${first.id}`)).body.favourite, false);

  const unknown = await as(MEMBER, 'POST', '/api/v1/me/favourites/123456789', {});
  assert.equal(unknown.status, 404);
});

test('feedback: checked, sent with a photo, answered once by an admin in scope', async () => {
  for (const [body, code] of [['', 'required'], ['太短', 'too_short'], ['长'.repeat(501), 'too_long']]) {
    const refused = await as(MEMBER, 'POST', '/api/v1/me/feedback', { body });
    assert.equal(refused.status, 400, refused.text);
    assert.equal(refused.body.error.field, 'body');
    assert.equal(refused.body.error.code, code);
  }
  const badPhoto = await as(MEMBER, 'POST', '/api/v1/me/feedback', { body: '希望增加周末活动', photo_id: '123' });
  assert.equal(badPhoto.body.error.code, 'unknown_photo');

  const photo = await request(server, 'POST', '/api/v1/photos', { token: await tokenOf(MEMBER), body: png(), headers: { 'content-type': 'image/png' } });
  assert.equal(photo.status, 201, photo.text);
  const sent = await as(MEMBER, 'POST', '/api/v1/me/feedback', { body: '  希望采摘活动增加周末场次  ', photo_id: photo.body.id });
  assert.equal(sent.status, 201, sent.text);
  assert.equal(sent.body.body, '希望采摘活动增加周末场次');
  assert.equal(sent.body.status, 'open');
  assert.equal(sent.body.photo_id, photo.body.id);
  assert.equal((await as(MEMBER, 'GET', '/api/v1/me/feedback')).body.items[0].id, sent.body.id);

  // The district admin sees it (masked sender) among the open ones and answers it.
  const open = (await as(DISTRICT_ADMIN, 'GET', '/api/v1/feedback?status=open')).body.items;
  const listed = open.find((f) => f.id === sent.body.id);
  assert.ok(listed, 'the district admin sees feedback from its district');
  assert.equal(listed.member_name, '陈*梅');
  assert.match(listed.member_phone, /\*/);
  assert.equal((await as(DISTRICT_ADMIN, 'POST', `/api/v1/feedback/${sent.body.id}/answer`, { answer: '  ' })).body.error.code, 'required');
  const answered = await as(DISTRICT_ADMIN, 'POST', `/api/v1/feedback/${sent.body.id}/answer`, { answer: '已安排周六加场，欢迎报名。' });
  assert.equal(answered.status, 200, answered.text);
  assert.equal(answered.body.status, 'answered');
  const again = await as(PLATFORM_ADMIN, 'POST', `/api/v1/feedback/${sent.body.id}/answer`, { answer: '再答一次' });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'already_answered');
  const mine = (await as(MEMBER, 'GET', '/api/v1/me/feedback')).body.items[0];
  assert.equal(mine.answer, '已安排周六加场，欢迎报名。');
  assert.equal(mine.status, 'answered');
  assert.ok(mine.answered_at);
  assert.equal((await as(DISTRICT_ADMIN, 'GET', '/api/v1/feedback?status=answered')).body.items[0].id, sent.body.id);
  assert.equal((await as(DISTRICT_ADMIN, 'GET', '/api/v1/feedback?status=closed')).status, 400);
  const audit = (await as(PLATFORM_ADMIN, 'GET', '/api/v1/audit?action=feedback.answer')).body.items;
  assert.equal(audit[0].target_id, sent.body.id);
});

// Every attempt that reaches the check counts, refused ones too: the earlier test made 4 (an
// empty body is refused before it), one of them accepted.
test('feedback is limited to 10 attempts a day per member', async () => {
  let limited = null;
  let accepted = 0;
  for (let i = 0; i < 11 && !limited; i += 1) {
    const response = await as(MEMBER, 'POST', '/api/v1/me/feedback', { body: `第${i}条意见：请多组织活动` });
    if (response.status === 429) limited = response;
    else {
      assert.equal(response.status, 201, response.text);
      accepted += 1;
    }
  }
  assert.ok(limited, 'sending is refused within the day');
  assert.equal(accepted, 6, 'ten attempts in all: four in the earlier test, six here');
  assert.equal(limited.body.error.code, 'rate_limited');
  assert.ok(limited.headers.get('retry-after'));
  assert.equal((await as(MEMBER, 'GET', '/api/v1/me/feedback')).body.items.length, 7);
});

test('the hotline is 12351 until the platform admin sets another', async () => {
  assert.equal((await as(MEMBER, 'GET', '/api/v1/settings/hotline')).body.hotline, '12351');
  assert.equal((await as(DISTRICT_ADMIN, 'PUT', '/api/v1/settings/hotline', { hotline: '0571-12351' })).status, 403);
  for (const hotline of ['12', 'abc12351', '-12351', '1'.repeat(21)]) {
    const refused = await as(PLATFORM_ADMIN, 'PUT', '/api/v1/settings/hotline', { hotline });
    assert.equal(refused.status, 400, hotline);
    assert.equal(refused.body.error.code, 'invalid_hotline');
  }
  const set = await as(PLATFORM_ADMIN, 'PUT', '/api/v1/settings/hotline', { hotline: '0571-12351' });
  assert.equal(set.status, 200, set.text);
  assert.equal((await as(MEMBER, 'GET', '/api/v1/settings/hotline')).body.hotline, '0571-12351');
  assert.equal((await as(PLATFORM_ADMIN, 'PUT', '/api/v1/settings/hotline', { hotline: '12351' })).status, 200);
});
