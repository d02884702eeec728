// 求学圆梦 over HTTP on the demo: a member uploads the enrolment report and applies; the base
// union, the district union and the city union review in turn (a wrong level or another district
// is refused); bank details are only ever shown masked, except in the city's payout workbook;
// bulk approval waits for the round's approval; a payment is recorded once and joins the report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { startServer, request, demoTokens } from './harness.mjs';

const MEMBER = '13900000001'; // 陈晓梅, 市第一人民医院工会 (江北区)
const SOUTH_MEMBER = '13900000005'; // 城南供电公司工会 (城南区)
const BASE = '13800000011'; // 市第一人民医院工会
const DISTRICT = '13800000001'; // 江北区总工会
const CITY = '13800000000';
const ACCOUNT = '6217 0012 3456 7890 126';
const ACCOUNT_DIGITS = ACCOUNT.replaceAll(' ', '');

let server;
let token;
let round;
let key = 0;

before(async () => {
  server = await startServer({ demo: true });
  token = demoTokens(() => server);
  const rounds = await call(MEMBER, 'GET', '/api/v1/me/subsidy-rounds');
  assert.equal(rounds.status, 200, rounds.text);
  round = rounds.body.items[0];
});
after(async () => { await server?.stop(); });

async function call(who, method, path, json) {
  const headers = method === 'GET' ? {} : { 'idempotency-key': `subsidy-test-${key++}` };
  return request(server, method, path, { token: await token(who), json, headers });
}

const pdf = (label) => Buffer.from(`%PDF-1.4\n1 0 obj << >> endobj\n% ${label}\ntrailer << >>\n%%EOF\n`);

async function upload(who, bytes, type = 'application/pdf') {
  return request(server, 'POST', '/api/v1/documents', { token: await token(who), body: bytes, headers: { 'content-type': type } });
}

async function applyAs(who, level, extra = {}) {
  const document = await upload(who, pdf(who));
  assert.equal(document.status, 201, document.text);
  return call(who, 'POST', '/api/v1/me/subsidy-applications', {
    round_id: round.id, level, school: '示范开放大学', major: '护理学', document_id: document.body.id,
    bank_name: '中国工商银行', account_no: ACCOUNT, account_holder: '陈晓梅', ...extra,
  });
}

function unzipEntry(buffer, name) {
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end -= 1;
  assert.ok(end >= 0, 'zip end of central directory');
  let at = buffer.readUInt32LE(end + 16);
  for (let i = 0; i < buffer.readUInt16LE(end + 10); i += 1) {
    const method = buffer.readUInt16LE(at + 10);
    const compressed = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const local = buffer.readUInt32LE(at + 42);
    if (buffer.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const dataAt = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(dataAt, dataAt + compressed);
      return (method === 0 ? data : inflateRawSync(data)).toString('utf8');
    }
    at += 46 + nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
  }
  throw new Error(`${name} not in the workbook`);
}

