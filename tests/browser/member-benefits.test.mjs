// The member H5's benefits: searching the 优惠购 catalogue in pinyin and opening a merchant,
// "near me" with and without the browser's location, the daily check-in, claiming a giveaway
// and finding its voucher with a QR code, and reading a drawn lottery's result with the way to
// verify the draw.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import {
  apiAs,
  demo,
  openPage,
  withPage,
  phone,
  signInByApi,
  signInByForm,
  testEnvironment,
  textBox,
  waitForImage,
  waitForPath,
  waitForText,
} from './browser.mjs';

// The demo member through the API, beside their pages.
let member;
const env = testEnvironment({
  async setUp({ url }) {
    member = await apiAs(url, demo.member);
  },
});

async function campaignWhere(predicate) {
  const { body } = await member.get('/campaigns?limit=100');
  const found = body.items.find(predicate);
  assert.ok(found, 'the demo has such a campaign');
  return found;
}

// A member page on a phone, signed in through the API; `context` adds browser-context options
// (a location, permissions).
async function memberPage({ locale, context = {} } = {}) {
  const page = await openPage(env.browser, { device: { ...phone, ...context }, locale });
  await signInByApi(page, env.url, demo.member);
  return page;
}

// Runs `body` with a fresh member page and closes it afterwards; uncaught page errors fail the
// test (see withPage).
async function withMemberPage({ locale, context = {} }, body) {
  await withPage(env.browser, { device: { ...phone, ...context }, locale }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    await body(page);
  });
}

// Answers the "将消耗 N 积分，确定吗？" dialog a tap that spends points opens, after checking N.
async function confirmSpending(page, points) {
  const dialog = page.locator('.van-dialog');
  await waitForText(dialog.locator('.van-dialog__message'), `将消耗 ${points} 积分，确定吗？`);
  await dialog.locator('.van-dialog__confirm').click();
  await dialog.waitFor({ state: 'hidden' });
}

test('a member signs in, searches putao and opens 阳光葡萄采摘园 with its offer and grape price', async () => {
  const hits = (await member.get(`/search?q=putao`)).body.items;
  const orchard = hits.find((hit) => hit.kind === 'merchant' && hit.name === '阳光葡萄采摘园');
  assert.ok(orchard, 'pinyin search finds the orchard');
  const detail = (await member.get(`/merchants/${orchard.id}`)).body;
  const offer = detail.offers.find((candidate) => candidate.status === 'active');
  const grape = detail.products.find((product) => product.name === '阳光玫瑰葡萄');
  const price = `¥${Math.floor(grape.unit_price_fen / 100)}.${String(grape.unit_price_fen % 100).padStart(2, '0')}/${grape.unit}`;

  await withPage(env.browser, { device: phone }, async (page) => {
    await page.goto(`${env.url}/merchants`);
    await waitForPath(page, '/login');
    await signInByForm(page, demo.member);
    await waitForPath(page, '/merchants');

    await textBox(page, 'catalogue-search').fill('putao');
    const merchantHit = page.locator('[data-testid=search-hit][data-kind=merchant]', { hasText: '阳光葡萄采摘园' });
    await merchantHit.waitFor();
    // Product hits say which merchant they belong to.
    await page
      .locator('[data-testid=search-hit][data-kind=product]', { hasText: '阳光玫瑰葡萄' })
      .filter({ hasText: '阳光葡萄采摘园' })
      .waitFor();
    await merchantHit.click();

    await waitForPath(page, `/merchants/${orchard.id}`);
    await waitForText(page.locator('[data-testid=merchant-name]'), '阳光葡萄采摘园');
    await waitForText(page.locator('[data-testid=merchant-category]'), '采摘园');
    await waitForText(page.locator('[data-testid=offer-title]'), offer.title);
    const grapeRow = page.locator('[data-testid=product]', { hasText: '阳光玫瑰葡萄' });
    await waitForText(grapeRow.locator('[data-testid=product-price]'), price);
    assert.equal(price, '¥18.00/斤');
    assert.match(await grapeRow.textContent(), /应季 7–9月/);

    // Phone, map pin and the picking platform.
    assert.equal(await page.locator('[data-testid=merchant-phone] a').getAttribute('href'), `tel:${detail.phone.replace(/[^\d+]/g, '')}`);
    const map = new URL(await page.locator('[data-testid=merchant-map-link]').getAttribute('href'));
    assert.equal(map.origin + map.pathname, 'https://uri.amap.com/marker');
    assert.equal(map.searchParams.get('position'), `${detail.lng},${detail.lat}`);
    assert.equal(await page.locator('[data-testid=merchant-external] a').getAttribute('href'), detail.external_url);

    // Back returns to the search as it was left.
    await page.locator('.van-nav-bar__left').click();
    await waitForPath(page, '/merchants');
    await merchantHit.waitFor();
  });
});

