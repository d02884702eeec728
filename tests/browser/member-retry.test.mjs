// A member's tap survives a failover: at 390×844 the entry POST of 立即领取 / 参与抽奖 loses its
// answer (the instance behind the gateway died after committing, a reset connection, a 503)
// and the web app sends it again with the same Idempotency-Key until an answer comes, the
// button loading meanwhile; exactly one entry is made. When every repeat is lost the member
// reads 网络不稳定, and the next tap, with the same key, gets the first tap's entry.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { apiAs, demo, phone, signInByApi, testEnvironment, waitForText, withPage } from './browser.mjs';

let admin;
let member;
let orchard;

const env = testEnvironment({
  async setUp({ url }) {
    admin = await apiAs(url, demo.platformAdmin);
    member = await apiAs(url, demo.member);
    orchard = (await (await apiAs(url, demo.merchantStaff)).get('/me/merchant')).body;
  },
});

// An open campaign of `kind` the member may take part in three times.
async function openCampaign(kind, title, pointsCost) {
  const created = await admin.post('/campaigns', {
    kind,
    title,
    opens_at: new Date(Date.now() - 60000).toISOString(),
    closes_at: new Date(Date.now() + 86400000).toISOString(),
    points_cost: pointsCost,
    per_member_limit: 3,
    ...(kind === 'lottery' ? { beacon_source: '上证指数收盘价' } : {}),
    prizes: [{ tier: 1, name: '葡萄采摘券', quantity: 5, value_fen: 6000, merchant_id: orchard.id }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await admin.post(`/campaigns/${created.body.id}/publish`)).status, 200);
  return created.body.id;
}

async function ownEntries(campaignId) {
  const answer = await member.get(`/campaigns/${campaignId}/my-entries`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.items;
}

async function balance() {
  return (await member.get('/me/points')).body.balance;
}

// Records when each entry POST of the page left and with which Idempotency-Key, and lets
// `fault(attempt, route)` answer attempt 1, 2, … in place of the server (returning true when it
// did); an attempt it leaves alone goes to the server as it is.
async function entryPosts(page, campaignId, fault) {
  const attempts = [];
  await page.route(`**/api/v1/campaigns/${campaignId}/entries`, async (route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    attempts.push({ at: Date.now(), key: await request.headerValue('idempotency-key') });
    if (!(await fault(attempts.length, route))) await route.continue();
  });
  return attempts;
}

// The instance took the write and died before answering: the gateway says 502.
async function committedThenBadGateway(route) {
  await route.fetch();
  await route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>502 Bad Gateway</body></html>' });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('立即领取 goes through a failover: repeated with the same key, one voucher, success shown', async () => {
  const campaignId = await openCampaign('claim', '故障切换领取测试', 0);
  const vouchersBefore = (await member.get('/me/vouchers')).body.items.length;
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    const attempts = await entryPosts(page, campaignId, async (attempt, route) => {
      if (attempt === 1) await committedThenBadGateway(route);
      // No instance yet: the gateway asks for three seconds.
      else if (attempt === 2) await route.fulfill({ status: 503, headers: { 'retry-after': '3' }, body: '' });
      else if (attempt === 3) await route.abort('connectionreset');
      else return false;
      return true;
    });
    await page.goto(`${env.url}/campaigns/${campaignId}`);
    const button = page.locator('[data-testid=take-part-button]');
    await waitForText(button, '立即领取');
    await button.click();

    // While the app repeats, the button stays loading and a second tap sends nothing more.
    while (attempts.length < 2) await sleep(50);
    assert.match(await button.getAttribute('class'), /van-button--loading/);
    await button.click();

    await waitForText(page.locator('[data-testid=entry-outcome] p').first(), '领取成功！兑换券已放入「我的券」', 20000);
    assert.equal(await page.locator('[data-testid=entry-outcome]').getAttribute('data-tone'), 'success');
    await page.locator('[data-testid=outcome-voucher-code]').waitFor();
    assert.doesNotMatch(await button.getAttribute('class'), /van-button--loading/);

    assert.equal(attempts.length, 4, 'the first try and three repeats');
    assert.match(attempts[0].key, /^[0-9a-f]{32}$/);
    assert.deepEqual(new Set(attempts.map((attempt) => attempt.key)).size, 1, 'one Idempotency-Key for the tap');
    assert.ok(attempts[2].at - attempts[1].at >= 2900, `the 503's Retry-After waited for: ${attempts[2].at - attempts[1].at} ms`);
  });
  assert.equal((await ownEntries(campaignId)).length, 1, 'one claim');
  assert.equal((await member.get('/me/vouchers')).body.items.length, vouchersBefore + 1, 'one voucher');
});

test('参与抽奖 whose answers are all lost says 网络不稳定; the next tap gets the same entry', async () => {
  const { member_id: memberId } = (await member.get('/me/points')).body;
  const grant = await admin.post('/points/grants', { member_ids: [memberId], amount: 30, reason: 'browser test' }, randomUUID());
  assert.equal(grant.status, 201, JSON.stringify(grant.body));
  const campaignId = await openCampaign('lottery', '故障切换抽奖测试', 10);
  const balanceBefore = await balance();
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    let down = true;
    const attempts = await entryPosts(page, campaignId, async (_attempt, route) => {
      if (!down) return false;
      await committedThenBadGateway(route);
      return true;
    });
    await page.goto(`${env.url}/campaigns/${campaignId}`);
    const button = page.locator('[data-testid=take-part-button]');
    const outcome = page.locator('[data-testid=entry-outcome] p').first();
    await waitForText(button, '参与抽奖');
    await button.click();
    await page.locator('.van-dialog__confirm').click();

    await waitForText(outcome, '网络不稳定，请稍后再试。', 20000);
    assert.equal(await page.locator('[data-testid=entry-outcome]').getAttribute('data-tone'), 'error');
    assert.ok(attempts.length >= 4, `repeated until about ten seconds had passed: ${attempts.length} tries`);
    assert.equal(new Set(attempts.map((attempt) => attempt.key)).size, 1, 'one Idempotency-Key for the tap');
    // The first try was written; the repeats found it and wrote nothing.
    assert.equal((await ownEntries(campaignId)).length, 1);
    assert.equal(await balance(), balanceBefore - 10);

    // The network is back: the member taps again and is answered with the first tap's entry.
    down = false;
    const tried = attempts.length;
    await button.click();
    await page.locator('.van-dialog__confirm').click();
    await waitForText(outcome, '参与成功！共 1 注，开奖后在此查看结果', 20000);
    assert.equal(attempts.length, tried + 1);
    assert.equal(attempts.at(-1).key, attempts[0].key, 'the unanswered tap kept its key');
  });
  assert.equal((await ownEntries(campaignId)).length, 1, 'one entry');
  assert.equal(await balance(), balanceBefore - 10, 'the points were spent once');
});