async function payoutWorkbook(status) {
  const response = await fetch(`${server.url}/api/v1/subsidy-rounds/${round.id}/payouts.xlsx?status=${status}`, {
    headers: { authorization: `Bearer ${await token(CITY)}` },
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = Buffer.from(await response.arrayBuffer());
  return [...unzipEntry(workbook, 'xl/sharedStrings.xml').matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
}

test('the demo round is open to the member, with eligibility per level', () => {
  assert.equal(round.window_open, true);
  assert.deepEqual(round.levels.map((l) => l.level), ['junior_college', 'bachelor', 'postgraduate']);
  assert.ok(round.levels.every((l) => l.eligible && l.reason === null), JSON.stringify(round.levels));
});

test('documents are told by content and read back only by their uploader', async () => {
  const html = await upload(MEMBER, Buffer.from('<html><script>alert(1)</script></html>'), 'application/pdf');
  assert.equal(html.status, 400);
  assert.equal(html.body.error.code, 'invalid_document');
  const own = await upload(MEMBER, pdf('own'));
  assert.equal(own.body.content_type, 'application/pdf');
  const back = await request(server, 'GET', `/api/v1/documents/${own.body.id}`, { token: await token(MEMBER) });
  assert.equal(back.status, 200);
  assert.equal(back.headers.get('content-type'), 'application/pdf');
  assert.equal(back.headers.get('cache-control'), 'private, no-store');
  assert.ok(back.text.startsWith('%PDF-1.4'));
  const other = await request(server, 'GET', `/api/v1/documents/${own.body.id}`, { token: await token(SOUTH_MEMBER) });
  assert.equal(other.status, 404);
});

test('the chain over HTTP: base → district (returns) → resubmitted → base → district → city → paid once', async () => {
  const applied = await applyAs(MEMBER, 'bachelor');
  assert.equal(applied.status, 201, applied.text);
  const id = applied.body.id;
  assert.equal(applied.body.status, 'submitted');
  assert.equal(applied.body.step, 'base');
  assert.equal(applied.body.account_masked, '**** 0126');
  assert.equal(applied.body.holder_masked, '陈*梅');
  assert.ok(!applied.text.includes(ACCOUNT_DIGITS) && !applied.text.includes('7890'), 'no account number in the answer');
  const again = await applyAs(MEMBER, 'bachelor');
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'already_applied');

  const early = await call(DISTRICT, 'POST', `/api/v1/subsidy-applications/${id}/approve`, {});
  assert.equal(early.status, 403);
  assert.equal(early.body.error.code, 'wrong_level');
  const base = await call(BASE, 'POST', `/api/v1/subsidy-applications/${id}/approve`, { note: '材料齐全' });
  assert.equal(base.status, 200, base.text);
  assert.equal(base.body.status, 'base_approved');
  assert.equal(base.body.can_review, false);
  const awaiting = await call(DISTRICT, 'GET', '/api/v1/subsidy-applications?awaiting=me');
  assert.ok(awaiting.body.items.some((a) => a.id === id && a.can_review), 'waiting for the district');
  assert.ok(!awaiting.text.includes(ACCOUNT_DIGITS));
  const noReason = await call(DISTRICT, 'POST', `/api/v1/subsidy-applications/${id}/return`, { reason: '' });
  assert.equal(noReason.status, 400);
  const returned = await call(DISTRICT, 'POST', `/api/v1/subsidy-applications/${id}/return`, { reason: '专业与录取通知书不一致' });
  assert.equal(returned.status, 200, returned.text);
  assert.equal(returned.body.status, 'returned');
  assert.equal(returned.body.returned_by, 'district');

  const mine = await call(MEMBER, 'GET', `/api/v1/me/subsidy-applications/${id}`);
  assert.deepEqual(mine.body.timeline.map((e) => `${e.action}:${e.level}`), ['submitted:member', 'approved:base', 'returned:district']);
  assert.equal(mine.body.timeline[2].note, '专业与录取通知书不一致');
  assert.equal(mine.body.timeline[2].actor_name, undefined, 'members see the union, not the staff');
  const messages = await call(MEMBER, 'GET', '/api/v1/me/messages');
  assert.equal(messages.body.items.filter((m) => m.kind === 'subsidy_status').length, 3);

  const resubmitted = await call(MEMBER, 'POST', `/api/v1/me/subsidy-applications/${id}/resubmit`, { major: '护理' });
  assert.equal(resubmitted.status, 200, resubmitted.text);
  assert.equal(resubmitted.body.status, 'submitted');
  assert.equal(resubmitted.body.major, '护理');
  for (const who of [BASE, DISTRICT, CITY]) {
    const step = await call(who, 'POST', `/api/v1/subsidy-applications/${id}/approve`, {});
    assert.equal(step.status, 200, `${who}: ${step.text}`);
  }
  const approved = await call(CITY, 'GET', `/api/v1/subsidy-applications/${id}`);
  assert.equal(approved.body.status, 'approved');
  assert.equal(approved.body.step, 'city');
  assert.equal(approved.body.can_review, true);
  const document = await request(server, 'GET', `/api/v1/subsidy-applications/${id}/document`, { token: await token(DISTRICT) });
  assert.equal(document.status, 200);
  assert.ok(document.text.startsWith('%PDF-'));

  // The payout workbook has the full number; the district may not take it.
  const refused = await call(DISTRICT, 'GET', `/api/v1/subsidy-rounds/${round.id}/payouts.xlsx`);
  assert.equal(refused.status, 403);
  const waiting = await payoutWorkbook('approved');
  assert.ok(waiting.includes(ACCOUNT_DIGITS), 'the account number in full');
  assert.ok(waiting.includes('陈晓梅') && waiting.includes('银行账号') && waiting.includes('待发放'));

  const paidOn = new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
  const payout = { paid_on: paidOn, amount_fen: 100000, transfer_ref: 'TRX-API-0001' };
  const byDistrict = await call(DISTRICT, 'POST', `/api/v1/subsidy-applications/${id}/payout`, payout);
  assert.equal(byDistrict.status, 403);
  const paid = await call(CITY, 'POST', `/api/v1/subsidy-applications/${id}/payout`, payout);
  assert.equal(paid.status, 201, paid.text);
  assert.equal(paid.body.status, 'paid');
  assert.deepEqual(paid.body.payout, payout);
  const twice = await call(CITY, 'POST', `/api/v1/subsidy-applications/${id}/payout`, { ...payout, transfer_ref: 'TRX-API-0002' });
  assert.equal(twice.status, 409);
  assert.equal(twice.body.error.code, 'already_paid');
  assert.ok((await payoutWorkbook('paid')).includes('TRX-API-0001'));
  const funded = await applyAs(MEMBER, 'bachelor');
  assert.equal(funded.body.error.code, 'already_funded');

  const report = await call(CITY, 'GET', '/api/v1/reports/impact');
  assert.equal(report.status, 200);
  assert.ok(report.body.subsidy_people >= 2, `${report.body.subsidy_people} people`);
  assert.ok(report.body.subsidy_paid_fen >= 200000);
  const audit = await call(CITY, 'GET', '/api/v1/audit?action=subsidy.payout_export');
  assert.ok(audit.body.items.length >= 2, 'each export is in the audit log');
});

test('another district may neither read nor review, and nobody acts out of turn', async () => {
  const south = await applyAs(SOUTH_MEMBER, 'junior_college', { account_holder: '城南会员' });
  assert.equal(south.status, 201, south.text);
  for (const who of [DISTRICT, BASE]) {
    const read = await call(who, 'GET', `/api/v1/subsidy-applications/${south.body.id}`);
    assert.equal(read.status, 403, `${who} reads`);
    const approve = await call(who, 'POST', `/api/v1/subsidy-applications/${south.body.id}/approve`, {});
    assert.equal(approve.status, 403, `${who} approves`);
    assert.equal(approve.body.error.code, 'forbidden');
  }
  const list = await call(DISTRICT, 'GET', '/api/v1/subsidy-applications?limit=200');
  assert.ok(!list.body.items.some((a) => a.id === south.body.id));
  const city = await call(CITY, 'POST', `/api/v1/subsidy-applications/${south.body.id}/approve`, {});
  assert.equal(city.body.error.code, 'wrong_level');
  const member = await call(MEMBER, 'GET', `/api/v1/me/subsidy-applications/${south.body.id}`);
  assert.equal(member.status, 404);
});

test('bulk approval is refused until the city union approves the round', async () => {
  const waiting = await call(BASE, 'GET', `/api/v1/subsidy-applications?round_id=${round.id}&awaiting=me`);
  const ids = waiting.body.items.map((a) => a.id);
  assert.ok(ids.length >= 2, `${ids.length} waiting at the base union`);
  const refused = await call(BASE, 'POST', `/api/v1/subsidy-rounds/${round.id}/bulk-approve`, { application_ids: ids });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, 'round_not_approved');
  const byDistrict = await call(DISTRICT, 'POST', `/api/v1/subsidy-rounds/${round.id}/approve`, {});
  assert.equal(byDistrict.status, 403);
  const roundApproved = await call(CITY, 'POST', `/api/v1/subsidy-rounds/${round.id}/approve`, {});
  assert.equal(roundApproved.status, 200, roundApproved.text);
  assert.equal(roundApproved.body.status, 'approved');
  const bulk = await call(BASE, 'POST', `/api/v1/subsidy-rounds/${round.id}/bulk-approve`, { application_ids: ids });
  assert.equal(bulk.status, 200, bulk.text);
  assert.equal(bulk.body.approved, ids.length);
  assert.ok(bulk.body.results.every((r) => r.status === 'base_approved' && r.error === null));
  const patch = await call(CITY, 'PATCH', `/api/v1/subsidy-rounds/${round.id}`, { title: '改名' });
  assert.equal(patch.body.error.code, 'round_approved');
});

test('only the city union sets up rounds, and each field is checked', async () => {
  const body = {
    year: 2027, title: '2027年求学圆梦行动',
    windows: [{ opens_at: '2027-03-01', closes_at: '2027-04-30' }, { opens_at: '2027-09-01', closes_at: '2027-10-31' }],
    levels: [{ level: 'bachelor', amount_fen: 100000 }],
    quotas: [{ org_id: round.id, quota: 5 }],
  };
  const district = await call(DISTRICT, 'POST', '/api/v1/subsidy-rounds', body);
  assert.equal(district.status, 403);
  const notDistrict = await call(CITY, 'POST', '/api/v1/subsidy-rounds', body);
  assert.equal(notDistrict.status, 400);
  assert.equal(notDistrict.body.error.field, 'quotas');
  const orgs = (await call(CITY, 'GET', '/api/v1/orgs')).body.items;
  body.quotas = orgs.filter((o) => o.kind === 'district').map((o) => ({ org_id: o.id, quota: 5 }));
  const badLevel = await call(CITY, 'POST', '/api/v1/subsidy-rounds', { ...body, levels: [{ level: 'doctor', amount_fen: 1 }] });
  assert.equal(badLevel.body.error.code, 'unknown_level');
  const created = await call(CITY, 'POST', '/api/v1/subsidy-rounds', body);
  assert.equal(created.status, 201, created.text);
  assert.equal(created.body.status, 'draft');
  assert.equal(created.body.windows.length, 2);
  const hidden = await call(DISTRICT, 'GET', `/api/v1/subsidy-rounds/${created.body.id}`);
  assert.equal(hidden.status, 404);
  const opened = await call(CITY, 'POST', `/api/v1/subsidy-rounds/${created.body.id}/open`, {});
  assert.equal(opened.body.status, 'open');
  assert.equal(opened.body.window_open, false);
});
