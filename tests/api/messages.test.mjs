// Messages over HTTP with the demo data: events become messages (a points grant, a lottery
// draw, an expiring voucher, a campaign opening a member asked about, a decided merchant
// application, tomorrow's booking), each once; unread counts and reading; one member never
// sees another's; admins' notices with their preview, reach and read count; bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, demoTokens } from './harness.mjs';

let server;
const tokenOf = demoTokens(() => server);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const MEMBER = '13900000001';
const OTHER = '13900000002';
const ADMIN = '13800000000';
const DISTRICT = '13800000001';
let keys = 0;
const key = () => `messages-test-${keys++}`;

before(async () => { server = await startServer({ demo: true, args: ['--message-sweep-ms', '200'] }); });
after(async () => { await server.stop(); });

async function as(phone, method, path, json, headers = {}) {
  return request(server, method, path, { token: await tokenOf(phone), json, headers });
}
async function messages(phone, query = '') {
  const response = await as(phone, 'GET', `/api/v1/me/messages?limit=100${query}`);
  assert.equal(response.status, 200, response.text);
  return response.body.items;
}
async function unread(phone) {
  const response = await as(phone, 'GET', '/api/v1/me/messages/unread-count');
  assert.equal(response.status, 200, response.text);
  return response.body.unread;
}
async function memberId(phone) {
  return (await as(phone, 'GET', '/api/v1/me/points')).body.member_id;
}
// Waits until `find` over the member's messages answers something (the runner sweeps every 200 ms).
async function waitFor(phone, find, what) {
  for (let i = 0; i < 50; i += 1) {
    const found = (await messages(phone)).filter(find);
    if (found.length) return found;
    await sleep(200);
  }
  assert.fail(`no message: ${what}`);
}
async function campaign(json) {
  const created = await as(ADMIN, 'POST', '/api/v1/campaigns', { points_cost: 0, per_member_limit: 1, ...json });
  assert.equal(created.status, 201, created.text);
  const published = await as(ADMIN, 'POST', `/api/v1/campaigns/${created.body.id}/publish`);
  assert.equal(published.status, 200, published.text);
  return published.body;
}

test('a points grant tells each member who gave how many points and why, once', async () => {
  const member = await memberId(MEMBER);
  const other = await memberId(OTHER);
  const before = await unread(MEMBER);
  const body = { member_ids: [member, other], amount: 7, reason: '消息中心测试' };
  const headers = { 'idempotency-key': 'messages-grant' };
  const granted = await as(ADMIN, 'POST', '/api/v1/points/grants', body, headers);
  assert.equal(granted.status, 201, granted.text);
  const again = await as(ADMIN, 'POST', '/api/v1/points/grants', body, headers);
  assert.equal(again.body.id, granted.body.id);

  const mine = (await messages(MEMBER)).filter((m) => m.body.includes('消息中心测试'));
  assert.equal(mine.length, 1, 'one message for one grant, however often it is sent');
  const [message] = mine;
  assert.equal(message.kind, 'points');
  assert.equal(message.title, '收到积分');
  assert.match(message.body, /7 积分/);
  assert.match(message.body, /总工会/, 'says which union granted');
  assert.equal(message.link, '/me/points');
  assert.equal(message.read, false);
  assert.equal(await unread(MEMBER), before + 1);
  assert.equal((await messages(MEMBER))[0].id, message.id, 'newest first');

  const read = await as(MEMBER, 'POST', `/api/v1/me/messages/${message.id}/read`);
  assert.equal(read.status, 200, read.text);
  assert.equal(read.body.read, true);
  assert.ok(read.body.read_at);
  assert.equal(await unread(MEMBER), before);
  assert.ok(!(await messages(MEMBER, '&unread=true')).some((m) => m.id === message.id), 'unread filter leaves it out');
  // Reading again changes nothing.
  assert.equal((await as(MEMBER, 'POST', `/api/v1/me/messages/${message.id}/read`)).body.read_at, read.body.read_at);
});

test('one member never sees or reads another member\'s messages', async () => {
  const others = await messages(OTHER);
  const theirs = others.find((m) => m.body.includes('消息中心测试'));
  assert.ok(theirs, 'the other member has their own grant message');
  const mine = await messages(MEMBER);
  assert.ok(!mine.some((m) => m.id === theirs.id));
  const foreign = await as(MEMBER, 'POST', `/api/v1/me/messages/${theirs.id}/read`);
  assert.equal(foreign.status, 404);
  assert.equal((await messages(OTHER)).find((m) => m.id === theirs.id).read, false, 'still unread for its owner');

  // Reading all is the caller's own messages only.
  const otherUnread = await unread(OTHER);
  const all = await as(MEMBER, 'POST', '/api/v1/me/messages/read-all');
  assert.equal(all.status, 200, all.text);
  assert.equal(await unread(MEMBER), 0);
  assert.equal(await unread(OTHER), otherUnread);
  // Admins have no messages of their own.
  assert.equal((await as(ADMIN, 'GET', '/api/v1/me/messages')).status, 403);
});

