// Spending points asks once on a phone: "将消耗 N 积分，确定吗？" with N the cost of the tickets;
// cancelling spends nothing and enters nothing, confirming enters; a free campaign does not ask.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { apiAs, demo, phone, signInByApi, testEnvironment, waitForText, withPage } from './browser.mjs';

let admin;
let member;
const env = testEnvironment({
  async setUp({ url }) {
    admin = await apiAs(url, demo.platformAdmin);
    member = await apiAs(url, demo.member);
  },
});

const balanceOf = async () => (await member.get('/me/points')).body.balance;
const entriesOf = async (campaignId) => (await member.get(`/campaigns/${campaignId}/my-entries`)).body.items;

// An open campaign made and published through the API, the whole day long.
async function openCampaign(fields) {
  const created = await admin.post('/campaigns', {
    opens_at: new Date(Date.now() - 60000).toISOString(),
    closes_at: new Date(Date.now() + 86400000).toISOString(),
    ...fields,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const published = await admin.post(`/campaigns/${created.body.id}/publish`);
  assert.equal(published.status, 200, JSON.stringify(published.body));
  return published.body;
}

test('entering a lottery asks before spending: cancel spends nothing, confirm enters', async () => {
  const lottery = await openCampaign({
    kind: 'lottery',
    title: '积分确认测试',
    points_cost: 7,
    per_member_limit: 5,
    prizes: [{ tier: 1, name: '采摘券', quantity: 1, value_fen: 3000 }],
  });
  const { member_id: memberId } = (await member.get('/me/points')).body;
  assert.equal(
    (await admin.post('/points/grants', { member_ids: [memberId], amount: 50, reason: 'browser test' }, randomUUID())).status,
    201,
  );
  const balance = await balanceOf();

  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    await page.goto(`${env.url}/campaigns/${lottery.id}`);
    await waitForText(page.locator('[data-testid=campaign-balance]'), `我的积分：${balance}`);
    await page.locator('[data-testid=tickets] .van-stepper__plus').click();
    const dialog = page.locator('.van-dialog');

    // Cancel: nothing is sent, nothing spent, no entry.
    let entryRequests = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/campaigns/${lottery.id}/entries`)) entryRequests += 1;
    });
    await page.locator('[data-testid=take-part-button]').click();
    await waitForText(dialog.locator('.van-dialog__message'), '将消耗 14 积分，确定吗？');
    await dialog.locator('.van-dialog__cancel').click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(entryRequests, 0);
    assert.equal(await balanceOf(), balance);
    assert.deepEqual(await entriesOf(lottery.id), []);
    assert.equal(await page.locator('[data-testid=entry-outcome]').count(), 0);
    await waitForText(page.locator('[data-testid=campaign-balance]'), `我的积分：${balance}`);

    // Confirm: the two tickets are entered and paid for once.
    await page.locator('[data-testid=take-part-button]').click();
    await waitForText(dialog.locator('.van-dialog__message'), '将消耗 14 积分，确定吗？');
    await dialog.locator('.van-dialog__confirm').click();
    await page.locator('[data-testid=entry-outcome][data-tone=success]').waitFor();
    await waitForText(page.locator('[data-testid=campaign-balance]'), `我的积分：${balance - 14}`);
    assert.equal(entryRequests, 1);
  });
  const entries = await entriesOf(lottery.id);
  assert.equal(entries.length, 1);
  assert.equal(entries[0].tickets, 2);
  assert.equal(await balanceOf(), balance - 14);
});

test('a free claim does not ask', async () => {
  const claim = await openCampaign({
    kind: 'claim',
    title: '免费领取测试',
    points_cost: 0,
    per_member_limit: 1,
    prizes: [{ tier: 1, name: '蔬菜礼包', quantity: 5, value_fen: 3000 }],
  });
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    await page.goto(`${env.url}/campaigns/${claim.id}`);
    await waitForText(page.locator('[data-testid=campaign-cost]').locator('.van-cell__value'), '免费');
    await page.locator('[data-testid=take-part-button]').click();
    await page.locator('[data-testid=entry-outcome][data-tone=success]').waitFor();
    assert.equal(await page.locator('.van-dialog').isVisible(), false);
  });
  assert.equal((await entriesOf(claim.id)).length, 1);
});
