// The consoles' benefit pages as people use them: merchant staff edit an offer and members see
// it; a platform admin grants points to a whole district and watches the grant finish; a
// platform admin caps a district's check-in points, which binds the district's own admin; staff
// redeem a voucher by code, once; a visitor applies to be a merchant and an admin approves.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiAs, demo, signInByApi, signInByForm, testEnvironment, textBox, waitForPath, waitForText, withPage } from './browser.mjs';

const merchantStaff = demo.merchantStaff;
const staffName = '葡萄园店员';

const env = testEnvironment();

// An issued voucher of the demo member that the demo staff may redeem: one the member already
// holds, or one from an open claim or booking at the staff's merchant (after granting the points
// it costs).
async function voucherAtStaffMerchant() {
  const staff = await apiAs(env.url, merchantStaff);
  const merchantId = (await staff.get('/me/merchant')).body.id;
  const member = await apiAs(env.url, demo.member);
  const held = (await member.get('/me/vouchers')).body.items.find((item) => item.status === 'issued' && item.merchant_id === merchantId);
  if (held) return held;
  const campaigns = (await member.get('/campaigns')).body.items;
  const open = campaigns.find(
    (item) =>
      ['claim', 'booking'].includes(item.kind) && item.status === 'open' && item.prizes.some((prize) => prize.merchant_id === merchantId),
  );
  assert.ok(open, 'the demo has an open claim or booking redeemable at the staff merchant');
  const memberId = (await member.get('/me')).body.member.id;
  const admin = await apiAs(env.url, demo.platformAdmin);
  const grant = await admin.post(
    '/points/grants',
    { member_ids: [memberId], amount: open.points_cost || 1, reason: '浏览器测试：领取' },
    `claim-${Date.now()}`,
  );
  assert.ok([201, 202].includes(grant.status), JSON.stringify(grant.body));
  const slot = (open.slots || []).find((item) => item.booked < item.capacity);
  const entry = await member.post(`/campaigns/${open.id}/entries`, slot ? { slot_id: slot.id } : {}, `claim-entry-${Date.now()}`);
  assert.equal(entry.status, 201, JSON.stringify(entry.body));
  return entry.body.voucher;
}

