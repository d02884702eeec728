// The impact report (成效报告) in the admin console as admins use it: every figure equals the
// report API's, each opens the records behind it, the charts draw, a new period changes the
// figures and downloads as XLSX and CSV, the one-page summary prints the server's prose, the
// page speaks English on request, and a district admin sees only their own subtree.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { demo, pageGet, signInByApi, testEnvironment, textBox, waitForPath, waitForText, withPage } from './browser.mjs';

const env = testEnvironment();

// The single figures of the report, each shown as a card.
const summaryFigures = [
  'events',
  'lottery_events',
  'portions',
  'person_times',
  'members_reached',
  'redeemed',
  'redemption_rate_permille',
  'purchases_fen',
  'prize_value_fen',
  'funds_fen',
  'counterpart_aid_fen',
  'merchants_signed',
  'orchards_and_farms',
  'points_issued',
  'points_spent',
  'offer_uses',
  'training_person_times',
  'subsidy_people',
  'subsidy_paid_fen',
];
const charts = ['chart-trend', 'chart-products', 'chart-districts'];

// Report days are days in Asia/Shanghai; the page's last day is inclusive, the API's `to` is not.
function reportDay(date = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

function addDays(day, days) {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

const today = reportDay();

// The query the API takes for the days from `from` through `to`.
function apiPeriod({ orgId, from, to }) {
  const query = new URLSearchParams({ from, to: addDays(to, 1) });
  if (orgId) query.set('org_id', orgId);
  return query.toString();
}

// Money as the Chinese page writes it: 101.37万元 from ten thousand yuan up, else 564元.
function yuanZh(fen) {
  const number = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });
  return fen >= 1000000 ? `${number.format(fen / 1000000)}万元` : `${number.format(fen / 100)}元`;
}

