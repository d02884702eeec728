// 求学圆梦 for a member at 390×844: from the home page's 求学圆梦 entry to the open round (amounts,
// conditions and whether she may apply, in plain words), applying with the 学信网 report as a
// PDF, the bank card shown masked once saved (never the number in full), the timeline after
// her base union returns the application with a reason, and editing it (a new report as a
// photo) and sending it again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, openPage, phone, signInByApi, testEnvironment, textBox, waitForPath, waitForText } from './browser.mjs';
import { baseAdmin, createRound, eligibleLevels, pdfBytes, pngBytes } from './subsidy.mjs';

const ids = {};
const env = testEnvironment({
  async setUp({ url }) {
    ids.round = await createRound(url, { title: '浏览器测试·求学圆梦（会员）' });
    ids.levels = await eligibleLevels(url, demo.member, ids.round.id);
    assert.ok(ids.levels.length >= 1, 'the demo member may apply for a level');
  },
});

const levelNames = { junior_college: '大专', bachelor: '本科', postgraduate: '研究生' };
const amounts = { junior_college: '每人 ¥1,000.00', bachelor: '每人 ¥1,500.00', postgraduate: '每人 ¥2,000.00' };
const accountNo = '6222021234567890123';

async function assertFitsPhone(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide`);
}

test('a member applies with a document, sees the card masked, the return with its reason, and resubmits', async () => {
  const page = await openPage(env.browser, { device: phone });
  try {
    await signInByApi(page, env.url, demo.member);
    await page.goto(`${env.url}/`);
    await page.locator('[data-testid=home-shortcuts]').getByText('求学圆梦').click();
    await waitForPath(page, '/subsidy');

    const round = page.locator('[data-testid=subsidy-round]').filter({ hasText: ids.round.title });
    await round.waitFor();
    await waitForText(round.locator('[data-testid=subsidy-window-state]'), '现在可以申请');
    const conditions = await round.locator('[data-testid=subsidy-conditions]').textContent();
    assert.match(conditions, /每个学历层次只能领取一次/);
    const level = ids.levels[0];
    const row = round.locator(`[data-testid=subsidy-level-row-${level}]`);
    await waitForText(row.locator('[data-testid=subsidy-level-state]'), '您符合条件，可以申请');
    await waitForText(row.locator('[data-testid=subsidy-level-amount]'), amounts[level]);
    await assertFitsPhone(page);

    await row.locator('[data-testid=subsidy-apply]').click();
    await waitForPath(page, '/subsidy/apply');
    await page.locator(`[data-testid=subsidy-level-${level}] .van-radio__icon--checked`).waitFor();
    // The holder is filled with her name; the form's own checks speak before anything is sent.
    assert.equal(await textBox(page, 'subsidy-account-holder').inputValue(), '陈晓梅');
    await page.locator('[data-testid=subsidy-submit]').click();
    await waitForText(page.locator('[data-testid=subsidy-school] .van-field__error-message'), '请填写学校');
    assert.match(await page.locator('[data-testid=subsidy-form]').textContent(), /请上传学籍证明/);

    await textBox(page, 'subsidy-school').fill('江城开放大学');
    await textBox(page, 'subsidy-major').fill('护理学');
    await page
      .locator('[data-testid=subsidy-document] input[type=file]')
      .setInputFiles({ name: '学籍报告.pdf', mimeType: 'application/pdf', buffer: pdfBytes() });
    await page.locator('[data-testid=subsidy-document-done]').waitFor();
    await textBox(page, 'subsidy-bank-name').fill('中国工商银行江城支行');
    await textBox(page, 'subsidy-account-no').fill('1234');
    await page.locator('[data-testid=subsidy-submit]').click();
    await waitForText(page.locator('[data-testid=subsidy-account-no] .van-field__error-message'), '请填写 12 到 30 位数字的银行卡号');
    await textBox(page, 'subsidy-account-no').fill(accountNo);
    await assertFitsPhone(page);
    await page.locator('[data-testid=subsidy-submit]').click();

    // The application's own page: the card masked, and where it stands.
    await page.waitForURL((url) => url.pathname.startsWith('/subsidies/applications/'));
    const applicationId = new URL(page.url()).pathname.split('/').pop();
    const card = page.locator('[data-testid=subsidy-application]');
    await waitForText(card.locator('[data-testid=subsidy-application-status]'), '等待基层工会审核');
    const account = (await card.locator('[data-testid=subsidy-application-account]').textContent()).trim();
    assert.match(account, /^中国工商银行江城支行 \*{4} 0123（陈\*梅）$/);
    assert.ok(!(await page.content()).includes(accountNo), 'the full number is nowhere on the page');
    assert.match(await card.locator('[data-testid=subsidy-event]').first().textContent(), /我 提交了申请/);
    await waitForText(card.locator('[data-testid=subsidy-next-step]'), '等待基层工会审核');
    assert.match(await card.locator('[data-testid=subsidy-application-level]').textContent(), new RegExp(levelNames[level]));

    // Her base union returns it with a reason.
    const base = await apiAs(env.url, baseAdmin);
    const reason = '学籍报告已过期，请重新下载后上传';
    const returned = await base.post(`/subsidy-applications/${applicationId}/return`, { reason });
    assert.equal(returned.status, 200, JSON.stringify(returned.body));

    await page.goto(`${env.url}/me/subsidy`);
    const mine = page.locator('[data-testid=subsidy-application]').first();
    await waitForText(mine.locator('[data-testid=subsidy-application-status]'), '被退回，请修改');
    assert.match(await mine.locator('[data-testid=subsidy-return-reason]').textContent(), new RegExp(reason));
    const events = await mine.locator('[data-testid=subsidy-event]').allTextContents();
    assert.equal(events.length, 2, events.join(' | '));
    assert.match(events[1], /市第一人民医院工会 退回了申请/);
    assert.match(events[1], new RegExp(`退回原因：${reason}`));
    assert.ok(!/[0-9a-f]{16}|returned|base_approved/.test(await mine.textContent()), 'no codes or ids shown');
    await assertFitsPhone(page);

    // Edit: a new report as a photo, another major; the card stays as it was.
    await mine.locator('[data-testid=subsidy-edit]').click();
    await page.locator('[data-testid=subsidy-form]').waitFor();
    assert.match(await page.locator('[data-testid=subsidy-return-reason]').textContent(), new RegExp(reason));
    assert.match(await page.locator('[data-testid=subsidy-current-account]').textContent(), /\*{4} 0123/);
    assert.equal(await textBox(page, 'subsidy-school').inputValue(), '江城开放大学');
    await textBox(page, 'subsidy-major').fill('护理学（专升本）');
    await page
      .locator('[data-testid=subsidy-document] input[type=file]')
      .setInputFiles({ name: '学籍报告.png', mimeType: 'image/png', buffer: pngBytes });
    await page.locator('[data-testid=subsidy-document-done]').waitFor();
    await page.locator('[data-testid=subsidy-submit]').click();

    await waitForText(page.locator('[data-testid=subsidy-application-status]'), '等待基层工会审核');
    const after = await page.locator('[data-testid=subsidy-event]').allTextContents();
    assert.equal(after.length, 3, after.join(' | '));
    assert.match(after[2], /我 修改后重新提交/);
    assert.match(await page.locator('[data-testid=subsidy-application-school]').textContent(), /护理学（专升本）/);

    const member = await apiAs(env.url, demo.member);
    const stored = (await member.get(`/me/subsidy-applications/${applicationId}`)).body;
    assert.equal(stored.status, 'submitted');
    assert.equal(stored.document.content_type, 'image/png');
    assert.equal(stored.account_masked, '**** 0123');

    // Back on the round, the level says she has applied.
    await page.goto(`${env.url}/subsidy`);
    await waitForText(
      page
        .locator('[data-testid=subsidy-round]')
        .filter({ hasText: ids.round.title })
        .locator(`[data-testid=subsidy-level-row-${level}] [data-testid=subsidy-level-state]`),
      '您已经申请过这个学历层次，可以在“我的申请”里查看进度。',
    );
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});
