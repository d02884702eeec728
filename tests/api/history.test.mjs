// 历史数据导入: past farm-aid records imported from CSV. A dry run writes nothing; an import
// is all rows or none; batches are listed in scope and can be undone; records carry the
// imported mark and never show up among live purchases.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, demoTokens } from './harness.mjs';

let server;
const tokenOf = demoTokens(() => server);
const PLATFORM = '13800000000';
const DISTRICT = '13800000001'; // 江北区总工会
let keys = 0;

before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server.stop(); });

const HEADER = '日期,工会,类型,品牌,名称,产品,品类,份数,资金(元),人次,供应方,对口地区,平台';
const GOOD = [
  '2021-03-05,市第一人民医院工会,发放,连工助农,春季草莓发放,草莓,水果,120,,118,,,',
  '2021/6/18,江北公交公司工会,采购,连工助农,,大米,粮油,,12345.6,,绿源合作社,三峡库区,海州采摘',
  '2022-09-01,江北区总工会,抽奖,连工助农,中秋抽奖,月饼,其他,30,,300,,,',
];

async function importCsv(phone, csv, { dryRun = false, fileName = '历史.csv', key } = {}) {
  const query = `${dryRun ? '?dry_run=true&' : '?'}file_name=${encodeURIComponent(fileName)}`;
  return request(server, 'POST', `/api/v1/history/imports${query}`, {
    token: await tokenOf(phone), body: csv,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'idempotency-key': key ?? `history-${keys++}` },
  });
}

async function countRecords(phone) {
  const response = await request(server, 'GET', '/api/v1/history/records?limit=500', { token: await tokenOf(phone) });
  assert.equal(response.status, 200, response.text);
  return response.body.items.length;
}

test('a dry run reports totals and every row error, and writes nothing', async () => {
  const before = await countRecords(PLATFORM);
  const csv = [HEADER, ...GOOD, '2021-13-01,城南供电公司工会,捐赠,,,,,abc,1.234,,,,'].join('\r\n');
  const response = await importCsv(DISTRICT, csv, { dryRun: true });
  assert.equal(response.status, 200, response.text);
  const report = response.body;
  assert.equal(report.dry_run, true);
  assert.equal(report.batch_id, null);
  assert.equal(report.rows, 4);
  assert.deepEqual(report.totals.by_year.map((y) => y.year), [2021, 2022]);
  assert.equal(report.totals.records, 3);
  assert.equal(report.totals.events, 2);
  assert.equal(report.totals.purchases, 1);
  assert.equal(report.totals.portions, 150);
  assert.equal(report.totals.funds_fen, 1234560);
  assert.equal(report.totals.person_times, 418);
  const bad = report.errors.map((e) => `${e.row}:${e.column}:${e.code}`);
  assert.deepEqual(bad, ['5:date:invalid_date', '5:union:out_of_scope', '5:kind:unknown_kind', '5:portions:invalid_integer', '5:funds:invalid_amount']);
  assert.equal(report.errors[1].value, '城南供电公司工会');
  assert.equal(await countRecords(PLATFORM), before);
  const batches = await request(server, 'GET', '/api/v1/history/imports', { token: await tokenOf(PLATFORM) });
  assert.equal(batches.body.items.length, 0);
});

test('an import with a bad row is refused whole; a clean one is one batch', async () => {
  const refused = await importCsv(DISTRICT, [HEADER, ...GOOD, '2021-07-01,市第一人民医院工会,发放,,,,,10,,,,,'].join('\n'));
  assert.equal(refused.status, 400, refused.text);
  assert.equal(refused.body.error.code, 'import_invalid');
  assert.deepEqual(refused.body.error.details.map((e) => [e.row, e.column, e.code]), [[5, 'produce', 'event_needs_produce']]);
  assert.equal(await countRecords(DISTRICT), 0);

  const done = await importCsv(DISTRICT, [HEADER, ...GOOD].join('\n'), { key: 'history-clean' });
  assert.equal(done.status, 201, done.text);
  assert.equal(done.body.dry_run, false);
  assert.match(done.body.batch_id, /^\d+$/);
  assert.equal(done.body.totals.records, 3);
  // A retry with the same key is answered from the first time, not imported twice.
  const again = await importCsv(DISTRICT, [HEADER, ...GOOD].join('\n'), { key: 'history-clean' });
  assert.equal(again.status, 201);
  assert.equal(again.body.batch_id, done.body.batch_id);
  assert.equal(await countRecords(DISTRICT), 3);

  const batches = await request(server, 'GET', '/api/v1/history/imports', { token: await tokenOf(DISTRICT) });
  assert.equal(batches.status, 200, batches.text);
  assert.equal(batches.body.items.length, 1);
  const batch = batches.body.items[0];
  assert.equal(batch.id, done.body.batch_id);
  assert.equal(batch.file_name, '历史.csv');
  assert.equal(batch.rows, 3);
  assert.equal(batch.first_on, '2021-03-05');
  assert.equal(batch.last_on, '2022-09-01');
  assert.equal(batch.undone, false);

  const records = await request(server, 'GET', `/api/v1/history/records?batch_id=${batch.id}&from=2021-01-01&to=2022-01-01`, { token: await tokenOf(DISTRICT) });
  assert.equal(records.status, 200, records.text);
  assert.equal(records.body.items.length, 2);
  for (const r of records.body.items) {
    assert.equal(r.imported, true);
    assert.equal(r.batch_id, batch.id);
  }
  const purchase = records.body.items.find((r) => r.kind === 'purchase');
  assert.equal(purchase.funds_fen, 1234560);
  assert.equal(purchase.supplier_name, '绿源合作社');
  assert.equal(purchase.region, '三峡库区');
  assert.equal(purchase.platform, '海州采摘');
  assert.equal(purchase.produce_kind, 'grain');
  assert.equal(purchase.org_name, '江北公交公司工会');
  // Imported records are not live purchases.
  const live = await request(server, 'GET', '/api/v1/purchases?limit=500', { token: await tokenOf(DISTRICT) });
  assert.ok(!live.body.items.some((p) => p.supplier_name === '绿源合作社'));
  // The audit log has the import.
  const audit = await request(server, 'GET', '/api/v1/audit?action=history.', { token: await tokenOf(PLATFORM) });
  assert.ok(audit.body.items.some((e) => e.action === 'history.import' && e.target_id === batch.id), audit.text);
});

