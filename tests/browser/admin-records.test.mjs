// Records admins read at their desk: the audit log as sentences with names, and a member's
// points ledger saying what each line was for, never a code or a reference.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, signInByApi, testEnvironment, waitForText, withPage } from './browser.mjs';

const env = testEnvironment();

test('the audit log tells a publication and a grant as sentences with names', async () => {
  const admin = await apiAs(env.url, demo.platformAdmin);
  const district = (await admin.get('/orgs')).body.items.find((org) => org.name === '江北区总工会');
  const now = Date.now();
  const title = `瓜分幸福${now % 100000}`;
  const created = await admin.post('/campaigns', {
    kind: 'claim',
    title,
    opens_at: new Date(now).toISOString(),
    closes_at: new Date(now + 86400000).toISOString(),
    prizes: [{ tier: 1, name: '西瓜一个', quantity: 5, value_fen: 2500 }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const published = await admin.post(`/campaigns/${created.body.id}/publish`, {});
  assert.equal(published.status, 200, JSON.stringify(published.body));
  const grant = await admin.post('/points/grants', { org_id: district.id, amount: 50, reason: '夏季慰问' }, `records-${now}`);
  assert.ok([201, 202].includes(grant.status), JSON.stringify(grant.body));

  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/audit`);
    const sentences = page.locator('[data-testid=audit-sentence]');
    await waitForText(sentences.first(), '平台管理员 向江北区总工会发放积分 50 分（夏季慰问）');
    const all = (await sentences.allTextContents()).map((text) => text.trim());
    assert.ok(all.includes(`平台管理员 将活动『${title}』从草稿发布`), all.slice(0, 5).join('\n'));
    assert.ok(all.includes(`平台管理员 创建限量领取活动『${title}』`), all.slice(0, 5).join('\n'));
    // No action code, target type or id on the page's rows.
    const table = await page.locator('[data-testid=audit-table] .el-table__body').textContent();
    assert.doesNotMatch(table, /points\.grant|campaign\.publish|points_grant/);
    assert.ok(!table.includes(created.body.id), 'no campaign id');
  });
});

test("a member's ledger says which campaign a spend paid for and why points came in", async () => {
  const member = await apiAs(env.url, '13900000005'); // 城南区, holding the demo's 200 points
  const memberId = (await member.get('/me')).body.member.id;
  const claim = (await member.get('/campaigns')).body.items.find((c) => c.kind === 'claim' && c.status === 'open' && c.points_cost > 0);
  assert.ok(claim, 'an open claim that costs points');
  const entry = await member.post(`/campaigns/${claim.id}/entries`, {}, `ledger-claim-${Date.now()}`);
  assert.equal(entry.status, 201, JSON.stringify(entry.body));

  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/members/${memberId}`);
    const lines = page.locator('[data-testid=transfer-table] [data-testid=transfer-line]');
    await waitForText(lines.first(), `参加活动『${claim.title}』`);
    const all = (await lines.allTextContents()).map((text) => text.trim());
    assert.ok(all.includes('积分发放：年度会员积分'), all.join('\n'));
    const table = await page.locator('[data-testid=transfer-table]').textContent();
    assert.doesNotMatch(table, /campaign_entry:|grant:\d/);
  });
});