test('offer badges say what each offer gives: 8.8折 at 阳光葡萄采摘园, 立减 ¥10 at 稻香农场, no discount as a gift', async () => {
  const cases = [
    { name: '阳光葡萄采摘园', kind: 'percent_off', badge: '8.8折', check: (offer) => assert.equal(offer.pay_percent, 88) },
    { name: '稻香农场', kind: 'amount_off', badge: '立减 ¥10', check: (offer) => assert.equal(offer.off_fen, 1000) },
  ];
  await withMemberPage({}, async (page) => {
    for (const { name, kind, badge, check } of cases) {
      const found = (await member.get(`/merchants?q=${encodeURIComponent(name)}&limit=5`)).body.items.find((item) => item.name === name);
      assert.ok(found, `${name} is listed`);
      const offers = (await member.get(`/merchants/${found.id}`)).body.offers.filter((offer) => offer.status === 'active');
      const offer = offers.find((candidate) => candidate.kind === kind);
      assert.ok(offer, `${name} has a ${kind} offer`);
      check(offer);

      await page.goto(`${env.url}/merchants/${found.id}`);
      await waitForText(page.locator('[data-testid=merchant-name]'), name);
      await waitForText(page.locator(`[data-testid=offer][data-item-id="${offer.id}"] [data-testid=offer-badge]`), badge);
      // Only a gift says 赠送.
      for (const other of offers) {
        const text = await page.locator(`[data-testid=offer][data-item-id="${other.id}"] [data-testid=offer-badge]`).innerText();
        if (other.kind === 'gift') assert.match(text, /^赠送/);
        else assert.doesNotMatch(text, /赠送|礼遇/);
      }
    }
  });
});

test('a search with no match says so', async () => {
  await withMemberPage({}, async (page) => {
    await page.goto(`${env.url}/merchants`);
    await textBox(page, 'catalogue-search').fill('zzzzqqq');
    await page.keyboard.press('Enter');
    await waitForText(page.locator('[data-testid=search-empty] .van-empty__description'), '没有找到与「zzzzqqq」相关的商家、优惠或农产品');
  });
});

test('categories filter the merchants; near me sorts them by distance', async () => {
  await withMemberPage({ context: { geolocation: { latitude: 30.27, longitude: 120.15 }, permissions: ['geolocation'] } }, async (page) => {
    await page.goto(`${env.url}/merchants`);
    await page.locator('[data-testid=merchant-card]').first().waitFor();
    await page.locator('[data-testid=category-tabs] .van-tab', { hasText: '采摘园' }).click();
    await page.waitForFunction(() => {
      const cards = [...document.querySelectorAll('[data-testid=merchant-card]')];
      return cards.length > 0 && cards.every((card) => card.textContent.includes('采摘园'));
    });

    await page.locator('[data-testid=near-me]').click();
    await page.locator('[data-testid=sorted-by-distance]').waitFor();
    await page.locator('[data-testid=merchant-distance]').first().waitFor();
    const distances = await page.locator('[data-testid=merchant-distance]').allTextContents();
    const metres = distances.map((text) => {
      const match = /([\d.]+)\s*(k?m)/.exec(text);
      assert.ok(match, `a distance: ${text}`);
      return Number(match[1]) * (match[2] === 'km' ? 1000 : 1);
    });
    assert.deepEqual(
      metres,
      [...metres].sort((a, b) => a - b),
    );
  });
});

test('near me without the location permission says how to allow it', async () => {
  await withMemberPage({}, async (page) => {
    await page.context().clearPermissions();
    await page.goto(`${env.url}/merchants`);
    await page.locator('[data-testid=merchant-card]').first().waitFor();
    await page.locator('[data-testid=near-me]').click();
    const problem = page.locator('[data-testid=location-problem]');
    await problem.waitFor();
    assert.match(await problem.textContent(), /无法获取位置：您没有允许定位/);
    assert.equal(await page.locator('[data-testid=near-me]').getAttribute('aria-pressed'), 'false');
  });
});

