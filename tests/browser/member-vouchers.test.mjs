// 我的券 on a phone: a voucher's code is never cut off (at 390×844 and at 150 % display size).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, displaySize150, phone, phoneAt150, signInByApi, testEnvironment, withPage } from './browser.mjs';

let member;
const env = testEnvironment({
  async setUp({ url }) {
    member = await apiAs(url, demo.member);
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
