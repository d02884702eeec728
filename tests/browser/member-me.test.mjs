// 我的 at 390×844, in the normal mode and in 长辈版: the vouchers' count to use, tabs 待使用 /
// 已使用 / 已过期 with counts, my entries with their states, the heart on a merchant's page and
// 我的收藏, the service hotline as a tel: link (as the platform admin sets it in the console), and
// 意见反馈 sent by the member, answered in the console and read back in 我的.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { apiAs, demo, laptop, openPage, phone, signInByApi, testEnvironment, waitForText } from './browser.mjs';

const ids = {};
const env = testEnvironment({
  async setUp({ url }) {
    const member = await apiAs(url, demo.member);
    ids.merchant = (await member.get(`/merchants?q=${encodeURIComponent('阳光葡萄采摘园')}&limit=5`)).body.items[0];
    // Two free claims: one voucher to use, one redeemed by the merchant's staff.
    const admin = await apiAs(url, demo.platformAdmin);
    const staff = await apiAs(url, demo.merchantStaff);
    for (const title of ['我的测试·领取一', '我的测试·领取二']) {
      const created = await admin.post('/campaigns', {
        kind: 'claim',
        title,
        opens_at: new Date(Date.now() - 60000).toISOString(),
        closes_at: new Date(Date.now() + 86400000).toISOString(),
        points_cost: 0,
        per_member_limit: 1,
        prizes: [{ tier: 1, name: `${title}礼包`, quantity: 5, value_fen: 1000, merchant_id: ids.merchant.id }],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal((await admin.post(`/campaigns/${created.body.id}/publish`)).status, 200);
      const entered = await member.post(`/campaigns/${created.body.id}/entries`, {}, randomUUID());
      assert.equal(entered.status, 201, JSON.stringify(entered.body));
      ids.voucherCode = entered.body.voucher.code;
    }
    assert.equal((await staff.post('/vouchers/redeem', { code: ids.voucherCode })).status, 200);
    ids.counts = (await member.get('/me/vouchers')).body.counts;
  },
});

async function memberPage(elder) {
  const page = await openPage(env.browser, { device: phone });
  if (elder) await page.context().addInitScript(() => window.localStorage.setItem('gonghui.elder', '1'));
  await signInByApi(page, env.url, demo.member);
  return page;
}

for (const elder of [false, true]) {
  describe(elder ? '我的 in 长辈版' : '我的', () => {
    test('gathers vouchers by status, entries and the hotline', async () => {
      const page = await memberPage(elder);
      try {
        await page.goto(`${env.url}/me`);
        await waitForText(page.locator('[data-testid=me-vouchers-issued]'), `待使用 ${ids.counts.issued} 张`);
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('member-elder')), elder);
        const hotline = page.locator('[data-testid=me-hotline]');
        assert.match(await hotline.getAttribute('href'), /^tel:[\d-]+$/);

        await page.locator('[data-testid=me-vouchers]').click();
        await page.locator('[data-testid=voucher-tabs]').waitFor();
        await waitForText(page.locator('.voucher-tab-issued'), `待使用 ${ids.counts.issued}`);
        await waitForText(page.locator('.voucher-tab-redeemed'), `已使用 ${ids.counts.redeemed}`);
        await waitForText(page.locator('.voucher-tab-expired'), `已过期 ${ids.counts.expired}`);
        assert.equal(await page.locator('[data-testid=voucher]:visible').count(), ids.counts.issued);
        await page.locator('.voucher-tab-redeemed').click();
        await page.locator('[data-testid=voucher-code]:visible', { hasText: ids.voucherCode }).waitFor();
        assert.equal(await page.locator('[data-testid=voucher]:visible').count(), ids.counts.redeemed);

        await page.goto(`${env.url}/me`);
        await page.locator('[data-testid=me-entries]').click();
        const entry = page.locator('[data-testid=my-entry]', { hasText: '我的测试·领取二' });
        await entry.waitFor();
        await waitForText(entry.locator('[data-testid=my-entry-state]'), '已领取');
        assert.deepEqual(page.errors, []);
      } finally {
        await page.context().close();
      }
    });

    test('a heart on the merchant page adds it to 我的收藏 and takes it off again', async () => {
      const page = await memberPage(elder);
      try {
        await page.goto(`${env.url}/merchants/${ids.merchant.id}`);
        const heart = page.locator('[data-testid=favourite-button]');
        await waitForText(heart, '收藏');
        await heart.click();
        await waitForText(heart, '已收藏');
        assert.equal(await heart.getAttribute('aria-pressed'), 'true');
        await page.goto(`${env.url}/me/favourites`);
        await waitForText(page.locator('[data-testid=favourite] .van-cell__title > span'), ids.merchant.name);
        await page.locator('[data-testid=favourite]').click();
        await page.waitForURL(`**/merchants/${ids.merchant.id}`);
        await waitForText(heart, '已收藏');
        await heart.click();
        await waitForText(heart, '收藏');
        await page.goto(`${env.url}/me/favourites`);
        await page.locator('[data-testid=favourites-empty]').waitFor();
        assert.deepEqual(page.errors, []);
      } finally {
        await page.context().close();
      }
    });
  });
}