test('a lottery draw tells every entrant whether they won', async () => {
  const now = Date.now();
  const lottery = await campaign({
    kind: 'lottery', title: '消息测试抽奖', opens_at: new Date(now - 60000).toISOString(),
    closes_at: new Date(now + 2500).toISOString(), beacon_source: 'test', points_cost: 1,
    prizes: [{ tier: 1, name: '消息测试奖品', quantity: 1, value_fen: 100 }],
  });
  for (const phone of [MEMBER, OTHER]) {
    const entered = await as(phone, 'POST', `/api/v1/campaigns/${lottery.id}/entries`, { tickets: 1 }, { 'idempotency-key': key() });
    assert.equal(entered.status, 201, entered.text);
  }
  await sleep(Math.max(0, now + 2700 - Date.now()));
  const drawn = await as(ADMIN, 'POST', `/api/v1/campaigns/${lottery.id}/draw`, { beacon_value: 'messages' });
  assert.equal(drawn.status, 200, drawn.text);
  const results = [];
  for (const phone of [MEMBER, OTHER]) {
    const got = (await messages(phone)).filter((m) => m.kind === 'lottery_result' && m.body.includes('消息测试抽奖'));
    assert.equal(got.length, 1, `${phone} is told once`);
    results.push(got[0]);
  }
  const won = results.filter((m) => m.title === '恭喜中奖');
  assert.equal(won.length, 1, 'one prize, one winner');
  assert.match(won[0].body, /消息测试奖品/);
  assert.equal(won[0].link, '/me/vouchers');
  const lost = results.find((m) => m.title !== '恭喜中奖');
  assert.match(lost.body, /未中奖/);
  assert.equal(lost.link, `/campaigns/${lottery.id}`);
});

test('a voucher expiring within three days is warned of once', async () => {
  const claim = await campaign({
    kind: 'claim', title: '消息测试领取', opens_at: new Date(Date.now() - 60000).toISOString(),
    closes_at: new Date(Date.now() + 86400000).toISOString(), voucher_valid_days: 1,
    prizes: [{ tier: 1, name: '一日券', quantity: 5, value_fen: 100 }],
  });
  const claimed = await as(MEMBER, 'POST', `/api/v1/campaigns/${claim.id}/entries`, {}, { 'idempotency-key': key() });
  assert.equal(claimed.status, 201, claimed.text);
  const warned = await waitFor(MEMBER, (m) => m.kind === 'voucher_expiring' && m.body.includes('一日券'), 'voucher expiring');
  assert.equal(warned.length, 1);
  assert.equal(warned[0].link, '/me/vouchers');
  await sleep(600);  // three more sweeps
  assert.equal((await messages(MEMBER)).filter((m) => m.kind === 'voucher_expiring' && m.body.includes('一日券')).length, 1);
});

test('开始提醒: a member asks to be told, and is told once when the campaign opens', async () => {
  const opensAt = Date.now() + 3000;
  const upcoming = await campaign({
    kind: 'claim', title: '消息测试提醒', opens_at: new Date(opensAt).toISOString(),
    closes_at: new Date(opensAt + 86400000).toISOString(), prizes: [{ tier: 1, name: '提醒礼包', quantity: 5, value_fen: 100 }],
  });
  const path = `/api/v1/campaigns/${upcoming.id}/reminder`;
  assert.deepEqual((await as(MEMBER, 'GET', path)).body, { reminded: false });
  assert.deepEqual((await as(MEMBER, 'PUT', path)).body, { reminded: true });
  assert.deepEqual((await as(MEMBER, 'PUT', path)).body, { reminded: true }, 'asking twice is asking once');
  assert.deepEqual((await as(MEMBER, 'GET', path)).body, { reminded: true });
  assert.deepEqual((await as(OTHER, 'GET', path)).body, { reminded: false }, 'each member asks for themself');
  assert.deepEqual((await as(MEMBER, 'DELETE', path)).body, { reminded: false });
  assert.deepEqual((await as(MEMBER, 'PUT', path)).body, { reminded: true });

  const told = await waitFor(MEMBER, (m) => m.kind === 'campaign_opening' && m.body.includes('消息测试提醒'), 'campaign opening');
  assert.equal(told.length, 1);
  assert.equal(told[0].link, `/campaigns/${upcoming.id}`);
  assert.ok(!(await messages(OTHER)).some((m) => m.body.includes('消息测试提醒')), 'only who asked is told');
  assert.deepEqual((await as(MEMBER, 'GET', path)).body, { reminded: false }, 'the reminder is used up');
  const open = await as(MEMBER, 'PUT', path);
  assert.deepEqual([open.status, open.body.error.code], [409, 'already_open']);
  assert.equal((await as(MEMBER, 'PUT', '/api/v1/campaigns/123456/reminder')).status, 404);
});

