// The admin's 新建活动 form for every kind members take part in (an orchard booking with its time
// slots and cut-off, a distribution with its one voucher), the form's errors kept clear of its
// hints, and the publish dialog, which speaks of the draw commitment only for a lottery.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, laptop, signInByApi, testEnvironment, textBox, waitForPath, waitForText, withPage } from './browser.mjs';

const env = testEnvironment();

// A Beijing calendar day `days` from now, YYYY-MM-DD.
function beijingDay(days) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86400000));
}

async function openForm(page) {
  await signInByApi(page, env.url, demo.platformAdmin);
  await page.goto(`${env.url}/admin/campaigns/new`);
  await page.locator('[data-testid=campaign-save]').waitFor();
}

// Types into an Element Plus date or time picker and confirms with Enter.
async function typeInto(input, text) {
  await input.click();
  await input.fill(text);
  await input.press('Enter');
  await input.press('Escape').catch(() => undefined);
}

async function setNumber(input, value) {
  await input.fill(String(value));
  await input.press('Tab');
}

async function pickMerchant(page, query, name) {
  const picker = page.locator('[data-testid=prize-table] .el-select').first();
  await picker.click();
  await page.keyboard.type(query);
  const option = page.locator('.el-select-dropdown__item:visible', { hasText: name }).first();
  await option.click();
}

async function campaignByTitle(admin, title) {
  const { items } = (await admin.get('/campaigns?limit=50')).body;
  return items.find((campaign) => campaign.title === title);
}

test('an orchard booking with two slots is created through the form; a slot the server refuses is named at the slots', async () => {
  const admin = await apiAs(env.url, demo.platformAdmin);
  const title = `葡萄采摘预约 ${Date.now()}`;
  const day = beijingDay(10);
  await withPage(env.browser, { device: laptop }, async (page) => {
    await openForm(page);
    await page.locator('[data-testid=campaign-kind-booking]').click();
    await waitForText(
      page.locator('[data-testid=campaign-kind-hint]'),
      '会员选择一个时段预约（如果园采摘），每个时段名额有限；预约成功得到一张兑换券，在所约时段到商家核销。',
    );
    // What a booking has no use for is not shown: tiers, a second prize, a lottery's source,
    // a voucher's days (it is valid until the slot ends), a prize quantity (one per place).
    assert.equal(await page.locator('[data-testid=prize-add]').count(), 0);
    assert.equal(await page.locator('[data-testid=campaign-valid-days]').count(), 0);
    assert.equal(await page.locator('[data-testid=prize-quantity]').count(), 0);
    assert.equal(await page.getByText('公开随机源').count(), 0);
    assert.ok(await page.locator('[data-testid=campaign-points-cost]').isVisible());
    assert.ok(await page.getByText('小时内不可取消').isVisible());

    await textBox(page, 'campaign-title-input').fill(title);
    await textBox(page, 'prize-name').fill('葡萄园采摘入园券');
    await pickMerchant(page, '葡萄', '葡萄');

    const rows = page.locator('[data-testid=slot-table] .el-table__body tr.el-table__row');
    await typeInto(rows.nth(0).locator('.slot-editor__day input'), day);
    await setNumber(rows.nth(0).locator('[data-testid=slot-capacity] input'), 30);
    await page.locator('[data-testid=slot-add]').click();
    await waitForText(rows.nth(1).locator('td').first(), '2');
    // The new row follows the one before it: same day, from 11:00 to 13:00.
    assert.equal(await rows.nth(1).locator('.slot-editor__day input').inputValue(), day);
    assert.equal(await rows.nth(1).locator('.slot-editor__start input').inputValue(), '11:00');
    // A third row, removed again.
    await page.locator('[data-testid=slot-add]').click();
    assert.equal(await rows.count(), 3);
    await rows.nth(2).locator('[data-testid=slot-remove]').click();
    assert.equal(await rows.count(), 2);

    // The second slot ends before it starts: the server refuses, and the form says which slot.
    await typeInto(rows.nth(1).locator('.slot-editor__start input'), '16:00');
    await typeInto(rows.nth(1).locator('.slot-editor__end input'), '14:00');
    await setNumber(rows.nth(1).locator('[data-testid=slot-capacity] input'), 15);
    await setNumber(page.locator('[data-testid=campaign-cancel-before] input'), 3);
    await page.locator('[data-testid=campaign-save]').click();
    await waitForText(page.locator('[data-testid=campaign-slots] .el-form-item__error'), '第 2 个时段的结束时间须晚于开始时间');
    assert.equal(await campaignByTitle(admin, title), undefined);

    await typeInto(rows.nth(1).locator('.slot-editor__start input'), '14:00');
    await typeInto(rows.nth(1).locator('.slot-editor__end input'), '16:00');
    await page.locator('[data-testid=campaign-save]').click();
    await waitForPath(page, '/admin/campaigns');
    const row = page.locator('[data-testid=campaign-table] tr.el-table__row', { hasText: title });
    await row.waitFor();
    assert.match(await row.textContent(), /预约/);
    await waitForText(row.locator('[data-testid=campaign-status]'), '草稿');
  });

  const booking = await campaignByTitle(admin, title);
  assert.ok(booking, 'the booking is stored');
  assert.equal(booking.kind, 'booking');
  assert.equal(booking.cancel_before_minutes, 180);
  assert.deepEqual(
    booking.slots.map((slot) => [slot.starts_at, slot.ends_at, slot.capacity]),
    [
      [`${day}T01:00:00.000Z`, `${day}T03:00:00.000Z`, 30],
      [`${day}T06:00:00.000Z`, `${day}T08:00:00.000Z`, 15],
    ],
  );
  assert.equal(booking.prizes.length, 1);
  assert.equal(booking.prizes[0].name, '葡萄园采摘入园券');
  assert.ok(booking.prizes[0].merchant_id, 'the voucher is redeemed at the merchant picked');
});

