// Campaigns as unions run them, in the admin console and the merchant console: an admin closes
// an open lottery early with a reason (提前截止), a prize names the farm and produce it hands
// out, and a merchant's 入驻平台 is edited on its profile (at 390×844) and read by the admin.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, laptop, phone, signInByApi, testEnvironment, textBox, waitForText, withPage } from './browser.mjs';

const env = testEnvironment();

async function campaignByTitle(admin, title) {
  const { items } = (await admin.get('/campaigns?limit=50')).body;
  return items.find((campaign) => campaign.title === title);
}

test('an admin closes an open lottery early, saying why; the reason is required', async () => {
  const admin = await apiAs(env.url, demo.platformAdmin);
  const stamp = Date.now();
  const title = `周末抽草莓 ${stamp}`;
  const created = await admin.post(
    '/campaigns',
    {
      kind: 'lottery',
      title,
      opens_at: new Date(Date.now() - 60000).toISOString(),
      closes_at: new Date(Date.now() + 7 * 86400000).toISOString(),
      beacon_source: '截止后第一期福利彩票开奖号码',
      prizes: [{ name: '草莓一盒', quantity: 5 }],
    },
    `close-early-${stamp}`,
  );
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await admin.post(`/campaigns/${created.body.id}/publish`, {}, `publish-${stamp}`)).status, 200);

  await withPage(env.browser, { device: laptop }, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/campaigns`);
    const row = page.locator('[data-testid=campaign-table] tr.el-table__row', { hasText: title });
    await waitForText(row.locator('[data-testid=campaign-status]'), '进行中');
    await row.locator('[data-testid=campaign-close-early]').click();
    const dialog = page.locator('.el-dialog:visible', { hasText: '提前截止报名' });
    await dialog.waitFor();
    assert.match(await dialog.textContent(), new RegExp(`提前截止后，「${title}」立即停止报名`));
    // Without a reason nothing is sent.
    await dialog.locator('[data-testid=close-early-save]').click();
    await waitForText(dialog.locator('.el-form-item__error'), '请填写截止原因');
    await dialog.locator('[data-testid=close-early-reason]').fill('果园遇暴雨，采摘活动取消');
    await dialog.locator('[data-testid=close-early-save]').click();
    await dialog.waitFor({ state: 'hidden' });
    await waitForText(row.locator('[data-testid=campaign-status]'), '已截止');
    await waitForText(page.locator('.el-message--success'), `「${title}」已提前截止`);
    assert.equal(await row.locator('[data-testid=campaign-close-early]').count(), 0);
    // Closed, it waits for its draw.
    assert.equal(await row.locator('[data-testid=campaign-draw]').count(), 1);
  });
  const closed = await campaignByTitle(admin, title);
  assert.equal(closed.status, 'closed');
  const audit = (await admin.get('/audit?limit=20')).body.items;
  assert.ok(audit.some((entry) => entry.action === 'campaign.close_early' && JSON.stringify(entry.after).includes('果园遇暴雨')));
});

test('a prize names the farm that supplies it and its produce, and the list shows them', async () => {
  const admin = await apiAs(env.url, demo.platformAdmin);
  const title = `对口支援脐橙抽奖 ${Date.now()}`;
  await withPage(env.browser, { device: laptop }, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/campaigns/new`);
    await page.locator('[data-testid=campaign-save]').waitFor();
    await textBox(page, 'campaign-title-input').fill(title);
    await textBox(page, 'prize-name').fill('赣南脐橙一箱');
    await textBox(page, 'prize-supplier').fill('赣州脐橙合作社');
    await textBox(page, 'prize-produce-name').fill('脐橙');
    await page.locator('[data-testid=prize-produce-kind]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '水果' }).click();
    await page.locator('[data-testid=campaign-save]').click();
    await page.waitForURL(/\/admin\/campaigns$/);
    const row = page.locator('[data-testid=campaign-table] tr.el-table__row', { hasText: title });
    await row.locator('.el-table__expand-icon').click();
    await waitForText(page.locator('[data-testid=prize-produce]').first(), '脐橙 · 赣州脐橙合作社');
  });
  const made = await campaignByTitle(admin, title);
  assert.ok(made, 'the draft was saved');
  assert.deepEqual(
    [made.prizes[0].supplier_name, made.prizes[0].produce_name, made.prizes[0].produce_kind, made.prizes[0].merchant_id],
    ['赣州脐橙合作社', '脐橙', 'fruit', null],
  );
});

test('orchard staff edit the platform they are listed on at 390×844, and the admin reads it', async () => {
  const staff = await apiAs(env.url, demo.merchantStaff);
  const merchant = (await staff.get('/me/merchant')).body;
  assert.equal(merchant.platform, '海州采摘');
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.merchantStaff);
    await page.goto(`${env.url}/merchant/profile`);
    const platform = textBox(page, 'profile-platform');
    await platform.waitFor();
    assert.equal(await platform.inputValue(), '海州采摘');
    await platform.fill('海州采摘·城西');
    await page.locator('[data-testid=profile-save]').click();
    await page.locator('.el-message--success').waitFor();
  });
  await withPage(env.browser, { device: laptop }, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/merchants/${merchant.id}`);
    await waitForText(page.locator('[data-testid=merchant-platform]'), '海州采摘·城西');
  });
  assert.equal((await staff.get('/me/merchant')).body.platform, '海州采摘·城西');
  const restored = await staff.patch(`/merchants/${merchant.id}`, { platform: '海州采摘' });
  assert.equal(restored.status, 200);
});
