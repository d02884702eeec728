// Sign-in by a code sent by text (验证码登录) and a forgotten password reset by code (忘记密码),
// on a phone at 390×844 and in the admin console. The demo's log provider keeps each text in
// the platform admin's outbox, where the test reads the code as a member reads their phone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiAs, demo, phone, signInByForm, testEnvironment, textBox, waitForPath, waitForText, withPage } from './browser.mjs';

const env = testEnvironment();

// The newest code texted to a number.
async function codeSentTo(number) {
  const platform = await apiAs(env.url, demo.platformAdmin);
  const outbox = await platform.get(`/sms/outbox?phone=${number}`);
  assert.equal(outbox.status, 200);
  const text = outbox.body.items[0];
  assert.ok(text, `no text to ${number}`);
  return /(\d{6})/.exec(text.body)[1];
}

function otherThan(code) {
  return code === '000000' ? '000001' : '000000';
}

describe('member H5 at 390×844', () => {
  test('a member signs in with a text code; a wrong code is said in Chinese', async () => {
    await withPage(env.browser, { device: phone }, async (page) => {
      await page.goto(`${env.url}/login`);
      await page.locator('.van-tab', { hasText: '验证码登录' }).click();
      await textBox(page, 'sign-in-phone').fill(demo.member);
      await page.locator('[data-testid=send-code]').click();
      await waitForText(page.locator('[data-testid=code-sent]'), '验证码已发送，5 分钟内有效。');
      assert.match((await page.locator('[data-testid=send-code]').textContent()).trim(), /^\d+ 秒后重发$/);
      assert.ok(await page.locator('[data-testid=send-code]').isDisabled());
      const code = await codeSentTo(demo.member);

      await textBox(page, 'sign-in-code').fill(otherThan(code));
      await page.locator('[data-testid=sign-in-submit]').click();
      await waitForText(page.locator('[data-testid=sign-in-error]'), '验证码不正确，请检查短信后重新输入。');

      await textBox(page, 'sign-in-code').fill(code);
      await page.locator('[data-testid=sign-in-submit]').click();
      await waitForPath(page, '/');
      // The page fits the phone's width.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390));
    });
  });

  test('a member resets a forgotten password with a text code and signs in with it', async () => {
    const member = '13900000005';
    await withPage(env.browser, { device: phone }, async (page) => {
      await page.goto(`${env.url}/login`);
      await page.locator('[data-testid=forgot-password]').click();
      await waitForText(page.locator('[data-testid=reset-title]'), '用短信验证码重设密码');
      await textBox(page, 'sign-in-phone').fill(member);
      await page.locator('[data-testid=send-code]').click();
      await waitForText(page.locator('[data-testid=code-sent]'), '验证码已发送，5 分钟内有效。');
      // Asked again too soon (another tab): the wait is said in seconds.
      const again = await fetch(`${env.url}/api/v1/auth/code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: member, purpose: 'reset_password' }),
      });
      assert.equal(again.status, 429);

      await textBox(page, 'sign-in-code').fill(await codeSentTo(member));
      await textBox(page, 'reset-new-password').fill('my new password 1');
      await page.locator('[data-testid=sign-in-submit]').click();
      await waitForText(page.locator('[data-testid=password-reset-done]'), '密码已重设，请用新密码登录。');
      await signInByForm(page, member, 'my new password 1');
      await waitForPath(page, '/');
    });
  });
});

describe('admin console', () => {
  test('an admin signs in with a text code', async () => {
    await withPage(env.browser, {}, async (page) => {
      await page.goto(`${env.url}/admin/login`);
      await page.locator('.el-tabs__item', { hasText: '验证码登录' }).click();
      await textBox(page, 'sign-in-phone').fill(demo.districtAdmin);
      await page.locator('[data-testid=send-code]').click();
      await waitForText(page.locator('[data-testid=code-sent]'), '验证码已发送，5 分钟内有效。');
      await textBox(page, 'sign-in-code').fill(await codeSentTo(demo.districtAdmin));
      await page.locator('[data-testid=sign-in-submit]').click();
      await waitForPath(page, '/admin/');
      await waitForText(page.locator('[data-testid=signed-in-name]'), '江北区工会管理员');
    });
  });

  test('the platform admin sees the SMS settings and the demo outbox', async () => {
    await withPage(env.browser, {}, async (page) => {
      await page.goto(`${env.url}/admin/sms`);
      await waitForPath(page, '/admin/login');
      await signInByForm(page, demo.platformAdmin);
      await waitForPath(page, '/admin/sms');
      await waitForText(page.locator('[data-testid=sms-provider]'), '短信服务：日志（演示，不真实发送）');
      await page.locator('[data-testid=sms-outbox] .el-table__body tr').first().waitFor();
      assert.match(await page.locator('[data-testid=sms-outbox]').textContent(), /验证码为\d{6}/);
    });
  });
});
