// Records people read: a member's ledger says what each transfer was for (the grant's reason,
// the campaign a spend paid for, and what a refund or reversal gave back), so the console can
// write "参加活动『…』" instead of a reference.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request } from './harness.mjs';

let server;
before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server.stop(); });

async function login(phone) {
  const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone, password: 'gonghui-demo' } });
  assert.equal(response.status, 200, response.text);
  return response.body.token;
}

test('a ledger line names its grant, its campaign, and what a reversal undid', async () => {
  const admin = await login('13800000000');
  const member = await login('13900000005'); // 城南区, holding the demo's yearly 200 points
  const memberId = (await request(server, 'GET', '/api/v1/me', { token: member })).body.member.id;
  const campaigns = (await request(server, 'GET', '/api/v1/campaigns', { token: member })).body.items;
  const claim = campaigns.find((c) => c.kind === 'claim' && c.status === 'open');
  const entered = await request(server, 'POST', `/api/v1/campaigns/${claim.id}/entries`, { token: member, json: {}, headers: { 'idempotency-key': 'records-claim' } });
  assert.equal(entered.status, 201, entered.text);

  const own = (await request(server, 'GET', '/api/v1/me/points/transfers?limit=10', { token: member })).body.items;
  const spend = own.find((t) => t.kind === 'spend');
  assert.match(spend.reference, /^campaign_entry:\d+$/);
  assert.equal(spend.memo, claim.title, 'a spend carries the title of the campaign it paid for');
  assert.equal(spend.reverses, null);
  const grant = own.find((t) => t.kind === 'grant');
  assert.match(grant.reference, /^grant:\d+$/);
  assert.equal(grant.memo, '年度会员积分');
  assert.equal(grant.reverses, null);

  const reversed = await request(server, 'POST', `/api/v1/points/transfers/${spend.id}/reverse`, {
    token: admin, json: { memo: '误操作' }, headers: { 'idempotency-key': 'records-reverse' },
  });
  assert.equal(reversed.status, 201, reversed.text);
  assert.deepEqual(reversed.body.reverses, { kind: 'spend', reference: spend.reference, memo: claim.title });

  const ledger = (await request(server, 'GET', `/api/v1/members/${memberId}/points/transfers?limit=10`, { token: admin })).body.items;
  const reversal = ledger.find((t) => t.kind === 'reversal');
  assert.equal(reversal.memo, '误操作');
  assert.equal(reversal.reverses_id, spend.id);
  assert.deepEqual(reversal.reverses, { kind: 'spend', reference: spend.reference, memo: claim.title });
  assert.equal(ledger.find((t) => t.id === spend.id).reversed_by, reversal.id);
});
