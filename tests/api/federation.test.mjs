// A federation's first day, from an empty database, the way a new federation runs it: the
// first platform admin by command, its unions, admins appointed by invitation, members
// imported and some activated, a merchant through apply → approve with its staff invited,
// two years of history imported, live campaigns (a distribution funded by two purchases and
// a lottery closed early) — and then every figure of the report by kind, brand, produce,
// platform and district (with the 本级 row), and the summary's sentences.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, request } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const PASSWORD = 'federation-first-day';

async function signIn(phone, password = PASSWORD) {
  const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone, password } });
  assert.equal(response.status, 200, response.text);
  return response.body.token;
}

// The token at the end of a one-time link ("/invite/…" or "/activate/…").
function tokenOf(link) {
  const match = /\/(?:invite|activate)\/([^/?#]+)/.exec(link);
  assert.ok(match, `a one-time link: ${link}`);
  return match[1];
}

// Today and tomorrow as Asia/Shanghai dates.
function shanghaiDate(offsetDays = 0) {
  const at = new Date(Date.now() + offsetDays * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
}
function chineseDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

test('a small federation from an empty database, reported the way its press release reads', async () => {
  // The first platform admin, by command, on the server's own database.
  const created = runCli(['admin', 'create', '--phone', '13800009000', '--name', '韩立新',
    '--federation', '示范市总工会', '--db', server.database.url], `${PASSWORD}\n`);
  assert.equal(created.status, 0, created.stderr);
  const platform = await signIn('13800009000');
  const post = (token, path, json, headers = {}) => request(server, 'POST', path, { token, json, headers });

  // The tree: two districts, a base union under each.
  const root = (await request(server, 'GET', '/api/v1/orgs', { token: platform })).body.items[0];
  const union = async (parent, name, kind) => {
    const response = await post(platform, '/api/v1/orgs', { parent_id: parent, name, kind });
    assert.equal(response.status, 201, response.text);
    return response.body;
  };
  const jiangbei = await union(root.id, '江北区总工会', 'district');
  const chengnan = await union(root.id, '城南区总工会', 'district');
  const factory = await union(jiangbei.id, '江北一厂工会', 'base');
  await union(chengnan.id, '城南二厂工会', 'base');

  // 江北's admin, appointed by invitation: accepts, signs in, sees only 江北's subtree.
  const appointed = await post(platform, `/api/v1/orgs/${jiangbei.id}/admins`, { phone: '13800009001', name: '周文静' });
  assert.equal(appointed.status, 201, appointed.text);
  const accepted = await post(undefined, `/api/v1/invitations/${tokenOf(appointed.body.link)}/accept`, { password: PASSWORD, name: '周文静' });
  assert.equal(accepted.status, 200, accepted.text);
  const district = await signIn('13800009001');
  const seen = (await request(server, 'GET', '/api/v1/orgs', { token: district })).body.items.map((o) => o.name);
  assert.deepEqual(seen.sort(), ['江北一厂工会', '江北区总工会'].sort());

  // Members imported by the district, four of them activated through the union's list.
  const roster = ['姓名,手机号,工会卡号,所属工会',
    ...[1, 2, 3, 4, 5, 6].map((i) => `职工${i},1391000000${i},GH9000000${i},江北一厂工会`)].join('\n');
  const imported = await request(server, 'POST', '/api/v1/members/import', { token: district, body: roster, headers: { 'content-type': 'text/csv' } });
  assert.equal(imported.status, 200, imported.text);
  assert.equal(imported.body.created, 6);
  const list = await request(server, 'GET', `/api/v1/orgs/${factory.id}/activation-list`, { token: district });
  assert.equal(list.status, 200, list.text);
  const lines = list.text.replace(/^\ufeff/, '').trim().split(/\r?\n/).slice(1);
  assert.equal(lines.length, 6, 'every member without a password is on the list');
  assert.ok(lines.every((line) => /139\*\*\*\*000\d/.test(line)), 'phones are masked on the list');
  const memberTokens = [];
  for (const line of lines.slice(0, 4)) {
    const token = tokenOf(line.split(',').find((cell) => /\/activate\//.test(cell)));
    const activated = await post(undefined, `/api/v1/invitations/${token}/accept`, { password: PASSWORD });
    assert.equal(activated.status, 200, activated.text);
    const phone = `1391000000${line.split(',')[0].replace('职工', '')}`;
    memberTokens.push(await signIn(phone));
  }
  const memberIds = [];
  for (const token of memberTokens) {
    memberIds.push((await request(server, 'GET', '/api/v1/me/points', { token })).body.member_id);
  }

  // A picking orchard listed on 海州采摘 through apply → approve; its staff invited.
  const applied = await post(undefined, '/api/v1/merchant-applications', {
    name: '阳坡葡萄园', category: 'orchard', address: '城南区阳坡村', lat: 30.3, lng: 120.2,
    contact_name: '赵园长', phone: '13912340000', licence_no: '91330100MA2BBBBB2',
    description: '葡萄采摘', platform: '海州采摘',
  });
  assert.equal(applied.status, 201, applied.text);
  const signed = await post(platform, `/api/v1/merchant-applications/${applied.body.id}/approve`, { contract_start: '2026-01-01', contract_end: '2028-12-31' });
  assert.equal(signed.status, 201, signed.text);
  const merchant = signed.body.merchant_id ?? signed.body.id;
  const invited = await post(platform, `/api/v1/merchants/${merchant}/staff`, { phone: '13700009001', name: '赵园长' });
  assert.equal(invited.status, 201, invited.text);
  const staffAccepted = await post(undefined, `/api/v1/invitations/${tokenOf(invited.body.invitation.link)}/accept`, { password: PASSWORD, name: '赵园长' });
  assert.equal(staffAccepted.status, 200, staffAccepted.text);
  const staff = await signIn('13700009001');
  assert.equal((await request(server, 'GET', '/api/v1/me/merchant', { token: staff })).body.id, merchant);

  // Two years of history: a dry run first writes nothing, then the import.
  const history = ['日期,工会,类型,品牌,名称,产品,品类,份数,资金(元),人次,供应方,对口地区,平台',
    '2023-05-01,江北一厂工会,抽奖,连工助农,瓜分幸福,西瓜,水果,300,60000,280,,,海州采摘',
    '2023-09-10,示范市总工会,发放,连工助农,蔬送美好,西红柿,蔬菜,500,25000,,,,',
    '2024-03-15,城南二厂工会,抽奖,连工助农,萄你欢心,葡萄,水果,200,40000,200,,,海州采摘',
    '2024-06-20,示范市总工会,采购,,,秭归脐橙,水果,,30000,,秭归果园,三峡库区,',
    '2024-11-11,城南区总工会,领取,,金秋大米,大米,粮油,100,,,,,'].join('\n');
  const importHistory = (dryRun) => request(server, 'POST', `/api/v1/history/imports${dryRun ? '?dry_run=true' : ''}`,
    { token: platform, body: history, headers: { 'content-type': 'text/csv' } });
  const dry = await importHistory(true);
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.body.totals.records, 5);
  assert.equal((await request(server, 'GET', '/api/v1/history/imports', { token: platform })).body.items.length, 0);
  const done = await importHistory(false);
  assert.ok([200, 201].includes(done.status), done.text);

  // Live: 江北 hands out watermelons bought in two purchases …
  const now = Date.now();
  const hour = 3600000;
  const distribution = await post(district, '/api/v1/campaigns', {
    kind: 'distribution', title: '夏日送清凉', org_id: jiangbei.id,
    opens_at: new Date(now - 60000).toISOString(), closes_at: new Date(now + 24 * hour).toISOString(),
    prizes: [{ name: '西瓜一个', quantity: 4, value_fen: 2000, supplier_name: '江北瓜农合作社', produce_name: '西瓜', produce_kind: 'fruit' }],
  });
  assert.equal(distribution.status, 201, distribution.text);
  for (const [key, quantity, total] of [['melons-1', 6, 12000], ['melons-2', 4, 8000]]) {
    const bought = await post(district, '/api/v1/purchases', {
      org_id: jiangbei.id, supplier_name: '江北瓜农合作社', product_name: '西瓜', product_kind: 'fruit',
      quantity, unit: '份', unit_price_fen: 2000, total_fen: total, purchased_on: shanghaiDate(),
      campaign_ids: [distribution.body.id],
    }, { 'idempotency-key': key });
    assert.equal(bought.status, 201, bought.text);
  }
  assert.equal((await post(district, `/api/v1/campaigns/${distribution.body.id}/publish`)).status, 200);
  const sent = await post(district, `/api/v1/campaigns/${distribution.body.id}/distribute`, { member_ids: memberIds }, { 'idempotency-key': 'melons' });
  assert.equal(sent.status, 201, sent.text);

  // … and the federation runs a 连工助农 lottery at the orchard, closed early and drawn.
  const lottery = await post(platform, '/api/v1/campaigns', {
    kind: 'lottery', title: '萄你欢心·葡萄采摘', brand: '连工助农', org_id: root.id,
    opens_at: new Date(now - 60000).toISOString(), closes_at: new Date(now + 24 * hour).toISOString(),
    points_cost: 0, per_member_limit: 1, beacon_source: 'federation test beacon',
    prizes: [{ tier: 1, name: '葡萄采摘券', quantity: 2, value_fen: 5000, merchant_id: merchant, produce_name: '葡萄', produce_kind: 'fruit' }],
  });
  assert.equal(lottery.status, 201, lottery.text);
  assert.equal((await post(platform, `/api/v1/campaigns/${lottery.body.id}/publish`)).status, 200);
  for (const token of memberTokens.slice(0, 3)) {
    const entered = await post(token, `/api/v1/campaigns/${lottery.body.id}/entries`, { tickets: 1 });
    assert.equal(entered.status, 201, entered.text);
  }
  const closed = await post(platform, `/api/v1/campaigns/${lottery.body.id}/close`, { reason: '报名人数已满，提前截止' });
  assert.equal(closed.status, 200, closed.text);
  const drawn = await post(platform, `/api/v1/campaigns/${lottery.body.id}/draw`, { beacon_value: 'round 1: 7a7a' });
  assert.equal(drawn.status, 200, drawn.text);

  // The report from 2023 to today, as the federation reads it.
  const to = shanghaiDate(1);
  const report = await request(server, 'GET', `/api/v1/reports/impact?from=2023-01-01&to=${to}`, { token: platform });
  assert.equal(report.status, 200, report.text);
  const r = report.body;
  assert.equal(r.events, 6);
  assert.equal(r.lottery_events, 3);
  assert.equal(r.portions, 300 + 500 + 200 + 100 + 4 + 2);
  assert.equal(r.person_times, 280 + 500 + 200 + 100 + 4 + 2);
  // Imported event funds, the imported purchase, the lottery's prizes, the two purchases.
  assert.equal(r.funds_fen, 12500000 + 3000000 + 2 * 5000 + 20000);
  assert.equal(r.purchases_fen, 3000000 + 20000);
  assert.deepEqual(r.imported, {
    events: 4, lottery_events: 2, portions: 1100, person_times: 1080, members_reached: 0, redeemed: 0,
    purchases_fen: 3000000, prize_value_fen: 12500000, funds_fen: 15500000, counterpart_aid_fen: 3000000,
  });
  assert.deepEqual(r.by_kind, {
    lottery: { events: 3, portions: 502, person_times: 482, funds_fen: 6000000 + 4000000 + 10000 },
    distribution: { events: 2, portions: 504, person_times: 504, funds_fen: 2500000 + 20000 },
    claim: { events: 1, portions: 100, person_times: 100, funds_fen: 0 },
    purchase: { events: 0, portions: 0, person_times: 0, funds_fen: 3000000 },
  });
  assert.deepEqual(r.by_brand, {
    连工助农: { events: 4, portions: 1002, person_times: 982, funds_fen: 12510000 },
    '(none)': { events: 2, portions: 104, person_times: 104, funds_fen: 3020000 },
  });
  assert.deepEqual(r.portions_by_produce, { 西瓜: 304, 西红柿: 500, 葡萄: 202, 大米: 100 });
  assert.deepEqual(r.by_platform, { 海州采摘: { events: 3, portions: 502, person_times: 482, funds_fen: 0 } });
  assert.deepEqual(r.counterpart_aid_by_region, { 三峡库区: 3000000 });
  const rows = Object.fromEntries(r.by_district.map((d) => [d.own ? '本级' : d.name, d]));
  assert.deepEqual(Object.keys(rows).sort(), ['城南区总工会', '本级', '江北区总工会'].sort());
  assert.deepEqual([rows['江北区总工会'].events, rows['江北区总工会'].portions, rows['江北区总工会'].funds_fen], [2, 304, 6000000 + 20000]);
  assert.deepEqual([rows['城南区总工会'].events, rows['城南区总工会'].portions, rows['城南区总工会'].funds_fen], [2, 300, 4000000]);
  assert.deepEqual([rows['本级'].events, rows['本级'].portions, rows['本级'].funds_fen], [2, 502, 2500000 + 3000000 + 10000]);
  for (const figure of ['events', 'portions', 'person_times', 'funds_fen', 'purchases_fen']) {
    assert.equal(r.by_district.reduce((sum, d) => sum + d[figure], 0), r[figure], `districts add up: ${figure}`);
  }
  // The imported rows drill down apart from live ones.
  const importedEvents = await request(server, 'GET', `/api/v1/reports/impact/records?figure=events&source=imported&from=2023-01-01&to=${to}`, { token: platform });
  assert.equal(importedEvents.body.type, 'imported');
  assert.equal(importedEvents.body.items.length, 4);
  const liveEvents = await request(server, 'GET', `/api/v1/reports/impact/records?figure=events&from=2023-01-01&to=${to}`, { token: platform });
  assert.equal(liveEvents.body.items.length, 2);

  // The summary states the release's sentences, every number from the records.
  const summary = await request(server, 'GET', `/api/v1/reports/impact/summary?from=2023-01-01&to=${to}`, { token: platform });
  assert.equal(summary.status, 200, summary.text);
  assert.equal(summary.body.paragraphs[0],
    `2023年1月1日至${chineseDate(shanghaiDate())}，示范市总工会及所属工会开展助农普惠活动6场，发放助农产品1106份，` +
    '涵盖西红柿、西瓜、葡萄、大米等4种农产品；以积分抽奖形式开展3场特色助农活动，投入资金10多万元，惠及482人次。');
  assert.ok(summary.body.paragraphs.includes('擦亮“连工助农”活动品牌，开展活动4场，发放1002份，投入资金12多万元。'), summary.text);
  assert.ok(summary.body.paragraphs.includes('依托“海州采摘”平台开展活动3场，发放502份。'), summary.text);

  // A district admin's report of 2023–2024 holds only 江北's history, with its own row.
  const districtReport = await request(server, 'GET', '/api/v1/reports/impact?from=2023-01-01&to=2025-01-01', { token: district });
  assert.equal(districtReport.body.events, 1);
  assert.equal(districtReport.body.portions, 300);
  assert.equal(districtReport.body.by_district.at(-1).own, true);
});
