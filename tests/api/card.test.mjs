// 电子会员卡 and sharing over HTTP with the demo data: the member's card, the staff check, an
// offer use recorded once and counted in the impact report, expired and forged codes and
// another merchant's offer refused with nothing written; the share head of a campaign page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, sign } from 'node:crypto';
import { get as httpGet } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, request, demoTokens } from './harness.mjs';

let server;
let webRoot;
const tokenOf = demoTokens(() => server);
const member = () => tokenOf('13900000001');
const staff = () => tokenOf('13700000001');
const admin = () => tokenOf('13800000000');

before(async () => {
  // A web root of one index.html: the share head replaces its <title>.
  webRoot = mkdtempSync(join(tmpdir(), 'gonghui-web-'));
  writeFileSync(join(webRoot, 'index.html'),
    '<!doctype html><html><head><meta charset="UTF-8" /><title>工惠</title></head><body><div id="app"></div></body></html>');
  server = await startServer({ demo: true, webRoot });
});
after(async () => {
  await server.stop();
  rmSync(webRoot, { recursive: true, force: true });
});

// A card token as the server makes it, for any time: signed with the server's key read from
// its database (libsodium's 64-byte secret key is the 32-byte seed, then the public key).
function cardToken(memberId, at) {
  const query = "SELECT value FROM server_keys WHERE name = 'voucher_signing'";
  const url = server.database.url;
  const hex = url.startsWith('sqlite:')
    ? execFileSync('sqlite3', [url.slice('sqlite:'.length), query], { encoding: 'utf8' }).trim()
    : execFileSync('psql', [url, '-Atc', query], { encoding: 'utf8' }).trim();
  const secret = Buffer.from(hex, 'hex');
  const key = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: secret.subarray(0, 32).toString('base64url'), x: secret.subarray(32).toString('base64url') },
    format: 'jwk',
  });
  const window = Math.floor(at / 60000);
  const payload = `card.${memberId}.${window}.${window * 60000 + 120000}`;
  return `${payload}.${sign(null, Buffer.from(payload), key).toString('base64url')}`;
}

// A page as a link preview fetches it: fetch cannot set Host, node:http can.
function getPage(path, host) {
  return new Promise((resolve, reject) => {
    httpGet(`${server.url}${path}`, { headers: { host } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text }));
    }).on('error', reject);
  });
}

async function offerUses() {
  const report = await request(server, 'GET', '/api/v1/reports/impact', { token: await admin() });
  assert.equal(report.status, 200, report.text);
  return report.body.offer_uses;
}

async function ownOffer() {
  const mine = await request(server, 'GET', '/api/v1/me/merchant', { token: await staff() });
  assert.equal(mine.status, 200, mine.text);
  const now = Date.now();
  const offer = mine.body.offers.find((o) => !o.withdrawn && Date.parse(o.valid_from) <= now && Date.parse(o.valid_to) > now);
  assert.ok(offer, 'the demo merchant has a current offer');
  return { merchantId: mine.body.id, offer };
}

test('card → check → use recorded once → offer_uses +1 in the report and its drill-down', async () => {
  const card = await request(server, 'GET', '/api/v1/me/card', { token: await member() });
  assert.equal(card.status, 200, card.text);
  assert.equal(card.body.name, '陈晓梅');
  assert.ok(card.body.org_name);
  assert.ok(card.body.card_no);
  assert.match(card.body.token, /^card\.\d+\.\d+\.\d+\.[A-Za-z0-9_-]+$/);
  assert.match(card.body.qr_svg, /^<svg /);
  assert.ok(card.body.refresh_in_ms > 0 && card.body.refresh_in_ms <= 60000);
  assert.ok(Date.parse(card.body.expires_at) - Date.now() <= 120000);

  const check = await request(server, 'POST', '/api/v1/merchant/member-check', { token: await staff(), json: { token: card.body.token } });
  assert.equal(check.status, 200, check.text);
  assert.equal(check.body.status, 'valid');
  assert.equal(check.body.member_name, '陈*梅');
  assert.equal(check.body.org_name, card.body.org_name);

  const before = await offerUses();
  const { offer } = await ownOffer();
  const body = { token: card.body.token, offer_id: offer.id };
  const first = await request(server, 'POST', '/api/v1/merchant/offer-uses', { token: await staff(), json: body });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.body.created, true);
  assert.equal(first.body.member_name, '陈*梅');
  const again = await request(server, 'POST', '/api/v1/merchant/offer-uses', { token: await staff(), json: body });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.created, false);
  assert.equal(again.body.id, first.body.id);
  assert.equal(await offerUses(), before + 1);

  const records = await request(server, 'GET', '/api/v1/reports/impact/records?figure=offer_uses&limit=500', { token: await admin() });
  assert.equal(records.status, 200, records.text);
  assert.equal(records.body.type, 'offer_use');
  assert.ok(records.body.items.some((r) => r.id === first.body.id && r.offer_title === offer.title));
});

