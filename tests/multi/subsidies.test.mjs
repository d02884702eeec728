// 求学圆梦 quotas with two instances on one PostgreSQL database: the district union approves
// many applications at once through both instances, and no more than its quota get through.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startInstances, request, runCli, engine } from '../api/harness.mjs';

let cluster;
let a;
let b;

const CITY = '13800000000';
const DISTRICT = '13800000001'; // 江北区总工会
const BASE = '13800000011'; // 市第一人民医院工会
// Members of 市第一人民医院工会 (every twelfth demo member from the first) past those the demo uses.
const memberPhone = (j) => `139${String(97 + 12 * j).padStart(8, '0')}`;

async function login(server, phone) {
  const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone, password: 'gonghui-demo' } });
  assert.equal(response.status, 200, response.text);
  return response.body.token;
}

function tally(responses) {
  const out = {};
  for (const r of responses) {
    const key = r.status >= 400 ? `${r.status} ${r.body?.error?.code}` : String(r.status);
    out[key] = (out[key] || 0) + 1;
  }
  return out;
}

before(async () => {
  assert.equal(engine, 'postgresql', 'the multi-instance suite runs on PostgreSQL (GONGHUI_TEST_ENGINE)');
  cluster = await startInstances(2, { demo: true, args: ['--access-log=false'] });
  [a, b] = cluster.servers;
});
after(async () => { await cluster?.stop(); });

test('a district approving through both instances at once never passes its quota', async () => {
  const applicants = 16;
  const city = await login(a, CITY);
  const base = await login(b, BASE);
  const district = [await login(a, DISTRICT), await login(b, DISTRICT)];
  const round = (await request(a, 'GET', '/api/v1/subsidy-rounds', { token: city })).body.items[0];
  const jiangbei = round.quotas.find((q) => q.org_name === '江北区总工会');
  // Five places left.
  const quotas = round.quotas.map((q) => ({ org_id: q.org_id, quota: q === jiangbei ? q.used + 5 : q.quota }));
  const patched = await request(b, 'PATCH', `/api/v1/subsidy-rounds/${round.id}`, { token: city, json: { quotas } });
  assert.equal(patched.status, 200, patched.text);

  const ids = [];
  for (let j = 0; j < applicants; j += 1) {
    const server = j % 2 ? b : a;
    const token = await login(server, memberPhone(j));
    const document = await request(server, 'POST', '/api/v1/documents', {
      token, body: Buffer.from(`%PDF-1.4\n% ${j}\n%%EOF\n`), headers: { 'content-type': 'application/pdf' },
    });
    assert.equal(document.status, 201, document.text);
    const applied = await request(server === a ? b : a, 'POST', '/api/v1/me/subsidy-applications', {
      token,
      json: {
        round_id: round.id, level: 'bachelor', school: '示范开放大学', major: '护理', document_id: document.body.id,
        bank_name: '中国农业银行', account_no: `62284800000000${String(j).padStart(5, '0')}`, account_holder: '会员',
      },
    });
    assert.equal(applied.status, 201, applied.text);
    const approved = await request(j % 2 ? a : b, 'POST', `/api/v1/subsidy-applications/${applied.body.id}/approve`, { token: base, json: {} });
    assert.equal(approved.status, 200, approved.text);
    ids.push(applied.body.id);
  }

  const responses = await Promise.all(ids.map((id, i) => request(i % 2 ? b : a, 'POST', `/api/v1/subsidy-applications/${id}/approve`, {
    token: district[i % 2], json: {},
  })));
  assert.deepEqual(tally(responses), { 200: 5, '409 quota_full': applicants - 5 });
  const after = (await request(b, 'GET', `/api/v1/subsidy-rounds/${round.id}`, { token: city })).body;
  const used = after.quotas.find((q) => q.org_id === jiangbei.org_id);
  assert.equal(used.used, used.quota);
  const waiting = await request(a, 'GET', `/api/v1/subsidy-applications?round_id=${round.id}&status=district_approved&limit=200`, { token: city });
  assert.equal(waiting.body.items.length, round.counts.district_approved + 5);
});

test('gonghui check finds every quota exact afterwards', () => {
  const result = runCli(['check', '--db', cluster.database.url]);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /ok {4}求学圆梦 quotas hold/);
});
