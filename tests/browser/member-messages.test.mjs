// 消息 on a phone (390×844): the unread badge on 我的, the list with unread dots, tapping a
// message reads it and opens its page, 全部已读; 开始提醒 on an upcoming campaign; and an admin's
// notice composed in the console (with its preview) arriving in the member's list, read once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { apiAs, demo, phone, signInByApi, testEnvironment, textBox, waitForPath, waitForText, withPage } from './browser.mjs';

let admin;
let member;
let upcoming;

const env = testEnvironment({
  async setUp({ url }) {
    admin = await apiAs(url, demo.platformAdmin);
    member = await apiAs(url, demo.member);
    const memberId = (await member.get('/me/points')).body.member_id;
    const granted = await admin.post('/points/grants', { member_ids: [memberId], amount: 8, reason: '消息页测试' }, randomUUID());
    assert.equal(granted.status, 201, JSON.stringify(granted.body));
    const opensAt = Date.now() + 86400000;
    const created = await admin.post('/campaigns', {
      kind: 'claim',
      title: '消息页提醒测试',
      opens_at: new Date(opensAt).toISOString(),
      closes_at: new Date(opensAt + 86400000).toISOString(),
      points_cost: 0,
      per_member_limit: 1,
      prizes: [{ tier: 1, name: '提醒礼包', quantity: 5, value_fen: 100 }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    upcoming = (await admin.post(`/campaigns/${created.body.id}/publish`)).body;
  },
});

const unread = async () => (await member.get('/me/messages/unread-count')).body.unread;
const tabBadge = (page) => page.locator('[data-testid=tab-me] .van-badge');

test('the badge on 我的 counts unread messages; tapping one reads it and opens its page', async () => {
  const count = await unread();
  assert.ok(count >= 1, 'the grant left an unread message');
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    await page.goto(`${env.url}/me`);
    await waitForText(tabBadge(page), String(count));
    await page.locator('[data-testid=me-messages]').click();
    await waitForPath(page, '/me/messages');
    const row = page.locator('[data-testid=message-row]', { hasText: '消息页测试' });
    await row.waitFor();
    assert.equal(await row.getAttribute('data-read'), 'false');
    assert.match(await row.locator('[data-testid=message-title]').innerText(), /收到积分/);
    assert.match(await row.locator('[data-testid=message-body]').innerText(), /8 积分/);
    // Nothing wider than the phone, and no ids on the page.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    const ids = (await member.get('/me/messages')).body.items.map((m) => m.id);
    const text = await page.locator('[data-testid=messages-page]').innerText();
    assert.ok(!ids.some((id) => text.includes(id)), 'members never see ids');

    await row.click();
    await waitForPath(page, '/me/points');
    assert.equal(await unread(), count - 1);
    await waitForText(tabBadge(page), count - 1 > 0 ? String(count - 1) : '');
    await page.goBack();
    await waitForPath(page, '/me/messages');
    const readRow = page.locator('[data-testid=message-row]', { hasText: '消息页测试' });
    await readRow.waitFor();
    assert.equal(await readRow.getAttribute('data-read'), 'true');

    if ((await unread()) > 0) {
      await page.locator('[data-testid=messages-read-all]').click();
      await page.locator('[data-testid=message-row][data-read=false]').first().waitFor({ state: 'detached' });
    }
    assert.equal(await unread(), 0);
    assert.equal(await tabBadge(page).count(), 0, 'no badge once all are read');
  });
});

test('开始提醒 on an upcoming campaign asks for a message when it opens', async () => {
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    await page.goto(`${env.url}/campaigns/${upcoming.id}`);
    const button = page.locator('[data-testid=campaign-reminder]');
    await waitForText(button, '开始提醒');
    await button.click();
    await waitForText(button, '已设提醒');
    assert.deepEqual((await member.get(`/campaigns/${upcoming.id}/reminder`)).body, { reminded: true });
    await button.click();
    await waitForText(button, '开始提醒');
    assert.deepEqual((await member.get(`/campaigns/${upcoming.id}/reminder`)).body, { reminded: false });
  });
});

test('an admin composes a notice with its reach; the member sees it and the admin sees it read', async () => {
  const title = `江北区通知 ${Date.now() % 10000}`;
  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.districtAdmin);
    await page.goto(`${env.url}/admin/notices`);
    await page.locator('[data-testid=notice-compose]').click();
    await textBox(page, 'notice-title').fill(title);
    await page
      .locator('textarea[data-testid=notice-body], [data-testid=notice-body] textarea')
      .first()
      .fill('本周六工会活动室开放，欢迎参加。');
    await textBox(page, 'notice-link').fill('/campaigns');
    await page.locator('[data-testid=notice-preview-button]').click();
    await page.locator('[data-testid=notice-preview-line]').waitFor();
    assert.match(await page.locator('[data-testid=notice-preview-line]').innerText(), /将发送给 \d+ 名会员/);
    await page.locator('[data-testid=notice-send]').click();
    await page.locator('[data-testid=notice-sent]').waitFor();
    assert.match(await page.locator('[data-testid=notice-sent]').innerText(), /通知已发送给 \d+ 名会员/);
    await page.locator('[data-testid=notice-close]').click();
    await waitForText(page.locator('[data-testid=notice-row-title]'), title);
    await waitForText(page.locator('[data-testid=notice-row-read]'), '0');
  });

  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    await page.goto(`${env.url}/me/messages`);
    const row = page.locator('[data-testid=message-row]', { hasText: title });
    await row.waitFor();
    await waitForText(tabBadge(page), '1');
    assert.match(await row.innerText(), /通知/);
    await row.click();
    await waitForPath(page, '/campaigns');
  });

  const district = await apiAs(env.url, demo.districtAdmin);
  const notice = (await district.get('/notices')).body.items.find((n) => n.title === title);
  assert.equal(notice.read, 1);
  assert.ok(notice.recipients >= 1);
});