test('a distribution is created through the form with one voucher and no points or per-member limit', async () => {
  const admin = await apiAs(env.url, demo.platformAdmin);
  const title = `夏季慰问发放 ${Date.now()}`;
  await withPage(env.browser, { device: laptop }, async (page) => {
    await openForm(page);
    await page.locator('[data-testid=campaign-kind-distribution]').click();
    await waitForText(page.locator('[data-testid=campaign-kind-hint]'), '工会直接把兑换券发给会员，每人一张；会员无需报名，也不花积分。');
    assert.equal(await page.locator('[data-testid=campaign-points-cost]').count(), 0);
    assert.equal(await page.locator('[data-testid=campaign-limit]').count(), 0);
    assert.equal(await page.locator('[data-testid=prize-add]').count(), 0);
    assert.equal(await page.locator('[data-testid=slot-table]').count(), 0);
    assert.equal(await page.getByText('每人最多').count(), 0);
    assert.ok(await page.locator('[data-testid=campaign-valid-days]').isVisible());

    await textBox(page, 'campaign-title-input').fill(title);
    await textBox(page, 'prize-name').fill('夏季慰问西瓜一箱');
    await setNumber(page.locator('[data-testid=prize-quantity] input'), 120);
    await page.locator('[data-testid=campaign-save]').click();
    await waitForPath(page, '/admin/campaigns');
    const row = page.locator('[data-testid=campaign-table] tr.el-table__row', { hasText: title });
    await row.waitFor();
    assert.match(await row.textContent(), /发放/);
  });
  const distribution = await campaignByTitle(admin, title);
  assert.ok(distribution, 'the distribution is stored');
  assert.equal(distribution.kind, 'distribution');
  assert.equal(distribution.points_cost, 0);
  assert.deepEqual(
    distribution.prizes.map((prize) => [prize.name, prize.quantity]),
    [['夏季慰问西瓜一箱', 120]],
  );
  assert.deepEqual(distribution.slots, []);
});

