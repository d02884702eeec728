// A drawn lottery in plain Chinese on a phone: the member's result and the winners with masked
// names and mobile numbers, the proof (pseudonym, commitment, beacon, verify link) folded under
// 公平性说明; and a sign-in page that names no database engine or version.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { apiAs, demo, phone, signInByApi, testEnvironment, waitForPath, waitForText, withPage } from './browser.mjs';

const env = testEnvironment();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const longHex = /[0-9a-f]{16,}/;

// A lottery of one first prize that only the demo member enters, drawn through the API.
async function drawnLottery() {
  const admin = await apiAs(env.url, demo.platformAdmin);
  const member = await apiAs(env.url, demo.member);
  const staff = await apiAs(env.url, demo.merchantStaff);
  const orchard = (await staff.get('/me/merchant')).body;
  const { member_id: memberId } = (await member.get('/me/points')).body;
  const grant = await admin.post('/points/grants', { member_ids: [memberId], amount: 10, reason: 'browser test' }, randomUUID());
  assert.equal(grant.status, 201);
  // Long enough for the lottery to be made, published and entered before it closes on a loaded
  // machine (two browser files run at once); the test then waits for the close.
  const closesAt = Date.now() + 10000;
  const created = await admin.post('/campaigns', {
    kind: 'lottery',
    title: '开奖结果测试',
    opens_at: new Date(Date.now() - 60000).toISOString(),
    closes_at: new Date(closesAt).toISOString(),
    points_cost: 10,
    per_member_limit: 1,
    beacon_source: '上证指数收盘价',
    prizes: [{ tier: 1, name: '葡萄采摘券', quantity: 1, value_fen: 6000, merchant_id: orchard.id }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  assert.equal((await admin.post(`/campaigns/${id}/publish`)).status, 200);
  const entry = await member.post(`/campaigns/${id}/entries`, { tickets: 1 }, randomUUID());
  assert.equal(entry.status, 201, JSON.stringify(entry.body));
  await sleep(Math.max(0, closesAt + 200 - Date.now()));
  const drawn = await admin.post(`/campaigns/${id}/draw`, { beacon_value: '3421.57' }, randomUUID());
  assert.equal(drawn.status, 200, JSON.stringify(drawn.body));
  return { campaign: drawn.body, memberRef: entry.body.member_ref };
}

// The text a person sees on the page (hidden and unrendered parts are not in innerText).
const visibleText = (page) => page.evaluate(() => document.body.innerText);

test('a drawn lottery shows the result and the winners in plain Chinese, the proof folded under 公平性说明', async () => {
  const { campaign, memberRef } = await drawnLottery();
  assert.match(memberRef, longHex);
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    await page.goto(`${env.url}/campaigns/${campaign.id}`);
    await waitForPath(page, `/campaigns/${campaign.id}`);
    await waitForText(page.locator('[data-testid=campaign-status]'), '已开奖');
    await waitForText(page.locator('[data-testid=draw-verdict]'), '恭喜中奖：葡萄采摘券');
    await waitForText(page.locator('[data-testid=winner]'), '一等奖 · 葡萄采摘券 · 陈*梅 139****0001');
    assert.equal(await page.locator('[data-testid=winner]').count(), 1);

    // No hex anywhere a member reads, and no English codes of the engine, until they ask.
    const before = await visibleText(page);
    assert.doesNotMatch(before, longHex);
    assert.doesNotMatch(before, /gonghui-draw|SHA-256|sha256|JSON/i);
    const fold = page.locator('[data-testid=fairness]');
    await waitForText(fold.locator('.van-collapse-item__title'), '公平性说明');
    assert.equal(await page.locator('[data-testid=commitment]').isVisible(), false);

    await fold.locator('.van-collapse-item__title').click();
    await waitForText(page.locator('[data-testid=commitment]'), campaign.commitment);
    await page.locator('[data-testid=commitment]').waitFor({ state: 'visible' });
    await waitForText(page.locator('[data-testid=member-ref]'), `我的抽奖编号 ${memberRef}`);
    assert.match(await fold.textContent(), /任何人都可以/);
    assert.match(await fold.textContent(), /3421\.57/);
    assert.equal(await page.locator('[data-testid=verify-draw]').getAttribute('href'), `/verify/?campaign=${campaign.id}`);
    assert.equal(await page.locator('[data-testid=audit-bundle]').getAttribute('href'), `/api/v1/campaigns/${campaign.id}/audit`);
    assert.match(await visibleText(page), longHex);
  });
});

test('the member sign-in page names no database engine or version', async () => {
  const health = await (await fetch(`${env.url}/api/v1/health`)).json();
  assert.ok(health.version && health.db, 'the server reports its version and database');
  await withPage(env.browser, { device: phone }, async (page) => {
    const healthAnswered = page.waitForResponse((response) => response.url().endsWith('/api/v1/health'));
    await page.goto(`${env.url}/login`);
    await page.locator('[data-testid=sign-in-page]').waitFor();
    await waitForText(page.locator('[data-testid=sign-in-title]'), '职工会员登录');
    // The page asked the server how it is; give the answer time to show, if it were shown.
    await healthAnswered;
    await sleep(500);
    const footer = await page.locator('.member-sign-in__footer').innerText();
    const text = await visibleText(page);
    for (const word of [/sqlite/i, /postgres/i, new RegExp(health.version.replace(/\./g, '\\.')), /版本/, /数据库/]) {
      assert.doesNotMatch(text, word);
      assert.doesNotMatch(footer, word);
    }
    assert.equal(await page.locator('[data-testid=server-version]').count(), 0);
  });
});
