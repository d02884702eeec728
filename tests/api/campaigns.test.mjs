// Campaigns over HTTP with the demo data: create → publish → enter (idempotent) → draw →
// public audit bundle → `gonghui verify-draw` → voucher QR → redeem once at the orchard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, request, runCli } from './harness.mjs';

let server;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function login(phone) {
  const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone, password: 'gonghui-demo' } });
  assert.equal(response.status, 200, response.text);
  return response.body.token;
}

before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server.stop(); });

test('a lottery from creation to redemption, verified from its public bundle', async () => {
  const admin = await login('13800000000');
  const member = await login('13900000001');
  const staff = await login('13700000001');
  const orchard = (await request(server, 'GET', '/api/v1/me/merchant', { token: staff })).body;
  assert.ok(orchard.id, 'staff see their merchant');
  const memberId = (await request(server, 'GET', '/api/v1/me/points', { token: member })).body.member_id;
  const granted = await request(server, 'POST', '/api/v1/points/grants', {
    token: admin, headers: { 'idempotency-key': 'campaign-test-grant' },
    json: { member_ids: [memberId], amount: 100, reason: '活动测试' },
  });
  assert.equal(granted.status, 201, granted.text);
  const before = (await request(server, 'GET', '/api/v1/me/points', { token: member })).body.balance;

  const now = Date.now();
  const created = await request(server, 'POST', '/api/v1/campaigns', {
    token: admin,
    json: {
      kind: 'lottery', title: '瓜分幸福', brand: '连工助农', tags: ['助农'],
      opens_at: new Date(now - 60000).toISOString(), closes_at: new Date(now + 2500).toISOString(),
      points_cost: 10, per_member_limit: 3, beacon_source: 'test beacon',
      prizes: [{ tier: 1, name: '葡萄采摘券', quantity: 1, value_fen: 6000, merchant_id: orchard.id }],
    },
  });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id;
  assert.equal(created.body.status, 'draft');
  const bad = await request(server, 'POST', '/api/v1/campaigns', { token: admin, json: { kind: 'lottery', title: 'x', opens_at: 'soon', closes_at: '2030-01-01', prizes: [] } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'opens_at');

  const published = await request(server, 'POST', `/api/v1/campaigns/${id}/publish`, { token: admin });
  assert.equal(published.status, 200, published.text);
  assert.match(published.body.commitment, /^[0-9a-f]{64}$/);
  assert.equal(published.body.status, 'open');
  const listed = await request(server, 'GET', '/api/v1/campaigns', { token: member });
  assert.ok(listed.body.items.some((c) => c.id === id && c.kind === 'lottery'));

  const enter = () => request(server, 'POST', `/api/v1/campaigns/${id}/entries`, { token: member, json: { tickets: 2 }, headers: { 'idempotency-key': 'enter-1' } });
  const first = await enter();
  assert.equal(first.status, 201, first.text);
  const again = await enter();
  assert.equal(again.body.id, first.body.id, 'a retried entry returns the first result');
  const tooMany = await request(server, 'POST', `/api/v1/campaigns/${id}/entries`, { token: member, json: { tickets: 2 } });
  assert.equal(tooMany.status, 409);
  assert.equal(tooMany.body.error.code, 'limit_reached');
  assert.equal((await request(server, 'GET', '/api/v1/me/points', { token: member })).body.balance, before - 20);
  const mine = await request(server, 'GET', `/api/v1/campaigns/${id}/my-entries`, { token: member });
  const ref = mine.body.items[0].member_ref;
  assert.match(ref, /^[0-9a-f]{16}$/);

  const early = await request(server, 'POST', `/api/v1/campaigns/${id}/draw`, { token: admin, json: { beacon_value: 'x' } });
  assert.equal(early.status, 409);
  assert.equal(early.body.error.code, 'not_closed');
  assert.equal((await request(server, 'GET', `/api/v1/campaigns/${id}/audit`)).status, 404);
  assert.equal((await request(server, 'GET', `/api/v1/campaigns/${id}/winners`, { token: member })).status, 404);
  await sleep(Math.max(0, now + 2600 - Date.now()));
  const drawn = await request(server, 'POST', `/api/v1/campaigns/${id}/draw`, { token: admin, json: { beacon_value: 'round 77: 5f2e' } });
  assert.equal(drawn.status, 200, drawn.text);
  assert.equal(drawn.body.status, 'drawn');

  const bundle = await request(server, 'GET', `/api/v1/campaigns/${id}/audit`);
  assert.equal(bundle.status, 200, bundle.text);
  assert.equal(bundle.body.algorithm, 'gonghui-draw-v1');
  assert.equal(bundle.body.commitment, published.body.commitment);
  assert.deepEqual(bundle.body.winners, [{ tier: 1, entry_id: first.body.id, member_ref: ref }]);
  // People see who won by prize and masked name and number, never the whole of either.
  const winners = await request(server, 'GET', `/api/v1/campaigns/${id}/winners`, { token: member });
  assert.equal(winners.status, 200, winners.text);
  assert.deepEqual(winners.body.items, [{ tier: 1, prize_name: '葡萄采摘券', name: '陈*梅', phone: '139****0001' }]);
  assert.equal((await request(server, 'GET', `/api/v1/campaigns/${id}/winners`)).status, 401);
  const dir = mkdtempSync(join(tmpdir(), 'gonghui-bundle-'));
  try {
    const file = join(dir, 'bundle.json');
    writeFileSync(file, bundle.text);
    const ok = runCli(['verify-draw', file]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.equal(ok.stdout.trim(), 'verified');
    writeFileSync(file, JSON.stringify({ ...bundle.body, beacon_value: 'another' }));
    const tampered = runCli(['verify-draw', file]);
    assert.equal(tampered.status, 1);
    assert.match(tampered.stdout, /seed does not match/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const vouchers = await request(server, 'GET', '/api/v1/me/vouchers', { token: member });
  const voucher = vouchers.body.items.find((v) => v.campaign_id === id);
  assert.equal(voucher.status, 'issued');
  assert.equal(voucher.merchant_id, orchard.id);
  const qr = await request(server, 'GET', `/api/v1/vouchers/${voucher.id}/qr.svg`, { token: member });
  assert.equal(qr.status, 200);
  assert.match(qr.headers.get('content-type'), /image\/svg\+xml/);
  assert.ok(qr.text.startsWith('<svg'));

  const forged = await request(server, 'POST', '/api/v1/vouchers/redeem', { token: staff, json: { token: voucher.token.slice(0, -4) + 'AAAA' } });
  assert.equal(forged.status, 400);
  assert.equal(forged.body.error.code, 'invalid_token');
  const redeemed = await request(server, 'POST', '/api/v1/vouchers/redeem', { token: staff, json: { token: voucher.token } });
  assert.equal(redeemed.status, 200, redeemed.text);
  assert.equal(redeemed.body.status, 'redeemed');
  assert.equal(redeemed.body.slot, null, 'a lottery voucher has no slot');
  const twice = await request(server, 'POST', '/api/v1/vouchers/redeem', { token: staff, json: { code: voucher.code } });
  assert.equal(twice.status, 409);
  assert.equal(twice.body.error.code, 'already_redeemed');
  assert.match(twice.body.error.message, /葡萄园店员/);
});

test('an orchard booking from the demo data: book, cancel, rebook, check in', async () => {
  const admin = await login('13800000000');
  const member = await login('13900000001');
  const staff = await login('13700000001');
  const memberId = (await request(server, 'GET', '/api/v1/me/points', { token: member })).body.member_id;
  const granted = await request(server, 'POST', '/api/v1/points/grants', {
    token: admin, headers: { 'idempotency-key': 'booking-test-grant' },
    json: { member_ids: [memberId], amount: 50, reason: '预约测试' },
  });
  assert.equal(granted.status, 201, granted.text);
  const listed = await request(server, 'GET', '/api/v1/campaigns', { token: member });
  const listedBooking = listed.body.items.find((c) => c.kind === 'booking' && c.status === 'open');
  assert.ok(listedBooking, 'the demo lists an open booking campaign');
  const campaign = (await request(server, 'GET', `/api/v1/campaigns/${listedBooking.id}`, { token: member })).body;
  assert.ok(campaign.slots.length > 0);
  assert.equal(campaign.cancel_before_minutes, 120);
  const slot = campaign.slots[0];
  assert.ok(slot.capacity > 0 && slot.remaining === slot.capacity - slot.booked);
  const balance = async () => (await request(server, 'GET', '/api/v1/me/points', { token: member })).body.balance;
  const start = await balance();

  const book = (key) => request(server, 'POST', `/api/v1/campaigns/${campaign.id}/entries`, {
    token: member, json: { slot_id: slot.id }, headers: { 'idempotency-key': key },
  });
  const booked = await book('book-1');
  assert.equal(booked.status, 201, booked.text);
  assert.equal(booked.body.slot_id, slot.id);
  assert.equal(booked.body.voucher.status, 'issued');
  assert.equal((await book('book-1')).body.id, booked.body.id, 'a retried booking returns the first');
  assert.equal(await balance(), start - campaign.points_cost);
  const after = (await request(server, 'GET', `/api/v1/campaigns/${campaign.id}`, { token: member })).body;
  assert.equal(after.slots[0].booked, slot.booked + 1);
  const unknown = await request(server, 'POST', `/api/v1/campaigns/${campaign.id}/entries`, { token: member, json: { slot_id: '12345' } });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.field, 'slot_id');

  const cancelUrl = (entry) => `/api/v1/campaigns/${campaign.id}/entries/${entry}/cancel`;
  const cancelled = await request(server, 'POST', cancelUrl(booked.body.id), { token: member });
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.body.refunded, true);
  assert.equal(cancelled.body.voucher.status, 'void');
  assert.equal(await balance(), start, 'the points come back once');
  const again = await request(server, 'POST', cancelUrl(booked.body.id), { token: member });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'already_cancelled');
  assert.equal(await balance(), start);
  const freed = (await request(server, 'GET', `/api/v1/campaigns/${campaign.id}`, { token: member })).body;
  assert.equal(freed.slots[0].booked, slot.booked);

  const rebooked = await book('book-2');
  assert.equal(rebooked.status, 201, rebooked.text);
  assert.notEqual(rebooked.body.id, booked.body.id);
  const checkin = await request(server, 'POST', '/api/v1/vouchers/redeem', { token: staff, json: { code: rebooked.body.voucher.code } });
  assert.equal(checkin.status, 200, checkin.text);
  // At the gate staff see the booked slot and whom it is for, masked (陈晓梅 → 陈*梅).
  assert.deepEqual(checkin.body.slot, { starts_at: slot.starts_at, ends_at: slot.ends_at });
  const me = (await request(server, 'GET', '/api/v1/me', { token: member })).body;
  assert.equal(me.member.name, '陈晓梅');
  assert.equal(checkin.body.member_name, '陈*梅');
  const mine = (await request(server, 'GET', '/api/v1/me/vouchers', { token: member })).body.items;
  assert.deepEqual(mine.find((v) => v.code === rebooked.body.voucher.code).slot, checkin.body.slot);
  const late = await request(server, 'POST', cancelUrl(rebooked.body.id), { token: member });
  assert.equal(late.status, 409);
  assert.equal(late.body.error.code, 'already_redeemed');
  assert.equal(await balance(), start - campaign.points_cost);
});

test('a distribution hands each member one voucher, re-sent or not', async () => {
  const admin = await login('13800000000');
  const member = await login('13900000001');
  const memberId = (await request(server, 'GET', '/api/v1/me/points', { token: member })).body.member_id;
  const now = Date.now();
  const created = await request(server, 'POST', '/api/v1/campaigns', {
    token: admin,
    json: {
      kind: 'distribution', title: '对口支援·脐橙发放',
      opens_at: new Date(now - 60000).toISOString(), closes_at: new Date(now + 86400000).toISOString(),
      prizes: [{ name: '脐橙一箱', quantity: 1 }],
    },
  });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id;
  assert.equal((await request(server, 'POST', `/api/v1/campaigns/${id}/publish`, { token: admin })).status, 200);
  const url = `/api/v1/campaigns/${id}/distribute`;
  const noKey = await request(server, 'POST', url, { token: admin, json: { member_ids: [memberId] } });
  assert.equal(noKey.status, 400);
  assert.equal(noKey.body.error.code, 'idempotency_key_required');
  const forbidden = await request(server, 'POST', url, { token: member, json: { member_ids: [memberId] }, headers: { 'idempotency-key': 'x' } });
  assert.equal(forbidden.status, 403);
  const sent = await request(server, 'POST', url, { token: admin, json: { member_ids: [memberId] }, headers: { 'idempotency-key': 'orange-1' } });
  assert.equal(sent.status, 201, sent.text);
  assert.deepEqual([sent.body.recipients, sent.body.issued, sent.body.done], [1, 1, true]);
  const resent = await request(server, 'POST', url, { token: admin, json: { member_ids: [memberId] }, headers: { 'idempotency-key': 'orange-1' } });
  assert.equal(resent.status, 200);
  assert.equal(resent.body.id, sent.body.id);
  {
    // The whole federation: many more members than the one box left.
    const whole = await request(server, 'POST', url, { token: admin, json: { org_id: created.body.org_id }, headers: { 'idempotency-key': 'orange-2' } });
    assert.equal(whole.status, 409, whole.text);
    assert.equal(whole.body.error.code, 'insufficient_stock');
  }
  const vouchers = await request(server, 'GET', '/api/v1/me/vouchers', { token: member });
  assert.equal(vouchers.body.items.filter((v) => v.campaign_id === id).length, 1);
});

test('a campaign carries its photos; ids that are not uploaded photos are refused', async () => {
  const admin = await login('13800000000');
  // A 1x1 PNG made by hand: signature, IHDR, IDAT, IEND.
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082', 'hex');
  const photo = await request(server, 'POST', '/api/v1/photos', { body: png, headers: { 'content-type': 'image/png' } });
  assert.equal(photo.status, 201, photo.text);
  const now = Date.now();
  const body = {
    kind: 'claim', title: '蔬送美好', opens_at: new Date(now).toISOString(), closes_at: new Date(now + 86400000).toISOString(),
    prizes: [{ tier: 1, name: '蔬菜礼包', quantity: 5, value_fen: 3000 }], photo_ids: [photo.body.id],
  };
  const created = await request(server, 'POST', '/api/v1/campaigns', { token: admin, json: body });
  assert.equal(created.status, 201, created.text);
  assert.deepEqual(created.body.photo_ids, [photo.body.id]);
  for (const photoIds of [[12], ['12']]) {
    const bad = await request(server, 'POST', '/api/v1/campaigns', { token: admin, json: { ...body, photo_ids: photoIds } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'photo_ids');
  }
});
