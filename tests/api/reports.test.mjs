// Farm-aid purchases and the impact report over HTTP with the demo data: purchase
// validation, the report's figures and drill-downs, district scoping, CSV and XLSX exports,
// and the printable summary in Chinese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { startServer, request } from './harness.mjs';

let server;
let admin;
let district;
async function login(phone) {
  const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone, password: 'gonghui-demo' } });
  assert.equal(response.status, 200, response.text);
  return response.body.token;
}

// Reads one file out of a zip archive through its central directory.
function unzipEntry(buffer, name) {
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end -= 1;
  assert.ok(end >= 0, 'zip end of central directory');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  for (let i = 0; i < count; i += 1) {
    assert.equal(buffer.readUInt32LE(at), 0x02014b50);
    const method = buffer.readUInt16LE(at + 10);
    const compressed = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const entryName = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    if (entryName === name) {
      const dataAt = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(dataAt, dataAt + compressed);
      return (method === 0 ? data : inflateRawSync(data)).toString('utf8');
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} not in the archive`);
}

before(async () => {
  server = await startServer({ demo: true });
  admin = await login('13800000000');
  district = await login('13800000001');
});
after(async () => { await server.stop(); });

test('the demo report has its figures, and each links to its records', async () => {
  const report = await request(server, 'GET', '/api/v1/reports/impact', { token: admin });
  assert.equal(report.status, 200, report.text);
  const r = report.body;
  // The demo's figures, exactly (the demo is seeded). Only members_reached depends on who
  // won its drawn lottery (a winner may or may not also have had a distribution): it is
  // the 1,000 members the distributions reached plus winners outside them, and it equals the
  // distinct members of its records.
  assert.ok(r.members_reached >= 1000 && r.members_reached <= 1008, `members_reached ${r.members_reached}`);
  const reached = new Set();
  for (let cursor = ''; ;) {
    const page = await request(server, 'GET', `${r.links.members_reached}&limit=500${cursor}`, { token: admin });
    assert.equal(page.status, 200, page.text);
    for (const item of page.body.items) reached.add(item.member_id);
    if (!page.body.next_cursor) break;
    cursor = `&cursor=${page.body.next_cursor}`;
  }
  assert.equal(reached.size, r.members_reached);
  assert.deepEqual({
    events: r.events, lottery_events: r.lottery_events, portions: r.portions, person_times: r.person_times,
    redeemed: r.redeemed, redemption_rate_permille: r.redemption_rate_permille,
    purchases_fen: r.purchases_fen, prize_value_fen: r.prize_value_fen, funds_fen: r.funds_fen,
    counterpart_aid_fen: r.counterpart_aid_fen, merchants_signed: r.merchants_signed, orchards_and_farms: r.orchards_and_farms,
    points_issued: r.points_issued, points_spent: r.points_spent,
  }, {
    events: 16, lottery_events: 2, portions: 1378, person_times: 1378, redeemed: 1096,
    redemption_rate_permille: 795, purchases_fen: 10081000, prize_value_fen: 56400, funds_fen: 10137400,
    counterpart_aid_fen: 3000000, merchants_signed: 57, orchards_and_farms: 8, points_issued: 266400, points_spent: 1200,
  });
  assert.deepEqual(r.events_by_kind, { booking: 1, claim: 1, distribution: 12, lottery: 2 });
  assert.deepEqual(r.portions_by_product, { fruit: 1018, grain: 140, vegetable: 220 });
  assert.deepEqual(r.counterpart_aid_by_region, { 赣州: 3000000 });
  assert.equal(r.funds_fen, r.purchases_fen + r.prize_value_fen);
  // The districts, then the federation's own events (本级): the rows add up to the total.
  assert.deepEqual(r.by_district.map((d) => [d.name, d.own, d.events, d.portions]),
    [['江北区总工会', false, 4, 380], ['城南区总工会', false, 4, 550], ['高新区总工会', false, 4, 440], [r.org_name, true, 4, 8]]);
  for (const figure of ['events', 'portions', 'person_times', 'funds_fen', 'purchases_fen']) {
    assert.equal(r.by_district.reduce((sum, d) => sum + d[figure], 0), r[figure], figure);
  }
  // By kind and brand the funds add up to the total as well; produce is named.
  for (const breakdown of [r.by_kind, r.by_brand]) {
    assert.equal(Object.values(breakdown).reduce((sum, s) => sum + s.funds_fen, 0), r.funds_fen);
    assert.equal(Object.values(breakdown).reduce((sum, s) => sum + s.portions, 0), r.portions);
  }
  assert.equal(Object.values(r.portions_by_produce).reduce((sum, n) => sum + n, 0), r.portions);
  assert.ok(r.portions_by_produce['红颜草莓'] > 0, JSON.stringify(r.portions_by_produce));
  assert.ok(r.by_platform['海州采摘'].events > 0, JSON.stringify(r.by_platform));
  assert.ok(Array.isArray(r.trend_by_month) && r.trend_by_month.length >= 12);
  for (const figure of ['events', 'portions', 'funds_fen', 'members_reached', 'merchants_signed', 'counterpart_aid_fen', 'points_issued']) {
    assert.ok(r.links[figure], figure);
  }
  const page = await request(server, 'GET', `${r.links.portions}&limit=5`, { token: admin });
  assert.equal(page.status, 200, page.text);
  assert.equal(page.body.type, 'voucher');
  assert.equal(page.body.items.length, 5);
  assert.ok(page.body.next_cursor);
  const next = await request(server, 'GET', `${r.links.portions}&limit=5&cursor=${page.body.next_cursor}`, { token: admin });
  assert.equal(next.body.items.length, 5);
  assert.notEqual(next.body.items[0].id, page.body.items[0].id);
  const aid = await request(server, 'GET', `${r.links.counterpart_aid_fen}`, { token: admin });
  assert.equal(aid.body.type, 'purchase');
  assert.equal(aid.body.items.reduce((sum, p) => sum + p.total_fen, 0), r.counterpart_aid_fen);
  const bad = await request(server, 'GET', '/api/v1/reports/impact/records?figure=nonsense', { token: admin });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'figure');
});

// Every record behind a figure's link, a page of `limit` at a time.
async function allRecords(link, limit, token = admin) {
  const items = [];
  let type;
  for (let cursor = ''; ;) {
    const page = await request(server, 'GET', `${link}&limit=${limit}${cursor}`, { token });
    assert.equal(page.status, 200, page.text);
    type = page.body.type;
    items.push(...page.body.items);
    if (!page.body.next_cursor) break;
    cursor = `&cursor=${page.body.next_cursor}`;
  }
  return { type, items };
}

test('training and 求学圆梦 figures are their records, for the city and for a district', async () => {
  for (const token of [admin, district]) {
    const r = (await request(server, 'GET', '/api/v1/reports/impact?from=2020-01-01', { token })).body;
    // Training person-times: one attendance row each, paged by position without a row lost or
    // listed twice; no names or phones.
    const training = await allRecords(r.links.training_person_times, 7, token);
    assert.equal(training.type, 'training_attendance');
    assert.equal(training.items.length, r.training_person_times);
    assert.equal(new Set(training.items.map((a) => `${a.session_id}/${a.member_id}`)).size, training.items.length);
    for (const row of training.items) {
      assert.deepEqual(Object.keys(row).sort(), ['course_id', 'course_org_id', 'course_title', 'member_id', 'method',
        'org_id', 'session_id', 'session_starts_at', 'signed_at']);
      assert.ok(['qr', 'staff'].includes(row.method), row.method);
    }
    // 求学圆梦: the payments add up to the amount, and their members to the people.
    const subsidy = await allRecords(r.links.subsidy_paid_fen, 50, token);
    assert.equal(subsidy.type, 'subsidy_payout');
    assert.equal(subsidy.items.reduce((sum, p) => sum + p.amount_fen, 0), r.subsidy_paid_fen);
    assert.equal(new Set(subsidy.items.map((p) => p.member_id)).size, r.subsidy_people);
    if (token === admin) {
      assert.ok(r.training_person_times > 7, `the demo has more than a page of attendance: ${r.training_person_times}`);
      assert.ok(r.subsidy_people > 0 && r.subsidy_paid_fen > 0, JSON.stringify([r.subsidy_people, r.subsidy_paid_fen]));
    }
  }
});

test('a district admin reads their own district and not another', async () => {
  const whole = (await request(server, 'GET', '/api/v1/reports/impact', { token: admin })).body;
  const own = await request(server, 'GET', '/api/v1/reports/impact', { token: district });
  assert.equal(own.status, 200, own.text);
  const mine = whole.by_district.find((d) => d.org_id === own.body.org_id);
  assert.ok(mine, 'the district admin\'s scope is one of the districts');
  assert.equal(own.body.portions, mine.portions);
  assert.equal(own.body.funds_fen, mine.funds_fen);
  const other = whole.by_district.find((d) => d.org_id !== own.body.org_id);
  const forbidden = await request(server, 'GET', `/api/v1/reports/impact?org_id=${other.org_id}`, { token: district });
  assert.equal(forbidden.status, 403);
  const forbiddenXlsx = await request(server, 'GET', `/api/v1/reports/impact.xlsx?org_id=${other.org_id}`, { token: district });
  assert.equal(forbiddenXlsx.status, 403);
  const member = await login('13900000001');
  assert.equal((await request(server, 'GET', '/api/v1/reports/impact', { token: member })).status, 403);
});

test('date range edges: from inclusive, to exclusive', async () => {
  const buy = await request(server, 'POST', '/api/v1/purchases', {
    token: admin, headers: { 'idempotency-key': 'edge-1' },
    json: { org_id: (await request(server, 'GET', '/api/v1/reports/impact', { token: admin })).body.org_id,
      supplier_name: '三峡库区柑橘合作社', product_name: '夏橙', product_kind: 'fruit', quantity: 10, unit: '箱',
      unit_price_fen: 5000, total_fen: 50000, purchased_on: '2022-05-01', counterpart_region: '三峡库区' },
  });
  assert.equal(buy.status, 201, buy.text);
  const at = await request(server, 'GET', '/api/v1/reports/impact?from=2022-05-01&to=2022-05-02', { token: admin });
  assert.equal(at.body.counterpart_aid_by_region['三峡库区'], 50000);
  const before = await request(server, 'GET', '/api/v1/reports/impact?from=2022-04-01&to=2022-05-01', { token: admin });
  assert.equal(before.body.counterpart_aid_fen, 0);
  const bad = await request(server, 'GET', '/api/v1/reports/impact?from=yesterday', { token: admin });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'from');
});

test('CSV and XLSX for programs (?format=data) carry the same figures in the machine form', async () => {
  const r = (await request(server, 'GET', '/api/v1/reports/impact?from=2021-01-01', { token: admin })).body;
  const csv = await request(server, 'GET', '/api/v1/reports/impact.csv?from=2021-01-01&format=data', { token: admin });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.ok(csv.text.replace(/^\ufeff/, '').startsWith('section,key,figure,value\r\n'), csv.text.slice(0, 100));
  assert.ok(csv.text.includes(`summary,,funds_fen,${r.funds_fen}\r\n`), csv.text.slice(0, 400));
  assert.ok(csv.text.includes(`summary,,portions,${r.portions}\r\n`));
  assert.ok(csv.text.includes(`summary,,redemption_rate_permille,${r.redemption_rate_permille}\r\n`));
  assert.ok(csv.text.includes('report,示范市总工会,from,2020-12-31T16:00:00.000Z\r\n'), 'from in UTC');
  const response = await fetch(`${server.url}/api/v1/reports/impact.xlsx?from=2021-01-01&format=data`, { headers: { authorization: `Bearer ${admin}` } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = Buffer.from(await response.arrayBuffer());
  assert.equal(workbook.toString('latin1', 0, 2), 'PK');
  assert.match(unzipEntry(workbook, 'xl/workbook.xml'), /<sheet name="summary"/);
  const sheet = unzipEntry(workbook, 'xl/worksheets/sheet1.xml');
  assert.ok(sheet.includes(`<v>${r.funds_fen}</v>`), 'funds_fen in the summary sheet');
  assert.ok(sheet.includes(`<v>${r.members_reached}</v>`), 'members_reached in the summary sheet');
});

// 12345678 fen → "123456.78".
const yuan = (fen) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

test('CSV and XLSX for staff: Chinese sheets and headings, 元 with two decimals, percentages, Beijing dates', async () => {
  const r = (await request(server, 'GET', '/api/v1/reports/impact?from=2021-01-01&to=2030-01-01', { token: admin })).body;
  const csv = await request(server, 'GET', '/api/v1/reports/impact.csv?from=2021-01-01&to=2030-01-01', { token: admin });
  assert.equal(csv.status, 200);
  const lines = csv.text.replace(/^\ufeff/, '').split('\r\n');
  assert.deepEqual(lines.slice(0, 4), ['成效汇总', '指标,数值', `工会,${r.org_name}`, '统计区间,2021-01-01 至 2029-12-31']);
  assert.ok(lines.includes(`投入资金（元）,${yuan(r.funds_fen)}`), csv.text.slice(0, 600));
  assert.ok(lines.includes(`对口支援采购（元）,${yuan(r.counterpart_aid_fen)}`));
  assert.match(yuan(r.counterpart_aid_fen), /^\d+\.\d\d$/);
  assert.ok(lines.includes(`核销率,${(r.redemption_rate_permille / 10).toFixed(1)}%`));
  assert.ok(lines.includes(`发放份数（份）,${r.portions}`));
  for (const heading of ['分类,项目,数值', '月份,发放份数（份）,投入资金（元）']) assert.ok(lines.includes(heading), heading);
  assert.ok(lines.some((line) => line.startsWith('工会,助农普惠活动（场）,')));
  assert.ok(lines.includes(`活动类型,积分抽奖,${r.events_by_kind.lottery}`));
  assert.ok(lines.includes(`发放品类,水果,${r.portions_by_product.fruit}`));
  assert.doesNotMatch(csv.text, /funds_fen|permille|fruit|lottery|T\d\d:\d\d:\d\dZ/);

  const response = await fetch(`${server.url}/api/v1/reports/impact.xlsx?from=2021-01-01&to=2030-01-01`, { headers: { authorization: `Bearer ${admin}` } });
  assert.equal(response.status, 200);
  const workbook = Buffer.from(await response.arrayBuffer());
  const sheetNames = [...unzipEntry(workbook, 'xl/workbook.xml').matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(sheetNames, ['成效汇总', '分类统计', '月度趋势', '下级工会']);
  const strings = [...unzipEntry(workbook, 'xl/sharedStrings.xml').matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
  for (const heading of ['指标', '数值', '核销率', '投入资金（元）', '分类', '项目', '月份', '工会', '惠及职工（人）', '2021-01-01 至 2029-12-31']) {
    assert.ok(strings.includes(heading), `${heading} in the workbook`);
  }
  assert.ok(!strings.some((s) => /funds_fen|permille/.test(s)));
  // Money is a number in 元 shown with two decimals; the rate a fraction shown as a percentage.
  const styles = unzipEntry(workbook, 'xl/styles.xml');
  assert.match(styles, /formatCode="#,##0\.00"/);
  assert.match(styles, /formatCode="0\.0%"/);
  const summary = unzipEntry(workbook, 'xl/worksheets/sheet1.xml');
  assert.ok(summary.includes(`<v>${r.funds_fen / 100}</v>`), 'funds in 元');
  assert.ok(summary.includes(`<v>${r.redemption_rate_permille / 1000}</v>`), 'the rate as a fraction');

  const bad = await request(server, 'GET', '/api/v1/reports/impact.csv?format=json', { token: admin });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'format');
});

test('the printable summary tells the report\'s figures in Chinese, scoped like the report', async () => {
  // Merchants are counted in contract at `to`, so the range ends now (the default).
  const query = 'from=2021-01-01';
  const r = (await request(server, 'GET', `/api/v1/reports/impact?${query}`, { token: admin })).body;
  const response = await request(server, 'GET', `/api/v1/reports/impact/summary?${query}`, { token: admin });
  assert.equal(response.status, 200, response.text);
  const summary = response.body;
  assert.equal(summary.org_id, r.org_id);
  assert.equal(summary.from, r.from);
  assert.equal(summary.title, `${r.org_name}助农普惠工作成效`);
  assert.ok(Array.isArray(summary.paragraphs) && summary.paragraphs.length >= 3, response.text);
  const text = summary.paragraphs.join('\n');
  assert.match(summary.paragraphs[0], new RegExp(`^2021年1月1日至20\\d\\d年\\d+月\\d+日，${r.org_name}及所属工会开展助农普惠活动${r.events}场，发放助农产品${r.portions}份，涵盖`));
  assert.ok(text.includes(`惠及职工${r.person_times}人次（${r.members_reached}名职工）`), text);
  assert.ok(text.includes('红颜草莓'), text);
  assert.ok(text.includes(`以积分抽奖形式开展${r.by_kind.lottery.events}场特色助农活动`), text);
  assert.ok(text.includes(`签约商户${r.merchants_signed}家，其中采摘园和农场${r.orchards_and_farms}家`), text);
  assert.ok(text.includes('对口支援赣州采购3万元'), text);  // 3,000,000 fen
  assert.doesNotMatch(text, /undefined|NaN|fruit|vegetable/);

  const own = await request(server, 'GET', `/api/v1/reports/impact/summary?${query}`, { token: district });
  assert.equal(own.status, 200, own.text);
  assert.notEqual(own.body.org_id, r.org_id);
  const other = r.by_district.find((d) => d.org_id !== own.body.org_id);
  const forbidden = await request(server, 'GET', `/api/v1/reports/impact/summary?org_id=${other.org_id}`, { token: district });
  assert.equal(forbidden.status, 403);
  const member = await login('13900000001');
  assert.equal((await request(server, 'GET', '/api/v1/reports/impact/summary', { token: member })).status, 403);
  const bad = await request(server, 'GET', '/api/v1/reports/impact/summary?to=2020-01-01', { token: admin });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'to');
});

test('purchase validation: total, unit, handed-out quantity, budget, idempotency', async () => {
  const own = (await request(server, 'GET', '/api/v1/reports/impact', { token: district })).body;
  const body = { org_id: own.org_id, supplier_name: '稻香农场', product_name: '番茄', product_kind: 'vegetable',
    quantity: 10, unit: '箱', unit_price_fen: 3000, total_fen: 30000, funding_source: '工会经费', purchased_on: '2029-03-01' };
  const post = (json, key) => request(server, 'POST', '/api/v1/purchases', { token: district, json, headers: key ? { 'idempotency-key': key } : {} });
  const mismatch = await post({ ...body, total_fen: 29999 });
  assert.equal(mismatch.status, 400);
  assert.equal(mismatch.body.error.code, 'total_mismatch');
  assert.equal(mismatch.body.error.field, 'total_fen');
  const unit = await post({ ...body, unit: '吨' });
  assert.equal(unit.status, 400);
  assert.equal(unit.body.error.field, 'unit');

  const campaign = await request(server, 'POST', '/api/v1/campaigns', {
    token: district,
    json: { org_id: own.org_id, kind: 'claim', title: '番茄限量领', brand: '连工助农', tags: [], opens_at: '2030-01-01T00:00:00Z', closes_at: '2030-01-08T00:00:00Z',
      points_cost: 0, per_member_limit: 1, prizes: [{ tier: 1, name: '番茄一箱', quantity: 11, value_fen: 3000 }] },
  });
  assert.equal(campaign.status, 201, campaign.text);
  const exceeds = await post({ ...body, campaign_ids: [campaign.body.id] });
  assert.equal(exceeds.status, 409);
  assert.equal(exceeds.body.error.code, 'exceeds_purchase');
  assert.equal(exceeds.body.error.field, 'campaign_ids');

  const first = await post({ ...body, campaign_ids: [] }, 'tomatoes-1');
  assert.equal(first.status, 201, first.text);
  const again = await post({ ...body, campaign_ids: [] }, 'tomatoes-1');
  assert.equal(again.body.id, first.body.id);
  // A district's purchase budget is set by the union above, never by the district itself.
  const own_budget = await request(server, 'PUT', `/api/v1/orgs/${own.org_id}/purchase-budget/2029`, { token: district, json: { budget_fen: 5000000 } });
  assert.equal(own_budget.status, 403, own_budget.text);
  const budget = await request(server, 'PUT', `/api/v1/orgs/${own.org_id}/purchase-budget/2029`, { token: admin, json: { budget_fen: 50000 } });
  assert.equal(budget.status, 200, budget.text);
  assert.equal(budget.body.used_fen, 30000);
  const over = await post(body, 'tomatoes-2');
  assert.equal(over.status, 409);
  assert.equal(over.body.error.code, 'budget_exceeded');
  assert.equal(over.body.error.field, 'total_fen');
  const listed = await request(server, 'GET', `/api/v1/purchases?org_id=${own.org_id}&from=2029-03-01&to=2029-03-02`, { token: district });
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.body.items.map((p) => p.id), [first.body.id]);
  const whole = (await request(server, 'GET', '/api/v1/reports/impact', { token: admin })).body;
  const foreign = whole.by_district.find((d) => d.org_id !== own.org_id);
  const outside = await post({ ...body, org_id: foreign.org_id });
  assert.equal(outside.status, 403);
});
