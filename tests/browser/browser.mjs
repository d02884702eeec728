// Launches Debian's Chromium through playwright-core and finds the gonghui server under test:
// GONGHUI_URL when set, else the built binary started by the API test harness.
import { chromium } from 'playwright-core';

export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: chromiumArgs });
}

// Returns { url, stop() }: the server named by GONGHUI_URL (left running), or a fresh one.
export async function gonghuiServer() {
  if (process.env.GONGHUI_URL) {
    return { url: process.env.GONGHUI_URL.replace(/\/+$/, ''), stop: async () => {} };
  }
  const { startServer } = await import('../api/harness.mjs');
  const server = await startServer();
  return { url: server.url, stop: () => server.stop() };
}

// Screen sizes the apps are designed for: a phone for the member H5, a laptop for consoles.
export const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const laptop = { viewport: { width: 1280, height: 800 } };

// A fresh page (own cookies and storage) that records uncaught errors in page.errors.
// options.locale, when given, is stored as the app language before the first load.
export async function openPage(browser, { device = laptop, locale } = {}) {
  const context = await browser.newContext(device);
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
    last = await locator.first().textContent({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => undefined);
    if (last?.trim() === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected text ${JSON.stringify(expected)}, last saw ${JSON.stringify(last?.trim())}`);
}
