// Campaigns as unions run them, over HTTP with the demo data: prizes name where their produce
// comes from (a merchant's catalogue product, or a farm that is not signed), several
// purchases fund one campaign with portions compared per connected set, an admin closes a
// lottery early, and a merchant names the platform it is listed on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request } from './harness.mjs';

let server;
let key = 0;
const tokens = {};
async function login(phone) {
  const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone, password: 'gonghui-demo' } });
  assert.equal(response.status, 200, response.text);
  return response.body.token;
}
const post = (who, path, json) =>
  request(server, 'POST', path, { token: tokens[who], json, headers: { 'idempotency-key': `funding-${key++}` } });

before(async () => {
  server = await startServer({ demo: true });
  tokens.platform = await login('13800000000');
  tokens.district = await login('13800000001');
  tokens.staff = await login('13700000001');
});
after(async () => { await server.stop(); });

function window(ms = 86400000) {
  const now = Date.now();
  return { opens_at: new Date(now - 60000).toISOString(), closes_at: new Date(now + ms).toISOString() };
}

test('a prize takes its produce from its merchant\'s product, or names a farm and its produce', async () => {
  const orchard = (await request(server, 'GET', '/api/v1/me/merchant', { token: tokens.staff })).body;
  const product = orchard.products[0];
  const merchants = (await request(server, 'GET', '/api/v1/merchants?limit=100', { token: tokens.platform })).body.items;
  const other = merchants.find((m) => m.id !== orchard.id && m.category === 'orchard');
  const campaign = (prizes) => post('platform', '/api/v1/campaigns', { kind: 'lottery', title: '产地直供', ...window(), prizes });
  const made = await campaign([{ name: '采摘券', quantity: 2, merchant_id: orchard.id, product_id: product.id }]);
  assert.equal(made.status, 201, made.text);
  assert.equal(made.body.prizes[0].produce_name, product.name);
  assert.equal(made.body.prizes[0].produce_kind, product.kind);
  assert.equal(made.body.prizes[0].supplier_name, orchard.name);

  for (const [prize, code, field] of [
    [{ merchant_id: other.id, product_id: product.id }, 'product_not_of_merchant', 'prizes[0].product_id'],
    [{ product_id: product.id }, 'product_not_of_merchant', 'prizes[0].product_id'],
    [{ merchant_id: orchard.id, product_id: '4242424242' }, 'unknown_product', 'prizes[0].product_id'],
    [{ supplier_name: '赣州脐橙合作社', produce_kind: 'flowers' }, 'invalid_kind', 'prizes[0].produce_kind'],
    [{ produce_name: '橙'.repeat(41) }, 'too_long', 'prizes[0].produce_name'],
  ]) {
    const refused = await campaign([{ name: '礼包', quantity: 1, ...prize }]);
    assert.equal(refused.status, 400, refused.text);
    assert.equal(refused.body.error.code, code);
    assert.equal(refused.body.error.field, field);
  }

  const farm = await campaign([{ name: '脐橙一箱', quantity: 3, supplier_name: '赣州脐橙合作社', produce_name: '脐橙', produce_kind: 'fruit' }]);
  assert.equal(farm.status, 201, farm.text);
  const read = (await request(server, 'GET', `/api/v1/campaigns/${farm.body.id}`, { token: tokens.platform })).body;
  assert.deepEqual(
    [read.prizes[0].supplier_name, read.prizes[0].produce_name, read.prizes[0].produce_kind, read.prizes[0].merchant_id],
    ['赣州脐橙合作社', '脐橙', 'fruit', null],
  );
});

test('an admin closes an open lottery early with a reason, and the draw follows as usual', async () => {
  const create = async (who, body) => {
    const made = await post(who, '/api/v1/campaigns', { title: '周末抽奖', ...window(), beacon_source: 'test beacon', prizes: [{ name: '葡萄一箱', quantity: 1 }], ...body });
    assert.equal(made.status, 201, made.text);
    const published = await post(who, `/api/v1/campaigns/${made.body.id}/publish`, {});
    assert.equal(published.status, 200, published.text);
    return made.body.id;
  };
  const lottery = await create('platform', { kind: 'lottery' });
  const claim = await create('platform', { kind: 'claim' });
  const close = (who, id, json) => post(who, `/api/v1/campaigns/${id}/close`, json);

  for (const [json, code] of [[{}, 'required'], [{ reason: '雨' }, 'out_of_range'], [{ reason: '因'.repeat(201) }, 'out_of_range']]) {
    const refused = await close('platform', lottery, json);
    assert.equal(refused.status, 400, refused.text);
    assert.equal(refused.body.error.code, code);
    assert.equal(refused.body.error.field, 'reason');
  }
  const notLottery = await close('platform', claim, { reason: '库存已送完' });
  assert.equal(notLottery.status, 409);
  assert.equal(notLottery.body.error.code, 'not_a_lottery');
  // The federation's lottery is outside the district admin's subtree.
  const outside = await close('district', lottery, { reason: '天气原因' });
  assert.equal(outside.status, 403, outside.text);
  const still = (await request(server, 'GET', `/api/v1/campaigns/${lottery}`, { token: tokens.platform })).body;
  assert.equal(still.status, 'open');

  const before = Date.now();
  const closed = await close('platform', lottery, { reason: '果园遇暴雨，提前截止' });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.body.status, 'closed');
  assert.ok(Math.abs(Date.parse(closed.body.closes_at) - before) < 5000, closed.body.closes_at);
  const again = await close('platform', lottery, { reason: '再次截止' });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'not_open');

  const audit = (await request(server, 'GET', `/api/v1/audit?limit=20`, { token: tokens.platform })).body.items;
  const entry = audit.find((a) => a.action === 'campaign.close_early' && a.target_id === lottery);
  assert.ok(entry, 'the close is audited');
  assert.match(JSON.stringify(entry.after), /果园遇暴雨/);

  const drawn = await post('platform', `/api/v1/campaigns/${lottery}/draw`, { beacon_value: 'beacon-after-early-close' });
  assert.equal(drawn.status, 200, drawn.text);
  assert.equal(drawn.body.status, 'drawn');
});

