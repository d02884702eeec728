// The three front ends load, show the server's version (on their sign-in pages), switch
// language and survive deep links.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demo, gonghuiServer, launchBrowser, laptop, openPage, phone, signInByApi, waitForPath, waitForText } from './browser.mjs';

let server;
let browser;
let version;

before(async () => {
  server = await gonghuiServer();
  browser = await launchBrowser();
  const response = await fetch(`${server.url}/api/v1/health`);
  assert.equal(response.status, 200);
  ({ version } = await response.json());
  assert.match(version, /^\d+\.\d+\.\d+/);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const apps = [
  { name: 'member H5', path: '/', signIn: '/login', device: phone, toast: '.van-toast' },
  { name: 'admin console', path: '/admin/', signIn: '/admin/login', device: laptop, toast: '.el-message' },
  { name: 'merchant console', path: '/merchant/', signIn: '/merchant/login', device: laptop, toast: '.el-message' },
];

describe('home pages', () => {
  for (const app of apps) {
    test(`${app.name} at ${app.path} asks to sign in and shows the server version`, async () => {
      const page = await openPage(browser, { device: app.device });
      try {
        const response = await page.goto(`${server.url}${app.path}`);
        assert.equal(response.status(), 200);
        await waitForPath(page, app.signIn);
        await page.locator('[data-testid=sign-in-page]').waitFor();
        await waitForText(page.locator('[data-testid=server-version]'), version);
        assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
        assert.deepEqual(page.errors, []);
      } finally {
        await page.context().close();
      }
    });
  }

  test('the admin console home shows the server version after sign-in', async () => {
    const page = await openPage(browser);
    try {
      await signInByApi(page, server.url, demo.districtAdmin);
      await page.goto(`${server.url}/admin/`);
      await waitForText(page.locator('[data-testid=page-title]'), '概览');
      await waitForText(page.locator('[data-testid=server-version]'), version);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.context().close();
    }
  });
});

describe('language', () => {
  test('the admin console switches to English and remembers it', async () => {
    const page = await openPage(browser);
    try {
      await signInByApi(page, server.url, demo.districtAdmin);
      await page.goto(`${server.url}/admin/`);
      const title = page.locator('[data-testid=page-title]');
      await waitForText(title, '概览');
      await page.locator('[data-testid=locale-switch]').click();
      await waitForText(title, 'Overview');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      // The choice is stored, so the next visit (and the other apps) open in English.
      await page.goto(`${server.url}/merchant/`);
      await waitForText(page.locator('[data-testid=sign-in-title]'), 'Sign in');
      await waitForText(page.locator('[data-testid=server-version]'), version);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.context().close();
    }
  });

  test('the member H5 switches to English from its settings page', async () => {
    const page = await openPage(browser, { device: phone });
    try {
      await signInByApi(page, server.url, demo.member);
      await page.goto(`${server.url}/settings`);
      const homeTab = page.locator('[data-testid=tab-home]');
      await waitForText(homeTab, '首页');
      await page.locator('[data-testid=language-en]').click();
      await waitForText(homeTab, 'Home');
      await page.locator('[data-testid=locale-switch]').click();
      await waitForText(homeTab, '首页');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.context().close();
    }
  });
});

describe('deep links', () => {
  const links = [
    { path: '/admin/some/route', layout: 'console-layout', account: demo.districtAdmin },
    { path: '/no/such/page', layout: 'member-layout', device: phone, account: demo.member },
  ];
  for (const link of links) {
    test(`${link.path} loads its app and says the page does not exist`, async () => {
      const page = await openPage(browser, { device: link.device });
      try {
        await signInByApi(page, server.url, link.account);
        const response = await page.goto(`${server.url}${link.path}`);
        assert.equal(response.status(), 200);
        assert.match(response.headers()['content-type'], /^text\/html/);
        await page.locator(`[data-testid=${link.layout}]`).waitFor();
        await page.locator('[data-testid=not-found]').waitFor();
        assert.equal(new URL(page.url()).pathname, link.path);
        assert.deepEqual(page.errors, []);
      } finally {
        await page.context().close();
      }
    });
  }

  test('a deep link without sign-in loads its app and goes to sign-in, keeping the link', async () => {
    const page = await openPage(browser);
    try {
      const response = await page.goto(`${server.url}/merchant/orders/42`);
      assert.equal(response.status(), 200);
      assert.match(response.headers()['content-type'], /^text\/html/);
      await waitForPath(page, '/merchant/login');
      assert.equal(new URL(page.url()).searchParams.get('redirect'), '/orders/42');
      await page.locator('[data-testid=sign-in-page]').waitFor();
      assert.deepEqual(page.errors, []);
    } finally {
      await page.context().close();
    }
  });
});

describe('server unreachable', () => {
  for (const app of apps) {
    test(`${app.name} says so clearly when the server cannot be reached`, async () => {
      const page = await openPage(browser, { device: app.device });
      try {
        await page.route('**/api/v1/health', (route) => route.abort('connectionrefused'));
        await page.goto(`${server.url}${app.path}`);
        const state = page.locator('[data-testid=server-unreachable]');
        await state.waitFor();
        assert.match(await state.textContent(), /无法连接服务器/);
        assert.equal(await page.locator('[data-testid=server-version]').count(), 0);
        // A retry that fails again is reported the app's usual way (Vant toast, ElMessage).
        await page.locator('[data-testid=retry]').click();
        await waitForText(page.locator(app.toast), '无法连接服务器，请检查网络。');
        assert.deepEqual(page.errors, []);
      } finally {
        await page.context().close();
      }
    });
  }
});