test('feedback: sent in 我的, answered in the console, read back; the hotline set in the console', async () => {
  const member = await memberPage(true);
  const admin = await openPage(env.browser, { device: laptop });
  try {
    await member.goto(`${env.url}/me/feedback`);
    await member.locator('[data-testid=feedback-empty]').waitFor();
    await member.locator('[data-testid=feedback-body] textarea').fill('太短');
    await member.locator('[data-testid=feedback-send]').click();
    await waitForText(member.locator('[data-testid=feedback-body] .van-field__error-message'), '请至少写 5 个字');
    await member.locator('[data-testid=feedback-body] textarea').fill('希望采摘活动增加周末场次，方便上班的会员参加。');
    await member.locator('[data-testid=feedback-send]').click();
    const item = member.locator('[data-testid=feedback-item]').first();
    await waitForText(item.locator('[data-testid=feedback-status]'), '待回复');

    await signInByApi(admin, env.url, demo.districtAdmin);
    await admin.goto(`${env.url}/admin/feedback`);
    const row = admin.locator('[data-testid=feedback-table] tbody tr', { hasText: '希望采摘活动增加周末场次' });
    await row.waitFor();
    await row.locator('[data-testid=feedback-answer-open]').click();
    await admin.locator('[data-testid=answer-text]').fill('已安排周六加场，欢迎报名。');
    await admin.locator('[data-testid=answer-save]').click();
    await admin.locator('[data-testid=feedback-status-answered]').click();
    await admin.locator('[data-testid=feedback-table] [data-testid=feedback-answer]', { hasText: '已安排周六加场' }).waitFor();

    await member.reload();
    await waitForText(member.locator('[data-testid=feedback-item]').first().locator('[data-testid=feedback-status]'), '已回复');
    assert.match(await member.locator('[data-testid=feedback-answer]').first().textContent(), /已安排周六加场，欢迎报名。/);

    // The platform admin sets the hotline; 我的 shows it as a tel: link.
    await admin.context().clearCookies();
    await signInByApi(admin, env.url, demo.platformAdmin);
    await admin.goto(`${env.url}/admin/feedback`);
    // Filled once the hotline in force has loaded, so the fill below is not overwritten.
    const input = admin.locator('input[data-testid=hotline-input], [data-testid=hotline-input] input').first();
    await admin.waitForFunction(
      () => document.querySelector('input[data-testid=hotline-input], [data-testid=hotline-input] input')?.value === '12351',
    );
    await input.fill('0571-12351');
    await admin.locator('[data-testid=hotline-save]').click();
    await admin.locator('.el-message--success').waitFor();
    await member.goto(`${env.url}/me`);
    await waitForText(member.locator('[data-testid=me-hotline-number]'), '0571-12351');
    assert.equal(await member.locator('[data-testid=me-hotline]').getAttribute('href'), 'tel:0571-12351');
    assert.deepEqual(member.errors, []);
    assert.deepEqual(admin.errors, []);
  } finally {
    await member.context().close();
    await admin.context().close();
  }
});
