// The merchant console on a phone (390×844), as orchard staff use it at the gate with one hand
// free: the redeem page fits the screen and redeems a code (a booking's with its slot and whom
// it is for), the menu opens from a button, offers of every kind are added and read in plain words.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiAs, demo, laptop, phone, signInByApi, testEnvironment, textBox, waitForPath, waitForText, withPage } from './browser.mjs';

const env = testEnvironment();

// The demo member books a slot of the demo's open orchard booking (redeemed at the staff's
// merchant) with points granted for it; answers the slot and the voucher issued.
async function bookedVoucher(slotIndex) {
  const member = await apiAs(env.url, demo.member);
  const listed = (await member.get('/campaigns')).body.items.find((item) => item.kind === 'booking' && item.status === 'open');
  assert.ok(listed, 'the demo has an open booking campaign');
  const campaign = (await member.get(`/campaigns/${listed.id}`)).body;
  const slot = campaign.slots[slotIndex];
  assert.ok(slot && slot.remaining > 0, `the booking has slot ${slotIndex} with room`);
  await grantPoints(campaign.points_cost || 1);
  const entry = await member.post(`/campaigns/${campaign.id}/entries`, { slot_id: slot.id }, `phone-booking-${slot.id}-${Date.now()}`);
  assert.equal(entry.status, 201, JSON.stringify(entry.body));
  return { slot, voucher: entry.body.voucher };
}

// Gives the demo member `amount` points to spend.
async function grantPoints(amount) {
  const member = await apiAs(env.url, demo.member);
  const memberId = (await member.get('/me')).body.member.id;
  const admin = await apiAs(env.url, demo.platformAdmin);
  const grant = await admin.post('/points/grants', { member_ids: [memberId], amount, reason: '浏览器测试' }, `phone-grant-${Date.now()}`);
  assert.ok([201, 202].includes(grant.status), JSON.stringify(grant.body));
}

// A slot as staff should read it, worked out by hand in Beijing time (UTC+8): 12/09 14:00–16:00.
function beijingSlotText(slot) {
  const parts = (time) => {
    const beijing = new Date(new Date(time).getTime() + 8 * 3600 * 1000);
    const two = (value) => String(value).padStart(2, '0');
    return {
      day: `${two(beijing.getUTCMonth() + 1)}/${two(beijing.getUTCDate())}`,
      time: `${two(beijing.getUTCHours())}:${two(beijing.getUTCMinutes())}`,
    };
  };
  const start = parts(slot.starts_at);
  const end = parts(slot.ends_at);
  assert.equal(start.day, end.day, 'the demo slot starts and ends on one day');
  return `${start.day} ${start.time}–${end.time}`;
}

// The page is no wider than the screen.
async function assertNoSideways(page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.equal(innerWidth, 390);
  assert.ok(scrollWidth <= 390, `the page scrolls sideways: ${scrollWidth}px wide`);
}

// Whether the element lies whole inside the 390×844 screen.
async function assertOnScreen(locator, what) {
  const box = await locator.boundingBox();
  assert.ok(box, `${what} is shown`);
  assert.ok(
    box.x >= 0 && box.y >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844,
    `${what} is on screen: ${JSON.stringify(box)}`,
  );
  return box;
}