// Waits until the locator's attribute equals `expected`; fails with the last value seen.
async function waitForAttribute(locator, name, expected, timeout = 10000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await locator.getAttribute(name, { timeout: Math.max(1, deadline - Date.now()) }).catch(() => undefined);
    if (last === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${name}=${JSON.stringify(expected)}, last saw ${JSON.stringify(last)}`);
}

// Every figure card holds the API's number, and the main ones read as the API's numbers do.
async function assertFigures(page, report) {
  await waitForAttribute(page.locator('[data-testid=report-body]'), 'data-loading', 'false');
  for (const figure of summaryFigures) {
    await waitForAttribute(page.locator(`[data-testid=figure-${figure}]`), 'data-value', String(report[figure]));
  }
  const shown = (figure) => page.locator(`[data-testid=figure-${figure}] [data-testid=figure-value]`);
  await waitForText(shown('portions'), report.portions.toLocaleString('zh-CN'));
  await waitForText(shown('members_reached'), report.members_reached.toLocaleString('zh-CN'));
  await waitForText(shown('funds_fen'), yuanZh(report.funds_fen));
  await waitForText(shown('counterpart_aid_fen'), yuanZh(report.counterpart_aid_fen));
  await waitForText(shown('training_person_times'), report.training_person_times.toLocaleString('zh-CN'));
  await waitForText(shown('subsidy_people'), report.subsidy_people.toLocaleString('zh-CN'));
  await waitForText(shown('subsidy_paid_fen'), yuanZh(report.subsidy_paid_fen));
  const rate = new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(
    report.redemption_rate_permille / 1000,
  );
  await waitForText(shown('redemption_rate_permille'), rate);
}

// Each chart has drawn on a canvas of some size.
async function assertChartsDrawn(page) {
  for (const chart of charts) {
    const canvas = page.locator(`[data-testid=${chart}] canvas`).first();
    await canvas.waitFor({ state: 'attached' });
    const size = await canvas.evaluate((element) => ({
      width: element.width,
      height: element.height,
      shown: element.getBoundingClientRect().width,
    }));
    assert.ok(size.width > 0 && size.height > 0 && size.shown > 0, `${chart}: ${JSON.stringify(size)}`);
  }
}

const recordRows = (page) => page.locator('[data-testid=records-table] .el-table__body tr.el-table__row');

// Waits until a table (by test id) shows `count` rows.
async function waitForRows(page, table, count) {
  await page.waitForFunction(
    ([id, expected]) => document.querySelectorAll(`[data-testid=${id}] .el-table__body tr.el-table__row`).length === expected,
    [table, count],
  );
}

// Opens a figure's records and checks the first page against the records API.
async function assertRecords(page, { figure, key, period, type }) {
  const query = new URLSearchParams(apiPeriod(period));
  query.set('figure', figure);
  if (key) query.set('key', key);
  query.set('limit', '20');
  const first = await pageGet(page, env.url, `/reports/impact/records?${query}`);
  assert.equal(first.type, type);
  assert.ok(first.items.length > 0, `${figure} has records`);
  await page.locator('[data-testid=records-drawer] [data-testid=records-table]').waitFor();
  await waitForAttribute(page.locator('[data-testid=records-table]'), 'data-type', type);
  await waitForRows(page, 'records-table', first.items.length);
  assert.equal(await recordRows(page).count(), first.items.length);
  assert.equal(await page.locator('[data-testid=records-next]').isDisabled(), first.next_cursor === null);
  return first;
}

async function closeRecords(page) {
  await page.locator('[data-testid=records-drawer] .el-drawer__close-btn').click();
  await page.locator('[data-testid=records-drawer]').waitFor({ state: 'hidden' });
}

describe('impact report (成效报告)', () => {
  test('a platform admin sees every figure of the API, the records behind one, and the charts', async () => {
    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.platformAdmin);
      await page.goto(`${env.url}/admin/`);
      await page.locator('.console-layout__menu .el-menu-item', { hasText: '成效报告' }).click();
      await waitForPath(page, '/admin/reports/impact');
      await waitForText(page.locator('[data-testid=page-title]'), '成效报告');

      const period = { from: '2021-01-01', to: today };
      const report = await pageGet(page, env.url, `/reports/impact?${apiPeriod(period)}`);
      assert.ok(report.portions > 20, 'the demo has more than a page of portions');
      await assertFigures(page, report);
      await waitForText(page.locator('[data-testid=report-scope]'), `${report.org_name} · 2021-01-01 至 ${today}`);
      // The union filter starts at the admin's own union, the federation.
      await waitForText(page.locator('[data-testid=report-org] .el-select__placeholder:not(.is-transparent)'), report.org_name);

      await assertChartsDrawn(page);
      // The charts follow the window's size.
      const trend = page.locator('[data-testid=chart-trend] canvas').first();
      const wide = (await trend.boundingBox()).width;
      await page.setViewportSize({ width: 1000, height: 800 });
      await page.waitForFunction((before) => {
        const canvas = document.querySelector('[data-testid=chart-trend] canvas');
        return canvas && canvas.getBoundingClientRect().width < before;
      }, wide);

      // Portions open their vouchers, a page at a time.
      await page.locator('[data-testid=figure-portions]').click();
      // The drawer is in the address, which the router changes after the click.
      await page.waitForURL((url) => url.searchParams.get('figure') === 'portions');
      await waitForText(page.locator('[data-testid=records-drawer] .el-drawer__title'), '发放份数明细');
      const first = await assertRecords(page, { figure: 'portions', period, type: 'voucher' });
      assert.ok(first.next_cursor, 'a second page of portions');
      await page.locator('[data-testid=records-next]').click();
      await waitForText(page.locator('[data-testid=records-number]'), '第 2 页');
      const second = await pageGet(
        page,
        env.url,
        `/reports/impact/records?figure=portions&${apiPeriod(period)}&limit=20&cursor=${first.next_cursor}`,
      );
      await waitForRows(page, 'records-table', second.items.length);
      await closeRecords(page);
      assert.equal(new URL(page.url()).searchParams.get('figure'), null);

      // One entry of a breakdown, named in words: orchards among the merchants' categories.
      const orchards = page.locator('[data-testid=breakdown-merchants_by_category] [data-testid=breakdown-entry-orchard]');
      assert.match(await orchards.textContent(), new RegExp(`采摘园\\s*${report.merchants_by_category.orchard}`));
      await orchards.click();
      await waitForText(page.locator('[data-testid=records-drawer] .el-drawer__title'), '商家类别明细：采摘园');
      const merchants = await assertRecords(page, { figure: 'merchants_by_category', key: 'orchard', period, type: 'merchant' });
      assert.equal(merchants.items.length, report.merchants_by_category.orchard);
      await closeRecords(page);
      assert.match(await page.locator('[data-testid=share-table-by_kind]').textContent(), /积分抽奖/);

      // 技能培训 and 求学圆梦: the demo has both, in their own group, and each opens its records.
      assert.ok(report.training_person_times > 20, `more than a page of attendance: ${report.training_person_times}`);
      assert.ok(report.subsidy_people > 0 && report.subsidy_paid_fen > 0, 'the demo has paid 求学圆梦 grants');
      const workers = page.locator('[data-testid=figure-group-workers]');
      await waitForText(workers.locator('.el-card__header span').first(), '技能培训与求学圆梦');
      const cards = [
        ['training_person_times', '技能培训', `${report.training_person_times.toLocaleString('zh-CN')}人次`],
        ['subsidy_people', '求学圆梦资助', `${report.subsidy_people.toLocaleString('zh-CN')}人`],
        ['subsidy_paid_fen', '求学圆梦发放金额', yuanZh(report.subsidy_paid_fen)],
      ];
      for (const [figure, label, value] of cards) {
        const card = workers.locator(`[data-testid=figure-${figure}]`);
        await waitForText(card.locator('[data-testid=figure-label]'), label);
        await waitForText(card.locator('.figure-card__value'), value);
      }
      await workers.locator('[data-testid=figure-training_person_times]').click();
      await waitForText(page.locator('[data-testid=records-drawer] .el-drawer__title'), '技能培训明细');
      await waitForText(page.locator('[data-testid=records-figure-value]'), `${report.training_person_times.toLocaleString('zh-CN')} 人次`);
      const attendance = await assertRecords(page, { figure: 'training_person_times', period, type: 'training_attendance' });
      assert.ok(attendance.next_cursor, 'a second page of attendance');
      // A row reads as the course, its union, the member's union and how they were marked present.
      const firstRow = await recordRows(page).first().textContent();
      assert.ok(firstRow.includes(attendance.items[0].course_title), firstRow);
      assert.ok(firstRow.includes(attendance.items[0].method === 'qr' ? '扫码签到' : '人工登记'), firstRow);
      await page.locator('[data-testid=records-next]').click();
      await waitForText(page.locator('[data-testid=records-number]'), '第 2 页');
      await closeRecords(page);
      await workers.locator('[data-testid=figure-subsidy_paid_fen]').click();
      await waitForText(page.locator('[data-testid=records-drawer] .el-drawer__title'), '求学圆梦发放金额明细');
      const payouts = await assertRecords(page, { figure: 'subsidy_paid_fen', period, type: 'subsidy_payout' });
      assert.equal(
        payouts.items.reduce((sum, payout) => sum + payout.amount_fen, 0),
        report.subsidy_paid_fen,
      );
      await closeRecords(page);
      assert.match(await page.locator('[data-testid=breakdown-portions_by_product]').textContent(), /水果/);
    });
  });

  test('a new period changes the figures, downloads as XLSX and CSV, and prints its summary', async () => {
    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.platformAdmin);
      await page.goto(`${env.url}/admin/reports/impact`);
      const whole = await pageGet(page, env.url, `/reports/impact?${apiPeriod({ from: '2021-01-01', to: today })}`);
      await assertFigures(page, whole);

      // The last two months up to yesterday: fewer portions than the whole year of the demo.
      const period = { from: addDays(today, -60), to: addDays(today, -1) };
      const recent = await pageGet(page, env.url, `/reports/impact?${apiPeriod(period)}`);
      assert.ok(recent.portions < whole.portions, `${recent.portions} < ${whole.portions}`);
      await textBox(page, 'report-from').fill(period.from);
      await textBox(page, 'report-from').press('Tab');
      await textBox(page, 'report-to').fill(period.to);
      await textBox(page, 'report-to').press('Tab');
      await page.locator('[data-testid=report-apply]').click();
      await page.waitForURL((url) => url.searchParams.get('from') === period.from && url.searchParams.get('to') === period.to);
      await assertFigures(page, recent);
      await waitForText(page.locator('[data-testid=report-scope]'), `${recent.org_name} · ${period.from} 至 ${period.to}`);

      // The address holds the period: opened again, the page shows the same figures.
      await page.reload();
      await assertFigures(page, recent);

      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-xlsx]').click()]);
      assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
      const workbook = await readFile(await xlsx.path());
      assert.equal(workbook.subarray(0, 2).toString('latin1'), 'PK');
      const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-csv]').click()]);
      assert.match(csv.suggestedFilename(), /\.csv$/);
      const text = await readFile(await csv.path(), 'utf8');
      // For staff: Chinese headings, amounts in 元 with two decimals.
      assert.match(text, new RegExp(`^发放份数（份）,${recent.portions}\\r?$`, 'm'));
      const yuan = `${Math.trunc(recent.funds_fen / 100)}.${String(recent.funds_fen % 100).padStart(2, '0')}`;
      assert.match(text, new RegExp(`^投入资金（元）,${yuan.replace('.', '\\.')}\\r?$`, 'm'));

      // The printable summary of the same period: the server's title and paragraphs.
      await page.locator('[data-testid=print-summary]').click();
      await waitForPath(page, '/admin/reports/impact/print');
      const summary = await pageGet(page, env.url, `/reports/impact/summary?${apiPeriod({ ...period, orgId: recent.org_id })}`);
      assert.ok(summary.title && summary.paragraphs.length > 0, JSON.stringify(summary));
      await waitForText(page.locator('[data-testid=summary-title]'), summary.title);
      await page.waitForFunction(
        (count) => document.querySelectorAll('[data-testid=summary-paragraph]').length === count,
        summary.paragraphs.length,
      );
      assert.deepEqual(
        (await page.locator('[data-testid=summary-paragraph]').allTextContents()).map((paragraph) => paragraph.trim()),
        summary.paragraphs.map((paragraph) => paragraph.trim()),
      );
      await waitForText(page.locator('[data-testid=summary-union]'), recent.org_name);
      await waitForText(page.locator('[data-testid=summary-period]'), `${period.from} 至 ${period.to}`);
      await waitForAttribute(page.locator('[data-testid=summary-figure-portions]'), 'data-value', String(recent.portions));
      for (const figure of ['training_person_times', 'subsidy_people', 'subsidy_paid_fen']) {
        await waitForAttribute(page.locator(`[data-testid=summary-figure-${figure}]`), 'data-value', String(recent[figure]));
      }
      assert.equal(await page.locator('[data-testid=console-layout]').count(), 0);

      // Print asks the browser to print; on paper the buttons are gone.
      await page.evaluate(() => {
        window.printCalls = 0;
        window.print = () => {
          window.printCalls += 1;
        };
      });
      await page.locator('[data-testid=print-button]').click();
      assert.equal(await page.evaluate(() => window.printCalls), 1);
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('[data-testid=print-button]').isVisible(), false);
      assert.equal(await page.locator('[data-testid=summary-title]').isVisible(), true);
      await page.emulateMedia({ media: 'screen' });

      await page.locator('[data-testid=print-back]').click();
      await waitForPath(page, '/admin/reports/impact');
      await assertFigures(page, recent);
    });
  });

  test('the report speaks English after the language switch', async () => {
    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.platformAdmin);
      await page.goto(`${env.url}/admin/reports/impact`);
      const report = await pageGet(page, env.url, `/reports/impact?${apiPeriod({ from: '2021-01-01', to: today })}`);
      await assertFigures(page, report);

      await page.locator('[data-testid=locale-switch]').click();
      await waitForText(page.locator('[data-testid=page-title]'), 'Impact report');
      await waitForText(page.locator('[data-testid=figure-portions] [data-testid=figure-label]'), 'Portions handed out');
      await waitForText(page.locator('[data-testid=figure-group-reach] .el-card__header span').first(), 'Events and reach');
      await waitForText(page.locator('[data-testid=export-xlsx]'), 'Export Excel');
      await waitForText(page.locator('[data-testid=report-scope]'), `${report.org_name} · 2021-01-01 to ${today}`);
      // In English, amounts from ten thousand yuan up are whole yuan.
      const whole = report.funds_fen >= 1000000 ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {};
      const funds = new Intl.NumberFormat('en', { style: 'currency', currency: 'CNY', ...whole }).format(report.funds_fen / 100);
      await waitForText(page.locator('[data-testid=figure-funds_fen] [data-testid=figure-value]'), funds);
      assert.match(await page.locator('[data-testid=breakdown-portions_by_product]').textContent(), /Fruit/);
      assert.ok(await page.locator('.console-layout__menu .el-menu-item', { hasText: 'Impact report' }).isVisible());
      // The charts are drawn again in English.
      await assertChartsDrawn(page);

      await page.locator('[data-testid=print-summary]').click();
      await waitForPath(page, '/admin/reports/impact/print');
      await waitForText(page.locator('[data-testid=print-button]'), 'Print');
      await waitForText(page.locator('.impact-print__figures h2'), 'Key figures');
    });
  });

  test('a district admin reports on their own district only', async () => {
    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.districtAdmin);
      await page.goto(`${env.url}/admin/reports/impact`);
      const period = { from: '2021-01-01', to: today };
      const report = await pageGet(page, env.url, `/reports/impact?${apiPeriod(period)}`);
      assert.equal(report.org_name, '江北区总工会');
      await assertFigures(page, report);
      await assertChartsDrawn(page);
      await waitForRows(page, 'district-table', report.by_district.length);

      // The union filter offers the district and its base unions, never another district.
      const own = (await pageGet(page, env.url, '/orgs')).items.map((org) => org.name);
      await page.locator('[data-testid=report-org] .el-select__wrapper').click();
      const options = page.locator('.el-tree-select__popper:visible .el-tree-node__content');
      await options.first().waitFor();
      const offered = (await options.allTextContents()).map((name) => name.trim());
      assert.ok(offered.includes('江北区总工会'), JSON.stringify(offered));
      for (const name of offered) assert.ok(own.includes(name), `${name} is in the district admin's subtree`);
      for (const other of ['示范市总工会', '城南区总工会', '高新区总工会']) assert.ok(!offered.includes(other), `${other} is not offered`);
      await page.keyboard.press('Escape');

      // Funds open the district's purchases.
      await page.locator('[data-testid=figure-funds_fen]').click();
      await assertRecords(page, { figure: 'funds_fen', period, type: 'purchase' });
      await closeRecords(page);
    });
  });
});
