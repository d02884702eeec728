// The public draw-verification page recomputes the demo's drawn lottery in the browser and
// says it is verified; a tampered bundle pasted into it is named as failing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demo, gonghuiServer, launchBrowser, openPage } from './browser.mjs';

let server;
let browser;
let campaignId;
let bundle;

before(async () => {
  server = await gonghuiServer();
  browser = await launchBrowser();
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: demo.member, password: demo.password }),
  });
  const { token } = await login.json();
  const campaigns = await (await fetch(`${server.url}/api/v1/campaigns`, { headers: { authorization: `Bearer ${token}` } })).json();
  campaignId = campaigns.items.find((c) => c.status === 'drawn').id;
  bundle = await (await fetch(`${server.url}/api/v1/campaigns/${campaignId}/audit`)).json();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the public page verifies a drawn lottery without signing in', async () => {
  const page = await openPage(browser);
  try {
    await page.goto(`${server.url}/verify/?campaign=${campaignId}`);
    const verdict = page.locator('[data-testid=verdict]');
    await verdict.waitFor({ timeout: 15000 });
    assert.match(await verdict.textContent(), /已验证/);
    assert.equal(await page.locator('tbody tr').count(), bundle.winners.length);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('a tampered bundle is refused with the mismatch named', async () => {
  const page = await openPage(browser, { locale: 'en' });
  try {
    await page.goto(`${server.url}/verify/`);
    const forged = structuredClone(bundle);
    forged.entries[0].tickets += 1;
    await page.locator('[data-testid=pasted]').fill(JSON.stringify(forged));
    await page.locator('[data-testid=verify-pasted]').click();
    const verdict = page.locator('[data-testid=verdict]');
    await verdict.waitFor({ timeout: 15000 });
    const text = await verdict.textContent();
    assert.match(text, /Verification failed/);
    assert.match(text, /Entries digest does not match/);
  } finally {
    await page.context().close();
  }
});
