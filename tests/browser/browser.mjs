// What the browser tests share: Debian's Chromium through playwright-core, the gonghui server
// under test (GONGHUI_URL when set, else the built binary started by the API test harness),
// signing in, API calls beside the page, and pages that fail a test on an uncaught error.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';

import { chromium } from 'playwright-core';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: chromiumArgs });
}

// Returns { url, stop() }: the server named by GONGHUI_URL (left running), or a fresh one
// with the demo federation and its log-ins (see `demo`).
export async function gonghuiServer() {
  if (process.env.GONGHUI_URL) {
    return { url: process.env.GONGHUI_URL.replace(/\/+$/, ''), stop: async () => {} };
  }
  const { startServer } = await import('../api/harness.mjs');
  const server = await startServer({ demo: true });
  return { url: server.url, stop: () => server.stop() };
}

// The server and Chromium of one test file: started before its first test, stopped after its
// last. `env.server` and `env.browser` are set once `before` has run; `env.url` is the server's
// address. `setUp(env)`, when given, runs after both have started.
export function testEnvironment({ setUp } = {}) {
  const env = {
    server: undefined,
    browser: undefined,
    get url() {
      return env.server.url;
    },
  };
  before(async () => {
    env.server = await gonghuiServer();
    env.browser = await launchBrowser();
    await setUp?.(env);
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

// The demo log-ins (`gonghui demo`), all with the same password.
export const demo = {
  password: 'gonghui-demo',
  platformAdmin: '13800000000',
  districtAdmin: '13800000001',
  member: '13900000001',
  merchantStaff: '13700000001',
};

// The JSON API as one account, beside the browser: signed in with a bearer token (so writes need
// no CSRF token). Each call answers { status, body }.
export async function apiAs(baseUrl, phone, password = demo.password) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password }),
  });
  assert.equal(login.status, 200, `sign-in of ${phone}`);
  const { token } = await login.json();
  const call = async (method, path, { body, idempotencyKey } = {}) => {
    const headers = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    token,
    get: (path) => call('GET', path),
    post: (path, body, idempotencyKey) => call('POST', path, { body, idempotencyKey }),
    patch: (path, body, idempotencyKey) => call('PATCH', path, { body, idempotencyKey }),
    put: (path, body) => call('PUT', path, { body }),
    delete: (path) => call('DELETE', path),
  };
}

// A GET of the JSON API with the page's own session (its cookie); fails unless it is 200.
export async function pageGet(page, baseUrl, path) {
  const response = await page.context().request.get(`${baseUrl}/api/v1${path}`);
  assert.equal(response.status(), 200, `${path}: ${await response.text()}`);
  return response.json();
}

// Signs the page's browser context in through the API (the session cookie is shared by the
// context's pages), for tests about what comes after sign-in.
export async function signInByApi(page, baseUrl, phone, password = demo.password) {
  const response = await page.context().request.post(`${baseUrl}/api/v1/auth/login`, { data: { phone, password } });
  if (!response.ok()) throw new Error(`sign-in of ${phone} failed: ${response.status()} ${await response.text()}`);
}

// The text box marked `data-testid=<id>`: Element Plus puts the attribute on the <input>
// itself, Vant on the field around it.
export function textBox(page, id) {
  return page.locator(`input[data-testid=${id}], [data-testid=${id}] input`).first();
}

// Signs in through a sign-in page (any of the three apps) that is already open.
export async function signInByForm(page, phone, password = demo.password) {
  await textBox(page, 'sign-in-phone').fill(phone);
  await textBox(page, 'sign-in-password').fill(password);
  await page.locator('[data-testid=sign-in-submit]').click();
}

// Waits until the page's path (without query) is `path`.
export async function waitForPath(page, path, timeout = 10000) {
  await page.waitForURL((url) => url.pathname === path, { timeout });
}

// Screen sizes the apps are designed for: a phone for the member H5, a laptop for consoles.
export const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const laptop = { viewport: { width: 1280, height: 800 } };

// A phone set to 150 % display size (Android's 显示大小, which older members turn up): the same
// 390×844 screen at 1.5 device pixels per CSS pixel, opened with `zoom: 1.5`. Display size
// scales the whole page, text and layout alike, so the page lays out in 260 CSS px of width;
// CSS zoom on the root element does exactly that (a root font-size would miss the px sizes Vant
// uses everywhere).
export const phoneAt150 = { ...phone, deviceScaleFactor: 1.5 };
export const displaySize150 = 1.5;

// A fresh page (own cookies and storage) that records uncaught errors in page.errors.
// options.locale, when given, is stored as the app language before the first load; options.zoom
// (e.g. displaySize150) zooms every page of the context by CSS `zoom` on its root element.
export async function openPage(browser, { device = laptop, locale, zoom } = {}) {
  const context = await browser.newContext(device);
  if (zoom) {
    await context.addInitScript((factor) => {
      const apply = () => {
        if (document.documentElement) document.documentElement.style.zoom = String(factor);
      };
      apply();
      document.addEventListener('readystatechange', apply);
    }, zoom);
  }
  if (locale) {
    await context.addInitScript((value) => {
      window.localStorage.setItem('gonghui.locale', value);
    }, locale);
  }
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error));
  return page;
}

// Waits until the locator's trimmed text equals `expected`; fails with the last text seen.
export async function waitForText(locator, expected, timeout = 10000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await locator
      .first()
      .textContent({ timeout: Math.max(1, deadline - Date.now()) })
      .catch(() => undefined);
    if (last?.trim() === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected text ${JSON.stringify(expected)}, last saw ${JSON.stringify(last?.trim())}`);
}

// Waits until the <img> of `locator` has loaded a picture (an image fetched from the server
// arrives after the element appears).
export async function waitForImage(locator) {
  await locator.page().waitForFunction((image) => image.complete && image.naturalWidth > 0, await locator.elementHandle());
}

// Runs `body` with a fresh page and closes it afterwards; uncaught page errors fail the test.
export async function withPage(browser, options, body) {
  const page = await openPage(browser, options);
  try {
    await body(page);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
}
