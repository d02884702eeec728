// 电子会员卡 and sharing at 390×844: the member's card shows name, union, number and a QR code
// that is replaced by the next minute's without a reload; merchant staff verify the code and
// record an offer use; the 分享 sheet of a campaign copies the page's link and draws a poster.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, phone, signInByApi, testEnvironment, waitForImage, waitForText, withPage } from './browser.mjs';

let member;
let campaignId;

const env = testEnvironment({
  async setUp({ url }) {
    member = await apiAs(url, demo.member);
    const campaigns = (await member.get('/campaigns')).body.items;
    campaignId = campaigns.find((c) => c.status !== 'draft')?.id ?? campaigns[0]?.id;
    assert.ok(campaignId, 'the demo has a campaign');
  },
});

test('the membership card shows the member and replaces its code without a reload', async () => {
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    // The first answer is made stale and due soon: the page must fetch the next one by itself.
    // The next answer is held back until the stale code has been read, which on a busy machine
    // can take longer than the page waits before fetching.
    let calls = 0;
    let staleRead;
    const staleWasRead = new Promise((resolve) => {
      staleRead = resolve;
    });
    await page.route('**/api/v1/me/card', async (route) => {
      calls += 1;
      if (calls > 1) {
        await staleWasRead;
        return route.fulfill({ response: await route.fetch() });
      }
      const response = await route.fetch();
      const body = await response.json();
      return route.fulfill({ response, json: { ...body, token: 'card.stale', refresh_in_ms: 1500 } });
    });
    await page.goto(`${env.url}/me`);
    await page.locator('[data-testid=me-card]').click();
    await page.waitForURL((url) => url.pathname === '/me/card');
    await waitForText(page.locator('[data-testid=card-name]'), '陈晓梅');
    assert.ok((await page.locator('[data-testid=card-union]').innerText()).trim());
    assert.ok((await page.locator('[data-testid=card-no]').innerText()).trim());
    const qr = page.locator('[data-testid=card-qr]');
    assert.equal(await qr.getAttribute('data-token'), 'card.stale');
    // Large: most of the phone's width, and square.
    const box = await qr.boundingBox();
    assert.ok(box.width >= 280 && Math.abs(box.width - box.height) < 2, JSON.stringify(box));
    staleRead();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=card-qr]')?.getAttribute('data-token')?.startsWith('card.') &&
        document.querySelector('[data-testid=card-qr]')?.getAttribute('data-token') !== 'card.stale',
      null,
      { timeout: 10000 },
    );
    assert.ok(calls >= 2);
    assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), 1);
  });
});

test('merchant staff verify a member code and record an offer use once', async () => {
  const card = (await member.get('/me/card')).body;
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.merchantStaff);
    await page.goto(`${env.url}/merchant/member-check`);
    await page.locator('input[data-testid=member-check-token]').fill(card.token);
    await page.locator('[data-testid=member-check-submit]').click();
    await waitForText(page.locator('[data-testid=member-check-status]'), '有效');
    await waitForText(page.locator('[data-testid=member-check-name]'), '陈*梅');
    assert.equal((await page.locator('[data-testid=member-check-union]').innerText()).trim(), card.org_name);
    await page.locator('[data-testid=member-check-record]').click();
    await page.locator('[data-testid=member-check-recorded]').waitFor();
    assert.match(await page.locator('[data-testid=member-check-recorded]').innerText(), /^已登记/);
    await page.locator('[data-testid=member-check-record]').click();
    await waitForText(page.locator('[data-testid=member-check-recorded]'), '该会员码已登记过此优惠');

    // A forged code: 无效, in Chinese.
    await page.locator('input[data-testid=member-check-token]').fill(card.token.replace(/^card\.\d+\./, 'card.1.'));
    await page.locator('[data-testid=member-check-submit]').click();
    await page.locator('[data-testid=member-check-failure]').waitFor();
    assert.match(await page.locator('[data-testid=member-check-failure]').innerText(), /无效[\s\S]*不是有效的会员码/);
  });
});

test('the share sheet copies the campaign link and draws a poster', async () => {
  await withPage(env.browser, { device: phone }, async (page) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.url });
    await signInByApi(page, env.url, demo.member);
    await page.goto(`${env.url}/campaigns/${campaignId}`);
    await page.locator('[data-testid=share-button]').click();
    await page.getByText('复制链接').click();
    await page.locator('.share-toast').getByText('链接已复制').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => ''));
    assert.equal(copied, `${env.url}/campaigns/${campaignId}`);

    await page.locator('[data-testid=share-button]').click();
    await page.getByText('保存海报').click();
    const poster = page.locator('[data-testid=share-poster-image]');
    await poster.waitFor();
    assert.match(await poster.getAttribute('src'), /^data:image\/png;base64,/);
    await waitForImage(poster);
    const size = await poster.evaluate((image) => ({ width: image.naturalWidth, height: image.naturalHeight }));
    assert.deepEqual(size, { width: 750, height: 1100 });
  });
});
