// The admin's 签约商家 list: a suspended merchant stays listed, and the status filter (全部,
// 在约, 即将到期, 已暂停, 已到期) shows each status with its count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, signInByApi, testEnvironment, waitForText, withPage } from './browser.mjs';

const env = testEnvironment();

test('a suspended merchant stays on the list, under 已暂停, with counts per status', async () => {
  const admin = await apiAs(env.url, demo.platformAdmin);
  const found = (await admin.get(`/merchants?q=${encodeURIComponent('南湖书店')}`)).body.items;
  const shop = found[0];
  assert.ok(shop, 'a demo shop to suspend');
  const suspended = await admin.post(`/merchants/${shop.id}/suspend`);
  assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
  const { counts } = (await admin.get('/merchants/managed?limit=1')).body;
  assert.ok(counts.suspended >= 1 && counts.expiring >= 1);

  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/merchants`);
    const filter = page.locator('[data-testid=merchant-status-filter]');
    const count = (status) => filter.locator(`[data-testid=merchant-status-${status}] [data-testid=merchant-status-count]`);
    await waitForText(count('all'), String(counts.all));
    await waitForText(count('signed'), String(counts.signed));
    await waitForText(count('expiring'), String(counts.expiring));
    await waitForText(count('suspended'), String(counts.suspended));
    await waitForText(count('expired'), String(counts.expired));
    for (const [status, label] of [
      ['all', '全部'],
      ['signed', '在约'],
      ['expiring', '即将到期'],
      ['suspended', '已暂停'],
      ['expired', '已到期'],
    ]) {
      assert.match(await filter.locator(`[data-testid=merchant-status-${status}]`).textContent(), new RegExp(label));
    }

    await filter.locator('[data-testid=merchant-status-suspended]').click();
    const rows = page.locator('[data-testid=merchant-table] .el-table__body tr.el-table__row');
    await waitForText(rows.first().locator('[data-testid=merchant-open]'), shop.name);
    assert.equal(await rows.count(), counts.suspended);
    await waitForText(rows.first().locator('[data-testid=merchant-status]'), '已暂停');

    await filter.locator('[data-testid=merchant-status-expiring]').click();
    await page.waitForFunction(
      (expected) => document.querySelectorAll('[data-testid=merchant-table] .el-table__body tr.el-table__row').length === expected,
      counts.expiring,
    );
    assert.ok(await page.getByText('绿源草莓园').isVisible());
    assert.match(await page.locator('[data-testid=merchant-table] .el-table__header').textContent(), /剩余/);

    // The search narrows the counts too.
    await filter.locator('[data-testid=merchant-status-all]').click();
    await page.locator('input[data-testid=merchant-search]').fill('nanhushudian');
    await page.locator('input[data-testid=merchant-search]').press('Enter');
    // (Waiting for the rows, not the count: the suspended count was 1 before the search too.)
    await page.waitForFunction(() => {
      const names = [...document.querySelectorAll('[data-testid=merchant-table] [data-testid=merchant-open]')].map(
        (name) => name.textContent,
      );
      return names.length >= 1 && names.every((name) => name.trim().startsWith('南湖书店'));
    });
    await waitForText(filter.locator('[data-testid=merchant-status-suspended] [data-testid=merchant-status-count]'), '1');
    const names = await rows.locator('[data-testid=merchant-open]').allTextContents();
    assert.ok(names.length >= 1 && names.every((name) => name.trim().startsWith('南湖书店')), names.join(','));
  });
});

test('opened at ?status=expiring (the 概览 page links there), the list shows 即将到期 and only expiring merchants', async () => {
  const admin = await apiAs(env.url, demo.platformAdmin);
  const expiring = (await admin.get('/merchants/managed?status=expiring&limit=100')).body;
  assert.ok(expiring.items.length >= 1, 'the demo has a contract ending soon');
  const names = expiring.items.map((merchant) => merchant.name).sort();

  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/merchants?status=expiring`);
    const filter = page.locator('[data-testid=merchant-status-filter]');
    await filter.locator('[data-testid=merchant-status-expiring].is-active').waitFor();
    assert.equal(await filter.locator('.is-active').count(), 1);
    const header = page.locator('[data-testid=merchant-table] .el-table__header');
    await page.waitForFunction(() =>
      /剩余/.test(document.querySelector('[data-testid=merchant-table] .el-table__header')?.textContent ?? ''),
    );
    assert.match(await header.textContent(), /剩余/);
    const rows = page.locator('[data-testid=merchant-table] .el-table__body tr.el-table__row');
    await page.waitForFunction(
      (expected) => document.querySelectorAll('[data-testid=merchant-table] .el-table__body tr.el-table__row').length === expected,
      names.length,
    );
    assert.deepEqual((await rows.locator('[data-testid=merchant-open]').allTextContents()).map((name) => name.trim()).sort(), names);

    // Another status is kept in the address, so a reload opens it again.
    await filter.locator('[data-testid=merchant-status-suspended]').click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'suspended');
    await page.reload();
    await filter.locator('[data-testid=merchant-status-suspended].is-active').waitFor();
    await page.goto(`${env.url}/admin/merchants?status=nonsense`);
    await filter.locator('[data-testid=merchant-status-all].is-active').waitFor();
  });
});