describe('merchant console', () => {
  test('staff edit an offer title and a member sees the new title', async () => {
    await withPage(env.browser, {}, async (page) => {
      await page.goto(`${env.url}/merchant/`);
      await waitForPath(page, '/merchant/login');
      await signInByForm(page, merchantStaff);
      await waitForPath(page, '/merchant/');
      await waitForText(page.locator('[data-testid=signed-in-name]'), staffName);

      await page.locator('.console-layout__menu .el-menu-item', { hasText: '优惠' }).click();
      await waitForPath(page, '/merchant/offers');
      const firstRow = page.locator('[data-testid=offer-table] .el-table__body tr.el-table__row').first();
      await firstRow.locator('[data-testid=offer-row-title]').waitFor();
      const oldTitle = (await firstRow.locator('[data-testid=offer-row-title]').textContent()).trim();
      const newTitle = `会员专享采摘8折${Date.now() % 100000}`;
      await firstRow.locator('[data-testid=offer-edit]').click();
      const dialog = page.locator('[data-testid=offer-dialog]');
      await waitForText(dialog.locator('.el-dialog__title'), '编辑优惠');
      assert.equal(await textBox(page, 'offer-title').inputValue(), oldTitle);
      await textBox(page, 'offer-title').fill(newTitle);
      await page.locator('[data-testid=offer-save]').click();
      await waitForText(page.locator('.el-message--success'), `已保存优惠「${newTitle}」`);
      await waitForText(firstRow.locator('[data-testid=offer-row-title]'), newTitle);

      // A member reading the merchant through the member API sees the new title.
      const member = await apiAs(env.url, demo.member);
      const staff = await apiAs(env.url, merchantStaff);
      const own = await staff.get('/me/merchant');
      const seen = await member.get(`/merchants/${own.body.id}`);
      assert.equal(seen.status, 200);
      assert.ok(
        seen.body.offers.some((offer) => offer.title === newTitle),
        JSON.stringify(seen.body.offers),
      );
      assert.ok(!seen.body.offers.some((offer) => offer.title === oldTitle));
    });
  });

  test('staff redeem a voucher by code once; a second time says when and by whom', async () => {
    const voucher = await voucherAtStaffMerchant();

    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, merchantStaff);
      await page.goto(`${env.url}/merchant/redeem`);
      // Typed as a person might: lower case, with a space.
      await textBox(page, 'redeem-code').fill(`${voucher.code.slice(0, 4).toLowerCase()} ${voucher.code.slice(4)}`);
      await page.locator('[data-testid=redeem-submit]').click();
      await waitForText(page.locator('[data-testid=redeem-success] [data-testid=redeem-outcome-title]'), '核销成功');
      assert.match(await page.locator('[data-testid=redeem-success]').textContent(), new RegExp(voucher.prize_name));
      assert.equal(await textBox(page, 'redeem-code').inputValue(), '');

      await textBox(page, 'redeem-code').fill(voucher.code);
      await page.locator('[data-testid=redeem-submit]').click();
      const failure = page.locator('[data-testid=redeem-failure]');
      await waitForText(failure.locator('[data-testid=redeem-outcome-title]'), '该券已核销，不能重复使用');
      assert.equal(await failure.getAttribute('data-code'), 'already_redeemed');
      assert.match(
        await failure.locator('[data-testid=redeem-outcome-detail]').textContent(),
        new RegExp(`^已于 .+ 由 ${staffName} 核销。$`),
      );

      // A code nobody holds is told apart.
      await textBox(page, 'redeem-code').fill('NOSUCHCODE1');
      await page.locator('[data-testid=redeem-submit]').click();
      await waitForText(page.locator('[data-testid=redeem-failure] [data-testid=redeem-outcome-title]'), '找不到该券码');
      assert.equal(await page.locator('[data-testid=redeem-history] .el-table__body tr.el-table__row').count(), 3);
    });
  });
});