test('several purchases fund a campaign, portions compared over the set they form', async () => {
  const me = (await request(server, 'GET', '/api/v1/me', { token: tokens.district })).body;
  const district = me.account.roles.find((r) => r.role === 'org_admin').org_id;
  const campaign = async (quantity) => {
    const made = await post('district', '/api/v1/campaigns', { kind: 'distribution', title: '助农分发', ...window(), prizes: [{ name: '草莓一盒', quantity }] });
    assert.equal(made.status, 201, made.text);
    return made.body.id;
  };
  const c1 = await campaign(5);
  const c2 = await campaign(3);
  const buy = (body) => post('district', '/api/v1/purchases', {
    org_id: district, supplier_name: '绿源草莓园', product_name: '红颜草莓', product_kind: 'fruit',
    unit: '盒', unit_price_fen: 100, purchased_on: '2029-05-01', ...body, total_fen: body.quantity * 100,
  });
  const a = await buy({ quantity: 5, campaign_ids: [c1] });
  assert.equal(a.status, 201, a.text);
  // c1 is funded already; a second purchase funds it too, and c2: 5 + 3 handed out from 5 + 2.
  const short = await buy({ quantity: 2, campaign_ids: [c1, c2] });
  assert.equal(short.status, 409, short.text);
  assert.equal(short.body.error.code, 'exceeds_purchase');
  assert.equal(short.body.error.field, 'campaign_ids');
  const b = await buy({ quantity: 3, campaign_ids: [c1, c2] });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.body.handed_out, 8);

  // A purchase by weight states how many portions it makes before it funds a campaign.
  const byWeight = await buy({ quantity: 10, unit: '斤', campaign_ids: [c2] });
  assert.equal(byWeight.status, 400, byWeight.text);
  assert.equal(byWeight.body.error.code, 'portions_required');
  assert.equal(byWeight.body.error.field, 'portions');
  const c = await buy({ quantity: 10, unit: '斤', portions: 4, campaign_ids: [c2] });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.portions, 4);

  // Linking more: the set makes 12 portions and hands out 8, so 5 more are too many and 4 fit.
  const link = (purchase, ids) => post('district', `/api/v1/purchases/${purchase}/campaigns`, { campaign_ids: ids });
  const five = await campaign(5);
  const tooMany = await link(c.body.id, [five]);
  assert.equal(tooMany.status, 409, tooMany.text);
  assert.equal(tooMany.body.error.code, 'exceeds_purchase');
  const four = await campaign(4);
  const linked = await link(c.body.id, [four]);
  assert.equal(linked.status, 200, linked.text);
  assert.deepEqual(linked.body.campaign_ids.sort(), [c2, four].sort());
  const twice = await link(c.body.id, [four]);
  assert.equal(twice.status, 409);
  assert.equal(twice.body.error.code, 'already_linked');
  const none = await link(c.body.id, []);
  assert.equal(none.status, 400);
  assert.equal(none.body.error.field, 'campaign_ids');

  const listed = (await request(server, 'GET', `/api/v1/purchases?org_id=${district}&from=2029-05-01&to=2029-05-02`, { token: tokens.district })).body.items;
  assert.equal(listed.length, 3);
  assert.deepEqual(listed.find((p) => p.id === a.body.id).campaign_ids, [c1]);
});

test('a merchant names the platform it is listed on, the demo orchards 海州采摘', async () => {
  const orchard = (await request(server, 'GET', '/api/v1/me/merchant', { token: tokens.staff })).body;
  assert.equal(orchard.platform, '海州采摘');
  const edit = (platform) => request(server, 'PATCH', `/api/v1/merchants/${orchard.id}`, { token: tokens.staff, json: { platform } });
  const tooLong = await edit('平'.repeat(31));
  assert.equal(tooLong.status, 400, tooLong.text);
  assert.equal(tooLong.body.error.field, 'platform');
  const edited = await edit('城市果园');
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.body.platform, '城市果园');
  const read = (await request(server, 'GET', `/api/v1/merchants/${orchard.id}`, { token: tokens.platform })).body;
  assert.equal(read.platform, '城市果园');
  const restored = await edit('海州采摘');
  assert.equal(restored.status, 200, restored.text);
});
