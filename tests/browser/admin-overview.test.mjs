// The admin console's 概览 is a to-do list of the admin's subtree: each entry says how many
// things wait, names the first of them and links to the page where they are handled; the
// server's state is only for the platform admin, folded away.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demo, pageGet, signInByApi, testEnvironment, waitForPath, waitForText, withPage } from './browser.mjs';

const env = testEnvironment();
const count = (value) => value.toLocaleString('zh-CN');
const entryTitle = (page, key) => page.locator(`[data-testid=overview-${key}] [data-testid=overview-entry-title]`);

test('the platform admin sees the demo to-do list, and each entry links to where it is handled', async () => {
  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/`);
    const overview = await pageGet(page, env.url, '/overview');
    await waitForText(page.locator('.admin-overview__title'), '示范市总工会 · 待办');
    await waitForText(entryTitle(page, 'applications'), `待审核的商户入驻申请 ${overview.pending_applications.count} 条`);
    await waitForText(entryTitle(page, 'expiring'), '30 天内到期的商户合同 6 份');
    await waitForText(entryTitle(page, 'closing'), '7 天内截止的活动 3 个');
    await waitForText(entryTitle(page, 'redemptions'), `今日核销 ${overview.redemptions_today.count} 张券`);
    const used = overview.points_budget.used;
    await waitForText(entryTitle(page, 'budget'), `今年已发放积分 ${count(overview.points_budget.issued_this_year)} 分`);
    await waitForText(page.locator('[data-testid=overview-budget-line]'), `积分预算不限，已使用 ${count(used)} 分`);

    // The items behind the figures, by name.
    const expiring = await page.locator('[data-testid=overview-expiring] [data-testid=overview-item]').allTextContents();
    assert.equal(expiring.length, 5);
    assert.match(expiring[0], /^绿源草莓园（\d{4}\/\d{2}\/\d{2} 到期）$/);
    assert.match(await page.locator('[data-testid=overview-expiring]').textContent(), /还有 1 项/);
    const closing = await page.locator('[data-testid=overview-closing] [data-testid=overview-item]').allTextContents();
    assert.deepEqual(
      closing.map((line) => line.replace(/，.*$/, '')),
      ['萄你欢心·阳光葡萄采摘预约（预约', '萄你欢心·葡萄采摘抽奖（积分抽奖', '蔬送美好·时令蔬菜限量领（限量领取'],
    );

    // Server state only folded away, for the platform admin.
    assert.equal(await page.locator('[data-testid=overview-system]').count(), 1);
    assert.equal(await page.locator('[data-testid=server-health]').isVisible(), false);

    await page.locator('[data-testid=overview-link-expiring]').click();
    await waitForPath(page, '/admin/merchants');
    assert.equal(new URL(page.url()).searchParams.get('status'), 'expiring');
    await page.goBack();
    await page.locator('[data-testid=overview-link-applications]').click();
    await waitForPath(page, '/admin/merchant-applications');
    await page.goBack();
    await page.locator('[data-testid=overview-link-closing]').click();
    await waitForPath(page, '/admin/campaigns');
  });
});

test('the district admin sees their own subtree, without server state', async () => {
  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.districtAdmin);
    await page.goto(`${env.url}/admin/`);
    await waitForText(page.locator('.admin-overview__title'), '江北区总工会 · 待办');
    await waitForText(entryTitle(page, 'applications'), '待审核的商户入驻申请 0 条');
    await waitForText(entryTitle(page, 'expiring'), '30 天内到期的商户合同 0 份');
    await waitForText(entryTitle(page, 'closing'), '7 天内截止的活动 0 个');
    await waitForText(page.locator('[data-testid=overview-budget-line]'), '积分预算不限，已使用 0 分');
    assert.equal(await page.locator('[data-testid=overview-system]').count(), 0);
    assert.equal(await page.locator('[data-testid=server-health]').count(), 0);
    await page.locator('[data-testid=overview-link-budget]').click();
    await waitForPath(page, '/admin/points');
  });
});
