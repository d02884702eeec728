// 我的券 on a phone: a voucher's code is never cut off (at 390×844 and at 150 % display size), and
// a booking's voucher shows its slot in Beijing time ("12/09 14:00–16:00").
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { apiAs, demo, displaySize150, phone, phoneAt150, signInByApi, testEnvironment, waitForText, withPage } from './browser.mjs';

let admin;
let member;
let booking;
// The slot booked: 14:00–16:00 Beijing time (06:00–08:00 UTC), three days from now.
const slotDay = new Date(Date.now() + 3 * 86400000);
const slotStart = Date.UTC(slotDay.getUTCFullYear(), slotDay.getUTCMonth(), slotDay.getUTCDate(), 6, 0);
const two = (n) => String(n).padStart(2, '0');
const slotText = `${two(slotDay.getUTCMonth() + 1)}/${two(slotDay.getUTCDate())} 14:00–16:00`;

const env = testEnvironment({
  async setUp({ url }) {
    admin = await apiAs(url, demo.platformAdmin);
    member = await apiAs(url, demo.member);
    const staff = await apiAs(url, demo.merchantStaff);
    const orchard = (await staff.get('/me/merchant')).body;
    const created = await admin.post('/campaigns', {
      kind: 'booking',
      title: '葡萄采摘预约测试',
      opens_at: new Date(Date.now() - 60000).toISOString(),
      closes_at: new Date(Date.now() + 86400000).toISOString(),
      points_cost: 0,
      per_member_limit: 1,
      prizes: [{ tier: 1, name: '采摘入园券', quantity: 10, value_fen: 5000, merchant_id: orchard.id }],
      slots: [{ starts_at: new Date(slotStart).toISOString(), ends_at: new Date(slotStart + 2 * 3600000).toISOString(), capacity: 5 }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const published = await admin.post(`/campaigns/${created.body.id}/publish`);
    assert.equal(published.status, 200, JSON.stringify(published.body));
    const entry = await member.post(`/campaigns/${created.body.id}/entries`, { slot_id: published.body.slots[0].id }, randomUUID());
    assert.equal(entry.status, 201, JSON.stringify(entry.body));
    booking = entry.body.voucher;
    assert.ok(booking?.code, 'the booking issued a voucher');

    // And a voucher without a slot, from a free claim.
    const claim = await admin.post('/campaigns', {
      kind: 'claim',
      title: '蔬菜礼包领取测试',
      opens_at: new Date(Date.now() - 60000).toISOString(),
      closes_at: new Date(Date.now() + 86400000).toISOString(),
      points_cost: 0,
      per_member_limit: 1,
      prizes: [{ tier: 1, name: '蔬菜礼包', quantity: 5, value_fen: 3000, merchant_id: orchard.id }],
    });
    assert.equal(claim.status, 201, JSON.stringify(claim.body));
    assert.equal((await admin.post(`/campaigns/${claim.body.id}/publish`)).status, 200);
    assert.equal((await member.post(`/campaigns/${claim.body.id}/entries`, {}, randomUUID())).status, 201);
  },
});

// Whether the element shows all its text: nothing scrolled out of its box, and every line of
// the text inside the element, its card and the screen.
async function codeShownWhole(code) {
  return code.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const card = element.closest('[data-testid=voucher]').getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(element);
    const lines = [...range.getClientRects()];
    const inside = (rect, outer) => rect.left >= outer.left - 1 && rect.right <= outer.right + 1;
    return {
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
      lines: lines.length,
      whole:
        lines.length > 0 &&
        lines.every((rect) => inside(rect, box) && inside(rect, card) && rect.left >= 0 && rect.right <= window.innerWidth + 1),
      text: element.innerText.replace(/\s/g, ''),
    };
  });
}

for (const [size, device, zoom] of [
  ['390×844', phone, undefined],
  ['150 % display size', phoneAt150, displaySize150],
]) {
  test(`every voucher code is shown whole at ${size}`, async () => {
    const codes = (await member.get('/me/vouchers')).body.items.map((voucher) => voucher.code);
    assert.ok(codes.length >= 2, 'the member has vouchers');
    await withPage(env.browser, { device, zoom }, async (page) => {
      await signInByApi(page, env.url, demo.member);
      await page.goto(`${env.url}/me/vouchers`);
      const shown = page.locator('[data-testid=voucher-code]');
      await shown.first().waitFor();
      assert.equal(await shown.count(), codes.length);
      for (let index = 0; index < codes.length; index += 1) {
        const code = shown.nth(index);
        await code.scrollIntoViewIfNeeded();
        const result = await codeShownWhole(code);
        assert.ok(
          result.scrollWidth <= result.clientWidth,
          `code ${index}: scrollWidth ${result.scrollWidth} > clientWidth ${result.clientWidth}`,
        );
        assert.ok(result.whole, `code ${index} is not wholly visible: ${JSON.stringify(result)}`);
        assert.equal(result.text, codes[index]);
      }
    });
  });
}

test('a booking voucher shows its slot in Beijing time', async () => {
  // A phone set to another time zone still shows the orchard's hours.
  await withPage(env.browser, { device: { ...phone, timezoneId: 'Europe/Berlin' } }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    await page.goto(`${env.url}/me/vouchers`);
    const card = page.locator(`[data-voucher-id="${booking.id}"]`);
    await waitForText(card.locator('[data-testid=voucher-slot]'), slotText);
    assert.match(await card.innerText(), /预约时段/);
    // Other vouchers have no slot line.
    const others = await page.locator('[data-testid=voucher]').count();
    assert.ok(others > 1);
    assert.equal(await page.locator('[data-testid=voucher-slot]').count(), 1);
  });
});