test('claiming the open giveaway issues a voucher that shows with its QR code under 我的券', async () => {
  const claim = await campaignWhere((campaign) => campaign.kind === 'claim' && campaign.status === 'open');
  const vouchersBefore = (await member.get('/me/vouchers')).body.items.length;
  await withMemberPage({}, async (page) => {
    await page.goto(`${env.url}/campaigns`);
    await page.locator(`[data-testid=campaign-card][data-kind=claim][data-status=open]`).first().click();
    await waitForPath(page, `/campaigns/${claim.id}`);
    await waitForText(page.locator('[data-testid=campaign-title]'), claim.title);
    const button = page.locator('[data-testid=take-part-button]');
    const outcome = page.locator('[data-testid=entry-outcome]');

    // Too few points: the API's error in words, and nothing is issued.
    const { balance } = (await member.get('/me/points')).body;
    if (balance < claim.points_cost) {
      await button.click();
      if (claim.points_cost > 0) await confirmSpending(page, claim.points_cost);
      await waitForText(outcome.locator('p').first(), '积分不足。');
      assert.equal((await member.get('/me/vouchers')).body.items.length, vouchersBefore);
      // The union grants the member enough points.
      const admin = await apiAs(env.url, demo.platformAdmin);
      const { body: me } = await member.get('/me/points');
      const grant = await admin.post(
        '/points/grants',
        { member_ids: [me.member_id], amount: claim.points_cost, reason: 'browser test' },
        randomUUID(),
      );
      assert.equal(grant.status, 201);
      await page.reload();
    }

    await button.click();
    if (claim.points_cost > 0) await confirmSpending(page, claim.points_cost);
    await page.locator('[data-testid=entry-outcome][data-tone=success]').waitFor();
    assert.match(await outcome.textContent(), /领取成功/);
    const code = (await page.locator('[data-testid=outcome-voucher-code]').textContent()).trim();
    assert.match(code, /^[A-Z0-9]{6,}$/);
    // The per-member limit of one is used up.
    await page.locator('[data-testid=limit-used]').waitFor();

    await page.locator('[data-testid=view-voucher]').click();
    await waitForPath(page, '/me/vouchers');
    const voucher = page.locator('[data-testid=voucher]', { has: page.locator('[data-testid=voucher-code]', { hasText: code }) });
    await voucher.waitFor();
    assert.equal(await page.locator('[data-testid=voucher]').count(), vouchersBefore + 1);
    await waitForText(voucher.locator('[data-testid=voucher-status]'), '待使用');
    // Redeemed where the prize's produce is sold.
    const seller = (await member.get(`/merchants/${claim.prizes[0].merchant_id}`)).body.name;
    assert.equal(seller, '稻香农场');
    await waitForText(voucher.locator('[data-testid=voucher-merchant]'), seller);
    const qr = voucher.locator('img[data-testid=voucher-qr]');
    await waitForImage(qr);
    assert.match(await qr.getAttribute('src'), /^\/api\/v1\/vouchers\/\d+\/qr\.svg$/);

    // Tapping the QR code shows it large, with the code to read out.
    await qr.click();
    const popup = page.locator('[data-testid=voucher-qr-popup]');
    await popup.waitFor();
    assert.match(await popup.textContent(), new RegExp(code));
  });
});