describe('merchant console on a phone', () => {
  test('the redeem page fits 390×844: a full-width code field, large buttons, and a code redeems', async () => {
    const { voucher } = await bookedVoucher(0);
    await withPage(env.browser, { device: phone }, async (page) => {
      await signInByApi(page, env.url, demo.merchantStaff);
      await page.goto(`${env.url}/merchant/redeem`);
      await textBox(page, 'redeem-code').waitFor();

      // The side menu is off the screen until asked for.
      const menu = page.locator('[data-testid=console-menu]');
      const menuBox = await menu.boundingBox();
      assert.ok(!menuBox || menuBox.x + menuBox.width <= 0, `the side menu is hidden: ${JSON.stringify(menuBox)}`);

      const codeBox = await assertOnScreen(page.locator('.redeem__code'), 'the code field');
      assert.ok(codeBox.width >= 300, `the code field is ${codeBox.width}px wide`);
      const submitBox = await assertOnScreen(page.locator('[data-testid=redeem-submit]'), 'the 核销 button');
      assert.ok(submitBox.width >= 300 && submitBox.height >= 44, `the 核销 button is large: ${JSON.stringify(submitBox)}`);
      const scan = page.locator('[data-testid=scanner-start]');
      await waitForText(scan, '扫码核销');
      const scanBox = await assertOnScreen(scan, 'the 扫码核销 button');
      assert.ok(scanBox.width >= 300 && scanBox.height >= 44, `the 扫码核销 button is large: ${JSON.stringify(scanBox)}`);
      await assertNoSideways(page);

      await textBox(page, 'redeem-code').fill(voucher.code);
      await page.locator('[data-testid=redeem-submit]').click();
      await waitForText(page.locator('[data-testid=redeem-success] [data-testid=redeem-outcome-title]'), '核销成功');
      assert.match(await page.locator('[data-testid=redeem-success]').textContent(), new RegExp(voucher.prize_name));
      // The last redemptions follow as a list that fits the screen.
      const item = page.locator('[data-testid=redeem-history-item]');
      assert.equal(await item.count(), 1);
      assert.match(await item.first().textContent(), new RegExp(`核销成功.*${voucher.code}.*${voucher.prize_name}`));
      await assertNoSideways(page);

      const member = await apiAs(env.url, demo.member);
      const after = (await member.get('/me/vouchers')).body.items.find((item) => item.id === voucher.id);
      assert.equal(after.status, 'redeemed');
    });
  });

  test('the menu opens from the header button and closes on choosing a page', async () => {
    await withPage(env.browser, { device: phone }, async (page) => {
      await signInByApi(page, env.url, demo.merchantStaff);
      await page.goto(`${env.url}/merchant/redeem`);
      await waitForText(page.locator('[data-testid=page-title]'), '核销');
      await assertOnScreen(page.locator('[data-testid=sign-out]'), 'sign-out');
      await page.locator('[data-testid=console-menu-button]').click();
      const offers = page.locator('[data-testid=console-menu] .el-menu-item', { hasText: '优惠' });
      await page.waitForFunction(() => document.querySelector('[data-testid=console-menu]')?.getBoundingClientRect().left === 0);
      await assertOnScreen(offers, 'the 优惠 menu entry');
      await offers.click();
      await waitForPath(page, '/merchant/offers');
      await waitForText(page.locator('[data-testid=page-title]'), '优惠');
      assert.equal(await page.locator('[data-testid=console-menu-backdrop]').count(), 0);
      // The offers are cards, their buttons within reach.
      const card = page.locator('[data-testid=offer-card]').first();
      await card.waitFor();
      await assertOnScreen(card.locator('[data-testid=offer-row-benefit]'), 'the offer line');
      await assertOnScreen(card.locator('[data-testid=offer-edit]'), 'the offer edit button');
      await assertNoSideways(page);
    });
  });

  test('redeeming a booking voucher shows its slot in Beijing time and whom it is for, masked', async () => {
    const { slot, voucher } = await bookedVoucher(1);
    const expected = beijingSlotText(slot);
    await withPage(env.browser, { device: phone }, async (page) => {
      await signInByApi(page, env.url, demo.merchantStaff);
      await page.goto(`${env.url}/merchant/redeem`);
      await textBox(page, 'redeem-code').fill(voucher.code);
      await page.locator('[data-testid=redeem-submit]').click();
      const success = page.locator('[data-testid=redeem-success]');
      await waitForText(success.locator('[data-testid=redeem-outcome-title]'), '核销成功');
      await waitForText(success.locator('[data-testid=redeem-slot]'), expected);
      await waitForText(success.locator('[data-testid=redeem-member]'), '陈*梅');
      const text = await success.textContent();
      assert.match(text, new RegExp(voucher.prize_name));
      assert.doesNotMatch(text, /陈晓梅/);
      await assertOnScreen(success.locator('[data-testid=redeem-slot]'), 'the booked slot');
      assert.match(await page.locator('[data-testid=redeem-history-item]').first().textContent(), new RegExp(expected));
      await assertNoSideways(page);
    });
  });

  test('an offer of 立减 ¥10 is added through the dialog and listed in plain words beside the demo 8.8折', async () => {
    const title = `入园立减${Date.now() % 100000}`;
    await withPage(env.browser, { device: phone }, async (page) => {
      await signInByApi(page, env.url, demo.merchantStaff);
      await page.goto(`${env.url}/merchant/offers`);
      const demoCard = page.locator('[data-testid=offer-card]', { hasText: '会员采摘门票8.8折' });
      await waitForText(demoCard.locator('[data-testid=offer-row-benefit]'), '8.8折');

      await page.locator('[data-testid=offer-add]').click();
      const dialog = page.locator('[data-testid=offer-dialog]');
      await waitForText(dialog.locator('.el-dialog__title'), '新增优惠');
      const dialogBox = await page.locator('.el-dialog').boundingBox();
      assert.ok(dialogBox.x >= 0 && dialogBox.x + dialogBox.width <= 390, `the dialog fits the screen: ${JSON.stringify(dialogBox)}`);
      assert.deepEqual(
        (await dialog.locator('[data-testid=offer-kind] .el-radio-button').allTextContents()).map((text) => text.trim()),
        ['折扣', '立减', '会员价', '赠送'],
      );
      await textBox(page, 'offer-title').fill(title);
      await dialog.locator('[data-testid=offer-kind] .el-radio-button', { hasText: '立减' }).click();
      await textBox(page, 'offer-amount-off').fill('10');
      await textBox(page, 'offer-amount-off').press('Tab');
      await waitForText(dialog.locator('[data-testid=offer-preview]'), '立减 ¥10');
      await assertOnScreen(page.locator('[data-testid=offer-save]'), 'the save button');
      await assertNoSideways(page);
      await page.locator('[data-testid=offer-save]').click();
      await waitForText(page.locator('.el-message--success'), `已新增优惠「${title}」`);
      const card = page.locator('[data-testid=offer-card]', { hasText: title });
      await waitForText(card.locator('[data-testid=offer-row-benefit]'), '立减 ¥10');
      await assertNoSideways(page);
    });

    // Kept as an amount off, not as a gift or a discount.
    const staff = await apiAs(env.url, demo.merchantStaff);
    const merchant = (await staff.get('/me/merchant')).body;
    const saved = merchant.offers.find((offer) => offer.title === title);
    assert.equal(saved.kind, 'amount_off');
    assert.equal(saved.off_fen, 1000);

    // The platform admin reads the same lines on the merchant's page.
    await withPage(env.browser, { device: laptop }, async (page) => {
      await signInByApi(page, env.url, demo.platformAdmin);
      await page.goto(`${env.url}/admin/merchants/${merchant.id}`);
      const rows = page.locator('[data-testid=merchant-offers] .el-table__body tr.el-table__row');
      await waitForText(rows.filter({ hasText: '会员采摘门票8.8折' }).locator('td').nth(1), '8.8折');
      await waitForText(rows.filter({ hasText: title }).locator('td').nth(1), '立减 ¥10');
    });
  });
});
