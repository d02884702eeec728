// 历史数据导入 in the admin console: a file with a bad row is checked and the row and column are
// named in Chinese; the fixed file shows its totals by year, is imported, and its batch is
// listed and can be undone; an .xlsx file is converted in the browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import writeExcelFile from 'write-excel-file/node';
import { demo, openPage, pageGet, signInByApi, testEnvironment, waitForText } from './browser.mjs';

let page;
let baseUnion;
const env = testEnvironment({
  async setUp({ browser, url }) {
    page = await openPage(browser);
    await signInByApi(page, url, demo.districtAdmin);
    const orgs = await pageGet(page, url, '/orgs');
    baseUnion = orgs.items.find((org) => org.kind === 'base' && org.status === 'open').name;
    await page.goto(`${url}/admin/history/import`);
    await page.locator('[data-testid=history-upload]').waitFor();
  },
});

const header = ['日期', '工会', '类型', '品牌', '名称', '产品', '品类', '份数', '资金(元)', '人次', '供应方', '对口地区', '平台'];
const csv = (rows) => Buffer.from(`${rows.map((row) => row.join(',')).join('\r\n')}\r\n`, 'utf8');

async function check(name, mimeType, buffer) {
  await page.locator('[data-testid=history-upload] input[type=file]').setInputFiles({ name, mimeType, buffer });
  await waitForText(page.locator('[data-testid=history-file]'), `已选择：${name}`);
  await page.locator('[data-testid=history-check]').click();
}

async function countRecords() {
  return (await pageGet(page, env.url, '/history/records?limit=500')).items.length;
}

test('a bad row is named by row and column; the fixed file is imported and listed', async () => {
  const event = ['2021-03-05', baseUnion, '发放', '连工助农', '春季草莓发放', '草莓', '水果', '120', '', '118', '', '', ''];
  const purchase = [
    '2021/6/18',
    baseUnion,
    '采购',
    '连工助农',
    '',
    '大米',
    '粮油',
    '',
    '12345.60',
    '',
    '绿源合作社',
    '三峡库区',
    '海州采摘',
  ];
  await check('历史-有误.csv', 'text/csv', csv([header, event, [...purchase.slice(0, 10), '', ...purchase.slice(11)]]));
  const table = page.locator('[data-testid=history-problem-table]');
  await table.waitFor();
  const rows = table.locator('.el-table__body tr');
  assert.equal(await rows.count(), 1);
  const cells = await rows.first().locator('td').allTextContents();
  assert.equal(cells[0].trim(), '3');
  assert.equal(cells[1].trim(), '供应方');
  assert.equal(cells[2].trim(), '采购记录须填写供应方');
  assert.match(await page.locator('[data-testid=history-problems]').textContent(), /发现 1 处问题/);
  assert.equal(await page.locator('[data-testid=history-start]').isDisabled(), true);
  assert.equal(await countRecords(), 0);

  await check(
    '历史.csv',
    'text/csv',
    csv([header, event, purchase, ['2022-09-01', baseUnion, '抽奖', '', '中秋抽奖', '月饼', '', '30', '', '300', '', '', '']]),
  );
  const preview = page.locator('[data-testid=history-preview]');
  await waitForText(preview.locator('.el-alert__title'), '检查通过：共 3 行，可以导入');
  const years = await page.locator('[data-testid=history-by-year] .el-table__body tr td:first-child').allTextContents();
  assert.deepEqual(
    years.map((y) => y.trim()),
    ['2021', '2022'],
  );
  assert.match(await preview.textContent(), /12,345\.60/);
  assert.equal(await countRecords(), 0, 'the check writes nothing');

  await page.locator('[data-testid=history-start]').click();
  await waitForText(page.locator('[data-testid=history-success-count]'), '已导入 3 条历史记录。');
  assert.equal(await countRecords(), 3);
  const batches = page.locator('[data-testid=history-batches]');
  await waitForText(batches.locator('[data-testid=history-batch-file]').first(), '历史.csv');
  await waitForText(batches.locator('[data-testid=history-batch-status]').first(), '有效');
  assert.deepEqual(page.errors, []);
});

test('an .xlsx file is converted in the browser; a batch is undone', async () => {
  const buffer = await writeExcelFile([
    header,
    ['2020-10-01', baseUnion, '领取', '连工助农', '', '茶叶礼盒', '茶叶', 40, '', 40, '', '', ''],
  ]).toBuffer();
  await check('往年.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer);
  await waitForText(page.locator('[data-testid=history-preview] .el-alert__title'), '检查通过：共 1 行，可以导入');
  await page.locator('[data-testid=history-start]').click();
  await waitForText(page.locator('[data-testid=history-success-count]'), '已导入 1 条历史记录。');
  const first = page.locator('[data-testid=history-batches] .el-table__body tr').first();
  await waitForText(first.locator('[data-testid=history-batch-file]'), '往年.xlsx');
  const before = await countRecords();

  await first.locator('[data-testid=history-undo]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '撤销' }).click();
  await waitForText(first.locator('[data-testid=history-batch-status]'), '已撤销');
  assert.equal(await first.locator('[data-testid=history-undo]').count(), 0);
  assert.equal(await countRecords(), before - 1);
  assert.deepEqual(page.errors, []);
});