test('entering the open lottery with two tickets spends their points, one fresh Idempotency-Key per tap', async () => {
  const lottery = await campaignWhere((campaign) => campaign.kind === 'lottery' && campaign.status === 'open');
  const admin = await apiAs(env.url, demo.platformAdmin);
  const { body: before } = await member.get('/me/points');
  const grant = await admin.post(
    '/points/grants',
    { member_ids: [before.member_id], amount: lottery.points_cost * 3, reason: 'browser test' },
    randomUUID(),
  );
  assert.equal(grant.status, 201);
  const balance = before.balance + lottery.points_cost * 3;

  const page = await memberPage();
  const keys = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith(`/campaigns/${lottery.id}/entries`)) {
      keys.push(request.headers()['idempotency-key']);
    }
  });
  try {
    await page.goto(`${env.url}/campaigns/${lottery.id}`);
    await waitForText(page.locator('[data-testid=campaign-balance]'), `我的积分：${balance}`);
    await page.locator('[data-testid=tickets] .van-stepper__plus').click();
    await page.locator('[data-testid=take-part-button]').click();
    await confirmSpending(page, lottery.points_cost * 2);
    await page.locator('[data-testid=entry-outcome][data-tone=success]').waitFor();
    assert.match(await page.locator('[data-testid=entry-outcome]').textContent(), /参与成功！共 2 注/);
    await waitForText(page.locator('[data-testid=campaign-balance]'), `我的积分：${balance - lottery.points_cost * 2}`);
    await page.locator('[data-testid=my-entry]', { hasText: '2 注' }).waitFor();

    // One more ticket is affordable, a second tap gets a key of its own.
    await page.locator('[data-testid=take-part-button]').click();
    await confirmSpending(page, lottery.points_cost);
    await waitForText(page.locator('[data-testid=campaign-balance]'), `我的积分：${balance - lottery.points_cost * 3}`);
    assert.equal(keys.length, 2);
    assert.ok(keys.every((key) => /^[0-9a-f]{32}$/.test(key)));
    assert.notEqual(keys[0], keys[1]);

    // Nothing left to pay with: the API's refusal in words.
    await page.locator('[data-testid=take-part-button]').click();
    await confirmSpending(page, lottery.points_cost);
    await page.locator('[data-testid=entry-outcome][data-tone=error]').waitFor();
    assert.match(await page.locator('[data-testid=entry-outcome]').textContent(), /积分不足。/);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('checking in raises the balance by the check-in points once a day', async (t) => {
  const own = (await member.get('/me/points')).body;
  if (own.checked_in_today) {
    t.skip('the member has already checked in today on this server');
    return;
  }
  // A page opened before the check-in still offers it: its tap meets the server's refusal.
  const stale = await memberPage();
  const page = await memberPage();
  try {
    await stale.goto(`${env.url}/me/points`);
    await waitForText(stale.locator('[data-testid=points-balance]'), String(own.balance));

    await page.goto(`${env.url}/me/points`);
    const balance = page.locator('[data-testid=points-balance]');
    await waitForText(balance, String(own.balance));
    const checkIn = page.locator('[data-testid=checkin]');
    await checkIn.click();
    await waitForText(page.locator('[data-testid=checkin-message]'), `签到成功，获得 ${own.checkin_points} 积分`);
    await waitForText(balance, String(own.balance + own.checkin_points));
    await waitForText(checkIn, '今日已签到');
    assert.equal(await checkIn.isDisabled(), true);
    // The history shows the check-in, signed and labelled.
    const row = page.locator('[data-testid=transfer-row][data-kind=checkin]').first();
    await row.waitFor();
    assert.match(await row.textContent(), /签到/);
    await waitForText(row.locator('[data-testid=transfer-amount]'), `+${own.checkin_points}`);

    // The second tap (from the stale page) is told so, and the button is disabled there too.
    await stale.locator('[data-testid=checkin]').click();
    await waitForText(stale.locator('[data-testid=checkin-message]'), '今天已经签到过了，明天再来吧');
    await waitForText(stale.locator('[data-testid=checkin]'), '今日已签到');
    await waitForText(stale.locator('[data-testid=points-balance]'), String(own.balance + own.checkin_points));
    assert.equal((await member.get('/me/points')).body.balance, own.balance + own.checkin_points);

    // The balance also shows on 我的 and on the home page.
    await page.locator('[data-testid=tab-me]').click();
    await waitForText(page.locator('[data-testid=me-points-balance]'), String(own.balance + own.checkin_points));
    await page.locator('[data-testid=tab-home]').click();
    await waitForText(page.locator('[data-testid=home-points-balance]'), String(own.balance + own.checkin_points));
    assert.deepEqual(page.errors, []);
    assert.deepEqual(stale.errors, []);
  } finally {
    await page.context().close();
    await stale.context().close();
  }
});

test('签到 on the home page checks in at once, with a tap target for older hands', async () => {
  // Another demo member than the other tests', so that this check-in is the day's first.
  const other = '13900000005';
  const api = await apiAs(env.url, other);
  const own = (await api.get('/me/points')).body;
  assert.equal(own.checked_in_today, false);
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, other);
    await page.goto(`${env.url}/`);
    const button = page.locator('[data-testid=home-checkin]');
    await waitForText(button, '签到');
    const box = await button.boundingBox();
    assert.ok(box.height >= 44, `the button is ${box.height} px high`);
    const fontSize = await button.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(fontSize >= 14, `its text is ${fontSize} px`);
    await button.click();
    await waitForText(page.locator('.van-toast'), `签到成功，获得 ${own.checkin_points} 积分`);
    await waitForText(button, '已签到');
    assert.equal(await button.isDisabled(), true);
    await waitForText(page.locator('[data-testid=home-points-balance]'), String(own.balance + own.checkin_points));
    assert.equal(page.url(), `${env.url}/`, 'it stays on the home page');
  });
  const after = (await api.get('/me/points')).body;
  assert.equal(after.checked_in_today, true);
  assert.equal(after.balance, own.balance + own.checkin_points);
});

