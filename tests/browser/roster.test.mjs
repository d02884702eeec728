// Roster import in the admin console: a file with bad rows lists each one with its line and
// reason and imports nothing; a good CSV or .xlsx file imports every row; a GBK file is
// named as such.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import writeExcelFile from 'write-excel-file/node';
import { demo, openPage, pageGet, signInByApi, testEnvironment, waitForText } from './browser.mjs';

let page;
let baseUnion;
// One page on the import form for every test (closed with the browser).
const env = testEnvironment({
  async setUp({ browser, url }) {
    page = await openPage(browser);
    await signInByApi(page, url, demo.districtAdmin);
    const orgs = await pageGet(page, url, '/orgs');
    baseUnion = orgs.items.find((org) => org.kind === 'base' && org.status === 'open').name;
    await page.goto(`${url}/admin/members/import`);
    await page.locator('[data-testid=roster-upload]').waitFor();
  },
});

async function countMembers(query) {
  return (await pageGet(page, env.url, `/members?q=${encodeURIComponent(query)}`)).items.length;
}

async function upload(name, mimeType, buffer) {
  await page.locator('[data-testid=roster-upload] input[type=file]').setInputFiles({ name, mimeType, buffer });
  await waitForText(page.locator('[data-testid=roster-file]'), `已选择：${name}`);
  await page.locator('[data-testid=roster-start]').click();
}

const csv = (rows) => Buffer.from(`${rows.map((row) => row.join(',')).join('\r\n')}\r\n`, 'utf8');

test('a roster with a bad row lists the line and reason and imports nothing', async () => {
  await upload(
    'roster-bad.csv',
    'text/csv',
    csv([
      ['姓名', '手机号', '工会卡号', '所属工会'],
      ['王小明', '13955500001', 'GHT0001', baseUnion],
      ['李小红', '12345', 'GHT0002', baseUnion],
    ]),
  );
  const table = page.locator('[data-testid=roster-problem-table]');
  await table.waitFor();
  const rows = table.locator('.el-table__body tr');
  assert.equal(await rows.count(), 1);
  const cells = await rows.first().locator('td').allTextContents();
  assert.equal(cells[0].trim(), '3');
  assert.equal(cells[1].trim(), '手机号');
  assert.equal(cells[2].trim(), '手机号不是有效的 11 位大陆手机号。');
  assert.equal(cells[3].trim(), '“12345”不是 11 位手机号');
  assert.match(await page.locator('[data-testid=roster-problems]').textContent(), /发现 1 处问题，未导入任何数据/);
  assert.equal(await countMembers('GHT000'), 0);
  assert.deepEqual(page.errors, []);
});

test('a good CSV roster imports every row and says how many', async () => {
  await upload(
    'roster-good.csv',
    'text/csv',
    csv([
      ['姓名', '手机号', '工会卡号', '所属工会'],
      ['王小明', '13955500001', 'GHT0001', baseUnion],
      ['李小红', '13955500002', 'GHT0002', baseUnion],
    ]),
  );
  await waitForText(page.locator('[data-testid=roster-success-count]'), '共 2 行，新增 2 名会员。');
  assert.equal(await page.locator('[data-testid=roster-problem-table]').count(), 0);
  assert.equal(await countMembers('GHT000'), 2);
  assert.deepEqual(page.errors, []);
});

test('an .xlsx roster is converted in the browser and imported', async () => {
  const buffer = await writeExcelFile([
    ['姓名', '手机号', '工会卡号', '所属工会'],
    ['赵小刚', 13955500003, 'GHX0003', baseUnion],
    ['钱小丽', '13955500004', 'GHX0004', baseUnion],
  ]).toBuffer();
  await upload('roster.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer);
  await waitForText(page.locator('[data-testid=roster-success-count]'), '共 2 行，新增 2 名会员。');
  assert.equal(await countMembers('GHX000'), 2);
  assert.deepEqual(page.errors, []);
});

test('an .xlsx roster with a bad row reports the spreadsheet row', async () => {
  const buffer = await writeExcelFile([
    ['姓名', '手机号', '工会卡号', '所属工会'],
    ['孙小军', '13955500005', 'GHX0005', baseUnion],
    ['周小芳', '13955500006', 'GHX0003', baseUnion],
  ]).toBuffer();
  await upload('roster-bad.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer);
  const rows = page.locator('[data-testid=roster-problem-table] .el-table__body tr');
  await rows.first().waitFor();
  const cells = await rows.first().locator('td').allTextContents();
  assert.equal(cells[0].trim(), '3');
  assert.equal(cells[2].trim(), '该工会卡号已被其他会员使用。');
  assert.equal(cells[3].trim(), '工会卡号 GHX0003 已属于其他会员');
  assert.deepEqual(page.errors, []);
});

test('a GBK-encoded CSV is named as such', async () => {
  // "姓名,手机号,工会卡号,所属工会" as Excel saves it on a Chinese Windows (GBK).
  const header = Buffer.from('d0d5c3fb2ccad6bbfabac52cb9a4bbe1bfa8bac52ccbf9caf4b9a4bbe10d0a', 'hex');
  await upload('roster-gbk.csv', 'text/csv', header);
  const error = page.locator('[data-testid=roster-file-error]');
  await error.waitFor();
  assert.match(await error.textContent(), /不是 UTF-8 编码/);
  assert.deepEqual(page.errors, []);
});