describe('admin console benefits', () => {
  test('a platform admin grants 5 points to the whole 江北区总工会 subtree and sees it done', async () => {
    const admin = await apiAs(env.url, demo.platformAdmin);
    const orgs = (await admin.get('/orgs')).body.items;
    const root = orgs.find((org) => org.parent_id === null);
    const district = orgs.find((org) => org.name === '江北区总工会');
    const summary = async (org) => (await admin.get(`/orgs/${org.id}/points/summary`)).body;
    const rootBefore = await summary(root);
    const districtBefore = await summary(district);

    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.platformAdmin);
      await page.goto(`${env.url}/admin/points`);
      const rootRow = page.locator('[data-testid=points-totals] .el-table__body tr', { hasText: root.name });
      const districtRow = page.locator('[data-testid=points-totals] .el-table__body tr', { hasText: '江北区总工会' });
      await waitForText(districtRow.locator('[data-testid=totals-held]'), districtBefore.held.toLocaleString('zh-CN'));

      await page.locator('[data-testid=points-grant-open]').click();
      const dialog = page.locator('[data-testid=grant-dialog]');
      await dialog.locator('[data-testid=grant-org] .el-select__wrapper').click();
      await page.locator('.el-tree-select__popper:visible .el-tree-node__content', { hasText: '江北区总工会' }).first().click();
      await textBox(page, 'grant-amount').fill('5');
      await textBox(page, 'grant-amount').press('Tab');
      await textBox(page, 'grant-reason').fill('浏览器测试：江北区积分');
      const grantsBefore = (await admin.get('/points/grants?limit=200')).body.items.length;
      await page.locator('[data-testid=grant-submit]').click();

      // First a preview with the API's own figures; nothing is granted before it is confirmed.
      const preview = await admin.post('/points/grants/preview', { org_id: district.id, amount: 5, reason: '浏览器测试：江北区积分' });
      assert.equal(preview.status, 200, JSON.stringify(preview.body));
      assert.ok(preview.body.recipients > 0);
      const count = (value) => value.toLocaleString('zh-CN');
      await waitForText(
        dialog.locator('[data-testid=grant-preview-line]'),
        `将向 ${count(preview.body.recipients)} 人各发放 5 分，共 ${count(preview.body.total)} 分`,
      );
      assert.equal(preview.body.budget_left, null, 'the federation grants without a budget');
      await waitForText(dialog.locator('[data-testid=grant-preview-budget]'), '发放后预算剩余：不限');
      assert.equal((await admin.get('/points/grants?limit=200')).body.items.length, grantsBefore);
      assert.equal((await summary(district)).held, districtBefore.held);
      await dialog.locator('[data-testid=grant-confirm]').click();

      // Progress is shown until the grant is done: every recipient credited.
      await dialog.locator('[data-testid=grant-done]').waitFor({ timeout: 30000 });
      const progress = (await dialog.locator('[data-testid=grant-progress-text]').textContent()).trim();
      const match = /^已到账 ([\d,]+) \/ ([\d,]+) 人/.exec(progress);
      assert.ok(match, progress);
      const granted = Number(match[1].replaceAll(',', ''));
      assert.ok(granted > 0);
      assert.equal(match[1], match[2]);
      await waitForText(dialog.locator('[data-testid=grant-progress-bar] .el-progress-bar__innerText'), '100%');
      await page.locator('[data-testid=grant-close]').click();

      // The totals rise: the federation issued 5 points to each member credited, which the
      // district's members now hold; the grant is listed as done.
      const points = 5 * granted;
      await waitForText(rootRow.locator('[data-testid=totals-issued]'), (rootBefore.issued + points).toLocaleString('zh-CN'));
      await waitForText(districtRow.locator('[data-testid=totals-held]'), (districtBefore.held + points).toLocaleString('zh-CN'));
      await waitForText(
        page.locator('[data-testid=headline-issued] .el-statistic__number'),
        (rootBefore.issued + points).toLocaleString('zh-CN'),
      );
      // The grants are read again by a request of their own, apart from the totals: until it is
      // answered, the first row is the grant before, also 已完成.
      const firstGrant = page.locator('[data-testid=grants-table] .el-table__body tr').first();
      await firstGrant.filter({ hasText: '江北区总工会（含下级）' }).waitFor();
      await waitForText(firstGrant.locator('[data-testid=grant-status]'), '已完成');
      assert.equal((await summary(root)).issued, rootBefore.issued + points);
      assert.equal((await summary(district)).held, districtBefore.held + points);
    });
  });

  test('a district admin sees the budget left after a grant, and a grant past the budget in plain words', async () => {
    const admin = await apiAs(env.url, demo.platformAdmin);
    const orgs = (await admin.get('/orgs')).body.items;
    const district = orgs.find((org) => org.name === '江北区总工会');
    const budget = await fetch(`${env.url}/api/v1/orgs/${district.id}/points/budget`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json', 'idempotency-key': `budget-${Date.now()}` },
      body: JSON.stringify({ budget: 1000 }),
    });
    assert.equal(budget.status, 200, await budget.text());
    const districtAdmin = await apiAs(env.url, demo.districtAdmin);
    const grantsBefore = (await districtAdmin.get('/points/grants?limit=200')).body.items.length;
    const expected = await districtAdmin.post('/points/grants/preview', { org_id: district.id, amount: 1, reason: '预算测试' });
    assert.equal(expected.status, 200, JSON.stringify(expected.body));
    assert.equal(expected.body.budget_left, 1000 - expected.body.total);

    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.districtAdmin);
      await page.goto(`${env.url}/admin/points`);
      await page.locator('[data-testid=points-grant-open]').click();
      const dialog = page.locator('[data-testid=grant-dialog]');
      await dialog.locator('[data-testid=grant-org] .el-select__wrapper').click();
      await page.locator('.el-tree-select__popper:visible .el-tree-node__content', { hasText: '江北区总工会' }).first().click();
      await textBox(page, 'grant-amount').fill('1');
      await textBox(page, 'grant-amount').press('Tab');
      await textBox(page, 'grant-reason').fill('预算测试');
      await page.locator('[data-testid=grant-submit]').click();
      const count = (value) => value.toLocaleString('zh-CN');
      await waitForText(
        dialog.locator('[data-testid=grant-preview-line]'),
        `将向 ${count(expected.body.recipients)} 人各发放 1 分，共 ${count(expected.body.total)} 分`,
      );
      await waitForText(dialog.locator('[data-testid=grant-preview-budget]'), `发放后预算剩余 ${count(expected.body.budget_left)} 分`);

      // Back to the form: 5 points each would take more than the 1,000 of the budget.
      await dialog.locator('[data-testid=grant-back]').click();
      await textBox(page, 'grant-amount').fill('5');
      await textBox(page, 'grant-amount').press('Tab');
      await page.locator('[data-testid=grant-submit]').click();
      await waitForText(
        dialog.locator('[data-testid=grant-error]'),
        '积分预算不够：这次发放的总分数超过了本工会或上级工会剩余的预算。请减少每人分数或发放范围，或请上级工会调整预算。',
      );
      assert.equal(await dialog.locator('[data-testid=grant-preview]').count(), 0);
    });
    // Previews granted nothing.
    assert.equal((await districtAdmin.get('/points/grants?limit=200')).body.items.length, grantsBefore);
    assert.equal((await districtAdmin.get(`/orgs/${district.id}/points/summary`)).body.budget_used, 0);
  });

  test('a platform admin sets a check-in ceiling of 20 for 江北区总工会, which its own admin cannot exceed', async () => {
    const district = '江北区总工会';
    const districtRow = (page) => page.locator('[data-testid=points-totals] .el-table__body tr', { hasText: district });

    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.platformAdmin);
      await page.goto(`${env.url}/admin/points`);
      await districtRow(page).locator('[data-testid=totals-policy]').click();
      const dialog = page.locator('[data-testid=policy-dialog]');
      await waitForText(dialog.locator('.el-dialog__title'), `积分设置 · ${district}`);
      const ceilingSwitch = dialog.locator('[data-testid=policy-ceiling-switch]');
      assert.equal(await ceilingSwitch.locator('input').isDisabled(), false);
      if (!(await ceilingSwitch.getAttribute('class')).includes('is-checked')) await ceilingSwitch.click();
      await textBox(page, 'policy-ceiling').fill('20');
      await textBox(page, 'policy-ceiling').press('Tab');
      // The platform admin is bound by no ceiling, so is shown none.
      assert.equal(await dialog.locator('[data-testid=policy-checkin-max]').count(), 0);
      await page.locator('[data-testid=policy-save]').click();
      await waitForText(page.locator('.el-message--success'), '积分设置已保存');
      await dialog.waitFor({ state: 'hidden' });
    });

    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.districtAdmin);
      await page.goto(`${env.url}/admin/points`);
      await districtRow(page).locator('[data-testid=totals-policy]').click();
      const dialog = page.locator('[data-testid=policy-dialog]');
      await waitForText(dialog.locator('.el-dialog__title'), `积分设置 · ${district}`);
      // The district's own ceiling is shown, read-only: the union above sets it.
      const ceilingSwitch = dialog.locator('[data-testid=policy-ceiling-switch]');
      assert.match(await ceilingSwitch.getAttribute('class'), /is-checked/);
      assert.equal(await ceilingSwitch.locator('input').isDisabled(), true);
      assert.equal(await textBox(page, 'policy-ceiling').inputValue(), '20');
      assert.equal(await textBox(page, 'policy-ceiling').isDisabled(), true);
      assert.match(await dialog.textContent(), /本级工会的签到积分上限由上级工会设置。/);
      await waitForText(dialog.locator('[data-testid=policy-checkin-max]'), '上级工会设定的上限：20 积分');

      // 500 comes down to the ceiling as the input is left, and that is what is saved.
      await dialog.locator('[data-testid=policy-checkin] .el-radio', { hasText: '自定义' }).click();
      await textBox(page, 'policy-checkin-points').fill('500');
      await textBox(page, 'policy-checkin-points').press('Tab');
      assert.equal(await textBox(page, 'policy-checkin-points').inputValue(), '20');
      await page.locator('[data-testid=policy-save]').click();
      await waitForText(page.locator('.el-message--success'), '积分设置已保存');
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(await dialog.locator('[data-testid=policy-error]').count(), 0);
    });

    const admin = await apiAs(env.url, demo.districtAdmin);
    const orgs = (await admin.get('/orgs')).body.items;
    const summary = (await admin.get(`/orgs/${orgs.find((org) => org.name === district).id}/points/summary`)).body;
    assert.equal(summary.checkin_ceiling, 20);
    assert.equal(summary.checkin_max, 20);
    assert.ok(summary.checkin_points !== null && summary.checkin_points <= 20, JSON.stringify(summary));
  });

  test('a visitor applies with a bad phone, corrects it, and the platform admin approves', async () => {
    const name = `测试农场${Date.now() % 100000}`;
    await withPage(env.browser, {}, async (page) => {
      await page.goto(`${env.url}/merchant/apply`);
      await waitForText(page.locator('[data-testid=apply-page] h1'), '商家入驻申请');
      await textBox(page, 'apply-name').fill(name);
      await page.locator('[data-testid=apply-category] .el-select__wrapper').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: '农场' }).first().click();
      await textBox(page, 'apply-address').fill('江北区测试路1号');
      await textBox(page, 'location-lat').fill('30.26');
      await textBox(page, 'location-lat').press('Tab');
      await textBox(page, 'location-lng').fill('120.15');
      await textBox(page, 'location-lng').press('Tab');
      await textBox(page, 'apply-contact').fill('王经理');
      await textBox(page, 'apply-phone').fill('12345');
      await textBox(page, 'apply-licence').fill('91330100MA2TEST01');
      await page.locator('[data-testid=apply-submit]').click();

      const phoneError = page.locator('[data-testid=apply-phone-item] .el-form-item__error');
      await waitForText(phoneError, '请填写正确的手机号或固定电话（如 0571-88000000）。');
      assert.equal(await page.locator('[data-testid=apply-success]').count(), 0);

      await textBox(page, 'apply-phone').fill('13912345678');
      await page.locator('[data-testid=apply-submit]').click();
      await page.locator('[data-testid=apply-success]').waitFor();
      assert.match(await page.locator('[data-testid=apply-success]').textContent(), new RegExp(name));
    });

    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.platformAdmin);
      await page.goto(`${env.url}/admin/merchant-applications`);
      const row = page.locator('[data-testid=application-table] .el-table__body tr.el-table__row', { hasText: name });
      await row.waitFor();
      await row.locator('[data-testid=application-approve]').click();
      await page.locator('[data-testid=approve-save]').click();
      await waitForText(page.locator('.el-message--success'), `已通过「${name}」的申请`);
      await row.waitFor({ state: 'detached' });

      await page.locator('[data-testid=application-status-approved]').click();
      await page.locator('[data-testid=application-table] .el-table__body tr.el-table__row', { hasText: name }).waitFor();
    });

    // The new merchant is signed and listed for members.
    const member = await apiAs(env.url, demo.member);
    const found = (await member.get(`/merchants?q=${encodeURIComponent(name)}`)).body.items;
    assert.ok(
      found.some((merchant) => merchant.name === name && merchant.status === 'signed'),
      JSON.stringify(found),
    );
  });
});