test('a drawn lottery shows the member their result, and under 公平性说明 the way to verify the draw', async () => {
  const drawn = await campaignWhere((campaign) => campaign.kind === 'lottery' && campaign.status === 'drawn');
  const entries = (await member.get(`/campaigns/${drawn.id}/my-entries`)).body.items;
  assert.ok(entries.length > 0, 'the demo member entered the drawn lottery');
  const won = entries.find((entry) => entry.voucher);
  await withMemberPage({}, async (page) => {
    await page.goto(`${env.url}/campaigns`);
    await page.locator('[data-testid=campaign-card][data-status=drawn]').first().click();
    await waitForPath(page, `/campaigns/${drawn.id}`);
    await waitForText(page.locator('[data-testid=campaign-status]'), '已开奖');
    const verdict = page.locator('[data-testid=draw-verdict]').first();
    await verdict.waitFor();
    if (won) {
      assert.equal(await verdict.getAttribute('data-result'), 'won');
      assert.match(await verdict.textContent(), new RegExp(`恭喜中奖：${won.voucher.prize_name}`));
    } else {
      assert.equal(await verdict.getAttribute('data-result'), 'lost');
      await waitForText(verdict, '很遗憾，本次未中奖');
    }
    // The proof is folded under 公平性说明 until the member opens it.
    assert.equal(await page.locator('[data-testid=member-ref]').isVisible(), false);
    await page.locator('[data-testid=fairness] .van-collapse-item__title').click();
    await waitForText(page.locator('[data-testid=member-ref]'), `我的抽奖编号 ${entries[0].member_ref}`);

    const verify = page.locator('[data-testid=verify-draw]');
    await waitForText(verify, '验证抽奖');
    assert.equal(await verify.getAttribute('href'), `/verify/?campaign=${drawn.id}`);
    const bundleHref = await page.locator('[data-testid=audit-bundle]').getAttribute('href');
    assert.equal(bundleHref, `/api/v1/campaigns/${drawn.id}/audit`);
    // The bundle is public and names the member's entry by its reference.
    const bundle = await (await fetch(`${env.url}${bundleHref}`)).json();
    assert.equal(bundle.algorithm, 'gonghui-draw-v1');
    assert.ok(bundle.entries.some((entry) => entry.member_ref === entries[0].member_ref));
    assert.equal(
      bundle.winners.some((winner) => winner.member_ref === entries[0].member_ref),
      Boolean(won),
    );
    await waitForText(page.locator('[data-testid=commitment]'), drawn.commitment);
  });
});

test('the benefits pages speak English when asked', async () => {
  await withMemberPage({ locale: 'en' }, async (page) => {
    await page.goto(`${env.url}/campaigns`);
    await waitForText(page.locator('[data-testid=tab-campaigns]'), 'Events');
    await page.locator('[data-testid=campaign-card][data-status=drawn] [data-testid=campaign-status]').first().waitFor();
    await waitForText(page.locator('[data-testid=campaign-card][data-status=drawn] [data-testid=campaign-status]'), 'Drawn');
    await page.goto(`${env.url}/me/points`);
    await page.locator('[data-testid=checkin]').waitFor();
    assert.match(await page.locator('[data-testid=points-page]').textContent(), /Points balance/);
  });
});
