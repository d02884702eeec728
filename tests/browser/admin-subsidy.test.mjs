// 求学圆梦 in the admin console: the city union sets up a round (amounts typed in 元 reach the
// API in fen) and opens it; three members of 市第一人民医院工会 apply; the base union reviews
// (the document opens, one approved, one returned with a reason) and finds bulk approval refused
// with its reason while the round is not approved; the district approves within its quota (used
// and left shown); the city union approves the round and the application; bulk approval then
// works; the city records a payment, which cannot be recorded twice; the payout list downloads
// as an XLSX workbook.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { apiAs, demo, openPage, signInByApi, testEnvironment, textBox, waitForText } from './browser.mjs';
import { applyAs, baseAdmin, createRound, hospitalMembers } from './subsidy.mjs';

const ids = {};
const env = testEnvironment({
  async setUp({ url }) {
    ids.round = await createRound(url, { title: '浏览器测试·求学圆梦（审核）', quota: 5 });
    ids.a = await applyAs(url, demo.member, ids.round.id);
    ids.b = await applyAs(url, hospitalMembers[0], ids.round.id);
    ids.c = await applyAs(url, hospitalMembers[1], ids.round.id);
    const admin = await apiAs(url, demo.platformAdmin);
    const names = async (application) => (await admin.get(`/subsidy-applications/${application.id}`)).body.member_name;
    ids.names = { a: await names(ids.a), b: await names(ids.b), c: await names(ids.c) };
  },
});

async function consolePage(phone) {
  const page = await openPage(env.browser);
  await signInByApi(page, env.url, phone);
  return page;
}

function reviewRow(page, name) {
  return page.locator('[data-testid=review-table] .el-table__body tr.el-table__row').filter({ hasText: name });
}

async function statusOf(phone, application) {
  const session = await apiAs(env.url, phone);
  return (await session.get(`/subsidy-applications/${application.id}`)).body.status;
}

// Opens an application from the review list, approves or returns it with `text`, and closes the drawer.
async function review(page, name, action, text) {
  await reviewRow(page, name).locator('[data-testid=review-open]').click();
  const drawer = page.locator('.el-drawer');
  await waitForText(drawer.locator('[data-testid=application-member]'), name);
  await drawer.locator(`[data-testid=application-${action}]`).click();
  await page.locator(`textarea[data-testid=review-${action}-text], [data-testid=review-${action}-text] textarea`).fill(text);
  await page.locator(`[data-testid=review-${action}-save]`).click();
  await drawer.locator('[data-testid=application-not-mine], [data-testid=subsidy-status]').first().waitFor();
  return drawer;
}

async function confirmBox(page) {
  await page.locator('.el-message-box__btns .el-button--primary').click();
}