test('a decided merchant application tells the applicant when they are a member', async () => {
  const applied = await request(server, 'POST', '/api/v1/merchant-applications', {
    json: {
      name: '消息测试农场', category: 'farm', address: '测试村2号', lat: 30.3, lng: 120.2,
      contact_name: '陈晓梅', phone: MEMBER, licence_no: '91330100MA2BBBBB1', description: '测试', org_id: (await as(DISTRICT, 'GET', '/api/v1/me')).body.account.roles[0].org_id,
    },
  });
  assert.equal(applied.status, 201, applied.text);
  const rejected = await as(DISTRICT, 'POST', `/api/v1/merchant-applications/${applied.body.id}/reject`, { reason: '资料不全' });
  assert.equal(rejected.status, 200, rejected.text);
  const told = (await messages(MEMBER)).filter((m) => m.kind === 'application_status' && m.body.includes('消息测试农场'));
  assert.equal(told.length, 1);
  assert.match(told[0].body, /未通过.*资料不全/);
});

test('tomorrow\'s booking is reminded from 18:00 Beijing time the day before', async () => {
  const beijing = new Date(Date.now() + 8 * 3600000);
  const tomorrow = Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth(), beijing.getUTCDate() + 1, 2, 0); // 10:00 Beijing
  const booking = await campaign({
    kind: 'booking', title: '消息测试预约', opens_at: new Date(Date.now() - 60000).toISOString(),
    closes_at: new Date(tomorrow).toISOString(), prizes: [{ tier: 1, name: '入园券', quantity: 5, value_fen: 100 }],
    slots: [{ starts_at: new Date(tomorrow).toISOString(), ends_at: new Date(tomorrow + 7200000).toISOString(), capacity: 5 }],
  });
  const booked = await as(MEMBER, 'POST', `/api/v1/campaigns/${booking.id}/entries`, { slot_id: booking.slots[0].id }, { 'idempotency-key': key() });
  assert.equal(booked.status, 201, booked.text);
  const find = (m) => m.kind === 'booking_reminder' && m.body.includes('消息测试预约');
  if (beijing.getUTCHours() >= 18) {
    const reminded = await waitFor(MEMBER, find, 'booking reminder');
    assert.equal(reminded.length, 1);
    assert.equal(reminded[0].link, `/campaigns/${booking.id}`);
  } else {
    await sleep(600);
    assert.equal((await messages(MEMBER)).filter(find).length, 0, 'not before 18:00 the day before');
  }
});