test('expired and forged codes and another merchant\'s offer are refused and write nothing', async () => {
  const card = (await request(server, 'GET', '/api/v1/me/card', { token: await member() })).body;
  const { merchantId, offer } = await ownOffer();
  const before = await offerUses();
  const use = async (json) => request(server, 'POST', '/api/v1/merchant/offer-uses', { token: await staff(), json });

  // Forged: another member id under the same signature; a changed signature.
  const forged = card.token.replace(/^card\.\d+\./, 'card.1.');
  const tail = card.token.endsWith('AA') ? 'BA' : 'AA';
  for (const token of [forged, `${card.token.slice(0, -2)}${tail}`, 'card.1.2.3.abc', 'nonsense']) {
    const response = await use({ token, offer_id: offer.id });
    assert.equal(response.status, 400, `${token}: ${response.text}`);
    assert.equal(response.body.error.code, 'invalid_token');
    assert.equal(response.body.error.field, 'token');
    const check = await request(server, 'POST', '/api/v1/merchant/member-check', { token: await staff(), json: { token } });
    assert.equal(check.status, 400);
    assert.equal(check.body.error.code, 'invalid_token');
  }

  // The signing key as the test has it makes the same token the server showed, for the
  // minute the server made it in (the clock may have passed a minute since).
  const [, memberId, window] = card.token.split('.');
  assert.equal(cardToken(memberId, Number(window) * 60000), card.token);
  // Expired: a genuine code of three minutes ago.
  const expired = cardToken(memberId, Date.now() - 180000);
  const late = await use({ token: expired, offer_id: offer.id });
  assert.equal(late.status, 409, late.text);
  assert.equal(late.body.error.code, 'card_expired');
  const lateCheck = await request(server, 'POST', '/api/v1/merchant/member-check', { token: await staff(), json: { token: expired } });
  assert.equal(lateCheck.status, 200, lateCheck.text);
  assert.equal(lateCheck.body.status, 'expired');

  // A genuine voucher token is no card.
  const vouchers = (await request(server, 'GET', '/api/v1/me/vouchers', { token: await member() })).body.items;
  if (vouchers.length) {
    const response = await use({ token: vouchers[0].token, offer_id: offer.id });
    assert.equal(response.status, 400, response.text);
  }

  // Another merchant's offer.
  const merchants = (await request(server, 'GET', '/api/v1/merchants?limit=50', { token: await member() })).body.items;
  const other = merchants.find((m) => m.id !== merchantId);
  assert.ok(other, 'the demo has a second merchant');
  const created = await request(server, 'POST', `/api/v1/merchants/${other.id}/offers`, {
    token: await admin(), json: { title: '别家优惠', kind: 'gift', gift: '小礼品', valid_from: '2020-01-01', valid_to: '2099-01-01' },
  });
  assert.equal(created.status, 201, created.text);
  const foreign = await use({ token: card.token, offer_id: created.body.id });
  assert.equal(foreign.status, 403, foreign.text);
  assert.equal(foreign.body.error.code, 'wrong_merchant');
  const unknown = await use({ token: card.token, offer_id: '123' });
  assert.equal(unknown.status, 404, unknown.text);

  // Members and admins cannot check cards.
  for (const who of [await member(), await admin()]) {
    const response = await request(server, 'POST', '/api/v1/merchant/member-check', { token: who, json: { token: card.token } });
    assert.equal(response.status, 403);
  }
  assert.equal(await offerUses(), before);
});

test('a campaign page carries its escaped share head; other pages stay plain', async () => {
  const now = Date.now();
  const title = '<script>alert("x")</script> 草莓\'季';
  const created = await request(server, 'POST', '/api/v1/campaigns', {
    token: await admin(),
    json: {
      kind: 'claim', title, description: '采摘 "新鲜" <b>草莓</b>', opens_at: new Date(now).toISOString(),
      closes_at: new Date(now + 86400000).toISOString(), prizes: [{ tier: 1, name: '草莓一盒', quantity: 5, value_fen: 3000 }],
    },
  });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id;
  // A draft shares nothing.
  let page = await request(server, 'GET', `/campaigns/${id}`);
  assert.equal(page.status, 200);
  assert.ok(!page.text.includes('og:title'));
  const published = await request(server, 'POST', `/api/v1/campaigns/${id}/publish`, { token: await admin(), headers: { 'idempotency-key': `publish-${id}` } });
  assert.equal(published.status, 200, published.text);

  page = await getPage(`/campaigns/${id}`, 'gonghui.example');
  assert.equal(page.status, 200);
  assert.match(page.headers['content-type'], /text\/html/);
  const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 草莓&#39;季';
  assert.ok(page.text.includes(`<meta property="og:title" content="${escaped}" />`), page.text);
  assert.ok(page.text.includes(`<title>${escaped}</title>`));
  assert.ok(page.text.includes('<meta property="og:description" content="采摘 &quot;新鲜&quot; &lt;b&gt;草莓&lt;/b&gt;" />'));
  assert.ok(page.text.includes(`<meta property="og:url" content="http://gonghui.example/campaigns/${id}" />`));
  assert.ok(page.text.includes('<meta itemprop="name"'));
  assert.ok(page.text.includes('<meta itemprop="image"'));
  assert.ok(!page.text.includes('<script>alert'));

  // A merchant page shares its name.
  const merchants = (await request(server, 'GET', '/api/v1/merchants?limit=5', { token: await member() })).body.items;
  const merchantPage = await request(server, 'GET', `/merchants/${merchants[0].id}`);
  assert.ok(merchantPage.text.includes('og:title'), merchantPage.text);
  // Unknown ids and other routes: the plain page.
  for (const path of ['/campaigns/999999', '/merchants/abc', '/me', '/campaigns']) {
    const plain = await request(server, 'GET', path);
    assert.equal(plain.status, 200, path);
    assert.ok(!plain.text.includes('og:title'), path);
    assert.ok(plain.text.includes('<title>工惠</title>'), path);
  }

  // The poster's QR code of the page's link.
  const qr = await request(server, 'GET', `/api/v1/share/qr.svg?path=${encodeURIComponent(`/campaigns/${id}`)}`);
  assert.equal(qr.status, 200);
  assert.match(qr.text, /^<svg /);
  for (const bad of ['//evil.example/x', 'campaigns/1', '/a b']) {
    const refused = await request(server, 'GET', `/api/v1/share/qr.svg?path=${encodeURIComponent(bad)}`);
    assert.equal(refused.status, 400, bad);
    assert.equal(refused.body.error.code, 'invalid_path');
  }
});