test('the city union creates a round in 元, edits and opens it', async () => {
  const page = await consolePage(demo.platformAdmin);
  try {
    await page.goto(`${env.url}/admin/subsidy/rounds`);
    await page.locator('[data-testid=round-create]').click();
    await textBox(page, 'round-title').fill('浏览器测试·新建轮次');
    const [opens, closes] = [
      page.locator('[data-testid=round-window] .el-range-input').nth(0),
      page.locator('[data-testid=round-window] .el-range-input').nth(1),
    ];
    const year = new Date().getFullYear() + 1;
    await opens.fill(`${year}-03-01 08:00`);
    await closes.fill(`${year}-03-31 18:00`);
    await closes.press('Enter');
    const bachelor = page
      .locator(
        '[data-testid=round-level-bachelor] [data-testid=round-level-amount] input, [data-testid=round-level-bachelor] input[data-testid=round-level-amount]',
      )
      .first();
    await bachelor.fill('1500.5');
    await bachelor.blur();
    await page.locator('[data-testid=round-save]').click();
    const row = page.locator('[data-testid=round-table] .el-table__body tr.el-table__row').filter({ hasText: '浏览器测试·新建轮次' });
    await waitForText(row.locator('[data-testid=subsidy-round-status]'), '草稿');

    const admin = await apiAs(env.url, demo.platformAdmin);
    const created = (await admin.get('/subsidy-rounds')).body.items.find((round) => round.title === '浏览器测试·新建轮次');
    assert.deepEqual(
      created.levels.map((level) => [level.level, level.amount_fen]),
      [
        ['junior_college', 100000],
        ['bachelor', 150050],
        ['postgraduate', 100000],
      ],
    );
    assert.equal(created.windows.length, 1);
    assert.ok(created.quotas.length >= 3, 'every district takes part');

    await row.locator('[data-testid=round-edit]').click();
    await textBox(page, 'round-title').fill('浏览器测试·新建轮次（改）');
    await page.locator('[data-testid=round-save]').click();
    const edited = page
      .locator('[data-testid=round-table] .el-table__body tr.el-table__row')
      .filter({ hasText: '浏览器测试·新建轮次（改）' });
    await edited.locator('[data-testid=round-open]').click();
    await confirmBox(page);
    await waitForText(edited.locator('[data-testid=subsidy-round-status]'), '申请中');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('the base union opens the document, approves one, returns one with a reason, and finds bulk approval refused', async () => {
  const page = await consolePage(baseAdmin);
  try {
    await page.goto(`${env.url}/admin/subsidy/review?round=${ids.round.id}`);
    await waitForText(page.locator('[data-testid=review-level]'), '当前审核层级：基层工会（市第一人民医院工会）');
    for (const name of Object.values(ids.names)) await reviewRow(page, name).waitFor();

    // The document opens for reviewers (a PDF: a link to it).
    await reviewRow(page, ids.names.a).locator('[data-testid=review-open]').click();
    const link = page.locator('.el-drawer [data-testid=application-document-link]');
    const href = await link.getAttribute('href');
    const document = await page.context().request.get(`${env.url}${href}`);
    assert.equal(document.status(), 200);
    assert.equal(document.headers()['content-type'], 'application/pdf');
    assert.match(await page.locator('.el-drawer [data-testid=application-account]').textContent(), /\*{4} \d{4}/);
    await page.keyboard.press('Escape');

    const approved = await review(page, ids.names.a, 'approve', '材料齐全');
    await waitForText(approved.locator('[data-testid=subsidy-status]'), '待区县审核');
    await page.keyboard.press('Escape');
    const reason = '学籍报告不清晰，请重新上传';
    const returned = await review(page, ids.names.b, 'return', reason);
    await waitForText(returned.locator('[data-testid=subsidy-status]'), '已退回');
    assert.match(await returned.locator('[data-testid=application-timeline]').textContent(), new RegExp(reason));
    await page.keyboard.press('Escape');
    assert.equal(await statusOf(baseAdmin, ids.a), 'base_approved');
    assert.equal(await statusOf(baseAdmin, ids.b), 'returned');

    // Bulk approval: refused, with its reason, until the city union approves the round.
    await page
      .locator('[data-testid=review-table] .el-table__body tr.el-table__row')
      .filter({ hasText: ids.names.c })
      .locator('.el-checkbox')
      .click();
    await waitForText(
      page.locator('[data-testid=review-bulk-refused] .el-alert__title'),
      '市总工会批准本轮后才能批量通过，现在请逐份审核。',
    );
    assert.equal(await page.locator('[data-testid=review-bulk-approve]').isDisabled(), true);
    const base = await apiAs(env.url, baseAdmin);
    const refused = await base.post(`/subsidy-rounds/${ids.round.id}/bulk-approve`, { application_ids: [ids.c.id] });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'round_not_approved');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('the district union approves within its quota, and the quota shows used and left', async () => {
  const page = await consolePage(demo.districtAdmin);
  try {
    await page.goto(`${env.url}/admin/subsidy/review?round=${ids.round.id}`);
    await waitForText(page.locator('[data-testid=review-level]'), '当前审核层级：区（县）工会（江北区总工会）');
    await reviewRow(page, ids.names.a).waitFor();
    assert.equal(await reviewRow(page, ids.names.c).count(), 0, 'only what waits for the district');
    const drawer = await review(page, ids.names.a, 'approve', '同意');
    await waitForText(drawer.locator('[data-testid=subsidy-status]'), '待市总审核');
    await page.keyboard.press('Escape');
    const quota = page.locator('[data-testid=quota-table] .el-table__body tr').filter({ hasText: '江北区总工会' });
    await waitForText(quota.locator('[data-testid=quota-used]'), '1');
    await waitForText(quota.locator('[data-testid=quota-left]'), '4');

    // A step that is not the district's: shown, but not to act on.
    await page.locator('[data-testid=review-scope-all]').click();
    await reviewRow(page, ids.names.c).locator('[data-testid=review-open]').click();
    await page.locator('.el-drawer [data-testid=application-not-mine]').waitFor();
    assert.equal(await page.locator('.el-drawer [data-testid=application-approve]').count(), 0);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('the city union approves the round and the application; then the base union approves in bulk', async () => {
  const city = await consolePage(demo.platformAdmin);
  try {
    await city.goto(`${env.url}/admin/subsidy/rounds`);
    const row = city.locator('[data-testid=round-table] .el-table__body tr.el-table__row').filter({ hasText: ids.round.title });
    await row.locator('[data-testid=round-approve]').click();
    await confirmBox(city);
    await waitForText(row.locator('[data-testid=subsidy-round-status]'), '已批准');

    await city.goto(`${env.url}/admin/subsidy/review?round=${ids.round.id}`);
    await waitForText(city.locator('[data-testid=review-level]'), '当前审核层级：市总工会（示范市总工会）');
    const drawer = await review(city, ids.names.a, 'approve', '');
    await waitForText(drawer.locator('[data-testid=subsidy-status]'), '待发放');
    assert.deepEqual(city.errors, []);
  } finally {
    await city.context().close();
  }

  const page = await consolePage(baseAdmin);
  try {
    await page.goto(`${env.url}/admin/subsidy/review?round=${ids.round.id}`);
    await reviewRow(page, ids.names.c).locator('.el-checkbox').click();
    assert.equal(await page.locator('[data-testid=review-bulk-refused]').count(), 0);
    await page.locator('[data-testid=review-bulk-approve]').click();
    await confirmBox(page);
    await waitForText(page.locator('.el-message__content'), '已通过 1 份申请');
    assert.equal(await statusOf(baseAdmin, ids.c), 'base_approved');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('the city union records a payment once and downloads the payout list', async () => {
  const page = await consolePage(demo.platformAdmin);
  try {
    await page.goto(`${env.url}/admin/subsidy/payouts?round=${ids.round.id}`);
    const row = page.locator('[data-testid=payout-table] .el-table__body tr.el-table__row').filter({ hasText: ids.names.a });
    assert.match(await row.locator('[data-testid=payout-account]').textContent(), /\*{4} \d{4}/);
    await row.locator('[data-testid=payout-record]').click();
    assert.equal(await textBox(page, 'payout-amount').inputValue(), '1000.00');
    await textBox(page, 'payout-ref').fill('ICBC20261207001');
    await page.locator('[data-testid=payout-save]').click();
    await waitForText(row.locator('[data-testid=payout-record]'), '已发放');
    assert.equal(await row.locator('[data-testid=payout-record]').isDisabled(), true);
    assert.match(await row.locator('[data-testid=payout-done]').textContent(), /¥1,000\.00/);

    const admin = await apiAs(env.url, demo.platformAdmin);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const again = await admin.post(`/subsidy-applications/${ids.a.id}/payout`, {
      paid_on: today,
      amount_fen: 100000,
      transfer_ref: 'ICBC20261207002',
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'already_paid');

    // After a reload it is listed under 已发放, its button still disabled.
    await page.reload();
    await page.locator('[data-testid=payout-tab-paid]').click();
    const paid = page.locator('[data-testid=payout-table] .el-table__body tr.el-table__row').filter({ hasText: ids.names.a });
    await waitForText(paid.locator('[data-testid=payout-record]'), '已发放');
    assert.equal(await paid.locator('[data-testid=payout-record]').isDisabled(), true);

    await page.locator('[data-testid=payout-export-status]').click();
    await page.locator('.el-select-dropdown__item').filter({ hasText: '全部' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=payout-export]').click()]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const bytes = await readFile(await download.path());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an XLSX (zip) workbook');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});
