// A federation's first day in the browser: the platform admin appoints a union admin on the
// unions page and the invitee accepts the one-time link on a phone; an admin invites merchant
// staff; an imported member activates their account at 390×844, and a used link says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, phone, signInByApi, testEnvironment, textBox, waitForText, withPage } from './browser.mjs';

const env = testEnvironment();

// Accepts a link on a phone with a new password; checks what the page shows first.
async function acceptOnPhone(link, { heading, maskedPhone, password }) {
  await withPage(env.browser, { device: phone }, async (page) => {
    await page.goto(link);
    await waitForText(page.locator('[data-testid=invite-heading]'), heading);
    await waitForText(page.locator('[data-testid=invite-phone]'), maskedPhone);
    await textBox(page, 'invite-password').fill(password);
    await textBox(page, 'invite-confirm').fill(password);
    await page.locator('[data-testid=invite-submit]').click();
    await waitForText(page.locator('[data-testid=invite-done] h2'), '已完成');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page fits the phone (${width}px)`);
  });
}

async function signsIn(phoneNumber, password) {
  const response = await fetch(`${env.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: phoneNumber, password }),
  });
  assert.equal(response.status, 200, `sign-in of ${phoneNumber}`);
  return (await response.json()).account.roles;
}

test('the platform admin appoints a district admin, who accepts the link on a phone', async () => {
  let link;
  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/orgs`);
    await page.locator('[data-testid=org-tree]').getByText('城南区总工会', { exact: true }).click();
    const panel = page.locator('[data-testid=org-admins]');
    await panel.locator('[data-testid=org-admin-appoint]').click();
    await textBox(page, 'appoint-phone').fill('13655550001');
    await textBox(page, 'appoint-name').fill('城南新管理员');
    await page.locator('[data-testid=appoint-save]').click();
    const address = textBox(page, 'one-time-link-address');
    await address.waitFor();
    link = await address.inputValue();
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/invite\/gi_/);
    await page.locator('[data-testid=one-time-link-close]').click();
    await waitForText(panel.locator('[data-testid=org-admin-pending] .el-table__row td').nth(1), '136****0001');
  });
  await acceptOnPhone(link, { heading: '邀请您担任「城南区总工会」的管理员', maskedPhone: '136****0001', password: 'district-new-pw' });
  const roles = await signsIn('13655550001', 'district-new-pw');
  assert.deepEqual(
    roles.map((r) => r.role),
    ['org_admin'],
  );

  // The used link says so, in Chinese.
  await withPage(env.browser, { device: phone }, async (page) => {
    await page.goto(link);
    await waitForText(page.locator('[data-testid=invite-unusable] p'), '该链接已经使用过，请直接登录。');
  });
});

test('an admin invites merchant staff and the link shows once, to be accepted', async () => {
  const admin = await apiAs(env.url, demo.platformAdmin);
  const merchant = (await admin.get('/merchants?limit=1')).body.items[0];
  let link;
  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/merchants/${merchant.id}`);
    await page.locator('[data-testid=merchant-add-staff]').click();
    await textBox(page, 'staff-phone').fill('13655550002');
    await textBox(page, 'staff-name').fill('新店员');
    await page.locator('[data-testid=staff-save]').click();
    const address = textBox(page, 'one-time-link-address');
    await address.waitFor();
    link = await address.inputValue();
    assert.match(link, /\/invite\/gi_/);
  });
  await acceptOnPhone(link, { heading: `邀请您成为「${merchant.name}」的店员`, maskedPhone: '136****0002', password: 'staff-new-pw1' });
  const roles = await signsIn('13655550002', 'staff-new-pw1');
  assert.deepEqual(
    roles.map((r) => r.role),
    ['merchant_staff'],
  );
});

test('an imported member activates their account at 390×844', async () => {
  const district = await apiAs(env.url, demo.districtAdmin);
  const base = (await district.get('/orgs')).body.items.find((o) => o.kind === 'base');
  const created = await district.post('/members', { name: '激活测试', phone: '13655550003', card_no: 'GH55550003', org_id: base.id });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const issued = await district.post(`/members/${created.body.id}/activation`, {}, 'browser-activation');
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  await acceptOnPhone(`${env.url}${issued.body.link}`, {
    heading: `「${base.name}」会员账号激活`,
    maskedPhone: '136****0003',
    password: 'member-new-pw',
  });
  const roles = await signsIn('13655550003', 'member-new-pw');
  assert.deepEqual(
    roles.map((r) => r.role),
    ['member'],
  );
});
