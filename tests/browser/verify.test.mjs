// The public draw-verification page recomputes the demo's drawn lottery in the browser and
// says it is verified; a tampered bundle pasted into it is named as failing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, testEnvironment, withPage } from './browser.mjs';

let campaignId;
let bundle;
const env = testEnvironment({
  async setUp({ url }) {
    const member = await apiAs(url, demo.member);
    campaignId = (await member.get('/campaigns')).body.items.find((c) => c.status === 'drawn').id;
    bundle = (await member.get(`/campaigns/${campaignId}/audit`)).body;
  },
});

test('the public page verifies a drawn lottery without signing in', async () => {
  await withPage(env.browser, {}, async (page) => {
    await page.goto(`${env.url}/verify/?campaign=${campaignId}`);
    const verdict = page.locator('[data-testid=verdict]');
    await verdict.waitFor({ timeout: 15000 });
    assert.match(await verdict.textContent(), /已验证/);
    assert.equal(await page.locator('tbody tr').count(), bundle.winners.length);
  });
});

test('a tampered bundle is refused with the mismatch named', async () => {
  await withPage(env.browser, { locale: 'en' }, async (page) => {
    await page.goto(`${env.url}/verify/`);
    const forged = structuredClone(bundle);
    forged.entries[0].tickets += 1;
    await page.locator('[data-testid=pasted]').fill(JSON.stringify(forged));
    await page.locator('[data-testid=verify-pasted]').click();
    const verdict = page.locator('[data-testid=verdict]');
    await verdict.waitFor({ timeout: 15000 });
    const text = await verdict.textContent();
    assert.match(text, /Verification failed/);
    assert.match(text, /Entries digest does not match/);
  });
});