test('the batch is undone by an admin in scope, once', async () => {
  const batches = await request(server, 'GET', '/api/v1/history/imports', { token: await tokenOf(DISTRICT) });
  const id = batches.body.items.find((b) => !b.undone).id;
  // A batch the federation imported lies outside the district admin's scope: not listed, not undone.
  const federation = await importCsv(PLATFORM, `${HEADER}\n2020-05-01,城南供电公司工会,发放,,,茶叶,茶叶,40,,,,,`);
  assert.equal(federation.status, 201, federation.text);
  const seen = await request(server, 'GET', '/api/v1/history/imports', { token: await tokenOf(DISTRICT) });
  assert.ok(!seen.body.items.some((b) => b.id === federation.body.batch_id));
  const foreign = await request(server, 'DELETE', `/api/v1/history/imports/${federation.body.batch_id}`, { token: await tokenOf(DISTRICT) });
  assert.equal(foreign.status, 403, foreign.text);
  assert.equal(await countRecords(PLATFORM), 4);
  const undone = await request(server, 'DELETE', `/api/v1/history/imports/${id}`, { token: await tokenOf(DISTRICT) });
  assert.equal(undone.status, 200, undone.text);
  assert.equal(undone.body.undone, true);
  assert.equal(await countRecords(DISTRICT), 0);
  assert.equal(await countRecords(PLATFORM), 1);
  const twice = await request(server, 'DELETE', `/api/v1/history/imports/${id}`, { token: await tokenOf(PLATFORM) });
  assert.equal(twice.status, 409, twice.text);
  assert.equal(twice.body.error.code, 'already_undone');
  const listed = await request(server, 'GET', '/api/v1/history/imports', { token: await tokenOf(DISTRICT) });
  assert.equal(listed.body.items.find((b) => b.id === id).undone, true);
  const missing = await request(server, 'DELETE', '/api/v1/history/imports/12345', { token: await tokenOf(PLATFORM) });
  assert.equal(missing.status, 404);
});

test('bad input: media type, header, JSON body, dry_run, a foreign org_id filter', async () => {
  const token = await tokenOf(PLATFORM);
  const plain = await request(server, 'POST', '/api/v1/history/imports', { token, body: 'x', headers: { 'content-type': 'text/plain' } });
  assert.equal(plain.status, 415, plain.text);
  const header = await importCsv(PLATFORM, '日期,工会,类型,备注\n2021-01-01,江北区总工会,发放,x\n', { dryRun: true });
  assert.equal(header.status, 400);
  assert.equal(header.body.error.code, 'unknown_column');
  assert.equal(header.body.error.field, 'file');
  const empty = await importCsv(PLATFORM, `${HEADER}\n`, { dryRun: true });
  assert.equal(empty.body.error.code, 'no_rows');
  const gbk = await importCsv(PLATFORM, Buffer.from([0xc8, 0xd5, 0xc6, 0xda, 0x0a]), { dryRun: true });
  assert.equal(gbk.body.error.code, 'invalid_encoding');
  const flag = await request(server, 'POST', '/api/v1/history/imports?dry_run=maybe', { token, body: `${HEADER}\n${GOOD[0]}`, headers: { 'content-type': 'text/csv' } });
  assert.equal(flag.status, 400);
  assert.equal(flag.body.error.field, 'dry_run');
  // The JSON form, with the file's name.
  const json = await request(server, 'POST', '/api/v1/history/imports?dry_run=true', { token, json: { file_name: '往年.csv', csv: `${HEADER}\n${GOOD[0]}` } });
  assert.equal(json.status, 200, json.text);
  assert.equal(json.body.totals.records, 1);
  const noCsv = await request(server, 'POST', '/api/v1/history/imports?dry_run=true', { token, json: { file_name: '往年.csv' } });
  assert.equal(noCsv.status, 400);
  assert.equal(noCsv.body.error.field, 'csv');
  const orgs = (await request(server, 'GET', '/api/v1/orgs', { token })).body.items;
  const south = orgs.find((o) => o.name === '城南区总工会');
  const foreign = await request(server, 'GET', `/api/v1/history/records?org_id=${south.id}`, { token: await tokenOf(DISTRICT) });
  assert.equal(foreign.status, 403);
  const badDate = await request(server, 'GET', '/api/v1/history/records?from=yesterday', { token });
  assert.equal(badDate.status, 400);
});