test('at 1280×800 no error of the empty form overlaps a hint, for every kind', async () => {
  await withPage(env.browser, { device: laptop }, async (page) => {
    await openForm(page);
    // The window empty too, so its error and its hint are both there.
    await page.locator('.campaign-create__window .el-date-editor').hover();
    await page.locator('.el-range__close-icon').first().click();
    for (const kind of ['lottery', 'claim', 'booking', 'distribution']) {
      await page.locator(`[data-testid=campaign-kind-${kind}]`).click();
      await page.locator('[data-testid=campaign-save]').click();
      // Once they have finished appearing (they grow in from the top).
      await page.waitForFunction(() => {
        const errors = [...document.querySelectorAll('.el-form-item__error')];
        return errors.length >= 3 && errors.every((error) => !/-(enter|leave)-/.test(error.className));
      });
      const boxes = await page.evaluate(() => {
        const shown = (selector) =>
          [...document.querySelectorAll(selector)]
            .map((element) => {
              const box = element.getBoundingClientRect();
              return { text: element.textContent.trim(), left: box.left, right: box.right, top: box.top, bottom: box.bottom };
            })
            .filter((box) => box.right > box.left && box.bottom > box.top);
        return { errors: shown('.el-form-item__error'), hints: shown('.campaign-create__hint, .campaign-create__unit') };
      });
      assert.ok(boxes.errors.length >= 3, `${kind}: ${JSON.stringify(boxes.errors)}`);
      for (const error of boxes.errors) {
        for (const hint of boxes.hints) {
          const overlaps = error.left < hint.right && hint.left < error.right && error.top < hint.bottom && hint.top < error.bottom;
          assert.ok(!overlaps, `${kind}: error "${error.text}" overlaps hint "${hint.text}"`);
        }
      }
      const errors = boxes.errors.map((error) => error.text);
      assert.ok(errors.includes('请填写活动名称'), errors.join('|'));
      assert.ok(errors.includes('请选择参与时间'), errors.join('|'));
      if (kind === 'booking') assert.ok(errors.includes('第 1 个时段缺少日期、时间或名额'), errors.join('|'));
    }
  });
});

test('publishing a claim says what it does without a draw commitment; publishing a lottery names it', async () => {
  const admin = await apiAs(env.url, demo.platformAdmin);
  const stamp = Date.now();
  const draft = async (kind, title) => {
    const opens = new Date(Date.now() + 3600000).toISOString();
    const closes = new Date(Date.now() + 7 * 86400000).toISOString();
    const created = await admin.post(
      '/campaigns',
      { kind, title, opens_at: opens, closes_at: closes, points_cost: 5, prizes: [{ name: '西瓜一箱', quantity: 10 }] },
      `draft-${kind}-${stamp}`,
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
  };
  const claim = `限量领西瓜 ${stamp}`;
  const lottery = `积分抽西瓜 ${stamp}`;
  await draft('claim', claim);
  await draft('lottery', lottery);

  await withPage(env.browser, { device: laptop }, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/campaigns`);
    const publish = async (title) => {
      const row = page.locator('[data-testid=campaign-table] tr.el-table__row', { hasText: title });
      await row.locator('[data-testid=campaign-publish]').click();
      const box = page.locator('.el-message-box:visible');
      await box.waitFor();
      const text = (await box.locator('.el-message-box__message').textContent()).trim();
      await box.locator('.el-message-box__btns .el-button--primary').click();
      await waitForText(row.locator('[data-testid=campaign-status]'), '已发布');
      await box.waitFor({ state: 'hidden' });
      return text;
    };
    const claimText = await publish(claim);
    assert.match(claimText, new RegExp(`发布「${claim}」后`));
    assert.match(claimText, /先到先得/);
    assert.doesNotMatch(claimText, /承诺|抽奖/);
    const lotteryText = await publish(lottery);
    assert.match(lotteryText, /抽奖承诺值/);
  });
  assert.equal((await campaignByTitle(admin, claim)).status, 'published');
  assert.equal((await campaignByTitle(admin, lottery)).status, 'published');
});
