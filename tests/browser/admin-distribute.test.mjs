// 发放 on the admin campaigns page: a published distribution's vouchers handed to every active
// member of 江北区总工会's subtree through its dialog, the result in plain words with the API's
// figures, and a distribution with too little stock refused with 库存不足 and nothing issued.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, laptop, signInByApi, testEnvironment, waitForText, withPage } from './browser.mjs';

const env = testEnvironment();

const count = (value) => value.toLocaleString('zh-CN');

// A published distribution of one voucher with `quantity` in stock.
async function publishedDistribution(admin, title, quantity) {
  const stamp = `${Date.now()}-${quantity}`;
  const created = await admin.post(
    '/campaigns',
    {
      kind: 'distribution',
      title,
      opens_at: new Date(Date.now() + 3600000).toISOString(),
      closes_at: new Date(Date.now() + 7 * 86400000).toISOString(),
      prizes: [{ name: '夏季慰问西瓜一箱', quantity }],
    },
    `create-distribution-${stamp}`,
  );
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const published = await admin.post(`/campaigns/${created.body.id}/publish`, undefined, `publish-distribution-${stamp}`);
  assert.equal(published.status, 200, JSON.stringify(published.body));
  assert.equal(published.body.status, 'published');
  return published.body;
}

// How many active members the subtree of `org` has, page by page through the API.
async function activeMembers(admin, org) {
  let total = 0;
  let cursor = '';
  do {
    const page = await admin.get(
      `/members?org_id=${org.id}&status=active&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    assert.equal(page.status, 200, JSON.stringify(page.body));
    total += page.body.items.length;
    cursor = page.body.next_cursor ?? '';
  } while (cursor);
  return total;
}

async function memberVouchers(title) {
  const member = await apiAs(env.url, demo.member);
  return (await member.get('/me/vouchers')).body.items.filter((voucher) => voucher.campaign_title === title);
}

// Opens the campaigns page, the 发放 dialog of `title`, and picks 江北区总工会 as the subtree.
async function openDialogFor(page, title) {
  await signInByApi(page, env.url, demo.platformAdmin);
  await page.goto(`${env.url}/admin/campaigns`);
  const row = page.locator('[data-testid=campaign-table] tr.el-table__row', { hasText: title });
  await row.locator('[data-testid=campaign-distribute]').click();
  const dialog = page.locator('[data-testid=distribute-dialog]');
  await dialog.waitFor();
  // The campaign's own union is suggested.
  await waitForText(dialog.locator('[data-testid=distribute-org] .el-select__placeholder'), '示范市总工会');
  await dialog.locator('[data-testid=distribute-org] .el-select__wrapper').click();
  await page.locator('.el-tree-select__popper:visible .el-tree-node__content', { hasText: '江北区总工会' }).first().click();
  await waitForText(dialog.locator('[data-testid=distribute-org] .el-select__placeholder'), '江北区总工会');
  return { row, dialog };
}

test('a published distribution is handed to 江北区总工会 and below through the dialog; the district’s member holds its voucher', async () => {
  const admin = await apiAs(env.url, demo.platformAdmin);
  const orgs = (await admin.get('/orgs')).body.items;
  const district = orgs.find((org) => org.name === '江北区总工会');
  const expected = await activeMembers(admin, district);
  assert.ok(expected > 0, 'the district has active members');
  const quantity = expected + 50;
  const title = `江北区夏季慰问 ${Date.now()}`;
  const campaign = await publishedDistribution(admin, title, quantity);
  assert.deepEqual(await memberVouchers(title), []);

  await withPage(env.browser, { device: laptop }, async (page) => {
    const { row, dialog } = await openDialogFor(page, title);
    await dialog.locator('[data-testid=distribute-submit]').click();
    await waitForText(
      dialog.locator('[data-testid=distribute-result-text] .el-alert__title'),
      `已发放 ${count(expected)} 张券（共 ${count(expected)} 人）`,
      30000,
    );
    await waitForText(
      dialog.locator('[data-testid=distribute-result-text] .el-alert__description'),
      '全部发放完成，会员可在「我的券」中查看。',
    );
    await dialog.locator('[data-testid=distribute-close]').click();
    await dialog.waitFor({ state: 'hidden' });
    // The row's stock shows what was taken.
    await waitForText(row.locator('[data-testid=campaign-stock]'), `${count(quantity - expected)} / ${count(quantity)}`);
  });

  // The API's own figures: one voucher taken from stock per active member of the subtree, and
  // the demo member of 江北区 holds it.
  const after = (await admin.get(`/campaigns/${campaign.id}`)).body;
  assert.equal(after.prizes[0].remaining, quantity - expected);
  const held = await memberVouchers(title);
  assert.equal(held.length, 1, JSON.stringify(held));
  assert.equal(held[0].status, 'issued');
  assert.equal(held[0].prize_name, '夏季慰问西瓜一箱');
});

test('a distribution with too little stock says 库存不足 with what is left and issues nothing', async () => {
  const admin = await apiAs(env.url, demo.platformAdmin);
  const district = (await admin.get('/orgs')).body.items.find((org) => org.name === '江北区总工会');
  const expected = await activeMembers(admin, district);
  assert.ok(expected > 3);
  const title = `库存不足的发放 ${Date.now()}`;
  const campaign = await publishedDistribution(admin, title, 3);

  await withPage(env.browser, { device: laptop }, async (page) => {
    const { dialog } = await openDialogFor(page, title);
    await dialog.locator('[data-testid=distribute-submit]').click();
    await waitForText(
      dialog.locator('[data-testid=distribute-error] .el-alert__title'),
      `库存不足：本次要发给 ${count(expected)} 人，但只剩 3 张券，未发放任何券。`,
    );
    // The form stays, with no result.
    assert.equal(await dialog.locator('[data-testid=distribute-result]').count(), 0);
    assert.ok(await dialog.locator('[data-testid=distribute-submit]').isVisible());
  });

  const after = (await admin.get(`/campaigns/${campaign.id}`)).body;
  assert.equal(after.prizes[0].remaining, 3);
  assert.deepEqual(await memberVouchers(title), []);
});
