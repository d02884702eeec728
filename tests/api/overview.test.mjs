// The admin overview over HTTP: the to-do figures of the demo for the platform admin and the
// district admin, each held to their own subtree, and how they follow what happens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, demoTokens } from './harness.mjs';

let server;
const tokenFor = demoTokens(() => server);
const PLATFORM = '13800000000';
const DISTRICT = '13800000001'; // org admin of 江北区总工会
const MEMBER = '13900000001'; // 陈晓梅, 江北区
const CHENGNAN_MEMBER = '13900000005'; // a member of 城南区, holding the demo's 200 points
const STAFF = '13700000001'; // 阳光葡萄采摘园

// 200 points to each of the 668 members of 城南区 and 664 of 高新区, from the federation.
const DEMO_GRANTED = 200 * (668 + 664);

before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server.stop(); });

async function overview(phone) {
  const response = await request(server, 'GET', '/api/v1/overview', { token: await tokenFor(phone) });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

const names = (list) => list.items.map((item) => item.name);

test('the demo overview of the platform admin and of the district admin', async () => {
  const platform = await overview(PLATFORM);
  assert.equal(platform.org_name, '示范市总工会');
  assert.deepEqual([platform.expiring_days, platform.closing_days], [30, 7]);
  assert.deepEqual(platform.pending_applications, { count: 0, items: [] });
  // 绿源草莓园's contract ends in 20 days, five shops' in 25; the rest run for a year.
  assert.equal(platform.expiring_contracts.count, 6);
  assert.deepEqual(names(platform.expiring_contracts), ['绿源草莓园', '江北鲜果超市1号店', '长江生鲜店2号店', '滨江餐厅3号店', '高新面馆5号店']);
  const ends = platform.expiring_contracts.items.map((item) => Date.parse(item.at));
  assert.ok(ends[0] > Date.now() + 19 * 86400000 && ends[0] < Date.now() + 21 * 86400000, 'the 20-day contract ends in 20 days');
  assert.deepEqual(platform.redemptions_today, { count: 0, items: [] });
  // The booking closes in 4 days, the points lottery and the claim in 7; the drawn one is over.
  assert.equal(platform.closing_campaigns.count, 3);
  assert.deepEqual(names(platform.closing_campaigns), ['萄你欢心·阳光葡萄采摘预约', '萄你欢心·葡萄采摘抽奖', '蔬送美好·时令蔬菜限量领']);
  assert.deepEqual(platform.closing_campaigns.items.map((item) => item.detail), ['booking', 'lottery', 'claim']);
  assert.deepEqual(platform.points_budget, { budget: null, used: DEMO_GRANTED, issued_this_year: DEMO_GRANTED });

  // 江北区 signed no merchant, organised no campaign and granted no points yet.
  const district = await overview(DISTRICT);
  assert.equal(district.org_name, '江北区总工会');
  for (const list of ['pending_applications', 'expiring_contracts', 'redemptions_today', 'closing_campaigns']) {
    assert.deepEqual(district[list], { count: 0, items: [] }, list);
  }
  assert.deepEqual(district.points_budget, { budget: null, used: 0, issued_this_year: 0 });
});

test('only admins read an overview', async () => {
  assert.equal((await request(server, 'GET', '/api/v1/overview')).status, 401);
  assert.equal((await request(server, 'GET', '/api/v1/overview', { token: await tokenFor(MEMBER) })).status, 403);
  assert.equal((await request(server, 'GET', '/api/v1/overview', { token: await tokenFor(STAFF) })).status, 403);
});

test('the overview follows applications, budgets, campaigns and redemptions, each in its subtree', async () => {
  const platformToken = await tokenFor(PLATFORM);
  const districtToken = await tokenFor(DISTRICT);
  const before = await overview(PLATFORM);
  const orgs = (await request(server, 'GET', '/api/v1/orgs', { token: platformToken })).body.items;
  const jiangbei = orgs.find((o) => o.name === '江北区总工会');

  // An application to 江北区 waits for both admins.
  const applied = await request(server, 'POST', '/api/v1/merchant-applications', {
    json: {
      org_id: jiangbei.id, name: '幸福蓝莓农场', category: 'farm', address: '江北区幸福村1号', lat: 30.3, lng: 120.2,
      contact_name: '李场长', phone: '13912345678', licence_no: '91330100MA2AAAAA1',
    },
  });
  assert.equal(applied.status, 201, applied.text);
  // A budget for 江北区, set from above.
  const budget = await request(server, 'PUT', `/api/v1/orgs/${jiangbei.id}/points/budget`, {
    token: platformToken, json: { budget: 50000 }, headers: { 'idempotency-key': 'overview-budget' },
  });
  assert.equal(budget.status, 200, budget.text);
  // A campaign of 江北区 closing in two days, and a draft, which waits for no one.
  const now = Date.now();
  const campaign = {
    kind: 'claim', title: '江北职工送清凉', opens_at: new Date(now).toISOString(), closes_at: new Date(now + 2 * 86400000).toISOString(),
    prizes: [{ tier: 1, name: '绿豆汤礼盒', quantity: 5, value_fen: 3000 }],
  };
  const created = await request(server, 'POST', '/api/v1/campaigns', { token: districtToken, json: campaign });
  assert.equal(created.status, 201, created.text);
  const published = await request(server, 'POST', `/api/v1/campaigns/${created.body.id}/publish`, { token: districtToken });
  assert.equal(published.status, 200, published.text);
  const draft = await request(server, 'POST', '/api/v1/campaigns', { token: districtToken, json: { ...campaign, title: '草稿活动' } });
  assert.equal(draft.status, 201, draft.text);
  // A member of 城南区 books the federation's grape picking and is let in at the orchard.
  const bookingId = before.closing_campaigns.items.find((item) => item.detail === 'booking').id;
  const member = await tokenFor(CHENGNAN_MEMBER);
  const booking = (await request(server, 'GET', `/api/v1/campaigns/${bookingId}`, { token: member })).body;
  const slot = booking.slots.find((candidate) => candidate.remaining > 0);
  const claimed = await request(server, 'POST', `/api/v1/campaigns/${bookingId}/entries`, { token: member, json: { slot_id: slot.id }, headers: { 'idempotency-key': 'overview-claim' } });
  assert.equal(claimed.status, 201, claimed.text);
  const voucher = (await request(server, 'GET', '/api/v1/me/vouchers', { token: member })).body.items.find((v) => v.campaign_id === bookingId);
  const redeemed = await request(server, 'POST', '/api/v1/vouchers/redeem', { token: await tokenFor(STAFF), json: { code: voucher.code } });
  assert.equal(redeemed.status, 200, redeemed.text);

  const district = await overview(DISTRICT);
  assert.equal(district.pending_applications.count, 1);
  assert.deepEqual(names(district.pending_applications), ['幸福蓝莓农场']);
  assert.deepEqual(district.closing_campaigns.items.map((item) => [item.id, item.name, item.detail]), [[created.body.id, '江北职工送清凉', 'claim']]);
  assert.equal(district.closing_campaigns.count, 1);
  assert.deepEqual(district.redemptions_today, { count: 0, items: [] }, 'the federation\'s campaign is not 江北区\'s');
  assert.deepEqual(district.points_budget, { budget: 50000, used: 0, issued_this_year: 0 });

  const platform = await overview(PLATFORM);
  assert.equal(platform.pending_applications.count, 1);
  assert.equal(platform.closing_campaigns.count, 4);
  assert.equal(platform.closing_campaigns.items[0].name, '江北职工送清凉', 'soonest first');
  assert.equal(platform.redemptions_today.count, 1);
  assert.deepEqual(platform.redemptions_today.items.map((item) => [item.id, item.name, item.detail]), [[voucher.id, '葡萄采摘入园券', '阳光葡萄采摘园']]);
  assert.deepEqual(platform.points_budget, before.points_budget, 'a booking spends points; it issues none');
});