test('a notice: preview counts the subtree, sending reaches each active member once, reads are counted', async () => {
  const me = (await as(DISTRICT, 'GET', '/api/v1/me')).body;
  const district = me.account.roles.find((r) => r.role === 'org_admin').org_id;
  let active = 0;
  for (let cursor = ''; ;) {
    const page = (await as(DISTRICT, 'GET', `/api/v1/members?org_id=${district}&status=active&limit=500${cursor}`)).body;
    active += page.items.length;
    if (!page.next_cursor) break;
    cursor = `&cursor=${page.next_cursor}`;
  }
  const body = { org_id: district, title: '江北区通知', body: '本周六工会活动室开放。', link: '/campaigns' };
  const preview = await as(DISTRICT, 'POST', '/api/v1/notices/preview', body);
  assert.equal(preview.status, 200, preview.text);
  assert.equal(preview.body.recipients, active);

  const headers = { 'idempotency-key': 'notice-1' };
  const sent = await as(DISTRICT, 'POST', '/api/v1/notices', body, headers);
  assert.equal(sent.status, 201, sent.text);
  assert.deepEqual([sent.body.status, sent.body.recipients, sent.body.delivered, sent.body.read], ['done', active, active, 0]);
  const again = await as(DISTRICT, 'POST', '/api/v1/notices', body, headers);
  assert.equal(again.body.id, sent.body.id);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  const changed = await as(DISTRICT, 'POST', '/api/v1/notices', { ...body, title: '另一条' }, headers);
  assert.deepEqual([changed.status, changed.body.error.code], [409, 'idempotency_conflict']);

  const got = (await messages(MEMBER)).filter((m) => m.kind === 'notice' && m.title === '江北区通知');
  assert.equal(got.length, 1, 'once, though sent twice');
  assert.equal(got[0].body, body.body);
  assert.equal(got[0].link, '/campaigns');
  assert.equal((await as(MEMBER, 'POST', `/api/v1/me/messages/${got[0].id}/read`)).status, 200);
  const read = await as(DISTRICT, 'GET', `/api/v1/notices/${sent.body.id}`);
  assert.equal(read.body.read, 1);
  const listed = (await as(DISTRICT, 'GET', '/api/v1/notices')).body.items;
  assert.equal(listed[0].id, sent.body.id);
  assert.equal(listed[0].read, 1);
  const audit = (await as(ADMIN, 'GET', '/api/v1/audit?action=message.notice')).body.items;
  assert.ok(audit.some((e) => e.target_id === sent.body.id), 'audited');
  // The platform admin sees it (inside the federation); the notice was not sent outside 江北区.
  assert.equal((await as(ADMIN, 'GET', `/api/v1/notices/${sent.body.id}`)).status, 200);
});

test('notices refuse bad input and unions outside the admin\'s scope, and send nothing', async () => {
  const orgs = (await as(ADMIN, 'GET', '/api/v1/orgs')).body.items;
  const foreign = orgs.find((o) => o.name === '城南区总工会');
  const good = { title: '通知', body: '内容' };
  const cases = [
    [{ ...good, title: '' }, 400, 'title'],
    [{ ...good, body: undefined }, 400, 'body'],
    [{ ...good, title: 'x'.repeat(101) }, 400, 'title'],
    [{ ...good, link: 'https://example.com/' }, 400, 'link'],
    [{ ...good, link: '//example.com/' }, 400, 'link'],
    [{ ...good, org_id: 'abc' }, 400, 'org_id'],
    [{ ...good, org_id: '123456' }, 400, 'org_id'],
  ];
  const before = (await as(DISTRICT, 'GET', '/api/v1/notices')).body.items.length;
  for (const [json, status, field] of cases) {
    for (const path of ['/api/v1/notices', '/api/v1/notices/preview']) {
      const response = await as(DISTRICT, 'POST', path, json, { 'idempotency-key': key() });
      assert.deepEqual([response.status, response.body.error.field], [status, field], `${path} ${JSON.stringify(json)}: ${response.text}`);
    }
  }
  const outside = await as(DISTRICT, 'POST', '/api/v1/notices', { ...good, org_id: foreign.id }, { 'idempotency-key': key() });
  assert.equal(outside.status, 403);
  assert.equal((await as(DISTRICT, 'POST', '/api/v1/notices/preview', { ...good, org_id: foreign.id })).status, 403);
  const noKey = await as(DISTRICT, 'POST', '/api/v1/notices', good);
  assert.deepEqual([noKey.status, noKey.body.error.code], [400, 'idempotency_key_required']);
  assert.equal((await as(DISTRICT, 'GET', '/api/v1/notices')).body.items.length, before);
  assert.equal((await as(MEMBER, 'POST', '/api/v1/notices/preview', good)).status, 403);
});

test('bad paging and ids are refused', async () => {
  assert.equal((await as(MEMBER, 'GET', '/api/v1/me/messages?unread=maybe')).status, 400);
  assert.equal((await as(MEMBER, 'GET', '/api/v1/me/messages?limit=0')).status, 400);
  assert.equal((await as(MEMBER, 'GET', '/api/v1/me/messages?limit=101')).status, 400);
  assert.equal((await as(MEMBER, 'POST', '/api/v1/me/messages/abc/read')).status, 404);
  assert.equal((await as(MEMBER, 'POST', '/api/v1/me/messages/123456/read')).status, 404);
  // Paging newest first with a cursor.
  const first = await as(MEMBER, 'GET', '/api/v1/me/messages?limit=1');
  assert.equal(first.body.items.length, 1);
  const second = await as(MEMBER, 'GET', `/api/v1/me/messages?limit=1&cursor=${first.body.next_cursor}`);
  assert.ok(BigInt(second.body.items[0].id) < BigInt(first.body.items[0].id));
});
