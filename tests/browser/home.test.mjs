// The front ends load, the consoles show the server's version on their sign-in pages
// (members see nothing technical), switch language and survive deep links.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demo, laptop, phone, signInByApi, testEnvironment, waitForPath, waitForText, withPage } from './browser.mjs';

let version;
const env = testEnvironment({
  async setUp({ url }) {
    const response = await fetch(`${url}/api/v1/health`);
    assert.equal(response.status, 200);
    ({ version } = await response.json());
    assert.match(version, /^\d+\.\d+\.\d+/);
  },
});

const apps = [
  { name: 'member H5', path: '/', signIn: '/login', device: phone, toast: '.van-toast', showsVersion: false },
  { name: 'admin console', path: '/admin/', signIn: '/admin/login', device: laptop, toast: '.el-message', showsVersion: true },
  { name: 'merchant console', path: '/merchant/', signIn: '/merchant/login', device: laptop, toast: '.el-message', showsVersion: true },
  { name: 'employer console', path: '/employer/', signIn: '/employer/login', device: laptop, toast: '.el-message', showsVersion: true },
];

describe('home pages', () => {
  for (const app of apps) {
    const shows = app.showsVersion ? 'shows the server version' : 'shows no server version';
    test(`${app.name} at ${app.path} asks to sign in and ${shows}`, async () => {
      await withPage(env.browser, { device: app.device }, async (page) => {
        const healthAnswered = app.showsVersion ? null : page.waitForResponse((answer) => answer.url().endsWith('/api/v1/health'));
        const response = await page.goto(`${env.url}${app.path}`);
        assert.equal(response.status(), 200);
        await waitForPath(page, app.signIn);
        await page.locator('[data-testid=sign-in-page]').waitFor();
        if (app.showsVersion) {
          await waitForText(page.locator('[data-testid=server-version]'), version);
        } else {
          await healthAnswered;
          await page.locator('[data-testid=sign-in-submit]').waitFor();
          assert.equal(await page.locator('[data-testid=server-health]').count(), 0);
          assert.doesNotMatch(await page.locator('body').innerText(), new RegExp(version.replace(/\./g, '\\.')));
        }
        assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
      });
    });
  }

  test('the admin console home is a to-do list; only the platform admin finds the server version, folded away', async () => {
    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.districtAdmin);
      await page.goto(`${env.url}/admin/`);
      await waitForText(page.locator('[data-testid=page-title]'), '概览');
      await page.locator('[data-testid=overview-applications]').waitFor();
      assert.equal(await page.locator('[data-testid=overview-system]').count(), 0);
      assert.equal(await page.locator('[data-testid=server-version]').count(), 0);
    });
    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.platformAdmin);
      await page.goto(`${env.url}/admin/`);
      await page.locator('[data-testid=overview-system] .el-collapse-item__header').click();
      await waitForText(page.locator('[data-testid=server-version]'), version);
    });
  });
});

describe('language', () => {
  test('the admin console switches to English and remembers it', async () => {
    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.districtAdmin);
      await page.goto(`${env.url}/admin/`);
      const title = page.locator('[data-testid=page-title]');
      await waitForText(title, '概览');
      await page.locator('[data-testid=locale-switch]').click();
      await waitForText(title, 'Overview');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      // The choice is stored, so the next visit (and the other apps) open in English.
      await page.goto(`${env.url}/merchant/`);
      await waitForText(page.locator('[data-testid=sign-in-title]'), 'Sign in');
      await waitForText(page.locator('[data-testid=server-version]'), version);
    });
  });

  test('the member H5 switches to English from its settings page', async () => {
    await withPage(env.browser, { device: phone }, async (page) => {
      await signInByApi(page, env.url, demo.member);
      await page.goto(`${env.url}/settings`);
      const homeTab = page.locator('[data-testid=tab-home]');
      await waitForText(homeTab, '首页');
      await page.locator('[data-testid=language-en]').click();
      await waitForText(homeTab, 'Home');
      await page.locator('[data-testid=locale-switch]').click();
      await waitForText(homeTab, '首页');
    });
  });
});

describe('deep links', () => {
  const links = [
    { path: '/admin/some/route', layout: 'console-layout', account: demo.districtAdmin },
    { path: '/no/such/page', layout: 'member-layout', device: phone, account: demo.member },
  ];
  for (const link of links) {
    test(`${link.path} loads its app and says the page does not exist`, async () => {
      await withPage(env.browser, { device: link.device }, async (page) => {
        await signInByApi(page, env.url, link.account);
        const response = await page.goto(`${env.url}${link.path}`);
        assert.equal(response.status(), 200);
        assert.match(response.headers()['content-type'], /^text\/html/);
        await page.locator(`[data-testid=${link.layout}]`).waitFor();
        await page.locator('[data-testid=not-found]').waitFor();
        assert.equal(new URL(page.url()).pathname, link.path);
      });
    });
  }

  test('a deep link without sign-in loads its app and goes to sign-in, keeping the link', async () => {
    await withPage(env.browser, {}, async (page) => {
      const response = await page.goto(`${env.url}/merchant/orders/42`);
      assert.equal(response.status(), 200);
      assert.match(response.headers()['content-type'], /^text\/html/);
      await waitForPath(page, '/merchant/login');
      assert.equal(new URL(page.url()).searchParams.get('redirect'), '/orders/42');
      await page.locator('[data-testid=sign-in-page]').waitFor();
    });
  });
});

describe('server unreachable', () => {
  for (const app of apps) {
    test(`${app.name} says so clearly when the server cannot be reached`, async () => {
      await withPage(env.browser, { device: app.device }, async (page) => {
        await page.route('**/api/v1/health', (route) => route.abort('connectionrefused'));
        await page.goto(`${env.url}${app.path}`);
        const state = page.locator('[data-testid=server-unreachable]');
        await state.waitFor();
        assert.match(await state.textContent(), /无法连接服务器/);
        assert.equal(await page.locator('[data-testid=server-version]').count(), 0);
        // A retry that fails again is reported the app's usual way (Vant toast, ElMessage).
        await page.locator('[data-testid=retry]').click();
        await waitForText(page.locator(app.toast), '无法连接服务器，请检查网络。');
      });
    });
  }
});
