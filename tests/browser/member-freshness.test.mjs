// What members read is what merchants have now: an offer renamed while a member is looking at
// search results shows under its new name when the member comes back to the column.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, phone, signInByApi, testEnvironment, textBox, waitForPath, withPage } from './browser.mjs';

const env = testEnvironment();

test('an offer renamed by its merchant shows renamed when the member comes back to the search', async () => {
  const staff = await apiAs(env.url, demo.merchantStaff);
  const own = (await staff.get('/me/merchant')).body;
  const offer = own.offers.find((candidate) => candidate.status === 'active');
  assert.equal(offer.title, '会员采摘门票8.8折');

  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    await page.goto(`${env.url}/merchants`);
    await textBox(page, 'catalogue-search').fill('采摘门票');
    const hit = (title) => page.locator('[data-testid=search-hit][data-kind=offer]', { hasText: title });
    await hit('会员采摘门票8.8折').waitFor();

    const renamed = await staff.patch(`/offers/${offer.id}`, { title: '会员采摘门票8.5折', pay_percent: 85 }, 'rename-offer');
    assert.equal(renamed.status, 200);

    await hit('会员采摘门票8.8折').click();
    await waitForPath(page, `/merchants/${own.id}`);
    await page.locator('.van-nav-bar__left').click();
    await waitForPath(page, '/merchants');
    await hit('会员采摘门票8.5折').waitFor();
    assert.equal(await hit('会员采摘门票8.8折').count(), 0);
  });
});
