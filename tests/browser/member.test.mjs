// The member H5 behind sign-in: a member signs in, opens 我的 and sees their own card; the
// password form reports a wrong current password; signing out returns to sign-in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demo, phone, signInByForm, testEnvironment, textBox, waitForPath, waitForText, withPage } from './browser.mjs';

const env = testEnvironment();

test('a member signs in and sees their profile on 我的', async () => {
  await withPage(env.browser, { device: phone }, async (page) => {
    await page.goto(`${env.url}/me`);
    await waitForPath(page, '/login');
    await signInByForm(page, demo.member);
    await waitForPath(page, '/me');
    await waitForText(page.locator('[data-testid=me-name]'), '陈晓梅');
    await waitForText(page.locator('[data-testid=me-card-no]'), 'GH20210001');
    await waitForText(page.locator('[data-testid=me-phone]'), '139****0001');
    assert.match(await page.locator('[data-testid=me-union]').textContent(), /工会/);

    // The home tab and back keep the session.
    await page.locator('[data-testid=tab-home]').click();
    await waitForPath(page, '/');
    await page.locator('[data-testid=tab-me]').click();
    await waitForText(page.locator('[data-testid=me-card-no]'), 'GH20210001');
  });
});

test('a member signing in at / lands on the home page', async () => {
  await withPage(env.browser, { device: phone }, async (page) => {
    await page.goto(`${env.url}/`);
    await waitForPath(page, '/login');
    await signInByForm(page, demo.member);
    await waitForPath(page, '/');
    await page.locator('[data-testid=member-layout]').waitFor();
    await page.locator('[data-testid=tab-me]').click();
    await waitForText(page.locator('[data-testid=me-name]'), '陈晓梅');
  });
});

test('a wrong current password is reported; signing out returns to sign-in', async () => {
  await withPage(env.browser, { device: phone }, async (page) => {
    await page.goto(`${env.url}/login`);
    await signInByForm(page, demo.member);
    await waitForPath(page, '/');
    await page.goto(`${env.url}/me/password`);
    await textBox(page, 'old-password').fill('not-my-password');
    await textBox(page, 'new-password').fill('a-new-password');
    await textBox(page, 'confirm-password').fill('a-new-password');
    await page.locator('[data-testid=password-submit]').click();
    await waitForText(page.locator('[data-testid=password-error]'), '当前密码不正确。');

    await page.goto(`${env.url}/me`);
    await page.locator('[data-testid=sign-out]').click();
    await page.locator('.van-dialog__confirm').click();
    await waitForPath(page, '/login');
    const me = await page.context().request.get(`${env.url}/api/v1/me`);
    assert.equal(me.status(), 401);
  });
});

test('an admin account on the H5 is told it is not a member', async () => {
  await withPage(env.browser, { device: phone }, async (page) => {
    await page.goto(`${env.url}/login`);
    await signInByForm(page, demo.districtAdmin);
    const denied = page.locator('[data-testid=sign-in-denied]');
    await denied.waitFor();
    assert.match(await denied.textContent(), /不是工会会员/);
  });
});
